"""Table geocoding and report parsing on Dask: the single-process code, run once per partition.

Each partition goes through the very code the single-process path uses (the geocoder behind
`geo.geocode_table`, kept per worker so distinct names are resolved once per worker as `geocode_file`
resolves them once per run; `geo.report.parse_table`), so answers are identical row for row. The
gazetteer is never shipped in the task graph: partition functions carry only column names and the
cache/data directories as plain strings, and each worker process loads the index itself, once
(``gazetteer.load`` memoises it per process; `WarmGazetteer` loads it when a worker starts).

Reading (`read_dask`) gives one partition per CSV file and one per group of Parquet row groups,
each knowing its file, so a bad file is named in the error. Writing (`geocode_dataset`,
`parse_dataset`) streams partitions straight into a Parquet dataset; nothing computes the whole
table. dask is imported only here, and only when used.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from gazetteer.exc import InputError, SyrmapError

__all__ = [
    "DatasetSummary", "WarmGazetteer", "dask_client", "geocode_dask", "geocode_dataset", "is_dask_frame",
    "parse_dask", "parse_dataset", "read_dask",
]

_TABLE_SUFFIXES = (".parquet", ".pq", ".csv", ".tsv", ".txt", ".tab")
_ROWS_PER_PARTITION = 200_000
_UNRESOLVED = ("no_match", "outside_syria")
_SOURCE_COLUMN = "__syrmap_source__"


def is_dask_frame(obj: object) -> bool:
    """True for a dask (or dask-geopandas) DataFrame; never imports dask when nothing else has."""
    if "dask.dataframe" not in sys.modules:
        return False
    import dask.dataframe as dd

    return isinstance(obj, dd.DataFrame)


# --------------------------------------------------------------------------- the index on workers


def use_gazetteer(cache_dir: str | None = None, data_dir: str | None = None, *, names: bool = False) -> None:
    """Point this process at a cache/data dir (when given) and load the index, once per process.

    ``names`` also loads the report parser's name automaton. The resolver reads the default
    location from SYRMAP_CACHE/SYRMAP_DATA, so given directories are set there for this process.
    """
    import gazetteer

    if cache_dir:
        os.environ["SYRMAP_CACHE"] = cache_dir
    if data_dir:
        os.environ["SYRMAP_DATA"] = data_dir
    gz = gazetteer.load()
    if names:
        from geo.mentions import name_index

        name_index(gz)


def _stale(cache_dir: str | None, data_dir: str | None) -> bool:
    """True when the gazetteer cache must be (re)built before use; checked without loading it."""
    from gazetteer import paths
    from gazetteer.cache_state import needs_rebuild
    from gazetteer.exc import SourceError

    try:
        return needs_rebuild(paths.cache_dir(cache_dir), paths.data_dir(data_dir))
    except SourceError:
        return False  # no sources here: the workers use the built cache as it is, or say it is missing


class WarmGazetteer:
    """A distributed worker plugin that loads the gazetteer when a worker starts (or joins later)."""

    name = "syrmap-gazetteer"

    def __init__(self, cache_dir: str | None = None, data_dir: str | None = None, *, names: bool = False):
        self.cache_dir, self.data_dir, self.names = cache_dir, data_dir, names

    async def setup(self, worker: Any) -> None:
        """Load off the event loop: a first build of the index can take minutes, heartbeats must go on."""
        import asyncio

        await asyncio.get_running_loop().run_in_executor(
            None, lambda: use_gazetteer(self.cache_dir, self.data_dir, names=self.names))

    def teardown(self, worker: Any) -> None:
        """Nothing to release: the index lives as long as the worker process."""

    def transition(self, key: Any, start: str, finish: str, **kwargs: Any) -> None:
        """Not used."""


def _plugin(warm: WarmGazetteer) -> Any:
    # distributed checks plugins by type, so the class is made a WorkerPlugin only when distributed is in use.
    from distributed import WorkerPlugin

    cls = type("WarmGazetteerPlugin", (WarmGazetteer, WorkerPlugin), {})
    return cls(warm.cache_dir, warm.data_dir, names=warm.names)


@contextlib.contextmanager
def dask_client(scheduler: str | None = None, workers: int | None = None, *, warm: WarmGazetteer | None = None,
                client: Any = None) -> Iterator[Any]:
    """A distributed Client: ``client`` itself if given, else one to ``scheduler``, else a loopback-only
    LocalCluster of ``workers`` single-threaded processes (default: one per core), closed at the end.
    ``warm`` is registered as a worker plugin."""
    import logging

    from distributed import Client, LocalCluster

    if client is not None:
        if warm is not None:
            client.register_plugin(_plugin(warm))
        yield client
        return
    cluster = None
    try:
        if scheduler:
            try:
                client = Client(scheduler, timeout="20s")
            except (OSError, TimeoutError, ValueError) as exc:
                raise InputError(f"cannot reach the Dask scheduler at {scheduler} ({exc})") from None
        else:
            if workers is not None and workers < 1:
                raise InputError(f"--workers must be at least 1, not {workers}")
            if warm is not None and _stale(warm.cache_dir, warm.data_dir):
                # Same machine: build the index here first, so the workers never race to build it.
                use_gazetteer(warm.cache_dir, warm.data_dir)
            cluster = LocalCluster(n_workers=workers or os.cpu_count() or 1, threads_per_worker=1,
                                   processes=True, host="127.0.0.1", dashboard_address=None,
                                   silence_logs=logging.CRITICAL)
            client = Client(cluster)
        with client:
            if warm is not None:
                client.register_plugin(_plugin(warm))
            yield client
    finally:
        if cluster is not None:
            cluster.close()


# --------------------------------------------------------------------------- reading


@dataclass(frozen=True)
class _Piece:
    """One partition to read: a file, and for Parquet which row groups; ``first_row`` counts from 1."""

    path: str
    fmt: str
    first_row: int = 1
    row_groups: tuple[int, ...] | None = None


def _files(inputs: str | os.PathLike[str] | Sequence[str | os.PathLike[str]]) -> list[Path]:
    """Table files of directories (recursively), globs and plain paths, in a stable order."""
    items = [inputs] if isinstance(inputs, (str, os.PathLike)) else list(inputs)
    out: list[Path] = []
    for item in items:
        text = str(item)
        path = Path(text).expanduser()
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in _TABLE_SUFFIXES
                           and not any(part.startswith((".", "_")) for part in p.relative_to(path).parts))
            if not found:
                raise InputError(f"{path}: no .parquet or .csv files in this directory")
        elif glob.has_magic(text):
            found = sorted(Path(p) for p in glob.glob(os.path.expanduser(text), recursive=True)
                           if Path(p).is_file())
            if not found:
                raise InputError(f"{text}: no files match this pattern")
        elif path.is_file():
            found = [path]
        else:
            raise InputError(f"{path}: no such file or directory")
        out.extend(found)
    return out


def _fmt(path: Path) -> str:
    return "parquet" if path.suffix.lower() in (".parquet", ".pq") else "csv"


def _pieces(files: list[Path], rows: int) -> list[_Piece]:
    """Partitions of at most about ``rows`` rows: whole row groups of Parquet files, whole CSV files."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    pieces = []
    for path in files:
        if _fmt(path) != "parquet":
            pieces.append(_Piece(str(path), "csv"))
            continue
        try:
            meta = pq.ParquetFile(path).metadata
        except (pa.ArrowException, OSError) as exc:
            raise InputError(f"{path}: not a readable Parquet file ({str(exc).splitlines()[0]})") from None
        groups: list[int] = []
        first, count = 1, 0
        for g in range(meta.num_row_groups):
            if groups and count + meta.row_group(g).num_rows > rows:
                pieces.append(_Piece(str(path), "parquet", first, tuple(groups)))
                first, groups, count = first + count, [], 0
            groups.append(g)
            count += meta.row_group(g).num_rows
        pieces.append(_Piece(str(path), "parquet", first, tuple(groups)))
    return pieces


