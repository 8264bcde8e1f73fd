"""The Dask path gives exactly the single-process answers, on a 2-worker LocalCluster over loopback."""

from __future__ import annotations

import pickle

import dask.dataframe as dd
import dask_geopandas
import geopandas as gpd
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from common import EXAMPLES
from typer.testing import CliRunner

import geo
from gazetteer.exc import InputError
from geo import dask_engine
from geo.report import incidents_of
from syrmap.cli import app

MIXED = EXAMPLES / "tables" / "events_mixed.csv"
REPORTS = EXAMPLES / "reports"


@pytest.fixture(scope="module")
def client():
    """Two single-threaded worker processes on 127.0.0.1, each warming the gazetteer at start."""
    with dask_engine.dask_client(workers=2, warm=dask_engine.WarmGazetteer(names=True)) as c:
        yield c


@pytest.fixture(scope="module")
def events(tmp_path_factory):
    """events_mixed.csv rows repeated into three Parquet files (several row groups) and three CSV files."""
    root = tmp_path_factory.mktemp("events")
    rows = geo.read_table(MIXED)
    (root / "pq").mkdir()
    (root / "csv").mkdir()
    for i in range(3):
        part = pd.concat([rows.iloc[i * 7:], rows] * (i + 1), ignore_index=True)
        pq.write_table(pa.Table.from_pandas(part, preserve_index=False), root / "pq" / f"part-{i}.parquet",
                       row_group_size=45)
        (root / "csv" / f"events-{i}.csv").write_bytes(MIXED.read_bytes())
    return root


@pytest.fixture(scope="module")
def report_table(tmp_path_factory):
    """Report texts (the four examples and short lines, one empty) in two Parquet files, with a date column."""
    root = tmp_path_factory.mktemp("reports")
    texts = [p.read_text(encoding="utf-8") for p in sorted(REPORTS.glob("*.txt"))]
    short = ["قصفت قوات النظام بلدة كفرنبل", "Airstrikes hit Saraqib and Ariha, killing 3 civilians.", "",
             "Shelling on Khan Shaykhun; two injured in Maarrat al-Numan."]
    body = (texts + short) * 3
    table = pd.DataFrame({"id": [str(i) for i in range(len(body))], "text": body,
                          "date": ["2019-05-12" if i % 3 else "" for i in range(len(body))]})
    pq.write_table(pa.Table.from_pandas(table.iloc[:15], preserve_index=False), root / "a.parquet", row_group_size=4)
    pq.write_table(pa.Table.from_pandas(table.iloc[15:], preserve_index=False), root / "b.parquet")
    return root


def _single(paths, **kwargs) -> pd.DataFrame:
    """The single-process answer: each file read whole and geocoded, in file order."""
    return pd.concat([geo.geocode_table(geo.read_table(p), **kwargs) for p in paths], ignore_index=True)


def test_geocode_parquet_dataset_matches_single_process(client, events):
    ddf = dask_engine.read_dask(events / "pq", rows_per_partition=50)
    out = geo.geocode_table(ddf)  # dispatches on the dask frame
    assert isinstance(out, dask_geopandas.GeoDataFrame) and out.npartitions > 3
    parts = [out.partitions[i].compute() for i in range(out.npartitions)]
    single = _single(sorted((events / "pq").glob("*.parquet")))
    got = pd.concat(parts, ignore_index=True)
    assert list(got.columns) == list(single.columns)
    pd.testing.assert_frame_equal(pd.DataFrame(got), pd.DataFrame(single))
    # Row order within partitions: each partition is the same slice of its file, index = row in file.
    first = parts[0]
    assert list(first.index) == list(range(len(first)))
    pd.testing.assert_frame_equal(pd.DataFrame(first).reset_index(drop=True),
                                  pd.DataFrame(single.iloc[:len(first)]).reset_index(drop=True))
    assert (got["geo_status"] == "resolved").sum() > len(got) // 2


def test_geocode_csv_glob_without_geometry(client, events):
    ddf = dask_engine.read_dask(str(events / "csv" / "*.csv"))
    out = dask_engine.geocode_dask(ddf, geometry=False)
    assert out.npartitions == 3 and not isinstance(out, dask_geopandas.GeoDataFrame)
    got = out.compute().reset_index(drop=True)
    single = pd.DataFrame(_single(sorted((events / "csv").glob("*.csv")))).drop(columns="geometry")
    pd.testing.assert_frame_equal(got, single)


def test_geodataframe_input_keeps_its_geometry(client):
    rows = geo.read_table(MIXED)
    gdf = gpd.GeoDataFrame(rows, geometry=gpd.points_from_xy(range(len(rows)), [0.0] * len(rows)), crs=4326)
    out = geo.geocode_table(dask_geopandas.from_geopandas(gdf, npartitions=2)).compute()
    expected = geo.geocode_table(gdf)
    assert out.geometry.name == "geometry" and list(out.geometry.x) == list(range(len(rows)))
    cols = [c for c in expected.columns if c.startswith("geo_")]  # dask retypes the user's text columns itself
    pd.testing.assert_frame_equal(pd.DataFrame(out[cols]), pd.DataFrame(expected[cols]))


