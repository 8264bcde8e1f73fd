"""Is the built cache current? The source manifest, the rebuild test and the build lock.

Kept apart from `gazetteer.build` (pandas, geopandas) because every load asks these questions: a warm
`syrmap resolve` must answer them without importing a data-frame library. The test is cheap: the manifest
keeps each source file's size and modification time beside its hash, and only a file whose stamp moved
is hashed again (a copy, a touch, or a real change).
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

from gazetteer.exc import CacheError, SourceError
from gazetteer.integrity import file_digest

__all__ = ["SCHEMA_VERSION", "build_lock", "needs_rebuild", "source_manifest"]

SCHEMA_VERSION = 7  # 6: file stamps and the ownership marker; 7: tables as Arrow IPC (gazetteer.tables)
# What decides a rebuild; the rest of the manifest (report, stamps) only describes the build.
_BUILT_FROM = ("schema", "files", "project_data")


def _package_files() -> list[tuple[str, bytes]]:
    # The project's own data files and the code that builds from them: a change to either rebuilds.
    root = resources.files("gazetteer")
    files = [f for f in root.joinpath("data").iterdir() if f.is_file()]
    files += [f for f in root.iterdir() if f.name.endswith(".py")]
    files += [f for f in root.joinpath("sources").iterdir() if f.name.endswith(".py")]
    return sorted((f"{f.parent.name}/{f.name}", f.read_bytes()) for f in files)


def _sha256(path: Path) -> str:
    return file_digest(path, "sha256")  # SHA-256, as every manifest so far records sources


def source_manifest(source_dir: Path, known: dict | None = None) -> dict:
    """Hashes of every source file and of the project's own data files, plus the schema version.

    `known` is an earlier manifest: a file whose size and modification time match its ``source_stamps``
    entry keeps the hash recorded there instead of being read again.
    """
    if not source_dir.is_dir():
        raise SourceError(
            f"data directory {source_dir} not found; set SYRMAP_DATA, pass --source, or run `syrmap data fetch`"
        )
    # A damaged manifest may hold anything: only well-formed entries are trusted, the rest is re-hashed.
    seen, old = ((known or {}).get(k) for k in ("source_stamps", "files"))
    seen, old = (x if isinstance(x, dict) else {} for x in (seen, old))
    files, stamps = {}, {}
    for folder in sorted(p for p in source_dir.iterdir() if p.is_dir()):
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            name = str(path.relative_to(source_dir))
            st = path.stat()  # before reading: a write after it moves the stamp, so it is hashed next time
            stamp = [st.st_size, st.st_mtime_ns]
            files[name] = old[name] if seen.get(name) == stamp and name in old else _sha256(path)
            stamps[name] = stamp
    project = hashlib.sha256()
    for name, content in _package_files():
        project.update(name.encode() + b"\0" + content)
    return {"schema": SCHEMA_VERSION, "files": files, "project_data": project.hexdigest(), "source_stamps": stamps}


def needs_rebuild(cache: Path, source_dir: Path) -> bool:
    """True when the cache is missing, from another schema, or built from other source files."""
    try:
        built = json.loads((cache / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return True
    if not isinstance(built, dict):
        return True
    current = source_manifest(source_dir, known=built)
    return any(built.get(k) != current[k] for k in _BUILT_FROM)


@contextlib.contextmanager
def build_lock(cache_dir: Path) -> Iterator[None]:
    """An exclusive lock beside the cache directory, held while checking and building it."""
    try:
        cache_dir.parent.mkdir(parents=True, exist_ok=True)
        handle = open(cache_dir.with_name(cache_dir.name + ".lock"), "a")  # noqa: SIM115 (held until exit)
    except OSError as exc:
        raise CacheError(f"cannot use the cache directory {cache_dir}: {exc.strerror}") from None
    with handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
