"""geocode_table / geocode_file / `syrmap geocode`: every row out, columns unchanged, honest statuses.

Plumbing tests use the small fake gazetteer in tests/geocode_fakes.py so the expected answer of each
row is obvious; the end-to-end tests at the bottom run the real gazetteer on ../shared/examples.
"""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest
from common import EXAMPLES
from geocode_fakes import FakeGazetteer, install
from typer.testing import CliRunner

import geo
from gazetteer.exc import InputError
from geo.geocode import GEO_COLUMNS, clean_cell
from syrmap.cli import app

TABLES = EXAMPLES / "tables"
MIXED = TABLES / "events_mixed.csv"
CP1256 = TABLES / "events_arabic_cp1256.csv"


@pytest.fixture
def fake(monkeypatch):
    return install(monkeypatch)


real = pytest.mark.usefixtures("gz")  # the real gazetteer, built once per session


# --------------------------------------------------------------------------- plumbing (fake resolver)


def test_rows_order_and_columns_are_kept(fake):
    df = geo.read_table(MIXED)
    out = geo.geocode_table(df)
    assert len(out) == len(df) and list(out.index) == list(df.index)
    assert list(out.columns[: len(df.columns)]) == list(df.columns)
    assert list(out.columns[len(df.columns):]) == [*GEO_COLUMNS, "geometry"]
    pd.testing.assert_frame_equal(pd.DataFrame(out[df.columns]), df, check_column_type=False)


def test_each_distinct_name_and_hint_is_resolved_once(fake):
    df = pd.DataFrame({"location": ["Kafranbel", "Kafranbel", "Kafranbel", "Mosul"],
                       "governorate": ["Idlib", "Idlib", "", ""]})
    geo.geocode_table(df)
    assert sorted(fake.calls, key=str) == [("Kafranbel", "Idlib"), ("Kafranbel", None), ("Mosul", None)]


def test_a_gazetteer_passed_in_is_the_one_used():
    # No default replaced: the table is resolved by the object given, through its match_many/resolve.
    own = FakeGazetteer()
    out = geo.geocode_table(pd.DataFrame({"location": ["Kafranbel", ""], "governorate": ["", "Aleppo"]}),
                            gazetteer=own)
    assert own.calls == [("Kafranbel", None)] and own.resolve_calls >= 1  # the admin fallback of row 2
    assert out["geo_name"].tolist() == ["Kafr Nabl", "Aleppo"]


def test_statuses_fallbacks_and_placeholders(fake):
    df = pd.DataFrame({
        "place": ["Kafranbel", "", "unknown", "-", "Mosul", "Haram", "Nowhere", "Nowhere", "غير معروف"],
        "province": ["", "Idlib", "", "Aleppo", "", "Idlib", "Idlib", "", ""],
    })
    out = geo.geocode_table(df).set_index("place", append=True)
    rows = out.reset_index(level=0, drop=True)
    assert rows["geo_status"].tolist() == ["resolved", "empty", "empty", "empty", "outside_syria",
                                           "ambiguous",
                                           "no_match", "no_match", "empty"]
    fallback = out[out["geo_method"] == "admin_unit"]
    assert fallback.index.get_level_values(0).tolist() == [1, 3, 6]  # a hint and no usable place
    assert set(fallback["geo_precision"]) == {3} and set(fallback["geo_where_prec"]) == {4}
    # a governorate centroid is not the place named: low confidence, whatever the unit's own match said
    assert (fallback["geo_confidence"] <= 0.1).all() and (fallback["geo_confidence"] > 0).all()
    assert fallback["geo_adm1_pcode"].tolist() == ["SY07", "SY02", "SY07"]
    assert "placed at the centroid of 'Idlib' from column 'province'" in fallback["geo_reason"].iloc[0]
    assert rows["geo_lat"].isna().tolist() == [False, False, True, False, True, False, False, True, True]
    assert out.geometry.isna().tolist() == rows["geo_lat"].isna().tolist()
    assert "placeholder" in rows["geo_reason"].iloc[2]


def test_clean_cell():
    assert clean_cell(float("nan")) == clean_cell(None) == clean_cell("  N/A ") == clean_cell("؟") == ""
    assert clean_cell("  Khan   Sheikhoun ") == "Khan Sheikhoun"
    assert clean_cell("<script>alert(1)</script>") == "<script>alert(1)</script>"


def test_existing_geo_columns_get_the_next_free_suffix(fake):
    once = pd.DataFrame(geo.geocode_table(pd.DataFrame({"location": ["Kafranbel"]})).drop(columns="geometry"))
    twice = geo.geocode_table(once)  # never refused: our second set of columns ends in _2
    assert twice["geo_status"].tolist() == twice["geo_status_2"].tolist() == ["resolved"]
    assert list(twice.columns[:len(once.columns)]) == list(once.columns)
    third = geo.geocode_table(pd.DataFrame(twice.drop(columns="geometry")))
    assert "geo_status_3" in third.columns
    with pytest.raises(InputError, match="gives columns the table already has"):
        geo.geocode_table(pd.DataFrame(twice.drop(columns="geometry")), suffix="_2")


def test_one_taken_name_moves_the_whole_set_and_keeps_the_users_column(fake):
    df = pd.DataFrame({"location": ["Kafranbel"], "geo_precision": ["1"]})
    out = geo.geocode_table(df)
    assert out["geo_precision"].tolist() == ["1"] and out["geo_precision_2"].notna().all()
    assert "geo_lat" not in out.columns and "geo_lat_2" in out.columns


