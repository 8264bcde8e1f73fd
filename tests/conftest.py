"""Shared fixtures: the built gazetteer (paths live in tests/common.py)."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def gz():
    """The gazetteer built from ../shared/data/raw (cached across runs)."""
    import gazetteer

    return gazetteer.load()
