"""The cache's plain tables (places, names, keys) as Arrow IPC files.

Parquet decodes its pages on every read (~170 ms for the three tables); an uncompressed Arrow IPC file is
the in-memory layout itself, so loading is a read of the bytes (~5 ms) — the bulk of a one-name
`syrmap resolve`. The files are larger (~26 MB against ~8 MB), which a cache can afford. Polygons stay in
GeoParquet (`areas.parquet`, `regions.parquet`), read only when a caller wants shapes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.ipc as ipc

from gazetteer.exc import CacheError

__all__ = ["write_frame", "read_table"]


def write_frame(path: Path, frame: Any) -> None:
    """Write a pandas frame (no index) as one Arrow IPC file."""
    table = pa.Table.from_pandas(frame, preserve_index=False).combine_chunks()
    with pa.OSFile(str(path), "wb") as sink, ipc.new_file(sink, table.schema) as writer:
        writer.write_table(table)


def read_table(path: Path, columns: tuple[str, ...]) -> pa.Table:
    """The table in `path`, which must hold at least `columns` (a table with others is from another build).

    Read into memory rather than memory-mapped: a mapped file would keep its old bytes alive and, on
    Windows, block the rebuild that replaces it.
    """
    with pa.OSFile(str(path)) as source:
        table = ipc.open_file(source).read_all()
    missing = [c for c in columns if c not in table.column_names]
    if missing:
        raise CacheError(f"{path} lacks the column(s) {', '.join(missing)}")
    return table
