"""A summary of the built gazetteer: counts, sources with licences, cache location."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from gazetteer.index import Gazetteer
from gazetteer.sources import SOURCES

if TYPE_CHECKING:
    from gazetteer.build import BuildReport

__all__ = ["summary", "summary_lines", "build_lines"]

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
