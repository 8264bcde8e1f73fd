"""Admin hints in any form ("Idleb", "Idlib Governorate", "إدلب", "SY07", "Ariha district") to P-codes."""

from __future__ import annotations

import math
import numbers
import re

from gazetteer.geography import ADMIN_KIND_LEVEL, ADMIN_KINDS, INTERCHANGEABLE_ADMIN1
from gazetteer.index import Gazetteer
from gazetteer.query import parse_query

__all__ = ["AdminHints", "admin_hints", "hint_text", "near_points"]

_PCODE_RE = re.compile(r"^SY\d{2}(\d{2}(\d{2})?)?$", re.IGNORECASE)


def hint_text(value: object) -> str:
    """A hint cell as text; None, NaN and blanks become ''."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value).strip()


def near_points(near: object, n: int) -> list[tuple[float, float] | None]:
    """`near` for each of `n` queries: one (lat, lon) for all, or one point (or None) per query."""
    if near is None:
        return [None] * n
    items = list(near)  # type: ignore[call-overload]  # any iterable, a generator included
    if items and isinstance(items[0], numbers.Real):  # one point: (lat, lon)
        lat, lon = items
        return [(float(lat), float(lon))] * n
    points = [None if p is None else (float(p[0]), float(p[1])) for p in items]
    if len(points) != n:
        raise ValueError(f"near has {len(points)} points for {n} texts")
    return points


class AdminHints:
    """P-codes the caller says the place is in, per level (empty set = no hint at that level)."""

    __slots__ = ("codes", "unresolved")

    def __init__(self, codes: dict[int, frozenset[str]], unresolved: tuple[str, ...] = ()) -> None:
        self.codes = codes
        self.unresolved = unresolved

    def __bool__(self) -> bool:
        return any(self.codes.values())


def _codes_for(gz: Gazetteer, text: str, level: int) -> frozenset[str]:
    from gazetteer.resolve import candidates

    if _PCODE_RE.match(text):
        return frozenset({text.upper()})
    parsed = parse_query(text)
    found = []
    # "Atarib district" in UCDP is a sub-district in OCHA's scheme: fall back to any admin level.
    for want in ([{parsed.kind}] if parsed.kind in ADMIN_KIND_LEVEL else []) + [ADMIN_KINDS]:
        found = [c for c in candidates(parsed.name or text, gazetteer=gz, kinds=want) if c.name_score >= 86]
        if found:
            break
    if not found:
        return frozenset()
    top = found[0].name_score
    by_level: dict[int, set[str]] = {}
    for c in found:
        if c.name_score >= top - 3:
            lvl = ADMIN_KIND_LEVEL[gz.kind[c.place]]
            by_level.setdefault(lvl, set()).add(gz.adm[lvl][c.place])
    # "Hama" in a governorate column is the governorate, not also Hama district and sub-district.
    if level in by_level:
        return frozenset(by_level[level])
    return frozenset().union(*by_level.values())


def admin_hints(gz: Gazetteer, admin1: object = None, admin2: object = None, admin3: object = None) -> AdminHints:
    """Resolve hint strings to P-code sets per level; unknown hints are reported, not fatal."""
    cache = gz.cached("admin_hints", lambda _: {})
    codes: dict[int, frozenset[str]] = {}
    unresolved = []
    for level, value in ((1, admin1), (2, admin2), (3, admin3)):
        text = hint_text(value)
        if not text:
            continue
        if (text, level) not in cache:
            cache[(text, level)] = _codes_for(gz, text, level)
        found = cache[(text, level)]
        if not found:
            unresolved.append(text)
            continue
        # A district named in the admin1 column still says which governorate: file codes by their own level.
        for code in found:
            lvl = (len(code) - 2) // 2
            codes[lvl] = codes.get(lvl, frozenset()) | {code}
            if lvl == 1 and code in INTERCHANGEABLE_ADMIN1:
                codes[1] |= {INTERCHANGEABLE_ADMIN1[code]}
    return AdminHints(codes, tuple(unresolved))
