"""Syrian place names: the gazetteer built from reference data, and name resolution with confidence.

>>> import gazetteer
>>> gazetteer.resolve("Khan Sheikhoun").name
'Khan Shaykhun'

The names below are imported on first use (PEP 562), so ``import gazetteer`` stays cheap: pandas,
geopandas and shapely load only when a call needs them.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from gazetteer.aliases import Aliases, load_aliases
    from gazetteer.batch import match_many, resolve_many
    from gazetteer.build import build
    from gazetteer.exc import CacheError, InputError, SourceError, SyrmapError
    from gazetteer.index import Gazetteer, load
    from gazetteer.protocol import GazetteerLike
    from gazetteer.resolve import candidates, resolve, resolve_place_id
    from gazetteer.types import Alternative, Match

_HOMES = {
    "Aliases": "aliases", "load_aliases": "aliases",
    "match_many": "batch", "resolve_many": "batch",
    "build": "build",
    "CacheError": "exc", "InputError": "exc", "SourceError": "exc", "SyrmapError": "exc",
    "Gazetteer": "index", "load": "index", "GazetteerLike": "protocol",
    "candidates": "resolve", "resolve": "resolve", "resolve_place_id": "resolve",
    "Alternative": "types", "Match": "types",
}
__all__ = [
    "Alternative", "Aliases", "CacheError", "Gazetteer", "GazetteerLike", "InputError", "Match", "SourceError",
    "SyrmapError",
    "build", "candidates", "load", "load_aliases", "match_many", "resolve", "resolve_many", "resolve_place_id",
]




class _Package(types.ModuleType):
    """Keeps `gazetteer.resolve` and `gazetteer.build` the functions once their submodules load.

    Importing a submodule sets it as an attribute of the package; with eager imports the
    ``from gazetteer.resolve import resolve`` line came after and won, lazily nothing would.
    """

    def __setattr__(self, name: str, value: Any) -> None:
        if isinstance(value, types.ModuleType) and _HOMES.get(name) == name:
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        try:  # a submodule not imported yet: `gazetteer.batch`
            return importlib.import_module(f"gazetteer.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"gazetteer.{name}":
                raise
            raise AttributeError(f"module 'gazetteer' has no attribute {name!r}") from None
    value = getattr(importlib.import_module(f"gazetteer.{home}"), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_HOMES])
