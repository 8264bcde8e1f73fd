"""Shared fixtures: paths to the shared examples and the built gazetteer."""

from __future__ import annotations

import pytest

from common import EVAL, EXAMPLES, RAW, ROOT, SHARED  # noqa: F401  (re-exported for older tests)


@pytest.fixture(scope="session")
def gz():
    """The gazetteer built from ../shared/data/raw (cached across runs)."""
    import gazetteer

    return gazetteer.load()
