"""The geography rules, each in one place: metric CRS, admin levels and kinds, the admin snap distance,
area sizes and the point -> sub-district assignment used by the build, `geo.admin_for` and aliases.

Heavy libraries (pyproj, shapely) are imported inside the functions that need them, so importing
this module costs nothing.

>>> ADMIN_LEVEL_KIND[2], ADMIN_KIND_LEVEL["subdistrict"]
('district', 3)
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

import numpy as np

__all__ = [
    "WGS84", "METRIC_CRS", "ADMIN_LEVEL_KIND", "ADMIN_KIND_LEVEL", "ADMIN_KINDS", "ADMIN_SNAP_KM",
    "INTERCHANGEABLE_ADMIN1", "SMALL_AREA_KM2", "LARGE_AREA_KM2", "to_metric", "area_km2", "AdminLocator",
]

WGS84 = "EPSG:4326"
METRIC_CRS = "EPSG:32637"  # UTM 37N: metres (and true-enough areas) across all of Syria

ADMIN_LEVEL_KIND = {1: "governorate", 2: "district", 3: "subdistrict"}
ADMIN_KIND_LEVEL = {kind: level for level, kind in ADMIN_LEVEL_KIND.items()}
ADMIN_KINDS = frozenset(ADMIN_KIND_LEVEL)

# Points this close outside every sub-district polygon (coast, islands, border towns drawn on the
# line) still get that sub-district's codes; farther out they are outside Syria. 5 km (the build's),
# not geo.admin's former 2 km: of the built gazetteer's places 2-5 km outside every polygon, two of
# three are Syrian border villages (Mazraet Deir Elashayer, Az Ziyarah); the distance is reported.
ADMIN_SNAP_KM = 5.0

# Governorates that writers name for each other's places: Damascus is an enclave of Rural Damascus, and
# its outer quarters (Jobar, Qaboun, Yarmouk) are "Rural Damascus" in reports and event tables as often
# as Rural Damascus towns are "Damascus" ("Douma, Damascus"). A hint of one admits the other's places.
INTERCHANGEABLE_ADMIN1 = {"SY01": "SY03", "SY03": "SY01"}

# Area size classes for precision codes: up to SMALL it is "near a place" (ACLED 2, UCDP 2, a circle
# of ~25 km radius is 1,963 km²); up to LARGE it is about a governorate (UCDP 4); beyond, a region.
SMALL_AREA_KM2 = 2_000.0
LARGE_AREA_KM2 = 20_000.0


@cache
def _transformer(inverse: bool = False) -> Any:
    from pyproj import Transformer

    src, dst = (METRIC_CRS, WGS84) if inverse else (WGS84, METRIC_CRS)
    return Transformer.from_crs(src, dst, always_xy=True)


def to_metric(lon: Any, lat: Any) -> tuple[np.ndarray, np.ndarray]:
    """(x, y) metres in METRIC_CRS for WGS84 longitudes and latitudes (arrays or scalars)."""
    return _transformer().transform(lon, lat)


def to_wgs84(x: Any, y: Any) -> tuple[np.ndarray, np.ndarray]:
    """(lon, lat) for METRIC_CRS coordinates."""
    return _transformer(True).transform(x, y)


def project(geom: Any, *, inverse: bool = False) -> Any:
    """A shapely geometry (or array of them) from WGS84 to METRIC_CRS (or back with ``inverse``)."""
    import shapely

    forward = to_wgs84 if inverse else to_metric
    return shapely.transform(geom, lambda xy: np.column_stack(forward(xy[:, 0], xy[:, 1])))


def area_km2(geom: Any) -> float:
    """Area of a WGS84 shapely geometry in km², measured in METRIC_CRS (0 for None/empty)."""
    if geom is None or geom.is_empty:
        return 0.0
    return float(project(geom).area) / 1e6


class AdminLocator:
    """Which sub-district each point is in: polygon containment, else the nearest within ADMIN_SNAP_KM.

    ``geometries`` are the sub-district polygons in WGS84. `locate` returns, per point, the position of
    its sub-district (-1 for none: missing coordinates or outside Syria) and the distance to it in km
    (0 inside, NaN for none).
    """

    def __init__(self, geometries: Sequence[Any], units: Sequence[dict[str, str]] = ()) -> None:
        import shapely

        geoms = shapely.make_valid(project(np.asarray(list(geometries), dtype=object)))
        shapely.prepare(geoms)
        self._geoms = geoms
        self._tree = shapely.STRtree(geoms)
        self.units = list(units)

    @classmethod
    def of_areas(cls, areas: Any) -> AdminLocator:
        """Over the sub-districts (level 3) of an admin-areas GeoDataFrame (pcode, level, name, name_ar,
        adm1_pcode, adm2_pcode); ``units[i]`` holds the P-codes and English and Arabic names of sub-district
        i and of the district and governorate it is in (``adm1_pcode``, ``adm1_name``, ``adm1_name_ar``, …)."""
        if areas.crs is not None:
            areas = areas.to_crs(WGS84)
        labels = areas[["pcode", "name", "name_ar"]].fillna("")
        names = {code: (en, ar) for code, en, ar in labels.itertuples(index=False, name=None)}
        adm3 = areas[areas["level"] == 3].reset_index(drop=True)
        units = []
        for codes in zip(adm3["adm1_pcode"].fillna(""), adm3["adm2_pcode"].fillna(""), adm3["pcode"], strict=True):
            unit = {}
            for level, code in enumerate(codes, start=1):
                en, ar = names.get(code, ("", ""))
                unit.update({f"adm{level}_pcode": code, f"adm{level}_name": en, f"adm{level}_name_ar": ar})
            units.append(unit)
        return cls(adm3.geometry.values, units)

    def locate(self, lat: Any, lon: Any) -> tuple[np.ndarray, np.ndarray]:
        import shapely

        lat_a = np.asarray(lat, dtype=float).ravel()
        lon_a = np.asarray(lon, dtype=float).ravel()
        hit = np.full(len(lat_a), -1, dtype=np.int64)
        dist = np.full(len(lat_a), np.nan)
        where = np.flatnonzero(np.isfinite(lat_a) & np.isfinite(lon_a))
        if not len(where):
            return hit, dist
        pts = shapely.points(*to_metric(lon_a[where], lat_a[where]))
        # Index the points and query with each prepared polygon: a few hundred prepared queries beat
        # 100k unprepared point-in-polygon tests by ~8x.
        poly, inp = shapely.STRtree(pts).query(self._geoms, predicate="intersects")
        # A point on a shared boundary hits two polygons: keep one, the codes are still right.
        inp, first = np.unique(inp, return_index=True)
        hit[where[inp]] = poly[first]
        dist[where[inp]] = 0.0
        missed = np.setdiff1d(np.arange(len(pts)), inp)
        if len(missed):
            near_pt, near_poly = self._tree.query_nearest(
                pts[missed], max_distance=ADMIN_SNAP_KM * 1000, all_matches=False
            )
            hit[where[missed[near_pt]]] = near_poly
            dist[where[missed[near_pt]]] = shapely.distance(pts[missed[near_pt]], self._geoms[near_poly]) / 1000
        return hit, dist
