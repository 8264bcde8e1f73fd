"""End to end through the installed `syrmap` console script on ../shared/examples, as a user runs it."""

import json
import shutil
import subprocess
import sys

import pandas as pd
import pytest
from common import EXAMPLES, ROOT

SYRMAP = shutil.which("syrmap") or f"{sys.executable} -m syrmap"


def run(*args: str, ok: bool = True) -> subprocess.CompletedProcess:
    cmd = [*SYRMAP.split(), *args]
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    if ok:
        assert result.returncode == 0, result.stderr
    return result


@pytest.mark.usefixtures("gz")
def test_geocode_then_map_the_mixed_table(tmp_path):
    src = EXAMPLES / "tables" / "events_mixed.csv"
    out = tmp_path / "out" / "events_geocoded.csv"
    result = run("geocode", str(src), "-o", str(out))
    assert "auto-detected" in result.stderr and "resolved" in result.stderr and "Mosul" in result.stderr
    table = pd.read_csv(out, dtype=str, keep_default_na=False)
    original = pd.read_csv(src, dtype=str, keep_default_na=False)
    assert len(table) == len(original) == 50
    pd.testing.assert_frame_equal(table[original.columns], original)  # values unchanged, in order
    status = dict(zip(table["event_id"], table["geo_status"]))
    assert status["E040"] == "outside_syria" and status["E042"] == "ambiguous"
    assert status["E038"] == "empty" and status["E039"] == "empty"
    assert status["E050"] == "no_match" and table.loc[table["event_id"] == "E050", "location"].item() == \
        "<script>alert(1)</script>"
    # every transliteration of Kafr Nabl and Khan Shaykhun lands on one place
    for ids in (("E001", "E002", "E003", "E033"), ("E004", "E005", "E006", "E034")):
        assert len(set(table.set_index("event_id").loc[list(ids), "geo_place_id"])) == 1

    html = tmp_path / "out" / "map.html"
    result = run("map", str(out), "-o", str(html))
    page = html.read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in page  # escaped inside the payload
    assert "48 incidents mapped" in result.stdout + result.stderr
    again = run("map", str(out), "-o", str(html), ok=False)
    assert again.returncode == 2 and "--force" in again.stderr and "Traceback" not in again.stderr


@pytest.mark.usefixtures("gz")
def test_cp1256_table_is_read_and_resolved(tmp_path):
    out = tmp_path / "a.parquet"
    run("geocode", str(EXAMPLES / "tables" / "events_arabic_cp1256.csv"), "-o", str(out), "-q")
    table = pd.read_parquet(out)
    assert list(table.columns[:3]) == ["رقم", "التاريخ", "المكان"]
    assert table.loc[0, "المكان"] == "كفرنبل" and table.loc[0, "geo_name"] == "Kafr Nabl"
    assert (table["geo_status"] == "resolved").sum() >= 10


@pytest.mark.usefixtures("gz")
def test_parse_reports_then_map_them(tmp_path):
    incidents = tmp_path / "incidents.geojson"
    run("parse", str(EXAMPLES / "reports"), "-o", str(incidents))
    data = json.loads(incidents.read_text(encoding="utf-8"))
    names = {f["properties"]["geo_name"] for f in data["features"]}
    assert {"Kafr Nabl", "Saraqib"} <= names and "Jablah" not in names  # Jableh is a home town, not an incident
    html = tmp_path / "r.html"
    run("map", str(incidents), str(EXAMPLES / "reports" / "en_hama_latakia_2019-08-22.txt"), "-o", str(html))
    assert html.stat().st_size > 10_000


def test_user_mistakes_are_one_line(tmp_path):
    for args in (["geocode", str(tmp_path / "missing.csv")], ["map", str(tmp_path / "nothing.csv"), "-o", "x.html"],
                 ["parse", str(tmp_path / "none.txt")], ["resolve"]):
        result = run(*args, ok=False)
        assert result.returncode == 2, args
        assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1, result.stderr


def test_every_command_has_help_and_is_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    import typer.main

    from syrmap.cli import app

    group = typer.main.get_group(app)
    for name, command in group.commands.items():
        assert command.help, name
        assert f"syrmap {name}" in readme, name
        sub = getattr(command, "commands", {})
        for sub_name, sub_command in sub.items():
            assert sub_command.help and f"syrmap {name} {sub_name}" in readme, (name, sub_name)
