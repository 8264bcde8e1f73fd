"""Point-of-interest kinds (mosques, ruins, towers, airports ...): which there are and what names are only generic.

The vocabulary is ``gazetteer/data/poi_kinds.csv``; importers map a source's tag through `poi_kind`, and the
resolver and precision codes treat every kind in `POI_KINDS` as a point that is not a settlement.
"""

from __future__ import annotations

import csv
from functools import lru_cache
from importlib import resources

from gazetteer.normalize import normalize

__all__ = ["POI_KINDS", "poi_kind", "is_generic_name"]


@lru_cache(maxsize=1)
def _table() -> tuple[dict[str, str], frozenset[str]]:
    text = resources.files("gazetteer").joinpath("data/poi_kinds.csv").read_text(encoding="utf-8")
    rows = csv.DictReader(line for line in text.splitlines() if line.strip() and not line.startswith("#"))
    kinds, generic = {}, set()
    for row in rows:
        kinds[row["tag"].strip()] = row["kind"].strip()
        generic |= {normalize(w) for w in (row.get("generic_names") or "").split("|") if w.strip()}
    return kinds, frozenset(generic)


POI_KINDS = frozenset(_table()[0].values())


def poi_kind(tag: str, default: str = "site") -> str:
    """Our kind for a source tag ('ruins' -> 'ruins', 'grave_yard' -> 'cemetery', 'geonames:HLL' -> 'hill')."""
    return _table()[0].get(str(tag).strip(), default)


def is_generic_name(name: str) -> bool:
    """True for a name that only says what a thing is ('مسجد', 'Mosque', 'البرج'), never which one."""
    return normalize(name) in _table()[1]
