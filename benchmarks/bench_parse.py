"""Benchmark report geoparsing: automaton build/load time, mention-finding and full-parse throughput,
against naive baselines measured in the same run.

- find_mentions (MB/s) against a naive scan (test every gazetteer name as a substring of the text);
- full ``parse_report`` (reports/s and MB/s) on the example reports + labelled sentences and on short
  synthetic reports (bench_dask's generator: ~100 characters, and three of them joined: ~300), cold (names
  new to the process) and warm, with one incident frame per batch (``incidents_of``) against
  the naive way of a GeoDataFrame per report stacked afterwards;
- with ``--stream-reports N`` (e.g. 100000): ``syrmap parse``'s streaming path (``iter_reports`` +
  ``write_incidents`` to Parquet) against holding every Report and one frame of all incidents, each in a
  fresh child process, wall time and peak RSS.

- with ``--eval``: accuracy on the Syrian Archive dev sets (``../shared/eval/text_dev_{ar,en}.csv``) scored as
  ``../shared/eval/README.md`` says: a text is a hit when an incident lies within 5 km of the gold point;
  hits on all rows and on ``gold_in_text`` rows, incidents per text, share of incidents within 25 km of
  gold, crashes and texts/s. ``--dump FILE`` writes every text with its incidents and mentions (misses
  first) to study failure classes.

- long reports (the dev texts joined into one report, on one line, without sentence breaks, 5 MB of that, and a list of
  20,000 places): MB/s of the first parse (its names new in their contexts) and of a warm one (resolutions
  memoised), against the naive unbounded context (`unbounded_context`) in the same run.

Run: python benchmarks/bench_parse.py [--short 5000] [--stream-reports 100000] [--eval [--dump misses.txt]]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT.parent / "shared" / "examples" / "reports"
EVAL = ROOT.parent / "shared" / "eval"
LABELLED = ROOT / "tests" / "data" / "labelled_sentences.jsonl"
sys.path.insert(0, str(Path(__file__).resolve().parent))


def corpus() -> list[str]:
    """The example reports and the labelled sentences as separate report texts."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(REPORTS.glob("*.txt"))]
    texts += [json.loads(line)["text"] for line in LABELLED.read_text(encoding="utf-8").splitlines()]
    return texts


def short_reports(count: int, folder: Path) -> Path:
    """bench_dask's short Arabic/English incident reports (real places), as ``folder/reports.parquet``."""
    from bench_dask import make_reports

    make_reports(folder, count, files=1)
    return folder / "reports.parquet"


def mb(texts: list[str]) -> float:
    return sum(len(t.encode("utf-8")) for t in texts) / 1e6


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def parse_batched(texts: list[str], index: object, batch: int = 1000) -> int:
    """Parse and build one incident frame per `batch` reports (what parse_table/write_incidents do)."""
    from geo.report import incidents_of, parse_report

    rows = 0
    for i in range(0, len(texts), batch):
        rows += len(incidents_of([parse_report(t, index=index) for t in texts[i:i + batch]]))
    return rows


def parse_frame_per_report(texts: list[str], index: object) -> int:
    """Naive: a GeoDataFrame per report, stacked afterwards."""
    import pandas as pd

    from geo.report import parse_report

    frames = [parse_report(t, index=index).incidents for t in texts]
    return len(pd.concat(frames, ignore_index=True))


def _rate(label: str, texts: list[str], seconds: float, incidents: int) -> float:
    per_s = len(texts) / seconds
    print(f"  {label}: {len(texts):,} reports ({mb(texts):.3f} MB) in {seconds:.2f} s = {per_s:,.0f} reports/s, "
          f"{mb(texts) / seconds:.3f} MB/s ({incidents:,} incidents; {seconds / len(texts) * 1000:.2f} ms per report)")
    return per_s


def full_parse(title: str, texts: list[str], index: object) -> None:
    """Cold pass (every name new to the process), then warm passes: batched frames vs a frame per report."""
    import gazetteer

    gazetteer.load().forget()  # the resolution memo (and the hint cache) hang off the gazetteer
    print(f"parse_report on {title}:")
    t0 = time.perf_counter()
    n = parse_batched(texts, index)
    _rate("cold resolution memo, batched frames", texts, time.perf_counter() - t0, n)
    t0 = time.perf_counter()
    n = parse_batched(texts, index)
    fast = _rate("warm, batched frames", texts, time.perf_counter() - t0, n)
    t0 = time.perf_counter()
    n = parse_frame_per_report(texts, index)
    naive = _rate("warm, naive GeoDataFrame per report", texts, time.perf_counter() - t0, n)
    print(f"  speed-up of batched frames over a frame per report: {fast / naive:.1f}x")


