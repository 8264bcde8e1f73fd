"""Precision codes: ACLED ``geo_precision`` (1–3) and UCDP ``where_prec`` (1–7) from what was matched."""

from __future__ import annotations

from gazetteer.geography import LARGE_AREA_KM2, SMALL_AREA_KM2
from gazetteer.kinds import POI_KINDS

__all__ = ["precision_for"]

_BY_KIND = {
    # kind: (ACLED geo_precision, UCDP where_prec)
    "city": (1, 1), "town": (1, 1), "village": (1, 1), "neighbourhood": (1, 1), "landmark": (1, 1),
    "city_district": (2, 2),
    "subdistrict": (2, 3),
    "district": (3, 3),
    "governorate": (3, 4),
    "country": (3, 6),
    "road": (3, 5),
}


def precision_for(
    kind: str, *, relation: str = "", axis: bool = False, area_km2: float | None = None
) -> tuple[int, int]:
    """(geo_precision, where_prec) for a match of this kind; 'near X' and 'X axis' are one step coarser."""
    if kind in _BY_KIND:
        acled, ucdp = _BY_KIND[kind]
    elif kind in POI_KINDS:  # a mosque, ruin or air base is a point like a village
        acled, ucdp = 1, 1
    elif area_km2 is not None and area_km2 <= SMALL_AREA_KM2:
        acled, ucdp = 2, 2
    else:
        acled, ucdp = 3, 5 if area_km2 is None or area_km2 > LARGE_AREA_KM2 else 4
    if (relation or axis) and acled == 1:
        acled, ucdp = 2, 2
    return acled, ucdp
