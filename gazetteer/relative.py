"""One place located by another: whether it lies in it, and the answer when only the other is known.

Tables write "Damascus - Jobar" (a city and its quarter), reports "X التابعة لـ Y" or "X, Idlib"; both
then need the same rules: how far a point lies outside a place (`km_outside`), which city stands for
its governorate (`is_capital`), and how a place the gazetteer does not know is put at the place said to
contain it (`placed_at`: method ``relative``, precision 2 at best, confidence 0.6 at most).
"""

from __future__ import annotations

import dataclasses
from typing import Any

from gazetteer.geodesy import haversine_km
from gazetteer.normalize import skeletons
from gazetteer.types import Match

__all__ = ["RELATIVE_PRECISION", "RELATIVE_CONFIDENCE", "is_capital", "km_outside", "placed_at"]

# A place put at the place that contains it is within that place's area (ACLED geo_precision 2) ...
RELATIVE_PRECISION = 2
# ... and no surer than this: the container is right, the point is not the place itself.
RELATIVE_CONFIDENCE = 0.6


def is_capital(m: Match) -> bool:
    """A city named as its governorate is (Idlib in Idleb, Hamah in Hama): its capital."""
    return m.kind == "city" and bool(m.adm1_name) and bool(skeletons(m.name) & skeletons(m.adm1_name))


def km_outside(a: Match, b: Match) -> float:
    """km from a's point to b: to b's polygon when b is an area (0 inside), else to b's point."""
    if b.geometry is None:
        return float(haversine_km(a.lat, a.lon, b.lat, b.lon))
    import shapely

    from gazetteer.geography import project

    return float(shapely.distance(project(shapely.points(a.lon, a.lat)), _projected(b.geometry))) / 1000


# Container polygons projected once per process, not once per use: the same governorates, districts and
# countrysides locate place after place, and projecting one (~1,300 vertices) cost 390 µs against 115 µs
# for the point and the distance. Keyed by identity; each entry keeps its polygon alive, so no id is reused.
_PROJECTED: dict[int, tuple[Any, Any]] = {}
_PROJECTED_MAX = 512


def _projected(geometry: Any) -> Any:
    hit = _PROJECTED.get(id(geometry))
    if hit is None or hit[0] is not geometry:
        from gazetteer.geography import project

        if len(_PROJECTED) >= _PROJECTED_MAX:
            _PROJECTED.clear()
        hit = _PROJECTED[id(geometry)] = (geometry, project(geometry))
    return hit[1]


def placed_at(outer: Match, query: str, reason: str, alternatives: tuple = (), *,
              most: float = RELATIVE_CONFIDENCE) -> Match:
    """A place the gazetteer does not know (or knows only elsewhere), put at the place the text says
    contains it: method relative, precision 2 at best, confidence at most `most`, and the reason."""
    return dataclasses.replace(
        outer, query=query, status="resolved", method="relative", alternatives=alternatives, reason=reason,
        precision=max(outer.precision or 0, RELATIVE_PRECISION),
        where_prec=max(outer.where_prec or 0, RELATIVE_PRECISION),
        confidence=round(min(outer.confidence, most), 3))
