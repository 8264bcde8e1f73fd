"""The project's landmark catalogue: airports, air bases, dams, bases and crossings that reports name.

No reference source lists them, so they are written into ``gazetteer/data/landmarks.csv`` from
general knowledge (like the region catalogue) and merged into the gazetteer with every other record.
"""

from __future__ import annotations

import csv
from importlib import resources

import pandas as pd

from gazetteer.exc import SourceError
from gazetteer.sources.base import records, split_list

__all__ = ["read_landmarks"]


def read_landmarks() -> pd.DataFrame:
    """Landmark records (RECORD_COLUMNS, source 'catalogue'); a malformed row is a SourceError naming it."""
    text = resources.files("gazetteer").joinpath("data/landmarks.csv").read_text(encoding="utf-8")
    rows = []
    reader = csv.DictReader(line for line in text.splitlines() if line.strip() and not line.startswith("#"))
    for line, row in enumerate(reader, start=2):
        try:
            lat, lon = float(row["lat"]), float(row["lon"])
        except (TypeError, ValueError):
            raise SourceError(
                f"gazetteer/data/landmarks.csv: row {line} ({row.get('name')!r}) has no numeric lat/lon"
            ) from None
        if not (32.0 <= lat <= 37.5 and 35.5 <= lon <= 42.5):
            raise SourceError(f"gazetteer/data/landmarks.csv: row {line} ({row['name']!r}) lies outside Syria")
        rows.append({
            "source": "catalogue", "source_id": f"landmark:{line}", "kind": row.get("kind") or "landmark",
            "name": row["name"], "name_ar": row.get("name_ar", ""), "alt_names": split_list(row.get("variants", "")),
            "lat": lat, "lon": lon, "adm1_pcode": row.get("adm1", ""),
        })
    return records(pd.DataFrame(rows))
