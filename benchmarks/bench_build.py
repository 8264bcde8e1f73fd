"""Gazetteer build and cache load times (targets: build ≤ 20 s, load ≤ 0.3 s on 2 cores).

Run: python benchmarks/bench_build.py [--repeat N]

The naive baseline for loading is what a tool without a cache does: import and merge every source
on each start, i.e. a full build. Both are measured in this run, in fresh processes for loads.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import gazetteer

_LOAD = (
    "import time; t = time.perf_counter(); import gazetteer; t1 = time.perf_counter(); "
    "gazetteer.load({cache!r}); t2 = time.perf_counter(); gazetteer.resolve('Kafranbel'); "
    "t3 = time.perf_counter(); print(t1 - t, t2 - t1, t3 - t2)"
)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp) / "cache"
        builds = []
        for _ in range(max(1, args.repeat // 2)):
            t0 = time.perf_counter()
            report = gazetteer.build(None, cache)
            builds.append(time.perf_counter() - t0)
        loads = []
        for _ in range(args.repeat):
            out = subprocess.run([sys.executable, "-c", _LOAD.format(cache=str(cache))],
                                 capture_output=True, text=True, check=True).stdout.split()
            loads.append(tuple(float(x) for x in out))
    build_s = statistics.median(builds)
    imp, load, first = (statistics.median(x[i] for x in loads) for i in range(3))
    print(f"gazetteer: {report.places:,} places, {report.names:,} names from {len(report.records_per_folder)} sources")
    print(f"build (import + merge + index + write): median {build_s:.2f} s over {len(builds)} runs  (target ≤ 20 s)")
    print(f"load from cache, fresh process:          median {load:.3f} s over {len(loads)} runs  (target ≤ 0.3 s)")
    print(f"  import of the package {imp:.3f} s; first resolve after load {first:.3f} s "
          "(one name: bisects the key column)")
    print(f"ratio: loading the cache is {build_s / load:,.0f}x faster than rebuilding on every start (naive)")


if __name__ == "__main__":
    main()
