"""Hostile tables: every row and cell comes back in every output format, or the format limit is reported."""

from __future__ import annotations

import io
import json

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from shapely.geometry import Point

import geo
from gazetteer.exc import InputError

FORMATS = (".csv", ".tsv", ".xlsx", ".parquet", ".geojson", ".gpkg")
# Any character a user's cell may hold (control characters, NUL, CR, Arabic, emoji); no surrogates.
CELL = st.text(st.characters(exclude_categories=("Cs",)), max_size=30)
NAME = st.text("abcXYZ_ابت", min_size=1, max_size=6)


@st.composite
def tables(draw):
    names = draw(st.lists(NAME, min_size=1, max_size=4, unique_by=str.casefold))
    n = draw(st.integers(0, 4))
    return pd.DataFrame({c: pd.Series(draw(st.lists(CELL, min_size=n, max_size=n)), dtype=object) for c in names})


def _back(path, columns):
    back = geo.read_table(path)
    return pd.DataFrame(back)[columns].astype(object).where(back[columns].notna(), "")


@pytest.mark.parametrize("suffix", FORMATS)
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(table=tables())
def test_every_cell_comes_back_or_is_reported(tmp_path_factory, capsys, suffix, table):
    path = tmp_path_factory.mktemp("rt") / f"t{suffix}"
    capsys.readouterr()
    geo.write_table(table, path)
    warned = capsys.readouterr().err
    if suffix == ".geojson" and not len(table):
        assert "GeoJSON keeps no header" in warned
        return
    back = _back(path, list(table.columns))
    if len(back) != len(table):  # only XLSX, only whole blank rows at the end, and only when reported
        assert suffix == ".xlsx" and f"row {len(back) + 1} column '*'" in warned
        table = table.iloc[: len(back)]
    changed = [(r + 1, c) for c in table.columns for r in range(len(table)) if back[c].iloc[r] != table[c].iloc[r]]
    for row, col in changed:  # a changed cell must be named on stderr
        assert f"row {row} column {col!r}" in warned or "..." in warned, (row, col, warned)
    if not warned:
        assert back.to_numpy().tolist() == table.to_numpy().tolist()


def _csv(tmp_path, text: str | bytes, name="t.csv"):
    path = tmp_path / name
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return path


@pytest.mark.parametrize("suffix", FORMATS)
@pytest.mark.parametrize("body", ["location,id\n", "location,id\n\n\n"], ids=["header-only", "header-blank-lines"])
def test_a_header_without_rows_gives_an_empty_table_with_that_header(tmp_path, suffix, body):
    src = _csv(tmp_path, body)
    out = tmp_path / f"out{suffix}"
    summary = geo.geocode_file(src, out)
    assert out.is_file() and out.stat().st_size > 0
    back = geo.read_table(out)
    assert len(back) == 0 and summary is not None
    if suffix != ".geojson":  # GeoJSON with no features keeps no column names (reported)
        assert list(back.columns)[:2] == ["location", "id"] and "geo_lat" in back.columns


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_typed_parquet_and_nested_geojson_properties_reach_text_formats(tmp_path, capsys, suffix):
    typed = pd.DataFrame({"location": ["Idlib", "Hama"], "n": pd.array([1, None], dtype="Int64"),
                          "when": pd.to_datetime(["2019-01-01", "2019-02-01"]),
                          "tags": [np.array(["a", "b"]), np.array([], dtype=object)],
                          "meta": [{"k": 1}, {"k": 2}]})
    out = tmp_path / f"typed{suffix}"
    geo.write_table(typed, out)
    back = geo.read_table(out)
    assert json.loads(back["tags"][0]) == ["a", "b"] and json.loads(back["meta"][1]) == {"k": 2}
    assert "written as JSON text" in capsys.readouterr().err

    gj = tmp_path / "nested.geojson"
    gj.write_text(json.dumps({"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": {
        "type": "Point", "coordinates": [36.6, 35.9]}, "properties": {"location": "Idlib", "tags": ["a", "b"],
                                                                       "meta": {"k": 1}}}]}))
    geo.write_table(geo.read_table(gj), tmp_path / f"nested{suffix}")
    assert "written as JSON text" in capsys.readouterr().err


