"""Well-known places beyond Syria's borders, so "Mosul" is reported as outside Syria, not as no match."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from gazetteer.normalize import variant_key

__all__ = ["ForeignPlace", "outside_match"]


@dataclass(frozen=True)
class ForeignPlace:
    """A place outside Syria with its country."""

    name: str
    name_ar: str
    country: str
    lat: float
    lon: float


@lru_cache(maxsize=1)
def _table() -> dict[str, ForeignPlace]:
    text = resources.files("gazetteer").joinpath("data/outside_places.csv").read_text(encoding="utf-8")
    table = {}
    for row in csv.DictReader(line for line in text.splitlines() if not line.startswith("#")):
        place = ForeignPlace(row["name"], row["name_ar"], row["country"], float(row["lat"]), float(row["lon"]))
        for name in (row["name"], row["name_ar"], *row["variants"].split("|")):
            if name:
                table[variant_key(name)] = place
    return table


def outside_match(text: str) -> ForeignPlace | None:
    """The foreign place this text names exactly (up to spelling), or None."""
    return _table().get(variant_key(text))
