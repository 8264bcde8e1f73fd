"""The loaded gazetteer: places, names and blocking keys as arrays, built once and memoised per process."""

from __future__ import annotations

import json
import os
import sys
import threading
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow.parquet as pq

from gazetteer import paths
from gazetteer.exc import CacheError, SourceError
from gazetteer.integrity import check_stamps
from gazetteer.keys import KeyIndex

__all__ = ["Gazetteer", "load", "clear_memo"]

# Columns each cache table must have (a table with others is from another build or damaged).
_PLACES = ("place_id", "kind", "name", "name_ar", "lat", "lon", "population", "adm1_pcode", "adm2_pcode",
           "adm3_pcode", "sources")
_NAMES = ("place", "name", "script", "norm", "vkey", "skel")
_KEYS = ("key", "start", "stop")

_MEMO: dict[tuple[str, str], Gazetteer] = {}
_DEFAULT: dict[tuple[str | None, str | None], Gazetteer] = {}
_LOCK = threading.Lock()


class Gazetteer:
    """Places (one row each), their names, and the key index used to find candidates."""

    def __init__(self, cache_dir: Path) -> None:
        self.cache_dir = cache_dir
        try:
            self.manifest: dict[str, Any] = json.loads((cache_dir / "manifest.json").read_text(encoding="utf-8"))
            check_stamps(cache_dir, self.manifest.get("cache_files") or {})
            self.places: pd.DataFrame = _read(cache_dir / "places.parquet", _PLACES).to_pandas()
            self.names: pd.DataFrame = _read(cache_dir / "names.parquet", _NAMES).to_pandas()
            keys = _read(cache_dir / "keys.parquet", _KEYS)
            key_rows = np.load(cache_dir / "key_rows.npy", mmap_mode="r")
            _check_shapes(self.places, self.names, keys, key_rows)
        except CacheError:
            raise
        except (OSError, ValueError, AttributeError) as exc:  # AttributeError: a manifest that is not an object
            raise CacheError(f"the gazetteer cache in {cache_dir} is unreadable ({str(exc).splitlines()[0]})") from exc
        self.keys = KeyIndex(keys.column("key").to_numpy(zero_copy_only=False), keys.column("start").to_numpy(),
                             keys.column("stop").to_numpy(), key_rows)
        # Plain arrays: the resolver's inner loop must not touch pandas.
        self.name_place = self.names["place"].to_numpy()
        self.name_text = self.names["name"].to_numpy()
        self.name_script = self.names["script"].to_numpy()
        self.name_norm = self.names["norm"].to_numpy()
        self.name_vkey = self.names["vkey"].to_numpy()
        self.name_skel = self.names["skel"].to_numpy()  # "|"-joined; split only for rows a query meets
        p = self.places
        self.lat, self.lon = p["lat"].to_numpy(), p["lon"].to_numpy()
        self.kind = p["kind"].to_numpy()
        self.population = p["population"].to_numpy()
        self.n_sources = p["sources"].str.count(r"\|").to_numpy() + 1
        self.curated = p["sources"].str.contains("catalogue", regex=False).to_numpy()
        self.adm = {lvl: p[f"adm{lvl}_pcode"].to_numpy() for lvl in (1, 2, 3)}
        self.place_index = pd.Index(p["place_id"])

    @cached_property
    def manifest_hash(self) -> str:
        """A stable digest of what the index was built from (sources, project data, schema)."""
        import hashlib

        key = json.dumps({k: self.manifest.get(k) for k in ("schema", "files", "project_data")}, sort_keys=True)
        return hashlib.sha256(key.encode()).hexdigest()[:16]

    @cached_property
    def records(self) -> list[dict[str, Any]]:
        """Places as plain dicts (row number → fields), for building results without pandas per query."""
        return self.places.to_dict("records")

    def row(self, place_id: str) -> int:
        """Row number of a place id, or a LookupError-style CacheError."""
        try:
            return int(self.place_index.get_loc(place_id))
        except KeyError:
            raise CacheError(f"unknown place id {place_id!r}") from None

    @cached_property
    def areas(self):
        """Admin and region polygons (GeoDataFrame: place_id, pcode, level, name, name_ar, …, geometry)."""
        import geopandas as gpd

        return gpd.read_parquet(self.cache_dir / "areas.parquet")

    @cached_property
    def regions(self):
        """The region catalogue as built (GeoDataFrame: place_id, kind, names, area_km2, line, geometry, …)."""
        import geopandas as gpd

        return gpd.read_parquet(self.cache_dir / "regions.parquet")

    @cached_property
    def admin_areas(self):
        """Governorate (1), district (2) and sub-district (3) polygons."""
        areas = self.areas
        return areas[areas["level"] > 0].reset_index(drop=True)

    @cached_property
    def outline(self):
        """Syria's outline (shapely geometry)."""
        import shapely

        return shapely.from_wkb((self.cache_dir / "outline.wkb").read_bytes())

    @cached_property
    def _area_by_place(self) -> dict[str, Any]:
        return dict(zip(self.areas["place_id"], self.areas.geometry))

    @cached_property
    def _admin_buffers(self) -> dict[str, Any]:
        import shapely

        admin = self.admin_areas
        # ~10 km in degrees at Syria's latitude; only used to forgive border disagreements.
        buffered = shapely.buffer(admin.geometry.values, 0.1)
        shapely.prepare(buffered)
        return dict(zip(admin["pcode"], buffered))

    def near_admin(self, pcodes: frozenset[str], lat: float, lon: float) -> bool:
        """True when the point lies within about 10 km of one of these admin units."""
        import shapely

        buffers = self._admin_buffers
        return any(shapely.contains_xy(buffers[c], lon, lat) for c in pcodes if c in buffers)

    def geometry(self, place_id: str):
        """The polygon of an area place (admin unit, region), else None."""
        return self._area_by_place.get(place_id)


