"""The loaded gazetteer: places, names and blocking keys as arrays, built once and memoised per process."""

from __future__ import annotations

import json
import os
import sys
import threading
from collections.abc import Mapping
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from gazetteer import paths
from gazetteer.exc import CacheError, SourceError
from gazetteer.integrity import check_stamps
from gazetteer.keys import KeyIndex
from gazetteer.protocol import Derived
from gazetteer.tables import read_table

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Gazetteer", "load", "clear_memo"]

# Columns each cache table must have (a table with others is from another build or damaged).
_PLACES = ("place_id", "kind", "name", "name_ar", "lat", "lon", "population", "adm1_pcode", "adm2_pcode",
           "adm3_pcode", "sources")
_NAMES = ("place", "name", "script", "norm", "vkey", "skel")
_KEYS = ("key", "start", "stop")

# Record sources that merge into a place without being independent evidence that it exists under that name:
# the HOTOSM export holds only OSM points that were matched to an OCHA community upstream (agreement by
# construction), and a shrine or ruin beside a village attests the shrine. They do not add to `n_sources`.
NOT_ATTESTING = frozenset({"osm", "osm_poi"})

_MEMO: dict[tuple[str, str], Gazetteer] = {}
_DEFAULT: dict[tuple[str | None, str | None], Gazetteer] = {}
_LOCK = threading.Lock()


