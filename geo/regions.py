"""Region containment: which catalogue regions (mountains, fronts, countrysides ...) a point lies in.

The shapes come from the gazetteer (``gazetteer.regions`` when the build provides it, else built here from
the catalogue with `gazetteer.regions.build_regions`).

Examples
--------
>>> "region:jabal-al-akrad" in region_of(35.689, 36.137)  # Salma  # doctest: +SKIP
True
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from gazetteer.exc import InputError
from gazetteer.protocol import or_default
from geo.admin import _as_arrays

if TYPE_CHECKING:
    from gazetteer.protocol import GazetteerLike

__all__ = ["RegionIndex", "region_of", "region_shapes", "region_geometry", "region_records"]


class RegionIndex:
    """Point-in-region queries over a regions GeoDataFrame (one row per region, EPSG:4326)."""

    def __init__(self, regions: gpd.GeoDataFrame) -> None:
        regions = regions[regions.geometry.notna() & ~regions.geometry.is_empty]
        # Smallest first: "Salah al-Din" before "east Aleppo countryside" before "Aleppo countryside".
        self.regions = regions.sort_values("area_km2", kind="stable").reset_index(drop=True)
        self._geoms = self.regions.geometry.values
        self._tree = shapely.STRtree(self._geoms)

    def pairs(
        self, lat: Any, lon: Any = None, kinds: Sequence[str] | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """(point positions, region rows) of every containment, region rows smallest first per point."""
        lat_a, lon_a, _ = _as_arrays(lat, lon)
        ok = np.flatnonzero(np.isfinite(lat_a) & np.isfinite(lon_a))
        inp, tree = self._tree.query(shapely.points(lon_a[ok], lat_a[ok]), predicate="intersects")
        pos = ok[inp]
        if kinds:
            keep = self.regions["kind"].to_numpy()[tree]
            mask = np.isin(keep, list(kinds))
            pos, tree = pos[mask], tree[mask]
        order = np.lexsort((tree, pos))  # by point, then by region area rank
        return pos[order], tree[order]

    def region_of(
        self, lat: Any, lon: Any = None, *, kinds: Sequence[str] | None = None
    ) -> list[str] | pd.Series:
        """Region place_ids containing each point (smallest region first)."""
        lat_a, _, scalar = _as_arrays(lat, lon)
        pos, rows = self.pairs(lat, lon, kinds)
        ids = self.regions["place_id"].to_numpy()
        out: list[list[str]] = [[] for _ in range(len(lat_a))]
        for p, r in zip(pos, rows, strict=True):
            out[p].append(ids[r])
        if scalar:
            return out[0]
        index = lat.index if isinstance(lat, pd.Series) else None
        return pd.Series(out, index=index, name="regions", dtype=object)


def _build_shapes(gz: GazetteerLike) -> gpd.GeoDataFrame:
    regions = getattr(gz, "regions", None)
    if isinstance(regions, gpd.GeoDataFrame):
        return regions
    from gazetteer.regions import build_regions

    return build_regions(gz.places, gz.admin_areas, names=getattr(gz, "names", None))


def region_shapes(*, gazetteer: GazetteerLike | None = None) -> gpd.GeoDataFrame:
    """All catalogue regions: place_id, kind, names, polygon (EPSG:4326), point, area, precision, members."""
    return or_default(gazetteer).cached("region_shapes", _build_shapes)


def _index(gazetteer: GazetteerLike | None) -> RegionIndex:
    return or_default(gazetteer).cached("region_index", lambda g: RegionIndex(region_shapes(gazetteer=g)))


def region_of(
    lat: Any, lon: Any = None, *, kinds: Sequence[str] | None = None, gazetteer: GazetteerLike | None = None
) -> list[str] | pd.Series:
    """The regions a point lies in, as place_ids, smallest first: a list for a scalar, else a Series of lists.

    `kinds` keeps only some kinds (e.g. ``["countryside"]``). Missing coordinates give an empty list.
    """
    return _index(gazetteer).region_of(lat, lon, kinds=kinds)


def region_geometry(place_id: str, *, gazetteer: GazetteerLike | None = None) -> Any:
    """The polygon of a region by place_id ("region:jabal-al-akrad" or just "jabal-al-akrad")."""
    shapes = region_shapes(gazetteer=gazetteer)
    key = place_id if place_id.startswith("region:") else f"region:{place_id}"
    hit = shapes[shapes["place_id"] == key]
    if hit.empty:
        raise InputError(f"unknown region {place_id!r}; see `syrmap regions --list` for the catalogue")
    return hit.geometry.iloc[0]


_RECORD_COLUMNS = ("place_id", "kind", "name", "name_ar", "area_km2", "precision", "approximate", "lat", "lon",
                   "names", "members_found", "members_missing")


def _plain(value: Any) -> Any:
    """A JSON-ready value: arrays and tuples as lists, numpy scalars as Python numbers, NaN as None."""
    if isinstance(value, (np.ndarray, list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and np.isnan(value):
        return None
    return value


def region_records(*, gazetteer: GazetteerLike | None = None) -> list[dict[str, Any]]:
    """The catalogue as plain dicts (no geometry), member lists as lists, ready for JSON or a listing."""
    shapes = region_shapes(gazetteer=gazetteer)
    cols = [c for c in _RECORD_COLUMNS if c in shapes.columns]
    return [{c: _plain(v) for c, v in zip(cols, row, strict=True)}
            for row in shapes[cols].itertuples(index=False, name=None)]
