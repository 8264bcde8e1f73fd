"""Open-Syria admin units: governorates, districts and sub-districts with P-codes, aliases, centroids."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from gazetteer.exc import SourceError
from gazetteer.sources.base import SourceData, read_csv, require, split_list

LEVELS = {"governorate": 1, "district": 2, "subdistrict": 3}


def read_folder(folder: Path) -> SourceData:
    """One row per admin unit with its OCHA P-code, names, aliases and centroid."""
    df = read_csv(require(folder, "admin_units_flat.csv"))
    units = pd.DataFrame({
        "pcode": df["ocha_pcode"].values,
        "level": df["level"].map(LEVELS).values,
        "kind": df["level"].values,
        "name": df["name_en"].values,
        "name_ar": df["name_ar"].values,
        "alt_names": [split_list(a) for a in df["aliases"]],
        "lat": pd.to_numeric(df["latitude"], errors="coerce").values,
        "lon": pd.to_numeric(df["longitude"], errors="coerce").values,
        "geonames_id": df["geonames_id"].values,
        "source_id": df["id"].values,
    })
    bad = units[units["level"].isna() | units["pcode"].eq("")]
    if len(bad):
        raise SourceError(f"{folder}/admin_units_flat.csv: unit {bad['source_id'].iat[0]!r} has no level or P-code")
    return SourceData(admin_units=units)
