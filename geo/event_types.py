"""One event-type vocabulary: any table or report label -> ACLED's canonical (event_type, sub_event_type).

The labels live in ``geo/data/event_types.csv`` (``label,event_type,sub_event_type``; ``#`` rows are
comments): ACLED's own names, everyday English, the report parser's names and Arabic. A label is
compared folded (case, spaces, ``_``, ``/``, punctuation, Arabic letter variants and diacritics), so
"Air strike", "air_strike" and "Airstrike" are one label. Unknown labels are kept as they are.

Examples
--------
>>> canonical_event_type("shelling")
('Explosions/Remote violence', 'Shelling/artillery/missile attack')
>>> canonical_event_type("غارة جوية")
('Explosions/Remote violence', 'Air/drone strike')
>>> canonical_event_type("Armed clash")
('Battles', 'Armed clash')
>>> canonical_event_type("Sniping") is None
True
"""

from __future__ import annotations

import csv
import functools
import re
import unicodedata
from importlib import resources

import pandas as pd

__all__ = ["EVENT_TYPES", "SUB_EVENT_TYPES", "canonical_event_type", "canonical_event_types", "fold_label"]

_DROP = re.compile(r"[\W_]+")
_ARABIC_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي"})
_UCDP_COLUMN = "typeofviolence"
_UCDP_PREFIX = "ucdp type_of_violence "


def fold_label(label: object) -> str:
    """A label folded for lookup: NFKC, casefold, Arabic variants folded, diacritics and non-letters dropped."""
    text = unicodedata.normalize("NFKD", str(label)).casefold()
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _DROP.sub("", unicodedata.normalize("NFKC", text).translate(_ARABIC_FOLD))


@functools.lru_cache(maxsize=1)
def _vocabulary() -> tuple[dict[str, tuple[str, str]], tuple[str, ...], tuple[tuple[str, str], ...]]:
    text = resources.files("geo").joinpath("data/event_types.csv").read_text("utf-8")
    table: dict[str, tuple[str, str]] = {}
    types: list[str] = []
    subs: list[tuple[str, str]] = []
    for row in csv.DictReader(line for line in text.splitlines() if not line.startswith("#")):
        etype, sub = row["event_type"].strip(), (row["sub_event_type"] or "").strip()
        table.setdefault(fold_label(row["label"]), (etype, sub))
        if row["label"].strip() == etype and etype not in types:
            types.append(etype)
        if sub and row["label"].strip() == sub:
            subs.append((etype, sub))
    return table, tuple(types), tuple(subs)


EVENT_TYPES: tuple[str, ...] = _vocabulary()[1]
"""ACLED's six event types, in ACLED's order."""
SUB_EVENT_TYPES: tuple[tuple[str, str], ...] = _vocabulary()[2]
"""ACLED's (event_type, sub_event_type) pairs, in ACLED's order."""


def canonical_event_type(label: object, *, column: str | None = None) -> tuple[str, str] | None:
    """ACLED's (event_type, sub_event_type) for a label ('' sub-type when the label names only the type).

    None for a missing or unknown label. ``column`` is the label's column name: UCDP's numeric
    ``type_of_violence`` codes are looked up only there.
    """
    if label is None or label is pd.NA or (isinstance(label, float) and label != label):
        return None
    text = str(label).strip()
    if column is not None and fold_label(column) == _UCDP_COLUMN:
        text = _UCDP_PREFIX + text.split(".")[0]  # "1", "1.0"
    return _vocabulary()[0].get(fold_label(text)) if text else None


def canonical_event_types(labels: pd.Series, *, column: str | None = None) -> pd.DataFrame:
    """`canonical_event_type` for a column (each distinct label once): event_type, sub_event_type, known.

    Unknown labels keep their text, stripped, as event_type, with ``known`` False; missing ones are "".
    """
    codes, uniques = pd.factorize(labels.astype("string").str.strip(), use_na_sentinel=True)
    rows = []
    for value in uniques:
        hit = canonical_event_type(value, column=column)
        rows.append((*hit, True) if hit else (str(value), "", False))
    table = pd.DataFrame(rows + [("", "", False)], columns=["event_type", "sub_event_type", "known"])
    return table.iloc[codes].set_index(labels.index)  # code -1 (missing) takes the last, empty row