def test_missing_column_lists_the_columns(fake):
    df = pd.DataFrame({"when": ["2019"], "what": ["x"]})
    with pytest.raises(InputError, match="no place column found .*'when', 'what'"):
        geo.geocode_table(df)
    with pytest.raises(InputError, match="column 'site' is not in the table; columns are: 'when', 'what'"):
        geo.geocode_table(df, column="site")
    out = geo.geocode_table(df, column="WHAT")  # case-insensitive when unique
    assert out["geo_status"].tolist() == ["no_match"]


def test_streamed_file_equals_whole_table_and_dedups_across_chunks(fake, tmp_path):
    rows = pd.DataFrame({"id": [f"{i:03d}" for i in range(30)],
                         "location": ["Kafranbel", "Mosul", "", "Nowhere", "Aleppo"] * 6})
    src = tmp_path / "in.csv"
    rows.to_csv(src, index=False)
    summary = geo.geocode_file(src, tmp_path / "out.csv", chunk_rows=7)
    assert len(fake.calls) == 4  # four non-empty distinct names, whatever the chunking
    back = geo.read_table(tmp_path / "out.csv")
    assert back["id"].tolist() == rows["id"].tolist()
    assert summary.rows == 30 and summary.statuses["resolved"] == 12 and summary.statuses["empty"] == 6
    assert summary.unresolved == {"Mosul": 6, "Nowhere": 6}
    whole = geo.geocode_table(geo.read_table(src)).drop(columns="geometry")
    geo.write_table(whole, tmp_path / "whole.csv")
    assert (tmp_path / "whole.csv").read_bytes() == (tmp_path / "out.csv").read_bytes()


@pytest.mark.parametrize("ext", [".csv", ".tsv", ".xlsx", ".parquet", ".geojson", ".gpkg"])
def test_every_output_format(fake, tmp_path, ext):
    out = tmp_path / f"out{ext}"
    geo.geocode_file(MIXED, out)
    back = geo.read_table(out)
    assert len(back) == 50
    assert back["event_id"].tolist()[:3] == ["E001", "E002", "E003"]
    assert back["geo_status"].tolist()[39] == "outside_syria"
    if ext in (".geojson", ".gpkg"):
        assert back.geometry.notna().sum() == (back["geo_lat"].notna()).sum()
    else:
        assert "geometry" not in back.columns


def test_cli_summary_exit_codes_and_refusals(fake, tmp_path):
    runner = CliRunner()
    out = tmp_path / "out.csv"
    result = runner.invoke(app, ["geocode", str(MIXED), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "columns: place='location' admin1='governorate'" in result.stderr
    assert "50 rows" in result.stderr and "top unresolved:" in result.stderr
    assert "top ambiguous: 'Haram' x1" in result.stderr
    again = runner.invoke(app, ["geocode", str(MIXED), "-o", str(out)])
    assert again.exit_code == 2 and again.stderr.count("\n") == 1 and "use --force" in again.stderr
    strict = runner.invoke(app, ["geocode", str(MIXED), "-o", str(out), "--force", "--strict", "--quiet"])
    assert strict.exit_code == 1 and strict.stderr == ""
    bad = runner.invoke(app, ["geocode", str(MIXED), "--column", "nope"])
    assert bad.exit_code == 2 and bad.stderr.startswith("syrmap: error: place column 'nope'")
    assert bad.stderr.count("\n") == 1 and "'event_id'" in bad.stderr


def test_cli_stdin_to_stdout(fake):
    result = CliRunner().invoke(app, ["geocode", "-", "-q"], input="location\nKafranbel\nunknown\n")
    assert result.exit_code == 0
    back = geo.read_table(io.StringIO(result.stdout))
    assert back["location"].tolist() == ["Kafranbel", "unknown"]
    assert back["geo_status"].tolist() == ["resolved", "empty"]
    assert json.loads(back["geo_alternatives"][0]) == []


# --------------------------------------------------------------------------- end to end (real gazetteer)


@real
def test_examples_end_to_end_with_byte_identical_columns(tmp_path):
    out = tmp_path / "mixed.csv"
    geo.geocode_file(MIXED, out)
    back = geo.read_table(out)
    original = geo.read_table(MIXED)
    assert len(back) == len(original) == 50
    pd.testing.assert_frame_equal(back[original.columns], original, check_column_type=False)
    status = dict(zip(back["location"], back["geo_status"], strict=True))
    assert status["Mosul"] in ("outside_syria", "no_match")
    assert status["unknown"] == "empty" and back.loc[37, "geo_status"] == "empty"
    assert status["Haram"] == "ambiguous"
    assert status["<script>alert(1)</script>"] not in ("resolved", "ambiguous")
    assert back.loc[49, "location"] == "<script>alert(1)</script>"
    assert status["Kafranbel"] == status["كفرنبل"] == "resolved"
    assert back.loc[37, "geo_method"] == "admin_unit" and back.loc[37, "geo_adm1_pcode"] == "SY07"


@real
def test_cp1256_example_end_to_end(tmp_path):
    out = geo.geocode_table(geo.read_table(CP1256))
    assert len(out) == 12 and out["المكان"].iloc[0] == "كفرنبل"
    assert (out["geo_status"] == "resolved").sum() >= 8
    assert out.loc[0, "geo_adm1_pcode"] == "SY07"  # Kafr Nabl is in Idlib
