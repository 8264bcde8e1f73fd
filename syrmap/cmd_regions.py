"""`syrmap regions`: list the region catalogue and draw a preview PNG of its shapes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from gazetteer.exc import InputError
from syrmap.common import check_output_path, one_line_errors, out

_LIST_COLUMNS = ["place_id", "kind", "name", "name_ar", "area_km2", "precision", "approximate", "lat", "lon"]


def register(app: typer.Typer) -> None:
    """Add the `regions` command to the app."""
    app.command("regions")(regions)


@one_line_errors
def regions(
    png: Annotated[Path | None, typer.Option("--png", help="Write a preview PNG of the shapes.")] = None,
    list_: Annotated[bool, typer.Option("--list", help="List regions and members not found.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the regions as JSON (no geometry).")] = False,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing PNG.")] = False,
) -> None:
    """Show the region catalogue: mountains, plains, fronts, roads, city districts and countrysides."""
    import geo

    shapes = geo.region_shapes()
    if png is not None:
        check_output_path(png, force=force)
        try:
            written = geo.draw_preview(png)
        except OSError as exc:
            raise InputError(f"cannot write {png}: {exc.strerror or exc}") from None
        out.print(f"wrote {written}", markup=False)
    if as_json:
        records = shapes[[*_LIST_COLUMNS, "names", "members_found", "members_missing"]].to_dict("records")
        out.print(json.dumps(records, ensure_ascii=False, indent=1), markup=False)
    elif list_ or png is None:
        for row in shapes.itertuples():
            missing = f"  MISSING: {', '.join(row.members_missing)}" if row.members_missing else ""
            out.print(f"{row.place_id:40} {row.kind:13} {row.area_km2:10.1f} km²  p{row.precision}  "
                      f"{row.name} / {row.name_ar}{missing}", markup=False)
