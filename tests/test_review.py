"""The review loop: geocode -> review sheet -> a person's choices -> aliases -> geocode again with method alias."""

import shutil
import subprocess
import sys

import openpyxl
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gazetteer.exc import InputError
from geo.review import REVIEW_COLUMNS, apply_review, review_rows

SYRMAP = shutil.which("syrmap") or f"{sys.executable} -m syrmap"


def run(*args: str, ok: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run([*SYRMAP.split(), *args], capture_output=True, text=True, timeout=300)
    if ok:
        assert result.returncode == 0, result.stderr
    return result


EVENTS = pd.DataFrame({
    "event_id": ["e1", "e2", "e3", "e4", "e5", "e6"],
    "location": ["Haram", "Haram", "Mazraat Abu Jabbar", "Kafr Nabl", "Khan Shaykhun", ""],
    "governorate": ["Idlib", "Idlib", "Aleppo", "Idlib", "Idlib", "Idlib"],
    "latitude": ["36.2118", "36.2118", "36.20", "35.6140", "34.90", ""],
    "longitude": ["36.5208", "36.5208", "37.90", "36.5640", "36.90", ""],
})


@pytest.mark.usefixtures("gz")
def test_review_loop_end_to_end(tmp_path):
    src, geocoded = tmp_path / "events.csv", tmp_path / "geocoded.csv"
    EVENTS.to_csv(src, index=False)
    run("geocode", str(src), "-o", str(geocoded), "-q")
    sheet = tmp_path / "review.xlsx"
    result = run("review", str(geocoded), "-o", str(sheet))
    assert "places to review" in result.stdout

    book = openpyxl.load_workbook(sheet)
    ws = book.active
    header = [c.value for c in ws[1]]
    assert header == list(REVIEW_COLUMNS)
    rows = {ws.cell(r, 1).value: r for r in range(2, ws.max_row + 1)}
    # Haram is ambiguous (both rows in one review line), the farm is not in any source, and Khan Shaykhun
    # lies 60 km from the coordinates the table itself gives; Kafr Nabl is fine and is not listed.
    assert set(rows) == {"Haram", "Mazraat Abu Jabbar", "Khan Shaykhun"}
    col = {name: i + 1 for i, name in enumerate(header)}
    assert ws.cell(rows["Haram"], col["rows"]).value in (2, "2")
    assert "km from the input" in ws.cell(rows["Khan Shaykhun"], col["reason"]).value
    assert "ocha:C4115" in "".join(str(ws.cell(rows["Haram"], col[f"option_{i}"]).value) for i in range(1, 4))
    # A person picks the first option for Haram and types the farm's coordinates; Khan Shaykhun stays open.
    ws.cell(rows["Haram"], col["pick"]).value = 1
    ws.cell(rows["Mazraat Abu Jabbar"], col["lat"]).value = 36.2
    ws.cell(rows["Mazraat Abu Jabbar"], col["lon"]).value = 37.9
    book.save(sheet)

    aliases = tmp_path / "aliases.csv"
    result = run("review", "apply", str(sheet), "-o", str(aliases))
    assert "2 aliases" in result.stdout and "1 rows left unanswered" in result.stdout
    again = tmp_path / "again.csv"
    run("--aliases", str(aliases), "geocode", str(src), "-o", str(again), "-q")
    out = pd.read_csv(again, dtype=str, keep_default_na=False).set_index("event_id")
    assert list(out.loc[["e1", "e2", "e3"], "geo_method"]) == ["alias"] * 3
    assert out.loc["e1", "geo_place_id"] == out.loc["e2", "geo_place_id"] == ws.cell(rows["Haram"], col["option_1"]) \
        .value.rpartition(" [")[2].rstrip("]")
    assert (float(out.loc["e3", "geo_lat"]), float(out.loc["e3", "geo_lon"])) == (36.2, 37.9)
    assert out.loc["e4", "geo_method"] != "alias" and out.loc["e5", "geo_method"] != "alias"
    # The input's own columns come back unchanged.
    pd.testing.assert_frame_equal(out.reset_index()[list(EVENTS.columns)], EVENTS.fillna(""))


def test_apply_reports_bad_answers_per_row():
    sheet = pd.DataFrame({
        "name": ["A", "B", "C", "D"], "admin1": ["", "", "", ""], "option_1": ["x (y) 1.0, 2.0 [gn:1]", "", "", ""],
        "pick": ["1", "3", "", ""], "lat": ["", "", "abc", ""], "lon": ["", "", "1", ""],
        "place_id": ["", "", "", ""], "note": ["", "", "", ""]})
    applied = apply_review(sheet)
    assert list(applied.aliases["place_id"]) == ["gn:1"] and applied.unanswered == 1
    assert [line for line, _ in applied.problems] == [3, 4]
    typed = sheet.assign(pick="", lat="", lon="", place_id=["gn:1", "nope", "", ""])
    applied = apply_review(typed, known_ids={"gn:1"})
    assert list(applied.aliases["place_id"]) == ["gn:1"]
    assert applied.problems == [(3, "place_id 'nope' is not in the gazetteer")]


def test_not_a_geocoded_table_is_a_clear_error():
    with pytest.raises(InputError, match="not a geocoded table"):
        review_rows(pd.DataFrame({"location": ["x"]}))
    with pytest.raises(InputError, match="not a review sheet"):
        apply_review(pd.DataFrame({"x": [1]}))


_cell = st.one_of(st.none(), st.text(max_size=6), st.floats(allow_nan=True).map(str), st.integers(-3, 9).map(str))


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.text(min_size=1, max_size=6), _cell, _cell, _cell, _cell), max_size=8))
def test_apply_never_crashes_and_only_writes_valid_aliases(rows):
    sheet = pd.DataFrame(rows, columns=["name", "pick", "lat", "lon", "place_id"]).assign(
        option_1="P (village, Idleb) 35.00000, 36.00000 [gn:7]")
    applied = apply_review(sheet)
    assert len(applied.aliases) + len(applied.problems) + applied.unanswered == len(sheet)
    coords = applied.aliases[applied.aliases["place_id"] == ""]
    assert pd.to_numeric(coords["lat"]).between(-90, 90).all()
