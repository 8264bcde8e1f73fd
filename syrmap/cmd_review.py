"""`syrmap review`: a sheet of geocoded rows to check, and `syrmap review apply` to turn the answers into aliases."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from syrmap.common import check_output_path, err, one_line_errors, out

_HELP = """Write the places of a geocoded table a person should check (`syrmap review GEOCODED -o review.xlsx`:
ambiguous, no_match, low confidence, far from the table's own coordinates), or turn a filled-in sheet into an
alias file (`syrmap review apply review.xlsx -o aliases.csv`). In the sheet fill one of: `pick` (an option
number), `lat` and `lon`, or `place_id`.
"""


def register(app: typer.Typer) -> None:
    """Add the `review` command to the app."""
    app.command("review", help=_HELP)(review)


@one_line_errors
def review(
    table: Annotated[str, typer.Argument(help="A geocoded table, or `apply` followed by a filled-in review sheet.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="review.xlsx (or .csv) / aliases.csv to write.")],
    sheet_file: Annotated[Path | None, typer.Argument(help="With `apply`: the review sheet.")] = None,
    column: Annotated[str | None, typer.Option("--column", help="Place column (default: detected).")] = None,
    admin1_column: Annotated[str | None, typer.Option("--admin1-column", help="Governorate column.")] = None,
    admin2_column: Annotated[str | None, typer.Option("--admin2-column", help="District column.")] = None,
    min_confidence: Annotated[float, typer.Option(
        "--min-confidence", help="Resolved rows below this confidence are listed.")] = 0.7,
    far_km: Annotated[float, typer.Option(
        "--far-km", help="Rows whose answer is farther than this from the input's own coordinates are listed.")
    ] = 5.0,
    sheet: Annotated[str | None, typer.Option("--sheet", help="XLSX sheet of the input.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite the output.")] = False,
) -> None:
    import geo
    from geo.review import apply_review, review_rows

    check_output_path(output, force=force)
    if table == "apply":
        if sheet_file is None:
            raise typer.BadParameter("give the filled-in review sheet: syrmap review apply review.xlsx -o aliases.csv")
        if output.resolve() == sheet_file.resolve():
            raise typer.BadParameter("-o must not be the review sheet itself")
        import gazetteer
        from gazetteer.aliases import write_aliases

        applied = apply_review(geo.read_table(sheet_file, sheet=sheet),
                               known_ids=set(gazetteer.load().places["place_id"]))
        out.print(f"wrote {write_aliases(applied.aliases, output)}: {len(applied.aliases):,} aliases "
                  f"({applied.unanswered:,} rows left unanswered)")
        for line, why in applied.problems:
            err.print(f"syrmap: {sheet_file}:{line}: {why} (row skipped)")
        if applied.problems:
            raise typer.Exit(1)
        return
    rows = review_rows(geo.read_table(Path(table), sheet=sheet), column=column, admin1_column=admin1_column,
                       admin2_column=admin2_column, min_confidence=min_confidence, far_km=far_km)
    geo.write_table(rows, output, force=True)
    counts = rows["reason"].str.split("; ").explode().str.replace(r"^\d+ km.*", "far from input coordinates",
                                                                   regex=True).value_counts()
    out.print(f"wrote {output}: {len(rows):,} places to review"
              + (" (" + ", ".join(f"{k} {v:,}" for k, v in counts.items()) + ")" if len(rows) else ""))
