"""Stamps of the files a build wrote (size, mtime, BLAKE2b), and the check a load makes against them.

The check must stay cheap (loading takes ~0.1 s): sizes and modification times are compared for
every file, and a file is hashed only when its time differs from the build's (a copy, or damage).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from gazetteer.exc import CacheError

__all__ = ["file_digest", "file_stamps", "check_stamps"]


def file_digest(path: Path, algorithm: str = "blake2b") -> str:
    """Hex digest of a file read in 1 MB chunks (BLAKE2b of 16 bytes by default, as the stamps use)."""
    h = hashlib.blake2b(digest_size=16) if algorithm == "blake2b" else hashlib.new(algorithm)
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def file_stamps(folder: Path) -> dict[str, dict[str, int | str]]:
    """Size, mtime and digest of every file in a freshly written cache folder (manifest excluded)."""
    stamps: dict[str, dict[str, int | str]] = {}
    for path in sorted(p for p in folder.iterdir() if p.is_file() and p.name != "manifest.json"):
        st = path.stat()
        stamps[path.name] = {"size": st.st_size, "mtime_ns": st.st_mtime_ns, "blake2b": file_digest(path)}
    return stamps


def check_stamps(folder: Path, stamps: dict[str, dict[str, int | str]]) -> None:
    """Raise CacheError naming the first file that is missing, resized or whose bytes changed."""
    if not stamps:
        raise CacheError(f"the gazetteer cache in {folder} has no file stamps (built by an older syrmap)")
    for name, want in stamps.items():
        path = folder / name
        try:
            st = path.stat()
        except OSError:
            raise CacheError(f"the gazetteer cache in {folder} lacks {name}") from None
        if st.st_size != want.get("size"):
            raise CacheError(f"{path} has {st.st_size} bytes, the build wrote {want.get('size')} (truncated or "
                             "replaced)")
        if st.st_mtime_ns != want.get("mtime_ns"):
            try:
                same = file_digest(path) == want.get("blake2b")
            except OSError as exc:
                raise CacheError(f"{path} is unreadable ({exc.strerror})") from None
            if not same:
                raise CacheError(f"{path} differs from what the build wrote (damaged)")
