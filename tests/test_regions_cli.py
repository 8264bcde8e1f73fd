"""`syrmap regions` on the real catalogue: listing, JSON and the preview PNG (moved to maps.preview)."""

import json

import pytest
from typer.testing import CliRunner

from syrmap.cli import app

pytestmark = pytest.mark.usefixtures("gz")


def test_list_prints_every_region_without_a_traceback():
    result = CliRunner().invoke(app, ["regions", "--list"])
    assert result.exit_code == 0, result.output
    lines = [ln for ln in result.output.splitlines() if ln.startswith("region:")]
    assert len(lines) > 50 and any("Jabal al-Akrad" in ln for ln in lines)


def test_json_is_valid_with_member_lists():
    result = CliRunner().invoke(app, ["regions", "--json"])
    assert result.exit_code == 0, result.output
    records = json.loads(result.output)
    akrad = next(r for r in records if r["place_id"] == "region:jabal-al-akrad")
    assert isinstance(akrad["members_found"], list) and akrad["members_found"]
    assert isinstance(akrad["members_missing"], list)


def test_png_preview_is_drawn(tmp_path):
    target = tmp_path / "regions.png"
    result = CliRunner().invoke(app, ["regions", "--png", str(target)])
    assert result.exit_code == 0, result.output
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and target.stat().st_size > 50_000
    assert [p.name for p in tmp_path.iterdir()] == ["regions.png"]  # no temp file left


def test_first_build_says_so_on_stderr(tmp_path, capfd, monkeypatch):
    """The build itself is tested in test_build.py; here only that load() announces it."""
    import importlib
    import types

    from gazetteer import index

    built = []

    def fake_build(src, cache):
        built.append(cache)
        return types.SimpleNamespace(places=12, names=34)

    monkeypatch.setattr(importlib.import_module("gazetteer.build"), "build", fake_build)
    index._build_noisily(tmp_path / "raw", tmp_path / "cache", "building")
    err = capfd.readouterr().err
    assert built and "building the gazetteer" in err and "12 places, 34 names" in err
