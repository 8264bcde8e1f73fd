"""Resolve many names at once: each distinct (text, hints) once, results as a DataFrame in input order."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from gazetteer.aliases import Aliases
from gazetteer.hints import hint_text
from gazetteer.index import Gazetteer, load
from gazetteer.resolve import resolve
from gazetteer.types import MATCH_COLUMNS, Match

__all__ = ["resolve_many", "matches_frame"]


def _column(value: Any, n: int) -> list[str]:
    if value is None or isinstance(value, str) or np.isscalar(value):
        return [hint_text(value)] * n
    values = [hint_text(v) for v in value]
    if len(values) != n:
        raise ValueError(f"hint column has {len(values)} values for {n} texts")
    return values


def matches_frame(matches: Iterable[Match], index: pd.Index | None = None) -> pd.DataFrame:
    """Flat frame of Match fields (MATCH_COLUMNS + 'alternatives' as JSON)."""
    matches = list(matches)
    frame = pd.DataFrame({col: [getattr(m, col) for m in matches] for col in MATCH_COLUMNS}, index=index)
    frame["alternatives"] = [m.alternatives_json() for m in matches]
    for col in ("precision", "where_prec"):
        frame[col] = frame[col].astype("Int64")
    return frame


def resolve_many(
    texts: Iterable[Any],
    *,
    admin1: Any = None,
    admin2: Any = None,
    admin3: Any = None,
    aliases: Aliases | None = None,
    gazetteer: Gazetteer | None = None,
) -> pd.DataFrame:
    """Resolve a column of names; hints are scalars or sequences aligned with `texts`.

    Returns one row per input in the same order (index kept for a Series), columns MATCH_COLUMNS
    plus 'alternatives' (JSON). Each distinct (text, admin1, admin2, admin3) is resolved once.
    """
    index = texts.index if isinstance(texts, pd.Series) else None
    texts = [hint_text(t) for t in texts]
    n = len(texts)
    a1, a2, a3 = _column(admin1, n), _column(admin2, n), _column(admin3, n)
    gz = gazetteer or load()
    keys = list(zip(texts, a1, a2, a3))
    memo: dict[tuple[str, str, str, str], Match] = {}
    for key in dict.fromkeys(keys):
        memo[key] = resolve(key[0], admin1=key[1], admin2=key[2], admin3=key[3], aliases=aliases, gazetteer=gz)
    return matches_frame((memo[k] for k in keys), index=index)
