"""Syrian place names: the gazetteer built from reference data, and name resolution with confidence.

>>> import gazetteer
>>> gazetteer.resolve("Khan Sheikhoun").name
'Khan Shaykhun'
"""

from gazetteer.aliases import Aliases, load_aliases
from gazetteer.batch import resolve_many
from gazetteer.build import build
from gazetteer.exc import CacheError, InputError, SourceError, SyrmapError
from gazetteer.index import Gazetteer, load
from gazetteer.resolve import candidates, resolve, resolve_place_id
from gazetteer.types import Alternative, Match

__all__ = [
    "Alternative", "Aliases", "CacheError", "Gazetteer", "InputError", "Match", "SourceError", "SyrmapError",
    "build", "candidates", "load", "load_aliases", "resolve", "resolve_many", "resolve_place_id",
]
