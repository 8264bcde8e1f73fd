"""`syrmap resolve`: where is this place? One name, or many from a file or stdin (JSON lines)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from syrmap.common import one_line_errors, out


def register(app: typer.Typer) -> None:
    """Add the `resolve` command to the app."""
    app.command("resolve")(resolve)


@one_line_errors
def resolve(
    text: Annotated[str | None, typer.Argument(help="A place name; omit with --file.")] = None,
    file: Annotated[Path | None, typer.Option("--file", "-f", help="One name per line; '-' for stdin.")] = None,
    admin1: Annotated[str | None, typer.Option("--admin1", help="Governorate hint (name or P-code).")] = None,
    admin2: Annotated[str | None, typer.Option("--admin2", help="District hint.")] = None,
    admin3: Annotated[str | None, typer.Option("--admin3", help="Sub-district hint.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON output (one object per line for many names).")] = False,
) -> None:
    """Resolve place names to coordinates, with status, method, confidence and alternatives."""
    from gazetteer.batch import match_many
    from gazetteer.exc import InputError

    if file is not None:
        names = _lines(file)
    elif text is not None:
        names = [text]
    else:
        raise InputError("give a place name or --file FILE (use - for stdin)")
    for match in match_many(names, admin1=admin1, admin2=admin2, admin3=admin3):
        if as_json or file is not None:
            out.print(json.dumps(match.to_dict(), ensure_ascii=False, default=int))
        else:
            _show(match.to_dict())


def _lines(path: Path) -> list[str]:
    """The names in a UTF-8 file or stdin, one a line; other bytes are refused, never guessed at."""
    from gazetteer.exc import InputError

    label = "stdin" if str(path) == "-" else str(path)
    try:
        data = sys.stdin.buffer.read() if str(path) == "-" else path.read_bytes()
        text = data.decode("utf-8-sig")
    except OSError as exc:
        raise InputError(f"cannot read {label}: {exc.strerror}") from None
    except UnicodeDecodeError as exc:
        raise InputError(f"{label}: not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start:,}); "
                         "save it as UTF-8") from None
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return lines[:-1] if lines[-1] == "" else lines  # a final newline ends the last line, adds none


def _show(r: dict) -> None:
    where = f"{r['lat']:.5f}, {r['lon']:.5f}" if r["lat"] is not None else "—"
    out.print(f"{r['query']}  →  {r['status']}  {r['name']} / {r['name_ar']}  ({where})")
    if r["status"] in ("resolved", "ambiguous"):
        out.print(f"  method {r['method']}, confidence {r['confidence']:.2f}, precision {r['precision']} "
                  f"(UCDP {r['where_prec']}), kind {r['kind']}, matched '{r['matched_name']}'")
        # Only the levels the place has: a countryside or governorate has no district to print.
        units = [f"{r[f'adm{k}_pcode']} {r[f'adm{k}_name']}" for k in (1, 2, 3) if r[f"adm{k}_pcode"]]
        if units:
            out.print("  " + " / ".join(units))
    if r["reason"]:
        out.print(f"  {r['reason']}")
    for alt in r["alternatives"]:
        out.print(f"  alt: {alt['name']} / {alt['name_ar']} ({alt['kind']}, {alt['adm1_name']}) "
                  f"{alt['lat']:.4f}, {alt['lon']:.4f}  score {alt['score']}")
