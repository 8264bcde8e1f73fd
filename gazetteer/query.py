"""Split a raw place string into the name and what surrounds it: type words, relations, qualifiers.

"Khan Shaykhun village" is the name "Khan Shaykhun" with a kind hint; "Kafr Nabudah, Hama countryside"
carries an area hint; "near Morek" is Morek with a relation; "محور تل ملح" is Tal Malah as an axis.

Examples
--------
>>> q = parse_query("Khan Shaykhun village")
>>> (q.name, q.kind)
('Khan Shaykhun', 'village')
>>> q = parse_query("Kafr Nabudah, Hama countryside")
>>> (q.name, q.qualifiers)
('Kafr Nabudah', ('Hama countryside',))
>>> q = parse_query("محور تل ملح")
>>> (q.name, q.axis)
('تل ملح', True)
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from gazetteer.normalize import normalize, script_of

__all__ = ["ParsedQuery", "parse_query", "PLACEHOLDERS", "is_placeholder"]

# Cell values that mean "no place given".
def _placeholders() -> frozenset[str]:
    text = resources.files("gazetteer").joinpath("data/placeholders.txt").read_text(encoding="utf-8")
    return frozenset(normalize(line) for line in text.splitlines() if line.strip() and not line.startswith("#"))


PLACEHOLDERS = _placeholders()
# The longest Syrian place name with its qualifiers is under 100 characters; a longer cell is text.
MAX_NAME_CHARS = 300
# No place is named by one letter ("B", "ب"); matched anyway, one letter fits a dozen names by skeleton.
MIN_NAME_CHARS = 2


def is_placeholder(text: str) -> bool:
    """True when a cell is blank, has no letter or digit, or says 'unknown' in some form (placeholders.txt)."""
    norm = normalize(text)
    return not norm or norm in PLACEHOLDERS


@dataclass(frozen=True)
class ParsedQuery:
    """The name to look up and the hints found around it."""

    raw: str
    name: str
    kind: str = ""
    relation: str = ""
    axis: bool = False
    qualifiers: tuple[str, ...] = ()
    # "A - B", two parts and a spaced dash: B is a qualifier of A ("Saraqib - Idlib") or a place inside
    # it ("Damascus - Jobar"); the resolver tries both readings.
    after_dash: str = ""
    # A road named by the two places it joins ("Road between Ariha and Jisr ash Shughur"; kind "road").
    ends: tuple[str, ...] = ()


@lru_cache(maxsize=1)
def _words() -> tuple[dict[str, str], dict[str, str], tuple[str, ...]]:
    text = resources.files("gazetteer").joinpath("data/type_words.csv").read_text(encoding="utf-8")
    types, relations, axes = {}, {}, set()
    for row in csv.DictReader(line for line in text.splitlines() if not line.startswith("#")):
        word = normalize(row["word"])
        if row["role"] == "type":
            types[word] = row["kind"]
        elif row["role"] == "relation":
            relations[word] = row["kind"]
        else:
            axes.add(word)
    # Longest phrase first, so "near the village of" is peeled before "near" (_strip_words).
    def longest_first(words):
        return sorted(words, key=len, reverse=True)

    return ({w: types[w] for w in longest_first(types)}, {w: relations[w] for w in longest_first(relations)},
            tuple(longest_first(axes)))


_PAREN_RE = re.compile(r"\(([^)]*)\)|\[([^\]]*)\]")
# Separators between a name and a qualifier: punctuation, spaced dashes, and "in"/"في" ("X in west
# Aleppo countryside", "X في ريف حلب الغربي").
_SPLIT_RE = re.compile(r"\s*[,،;/]\s*|\s+-\s+|\s+–\s+|\s*:\s+|\s+(?:in|in the|within|في)\s+", re.IGNORECASE)
# What every match of _SPLIT_RE holds: a string without any is one part (a cheap test; most names have none).
_MAY_SPLIT_RE = re.compile(r"[,،;/:\-–]|\s(?:in|within|في)\s", re.IGNORECASE)
_DASH_RE = re.compile(r"\s+[-–]\s+")
_ARTICLE_OF_RE = re.compile(r"^(?:the\s+)?(village|town|city|neighbou?rhood|district|area|outskirts|vicinity)\s+of\s+",
                            re.IGNORECASE)


_ByFirst = dict[str, tuple[tuple[int, str], ...]]


@lru_cache(maxsize=1)
def _first_words() -> tuple[_ByFirst, _ByFirst, _ByFirst]:
    """For each of _words()' tables: its phrases by their first word, each with its place in the table."""
    out = []
    for table in _words():
        by_first: dict[str, list[tuple[int, str]]] = {}
        for at, phrase in enumerate(table):
            by_first.setdefault(phrase.split(" ", 1)[0], []).append((at, phrase))
        out.append({w: tuple(v) for w, v in by_first.items()})
    return out[0], out[1], out[2]


@lru_cache(maxsize=1)
def _peelable() -> frozenset[str]:
    """Every word that starts a type word, relation or axis phrase: a name holding none has nothing to peel."""
    return frozenset(word for table in _first_words() for word in table)


def _strip_words(norm: str, by_first: _ByFirst, *, leading: bool, trailing: bool):
    """Remove one known word/phrase (`_first_words`) from the start and/or end of a normalized string."""
    found = []
    # Only a phrase whose first word is a word of `norm` can match, before or after stripping (only
    # whole words are stripped): try those, in their table's order (longest first, as _words builds them).
    maybe = [hit for word in set(norm.split()) if word in by_first for hit in by_first[word]]
    if not maybe:  # most names hold no type word, relation or axis word
        return norm, found
    maybe.sort()
    for _, phrase in maybe:
        if leading and (norm == phrase or norm.startswith(phrase + " ")) and len(norm) > len(phrase) + 1:
            found.append(phrase)
            norm = norm[len(phrase) + 1:]
        if trailing and norm.endswith(" " + phrase):
            found.append(phrase)
            norm = norm[: -len(phrase) - 1]
    return norm, found


