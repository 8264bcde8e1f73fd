"""Spatial layer: admin geography, regions, table geocoding and report parsing over the gazetteer."""

from geo.admin import admin_for, in_syria, reverse
from geo.columns import detect_columns
from geo.fields import match_columns
from geo.geocode import GEO_COLUMNS, GeocodeSummary, geocode_file, geocode_table
from geo.mentions import find_mentions
from geo.regions import region_geometry, region_of, region_records, region_shapes
from geo.report import Report, incidents_of, iter_reports, parse_report, parse_reports, write_incidents
from geo.table_io import read_table, write_table

__all__ = [
    "admin_for",
    "in_syria",
    "reverse",
    "region_of",
    "region_shapes",
    "region_geometry",
    "region_records",
    "GEO_COLUMNS",
    "GeocodeSummary",
    "geocode_file",
    "geocode_table",
    "read_table",
    "write_table",
    "detect_columns",
    "match_columns",
    "find_mentions",
    "Report",
    "parse_report",
    "parse_reports",
    "incidents_of",
    "iter_reports",
    "write_incidents",
]
