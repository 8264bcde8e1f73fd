"""Learn an alias file from a table whose rows carry place names and trusted coordinates.

Any event export works (ACLED ``location/latitude/longitude/admin1``, UCDP ``where_coordinates/latitude/
longitude/adm_1``, or syrmap's own reviewed output). Rows are grouped by name and admin hints (governorate,
and district when the table has one); the name is compared as `gazetteer.aliases.alias_key` files it
("Kafr Nabl village" and "Kafr Nabl" are one name). Each group becomes one alias row: its most frequent
point, the events behind it, how far the group's other points lie (spread) and the share of events within
`AGREE_KM` of the chosen point. One name whose groups sit in different places is a conflict: the groups
stay apart (one alias row per admin hint) and are reported.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from gazetteer.aliases import alias_key
from gazetteer.exc import InputError
from gazetteer.geodesy import haversine_km
from gazetteer.normalize import normalize
from gazetteer.query import parse_query
from geo.columns import detect_columns, detect_coordinates, geo_suffixes

__all__ = ["learn_aliases", "LearnResult", "ALIAS_COLUMNS", "AGREE_KM"]

# Points closer than this are the same place (the benchmark's and the team's 5 km convention).
AGREE_KM = 5.0
# What `syrmap aliases learn` writes: the alias CSV columns first (gazetteer.aliases reads them), then evidence.
ALIAS_COLUMNS = ("name", "admin1", "admin2", "lat", "lon", "events", "spread_km", "share", "spellings")


@dataclass
class LearnResult:
    """Alias rows (ALIAS_COLUMNS), the conflicts found, and what was left out and why."""

    aliases: pd.DataFrame
    conflicts: pd.DataFrame  # name, admin1, admin2, lat, lon, events: every group of a name seen in distant places
    rows_used: int
    rows_skipped: int  # no name, or no usable coordinates
    unsettled: int  # groups left out: their most frequent point holds less than `min_share` of the events


def coordinate_columns(columns: list[str], lat: str | None = None, lon: str | None = None) -> tuple[str, str]:
    """The latitude and longitude columns: given names, else the table's own (`geo.columns`, one list of
    header names for every command), else syrmap's latest geo_lat/geo_lon set (trust that only once reviewed)."""
    if lat is not None or lon is not None:
        for role, given in (("lat", lat), ("lon", lon)):
            if given is not None and given not in columns:
                raise InputError(f"{role} column {given!r} is not in the table; columns are: {', '.join(columns)}")
        if lat is None or lon is None:
            raise InputError("give both --lat-column and --lon-column (or neither, to detect them)")
        return lat, lon
    found = detect_coordinates(columns) or next(((f"geo_lat{s}", f"geo_lon{s}") for s in geo_suffixes(columns)), None)
    if found is None:
        raise InputError(f"no lat column found (pass --lat-column and --lon-column); columns are: {', '.join(columns)}")
    return found


def learn_aliases(table: pd.DataFrame, *, column: str | None = None, admin1_column: str | None = None,
                  admin2_column: str | None = None, lat_column: str | None = None, lon_column: str | None = None,
                  count_column: str | None = None, min_share: float = 0.5) -> LearnResult:
    """One alias row per distinct (name, admin1, admin2) of `table`; see the module docstring.

    Two villages of one name in one governorate are told apart only by the district: where the table has a
    district column it is part of the key (the alias then applies to that district only).

    `count_column` holds how many events a row stands for (e.g. UCDP ``n_events``); by default each row is one.
    """
    columns = [str(c) for c in table.columns]
    given = {level: col for level, col in ((1, admin1_column), (2, admin2_column)) if col}
    plan = detect_columns(columns, column=column, admin_columns={**given, 3: None})
    lat_col, lon_col = coordinate_columns(columns, lat_column, lon_column)
    df = pd.DataFrame({
        "spelling": table[plan.place].fillna("").astype(str).str.strip(),
        **{f"admin{lvl}": table[plan.admin[lvl]].fillna("").astype(str).str.strip() if lvl in plan.admin else ""
           for lvl in (1, 2)},
        "lat": pd.to_numeric(table[lat_col], errors="coerce"),
        "lon": pd.to_numeric(table[lon_col], errors="coerce"),
        "events": pd.to_numeric(table[count_column], errors="coerce").fillna(1) if count_column else 1,
    })
    ok = (df["spelling"] != "") & df["lat"].between(-90, 90) & df["lon"].between(-180, 180)
    skipped = int((~ok).sum())
    df = df[ok].copy()
    df["key"] = [alias_key(s) for s in df["spelling"]]
    df = df[df["key"] != ""]
    df["a1"], df["a2"] = [normalize(a) for a in df["admin1"]], [normalize(a) for a in df["admin2"]]
    rows, unsettled = [], 0
    for _, group in df.groupby(["key", "a1", "a2"], sort=True):
        points = group.groupby([group["lat"].round(5), group["lon"].round(5)])["events"].sum()
        (lat, lon), _ = max(points.items(), key=lambda kv: (kv[1], kv[0]))
        dist = haversine_km(lat, lon, group["lat"].to_numpy(), group["lon"].to_numpy())
        events = float(group["events"].sum())
        share = float(group["events"].to_numpy()[np.asarray(dist) <= AGREE_KM].sum() / events)
        if share < min_share:
            unsettled += 1
            continue
        spellings = group.groupby("spelling")["events"].sum().sort_values(ascending=False, kind="stable")
        top = spellings.index[0]
        core = parse_query(top).name if alias_key(top) != normalize(top) else top
        rows.append({"name": core, "admin1": group["admin1"].mode().iloc[0],
                     "admin2": group["admin2"].mode().iloc[0], "lat": lat, "lon": lon,
                     "events": int(events) if events.is_integer() else events,
                     "spread_km": round(float(np.max(dist)), 2), "share": round(share, 3),
                     "spellings": "|".join(spellings.index[:5]), "key": group["key"].iloc[0]})
    aliases = pd.DataFrame(rows, columns=[*ALIAS_COLUMNS, "key"])
    return LearnResult(aliases=aliases.drop(columns="key"), conflicts=_conflicts(aliases),
                       rows_used=len(df), rows_skipped=skipped + int(ok.sum()) - len(df), unsettled=unsettled)


def _conflicts(aliases: pd.DataFrame) -> pd.DataFrame:
    """Groups of one name whose points are more than AGREE_KM apart (kept as separate rows by admin unit)."""
    out = []
    for _, group in aliases.groupby("key"):
        if len(group) < 2:
            continue
        lat, lon = group["lat"].to_numpy(), group["lon"].to_numpy()
        far = max(float(np.max(haversine_km(a, b, lat, lon))) for a, b in zip(lat, lon))
        if far > AGREE_KM:
            out.append(group.assign(apart_km=round(far, 1)))
    cols = ["name", "admin1", "admin2", "lat", "lon", "events", "apart_km"]
    return pd.concat(out, ignore_index=True)[cols] if out else pd.DataFrame(columns=cols)
