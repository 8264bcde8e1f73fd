"""Raw-data loaders for the geo tests: admin polygons and places straight from ../shared/data/raw.

They stand in for `gazetteer.load().admin_areas` / `.places`, so region and admin code test on their own.
"""

from __future__ import annotations

import functools
from types import SimpleNamespace

import geopandas as gpd
import pandas as pd
import shapely
from common import RAW

from gazetteer.protocol import Derived

ADMIN1 = RAW / "ocha_syr_admin1" / "syr_admin1_ocha.geojson"
ADMIN23 = RAW / "ocha_syr_admin_topojson_2019" / "syr_admin{level}_ocha_topo2019.geojson"
WOF = RAW / "whosonfirst_admin_sy" / "wof_admin_sy_places.csv"
SA = RAW / "syrianarchive_api_locations" / "syrianarchive_api_locations.csv"


@functools.lru_cache(maxsize=1)
def admin_areas() -> gpd.GeoDataFrame:
    """OCHA governorates, districts and sub-districts in the gazetteer's admin_areas layout."""
    frames = []
    g1 = gpd.read_file(ADMIN1)
    frames.append(
        pd.DataFrame({"pcode": g1.PCODE, "level": 1, "name": g1.NAME_EN, "name_ar": g1.NAME_AR,
                      "adm1_pcode": g1.PCODE, "adm2_pcode": "", "geometry": g1.geometry})
    )
    for level in (2, 3):
        g = gpd.read_file(str(ADMIN23).format(level=level))
        frames.append(
            pd.DataFrame({"pcode": g.PCODE, "level": level, "name": g.NAME_EN, "name_ar": g.NAME_AR,
                          "adm1_pcode": g.ADM1_PCODE, "adm2_pcode": g.PCODE.str[:6],
                          "geometry": g.geometry})
        )
    out = gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), geometry="geometry", crs="EPSG:4326")
    out["geometry"] = shapely.make_valid(out.geometry.values)
    return out


@functools.lru_cache(maxsize=1)
def places() -> pd.DataFrame:
    """Villages and towns from Who's On First and the OCHA communities, in the places layout."""
    wof = pd.read_csv(WOF, dtype=str)
    wof = wof[wof.placetype.isin(["locality", "neighbourhood", "localadmin", "borough"])]
    a = pd.DataFrame({"place_id": "wof:" + wof.wof_id, "kind": "village", "name": wof.name,
                      "name_ar": wof.name_ara_preferred.fillna(""), "lat": wof.lat.astype(float),
                      "lon": wof.lon.astype(float), "adm1_pcode": wof.ocha_admin1_pcode.fillna("")})
    sa = pd.read_csv(SA, dtype=str)
    sa = sa[sa.record_type == "community"]
    b = pd.DataFrame({"place_id": "ocha:" + sa.ocha_community_pcode, "kind": "village", "name": sa.name_en,
                      "name_ar": sa.name_ar_short.fillna(""), "lat": sa.lat.astype(float),
                      "lon": sa.lon.astype(float), "adm1_pcode": sa.governorate_pcode.fillna("")})
    out = pd.concat([a, b], ignore_index=True).dropna(subset=["lat", "lon"])
    return out.reset_index(drop=True)


def names() -> pd.DataFrame:
    """Alternate names (English variants of Who's On First) in the gazetteer's names layout."""
    wof = pd.read_csv(WOF, dtype=str)
    ids = places().reset_index().set_index("place_id")["index"]
    rows = []
    for wid, eng, var in zip(wof.wof_id, wof.name_eng_preferred, wof.name_eng_variant, strict=True):
        place = ids.get("wof:" + wid)
        if place is None:
            continue
        for form in [eng, *(str(var).split("|") if isinstance(var, str) else [])]:
            if isinstance(form, str) and form:
                rows.append((place, form, "latn"))
    return pd.DataFrame(rows, columns=["place", "name", "script"])


class _RawGazetteer(SimpleNamespace, Derived):
    """Tables straight from the raw data; `cached` keeps the indexes geo derives from them."""


@functools.lru_cache(maxsize=1)
def fake_gazetteer() -> _RawGazetteer:
    """A stand-in for `gazetteer.load()` with the tables the geo layer's spatial helpers read."""
    areas = admin_areas()
    outline = shapely.union_all(areas[areas["level"] == 1].geometry.values)
    return _RawGazetteer(places=places(), names=names(), admin_areas=areas, outline=outline)
