"""Shared fixtures: the built gazetteer (paths live in tests/common.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
BROWSER_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(scope="session")
def gz():
    """The gazetteer built from ../shared/data/raw (cached across runs)."""
    import gazetteer

    return gazetteer.load()


# One browser for the whole session: two sync Playwright instances cannot run at once.
@pytest.fixture(scope="session")
def asset_dir() -> Path:
    """The pinned map libraries, fetched once if missing (skip when the npm registry is unreachable, but not in CI)."""
    import maps
    from gazetteer.exc import SyrmapError

    try:
        maps.fetch_assets()
    except SyrmapError as exc:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"map libraries not available: {exc}")
    return maps.assets_dir()


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail("CI must install Debian chromium (.ci/run does)")
        pytest.skip("Debian chromium is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=BROWSER_ARGS)
        yield b
        b.close()