def _read_piece(piece: _Piece, *, expect: list[str] | None = None, dtypes: Mapping[str, Any] | None = None,
                encoding: str | None = None, source_column: str | None = None) -> pd.DataFrame:
    """Read one partition exactly as the single-process reader would, checked against the first file."""
    from geo.table_io import read_table

    if piece.fmt == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        from geo.table_io import _nullable  # the same Arrow→pandas mapping the single-process reader uses

        try:
            frame = pq.ParquetFile(piece.path).read_row_groups(list(piece.row_groups or ())).to_pandas(
                types_mapper=_nullable)
        except (pa.ArrowException, OSError) as exc:
            raise InputError(f"{piece.path}: not a readable Parquet file ({str(exc).splitlines()[0]})") from None
    else:
        frame = read_table(piece.path, encoding=encoding)
    if expect is not None and [str(c) for c in frame.columns] != expect:
        missing = [c for c in expect if c not in frame.columns]
        extra = [str(c) for c in frame.columns if str(c) not in expect]
        detail = "; ".join(x for x in (f"missing {missing}" if missing else "",
                                       f"extra {extra}" if extra else "") if x) or "in another order"
        raise InputError(f"{piece.path}: its columns differ from the first file's ({detail})")
    if dtypes is not None:
        differ = {c: t for c, t in dtypes.items() if frame[c].dtype != t}
        try:
            frame = frame.astype(differ) if differ else frame
        except (TypeError, ValueError) as exc:
            raise InputError(f"{piece.path}: column types differ from the first file's ({exc})") from None
    if source_column:
        name = Path(piece.path).name
        frame[source_column] = [f"{name}:{i}" for i in range(piece.first_row, piece.first_row + len(frame))]
    frame.index = pd.RangeIndex(piece.first_row - 1, piece.first_row - 1 + len(frame))
    return frame


