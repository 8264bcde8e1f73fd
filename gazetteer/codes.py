"""Code systems: GeoNames admin1 codes (SY.09) against OCHA P-codes (SY02), from a reviewed table."""

from __future__ import annotations

import csv
from functools import lru_cache
from importlib import resources

__all__ = ["geonames_admin1_to_pcode", "GEONAMES_TO_OCHA"]


@lru_cache(maxsize=1)
def _table() -> dict[str, str]:
    text = resources.files("gazetteer").joinpath("data/admin1_geonames_to_ocha.csv").read_text(encoding="utf-8")
    return {row["geonames_admin1"]: row["ocha_pcode"] for row in csv.DictReader(text.splitlines())}


GEONAMES_TO_OCHA: dict[str, str] = _table()


def geonames_admin1_to_pcode(code: str) -> str:
    """OCHA governorate P-code for a GeoNames admin1 code ('SY.09', '09' or 9); '' when unknown."""
    code = str(code).strip()
    if not code:
        return ""
    if not code.startswith("SY."):
        code = f"SY.{int(code):02d}" if code.isdigit() else code
    return GEONAMES_TO_OCHA.get(code, "")
