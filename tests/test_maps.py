"""Unit tests for maps/: payload, escaping, layers, offline bundle, static export."""

from __future__ import annotations

import json
import re

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from common import EXAMPLES, RAW

import maps
from gazetteer.exc import InputError
from maps.records import build_payload, detect_columns, safe_json

HOSTILE_IMG = "<img src=x onerror=alert(1)>"
HOSTILE_SCRIPT = "</script><script>alert(1)</script>"

# Hand-placed stand-in for the geocoder's output on events_mixed.csv: plausible coordinates per
# location text (lat, lon, name, name_ar, precision, adm1 pcode, adm1 name). Rows not listed stay
# unresolved. The hostile row is given a point on purpose, so its text reaches a popup.
_PLACES = {
    "kafranbel": (35.614, 36.561, "Kafr Nabl", "كفرنبل", 1, "SY07", "Idleb"),
    "khan sheikhoun": (35.441, 36.651, "Khan Shaykhun", "خان شيخون", 1, "SY07", "Idleb"),
    "maarat al-nu'man": (35.643, 36.675, "Ma'arrat an Nu'man", "معرة النعمان", 1, "SY07", "Idleb"),
    "jisr ash-shughur": (35.811, 36.318, "Jisr ash Shughur", "جسر الشغور", 1, "SY07", "Idleb"),
    "saraqeb": (35.862, 36.805, "Saraqib", "سراقب", 1, "SY07", "Idleb"),
    "tell rifaat": (36.473, 37.097, "Tall Rif'at", "تل رفعت", 1, "SY02", "Aleppo"),
    "kafr hamra": (36.268, 37.080, "Kafr Hamra", "كفر حمرة", 1, "SY02", "Aleppo"),
    "khan al-asal": (36.167, 37.030, "Khan al Asal", "خان العسل", 1, "SY02", "Aleppo"),
    "dahiyat al-assad": (36.180, 37.100, "Dahiyat al-Assad", "ضاحية الأسد", 2, "SY02", "Aleppo"),
    "al-rashideen": (36.170, 37.070, "Al-Rashideen", "الراشدين", 2, "SY02", "Aleppo"),
    "kabani": (35.795, 36.236, "Kabani", "كباني", 1, "SY06", "Lattakia"),
    "jabal al-turkman": (35.790, 35.960, "Jabal al-Turkman", "جبل التركمان", 3, "SY06", "Lattakia"),
    "latamneh": (35.320, 36.620, "Al Lataminah", "اللطامنة", 1, "SY05", "Hama"),
    "kafr zeita": (35.375, 36.603, "Kafr Zayta", "كفرزيتا", 1, "SY05", "Hama"),
    "morek": (35.363, 36.690, "Murak", "مورك", 1, "SY05", "Hama"),
    "qalaat al-madiq": (35.410, 36.390, "Qal'at al Madiq", "قلعة المضيق", 1, "SY05", "Hama"),
    "suqaylabiyah": (35.370, 36.390, "As Suqaylabiyah", "السقيلبية", 1, "SY05", "Hama"),
    "mhardeh": (35.250, 36.570, "Muhradah", "محردة", 1, "SY05", "Hama"),
    "west aleppo countryside": (
        36.150,
        36.850,
        "Western Aleppo countryside",
        "ريف حلب الغربي",
        3,
        "SY02",
        "Aleppo",
    ),
    "northern hama countryside": (
        35.400,
        36.650,
        "Northern Hama countryside",
        "ريف حماة الشمالي",
        3,
        "SY05",
        "Hama",
    ),
    "harem": (36.208, 36.519, "Harim", "حارم", 1, "SY07", "Idleb"),
    "aleppo": (36.202, 37.158, "Aleppo", "حلب", 1, "SY02", "Aleppo"),
    "hama": (35.131, 36.757, "Hama", "حماة", 1, "SY05", "Hama"),
    "idlib city": (35.931, 36.633, "Idlib", "إدلب", 1, "SY07", "Idleb"),
    "latakia": (35.517, 35.783, "Latakia", "اللاذقية", 1, "SY06", "Lattakia"),
    "kafr nabudah": (35.427, 36.497, "Kafr Nabudah", "كفرنبودة", 1, "SY05", "Hama"),
    "<script>": (35.900, 36.600, HOSTILE_SCRIPT, HOSTILE_IMG, 1, "SY07", "Idleb"),
}
_ALIASES = {
    "kafr nabl": "kafranbel",
    "kfar nobol": "kafranbel",
    "كفرنبل": "kafranbel",
    "khan shaykhun": "khan sheikhoun",
    "khan sheikhun": "khan sheikhoun",
    "خان شيخون": "khan sheikhoun",
    "ma'arrat an nu'man": "maarat al-nu'man",
    "jisr al-shoghour": "jisr ash-shughur",
    "sarakib": "saraqeb",
    "tal rif'at": "tell rifaat",
    "khan al assal": "khan al-asal",
    "kabana": "kabani",
    "jebel turkmen": "jabal al-turkman",
    "al-lataminah": "latamneh",
    "qalat al mudiq": "qalaat al-madiq",
    "skeilbiyeh": "suqaylabiyah",
    "ريف حلب الغربي": "west aleppo countryside",
    "haram": "harem",
    "halab": "aleppo",
    "al-ladhiqiyah": "latakia",
}