def child(mode: str, table: str, out: str) -> dict:
    """One `syrmap parse`-like run over a report table: streaming, or every Report and frame held."""
    import geo
    from geo.report import incidents_of, iter_reports, write_incidents

    t0 = time.perf_counter()
    if mode == "stream":
        n_reports, n_incidents = write_incidents(iter_reports([table], text_column="text"), out, force=True)
    else:
        reports = geo.parse_reports([table], text_column="text")
        incidents = incidents_of(reports)
        geo.write_table(incidents, out, force=True)
        n_reports, n_incidents = len(reports), len(incidents)
    return {"seconds": time.perf_counter() - t0, "peak_mb": _peak_mb(), "reports": n_reports,
            "incidents": n_incidents}


def _run_child(*args: str) -> dict:
    proc = subprocess.run([sys.executable, __file__, "--child", *args], capture_output=True, text=True)
    if proc.returncode:
        sys.exit(f"child {args} failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def stream_memory(count: int) -> None:
    """Peak RSS of streaming vs holding everything, each in a fresh child (before this process grows)."""
    with tempfile.TemporaryDirectory() as tmp:
        _run_child("make", str(count), tmp)
        table = str(Path(tmp) / "reports.parquet")
        runs = {mode: _run_child(mode, table, str(Path(tmp) / f"{mode}.parquet")) for mode in ("stream", "hold")}
    for mode, label in (("stream", "streaming (iter_reports + write_incidents)"),
                        ("hold", "naive: every Report + one frame held")):
        r = runs[mode]
        print(f"syrmap parse path, {label}: {r['reports']:,} reports -> {r['incidents']:,} incidents in "
              f"{r['seconds']:.1f} s ({r['reports'] / r['seconds']:,.0f} reports/s incl. gazetteer load), "
              f"peak RSS {r['peak_mb']:.0f} MB")
    print(f"  memory: streaming peaks at {runs['stream']['peak_mb'] / runs['hold']['peak_mb']:.2f}x the naive run")


def _incident_distances(report: object, lat: float, lon: float) -> list[float]:
    """km from the gold point to each incident: 0 inside an area's polygon, else to its point."""
    from shapely.geometry import Point

    from gazetteer.geodesy import haversine_km

    gold = Point(lon, lat)
    out = []
    for _, m in report.incident_rows:  # type: ignore[attr-defined]
        if not m.ok:
            continue
        inside = m.geometry is not None and m.geometry.geom_type.endswith("Polygon") and m.geometry.contains(gold)
        out.append(0.0 if inside else haversine_km(lat, lon, m.lat, m.lon))
    return out


def evaluate(name: str, dump: object = None) -> dict:
    """Score parse_report on one dev set (see ../shared/eval/README.md for the convention)."""
    import traceback

    import pandas as pd

    from gazetteer.geodesy import haversine_km
    from geo.mentions import name_index
    from geo.report import parse_report

    rows = pd.read_csv(EVAL / name, dtype=str, keep_default_na=False)
    index = name_index()
    parse_report("warm-up حلب", index=index)
    hits = gold_hits = gold_n = crashes = n_inc = near = 0
    lines: list[tuple[bool, str]] = []
    t0 = time.perf_counter()
    for r in rows.itertuples(index=False):
        glat, glon = float(r.gold_lat), float(r.gold_lon)
        in_text = r.gold_in_text.strip() == "1"
        gold_n += in_text
        try:
            report = parse_report(r.text, index=index)
        except Exception:  # noqa: BLE001 - a crash is a measured outcome here
            crashes += 1
            lines.append((False, f"### {r.id} CRASH\n{traceback.format_exc()}\n"))
            continue
        dists = _incident_distances(report, glat, glon)
        hit = any(d <= 5 for d in dists)
        hits += hit
        gold_hits += hit and in_text
        n_inc += len(dists)
        near += sum(d <= 25 for d in dists)
        if dump is not None:
            gold = getattr(r, "gold_place_ar", "") or getattr(r, "gold_place", "")
            en = getattr(r, "gold_place_en", "")
            out = [f"### {r.id} {'HIT' if hit else 'MISS'} in_text={int(in_text)} gold={gold} {en} "
                   f"({glat:.3f},{glon:.3f})", r.text.strip()[:1500]]
            for m in report.mentions:
                mt = m.match
                where = (f"{mt.name} {mt.adm1_pcode} {haversine_km(glat, glon, mt.lat, mt.lon):.0f}km c={mt.confidence}"
                         if mt is not None and mt.ok else (mt.status if mt is not None else "-"))
                out.append(f"  [{m.role:9}] {m.surface!r} ({m.source}/{m.trigger}) -> {where}")
            for row, mt in report.incident_rows:
                out.append(f"  INCIDENT {row['surface']!r} {row['event_type']} "
                           f"{haversine_km(glat, glon, mt.lat, mt.lon) if mt.ok else -1:.0f}km")
            lines.append((hit, "\n".join(out) + "\n"))
    seconds = time.perf_counter() - t0
    result = {"set": name, "rows": len(rows), "hit_all": hits / len(rows),
              "gold_in_text": gold_n, "hit_gold_in_text": gold_hits / max(gold_n, 1),
              "incidents_per_text": n_inc / len(rows), "within_25km": near / max(n_inc, 1),
              "crashes": crashes, "texts_per_s": len(rows) / seconds}
    if dump is not None:
        with open(dump, "a", encoding="utf-8") as fh:
            for _, text in sorted(lines, key=lambda x: x[0]):
                fh.write(text)
    return result


@contextlib.contextmanager
def unbounded_context():
    """The naive approach: read roles and co-mentions over the whole sentence, however long (no windows,
    every place of the sentence a peer, role cues searched over the whole prefix)."""
    from geo import report

    saved = report._WINDOW, report._PEERS, report._ROLE_REACH
    report._WINDOW = report._PEERS = report._ROLE_REACH = 10**9
    try:
        yield
    finally:
        report._WINDOW, report._PEERS, report._ROLE_REACH = saved


def _timed_parse(text: str, index: object) -> tuple[float, float, int]:
    """Wall and CPU seconds of one parse (CPU time says more on a machine shared with other work)."""
    from geo.report import parse_report

    t0, c0 = time.perf_counter(), time.process_time()
    r = parse_report(text, index=index)
    return time.perf_counter() - t0, time.process_time() - c0, len(r.mentions)


def long_reports(index: object) -> None:
    """MB/s on long reports (dev texts joined into one report; a single line without full stops; a list of
    20,000 places) against the unbounded naive context, both measured here on the same texts."""
    import pandas as pd

    dev = [t for name in ("text_dev_ar.csv", "text_dev_en.csv")
           for t in pd.read_csv(EVAL / name, dtype=str, keep_default_na=False)["text"]]
    joined = "\n".join(dev)
    one_line = " ".join(joined.split())  # no line breaks; sentence ends kept
    no_breaks = re.sub(r"[.!?؟\n]", " ", joined)
    villages = "، ".join(["كفرنبل", "حاس", "سراقب", "أريحا", "معرة النعمان"] * 4000)
    five_mb = " ".join([no_breaks] * 32)
    _timed_parse("حلب Aleppo", index)  # load word frequencies
    for label, text, part in (("dev texts joined into one report", joined, 8), ("the same on one line", one_line, 8),
                              ("the same without any sentence break", no_breaks, 8),
                              ("a list of 20,000 places", villages, 8),
                              ("5 MB on one line without sentence breaks", five_mb, 256)):
        size = len(text.encode("utf-8")) / 1e6
        seconds, cpu, n = _timed_parse(text, index)
        # Again, with its resolutions memoised: "warm" as the short-text figures measure it.
        warm, _, _ = _timed_parse(text, index)
        line = (f"  {label}: {size:.2f} MB, {n:,} mentions in {seconds:.2f} s = {size / seconds:.2f} MB/s "
                f"(CPU {cpu:.2f} s = {size / cpu:.2f} MB/s; warm {size / warm:.2f} MB/s)")
        # The naive way grows with the square of a sentence: it runs on a part (an eighth; 20 KB of 5 MB).
        cut = text[: max(1, len(text) // part)]
        with unbounded_context():
            naive_s, _, _ = _timed_parse(cut, index)
        naive_rate = len(cut.encode("utf-8")) / 1e6 / naive_s
        print(f"{line}; naive unbounded context on its first 1/{part}: {naive_rate:.3f} MB/s "
              f"({size / seconds / naive_rate:.1f}x)")


def run_eval(dump: str | None) -> None:
    if dump:
        Path(dump).write_text("", encoding="utf-8")
    for name in ("text_dev_ar.csv", "text_dev_en.csv"):
        r = evaluate(name, dump)
        print(f"{r['set']}: {r['rows']} texts; hit@5km all rows {r['hit_all']:.3f}, gold_in_text rows "
              f"({r['gold_in_text']}) {r['hit_gold_in_text']:.3f}; {r['incidents_per_text']:.2f} incidents/text, "
              f"{r['within_25km']:.3f} of incidents within 25 km of gold; {r['crashes']} crashes; "
              f"{r['texts_per_s']:.0f} texts/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--short", type=int, default=5000, help="short synthetic reports for the throughput run")
    parser.add_argument("--stream-reports", type=int, default=0, help="reports for the memory run (0: skip)")
    parser.add_argument("--eval", action="store_true", help="accuracy on the ../shared/eval text dev sets, then stop")
    parser.add_argument("--dump", help="with --eval: write each text, its mentions and incidents here (misses first)")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.eval:
        run_eval(args.dump)
        return
    if args.child:
        mode, *rest = args.child
        if mode == "make":
            short_reports(int(rest[0]), Path(rest[1]))
            print("{}")
        else:
            print(json.dumps(child(mode, *rest)))
        return
    # First, while this process is small: Linux passes a parent's peak RSS on to the children it starts.
    if args.stream_reports:
        stream_memory(args.stream_reports)

    import pandas as pd

    import gazetteer
    from geo.mentions import NameIndex, NormText, find_mentions, name_index, normalize_text

    gz = gazetteer.load()
    names = gz.names["name"].drop_duplicates().tolist()

    t0 = time.perf_counter()
    index = NameIndex.from_names(names)
    build = time.perf_counter() - t0
    with tempfile.TemporaryDirectory() as tmp:
        name_index(gz, cache_dir=tmp)  # builds and pickles
        gz.forget()  # the automaton is kept on the gazetteer: drop it to time the load from disk
        t0 = time.perf_counter()
        name_index(gz, cache_dir=tmp)
        load = time.perf_counter() - t0
    t0 = time.perf_counter()
    for _ in range(1000):
        name_index(gz)
    lookup = (time.perf_counter() - t0) / 1000
    print(f"automaton: {len(names):,} names -> {len(index):,} keys; build {build:.2f} s, "
          f"load from disk cache {load:.2f} s, memoised lookup {lookup * 1e6:.0f} µs")

    base = corpus()
    texts = base * 200  # ~ a few MB of report text
    size = mb(texts)
    t0 = time.perf_counter()
    n_mentions = sum(len(find_mentions(t, index=index)) for t in texts)
    scan = time.perf_counter() - t0
    print(f"find_mentions: {size:.2f} MB in {scan:.2f} s = {size / scan:.2f} MB/s ({n_mentions:,} mentions)")

    # Naive baseline: every normalized name tested as a substring (no boundaries, no clitics), on a sample.
    keys = list({normalize_text(n) for n in names if isinstance(n, str) and len(normalize_text(n)) > 1})
    sample = base[:8]
    norms = [NormText.of(t).norm for t in sample]
    t0 = time.perf_counter()
    naive_hits = sum(1 for norm in norms for key in keys if key in norm)
    naive = time.perf_counter() - t0
    naive_rate = mb(sample) / naive
    print(f"naive substring scan: {mb(sample):.4f} MB in {naive:.2f} s = {naive_rate:.4f} MB/s "
          f"({naive_hits} raw substring hits)")
    print(f"speed-up of find_mentions over the naive scan: {size / scan / naive_rate:.0f}x")

    # Full parse: mentions, context resolution, roles, events, incident rows and frames.
    full_parse(f"the {len(base)} example reports + labelled sentences", base, index)
    if EVAL.is_dir():
        dev = [t for name in ("text_dev_ar.csv", "text_dev_en.csv")
               for t in pd.read_csv(EVAL / name, dtype=str, keep_default_na=False)["text"]]
        full_parse(f"the {len(dev)} dev texts (Syrian Archive, short)", dev, index)
        print("long reports:")
        long_reports(index)
    with tempfile.TemporaryDirectory() as tmp:
        short = pd.read_parquet(short_reports(args.short, Path(tmp)))["text"].tolist()
    for texts in (short, [" ".join(short[i:i + 3]) for i in range(0, len(short), 3)]):
        length = sum(map(len, texts)) / len(texts)
        full_parse(f"{len(texts):,} short synthetic reports (~{length:.0f} characters)", texts, index)


if __name__ == "__main__":
    main()
