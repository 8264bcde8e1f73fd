"""`syrmap assets`: fetch the map libraries (Leaflet and plugins) that offline maps inline."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from syrmap.common import err, one_line_errors, out

assets_app = typer.Typer(help="Manage the browser libraries that offline maps inline.", no_args_is_help=True)
_Dir = Annotated[
    Path | None, typer.Option("--dir", help="Asset cache folder (default: $SYRMAP_ASSETS or the user cache).")
]


def register(app: typer.Typer) -> None:
    """Add the `assets` command group to the app."""
    app.add_typer(assets_app, name="assets")


@assets_app.command("fetch")
@one_line_errors
def fetch(
    dir_: _Dir = None,
    force: Annotated[bool, typer.Option("--force", help="Download again even if already cached.")] = False,
) -> None:
    """Download the pinned Leaflet libraries from the npm registry (hash-checked) into the asset cache."""
    import maps

    fetched = maps.fetch_assets(dir_, force=force)
    err.print(f"fetched {', '.join(fetched)}" if fetched else "all map libraries already cached")
    out.print(str(maps.assets_dir(dir_)))


@assets_app.command("status")
@one_line_errors
def status(dir_: _Dir = None) -> None:
    """Show where the asset cache is and which libraries are missing (exit 1 if any)."""
    import maps

    missing = maps.missing_assets(dir_)
    out.print(f"{maps.assets_dir(dir_)}: " + (f"missing {', '.join(missing)}" if missing else "complete"))
    if missing:
        raise typer.Exit(1)