def read_dask(inputs: str | os.PathLike[str] | Sequence[str | os.PathLike[str]], *, encoding: str | None = None,
              rows_per_partition: int = _ROWS_PER_PARTITION, source_column: str | None = None) -> Any:
    """A lazy dask DataFrame of table files (a directory, glob or list of .parquet/.csv files).

    Cells are read as the single-process reader reads them (CSV as text). Every file must have the
    first file's columns. ``source_column`` adds a column ``"<file name>:<row>"`` (rows from 1).
    """
    import dask
    import dask.dataframe as dd

    from geo.table_io import iter_table

    pieces = _pieces(_files(inputs), rows_per_partition)
    first = pieces[0]
    meta = next(iter_table(first.path, encoding=encoding, chunk_rows=1)).iloc[:0]
    columns, dtypes = [str(c) for c in meta.columns], meta.dtypes.to_dict()
    if source_column:
        meta[source_column] = pd.Series(dtype="str")
    # dask would turn text columns into its own string dtype (missing values NA instead of NaN); user
    # columns keep the dtypes the single-process reader gives them.
    with dask.config.set({"dataframe.convert-string": False}):
        return dd.from_map(_read_piece, pieces, meta=meta, label="syrmap-read", enforce_metadata=False,
                           expect=columns, dtypes=dtypes, encoding=encoding, source_column=source_column)


# --------------------------------------------------------------------------- lazy geocoding and parsing


def _geocoder(column: str, admin_columns: dict[int, str | None], suffix: str | None,
              coords: tuple[str, str] | None) -> Any:
    """Per worker thread and plan, one geocoder kept on the worker's gazetteer, so the memo of distinct
    (place, hints) keys is shared by all the partitions a worker handles, as `geocode_file` shares it
    across chunks (10,000 distinct names cost 10,000 resolutions per worker, not per partition)."""
    import gazetteer
    from geo.columns import ColumnPlan
    from geo.geocode import _Geocoder  # the single-process engine itself, kept alive between partitions

    gz = gazetteer.load()
    geocoders = gz.cached("dask_geocoders", lambda _: {})
    key = (threading.get_ident(), column, tuple(sorted(admin_columns.items())), suffix, coords)
    if key not in geocoders:
        plan = ColumnPlan(place=column, admin={lvl: c for lvl, c in admin_columns.items() if c}, coords=coords)
        geocoders[key] = _Geocoder(plan, suffix=suffix, progress=None, gazetteer=gz)
    return geocoders[key]


