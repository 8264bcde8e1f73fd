"""Atomic file writes shared by every package: write beside the target, then rename over it."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from gazetteer.exc import InputError

__all__ = ["atomic_write", "temp_beside", "commit", "refuse_input_as_output"]


def temp_beside(target: str | os.PathLike[str]) -> Path:
    """A new empty temp file in the target's folder (created if missing), same suffix."""
    target = Path(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=target.suffix, dir=target.parent)
    except OSError as exc:
        raise InputError(f"cannot write in {target.parent}: {exc.strerror}") from None
    os.close(fd)
    return Path(tmp)


def commit(tmp: str | os.PathLike[str], target: str | os.PathLike[str]) -> Path:
    """Give the temp file a new file's usual permissions and rename it over the target."""
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600
    os.replace(tmp, target)
    return Path(target)


def atomic_write(target: str | os.PathLike[str], write: Callable[[str], None]) -> Path:
    """Call ``write(temp_path)`` for a temp file beside `target`, then rename it over `target`."""
    tmp = temp_beside(target)
    try:
        write(str(tmp))
        return commit(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or (a.exists() and b.exists() and os.path.samefile(a, b))
    except OSError:
        return False


def refuse_input_as_output(output: str | os.PathLike[str], inputs: object) -> None:
    """Refuse an output path that is one of the inputs (after resolving links), whatever --force says.

    `inputs` are paths, or directories whose files are read (a report folder): an output inside
    one of those is refused too. ``-`` (stdin/stdout) is never compared.
    """
    if str(output) == "-":
        return
    out = Path(output).expanduser()
    for item in inputs if isinstance(inputs, (list, tuple)) else [inputs]:
        if item is None or not isinstance(item, (str, os.PathLike)) or str(item) == "-":
            continue
        src = Path(item).expanduser()
        inside = src.is_dir() and out.resolve().is_relative_to(src.resolve())
        if _same_file(out, src) or (inside and out.resolve().exists()):
            raise InputError(f"{out} is also an input; write the output to another path")
