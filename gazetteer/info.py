"""A summary of the built gazetteer (counts, sources with licences, cache location) and a table's coverage."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from gazetteer.aliases import Aliases
from gazetteer.index import Gazetteer
from gazetteer.sources import SOURCES

if TYPE_CHECKING:
    from gazetteer.build import BuildReport

__all__ = ["summary", "summary_lines", "build_lines", "coverage", "coverage_lines"]

SETTLEMENTS = ("city", "town", "village")


def summary(gz: Gazetteer) -> dict[str, Any]:
    """Counts per kind and per governorate, source records with licence and attribution, build facts."""
    places = gz.places
    report = gz.manifest.get("report", {})
    records = report.get("records_per_folder", {})
    govs = places[places["kind"] == "governorate"].sort_values("adm1_pcode")
    per_gov = places.groupby("adm1_pcode").size()
    settle = places[places["kind"].isin(SETTLEMENTS)].groupby("adm1_pcode").size()
    folders = {f.split("/")[0] for f in gz.manifest.get("files", {})}
    return {
        "cache_dir": str(gz.cache_dir),
        "built_at": gz.manifest.get("built_at", ""),
        "schema": gz.manifest.get("schema"),
        "places": len(places),
        "names": len(gz.names),
        "kinds": places["kind"].value_counts().to_dict(),
        "governorates": [
            {"pcode": g.adm1_pcode, "name": g.name, "name_ar": g.name_ar,
             "places": int(per_gov.get(g.adm1_pcode, 0)), "settlements": int(settle.get(g.adm1_pcode, 0))}
            for g in govs.itertuples()
        ],
        "sources": [
            {"folder": name, "records": int(records.get(name, 0)), "licence": s.licence,
             "attribution": s.attribution}
            for name, s in SOURCES.items() if name in folders
        ],
        "skipped_folders": report.get("skipped_folders", []),
    }



def summary_lines(s: dict[str, Any]) -> list[str]:
    """`summary` as the lines `syrmap data info` prints."""
    lines = [
        f"cache: {s['cache_dir']}  (built {s['built_at']}, schema {s['schema']})",
        f"places: {s['places']:,}  names: {s['names']:,}",
        "per kind: " + ", ".join(f"{k} {v:,}" for k, v in s["kinds"].items()),
        "per governorate (places / villages+towns+cities):",
    ]
    lines += [f"  {r['pcode']} {r['name']:16} {r['name_ar']:12} {r['places']:6,} {r['settlements']:6,}"
              for r in s["governorates"]]
    lines.append("sources:")
    for r in s["sources"]:
        lines += [f"  {r['folder']:30} {r['records']:7,}  {r['licence']}", f"    attribution: {r['attribution']}"]
    return lines


def build_lines(report: BuildReport) -> list[str]:
    """A build report as the lines `syrmap data build` prints."""
    lines = [f"built {report.places:,} places with {report.names:,} names in {report.seconds:.1f} s"]
    lines += [f"  {name:15} {n:7,} records" for name, n in sorted(report.records_per_source.items())]
    lines += [
        f"  merged: {report.merged_by_geonames_id:,} by GeoNames id, {report.merged_by_name_and_distance:,} by "
        f"name within 4 km; kept apart (same source): {report.kept_apart_same_source:,}",
        f"  regions: {report.regions}; folders without importer: {', '.join(report.skipped_folders) or 'none'}",
        "  sample of merged pairs (check by eye):",
    ]
    lines += [f"    {a}  =  {b}  ({km} km)" for a, b, km in report.merge_sample[:12]]
    return lines



def coverage(texts: Sequence[Any], *, admin1: Any = None, admin2: Any = None, gazetteer: Gazetteer | None = None,
             top: int = 25) -> dict[str, Any]:
    """Which sources cover the distinct places of a user's table, and which places no source has.

    Each distinct (name, admin1, admin2) is resolved once (no aliases: this is about the reference data). A
    place is covered when it resolves (or is ambiguous between places of that name) to a gazetteer place other
    than the admin-unit fallback; it then counts for every source that attests that place, and as "only" for
    a lone source. Placeholders are left out and places outside Syria counted apart.
    """
    import pandas as pd

    from gazetteer.batch import resolve_many
    from gazetteer.index import load

    gz = gazetteer or load()
    frame = pd.DataFrame({"name": [str(t).strip() for t in texts]})
    for col, values in (("admin1", admin1), ("admin2", admin2)):
        frame[col] = [str(v).strip() for v in values] if values is not None else ""
    frame = frame[frame["name"] != ""]
    places = frame.groupby(["name", "admin1", "admin2"], sort=False).size().rename("rows").reset_index()
    res = resolve_many(places["name"], admin1=places["admin1"], admin2=places["admin2"], aliases=Aliases({}),
                       gazetteer=gz)
    # Placeholders ("unknown", "-") are no place at all; places abroad are no gap in Syrian sources.
    keep = ~res["status"].isin(("empty", "outside_syria")).to_numpy()
    outside = int((res["status"] == "outside_syria").sum())
    places, res = places[keep].reset_index(drop=True), res[keep].reset_index(drop=True)
    # A fuzzy answer the resolver itself doubts ("closest spelling only") is no sign the place is there.
    doubtful = (res["method"] == "fuzzy") & (res["status"] != "resolved")
    covered = (res["status"] != "no_match") & (res["method"] != "admin_unit") & (res["place_id"] != "") & ~doubtful
    sources = gz.places.set_index("place_id")["sources"]
    per_place = [sources.get(pid, "").split("|") if ok else [] for pid, ok in zip(res["place_id"], covered)]
    by_source: dict[str, dict[str, int]] = {}
    for names in per_place:
        for s in names:
            entry = by_source.setdefault(s, {"places": 0, "only": 0})
            entry["places"] += 1
            entry["only"] += len(names) == 1
    missing = places[~covered.to_numpy()].sort_values("rows", ascending=False, kind="stable")
    return {
        "places": len(places),
        "rows": int(places["rows"].sum()),
        "covered": int(covered.sum()),
        "ambiguous": int((covered & (res["status"] == "ambiguous")).sum()),
        "outside_syria": outside,
        "by_source": dict(sorted(by_source.items(), key=lambda kv: -kv[1]["places"])),
        "in_none": int((~covered).sum()),
        "in_none_rows": int(missing["rows"].sum()),
        "in_none_top": missing.head(top).to_dict("records"),
    }


def coverage_lines(c: dict[str, Any]) -> list[str]:
    """`coverage` as the lines `syrmap data info --coverage` prints."""
    def share(n: int) -> str:
        return f"{n / c['places']:.1%}" if c["places"] else "-"

    lines = [
        f"{c['places']:,} distinct places in {c['rows']:,} rows: {c['covered']:,} found ({share(c['covered'])}, "
        f"{c['ambiguous']:,} of them ambiguous), {c['in_none']:,} in no source ({share(c['in_none'])}, "
        f"{c['in_none_rows']:,} rows); {c['outside_syria']:,} outside Syria not counted",
        "per source (places covered / only this source):",
    ]
    lines += [f"  {name:15} {n['places']:6,} {share(n['places']):>6}   only here {n['only']:5,}"
              for name, n in c["by_source"].items()]
    if c["in_none_top"]:
        lines.append("in no source (most rows first; add them to an alias file):")
        for row in c["in_none_top"]:
            hint = ", ".join(x for x in (row["admin1"], row["admin2"]) if x)
            lines.append(f"  {row['rows']:5,}  {row['name']}" + (f"  ({hint})" if hint else ""))
    return lines