def _key(text: object) -> str:
    key = str(text or "").strip().lower()
    if key.startswith("<script>"):
        key = "<script>"
    key = key.split(",")[0].strip()
    return _ALIASES.get(key, key)


def _lookup(text: object) -> tuple | None:
    return _PLACES.get(_key(text))


def example_gdf() -> gpd.GeoDataFrame:
    """events_mixed.csv with geo_* columns as the table geocoder would add them."""
    df = pd.read_csv(EXAMPLES / "tables" / "events_mixed.csv", dtype={"fatalities": "Int64"})
    hits = [_lookup(t) for t in df["location"]]
    get = lambda k: [h[k] if h else None for h in hits]  # noqa: E731
    out = df.assign(
        geo_lat=[h[0] if h else np.nan for h in hits],
        geo_lon=[h[1] if h else np.nan for h in hits],
        geo_status=["resolved" if h else "no_match" for h in hits],
        geo_method=["exact" if h else "" for h in hits],
        geo_confidence=[0.93 if h else 0.0 for h in hits],
        geo_precision=get(4),
        geo_where_prec=get(4),
        geo_name=get(2),
        geo_name_ar=get(3),
        geo_matched_name=[_key(t) if h else "" for t, h in zip(df["location"], hits, strict=True)],
        geo_place_id=[f"P{i}" if h else "" for i, h in enumerate(hits)],
        geo_adm1_pcode=get(5),
        geo_adm1_name=get(6),
        geo_adm2_pcode=None,
        geo_adm2_name=None,
        geo_adm3_pcode=None,
        geo_adm3_name=None,
        geo_alternatives="[]",
    )
    out.loc[out["event_id"] == "E050", "source"] = HOSTILE_IMG
    return gpd.GeoDataFrame(out, geometry=gpd.points_from_xy(out["geo_lon"], out["geo_lat"]), crs="EPSG:4326")


def governorates() -> gpd.GeoDataFrame:
    """OCHA governorates from the shared raw data, in the gazetteer's admin_areas shape."""
    g = gpd.read_file(RAW / "ocha_syr_admin1" / "syr_admin1_ocha.geojson")
    return gpd.GeoDataFrame(
        {"pcode": g["PCODE"], "level": 1, "name": g["NAME_EN"], "name_ar": g["NAME_AR"]},
        geometry=g.geometry,
        crs=g.crs,
    )


