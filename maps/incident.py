"""`incident_map`: one folium map of geocoded incidents, with clustering, filters and vector layers.

folium supplies the page and the Leaflet map; everything with many features (markers, heatmap,
filters, popups) is drawn by ``templates/incident.js`` from one embedded JSON payload.
"""

from __future__ import annotations

import html
import os
from functools import cache
from pathlib import Path
from typing import Any

import folium
import pandas as pd
from branca.element import Element, MacroElement

from gazetteer.fileio import atomic_write

from . import assets as _assets
from .layers import (
    basemap_lines,
    boundaries_geojson,
    outline_geojson,
    place_labels,
    places_from_rows,
    regions_geojson,
)
from .records import build_payload, detect_columns, safe_json

__all__ = ["incident_map", "save_map"]

_TEMPLATES = Path(__file__).with_name("templates")
# Syria's bounding box, used when there is nothing to fit the view to.
SYRIA_BOUNDS = [[32.3, 35.7], [37.35, 42.4]]
DEFAULT_ATTRIBUTION = (
    "Boundaries: OCHA COD-AB (CC BY 3.0 IGO) · places: GeoNames (CC BY 4.0), Who's On First, OCHA,"
    " © OpenStreetMap contributors (ODbL), OurAirports · syrmap"
)
# Two tile basemaps for online maps (xyzservices provider names), the first shown by default.
ONLINE_TILES = {"OpenStreetMap": "OpenStreetMap.Mapnik", "Satellite (Esri)": "Esri.WorldImagery"}


@cache
def _template(name: str) -> str:
    return (_TEMPLATES / name).read_text(encoding="utf-8")


class _Raw(Element):
    """Markup inserted as is: branca re-parses macro output as Jinja, which would run "{{ }}" in user text."""

    def __init__(self, text: str):
        super().__init__()
        self.text = text

    def render(self, **kwargs: Any) -> str:
        return self.text


class IncidentLayer(MacroElement):
    """Library code (linked or inlined), the app script, and the data payload as one page element."""

    def __init__(self, payload: dict[str, Any], *, offline: bool, inline: bool,
                 asset_dir: str | os.PathLike[str] | None):
        super().__init__()
        self._name = "SyrmapIncidents"
        self.offline = offline
        self.payload = safe_json(payload)
        if inline:
            css, js = _assets.offline_bundle(asset_dir)
            self.libs = f"<style>{css}</style>\n<script>{js}</script>"
        else:
            js_links, css_links = _assets.cdn_links()
            self.libs = "\n".join(
                [f'<link rel="stylesheet" href="{html.escape(u)}"/>' for u in css_links]
                + [f'<script src="{html.escape(u)}"></script>' for u in js_links]
            )

    def render(self, **kwargs: Any) -> None:
        """Put libraries and app code in <head>, the JSON payload in <body>, the start call in the script."""
        figure = self.get_root()
        app_js = _assets._safe_in_script(_template("search.js") + "\n" + _template("incident.js"))
        app = f"<style>{_template('incident.css')}</style>\n<script>{app_js}</script>"
        figure.header.add_child(_Raw(self.libs + "\n" + app), name=self.get_name() + "_libs")
        # Shown instead of a blank page when the libraries could not be loaded (linked map, no network).
        figure.html.add_child(_Raw(_template("fallback.html")), name=self.get_name() + "_fallback")
        figure.html.add_child(
            _Raw(f'<script type="application/json" id="{self.get_name()}">{self.payload}</script>'),
            name=self.get_name() + "_data",
        )
        parent = self._parent.get_name()
        start = f'{parent}.getContainer().classList.add("syrmap-offline");\n' if self.offline else ""
        data = f'JSON.parse(document.getElementById("{self.get_name()}").textContent)'
        start += f"syrmapIncidentMap({parent}, {data});"
        figure.script.add_child(_Raw(start), name=self.get_name() + "_start")


