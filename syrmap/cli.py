"""Assemble the `syrmap` app from one module per command group."""

from __future__ import annotations

import importlib

import typer

app = typer.Typer(
    name="syrmap",
    help="Resolve Syrian place names, geocode event tables, geoparse reports and draw incident maps, offline.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# Each command group lives in its own module and adds itself to the app.
COMMAND_MODULES = ("data", "resolve", "geocode", "parse", "map", "regions", "assets")

for _name in COMMAND_MODULES:
    importlib.import_module(f"syrmap.cmd_{_name}").register(app)


def main() -> None:
    """Console-script entry point."""
    app()
