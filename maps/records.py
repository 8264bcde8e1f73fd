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
from gazetteer.fields import FIELDS, popup_spec

__all__ = ["Columns", "detect_columns", "has_coordinates", "points", "event_classes", "build_payload", "safe_json"]

_DATA = Path(__file__).with_name("data")
_SYNONYMS = _DATA / "columns.json"

# Colour-blind-friendly categorical palette (Tableau 10) for labels outside the ACLED vocabulary.
PALETTE = (
    "#4e79a7",
    "#f28e2b",
    "#76b7b2",
    "#59a14f",
    "#edc948",
    "#b07aa1",
    "#ff9da7",
    "#9c755f",
    "#e15759",
    "#17becf",
)
NO_TYPE = "Event"
UNKNOWN = "Unknown"
OTHER_GROUP = "Other labels"

# geo_* columns sent to the page, as payload key -> table column, from the field registry (absent
# columns are simply left out); the popup rows come from the registry too (`popup_spec`). `dist` is the
# geocoder's audit column (km to the input's own point), not a Match field.
GEO_FIELDS = {**{f.key: f"geo_{f.name}" for f in FIELDS if f.key}, "dist": "geo_distance_km"}
_NUMBERS = {f.key: (2 if f.type == "float" else None) for f in FIELDS if f.key and f.type in ("float", "int")}


@dataclass(frozen=True)
class Columns:
    """Which columns hold the coordinates, event type, date, casualties, actors, place text and notes.

    ``lat``/``lon`` name the coordinate columns used (ours, ``geo_lat`` + ``geo_suffix``, or the
    input's own); ``geometry`` a point-geometry or WKT/GeoJSON column when there are none.
    ``geo_suffix`` is the suffix of the ``geo_*`` set read for popups (None: the table has none).
    """

    event_type: str | None = None
    sub_type: str | None = None
    date: str | None = None
    casualties: str | None = None
    actors: tuple[str, ...] = ()
    text: str | None = None
    notes: str | None = None
    lat: str | None = None
    lon: str | None = None
    geometry: str | None = None
    geo_suffix: str | None = None

    def geo(self, column: str) -> str:
        """The name of one of our geo_* columns in the set this table carries."""
        return column + (self.geo_suffix or "")


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


def _coordinates(df: pd.DataFrame, lat: str | None, lon: str | None) -> dict[str, Any]:
    """Where the points are: given columns, else our latest geo_lat/geo_lon set, else the input's own
    latitude/longitude, else its point geometry (GeoSeries, WKT or GeoJSON text). Empty when none."""
    from geo.columns import detect_coordinates, detect_geometry, geo_suffixes

    suffixes = geo_suffixes(df.columns)
    suffix = suffixes[0] if suffixes else None
    if lat is not None or lon is not None:
        found = detect_coordinates(df.columns, lat=lat, lon=lon)
        return {"lat": found[0], "lon": found[1], "geo_suffix": suffix}  # type: ignore[index]
    if suffix is not None:
        return {"lat": f"geo_lat{suffix}", "lon": f"geo_lon{suffix}", "geo_suffix": suffix}
    found = detect_coordinates(df.columns)
    if found:
        return {"lat": found[0], "lon": found[1]}
    active = getattr(df, "_geometry_column_name", None)
    if active is not None and active in df.columns:
        return {"geometry": active}
    text = detect_geometry(df.columns)
    return {"geometry": text} if text else {}


def has_coordinates(df: pd.DataFrame, *, lat: str | None = None, lon: str | None = None) -> bool:
    """Whether the table can be mapped as it is (coordinates or point geometry found)."""
    return bool(_coordinates(df, lat, lon))


def detect_columns(
    df: pd.DataFrame,
    *,
    color_by: str | None = None,
    size_by: str | None = None,
    time_column: str | None = None,
    text_column: str | None = None,
    notes_column: str | None = None,
    lat: str | None = None,
    lon: str | None = None,
) -> Columns:
    """Use the named columns, else find coordinates, type, date, casualties, actors, text, notes by usual names.

    A named ``color_by`` column is the only type column; otherwise an ACLED-style pair (event_type
    and sub_event_type) is used together.
    """
    actors = tuple(c for c in (_pick(df, "actors", None), _pick(df, "actors2", None)) if c is not None)
    return Columns(
        event_type=_pick(df, "event_type", color_by),
        sub_type=None if color_by is not None else _pick(df, "sub_type", None),
        date=_pick(df, "date", time_column),
        casualties=_pick(df, "casualties", size_by),
        actors=actors,
        text=_pick(df, "text", text_column),
        notes=_pick(df, "notes", notes_column),
        **_coordinates(df, lat, lon),
    )


