"""OpenStreetMap points of interest (ruins, shrines, mosques, towers, memorials ...), in two formats.

* ``syria-poi.csv`` (brannondorsey/osm-syria-poi, 2017): one row per node, OSM tag value in ``type``.
* ``*.json`` Overpass API output (``[out:json]``, what `syrmap data fetch` saves): ``elements`` with
  ``tags``; nodes carry ``lat``/``lon``, ways and relations ``center`` (``out center``).

Every record gets a kind from ``gazetteer/data/poi_kinds.csv``; a POI named only by its generic word
("مسجد") is skipped, so it can never answer a query.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from gazetteer.exc import SourceError
from gazetteer.kinds import is_generic_name, poi_kind
from gazetteer.normalize import script_of
from gazetteer.sources.base import SourceData, read_csv, records

# OSM name keys, most specific first; any script may be in `name`.
_NAME_KEYS = ("name", "name:en", "name:ar", "int_name", "old_name", "old_name:en", "alt_name", "alt_name:ar")
# Tag keys whose value says what a POI is, in the order we ask them.
_TYPE_KEYS = ("historic", "amenity", "tourism", "man_made", "military", "landuse", "natural", "building", "place")
_PLACE_KINDS = {"city": "city", "town": "town", "village": "village", "hamlet": "village",
                "isolated_dwelling": "village", "suburb": "neighbourhood", "neighbourhood": "neighbourhood",
                "quarter": "neighbourhood"}


def place_kind(tags: dict[str, str]) -> str:
    """Our kind for an OSM object: a settlement for `place=*`, else the POI kind of its first type tag."""
    if tags.get("place") in _PLACE_KINDS:
        return _PLACE_KINDS[tags["place"]]
    if tags.get("aeroway") in ("aerodrome", "heliport", "airstrip"):
        return "airport"
    return next((poi_kind(tags[k]) for k in _TYPE_KEYS if tags.get(k)), "site")


def named_record(source: str, source_id: str, kind: str, names: Iterable[str], lat, lon) -> dict | None:
    """A record from an OSM object's names (any script), or None when it has no specific name."""
    names = [part.strip() for n in names if n for part in n.split(";") if part.strip()]  # OSM: ';' lists values
    # Names in other scripts can never match a query we normalize; generic words never name one POI.
    names = [n for n in dict.fromkeys(names) if script_of(n) in ("latn", "ar")
             and not (kind not in _PLACE_KINDS.values() and is_generic_name(n))]
    if not names:
        return None
    latin = [n for n in names if script_of(n) == "latn"]
    arabic = [n for n in names if script_of(n) == "ar"]
    name, name_ar = (latin[0] if latin else ""), (arabic[0] if arabic else "")
    return {"source": source, "source_id": source_id, "kind": kind, "name": name, "name_ar": name_ar,
            "alt_names": [n for n in names if n not in (name, name_ar)], "lat": lat, "lon": lon}


def read_overpass(path: Path, source: str) -> pd.DataFrame:
    """Records from an Overpass API JSON file (nodes with lat/lon, ways/relations with center)."""
    try:
        elements = json.loads(path.read_text(encoding="utf-8"))["elements"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise SourceError(f"cannot read Overpass JSON {path}: {exc}") from exc
    rows = []
    for el in elements:
        tags = el.get("tags") or {}
        point = el if "lat" in el else el.get("center") or {}
        if "lat" not in point:
            continue
        rec = named_record(source, f"{el.get('type', 'node')}/{el.get('id')}", place_kind(tags),
                           (tags.get(k, "") for k in _NAME_KEYS), point["lat"], point["lon"])
        if rec:
            rows.append(rec)
    return pd.DataFrame(rows)


def _read_poi_csv(path: Path) -> pd.DataFrame:
    df = read_csv(path)
    rows = [
        named_record("osm_poi", f"node/{r['id']}", poi_kind(r["type"]),
                     (r.get(k, "") for k in _NAME_KEYS), r["lat"], r["long"])
        for r in df.to_dict("records")
    ]
    return pd.DataFrame([r for r in rows if r])


def read_folder(folder: Path) -> SourceData:
    """The 2017 POI CSV: one record per named node."""
    frames = [_read_poi_csv(p) for p in sorted(folder.glob("*.csv"))]
    return _source_data(folder, frames, "syria-poi.csv")


def read_overpass_folder(folder: Path) -> SourceData:
    """Overpass JSON files (`syrmap data fetch`): places and POIs, one record per named OSM object."""
    return _source_data(folder, [read_overpass(p, "osm_overpass") for p in sorted(folder.glob("*.json"))],
                        "Overpass *.json")


def _source_data(folder: Path, frames: list[pd.DataFrame], expected: str) -> SourceData:
    frames = [f for f in frames if len(f)]
    if not frames:
        raise SourceError(f"no named OpenStreetMap object in {folder} (expected {expected})")
    df = pd.concat(frames, ignore_index=True).drop_duplicates("source_id")
    return SourceData(places=records(df))