def _read(path: Path, columns: tuple[str, ...]) -> Any:
    table = pq.read_table(path)
    missing = [c for c in columns if c not in table.column_names]
    if missing:
        raise CacheError(f"{path} lacks the column(s) {', '.join(missing)}")
    return table


def _check_shapes(places: pd.DataFrame, names: pd.DataFrame, keys: Any, key_rows: np.ndarray) -> None:
    """The tables fit together: every key slice and name row points inside its table, coordinates are real."""
    import pyarrow.compute as pc

    if key_rows.ndim != 1 or (len(keys) and pc.max(keys.column("stop")).as_py() > len(key_rows)):
        raise CacheError("key_rows.npy does not match keys.parquet")
    if len(key_rows) and (int(key_rows.max()) >= len(names) or int(key_rows.min()) < 0):
        raise CacheError("key_rows.npy points outside names.parquet")
    if len(names) and (int(names["place"].max()) >= len(places) or int(names["place"].min()) < 0):
        raise CacheError("names.parquet points outside places.parquet")
    lat, lon = places["lat"].to_numpy(dtype=float), places["lon"].to_numpy(dtype=float)
    if not (np.isfinite(lat).all() and np.isfinite(lon).all() and (np.abs(lat) <= 90).all()
            and (np.abs(lon) <= 180).all()):
        raise CacheError("places.parquet holds coordinates out of range")


def _rebuild_note(cache: Path, exc: CacheError) -> None:
    # The library's one voice on stderr: a rebuild takes a while and the user should know why.
    print(f"syrmap: note: {exc}; rebuilding the gazetteer cache", file=sys.stderr)


def load(
    cache_dir: str | os.PathLike[str] | None = None,
    source: str | os.PathLike[str] | None = None,
    *,
    rebuild: bool = False,
) -> Gazetteer:
    """The gazetteer, building it first when the cache is missing or its sources changed."""
    from gazetteer.build import build, build_lock, needs_rebuild

    # Called once per resolve: the default gazetteer must be found without touching the disk.
    fast_key = (os.environ.get("SYRMAP_CACHE"), os.environ.get("SYRMAP_DATA"))
    if cache_dir is None and source is None and not rebuild and fast_key in _DEFAULT:
        return _DEFAULT[fast_key]
    cache, src = paths.cache_dir(cache_dir), paths.data_dir(source)
    key = (str(cache), str(src))
    with _LOCK:
        if not rebuild and key in _MEMO:
            return _MEMO[key]
        # Other processes (CLI runs, Dask workers) may load the same cache: one builds, the rest wait.
        with build_lock(cache):
            try:
                stale = needs_rebuild(cache, src)
            except SourceError:
                if (cache / "manifest.json").is_file():
                    stale = False  # sources gone but a built index is here: use it
                else:
                    raise
            if rebuild or stale:
                build(src, cache)
            try:
                gz = Gazetteer(cache)
            except CacheError as exc:
                if not src.is_dir():
                    raise CacheError(f"{exc}; the raw data to rebuild it is not in {src}: set SYRMAP_DATA or "
                                     "pass --source, then run `syrmap data build`") from None
                _rebuild_note(cache, exc)
                build(src, cache)  # a damaged cache is rebuilt once from the sources
                gz = Gazetteer(cache)
        _MEMO[key] = gz
        if cache_dir is None and source is None:
            _DEFAULT[fast_key] = gz
        return gz


def clear_memo() -> None:
    """Forget loaded gazetteers (tests that rebuild use it)."""
    with _LOCK:
        _MEMO.clear()
        _DEFAULT.clear()
