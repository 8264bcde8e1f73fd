"""What `syrmap map` accepts: tables with their own coordinates, geocoded tables (any suffix), raw tables,
and the event-type vocabulary behind legends (tables, reports, ACLED, UCDP)."""

import json
import re

import pandas as pd
import pytest
from export_fixtures import acled_export, ucdp_export
from typer.testing import CliRunner

import geo
import maps
from gazetteer.exc import InputError
from geo.event_types import EVENT_TYPES, SUB_EVENT_TYPES, canonical_event_type
from maps.records import build_payload, detect_columns, event_classes, points
from syrmap.cli import app


def _payload(html: str) -> dict:
    m = re.search(r'<script type="application/json" id="[^"]+">(.*?)</script>', html, re.S)
    return json.loads(m.group(1))


@pytest.mark.parametrize("columns", [("latitude", "longitude"), ("lat", "lon"), ("Y", "X"), ("LAT", "Lng")])
def test_tables_with_their_own_coordinates(columns):
    df = pd.DataFrame({columns[0]: ["35.61", "", "95"], columns[1]: ["36.56", "36.5", "36.5"], "type": "Shelling"})
    lat, lon = points(df)
    assert lat[0] == pytest.approx(35.61) and lon[0] == pytest.approx(36.56)
    assert pd.isna(lat[1]) and pd.isna(lat[2])  # missing and impossible coordinates are not mapped


@pytest.mark.parametrize("geometry", ["POINT (36.56 35.61)", '{"type": "Point", "coordinates": [36.56, 35.61]}'])
def test_wkt_and_geojson_geometry_text(geometry):
    df = pd.DataFrame({"geom_wkt": [geometry, "not a shape", None]})
    lat, lon = points(df)
    assert (lat[0], lon[0]) == pytest.approx((35.61, 36.56)) and pd.isna(lat[1]) and pd.isna(lat[2])


def test_named_coordinate_columns_win_and_must_both_be_given():
    df = pd.DataFrame({"latitude": [1.0], "longitude": [2.0], "plat": [35.6], "plon": [36.5]})
    assert detect_columns(df, lat="plat", lon="plon").lat == "plat"
    with pytest.raises(InputError, match="both --lat and --lon"):
        detect_columns(df, lat="plat")
    with pytest.raises(InputError, match="not in the table"):
        detect_columns(df, lat="nope", lon="plon")


def test_a_table_without_coordinates_says_how_to_name_them():
    with pytest.raises(InputError, match="--lat/--lon"):
        points(pd.DataFrame({"a": [1]}))


def test_geocoded_acled_maps_with_our_suffixed_columns(gz):
    out = pd.DataFrame(geo.geocode_table(acled_export(12)).drop(columns="geometry"))
    cols = detect_columns(out)
    assert (cols.lat, cols.lon, cols.geo_suffix) == ("geo_lat_2", "geo_lon_2", "_2")
    payload = build_payload(out, cols)
    assert payload["fields"]["name"]["values"][0] == "Kafr Nabl"
    assert "dist" in payload["fields"]  # our point vs ACLED's, shown in popups
    assert (cols.date, cols.casualties, cols.notes, cols.actors) == ("event_date", "fatalities", "notes",
                                                                    ("actor1", "actor2"))


def test_ucdp_columns_are_detected():
    cols = detect_columns(ucdp_export(3))
    assert (cols.event_type, cols.date, cols.casualties, cols.text) == (
        "type_of_violence", "date_start", "best", "where_coordinates")
    assert cols.actors == ("side_a", "side_b")


def test_cli_maps_a_raw_table_by_geocoding_it_first(tmp_path, gz):
    src = tmp_path / "raw.csv"
    pd.DataFrame({"location": ["Kafranbel", "كفرنبل", "Saraqib"], "type": ["Shelling", "قصف", "air_strike"]}
                 ).to_csv(src, index=False)
    html = tmp_path / "m.html"
    result = CliRunner().invoke(app, ["map", str(src), "-o", str(html)])
    assert result.exit_code == 0, result.output
    assert "geocoding it first" in result.output and "3 incidents mapped" in result.output
    payload = _payload(html.read_text("utf-8"))
    assert [t["name"] for t in payload["types"]] == ["Air/drone strike", "Shelling/artillery/missile attack"]


