"""The older Syrian Archive list (2015): villages, neighbourhoods and landmarks, each row twice."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from gazetteer.sources.base import SourceData, read_csv, records, require
from gazetteer.sources.ocha_communities import _LANDMARK_RE

_NAHIYAH_RE = re.compile(r"\s+nahiy[ae]h?$", re.IGNORECASE)


def read_folder(folder: Path) -> SourceData:
    """Unique (name, point) rows; 'X nahiyah' labels keep the town name X."""
    df = read_csv(require(folder, "syrianarchive_locations.csv"))
    df = df.drop_duplicates(subset=["name_en", "name_ar", "latitude", "longitude"])
    name = df["name_en"].str.replace(_NAHIYAH_RE, "", regex=True).str.strip()
    kind = ["landmark" if _LANDMARK_RE.search(f"{en} {ar}") else "village" for en, ar in zip(name, df["name_ar"])]
    out = pd.DataFrame({
        "source": "syrianarchive",
        "source_id": "sa-2015:" + df["pk"],
        "kind": kind,
        "name": name.str.title().where(name.str.isupper(), name).values,
        "name_ar": df["name_ar"].values,
        "lat": df["latitude"].values,
        "lon": df["longitude"].values,
    })
    return SourceData(places=records(out))
