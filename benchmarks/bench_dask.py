"""Benchmark: single-process streaming vs Dask (LocalCluster, N workers) for table geocoding and report parsing.

Run: ``python benchmarks/bench_dask.py [--rows 5000000] [--names 10000] [--reports 100000] [--workers 2]``.
The events table is bench_geocode's (real gazetteer names with spelling noise, a Zipf-like mix, 70 % with a
governorate hint), stored once as a single Parquet file (for ``geo.geocode_file``, the streaming
single-process baseline) and once as ``--files`` Parquet part files (for ``--engine dask``). Reports are
short Arabic and English incident sentences about real places, parsed by ``geo.parse_reports`` + a
Parquet write (baseline) and by ``geo.dask_engine.parse_dataset``.

Every run is a fresh child process, so wall times include interpreter start, gazetteer load and, for
Dask, cluster start-up. Peak memory is each process's own peak RSS (``ru_maxrss``): the driver, and for
Dask every worker (read on the workers before the cluster closes). Start-up cost is measured apart:
cluster start with the index loaded on every worker, and time to the first geocoded partition.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_geocode import make_table  # noqa: E402  (the same noisy events table as the geocode benchmark)

_EN = ["Regime shelling hit {name} in {gov} countryside, killing {n} civilians.",
       "Airstrikes targeted {name} on Monday; {n} people were injured.",
       "Clashes broke out near {name} between opposition fighters and government forces."]
_AR = ["قصفت قوات النظام بلدة {name} في ريف {gov}، ما أدى إلى مقتل {n} مدنيين.",
       "استهدفت غارات جوية مدينة {name} صباح اليوم وأصيب {n} أشخاص.",
       "اندلعت اشتباكات عنيفة في محيط قرية {name}."]


def _index_id() -> str:
    """A fingerprint of the built gazetteer (its manifest): runs are comparable only on the same index."""
    import hashlib

    from gazetteer import paths

    return hashlib.sha1((paths.cache_dir() / "manifest.json").read_bytes()).hexdigest()[:12]


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def make_events(root: Path, rows: int, names: int, files: int) -> None:
    """events.parquet (one file) and parts/part-*.parquet (``files`` files), row groups of 100,000 rows."""
    import pyarrow as pa
    import pyarrow.csv as pcsv
    import pyarrow.parquet as pq

    csv = root / "events.csv"
    make_table(csv, rows, names)
    columns = ["event_id", "date", "location", "governorate", "fatalities", "source"]
    reader = pcsv.open_csv(csv, convert_options=pcsv.ConvertOptions(column_types={c: pa.string() for c in columns}))
    (root / "parts").mkdir()
    per_file = -(-rows // files)
    whole = pq.ParquetWriter(root / "events.parquet", reader.schema)
    part, part_rows, done = None, 0, 0
    for batch in reader:
        table = pa.Table.from_batches([batch])
        whole.write_table(table, row_group_size=100_000)
        while table.num_rows:
            if part is None:
                part = pq.ParquetWriter(root / "parts" / f"part-{done // per_file:03d}.parquet", reader.schema)
            take = table.slice(0, per_file - part_rows)
            part.write_table(take, row_group_size=100_000)
            part_rows, done, table = part_rows + take.num_rows, done + take.num_rows, table.slice(take.num_rows)
            if part_rows == per_file:
                part.close()
                part, part_rows = None, 0
    whole.close()
    if part is not None:
        part.close()
    csv.unlink()


def make_reports(root: Path, count: int, files: int, seed: int = 11) -> None:
    """reports.parquet and reports/part-*.parquet: id, date, text (one or two sentences each)."""
    import pandas as pd

    import gazetteer

    places = gazetteer.load().places
    towns = places[places["kind"].isin(["town", "city", "village"]) & (places["name"] != "")
                   & (places["name_ar"] != "") & (places["adm1_name"] != "")].sample(2000, random_state=seed)
    rng = random.Random(seed)
    rows = towns[["name", "name_ar", "adm1_name", "adm1_name_ar"]].to_numpy().tolist()
    texts = []
    for _ in range(count):
        name, name_ar, gov, gov_ar = rng.choice(rows)
        arabic = rng.random() < 0.5
        parts = [rng.choice(_AR if arabic else _EN).format(name=name_ar if arabic else name,
                                                           gov=gov_ar if arabic else gov, n=rng.randint(1, 9))
                 for _ in range(rng.randint(1, 2))]
        texts.append(" ".join(parts))
    table = pd.DataFrame({"id": [f"R{i:06d}" for i in range(count)], "date": "2019-05-12", "text": texts})
    table.to_parquet(root / "reports.parquet", row_group_size=10_000, index=False)
    (root / "reports").mkdir()
    per_file = -(-count // files)
    for i in range(0, count, per_file):
        table.iloc[i:i + per_file].to_parquet(root / "reports" / f"part-{i // per_file:03d}.parquet",
                                              row_group_size=10_000, index=False)


# --------------------------------------------------------------------------- children (one process each)


def child_single(kind: str, root: str) -> dict:
    """geocode_file over the single Parquet file, or the streaming parse path `syrmap parse` uses."""
    import geo

    t = time.perf_counter()
    if kind == "geocode":
        summary = geo.geocode_file(Path(root) / "events.parquet", Path(root) / "single.parquet", force=True)
        out = {"rows": summary.rows, "statuses": dict(summary.statuses)}
    else:
        reports = geo.iter_reports([Path(root) / "reports.parquet"], text_column="text")
        _, rows = geo.write_incidents(reports, Path(root) / "single-incidents.parquet", force=True)
        out = {"rows": rows}
    return {**out, "seconds": time.perf_counter() - t, "peak_mb": _peak_mb(), "index": _index_id()}


def _worker_peak() -> tuple[float, float]:
    import gazetteer.index

    return _peak_mb(), float(len(gazetteer.index._MEMO))


def child_dask(kind: str, root: str, workers: int, rows_per_partition: int) -> dict:
    """The whole Dask run: cluster start (index loaded on each worker), compute, Parquet dataset written."""
    from geo import dask_engine

    t = time.perf_counter()
    warm = dask_engine.WarmGazetteer(names=kind == "parse")
    with dask_engine.dask_client(workers=workers, warm=warm) as client:
        up = time.perf_counter() - t
        after_load = client.run(_worker_peak)
        src, dst = Path(root) / ("parts" if kind == "geocode" else "reports"), Path(root) / f"dask-{kind}"
        run = dask_engine.geocode_dataset if kind == "geocode" else dask_engine.parse_dataset
        extra = {} if kind == "geocode" else {"text_column": "text"}
        summary = run(src, dst, force=True, client=client, rows_per_partition=rows_per_partition, **extra)
        peaks = client.run(_worker_peak)
    return {"rows": summary.rows, "statuses": summary.statuses, "partitions": summary.partitions,
            "seconds": time.perf_counter() - t, "startup": up, "run": summary.seconds, "peak_mb": _peak_mb(),
            "workers_after_load_mb": [v[0] for v in after_load.values()],
            "workers_peak_mb": [v[0] for v in peaks.values()], "index": _index_id()}


def child_first(root: str, workers: int, rows_per_partition: int) -> dict:
    """Time to the first result: a fresh cluster, the index loaded on each worker, one partition geocoded."""
    import gazetteer
    from geo import dask_engine

    t = time.perf_counter()
    gazetteer.load()
    driver_load = time.perf_counter() - t
    with dask_engine.dask_client(workers=workers, warm=dask_engine.WarmGazetteer()) as client:
        up = time.perf_counter() - t
        loads = client.run(_timed_reload)
        ddf = dask_engine.read_dask(Path(root) / "parts", rows_per_partition=rows_per_partition)
        out = dask_engine.geocode_dask(ddf, geometry=False)
        first = client.compute(out.partitions[0]).result()
        return {"startup": up, "first": time.perf_counter() - t, "first_rows": len(first),
                "driver_load": driver_load, "worker_index_load": list(loads.values())}


def _timed_reload() -> float:
    """Seconds a worker needs to load the index from the built cache (what the warm-up plugin pays)."""
    import gazetteer.index

    gazetteer.index.clear_memo()
    t = time.perf_counter()
    gazetteer.load()
    return time.perf_counter() - t


def _child(*args: str) -> dict:
    sizes = [a for a in args if a.startswith("--")]
    if sizes:  # "--rows N" and friends go before --child, which takes the rest
        i = args.index(sizes[0])
        args, options = args[:i], args[i:]
    else:
        options = ()
    proc = subprocess.run([sys.executable, __file__, *options, "--child", *args], capture_output=True, text=True)
    if proc.returncode:
        sys.exit(f"child {args} failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _report(what: str, single: dict, dask: dict, workers: int) -> None:
    dask_total = dask["peak_mb"] + sum(dask["workers_peak_mb"])
    print(f"{what} single-process: {single['rows']:,} rows out in {single['seconds']:.1f} s, "
          f"peak RSS {single['peak_mb']:.0f} MB")
    print(f"{what} dask x{workers}: {dask['rows']:,} rows out in {dask['seconds']:.1f} s "
          f"({dask['startup']:.1f} s cluster start + index load, {dask['run']:.1f} s reading, computing and "
          f"writing {dask['partitions']} partitions, the rest interpreter start and shutdown); "
          f"peak RSS driver {dask['peak_mb']:.0f} MB, workers "
          f"{' + '.join(f'{m:.0f}' for m in dask['workers_peak_mb'])} MB "
          f"(after index load: {' / '.join(f'{m:.0f}' for m in dask['workers_after_load_mb'])} MB), "
          f"total {dask_total:.0f} MB")
    print(f"{what} ratio: dask x{workers} is {single['seconds'] / dask['seconds']:.2f}x the single-process speed "
          f"(wall; {single['seconds'] / dask['run']:.2f}x counting only the run itself); "
          f"memory {dask_total / single['peak_mb']:.2f}x")


def main() -> None:
    """Build the data, run every path in its own process, print the numbers and the ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5_000_000)
    parser.add_argument("--names", type=int, default=10_000, help="distinct place names in the events table")
    parser.add_argument("--reports", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--files", type=int, default=10, help="Parquet part files of each dataset")
    parser.add_argument("--rows-per-partition", type=int, default=250_000)
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        mode, kind, root, *rest = args.child
        if mode == "make":
            t = time.perf_counter()
            make_events(Path(root), args.rows, args.names, args.files)
            make_reports(Path(root), args.reports, args.files)
            result = {"seconds": time.perf_counter() - t}
        elif mode == "single":
            result = child_single(kind, root)
        elif mode == "first":
            result = child_first(root, int(rest[0]), int(rest[1]))
        else:
            result = child_dask(kind, root, int(rest[0]), int(rest[1]))
        print(json.dumps(result))
        return

    w, rpp = str(args.workers), str(args.rows_per_partition)
    with tempfile.TemporaryDirectory() as tmp:
        # Built in a child too: Linux carries a parent's peak RSS into children it starts, so this process
        # must stay small for the children's ru_maxrss to be their own.
        sizes = ["--rows", str(args.rows), "--names", str(args.names), "--reports", str(args.reports),
                 "--files", str(args.files)]
        made = _child("make", "data", tmp, *sizes)
        print(f"data: {args.rows:,} event rows ({args.names:,} distinct names) in 1 and {args.files} Parquet files, "
              f"{args.reports:,} reports; built in {made['seconds']:.0f} s")
        first = _child("first", "geocode", tmp, w, rpp)
        print(f"start-up (dask x{args.workers}): cluster up with the index loaded on every worker "
              f"{first['startup']:.1f} s (driver load {first['driver_load']:.1f} s first); index load per worker "
              f"{' / '.join(f'{s:.2f}' for s in first['worker_index_load'])} s; first partition "
              f"({first['first_rows']:,} rows) back after {first['first']:.1f} s")
        for kind in ("geocode", "parse"):
            single = _child("single", kind, tmp)
            dask = _child("dask", kind, tmp, w, rpp)
            _report(kind, single, dask, args.workers)
            if single["index"] != dask["index"]:
                print(f"WARNING: the gazetteer was rebuilt between the {kind} runs ({single['index']} vs "
                      f"{dask['index']}); the answers are not comparable")
            if kind == "geocode" and single["statuses"] != dask["statuses"]:
                print(f"MISMATCH: single {single['statuses']} vs dask {dask['statuses']}")
            if kind == "parse" and single["rows"] != dask["rows"]:
                print(f"MISMATCH: single {single['rows']} incidents vs dask {dask['rows']}")


if __name__ == "__main__":
    main()
