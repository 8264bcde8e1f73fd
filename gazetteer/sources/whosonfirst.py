"""Who's On First Syria: localities (mostly GeoNames points) with every Arabic and Latin-script name.

Reads the upstream format: GeoJSON records, either one per file as in the WOF repository
(``data/**/*.geojson``, what `syrmap data fetch` downloads) or one per line in a gzip'd
``*.geojsonl.gz`` bundle. All ``name:*`` properties in Arabic or Latin script are kept (GeoNames
alternate names arrive as ``name:und_x_variant``), which is most of the spelling variety we match on.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd

from gazetteer.exc import SourceError
from gazetteer.normalize import script_of
from gazetteer.sources.base import SourceData, records

_KINDS = {"locality": "village", "neighbourhood": "neighbourhood", "campus": "landmark"}
_FCODE_KINDS = {"PPLC": "city", "PPLA": "city", "PPLA2": "town", "PPLA3": "town"}


def _features(folder: Path) -> Iterator[dict[str, Any]]:
    bundles = sorted(folder.glob("*.geojsonl.gz"))
    files = sorted(folder.rglob("*.geojson"))
    if not bundles and not files:
        raise SourceError(f"missing source file: no *.geojsonl.gz or data/**/*.geojson in {folder}")
    for path in bundles:
        line_no = 0
        try:
            with gzip.open(path, "rt", encoding="utf-8") as fh:
                for line in fh:
                    line_no += 1
                    if line.strip():
                        yield json.loads(line)
        except (OSError, EOFError, ValueError) as exc:
            raise SourceError(f"cannot read {path} (line {line_no}): {exc}") from exc
    for path in files:
        if "-alt-" in path.name:
            continue  # alternate geometries of a record already read
        try:
            yield json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise SourceError(f"cannot read {path}: {exc}") from exc


def _names(props: dict[str, Any]) -> tuple[str, list[str]]:
    """The Arabic name, and every other Arabic/Latin name (preferred forms first)."""
    arabic = props.get("name:ara_x_preferred") or props.get("name:ara_x_variant") or [""]
    found: list[str] = [props.get("wof:name", ""), props.get("gn:name", ""), props.get("gn:asciiname", "")]
    keys = sorted(k for k in props if k.startswith("name:"))
    for key in sorted(keys, key=lambda k: (not k.startswith(("name:eng", "name:ara")), k)):
        values = props[key] if isinstance(props[key], list) else [props[key]]
        found.extend(v for v in values if isinstance(v, str) and script_of(v) in ("ar", "latn"))
    return arabic[0], [n for n in dict.fromkeys(found) if n]


# A lone lowercase letter after a word: an apostrophe or ayin turned into a space ("Dar a" for Dar'a).
_DAMAGED = re.compile(r"(?<=\w) [a-z](?: |$)")


def _display_name(props: dict[str, Any]) -> str:
    """wof:name, unless it is damaged ("Dar a") and the record has a preferred English name ("Daraa")."""
    name = props.get("wof:name", "")
    preferred = (props.get("name:eng_x_preferred") or [""])[0]
    return preferred if preferred and _DAMAGED.search(name) else name


def read_folder(folder: Path) -> SourceData:
    """Localities, neighbourhoods and campuses; deprecated and superseded records are skipped."""
    rows = []
    for feature in _features(folder):
        props = feature.get("properties", {})
        placetype = props.get("wof:placetype")
        if placetype not in _KINDS or props.get("edtf:deprecated") or props.get("wof:superseded_by"):
            continue
        population = props.get("gn:population") or props.get("wof:population") or 0
        fcode = props.get("gn:feature_code") or props.get("gn:fcode") or ""
        kind = _FCODE_KINDS.get(fcode) or (
            "city" if population >= 50_000 else "town" if population >= 5_000 else _KINDS[placetype]
        )
        name_ar, names = _names(props)
        geonames_id = props.get("wof:concordances", {}).get("gn:id") or props.get("gn:geonameid") or ""
        rows.append({
            "source": "whosonfirst",
            "source_id": str(props.get("wof:id", "")),
            "kind": kind,
            "name": _display_name(props),
            "name_ar": name_ar,
            "alt_names": names,
            "lat": props.get("geom:latitude"),
            "lon": props.get("geom:longitude"),
            "population": population,
            "geonames_id": str(geonames_id) if geonames_id else "",
        })
    if not rows:
        raise SourceError(f"no Who's On First localities found in {folder}")
    return SourceData(places=records(pd.DataFrame(rows)))
