"""Who's On First Syria: localities (mostly GeoNames points) with Arabic and English variants."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from gazetteer.sources.base import SourceData, read_csv, records, require, split_list

_KINDS = {"locality": "village", "neighbourhood": "neighbourhood", "campus": "landmark"}
_FCODE_KINDS = {"PPLC": "city", "PPLA": "city", "PPLA2": "town", "PPLA3": "town"}


def read_folder(folder: Path) -> SourceData:
    """Localities, neighbourhoods and campuses from the flat WOF export (deprecated records skipped)."""
    df = read_csv(require(folder, "wof_admin_sy_places.csv"))
    df = df[df["placetype"].isin(_KINDS) & (df["deprecated"] == "")]
    population = pd.to_numeric(df["population"], errors="coerce").fillna(0)
    kind = [
        _FCODE_KINDS.get(code)
        or ("city" if pop >= 50_000 else "town" if pop >= 5_000 else _KINDS[ptype])
        for code, pop, ptype in zip(df["gn_fcode"], population, df["placetype"])
    ]
    alt = [
        [n for n in (eng, *split_list(eng_var), *split_list(ara_pref)[1:], *split_list(ara_var)) if n]
        for eng, eng_var, ara_pref, ara_var in zip(
            df["name_eng_preferred"], df["name_eng_variant"], df["name_ara_preferred"], df["name_ara_variant"]
        )
    ]
    name_ar = [
        (split_list(pref) or split_list(var) or [""])[0]
        for pref, var in zip(df["name_ara_preferred"], df["name_ara_variant"])
    ]
    out = pd.DataFrame({
        "source": "whosonfirst",
        "source_id": df["wof_id"].values,
        "kind": kind,
        "name": df["name"].values,
        "name_ar": name_ar,
        "alt_names": alt,
        "lat": df["lat"].values,
        "lon": df["lon"].values,
        "population": population.values,
        "geonames_id": df["geonames_id"].values,
    })
    return SourceData(places=records(out))
