"""Nothing the user owns is lost: the cache folder, inputs named as outputs, blank rows."""

from __future__ import annotations

import os

import pytest
from common import EXAMPLES
from hostile import assert_one_line_failure, cli

import geo

REPORT = next((EXAMPLES / "reports").glob("*.txt"))


def test_build_refuses_a_folder_holding_user_files(tmp_path):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "thesis.docx").write_text("years of work")
    line = assert_one_line_failure(cli("data", "build", "--cache-dir", mine))
    assert "not a syrmap cache" in line
    assert (mine / "thesis.docx").read_text() == "years of work"


def test_a_cache_path_that_is_a_file_is_refused_not_replaced(tmp_path, monkeypatch):
    target = tmp_path / "notes.txt"
    target.write_text("keep me")
    monkeypatch.setenv("SYRMAP_CACHE", str(target))
    line = assert_one_line_failure(cli("resolve", "Kafranbel"))
    assert "not a directory" in line
    assert target.is_file() and target.read_text() == "keep me"


@pytest.mark.usefixtures("gz")
@pytest.mark.parametrize("link", [False, True], ids=["same-path", "via-symlink"])
@pytest.mark.parametrize("command", ["geocode", "parse", "map"])
def test_an_output_that_is_an_input_is_refused_even_with_force(tmp_path, command, link):
    if command == "parse":
        src = tmp_path / "report.txt"
        src.write_bytes(REPORT.read_bytes())
        out_name = src
    else:
        src = tmp_path / "events.csv"
        src.write_bytes((EXAMPLES / "tables" / "events_mixed.csv").read_bytes())
        out_name = src
    if link:
        out_name = tmp_path / ("alias" + src.suffix)
        os.symlink(src, out_name)
    before = src.read_bytes()
    line = assert_one_line_failure(cli(command, src, "-o", out_name, "--force", "-q"))
    assert "is also an input" in line
    assert src.read_bytes() == before


def test_an_output_that_is_a_directory_is_refused(tmp_path):
    src = tmp_path / "t.csv"
    src.write_text("location\nIdlib\n")
    folder = tmp_path / "out.csv"
    folder.mkdir()
    assert "directory" in assert_one_line_failure(cli("geocode", src, "-o", folder, "--force"))


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".parquet"])
def test_a_one_column_csv_keeps_its_blank_cells(tmp_path, suffix):
    src = tmp_path / "one.csv"
    src.write_bytes(b"location\nIdlib\n\nHama\n\nHoms\n")
    table = geo.read_table(src)
    assert table["location"].tolist() == ["Idlib", "", "Hama", "", "Homs"]
    out = tmp_path / f"out{suffix}"
    geo.write_table(table, out)
    back = geo.read_table(out)
    assert back["location"].fillna("").tolist() == ["Idlib", "", "Hama", "", "Homs"]


@pytest.mark.usefixtures("gz")
@pytest.mark.parametrize(("bom_in", "excel", "bom_out"), [(True, False, True), (False, False, False),
                                                           (False, True, True)])
def test_csv_output_has_a_bom_when_the_input_had_one_or_excel_is_asked(tmp_path, bom_in, excel, bom_out):
    src = tmp_path / "in.csv"
    src.write_bytes((b"\xef\xbb\xbf" if bom_in else b"") + "location\nحلب\n".encode())
    out = tmp_path / "out.csv"
    result = cli("geocode", src, "-o", out, "-q", *(["--excel"] if excel else []))
    assert result.exit_code == 0, result.stderr
    assert out.read_bytes().startswith(b"\xef\xbb\xbf") == bom_out
    assert geo.read_table(out)["location"].tolist() == ["حلب"]
