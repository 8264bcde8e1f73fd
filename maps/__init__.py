"""Incident maps: interactive folium/Leaflet HTML (online or fully offline) and static PNG/SVG exports."""

from __future__ import annotations

from .assets import MissingAssetsError, assets_dir, fetch_assets, missing_assets
from .incident import incident_map, save_map
from .inputs import MapRun, load_incidents, map_files
from .preview import draw_preview
from .static import static_map

__all__ = [
    "incident_map",
    "map_files",
    "load_incidents",
    "MapRun",
    "save_map",
    "static_map",
    "draw_preview",
    "fetch_assets",
    "missing_assets",
    "assets_dir",
    "MissingAssetsError",
]
