"""The field registry is the one list of result fields: Match, frames, geo_* columns and the map agree."""

from __future__ import annotations

import dataclasses
import math

import pandas as pd

import gazetteer
from gazetteer.fields import FIELD_NAMES, FIELDS, TABLE_FIELDS, flatten, match_frame, popup_spec
from gazetteer.types import Alternative, Match
from geo.fields import GEO_COLUMNS, match_columns
from maps.records import GEO_FIELDS as MAP_FIELDS


def _match() -> Match:
    alt = Alternative("p2", "Kafr Nobol", "كفر نبل", "subdistrict", 35.57, 36.50, 96.5, "Idleb")
    return Match(query="Kfar Nobol", status="resolved", normalized="kfar nobol", lat=35.61, lon=36.56,
                 method="variant", confidence=0.91, precision=1, where_prec=1, name="Kafr Nabl",
                 name_ar="كفر نبل", place_id="p1", kind="town", adm1_pcode="SY07", adm1_name="Idleb",
                 matched_name="Kafr Nabl", alternatives=(alt,))


def test_registry_lists_every_match_field_once():
    attrs = [f.name for f in dataclasses.fields(Match) if f.name != "geometry"]
    assert sorted(FIELD_NAMES) == sorted(attrs) and len(set(FIELD_NAMES)) == len(FIELDS)
    assert all(f.label and f.label_ar and f.description for f in FIELDS)
    assert set(Match(query="x", status="empty").to_dict()) == set(FIELD_NAMES)


def test_one_flattener_gives_frames_columns_and_plain_values():
    m, empty = _match(), Match(query="", status="empty")
    flat = flatten([m, empty])
    assert flat["matched_name"] == ["Kafr Nabl", ""] and flat["alternatives"][1] == "[]"
    frame = match_frame([m, empty])
    assert list(frame.columns) == list(FIELD_NAMES)
    assert str(frame["precision"].dtype) == "Int64" and frame["precision"].isna().tolist() == [False, True]
    assert frame["lat"].dtype == "float64" and math.isnan(frame.at[1, "lat"])
    geo = match_columns([m, empty])
    assert tuple(geo.columns) == GEO_COLUMNS == tuple(f"geo_{f.name}" for f in TABLE_FIELDS)
    assert geo.at[0, "geo_matched_name"] == "Kafr Nabl" and geo.at[1, "geo_reason"] == ""


def test_map_payload_keys_and_popup_rows_come_from_the_registry():
    spec = popup_spec()
    # The payload sends the registry's keys plus the geocoder's audit column (km to the table's own point).
    assert set(MAP_FIELDS) == set(spec["keys"]) | {"dist"} and MAP_FIELDS["matched"] == "geo_matched_name"
    assert MAP_FIELDS["dist"] == "geo_distance_km" and "geo_distance_km" not in GEO_COLUMNS
    assert all(MAP_FIELDS[k] in GEO_COLUMNS for k in spec["keys"])  # every registry key the page reads is produced
    labels = [r["label"] for r in spec["rows"]]
    assert labels[:2] == ["Matched name", "Status"] and all(k in spec["keys"] for r in spec["rows"] for k in r["keys"])


def test_resolve_many_and_match_many_agree(gz):
    names = pd.Series(["Kafranbel", "كفرنبل", "", "Kafranbel"], index=[10, 11, 12, 13])
    matches = gazetteer.match_many(names, gazetteer=gz)
    assert [m.query for m in matches] == list(names) and matches[0] is matches[3]
    frame = gazetteer.resolve_many(names, gazetteer=gz)
    assert list(frame.index) == [10, 11, 12, 13] and list(frame.columns) == list(FIELD_NAMES)
    assert frame["matched_name"].iloc[0] == matches[0].matched_name != ""


def test_geocoded_tables_carry_the_matched_name(gz):
    import geo

    out = geo.geocode_table(pd.DataFrame({"location": ["Kfar Nobol", "unknown"], "governorate": ["Idlib", "Idlib"]}),
                            geometry=False)
    assert out.at[0, "geo_matched_name"] and out.at[0, "geo_kind"] in ("town", "city", "village")
    # The admin fallback is the unit's point, not a matched spelling of the row's place.
    assert out.at[1, "geo_method"] == "admin_unit" and out.at[1, "geo_matched_name"] == ""
    assert out.at[1, "geo_status"] == "empty" and out.at[1, "geo_where_prec"] == 4