def regions_fixture() -> gpd.GeoDataFrame:
    """Two region shapes of the kind geo.regions.region_shapes() returns."""
    from shapely.geometry import box

    return gpd.GeoDataFrame(
        {
            "place_id": ["P21", "R2"],
            "kind": ["region", "front"],
            "name": ["Jabal al-Turkman", "Kabani axis"],
            "name_ar": ["جبل التركمان", "محور كباني"],
        },
        geometry=[box(35.85, 35.70, 36.10, 35.90), box(36.18, 35.76, 36.30, 35.83).boundary],
        crs="EPSG:4326",
    )


def _payload_of(html: str) -> dict:
    m = re.search(r'<script type="application/json" id="[^"]+">(.*?)</script>', html, re.S)
    assert m, "payload script element missing"
    return json.loads(m.group(1))


def test_detects_columns_by_usual_names():
    cols = detect_columns(pd.DataFrame(columns=["التاريخ", "النوع", "القتلى", "location", "notes"]))
    assert (cols.date, cols.event_type, cols.casualties, cols.text, cols.notes) == (
        "التاريخ",
        "النوع",
        "القتلى",
        "location",
        "notes",
    )
    with pytest.raises(InputError, match="no column 'nope'"):
        detect_columns(pd.DataFrame(columns=["a"]), color_by="nope")


def test_payload_skips_rows_without_coordinates_and_counts_them():
    gdf = example_gdf()
    payload = build_payload(gdf, detect_columns(gdf), title="t")
    expected_missing = int(gdf["geo_lat"].isna().sum())
    assert expected_missing == 3  # empty, "unknown" and Mosul (outside Syria)
    assert payload["skipped"] == expected_missing
    assert payload["n"] == len(gdf) - expected_missing == len(payload["lat"])
    names = [t["name"] for t in payload["types"]]
    # "Shelling", "قصف" -> one entry; "Air strike", "غارة جوية" -> one; ACLED's order, Battles first
    assert names == ["Armed clash", "Air/drone strike", "Shelling/artillery/missile attack",
                     "Remote explosive/landmine/IED", "Attack"]
    assert len({t["color"] for t in payload["types"]}) == len(names)
    # dates become day numbers: 2019-05-12 is day 18028 since 1970-01-01
    assert payload["fields"]["date"][0] == 18028


