"""The map's place search index: every spelling of every mapped place, as the resolver's own keys.

Keys are made in Python with the gazetteer's functions (`gazetteer.normalize`: ``normalize``,
``variant_key``, ``skeletons``), so "كفرنبل", "Kafranbel" and "Kafr Nabl" share the skeleton
``kfrnbl``. The page computes the same keys for the typed query with ``templates/search.js``, a
port of those functions that the browser tests check against Python on thousands of names.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from gazetteer.normalize import _LATIN_ARTICLES, GENERIC_WORDS, normalize, skeletons, variant_key

__all__ = ["name_keys", "search_index", "search_tables", "titles_for"]


def name_keys(text: str) -> list[str]:
    """The search keys of one spelling: ``n:`` normalized, ``v:`` variant key, ``s:`` skeletons."""
    if not text or not text.strip():
        return []
    keys = [f"n:{normalize(text)}", f"v:{variant_key(text)}", *(f"s:{s}" for s in sorted(skeletons(text)))]
    return [k for k in dict.fromkeys(keys) if len(k) > 2]


def search_index(rows: pd.DataFrame) -> list[dict[str, Any]]:
    """One entry ({t: title, i: first marker, k: keys}) per place title, with the keys of all its spellings.

    ``rows`` has one row per mapped marker: ``title`` (what the search list shows, "" to leave the
    row out) and any number of spelling columns (English and Arabic names, the original text, the
    matched spelling). Each distinct (title, spellings) combination is keyed once.
    """
    rows = rows.assign(row_=range(len(rows)))
    rows = rows[rows["title"].astype(str) != ""]
    spellings = [c for c in rows.columns if c not in ("title", "row_")]
    distinct = rows.drop_duplicates(subset=["title", *spellings])
    entries: dict[str, dict[str, Any]] = {}
    for rec in distinct.itertuples(index=False):
        row = rec._asdict()
        entry = entries.setdefault(row["title"], {"t": row["title"], "i": int(row["row_"]), "k": set()})
        for col in spellings:
            if isinstance(row[col], str):
                entry["k"].update(name_keys(row[col]))
    return [{**e, "k": sorted(e["k"])} for e in entries.values() if e["k"]]


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


def search_tables() -> dict[str, Any]:
    """The word tables the JavaScript port needs (generic words, Latin articles), from the gazetteer."""
    return {"generic": dict(sorted(GENERIC_WORDS.items())), "articles": sorted(_LATIN_ARTICLES)}
