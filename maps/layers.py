"""Vector layers for the map: admin boundaries, region/front shapes and the tile-less basemap.

Shapes are simplified and rounded before they are embedded, so a whole country of boundaries
adds a few hundred kilobytes rather than tens of megabytes.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import shapely

from gazetteer.exc import InputError
from gazetteer.geography import project

__all__ = ["boundaries_geojson", "regions_geojson", "outline_geojson", "basemap_lines", "place_labels",
           "places_from_rows"]

# ~500 m: invisible at the zoom levels where a whole governorate is on screen.
_TOLERANCE = 0.005


def _require(gdf: Any, columns: tuple[str, ...], what: str) -> None:
    missing = [c for c in columns if c not in gdf.columns]
    if missing:
        raise InputError(f"{what} lack column(s) {', '.join(missing)}")


def _round(geom: Any) -> Any:
    return shapely.transform(geom, lambda xy: np.round(xy, 4))


def _shape(geom: Any, tolerance: float = _TOLERANCE) -> dict[str, Any] | None:
    if geom is None or geom.is_empty:
        return None
    small = shapely.simplify(geom, tolerance, preserve_topology=True)
    return shapely.geometry.mapping(_round(small))


def _areas_km2(gdf: Any) -> list[float | None]:
    # The one area rule (gazetteer.geography): our layers are WGS84, measured in the metric CRS.
    area = shapely.area(project(np.asarray(gdf.geometry, dtype=object))) / 1e6
    return [None if pd.isna(a) or a <= 0 else round(float(a), 1) for a in area]


def _text(value: Any) -> str:
    return "" if value is None or (isinstance(value, float) and np.isnan(value)) else str(value)


def _collection(features: list[dict[str, Any]]) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": features}


def boundaries_geojson(boundaries: Any, levels: tuple[int, ...] = (1, 2)) -> dict[int, dict[str, Any]]:
    """Admin areas (pcode, level, name, name_ar, geometry) as one GeoJSON FeatureCollection per level."""
    _require(boundaries, ("pcode", "level", "name", "geometry"), "boundaries")
    out: dict[int, dict[str, Any]] = {}
    for level in levels:
        part = boundaries[boundaries["level"].astype(int) == level]
        if part.empty:
            continue
        areas = _areas_km2(part)
        feats = []
        for (_, row), area in zip(part.iterrows(), areas, strict=True):
            shape = _shape(row.geometry)
            if shape is None:
                continue
            props = {
                "pcode": _text(row["pcode"]),
                "name": _text(row["name"]),
                "name_ar": _text(row.get("name_ar")),
                "level": level,
                "area_km2": area,
            }
            feats.append({"type": "Feature", "properties": props, "geometry": shape})
        out[level] = _collection(feats)
    return out


def regions_geojson(regions: Any) -> dict[str, Any]:
    """Region/front shapes (place_id, kind, name, name_ar, geometry) with a label point each."""
    _require(regions, ("place_id", "name", "geometry"), "regions")
    areas = _areas_km2(regions)
    feats = []
    for (_, row), area in zip(regions.iterrows(), areas, strict=True):
        shape = _shape(row.geometry, tolerance=0.002)
        if shape is None:
            continue
        label = row.geometry.representative_point() if row.geometry.area > 0 else row.geometry.centroid
        props = {
            "place_id": _text(row["place_id"]),
            "kind": _text(row.get("kind")),
            "name": _text(row["name"]),
            "name_ar": _text(row.get("name_ar")),
            "area_km2": area,
            "label": [round(label.y, 4), round(label.x, 4)],
        }
        feats.append({"type": "Feature", "properties": props, "geometry": shape})
    return _collection(feats)


def basemap_lines(boundaries: Any) -> dict[str, Any] | None:
    """District and sub-district outlines for the vector basemap (level in properties), simplified."""
    if boundaries is None or not len(boundaries) or "level" not in boundaries.columns:
        return None
    part = boundaries[boundaries["level"].astype(int).isin([2, 3])]
    feats = [{"type": "Feature", "properties": {"level": int(row.level)}, "geometry": shape}
             for row in part.itertuples() if (shape := _shape(row.geometry.boundary, 0.004)) is not None]
    return _collection(feats) if feats else None


def outline_geojson(boundaries: Any = None, outline: Any = None) -> dict[str, Any] | None:
    """The country outline for the tile-less basemap: `outline`, else the union of governorates."""
    if outline is None and boundaries is not None and "level" in boundaries.columns:
        gov = boundaries[boundaries["level"].astype(int) == 1]
        if not gov.empty:
            outline = shapely.union_all(np.asarray(gov.geometry.values))
    if outline is None or outline.is_empty:
        return None
    return _collection([{"type": "Feature", "properties": {}, "geometry": _shape(outline, 0.01)}])


# First zoom level at which each kind of label appears on the vector basemap (Leaflet zoom 6 shows
# the whole country, 16 a street); bigger places come earlier, see `_place_zoom`.
_ADMIN_ZOOM = {1: 6, 2: 8, 3: 10}
_KIND_ZOOM = {"city": 7, "town": 9, "village": 11, "neighbourhood": 13}


def _place_zoom(kind: str, population: float) -> int:
    """Zoom at which a populated place is labelled: by size first, its kind when size is unknown."""
    if population >= 250_000:
        return 6
    if population >= 40_000:
        return 7
    if population >= 10_000:
        return 8
    if population >= 3_000:
        return 10
    return _KIND_ZOOM.get(kind, 12)


def place_labels(places: pd.DataFrame | None, boundaries: Any = None, limit: int | None = None) -> list[list[Any]]:
    """[lat, lon, name, name_ar, min_zoom, level] labels for the tile-less basemap, most important first.

    Governorates, districts and sub-districts (from `boundaries`, at their label point) and the
    populated places of `places` (name, lat, lon; kind, population, name_ar if present), each with
    the zoom from which it is drawn; the page hides labels that would overlap more important ones.
    ``limit`` keeps only the largest places. ``level`` is 1-3 for admin units, 0 for places.
    """
    out: list[tuple[float, list[Any]]] = []
    if boundaries is not None and len(boundaries) and "level" in boundaries.columns:
        for row in boundaries.itertuples():
            level = int(row.level)
            if level not in _ADMIN_ZOOM or row.geometry is None or row.geometry.is_empty:
                continue
            p = row.geometry.representative_point()
            out.append((level * 10.0, [round(p.y, 4), round(p.x, 4), _text(row.name),
                                       _text(getattr(row, "name_ar", "")), _ADMIN_ZOOM[level], level]))
    if places is not None and not places.empty:
        _require(places, ("name", "lat", "lon"), "places")
        df = places.dropna(subset=["lat", "lon"])
        if "kind" in df.columns:
            df = df[df["kind"].isin(list(_KIND_ZOOM))]
        pop = pd.to_numeric(df["population"], errors="coerce").fillna(0) if "population" in df.columns \
            else pd.Series(0.0, index=df.index)
        df = df.assign(_pop=pop).sort_values("_pop", ascending=False, kind="stable")
        df = df.drop_duplicates(subset=["name", "lat", "lon"])
        if limit is not None:
            df = df.head(limit)
        kinds = df["kind"] if "kind" in df.columns else pd.Series("town", index=df.index)
        name_ar = df["name_ar"] if "name_ar" in df.columns else pd.Series("", index=df.index)
        for la, lo, n, a, k, pp in zip(df["lat"], df["lon"], df["name"], name_ar, kinds, df["_pop"], strict=True):
            zoom = _place_zoom(str(k), float(pp)) if limit is None else 6
            out.append((zoom + 0.5, [round(float(la), 4), round(float(lo), 4), _text(n), _text(a), zoom, 0]))
    out.sort(key=lambda item: item[0])  # stable: population order within a zoom level
    return [label for _, label in out]


def places_from_rows(df: pd.DataFrame) -> pd.DataFrame | None:
    """The mapped places of an incident table, ranked by how many incidents each has (for labels)."""
    from .records import detect_columns, points

    cols = detect_columns(df)
    if cols.geo("geo_name") not in df.columns:
        return None
    lat, lon = points(df, cols)
    rows = pd.DataFrame(
        {
            "name": df[cols.geo("geo_name")].to_numpy(),
            "lat": lat,
            "lon": lon,
            "name_ar": df[cols.geo("geo_name_ar")].to_numpy() if cols.geo("geo_name_ar") in df.columns else "",
        }
    ).dropna(subset=["name", "lat", "lon"])
    counts = rows.groupby("name", sort=False)["name"].transform("size")
    return rows.assign(population=counts)
