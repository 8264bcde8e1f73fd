"""`syrmap data info --coverage`: which sources cover a table's places, which none does; attribution of sources."""

import json

import pandas as pd
from typer.testing import CliRunner

from gazetteer.info import coverage
from syrmap.cli import app

runner = CliRunner()


def test_coverage_counts_sources_and_lists_missing_places(gz):
    names = ["Kafr Nabl", "كفرنبل", "Kafr Nabl", "Xqzzyv farm", "unknown", "Mosul", "Tiyas airbase"]
    c = coverage(names, admin1=["Idlib", "Idlib", "Idlib", "Hama", "", "", ""], gazetteer=gz)
    # Two spellings of Kafr Nabl are two distinct names; the placeholder is no place; Mosul is abroad.
    assert (c["places"], c["rows"], c["outside_syria"]) == (4, 5, 1)
    assert c["covered"] == 3 and c["in_none"] == 1
    assert c["in_none_top"] == [{"name": "Xqzzyv farm", "admin1": "Hama", "admin2": "", "rows": 1}]
    assert c["by_source"]["ocha"]["places"] >= 2 and c["by_source"]["ourairports"]["places"] == 1
    assert c["by_source"]["catalogue"]["places"] == 1


def test_coverage_cli_on_a_table(tmp_path, gz):
    src = tmp_path / "t.csv"
    pd.DataFrame({"village": ["Kafr Nabl", "Xqzzyv", "Xqzzyv"], "governorate": ["Idlib", "Idlib", "Idlib"]}).to_csv(
        src, index=False)
    result = runner.invoke(app, ["data", "info", "--coverage", str(src)])
    assert result.exit_code == 0, result.output
    assert "2 distinct places in 3 rows: 1 found" in result.stdout and "Xqzzyv" in result.stdout
    as_json = json.loads(runner.invoke(app, ["data", "info", "--coverage", str(src), "--json"]).stdout)
    assert as_json["in_none_rows"] == 2
    bad = runner.invoke(app, ["data", "info", "--coverage", str(tmp_path / "none.csv")])
    assert bad.exit_code == 2 and "Traceback" not in bad.output


def test_new_sources_are_attributed(gz):
    from maps.incident import DEFAULT_ATTRIBUTION

    info = json.loads(runner.invoke(app, ["data", "info", "--json"]).stdout)
    attribution = {s["folder"]: s["attribution"] for s in info["sources"]}
    assert "© OpenStreetMap contributors" in attribution["osm_hotosm_populated_places_SY"]
    assert "© OpenStreetMap contributors" in attribution["osm_syria_poi_2017"]
    assert "OurAirports" in attribution["ourairports_SY"]
    assert "OpenStreetMap contributors" in DEFAULT_ATTRIBUTION and "OurAirports" in DEFAULT_ATTRIBUTION
