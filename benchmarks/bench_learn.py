"""Learned aliases: does learning from past labelled events help resolve the places of later ones?

Run: python benchmarks/bench_learn.py

1. Time split (what the feature is for). The UCDP development CSVs have no date column (one row per
   distinct place string), so they cannot be split by time. The labelled sets that do carry dates are the
   Syrian Archive report sets (``text_dev_ar.csv``, ``text_dev_en.csv``: gold place name, governorate and
   point, and a date). Their rows are sorted by date and split at the median: aliases are learned from the
   earlier half (`geo.learn.learn_aliases`) and the gold place names of the later half are resolved, with
   their governorate as hint, with and without those aliases. Correct = within 5 km of the gold point.
   Labels are noisy (the archive sometimes gives a governorate capital), which limits both columns alike.
2. UCDP development set, no time split possible: a seeded random half of the rows is learned from and the
   other half resolved. Distinct strings rarely share a name (about 1% of rows do), so this measures only
   that learned aliases do no harm to other names; it cannot show a gain, and says so.
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pandas as pd

import gazetteer
from gazetteer.aliases import load_aliases, write_aliases
from gazetteer.geodesy import haversine_km
from geo.learn import learn_aliases

EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval"


def _dates(values: pd.Series) -> pd.Series:
    """The sets mix ISO dates and day-first ones ("21/08/2013 00:00:00")."""
    iso = pd.to_datetime(values, format="%Y-%m-%d", errors="coerce")
    return iso.fillna(pd.to_datetime(values, format="%d/%m/%Y %H:%M:%S", errors="coerce"))


def _share_within(names, admin1, admin2, lat, lon, aliases, km: float = 5.0) -> float:
    res = gazetteer.resolve_many(pd.Series(list(names)), admin1=pd.Series(list(admin1)),
                                 admin2=pd.Series(list(admin2)), aliases=aliases)
    dist = haversine_km(np.asarray(lat, float), np.asarray(lon, float), res["lat"].to_numpy(float),
                        res["lon"].to_numpy(float))
    return float(np.mean(np.nan_to_num(dist, nan=1e9) <= km))


def _measure(learn: pd.DataFrame, test: pd.DataFrame, name: str, admin1: str, admin2: str | None, lat: str,
             lon: str, tmp: Path, count: str | None = None) -> dict:
    result = learn_aliases(learn, column=name, admin1_column=admin1, admin2_column=admin2, lat_column=lat,
                           lon_column=lon, count_column=count)
    aliases = load_aliases(write_aliases(result.aliases, tmp))
    test = test.assign(_a2=test[admin2] if admin2 else "")
    seen = pd.Series([aliases.lookup(s, admin1=a1, admin2=a2) is not None
                      for s, a1, a2 in zip(test[name], test[admin1], test["_a2"])], index=test.index)
    out = {"learn_rows": len(learn), "aliases": len(result.aliases), "test_rows": len(test),
           "test_rows_with_alias": int(seen.sum())}
    for label, rows in (("all test rows", test), ("rows with a learned alias", test[seen])):
        if len(rows) == 0:
            continue
        args = (rows[name], rows[admin1], rows["_a2"], rows[lat], rows[lon])
        out[label] = (_share_within(*args, None), _share_within(*args, aliases))
    return out


def _print(title: str, res: dict) -> None:
    print(f"\n== {title} ==")
    print(f"  learned {res['aliases']:,} aliases from {res['learn_rows']:,} rows; test rows {res['test_rows']:,}, "
          f"of which {res['test_rows_with_alias']:,} have a learned alias")
    for label in ("all test rows", "rows with a learned alias"):
        if label in res:
            before, after = res[label]
            print(f"  {label:28} ≤5 km without aliases {before:6.1%}   with learned aliases {after:6.1%}")


def main() -> None:
    import tempfile

    t0 = time.perf_counter()
    gazetteer.load()
    tmp = Path(tempfile.mkdtemp()) / "learned.csv"
    for lang, name in (("ar", "gold_place_ar"), ("en", "gold_place")):
        df = pd.read_csv(EVAL / f"text_dev_{lang}.csv", dtype=str, keep_default_na=False)
        df = df[df[name].str.strip() != ""].assign(when=lambda d: _dates(d["date"])).dropna(subset=["when"])
        df = df.sort_values("when", kind="stable").reset_index(drop=True)
        cut = df["when"].iloc[len(df) // 2]
        learn, test = df[df["when"] < cut], df[df["when"] >= cut]
        res = _measure(learn, test, name, "gold_admin1", None, "gold_lat", "gold_lon", tmp)
        _print(f"time split, text_dev_{lang} (learn before {cut:%Y-%m-%d}, resolve from then on)", res)
    for which in ("core", "all"):
        df = pd.read_csv(EVAL / f"ucdp_dev_{which}.csv", dtype=str, keep_default_na=False)
        half = np.random.default_rng(16).random(len(df)) < 0.5
        res = _measure(df[half], df[~half], "query", "adm_1", "adm_2", "latitude", "longitude", tmp,
                       count="n_events")
        _print(f"UCDP dev '{which}' (no dates: seeded random half split; shows harm, cannot show gain)", res)
    print(f"\n{time.perf_counter() - t0:.1f} s")


if __name__ == "__main__":
    main()
