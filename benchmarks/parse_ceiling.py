"""How far text alone can take report geoparsing on the dev sets: an oracle ceiling beside the measured hits.

For each text of ``../shared/eval/text_dev_{en,ar}.csv`` it counts a hit as ``bench_parse.py --eval`` does
(an incident within 5 km of the gold point), and an oracle hit when the text names the gold place in any
way the gazetteer can resolve: some run of one to three words whose best match, or any of its listed
alternatives, lies within 5 km of the gold point. No parser that reads places from the text can score
above the oracle share; the labels of many texts ("Casualties of the chemical attack") name no place at
all, the archive's place coming from the video's collection, not its title. A second, tighter figure counts
only runs holding a word that is no common word (wordfreq Zipf < 4): a run of common words ("of",
"forces", "a result") reaches the gold point only by one of its alternatives happening to lie there.

Arabic words are taken as written (a clitic glued to a name, "بحلب", is not split here), so the Arabic
ceiling is a lower bound of the real one; the English one is not.

Run: python benchmarks/parse_ceiling.py [--set text_dev_en.csv]
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_parse import EVAL, _incident_distances  # noqa: E402  (the scoring bench_parse uses)

_WORD = re.compile(r"[\w'’-]+")


def ceiling(name: str) -> dict:
    import pandas as pd

    import gazetteer
    from gazetteer.geodesy import haversine_km
    from geo.mentions import _zipf, name_index  # the word frequencies the mention rules read
    from geo.report import parse_report

    rows = pd.read_csv(EVAL / name, dtype=str, keep_default_na=False)
    gz, index = gazetteer.load(), name_index()
    hits = reachable = named = 0
    for r in rows.itertuples(index=False):
        glat, glon = float(r.gold_lat), float(r.gold_lon)
        if any(d <= 5 for d in _incident_distances(parse_report(r.text, index=index), glat, glon)):
            hits += 1
            reachable += 1
            continue
        words = _WORD.findall(r.text)
        runs = sorted({" ".join(words[i:i + n]) for n in (1, 2, 3) for i in range(len(words) - n + 1)})
        near = [any(p[0] is not None and haversine_km(glat, glon, *p) <= 5
                    for p in [(m.lat, m.lon), *((a.lat, a.lon) for a in m.alternatives or ())])
                for m in gz.match_many(runs)]
        reachable += any(near)
        # The same, counting only runs that hold a word no common one (Zipf < 4): "of", "forces",
        # "hospital" reach a place by a chance alternative, no reader would take them for a name.
        named += any(ok and min(map(_zipf, run.split())) < 4.0 for run, ok in zip(runs, near, strict=True))
    n = len(rows)
    return {"set": name, "rows": n, "hit": hits / n, "ceiling": reachable / n, "named": (hits + named) / n}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", action="append", help="dev set file name (default: both)")
    args = ap.parse_args()
    for name in args.set or ["text_dev_en.csv", "text_dev_ar.csv"]:
        r = ceiling(name)
        print(f"{r['set']}: {r['rows']} texts; hit@5km {r['hit']:.3f}; oracle ceiling (any 1-3 word run "
              f"resolving within 5 km, best or alternative) {r['ceiling']:.3f}; counting only runs with an "
              f"uncommon word (Zipf < 4) {r['named']:.3f}")


if __name__ == "__main__":
    main()
