"""A team's own spellings: a CSV of name → place_id or lat/lon (optional admin1, admin2), consulted first."""

from __future__ import annotations

import csv
import math
import os
from pathlib import Path
from typing import TYPE_CHECKING

from gazetteer.exc import InputError
from gazetteer.normalize import normalize
from gazetteer.query import parse_query
from gazetteer.types import Match

if TYPE_CHECKING:
    from gazetteer.index import Gazetteer

__all__ = ["Aliases", "alias_key", "load_aliases", "default_aliases", "write_aliases", "ALIASES_ENV"]

ALIASES_ENV = "SYRMAP_ALIASES"
_DEFAULT: dict[tuple[str, float], Aliases] = {}


def alias_key(text: str) -> str:
    """The normalized name an alias is filed under: without type words ("Kafr Nabl village" -> "kafr nabl").

    Only type words go; a query with qualifiers or a relation ("X (Y area)", "X – Y road", "near X") is
    another place or a vaguer one, so it keeps its whole text as key.
    """
    parsed = parse_query(text)
    if parsed.name and not parsed.qualifiers and not parsed.relation and not parsed.axis:
        return normalize(parsed.name)
    return normalize(text)


class Aliases:
    """Alias entries keyed by normalized name (and admin1, admin2 when the file gives them)."""

    def __init__(self, entries: dict[tuple[str, ...], dict[str, str]], path: str = "") -> None:
        self.entries = entries
        self.path = path

    def __len__(self) -> int:
        return len(self.entries)

    def lookup(self, text: str, *, admin1: str = "", admin2: str = "",
               gazetteer: Gazetteer | None = None) -> Match | None:
        """The alias Match for this text (admin-specific entries first), or None.

        An alias given by coordinates gets the admin codes of its point by the build's own rule
        (`Gazetteer.admin_of`), so it carries the same P-codes as a gazetteer place there would.
        """
        a1, a2 = normalize(admin1), normalize(admin2)
        names = list(dict.fromkeys([normalize(text), alias_key(text)]))
        keys = [(n, x, y) for n in names for x, y in ((a1, a2), (a1, ""), ("", ""))]
        entry = next((self.entries[k] for k in keys if k in self.entries), None)
        if entry is None:
            return None
        if entry.get("place_id"):
            from gazetteer.resolve import resolve_place_id

            return resolve_place_id(entry["place_id"], query=text, method="alias", gazetteer=gazetteer)
        lat, lon = float(entry["lat"]), float(entry["lon"])
        admin = gazetteer.admin_of(lat, lon) if gazetteer is not None else {}
        return Match(query=text, normalized=normalize(text), status="resolved", method="alias", confidence=0.95,
                     precision=1, where_prec=1, lat=lat, lon=lon,
                     name=entry.get("label") or entry["name"], matched_name=entry["name"],
                     reason=f"alias from {self.path}", **admin)

def load_aliases(path: str | os.PathLike[str]) -> Aliases:
    """Read an alias CSV (columns: name, and place_id or lat+lon; optional admin1, admin2, label)."""
    p = Path(path)
    try:
        with p.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            rows = list(reader)
            header = reader.fieldnames or []
    except OSError as exc:
        raise InputError(f"cannot read alias file {p}: {exc.strerror}") from None
    except UnicodeDecodeError as exc:
        raise InputError(f"alias file {p} is not UTF-8 text (byte offset {exc.start:,}); save it as UTF-8") from None
    except csv.Error as exc:
        raise InputError(f"alias file {p} is not a readable CSV ({exc})") from None
    if "name" not in header or not ({"place_id"} <= set(header) or {"lat", "lon"} <= set(header)):
        raise InputError(f"{p}:1: an alias file's header needs 'name' and 'place_id' or 'lat','lon' "
                         f"(found {', '.join(map(repr, header)) or 'nothing'})")
    if not rows:
        raise InputError(f"{p}: the alias file has a header but no aliases")
    entries = {}
    for line, row in enumerate(rows, start=2):
        name = (row.get("name") or "").strip()
        if not name:
            raise InputError(f"{p}:{line}: alias without a name")
        if not (row.get("place_id") or "").strip():
            try:
                lat, lon = float(row.get("lat", "")), float(row.get("lon", ""))
            except ValueError:
                raise InputError(f"{p}:{line}: alias {name!r} needs a place_id or numeric lat and lon") from None
            if not (-90 <= lat <= 90 and -180 <= lon <= 180) or math.isnan(lat + lon):
                raise InputError(f"{p}:{line}: alias {name!r} has coordinates out of range")
        key = (normalize(name), normalize(row.get("admin1") or ""), normalize(row.get("admin2") or ""))
        entries[key] = {k: (v or "").strip() for k, v in row.items() if k}
    return Aliases(entries, str(p))


def default_aliases() -> Aliases | None:
    """The alias file named by $SYRMAP_ALIASES (re-read when it changes), or None."""
    path = os.environ.get(ALIASES_ENV)
    if not path:
        return None
    try:
        key = (path, Path(path).stat().st_mtime)
    except OSError:
        raise InputError(f"alias file {path} (from ${ALIASES_ENV}) not found") from None
    if key not in _DEFAULT:
        _DEFAULT.clear()
        _DEFAULT[key] = load_aliases(path)
    return _DEFAULT[key]


def write_aliases(rows: list[dict[str, object]] | object, path: str | os.PathLike[str]) -> Path:
    """Write alias rows (dicts or a DataFrame with `name`, `admin1`, `lat`/`lon` or `place_id`, ...) atomically."""
    import pandas as pd

    from gazetteer.fileio import atomic_write

    frame = rows if isinstance(rows, pd.DataFrame) else pd.DataFrame(list(rows))
    return atomic_write(path, lambda tmp: frame.to_csv(tmp, index=False, encoding="utf-8"))
