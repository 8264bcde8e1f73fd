"""Resolve many names at once: each distinct (text, hints) once, in input order.

`match_many` gives the `Match` objects; `resolve_many` the same as a typed frame (one column per
registry field, `gazetteer.fields`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from gazetteer.aliases import Aliases
from gazetteer.fields import match_frame
from gazetteer.hints import hint_text, near_points
from gazetteer.index import Gazetteer, load
from gazetteer.resolve import resolve_batch
from gazetteer.types import Match

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["match_many", "resolve_many", "matches_frame"]


def _column(value: Any, n: int) -> list[str]:
    if value is None or isinstance(value, (str, int, float)) or getattr(value, "ndim", 1) == 0:
        return [hint_text(value)] * n
    values = [hint_text(v) for v in value]
    if len(values) != n:
        raise ValueError(f"hint column has {len(values)} values for {n} texts")
    return values


def matches_frame(matches: Iterable[Match], index: Any = None) -> pd.DataFrame:
    """Flat typed frame of every registry field (alternatives as JSON text)."""
    return match_frame(matches, index=index)


def match_many(
    texts: Iterable[Any],
    *,
    admin1: Any = None,
    admin2: Any = None,
    admin3: Any = None,
    near: Any = None,
    aliases: Aliases | None = None,
    gazetteer: Gazetteer | None = None,
) -> list[Match]:
    """One Match per text, in order; hints are scalars or sequences aligned with `texts`; `near` is one
    (lat, lon) for all texts, as in `resolve`, or one point (or None) per text.

    Each distinct (text, admin1, admin2, admin3, near) is resolved once and its Match shared; all of them
    in one batch (`gazetteer.resolve.resolve_batch`), so their names are looked up and scored together.
    """
    texts = [hint_text(t) for t in texts]
    n = len(texts)
    a1, a2, a3 = _column(admin1, n), _column(admin2, n), _column(admin3, n)
    gz = gazetteer or load()
    keys = list(zip(texts, a1, a2, a3, near_points(near, n)))
    distinct = list(dict.fromkeys(keys))
    memo = dict(zip(distinct, resolve_batch([k[:4] for k in distinct], near=[k[4] for k in distinct],
                                            aliases=aliases, gazetteer=gz), strict=True))
    return [memo[k] for k in keys]


def resolve_many(texts: Iterable[Any], **options: Any) -> pd.DataFrame:
    """`match_many` (same arguments) as a frame: one row per input in order (a Series' index kept)."""
    import pandas as pd

    index = texts.index if isinstance(texts, pd.Series) else None
    return matches_frame(match_many(texts, **options), index=index)
