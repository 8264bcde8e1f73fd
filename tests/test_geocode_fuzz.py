"""Hypothesis: random tables with hostile strings, empty cells, ragged rows and mixed encodings.

Whatever comes in, no row is lost, nothing crashes, and every failure is a one-line InputError.
"""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest
from geocode_fakes import install
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import geo
from gazetteer.exc import InputError

HOSTILE = ["<script>alert(1)</script>", '"', '""', ",", ";", "\t", "|", "\n", "\r\n", "=cmd|' /C calc'!A0",
           "+1", "-", "@SUM(1)", "unknown", "غير معروف", "\u202eevil", "\ufeff", "NA", "null", "007", " ", "",
           "Kafr Nabl, Idlib", "كفرنبل", "\x00", "💥", "'; DROP TABLE x; --"]
cells = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=12))
# Headers analysts actually write: words, digits, spaces, underscores, Arabic letters.
header_word = st.text(alphabet=st.sampled_from("abcdefxyz_ 019كفرنبلحماة"), min_size=1, max_size=8)
FUZZ = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@st.composite
def tables(draw, alphabet_ok=lambda s: True):
    width = draw(st.integers(1, 5))
    header = draw(st.lists(header_word.filter(lambda h: h.strip() == h), min_size=width, max_size=width,
                           unique=True))
    rows = draw(st.lists(st.lists(cells.filter(alphabet_ok), min_size=width, max_size=width), max_size=12))
    return header, rows


def _csv(header, rows, delimiter):
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue()


def _one_line(exc: InputError) -> None:
    assert str(exc) and "\n" not in str(exc) and "Traceback" not in str(exc)


def _encodable(encoding):
    def ok(text):
        try:
            text.encode(encoding)
            return True
        except UnicodeEncodeError:
            return False
    return ok


@FUZZ
@given(table=tables(), delimiter=st.sampled_from([",", ";", "\t", "|"]),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]))
def test_unicode_tables_round_trip_and_geocode(monkeypatch, table, delimiter, encoding):
    install(monkeypatch)
    header, rows = table
    data = _csv(header, rows, delimiter).encode(encoding)
    df = geo.read_table(io.BytesIO(data), delimiter=delimiter if len(header) == 1 else None)
    kept = rows  # csv writes a lone empty field as "", so even that row comes back
    assert list(df.columns) == header
    assert df.values.tolist() == kept
    out = geo.geocode_table(df, column=header[0])
    assert len(out) == len(kept)
    pd.testing.assert_frame_equal(pd.DataFrame(out[header]), df, check_column_type=False)
    assert set(out["geo_status"]) <= {"resolved", "ambiguous", "no_match", "empty", "outside_syria"}


@FUZZ
@given(table=tables(alphabet_ok=_encodable("cp1256")))
def test_cp1256_tables_are_detected(table):
    header, rows = table
    arabic_rows = [["حلب الشهباء", "ريف إدلب الجنوبي"[: len(header) * 3]][:1] * len(header)] * 3
    data = _csv(header, arabic_rows + rows, ",").encode("cp1256")
    try:
        df = geo.read_table(io.BytesIO(data))
    except InputError as exc:  # e.g. a detected delimiter that makes the rows ragged
        _one_line(exc)
        return
    assert len(df) == len(arabic_rows + rows)
    assert df.iloc[0, 0] == "حلب الشهباء"


@FUZZ
@given(table=tables(), extra=st.integers(1, 3), where=st.integers(0, 20), short=st.booleans())
def test_ragged_rows_are_one_line_errors(table, extra, where, short):
    header, rows = table
    if short and len(header) == 1:
        return
    bad = ["x"] * (len(header) + (-1 if short else extra))
    rows.insert(min(where, len(rows)), bad)
    with pytest.raises(InputError) as info:
        geo.read_table(io.BytesIO(_csv(header, rows, ",").encode()), delimiter=",")
    _one_line(info.value)
    assert "line" in str(info.value)


@FUZZ
@given(data=st.binary(max_size=300))
def test_random_bytes_never_crash(monkeypatch, data):
    install(monkeypatch)
    try:
        df = geo.read_table(io.BytesIO(data))
    except InputError as exc:
        _one_line(exc)
        return
    try:
        out = geo.geocode_table(df, column=str(df.columns[0]))
    except InputError as exc:
        _one_line(exc)
        return
    assert len(out) == len(df)


@FUZZ
@given(table=tables(alphabet_ok=lambda s: "\x00" not in s),
       ext=st.sampled_from([".xlsx", ".parquet", ".tsv"]))
def test_binary_formats_keep_rows(tmp_path_factory, table, ext):
    header, rows = table
    df = pd.DataFrame(rows, columns=header, dtype=object).astype(str)
    path = geo.write_table(df, tmp_path_factory.mktemp("fuzz") / f"t{ext}")
    back = geo.read_table(path)
    expected, values = len(df), df.values.tolist()
    if ext == ".xlsx":
        # What XLSX itself cannot hold: an all-empty last row (indistinguishable from formatting).
        # Control characters and CR survive through the format's _xHHHH_ escapes.
        while expected and not "".join(df.iloc[expected - 1]):
            expected -= 1
    assert len(back) == expected and list(back.columns) == header
    assert back.fillna("").astype(str).values.tolist()[:expected] == values[:expected]
