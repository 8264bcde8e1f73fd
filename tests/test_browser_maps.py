"""Maps opened in headless Chromium (Debian's /usr/bin/chromium, driven by Playwright).

The online map's CDN requests are answered from the local asset folder and tiles with a blank
image, so these tests need no network; the offline map is loaded with every request blocked.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from common import EXAMPLES, ROOT
from test_maps import HOSTILE_IMG, HOSTILE_SCRIPT, example_gdf, governorates, regions_fixture

import maps

pytestmark = pytest.mark.browser

ARTIFACTS = ROOT / "test-artifacts"
BLANK_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)
CDN = re.compile(r"https://cdn\.jsdelivr\.net/npm/(?P<name>[^@]+)@(?P<version>[^/]+)/(?P<file>.+)")


class Page:
    """A page plus what it did: console errors, dialogs and network requests."""

    def __init__(self, browser, html: Path, *, asset_dir: Path, block_all: bool = False):
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.requests: list[str] = []
        self.page = browser.new_page(viewport={"width": 1280, "height": 900})
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.route("**/*", self._route_blocking if block_all else self._route_local(asset_dir))
        self.page.goto(html.resolve().as_uri())
        self.page.wait_for_selector("[data-syrmap-ready]", state="attached", timeout=30_000)

    @staticmethod
    def _route_blocking(route):
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            route.abort()

    @staticmethod
    def _route_local(asset_dir: Path):
        def handle(route):
            url = route.request.url
            m = CDN.match(url)
            if url.startswith("file:"):
                route.continue_()
            elif m:
                file = asset_dir / f"{m['name']}-{m['version']}" / m["file"]
                route.fulfill(path=str(file)) if file.is_file() else route.abort()
            else:  # tiles
                route.fulfill(body=BLANK_PNG, content_type="image/png")

        return handle

    def shown(self) -> int:
        return int(self.page.get_attribute(".folium-map", "data-syrmap-shown"))

    def dom_count(self) -> int:
        """Events visible on screen: cluster counts plus unclustered markers (once animations settle)."""
        self.page.wait_for_selector(".leaflet-cluster-anim, .leaflet-zoom-anim", state="detached")
        self.page.wait_for_timeout(350)  # markercluster removes the previous level's icons after 250 ms
        return self.page.evaluate(
            """() => [...document.querySelectorAll('.marker-cluster span')]
                 .reduce((a, s) => a + parseInt(s.textContent, 10), 0)
               + document.querySelectorAll('path.syrmap-marker').length"""
        )

    def open_popup_at(self, lat: float, lon: float) -> None:
        """Zoom in past clustering on a point and click its marker."""
        self.page.evaluate(f"() => window.syrmap.map.setView([{lat}, {lon}], 16, {{animate: false}})")
        self.page.wait_for_timeout(400)
        markers = self.page.locator("path.syrmap-marker")
        box = self.page.locator(".folium-map").bounding_box()
        centre = (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        assert markers.count() >= 1
        self.page.mouse.click(*centre)
        self.page.wait_for_selector(".syrmap-popup", timeout=5_000)


@pytest.fixture(scope="module")
def example():
    return example_gdf()


@pytest.fixture(scope="module")
def online_html(tmp_path_factory, example, asset_dir) -> Path:
    m = maps.incident_map(
        example, inline=False, boundaries=governorates(), regions=regions_fixture(), title=HOSTILE_SCRIPT + " example"
    )
    return maps.save_map(m, tmp_path_factory.mktemp("maps") / "online.html")


@pytest.fixture()
def online(browser, online_html, asset_dir):
    page = Page(browser, online_html, asset_dir=asset_dir)
    yield page
    page.page.close()


def _mapped(example: pd.DataFrame) -> pd.DataFrame:
    return example[example["geo_lat"].notna()]


def test_example_map_loads_with_clusters_and_markers(online, example):
    assert online.errors == []
    expected = len(_mapped(example))
    assert online.shown() == expected == 47
    assert online.page.locator(".marker-cluster").count() > 0
    assert online.dom_count() == expected
    assert "3 rows without coordinates" in online.page.inner_text(".syrmap-legend")
    ARTIFACTS.mkdir(exist_ok=True)
    online.page.screenshot(path=str(ARTIFACTS / "example_map.png"))


def test_marker_click_opens_the_right_popup_with_rtl_arabic(online, example):
    row = example.set_index("event_id").loc["E045"]  # Hama, alone in its neighbourhood
    online.open_popup_at(row.geo_lat, row.geo_lon)
    popup = online.page.locator(".syrmap-popup")
    assert popup.locator(".syrmap-popup-title").inner_text() == "Hama"
    assert "2019-06-02" in popup.inner_text() and "Explosion" in popup.inner_text()
    # The place rows follow the field registry: the matched spelling, status line, precision, admin.
    rows = dict(zip(popup.locator("th").all_inner_texts(), popup.locator("td").all_inner_texts(), strict=True))
    assert rows["Matched Name"] == "hama"  # (th labels are title-cased by the stylesheet)
    assert rows["Status"] == "resolved · exact · confidence 0.93"
    assert rows["Precision"] == "1 · the place itself" and rows["Admin"] == "Hama"
    arabic = popup.locator(".syrmap-popup-ar")
    assert arabic.inner_text() == "حماة"
    assert arabic.evaluate("e => getComputedStyle(e).direction") == "rtl"
    assert online.errors == []


def test_hostile_strings_render_as_text(online, example):
    row = example.set_index("event_id").loc["E050"]
    online.open_popup_at(row.geo_lat, row.geo_lon)
    popup = online.page.locator(".syrmap-popup")
    text = popup.inner_text()
    assert HOSTILE_SCRIPT in text and HOSTILE_IMG in text
    assert popup.locator("img, script").count() == 0
    assert HOSTILE_SCRIPT in online.page.inner_text(".syrmap-title")
    online.page.locator(".leaflet-control-search .search-button").click()
    online.page.locator(".leaflet-control-search input").type("script")
    online.page.wait_for_selector(".search-tip", timeout=5_000)
    assert HOSTILE_SCRIPT in online.page.locator(".search-tip").first.inner_text()
    online.page.wait_for_timeout(300)
    assert online.dialogs == [] and online.errors == []
    assert online.page.locator(".leaflet-control-search img, .syrmap-popup img").count() == 0


def test_type_toggle_and_time_filter_change_visible_markers(online, example):
    mapped = _mapped(example)
    online.page.locator(".syrmap-type", has_text="Shelling/artillery").locator("input").uncheck()
    online.page.wait_for_timeout(300)
    expected = int((~mapped["event_type"].str.strip().str.lower().isin(["shelling", "قصف"])).sum())
    assert online.shown() == expected < len(mapped)
    assert online.dom_count() == expected
    online.page.locator(".syrmap-type", has_text="Shelling/artillery").locator("input").check()
    online.page.wait_for_timeout(300)
    assert online.shown() == len(mapped)
    # Move the end of the date range to 2019-05-20 (day 18036).
    online.page.evaluate(
        """() => { const to = document.querySelector('.syrmap-to'); to.value = 18036;
                   to.dispatchEvent(new Event('input')); }"""
    )
    online.page.wait_for_timeout(400)
    expected = int((pd.to_datetime(mapped["date"]) <= "2019-05-20").sum())
    assert online.shown() == expected < len(mapped)
    assert online.dom_count() == expected
    assert online.page.inner_text(".syrmap-to-label") == "2019-05-20"
    assert online.errors == []


def test_offline_map_makes_no_network_requests(browser, tmp_path, example, asset_dir):
    m = maps.incident_map(example, offline=True, boundaries=governorates(), regions=regions_fixture())
    html = maps.save_map(m, tmp_path / "offline.html")
    page = Page(browser, html, asset_dir=asset_dir, block_all=True)
    try:
        assert [u for u in page.requests if not u.startswith("file:")] == []
        assert page.requests == [html.resolve().as_uri()]
        assert page.errors == []
        assert page.shown() == len(_mapped(example)) and page.dom_count() == page.shown()
        assert page.page.locator(".syrmap-place-label").count() > 0
        page.page.screenshot(path=str(ARTIFACTS / "example_map_offline.png"))
    finally:
        page.page.close()


def test_map_of_the_geocoded_example_table(browser, tmp_path, asset_dir):
    """The real pipeline: events_mixed.csv through geo.geocode_table, then the map."""
    import geo

    table = geo.geocode_table(geo.read_table(EXAMPLES / "tables" / "events_mixed.csv"))
    html = maps.save_map(maps.incident_map(table, offline=True), tmp_path / "geocoded.html")
    page = Page(browser, html, asset_dir=asset_dir, block_all=True)
    try:
        mapped = int(pd.to_numeric(table["geo_lat"], errors="coerce").notna().sum())
        assert page.errors == [] and page.dialogs == []
        assert page.shown() == mapped > 30
        assert page.dom_count() == mapped
        page.page.screenshot(path=str(ARTIFACTS / "geocoded_example_map.png"))
    finally:
        page.page.close()


# JavaScript's own property names as ids, P-codes and names (lookups must not reach Object.prototype).
PROTO = ["constructor", "__proto__", "hasOwnProperty", "toString", "valueOf"]


def test_popups_open_for_prototype_named_ids_and_pcodes(browser, tmp_path, asset_dir):
    n = len(PROTO)
    table = pd.DataFrame({
        "location": PROTO, "event_type": PROTO, "fatalities": np.arange(n),
        "geo_lat": 35.0 + 0.2 * np.arange(n), "geo_lon": 36.0 + 0.2 * np.arange(n),
        "geo_status": "resolved", "geo_method": "admin_unit", "geo_confidence": 0.9, "geo_precision": 3,
        "geo_where_prec": 1, "geo_name": PROTO, "geo_name_ar": PROTO, "geo_place_id": PROTO,
        "geo_adm1_pcode": PROTO, "geo_adm1_name": PROTO, "geo_adm2_pcode": PROTO[::-1], "geo_adm2_name": PROTO,
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
