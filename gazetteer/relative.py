"""One place located by another: whether it lies in it, and the answer when only the other is known.

Tables write "Damascus - Jobar" (a city and its quarter), reports "X التابعة لـ Y" or "X, Idlib"; both
then need the same rules: how far a point lies outside a place (`km_outside`), which city stands for
its governorate (`is_capital`), and how a place the gazetteer does not know is put at the place said to
contain it (`placed_at`: method ``relative``, precision 2 at best, confidence 0.6 at most).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from gazetteer.geodesy import haversine_km
from gazetteer.normalize import skeletons
from gazetteer.types import Match

__all__ = ["RELATIVE_PRECISION", "RELATIVE_CONFIDENCE", "MAX_ROAD_KM", "ROAD_CONFIDENCE", "ROAD_END_CONFIDENCE",
           "is_capital", "km_outside", "placed_at", "road_between"]

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


# A road is placed midway between its two ends when they lie at most this far apart (Homs - Palmyra is
# 150 km); farther apart, the text is likelier to name two other places than the road.
MAX_ROAD_KM = 200.0
# How sure the midpoint of a road is: the incident lies on the road, about as often within 5 km of its
# middle as not (the UCDP dev sets' road rows) ...
ROAD_CONFIDENCE = 0.45
# ... and the one end of it the gazetteer knows, less: the incident is somewhere along the road from it.
ROAD_END_CONFIDENCE = 0.3


def road_between(a: Match, b: Match, query: str, admin_of: Callable[[float, float], dict[str, str]]) -> Match:
    """The road between two resolved places, as a text names it ("Road between A and B", "طريق A - B"):
    midway between them (method relative, kind road, precision 2, confidence no higher than either end's
    or `ROAD_CONFIDENCE`), or, ends farther apart than `MAX_ROAD_KM`, somewhere along it (ambiguous,
    precision 3, confidence 0.25 at most). `admin_of(lat, lon)`: the point's adm1-adm3 fields."""
    from gazetteer.normalize import normalize
    from gazetteer.precision import precision_for

    km = float(haversine_km(a.lat, a.lon, b.lat, b.lon))
    lat, lon = round((a.lat + b.lat) / 2, 6), round((a.lon + b.lon) / 2, 6)
    near = km <= MAX_ROAD_KM
    precision, where_prec = (RELATIVE_PRECISION, RELATIVE_PRECISION) if near else precision_for("road")
    where = (f"midway between {a.name} and {b.name}, the places the text names the road by" if near else
             f"the road between {a.name} and {b.name} is {km:.0f} km long: somewhere along it")
    return Match(query=query, normalized=normalize(query), status="resolved" if near else "ambiguous",
                 lat=lat, lon=lon, method="relative", kind="road", precision=precision, where_prec=where_prec,
                 name=f"{a.name} – {b.name} road",
                 name_ar=f"طريق {a.name_ar} - {b.name_ar}" if a.name_ar and b.name_ar else "",
                 confidence=round(min(a.confidence, b.confidence, ROAD_CONFIDENCE if near else 0.25), 3),
                 reason=where, **admin_of(lat, lon))
