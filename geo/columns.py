"""Find the place, admin-hint and coordinate columns of an event table, by name, in English or Arabic.

The synonyms live in ``geo/data/column_synonyms.csv`` (``level,synonym``; levels ``place``,
``admin1``-``admin3``, ``lat``, ``lon``, ``geometry``; earlier rows win), so an analyst's header
convention is added there, not in code. Our own ``geo_*`` names and the suffix rule for them when a
table already uses one (`output_suffix`, `geo_suffixes`) live here too. Header matching ignores case, spaces,
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

__all__ = ["ColumnPlan", "detect_columns", "detect_coordinates", "detect_geometry", "geo_suffixes",
           "normalize_header", "output_suffix"]

_SYNONYMS_FILE = Path(__file__).resolve().parent / "data" / "column_synonyms.csv"
_LEVELS = {"place": 0, "admin1": 1, "admin2": 2, "admin3": 3, "lat": "lat", "lon": "lon", "geometry": "geometry"}
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
def _synonyms() -> dict[int | str, tuple[str, ...]]:
    out: dict[int | str, list[str]] = {level: [] for level in _LEVELS.values()}
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
    coords: tuple[str, str] | None = None  # the input's own (lat, lon) columns, to audit our point against

    def describe(self) -> str:
        """One line for stderr: ``columns: place='location' admin1='governorate' (auto-detected: …)``."""
        parts = [f"place={self.place!r}"] + [f"admin{lvl}={col!r}" for lvl, col in sorted(self.admin.items())]
        if self.coords:
            parts.append(f"input lat/lon={self.coords[0]!r}/{self.coords[1]!r}")
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


def _best(columns: list[str], level: int | str, taken: set[str]) -> str | None:
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
    return ColumnPlan(place=place, admin=admin, detected=tuple(detected), coords=detect_coordinates(names))


def detect_coordinates(
    columns: Iterable[object], *, lat: str | None = None, lon: str | None = None
) -> tuple[str, str] | None:
    """The (latitude, longitude) columns of a table: given names win, else both found by name, else None.

    Our own ``geo_lat``/``geo_lon`` are not input coordinates (see `geo_suffixes`).

    >>> detect_coordinates(["event_id", "location", "latitude", "longitude", "geo_precision"])
    ('latitude', 'longitude')
    >>> detect_coordinates(["id", "Y", "X"]), detect_coordinates(["lat"]) is None
    (('Y', 'X'), True)
    """
    names = [str(c) for c in columns if not str(c).startswith("geo_")]
    if lat is not None or lon is not None:
        if lat is None or lon is None:
            raise InputError("give both --lat and --lon (or neither, to detect them)")
        return _given(names, lat, "latitude"), _given(names, lon, "longitude")
    found_lat = _best(names, "lat", set())
    found_lon = _best(names, "lon", {found_lat} if found_lat else set())
    return (found_lat, found_lon) if found_lat and found_lon else None


def detect_geometry(columns: Iterable[object]) -> str | None:
    """A column holding WKT or GeoJSON geometry text, by name (``geometry``, ``geom_wkt``, ``wkt`` ...)."""
    return _best([str(c) for c in columns if not str(c).startswith("geo_")], "geometry", set())


def geo_suffixes(columns: Iterable[object]) -> list[str]:
    """The suffixes of the complete ``geo_lat``/``geo_lon``/``geo_status`` sets a table has, latest first.

    >>> geo_suffixes(["geo_precision", "geo_lat", "geo_lon", "geo_status", "geo_lat_2", "geo_lon_2", "geo_status_2"])
    ['_2', '']
    """
    cols = {str(c) for c in columns}
    found = [c[len("geo_lat"):] for c in cols if c.startswith("geo_lat")]
    full = [s for s in found if {f"geo_lon{s}", f"geo_status{s}"} <= cols]
    return sorted(full, key=lambda s: (len(s), s), reverse=True)


def output_suffix(columns: Iterable[object], names: Iterable[str], suffix: str | None = None) -> str:
    """The suffix our new columns get: `suffix` if given, else "" when none of `names` is taken,
    else the first free ``_2``, ``_3`` ... (so ACLED's own ``geo_precision`` is never overwritten).

    >>> output_suffix(["location", "geo_precision"], ["geo_lat", "geo_precision"])
    '_2'
    >>> output_suffix(["location"], ["geo_lat"])
    ''
    """
    cols, names = {str(c) for c in columns}, list(names)
    if suffix is not None:
        clash = sorted(cols & {n + suffix for n in names})
        if clash:
            raise InputError(f"suffix {suffix!r} gives columns the table already has ({', '.join(clash[:4])})")
        return suffix
    for n in range(1, 1000):
        candidate = "" if n == 1 else f"_{n}"
        if not cols & {name + candidate for name in names}:
            return candidate
    raise InputError("the table already has a thousand sets of geo_* columns")
