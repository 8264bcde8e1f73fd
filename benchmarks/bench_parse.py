"""Benchmark report geoparsing: automaton build/load time, mention-finding and full-parse throughput,
against a naive baseline (test every gazetteer name as a substring of the text) in the same run.

Run: python benchmarks/bench_parse.py
"""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path

import gazetteer
from geo.mentions import NameIndex, NormText, find_mentions, name_index, normalize_text
from geo.report import parse_report

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT.parent / "shared" / "examples" / "reports"
LABELLED = ROOT / "tests" / "data" / "labelled_sentences.jsonl"


def corpus() -> list[str]:
    """The example reports and the labelled sentences as separate report texts."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(REPORTS.glob("*.txt"))]
    texts += [json.loads(line)["text"] for line in LABELLED.read_text(encoding="utf-8").splitlines()]
    return texts


def mb(texts: list[str]) -> float:
    return sum(len(t.encode("utf-8")) for t in texts) / 1e6


def main() -> None:
    gz = gazetteer.load()
    names = gz.names["name"].drop_duplicates().tolist()

    t0 = time.perf_counter()
    index = NameIndex.from_names(names)
    build = time.perf_counter() - t0
    with tempfile.TemporaryDirectory() as tmp:
        name_index(gz, cache_dir=tmp)  # builds and pickles
        from geo import mentions

        mentions._INDEXES.clear()
        t0 = time.perf_counter()
        name_index(gz, cache_dir=tmp)
        load = time.perf_counter() - t0
    print(f"automaton: {len(names):,} names -> {len(index):,} keys; build {build:.2f} s, "
          f"load from disk cache {load:.2f} s")

    base = corpus()
    texts = base * 200  # ~ a few MB of report text
    size = mb(texts)

    t0 = time.perf_counter()
    n_mentions = sum(len(find_mentions(t, index=index)) for t in texts)
    scan = time.perf_counter() - t0
    print(f"find_mentions: {size:.2f} MB in {scan:.2f} s = {size / scan:.2f} MB/s ({n_mentions:,} mentions)")

    # Full parse (mentions, context resolution, roles, events, incident frame): first with every name
    # new to the process (cold), then the same reports again (names already resolved, as in a big batch).
    for label in ("cold", "warm"):
        t0 = time.perf_counter()
        n_inc = sum(len(parse_report(t, index=index).incidents) for t in base)
        full = time.perf_counter() - t0
        print(f"parse_report ({label} resolution memo): {mb(base):.3f} MB in {full:.2f} s = "
              f"{mb(base) / full:.3f} MB/s ({len(base)} reports, {n_inc} incidents; "
              f"{full / len(base) * 1000:.1f} ms per report)")

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


if __name__ == "__main__":
    main()
