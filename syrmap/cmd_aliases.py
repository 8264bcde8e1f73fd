"""`syrmap aliases learn`: an alias file from a table with place names and trusted coordinates."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from syrmap.common import check_output_path, err, one_line_errors, out

aliases_app = typer.Typer(help="Build alias files (a team's own spellings and points).", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    """Add the `aliases` command group to the app."""
    app.add_typer(aliases_app, name="aliases")


@aliases_app.command("learn")
@one_line_errors
def learn(
    table: Annotated[Path, typer.Argument(help="Table with place names and trusted coordinates (CSV/XLSX/Parquet…).")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Alias CSV to write.")],
    column: Annotated[str | None, typer.Option("--column", help="Place-name column (default: detected).")] = None,
    admin1_column: Annotated[str | None, typer.Option("--admin1-column", help="Governorate column.")] = None,
    lat_column: Annotated[str | None, typer.Option("--lat-column", help="Latitude column.")] = None,
    lon_column: Annotated[str | None, typer.Option("--lon-column", help="Longitude column.")] = None,
    count_column: Annotated[str | None, typer.Option(
        "--count-column", help="Events each row stands for (e.g. n_events); default 1 per row.")] = None,
    min_share: Annotated[float, typer.Option(
        "--min-share", help="Leave out a name whose most frequent point holds less than this share of its events.")
    ] = 0.5,
    conflicts: Annotated[Path | None, typer.Option(
        "--conflicts", help="Also write the names seen at distant points (one row per admin hint) to this CSV.")
    ] = None,
    sheet: Annotated[str | None, typer.Option("--sheet", help="XLSX sheet / GeoPackage layer.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite existing outputs.")] = False,
) -> None:
    """One alias row per distinct (name, governorate): its most frequent point, events and spread."""
    import geo
    from gazetteer.aliases import write_aliases
    from geo.learn import learn_aliases

    check_output_path(output, force=force)
    if conflicts is not None:
        check_output_path(conflicts, force=force)
    result = learn_aliases(geo.read_table(table, sheet=sheet), column=column, admin1_column=admin1_column,
                           lat_column=lat_column, lon_column=lon_column, count_column=count_column,
                           min_share=min_share)
    out.print(f"wrote {write_aliases(result.aliases, output)}: {len(result.aliases):,} aliases from "
              f"{result.rows_used:,} rows")
    err.print(f"skipped {result.rows_skipped:,} rows without a name or coordinates; left out {result.unsettled:,} "
              f"names whose points disagree; {result.conflicts['name'].nunique():,} names seen in distant places "
              "(kept apart by governorate)")
    for row in result.conflicts.head(10).itertuples():
        err.print(f"  conflict: {row.name!r} in {row.admin1 or '(no admin1)'} at {row.lat:.4f},{row.lon:.4f} "
                  f"({row.events} events; {row.apart_km} km apart)")
    if conflicts is not None:
        out.print(f"wrote {write_aliases(result.conflicts, conflicts)}")
