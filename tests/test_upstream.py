"""Upstream formats `syrmap data fetch` downloads: the full GeoNames dump and OpenStreetMap via Overpass.

Nothing upstream is reachable here, so each test writes a small file in the real upstream format.
"""

import io
import json
import shutil
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from common import RAW

from gazetteer.exc import SourceError
from gazetteer.sources import SOURCES

# GeoNames dump rows (19 tab-separated columns, no header), in the upstream layout of SY.txt; ids 99… are
# made up so that they do not merge, by GeoNames id, with real places other sources carry.
_GEONAMES_ROWS = [
    ("169388", "Tall Rifat", "Tall Rifat", "Tell Rifaat,تل رفعت", "36.46973", "37.09727", "P", "PPL", "SY", "",
     "09", "", "", "", "20514", "", "450", "Asia/Damascus", "2012-01-18"),
    ("99000500", "Tall al Ḩamrā’", "Tall al Hamra'", "Tell el Hamra,تل الحمراء", "35.9", "37.2", "T", "HLL", "SY", "",
     "09", "", "", "", "0", "", "380", "Asia/Damascus", "2012-01-18"),
    ("99000501", "Wādī al ‘Aqīq", "Wadi al `Aqiq", "", "35.1", "38.0", "H", "WAD", "SY", "", "04", "", "", "",
     "0", "", "300", "Asia/Damascus", "2012-01-18"),
    ("99000502", "Mazra‘at al Khayr", "Mazra`at al Khayr", "مزرعة الخير", "35.2", "38.1", "S", "FRM", "SY", "",
     "04", "", "", "", "0", "", "300", "Asia/Damascus", "2012-01-18"),
    ("99000503", "Funduq ash Sham", "Funduq ash Sham", "", "33.5", "36.3", "S", "HTL", "SY", "", "13", "", "", "",
     "0", "", "700", "Asia/Damascus", "2012-01-18"),
    ("99000504", "Muḩāfaẓat Ḩalab", "Muhafazat Halab", "", "36.2", "37.5", "A", "ADM1", "SY", "", "09", "", "", "",
     "0", "", "400", "Asia/Damascus", "2012-01-18"),
    ("300000", "Kilis", "Kilis", "", "36.7", "37.1", "P", "PPLA", "TR", "", "79", "", "", "", "90000", "", "680",
     "Europe/Istanbul", "2012-01-18"),
]


def _write_dump(folder: Path) -> None:
    folder.mkdir(parents=True)
    (folder / "SY.txt").write_text("".join("\t".join(r) + "\n" for r in _GEONAMES_ROWS), encoding="utf-8")


def test_full_geonames_dump_keeps_named_features_with_their_kinds(tmp_path: Path):
    _write_dump(tmp_path / "geonames_SY")
    places = SOURCES["geonames_SY"].read(tmp_path / "geonames_SY").places.set_index("source_id")
    # Hotels, admin units and other countries' rows stay out; hills, wadis and farms come in as themselves.
    assert sorted(places.index) == ["169388", "99000500", "99000501", "99000502"]
    assert places.loc["169388", "kind"] == "town" and places.loc["169388", "name_ar"] == "تل رفعت"
    assert places.loc["99000500", "kind"] == "hill" and "Tell el Hamra" in places.loc["99000500", "alt_names"]
    assert places.loc["99000501", "kind"] == "wadi" and places.loc["99000502", "kind"] == "farm"
    assert places.loc["99000500", "adm1_pcode"] == "SY02"


def _overpass_answer() -> dict:
    return {"version": 0.6, "generator": "Overpass API", "elements": [
        {"type": "node", "id": 101, "lat": 36.2, "lon": 37.9,
         "tags": {"place": "hamlet", "name": "مزرعة أبو جبار", "name:en": "Mazraat Abu Jabbar"}},
        {"type": "way", "id": 202, "center": {"lat": 35.95, "lon": 38.9},
         "tags": {"man_made": "pumping_station", "name": "محطة ضخ الخفسة", "name:en": "Khafsa pumping station"}},
        {"type": "node", "id": 303, "lat": 36.1, "lon": 37.6, "tags": {"natural": "peak", "name": "جبل عزان"}},
    ]}


class _Response(io.BytesIO):
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def test_fetch_sends_the_overpass_query_and_saves_its_json(tmp_path: Path, monkeypatch):
    from gazetteer.fetch import fetch

    asked = []

    def fake_urlopen(url, timeout):
        asked.append(url)
        return _Response(json.dumps(_overpass_answer()).encode())

    monkeypatch.setattr(urllib.request, "urlopen", fake_urlopen)
    written = fetch(tmp_path, only=["osm_SY"])
    assert [p.relative_to(tmp_path).as_posix() for p in written] == ["osm_SY/syria_overpass.json"]
    query = urllib.parse.unquote(asked[0].split("data=", 1)[1])
    assert asked[0].startswith("https://overpass-api.de/api/interpreter?data=")
    assert "[out:json]" in query and 'area["ISO3166-1"="SY"]' in query and "out center tags;" in query
    assert "//" not in query  # comments stay in the data file
    places = SOURCES["osm_SY"].read(tmp_path / "osm_SY").places.set_index("source_id")
    assert places.loc["node/101", "kind"] == "village"
    assert places.loc["way/202", "kind"] == "station" and places.loc["node/303", "kind"] == "hill"


def test_a_busy_overpass_answer_is_a_clear_error(tmp_path: Path, monkeypatch):
    from gazetteer.fetch import fetch

    monkeypatch.setattr(urllib.request, "urlopen", lambda url, timeout: _Response(b"<html>rate limited</html>"))
    with pytest.raises(SourceError, match="cannot|Overpass"):
        fetch(tmp_path, only=["osm_SY"])
    assert not (tmp_path / "osm_SY" / "syria_overpass.json").exists()


def test_build_imports_fetched_folders_when_present(tmp_path: Path):
    """`syrmap data build` picks up geonames_SY and osm_SY beside the shared sources."""
    import gazetteer

    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    _write_dump(raw / "geonames_SY")
    (raw / "osm_SY").mkdir()
    (raw / "osm_SY" / "syria_overpass.json").write_text(json.dumps(_overpass_answer()), encoding="utf-8")
    report = gazetteer.build(raw, tmp_path / "cache")
    assert report.records_per_folder["geonames_SY"] == 4 and report.records_per_folder["osm_SY"] == 3
    gz = gazetteer.load(tmp_path / "cache", raw)
    m = gazetteer.resolve("Khafsa pumping station", gazetteer=gz)
    assert m.status == "resolved" and m.kind == "station" and abs(m.lat - 35.95) < 0.01
    assert gazetteer.resolve("Wadi al Aqiq", gazetteer=gz).kind == "wadi"