def _geocode_partition(part: pd.DataFrame, *, column: str, admin_columns: dict[int, str | None],
                       suffix: str | None, coords: tuple[str, str] | None, geometry: bool,
                       cache_dir: str | None, data_dir: str | None,
                       partition_info: dict[str, Any] | None = None) -> pd.DataFrame:
    use_gazetteer(cache_dir, data_dir)
    try:
        missing = [c for c in (column, *admin_columns.values()) if c and c not in part.columns]
        if missing:  # a frame whose partitions disagree on columns
            raise InputError(f"no column {missing[0]!r}; columns are: {', '.join(map(str, part.columns))}")
        return _geocoder(column, admin_columns, suffix, coords).run(part, geometry=geometry)
    except InputError as exc:
        number = (partition_info or {}).get("number", "?")
        raise InputError(f"partition {number}: {exc}") from None


def geocode_dask(ddf: Any, *, column: str | None = None, admin_columns: Mapping[int, str | None] | None = None,
                 suffix: str | None = None, geometry: bool = True, cache_dir: str | os.PathLike[str] | None = None,
                 data_dir: str | os.PathLike[str] | None = None) -> Any:
    """Geocode a dask (or dask-geopandas) DataFrame lazily: each partition as `geo.geocode_table` does it.

    Columns are chosen once from the frame's columns, so every partition uses the same ones.
    ``geometry`` adds the geocoded point (a dask-geopandas frame) unless the input has its own;
    ``cache_dir``/``data_dir`` tell the workers where the gazetteer is (default: their own settings).
    """
    from geo.columns import detect_columns
    from geo.geocode import geocode_table, table_suffix

    plan = detect_columns(ddf.columns, column=column, admin_columns=admin_columns)
    admin = {lvl: plan.admin.get(lvl) for lvl in (1, 2, 3)}
    suffix = table_suffix(ddf.columns, suffix)  # one suffix for every partition
    # The schema comes from the single-process function itself, run on the empty frame (no resolving).
    meta = geocode_table(ddf._meta, column=plan.place, admin_columns=admin, suffix=suffix, geometry=geometry)
    if geometry:
        import dask_geopandas  # noqa: F401  (registers GeoDataFrame partitions with dask)
    return ddf.map_partitions(
        _geocode_partition, column=plan.place, admin_columns=admin, suffix=suffix, coords=plan.coords,
        geometry=geometry,
        cache_dir=str(cache_dir) if cache_dir else None, data_dir=str(data_dir) if data_dir else None,
        meta=meta, align_dataframes=False)


def _parse_partition(part: pd.DataFrame, *, text_column: str, source_column: str | None, date: Any,
                     lang: str | None, cache_dir: str | None, data_dir: str | None,
                     partition_info: dict[str, Any] | None = None) -> Any:
    from geo.report import incidents_of, parse_table

    use_gazetteer(cache_dir, data_dir, names=True)
    number = (partition_info or {}).get("number", 0)
    sources = (part[source_column].tolist() if source_column
               else [f"{number}:{i}" for i in range(1, len(part) + 1)])
    return incidents_of(parse_table(part, text_column=text_column, sources=sources, date=date, lang=lang))


def parse_dask(ddf: Any, *, text_column: str, date: Any = None, lang: str | None = None,
               source_column: str | None = None, cache_dir: str | os.PathLike[str] | None = None,
               data_dir: str | os.PathLike[str] | None = None) -> Any:
    """Geoparse a text column of a dask DataFrame lazily: a dask-geopandas frame of incidents.

    Rows are parsed as `geo.parse_reports` parses a table (``date`` for all, else a ``date``
    column). Each incident's ``source`` is the row's ``source_column`` value, else
    ``"<partition>:<row>"``.
    """
    import dask_geopandas  # noqa: F401  (registers GeoDataFrame partitions with dask)

    from geo.report import incidents_of

    for name, what in ((text_column, "text"), (source_column, "source")):
        if name is not None and name not in ddf.columns:
            cols = ", ".join(str(c) for c in ddf.columns if c != _SOURCE_COLUMN)
            raise InputError(f"no {what} column {name!r}; columns are: {cols}")
    return ddf.map_partitions(
        _parse_partition, text_column=text_column, source_column=source_column, date=date, lang=lang,
        cache_dir=str(cache_dir) if cache_dir else None, data_dir=str(data_dir) if data_dir else None,
        meta=incidents_of([]), align_dataframes=False)


