"""OpenStreetMap populated places (HOTOSM export): villages, hamlets, towns with Arabic and English names."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from gazetteer.sources.base import SourceData, read_csv, records, require

# OSM `place=*` values and what we call them; a hamlet is a village for every purpose a query has.
_KIND_BY_PLACE = {"city": "city", "town": "town", "village": "village", "hamlet": "village",
                  "isolated_dwelling": "village", "suburb": "neighbourhood", "neighbourhood": "neighbourhood"}


def read_folder(folder: Path) -> SourceData:
    """One record per OSM object; the OCHA governorate/district codes matched upstream come along.

    The community name (adm4_name) the upstream matching attached is not kept: it names the OCHA community
    the point was matched to, which is sometimes a neighbour, not another spelling of this place.
    """
    df = read_csv(require(folder, "osm_populated_places_SY.csv")).drop_duplicates("hot_id")
    alt = [
        list(dict.fromkeys(n for n in (latin, match) if n and n != en))
        for en, latin, match in zip(df["hot_name_en"], df["hot_name_latin"], df["hot_matching_name"])
    ]
    out = pd.DataFrame({
        "source": "osm",
        "source_id": df["hot_id"].values,
        "kind": df["hot_place"].map(_KIND_BY_PLACE).fillna("village").values,
        "name": df["hot_name_en"].where(df["hot_name_en"] != "", df["hot_name_latin"]).values,
        "name_ar": df["hot_name"].values,
        "alt_names": alt,
        "lat": df["lat"].values,
        "lon": df["lon"].values,
        "adm1_pcode": df["adm1_pcode"].values,
        "adm2_pcode": df["adm2_pcode"].values,
    })
    out = records(out)
    return SourceData(places=out[(out["name"] != "") | (out["name_ar"] != "")].reset_index(drop=True))
