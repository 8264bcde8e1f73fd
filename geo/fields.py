"""The ``geo_*`` place columns of tables and incidents: the registry's table fields (`gazetteer.fields`).

Examples
--------
>>> from gazetteer.types import Match
>>> frame = match_columns([Match(query="x", status="no_match")])
>>> list(frame.columns[:3]), frame.loc[0, "geo_status"]
(['geo_lat', 'geo_lon', 'geo_status'], 'no_match')
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from gazetteer.fields import TABLE_FIELDS, match_frame
from gazetteer.types import Match

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["GEO_FIELDS", "GEO_COLUMNS", "AUDIT_FIELDS", "match_columns"]

GEO_FIELDS = tuple(f.name for f in TABLE_FIELDS)
GEO_COLUMNS = tuple(f"geo_{f}" for f in GEO_FIELDS)
# Added by the table geocoder only when the input has its own coordinates (ACLED, UCDP): km from
# our point to theirs, so a team can audit either. Not a Match field: a Match knows no input point.
AUDIT_FIELDS = ("distance_km",)


def match_columns(matches: Iterable[Match], *, prefix: str = "geo_") -> pd.DataFrame:
    """One row per Match with the ``geo_*`` columns in their types (float, nullable Int64, text)."""
    return match_frame(matches, fields=TABLE_FIELDS, prefix=prefix)
