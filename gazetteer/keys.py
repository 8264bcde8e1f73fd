"""Blocking keys: every name's exact, variant, skeleton and skeleton-deletion keys, sorted for lookup.

A query only ever meets the names that share one of its keys, so no query scans the whole gazetteer.
Deletion keys (each skeleton with one letter removed, SymSpell style) find names one edit away.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Sequence
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np

from gazetteer.normalize import normalize, skeletons, variant_key

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["build_keys", "KeyIndex", "query_keys", "strong_keys", "skeleton_keys", "fuzzy_keys", "deletes", "union",
           "distinct", "runs"]

# Skeletons shorter than this are too common to be worth a deletion neighbourhood.
MIN_DELETE_LEN = 4
# Nor are those longer than any name's (deletion keys cost the square of the length: a 50k-letter
# cell made 2.2 GB of them).
MAX_DELETE_LEN = 40


def deletes(skel: str) -> set[str]:
    """The skeleton with each single letter removed (none for very short or very long skeletons)."""
    if not MIN_DELETE_LEN <= len(skel) <= MAX_DELETE_LEN:
        return set()
    return {skel[:i] + skel[i + 1:] for i in range(len(skel))}


def _name_keys(name: str) -> list[str]:
    out = {f"n:{normalize(name)}", f"v:{variant_key(name)}"}
    for skel in skeletons(name):
        out.add(f"s:{skel}")
        out.update(f"d:{d}" for d in deletes(skel))
    return [k for k in out if len(k) > 2]


def strong_keys(text: str) -> list[str]:
    """The keys of names spelled as the query (its normal form) or as a variant of it (its variant key)."""
    return [f"n:{normalize(text)}", f"v:{variant_key(text)}"]


def skeleton_keys(skels: frozenset[str]) -> list[str]:
    """The keys of names sharing one of these consonant skeletons."""
    return [f"s:{s}" for s in skels]


def fuzzy_keys(skels: frozenset[str]) -> list[str]:
    """The deletion keys of these skeletons, both ways: one letter too many or one missing in the query."""
    fuzzy = set()
    for skel in skels:
        dels = deletes(skel)
        fuzzy.update(f"d:{d}" for d in dels)  # one letter too many in the query
        fuzzy.update(f"s:{d}" for d in dels)
        if MIN_DELETE_LEN - 1 <= len(skel) <= MAX_DELETE_LEN:
            fuzzy.add(f"d:{skel}")  # one letter missing in the query
    return sorted(fuzzy)


def query_keys(text: str) -> dict[str, list[str]]:
    """The keys a query looks up, by kind: exact, variant, skeleton, and fuzzy (deletions both ways)."""
    skels = skeletons(text)
    exact, variant = strong_keys(text)
    return {"exact": [exact], "variant": [variant], "skeleton": skeleton_keys(skels), "fuzzy": fuzzy_keys(skels)}


def union(*arrays: np.ndarray) -> np.ndarray:
    """The sorted distinct values of these integer arrays (np.union1d without np.unique, which imports
    numpy.ma on first use, ~50 ms of a one-name lookup, and costs more per call on the few rows of a key)."""
    values = np.sort(np.concatenate(arrays)) if len(arrays) > 1 else np.sort(arrays[0])
    if len(values) < 2:
        return values
    return values[np.concatenate(([True], values[1:] != values[:-1]))]


def distinct(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The sorted distinct values and, for each value, where it is among them (np.unique's return_inverse
    without np.unique, which imports numpy.ma on first use: ~50 ms of a one-name lookup)."""
    order = np.argsort(values, kind="stable")
    ordered = values[order]
    new = np.concatenate(([True], ordered[1:] != ordered[:-1])) if len(values) else np.zeros(0, dtype=bool)
    which = np.empty(len(values), dtype=np.int64)
    which[order] = np.cumsum(new) - 1
    return ordered[new], which


