"""Read and write event tables in the formats analysts hold them, without changing a single value.

Reading: CSV/TSV (delimiter sniffed, quoted fields and embedded newlines), XLSX, Parquet,
GeoJSON/GeoPackage, a path, bytes, a file object or ``-`` (stdin). CSV cells are read as text
exactly as written — ``"007"``, ``""`` and ``"NA"`` stay strings — so a CSV round trip keeps every
original column byte for byte. The text encoding is detected (UTF-8 with or without BOM, UTF-16,
Windows-1256 Arabic, other legacy encodings) unless given.

Writing: the format follows the extension (``-`` is CSV on stdout); files are written to a temp
file in the same directory and renamed into place, and an existing file is kept unless ``force``.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import sys
import zipfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, Any

import numpy as np
import pandas as pd

from gazetteer.exc import InputError
from gazetteer.fileio import commit, temp_beside
from geo.table_cells import (
    XLSX_MAX_ROWS,
    CellReport,
    check_gpkg_columns,
    nested_as_json,
    spatial_text,
    xlsx_text,
    xlsx_unescape,
)
from geo.text_encoding import check_encoding, detect_encoding

__all__ = [
    "TableSource", "TableWriter", "detect_encoding", "has_utf8_bom", "iter_table", "read_table", "table_format",
    "write_table",
]

TableSource = str | os.PathLike | bytes | IO[bytes] | IO[str]

_EXTENSIONS = {
    ".csv": "csv", ".txt": "csv", ".tsv": "tsv", ".tab": "tsv", ".xlsx": "xlsx", ".xlsm": "xlsx",
    ".parquet": "parquet", ".pq": "parquet", ".geojson": "geojson", ".json": "geojson", ".gpkg": "gpkg",
}
_SPATIAL = ("geojson", "gpkg")
_SAMPLE = 1 << 20  # bytes looked at to guess the encoding and the delimiter
_DELIMITERS = (",", ";", "\t", "|")


# --------------------------------------------------------------------------- format and encoding


def table_format(path: str | os.PathLike[str], head: bytes = b"") -> str:
    """The table format of a path by extension, else by its first bytes (csv when in doubt)."""
    fmt = _EXTENSIONS.get(Path(str(path)).suffix.lower())
    if fmt:
        return fmt
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    if head.startswith(b"PAR1"):
        return "parquet"
    if head.startswith(b"SQLite format 3\x00"):
        return "gpkg"
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        return "geojson"
    return "csv"


def _sniff_delimiter(text: str) -> str:
    """The candidate delimiter that splits the first lines into the most, equally wide, fields."""
    cut = text.rfind("\n")
    text = text[: cut + 1] if cut > 0 else text
    best, best_score = ",", (False, 1)
    for cand in _DELIMITERS:
        try:
            reader = csv.reader(io.StringIO(text), delimiter=cand)
            rows = [r for r, _ in zip(reader, range(50), strict=False) if r]
        except csv.Error:
            continue
        if not rows:
            continue
        width = len(rows[0])
        score = (all(len(r) == width for r in rows), width)
        if width > 1 and score > best_score:
            best, best_score = cand, score
    return best


# --------------------------------------------------------------------------- reading


def _label(source: object) -> str:
    if isinstance(source, (str, os.PathLike)):
        return "stdin" if str(source) == "-" else str(source)
    return "the table"


def _binary(source: TableSource) -> tuple[IO[bytes] | Path, str]:
    """The source as a seekable binary stream or a file path, and its format."""
    if isinstance(source, (str, os.PathLike)) and str(source) != "-":
        path = Path(source).expanduser()
        if not path.is_file():
            raise InputError(f"{path}: no such file" if not path.exists() else f"{path}: not a file")
        with path.open("rb") as fh:
            head = fh.read(64)
        return path, table_format(path, head)
    if isinstance(source, (str, os.PathLike)):
        data = sys.stdin.buffer.read()
    elif isinstance(source, bytes):
        data = source
    elif isinstance(source, io.TextIOBase) or isinstance(getattr(source, "read", lambda: b"")(0), str):
        return io.BytesIO(source.read().encode("utf-8")), "csv"  # type: ignore[union-attr]
    else:
        data = source.read()  # type: ignore[union-attr]
    return io.BytesIO(data), table_format("", data[:64])


def _frame(rows: list[list[str]], header: list[str]) -> pd.DataFrame:
    """Rows of CSV text as a frame of str columns (the dtype pandas gives ``dtype=str``)."""
    columns = list(zip(*rows, strict=True)) if rows else [()] * len(header)
    return pd.DataFrame({i: pd.Series(col, dtype=str) for i, col in enumerate(columns)}).set_axis(
        pd.Index(header, dtype=object), axis=1
    )


def _check_header(header: Sequence[object], label: str) -> list[str]:
    names = ["" if h is None else str(h) for h in header]
    if not names:
        raise InputError(f"{label}: the table has no columns")
    seen: set[str] = set()
    dups = [n for n in names if n in seen or seen.add(n)]  # type: ignore[func-returns-value]
    if dups:
        raise InputError(f"{label}: column name {dups[0]!r} appears more than once; rename one")
    return names


def _iter_csv(raw: IO[bytes], *, label: str, fmt: str, encoding: str | None, delimiter: str | None,
              chunk_rows: int | None) -> Iterator[pd.DataFrame]:
    sample = raw.read(_SAMPLE)
    raw.seek(0)
    enc = check_encoding(encoding) if encoding else detect_encoding(sample)
    if enc in ("utf-8", "utf_8") and sample.startswith(codecs.BOM_UTF8):
        enc = "utf-8-sig"
    try:
        decoded = codecs.getincrementaldecoder(enc)(errors="replace").decode(sample, final=False)
    except UnicodeError as exc:  # UTF-16/32 without a BOM: the stream cannot be this encoding at all
        raise InputError(f"{label}: the text is not {enc} ({exc}); pass another --encoding") from None
    delim = delimiter or ("\t" if fmt == "tsv" else _sniff_delimiter(decoded))
    text = io.TextIOWrapper(raw, encoding=enc, errors="strict", newline="")
    reader = csv.reader(text, delimiter=delim, strict=True)
    try:
        header = next((row for row in reader if row), None)  # blank lines before the header are no rows
        if header is None:
            raise InputError(f"{label}: the table is empty (no header row)")
        header = _check_header(header, label)
        width, rows, blanks, yielded = len(header), [], 0, False
        for row in reader:
            if not row and width == 1:
                blanks += 1  # in a one-column table a blank line is a row with an empty cell ...
                continue
            if blanks:
                rows.extend([""] for _ in range(blanks))  # ... unless only blank lines follow it
                blanks = 0
            if len(row) != width:
                if not row:
                    continue  # a blank line is not a row
                raise InputError(
                    f"{label}: line {reader.line_num} has {len(row)} fields but the header has {width} "
                    f"(ragged row; a field containing {delim!r} must be quoted)"
                )
            rows.append(row)
            if chunk_rows and len(rows) >= chunk_rows:
                yield _frame(rows, header)
                rows, yielded = [], True
        if rows or not yielded:
            yield _frame(rows, header)  # a header with no rows is an empty table, not no table
    except csv.Error as exc:
        raise InputError(f"{label}: line {reader.line_num}: malformed CSV ({exc})") from None
    except UnicodeError:
        raise InputError(
            f"{label}: cannot decode the text as {enc} near line {reader.line_num + 1}; pass --encoding"
        ) from None
    finally:
        text.detach()


def _read_xlsx(src: IO[bytes] | Path, *, label: str, sheet: str | None) -> pd.DataFrame:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = openpyxl.load_workbook(src, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise InputError(f"{label}: not a readable XLSX workbook ({exc})") from None
    try:
        names = book.sheetnames
        if sheet is None:
            chosen = names[0]
        else:
            folded = [n for n in names if n.casefold() == str(sheet).casefold()]
            if not folded:
                raise InputError(f"{label}: no sheet {sheet!r}; sheets are: {', '.join(map(repr, names))}")
            chosen = folded[0]
        rows = [list(r) for r in book[chosen].iter_rows(values_only=True)]
    finally:
        book.close()
    while rows and all(v is None for v in rows[-1]):
        rows.pop()  # trailing blank rows are formatting, not data
    if not rows:
        raise InputError(f"{label}: sheet {chosen!r} is empty (no header row)")
    width = max(len(r) for r in rows)
    rows = [r + [None] * (width - len(r)) for r in rows]
    while width and all(r[width - 1] is None for r in rows):
        width -= 1  # so are trailing blank columns
    header = _check_header(rows[0][:width], label)
    body = [[xlsx_unescape(v) if isinstance(v, str) else v for v in r[:width]] for r in rows[1:]]
    frame = pd.DataFrame(body, columns=pd.Index(header, dtype=object), dtype=object)
    return frame.apply(_xlsx_column)


def _xlsx_column(col: pd.Series) -> pd.Series:
    """One dtype per column when every cell agrees (ints stay ints beside blanks); mixed stays object."""
    kinds = {type(v) for v in col if v is not None}
    if kinds == {int}:
        return col.astype("Int64")
    if kinds == {bool}:
        return col.astype("boolean")
    if kinds and kinds <= {float, int}:
        return col.astype(float)
    return col.infer_objects() if kinds and len(kinds) == 1 else col


def _nullable(arrow_type: Any) -> Any:
    """Integers and booleans become pandas nullable dtypes, so a missing value does not turn 3 into 3.0."""
    import pyarrow as pa

    if pa.types.is_integer(arrow_type):
        return pd.api.types.pandas_dtype(str(arrow_type).replace("int", "Int").replace("uInt", "UInt"))
    if pa.types.is_boolean(arrow_type):
        return pd.BooleanDtype()
    return None


def _iter_parquet(src: IO[bytes] | Path, *, label: str, chunk_rows: int | None) -> Iterator[pd.DataFrame]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        pfile = pq.ParquetFile(src)
        batches = pfile.iter_batches(batch_size=chunk_rows or 65_536)
        if not chunk_rows:
            whole = pa.Table.from_batches(list(batches), schema=pfile.schema_arrow)
            yield whole.to_pandas(types_mapper=_nullable)
            return
        empty = True
        for batch in batches:
            empty = False
            yield batch.to_pandas(types_mapper=_nullable)
        if empty:
            yield pfile.schema_arrow.empty_table().to_pandas(types_mapper=_nullable)
    except (pa.ArrowException, OSError) as exc:
        raise InputError(f"{label}: not a readable Parquet file ({str(exc).splitlines()[0]})") from None


def _read_spatial(src: IO[bytes] | Path, *, label: str, layer: str | None) -> pd.DataFrame:
    import geopandas as gpd
    import pyogrio.errors

    try:
        fields = pyogrio.read_info(src, layer=layer)["fields"] if isinstance(src, Path) else ()
        if "geometry" not in fields:
            return gpd.read_file(src, engine="pyogrio", layer=layer)
        # A text property called "geometry" would be overwritten by the shapes: those go to geo_geometry.
        props = pyogrio.read_dataframe(src, layer=layer, read_geometry=False)
        shapes = pyogrio.read_dataframe(src, layer=layer, columns=[])
        props["geo_geometry"] = gpd.GeoSeries(shapes.geometry.values, index=props.index, crs=shapes.crs)
        return gpd.GeoDataFrame(props, geometry="geo_geometry")
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError, pyogrio.errors.FieldError,
            pyogrio.errors.GeometryError, ValueError, OSError) as exc:
        raise InputError(f"{label}: not a readable GeoJSON/GeoPackage ({str(exc).splitlines()[0]})") from None


def iter_table(
    source: TableSource,
    *,
    sheet: str | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    chunk_rows: int | None = 100_000,
) -> Iterator[pd.DataFrame]:
    """Yield the table in chunks of at most ``chunk_rows`` rows (CSV and Parquet stream; others come whole).

    ``sheet`` picks an XLSX sheet or a GeoPackage layer. Raises InputError with one line on bad input.
    """
    label = _label(source)
    src, fmt = _binary(source)
    if fmt in ("csv", "tsv"):
        raw = src.open("rb") if isinstance(src, Path) else src
        try:
            yield from _iter_csv(raw, label=label, fmt=fmt, encoding=encoding, delimiter=delimiter,
                                 chunk_rows=chunk_rows)
        finally:
            raw.close()
    elif fmt == "parquet":
        yield from _iter_parquet(src, label=label, chunk_rows=chunk_rows)
    elif fmt == "xlsx":
        yield _read_xlsx(src, label=label, sheet=sheet)
    else:
        yield _read_spatial(src, label=label, layer=sheet)


def read_table(
    source: TableSource,
    *,
    sheet: str | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
) -> pd.DataFrame:
    """Read a whole table; CSV/TSV cells come back as text exactly as written (no NA guessing).

    >>> read_table(io.BytesIO(b"id;place\\n007;NA\\n")).to_dict("records")
    [{'id': '007', 'place': 'NA'}]
    """
    return next(iter_table(source, sheet=sheet, encoding=encoding, delimiter=delimiter, chunk_rows=None))


# --------------------------------------------------------------------------- writing


def _as_tabular(df: pd.DataFrame, drop: Sequence[str]) -> pd.DataFrame:
    """Drop added geometry and turn any other geometry column into WKT text for non-spatial formats."""
    out = df.drop(columns=[c for c in drop if c in df.columns])
    geoms = [c for c in out.columns if str(out[c].dtype) == "geometry"]
    if geoms:
        out = pd.DataFrame(out).assign(**{c: out[c].to_wkt() for c in geoms})
    return pd.DataFrame(out)


def _arrow(df: pd.DataFrame) -> Any:
    """The frame as an Arrow table; object columns of mixed types are written as their text."""
    import pyarrow as pa

    try:
        return pa.Table.from_pandas(df, preserve_index=False)
    except (pa.ArrowTypeError, pa.ArrowInvalid):
        mixed = {c: df[c].map(lambda v: v if v is None or v != v else str(v))
                 for c in df.columns if df[c].dtype == object}
        return pa.Table.from_pandas(df.assign(**mixed), preserve_index=False)


def _csv_bytes(df: pd.DataFrame, *, tab: bool, header: bool) -> bytes:
    """UTF-8 CSV of a chunk via Arrow's writer (an order of magnitude faster than pandas at 1M rows).

    Every string is quoted, so commas, quotes, CR/LF and leading "=" in cells all survive a round trip.
    """
    import pyarrow.csv as pcsv

    sink = io.BytesIO()
    options = pcsv.WriteOptions(include_header=header, delimiter="\t" if tab else ",", quoting_style="needed")
    pcsv.write_csv(_arrow(df.set_axis([str(c) for c in df.columns], axis=1)), sink, options)
    return sink.getvalue()


class TableWriter:
    """Write a table in one or more chunks to a temp file and rename it into place on close.

    CSV, TSV and Parquet are written chunk by chunk; XLSX, GeoJSON and GeoPackage are collected
    and written on close. ``-`` writes CSV to stdout. ``drop`` names columns left out of
    non-spatial formats (the point geometry that ``geo_lat``/``geo_lon`` already carry).
    """

    def __init__(self, path: str | os.PathLike[str], *, force: bool = False,
                 drop: Sequence[str] = (), bom: bool = False) -> None:
        self.stdout = str(path) == "-"
        self.path = Path(path)
        self.fmt = "csv" if self.stdout else _EXTENSIONS.get(self.path.suffix.lower(), "")
        if not self.fmt:
            known = ", ".join(sorted(_EXTENSIONS))
            raise InputError(f"{path}: unknown output format; use one of {known} or '-'")
        self.drop = tuple(drop)
        self.bom = bom  # CSV/TSV start with a UTF-8 BOM: how Excel knows the text is UTF-8 (Arabic intact)
        self.report = CellReport("stdout" if self.stdout else str(self.path))
        self._pending: list[pd.DataFrame] = []
        self._rows = 0
        self._handle: Any = None
        self._tmp: Path | None = None
        if self.stdout:
            return
        if self.path.is_dir():
            raise InputError(f"{self.path} is a directory; give a file name for the output")
        if self.path.exists() and not force:
            raise InputError(f"{self.path} exists; use --force to overwrite it")
        self._tmp = temp_beside(self.path)

    def write(self, df: pd.DataFrame) -> None:
        """Append one chunk (same columns every time)."""
        first = self._rows == 0 and self._handle is None and not self._pending
        first_row = self._rows + 1
        self._rows += len(df)
        if self.fmt in ("csv", "tsv"):
            tabular = nested_as_json(_as_tabular(df, self.drop), self.report, first_row)
            data = _csv_bytes(tabular, tab=self.fmt == "tsv", header=first)
            data = codecs.BOM_UTF8 + data if first and self.bom else data
            if self.stdout:
                out = getattr(sys.stdout, "buffer", None)
                out.write(data) if out is not None else sys.stdout.write(data.decode("utf-8"))
                return
            if self._handle is None:
                self._handle = open(self._tmp, "wb")  # noqa: SIM115
            self._handle.write(data)
        elif self.fmt == "parquet":
            self._write_parquet(_as_tabular(df, self.drop))
        else:
            if self.fmt == "xlsx" and self._rows >= XLSX_MAX_ROWS:
                raise InputError(f"{self.path}: {self._rows:,} rows do not fit in an XLSX sheet (at most "
                                 f"{XLSX_MAX_ROWS - 1:,} below the header); write .csv or .parquet")
            self._pending.append(df)

    def _write_parquet(self, df: pd.DataFrame) -> None:
        import pyarrow.parquet as pq

        table = _arrow(df)
        if self._handle is None:
            self._handle = pq.ParquetWriter(self._tmp, table.schema)
        else:
            table = table.cast(self._handle.schema)
        self._handle.write_table(table)

    def _write_xlsx(self, df: pd.DataFrame) -> None:
        from openpyxl import Workbook
        from openpyxl.cell import WriteOnlyCell

        book = Workbook(write_only=True)
        sheet = book.create_sheet("geocoded")

        columns = [str(c) for c in df.columns]
        df = nested_as_json(df, self.report)

        def cell(value: Any, row: int, col: int) -> Any:
            if value is None or (isinstance(value, float) and value != value) or value is pd.NA:
                return None
            if isinstance(value, str):
                # Strings are stored as text cells, so "=HYPERLINK(...)" never becomes a live formula.
                c = WriteOnlyCell(sheet, value=xlsx_text(value, row, columns[col], self.report))
                c.data_type = "s"
                return c
            if isinstance(value, pd.Timestamp):
                if value.tzinfo:
                    self.report.add("lost their time zone (XLSX has none)", row, columns[col])
                    return value.tz_localize(None).to_pydatetime()
                return value.to_pydatetime()
            value = value.item() if isinstance(value, np.generic) else value
            try:
                return WriteOnlyCell(sheet, value=value)
            except (ValueError, TypeError):
                self.report.add("of a type XLSX lacks were written as text", row, columns[col])
                return cell(str(value), row, col)

        blank = df.isna() | df.astype(object).eq("")
        trailing = len(df) - (int(np.flatnonzero(~blank.all(axis=1).to_numpy())[-1]) + 1 if len(df) and
                              (~blank.all(axis=1)).any() else 0)
        for r in range(len(df) - trailing + 1, len(df) + 1):
            self.report.add("(whole blank rows at the end) read back as no rows: XLSX cannot tell them from "
                            "formatting", r, "*")
        sheet.append([cell(c, 0, i) for i, c in enumerate(columns)])
        for r, values in enumerate(df.itertuples(index=False, name=None), start=1):
            sheet.append([cell(v, r, i) for i, v in enumerate(values)])
        book.save(self._tmp)

    def _write_spatial(self, df: pd.DataFrame) -> None:
        import geopandas as gpd

        gdf = df if isinstance(df, gpd.GeoDataFrame) else gpd.GeoDataFrame(df)
        if gdf._geometry_column_name not in gdf.columns:  # no rows, or no geometry: features without one
            name = "geometry" if "geometry" not in gdf.columns else "geo_geometry"
            gdf = gpd.GeoDataFrame(gdf, geometry=gpd.GeoSeries([None] * len(gdf), index=gdf.index, name=name,
                                                               crs=4326))
        if self.fmt == "gpkg":
            check_gpkg_columns([str(c) for c in gdf.columns if c != gdf.geometry.name], str(self.path))
        elif not len(gdf):
            self.report.add("(none: no rows), so no column names either: GeoJSON keeps no header", 0, "*")
        gdf = spatial_text(gdf, self.report)
        if gdf.crs is None:
            gdf = gdf.set_crs("EPSG:4326")
        others = [c for c in gdf.columns if c != gdf.geometry.name and str(gdf[c].dtype) == "geometry"]
        gdf = gdf.assign(**{c: gdf[c].to_wkt() for c in others})
        driver = "GeoJSON" if self.fmt == "geojson" else "GPKG"
        if self._tmp is not None and self._tmp.exists():
            self._tmp.unlink()  # the GDAL drivers refuse to overwrite the placeholder temp file
        layer = "".join(ch if ch.isalnum() or ch == "_" else "_" for ch in self.path.stem) or "geocoded"
        gdf.to_file(self._tmp, driver=driver, engine="pyogrio", layer=layer)

    def close(self) -> None:
        """Finish writing and move the file into place."""
        if self.fmt in ("xlsx", *_SPATIAL):
            import geopandas as gpd

            frames = self._pending or [pd.DataFrame()]
            whole = frames[0] if len(frames) == 1 else pd.concat(frames)
            if isinstance(frames[0], gpd.GeoDataFrame) and not isinstance(whole, gpd.GeoDataFrame):
                whole = gpd.GeoDataFrame(whole, geometry=frames[0].geometry.name, crs=frames[0].crs)
            if self.fmt == "xlsx":
                self._write_xlsx(_as_tabular(whole, self.drop))
            else:
                self._write_spatial(whole)
        if self._handle is not None:
            self._handle.close()
            self._handle = None
        if self.stdout:
            sys.stdout.flush()
        elif self._tmp is not None:
            commit(self._tmp, self.path)
            self._tmp = None
        self.report.emit()

    def abort(self) -> None:
        """Drop the temp file; the output path is left as it was."""
        if self._handle is not None:
            self._handle.close()
            self._handle = None
        if self._tmp is not None:
            self._tmp.unlink(missing_ok=True)
            self._tmp = None

    def __enter__(self) -> TableWriter:
        return self

    def __exit__(self, exc_type: object, *_: object) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()


def has_utf8_bom(source: TableSource) -> bool:
    """True when a table file starts with a UTF-8 BOM (its CSV output then gets one too)."""
    if not isinstance(source, (str, os.PathLike)) or str(source) == "-":
        return False
    try:
        with Path(source).expanduser().open("rb") as fh:
            return fh.read(3) == codecs.BOM_UTF8
    except OSError:
        return False


def write_table(df: pd.DataFrame, path: str | os.PathLike[str], *, force: bool = False) -> Path:
    """Write a table in the format its extension names (``-``: CSV on stdout), atomically.

    Refuses to overwrite an existing file unless ``force``. XLSX strings are stored as text cells
    (no formula injection). Returns the path written.
    """
    with TableWriter(path, force=force) as writer:
        writer.write(df)
    return Path(path)
