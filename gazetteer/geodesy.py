"""Distances on the Earth's surface."""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["haversine_km", "EARTH_RADIUS_KM"]

EARTH_RADIUS_KM = 6371.0088


def haversine_km(lat1: Any, lon1: Any, lat2: Any, lon2: Any) -> np.ndarray:
    """Great-circle distance in km (broadcasts over arrays).

    >>> round(float(haversine_km(35.6138, 36.5645, 35.6483, 36.6769)), 1)  # Kafr Nabl - Maarrat an-Numan
    10.9
    """
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dlon = np.radians(np.subtract(lon2, lon1))
    a = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(a))
