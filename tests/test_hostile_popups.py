"""Map popups whose ids, P-codes and names are JavaScript's own property names ("constructor", ...)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from test_browser_maps import Page, asset_dir, browser  # noqa: F401 - the shared browser fixtures
from test_maps import governorates, regions_fixture

import maps

pytestmark = pytest.mark.browser

NAMES = ["constructor", "__proto__", "hasOwnProperty", "toString", "valueOf"]


def test_popups_open_for_prototype_named_ids_and_pcodes(browser, tmp_path, asset_dir):  # noqa: F811
    n = len(NAMES)
    table = pd.DataFrame({
        "location": NAMES, "event_type": NAMES, "fatalities": np.arange(n),
        "geo_lat": 35.0 + 0.2 * np.arange(n), "geo_lon": 36.0 + 0.2 * np.arange(n),
        "geo_status": "resolved", "geo_method": "admin_unit", "geo_confidence": 0.9, "geo_precision": 3,
        "geo_where_prec": 1, "geo_name": NAMES, "geo_name_ar": NAMES, "geo_place_id": NAMES,
        "geo_adm1_pcode": NAMES, "geo_adm1_name": NAMES, "geo_adm2_pcode": NAMES[::-1], "geo_adm2_name": NAMES,
    })
    html = maps.save_map(maps.incident_map(table, offline=True, boundaries=governorates(),
                                           regions=regions_fixture()), tmp_path / "proto.html")
    page = Page(browser, html, asset_dir=asset_dir, block_all=True)
    try:
        assert page.errors == [] and page.shown() == n
        for row in table.itertuples():
            page.open_popup_at(row.geo_lat, row.geo_lon)
            assert row.geo_name in page.page.locator(".syrmap-popup").last.inner_text()
        assert page.errors == [] and page.dialogs == []
    finally:
        page.page.close()
