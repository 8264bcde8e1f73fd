"""`syrmap map`: draw geocoded (or raw, geocoded on the way) incidents as an HTML map and a PNG."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from gazetteer.exc import SyrmapError
from syrmap.common import check_output_path, err, one_line_errors, out

_REPORT_SUFFIXES = {".txt", ".md"}


def register(app: typer.Typer) -> None:
    """Add the `map` command to the app."""
    app.command("map")(map_)


def _load(path: str) -> Any:
    """One input as incidents: a geocoded table as is, a raw table geocoded, a report text parsed."""
    import geo

    if Path(path).suffix.lower() in _REPORT_SUFFIXES:
        return geo.incidents_of(geo.parse_reports([path]))
    table = geo.read_table(path)
    has_points = "geometry" in table.columns and getattr(table, "geometry", None) is not None
    return table if "geo_lat" in table.columns or has_points else geo.geocode_table(table)


def _context(quiet: bool) -> dict[str, Any]:
    """Admin boundaries, region shapes and place labels for the map; a map without them beats no map."""
    layers: dict[str, Any] = {}
    try:
        import gazetteer
        import geo

        gz = gazetteer.load()
        layers.update(boundaries=gz.admin_areas, places=gz.places, outline=getattr(gz, "outline", None))
        layers["regions"] = geo.region_shapes(gz=gz)
    except (SyrmapError, AttributeError, ImportError) as exc:
        if not quiet:
            err.print(f"syrmap: note: map drawn without some reference layers ({exc})", markup=False)
    return layers


@one_line_errors
def map_(
    inputs: Annotated[
        list[str],
        typer.Argument(
            help="Geocoded or raw tables (.csv .xlsx .parquet .geojson ...) or report texts (.txt)."
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
    force: Annotated[bool, typer.Option("--force", help="Overwrite existing outputs.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No notes or summary.")] = False,
) -> None:
    """Draw incidents as one HTML map: clusters, heatmap, filters, boundaries, regions, search."""
    import pandas as pd

    import maps

    for path in (output, png):
        if path is not None:
            check_output_path(path, force=force, inputs=inputs)
    frames = [_load(p) for p in inputs]
    incidents = frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)
    layers = _context(quiet)
    m = maps.incident_map(
        incidents, title=title, color_by=color_by, size_by=size_by, offline=offline, **layers
    )
    maps.save_map(m, output)
    if png is not None:
        maps.static_map(
            incidents,
            png,
            title=title,
            color_by=color_by,
            size_by=size_by,
            boundaries=layers.get("boundaries"),
            regions=layers.get("regions"),
        )
    if not quiet:
        stats = m.syrmap_stats
        out.print(
            f"wrote {output}: {stats['mapped']} incidents mapped, {stats['skipped']} without coordinates"
            + (f", {stats['nonfinite']} infinite numbers treated as missing" if stats["nonfinite"] else "")
            + (f"; {png}" if png else ""),
            markup=False,
        )
