"""`draw_preview`: a PNG of governorates and catalogue regions with labels, for checking shapes by eye.

Drawn with one matplotlib collection per layer from simplified outlines: plotting each region as its
own GeoSeries at full OCHA resolution took minutes, this takes seconds.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import numpy as np
import shapely

from gazetteer.fileio import atomic_write

__all__ = ["draw_preview"]

_KIND_COLOURS = {
    "mountain": "#8c564b", "plain": "#2ca02c", "front": "#d62728", "road": "#ff7f0e",
    "city_district": "#9467bd", "area": "#17becf", "countryside": "#1f77b4",
}
# (title, (lon0, lon1, lat0, lat1), kinds) of the three panels.
_PANELS = (
    ("Compass countrysides (wedges from the capital, minus the city)", (35.6, 38.9, 34.7, 36.9), ("countryside",)),
    ("Mountains, plains and roads, north-west", (35.7, 37.3, 35.2, 36.5),
     ("mountain", "plain", "road", "front", "area")),
    ("Aleppo city districts and fronts", (37.02, 37.24, 36.13, 36.29), ("city_district", "front", "road")),
)
_TOLERANCE = 0.002  # degrees (~200 m): finer than a pixel of the widest panel


def _lines(geoms: Any) -> list[np.ndarray]:
    """Every ring and line of the geometries as (n, 2) lon/lat arrays, for one LineCollection."""
    parts = shapely.get_parts(shapely.boundary(shapely.simplify(np.asarray(geoms), _TOLERANCE)))
    parts = shapely.get_parts(parts)
    return [shapely.get_coordinates(p) for p in parts if p is not None and not p.is_empty]


def _polys(geoms: Any) -> list[np.ndarray]:
    polys = shapely.get_parts(shapely.simplify(np.asarray(geoms), _TOLERANCE))
    return [shapely.get_coordinates(p.exterior) for p in polys if p.geom_type == "Polygon" and not p.is_empty]


def _draw_regions(ax: Any, sub: Any) -> None:
    from matplotlib import colormaps
    from matplotlib.collections import LineCollection, PolyCollection

    countryside = bool(len(sub)) and bool(sub["kind"].eq("countryside").all())
    cmap = colormaps["tab20"]
    sub = sub.sort_values("area_km2", ascending=False)
    for i, row in enumerate(sub.itertuples()):
        colour = cmap(i % 20) if countryside else _KIND_COLOURS.get(row.kind, "#333")
        polys = _polys([row.geometry])
        if polys:
            ax.add_collection(PolyCollection(polys, facecolors=[colour], edgecolors=[colour], alpha=0.25))
        lines = _lines([row.geometry]) + ([shapely.get_coordinates(row.line)]
                                          if getattr(row, "line", None) is not None else [])
        ax.add_collection(LineCollection(lines, colors=[colour], linewidths=1.0))
        # The generated "all" countryside would cover the others' labels; its outline is enough.
        if countryside and row.region_id.split("-")[0] not in ("north", "east", "south", "west"):
            continue
        ax.annotate(row.name, (row.lon, row.lat), fontsize=7, ha="center", color="black",
                    bbox={"boxstyle": "round,pad=0.15", "fc": "white", "alpha": 0.7, "lw": 0})


def draw_preview(path: str | os.PathLike[str], shapes: Any, admin_areas: Any, *, dpi: int = 110) -> Path:
    """Write a PNG of governorate lines and the region `shapes` (three panels), atomically.

    `shapes` is `geo.region_shapes()`; `admin_areas` the gazetteer's admin polygons (level 1 is drawn).
    """
    from matplotlib.collections import LineCollection
    from matplotlib.figure import Figure  # no pyplot: no GUI backend, no global state

    gov = admin_areas[admin_areas["level"].astype(int) == 1]
    gov_lines = _lines(gov.geometry.values)
    gov_labels = [(row.name, row.geometry.representative_point()) for row in gov.itertuples()]
    fig = Figure(figsize=(24, 9))
    axes = fig.subplots(1, 3, gridspec_kw={"width_ratios": [1.2, 1, 1]})
    for ax, (title, (x0, x1, y0, y1), kinds) in zip(axes, _PANELS, strict=True):
        ax.add_collection(LineCollection(gov_lines, colors="#444", linewidths=0.8))
        _draw_regions(ax, shapes[shapes["kind"].isin(kinds)])
        for name, p in gov_labels:
            if x0 <= p.x <= x1 and y0 <= p.y <= y1:
                ax.annotate(name, (p.x, p.y), color="#666", fontsize=8, ha="center", style="italic")
        ax.set_xlim(x0, x1)
        ax.set_ylim(y0, y1)
        ax.set_aspect(1 / np.cos(np.radians((y0 + y1) / 2)))
        ax.set_title(title)
    fig.tight_layout()
    return atomic_write(path, lambda tmp: fig.savefig(tmp, dpi=dpi, format="png"))
