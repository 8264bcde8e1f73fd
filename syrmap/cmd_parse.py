"""`syrmap parse`: geoparse report text into located incidents."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from syrmap.common import (
    Engine,
    EngineOpt,
    SchedulerOpt,
    WorkersOpt,
    check_output_path,
    err,
    one_line_errors,
    out,
    show_progress,
)

if TYPE_CHECKING:
    from geo.report import Report


def register(app: typer.Typer) -> None:
    """Add the `parse` command to the app."""
    app.command("parse")(parse)


@one_line_errors
def parse(
    files: Annotated[list[Path], typer.Argument(help="Report .txt files, directories of them, or a table "
                                                     "(.csv .xlsx .parquet) with --text-column; with --engine "
                                                     "dask, directories or globs of .parquet/.csv tables.")],
    output: Annotated[str | None, typer.Option("-o", "--output", help="Write incidents to .geojson, .csv "
                                                                      "or .parquet (by extension).")] = None,
    text_column: Annotated[str | None, typer.Option("--text-column", help="Table column holding the "
                                                                          "report text.")] = None,
    date: Annotated[str | None, typer.Option("--date", help="Report date YYYY-MM-DD (default: the "
                                                            "report's date line).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing output file.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print mentions and incidents as JSON.")] = False,
    engine: EngineOpt = Engine.local,
    scheduler: SchedulerOpt = None,
    workers: WorkersOpt = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress or summary (--engine dask).")] = False,
) -> None:
    """Find the places a report names, their roles, and the incidents: type, casualties, actors, date."""
    from gazetteer.exc import InputError
    from geo.report import incidents_of, iter_reports, write_incidents

    if engine is Engine.dask:
        from gazetteer.fileio import refuse_input_as_output
        from geo.dask_engine import parse_dataset

        refuse_input_as_output(output or "-", files)

        summary = parse_dataset([str(f) for f in files], output or "-", text_column=text_column, date=date,
                                force=force, scheduler=scheduler, workers=workers, show_progress=show_progress(quiet))
        for line in [] if quiet else summary.lines():
            err.print(line)
        return
    if as_json and output == "-":
        raise InputError("--json and -o - both write to standard output; write the incidents to a file or "
                         "drop --json")
    if output:
        check_output_path(Path(output), force=force, inputs=files)
    # Reports stream through: incidents are written in batches, so memory stays flat over any input size.
    reports = iter_reports(files, text_column=text_column, date=date)
    if as_json:
        reports = _echo_json(reports)
    if output:
        n_reports, n_incidents = write_incidents(reports, output, force=force)
        err.print(f"{n_incidents} incidents from {n_reports} reports -> {output}")
    elif as_json:
        for _ in reports:
            pass
    else:
        incidents = incidents_of(reports)
        cols = ["source", "date", "event_type", "surface", "geo_name", "geo_lat", "geo_lon", "fatalities"]
        out.print(incidents[cols].to_string(index=False) if len(incidents) else "no incidents")


def _echo_json(reports: Iterable[Report]) -> Iterator[Report]:
    """Print the reports as one JSON array while they pass through (the text ``json.dumps(list)`` gives)."""
    sep = "[\n"
    for report in reports:
        item = textwrap.indent(json.dumps(report.to_dict(), ensure_ascii=False, indent=1), " ")
        out.print(sep + item, end="")
        sep = ",\n"
        yield report
    out.print("[]" if sep == "[\n" else "\n]")