def runs(starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """The indexes start[i], start[i] + 1, … (counts[i] of them) for every i, laid end to end."""
    offsets = np.cumsum(counts) - counts
    return np.arange(int(counts.sum()), dtype=np.int64) + np.repeat(starts - offsets, counts)


def build_keys(names: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray]:
    """Distinct keys (sorted) with the [start, stop) slice of their name rows in one flat int32 array."""
    import pandas as pd  # the build's tool; a query only reads the index

    keys = [_name_keys(n) for n in names["name"]]
    pairs = pd.DataFrame({"key": keys, "name": np.arange(len(names), dtype=np.int32)}).explode("key").dropna()
    pairs = pairs.drop_duplicates().sort_values(["key", "name"], kind="stable")
    key = pairs["key"].to_numpy(dtype=object)
    first = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
    stop = np.r_[first[1:], len(key)]
    table = pd.DataFrame({"key": key[first].astype(str), "start": first, "stop": stop})
    return table, pairs["name"].to_numpy(dtype=np.int32)


class KeyIndex:
    """Key → name rows. `keys` is sorted: a few look-ups bisect it; a batch builds a hash table first.

    `keys` is any sorted sequence of str (an Arrow string array as loaded, or a NumPy array): a one-name
    lookup then never converts the ~280k keys to Python strings.
    """

    # Keys looked up by bisecting before the hash table is built: building it costs ~0.1 s, bisecting
    # one key ~16 µs (18 probes), so 2,000 keys cost a third of it. A one-name `syrmap resolve` looks
    # up a few dozen; a batch (`lookup_pairs` for a whole column) thousands at once.
    HASH_AFTER = 2_000

    def __init__(self, keys: Any, start: np.ndarray, stop: np.ndarray, rows: np.ndarray) -> None:
        self.keys = keys
        self.start = start
        self.stop = stop
        self.rows = rows
        self._probed = 0

    @cached_property
    def _position(self) -> dict[str, int]:
        keys = self.keys.to_pylist() if hasattr(self.keys, "to_pylist") else self.keys.tolist()
        return dict(zip(keys, range(len(keys))))

    @cached_property
    def _probe(self) -> Sequence[str]:
        return _ArrowStrings(self.keys) if hasattr(self.keys, "to_pylist") else self.keys

    def warm_up(self) -> None:
        """Build the hash table now (a long-running process would have built it by its own lookups)."""
        self._position  # noqa: B018 - the cached property is the work

    def _positions(self, keys: list[str]) -> tuple[list[int] | np.ndarray, list[int] | np.ndarray]:
        """(which of `keys` are known, their positions in the index)."""
        self._probed += len(keys)
        if self._probed > self.HASH_AFTER or "_position" in self.__dict__:
            position = self._position
            if len(keys) > 64:  # a batch's keys: mark the unknown ones and select on arrays
                found = np.fromiter(map(position.get, keys, itertools.repeat(-1)), dtype=np.int64, count=len(keys))
                known = np.flatnonzero(found >= 0)
                return known, found[known]
            hits = [(i, p) for i, p in enumerate(map(position.get, keys)) if p is not None]
        else:
            probe, n = self._probe, len(self.keys)
            hits = []
            for i, key in enumerate(keys):
                at = bisect.bisect_left(probe, key)
                if at < n and probe[at] == key:
                    hits.append((i, at))
        return [i for i, _ in hits], [p for _, p in hits]

    def lookup(self, keys: list[str]) -> np.ndarray:
        """Name rows for the given keys (duplicates removed)."""
        parts = [self.rows[self.start[p]:self.stop[p]] for p in self._positions(keys)[1]]
        if not parts:
            return np.empty(0, dtype=np.int32)
        return parts[0] if len(parts) == 1 else union(*parts)

    def knows(self, keys: list[str]) -> bool:
        """Whether some name has one of these keys (every key in the index has at least one name)."""
        return len(self._positions(keys)[0]) > 0

    def lookup_pairs(self, keys: list[str], owners: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Every (owner, name row) that the keys find, `owners[i]` owning `keys[i]`: two aligned arrays,
        in key order, duplicates kept. One pass for a whole batch of queries' keys."""
        known, at = self._positions(keys)
        start, stop = self.start[at].astype(np.int64), self.stop[at].astype(np.int64)
        sizes = stop - start
        return np.repeat(np.asarray(owners)[known], sizes), self.rows[runs(start, sizes)]


class _ArrowStrings(Sequence):
    """An Arrow string array seen as a Python sequence of str, one element converted per access."""

    def __init__(self, array: Any) -> None:
        self._array = array

    def __len__(self) -> int:
        return len(self._array)

    def __getitem__(self, i):  # bisect passes ints only
        return self._array[i].as_py()
