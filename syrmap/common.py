"""What every command shares: one-line errors, stdout/stderr consoles, output checks."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Sequence
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from gazetteer.exc import InputError, SyrmapError

F = TypeVar("F", bound=Callable[..., Any])

# Options several commands share.
SourceOpt = Annotated[
    Path | None, typer.Option("--source", help="Raw data directory (default: $SYRMAP_DATA or ../shared/data/raw).")
]
CacheOpt = Annotated[
    Path | None, typer.Option("--cache-dir", help="Gazetteer cache directory (default: $SYRMAP_CACHE or user cache).")
]


class Engine(str, Enum):
    """Where the work runs: this process (streaming) or a Dask cluster (partitioned datasets)."""

    local = "local"
    dask = "dask"


# Where `syrmap geocode` and `syrmap parse` run.
EngineOpt = Annotated[Engine, typer.Option(
    "--engine", help="local: one process, streaming; dask: a Parquet dataset directory/CSV glob in, a Parquet "
                     "dataset out.")]
SchedulerOpt = Annotated[str | None, typer.Option(
    "--scheduler", help="Dask scheduler address, e.g. tcp://host:8786 (default: a local cluster on 127.0.0.1).")]
WorkersOpt = Annotated[int | None, typer.Option(
    "--workers", help="Worker processes of the local Dask cluster (default: one per core).")]


class Lines:
    """Plain text lines on stdout or stderr, each flushed as it is printed.

    Everything syrmap prints is plain text, so a rich Console (markup, emoji codes and highlighting all
    switched off) would only cost its ~70 ms import on every command, a tenth of `syrmap resolve`'s budget.
    The stream is looked up at each call, so a test runner's captured streams are the ones written to.
    """

    def __init__(self, stream: str) -> None:
        self._stream = stream

    def print(self, text: str = "", end: str = "\n") -> None:
        # Flushed: a closed pipe fails here, inside the command's one_line_errors, not at exit.
        print(text, end=end, file=getattr(sys, self._stream), flush=True)


err = Lines("stderr")
out = Lines("stdout")


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print one line on stderr and return the Exit to raise (2: bad input/usage)."""
    err.print(f"syrmap: error: {message}")
    return typer.Exit(code)


def one_line_errors(func: F) -> F:
    """SyrmapError -> one line and exit 2; a system error (disk full, no permission) -> one line, exit 1."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except SyrmapError as exc:
            raise fail(str(exc)) from None
        except BrokenPipeError:
            sys.stderr.close()
            raise typer.Exit(0) from None
        except OSError as exc:  # a full disk, a read-only folder: the system's word, and where
            where = f"{exc.filename}: " if exc.filename else ""
            raise fail(f"{where}{exc.strerror or exc}", code=1) from None

    return wrapper  # type: ignore[return-value]


def check_output_path(path: Path, *, force: bool, inputs: Sequence[object] = ()) -> None:
    """Refuse an output that is an input (always) or exists (unless --force); `-` (stdout) is fine."""
    from gazetteer.fileio import refuse_input_as_output, temp_beside

    refuse_input_as_output(path, list(inputs))
    if str(path) != "-" and path.is_dir():
        raise InputError(f"{path} is a directory; give a file name for the output")
    if str(path) != "-" and path.exists() and not force:
        raise InputError(f"{path} exists; use --force to overwrite it")
    if str(path) != "-":
        temp_beside(path).unlink()  # an unwritable folder fails now, not after minutes of work


def show_progress(quiet: bool) -> bool:
    """Progress bars only on a terminal and never with --quiet."""
    return not quiet and sys.stderr.isatty()
