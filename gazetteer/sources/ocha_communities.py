"""OCHA communities (via the Syrian Archive API): villages with community P-codes, plus SA's own extras."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from gazetteer.sources.base import SourceData, read_csv, records, require

_PAREN_RE = re.compile(r"\s*\([^)]*\)\s*")
# Syrian Archive extras: "مدينة حلب : الصالحين" (city : neighbourhood), "ادلب : الغدفة" (governorate : village)
_CITY_PREFIX_RE = re.compile(r"^\s*(مدينة|مدينه)\s")
_LANDMARK_RE = re.compile(
    r"roundabout|hospital|school|mosque|bridge|square|airport|prison|factory|church|dam\b|دوار|مشفى|مستشفى|مدرسة|"
    r"جامع|مسجد|جسر|ساحة|مطار|سجن|معمل|كنيسة|سد\s",
    re.IGNORECASE,
)


def _split_variants(name: str, context: set[str], sep: str) -> list[str]:
    """OCHA packs an alternative name after ' - ' or '_' ("Ali Elatrash - Olikar"); a sub-district suffix is not one."""
    parts = [p.strip() for p in re.split(sep, _PAREN_RE.sub(" ", name)) if p.strip()]
    return [p for i, p in enumerate(parts) if i == 0 or p.casefold() not in context]


def read_folder(folder: Path) -> SourceData:
    """Community rows become villages with their district/governorate P-codes; extras keep their kind."""
    df = read_csv(require(folder, "syrianarchive_api_locations.csv"))
    rows = []
    for r in df.itertuples(index=False):
        context = {r.subdistrict_en.casefold(), r.district_en.casefold(), r.governorate_en.casefold(), "afrin", "efrin"}
        en = _split_variants(r.name_en, context, r"\s+-\s+")
        ar_raw = r.name_ar_short.split(":")[-1]
        ar = _split_variants(ar_raw, {r.subdistrict_ar, r.district_ar, r.governorate_ar}, r"\s*[-_]\s*")
        community = r.record_type == "community"
        if community:
            kind = "village"
        elif _LANDMARK_RE.search(r.name_en) or _LANDMARK_RE.search(ar_raw):
            kind = "landmark"
        elif _CITY_PREFIX_RE.match(r.name_ar_short):
            kind = "neighbourhood"
        else:
            kind = "village"
        rows.append({
            "source": "ocha" if community else "syrianarchive",
            "source_id": r.ocha_community_pcode if community else f"sa-api:{r.id}",
            "kind": kind,
            "name": en[0] if en else "",
            "name_ar": ar[0] if ar else "",
            "alt_names": en[1:] + ar[1:] + ([r.old_sa_name.split(":")[-1].strip()] if r.old_sa_name else []),
            "lat": r.lat,
            "lon": r.lon,
            "adm1_pcode": r.governorate_pcode,
            "adm2_pcode": r.district_pcode if community else "",
            "link_key": r.ocha_community_pcode if community else "",
        })
    return SourceData(places=records(pd.DataFrame(rows)))
