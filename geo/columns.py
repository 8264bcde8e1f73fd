"""Find the place and admin-hint columns of an event table, by name, in English or Arabic.

The synonyms live in ``geo/data/column_synonyms.csv`` (``level,synonym``; earlier rows win), so an
analyst's header convention is added there, not in code. Header matching ignores case, spaces,
underscores, hyphens and dots, and the usual Arabic spelling variants (أ/إ/آ → ا, ة → ه).
"""

from __future__ import annotations

import csv
import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from gazetteer.exc import InputError

__all__ = ["ColumnPlan", "detect_columns", "normalize_header"]

_SYNONYMS_FILE = Path(__file__).resolve().parent / "data" / "column_synonyms.csv"
_LEVELS = {"place": 0, "admin1": 1, "admin2": 2, "admin3": 3}
# Words that may wrap a synonym in a real header ("location_name", "admin1_en", "event_location")
# without changing what the column holds; codes and coordinates ("admin1_pcode") must not match.
_AFFIXES = ("name", "names", "en", "ar", "english", "arabic", "eng", "event", "incident")
_DROP = re.compile(r"[\s_\-.\u0640]+")
_ARABIC_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي"})


def normalize_header(name: object) -> str:
    """A header folded for comparison: NFKC, casefold, no spaces/underscores/hyphens/dots/tatweel."""
    text = unicodedata.normalize("NFKC", str(name)).casefold()
    return _DROP.sub("", text).translate(_ARABIC_FOLD)


@functools.lru_cache(maxsize=1)
def _synonyms() -> dict[int, tuple[str, ...]]:
    out: dict[int, list[str]] = {level: [] for level in _LEVELS.values()}
    with _SYNONYMS_FILE.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            key = normalize_header(row["synonym"])
            level = _LEVELS[row["level"].strip()]
            if key not in out[level]:
                out[level].append(key)
    return {level: tuple(keys) for level, keys in out.items()}


@dataclass(frozen=True)
class ColumnPlan:
    """Which column holds the place text and which hold admin hints (level 1-3 -> column)."""

    place: str
    admin: Mapping[int, str] = field(default_factory=dict)
    detected: tuple[str, ...] = ()  # the roles that were auto-detected rather than given

    def describe(self) -> str:
        """One line for stderr: ``columns: place='location' admin1='governorate' (auto-detected: …)``."""
        parts = [f"place={self.place!r}"] + [f"admin{lvl}={col!r}" for lvl, col in sorted(self.admin.items())]
        note = f" (auto-detected: {', '.join(self.detected)})" if self.detected else ""
        return "columns: " + " ".join(parts) + note


def _rank(header: str, keys: tuple[str, ...]) -> tuple[int, int] | None:
    """Sort key of a header for one level: exact synonyms first (in file order), then affixed ones."""
    norm = normalize_header(header)
    for i, key in enumerate(keys):
        if norm == key:
            return (0, i)
    for i, key in enumerate(keys):
        for affix in _AFFIXES:
            if norm in (key + affix, affix + key):
                return (1, i)
    return None


def _best(columns: list[str], level: int, taken: set[str]) -> str | None:
    ranked = [(r, pos, col) for pos, col in enumerate(columns)
              if col not in taken and (r := _rank(col, _synonyms()[level])) is not None]
    return min(ranked)[2] if ranked else None


def _listing(columns: Iterable[str]) -> str:
    return ", ".join(repr(str(c)) for c in columns) or "(none)"


def _given(columns: list[str], name: str, role: str) -> str:
    """Resolve a user-given column name: exact, else a unique case/space-insensitive match."""
    if name in columns:
        return name
    folded = [c for c in columns if normalize_header(c) == normalize_header(name)]
    if len(folded) == 1:
        return folded[0]
    raise InputError(f"{role} column {name!r} is not in the table; columns are: {_listing(columns)}")


def detect_columns(
    columns: Iterable[object],
    *,
    column: str | None = None,
    admin_columns: Mapping[int, str | None] | None = None,
) -> ColumnPlan:
    """Choose the place column and admin-hint columns; given names win, the rest are auto-detected.

    ``admin_columns`` maps level (1-3) to a column name; a level mapped to None is switched off,
    a level left out is auto-detected. Raises InputError listing the columns when no place fits.

    >>> detect_columns(["event_id", "Location", "Governorate"]).describe()
    "columns: place='Location' admin1='Governorate' (auto-detected: place, admin1)"
    >>> detect_columns(["رقم", "المكان", "المحافظة"]).admin
    {1: 'المحافظة'}
    """
    names = [str(c) for c in columns]
    detected: list[str] = []
    if column is not None:
        place = _given(names, column, "place")
    else:
        found = _best(names, 0, set())
        if found is None:
            raise InputError(f"no place column found (pass --column); columns are: {_listing(names)}")
        place, detected = found, ["place"]
    admin: dict[int, str] = {}
    taken = {place}
    wanted = dict(admin_columns or {})
    for level in (1, 2, 3):
        if level in wanted:
            if wanted[level] is not None:
                admin[level] = _given(names, str(wanted[level]), f"admin{level}")
                taken.add(admin[level])
            continue
        found = _best(names, level, taken)
        if found is not None:
            admin[level] = found
            taken.add(found)
            detected.append(f"admin{level}")
    return ColumnPlan(place=place, admin=admin, detected=tuple(detected))
