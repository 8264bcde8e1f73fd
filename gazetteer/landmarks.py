"""The project's catalogues of places no reference source lists: landmarks (airports, air bases, dams,
bases, crossings) and city neighbourhoods.

They are written into ``gazetteer/data/landmarks.csv`` and ``gazetteer/data/neighbourhoods.csv`` from
general knowledge (like the region catalogue) and merged into the gazetteer with every other record.
"""

from __future__ import annotations

import csv
from importlib import resources

import pandas as pd

from gazetteer.exc import SourceError
from gazetteer.sources.base import records, split_list

__all__ = ["read_landmarks", "read_neighbourhoods"]


def read_landmarks() -> pd.DataFrame:
    """Landmark records (RECORD_COLUMNS, source 'catalogue'); a malformed row is a SourceError naming it."""
    return _read_catalogue("landmarks.csv", "landmark")


def read_neighbourhoods() -> pd.DataFrame:
    """City neighbourhood records (kind 'neighbourhood'; the name also carries its city, "Sakhour (Aleppo)")."""
    return _read_catalogue("neighbourhoods.csv", "neighbourhood")


def _read_catalogue(filename: str, kind: str) -> pd.DataFrame:
    text = resources.files("gazetteer").joinpath(f"data/{filename}").read_text(encoding="utf-8")
    rows = []
    reader = csv.DictReader(line for line in text.splitlines() if line.strip() and not line.startswith("#"))
    for line, row in enumerate(reader, start=2):
        try:
            lat, lon = float(row["lat"]), float(row["lon"])
        except (TypeError, ValueError):
            raise SourceError(
                f"gazetteer/data/{filename}: row {line} ({row.get('name')!r}) has no numeric lat/lon"
            ) from None
        if not (32.0 <= lat <= 37.5 and 35.5 <= lon <= 42.5):
            raise SourceError(f"gazetteer/data/{filename}: row {line} ({row['name']!r}) lies outside Syria")
        variants = split_list(row.get("variants", ""))
        if row.get("city"):
            variants.append(f"{row['name']} ({row['city']})")
        rows.append({
            "source": "catalogue", "source_id": f"{kind}:{line}", "kind": row.get("kind") or kind,
            "name": row["name"], "name_ar": row.get("name_ar", ""), "alt_names": variants,
            "lat": lat, "lon": lon, "adm1_pcode": row.get("adm1", ""),
        })
    return records(pd.DataFrame(rows))
