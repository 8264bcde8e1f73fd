"""`syrmap parse`: geoparse report text into located incidents."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from syrmap.cmd_geocode import Engine, EngineOpt, SchedulerOpt, WorkersOpt
from syrmap.common import check_output_path, err, one_line_errors, out, show_progress


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
    import geo
    from geo.report import incidents_of

    if engine is Engine.dask:
        from geo.dask_engine import parse_dataset

        summary = parse_dataset([str(f) for f in files], output or "-", text_column=text_column, date=date,
                                force=force, scheduler=scheduler, workers=workers, show_progress=show_progress(quiet))
        for line in [] if quiet else summary.lines():
            err.print(line, markup=False)
        return
    if output:
        check_output_path(Path(output), force=force)
    reports = geo.parse_reports(files, text_column=text_column, date=date)
    incidents = incidents_of(reports)
    if output:
        geo.write_table(incidents, output, force=force)
        err.print(f"{len(incidents)} incidents from {len(reports)} reports -> {output}", markup=False)
    if as_json:
        out.print(json.dumps([r.to_dict() for r in reports], ensure_ascii=False, indent=1), markup=False)
    elif not output:
        cols = ["source", "date", "event_type", "surface", "geo_name", "geo_lat", "geo_lon", "fatalities"]
        out.print(incidents[cols].to_string(index=False) if len(incidents) else "no incidents", markup=False)
