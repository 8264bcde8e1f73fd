"""Accuracy, calibration and speed of name resolution on the labelled UCDP development set.

Run: python benchmarks/bench_resolve.py [--set core|all] [--failures N] [--naive-sample N]

Accuracy: share of rows whose resolved point lies within 1/5/10/25 km of the label, with and without
the admin columns as hints, per governorate, plus the coverage ceiling (rows whose place exists in
the gazetteer at all) and a failure list grouped by cause. Speed: distinct names per second against
a naive baseline (rapidfuzz ``process.extractOne`` over every gazetteer name), measured in this run.
"""

from __future__ import annotations

import argparse
import math
import time
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

import gazetteer
from gazetteer.geodesy import haversine_km
from gazetteer.normalize import normalize, skeletons
from gazetteer.query import parse_query

EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval"
RADII = (1, 5, 10, 25)
CORE = ("Aleppo", "Idlib", "Hamah", "Latakia")


def load_eval(which: str) -> pd.DataFrame:
    """The labelled rows (query, adm_1, adm_2, latitude, longitude, …)."""
    return pd.read_csv(EVAL / f"ucdp_dev_{which}.csv", dtype={"query": str}, keep_default_na=False)


def name_matches(query: str, name: str) -> bool:
    """Does a gazetteer name plausibly spell the query (used only to measure coverage, brute force)?"""
    q = parse_query(query).name or query
    return bool(skeletons(q) & skeletons(name)) or fuzz.ratio(normalize(q), normalize(name)) >= 80


def coverage(gz: gazetteer.Gazetteer, ev: pd.DataFrame, radius_km: float = 5.0) -> np.ndarray:
    """Per row: True when some gazetteer place within `radius_km` of the label carries a matching name."""
    names_by_place = gz.names.groupby("place")["name"].apply(list)
    covered = np.zeros(len(ev), dtype=bool)
    for i, (q, lat, lon) in enumerate(zip(ev["query"], ev["latitude"], ev["longitude"])):
        d = haversine_km(lat, lon, gz.lat, gz.lon)
        for place in np.flatnonzero(d <= radius_km):
            if any(name_matches(q, n) for n in names_by_place.get(place, [])):
                covered[i] = True
                break
    return covered


def run_resolution(ev: pd.DataFrame, hints: bool) -> pd.DataFrame:
    """Resolve every row; returns the matches frame with distance to the label."""
    t0 = time.perf_counter()
    res = gazetteer.resolve_many(
        ev["query"], admin1=ev["adm_1"] if hints else None, admin2=ev["adm_2"] if hints else None
    )
    res.attrs["seconds"] = time.perf_counter() - t0
    res["dist_km"] = haversine_km(ev["latitude"].to_numpy(), ev["longitude"].to_numpy(),
                                  res["lat"].to_numpy(dtype=float), res["lon"].to_numpy(dtype=float))
    return res


def accuracy_table(ev: pd.DataFrame, res: pd.DataFrame, mask: np.ndarray | None = None) -> dict[str, float]:
    """Shares within each radius and unresolved share (rows selected by mask)."""
    sel = np.ones(len(ev), dtype=bool) if mask is None else mask
    d = res["dist_km"].to_numpy()[sel]
    out = {f"≤{r} km": float(np.mean(np.nan_to_num(d, nan=1e9) <= r)) for r in RADII}
    out["unresolved"] = float(np.mean(np.isnan(d)))
    out["n"] = int(sel.sum())
    return out


def failure_cause(gz, q: str, row: pd.Series, lat: float, lon: float, covered: bool) -> str:
    """Why a row missed: not in gazetteer / wrong same-name place / normalization miss / fuzzy false positive."""
    if not covered:
        return "not in gazetteer"
    if pd.isna(row["lat"]):
        return "normalization miss"
    if row["method"] == "fuzzy" or row["status"] == "ambiguous" and "spelling" in str(row["reason"]):
        return "fuzzy false positive"
    if name_matches(q, row["matched_name"]):
        return "wrong same-name place"
    return "normalization miss"


def calibration(res: pd.DataFrame, correct: np.ndarray) -> list[tuple[str, int, float]]:
    """(confidence bin, rows, observed share correct) for resolved-or-guessed rows."""
    conf = res["confidence"].to_numpy(dtype=float)
    has = ~np.isnan(res["lat"].to_numpy(dtype=float))
    rows = []
    for lo, hi in ((0, 0.3), (0.3, 0.5), (0.5, 0.7), (0.7, 0.85), (0.85, 0.95), (0.95, 1.01)):
        sel = has & (conf >= lo) & (conf < hi)
        if sel.any():
            rows.append((f"{lo:.2f}–{min(hi, 1):.2f}", int(sel.sum()), float(correct[sel].mean())))
    return rows


