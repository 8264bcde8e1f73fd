"""Reading and writing event tables: formats, encodings, malformed input, atomic writes."""

from __future__ import annotations

import io
import os

import pandas as pd
import pytest
from common import EXAMPLES

from gazetteer.exc import InputError
from geo.table_io import TableWriter, detect_encoding, iter_table, read_table, write_table

TABLES = EXAMPLES / "tables"
ROWS = [["E1", "007", "كفرنبل", "NA"], ["E2", "", "Kafr Nabl, Idlib", '"quoted"\nline']]
COLUMNS = ["id", "code", "location", "note"]


def _csv_bytes(delimiter: str = ",", encoding: str = "utf-8") -> bytes:
    buf = io.StringIO()
    pd.DataFrame(ROWS, columns=COLUMNS).to_csv(buf, sep=delimiter, index=False, lineterminator="\r\n")
    return buf.getvalue().encode(encoding)


def test_examples_read_with_every_column_as_text():
    df = read_table(TABLES / "events_mixed.csv")
    assert df.shape == (50, 8)
    assert df.loc[48, "location"] == "Kafr Nabudah, Hama countryside"
    assert df.loc[37, "location"] == "" and df.loc[2, "fatalities"] == ""
    assert df.loc[49, "location"] == "<script>alert(1)</script>"


def test_cp1256_example_is_detected_and_arabic_survives():
    raw = (TABLES / "events_arabic_cp1256.csv").read_bytes()
    assert detect_encoding(raw) == "cp1256"
    df = read_table(TABLES / "events_arabic_cp1256.csv")
    assert list(df.columns) == ["رقم", "التاريخ", "المكان", "المحافظة", "الجهة", "النوع", "القتلى"]
    assert df["المكان"].tolist()[:3] == ["كفرنبل", "حاس", "معرة النعمان"]
    assert len(df) == 12


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1256"])
@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_encodings_and_delimiters_round_trip_values(encoding, delimiter):
    df = read_table(io.BytesIO(_csv_bytes(delimiter, encoding)))
    assert list(df.columns) == COLUMNS
    assert df.values.tolist() == ROWS


def test_encoding_override_and_unknown_encoding():
    raw = "location\nCafé Zürich\n".encode("latin-1")
    assert read_table(io.BytesIO(raw), encoding="latin-1")["location"].tolist() == ["Café Zürich"]
    with pytest.raises(InputError, match="unknown encoding"):
        read_table(io.BytesIO(raw), encoding="klingon-8")


def test_wrong_encoding_is_one_line_error():
    with pytest.raises(InputError, match="cannot decode") as info:
        read_table(io.BytesIO("location\nحلب\n".encode("cp1256")), encoding="utf-8")
    assert "\n" not in str(info.value)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"a,b\n1,2\n3,4,5\n", "line 3 has 3 fields"),
        (b"a,b\n1,2\n3\n", "line 3 has 1 fields"),
        (b'a,b\n1,"x"y\n', "line 2: malformed CSV"),
        (b'a,b\n1,"open\n', "malformed CSV"),
        (b"", "empty"),
        (b"a,a\n1,2\n", "appears more than once"),
    ],
)
def test_malformed_csv_names_the_line(data, message):
    with pytest.raises(InputError, match=message) as info:
        read_table(io.BytesIO(data))
    assert "\n" not in str(info.value)


def test_blank_lines_are_not_rows_and_text_streams_work():
    assert len(read_table(io.StringIO("a,b\n1,2\n\n3,4\n"))) == 2


def test_missing_file_and_unknown_sheet(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_table(tmp_path / "nope.csv")
    write_table(pd.DataFrame({"location": ["Idlib"]}), tmp_path / "t.xlsx")
    with pytest.raises(InputError, match="no sheet 'Other'; sheets are: 'geocoded'"):
        read_table(tmp_path / "t.xlsx", sheet="Other")


def test_chunks_cover_every_row_in_order():
    data = "n\n" + "".join(f"{i}\n" for i in range(25))
    chunks = list(iter_table(io.StringIO(data), chunk_rows=10))
    assert [len(c) for c in chunks] == [10, 10, 5]
    assert pd.concat(chunks)["n"].tolist() == [str(i) for i in range(25)]


@pytest.mark.parametrize("ext", [".csv", ".tsv", ".xlsx", ".parquet"])
def test_write_then_read_keeps_values(tmp_path, ext):
    df = pd.DataFrame(ROWS, columns=COLUMNS)
    path = write_table(df, tmp_path / f"t{ext}")
    back = read_table(path)
    assert list(back.columns) == COLUMNS
    assert back.fillna("").astype(str).values.tolist() == ROWS


@pytest.mark.parametrize("ext", [".geojson", ".gpkg"])
def test_spatial_round_trip(tmp_path, ext):
    import geopandas as gpd
    from shapely.geometry import Point

    gdf = gpd.GeoDataFrame({"location": ["حلب", "Idlib"]}, geometry=[Point(37.1, 36.2), None],
                           crs="EPSG:4326")
    back = read_table(write_table(gdf, tmp_path / f"t{ext}"))
    assert back["location"].tolist() == ["حلب", "Idlib"]
    assert back.geometry.iloc[0].x == pytest.approx(37.1) and back.geometry.iloc[1] is None


def test_xlsx_formulas_are_written_as_text(tmp_path):
    import openpyxl

    df = pd.DataFrame({"location": ["=HYPERLINK(\"http://x\")", "+1", "@SUM(A1)", "-2", "ok\x01"]})
    path = write_table(df, tmp_path / "t.xlsx")
    sheet = openpyxl.load_workbook(path).active
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert all(c.data_type == "s" for c in cells)
    assert [c.value for c in cells][:4] == df["location"].tolist()[:4]
    assert cells[4].value == "ok_x0001_"  # the format's own escape, which Excel and read_table decode
    assert read_table(path)["location"].tolist()[4] == "ok\x01"


def test_writes_refuse_overwrite_and_are_atomic(tmp_path):
    target = tmp_path / "out.csv"
    target.write_text("keep me")
    with pytest.raises(InputError, match="exists; use --force"):
        write_table(pd.DataFrame({"a": ["1"]}), target)
    with pytest.raises(RuntimeError), TableWriter(target, force=True) as writer:
        writer.write(pd.DataFrame({"a": ["1"]}))
        raise RuntimeError("crash mid-write")
    assert target.read_text() == "keep me"
    assert os.listdir(tmp_path) == ["out.csv"]  # no temp file left behind
    write_table(pd.DataFrame({"a": ["1"]}), target, force=True)
    assert read_table(target).to_dict("records") == [{"a": "1"}]


def test_unknown_output_format(tmp_path):
    with pytest.raises(InputError, match="unknown output format"):
        write_table(pd.DataFrame({"a": ["1"]}), tmp_path / "t.docx")


def test_stdin_and_stdout(monkeypatch, capsysbinary):
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(_csv_bytes(";", "utf-16"))))
    df = read_table("-")
    assert df.values.tolist() == ROWS
    write_table(df, "-")
    assert read_table(io.BytesIO(capsysbinary.readouterr().out)).values.tolist() == ROWS
