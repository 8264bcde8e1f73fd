"""Throughput of `resolve_many` on names built like real event tables, against a naive baseline.

Run: python benchmarks/bench_resolve_speed.py [--n 6000] [--seed 13] [--repeat 3] [--naive-sample 200] [--single 1000]
     [--profile]

The set: at least 5,000 distinct strings generated from the gazetteer with a fixed seed, mixed like
real tables: Arabic names (some with و/ب clitics or a type word such as قرية), English
transliterations with type words ("X village", "the town of X"), a governorate qualifier
("X, Idlib"), and typos (a dropped, doubled or swapped letter). Each distinct string is resolved
once (that is what resolve_many does with a column), so the rate is distinct names per second with
a loaded gazetteer, its lazy indexes and per-place result fields built (`Gazetteer.warm_up`, as a
long run has them), and cold per-name caches. The set is resolved `--repeat` times, the name caches
emptied before each, and the median and the best rate are printed (a shared VM's speed drifts by a
quarter within minutes; the median is the figure to quote). The baseline, measured in the same run on a
sample: rapidfuzz ``process.extractOne`` (WRatio) over every gazetteer name.

Single names: `resolve` called once per name (how report parsing and row-by-row callers use it) on the
first `--single` names of the set, name caches cold again, in ms per name.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

import numpy as np
from rapidfuzz import fuzz, process

import gazetteer
from gazetteer.normalize import normalize, script_of

TYPE_EN = ("village", "town", "city", "area", "countryside")
TYPE_AR = ("قرية", "بلدة", "مدينة", "حي")
GOVS = ("Idlib", "Idleb", "Aleppo", "Hama", "Homs", "Latakia", "Deir ez-Zor", "Daraa", "Raqqa", "Rif Dimashq")


def typo(rng: random.Random, text: str) -> str:
    """One dropped, doubled or swapped letter away from `text` (letters only, not the first)."""
    spots = [i for i, ch in enumerate(text) if ch.isalpha() and i > 0]
    if not spots:
        return text
    i = rng.choice(spots)
    op = rng.randrange(3)
    if op == 0:
        return text[:i] + text[i + 1:]
    if op == 1:
        return text[:i] + text[i] + text[i:]
    j = min(i + 1, len(text) - 1)
    return text[:i] + text[j] + text[i] + text[j + 1:] if j > i else text


def make_names(gz: gazetteer.Gazetteer, n: int, seed: int) -> list[str]:
    """`n` distinct table-like strings drawn from the gazetteer's settlement names."""
    rng = random.Random(seed)
    settle = np.isin(gz.kind[gz.name_place], ["village", "town", "city", "neighbourhood"])
    rows = np.flatnonzero(settle)
    arabic = [str(gz.name_text[r]) for r in rows if script_of(str(gz.name_text[r])) == "ar"]
    latin = [str(gz.name_text[r]) for r in rows if script_of(str(gz.name_text[r])) == "latn"]
    out: dict[str, None] = {}
    while len(out) < n:
        roll = rng.random()
        if roll < 0.35:
            name = rng.choice(arabic)
            form = rng.random()
            if form < 0.25:
                name = f"{rng.choice(TYPE_AR)} {name}"
            elif form < 0.35:
                name = "و" + name if not name.startswith("ال") else "في " + name
            elif form < 0.5:
                name = typo(rng, name)
        else:
            name = rng.choice(latin)
            form = rng.random()
            if form < 0.3:
                name = f"{name} {rng.choice(TYPE_EN)}"
            elif form < 0.4:
                name = f"the town of {name}"
            elif form < 0.55:
                name = f"{name}, {rng.choice(GOVS)}"
            elif form < 0.8:
                name = typo(rng, name)
            if rng.random() < 0.2:
                name = name.lower() if rng.random() < 0.5 else name.upper()
        out[name] = None
    return list(out)