def test_xlsx_with_mixed_types_reaches_csv_without_rewriting_cells(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["id", "count", "mixed"])
    for row in ([7, 3, "a"], [8, None, 2], [9, 5, None]):
        sheet.append(row)
    book.save(tmp_path / "in.xlsx")
    geo.write_table(geo.read_table(tmp_path / "in.xlsx"), tmp_path / "out.csv")
    back = geo.read_table(tmp_path / "out.csv")
    assert back["id"].tolist() == ["7", "8", "9"] and back["count"].tolist() == ["3", "", "5"]
    assert back["mixed"].tolist() == ["a", "2", ""]


def test_xlsx_keeps_control_characters_and_reports_long_cells(tmp_path, capsys):
    cells = ["a\x00b", "line\r\nbreak\rcr", "bell\x07", "_x0041_ literal", "ok"]
    table = pd.DataFrame({"notes": cells + ["x" * 40_000]})
    geo.write_table(table, tmp_path / "t.xlsx")
    err = capsys.readouterr().err
    back = geo.read_table(tmp_path / "t.xlsx")["notes"].tolist()
    assert back[:5] == cells
    assert len(back[5]) == 32_767 and "row 6 column 'notes'" in err and ".csv or .parquet" in err


def test_xlsx_refuses_more_rows_than_a_sheet_holds(tmp_path):
    from geo.table_io import TableWriter

    writer = TableWriter(tmp_path / "big.xlsx")
    with pytest.raises(InputError, match="do not fit in an XLSX sheet"):
        writer.write(pd.DataFrame({"a": np.zeros(1_048_576, dtype=np.int8)}))
    writer.abort()
    assert not list(tmp_path.iterdir())  # no partial or temp file left


def test_duplicate_names_differing_in_case_and_too_many_columns_for_gpkg(tmp_path):
    dup = geo.read_table(io.BytesIO(b"Location,location\nIdlib,Hama\n"))
    for suffix in (".csv", ".parquet", ".geojson", ".xlsx"):
        geo.write_table(dup, tmp_path / f"dup{suffix}")
        assert geo.read_table(tmp_path / f"dup{suffix}")[["Location", "location"]].iloc[0].tolist() == ["Idlib", "Hama"]
    with pytest.raises(InputError, match="differ only in case"):
        geo.write_table(dup, tmp_path / "dup.gpkg")
    wide = pd.DataFrame({f"c{i}": ["x"] for i in range(2_000)})
    with pytest.raises(InputError, match="do not fit in a GeoPackage"):
        geo.write_table(wide, tmp_path / "wide.gpkg")
    assert not (tmp_path / "dup.gpkg").exists() and not (tmp_path / "wide.gpkg").exists()


@pytest.mark.parametrize("suffix", [".geojson", ".gpkg"])
def test_a_text_column_named_geometry_survives_spatial_formats(tmp_path, suffix):
    table = gpd.GeoDataFrame({"location": ["Idlib"], "geometry": ["my own text"]}).assign(
        shape=gpd.GeoSeries([Point(36.6, 35.9)], crs=4326)).set_geometry("shape")
    geo.write_table(table, tmp_path / f"g{suffix}")
    back = geo.read_table(tmp_path / f"g{suffix}")
    assert back["geometry"].tolist() == ["my own text"] and back.geometry.iloc[0].x == pytest.approx(36.6)


def test_a_windows_1252_csv_decodes_exactly(tmp_path):
    words = ["naïve señor", "El Niño", "Façade", "Zürich – Genève", "crème brûlée"] * 10
    raw = ("id,location\n" + "".join(f"{i},{w}\n" for i, w in enumerate(words))).encode("cp1252")
    assert geo.read_table(_csv(tmp_path, raw))["location"].tolist() == words


def test_a_file_invalid_in_the_given_encoding_is_refused_with_it_named(tmp_path):
    src = _csv(tmp_path, "location\nحلب\n".encode())
    with pytest.raises(InputError, match="ascii"):
        geo.read_table(src, encoding="ascii")
