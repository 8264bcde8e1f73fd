"""The shared word lists (``gazetteer/data/lexicon.yaml``): clitics, articles, compass words, entity heads.

One file that `gazetteer` and `geo` both read, so a word list is written once. Values are returned as
written; each reader normalizes them with its own normalizer.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

__all__ = ["lexicon"]


@lru_cache(maxsize=1)
def lexicon() -> dict[str, Any]:
    """The parsed lexicon (cached; treat as read-only)."""
    text = resources.files("gazetteer").joinpath("data/lexicon.yaml").read_text("utf-8")
    # libyaml's safe loader when present: every process reads this file (~10 ms faster than pure Python).
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
