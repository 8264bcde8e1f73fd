"""Find place mentions in report text: one Aho-Corasick pass over every gazetteer name, plus trigger patterns.

Text and names go through the same normalization (`normalize_text`, built on `gazetteer.normalize.normalize`
one character at a time), so a hit in the normalized text is a gazetteer name, and an offset map takes it
back to the original characters.

Examples
--------
>>> index = NameIndex.from_names(["كفرنبل", "حاس", "Khan Shaykhun"])
>>> [m.surface for m in find_mentions("قصفت قوات النظام بلدات كفرنبل وحاس", index=index)]
['كفرنبل', 'حاس']
>>> [m.surface for m in find_mentions("لا حساسية في ذلك", index=index)]
[]
"""

from __future__ import annotations

import bisect
import hashlib
import os
import pickle
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import ahocorasick
import numpy as np
import yaml

from gazetteer.exc import SyrmapError
from gazetteer.fileio import atomic_write
from gazetteer.lexicon import lexicon
from gazetteer.normalize import arabic_articles, normalize
from gazetteer.protocol import or_default
from gazetteer.types import Match

if TYPE_CHECKING:
    from gazetteer.protocol import GazetteerLike

__all__ = [
    "Mention", "NormText", "NameIndex", "list_gap", "pattern_spec", "normalize_text", "name_index", "find_mentions",
    "area_triggers", "area_words", "skipping",
]

# Bump when the way keys are derived from names changes, so stale cached automatons are not reused.
_INDEX_VERSION = "3"
# Clause punctuation stays in the normalized text: a name never matches across a comma or full stop.
_BARRIERS = frozenset(".,;:!?()[]{}\"«»،؛؟")
_SPACE_RUN = re.compile(r" {2,}")


class _CharForms(dict):
    """Per-character normalized form, computed once per distinct character."""

    def __missing__(self, ch: str) -> str:
        if ch.isspace():
            form = " "
        elif ch in _BARRIERS:
            form = ch
        else:
            # Probe between two letters so the normalizer's strip/collapse cannot eat a separator.
            probe = normalize(f"a{ch}a")
            form = probe[1:-1] if len(probe) >= 2 and probe[0] == "a" and probe[-1] == "a" else normalize(ch)
        self[ch] = form
        return form


_FORMS = _CharForms()
# Obfuscation that splits an Arabic word to dodge filters: "قـ ـصف" (tatweel, space, tatweel) and
# "إصا.بة" (a dot between two letters). The separator is dropped, so the word is matched whole. Each
# pattern starts with the character it consumes, so the regex engine skips to candidates in C instead
# of trying a lookbehind at every character of a long text; the first needs a tatweel in the text.
_TATWEEL_GAP = re.compile(r"\u0640([ \t]+)(?=\u0640)")
_DOTTED_GAP = re.compile(r"[.·•*](?<=[\u0621-\u064a].)(?=[\u0621-\u064a])")


def _obfuscation_spans(text: str) -> list[tuple[int, int]]:
    spans = [m.span() for m in _DOTTED_GAP.finditer(text)]
    if "\u0640" in text:
        spans = sorted(spans + [m.span(1) for m in _TATWEEL_GAP.finditer(text)])
    return spans


def _forms(text: str) -> list[str]:
    forms = [_FORMS[c] for c in text]
    for a, b in _obfuscation_spans(text):
        for i in range(a, b):
            forms[i] = ""
    return forms


# Below this many characters a list of per-character forms costs less than the NumPy calls (measured:
# equal at ~300 characters, the NumPy path 2x faster at 1,000 and 5x at 5 MB).
_VECTOR_MIN = 1000


def _normalized_chars(text: str) -> tuple[np.ndarray, np.ndarray]:
    """The code points of `"".join(_forms(text))` and the length of each character's form, vectorized:
    each distinct character is looked up once (a 5 MB report has a few hundred), the text mapped in NumPy."""
    if len(text) < _VECTOR_MIN:
        forms = _forms(text)
        lengths = np.fromiter(map(len, forms), dtype=np.int64, count=len(forms))
        return np.frombuffer("".join(forms).encode("utf-32-le", "surrogatepass"), dtype=np.uint32), lengths
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    top = int(codes.max())
    if top < 1 << 16:  # a table as long as the largest code point: cheap below the emoji planes
        present = np.flatnonzero(np.bincount(codes))
        slot = np.zeros(top + 1, dtype=np.intp)
        slot[present] = np.arange(len(present))
        which = slot[codes]
    else:
        present, which = np.unique(codes, return_inverse=True)
    forms = [_FORMS[chr(c)] for c in present.tolist()]
    lengths = np.array([len(f) for f in forms], dtype=np.int64)[which]
    gaps = _obfuscation_spans(text)
    for a, b in gaps:  # the separators of an obfuscated word have no form
        lengths[a:b] = 0
    if all(len(f) <= 1 for f in forms):
        # One code point (or none) per character: the normalized text is a lookup and a mask.
        form_code = np.array([ord(f) if f else 0 for f in forms], dtype=np.uint32)
        return form_code[which][lengths > 0], lengths
    table = dict(zip(present.tolist(), forms, strict=True))
    pieces, pos = [], 0
    for a, b in gaps:
        pieces.append(text[pos:a].translate(table))
        pos = b
    pieces.append(text[pos:].translate(table))
    return np.frombuffer("".join(pieces).encode("utf-32-le", "surrogatepass"), dtype=np.uint32), lengths


def normalize_text(text: str) -> str:
    """Normalize text or a name for matching (same rules as `NormText`, without the offset map)."""
    # Names and words recur in every report: short strings are normalized once per process.
    return _normalize_short(text) if len(text) <= _SHORT else _normalize(text)


_SHORT = 64


def _normalize(text: str) -> str:
    return _SPACE_RUN.sub(" ", "".join(_forms(text))).strip()


_normalize_short = lru_cache(maxsize=1 << 17)(_normalize)


