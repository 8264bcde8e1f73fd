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

__all__ = ["GEO_FIELDS", "GEO_COLUMNS", "AUDIT_FIELDS", "match_columns", "typed_column"]

GEO_FIELDS = (
    "lat", "lon", "status", "method", "confidence", "precision", "where_prec", "name", "name_ar",
    "place_id", "adm1_pcode", "adm1_name", "adm2_pcode", "adm2_name", "adm3_pcode", "adm3_name",
    "alternatives", "reason",
)
GEO_COLUMNS = tuple(f"geo_{f}" for f in GEO_FIELDS)
# Added by the table geocoder only when the input has its own coordinates (ACLED, UCDP): km from
# our point to theirs, so a team can audit either. Not a Match field: a Match knows no input point.
AUDIT_FIELDS = ("distance_km",)
_FLOATS = frozenset({"lat", "lon", "confidence", "distance_km"})
_INTS = frozenset({"precision", "where_prec"})


def _value(match: Match, field: str) -> object:
    if field == "alternatives":
        return match.alternatives_json()
    return getattr(match, field)


def typed_column(values: pd.Series, field: str) -> pd.Series:
    """A geo_* column in its type: float coordinates and confidence, nullable Int64 codes, strings ('' for none)."""
    if field in _FLOATS:
        return pd.to_numeric(values, errors="coerce").astype("float64")
    if field in _INTS:
        return pd.to_numeric(values, errors="coerce").astype("Int64")
    return values.fillna("").astype(str)


def match_columns(matches: Iterable[Match], *, prefix: str = "geo_") -> pd.DataFrame:
    """One row per Match with the ``geo_*`` columns, typed like the table geocoder's (`typed_column`)."""
    matches = list(matches)
    columns = {
        prefix + field: typed_column(pd.Series([_value(m, field) for m in matches], dtype=object), field)
        for field in GEO_FIELDS
    }
    return pd.DataFrame(columns, index=pd.RangeIndex(len(matches)))