# --------------------------------------------------------------------------- datasets in, datasets out


@dataclass
class DatasetSummary:
    """What a Dask run wrote: rows, partitions, status counts and the time taken."""

    output: Path
    what: str = "rows"
    rows: int = 0
    partitions: int = 0
    statuses: dict[str, int] | None = None
    admin_fallback: int = 0
    unresolved: dict[str, int] | None = None
    seconds: float = 0.0

    @property
    def failed(self) -> int:
        """Rows whose non-empty place text was not found in Syria (no_match or outside_syria)."""
        return sum((self.unresolved or {}).values())

    def lines(self, top: int = 10) -> list[str]:
        """The summary as short lines for stderr."""
        line = f"{self.rows} {self.what} in {self.partitions} partitions -> {self.output} in {self.seconds:.1f} s"
        if self.statuses is not None:
            counts = ", ".join(f"{s} {self.statuses.get(s, 0)}" for s in
                               ("resolved", "ambiguous", "no_match", "outside_syria", "empty"))
            line += f": {counts}; {self.admin_fallback} placed at an admin-unit centroid"
        out = [line]
        if self.unresolved:
            ranked = sorted(self.unresolved.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
            out.append("top unresolved: " + ", ".join(f"{name!r} x{n}" for name, n in ranked))
        return out


def _output_dir(output: str | os.PathLike[str], *, force: bool) -> Path:
    """The output directory, checked before any work starts."""
    if str(output) in ("", "-"):
        raise InputError("the Dask engine writes a Parquet dataset directory; pass -o DIRECTORY")
    out = Path(output).expanduser()
    if out.exists() and not force:
        raise InputError(f"{out} exists; use --force to overwrite it")
    if out.is_dir() and not _is_parquet_dataset(out):
        # --force replaces an earlier output, never a folder of the user's other files.
        raise InputError(f"{out} is a folder with files other than a Parquet dataset; syrmap will not replace it")
    if not out.parent.is_dir():
        raise InputError(f"{out.parent}: no such directory")
    return out


def _is_parquet_dataset(folder: Path) -> bool:
    """Whether a folder holds only what a Parquet dataset writer leaves: part files and metadata files."""
    return all(p.is_file() and (p.suffix == ".parquet" or p.name in ("_metadata", "_common_metadata"))
               for p in folder.iterdir())


@contextlib.contextmanager
def _atomic_dir(output: str | os.PathLike[str], *, force: bool) -> Iterator[Path]:
    """A temp directory beside ``output`` that replaces it only when the block succeeds."""
    out = _output_dir(output, force=force)
    tmp = out.parent / f".{out.name}.tmp-{uuid.uuid4().hex[:8]}"
    try:
        yield tmp
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    old = None
    if out.exists():
        old = out.parent / f".{out.name}.old-{uuid.uuid4().hex[:8]}"
        os.replace(out, old)
    os.replace(tmp, out)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True) if old.is_dir() else old.unlink()


def _run(client: Any, collections: list[Any], show_progress: bool) -> list[Any]:
    """Compute collections together on the cluster (shared partitions computed once), with a progress bar."""
    futures = client.compute(collections)
    if show_progress:
        from distributed import progress

        # distributed draws its text bar on stdout; stdout may be data, so it goes to stderr.
        with contextlib.redirect_stdout(sys.stderr):
            progress(futures)
    try:
        return client.gather(futures)
    except SyrmapError:
        raise
    except Exception as exc:  # a worker died or a partition failed outside our checks: still one line
        raise InputError(f"the Dask run failed: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
                         ) from None