class Gazetteer(Derived):
    """Places (one row each), their names, and the key index used to find candidates.

    It is the `gazetteer.protocol.GazetteerLike` that `geo` and `maps` take as ``gazetteer=``; what they
    derive from it (admin and region indexes, the name automaton, memos) is kept on it by `cached`.
    """

    def __init__(self, cache_dir: Path) -> None:
        self.cache_dir = cache_dir
        try:
            self.manifest: dict[str, Any] = json.loads((cache_dir / "manifest.json").read_text(encoding="utf-8"))
            check_stamps(cache_dir, self.manifest.get("cache_files") or {})
            places = read_table(cache_dir / "places.arrow", _PLACES)
            names = read_table(cache_dir / "names.arrow", _NAMES)
            keys = read_table(cache_dir / "keys.arrow", _KEYS)
            key_rows = np.load(cache_dir / "key_rows.npy")  # in memory: the hot path reads it per query
            # Plain arrays straight from Arrow: the resolver's inner loop, and a one-name lookup, never need pandas.
            self.name_place = _column(names, "place")
            self.lat, self.lon = _column(places, "lat"), _column(places, "lon")
            key_start, key_stop = _column(keys, "start"), _column(keys, "stop")
            _check_shapes(len(places), self.name_place, key_stop, key_rows, self.lat, self.lon)
        except CacheError:
            raise
        except (OSError, ValueError, AttributeError) as exc:  # AttributeError: a manifest that is not an object
            raise CacheError(f"the gazetteer cache in {cache_dir} is unreadable ({str(exc).splitlines()[0]})") from exc
        self._tables = {"places": places, "names": names}
        self.keys = KeyIndex(keys.column("key").combine_chunks(), key_start, key_stop, key_rows)
        # Name strings become Python objects only for the rows a query meets (a one-name lookup meets a few
        # hundred of ~100k), the whole column once a batch has asked for a good share of it.
        self.name_text = _Strings(names.column("name"))
        self.name_script = _Strings(names.column("script"))
        self.name_norm = _Strings(names.column("norm"))
        self.name_vkey = _Strings(names.column("vkey"))
        self.name_skel = _Strings(names.column("skel"))  # "|"-joined; split only for rows a query meets
        self.kind = _column(places, "kind")
        self.population = _column(places, "population")
        self.n_sources, self.curated = _attestation(_column(places, "sources"))
        self.adm = {lvl: _column(places, f"adm{lvl}_pcode") for lvl in (1, 2, 3)}
        self._skeleton_rows_served = 0

    @cached_property
    def places(self) -> pd.DataFrame:
        """One row per place (a frame for the callers that want one; the resolver reads the arrays)."""
        return self._tables["places"].to_pandas()

    @cached_property
    def names(self) -> pd.DataFrame:
        """Every spelling: place row, name, script, norm, vkey, skel."""
        return self._tables["names"].to_pandas()

    # Name rows skeleton_rows serves one by one before every name's skeletons are split once up front
    # (~60 ms): a one-name lookup splits only the few hundred rows it meets, a batch everything once.
    SPLIT_SKELETONS_AFTER_ROWS = 5_000

    @cached_property
    def _skeletons(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        flat, start = _split_skeletons(self.name_skel)
        return flat, start, np.diff(np.append(start, len(flat)))

    def resolve(self, text: object, **options: Any) -> Any:
        """`gazetteer.resolve` against this gazetteer."""
        from gazetteer.resolve import resolve

        return resolve(text, gazetteer=self, **options)

    def match_many(self, texts: Any, **options: Any) -> list[Any]:
        """`gazetteer.match_many` against this gazetteer."""
        from gazetteer.batch import match_many

        return match_many(texts, gazetteer=self, **options)

    def warm_up(self) -> Gazetteer:
        """Build now what a long run builds on the way (the key hash table, every name's skeletons split,
        the name columns and place records as Python objects, each place's result fields): a server or
        worker pays it before its first request instead of during it, and a benchmark measures the steady
        state."""
        from gazetteer.resolve import warm_up as warm_resolver

        self.keys.warm_up()
        self._skeletons  # noqa: B018 - cached properties: reading them is the work
        for column in (self.name_text, self.name_script, self.name_norm, self.name_vkey, self.name_skel):
            column.warm_up()
        self.records.warm_up()
        warm_resolver(self)
        return self

    def skeleton_rows(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The skeletons of these name rows, flat, and where each row's run of them starts."""
        if "_skeletons" not in self.__dict__:
            self._skeleton_rows_served += len(rows)
            if self._skeleton_rows_served <= self.SPLIT_SKELETONS_AFTER_ROWS:
                return _split_skeletons(self.name_skel[rows])
        flat, start, count = self._skeletons
        counts = count[rows]
        starts = np.cumsum(counts) - counts
        # Row i's run is flat[start[i] : start[i] + count[i]], laid end to end.
        at = np.arange(int(counts.sum())) - np.repeat(starts - start[rows], counts)
        return flat[at], starts

    @cached_property
    def manifest_hash(self) -> str:
        """A stable digest of what the index was built from (sources, project data, schema)."""
        import hashlib

        key = json.dumps({k: self.manifest.get(k) for k in ("schema", "files", "project_data")}, sort_keys=True)
        return hashlib.sha256(key.encode()).hexdigest()[:16]

    @cached_property
    def records(self) -> _Records:
        """Places as plain dicts (row number → fields), for building results without pandas per query."""
        return _Records(self._tables["places"])

    @cached_property
    def _row_of(self) -> dict[str, int]:
        return {pid: i for i, pid in enumerate(self._tables["places"].column("place_id").to_pylist())}

    def row(self, place_id: str) -> int:
        """Row number of a place id, or a LookupError-style CacheError."""
        try:
            return self._row_of[place_id]
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

    def near_admin(self, pcodes: frozenset[str], lat: Any, lon: Any) -> Any:
        """True when the point lies within about 10 km of one of these admin units; for arrays of
        coordinates, an array of such answers (one test per unit for all points)."""
        import shapely

        buffers = self._admin_buffers
        near = np.zeros(np.shape(lat), dtype=bool)
        for code in pcodes:
            if code in buffers:
                near |= shapely.contains_xy(buffers[code], lon, lat)
        return near if near.ndim else bool(near)

    @cached_property
    def _admin_locator(self) -> Any:
        from gazetteer.geography import AdminLocator

        return AdminLocator.of_areas(self.admin_areas)

    def admin_of(self, lat: float, lon: float) -> dict[str, str]:
        """adm1-adm3 P-codes and names of a point by the build's rule (`gazetteer.geography`); {} outside."""
        locator = self._admin_locator
        hit, _ = locator.locate([lat], [lon])
        if hit[0] < 0:
            return {}
        unit = locator.units[hit[0]]
        return {f"adm{k}_{f}": unit[f"adm{k}_{f}"] for k in (1, 2, 3) for f in ("pcode", "name")}

    def geometry(self, place_id: str):
        """The polygon of an area place (admin unit, region), else None."""
        return self._area_by_place.get(place_id)


class _Records:
    """``records[i]``: place row i as a mapping of plain values (field name -> value), made on first use
    (a whole-table to_dict costs ~1 s, which a one-name `syrmap resolve` would pay for one row)."""

    # Rows read one by one from Arrow (~40 µs each) before all columns are turned into lists at once (~30 ms).
    LISTS_AFTER = 500

    def __init__(self, places: Any) -> None:  # a pyarrow Table
        self._table = places
        self._read: dict[int, dict[str, Any]] = {}

    def __len__(self) -> int:
        return self._table.num_rows

    @cached_property
    def _columns(self) -> dict[str, list[Any]]:
        return {c: self._table.column(c).to_pylist() for c in self._table.column_names}

    def warm_up(self) -> None:
        self._columns  # noqa: B018

    def fields(self, i: int, names: tuple[str, ...]) -> dict[str, Any]:
        """These fields of row i as a dict (from the column lists directly once they exist)."""
        if "_columns" in self.__dict__:
            columns = self._columns
            return {name: columns[name][i] for name in names}
        row = self[i]
        return {name: row[name] for name in names}

    def __getitem__(self, i: int) -> Mapping[str, Any]:
        if "_columns" in self.__dict__ or len(self._read) >= self.LISTS_AFTER:
            return _Row(self._columns, i)  # a view: a batch reads a few fields of thousands of places
        row = self._read.get(i)
        if row is None:
            row = self._read[i] = self._table.slice(i, 1).to_pylist()[0]
        return row


class _Row(Mapping):
    """One place row of `_Records`, read from its column lists on access."""

    __slots__ = ("_columns", "_i")

    def __init__(self, columns: dict[str, list[Any]], i: int) -> None:
        self._columns, self._i = columns, i

    def __getitem__(self, field: str) -> Any:
        return self._columns[field][self._i]

    def __iter__(self):
        return iter(self._columns)

    def __len__(self) -> int:
        return len(self._columns)


class _Strings:
    """A string column of an Arrow table, indexed like a NumPy object array (``col[rows]``, ``col[i]``).

    Making ~100k Python strings costs ~10 ms a column; a one-name lookup needs a few hundred rows of five
    columns. Rows are decoded from Arrow's buffers as they are asked for, until a quarter of the column
    has been: then the whole column is converted once and served from that.
    """

    def __init__(self, column: Any) -> None:  # a pyarrow (Chunked)Array of (large_)string
        self._arrow = column.combine_chunks() if hasattr(column, "combine_chunks") else column
        self._served = 0

    def __len__(self) -> int:
        return len(self._arrow)

    @cached_property
    def _full(self) -> np.ndarray:
        return np.array(self._arrow.to_pylist(), dtype=object)

    def warm_up(self) -> None:
        self._full  # noqa: B018

    @cached_property
    def _buffers(self) -> tuple[np.ndarray, bytes]:
        import pyarrow.types as pat

        col = self._arrow
        if col.null_count:
            raise CacheError("a name column of the gazetteer cache holds missing values")
        dtype = np.int64 if pat.is_large_string(col.type) else np.int32
        offsets = np.frombuffer(col.buffers()[1], dtype=dtype)[col.offset:col.offset + len(col) + 1]
        return offsets, col.buffers()[2].to_pybytes()

    def __getitem__(self, at: Any) -> Any:
        if "_full" in self.__dict__:
            return self._full[at]
        if isinstance(at, (int, np.integer)):  # from the buffers: an Arrow scalar costs ~15 µs, this ~1 µs
            offsets, data = self._buffers
            at = int(at) + (len(self) if at < 0 else 0)
            return data[offsets[at]:offsets[at + 1]].decode()
        rows = np.asarray(at)
        if rows.dtype.kind not in "iu":
            rows = np.arange(len(self))[at]  # a mask or a slice as row numbers
        self._served += len(rows)
        if self._served > len(self) // 4:
            return self._full[rows]
        offsets, data = self._buffers
        return np.array([data[i:j].decode() for i, j in zip(offsets[rows].tolist(), offsets[rows + 1].tolist())],
                        dtype=object)

    def __iter__(self):
        return iter(self._full)

    # Elementwise, as on the object array it stands for (the default would compare identities: one bool).
    def __eq__(self, other: object) -> Any:  # type: ignore[override]
        return self._full == other

    def __ne__(self, other: object) -> Any:  # type: ignore[override]
        return self._full != other

    __hash__ = None  # type: ignore[assignment]

    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
        return self._full if dtype is None else self._full.astype(dtype)

    def tolist(self) -> list[str]:
        return self._full.tolist()


def _split_skeletons(joined: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """"|"-joined skeleton lists, flat, with where each list starts."""
    lists = [s.split("|") for s in joined.tolist()]
    counts = np.fromiter((len(x) for x in lists), dtype=np.int64, count=len(lists))
    return np.array([s for x in lists for s in x], dtype=object), np.cumsum(counts) - counts


def _column(table: Any, name: str) -> np.ndarray:
    """One Arrow column as a NumPy array (strings as Python str objects, as pandas gives them).

    Arrow's own ``to_numpy`` imports pandas (~0.3 s), which a one-name lookup must not pay: numbers are
    read from the column's data buffer, strings through a list.
    """
    import pyarrow.types as pat

    column = table.column(name).combine_chunks()
    if pat.is_string(column.type) or pat.is_large_string(column.type):
        return np.array(column.to_pylist(), dtype=object)
    if (pat.is_integer(column.type) or pat.is_floating(column.type)) and not column.null_count:
        dtype = np.dtype(column.type.to_pandas_dtype())
        return np.frombuffer(column.buffers()[1], dtype=dtype, count=len(column) + column.offset)[column.offset:]
    return column.to_numpy(zero_copy_only=False)


def _attestation(sources: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per place: how many independent sources attest it (at least 1), and whether a curated catalogue does.

    `sources` holds each place's "|"-joined source list. Plain Python on purpose: Arrow's compute
    kernels import pandas, and this loop over ~14k places costs a few milliseconds.
    """
    n_sources = np.fromiter((max(1, len(parts) - len(NOT_ATTESTING.intersection(parts)))
                             for parts in (s.split("|") for s in sources)), dtype=np.int64, count=len(sources))
    curated = np.fromiter(("catalogue" in s for s in sources), dtype=bool, count=len(sources))
    return n_sources, curated


def _check_shapes(n_places: int, name_place: np.ndarray, key_stop: np.ndarray, key_rows: np.ndarray,
                  lat: np.ndarray, lon: np.ndarray) -> None:
    """The tables fit together: every key slice and name row points inside its table, coordinates are real."""
    if key_rows.ndim != 1 or (len(key_stop) and int(key_stop.max()) > len(key_rows)):
        raise CacheError("key_rows.npy does not match keys.arrow")
    if len(key_rows) and (int(key_rows.max()) >= len(name_place) or int(key_rows.min()) < 0):
        raise CacheError("key_rows.npy points outside names.arrow")
    if len(name_place) and (int(name_place.max()) >= n_places or int(name_place.min()) < 0):
        raise CacheError("names.arrow points outside places.arrow")
    lat, lon = lat.astype(float, copy=False), lon.astype(float, copy=False)
    if not (np.isfinite(lat).all() and np.isfinite(lon).all() and (np.abs(lat) <= 90).all()
            and (np.abs(lon) <= 180).all()):
        raise CacheError("places.arrow holds coordinates out of range")


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
    from gazetteer.cache_state import build_lock, needs_rebuild

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
                _build_noisily(src, cache, "rebuilding" if (cache / "manifest.json").is_file() else "building")
            try:
                gz = Gazetteer(cache)
            except CacheError as exc:
                if not src.is_dir():
                    raise CacheError(f"{exc}; the raw data to rebuild it is not in {src}: set SYRMAP_DATA or "
                                     "pass --source, then run `syrmap data build`") from None
                from gazetteer.build import build

                _rebuild_note(cache, exc)
                build(src, cache)  # a damaged cache is rebuilt once from the sources
                gz = Gazetteer(cache)
        _MEMO[key] = gz
        if cache_dir is None and source is None:
            _DEFAULT[fast_key] = gz
        return gz


def _build_noisily(src: Path, cache: Path, verb: str) -> None:
    """Build the index, saying so on stderr: the first run on a machine spends up to a minute here."""
    import sys
    import time

    from gazetteer.build import build

    # Say nothing before the build can start: a refused cache path or missing raw data is one line alone.
    paths.check_cache_dir(cache)
    if not src.is_dir():
        build(src, cache)  # raises the one-line error naming the missing data directory
    started = time.perf_counter()
    print(f"syrmap: {verb} the gazetteer from {src} into {cache} (once; up to a minute) ...",
          file=sys.stderr, flush=True)
    report = build(src, cache)
    print(f"syrmap: gazetteer built: {report.places:,} places, {report.names:,} names in "
          f"{time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)


def clear_memo() -> None:
    """Forget loaded gazetteers (tests that rebuild use it)."""
    with _LOCK:
        _MEMO.clear()
        _DEFAULT.clear()
