"""Spatial layer: admin geography, regions, table geocoding and report parsing over the gazetteer."""

from geo.admin import admin_for, in_syria, reverse
from geo.regions import draw_preview, region_geometry, region_of, region_shapes

__all__ = [
    "admin_for",
    "in_syria",
    "reverse",
    "region_of",
    "region_shapes",
    "region_geometry",
    "draw_preview",
]