@dataclass(frozen=True)
class NormText:
    """Original text, its normalized form and, for each normalized character, its original index."""

    text: str
    norm: str
    origin: np.ndarray = field(repr=False)

    @classmethod
    def of(cls, text: str) -> NormText:
        """Normalize `text` keeping the offset map (spaces collapsed, as in `normalize_text`)."""
        if not text:
            return cls(text, "", np.zeros(0, dtype=np.int64))
        codes, lengths = _normalized_chars(text)
        origin = np.repeat(np.arange(len(text), dtype=np.int64), lengths)
        space = codes == 32
        keep = ~(space & np.concatenate(([True], space[:-1])))  # drop leading and repeated spaces
        norm = codes[keep].tobytes().decode("utf-32-le", "surrogatepass")
        return cls(text, norm, origin[keep])

    def span(self, nstart: int, nend: int) -> tuple[int, int]:
        """Original (start, end) of the normalized span [nstart, nend)."""
        return int(self.origin[nstart]), int(self.origin[nend - 1]) + 1

    def spans(self, nstarts: list[int], nends: list[int]) -> tuple[list[int], list[int]]:
        """`span` of many normalized spans in one call: their original starts and ends."""
        if not nstarts:
            return [], []
        starts = self.origin[np.asarray(nstarts, dtype=np.int64)]
        return starts.tolist(), (self.origin[np.asarray(nends, dtype=np.int64) - 1] + 1).tolist()

    def to_norm_pairs(self, pairs: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
        """Normalized (start, end) of original (start, end) spans."""
        flat = [p for pair in pairs for p in pair]
        if not flat:
            return []  # most texts have no web address: no NumPy round trip for nothing
        mapped = np.searchsorted(self.origin, np.asarray(flat, dtype=np.int64)).tolist()
        return list(zip(mapped[::2], mapped[1::2], strict=True))

    def to_norm(self, pos: int) -> int:
        """First normalized index at or after original index `pos`."""
        return int(np.searchsorted(self.origin, pos))

    def to_norm_many(self, positions: list[int]) -> list[int]:
        """`to_norm` of many positions in one call."""
        return np.searchsorted(self.origin, np.asarray(positions, dtype=np.int64)).tolist()

    @cached_property
    def latin_runs(self) -> list[tuple[int, int]]:
        """(start, end) in the original text of each run without Arabic letters that holds a capital A-Z."""
        return _latin_runs(self.text, ord("A"))

    @cached_property
    def lower_runs(self) -> list[tuple[int, int]]:
        """The same for runs that hold a lowercase a-z."""
        return _latin_runs(self.text, ord("a"))


def _latin_runs(text: str, first: int) -> list[tuple[int, int]]:
    """(start, end) of each maximal run of `text` without letters of the Arabic block (U+0600-U+06FF) that
    holds a letter first..first+25; one character more at the end, which a word boundary or lookahead
    there reads (the letter after the run). The English patterns consume no Arabic letter, so each of
    their matches lies in one run: an Arabic report's few English words are scanned, not all its text."""
    if len(text) < _VECTOR_MIN:
        return [(0, len(text))]  # scanning a short text whole costs less than finding its runs
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    arabic = np.flatnonzero((codes >= 0x600) & (codes <= 0x6FF))
    letters = np.flatnonzero((codes >= first) & (codes < first + 26))
    if not len(arabic):
        return [(0, len(text))] if len(letters) else []
    runs = np.unique(np.searchsorted(arabic, letters))  # the run before the k-th Arabic letter
    starts = np.where(runs > 0, arabic[np.maximum(runs - 1, 0)] + 1, 0)
    ends = np.where(runs < len(arabic), arabic[np.minimum(runs, len(arabic) - 1)] + 1, len(text))
    return list(zip(starts.tolist(), ends.tolist(), strict=True))


def _finditer_runs(rx: re.Pattern[str], text: str, runs: list[tuple[int, int]]) -> Iterable[re.Match[str]]:
    """`rx.finditer(text)` for a pattern that consumes no Arabic letter, run over `runs` only."""
    for start, end in runs:
        yield from rx.finditer(text, start, end)


# --- regexes that skip ahead ------------------------------------------------------------------------

try:  # the parser behind `re`: public as sre_parse up to Python 3.10, re._parser from 3.11
    from re import _parser as _sre
except ImportError:  # pragma: no cover - Python 3.10
    import sre_parse as _sre  # type: ignore[no-redef]

# Digits and spaces are few in text; a word character or a non-space stands almost everywhere, and a
# lookahead for one only adds a test at every character (measured: the actor pattern 0.6x).
_CLASS_ESCAPES = {_sre.CATEGORY_DIGIT: r"\d", _sre.CATEGORY_SPACE: r"\s"}
_REPEATS = tuple(getattr(_sre, op) for op in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") if hasattr(_sre, op))
_ZERO_WIDTH = (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT)


class _NoFirst(Exception):
    """The first characters of a pattern are not a short list (any character, a word character, a negated
    class, ...)."""


def _first_chars(seq: Any) -> tuple[set[str], bool]:
    """(class items any match of the parsed sequence `seq` can start with, whether it can match empty)."""
    out: set[str] = set()
    for op, av in seq:
        if op is _sre.LITERAL:
            return out | {re.escape(chr(av))}, False
        if op is _sre.IN:
            for item, value in av:
                if item is _sre.LITERAL:
                    out.add(re.escape(chr(value)))
                elif item is _sre.RANGE:
                    out.add(f"{re.escape(chr(value[0]))}-{re.escape(chr(value[1]))}")
                elif item is _sre.CATEGORY and value in _CLASS_ESCAPES:
                    out.add(_CLASS_ESCAPES[value])
                else:
                    raise _NoFirst(item)
            return out, False
        if op is _sre.BRANCH:
            empty = False
            for alternative in av[1]:
                chars, can_be_empty = _first_chars(alternative)
                out |= chars
                empty = empty or can_be_empty
            if not empty:
                return out, False
        elif op is _sre.SUBPATTERN:
            if av[1] or av[2]:
                raise _NoFirst(op)  # inline flags ("(?i:...)") change what a character matches
            chars, empty = _first_chars(av[3])
            out |= chars
            if not empty:
                return out, False
        elif op in _REPEATS:
            chars, empty = _first_chars(av[2])
            out |= chars
            if av[0] > 0 and not empty:
                return out, False
        elif op not in _ZERO_WIDTH:  # anchors and lookarounds consume nothing: the next item comes first
            raise _NoFirst(op)
    return out, True


def _own_prefix(seq: Any) -> bool:
    """Whether the regex engine finds the pattern's first character itself: it opens with a literal, a
    class, or alternatives that each open with a literal (what `re` compiles into a prefix scan), or it
    is anchored at the start."""
    while seq and seq[0][0] is _sre.SUBPATTERN and not (seq[0][1][1] or seq[0][1][2]):
        seq = seq[0][1][3]
    if not seq:
        return False
    op, av = seq[0]
    if op is _sre.AT and av in (_sre.AT_BEGINNING, _sre.AT_BEGINNING_STRING):
        return True  # anchored at the start: tried at one place only
    return op in (_sre.LITERAL, _sre.IN) or (
        op is _sre.BRANCH and all(alt and alt[0][0] is _sre.LITERAL for alt in av[1]))


def skipping(rx: re.Pattern[str]) -> re.Pattern[str]:
    """`rx` with a lookahead for the characters its matches can start with, when `re` cannot skip to them
    on its own (a pattern that opens with a lookbehind, an optional word or a group of words): the engine
    then tries the whole pattern only where such a character stands. Same matches, same groups.

    A long report is scanned by each of these patterns whole (role cues, entity heads, English names, event
    words, casualty figures, dates): measured on the dev texts and on 1 MB of the benchmark's 5 MB report,
    they scan 1.1-3.5x faster, the same matches found."""
    try:
        parsed = _sre.parse(rx.pattern, rx.flags)
        if _own_prefix(parsed.data):
            return rx
        chars, empty = _first_chars(parsed.data)
        if empty or not chars:
            return rx
        return re.compile(f"(?=[{''.join(sorted(chars))}])(?:{rx.pattern})", rx.flags)
    except (_NoFirst, re.error, RecursionError):
        return rx


@dataclass(frozen=True)
class Mention:
    """A place named in a text: original offsets, the gazetteer name found, its resolution and role."""

    surface: str
    start: int
    end: int
    name: str  # normalized name to resolve (a gazetteer name, or the trigger-found name)
    source: str  # 'gazetteer', 'trigger' or 'proper' (a capitalized name kept only if it resolves)
    # Kind of place the text says it is ('village', 'axis', 'countryside', ...); 'locative' for a name that
    # is not in the name list but follows "in"/"on"/"at"/"near".
    trigger: str = ""
    match: Match | None = field(default=None, compare=False)
    role: str = ""  # one of geo.report.ROLES once the report is parsed
    # The surface is also a common word or given name and nothing around it says "place": the report keeps
    # it only if the gazetteer knows it as a town, city or larger unit (a strong prior).
    common: bool = False

    def replaced(self, **changes: Any) -> Mention:
        """`dataclasses.replace(self, **changes)` without its generality (it validates and re-runs __init__):
        a long report gives each of its tens of thousands of mentions a match and a role this way."""
        fields = vars(self)
        for name in changes:
            if name not in fields:
                raise TypeError(f"Mention has no field {name!r}")
        new = object.__new__(type(self))
        vars(new).update(fields, **changes)
        return new

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict with the match flattened under 'match'."""
        return {
            "surface": self.surface, "start": self.start, "end": self.end, "name": self.name,
            "source": self.source, "trigger": self.trigger, "role": self.role, "common": self.common,
            "match": self.match.to_dict() if self.match is not None else None,
        }


# --- patterns -------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def pattern_spec() -> dict[str, Any]:
    """``geo/data/mention_patterns.yaml`` as written (parsed once; treat as read-only): the mention finder
    and the report's role rules both read it."""
    return yaml.safe_load(resources.files("geo").joinpath("data/mention_patterns.yaml").read_text("utf-8"))


@lru_cache(maxsize=1)
def _patterns() -> dict[str, Any]:
    raw = pattern_spec()
    lex = lexicon()
    words = lambda key: frozenset(normalize_text(w) for w in raw[key])  # noqa: E731
    triggers = {normalize_text(w): spec for w, spec in raw["arabic_triggers"].items()}
    return {
        "clitics": frozenset(normalize_text(w) for w in lex["arabic_clitics"]),
        "triggers": triggers,
        "compound": words("arabic_compound_prefixes"),
        "adjectives": words("arabic_name_adjectives"),
        "function": words("arabic_function_words"),
        "en_before": raw["english_before"],
        "en_after": raw["english_after"],
        "area_kinds": frozenset(raw["area_kinds"]),
        "rural": raw["english_rural"],
        "locative": raw["english_locative"],
        "target_verbs": raw["english_target_verbs"],
        "leading": frozenset(raw["english_leading_words"]),
        "bare_articles": tuple(raw["english_bare_articles"]),
        "en_compound": frozenset(raw["english_compound_prefixes"]),
        "articles": lex["english_articles"],
        "directions": lex["english_compass"],
        "not_places": frozenset(normalize_text(w) for w in lex["not_places"]),
        # Names that are a person or a date first: they need the evidence a common word needs.
        "words_first": frozenset(normalize_text(w) for w in lex["given_names"] + lex["calendar_words"]),
    }


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    text = resources.files("geo").joinpath("data/mention_stopwords.txt").read_text("utf-8")
    return frozenset(normalize_text(s) for s in text.splitlines() if s.strip() and not s.startswith("#"))


def name_adjectives() -> frozenset[str]:
    """Normalized adjectives that end a name ("الجديدة", "القديمة", "الكبرى", compass adjectives)."""
    return _patterns()["adjectives"]


def area_triggers() -> frozenset[str]:
    """Trigger kinds that make a mention an area (countryside, plain, mountain)."""
    return _patterns()["area_kinds"]


@lru_cache(maxsize=1)
def area_words() -> frozenset[str]:
    """Normalized words that turn a name into an area's name ("ريف", "countryside", "rural") and compass
    words ("الغربي", "northern"): what is left without them is the area's core place name."""
    pats, lex = _patterns(), lexicon()
    words = {w for w, spec in pats["triggers"].items() if spec.get("area")}
    words |= {w for w, kind in pats["en_after"].items() if kind in pats["area_kinds"]}
    words |= {normalize_text(w) for w in [*pats["rural"], *lex["english_compass"], *lex["arabic_compass"]]}
    return frozenset(words)


def _is_arabic(s: str) -> bool:
    return bool(s) and "\u0600" <= s[0] <= "\u06ff"


# --- the name automaton ---------------------------------------------------------------------------

# Flags stored with each key: a gazetteer name as written, a joined/spaced variant, an article-less stem.
_EXACT, _VARIANT, _STEM = 0, 1, 2

@lru_cache(maxsize=1)
def _joinable() -> tuple[str, ...]:
    return tuple(normalize_text(w) for w in lexicon()["joined_name_prefixes"])



def _keys_for(name: str) -> Iterable[tuple[str, int]]:
    key = normalize_text(name)
    if len(key.replace(" ", "")) < 2 or key.replace(" ", "").isdigit():
        return
    yield key, _EXACT
    if not _is_arabic(key):
        return
    first, _, rest = key.partition(" ")
    # "كفر نبل" is often written "كفرنبل" and vice versa.
    if rest and first in _joinable() and " " not in rest:
        yield first + rest, _VARIANT
    for prefix in _joinable():
        if " " not in key and key.startswith(prefix) and len(key) - len(prefix) >= 3:
            yield f"{prefix} {key[len(prefix):]}", _VARIANT
    # ل + ال is written لل: "للجبين" holds the name "الجبين" without its alef-lam.
    if key.startswith("ال") and len(key) >= 5:
        yield key[2:], _STEM


class NameIndex:
    """All gazetteer names in one pyahocorasick automaton, keyed by their normalized form."""

    def __init__(self, automaton: ahocorasick.Automaton, *, build_seconds: float = 0.0, cached: bool = False):
        self.automaton = automaton
        self.build_seconds = build_seconds
        self.cached = cached

    @classmethod
    def from_names(cls, names: Iterable[str]) -> NameIndex:
        """Build the automaton from surface names (gazetteer names and region names)."""
        t0 = time.perf_counter()
        entries: dict[str, tuple[str, int]] = {}
        for name in names:
            if not isinstance(name, str):
                continue
            canonical = normalize_text(name)
            for key, flag in _keys_for(name):
                # A real name beats a derived variant of another name with the same key.
                if key not in entries or flag < entries[key][1]:
                    entries[key] = (canonical, flag)
        automaton = ahocorasick.Automaton()
        for key, (canonical, flag) in entries.items():
            automaton.add_word(key, (len(key), canonical, flag))
        automaton.make_automaton()
        return cls(automaton, build_seconds=time.perf_counter() - t0)

    def __len__(self) -> int:
        return len(self.automaton)

    def knows(self, key: str) -> bool:
        """True when `key` (normalized) is a name in the index."""
        return self.automaton.exists(key)


def _names_of(gz: GazetteerLike) -> list[str]:
    return [n for n in gz.names["name"].drop_duplicates().tolist() if isinstance(n, str)]


@lru_cache(maxsize=1)
def _patterns_bytes() -> bytes:
    # Read once per process: the key covers the pattern file (clitics and triggers shape the matches).
    return (resources.files("geo").joinpath("data/mention_patterns.yaml").read_bytes()
            + resources.files("gazetteer").joinpath("data/lexicon.yaml").read_bytes())


def _index_key(gz: GazetteerLike) -> tuple[str, list[str] | None]:
    """The automaton's cache key, and the name list when it had to be read to make the key.

    A gazetteer with a ``manifest_hash`` is keyed by it, so a warm lookup never touches its names (listing
    and hashing 80,000 names cost ~16 ms, more than parsing a short report)."""
    digest = hashlib.sha1(_INDEX_VERSION.encode())
    manifest = getattr(gz, "manifest_hash", None)
    names = None
    if manifest:
        digest.update(repr(manifest).encode())
    else:
        names = _names_of(gz)
        digest.update("\n".join(names).encode())
    digest.update(_patterns_bytes())
    return digest.hexdigest()[:16], names


def name_index(gazetteer: GazetteerLike | None = None, *, cache_dir: str | os.PathLike[str] | None = None
               ) -> NameIndex:
    """The name automaton of `gazetteer` (default `gazetteer.load()`), kept on it and pickled in its cache
    folder (or `cache_dir`), so a second process loads it instead of building it."""
    from gazetteer.paths import cache_dir as default_cache_dir

    gz = or_default(gazetteer)
    folder = Path(cache_dir or getattr(gz, "cache_dir", None) or default_cache_dir())
    return gz.cached(f"name_index:{folder}", lambda g: _load_index(g, folder))


def _load_index(gz: GazetteerLike, folder: Path) -> NameIndex:
    key, names = _index_key(gz)
    path = folder / f"mention_automaton_{key}.pkl"
    index = None
    if path.exists():
        try:
            t0 = time.perf_counter()
            with open(path, "rb") as fh:
                index = NameIndex(pickle.load(fh), build_seconds=time.perf_counter() - t0, cached=True)
        except Exception:  # a truncated or foreign pickle is rebuilt, never trusted
            index = None
    if index is None:
        index = NameIndex.from_names(names if names is not None else _names_of(gz))
        _save(index.automaton, path)
    return index


def _save(automaton: ahocorasick.Automaton, path: Path) -> None:
    def dump(tmp: str) -> None:
        with open(tmp, "wb") as fh:
            pickle.dump(automaton, fh, protocol=pickle.HIGHEST_PROTOCOL)

    try:
        atomic_write(path, dump)
    except (OSError, SyrmapError):
        pass  # the cache is an optimisation; a read-only cache dir only costs a rebuild next time


# --- candidates -----------------------------------------------------------------------------------


@dataclass(slots=True)
class _Cand:
    start: int  # normalized offsets
    end: int
    name: str
    source: str
    kind: str = ""
    prefix: str = ""
    flag: int = _EXACT
    common: bool = False


def _glued_prefix(norm: str, pos: int, reach: int) -> str:
    """The letters and digits (str.isalnum) right before `pos`, at most `reach` of them: a
    name's glued prefix ("وب" in "وبكفرنبل"). A hit inside a long word costs no walk back over it; a
    prefix longer than any clitic is no clitic either way."""
    k, lo = pos, max(0, pos - reach)
    while k > lo and norm[k - 1].isalnum():
        k -= 1
    return norm[k:pos]


def _gazetteer_cands(nt: NormText, index: NameIndex) -> list[_Cand]:
    norm, clitics, size = nt.norm, _patterns()["clitics"], len(nt.norm)
    reach = max(map(len, clitics)) + 1
    out = []
    for last, (length, name, flag) in index.automaton.iter(norm):
        start, end = last - length + 1, last + 1
        arabic = "\u0600" <= name[0] <= "\u06ff"  # _is_arabic, inlined: this loop runs for every hit
        if end < size and norm[end].isalnum() and arabic == ("\u0600" <= norm[end] <= "\u06ff"):
            continue
        # A glued prefix is letters or digits right before the name ([^\W_] is str.isalnum); a change of
        # script is a word boundary: "YLcqi_dE9SUعدرا", "2013حلب".
        prefix = ""
        if start and norm[start - 1].isalnum() and arabic == ("\u0600" <= norm[start - 1] <= "\u06ff"):
            prefix = _glued_prefix(norm, start, reach)
        if prefix:
            # Inside a word: only Arabic clitics may precede a name ("وبكفرنبل"), never letters ("حساسية").
            if not arabic or prefix not in clitics:
                continue
            if name.startswith("ال") and "ال" in prefix:
                continue
        if flag == _STEM and not prefix.endswith("لل"):
            continue
        out.append(_Cand(start, end, name, "gazetteer", "", prefix, flag))  # positional: once per hit
    return out


_WORD = re.compile(r"\w+")
_HAS_ARABIC = re.compile(r"[\u0600-\u06ff]")
_HAS_LATIN = re.compile(r"[A-Z]")
_HAS_LOWER_LATIN = re.compile(r"[a-z]")
# The rest of a romanized word: letters, digits and apostrophes, never Arabic ("Tpk4MPpWYPkدوما" is an ID
# glued to a name).
_LATIN_WORD = r"(?:[^\W\u0600-\u06ff]|['’ʿ])*"  # English triggers and names all need a capital letter


@lru_cache(maxsize=1)
def _arabic_trigger_regex() -> re.Pattern[str]:
    pats = _patterns()
    words = "|".join(sorted(pats["triggers"], key=len, reverse=True))
    # The article makes a trigger anaphoric ("استهداف القرية بغاز"): it points back, it names nothing.
    clitics = "|".join(sorted((c for c in pats["clitics"] if "ال" not in c and "لل" not in c), key=len, reverse=True))
    return skipping(re.compile(rf"(?<![\w])(?:{clitics})?({words})(?= )"))


def _arabic_trigger_cands(nt: NormText) -> list[_Cand]:
    pats, norm, out = _patterns(), nt.norm, []
    for m in _arabic_trigger_regex().finditer(norm):
        spec, trig_start = pats["triggers"][m.group(1)], m.start(1)
        words = []
        pos = m.end()
        for nxt in _WORD.finditer(norm, pos):
            if norm[pos:nxt.start()] != " " or len(words) >= 4:
                break
            w = nxt.group()
            if _is_stop_word(w):  # "مدن وبلدات الأتارب": a trigger, bare or with a clitic, names nothing
                break
            # Only a compound first word ("كفر", "تل") or an adjective ("الجديدة") continues a name.
            continues = len(words) == 1 and words[0] in pats["compound"]
            if words and not continues and w not in pats["adjectives"]:
                break
            words.append(w)
            pos = nxt.end()
        if not words or words[0] in pats["adjectives"]:
            continue
        start = trig_start if spec.get("include") else m.end() + 1
        out.append(_Cand(start, pos, normalize_text(norm[start:pos]), "trigger", kind=spec["kind"]))
    return out


@lru_cache(maxsize=1)
def _english_regexes() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    pats = _patterns()
    art = "|".join(pats["articles"])
    word = rf"(?:(?:{art})[-\s])?[A-Z]{_LATIN_WORD}"
    name = rf"{word}(?:[-\s]{word}){{0,3}}"
    dirs = "|".join(sorted(pats["directions"], key=len, reverse=True))
    before = "|".join(pats["en_before"])
    after = "|".join(pats["en_after"])
    rural = "|".join(pats["rural"])
    return (
        skipping(re.compile(rf"\b(?:the\s+)?({before})\s+of\s+({name})")),
        skipping(re.compile(rf"(?:\b(?:the\s+)?({dirs})\s+)?\b({name})\s+({after})\b")),
        skipping(re.compile(rf"\b({rural})\s+({name})")),
    )


def _english_trigger_cands(nt: NormText, index: NameIndex | None = None) -> list[_Cand]:
    pats, text, out = _patterns(), nt.text, []
    before, after, rural = _english_regexes()

    def add(start: int, end: int, kind: str) -> None:
        # Sentence-initial capitals ("In", "The") are not part of the name.
        while True:
            first = text[start:end].split(None, 1)
            if len(first) == 2 and first[0].casefold() in pats["leading"]:
                start = text.index(first[1], start)
            else:
                break
        ns, ne = nt.to_norm(start), nt.to_norm(end)
        if ne > ns:
            out.append(_Cand(ns, ne, normalize_text(text[start:end]), "trigger", kind=kind))

    for m in _finditer_runs(before, text, nt.latin_runs):
        add(m.start(2), m.end(2), pats["en_before"][m.group(1)])
    for m in _finditer_runs(after, text, nt.latin_runs):
        kind = pats["en_after"][m.group(3)]
        if kind in pats["area_kinds"]:
            start = m.start(1) if m.group(1) else m.start(2)
            if not m.group(1) and index is not None:
                # "Urum al-Kubra Aleppo countryside": the countryside is of the shortest known name before
                # it; the words in front are a place of their own (found as any other name).
                words = list(re.finditer(r"\S+", m.group(2)))
                for w in words[1:][::-1]:
                    if index.knows(normalize_text(text[m.start(2) + w.start():m.end(2)])):
                        start = m.start(2) + w.start()
                        break
            add(start, m.end(3), kind)
        else:
            add(m.start(2), m.end(2), kind)
    for m in _finditer_runs(rural, text, nt.latin_runs):
        add(m.start(1), m.end(2), "countryside")
    return out


def _proper_cands(nt: NormText, index: NameIndex | None = None) -> list[_Cand]:
    """Capitalized English name shapes ("Jisr al-Shughour"): kept later only if the gazetteer resolves them,
    because transliterations vary more than any name list."""
    text, out = nt.text, []
    for m in _finditer_runs(_proper_regex(), text, nt.latin_runs):
        group = m.group()
        words = [w.span() for w in _NON_SPACE.finditer(group)]
        # Split at words that are not names ("Syrian", "Government", sentence-initial "In").
        run: list[tuple[int, int]] = []
        for k, (ws, we) in enumerate([*words, (-1, -1)]):
            if ws >= 0:
                compound, plain, leading = _proper_word(group[ws:we])
                if ((compound and k + 1 < len(words)) or plain) and not leading:
                    run.append((ws, we))
                    continue
            if run:
                start, end = m.start() + run[0][0], m.start() + run[-1][1]
                name = normalize_text(text[start:end])
                if len(name.replace(" ", "")) > 3:
                    kind = "locative" if _name_locative().search(text, max(0, start - 12), start) else ""
                    out.append(_Cand(start, end, _unglue(name, index), "proper", kind=kind))
            run = []
    # Original offsets to normalized ones, all in one call.
    for c, (ns, ne) in zip(out, nt.to_norm_pairs([(c.start, c.end) for c in out]), strict=True):
        c.start, c.end = ns, ne
    return out


_NON_SPACE = re.compile(r"[^\s]+")


@lru_cache(maxsize=1 << 16)
def _proper_word(word: str) -> tuple[bool, bool, bool]:
    """(compound first word or article, a name word on its own, a sentence-leading word) for a word of a
    capitalized run; the same words recur all through a report, so each is read once."""
    pats, folded = _patterns(), word.casefold()
    compound = folded in pats["en_compound"] or folded in pats["bare_articles"]
    plain = normalize_text(word) not in _stopwords() and _zipf(folded) < FUNCTION_ZIPF
    return compound, plain, folded in pats["leading"]


# A word rarer than this (Zipf: about once per 30 million words) is no English word: "latamneh", "saraqeb".
RARE_ZIPF = 1.5
# A word at least this common (about once per 300 words: "With", "After", "Into", "During") is a function
# word even when capitalized in a Title Case headline; a capitalized run splits there, so "in Idlib With
# Cluster Bombs" still names Idlib. Compound first words ("Tell") and articles are exempt.
FUNCTION_ZIPF = 5.5


@lru_cache(maxsize=1)
def _name_locative() -> re.Pattern[str]:
    """Before a capitalized name: a locative preposition or a verb of attack ("targeted Marea")."""
    words = _patterns()["locative"] + _patterns()["target_verbs"]
    return re.compile(rf"(?<![\w'’-])(?i:{'|'.join(words)}) $")


@lru_cache(maxsize=1)
def _lowercase_regex() -> re.Pattern[str]:
    pats = _patterns()
    preps = "|".join(pats["locative"])
    art = "|".join(pats["articles"])
    return re.compile(rf"(?<![\w'’-])(?i:{preps}) ((?:(?:{art})[ -])?[a-z][a-z'’]{{3,}})(?![\w'’-])")


def _lowercase_cands(nt: NormText, index: NameIndex | None = None) -> list[_Cand]:
    """A lowercase word that is no English word right after "in"/"on"/"at"/"near" ("cluster rockets in
    latamneh"): a transliteration written without capitals, kept later only if it resolves (as "proper")."""
    out = []
    for m in _finditer_runs(_lowercase_regex(), nt.text, nt.lower_runs):
        word = m.group(1)
        if _zipf(re.split(r"[ -]", word)[-1]) >= RARE_ZIPF:
            continue
        out.append(_Cand(nt.to_norm(m.start(1)), nt.to_norm(m.end(1)), _unglue(normalize_text(word), index),
                         "proper", kind="locative"))
    return out


def _unglue(name: str, index: NameIndex | None) -> str:
    """ "alsayad" -> "al sayad": a romanized article glued to a name the gazetteer does not know glued, when
    the whole is no English word ("almost", "already" stay)."""
    if " " in name or index is None or index.knows(name) or _zipf(name) >= RARE_ZIPF:
        return name
    for art in _patterns()["bare_articles"]:
        if name.startswith(art) and len(name) - len(art) >= 4:
            return f"{art} {name[len(art):]}"
    return name


@lru_cache(maxsize=1)
def _proper_regex() -> re.Pattern[str]:
    art = "|".join(_patterns()["articles"])
    bare = "|".join(_patterns()["bare_articles"])
    word = rf"(?:(?:{art})-)?[A-Z]{_LATIN_WORD}"
    # "al Oteiba": a lowercase article before the first word only when it is no English word ("at Aleppo").
    return skipping(re.compile(rf"(?<![\w'’-])(?:(?:{bare}) )?{word}(?:(?:[ -]|\s(?:{art})[ -]){word})*"))


# --- selection and filters ------------------------------------------------------------------------


def _select(cands: list[_Cand], size: int) -> list[_Cand]:
    """Longest spans first; a gazetteer name wins a tie with a trigger span and inherits its kind."""
    kinds = {(c.start, c.end): c.kind for c in cands if c.source == "trigger"}
    taken = bytearray(size + 1)  # searched and filled in C; a NumPy slice per candidate costs more
    chosen = []
    rank = {"gazetteer": 0, "trigger": 1, "proper": 2}
    for c in sorted(cands, key=lambda c: (-(c.end - c.start), rank[c.source], c.flag, c.start)):
        if taken.find(1, c.start, c.end) >= 0:
            continue
        taken[c.start:c.end] = b"\x01" * (c.end - c.start)
        if c.source != "trigger":
            c.kind = kinds.get((c.start, c.end), c.kind)
        chosen.append(c)
    return sorted(chosen, key=lambda c: c.start)


def _preceding_trigger(nt: NormText, c: _Cand) -> str:
    pats, norm = _patterns(), nt.norm
    head = norm[max(0, c.start - 40):c.start - len(c.prefix)].rstrip().rsplit(" ", 2)  # the last two words
    kind = _trigger_word_kind(head[-1])
    if kind:
        return kind
    if len(head) >= 2 and head[-1] == "of" and head[-2] in pats["en_before"]:
        return pats["en_before"][head[-2]]
    tail = norm[c.end:c.end + 20].split(" ")
    if len(tail) >= 2 and tail[0] == "" and tail[1] in pats["en_after"]:
        return pats["en_after"][tail[1]]
    return ""


@lru_cache(maxsize=1 << 16)
def _trigger_word_kind(last: str) -> str:
    """The place kind of an Arabic trigger word, bare or behind a clitic ("وقرية"), else ""; the words
    before names recur all through a report, so each is read once."""
    pats = _patterns()
    for cut in range(0, min(3, len(last))):
        # "الحي الشمالي" is "the northern quarter": a trigger with the article is never followed by its name.
        if last[cut:] in pats["triggers"] and (cut == 0 or last[:cut] in pats["clitics"]) and not (
                cut and last[:cut].endswith(arabic_articles())):
            return pats["triggers"][last[cut:]]["kind"]
    return ""


@lru_cache(maxsize=1 << 12)
def _back_reference(name: str) -> bool:
    """A trigger word behind the article ("المدينة", "والقرية"): the text points back at a place it named."""
    for article in arabic_articles():
        if name.startswith(article) and name[len(article):] in _patterns()["triggers"]:
            return True
    return False


# A word at least this frequent (Zipf scale: 4 = once per 10,000 words of Arabic or English running
# text) is a common word or given name first ("أكثر", "حالات", "خالد", "Asia"); real place names that
# frequent are towns and cities, which the report keeps on their prior (see geo.report).
COMMON_ZIPF = 4.0
# From this frequency on (a few times in 100,000 words: "بدأ" started, "جديدة" new, "السجن" the prison) the
# word is so much likelier than a town that only a city or a larger unit of that name is prior enough.
VERY_COMMON_ZIPF = 4.5

@lru_cache(maxsize=1)
def list_gap() -> re.Pattern[str]:
    """The whole gap between two items of a list of places: a comma, a joiner ("and", "أو") and/or the
    glued و with its own clitics (`list_joiners` in mention_patterns.yaml, clitics from the lexicon)."""
    joiners = "|".join(sorted({normalize_text(w) for w in pattern_spec()["list_joiners"]}, key=len, reverse=True))
    glued = "|".join(sorted({normalize_text(c) for c in lexicon()["arabic_clitics"] if c.startswith("و")},
                            key=len, reverse=True))
    return re.compile(rf"^[\s,،]*(?:{joiners})?\s*(?:{glued})?$")


def _capitalized(nt: NormText, c: _Cand) -> bool:
    start, end = nt.span(c.start, c.end)
    surface = nt.text[start:end]
    parts = re.split(r"[-\s]", surface, maxsplit=1)
    if parts[0].casefold() in _patterns()["articles"] and len(parts) == 2:
        return parts[1][:1].isupper()
    return surface[:1].isupper()


def _headline_tag(nt: NormText, c: _Cand) -> bool:
    """ "Hama: shelling …", "Homs - clashes …": a short name that opens a line and is set off by a colon,
    dash or bar labels the story (kept, like Arabic short names, only as the town or city it is)."""
    end = nt.span(c.start, c.end)[1]
    return _HEADLINE_SEPARATOR.match(nt.text, end) is not None and _sentence_initial(nt, c)


_HEADLINE_SEPARATOR = re.compile(r"\s*[:|\-–—]")


def _sentence_initial(nt: NormText, c: _Cand) -> bool:
    start, _ = nt.span(c.start, c.end)
    before = nt.text[max(0, start - 200):start].rstrip(" \t")
    return not before or before[-1] in ".!?:\n"


def _trim_proper(nt: NormText, cands: list[_Cand]) -> list[_Cand]:
    """A capitalized run ends where a known name or trigger phrase that runs past it begins ("Urum al-Kubra
    | Aleppo countryside"): the run is only a guess at a name, the other is evidence."""
    if not any(c.source == "proper" for c in cands):
        return cands  # nothing to trim (Arabic text)
    firm = sorted((c.start, c.end) for c in cands if c.source != "proper")
    if not firm:
        return cands
    starts = [a for a, _ in firm]
    for c in cands:
        if c.source != "proper":
            continue
        k = bisect.bisect_right(starts, c.start)
        for a, b in firm[k:bisect.bisect_left(starts, c.end)]:
            if b > c.end:
                cut = nt.norm.rfind(" ", c.start, a)
                if cut > c.start:
                    c.end = cut
                    c.name = normalize_text(nt.norm[c.start:cut])
                break
    return cands


def _plausible(nt: NormText, c: _Cand, span_kinds: dict[tuple[int, int], str]) -> bool:
    """Checks that do not depend on the other mentions, run before overlaps are settled."""
    if c.source == "trigger":
        return c.name not in _stopwords()
    if _is_arabic(c.name):
        return True
    if c.source == "proper" and _english_words(c.name):
        return False  # "the Prohibition of Chemical Weapons", "Syrian Archive": capitalized English, no place
    # English place names are capitalized; "southern Aleppo countryside" is vouched for by its trigger.
    return c.kind == "locative" or (c.start, c.end) in span_kinds or _capitalized(nt, c)


# A word at least this frequent in English text (Zipf; "archive" 4.0, "prohibition" 3.8, but "tal" 3.3,
# "bab" 3.0, "sadiq" 2.9) is an English word: a capitalized run of such words is a title or a name of
# an organisation, not a transliteration the name list lacks.
ENGLISH_WORD_ZIPF = 3.5


@lru_cache(maxsize=1 << 16)
def _english_words(name: str) -> bool:
    """True for a run of frequent English words; an article or compound first word ("Khan Al Sheikh")
    marks an Arabic name, however English its other words are."""
    pats = _patterns()
    words = [w for w in re.split(r"[ -]", name) if w]
    if any(w in pats["articles"] or w in pats["en_compound"] for w in words):
        return False
    return bool(words) and all(_zipf(w) >= ENGLISH_WORD_ZIPF for w in words)


def _accept(nt: NormText, cands: list[_Cand], index: NameIndex | None = None) -> list[_Cand]:
    """Weak names (stop words, one to three letters) need a trigger word or a list of places before them."""
    stop, out, pats = _stopwords(), [], _patterns()
    not_places, words_first, gap_rx = pats["not_places"], pats["words_first"], list_gap()
    prev_end = -10
    for c in cands:
        if c.name in not_places:
            continue
        if not c.kind:
            c.kind = _preceding_trigger(nt, c)
        if c.kind and _back_reference(c.name):
            c.kind = ""  # "أحياء المدينة" is "the quarters of the city": "the city" names no place of its own
        start, end = nt.span(c.start, c.end)
        if not c.kind and not c.prefix and start > 0 and nt.text[start - 1] == "#":
            c.kind = "hashtag"  # "#سراقب": the writer tagged it as a place
        gap = nt.norm[prev_end:c.start] if prev_end >= 0 else ""
        listed = prev_end >= 0 and gap_rx.match(gap) is not None
        # A bare space is no list ("في دوما أكثر من عشرة"): a common word needs a comma, و or "and".
        separated = listed and bool(gap.strip() or c.prefix.startswith("و"))
        letters = len(c.name.replace(" ", ""))
        # Short names glued to a clitic are often just words ("وزارة" is not و + a place "زارة").
        weak = c.name in stop or letters <= 3 or (bool(c.prefix) and letters <= 4)
        if not _is_arabic(c.name) and _sentence_initial(nt, c):
            # "Heavy clashes ...": a capitalized first word is no evidence of a name.
            one_word = " " not in c.name
            weak = weak or (one_word and (c.source == "proper" or letters <= 4))
        if weak and c.source != "trigger" and not (c.kind or listed):
            if c.name in stop or not (_is_arabic(c.name) or _headline_tag(nt, c)):
                continue
            # "حمص", "حلب" alone or glued ("بحمص", "وحلب"): kept only as the town or city they are, so
            # "وزارة" (a ministry) is no و + the village "زارة".
            c.common = True
        surface = nt.text[start:end]
        # One word only: wordfreq's estimate for a phrase is near its commonest word's ("حي بابا عمرو").
        one_word = len(surface.split()) == 1
        if one_word and c.source == "trigger" and _zipf(surface) >= COMMON_ZIPF:
            continue  # "بلدة تقع جنوب ...": a trigger followed by an ordinary word names nothing
        # A hashtag tags a topic as often as a place ("#عاجل", breaking news): no evidence for a common word;
        # nor is a list for a bare trigger word ("سراقب والقرية المجاورة": "and the nearby village").
        evidence = c.kind not in ("", "hashtag") or (separated and not _is_stop_word(c.name))
        if one_word and not evidence and (c.name in words_first or _zipf(surface) >= COMMON_ZIPF):
            c.common = True
        elif (one_word and not evidence and _is_arabic(c.name) and _zipf(surface) >= WORDLIKE_ZIPF
              and not _placed_by_position(nt, c, start, end, index)):
            c.common = True
        out.append(c)
        prev_end = c.end
    return out


# A word this common (once in a million words or more often: "دخان" smoke, "النفق" the tunnel, "فديو") is a
# word in running text unless where it stands says "place": after a preposition, or opening a line or a
# clause (video titles put the place first). Rarer surfaces are names wherever they stand.
WORDLIKE_ZIPF = 3.0


@lru_cache(maxsize=1)
def _place_prepositions() -> frozenset[str]:
    return frozenset(normalize_text(w) for w in pattern_spec()["arabic_place_prepositions"])


def _placed_by_position(nt: NormText, c: _Cand, start: int, end: int, index: NameIndex | None) -> bool:
    """Whether where the candidate stands says "place": it opens the text, a line or a clause (nothing
    but punctuation after the previous word), or the word before it is a preposition (or one is glued
    to it), a place trigger, or a place name itself ("دمشق جوبر": a title's city, then the quarter)."""
    if c.prefix.endswith(("ب", "ل")):
        # "بواسطة" (by means of) is a word whole, not ب + a village
        return _zipf(nt.text[max(0, start - len(c.prefix)):end]) < WORDLIKE_ZIPF
    before = nt.text[max(0, start - 30):start]
    stripped = before.rstrip()
    if not stripped or "\n" in before[len(stripped):] or not stripped[-1].isalnum():
        return True
    # The Arabic end of the last word: a video id glued before it ("XE6WnxXh2PQقرية") is no word; after a
    # number or a Latin word (a date, an id) a new stretch of the title begins.
    last = normalize_text(_ARABIC_TAIL.search(stripped.split()[-1]).group())
    if not last:
        return True
    return (last in _place_prepositions() or bool(_trigger_word_kind(last))
            or (index is not None and index.knows(last)))


_ARABIC_TAIL = re.compile(r"[\u0600-\u06FF]*$")


# --- entities that are not places -------------------------------------------------------------------

# Most words an entity head takes after it: a person's given, father's and family name; a unit's name.
_ENTITY_WORDS = 3


@lru_cache(maxsize=1)
def _entity_regexes() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """Arabic heads (person, group, media; kunya), English titles (name after) and organisations (name before)."""
    heads = lexicon()["entity_heads"]
    ar_heads, en_after, en_before = set(), set(), set()
    for kind in ("person", "group", "media"):
        arabic, english = heads[kind]
        ar_heads |= {normalize_text(w) for w in arabic}
        (en_after if kind == "person" else en_before).update(english)
    kunya = {normalize_text(w) for w in heads["kunya"] if _is_arabic(w)}
    alt = lambda ws: "|".join(sorted(map(re.escape, ws), key=len, reverse=True))  # noqa: E731
    clitics = "|".join(sorted(_patterns()["clitics"], key=len, reverse=True))
    cap = rf"(?:[A-Z]{_LATIN_WORD})"
    return (
        skipping(re.compile(rf"(?<!\w)(?:{clitics})?({alt(ar_heads)})(?= )")),
        skipping(re.compile(rf"(?<!\w)[وف]?({alt(kunya)}) (?=\w)")),
        skipping(re.compile(rf"\b({alt(en_after)})\.? ((?:{cap}[ ]?){{1,3}})")),
        # word starts only: linear
        skipping(re.compile(rf"(?<![\w'’-])((?:{cap} ){{1,3}})(?:{alt(en_before)})\b")),
    )


@lru_cache(maxsize=1 << 16)  # the same words end names all through a report
def _is_stop_word(w: str) -> bool:
    pats = _patterns()
    if w in pats["function"] or w.isdigit() or w in pats["triggers"]:
        return True
    return any(w[k:] in pats["triggers"] and w[:k] in pats["clitics"] for k in (1, 2, 3))


@lru_cache(maxsize=1)
def _media_adjectives() -> frozenset[str]:
    return frozenset(normalize_text(w) for w in lexicon()["entity_heads"]["media_adjectives"])


def _entity_masks(nt: NormText) -> list[tuple[int, int, int]]:
    """(head start, head end, entity end) in normalized offsets of every person, unit, organisation or outlet.

    The name runs up to `_ENTITY_WORDS` words after an Arabic head (a quoted name whole), and stops at a
    function word, a number, a place trigger ("الشاب محمد من مدينة سراقب" keeps سراقب) or punctuation."""
    norm, out = nt.norm, []
    ar_head, kunya, en_title, en_org = _entity_regexes()
    if _HAS_ARABIC.search(norm):
        for rx in (ar_head, kunya):
            for m in rx.finditer(norm):
                pos, words, head_end = m.end(), 0, m.end(1)
                if norm.startswith(' "', pos):  # المقدم "أبو علي": the quoted name is the person
                    close = norm.find('"', pos + 2)
                    if 0 < close - pos < 60:
                        out.append((m.start(1), m.end(1), close + 1))
                        continue
                for w in _WORD.finditer(norm, pos):
                    if norm[pos:w.start()] != " " or words >= (1 if rx is kunya else _ENTITY_WORDS):
                        break
                    # Normalizing drops punctuation: "شبكة شام - حماة - كفرزيتا" is an outlet, then places;
                    # and line breaks: a title's name ends with its line ("مع الناشط مراد الشامي⏎معضمية الشام").
                    gap = nt.text[int(nt.origin[pos - 1]) + 1:int(nt.origin[w.start()])]
                    if gap.strip() or "\n" in gap:
                        break
                    if _is_stop_word(w.group()):
                        break
                    pos, words = w.end(), words + 1
                    if w.group() in _media_adjectives():
                        # An outlet's adjective closes the name, and its head is part of it, no place's word.
                        head_end = m.start(1)
                        break
                if words:
                    out.append((m.start(1), head_end, pos))
    if _HAS_LATIN.search(nt.text):
        for m in _finditer_runs(en_title, nt.text, nt.latin_runs):
            out.append((nt.to_norm(m.start(1)), nt.to_norm(m.end(1)), nt.to_norm(m.end(2))))
        for m in _finditer_runs(en_org, nt.text, nt.latin_runs):
            out.append((nt.to_norm(m.start(1)), nt.to_norm(m.start(1)), nt.to_norm(m.end())))
    return out


# Web addresses and handles name no places, though their paths hold words ("/Jabal.Alzaweya.today/",
# "/S_series/", "@SyriaCivilDef").
_URL = re.compile(r"(?:https?://|www\.)\S+|@\w+")
_TLD = r"\.(?:com|org|net|info|tv)\b"
# An address without a scheme ("facebook.com/Page"); scanned for only when a top-level domain occurs.
_DOMAIN, _HAS_TLD = re.compile(rf"\b[\w-]+(?:\.[\w-]+)*{_TLD}(?:/\S*)?"), re.compile(_TLD)


def _url_masks(nt: NormText) -> list[tuple[int, int, int]]:
    """Masks (as `_entity_masks` gives them) over every web address and handle of the text."""
    spans = [m.span() for m in _URL.finditer(nt.text)]
    if _HAS_TLD.search(nt.text):
        spans += [m.span() for m in _DOMAIN.finditer(nt.text)]
    return [(a, a, b) for a, b in nt.to_norm_pairs(spans)]


def _outside_entities(cands: list[_Cand], masks: list[tuple[int, int, int]]) -> list[_Cand]:
    """Drop candidates inside an entity's name; a name that starts with the head word itself ("أبو الظهور",
    "الشيخ مسكين") stays, marked common, so only a town, city or a place trigger vouches for it."""
    if not masks:
        return cands
    masks = sorted(masks)
    heads = [m[0] for m in masks]
    reach = max(end - hs for hs, _, end in masks)  # masks that can overlap a candidate start this far back
    out = []
    for c in cands:
        inside = False
        lo = bisect.bisect_left(heads, c.start - reach)
        hi = bisect.bisect_left(heads, c.end)
        for hs, he, end in masks[lo:hi]:
            if c.start < end and c.end > hs:
                if c.start == hs and c.end > he and he > hs:
                    c.common = True
                    continue
                # A place name may run into an entity's head ("... ريف ادلب" before "كتيبة"); a web
                # address has no head, and a name running into it is part of it.
                if c.start < hs and he > hs:
                    continue
                inside = True
                break
        if not inside:
            out.append(c)
    return out


def _zipf(word: str) -> float:
    """Word frequency (Zipf scale) of `word` in Arabic or English running text (wordfreq)."""
    return _zipf_cached(word.casefold())


@lru_cache(maxsize=200_000)
def _zipf_cached(word: str) -> float:
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "ar" if _HAS_ARABIC.search(word) else "en")


def find_mentions(text: str | NormText, *, index: NameIndex | None = None) -> list[Mention]:
    """Every place mention in `text`, in order, with original offsets (unresolved, no role yet)."""
    nt = text if isinstance(text, NormText) else NormText.of(text)
    index = index if index is not None else name_index()
    cands = _gazetteer_cands(nt, index)
    if _HAS_ARABIC.search(nt.norm):
        cands += _arabic_trigger_cands(nt)
    if _HAS_LATIN.search(nt.text):
        cands += _english_trigger_cands(nt, index) + _proper_cands(nt, index)
    if _HAS_LOWER_LATIN.search(nt.text):
        cands += _lowercase_cands(nt, index)
    span_kinds = {(c.start, c.end): c.kind for c in cands if c.source == "trigger"}
    cands = [c for c in _trim_proper(nt, cands) if _plausible(nt, c, span_kinds)]
    masks = _entity_masks(nt) + _url_masks(nt)
    kept = _accept(nt, _outside_entities(_select(cands, len(nt.norm)), masks), index)
    starts, ends = nt.spans([c.start for c in kept], [c.end for c in kept])
    return [Mention(nt.text[start:end], start, end, c.name, c.source, c.kind, common=c.common)
            for c, start, end in zip(kept, starts, ends, strict=True)]
