"""What an importer returns: point records in one shape, plus areas and outlines for polygon sources."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from gazetteer.exc import SourceError

__all__ = ["Source", "SourceData", "RECORD_COLUMNS", "records", "read_csv", "require"]

# One row per place as a source describes it; `alt_names` is a list of extra spellings (any script).
RECORD_COLUMNS = (
    "source", "source_id", "kind", "name", "name_ar", "alt_names", "lat", "lon", "population",
    "adm1_pcode", "adm2_pcode", "geonames_id", "link_key",
)


@dataclass
class SourceData:
    """Everything one source folder contributes to the build."""

    places: pd.DataFrame | None = None  # RECORD_COLUMNS
    admin_units: pd.DataFrame | None = None  # pcode, level, name, name_ar, alt_names, lat, lon, population, ...
    areas: Any = None  # GeoDataFrame: pcode, level, name, name_ar, adm1_pcode, adm2_pcode, geometry
    outline: Any = None  # shapely geometry of the country
    admin1_codes: dict[str, str] = field(default_factory=dict)  # GeoNames admin1 code -> name


@dataclass(frozen=True)
class Source:
    """A registered importer: which folder it reads, how, and whom to credit."""

    folder: str
    read: Callable[[Path], SourceData]
    licence: str
    attribution: str
    files: tuple[str, ...]


def records(df: pd.DataFrame) -> pd.DataFrame:
    """Complete a frame to RECORD_COLUMNS (missing columns filled), with numeric coordinates."""
    for col in RECORD_COLUMNS:
        if col not in df.columns:
            df[col] = [[] for _ in range(len(df))] if col == "alt_names" else ""
    df = df.loc[:, list(RECORD_COLUMNS)].copy()
    df["lat"] = pd.to_numeric(df["lat"], errors="coerce")
    df["lon"] = pd.to_numeric(df["lon"], errors="coerce")
    df["population"] = pd.to_numeric(df["population"], errors="coerce").fillna(0).astype("int64")
    for col in ("source_id", "name", "name_ar", "adm1_pcode", "adm2_pcode", "geonames_id", "link_key"):
        df[col] = df[col].fillna("").astype(str).str.strip()
    return df.dropna(subset=["lat", "lon"]).reset_index(drop=True)


def require(folder: Path, name: str) -> Path:
    """The path of a file the importer needs, or a SourceError naming it."""
    path = folder / name
    if not path.is_file():
        raise SourceError(f"missing source file {path}")
    return path


def read_csv(path: Path, **kwargs: Any) -> pd.DataFrame:
    """Read a source CSV as text, turning parse failures into a SourceError naming the file."""
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, **kwargs)
    except (ValueError, UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise SourceError(f"cannot read {path}: {exc}") from exc


def split_list(value: str, sep: str = "|") -> list[str]:
    """Split a packed list cell, dropping blanks."""
    return [v.strip() for v in str(value).split(sep) if v and v.strip()]
