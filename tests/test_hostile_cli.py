"""Bad input to every command: exactly one line on stderr, a non-zero exit, never a traceback."""

from __future__ import annotations

import errno

import pytest
from common import EXAMPLES
from hostile import assert_one_line_failure, cli

BINARY = bytes(range(256)) * 8 + b"\xff\xfe\x80\x81"


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    d = tmp_path_factory.mktemp("bad")
    (d / "binary.txt").write_bytes(BINARY)
    (d / "binary.csv").write_bytes(BINARY)
    (d / "utf8.csv").write_text("location,id\nIdlib,1\n", encoding="utf-8")
    (d / "ragged.csv").write_text("location,id\nIdlib,1,extra\n", encoding="utf-8")
    (d / "folder.csv").mkdir()
    (d / "notes.txt").write_text("keep")
    (d / "alias_no_coords.csv").write_text("name,lat,lon\nfoo,abc,36\n")
    (d / "alias_bad_header.csv").write_text("place,where\nfoo,bar\n")
    (d / "alias_empty.csv").write_text("name,place_id\n")
    (d / "alias_binary.csv").write_bytes(b"name,place_id\n\xff\xfe\x00x,gn:1\n")
    (d / "mine").mkdir()
    (d / "mine" / "thesis.docx").write_text("x")
    return d


CASES = {
    "resolve-nothing": (["resolve"], None),
    "resolve-binary-file": (["resolve", "-f", "{d}/binary.txt"], None),
    "resolve-binary-stdin": (["resolve", "-f", "-"], BINARY),
    "resolve-missing-file": (["resolve", "-f", "{d}/nope.txt"], None),
    "geocode-binary": (["geocode", "{d}/binary.csv", "-q"], None),
    "geocode-binary-stdin": (["geocode", "-", "-q"], BINARY),
    "geocode-missing": (["geocode", "{d}/nope.csv", "-q"], None),
    "geocode-utf16-on-utf8": (["geocode", "{d}/utf8.csv", "--encoding", "utf-16", "-q"], None),
    "geocode-utf32-on-utf8": (["geocode", "{d}/utf8.csv", "--encoding", "utf-32", "-q"], None),
    "geocode-unknown-encoding": (["geocode", "{d}/utf8.csv", "--encoding", "klingon", "-q"], None),
    "geocode-ascii-on-arabic": (["geocode", "{d}/arabic.csv", "--encoding", "ascii", "-q"], None),
    "geocode-ragged": (["geocode", "{d}/ragged.csv", "-q"], None),
    "geocode-output-is-directory": (["geocode", "{d}/utf8.csv", "-o", "{d}/folder.csv", "--force"], None),
    "geocode-output-unknown-format": (["geocode", "{d}/utf8.csv", "-o", "{d}/out.docx"], None),
    "geocode-output-exists": (["geocode", "{d}/utf8.csv", "-o", "{d}/notes.txt"], None),
    "geocode-no-such-column": (["geocode", "{d}/utf8.csv", "--column", "nope", "-q"], None),
    "parse-binary": (["parse", "{d}/binary.txt"], None),
    "parse-missing": (["parse", "{d}/nope.txt"], None),
    "parse-output-is-input": (["parse", "{d}/notes.txt", "-o", "{d}/notes.txt", "--force"], None),
    "parse-json-and-csv-on-stdout": (["parse", "{d}/notes.txt", "-o", "-", "--json"], None),
    "geocode-dask-missing": (["geocode", "{d}/nope.csv", "--engine", "dask", "-q", "-o", "{d}/out_dir"], None),
    "geocode-dask-to-stdout": (["geocode", "{d}/utf8.csv", "--engine", "dask", "-q"], None),
    "map-missing": (["map", "{d}/nope.csv", "-o", "{d}/m.html"], None),
    "map-output-is-directory": (["map", "{d}/utf8.csv", "-o", "{d}/folder.csv", "--force"], None),
    "regions-png-unwritable": (["regions", "--png", "/proc/no-such-dir/r.png"], None),
    "aliases-not-numeric": (["--aliases", "{d}/alias_no_coords.csv", "resolve", "x"], None),
    "aliases-bad-header": (["--aliases", "{d}/alias_bad_header.csv", "resolve", "x"], None),
    "aliases-header-only": (["--aliases", "{d}/alias_empty.csv", "resolve", "x"], None),
    "aliases-binary": (["--aliases", "{d}/alias_binary.csv", "resolve", "x"], None),
    "aliases-missing": (["--aliases", "{d}/nope.csv", "resolve", "x"], None),
    "data-build-missing-source": (["data", "build", "--source", "{d}/nope", "--cache-dir", "{d}/c1"], None),
    "data-build-into-user-folder": (["data", "build", "--cache-dir", "{d}/mine"], None),
    "data-info-cache-is-a-file": (["data", "info", "--cache-dir", "{d}/notes.txt"], None),
}