def _geometry_points(values: Any) -> tuple[np.ndarray, np.ndarray]:
    import shapely

    arr = np.asarray(values, dtype=object)
    if len(arr) and not all(v is None or isinstance(v, shapely.Geometry) for v in arr):
        text = pd.Series(arr, dtype="string").str.strip()
        geojson = text.str.startswith("{").fillna(False).to_numpy()
        parsed = np.full(len(arr), None, dtype=object)
        wkt = text.notna().to_numpy() & ~geojson
        parsed[wkt] = shapely.from_wkt(text[wkt].to_numpy(dtype=object), on_invalid="ignore")
        parsed[geojson] = shapely.from_geojson(text[geojson].to_numpy(dtype=object), on_invalid="ignore")
        arr = parsed
    is_point = np.array(
        [g is not None and not g.is_empty and g.geom_type == "Point" for g in arr], dtype=bool
    )
    lat = np.full(len(arr), np.nan)
    lon = np.full(len(arr), np.nan)
    if is_point.any():
        lon[is_point] = shapely.get_x(arr[is_point])
        lat[is_point] = shapely.get_y(arr[is_point])
    return lat, lon


def points(df: pd.DataFrame, cols: Columns | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(lat, lon) float arrays, NaN where a row has no coordinates (see `Columns` for which are used)."""
    cols = cols or detect_columns(df)
    if cols.lat and cols.lon:
        lat = pd.to_numeric(df[cols.lat], errors="coerce").to_numpy(dtype=float, copy=True)
        lon = pd.to_numeric(df[cols.lon], errors="coerce").to_numpy(dtype=float, copy=True)
        bad = (np.abs(lat) > 90) | (np.abs(lon) > 180)
        lat[bad], lon[bad] = np.nan, np.nan
        return lat, lon
    if cols.geometry:
        return _geometry_points(df[cols.geometry].values)
    raise InputError("the table has no coordinates: expected geo_lat/geo_lon, latitude/longitude, lat/lon, "
                     "y/x or a geometry column (or name them with --lat/--lon)")


@cache
def _event_colors() -> dict[tuple[str, str], str]:
    frame = pd.read_csv(_DATA / "event_colors.csv", dtype=str, keep_default_na=False)
    return {(r.event_type, r.sub_event_type): r.color for r in frame.itertuples()}


def event_classes(df: pd.DataFrame, cols: Columns) -> tuple[np.ndarray, list[dict[str, str]]]:
    """(legend entry of each row, entries) with one entry per canonical ACLED type.

    Labels are mapped with `geo.event_types` ("Shelling", "shelling" and "قصف" are one entry,
    "Shelling/artillery/missile attack"); an ACLED sub_event_type column refines its event_type.
    Entries ({name, group, color}) come in ACLED's order with a fixed colour each, then labels outside
    the vocabulary (folded, most frequent first), then "Unknown" for rows with no label.
    """
    from geo.event_types import SUB_EVENT_TYPES, canonical_event_types, fold_label

    n = len(df)
    if cols.event_type is None and cols.sub_type is None:
        return np.zeros(n, dtype=np.int64), [{"name": NO_TYPE, "group": "", "color": PALETTE[0]}]
    blank = pd.DataFrame({"event_type": [""] * n, "sub_event_type": "", "known": False}, index=df.index)
    main = canonical_event_types(df[cols.event_type], column=cols.event_type) if cols.event_type else blank
    sub = canonical_event_types(df[cols.sub_type], column=cols.sub_type) if cols.sub_type else blank
    use_sub = (sub["known"] & (sub["sub_event_type"] != "")).to_numpy()
    etype = np.where(use_sub, sub["event_type"], main["event_type"])
    stype = np.where(use_sub, sub["sub_event_type"], main["sub_event_type"])
    known = use_sub | main["known"].to_numpy()
    label_codes, labels = pd.factorize(pd.Series(etype, dtype=object))
    folded = np.array(["?" + fold_label(x) for x in labels] + [""], dtype=object)[label_codes]
    keys = np.where(known, "=" + etype + "|" + stype, np.where(etype == "", "", folded))
    codes, uniques = pd.factorize(pd.Series(keys, dtype=object))
    first = {k: i for i, k in reversed(list(enumerate(keys.tolist())))}
    counts = np.bincount(codes, minlength=len(uniques))
    order = {("", et): i * 100 for i, et in enumerate(dict.fromkeys(e for e, _ in SUB_EVENT_TYPES))}
    order.update({(e, s): order[("", e)] + 1 + i for i, (e, s) in enumerate(SUB_EVENT_TYPES)})
    entries, sort_keys = [], []
    palette = [c for c in PALETTE if c not in _event_colors().values()]
    for code, key in enumerate(uniques):
        if key.startswith("="):
            e, s = key[1:].split("|", 1)
            entries.append({"name": s or e, "group": e, "color": _event_colors().get((e, s), "#777777")})
            sort_keys.append((0, order.get((e if s else "", s or e), 10_000), 0))
        elif key.startswith("?"):
            entries.append({"name": str(etype[first[key]]), "group": OTHER_GROUP, "color": ""})
            sort_keys.append((1, -int(counts[code]), code))
        else:
            entries.append({"name": UNKNOWN, "group": OTHER_GROUP, "color": "#bab0ac"})
            sort_keys.append((2, 0, 0))
    rank = sorted(range(len(entries)), key=lambda i: sort_keys[i])
    entries = [entries[i] for i in rank]
    for i, entry in enumerate(e for e in entries if not e["color"]):
        entry["color"] = palette[i % len(palette)]
    position = np.empty(len(rank), dtype=np.int64)
    position[rank] = np.arange(len(rank))
    return position[codes], entries


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
    lat, lon = points(df, cols)  # inf, 1e400 and out-of-range coordinates are NaN there
    keep = ~(np.isnan(lat) | np.isnan(lon))
    rows = df.loc[keep]
    codes, types = event_classes(rows, cols)
    actors = rows[list(cols.actors)].astype("string").agg(lambda r: " · ".join(x for x in r if pd.notna(x) and x),
                                                         axis=1) if cols.actors and len(rows) else None
    fields: dict[str, Any] = {
        "type": codes.tolist(),
        "orig": _encode_text(_original_type(rows, cols)) if cols.event_type or cols.sub_type else None,
        "date": _days(rows[cols.date]) if cols.date else None,
        "fat": _numbers(rows[cols.casualties]) if cols.casualties else None,
        "text": _encode_text(rows[cols.text]) if cols.text else None,
        "notes": _encode_text(rows[cols.notes]) if cols.notes else None,
        "actors": _encode_text(actors) if actors is not None else None,
    }
    for key, column in GEO_FIELDS.items():
        column = cols.geo(column)
        if column not in rows:
            fields[key] = None
        elif key in _NUMBERS:
            fields[key] = _numbers(rows[column], _NUMBERS[key])
        else:
            fields[key] = _encode_text(rows[column])
    numeric = [rows[c] for c in (cols.casualties, cols.geo("geo_confidence")) if c and c in rows]
    return {
        "search": _search(rows, cols),
        "title": title or "Incidents",
        # JSON has no inf: infinite coordinates, casualties and confidences went out as missing; say how many.
        "nonfinite": sum(_infinite(df[c]) for c in (cols.lat, cols.lon) if c) + sum(_infinite(c) for c in numeric),
        "n": int(keep.sum()),
        "total": len(df),
        "skipped": int((~keep).sum()),
        "lat": np.round(lat[keep], 5).tolist(),
        "lon": np.round(lon[keep], 5).tolist(),
        "types": types,
        "labels": {
            "type": "event type" if not cols.event_type or cols.sub_type else cols.event_type,
            "orig": "original type",
            "date": cols.date or "date",
            "fat": cols.casualties or "casualties",
            "text": cols.text or "original text",
            "notes": cols.notes or "notes",
        },
        "fields": {k: v for k, v in fields.items() if v is not None},
        "popup": popup_spec(),
    }


def _search(rows: pd.DataFrame, cols: Columns) -> dict[str, Any]:
    """The place search index (`maps.search`): our names, else the table's own place text."""
    from .search import search_index, search_tables, titles_for

    def col(name: str | None) -> pd.Series | None:
        return rows[name] if name is not None and name in rows.columns else None

    name, text = col(cols.geo("geo_name")), col(cols.text)
    title = titles_for(name if name is not None else text if text is not None else pd.Series("", index=rows.index),
                       col(cols.geo("geo_name_ar")), col(cols.geo("geo_adm1_name")))
    if name is not None and text is not None:  # a row we did not place still has its own text
        title = title.where(title != "", titles_for(text, None, None))
    spellings = {k: c.astype("string").astype(object) for k, c in (
        ("name", name), ("name_ar", col(cols.geo("geo_name_ar"))), ("text", text),
        ("matched", col(cols.geo("geo_matched_name")))) if c is not None}
    frame = pd.DataFrame({"title": title.to_numpy(), **{k: v.to_numpy() for k, v in spellings.items()}})
    return {"places": search_index(frame), **search_tables()}


def _original_type(rows: pd.DataFrame, cols: Columns) -> pd.Series:
    """The type label(s) as the table wrote them, kept for popups (the legend shows the canonical one)."""
    parts = [rows[c].astype("string") for c in (cols.event_type, cols.sub_type) if c]
    out = parts[0].fillna("")
    for part in parts[1:]:
        out = out.str.cat(part.fillna(""), sep=" / ").str.strip(" /")
    return out


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