def _either(words) -> str:
    """A regex alternation of these words, longest first."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def _road_patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern, re.Pattern]:
    """(any road word: a cheap first test, road between A and B, "A - B road", "طريق A - B"), from the
    lexicon's road words."""
    from gazetteer.lexicon import lexicon

    lex = lexicon()
    road, between = _either(lex["road_words"]), _either(lex["road_between"])
    glued = _either(w for w in lex["road_and"] if script_of(w) == "ar")  # Arabic و sticks to the next word
    spaced = _either(w for w in lex["road_and"] if script_of(w) != "ar")
    return (re.compile(road, re.IGNORECASE),
            re.compile(rf"^(?:\S+\s+)?(?:{road})(?:\s+\S+)?\s+(?:{between})\s+(?P<a>.+?)"
                       rf"(?:\s+(?:{spaced})\s+|\s+(?:{glued}))(?P<b>\S.*)$", re.IGNORECASE),
            re.compile(rf"^(?P<ends>.+?[-–].+?)\s+(?:{road})\b(?P<rest>.*)$", re.IGNORECASE),
            re.compile(rf"^(?:{road})\s+(?P<ends>.+?[-–].+)$", re.IGNORECASE))


def _two_ends(text: str) -> tuple[str, str] | None:
    """ "A - B" / "A-B" as (A, B): at a spaced dash, else at the first hyphen that does not join an article
    to its word ("Maarrat al-Numan-Saraqib" is Maarrat al-Numan and Saraqib)."""
    from gazetteer.lexicon import lexicon

    parts = _DASH_RE.split(text.strip(), maxsplit=1)
    if len(parts) == 2 and parts[0] and parts[1]:
        return parts[0], parts[1]
    articles = {a.lower() for a in lexicon()["english_articles"]}
    for hyphen in re.finditer(r"[-–]", text):
        left, right = text[:hyphen.start()].strip(), text[hyphen.end():].strip()
        if left and right and left.split()[-1].lower() not in articles:
            return left, right
    return None


def _road(body: str) -> tuple[tuple[str, str], list[str]] | None:
    """The two places a road is named by and the qualifiers after it, or None when it is no such road."""
    _, between, after, before = _road_patterns()
    if m := between.match(body):
        last = [p for p in _SPLIT_RE.split(m["b"]) if p.strip()]
        return (m["a"].strip(), last[0].strip()), last[1:]
    m = after.match(body) or before.match(body)
    ends = _two_ends(m["ends"]) if m else None
    if ends is None:
        return None
    rest = m.groupdict().get("rest") or ""
    return ends, [p for p in _SPLIT_RE.split(rest) if p.strip()]


def parse_query(text: str) -> ParsedQuery:
    """Separate the place name from type words, relations, axis words and qualifiers."""
    raw = str(text)
    if "(" in raw or "[" in raw:
        qualifiers = [a or b for a, b in _PAREN_RE.findall(raw)]
        body = _PAREN_RE.sub(" ", raw).strip()
    else:  # most names: no bracketed qualifier to take out
        qualifiers, body = [], raw.strip()
    if _road_patterns()[0].search(body) and (road := _road(body)) is not None:
        ends, after = road
        return ParsedQuery(raw=raw, name=body, kind="road", ends=ends,
                           qualifiers=tuple(q.strip() for q in (*after, *qualifiers) if q.strip()))
    if _MAY_SPLIT_RE.search(body):
        parts = [p for p in _SPLIT_RE.split(body) if p.strip()]
    else:
        parts = [body] if body else []
    if not parts:
        return ParsedQuery(raw=raw, name="", qualifiers=tuple(q.strip() for q in qualifiers if q.strip()))
    dashed = len(parts) == 2 and _DASH_RE.fullmatch(body, len(parts[0]), len(body) - len(parts[1])) is not None
    after_dash = parts[1].strip() if dashed else ""
    head, qualifiers = parts[0], tuple(q.strip() for q in (*parts[1:], *qualifiers) if q.strip())
    head = _ARTICLE_OF_RE.sub("", head.strip())
    norm = normalize(head)
    if _peelable().isdisjoint(norm.split()):  # most names: nothing around the name to peel
        return ParsedQuery(raw=raw, name=head.strip(), qualifiers=qualifiers, after_dash=after_dash)
    types, relations, _ = _words()
    by_type, by_relation, by_axis = _first_words()
    kind = relation = ""
    axis = False
    for _ in range(3):  # "near the village of X", "X town axis": peel a few layers
        norm, rel = _strip_words(norm, by_relation, leading=True, trailing=False)
        relation = relation or (relations[rel[0]] if rel else "")
        norm, ax = _strip_words(norm, by_axis, leading=True, trailing=True)
        axis = axis or bool(ax)
        norm, typ = _strip_words(norm, by_type, leading=True, trailing=True)
        kind = kind or next((types[t] for t in typ if types[t]), "")
        if not (rel or ax or typ):
            break
    # Keep the user's spelling where nothing was stripped, else the normalized remainder.
    name = head.strip() if norm == normalize(head) else norm
    if script_of(name) == "latn" and name.islower() and norm != normalize(head):
        name = name.title()
    return ParsedQuery(raw=raw, name=name, kind=kind, relation=relation, axis=axis, qualifiers=qualifiers,
                       after_dash=after_dash)
