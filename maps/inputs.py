"""`map_files`: what `syrmap map` does — read each input as incidents, draw them, write HTML (and PNG).

An input is used as it is when it has coordinates (our geo_lat/geo_lon with any suffix, its own
latitude/longitude, lat/lon, y/x, or a point/WKT/GeoJSON geometry); a table without them is geocoded
first, a report text parsed. The HTML is self-contained whenever the map libraries can be had (the
asset cache, filled from the npm registry on first use); otherwise it links them and says so in the
page when they cannot load.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from gazetteer.exc import SyrmapError

from . import assets as _assets
from .records import detect_columns, has_coordinates, points

__all__ = ["MapRun", "load_incidents", "map_files"]

_REPORT_SUFFIXES = {".txt", ".md"}
# Columns that carry each input's points once several inputs are drawn on one map (never written out).
_LAT, _LON = "_syrmap_map_lat", "_syrmap_map_lon"
Log = Callable[[str], None]


@dataclass
class MapRun:
    """What a `map_files` call wrote and drew."""

    output: Path
    png: Path | None
    mapped: int
    skipped: int
    self_contained: bool
    nonfinite: int = 0  # infinite numbers (coordinates, casualties, confidence) treated as missing


def _load_one(source: str | os.PathLike[str] | pd.DataFrame, lat: str | None, lon: str | None,
              log: Log | None) -> pd.DataFrame:
    import geo

    if isinstance(source, pd.DataFrame):
        table = source
    elif Path(source).suffix.lower() in _REPORT_SUFFIXES:
        return geo.incidents_of(geo.parse_reports([str(source)]))
    else:
        table = geo.read_table(str(source))
    if has_coordinates(table, lat=lat, lon=lon):
        if log:
            cols = detect_columns(table, lat=lat, lon=lon)
            where = f"{cols.lat}/{cols.lon}" if cols.lat else cols.geometry
            log(f"{getattr(source, 'name', source) if not isinstance(source, pd.DataFrame) else 'table'}: "
                f"mapped with its coordinates ({where})")
        return table
    plan = geo.detect_columns(table.columns)
    if log:
        log(f"no coordinates in the table: geocoding it first ({plan.describe()})")
    return geo.geocode_table(table)


def load_incidents(
    sources: Sequence[str | os.PathLike[str] | pd.DataFrame],
    *,
    lat: str | None = None,
    lon: str | None = None,
    log: Log | None = None,
) -> tuple[pd.DataFrame, dict[str, str | None]]:
    """All inputs as one incident table, and the (lat, lon) column names to draw it with.

    ``lat``/``lon`` name the coordinate columns (default: detected). Several inputs are stacked;
    each keeps its own columns and its points are copied into two private columns.
    """
    frames = [_load_one(s, lat, lon, log) for s in sources]
    if len(frames) == 1:
        return frames[0], {"lat": lat, "lon": lon}
    stacked = []
    for frame in frames:
        la, lo = points(frame, detect_columns(frame, lat=lat, lon=lon))
        stacked.append(pd.DataFrame(frame).assign(**{_LAT: la, _LON: lo}))
    return pd.concat(stacked, ignore_index=True), {"lat": _LAT, "lon": _LON}


def _reference_layers(log: Log | None) -> dict[str, Any]:
    """Admin boundaries, region shapes and place labels; a map without them beats no map."""
    try:
        import gazetteer
        import geo

        gz = gazetteer.load()
        return {"boundaries": gz.admin_areas, "places": gz.places, "outline": getattr(gz, "outline", None),
                "regions": geo.region_shapes(gazetteer=gz)}
    except (SyrmapError, AttributeError, ImportError) as exc:
        if log:
            log(f"note: map drawn without some reference layers ({exc})")
        return {}


def _self_contained(offline: bool, log: Log | None) -> bool:
    """Whether the libraries can be inlined: in the cache, or fetched into it now (once)."""
    if not _assets.missing_assets():
        return True
    if offline:
        return True  # incident_map raises MissingAssetsError with what to run
    try:
        fetched = _assets.fetch_assets(timeout=20)
    except SyrmapError as exc:
        if log:
            log(f"note: the map links its libraries from the internet and needs a network to open ({exc})")
        return False
    if log and fetched:
        log(f"fetched the map libraries once into {_assets.assets_dir()} ({', '.join(fetched)})")
    return True


def map_files(
    sources: Sequence[str | os.PathLike[str] | pd.DataFrame],
    output: str | os.PathLike[str],
    *,
    png: str | os.PathLike[str] | None = None,
    offline: bool = False,
    title: str | None = None,
    color_by: str | None = None,
    size_by: str | None = None,
    lat: str | None = None,
    lon: str | None = None,
    log: Log | None = None,
) -> MapRun:
    """Read, geocode or parse as needed, and write one HTML map (and a static image when `png`)."""
    from .incident import incident_map, save_map
    from .static import static_map

    incidents, coords = load_incidents(sources, lat=lat, lon=lon, log=log)
    layers = _reference_layers(log)
    inline = _self_contained(offline, log)
    m = incident_map(incidents, title=title, color_by=color_by, size_by=size_by, offline=offline,
                     inline=inline, **coords, **layers)
    save_map(m, output)
    if png is not None:
        static_map(incidents, png, title=title, color_by=color_by, size_by=size_by,
                   boundaries=layers.get("boundaries"), regions=layers.get("regions"),
                   lat_column=coords["lat"], lon_column=coords["lon"])
    stats = m.syrmap_stats
    return MapRun(Path(output), Path(png) if png else None, stats["mapped"], stats["skipped"], inline,
                  stats["nonfinite"])