def _tiles() -> list[dict[str, Any]]:
    import xyzservices.providers as xyz

    out = []
    for label, name in ONLINE_TILES.items():
        provider = xyz.query_name(name)
        out.append(
            {
                "name": label,
                "url": provider.build_url(),
                "attribution": provider.html_attribution,
                "max_zoom": provider.get("max_zoom", 18),
            }
        )
    return out


def incident_map(
    gdf: pd.DataFrame,
    *,
    color_by: str | None = None,
    size_by: str | None = None,
    time_column: str | None = None,
    title: str | None = None,
    offline: bool = False,
    boundaries: Any = None,
    regions: Any = None,
    places: pd.DataFrame | None = None,
    outline: Any = None,
    text_column: str | None = None,
    notes_column: str | None = None,
    choropleth: bool = True,
    attribution: str = DEFAULT_ATTRIBUTION,
    asset_dir: str | os.PathLike[str] | None = None,
    inline: bool | None = None,
    lat: str | None = None,
    lon: str | None = None,
) -> folium.Map:
    """An interactive map of incidents: a table with our geo_lat/geo_lon (any suffix), its own
    latitude/longitude (lat/lon, y/x; or name them with `lat`/`lon`) or point geometry.

    Rows without coordinates are counted and left off. ``boundaries`` (pcode, level, name, name_ar,
    geometry) adds admin layers and choropleths; ``regions`` (place_id, kind, name, name_ar, geometry)
    adds labelled region/front shapes; ``places`` (name, name_ar, lat, lon, population) labels the
    offline basemap. ``offline=True`` inlines every library and uses no tiles (see `syrmap assets fetch`).
    ``inline`` (default: when the libraries are in the asset cache) inlines them without dropping the
    tiles: the page then opens anywhere on the vector basemap, with tile layers to switch to online.
    """
    cols = detect_columns(
        gdf,
        color_by=color_by,
        size_by=size_by,
        time_column=time_column,
        text_column=text_column,
        notes_column=notes_column,
        lat=lat,
        lon=lon,
    )
    if inline is None:
        inline = offline or not _assets.missing_assets(asset_dir)
    payload = build_payload(gdf, cols, title=title)
    layers: dict[str, Any] = {}
    if boundaries is not None and len(boundaries):
        layers.update({f"adm{k}": v for k, v in boundaries_geojson(boundaries).items()})
    if regions is not None and len(regions):
        layers["regions"] = regions_geojson(regions)
    payload["layers"] = layers
    payload["choropleth"] = bool(choropleth and layers)
    payload["bounds"] = SYRIA_BOUNDS
    payload["attribution"] = attribution
    if inline or offline:
        payload["basemap"] = {
            "outline": outline_geojson(boundaries, outline),
            "lines": basemap_lines(boundaries),
            "labels": place_labels(places, boundaries)
            if places is not None
            else place_labels(places_from_rows(gdf), boundaries, limit=15),
        }
    payload["tiles"] = [] if offline else _tiles()

    m = folium.Map(location=[35.0, 38.5], zoom_start=7, tiles=None, control_scale=False, prefer_canvas=False)
    # folium's default CDN links (jQuery, Bootstrap, Font Awesome...) are not used; IncidentLayer brings
    # exactly the libraries it needs, linked online or inlined offline.
    m.default_js = []
    m.default_css = []
    m.add_child(IncidentLayer(payload, offline=offline, inline=inline, asset_dir=asset_dir))
    m.syrmap_stats = {"mapped": payload["n"], "skipped": payload["skipped"], "total": payload["total"],
                      "nonfinite": payload["nonfinite"], "self_contained": inline}
    # branca writes the title into <title> unescaped.
    m.get_root().title = html.escape(payload["title"])
    return m


def save_map(m: folium.Map, path: str | os.PathLike[str]) -> Path:
    """Write the map's HTML to `path` atomically (temp file in the same folder, then rename)."""
    page = m.get_root().render()
    return atomic_write(path, lambda tmp: Path(tmp).write_text(page, encoding="utf-8"))
