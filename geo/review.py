"""The review loop: pick out geocoded rows a person should check, and turn their choices into aliases.

`review_rows` takes a table `syrmap geocode` wrote (the input columns plus ``geo_*``) and returns one row per
distinct (place, admin hints) that is ambiguous, not found, resolved with low confidence, or far from the
input's own coordinates, with the current answer and the alternatives as numbered options and three empty
columns to fill in: ``pick`` (an option number), or ``lat`` and ``lon`` typed by hand, or a ``place_id``.
`apply_review` reads the filled-in sheet back and returns alias rows (`gazetteer.aliases` format); the next
``syrmap --aliases aliases.csv geocode`` resolves those places with method ``alias``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Collection
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from gazetteer.exc import InputError
from gazetteer.geodesy import haversine_km
from geo.columns import detect_columns
from geo.learn import AGREE_KM, coordinate_columns

__all__ = ["review_rows", "apply_review", "ReviewApplied", "REVIEW_COLUMNS", "MAX_OPTIONS"]

# A resolved answer below this confidence is worth a look (the calibration table: 0.7–0.85 is ~90% right).
LOW_CONFIDENCE = 0.7
MAX_OPTIONS = 6
_CHOICE = ("pick", "lat", "lon", "place_id", "note")
REVIEW_COLUMNS = ("name", "admin1", "admin2", "rows", "first_row", "reason", "geo_status", "geo_method",
                  "geo_confidence", "geo_name", "geo_lat", "geo_lon", "input_lat", "input_lon", "distance_km",
                  *(f"option_{i}" for i in range(1, MAX_OPTIONS + 1)), *_CHOICE)


def _options(row: pd.Series) -> list[dict]:
    """The current answer (if any) and the alternatives, each with id, label and point."""
    opts = []
    if row.get("geo_place_id"):
        opts.append({"place_id": row["geo_place_id"], "name": row.get("geo_name", ""),
                     "kind": "current answer", "adm1_name": row.get("geo_adm1_name", ""),
                     "lat": row["geo_lat"], "lon": row["geo_lon"]})
    try:
        alts = json.loads(row.get("geo_alternatives") or "[]")
    except ValueError:
        alts = []
    opts += [a for a in alts if isinstance(a, dict) and a.get("place_id") not in {o["place_id"] for o in opts}]
    return opts[:MAX_OPTIONS]


def _label(opt: dict) -> str:
    where = ", ".join(x for x in (opt.get("kind", ""), opt.get("adm1_name", "")) if x)
    return f"{opt.get('name', '')} ({where}) {float(opt['lat']):.5f}, {float(opt['lon']):.5f} [{opt['place_id']}]"


def _reason(status: str, confidence: float, distance: float, min_confidence: float, far_km: float) -> str:
    reasons = []
    if status in ("ambiguous", "no_match"):
        reasons.append(status)
    elif status == "resolved" and confidence < min_confidence:
        reasons.append("low confidence")
    if distance > far_km:
        reasons.append(f"{distance:.0f} km from the input's coordinates")
    return "; ".join(reasons)


def review_rows(table: pd.DataFrame, *, column: str | None = None, admin1_column: str | None = None,
                admin2_column: str | None = None, min_confidence: float = LOW_CONFIDENCE,
                far_km: float = AGREE_KM) -> pd.DataFrame:
    """The distinct places of a geocoded table that need a person's eye (REVIEW_COLUMNS), worst first."""
    missing = [c for c in ("geo_status", "geo_lat", "geo_lon", "geo_confidence") if c not in table.columns]
    if missing:
        raise InputError(f"not a geocoded table (no {', '.join(missing)}); run `syrmap geocode` first")
    own = [str(c) for c in table.columns if not str(c).startswith("geo_")]
    given = {level: col for level, col in ((1, admin1_column), (2, admin2_column)) if col}
    plan = detect_columns(own, column=column, admin_columns={**given, 3: None})
    try:
        lat_col, lon_col = coordinate_columns(own)
    except InputError:
        lat_col = lon_col = None  # no coordinates of its own: nothing to compare with
    text = {c: table[c].fillna("").astype(str).str.strip() for c in table.columns}
    num = {c: pd.to_numeric(table[c], errors="coerce") for c in ("geo_lat", "geo_lon", "geo_confidence")}
    in_lat = pd.to_numeric(table[lat_col], errors="coerce") if lat_col else pd.Series(np.nan, index=table.index)
    in_lon = pd.to_numeric(table[lon_col], errors="coerce") if lon_col else pd.Series(np.nan, index=table.index)
    dist = pd.Series(haversine_km(in_lat.to_numpy(float), in_lon.to_numpy(float), num["geo_lat"].to_numpy(float),
                                  num["geo_lon"].to_numpy(float)), index=table.index)
    frame = pd.DataFrame({
        "name": text[plan.place],
        "admin1": text[plan.admin[1]] if 1 in plan.admin else "",
        "admin2": text[plan.admin[2]] if 2 in plan.admin else "",
        "first_row": np.arange(1, len(table) + 1),
        "geo_status": text["geo_status"], "geo_method": text.get("geo_method", ""),
        "geo_confidence": num["geo_confidence"].fillna(0.0), "geo_name": text.get("geo_name", ""),
        "geo_place_id": text.get("geo_place_id", ""), "geo_adm1_name": text.get("geo_adm1_name", ""),
        "geo_alternatives": text.get("geo_alternatives", ""),
        "geo_lat": num["geo_lat"], "geo_lon": num["geo_lon"], "input_lat": in_lat, "input_lon": in_lon,
        "distance_km": dist.round(1),
    })
    frame["reason"] = [_reason(s, c, d if not math.isnan(d) else -1.0, min_confidence, far_km)
                       for s, c, d in zip(frame["geo_status"], frame["geo_confidence"], frame["distance_km"])]
    frame = frame[(frame["reason"] != "") & (frame["name"] != "")]
    keys = ["name", "admin1", "admin2"]
    counts = frame.groupby(keys, sort=False).size().rename("rows")
    frame = frame.drop_duplicates(keys).join(counts, on=keys)
    options = [_options(r) for _, r in frame.iterrows()]
    for i in range(MAX_OPTIONS):
        frame[f"option_{i + 1}"] = [_label(o[i]) if i < len(o) else "" for o in options]
    for col in _CHOICE:
        frame[col] = ""
    frame = frame.sort_values(["rows", "first_row"], ascending=[False, True], kind="stable")
    return frame.loc[:, list(REVIEW_COLUMNS)].reset_index(drop=True)


