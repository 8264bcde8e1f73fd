"""What each output format can hold, and a report of every cell that had to change to fit.

XLSX keeps control characters, NUL and carriage returns through the format's own escapes
(``_x000D_``, which Excel and our reader decode), but no cell longer than 32,767 characters.
CSV and XLSX have no lists or mappings: those are written as JSON text. GeoPackage column names
are case-insensitive and a layer holds at most 2,000 columns. Each change is counted by reason and
reported on stderr with the first cells it touched; nothing is changed silently.
"""

from __future__ import annotations

import json
import re
import sys
from typing import Any

import numpy as np
import pandas as pd

from gazetteer.exc import InputError

__all__ = ["CellReport", "xlsx_text", "xlsx_unescape", "nested_as_json", "spatial_text", "check_gpkg_columns",
           "XLSX_MAX_CHARS", "XLSX_MAX_ROWS"]

XLSX_MAX_CHARS = 32_767
XLSX_MAX_ROWS = 1_048_576  # the header row included
_GPKG_MAX_COLUMNS = 1_998  # SQLite's 2,000 columns less the feature id and the geometry
_SHOWN = 5  # cells named per reason

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")  # tab and LF are plain XML text
_LITERAL_ESCAPE = re.compile(r"_(x[0-9A-Fa-f]{4}_)")
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


class CellReport:
    """Cells changed on the way out, by reason; ``lines()`` says which and why."""

    def __init__(self, target: str, advice: str = "write .csv or .parquet to keep them exactly") -> None:
        self.target, self.advice = target, advice
        self.count: dict[str, int] = {}
        self.cells: dict[str, list[str]] = {}

    def add(self, reason: str, row: int, column: object) -> None:
        self.count[reason] = self.count.get(reason, 0) + 1
        shown = self.cells.setdefault(reason, [])
        if len(shown) < _SHOWN:
            shown.append(f"row {row} column {str(column)!r}")

    def lines(self) -> list[str]:
        out = []
        for reason, n in self.count.items():
            more = ", ..." if n > len(self.cells[reason]) else ""
            out.append(f"syrmap: warning: {self.target}: {n:,} cell{'s' if n != 1 else ''} {reason} "
                       f"({', '.join(self.cells[reason])}{more}); {self.advice}")
        return out

    def emit(self) -> None:
        for line in self.lines():
            print(line, file=sys.stderr)


def xlsx_text(value: str, row: int, column: object, report: CellReport) -> str:
    """A string as an XLSX cell stores it: control characters escaped, cut at 32,767 characters."""
    text = _CONTROL.sub(lambda m: f"_x{ord(m.group()):04X}_", _LITERAL_ESCAPE.sub(r"_x005F_\1", value))
    if len(text) > XLSX_MAX_CHARS:
        report.add(f"longer than XLSX's {XLSX_MAX_CHARS:,} characters were cut", row, column)
        while len(text) > XLSX_MAX_CHARS:
            value = value[: len(value) - (len(text) - XLSX_MAX_CHARS)]
            text = _CONTROL.sub(lambda m: f"_x{ord(m.group()):04X}_", _LITERAL_ESCAPE.sub(r"_x005F_\1", value))
    return text


def xlsx_unescape(value: str) -> str:
    """Decode the ``_xHHHH_`` escapes of an XLSX string (ECMA-376 ST_Xstring)."""
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), value) if "_x" in value else value


def _json_default(value: Any) -> Any:
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, bytes):
        return value.hex()
    return str(value)


def nested_as_json(df: pd.DataFrame, report: CellReport, first_row: int = 1) -> pd.DataFrame:
    """Lists, arrays, mappings and bytes (from Parquet or GeoJSON) as JSON text, for CSV and XLSX."""
    changed = {}
    for col in [c for c in df.columns if pd.api.types.is_object_dtype(df[c].dtype)]:
        values = df[col].to_numpy()
        nested = np.fromiter((isinstance(v, (list, tuple, dict, set, np.ndarray, bytes)) for v in values),
                             dtype=bool, count=len(values))
        if not nested.any():
            continue
        for i in np.flatnonzero(nested):
            report.add("held lists, mappings or bytes, written as JSON text", first_row + int(i), col)
        changed[col] = [json.dumps(sorted(v, key=str) if isinstance(v, set) else v, ensure_ascii=False,
                                   default=_json_default) if n else v for v, n in zip(values, nested)]
    if not changed:
        return df
    out = df.copy()
    for col, vals in changed.items():
        out[col] = pd.Series(vals, index=df.index, dtype=object)
    return out


def spatial_text(df: pd.DataFrame, report: CellReport) -> pd.DataFrame:
    """GDAL stores text as C strings, cut at the first NUL: say which cells, and cut them here, visibly."""
    changed = {}
    for col in [c for c in df.columns if pd.api.types.is_object_dtype(df[c].dtype)]:
        values = df[col].to_numpy()
        hit = [i for i, v in enumerate(values) if isinstance(v, str) and "\x00" in v]
        for i in hit:
            report.add("held NUL characters, which GeoJSON/GeoPackage (GDAL) cannot store: cut there", i + 1, col)
        if hit:
            changed[col] = [v.split("\x00", 1)[0] if isinstance(v, str) else v for v in values]
    return df.assign(**changed) if changed else df


def check_gpkg_columns(columns: list[str], target: str) -> None:
    """Refuse what a GeoPackage layer cannot hold: too many columns, names equal but for case."""
    if len(columns) > _GPKG_MAX_COLUMNS:
        raise InputError(f"{target}: {len(columns):,} columns do not fit in a GeoPackage layer (at most "
                         f"{_GPKG_MAX_COLUMNS:,}); write .parquet or .csv")
    seen: dict[str, str] = {}
    for name in columns:
        other = seen.setdefault(name.casefold(), name)
        if other != name:
            raise InputError(f"{target}: columns {other!r} and {name!r} differ only in case, which a GeoPackage "
                             "cannot hold; write .parquet, .csv or .geojson")
