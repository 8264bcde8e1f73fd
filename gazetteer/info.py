"""A summary of the built gazetteer: counts, sources with licences, cache location."""

from __future__ import annotations

from typing import Any

from gazetteer.index import Gazetteer
from gazetteer.sources import SOURCES

__all__ = ["summary"]

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

