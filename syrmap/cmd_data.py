"""`syrmap data build|info|fetch`: the gazetteer index and the reference data behind it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from syrmap.common import CacheOpt, SourceOpt, one_line_errors, out

data_app = typer.Typer(help="Build, inspect and fetch the gazetteer's reference data.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    """Add the `data` command group to the app."""
    app.add_typer(data_app, name="data")


@data_app.command("build")
@one_line_errors
def build(source: SourceOpt = None, cache_dir: CacheOpt = None,
          as_json: Annotated[bool, typer.Option("--json", help="Print the build report as JSON.")] = False) -> None:
    """Import every source, merge, and write the index into the cache (always rebuilds)."""
    from dataclasses import asdict

    import gazetteer
    from gazetteer.info import build_lines

    report = gazetteer.build(source, cache_dir)
    text = json.dumps(asdict(report), ensure_ascii=False, indent=1) if as_json else "\n".join(build_lines(report))
    out.print(text)

@data_app.command("info")
@one_line_errors
def info(source: SourceOpt = None, cache_dir: CacheOpt = None,
         as_json: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False,
         coverage: Annotated[Path | None, typer.Option(
             "--coverage", help="A table: how many of its distinct places each source covers, and which none does.")
         ] = None,
         column: Annotated[str | None, typer.Option("--column", help="With --coverage: the place column.")] = None,
         sheet: Annotated[str | None, typer.Option("--sheet", help="With --coverage: XLSX sheet.")] = None) -> None:
    """Counts per kind and governorate, sources with licences and attribution, cache path, build time."""
    import gazetteer
    from gazetteer.info import summary, summary_lines

    gz = gazetteer.load(cache_dir, source)
    if coverage is not None:
        _coverage(gz, coverage, column, sheet, as_json)
        return
    s = summary(gz)
    out.print(json.dumps(s, ensure_ascii=False, indent=1) if as_json else "\n".join(summary_lines(s)))


def _coverage(gz, path: Path, column: str | None, sheet: str | None, as_json: bool) -> None:
    import geo
    from gazetteer.info import coverage, coverage_lines

    table = geo.read_table(path, sheet=sheet)
    plan = geo.detect_columns(table.columns, column=column, admin_columns={3: None})
    hint = {f"admin{lvl}": table[plan.admin[lvl]].fillna("").astype(str) for lvl in (1, 2) if lvl in plan.admin}
    c = coverage(table[plan.place].fillna("").astype(str), gazetteer=gz, **hint)
    if as_json:
        out.print(json.dumps(c, ensure_ascii=False, indent=1))
        return
    out.print("\n".join([plan.describe(), *coverage_lines(c)]))


@data_app.command("fetch")
@one_line_errors
def fetch(source: SourceOpt = None,
          only: Annotated[list[str] | None, typer.Option("--only", help="Fetch only this source folder.")] = None
          ) -> None:
    """Download the upstream datasets into the data directory (needs network access)."""
    from gazetteer import paths
    from gazetteer.fetch import fetch as do_fetch

    for path in do_fetch(paths.data_dir(source), only=only):
        out.print(f"wrote {path}")