@pytest.mark.usefixtures("gz")
@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_bad_input_gives_one_line_and_a_nonzero_exit(files, case):
    (files / "arabic.csv").write_text("location\nحلب\n", encoding="utf-8")
    args, stdin = CASES[case]
    result = cli(*[a.format(d=files) for a in args], input=stdin)
    line = assert_one_line_failure(result, code=2)
    assert line.startswith("syrmap: error: ") or "Usage" in line
    assert (files / "notes.txt").read_text() == "keep" and (files / "mine" / "thesis.docx").exists()


def test_a_full_disk_is_one_line_and_leaves_no_file(tmp_path, monkeypatch):
    import geo.table_io

    def full(*_a, **_k):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(geo.table_io, "_csv_bytes", full)
    src = tmp_path / "in.csv"
    src.write_text("location\nIdlib\n")
    line = assert_one_line_failure(cli("geocode", src, "-o", tmp_path / "out.csv", "-q"), code=1)
    assert "No space left on device" in line
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv"]  # no partial or temp file


def test_a_huge_name_is_no_match_with_a_reason_and_bounded(tmp_path):
    import gazetteer

    m = gazetteer.resolve("kfrnbl " * 300_000)  # 2.1 MB: once killed by the kernel at 23 GB
    assert m.status == "no_match" and "longer than any place name" in m.reason
    assert gazetteer.resolve("Kafr Nabl").status == "resolved"


def test_deletion_keys_stay_linear_in_the_name_length():
    from gazetteer.keys import deletes, query_keys

    assert len(query_keys("k" * 50_000)["fuzzy"]) == 0
    assert len(deletes("kfrnbl")) == 6


@pytest.mark.usefixtures("gz")
def test_infinite_numbers_are_missing_on_the_map_and_counted(tmp_path):
    src = tmp_path / "inf.csv"
    # A geocoded table (a full geo_lat/geo_lon/geo_status set), so the map draws its points as they are.
    src.write_text("location,geo_lat,geo_lon,geo_status,fatalities,geo_confidence,event_type\n"
                   "A,inf,36,resolved,3,0.9,battle\nB,35.1,36.1,resolved,1e400,nan,battle\n"
                   "C,35.5,36.5,resolved,-inf,1e400,shelling\nD,35.6,36.6,resolved,4,0.8,shelling\n")
    result = cli("map", src, "-o", tmp_path / "m.html")
    assert result.exit_code == 0 and result.exception is None, result.output
    assert "3 incidents mapped, 1 without coordinates, 4 infinite numbers treated as missing" in result.stdout
    html = (tmp_path / "m.html").read_text()
    assert "Infinity" not in html and "1e400" not in html


def test_example_report_still_parses_cleanly(tmp_path):
    report = next((EXAMPLES / "reports").glob("*.txt"))
    result = cli("parse", report, "-o", tmp_path / "i.geojson")
    assert result.exit_code == 0, result.stderr
