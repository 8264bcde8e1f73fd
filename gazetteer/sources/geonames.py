"""GeoNames: the 19-column dump format (cities500 extracts, or the full SY.txt) and admin code lists.

Populated places (feature class P) are settlements. The full dump also lists hills, wadis, wells, farms,
ruins, oil fields, bases and camps: those whose feature code has a row in ``gazetteer/data/poi_kinds.csv``
("geonames:HLL" -> hill) come in with that kind; other codes (hotels, roads, admin units) are left out.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from gazetteer.exc import SourceError
from gazetteer.kinds import poi_kind
from gazetteer.normalize import script_of
from gazetteer.sources.base import SourceData, read_csv, records

GEONAMES_COLUMNS = (
    "geonameid", "name", "asciiname", "alternatenames", "latitude", "longitude", "feature_class",
    "feature_code", "country_code", "cc2", "admin1", "admin2", "admin3", "admin4", "population",
    "elevation", "dem", "timezone", "modified",
)

# GeoNames feature codes of populated places and what we call them.
_KIND_BY_FCODE = {"PPLC": "city", "PPLA": "city", "PPLA2": "town", "PPLA3": "town", "PPLX": "neighbourhood"}


def read_dump(path: Path) -> pd.DataFrame:
    """Read a GeoNames 19-column TSV (no header); keep Syrian populated places and the features we have a kind for."""
    try:
        df = pd.read_csv(path, sep="\t", header=None, names=GEONAMES_COLUMNS, dtype=str,
                         keep_default_na=False, quoting=3, encoding="utf-8")
    except (ValueError, UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise SourceError(f"cannot read GeoNames file {path}: {exc}") from exc
    if df.empty or df["latitude"].eq("").all():
        raise SourceError(f"{path} is not a GeoNames 19-column file")
    wanted = (df["feature_class"] == "P") | df["feature_code"].map(lambda c: bool(poi_kind(f"geonames:{c}", "")))
    return df[(df["country_code"] == "SY") & wanted]


def dump_records(df: pd.DataFrame, source: str) -> pd.DataFrame:
    """GeoNames rows as place records; Arabic alternate names become name_ar."""
    alts = df["alternatenames"].str.split(",")
    name_ar = [next((a for a in names if script_of(a) == "ar"), "") for names in alts]
    population = pd.to_numeric(df["population"], errors="coerce").fillna(0)
    kind = [
        poi_kind(f"geonames:{code}") if fclass != "P" else
        _KIND_BY_FCODE.get(code) or ("city" if pop >= 50_000 else "town" if pop >= 5_000 else "village")
        for fclass, code, pop in zip(df["feature_class"], df["feature_code"], population)
    ]
    out = pd.DataFrame({
        "source": source,
        "source_id": df["geonameid"].values,
        "kind": kind,
        "name": df["asciiname"].where(df["asciiname"] != "", df["name"]).values,
        "name_ar": name_ar,
        "alt_names": [[df_name, *a] for df_name, a in zip(df["name"], alts)],
        "lat": df["latitude"].values,
        "lon": df["longitude"].values,
        "population": population.values,
        "geonames_admin1": df["admin1"].values,
        "geonames_id": df["geonameid"].values,
    })
    return out


def read_folder(folder: Path) -> SourceData:
    """Every 19-column .txt in the folder (cities500 extract or a full country dump)."""
    files = sorted(p for p in folder.glob("*.txt") if p.name.lower() not in {"readme.txt"})
    files = [p for p in files if not p.name.startswith(("admin1Codes", "admin2Codes"))]
    if not files:
        raise SourceError(f"no GeoNames .txt dump in {folder}")
    frames = [dump_records(read_dump(p), "geonames") for p in files]
    df = pd.concat(frames, ignore_index=True).drop_duplicates("source_id")
    return SourceData(places=_with_admin1(df))


def _with_admin1(df: pd.DataFrame) -> pd.DataFrame:
    from gazetteer.codes import geonames_admin1_to_pcode

    df = df.copy()
    df["adm1_pcode"] = [geonames_admin1_to_pcode(code) for code in df.pop("geonames_admin1")]
    return records(df)


def read_admin_codes(folder: Path) -> SourceData:
    """GeoNames admin1/admin2 code lists (CSV extracts or the upstream admin1CodesASCII.txt)."""
    codes: dict[str, str] = {}
    csv = folder / "admin1_codes_SY.csv"
    if csv.is_file():
        for row in read_csv(csv).itertuples():
            codes[row.code] = row.name
    else:
        txt = folder / "admin1CodesASCII.txt"
        if not txt.is_file():
            raise SourceError(f"no GeoNames admin1 code list in {folder}")
        for line in txt.read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if len(parts) >= 2 and parts[0].startswith("SY."):
                codes[parts[0]] = parts[1]
    if not codes:
        raise SourceError(f"GeoNames admin1 code list in {folder} is empty")
    return SourceData(admin1_codes=codes)
