"""Synthetic ACLED and UCDP GED exports, built here from a few real Syrian places.

The column layouts are the published ones (ACLED's 31 standard columns; UCDP GED's columns); the rows
are invented: real town names written the way each dataset writes them, approximate coordinates, and
event types in ACLED's vocabulary and UCDP's type_of_violence codes. Nothing is copied from an eval file.
"""

from __future__ import annotations

import pandas as pd

ACLED_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
    "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude",
    "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
]
UCDP_COLUMNS = [
    "id", "relid", "year", "active_year", "code_status", "type_of_violence", "conflict_dset_id",
    "conflict_new_id", "conflict_name", "dyad_dset_id", "dyad_new_id", "dyad_name", "side_a_dset_id",
    "side_a_new_id", "side_a", "side_b_dset_id", "side_b_new_id", "side_b", "number_of_sources",
    "source_article", "source_office", "source_date", "source_headline", "source_original", "where_prec",
    "where_coordinates", "where_description", "adm_1", "adm_2", "latitude", "longitude", "geom_wkt",
    "priogrid_gid", "country", "country_id", "region", "event_clarity", "date_prec", "date_start",
    "date_end", "deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown", "best", "high", "low",
    "gwnoa", "gwnob",
]
# (ACLED location, admin1, admin2, admin3, UCDP where_coordinates, UCDP adm_2, lat, lon)
PLACES = [
    ("Kafr Nabl", "Idleb", "Maarrat An Nu'man", "Kafr Nobol", "Kafr Nabl village", "Maarrat an Nu'man district",
     35.614, 36.564),
    ("Khan Shaykhun", "Idleb", "Maarrat An Nu'man", "Khan Shaykhun", "Khan Shaykhun town",
     "Maarrat an Nu'man district", 35.442, 36.651),
    ("Saraqab", "Idleb", "Idleb", "Saraqab", "Saraqib town", "Idlib district", 35.864, 36.800),
    ("Ariha", "Idleb", "Ariha", "Ariha", "Ariha town", "Ariha district", 35.813, 36.609),
    ("Jisr Ash-Shugur", "Idleb", "Jisr Ash-Shugur", "Jisr Ash-Shugur", "Jisr al-Shughur town",
     "Jisr al-Shughur district", 35.811, 36.319),
    ("Kafr Zeita", "Hama", "Hama", "Kafr Zeita", "Kafr Zita town", "Hama district", 35.374, 36.604),
]
ACLED_TYPES = [
    ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    ("Explosions/Remote violence", "Air/drone strike"),
    ("Battles", "Armed clash"),
    ("Violence against civilians", "Attack"),
    ("Protests", "Peaceful protest"),
    ("Strategic developments", "Looting/property destruction"),
]


def acled_export(rows: int = 60) -> pd.DataFrame:
    """An ACLED export as ACLED writes it (all 31 columns, text cells), one row per (place, type) in turn."""
    out = []
    for i in range(rows):
        loc, a1, a2, a3, *_, lat, lon = PLACES[i % len(PLACES)]
        etype, sub = ACLED_TYPES[(i // len(PLACES)) % len(ACLED_TYPES)]
        row = dict.fromkeys(ACLED_COLUMNS, "")
        row.update(event_id_cnty=f"SYR{100000 + i}", event_date=f"2019-05-{1 + i % 28:02d}", year="2019",
                   time_precision="1", disorder_type="Political violence", event_type=etype,
                   sub_event_type=sub, actor1="Military Forces of Syria (2000-2024)", inter1="1",
                   iso="760", region="Middle East", country="Syria", admin1=a1, admin2=a2, admin3=a3,
                   location=loc, latitude=f"{lat:.4f}", longitude=f"{lon:.4f}", geo_precision="1",
                   source="SOHR", source_scale="National", notes=f"On {i} May, shelling hit {loc}.",
                   fatalities=str(i % 4), timestamp="1560000000")
        out.append(row)
    return pd.DataFrame(out, columns=ACLED_COLUMNS)


def ucdp_export(rows: int = 30) -> pd.DataFrame:
    """A UCDP GED export (its columns), Syrian events with UCDP's place strings and type codes 1-3."""
    out = []
    for i in range(rows):
        _, a1, _, _, where, adm2, lat, lon = PLACES[i % len(PLACES)]
        row = dict.fromkeys(UCDP_COLUMNS, "")
        row.update(id=str(400000 + i), year="2019", type_of_violence=str(1 + i % 3), where_prec="1",
                   where_coordinates=where, adm_1=f"{'Idlib' if a1 == 'Idleb' else a1} governorate",
                   adm_2=adm2, latitude=f"{lat:.6f}", longitude=f"{lon:.6f}",
                   geom_wkt=f"POINT ({lon:.6f} {lat:.6f})", country="Syria", country_id="652",
                   region="Middle East", date_start=f"2019-06-{1 + i % 28:02d} 00:00:00.000",
                   date_end=f"2019-06-{1 + i % 28:02d} 00:00:00.000", side_a="Government of Syria",
                   side_b="Syrian insurgents", best=str(i % 5), high=str(i % 5), low="0",
                   source_headline=f"Clashes near {where}")
        out.append(row)
    return pd.DataFrame(out, columns=UCDP_COLUMNS)