@dataclass
class ReviewApplied:
    """Alias rows from a filled-in review sheet, and the sheet rows that could not be used (row, why)."""

    aliases: pd.DataFrame
    problems: list[tuple[int, str]] = field(default_factory=list)
    unanswered: int = 0


def _option_id(label: str) -> str:
    """The place id back from an option label "Name (kind, Governorate) 35.1, 36.2 [gn:123]"."""
    return label.rpartition(" [")[2].rstrip("]")


def apply_review(sheet: pd.DataFrame, known_ids: Collection[str] | None = None) -> ReviewApplied:
    """Alias rows (name, admin1, admin2, place_id or lat/lon, note) for every answered review row.

    With `known_ids` (the gazetteer's place ids) a typed or picked id that does not exist is a problem row.
    """
    missing = [c for c in ("name", "pick", "lat", "lon") if c not in sheet.columns]
    if missing:
        raise InputError(f"not a review sheet from `syrmap review` (no {', '.join(missing)} column)")
    # A blank cell is None, NaN or pd.NA depending on how the reader typed its column.
    cell = {c: sheet[c].map(lambda v: "" if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v))
                            else str(v).strip())
            for c in sheet.columns}
    out, problems, unanswered = [], [], 0
    for i in range(len(sheet)):
        line = i + 2  # the spreadsheet row (header is row 1)
        pick, lat, lon = cell["pick"].iloc[i], cell["lat"].iloc[i], cell["lon"].iloc[i]
        pid = cell["place_id"].iloc[i] if "place_id" in cell else ""
        base = {"name": cell["name"].iloc[i], "admin1": cell.get("admin1", pd.Series("", index=sheet.index)).iloc[i],
                "admin2": cell.get("admin2", pd.Series("", index=sheet.index)).iloc[i], "place_id": "", "lat": "",
                "lon": "", "note": cell["note"].iloc[i] if "note" in cell else ""}
        if not (pick or lat or lon or pid):
            unanswered += 1
            continue
        if lat or lon:
            try:
                y, x = float(lat), float(lon)
            except ValueError:
                problems.append((line, f"lat/lon {lat!r}, {lon!r} are not numbers"))
                continue
            if not (-90 <= y <= 90 and -180 <= x <= 180):
                problems.append((line, f"lat/lon {y}, {x} out of range"))
                continue
            out.append({**base, "lat": y, "lon": x})
        elif pid:
            if known_ids is not None and pid not in known_ids:
                problems.append((line, f"place_id {pid!r} is not in the gazetteer"))
                continue
            out.append({**base, "place_id": pid})
        else:
            try:
                label = cell[f"option_{int(float(pick))}"].iloc[i]
            except (ValueError, KeyError):
                label = ""
            if not label:
                problems.append((line, f"pick {pick!r} is not one of the numbered options"))
                continue
            out.append({**base, "place_id": _option_id(label)})
    columns = ["name", "admin1", "admin2", "place_id", "lat", "lon", "note"]
    return ReviewApplied(pd.DataFrame(out, columns=columns), problems, unanswered)
