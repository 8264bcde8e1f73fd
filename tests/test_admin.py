"""admin_for, reverse and in_syria on known points, against the OCHA polygons."""

from __future__ import annotations

import geo_fixtures
import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from gazetteer.build import assign_admin
from gazetteer.exc import InputError
from gazetteer.geography import ADMIN_SNAP_KM
from geo.admin import ADMIN_COLUMNS, AdminIndex, admin_for, haversine_km, in_syria, reverse


@pytest.fixture(scope="module")
def index():
    return AdminIndex(geo_fixtures.admin_areas())


@pytest.fixture(scope="module")
def gz():
    # Shadows the conftest fixture: these tests need only admin polygons and places from the raw files.
    return geo_fixtures.fake_gazetteer()


def test_aleppo_city_is_jebel_saman(gz):
    got = admin_for(36.20, 37.16, gazetteer=gz)
    assert isinstance(got, dict)
    assert (got["adm1_pcode"], got["adm2_pcode"], got["adm3_pcode"]) == ("SY02", "SY0200", "SY020000")
    assert got["adm1_name"] == "Aleppo" and got["adm1_name_ar"] == "حلب"
    assert got["adm2_name"] == "Jebel Saman" and got["adm2_name_ar"] == "جبل سمعان"
    assert got["admin_dist_km"] == 0.0


def test_kafr_nabl_sub_district(gz):
    got = admin_for(35.61, 36.56, gazetteer=gz)
    assert (got["adm1_pcode"], got["adm2_pcode"], got["adm3_pcode"]) == ("SY07", "SY0702", "SY070203")
    assert got["adm3_name"] == "Kafr Nobol" and got["adm3_name_ar"] == "كفر نبل"


@pytest.mark.parametrize(
    ("lat", "lon", "where"),
    [(35.0, 35.5, "Mediterranean"), (37.1, 37.4, "Gaziantep, Turkey"), (33.3, 44.4, "Baghdad"),
     (float("nan"), 36.5, "missing"), (None, None, "None")],
)
def test_outside_or_missing_points_are_empty(gz, lat, lon, where):
    got = admin_for(lat, lon, gazetteer=gz)
    assert got["adm1_pcode"] == "" and got["adm3_pcode"] == "", where
    assert np.isnan(got["admin_dist_km"])


def test_coastal_point_just_offshore_snaps_to_nearest(index):
    # Latakia harbour breakwater, a few hundred metres outside the coastline polygon.
    got = index.lookup(35.52, 35.765)
    assert got.loc[0, "adm1_pcode"] == "SY06"
    assert 0 < got.loc[0, "admin_dist_km"] <= ADMIN_SNAP_KM


def test_vectorized_matches_brute_force(index):
    rng = np.random.default_rng(7)
    lat = rng.uniform(32.3, 37.3, 400)
    lon = rng.uniform(35.6, 42.4, 400)
    got = index.lookup(lat, lon)
    assert list(got.columns) == ADMIN_COLUMNS and len(got) == 400
    adm3 = geo_fixtures.admin_areas().query("level == 3")
    for i in range(400):
        pt = shapely.Point(lon[i], lat[i])
        inside = adm3[adm3.geometry.intersects(pt)]["pcode"].tolist()
        if inside:
            assert got.loc[i, "adm3_pcode"] in inside
            assert got.loc[i, "adm2_pcode"] == got.loc[i, "adm3_pcode"][:6]
            assert got.loc[i, "adm1_pcode"] == got.loc[i, "adm3_pcode"][:4]
        elif got.loc[i, "adm3_pcode"]:
            assert got.loc[i, "admin_dist_km"] <= ADMIN_SNAP_KM  # snapped: near a border or the coast
    assert (got["adm3_pcode"] != "").sum() > 150


def test_series_and_geoseries_inputs(gz):
    lat = pd.Series([36.20, np.nan, 35.61], index=["a", "b", "c"])
    lon = pd.Series([37.16, 36.0, 36.56], index=["a", "b", "c"])
    got = admin_for(lat, lon, gazetteer=gz)
    assert list(got.index) == ["a", "b", "c"]
    assert got["adm2_pcode"].tolist() == ["SY0200", "", "SY0702"]
    pts = gpd.GeoSeries(gpd.points_from_xy([37.16, 36.56], [36.20, 35.61]), crs="EPSG:4326")
    assert admin_for(pts, gazetteer=gz)["adm3_pcode"].tolist() == ["SY020000", "SY070203"]
    assert admin_for(np.array([]), np.array([]), gazetteer=gz).empty


def test_length_mismatch_is_an_input_error(gz):
    with pytest.raises(InputError, match="differ in length"):
        admin_for([36.2, 35.6], [37.1], gazetteer=gz)


def test_in_syria(gz):
    assert in_syria(36.20, 37.16, gazetteer=gz) is True
    assert in_syria(37.1, 37.4, gazetteer=gz) is False
    assert in_syria(float("nan"), 37.0, gazetteer=gz) is False
    assert in_syria([36.20, 35.0, 33.51], [37.16, 35.5, 36.29], gazetteer=gz).tolist() == [True, False, True]


def test_reverse_finds_nearest_places_with_distances(gz):
    near = reverse(35.6138, 36.5645, k=5, gazetteer=gz)  # Kafr Nabl
    assert len(near) == 5
    assert near["distance_km"].is_monotonic_increasing
    assert near.iloc[0]["distance_km"] < 0.5
    assert "Kafr Nabl" in set(near["name"]) or "Kafr Nobol" in set(near["name"])
    # Haversine, not degrees: Kafr Nabl to Maarat al-Numan is about 11 km.
    assert haversine_km(35.6138, 36.5645, 35.6483, 36.6769) == pytest.approx(10.9, abs=0.3)
    assert reverse(float("nan"), 36.0, gazetteer=gz).empty


def test_build_and_admin_for_assign_the_same_codes(index):
    # One rule: the P-codes the build stores on a place are the ones admin_for gives for its point,
    # including points snapped from just outside the polygons and points too far out to get any.
    rng = np.random.default_rng(7)
    lat, lon = rng.uniform(32.0, 37.6, 400), rng.uniform(35.4, 42.6, 400)
    built = assign_admin(lat, lon, geo_fixtures.admin_areas())
    looked_up = index.lookup(lat, lon)
    for col in ("adm1_pcode", "adm2_pcode", "adm3_pcode"):
        assert built[col].tolist() == looked_up[col].tolist()
    assert (looked_up["adm3_pcode"] == "").any() and (looked_up["adm3_pcode"] != "").any()
