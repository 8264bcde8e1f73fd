"""The ``geo_*`` place columns, built from `Match` objects the same way for tables and reports.

Examples
--------
>>> from gazetteer.types import Match
>>> frame = match_columns([Match(query="x", status="no_match")])
>>> list(frame.columns[:3]), frame.loc[0, "geo_status"]
(['geo_lat', 'geo_lon', 'geo_status'], 'no_match')
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from gazetteer.types import Match

__all__ = ["GEO_FIELDS", "GEO_COLUMNS", "match_columns"]

GEO_FIELDS = (
    "lat", "lon", "status", "method", "confidence", "precision", "where_prec", "name", "name_ar",
    "place_id", "adm1_pcode", "adm1_name", "adm2_pcode", "adm2_name", "adm3_pcode", "adm3_name",
    "alternatives", "reason",
)
GEO_COLUMNS = tuple(f"geo_{f}" for f in GEO_FIELDS)
_FLOATS = frozenset({"lat", "lon", "confidence"})
_INTS = frozenset({"precision", "where_prec"})


def _value(match: Match, field: str) -> object:
    if field == "alternatives":
        return match.alternatives_json()
    return getattr(match, field)


def match_columns(matches: Iterable[Match], *, prefix: str = "geo_") -> pd.DataFrame:
    """One row per Match with the ``geo_*`` columns, typed: floats, nullable Int64 codes, strings."""
    matches = list(matches)
    columns = {}
    for field in GEO_FIELDS:
        values = [_value(m, field) for m in matches]
        if field in _FLOATS:
            series = pd.Series(values, dtype="float64")
        elif field in _INTS:
            series = pd.Series(values, dtype="Int64")
        else:
            series = pd.Series(["" if v is None else str(v) for v in values], dtype="object")
        columns[prefix + field] = series
    return pd.DataFrame(columns, index=pd.RangeIndex(len(matches)))