def test_safe_json_cannot_close_the_script_element():
    text = safe_json({"a": HOSTILE_SCRIPT, "b": "x\u2028y & z"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"a": HOSTILE_SCRIPT, "b": "x\u2028y & z"}


def test_hostile_text_never_appears_raw_in_the_page():
    html = maps.incident_map(example_gdf(), title=HOSTILE_SCRIPT + HOSTILE_IMG).get_root().render()
    assert HOSTILE_SCRIPT not in html and HOSTILE_IMG not in html
    assert "<img src=x" not in html and "<script>alert" not in html  # only escaped copies are left
    payload = _payload_of(html)
    assert payload["title"] == HOSTILE_SCRIPT + HOSTILE_IMG
    assert HOSTILE_SCRIPT in payload["fields"]["name"]["values"]


def test_online_map_links_pinned_libraries_and_two_basemaps():
    html = maps.incident_map(example_gdf(), inline=False).get_root().render()
    assert "leaflet@1.9.4/dist/leaflet.js" in html and "leaflet.markercluster@1.5.3" in html
    payload = _payload_of(html)
    assert len(payload["tiles"]) == 2 and all(t["attribution"] for t in payload["tiles"])
    assert "jquery" not in html.lower()  # folium's unused defaults are dropped


def test_offline_map_is_self_contained():
    m = maps.incident_map(example_gdf(), offline=True, boundaries=governorates(), regions=regions_fixture())
    html = m.get_root().render()
    markup = re.sub(r"<(script|style)\b[^>]*>.*?</\1>", "", html, flags=re.S)  # tags outside code
    assert "<script" not in markup and not re.search(r"""(src|href)\s*=""", markup)
    assert not re.search(r"<script[^>]*\ssrc=|<link\b", html)
    assert not re.search(r"url\((['\"]?)(https?:|//|images/|assets/|\.\./)", html)
    payload = _payload_of(html)
    assert payload["tiles"] == [] and payload["basemap"]["outline"]["features"]
    assert len(payload["layers"]["adm1"]["features"]) == 14
    assert payload["layers"]["regions"]["features"][0]["properties"]["area_km2"] > 100
    assert payload["basemap"]["labels"]  # labels from the mapped places


def test_offline_without_assets_says_what_to_run(tmp_path):
    with pytest.raises(maps.MissingAssetsError, match="syrmap assets fetch"):
        maps.incident_map(example_gdf(), offline=True, asset_dir=tmp_path / "empty")


def test_boundaries_are_simplified_and_small():
    size = len(json.dumps(maps.layers.boundaries_geojson(governorates())[1]))
    assert size < 400_000


def test_save_map_is_atomic_and_complete(tmp_path):
    target = maps.save_map(maps.incident_map(example_gdf()), tmp_path / "m.html")
    text = target.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and text.rstrip().endswith("</html>")
    assert [p.name for p in tmp_path.iterdir()] == ["m.html"]


def test_map_from_geometry_only():
    gdf = gpd.GeoDataFrame({"type": ["a", "b"]}, geometry=gpd.points_from_xy([36.2, 37.1], [35.1, 36.2]))
    payload = _payload_of(maps.incident_map(gdf).get_root().render())
    assert payload["n"] == 2 and payload["lat"] == [35.1, 36.2]
    with pytest.raises(InputError, match="no coordinates"):
        maps.incident_map(pd.DataFrame({"a": [1]}))


@pytest.mark.parametrize("suffix", [".png", ".svg"])
def test_static_map_writes_an_image(tmp_path, suffix):
    out = maps.static_map(example_gdf(), tmp_path / f"m{suffix}", boundaries=governorates(), title="Events")
    data = out.read_bytes()
    assert data.startswith(b"\x89PNG") if suffix == ".png" else b"<svg" in data[:2000]
    assert len(data) > 10_000
    with pytest.raises(InputError):
        maps.static_map(example_gdf(), tmp_path / "m.jpg2")


def test_cli_map_writes_html_and_png_and_refuses_overwrite(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from syrmap.cli import app

    table = tmp_path / "geocoded.csv"
    example_gdf().drop(columns="geometry").to_csv(table, index=False)
    out, png = tmp_path / "m.html", tmp_path / "m.png"
    result = CliRunner().invoke(app, ["map", str(table), "-o", str(out), "--png", str(png), "--title", "T"])
    assert result.exit_code == 0, result.output
    assert "47 incidents mapped, 3 without coordinates" in result.output
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>") and png.stat().st_size > 10_000
    again = CliRunner().invoke(app, ["map", str(table), "-o", str(out)])
    assert again.exit_code == 2 and "use --force" in again.output
    monkeypatch.setenv("SYRMAP_ASSETS", str(tmp_path / "no-assets"))
    offline = CliRunner().invoke(app, ["map", str(table), "-o", str(tmp_path / "o.html"), "--offline", "-q"])
    assert offline.exit_code == 2 and "run `syrmap assets fetch`" in offline.output
    assert "Traceback" not in offline.output and not (tmp_path / "o.html").exists()


def test_static_labels_shape_arabic_for_matplotlib():
    from maps.static import _shaped

    assert _shaped("Shelling") == "Shelling"
    shaped = _shaped("غارة جوية")
    # Joined presentation forms in visual (left-to-right) order: the last word's final ya-marbuta first.
    assert shaped != "غارة جوية" and all("\ufe70" <= ch <= "\ufeff" or ch == " " for ch in shaped)
    assert shaped.startswith("\ufe94")  # final teh marbuta of جوية
