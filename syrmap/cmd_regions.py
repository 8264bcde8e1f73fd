"""`syrmap regions`: list the region catalogue and draw a preview PNG of its shapes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from gazetteer.exc import InputError
from syrmap.common import check_output_path, one_line_errors, out


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

    if png is not None:
        import gazetteer
        import maps

        check_output_path(png, force=force)
        gz = gazetteer.load()
        try:
            written = maps.draw_preview(png, geo.region_shapes(gazetteer=gz), gz.admin_areas)
        except OSError as exc:
            raise InputError(f"cannot write {png}: {exc.strerror or exc}") from None
        out.print(f"wrote {written}")
    records = geo.region_records()
    if as_json:
        out.print(json.dumps(records, ensure_ascii=False, indent=1))
    elif list_ or png is None:
        for r in records:
            missing = f"  MISSING: {', '.join(r['members_missing'])}" if r["members_missing"] else ""
            out.print(f"{r['place_id']:40} {r['kind']:13} {r['area_km2']:10.1f} km²  p{r['precision']}  "
                      f"{r['name']} / {r['name_ar']}{missing}")