def geocode_dataset(
    inputs: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
    output: str | os.PathLike[str],
    *,
    column: str | None = None,
    admin_columns: Mapping[int, str | None] | None = None,
    encoding: str | None = None,
    suffix: str | None = None,
    force: bool = False,
    scheduler: str | None = None,
    workers: int | None = None,
    rows_per_partition: int = _ROWS_PER_PARTITION,
    show_progress: bool = False,
    log: Callable[[str], None] | None = None,
    client: Any = None,
) -> DatasetSummary:
    """Geocode Parquet/CSV files into a partitioned Parquet dataset directory on Dask.

    Partitions stream from the input files through the workers into ``output`` (written to a temp
    directory, renamed into place); rows keep their order within each partition. ``client``: run on
    this distributed Client instead of ``scheduler``/a new local cluster. Returns the summary.
    """
    from geo.columns import detect_columns
    from geo.geocode import table_suffix

    started = time.perf_counter()
    _output_dir(output, force=force)
    ddf = read_dask(inputs, encoding=encoding, rows_per_partition=rows_per_partition)
    plan = detect_columns(ddf.columns, column=column, admin_columns=admin_columns)
    if log:
        log(plan.describe())
    admin = {lvl: plan.admin.get(lvl) for lvl in (1, 2, 3)}
    suffix = table_suffix(ddf.columns, suffix)
    out = geocode_dask(ddf, column=plan.place, admin_columns=admin, suffix=suffix, geometry=False)
    status, method = f"geo_status{suffix or ''}", f"geo_method{suffix or ''}"
    with _atomic_dir(output, force=force) as tmp, \
            dask_client(scheduler, workers, warm=WarmGazetteer(), client=client) as client:
        write = out.to_parquet(tmp, write_index=False, compute=False)
        counts = out[status].value_counts()
        fallback = (out[method] == "admin_unit").sum()
        unresolved = out[plan.place][out[status].isin(list(_UNRESOLVED))].value_counts()
        _, counts, fallback, unresolved = _run(client, [write, counts, fallback, unresolved], show_progress)
    statuses = {str(k): int(v) for k, v in counts.items()}
    return DatasetSummary(Path(output), rows=sum(statuses.values()), partitions=out.npartitions,
                          statuses=statuses, admin_fallback=int(fallback),
                          unresolved={str(k): int(v) for k, v in unresolved.items()},
                          seconds=time.perf_counter() - started)


def parse_dataset(
    inputs: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
    output: str | os.PathLike[str],
    *,
    text_column: str | None,
    date: Any = None,
    lang: str | None = None,
    encoding: str | None = None,
    force: bool = False,
    scheduler: str | None = None,
    workers: int | None = None,
    rows_per_partition: int = _ROWS_PER_PARTITION,
    show_progress: bool = False,
    client: Any = None,
) -> DatasetSummary:
    """Geoparse the text column of Parquet/CSV report tables into a GeoParquet dataset of incidents on Dask.

    Incident ``source`` labels are ``"<file name>:<row>"`` as in `geo.parse_reports`.
    """
    if not text_column:
        raise InputError("the Dask engine reads report tables; pass --text-column")
    started = time.perf_counter()
    _output_dir(output, force=force)
    ddf = read_dask(inputs, encoding=encoding, rows_per_partition=rows_per_partition, source_column=_SOURCE_COLUMN)
    out = parse_dask(ddf, text_column=text_column, date=date, lang=lang, source_column=_SOURCE_COLUMN)
    with _atomic_dir(output, force=force) as tmp, \
            dask_client(scheduler, workers, warm=WarmGazetteer(names=True), client=client) as client:
        write = out.to_parquet(tmp, write_index=False, compute=False)
        rows = out.map_partitions(len, meta=(None, "int64")).sum()
        _, rows = _run(client, [write, rows], show_progress)
    return DatasetSummary(Path(output), what="incidents", rows=int(rows), partitions=out.npartitions,
                          seconds=time.perf_counter() - started)
