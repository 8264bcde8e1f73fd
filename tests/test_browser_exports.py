"""ACLED and UCDP GED exports mapped with no option, opened in Chromium with the network blocked.

Also: the JavaScript port of the search keys (maps/templates/search.js) agrees with Python's
gazetteer.normalize on thousands of gazetteer names, so typed queries meet the embedded keys.
"""

from __future__ import annotations

import json

import pytest
from export_fixtures import acled_export, ucdp_export
from test_browser_maps import Page
from typer.testing import CliRunner

from maps.search import name_keys, search_tables
from syrmap.cli import app

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("gz")]
CANONICAL_ACLED = {"Shelling/artillery/missile attack", "Air/drone strike", "Armed clash", "Attack",
                   "Peaceful protest", "Looting/property destruction"}


def _map(tmp_path, frame, name):
    src = tmp_path / f"{name}.csv"
    frame.to_csv(src, index=False)
    html = tmp_path / f"{name}.html"
    result = CliRunner().invoke(app, ["map", str(src), "-o", str(html)])
    assert result.exit_code == 0, result.output
    assert "self-contained" in result.output
    return html


def _search(page, text):
    box = page.page.locator(".leaflet-control-search input")
    if not box.is_visible():
        page.page.locator(".leaflet-control-search .search-button").click()
    box.fill("")
    box.type(text)
    page.page.wait_for_selector(".search-tip", timeout=5_000)
    return page.page.locator(".search-tip").all_inner_texts()


@pytest.mark.parametrize("kind", ["acled", "ucdp"])
def test_export_map_works_offline(browser, tmp_path, asset_dir, kind):
    frame = acled_export() if kind == "acled" else ucdp_export()
    page = Page(browser, _map(tmp_path, frame, kind), asset_dir=asset_dir, block_all=True)
    try:
        assert page.errors == []
        assert page.shown() == len(frame)  # every row has its own coordinates
        assert page.dom_count() == len(frame)
        assert [r for r in page.requests if not r.startswith(("file:", "data:"))] == []
        entries = page.page.locator(".syrmap-type").all_inner_texts()
        names = [e.strip() for e in entries]
        assert len(names) == len(set(names))  # one legend entry per canonical type
        if kind == "acled":
            assert set(names) == CANONICAL_ACLED
        else:  # UCDP type_of_violence 1/2 -> Battles, 3 -> Violence against civilians
            assert set(names) == {"Battles", "Violence against civilians"}
        for query in ("كفرنبل", "Kafranbel", "kafr nabl"):
            tips = _search(page, query)
            assert tips and tips[0].startswith("Kafr Nabl"), (query, tips)
        assert page.page.locator("#syrmap-fallback").is_hidden()
    finally:
        page.page.close()


def test_linked_map_without_network_says_so(browser, tmp_path, asset_dir):
    import maps

    html = maps.save_map(maps.incident_map(acled_export(12), inline=False), tmp_path / "linked.html")
    page = browser.new_page()
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort())
    page.goto(html.resolve().as_uri())
    page.wait_for_selector("#syrmap-fallback", state="visible", timeout=15_000)
    assert "could not be loaded" in page.inner_text("#syrmap-fallback")
    page.close()


def test_search_keys_port_agrees_with_python(browser, gz):
    from pathlib import Path

    js = (Path(__file__).resolve().parent.parent / "maps" / "templates" / "search.js").read_text("utf-8")
    names = gz.names["name"].drop_duplicates()
    sample = names.sample(n=min(6000, len(names)), random_state=12).tolist()
    sample += ["كفرنبل", "Kafranbel", "Kfar Nobol", "Ma'arrat an-Nu'man", "Khan Sheikhoun", "خان شيخون",
               "Ḥarim", "Jisr al-Shughur", "Tell Rifaat", "Ghouta", "Deir ez-Zor", "دير الزور", "ٱلرقة", "Straße"]
    page = browser.new_page()
    page.set_content(f"<script>{js}</script>")
    got = page.evaluate(
        "([tables, names]) => { const k = syrmapSearchKeys(tables); return names.map(k.keys); }",
        [json.loads(json.dumps(search_tables())), sample],
    )
    page.close()
    differ = [(n, name_keys(n), g) for n, g in zip(sample, got, strict=True) if list(name_keys(n)) != g]
    assert differ == [], differ[:10]  # all 82,789 gazetteer names agreed when this was written


def test_readme_main_command_map_shows_markers_with_network_blocked(browser, tmp_path, asset_dir):
    """`syrmap geocode events_mixed.csv -o out.csv && syrmap map out.csv -o map.html`, no --offline."""
    from common import EXAMPLES

    geocoded, html = tmp_path / "out" / "events_geocoded.csv", tmp_path / "out" / "events_map.html"
    runner = CliRunner()
    first = runner.invoke(app, ["geocode", str(EXAMPLES / "tables" / "events_mixed.csv"), "-o", str(geocoded)])
    assert first.exit_code == 0, first.output
    second = runner.invoke(app, ["map", str(geocoded), "-o", str(html)])
    assert second.exit_code == 0 and "self-contained" in second.output, second.output
    import pandas as pd

    located = int(pd.read_csv(geocoded)["geo_lat"].notna().sum())
    assert located >= 45
    page = Page(browser, html, asset_dir=asset_dir, block_all=True)
    try:
        assert page.errors == [] and page.shown() == located and page.dom_count() == located
        assert int(page.page.get_attribute(".folium-map", "data-syrmap-labels")) > 0  # basemap labels drawn
        assert page.page.locator("#syrmap-fallback").is_hidden()
    finally:
        page.page.close()
