"""Building into the cache: rebuild when a source changes, clear errors for missing or corrupt data."""

import json
import shutil
from pathlib import Path

import pytest
from common import RAW
from typer.testing import CliRunner

import gazetteer
from gazetteer.cache_state import needs_rebuild
from gazetteer.exc import SourceError
from gazetteer.index import clear_memo
from syrmap.cli import app

runner = CliRunner()


@pytest.fixture(scope="module")
def raw_copy(tmp_path_factory) -> Path:
    dest = tmp_path_factory.mktemp("data") / "raw"
    shutil.copytree(RAW, dest)
    return dest


def test_build_then_rebuild_when_a_source_changes(raw_copy, tmp_path):
    cache = tmp_path / "cache"
    report = gazetteer.build(raw_copy, cache)
    assert report.places > 10_000 and report.merged_by_name_and_distance > 1_000
    assert not report.unmapped_geonames_admin1
    manifest = json.loads((cache / "manifest.json").read_text())
    assert manifest["schema"] and len(manifest["files"]) >= 20
    assert not needs_rebuild(cache, raw_copy)

    # The same bytes again change nothing; different bytes do.
    target = raw_copy / "geonames_cities500_SY" / "SY_cities500.txt"
    original = target.read_bytes()
    target.write_bytes(original)
    assert not needs_rebuild(cache, raw_copy)
    target.write_bytes(original.replace(b"Kafranbel", b"Kafranbil", 1))
    try:
        assert needs_rebuild(cache, raw_copy)
        clear_memo()
        gz = gazetteer.load(cache, raw_copy)  # rebuilds by itself
        assert json.loads((cache / "manifest.json").read_text())["built_at"] >= manifest["built_at"]
        assert not needs_rebuild(cache, raw_copy)
        assert (gz.names["name"] == "Kafranbil").any()
    finally:
        target.write_bytes(original)
        clear_memo()


def test_damaged_cache_is_rebuilt(raw_copy, tmp_path):
    cache = tmp_path / "cache"
    gazetteer.build(raw_copy, cache)
    (cache / "places.arrow").write_bytes(b"not arrow")
    clear_memo()
    gz = gazetteer.load(cache, raw_copy)
    assert len(gz.places) > 10_000
    clear_memo()


def test_missing_data_directory(tmp_path):
    with pytest.raises(SourceError, match="not found"):
        gazetteer.build(tmp_path / "nowhere", tmp_path / "cache")
    result = runner.invoke(app, ["data", "build", "--source", str(tmp_path / "nowhere"),
                                 "--cache-dir", str(tmp_path / "cache")])
    assert result.exit_code == 2
    assert "Traceback" not in result.output and len(result.stderr.strip().splitlines()) == 1
    assert "data directory" in result.stderr


def test_corrupt_source_is_one_clear_line(raw_copy, tmp_path):
    broken = tmp_path / "raw"
    shutil.copytree(raw_copy, broken)
    (broken / "ocha_syr_admin1" / "syr_admin1_ocha.geojson").write_text("{ broken", encoding="utf-8")
    result = runner.invoke(app, ["data", "build", "--source", str(broken), "--cache-dir", str(tmp_path / "c")])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert "syr_admin1_ocha.geojson" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_folder_without_importer_is_reported(raw_copy, tmp_path):
    extra = tmp_path / "raw"
    shutil.copytree(raw_copy, extra)
    (extra / "someone_new_source").mkdir()
    (extra / "someone_new_source" / "x.csv").write_text("a,b\n1,2\n")
    report = gazetteer.build(extra, tmp_path / "cache")
    assert report.skipped_folders == ["someone_new_source"]


def test_data_info_shows_core_governorates(gz):
    result = runner.invoke(app, ["data", "info", "--json"])
    assert result.exit_code == 0, result.output
    info = json.loads(result.stdout)
    by_name = {g["pcode"]: g["settlements"] for g in info["governorates"]}
    for pcode in ("SY02", "SY07", "SY05", "SY06"):  # Aleppo, Idleb, Hama, Lattakia
        assert by_name[pcode] >= 900
    licences = {s["folder"]: s["licence"] for s in info["sources"]}
    assert "CC BY 4.0" in licences["geonames_cities500_SY"]
    assert info["places"] > 10_000


def test_concurrent_loads_build_once(raw_copy, tmp_path):
    """Two processes finding a stale cache at once: one builds, the other waits and reuses it."""
    import subprocess
    import sys

    cache = tmp_path / "cache"
    code = ("import gazetteer, json, sys; gz = gazetteer.load(sys.argv[1], sys.argv[2]); "
            "print(gz.manifest['built_at'], len(gz.places))")
    procs = [subprocess.Popen([sys.executable, "-c", code, str(cache), str(raw_copy)], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outs = [p.communicate(timeout=300) for p in procs]
    assert all(p.returncode == 0 for p in procs), [o[1][-500:] for o in outs]
    first, second = (o[0].split() for o in outs)
    assert first == second  # the same build, seen by both
    assert not list(tmp_path.glob(".building-*"))
