"""A team's own spellings: a CSV of name → place_id or lat/lon (optional admin1), consulted first."""

from __future__ import annotations

import csv
import math
import os
from pathlib import Path

from gazetteer.exc import InputError
from gazetteer.normalize import normalize
from gazetteer.types import Match

__all__ = ["Aliases", "load_aliases", "default_aliases", "ALIASES_ENV"]

ALIASES_ENV = "SYRMAP_ALIASES"
_DEFAULT: dict[tuple[str, float], Aliases] = {}


class Aliases:
    """Alias entries keyed by normalized name (and admin1 when the file gives one)."""

    def __init__(self, entries: dict[tuple[str, str], dict[str, str]], path: str = "") -> None:
        self.entries = entries
        self.path = path

    def __len__(self) -> int:
        return len(self.entries)

    def lookup(self, text: str, *, admin1: str = "") -> Match | None:
        """The alias Match for this text (admin1-specific entries first), or None."""
        norm = normalize(text)
        entry = self.entries.get((norm, normalize(admin1))) or self.entries.get((norm, ""))
        if entry is None:
            return None
        if entry.get("place_id"):
            from gazetteer.resolve import resolve_place_id

            return resolve_place_id(entry["place_id"], query=text, method="alias")
        return Match(query=text, normalized=norm, status="resolved", method="alias", confidence=0.95,
                     precision=1, where_prec=1, lat=float(entry["lat"]), lon=float(entry["lon"]),
                     name=entry.get("label") or entry["name"], matched_name=entry["name"],
                     reason=f"alias from {self.path}")


def load_aliases(path: str | os.PathLike[str]) -> Aliases:
    """Read an alias CSV (columns: name, and place_id or lat+lon; optional admin1, label)."""
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
        key = (normalize(name), normalize(row.get("admin1") or ""))
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
