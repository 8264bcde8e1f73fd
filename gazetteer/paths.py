"""Where the raw reference data and the built cache live (argument > environment > default)."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["data_dir", "cache_dir"]

_ENV_DATA = "SYRMAP_DATA"
_ENV_CACHE = "SYRMAP_CACHE"


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
