"""Admin geography: which governorate / district / sub-district a point is in, and what is near it.

`admin_for` is vectorized (a shapely STRtree over the sub-district polygons, queried with all points at
once); points just off the coast or a border snap to the nearest sub-district within
`gazetteer.geography.ADMIN_SNAP_KM` — the same assignment the build gives every gazetteer place.

Examples
--------
>>> admin_for(36.20, 37.16)["adm2_pcode"]  # doctest: +SKIP
'SY0200'
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from gazetteer.geodesy import haversine_km
from gazetteer.geography import WGS84, AdminLocator, to_metric
from gazetteer.protocol import or_default

if TYPE_CHECKING:
    from gazetteer.protocol import GazetteerLike

__all__ = ["AdminIndex", "ADMIN_COLUMNS", "admin_for", "reverse", "in_syria", "haversine_km"]

ADMIN_COLUMNS = [
    "adm1_pcode", "adm1_name", "adm1_name_ar", "adm2_pcode", "adm2_name", "adm2_name_ar",
    "adm3_pcode", "adm3_name", "adm3_name_ar", "admin_dist_km",
]


def _as_arrays(lat: Any, lon: Any = None) -> tuple[np.ndarray, np.ndarray, bool]:
    """(lat, lon) float arrays and whether the input was a scalar; a GeoSeries of points may come alone."""
    if isinstance(lat, gpd.GeoSeries) and lon is None:
        pts = lat.to_crs(WGS84) if lat.crs is not None else lat
        empty = pts.isna() | pts.is_empty
        x = np.where(empty, np.nan, shapely.get_x(pts.values))
        y = np.where(empty, np.nan, shapely.get_y(pts.values))
        return y.astype(float), x.astype(float), False
    scalar = np.ndim(lat) == 0 and np.ndim(lon) == 0
    lat_a = pd.to_numeric(pd.Series(np.atleast_1d(lat)), errors="coerce").to_numpy(float)
    lon_a = pd.to_numeric(pd.Series(np.atleast_1d(lon)), errors="coerce").to_numpy(float)
    if lat_a.shape != lon_a.shape:
        from gazetteer.exc import InputError

        raise InputError(f"lat and lon differ in length ({len(lat_a)} vs {len(lon_a)})")
    return lat_a, lon_a, scalar


class AdminIndex:
    """Spatial index over the gazetteer's admin areas (levels 1-3)."""

    def __init__(self, admin_areas: gpd.GeoDataFrame) -> None:
        self._locator = AdminLocator.of_areas(admin_areas)
        # One row per sub-district, then an all-empty row: the answer for points that hit nothing.
        table = pd.DataFrame(self._locator.units, columns=ADMIN_COLUMNS[:-1])
        table.loc[len(table)] = ""
        self._table = table
        self._columns = {c: table[c].to_numpy(dtype=object) for c in ADMIN_COLUMNS[:-1]}

    def lookup(self, lat: Any, lon: Any = None) -> pd.DataFrame:
        """One row per point with ADMIN_COLUMNS; rows for missing or outside points are empty strings/NaN."""
        lat_a, lon_a, _ = _as_arrays(lat, lon)
        hit, dist = self._locator.locate(lat_a, lon_a)
        # The table's last row is all empty strings: the answer for points that hit nothing.
        take = np.where(hit >= 0, hit, len(self._table) - 1)
        out = pd.DataFrame({c: self._columns[c][take] for c in ADMIN_COLUMNS[:-1]})
        out["admin_dist_km"] = dist
        return out


def _index(gazetteer: GazetteerLike | None) -> AdminIndex:
    return or_default(gazetteer).cached("admin_index", lambda g: AdminIndex(g.admin_areas))


def admin_for(lat: Any, lon: Any = None, *, gazetteer: GazetteerLike | None = None) -> pd.DataFrame | dict[str, Any]:
    """adm1-adm3 P-codes and English/Arabic names for points: a dict for a scalar, else a DataFrame.

    Accepts scalars, arrays, Series (index kept) or a GeoSeries of points. Missing coordinates and
    points outside Syria (beyond `ADMIN_SNAP_KM` of it) give empty strings.
    """
    _, _, scalar = _as_arrays(lat, lon)
    out = _index(gazetteer).lookup(lat, lon)
    if scalar:
        return out.iloc[0].to_dict()
    if isinstance(lat, pd.Series):
        out.index = lat.index
    return out


def in_syria(lat: Any, lon: Any = None, *, gazetteer: GazetteerLike | None = None) -> bool | np.ndarray:
    """Whether points fall inside Syria's outline (False for missing coordinates)."""
    lat_a, lon_a, scalar = _as_arrays(lat, lon)
    outline = or_default(gazetteer).outline
    shapely.prepare(outline)
    inside = shapely.contains_xy(outline, np.nan_to_num(lon_a, nan=0.0), np.nan_to_num(lat_a, nan=0.0))
    inside &= np.isfinite(lat_a) & np.isfinite(lon_a)
    return bool(inside[0]) if scalar else inside


def _place_tree(gz: GazetteerLike) -> tuple[Any, pd.DataFrame]:
    from scipy.spatial import cKDTree

    places = gz.places
    places = places[np.isfinite(places["lat"]) & np.isfinite(places["lon"])]
    x, y = to_metric(places["lon"].to_numpy(float), places["lat"].to_numpy(float))
    return cKDTree(np.column_stack([x, y])), places.reset_index(drop=True)


def reverse(
    lat: float, lon: float, k: int = 5, *, kinds: Sequence[str] | None = None, gazetteer: GazetteerLike | None = None
) -> pd.DataFrame:
    """The `k` places nearest a point, nearest first, with `distance_km` (haversine).

    `kinds` keeps only places of those kinds (e.g. ``["village", "town"]``). Missing coordinates give
    an empty frame.
    """
    tree, places = or_default(gazetteer).cached("place_tree", _place_tree)
    if not (isinstance(lat, (int, float)) and isinstance(lon, (int, float))) or not (
        math.isfinite(lat) and math.isfinite(lon)
    ):
        return places.iloc[:0].assign(distance_km=pd.Series(dtype=float))
    x, y = to_metric(lon, lat)
    # Over-fetch when filtering by kind so k survive the filter.
    fetch = min(len(places), k if not kinds else max(k * 20, 200))
    _, idx = tree.query([x, y], k=fetch)
    near = places.iloc[np.atleast_1d(idx)]
    if kinds:
        near = near[near["kind"].isin(list(kinds))]
    near = near.head(k).copy()
    near["distance_km"] = haversine_km(lat, lon, near["lat"].to_numpy(), near["lon"].to_numpy()).round(3)
    return near.sort_values("distance_km").reset_index(drop=True)
