"""Where the raw reference data and the built cache live (argument > environment > default)."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["data_dir", "cache_dir", "check_cache_dir", "foreign_entries", "CACHE_MARKER", "CACHE_FILES"]

_ENV_DATA = "SYRMAP_DATA"
_ENV_CACHE = "SYRMAP_CACHE"
# A built cache holds this file: only a folder carrying it is ever replaced or deleted by a rebuild.
CACHE_MARKER = "SYRMAP_CACHE.txt"
# What a build writes; a folder holding only these (and the mention automata) is a cache built
# before the marker existed.
CACHE_FILES = ("places.arrow", "names.arrow", "keys.arrow", "key_rows.npy", "areas.parquet",
               "regions.parquet", "outline.wkb", "manifest.json")
# Written by earlier versions (the tables were Parquet until 2026-12): still ours when a rebuild meets them.
EARLIER_CACHE_FILES = ("places.parquet", "names.parquet", "keys.parquet")


def _default_data_dir() -> Path:
    # A fresh clone sits next to ../shared, so the documented data location is found without configuration.
    here = Path(__file__).resolve().parent.parent
    for candidate in (here.parent / "shared" / "data" / "raw", Path.cwd().parent / "shared" / "data" / "raw"):
        if candidate.is_dir():
            return candidate
    import platformdirs

    return Path(platformdirs.user_data_dir("syrmap")) / "raw"


def data_dir(path: str | os.PathLike[str] | None = None) -> Path:
    """The raw data directory: `path`, else $SYRMAP_DATA, else ../shared/data/raw, else the user data dir."""
    if path:
        return Path(path).expanduser()
    if os.environ.get(_ENV_DATA):
        return Path(os.environ[_ENV_DATA]).expanduser()
    return _default_data_dir()


def cache_dir(path: str | os.PathLike[str] | None = None) -> Path:
    """The cache directory for the built index: `path`, else $SYRMAP_CACHE, else the platform cache dir."""
    if path:
        return Path(path).expanduser()
    if os.environ.get(_ENV_CACHE):
        return Path(os.environ[_ENV_CACHE]).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir("syrmap"))


def _written_by_syrmap(name: str) -> bool:
    return (name in CACHE_FILES or name in EARLIER_CACHE_FILES or name == CACHE_MARKER
            or (name.startswith("mention_automaton_") and name.endswith(".pkl")))


def foreign_entries(path: Path) -> list[Path]:
    """What a cache folder holds that syrmap did not write (a file a user dropped there): a rebuild
    carries these over into the new cache instead of deleting them with the old one."""
    return sorted(p for p in path.iterdir() if not _written_by_syrmap(p.name))


def _unmarked_cache(path: Path) -> bool:
    names = {p.name for p in path.iterdir()}
    return "manifest.json" in names and all(_written_by_syrmap(n) for n in names)


def check_cache_dir(path: Path) -> None:
    """Refuse a cache path that syrmap may not replace: a file, or a non-empty folder it did not write."""
    from gazetteer.exc import CacheError

    if not path.exists() and not path.is_symlink():
        return
    if not path.is_dir():
        raise CacheError(f"the cache path {path} is not a directory; set SYRMAP_CACHE or --cache-dir to a "
                         "new or empty folder")
    if (path / CACHE_MARKER).is_file() or not any(path.iterdir()) or _unmarked_cache(path):
        return
    raise CacheError(f"{path} holds files that are not a syrmap cache; refusing to replace it: set "
                     "SYRMAP_CACHE or --cache-dir to a new or empty folder")
