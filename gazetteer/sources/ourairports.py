"""OurAirports: Syrian airports, military air bases, heliports and airstrips (public domain).

Names like "Abu ad Duhur Air Base" become a record of kind 'airport' with the spellings reports use
("Abu ad Duhur Airbase", "Abu ad Duhur Airport", "مطار ..."), so that the merge joins them with the
project's landmark catalogue entries for the same base instead of listing the base twice.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from gazetteer.normalize import script_of
from gazetteer.sources.base import SourceData, read_csv, records, require

_FACILITY_RE = re.compile(
    r"\b(?:military\s+)?(?:international\s+)?(?:air\s*base|airport|airfield|heliport|helipad|air\s+defense\s+base)\b"
    r"|\((?:north|south|east|west)\)|\bmilitary\b|\bagricultural\b",
    re.IGNORECASE,
)
# Keywords that are codes (ICAO "OS57", IATA "ALP"), not names.
_CODE_RE = re.compile(r"^[A-Z0-9]{3,4}$")


def facility_names(name: str, keywords: str) -> list[str]:
    """The record's spellings: its name, keyword variants, and '<core> Airbase/Airport' for each Latin one.

    A keyword that is a bare place name ("Kuweires", "القصير") is only kept as a facility name
    ("Kuweires Airbase", "مطار القصير"): alone it names the town, not the base.
    """
    names = [name] + [k.strip().strip("\u200e\u200f") for k in keywords.split(",")]
    names = [n for n in dict.fromkeys(names) if n and not _CODE_RE.match(n)]
    out = []
    for i, n in enumerate(names):
        if script_of(n) == "ar":
            out.append(n if "مطار" in n or "قاعدة" in n else f"مطار {n}")
            continue
        core = re.sub(r"\s+", " ", _FACILITY_RE.sub(" ", n)).strip(" -,")
        if i == 0 or core.casefold() != n.casefold():
            out.append(n)
        if core:
            out += [f"{core} Airbase", f"{core} Airport", f"{core} Military Airport"]
    return [n for n in dict.fromkeys(out) if n]


def read_folder(folder: Path) -> SourceData:
    """Every row (closed fields too: reports still name them)."""
    df = read_csv(require(folder, "ourairports_SY.csv"))
    rows = []
    for r in df.to_dict("records"):
        names = facility_names(r["name"], r.get("keywords", ""))
        arabic = [n for n in names if script_of(n) == "ar"]
        rows.append({
            "source": "ourairports", "source_id": r["ident"] or r["id"], "kind": "airport",
            "name": r["name"], "name_ar": arabic[0] if arabic else "",
            "alt_names": [n for n in names if n != r["name"] and n not in arabic[:1]],
            "lat": r["latitude_deg"], "lon": r["longitude_deg"],
        })
    return SourceData(places=records(pd.DataFrame(rows)))
