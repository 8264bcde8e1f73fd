"""Assemble the `syrmap` app from one module per command group."""

from __future__ import annotations

import importlib
import os
from pathlib import Path
from typing import Annotated

import typer

from gazetteer.exc import SyrmapError

app = typer.Typer(
    name="syrmap",
    help="Resolve Syrian place names, geocode event tables, geoparse reports and draw incident maps, offline.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# Each command group lives in its own module and adds itself to the app.
COMMAND_MODULES = ("data", "resolve", "geocode", "parse", "map", "regions", "assets", "aliases", "review")

@app.callback()
def _options(
    aliases: Annotated[
        Path | None,
        typer.Option("--aliases", help="Alias CSV (name, place_id or lat/lon, optional admin1) used by every command."),
    ] = None,
) -> None:
    """Options that apply to every command."""
    if aliases is not None:
        from gazetteer.aliases import ALIASES_ENV, load_aliases
        from syrmap.common import fail

        try:
            load_aliases(aliases)  # fail now, with the file's line number, not inside a worker later
        except SyrmapError as exc:
            raise fail(str(exc)) from None
        # The environment reaches every resolve, including those in Dask worker processes.
        os.environ[ALIASES_ENV] = str(aliases.resolve())


for _name in COMMAND_MODULES:
    importlib.import_module(f"syrmap.cmd_{_name}").register(app)


def main() -> None:
    """Console-script entry point."""
    app()
