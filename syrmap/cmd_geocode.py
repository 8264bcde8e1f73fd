"""`syrmap geocode`: add coordinates, admin P-codes and a per-row status to an event table."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import Annotated

import typer

from syrmap.common import Engine, EngineOpt, SchedulerOpt, WorkersOpt, err, one_line_errors, show_progress


def register(app: typer.Typer) -> None:
    """Add the `geocode` command to the app."""
    app.command("geocode")(geocode)


@contextlib.contextmanager
def _progress_bar(enabled: bool) -> Iterator[Callable[[int, int | None], None] | None]:
    """A rich progress bar counting rows on stderr, or None when it should stay off."""
    if not enabled:
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("geocoding"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("rows", total=None)
        yield lambda done, total: bar.update(task, completed=done, total=total)


_Text = str | None


def _opt(*flags: str, help: str) -> typer.models.OptionInfo:  # noqa: A002 - typer's own keyword
    return typer.Option(*flags, help=help)


@one_line_errors
def geocode(
    input: Annotated[str, typer.Argument(help="Table to geocode (.csv .tsv .xlsx .parquet .geojson "
                                              ".gpkg), or - for stdin; with --engine dask a "
                                              "directory or glob of .parquet/.csv files.")],
    output: Annotated[str, _opt("-o", "--output", help="Output file, format by extension; - is CSV "
                                                      "on stdout; with --engine dask a directory.")] = "-",
    column: Annotated[_Text, _opt("--column", help="Place-name column (default: auto-detect).")] = None,
    admin1: Annotated[_Text, _opt("--admin1-column", help="Governorate column (default: auto).")] = None,
    admin2: Annotated[_Text, _opt("--admin2-column", help="District column (default: auto).")] = None,
    admin3: Annotated[_Text, _opt("--admin3-column", help="Sub-district column (default: auto).")] = None,
    sheet: Annotated[_Text, _opt("--sheet", help="XLSX sheet or GeoPackage layer to read.")] = None,
    encoding: Annotated[_Text, _opt("--encoding", help="Encoding of a CSV input (default: detect).")] = None,
    suffix: Annotated[_Text, _opt("--suffix", help="Suffix for new columns if geo_* exist.")] = None,
    force: Annotated[bool, _opt("--force", help="Overwrite an existing output file.")] = False,
    quiet: Annotated[bool, _opt("--quiet", "-q", help="No progress, columns or summary.")] = False,
    strict: Annotated[bool, _opt("--strict", help="Exit 1 when a non-empty place was not found.")] = False,
    excel: Annotated[bool, _opt("--excel", help="Start CSV output with a UTF-8 BOM so Excel shows Arabic "
                                                "(default: only when the input had one).")] = False,
    engine: EngineOpt = Engine.local,
    scheduler: SchedulerOpt = None,
    workers: WorkersOpt = None,
) -> None:
    """Geocode an event table: every row kept in order, plus geo_* coordinates, P-codes and status."""
    import geo
    from gazetteer.fileio import refuse_input_as_output

    refuse_input_as_output(output, input)
    admin = {lvl: col for lvl, col in ((1, admin1), (2, admin2), (3, admin3)) if col is not None}
    note = None if quiet else (lambda line: err.print(line))
    if engine is Engine.dask:
        from geo.dask_engine import geocode_dataset

        summary = geocode_dataset(input, output, column=column, admin_columns=admin, encoding=encoding,
                                  suffix=suffix, force=force, scheduler=scheduler, workers=workers,
                                  show_progress=show_progress(quiet), log=note)
    else:
        with _progress_bar(show_progress(quiet)) as progress:
            summary = geo.geocode_file(input, output, column=column, admin_columns=admin, sheet=sheet,
                                       encoding=encoding, suffix=suffix, force=force, progress=progress, log=note,
                                       excel=excel)
    for line in [] if quiet else summary.lines():
        err.print(line)
    if strict and summary.failed:
        raise typer.Exit(1)
