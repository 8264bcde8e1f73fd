"""Benchmark: geocode a 1,000,000-row CSV with 10,000 distinct noisy names vs a naive row-by-row loop.

Run: ``python benchmarks/bench_geocode.py [--rows 1000000] [--distinct 10000] [--naive 10000]``.
Names are real gazetteer surface forms with realistic spelling noise (Kafr/Kfar, Tall/Tell, al-/el-,
vowels, doubled letters, hyphens, case, Arabic ة/ه and the article); about 70 % of rows carry their
governorate as a hint. ``geo.geocode_file`` runs in a child process so its peak RSS can be read
(``RUSAGE_CHILDREN``); the naive loop (``for row: gazetteer.resolve(name, admin1=gov)``) runs on the
first ``--naive`` rows in a second child and is extrapolated to the full row count.
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

import numpy as np
import pandas as pd

BUDGET_S = 30.0
BUDGET_RSS_GB = 4.0
_LATIN_NOISE = [("Kafr ", "Kfar "), ("Kafr ", "Kafar "), ("Tall ", "Tell "), ("Tall ", "Tal "), ("al ", "el-"),
                ("Al ", "Al-"), ("ou", "u"), ("u", "ou"), ("ay", "ei"), ("i", "ee"), ("q", "k"), ("sh", "ch"),
                ("ah", "eh"), ("ah", "a"), (" ", "-"), ("-", " "), ("aa", "a"), ("Ayn ", "Ain ")]
_ARABIC_NOISE = [("ة", "ه"), ("ال", ""), ("أ", "ا"), ("ي", "ى"), (" ", "")]


def noisy(name: str, rng: random.Random) -> str:
    """One plausible misspelling of a name: one to three substitutions, sometimes a case change."""
    table = _ARABIC_NOISE if any("\u0600" <= ch <= "\u06ff" for ch in name) else _LATIN_NOISE
    out = name
    for _ in range(rng.randint(1, 3)):
        old, new = rng.choice(table)
        if old in out:
            out = out.replace(old, new, 1)
        elif len(out) > 4 and table is _LATIN_NOISE:
            i = rng.randrange(1, len(out) - 1)
            out = out[:i] + out[i] + out[i:]  # a doubled letter
    return out.lower() if rng.random() < 0.1 else out


def make_table(path: Path, rows: int, distinct: int, seed: int = 7) -> None:
    """Write the benchmark CSV: event_id, date, location, governorate, fatalities, source."""
    import gazetteer

    gz = gazetteer.load()
    rng = random.Random(seed)
    places = gz.places.reset_index(drop=True)
    names = gz.names[gz.names["place"].map(places["kind"]).isin(["village", "town", "city", "neighbourhood"])]
    names = names[names["name"].str.len().between(3, 40)]
    picks = names.sample(n=min(len(names), distinct * 2), random_state=seed)
    chosen: dict[str, str] = {}
    for place, name in zip(picks["place"], picks["name"], strict=True):
        text = name if rng.random() < 0.4 else noisy(name, rng)
        chosen.setdefault(text, places.at[place, "adm1_name"])
        if len(chosen) == distinct:
            break
    texts, govs = np.array(list(chosen)), np.array(list(chosen.values()))
    nrng = np.random.default_rng(seed)
    weights = 1.0 / np.arange(1, len(texts) + 1) ** 0.8  # a few places dominate, as in real event data
    idx = nrng.choice(len(texts), size=rows, p=weights / weights.sum())
    idx[: len(texts)] = np.arange(len(texts))  # every distinct name occurs at least once
    nrng.shuffle(idx)
    hint = np.where(nrng.random(rows) < 0.7, govs[idx], "")
    pd.DataFrame({
        "event_id": [f"E{i:07d}" for i in range(rows)],
        "date": "2019-05-12",
        "location": texts[idx],
        "governorate": hint,
        "fatalities": nrng.integers(0, 9, rows).astype(str),
        "source": "monitor",
    }).to_csv(path, index=False)


def child_geocode(src: str, dst: str) -> None:
    """Child process: geocode src into dst and print the summary as JSON."""
    import geo

    t = time.perf_counter()
    summary = geo.geocode_file(src, dst, force=True)
    print(json.dumps({"seconds": time.perf_counter() - t, "rows": summary.rows, "distinct": summary.distinct,
                      "statuses": dict(summary.statuses)}))


def child_naive(src: str, n: int) -> None:
    """Child process: the naive loop, one gazetteer.resolve per row (gazetteer loaded before timing)."""
    import gazetteer

    df = pd.read_csv(src, nrows=n, dtype=str, keep_default_na=False)
    gazetteer.load()
    t = time.perf_counter()
    statuses = [gazetteer.resolve(text, admin1=gov or None).status
                for text, gov in zip(df["location"], df["governorate"], strict=True)]
    print(json.dumps({"seconds": time.perf_counter() - t, "rows": len(statuses)}))


def _run_child(*args: str) -> tuple[dict, float]:
    t = time.perf_counter()
    proc = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, check=True)
    return json.loads(proc.stdout.strip().splitlines()[-1]), time.perf_counter() - t


def main() -> None:
    """Build the table, measure both paths, print the numbers and the ratio; exit 1 over budget."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--distinct", type=int, default=10_000)
    parser.add_argument("--naive", type=int, default=10_000, help="rows for the naive loop")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        mode, *rest = args.child
        child_geocode(*rest) if mode == "geocode" else child_naive(rest[0], int(rest[1]))
        return

    with tempfile.TemporaryDirectory() as tmp:
        src, dst = Path(tmp) / "events.csv", Path(tmp) / "out.csv"
        t = time.perf_counter()
        make_table(src, args.rows, args.distinct)
        print(f"table: {args.rows:,} rows, {args.distinct:,} distinct names, {src.stat().st_size / 1e6:.0f} MB "
              f"(built in {time.perf_counter() - t:.1f} s)")
        fast, wall = _run_child("--child", "geocode", str(src), str(dst))
        peak_gb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024**2  # KiB on Linux
        print(f"geocode_file: {fast['rows']:,} rows in {fast['seconds']:.1f} s "
              f"({wall:.1f} s with interpreter start and gazetteer load), peak RSS {peak_gb:.2f} GB; "
              f"{fast['distinct']:,} distinct keys; statuses {fast['statuses']}")
        naive, _ = _run_child("--child", "naive", str(src), str(args.naive))
        per_row = naive["seconds"] / naive["rows"]
        projected = per_row * args.rows
        print(f"naive resolve loop: {naive['rows']:,} rows in {naive['seconds']:.1f} s "
              f"({per_row * 1e3:.2f} ms/row, {projected:.0f} s projected for {args.rows:,} rows)")
        print(f"ratio: geocode_file is {projected / wall:.0f}x faster than the naive loop (wall time)")
    over = wall > BUDGET_S or peak_gb > BUDGET_RSS_GB
    print(f"budget: {BUDGET_S:.0f} s and {BUDGET_RSS_GB:.0f} GB -> {'OVER' if over else 'ok'}")
    sys.exit(1 if over else 0)


if __name__ == "__main__":
    random.seed(0)
    main()
