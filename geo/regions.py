"""Region containment: which catalogue regions (mountains, fronts, countrysides ...) a point lies in.

The shapes come from the gazetteer (``gz.regions`` when the build provides it, else built here from
the catalogue with `gazetteer.regions.build_regions`).

Examples
--------
>>> "region:jabal-al-akrad" in region_of(35.689, 36.137)  # Salma  # doctest: +SKIP
True
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from gazetteer.exc import InputError
from geo.admin import _as_arrays, cached_for, default_gazetteer

__all__ = ["RegionIndex", "region_of", "region_shapes", "region_geometry", "draw_preview"]


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


def _build_shapes(gz: Any) -> gpd.GeoDataFrame:
    regions = getattr(gz, "regions", None)
    if isinstance(regions, gpd.GeoDataFrame):
        return regions
    from gazetteer.regions import build_regions

    return build_regions(gz.places, gz.admin_areas, names=getattr(gz, "names", None))


def region_shapes(*, gz: Any = None) -> gpd.GeoDataFrame:
    """All catalogue regions: place_id, kind, names, polygon (EPSG:4326), point, area, precision, members."""
    return cached_for(default_gazetteer(gz), "region_shapes", _build_shapes)


def _index(gz: Any = None) -> RegionIndex:
    gz = default_gazetteer(gz)
    return cached_for(gz, "region_index", lambda g: RegionIndex(region_shapes(gz=g)))


def region_of(
    lat: Any, lon: Any = None, *, kinds: Sequence[str] | None = None, gz: Any = None
) -> list[str] | pd.Series:
    """The regions a point lies in, as place_ids, smallest first: a list for a scalar, else a Series of lists.

    `kinds` keeps only some kinds (e.g. ``["countryside"]``). Missing coordinates give an empty list.
    """
    return _index(gz).region_of(lat, lon, kinds=kinds)


def region_geometry(place_id: str, *, gz: Any = None) -> Any:
    """The polygon of a region by place_id ("region:jabal-al-akrad" or just "jabal-al-akrad")."""
    shapes = region_shapes(gz=gz)
    key = place_id if place_id.startswith("region:") else f"region:{place_id}"
    hit = shapes[shapes["place_id"] == key]
    if hit.empty:
        raise InputError(f"unknown region {place_id!r}; see `syrmap regions --list` for the catalogue")
    return hit.geometry.iloc[0]


# ---------------------------------------------------------------- static preview

_KIND_COLOURS = {
    "mountain": "#8c564b", "plain": "#2ca02c", "front": "#d62728", "road": "#ff7f0e",
    "city_district": "#9467bd", "area": "#17becf", "countryside": "#1f77b4",
}


def draw_preview(path: str | Path, *, gz: Any = None, dpi: int = 110) -> Path:
    """Write a PNG with governorates, regions and their labels, for checking shapes by eye.

    Three panels: the compass countrysides, the named areas of north-west Syria, and Aleppo city.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    gz = default_gazetteer(gz)
    shapes = region_shapes(gz=gz)
    admin = gz.admin_areas
    gov = admin[admin["level"] == 1]
    fig, axes = plt.subplots(1, 3, figsize=(24, 9), gridspec_kw={"width_ratios": [1.2, 1, 1]})
    panels = [
        (axes[0], "Compass countrysides (wedges from the capital, minus the city)", (35.6, 38.9, 34.7, 36.9),
         shapes[shapes["kind"] == "countryside"]),
        (axes[1], "Mountains, plains and roads, north-west", (35.7, 37.3, 35.2, 36.5),
         shapes[shapes["kind"].isin(["mountain", "plain", "road", "front", "area"])]),
        (axes[2], "Aleppo city districts and fronts", (37.02, 37.24, 36.13, 36.29),
         shapes[shapes["kind"].isin(["city_district", "front", "road"])]),
    ]
    for ax, title, (x0, x1, y0, y1), sub in panels:
        gov.boundary.plot(ax=ax, color="#444", linewidth=0.8)
        _draw_regions(ax, sub, countryside=sub["kind"].eq("countryside").all())
        for row in gov.itertuples():
            p = row.geometry.representative_point()
            if x0 <= p.x <= x1 and y0 <= p.y <= y1:
                ax.annotate(row.name, (p.x, p.y), color="#666", fontsize=8, ha="center", style="italic")
        ax.set_xlim(x0, x1)
        ax.set_ylim(y0, y1)
        ax.set_aspect(1 / np.cos(np.radians((y0 + y1) / 2)))
        ax.set_title(title)
    fig.tight_layout()
    path = Path(path)
    tmp = path.with_name(f".{path.name}.tmp.png")
    fig.savefig(tmp, dpi=dpi)
    plt.close(fig)
    tmp.replace(path)
    return path


def _draw_regions(ax: Any, sub: gpd.GeoDataFrame, *, countryside: bool) -> None:
    import matplotlib.pyplot as plt

    cmap = plt.get_cmap("tab20")
    for i, row in enumerate(sub.sort_values("area_km2", ascending=False).itertuples()):
        colour = cmap(i % 20) if countryside else _KIND_COLOURS.get(row.kind, "#333")
        shape = gpd.GeoSeries([row.geometry])
        shape.plot(ax=ax, facecolor=colour, edgecolor=colour, alpha=0.25, linewidth=1.2)
        shape.boundary.plot(ax=ax, color=colour, linewidth=1.0)
        if getattr(row, "line", None) is not None:
            gpd.GeoSeries([row.line]).plot(ax=ax, color=colour, linewidth=1.5)
        # The generated "all" countryside would cover the others' labels; its outline is enough.
        if countryside and row.region_id.split("-")[0] not in ("north", "east", "south", "west"):
            continue
        ax.annotate(row.name, (row.lon, row.lat), fontsize=7, ha="center", color="black",
                    bbox={"boxstyle": "round,pad=0.15", "fc": "white", "alpha": 0.7, "lw": 0})
