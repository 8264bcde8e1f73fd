"""The map's place search index: every spelling of every mapped place, as the resolver's own keys.

Keys are made in Python with the gazetteer's functions (`gazetteer.normalize`: ``normalize``,
``variant_key``, ``skeletons``), so "كفرنبل", "Kafranbel" and "Kafr Nabl" share the skeleton
``kfrnbl``. The page computes the same keys for the typed query with ``templates/search.js``, a
port of those functions that the browser tests check against Python on thousands of names.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import pandas as pd

from gazetteer.normalize import _LATIN_ARTICLES, GENERIC_WORDS, normalize, skeletons, variant_key

__all__ = ["name_keys", "search_index", "search_tables", "titles_for"]


@lru_cache(maxsize=100_000)
def name_keys(text: str) -> tuple[str, ...]:
    """The search keys of one spelling: ``n:`` normalized, ``v:`` variant key, ``s:`` skeletons."""
    if not text or not text.strip():
        return ()
    keys = [f"n:{normalize(text)}", f"v:{variant_key(text)}", *(f"s:{s}" for s in sorted(skeletons(text)))]
    return tuple(k for k in dict.fromkeys(keys) if len(k) > 2)


def search_index(rows: pd.DataFrame) -> list[dict[str, Any]]:
    """One entry ({t: title, i: first marker, k: keys}) per place title, with the keys of all its spellings.

    ``rows`` has one row per mapped marker: ``title`` (what the search list shows, "" to leave the
    row out) and any number of spelling columns (English and Arabic names, the original text, the
    matched spelling). Each distinct (title, spellings) combination is keyed once.
    """
    titles = rows["title"].astype(str).to_numpy(dtype=object)
    first: dict[str, int] = {}
    values: dict[str, set[str]] = {}
    for col in (c for c in rows.columns if c != "title"):
        # distinct (title, spelling) pairs first: 100k markers usually name a few thousand places
        for title, value in set(zip(titles.tolist(), rows[col].tolist(), strict=True)):
            if title and isinstance(value, str) and value:
                values.setdefault(title, set()).add(value)
    for i, title in enumerate(titles.tolist()):
        if title in values and title not in first:
            first[title] = i
    out = []
    for title, row in first.items():
        found = sorted({k for v in values[title] for k in name_keys(v)})
        if found:
            out.append({"t": title, "i": row, "k": found})
    return out


def search_tables() -> dict[str, Any]:
    """The word tables the JavaScript port needs (generic words, Latin articles), from the gazetteer."""
    return {"generic": dict(sorted(GENERIC_WORDS.items())), "articles": sorted(_LATIN_ARTICLES)}


def titles_for(names: pd.Series, names_ar: pd.Series | None, admin1: pd.Series | None) -> pd.Series:
    """Search titles: "Kafr Nabl · كفر نبل — Idlib" (the governorate tells same-named places apart)."""
    def text(series: pd.Series | None) -> pd.Series:
        if series is None:
            return pd.Series("", index=names.index)
        return series.astype("string").fillna("").str.strip().astype(object)

    name, ar, adm = text(names), text(names_ar), text(admin1)
    title = name.where(name != "", ar)
    title = title.where((ar == "") | (name == ""), title + " · " + ar)
    return title.where((adm == "") | (adm == name) | (title == ""), title + " — " + adm)
