"""OCHA admin polygons (GeoJSON/TopoJSON exports) and the Natural Earth country outline."""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely

from gazetteer.exc import SourceError
from gazetteer.sources.base import SourceData, records, require


def _read(path: Path) -> gpd.GeoDataFrame:
    try:
        gdf = gpd.read_file(path, engine="pyogrio")
    except Exception as exc:  # pyogrio raises several unrelated types for a bad file
        raise SourceError(f"cannot read {path}: {exc}") from exc
    if gdf.empty:
        raise SourceError(f"{path} has no features")
    gdf = gdf.set_crs(4326, allow_override=True)
    gdf["geometry"] = shapely.make_valid(gdf.geometry.values)
    return gdf


def _areas(gdf: gpd.GeoDataFrame, level: int, name_ar: str, adm1: str, adm2: str | None) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({
        "pcode": gdf["PCODE"].values,
        "level": level,
        "name": gdf["NAME_EN"].values,
        "name_ar": gdf[name_ar].values,
        "adm1_pcode": gdf[adm1].values if adm1 in gdf else gdf["PCODE"].values,
        "adm2_pcode": gdf[adm2].values if adm2 else "",
    }, geometry=gdf.geometry.values, crs=4326)


def read_admin1(folder: Path) -> SourceData:
    """Governorate polygons."""
    gdf = _read(require(folder, "syr_admin1_ocha.geojson"))
    return SourceData(areas=_areas(gdf, 1, "NAME_AR", "PCODE", None))


def read_topo2019(folder: Path) -> SourceData:
    """District and sub-district polygons (2019 release)."""
    adm2 = _read(require(folder, "syr_admin2_ocha_topo2019.geojson"))
    adm3 = _read(require(folder, "syr_admin3_ocha_topo2019.geojson"))
    areas = pd.concat([
        _areas(adm2, 2, "NAME_AR", "ADM1_PCODE", None).assign(adm2_pcode=adm2["PCODE"].values),
        _areas(adm3, 3, "NAME_AR", "ADM1_PCODE", "ADM2_PCODE"),
    ], ignore_index=True)
    return SourceData(areas=gpd.GeoDataFrame(areas, crs=4326))


def read_admin2_2015(folder: Path) -> SourceData:
    """District polygons (2015 release, used where the newer one lacks a code) and Damascus neighbourhoods."""
    adm2 = _read(require(folder, "syr_admin2_ocha2015.geojson"))
    areas = _areas(adm2, 2, "NAME_ARA", "ADMIN1_COD", None).assign(adm2_pcode=adm2["PCODE"].values)
    hoods = _read(require(folder, "syr_admin5_neighbourhoods_ocha2015.geojson"))
    points = hoods.geometry.representative_point()
    places = pd.DataFrame({
        "source": "ocha",
        "source_id": hoods["HAY_PCODE"].values,
        "kind": "neighbourhood",
        "name": hoods["HAY_EN"].values,
        "lat": points.y.values,
        "lon": points.x.values,
        "adm1_pcode": "SY01",
        "adm2_pcode": "SY0100",
    })
    return SourceData(places=records(places), areas=areas)


def read_outline(folder: Path) -> SourceData:
    """The country polygon from Natural Earth."""
    path = require(folder, "ne_10m_admin0_SYR.geojson")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        geom = shapely.geometry.shape(data["features"][0]["geometry"])
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        raise SourceError(f"cannot read the country outline {path}: {exc}") from exc
    return SourceData(outline=shapely.make_valid(geom))