def naive_resolve(names: list[str], choices: list[str], places: np.ndarray) -> list[int | None]:
    """Baseline: the best WRatio over every gazetteer name, no blocking, no context."""
    out = []
    for q in names:
        hit = process.extractOne(normalize(q), choices, scorer=fuzz.WRatio, score_cutoff=80)
        out.append(None if hit is None else int(places[hit[2]]))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", default="core", choices=("core", "all"))
    ap.add_argument("--failures", type=int, default=25)
    ap.add_argument("--naive-sample", type=int, default=300)
    args = ap.parse_args()

    gz = gazetteer.load()
    ev = load_eval(args.set)
    gov = ev["adm_1"].str.replace(" Governorate", "", regex=False)
    print(f"UCDP development set '{args.set}': {len(ev)} place strings; gazetteer {len(gz.places)} places")

    covered = coverage(gz, ev)
    print(f"coverage ceiling: {covered.mean():.1%} of rows have their place in the gazetteer (a matching name ≤5 km)")

    for hints in (True, False):
        res = run_resolution(ev, hints)
        label = "with admin hints" if hints else "without hints"
        print(f"\n== {label} ({res.attrs['seconds']:.2f} s) ==")
        for title, mask in (("all rows", None), ("rows in gazetteer", covered)):
            t = accuracy_table(ev, res, mask)
            print(f"  {title:18} n={t['n']:5}  " + "  ".join(f"{k} {v:.1%}" for k, v in t.items() if k != "n"))
        if hints:
            correct = np.nan_to_num(res["dist_km"].to_numpy(), nan=1e9) <= 5
            print("  per governorate (≤5 km, all rows / rows in gazetteer):")
            for g in sorted(gov.unique(), key=lambda g: -(gov == g).sum()):
                m = (gov == g).to_numpy()
                in_gz = correct[m & covered].mean() if (m & covered).any() else math.nan
                print(f"    {g:22} n={m.sum():4}  {correct[m].mean():.1%} / {in_gz:.1%}")
            areas = res["method"].isin(["region", "admin_unit"]).to_numpy()
            if areas.any():
                import shapely

                inside = [
                    bool(shapely.intersects(gz.geometry(pid), shapely.Point(lon, lat).buffer(0.01)))
                    for pid, lat, lon in zip(res["place_id"][areas], ev["latitude"][areas], ev["longitude"][areas])
                ]
                print(f"  area answers (regions, admin units): {areas.sum()}; the labelled point lies inside the "
                      f"returned shape (±1 km) for {np.mean(inside):.1%}, within 5 km of its point for "
                      f"{correct[areas].mean():.1%}")
            wrong = ~correct & ~np.isnan(res["lat"].to_numpy(dtype=float))
            conf = res["confidence"].to_numpy(dtype=float)
            print(f"  wrong answers flagged (confidence < 0.5): {np.mean(conf[wrong] < 0.5):.1%} of {wrong.sum()}")
            print("  calibration (confidence bin, rows, share correct; 'ok' when within 0.1 of the bin's range):")
            for b, n, share in calibration(res, correct):
                lo, hi = (float(x) for x in b.split("–"))
                off = max(lo - share, share - hi, 0.0)
                print(f"    {b}  {n:5}  {share:.1%}  " + ("ok" if off <= 0.1 else f"off by {off:.2f}"))
            causes = Counter()
            examples: dict[str, list[str]] = {}
            for i in np.flatnonzero(~correct):
                row = res.iloc[i]
                cause = failure_cause(gz, ev["query"].iat[i], row, ev["latitude"].iat[i], ev["longitude"].iat[i],
                                      covered[i])
                causes[cause] += 1
                examples.setdefault(cause, []).append(
                    f"{ev['query'].iat[i]!r} ({ev['adm_2'].iat[i]}) -> {row['status']} {row['name']!r} "
                    f"[{row['matched_name']}] {row['dist_km']:.0f} km conf {row['confidence']:.2f}"
                )
            print("  failures by cause:", dict(causes))
            for cause, ex in examples.items():
                print(f"   {cause}:")
                for line in ex[: args.failures]:
                    print(f"     {line}")

    # Speed: distinct names per second, blocked resolver vs naive full scan, same names, same run.
    names = list(dict.fromkeys(ev["query"]))
    gazetteer.resolve_many(names[:20])  # warm caches that a long run would have warm anyway
    from gazetteer.normalize import normalize as _n

    _n.cache_clear()
    t0 = time.perf_counter()
    fast = gazetteer.resolve_many(names)
    fast_rate = len(names) / (time.perf_counter() - t0)
    sample = names[: args.naive_sample]
    choices = [normalize(n) for n in gz.names["name"]]
    t0 = time.perf_counter()
    naive = naive_resolve(sample, choices, gz.name_place)
    naive_rate = len(sample) / (time.perf_counter() - t0)
    idx = [names.index(n) for n in sample]
    lab = ev.drop_duplicates("query").set_index("query").loc[sample]
    lab_lat, lab_lon = lab["latitude"].to_numpy(), lab["longitude"].to_numpy()
    fast_ok = np.nan_to_num(haversine_km(lab_lat, lab_lon, fast["lat"].iloc[idx].to_numpy(dtype=float),
                                         fast["lon"].iloc[idx].to_numpy(dtype=float)), nan=1e9) <= 5
    naive_lat = np.array([gz.lat[p] if p is not None else np.nan for p in naive])
    naive_lon = np.array([gz.lon[p] if p is not None else np.nan for p in naive])
    naive_ok = np.nan_to_num(haversine_km(lab_lat, lab_lon, naive_lat, naive_lon), nan=1e9) <= 5
    print(f"\n== speed ({len(names)} distinct names, no hints) ==")
    print(f"  syrmap resolve_many: {fast_rate:,.0f} names/s")
    print(f"  naive extractOne over {len(choices):,} names: {naive_rate:,.1f} names/s (sample {len(sample)})")
    print(f"  ratio: {fast_rate / naive_rate:,.0f}x faster; accuracy on the sample (≤5 km, no hints): "
          f"syrmap {fast_ok.mean():.1%}, naive {naive_ok.mean():.1%}")


if __name__ == "__main__":
    main()
