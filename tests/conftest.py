"""Shared fixtures: paths to the shared examples and the built gazetteer."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
EXAMPLES = SHARED / "examples"
EVAL = SHARED / "eval"
RAW = SHARED / "data" / "raw"


@pytest.fixture(scope="session")
def gz():
    """The gazetteer built from ../shared/data/raw (cached across runs)."""
    import gazetteer

    return gazetteer.load()
