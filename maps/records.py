"""Turn an incident table into the compact, column-wise payload the map's JavaScript reads.

The payload is embedded once in the page as JSON (not one Python object per marker), with
repetitive text columns dictionary-encoded, so 100k incidents stay a few megabytes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from gazetteer.exc import InputError

__all__ = ["Columns", "detect_columns", "points", "type_labels", "type_colors", "build_payload", "safe_json"]

_SYNONYMS = Path(__file__).with_name("data") / "columns.json"

# Colour-blind-friendly categorical palette (Tableau 10); types beyond ten reuse it.
PALETTE = (
    "#e15759",
    "#4e79a7",
    "#f28e2b",
    "#76b7b2",
    "#59a14f",
    "#edc948",
    "#b07aa1",
    "#ff9da7",
    "#9c755f",
    "#bab0ac",
)
NO_TYPE = "Event"

# geo_* columns shown in popups, as payload key -> table column (absent columns are simply left out).
GEO_FIELDS = {
    "name": "geo_name",
    "name_ar": "geo_name_ar",
    "status": "geo_status",
    "method": "geo_method",
    "matched": "geo_matched_name",
    "reason": "geo_reason",
    "pid": "geo_place_id",
    "adm1": "geo_adm1_name",
    "adm1p": "geo_adm1_pcode",
    "adm2": "geo_adm2_name",
    "adm2p": "geo_adm2_pcode",
    "adm3": "geo_adm3_name",
}


@dataclass(frozen=True)
class Columns:
    """Which user columns hold the event type, date, casualties, original place text and notes."""

    event_type: str | None = None
    date: str | None = None
    casualties: str | None = None
    text: str | None = None
    notes: str | None = None


@cache
def _synonyms() -> dict[str, list[str]]:
    data = json.loads(_SYNONYMS.read_text(encoding="utf-8"))
    return {k: v for k, v in data.items() if not k.startswith("_")}


def _pick(df: pd.DataFrame, role: str, given: str | None) -> str | None:
    if given is not None:
        if given not in df.columns:
            raise InputError(
                f"no column {given!r} for {role}; columns are: {', '.join(map(str, df.columns))}"
            )
        return given
    lower = {str(c).strip().lower(): c for c in df.columns}
    for name in _synonyms()[role]:
        if name.lower() in lower:
            return lower[name.lower()]
    return None


def detect_columns(
    df: pd.DataFrame,
    *,
    color_by: str | None = None,
    size_by: str | None = None,
    time_column: str | None = None,
    text_column: str | None = None,
    notes_column: str | None = None,
) -> Columns:
    """Use the named columns, else find event type / date / casualties / place text / notes by usual names."""
    return Columns(
        event_type=_pick(df, "event_type", color_by),
        date=_pick(df, "date", time_column),
        casualties=_pick(df, "casualties", size_by),
        text=_pick(df, "text", text_column),
        notes=_pick(df, "notes", notes_column),
    )


def points(df: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """(lat, lon) float arrays, NaN where a row has no coordinates (geo_lat/geo_lon, else point geometry)."""
    if "geo_lat" in df.columns and "geo_lon" in df.columns:
        lat = pd.to_numeric(df["geo_lat"], errors="coerce").to_numpy(dtype=float)
        lon = pd.to_numeric(df["geo_lon"], errors="coerce").to_numpy(dtype=float)
        return lat, lon
    geom = getattr(df, "geometry", None) if "geometry" in df.columns else None
    if geom is None:
        raise InputError("the table has no coordinates: expected geo_lat/geo_lon columns or point geometry")
    import shapely

    arr = np.asarray(geom.values, dtype=object)
    is_point = np.array(
        [g is not None and not g.is_empty and g.geom_type == "Point" for g in arr], dtype=bool
    )
    lat = np.full(len(arr), np.nan)
    lon = np.full(len(arr), np.nan)
    if is_point.any():
        lon[is_point] = shapely.get_x(arr[is_point])
        lat[is_point] = shapely.get_y(arr[is_point])
    return lat, lon


def type_labels(df: pd.DataFrame, column: str | None) -> pd.Series:
    if column is None:
        return pd.Series(NO_TYPE, index=df.index, dtype=object)
    s = df[column].astype("string").str.strip()
    return s.mask(s.isna() | (s == ""), "Unknown").astype(object)


def type_colors(df: pd.DataFrame, column: str | None) -> dict[str, str]:
    """Event type -> colour, most frequent type first, so the map and the static export agree."""
    counts = type_labels(df, column).value_counts(sort=True)
    return {t: PALETTE[i % len(PALETTE)] for i, t in enumerate(counts.index)}


def _text(series: pd.Series) -> pd.Series:
    s = series.astype("string").str.strip()
    return s.mask(s == "").astype(object).where(s.notna(), None)


def _encode_text(series: pd.Series) -> dict[str, list] | None:
    """Dictionary-encode a text column when values repeat (codes + values), else keep the raw list."""
    s = _text(series)
    if s.isna().all():
        return None
    codes, uniques = pd.factorize(s, use_na_sentinel=True)
    if len(uniques) <= len(s) // 2:
        return {"values": [str(u) for u in uniques], "codes": codes.tolist()}
    return {"values": [None if v is None else str(v) for v in s.tolist()]}


def _numbers(series: pd.Series, digits: int | None = None) -> list[float | None] | None:
    x = pd.to_numeric(series, errors="coerce").astype(float)
    if x.isna().all():
        return None
    if digits is not None:
        x = x.round(digits)
    arr = x.to_numpy()
    out: list[Any] = arr.tolist()
    for i in np.flatnonzero(~np.isfinite(arr)):  # inf / 1e400 are missing values, not numbers to draw
        out[i] = None
    return [int(v) if v is not None and float(v).is_integer() else v for v in out]


def _infinite(series: pd.Series) -> int:
    return int(np.isinf(pd.to_numeric(series, errors="coerce").to_numpy(dtype=float)).sum())


def _days(series: pd.Series) -> list[int | None] | None:
    """Dates as whole days since 1970-01-01 (None when unparseable); the page turns them back into dates."""
    if pd.api.types.is_datetime64_any_dtype(series):
        dt = series
    else:
        dt = pd.to_datetime(series.astype("string"), errors="coerce", format="mixed")
    if getattr(dt.dt, "tz", None) is not None:
        dt = dt.dt.tz_localize(None)
    if dt.isna().all():
        return None
    days = (dt.dt.normalize() - pd.Timestamp("1970-01-01")) // pd.Timedelta(days=1)
    return [None if pd.isna(v) else int(v) for v in days.tolist()]


def build_payload(df: pd.DataFrame, cols: Columns, *, title: str | None = None) -> dict[str, Any]:
    """The map's data: one entry per mapped row in column arrays, plus types, colours and counts."""
    lat, lon = points(df)
    # inf, 1e400 and out-of-range coordinates count as missing (JSON has no inf; Leaflet no such place).
    with np.errstate(invalid="ignore"):
        keep = np.isfinite(lat) & np.isfinite(lon) & (np.abs(lat) <= 90) & (np.abs(lon) <= 180)
    rows = df.loc[keep]
    labels = type_labels(rows, cols.event_type)
    colors = type_colors(rows, cols.event_type)
    type_index = {t: i for i, t in enumerate(colors)}
    fields: dict[str, Any] = {
        "type": [type_index[t] for t in labels.tolist()],
        "date": _days(rows[cols.date]) if cols.date else None,
        "fat": _numbers(rows[cols.casualties]) if cols.casualties else None,
        "prec": _numbers(rows["geo_precision"]) if "geo_precision" in rows else None,
        "conf": _numbers(rows["geo_confidence"], 2) if "geo_confidence" in rows else None,
        "text": _encode_text(rows[cols.text]) if cols.text else None,
        "notes": _encode_text(rows[cols.notes]) if cols.notes else None,
    }
    for key, column in GEO_FIELDS.items():
        fields[key] = _encode_text(rows[column]) if column in rows else None
    numeric = [rows[c] for c in (cols.casualties, "geo_confidence") if c and c in rows]
    return {
        "title": title or "Incidents",
        "nonfinite": int(np.isinf(lat).sum() + np.isinf(lon).sum()) + sum(_infinite(c) for c in numeric),
        "n": int(keep.sum()),
        "total": len(df),
        "skipped": int((~keep).sum()),
        "lat": np.round(lat[keep], 5).tolist(),
        "lon": np.round(lon[keep], 5).tolist(),
        "types": [{"name": t, "color": c} for t, c in colors.items()],
        "labels": {
            "type": cols.event_type or "event type",
            "date": cols.date or "date",
            "fat": cols.casualties or "casualties",
            "text": cols.text or "original text",
            "notes": cols.notes or "notes",
        },
        "fields": {k: v for k, v in fields.items() if v is not None},
    }


def safe_json(data: Any) -> str:
    """JSON that is safe inside an HTML <script> element: <, >, & and U+2028/2029 are \\u-escaped."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )
