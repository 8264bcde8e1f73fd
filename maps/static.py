"""`static_map`: a PNG/SVG figure of incidents for reports, drawn with matplotlib and geopandas."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from gazetteer.exc import InputError
from gazetteer.fileio import atomic_write

from .incident import DEFAULT_ATTRIBUTION
from .records import detect_columns, event_classes, points

__all__ = ["static_map"]

_FORMATS = {".png", ".svg", ".pdf"}


def _shaped(text: str) -> str:
    """Arabic joined and ordered for matplotlib, which draws letters one by one, left to right."""
    if not any("\u0600" <= ch <= "\u06ff" for ch in text):
        return text
    import arabic_reshaper
    from bidi import get_display

    return get_display(arabic_reshaper.reshape(text))


def static_map(
    gdf: pd.DataFrame,
    path: str | os.PathLike[str],
    *,
    color_by: str | None = None,
    size_by: str | None = None,
    title: str | None = None,
    boundaries: Any = None,
    regions: Any = None,
    attribution: str = DEFAULT_ATTRIBUTION,
    figsize: tuple[float, float] = (9.0, 8.0),
    dpi: int = 150,
    lat_column: str | None = None,
    lon_column: str | None = None,
) -> Path:
    """Draw boundaries, regions and incidents (colour by type, size by casualties) to a PNG/SVG/PDF file."""
    target = Path(path)
    if target.suffix.lower() not in _FORMATS:
        raise InputError(f"static map must end in one of {', '.join(sorted(_FORMATS))}, not {target.name!r}")
    from matplotlib.figure import Figure  # no pyplot: no GUI backend, no global state

    cols = detect_columns(gdf, color_by=color_by, size_by=size_by, lat=lat_column, lon=lon_column)
    lat, lon = points(gdf, cols)
    keep = ~(np.isnan(lat) | np.isnan(lon))
    rows = gdf.loc[keep]
    labels, types = event_classes(rows, cols)
    fat = (
        pd.to_numeric(rows[cols.casualties], errors="coerce").fillna(0).clip(lower=0).to_numpy()
        if cols.casualties
        else np.zeros(len(rows))
    )
    prec = (
        pd.to_numeric(rows[cols.geo("geo_precision")], errors="coerce").to_numpy()
        if cols.geo("geo_precision") in rows else None
    )
    sizes = (5 + np.minimum(11, 2.5 * np.sqrt(fat))) ** 2 * 0.6

    fig = Figure(figsize=figsize, dpi=dpi)
    ax = fig.add_subplot()
    ax.set_facecolor("#dfe7ec")
    if boundaries is not None and len(boundaries):
        levels = boundaries["level"].astype(int)
        styles = {
            1: {"facecolor": "#f6f3ea", "edgecolor": "#8a857a", "linewidth": 0.8},
            2: {"facecolor": "none", "edgecolor": "#c2bdb2", "linewidth": 0.3},
        }
        for level, style in styles.items():
            if (levels == level).any():
                boundaries[levels == level].plot(ax=ax, **style)
    if regions is not None and len(regions) and "geo_place_id" in rows:
        # Only the regions incidents were placed in: the whole catalogue would bury the points.
        regions = regions[regions["place_id"].isin(rows["geo_place_id"])]
    if regions is not None and len(regions):
        regions.plot(ax=ax, facecolor="#7b329410", edgecolor="#7b3294", linewidth=0.8, linestyle="--")
    for code, entry in enumerate(types):
        sel, color = labels == code, entry["color"]
        area = sel & (prec == 3) if prec is not None else np.zeros_like(sel)
        solid = sel & ~area
        ax.scatter(
            lon[keep][solid],
            lat[keep][solid],
            s=sizes[solid],
            c=color,
            edgecolors="#333",
            linewidths=0.4,
            alpha=0.85,
            label=_shaped(entry["name"]),
            zorder=3,
        )
        if area.any():
            ax.scatter(
                lon[keep][area],
                lat[keep][area],
                s=sizes[area],
                facecolors="none",
                edgecolors=color,
                linewidths=1.2,
                linestyles="--",
                zorder=3,
            )
    if keep.any():
        pad = 0.3
        ax.set_xlim(lon[keep].min() - pad, lon[keep].max() + pad)
        ax.set_ylim(lat[keep].min() - pad, lat[keep].max() + pad)
    ax.set_aspect(1 / np.cos(np.deg2rad(np.nanmean(lat[keep]) if keep.any() else 35.0)))
    ax.tick_params(labelsize=7)
    if len(types) > 1 or cols.event_type:
        legend = ax.legend(
            title=_shaped(cols.event_type) if cols.event_type and not cols.sub_type else "event type",
            loc="best", fontsize=8, title_fontsize=8,
            framealpha=0.9,
        )
        for handle in legend.legend_handles:  # one symbol size in the legend, not the first point's
            handle.set_sizes([40])
    ax.set_xlabel("")
    ax.set_ylabel("")
    skipped = int((~keep).sum())
    heading = _shaped(title) if title else "Incidents"
    ax.set_title(
        f"{heading}\n{int(keep.sum())} mapped" + (f" · {skipped} without coordinates" if skipped else ""),
        fontsize=11,
    )
    fig.text(0.01, 0.005, attribution, fontsize=6, color="#555", ha="left", va="bottom")
    fig.tight_layout(rect=(0, 0.02, 1, 1))

    return atomic_write(target, lambda tmp: fig.savefig(tmp, format=target.suffix.lower().lstrip(".")))
