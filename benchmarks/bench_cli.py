"""Wall time of a one-name `syrmap resolve` with a warm cache, against baselines measured in the same run.

Each command runs N times as a fresh process (the median is reported, and the spread):

- ``syrmap resolve "Kafr Nabl"`` (``python -m syrmap``, the console script's code path), cache built;
- floor: ``python -c pass``, the interpreter's own start-up, which no change of ours can remove;
- eager: the same resolve after ``import pandas, geopandas`` — what the lookup paid before the warm path
  stopped importing them (pandas came in through gazetteer.index, gazetteer.build and pyarrow's layers);
- ``import gazetteer`` alone, above the floor (target 0.3 s: heavy libraries load on first use).

The environment may set PYTHONDONTWRITEBYTECODE (this machine does): then every run compiles our modules
from source (~60 ms). ``--bytecode`` (the default) lets the children write and reuse bytecode, as an
installed package does; ``--no-bytecode`` measures the environment as it is. On a shared machine the
load average is printed with the figures: compare rows of one run, not runs.

The children import syrmap as ``python -m`` and ``-c`` do: the current directory first, then PYTHONPATH.
To time another checkout against this one, run from a neutral directory with PYTHONPATH (and SYRMAP_CACHE)
pointing at it.

Run: python benchmarks/bench_cli.py [--runs 9] [--name "Kafr Nabl"] [--no-bytecode]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time

TARGET_S = 0.6
IMPORT_TARGET_S = 0.3


def _time(cmd: list[str], env: dict[str, str], runs: int) -> tuple[list[float], list[float]]:
    """Wall and CPU (user + system) seconds of each run."""
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        done = subprocess.run(cmd, env=env, capture_output=True, text=True)
        walls.append(time.perf_counter() - t0)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        if done.returncode != 0:
            raise SystemExit(f"{' '.join(cmd)} failed ({done.returncode}): {done.stderr.strip()}")
    return walls, cpus


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=9)
    ap.add_argument("--name", default="Kafr Nabl")
    ap.add_argument("--bytecode", action=argparse.BooleanOptionalAction, default=True,
                    help="let the child processes write and reuse .pyc files (default: yes)")
    args = ap.parse_args()

    env = dict(os.environ)
    if args.bytecode:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
    py = sys.executable
    resolve = [py, "-m", "syrmap", "resolve", args.name]
    lookup = f"gazetteer.resolve({args.name!r})"
    commands = {
        "syrmap resolve": resolve,
        "floor: python -c pass": [py, "-c", "pass"],
        "eager: pandas+geopandas first": [py, "-c", f"import pandas, geopandas, gazetteer; {lookup}"],
        "library: import gazetteer; resolve": [py, "-c", f"import gazetteer; {lookup}"],
        "import gazetteer (nothing else)": [py, "-c", "import gazetteer"],
    }
    # Warm-up: builds the cache if needed and, with --bytecode, writes the .pyc files once.
    _time(resolve, env, 1)
    _time(commands["eager: pandas+geopandas first"], env, 1)
    load = os.getloadavg()[0]
    results = {label: _time(cmd, env, args.runs) for label, cmd in commands.items()}
    print(f"== syrmap resolve {args.name!r}, warm cache: median of {args.runs} fresh processes "
          f"(bytecode {'cached' if args.bytecode else 'as the environment says'}; load {load:.2f} on "
          f"{os.cpu_count()} CPUs) ==")
    # CPU time too: on a shared machine the wall clock also counts other processes' turns.
    for label, (walls, cpus) in results.items():
        print(f"  {label:36s} {statistics.median(walls):6.3f} s wall (min {min(walls):.3f}, max {max(walls):.3f}), "
              f"{statistics.median(cpus):6.3f} s CPU")
    ours, floor = (statistics.median(results[k][0]) for k in ("syrmap resolve", "floor: python -c pass"))
    eager = statistics.median(results["eager: pandas+geopandas first"][0])
    print(f"  syrmap resolve above the floor: {ours - floor:.3f} s; the eager path costs {eager / ours:.1f}x; "
          f"target ≤ {TARGET_S} s wall: {'met' if ours <= TARGET_S else 'NOT met'}")
    imported = statistics.median(results["import gazetteer (nothing else)"][0]) - floor
    print(f"  import gazetteer above the floor: {imported:.3f} s; target ≤ {IMPORT_TARGET_S} s: "
          f"{'met' if imported <= IMPORT_TARGET_S else 'NOT met'}")


if __name__ == "__main__":
    main()