def test_no_gazetteer_in_the_task_graph_and_one_index_per_worker(client, events):
    out = geo.geocode_table(dask_engine.read_dask(events / "pq", rows_per_partition=50))
    blob = pickle.dumps(dict(out.__dask_graph__()))
    assert b"Gazetteer" not in blob and len(blob) < 100_000  # column names and paths, not the index
    out.compute()

    def memo() -> tuple[int, int]:
        import gazetteer.index

        return len(gazetteer.index._MEMO), id(gazetteer.load())

    before = client.run(memo)
    out.compute()
    assert len(before) == 2 and client.run(memo) == before  # loaded once, reused across runs
    assert all(n == 1 for n, _ in before.values())


def test_parse_report_table_matches_single_process(client, report_table):
    files = sorted(report_table.glob("*.parquet"))
    ddf = dask_engine.read_dask(report_table, rows_per_partition=5, source_column="src")
    assert ddf.npartitions == 5
    out = dask_engine.parse_dask(ddf, text_column="text", source_column="src")
    got = out.compute().reset_index(drop=True)
    single = incidents_of(geo.parse_reports(files, text_column="text"))
    assert len(single) > 30 and set(got["source"]) >= {"a.parquet:1", "b.parquet:1"}
    pd.testing.assert_frame_equal(pd.DataFrame(got), pd.DataFrame(single))
    # A plain dask frame through parse_reports: same incidents, labelled "<partition>:<row>".
    lazy = geo.parse_reports(dd.from_pandas(geo.read_table(files[0]), npartitions=2), text_column="text")
    plain = lazy.compute()
    assert plain["source"].iloc[0] == "0:1"
    alone = incidents_of(geo.parse_reports([files[0]], text_column="text"))
    pd.testing.assert_frame_equal(pd.DataFrame(plain.drop(columns="source")).reset_index(drop=True),
                                  pd.DataFrame(alone.drop(columns="source")))


def test_bad_partitions_name_the_file(client, events, tmp_path):
    bad = tmp_path / "csv"
    bad.mkdir()
    for name in ("a.csv", "b.csv"):
        (bad / name).write_bytes(MIXED.read_bytes())
    header, rest = MIXED.read_text(encoding="utf-8").split("\n", 1)
    (bad / "c.csv").write_text(header.replace("location", "where") + "\n" + rest, encoding="utf-8")
    out = geo.geocode_table(dask_engine.read_dask(str(bad / "*.csv")))
    with pytest.raises(InputError, match=r"c\.csv: its columns differ .*missing \['location'\]"):
        out.compute()
    (bad / "c.csv").write_text('event_id,location\n1,"open quote\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"c\.csv: .*columns differ|c\.csv: line 2: malformed CSV"):
        geo.geocode_table(dask_engine.read_dask(str(bad / "*.csv"))).compute()
    broken = tmp_path / "pq"
    broken.mkdir()
    (broken / "part-0.parquet").write_bytes((events / "pq" / "part-0.parquet").read_bytes())
    (broken / "part-1.parquet").write_bytes((events / "pq" / "part-1.parquet").read_bytes()[:400])
    with pytest.raises(InputError, match=r"part-1\.parquet: not a readable Parquet file"):
        dask_engine.read_dask(broken)
    with pytest.raises(InputError, match="no files match"):
        dask_engine.read_dask(str(tmp_path / "nothing-*.parquet"))


def test_cli_geocode_and_parse_on_the_cluster(client, events, report_table, tmp_path):
    runner = CliRunner()
    address = client.scheduler.address
    out = tmp_path / "geocoded"
    args = ["geocode", str(events / "pq"), "-o", str(out), "--engine", "dask", "--scheduler", address]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "resolved" in result.output and sorted(p.name for p in out.iterdir())[0] == "part.0.parquet"
    written = pd.read_parquet(out)
    single = pd.DataFrame(_single(sorted((events / "pq").glob("*.parquet")))).drop(columns="geometry")
    pd.testing.assert_frame_equal(written, single, check_dtype=False)
    again = runner.invoke(app, args)
    assert again.exit_code == 2 and "--force" in again.output
    assert not list(tmp_path.glob(".geocoded.tmp-*"))

    incidents = tmp_path / "incidents"
    result = runner.invoke(app, ["parse", str(report_table), "--text-column", "text", "-o", str(incidents),
                                 "--engine", "dask", "--scheduler", address])
    assert result.exit_code == 0, result.output
    back = gpd.read_parquet(incidents)
    single = incidents_of(geo.parse_reports(sorted(report_table.glob("*.parquet")), text_column="text"))
    assert list(back["source"]) == list(single["source"]) and list(back["geo_name"]) == list(single["geo_name"])

    bad = runner.invoke(app, ["geocode", str(events / "pq"), "-o", str(tmp_path / "x"), "--engine", "dask",
                              "--scheduler", address, "--column", "nowhere"])
    assert bad.exit_code == 2 and bad.output.count("\n") == 1 and "'nowhere'" in bad.output


def test_force_replaces_an_earlier_dataset_but_never_a_folder_of_other_files(tmp_path):
    earlier = tmp_path / "earlier"
    earlier.mkdir()
    (earlier / "part.0.parquet").write_bytes(b"")
    assert dask_engine._output_dir(earlier, force=True) == earlier
    users = tmp_path / "users"
    users.mkdir()
    (users / "notes.txt").write_text("mine")
    with pytest.raises(InputError, match="will not replace"):
        dask_engine._output_dir(users, force=True)
    assert (users / "notes.txt").read_text() == "mine"