def clear_name_caches() -> None:
    """Forget per-string memos so each name costs what a new name costs."""
    import gazetteer.keys
    import gazetteer.normalize
    import gazetteer.query

    for module in (gazetteer.normalize, gazetteer.query, gazetteer.keys):
        for obj in vars(module).values():
            if hasattr(obj, "cache_clear") and (obj.cache_info().maxsize or 2) > 1:  # not the word lists
                obj.cache_clear()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=6_000)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--repeat", type=int, default=3, help="times the set is resolved (median and best printed)")
    ap.add_argument("--naive-sample", type=int, default=200)
    ap.add_argument("--single", type=int, default=1_000, help="names resolved one call each")
    ap.add_argument("--profile", action="store_true", help="print the top functions by cumulative time")
    args = ap.parse_args()

    gz = gazetteer.load()
    names = make_names(gz, args.n, args.seed)
    gz.warm_up()  # what a long run has built (key hash table, split skeletons, name strings, place fields)
    warm = make_names(gz, 200, args.seed + 1)
    gazetteer.resolve_many(warm, gazetteer=gz)  # and the code paths, on other names than the measured ones
    if args.profile:
        import cProfile
        import pstats

        clear_name_caches()
        prof = cProfile.Profile()
        prof.enable()
        gazetteer.match_many(names, gazetteer=gz)
        prof.disable()
        pstats.Stats(prof).sort_stats("cumulative").print_stats(30)
    walls, cpus = [], []
    for _ in range(max(1, args.repeat)):
        clear_name_caches()
        t0, c0 = time.perf_counter(), time.process_time()
        matches = gazetteer.match_many(names, gazetteer=gz)
        walls.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
    seconds, cpu = statistics.median(walls), statistics.median(cpus)
    rate = len(names) / seconds
    located = np.mean([m.ok for m in matches])
    statuses = {s: sum(m.status == s for m in matches) for s in ("resolved", "ambiguous", "no_match")}

    clear_name_caches()
    single = names[: args.single]
    t0, c0 = time.perf_counter(), time.process_time()
    one_by_one = [gazetteer.resolve(name, gazetteer=gz) for name in single]
    single_ms, single_cpu_ms = ((time.perf_counter() - t0) * 1e3 / len(single),
                                (time.process_time() - c0) * 1e3 / len(single))
    same = all(a == b for a, b in zip(one_by_one, matches, strict=False))

    choices = [normalize(n) for n in gz.name_text]
    sample = names[: args.naive_sample]
    t0, c0 = time.perf_counter(), time.process_time()
    naive = [process.extractOne(normalize(q), choices, scorer=fuzz.WRatio, score_cutoff=80) for q in sample]
    naive_rate = len(sample) / (time.perf_counter() - t0)
    naive_cpu_rate = len(sample) / (time.process_time() - c0)
    naive_located = np.mean([h is not None for h in naive])

    arabic = sum(script_of(n) == "ar" for n in names)
    print(f"== resolve_many speed: {len(names):,} distinct table-like names (seed {args.seed}; "
          f"{arabic:,} Arabic, {len(names) - arabic:,} Latin), gazetteer {len(gz.places):,} places ==")
    # CPU rates too: on a shared machine the wall clock also counts other processes' turns.
    print(f"  syrmap match_many/resolve_many: {rate:,.0f} names/s wall, {len(names) / cpu:,.0f} names/s CPU "
          f"({seconds:.2f} s; median of {len(walls)}, best {len(names) / min(walls):,.0f}/s wall); "
          f"located {located:.1%}; {statuses}")
    print(f"  naive extractOne over {len(choices):,} names: {naive_rate:,.1f} names/s wall, {naive_cpu_rate:,.1f} CPU "
          f"(sample {len(sample)}); located {naive_located:.1%}")
    print(f"  ratio: {rate / naive_rate:,.0f}x")
    print(f"  single names, one resolve() call each: {single_ms:.3f} ms/name wall, {single_cpu_ms:.3f} ms CPU "
          f"({len(single):,} names; answers {'the same as' if same else 'DIFFERENT from'} the batch's)")


if __name__ == "__main__":
    main()
