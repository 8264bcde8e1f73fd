"""Benchmark: `admin_for` on 100k random points inside Syria vs a naive per-point polygon loop.

Run: ``python benchmarks/bench_admin.py [--points 100000] [--naive 2000]``. The naive loop
(``for p in points: for poly in polygons: if poly.contains(p)``) runs on a subset in the same process and
is extrapolated to the full count; both must agree on that subset.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import shapely

import gazetteer
from geo.admin import AdminIndex

BUDGET_S = 2.0


def random_points_in(outline, n: int, seed: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """n uniform random (lat, lon) points inside the outline (rejection sampling in its bounding box)."""
    rng = np.random.default_rng(seed)
    x0, y0, x1, y1 = outline.bounds
    shapely.prepare(outline)
    lat, lon = np.empty(0), np.empty(0)
    while len(lat) < n:
        x, y = rng.uniform(x0, x1, 2 * n), rng.uniform(y0, y1, 2 * n)
        keep = shapely.contains_xy(outline, x, y)
        lat, lon = np.concatenate([lat, y[keep]]), np.concatenate([lon, x[keep]])
    return lat[:n], lon[:n]


def main() -> None:
    """Measure, print both timings and the ratio, and fail loudly when over budget."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=100_000)
    parser.add_argument("--naive", type=int, default=2_000, help="points for the naive loop")
    args = parser.parse_args()

    gz = gazetteer.load()
    areas = gz.admin_areas
    lat, lon = random_points_in(gz.outline, args.points)

    t = time.perf_counter()
    index = AdminIndex(areas)
    build_s = time.perf_counter() - t
    t = time.perf_counter()
    fast = index.lookup(lat, lon)
    fast_s = time.perf_counter() - t

    adm3 = areas[areas["level"] == 3]
    polygons = list(zip(adm3["pcode"], shapely.make_valid(adm3.geometry.values), strict=True))
    points = [shapely.Point(x, y) for x, y in zip(lon[: args.naive], lat[: args.naive], strict=True)]
    t = time.perf_counter()
    naive = []
    for p in points:
        code = ""
        for pcode, poly in polygons:
            if poly.contains(p):
                code = pcode
                break
        naive.append(code)
    naive_s = time.perf_counter() - t
    naive_full_s = naive_s * args.points / args.naive

    both = np.array(naive) != ""
    agree = (fast["adm3_pcode"].to_numpy()[: args.naive][both] == np.array(naive)[both]).mean()
    found = (fast["adm3_pcode"] != "").mean()
    print(f"admin_for, {args.points:,} random points in Syria: {fast_s:.3f} s "
          f"({args.points / fast_s:,.0f} points/s; index build {build_s:.2f} s once; {found:.2%} got codes)")
    print(f"naive loop, {args.naive:,} points: {naive_s:.2f} s -> {naive_full_s:.1f} s extrapolated "
          f"to {args.points:,}")
    print(f"speed-up: {naive_full_s / fast_s:.0f}x; agreement on the naive subset: {agree:.2%}")
    print(f"budget {BUDGET_S:.1f} s: {'OK' if fast_s <= BUDGET_S else 'OVER'}")
    if fast_s > BUDGET_S:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