def test_cli_maps_two_inputs_with_different_coordinates(tmp_path, gz):
    a, b = tmp_path / "acled.csv", tmp_path / "mine.csv"
    acled_export(6).to_csv(a, index=False)
    pd.DataFrame({"y": ["35.8"], "x": ["36.8"], "event_type": ["Arrests"]}).to_csv(b, index=False)
    html = tmp_path / "both.html"
    result = CliRunner().invoke(app, ["map", str(a), str(b), "-o", str(html), "-q"])
    assert result.exit_code == 0, result.output
    assert _payload(html.read_text("utf-8"))["n"] == 7


# ---------------------------------------------------------------- event-type vocabulary

@pytest.mark.parametrize(("label", "expected"), [
    ("Shelling", ("Explosions/Remote violence", "Shelling/artillery/missile attack")),
    ("shelling", ("Explosions/Remote violence", "Shelling/artillery/missile attack")),
    ("قصف", ("Explosions/Remote violence", "Shelling/artillery/missile attack")),
    ("air_strike", ("Explosions/Remote violence", "Air/drone strike")),
    ("Air strike", ("Explosions/Remote violence", "Air/drone strike")),
    ("غارة جوية", ("Explosions/Remote violence", "Air/drone strike")),
    ("  ATTACK ", ("Violence against civilians", "Attack")),
    ("Battles", ("Battles", "")),
    ("clashes", ("Battles", "Armed clash")),
])
def test_labels_map_to_canonical_acled_types(label, expected):
    assert canonical_event_type(label) == expected


def test_acled_names_are_all_there_and_map_to_themselves():
    assert EVENT_TYPES == ("Battles", "Explosions/Remote violence", "Violence against civilians", "Protests",
                           "Riots", "Strategic developments")
    assert len(SUB_EVENT_TYPES) == 25
    for etype, sub in SUB_EVENT_TYPES:
        assert canonical_event_type(sub) == (etype, sub)
        assert canonical_event_type(sub.lower().replace("/", " ")) == (etype, sub)


def test_ucdp_codes_only_in_their_column():
    assert canonical_event_type("3", column="type_of_violence") == ("Violence against civilians", "")
    assert canonical_event_type("3") is None


def test_legend_has_one_entry_per_canonical_type_with_distinct_colours():
    df = pd.DataFrame({"event_type": ["Shelling", "shelling", "قصف", "Air strike", "air_strike", "غارة جوية",
                                      "Attack", "attack", "Sniping", "sniping", None]})
    codes, entries = event_classes(df, detect_columns(df))
    names = [e["name"] for e in entries]
    assert names == ["Air/drone strike", "Shelling/artillery/missile attack", "Attack", "Sniping", "Unknown"]
    assert len({e["color"] for e in entries}) == len(entries)
    assert [names[c] for c in codes[:3]] == ["Shelling/artillery/missile attack"] * 3


def test_acled_sub_event_type_refines_the_event_type():
    df = acled_export(36)
    _, entries = event_classes(df, detect_columns(df))
    assert {(e["group"], e["name"]) for e in entries} == {
        ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
        ("Explosions/Remote violence", "Air/drone strike"), ("Battles", "Armed clash"),
        ("Violence against civilians", "Attack"), ("Protests", "Peaceful protest"),
        ("Strategic developments", "Looting/property destruction")}


def test_static_legend_draws_arabic_shaped(tmp_path, monkeypatch):
    import arabic_reshaper
    from bidi import get_display
    from matplotlib.figure import Figure

    seen = []
    real = Figure.savefig

    def spy(self, *args, **kwargs):
        seen.extend(t.get_text() for ax in self.axes if ax.get_legend() for t in ax.get_legend().get_texts())
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Figure, "savefig", spy)
    df = pd.DataFrame({"lat": [35.6, 35.7], "lon": [36.5, 36.6], "النوع": ["قنص", "قصف"]})
    maps.static_map(df, tmp_path / "m.png")
    assert get_display(arabic_reshaper.reshape("قنص")) in seen  # a label outside the vocabulary, shaped
    assert "Shelling/artillery/missile attack" in seen and "قنص" not in seen
