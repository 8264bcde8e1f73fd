"""ACLED and UCDP GED exports geocode as they are: layouts recognised, no column clash, audit distance."""

import pandas as pd
import pytest
from export_fixtures import ACLED_COLUMNS, UCDP_COLUMNS, acled_export, ucdp_export

import geo
from geo.columns import detect_coordinates, detect_geometry, geo_suffixes, output_suffix

pytestmark = pytest.mark.usefixtures("gz")


def test_acled_layout_is_recognised():
    plan = geo.detect_columns(ACLED_COLUMNS)
    assert plan.place == "location" and plan.admin == {1: "admin1", 2: "admin2", 3: "admin3"}
    assert plan.coords == ("latitude", "longitude")


def test_ucdp_layout_is_recognised():
    plan = geo.detect_columns(UCDP_COLUMNS)
    assert plan.place == "where_coordinates" and plan.admin == {1: "adm_1", 2: "adm_2"}
    assert plan.coords == ("latitude", "longitude") and detect_geometry(UCDP_COLUMNS) == "geom_wkt"


@pytest.mark.parametrize(("columns", "expected"), [
    (["lat", "lon"], ("lat", "lon")), (["Y", "X"], ("Y", "X")), (["Latitude", "LONG"], ("Latitude", "LONG")),
    (["خط العرض", "خط الطول"], ("خط العرض", "خط الطول")), (["lat"], None), (["geo_lat", "geo_lon"], None),
])
def test_coordinate_columns_by_name(columns, expected):
    assert detect_coordinates(columns) == expected


def test_suffix_scheme():
    assert output_suffix(["geo_precision"], ["geo_lat", "geo_precision"]) == "_2"
    assert output_suffix(["geo_precision", "geo_lat_2"], ["geo_lat", "geo_precision"]) == "_3"
    assert geo_suffixes(["geo_lat_2", "geo_lon_2", "geo_status_2", "geo_precision"]) == ["_2"]


def test_acled_export_geocodes_with_no_option(tmp_path):
    src = tmp_path / "acled.csv"
    acled = acled_export()
    acled.to_csv(src, index=False)
    out = tmp_path / "acled_geo.csv"
    summary = geo.geocode_file(src, out)
    table = pd.read_csv(out, dtype=str, keep_default_na=False)
    pd.testing.assert_frame_equal(table[ACLED_COLUMNS], acled)  # every input cell unchanged, in order
    assert list(table.columns[:31]) == ACLED_COLUMNS
    assert summary.suffix == "_2" and any("geo_precision" in ln and "_2" in ln for ln in summary.lines())
    dist = pd.to_numeric(table["geo_distance_km_2"])
    assert (dist < 5).mean() >= 0.9  # our point agrees with ACLED's own
    assert (table["geo_status_2"] == "resolved").mean() >= 0.9


def test_ucdp_export_geocodes_with_no_option():
    out = geo.geocode_table(ucdp_export())
    assert "geo_distance_km" in out.columns and (out["geo_distance_km"] < 5).mean() >= 0.9
    # the distance is our point against theirs, not a constant
    far = ucdp_export(6).assign(latitude="33.5", longitude="36.3")  # Damascus
    assert (geo.geocode_table(far)["geo_distance_km"] > 100).all()


def test_table_without_coordinates_has_no_distance_column():
    out = geo.geocode_table(pd.DataFrame({"location": ["Kafr Nabl"]}))
    assert not any(c.startswith("geo_distance_km") for c in out.columns)
