"""Learning aliases from a table with trusted coordinates (geo.learn, `syrmap aliases learn`)."""

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from gazetteer.aliases import alias_key, load_aliases, write_aliases
from gazetteer.exc import InputError
from geo.learn import ALIAS_COLUMNS, learn_aliases

runner = CliRunner()


def _acled(rows):
    return pd.DataFrame(rows, columns=["event_id", "location", "admin1", "latitude", "longitude"])


def test_most_frequent_point_count_and_spread():
    table = _acled([
        ("1", "Tall Sultan", "Idlib", "35.80", "36.70"),
        ("2", "Tall Sultan village", "Idlib", "35.80", "36.70"),
        ("3", "tall sultan", "Idlib", "35.81", "36.70"),  # 1.1 km off: agrees, counts in the spread
        ("4", "Tall Sultan", "Idlib", "35.80", "36.70"),
    ])
    result = learn_aliases(table)
    assert list(result.aliases.columns) == list(ALIAS_COLUMNS)
    row = result.aliases.iloc[0]
    assert len(result.aliases) == 1 and row["name"] == "Tall Sultan" and row["admin1"] == "Idlib"
    assert (row["lat"], row["lon"], row["events"], row["share"]) == (35.80, 36.70, 4, 1.0)
    assert 1.0 < row["spread_km"] < 1.2
    assert result.conflicts.empty


def test_conflicting_points_stay_apart_by_admin_and_are_reported():
    table = _acled([
        ("1", "Huwayz", "Aleppo", "36.09", "37.10"),
        ("2", "Huwayz", "Hama", "35.50", "36.36"),
        ("3", "Huwayz", "Hama", "35.50", "36.36"),
    ])
    result = learn_aliases(table)
    assert sorted(result.aliases["admin1"]) == ["Aleppo", "Hama"]
    assert sorted(result.conflicts["admin1"]) == ["Aleppo", "Hama"] and (result.conflicts["apart_km"] > 50).all()


def test_a_name_whose_points_disagree_is_left_out():
    table = _acled([("1", "Mazraa", "Hama", "35.0", "36.0"), ("2", "Mazraa", "Hama", "35.5", "36.5"),
                    ("3", "Mazraa", "Hama", "35.9", "36.9")])
    result = learn_aliases(table)
    assert result.aliases.empty and result.unsettled == 1


def test_ucdp_columns_and_event_counts():
    table = pd.DataFrame({"where_coordinates": ["Kafr Nabl town", "Kafr Nabl town"], "adm_1": ["Idlib Governorate"] * 2,
                          "adm_2": ["Maarrat an Numan district"] * 2, "latitude": ["35.61", "35.70"],
                          "longitude": ["36.56", "36.60"], "n_events": ["9", "2"]})
    result = learn_aliases(table, count_column="n_events")
    row = result.aliases.iloc[0]
    assert (row["lat"], row["events"], row["admin2"]) == (35.61, 11, "Maarrat an Numan district")
    assert row["share"] == pytest.approx(9 / 11, abs=1e-3)


def test_rows_without_coordinates_are_skipped_and_counted():
    table = _acled([("1", "A", "", "x", "36"), ("2", "", "", "35", "36"), ("3", "B", "", "35", "36")])
    result = learn_aliases(table)
    assert result.rows_skipped == 2 and list(result.aliases["name"]) == ["B"]


def test_missing_coordinate_column_is_a_clear_error():
    with pytest.raises(InputError, match="no lat column"):
        learn_aliases(pd.DataFrame({"location": ["A"]}))


def test_alias_key_keeps_qualified_queries_apart():
    assert alias_key("Kafr Nabl village") == alias_key("Kafr Nabl") == alias_key("kafr nabl")
    assert alias_key("Tall Tawil (Tall Tamr area) village") != alias_key("Tall Tawil")
    assert alias_key("near Kafr Nabl") != alias_key("Kafr Nabl")


def test_learned_file_resolves_with_method_alias(tmp_path, gz):
    import gazetteer

    table = _acled([("1", "Mazraat Abu Jabbar", "Aleppo", "36.2", "37.9")] * 3)
    path = write_aliases(learn_aliases(table).aliases, tmp_path / "a.csv")
    aliases = load_aliases(path)
    m = gazetteer.resolve("Mazraat Abu Jabbar farm", admin1="Aleppo", aliases=aliases, gazetteer=gz)
    assert (m.method, m.lat, m.lon) == ("alias", 36.2, 37.9)
    # The alias is for Aleppo: a same-named place elsewhere is left to the gazetteer.
    assert gazetteer.resolve("Mazraat Abu Jabbar", admin1="Hama", aliases=aliases, gazetteer=gz).method != "alias"


_names = st.text(alphabet=st.sampled_from(list("abc kfrنبلت-")), min_size=0, max_size=12)
_cells = st.one_of(st.floats(allow_nan=True, allow_infinity=True).map(str), st.text(max_size=5))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(_names, st.sampled_from(["", "Idlib", "Hama"]), _cells, _cells), max_size=12))
def test_any_table_gives_valid_alias_rows(rows):
    table = pd.DataFrame(rows, columns=["location", "admin1", "latitude", "longitude"])
    result = learn_aliases(table)
    assert result.rows_used + result.rows_skipped == len(table)
    a = result.aliases
    assert a["lat"].between(-90, 90).all() and a["lon"].between(-180, 180).all()
    assert (a["share"] >= 0.5).all() and (a["events"] >= 1).all()
    assert not a.duplicated(subset=["name", "admin1", "admin2"]).any()


def test_cli_learn_writes_aliases_and_conflicts(tmp_path):
    from syrmap.cli import app

    src = tmp_path / "events.csv"
    _acled([("1", "Huwayz", "Aleppo", "36.09", "37.10"), ("2", "Huwayz", "Hama", "35.50", "36.36")]).to_csv(
        src, index=False)
    out, conf = tmp_path / "aliases.csv", tmp_path / "conflicts.csv"
    result = runner.invoke(app, ["aliases", "learn", str(src), "-o", str(out), "--conflicts", str(conf)])
    assert result.exit_code == 0, result.output
    assert "2 aliases" in result.stdout and "1 names seen in distant places" in result.stderr
    assert len(load_aliases(out)) == 2 and len(pd.read_csv(conf)) == 2
    again = runner.invoke(app, ["aliases", "learn", str(src), "-o", str(out)])
    assert again.exit_code == 2 and "--force" in again.stderr
    bad = runner.invoke(app, ["aliases", "learn", str(tmp_path / "missing.csv"), "-o", str(tmp_path / "x.csv")])
    assert bad.exit_code == 2 and "Traceback" not in bad.output
