"""Landmark catalogue: rows read and validated, and landmarks resolved by name in both scripts."""

from __future__ import annotations

import math
from types import SimpleNamespace

import pytest

import gazetteer
from gazetteer import landmarks
from gazetteer.exc import SourceError
from gazetteer.landmarks import read_landmarks

HEADER = "name,name_ar,kind,lat,lon,adm1,variants\n"


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    dy = (lat2 - lat1) * 111.2
    dx = (lon2 - lon1) * 111.2 * math.cos(math.radians((lat1 + lat2) / 2))
    return math.hypot(dx, dy)


def _catalogue(monkeypatch, tmp_path, body: str) -> None:
    """Point read_landmarks at a landmarks.csv written under tmp_path."""
    (tmp_path / "data").mkdir(exist_ok=True)
    (tmp_path / "data" / "landmarks.csv").write_text(HEADER + body, encoding="utf-8")
    monkeypatch.setattr(landmarks, "resources", SimpleNamespace(files=lambda _package: tmp_path))


def test_shipped_catalogue_reads_with_names_in_both_scripts():
    rows = read_landmarks()
    assert len(rows) >= 25
    assert rows["source"].eq("catalogue").all()
    assert rows["name"].str.len().gt(0).all() and rows["name_ar"].str.len().gt(0).all()
    assert rows["adm1_pcode"].str.fullmatch(r"SY\d{2}").all()
    assert not rows.duplicated(["name"]).any()


def test_comments_and_variants_are_read(monkeypatch, tmp_path):
    _catalogue(monkeypatch, tmp_path, "# a comment line\nTest Base,قاعدة الاختبار,landmark,35.0,37.0,SY05,"
                                      "Test camp|معسكر الاختبار\n")
    rows = read_landmarks()
    assert list(rows["name"]) == ["Test Base"]
    assert set(rows.iloc[0]["alt_names"]) == {"Test camp", "معسكر الاختبار"}


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("Broken Base,قاعدة,landmark,north,37.0,SY05,\n", "no numeric lat/lon"),
        ("Swapped Base,قاعدة,landmark,37.0,33.5,SY05,\n", "lies outside Syria"),
        ("Short Base,قاعدة,landmark\n", "no numeric lat/lon"),
    ],
)
def test_malformed_row_is_a_source_error_naming_it(monkeypatch, tmp_path, row, message):
    _catalogue(monkeypatch, tmp_path, row)
    with pytest.raises(SourceError, match=message) as info:
        read_landmarks()
    assert "row 2" in str(info.value) and "\n" not in str(info.value)


# query -> (lat, lon) of the landmark from general knowledge; each must come back as the landmark.
QUERIES = {
    "Sednaya prison": (33.665, 36.329), "سجن صيدنايا": (33.665, 36.329),
    "Bab al-Hawa crossing": (36.231, 36.693),
    "Bab al-Salameh crossing": (36.634, 37.086), "معبر باب السلامة": (36.634, 37.086),
    "Tiyas Military Airbase": (34.523, 37.630), "مطار التيفور": (34.523, 37.630),
    "Kuweires Airbase": (36.187, 37.583), "مطار كويرس": (36.187, 37.583),
    "al-Tanf base": (33.506, 38.618),
}


@pytest.mark.parametrize("text", sorted(QUERIES))
def test_landmarks_resolve_by_name(text):
    match = gazetteer.resolve(text)
    assert match.status == "resolved", (text, match.status, match.reason)
    # A landmark that a reference source also lists (OCHA's "Bab al-Hawa" community is the crossing) is
    # merged into that record: it keeps the other kind but carries the catalogue among its sources.
    places = gazetteer.load().places
    sources = places.loc[places["place_id"] == match.place_id, "sources"].iloc[0]
    assert match.kind == "landmark" or "catalogue" in sources.split("|"), (text, match.kind, sources)
    assert _km(match.lat, match.lon, *QUERIES[text]) < 1.0
