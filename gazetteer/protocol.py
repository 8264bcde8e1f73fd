"""The one seam between the gazetteer and the code that uses it: what `geo` and `maps` may ask of one.

Every function that needs places takes ``gazetteer=`` (default: ``gazetteer.load()``), typed
`GazetteerLike`. The real `gazetteer.Gazetteer` satisfies it; a test fake does too by subclassing
`Derived` (for `cached`) and giving the few methods and tables the code under test reads.
Everything computed from a gazetteer (admin and region indexes, the name automaton, the hint cache,
resolution memos) hangs off it through `cached`, so it dies with it: a rebuilt or other gazetteer
never sees another's answers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, runtime_checkable

if TYPE_CHECKING:
    from gazetteer.types import Match

__all__ = ["Derived", "GazetteerLike"]

T = TypeVar("T")


class Derived:
    """``cached(what, build)``: `build(self)` computed once per object and kept on it."""

    def cached(self, what: str, build: Callable[[Any], T]) -> T:
        # vars(): a plain instance dict (also under SimpleNamespace), gone with the object.
        store = vars(self).setdefault("_derived", {})
        if what not in store:
            store[what] = build(self)
        return store[what]

    def forget(self) -> None:
        """Drop everything derived from this object (benchmarks and tests that need a cold start)."""
        vars(self).pop("_derived", None)


@runtime_checkable
class GazetteerLike(Protocol):
    """What callers may use. Spatial helpers (`geo.admin_for`, `geo.region_of`, maps) also read the
    tables `places`, `names`, `admin_areas`, `outline`; a fake gives those it needs."""

    def resolve(self, text: object, **options: Any) -> Match: ...

    def match_many(self, texts: Iterable[Any], **options: Any) -> list[Match]: ...

    def cached(self, what: str, build: Callable[[Any], T]) -> T: ...


def or_default(gazetteer: GazetteerLike | None = None) -> GazetteerLike:
    """`gazetteer` if given, else the process-wide `gazetteer.load()` (memoised, so cheap to call)."""
    if gazetteer is not None:
        return gazetteer
    from gazetteer.index import load

    return load()
