"""`syrmap map`: draw tables (their own coordinates, or geocoded on the way) and reports as an HTML map."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from syrmap.common import check_output_path, err, one_line_errors, out


def register(app: typer.Typer) -> None:
    """Add the `map` command to the app."""
    app.command("map")(map_)


@one_line_errors
def map_(
    inputs: Annotated[
        list[str],
        typer.Argument(
            help="Tables (.csv .xlsx .parquet .geojson ...; with coordinates, geocoded, or raw) or report texts (.txt)."
        ),
    ],
    output: Annotated[Path, typer.Option("-o", "--output", help="HTML file to write.")],
    offline: Annotated[
        bool, typer.Option("--offline", help="Inline all code, no tiles: zero network.")
    ] = False,
    png: Annotated[Path | None, typer.Option("--png", help="Also write a static .png/.svg image.")] = None,
    title: Annotated[str | None, typer.Option("--title", help="Map title.")] = None,
    color_by: Annotated[
        str | None, typer.Option("--color-by", help="Event-type column (default: auto).")
    ] = None,
    size_by: Annotated[str | None, typer.Option("--size-by", help="Casualty column (default: auto).")] = None,
    lat: Annotated[str | None, typer.Option("--lat", help="Latitude column (default: auto).")] = None,
    lon: Annotated[str | None, typer.Option("--lon", help="Longitude column (default: auto).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite existing outputs.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No notes or summary.")] = False,
) -> None:
    """Draw incidents as one HTML map: clusters, heatmap, filters, boundaries, regions, search."""
    import maps

    for path in (output, png):
        if path is not None:
            check_output_path(path, force=force, inputs=inputs)
    note = None if quiet else (lambda line: err.print(f"syrmap: {line}"))
    run = maps.map_files(inputs, output, png=png, offline=offline, title=title, color_by=color_by,
                         size_by=size_by, lat=lat, lon=lon, log=note)
    if not quiet:
        kind = "self-contained" if run.self_contained else "needs a network to open"
        out.print(f"wrote {run.output} ({kind}): {run.mapped} incidents mapped, {run.skipped} without "
                  f"coordinates" + (f", {run.nonfinite} infinite numbers treated as missing" if run.nonfinite else "")
                  + (f"; {run.png}" if run.png else ""))
