"""Geoparse report text: place mentions with roles, resolved with the report's own context, and incidents.

`parse_report` finds every place mention (`geo.mentions`), resolves each with the evidence around it (the
governorate or countryside named in the same sentence, the report's dominant governorate, the other
places named), gives it a role — ``incident``, ``origin`` (home towns of casualties), ``source`` (where fire came
from: "from its positions in X"), ``reference``
(orientation, agreements, political capitals, places in sentences where nothing happens) or ``area``
(regions) — and turns the incident places into rows with event type, casualties, actors and date.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import itertools
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache, partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import pandas as pd
from shapely.geometry import Point

from gazetteer.collector import collector_paused
from gazetteer.exc import InputError
from gazetteer.geodesy import haversine_km
from gazetteer.geography import ADMIN_KINDS
from gazetteer.lexicon import lexicon
from gazetteer.protocol import or_default
from gazetteer.relative import is_capital, km_outside, placed_at, road_between
from gazetteer.types import Match
from geo import events
from geo.dask_engine import is_dask_frame
from geo.fields import GEO_COLUMNS, match_columns
from geo.mentions import (
    VERY_COMMON_ZIPF,
    Mention,
    NameIndex,
    NormText,
    _is_arabic,
    _zipf,
    area_triggers,
    area_words,
    find_mentions,
    list_gap,
    name_adjectives,
    name_index,
    normalize_text,
    pattern_spec,
    skipping,
)

if TYPE_CHECKING:
    from gazetteer.protocol import GazetteerLike

__all__ = [
    "Report", "ROLES", "INCIDENT_COLUMNS", "parse_report", "parse_reports", "iter_reports", "parse_table",
    "incidents_of", "write_incidents",
]

ROLES = ("incident", "origin", "source", "reference", "area")
INCIDENT_COLUMNS = (
    "date", "event_type", "sub_event_type", "event_phrase", "surface", "fatalities", "injured", "actors",
    "sentence", "confidence", "source",
    "start", "end", *GEO_COLUMNS,
)
# A "proper" (capitalized, not in the name list) mention is kept only if the gazetteer is this sure of it.
_PROPER_MIN_CONFIDENCE = 0.65
# ... or this sure, when the text puts it after "in"/"on"/"at"/"near" (transliterations the resolver
# scores lower, as "Oteiba" for Utaybah, are often right there).
_LOCATIVE_MIN_CONFIDENCE = 0.55
# ... and an ambiguous answer there (ambiguous answers are capped at 0.45) at least this sure.
_AMBIGUOUS_LOCATIVE_MIN = 0.40
# The spaces after a full stop (group 1). The stop is matched, not looked behind at, so the regex engine
# skips to stops in C instead of trying a lookbehind at every character of a long line.
_SENTENCE_END = re.compile(r"[.!?؟](\s+)(?=\S)")
# Context (roles, co-mentions) is read within a sentence; a longer run of text without a full stop (a
# 5 MB single line, a list of 20,000 places) is cut into windows of about this many characters at a
# space, so the work per mention stays bounded and parsing stays linear in the text.
_WINDOW = 600
# The last space or comma of a span (greedy: the engine backs up from the span's end to it).
_WINDOW_CUT = re.compile(r"(?s:.*)[\s,،؛;]")
# Co-mention context: the places nearest a mention in its sentence, this many on each side (a list of
# hundreds of villages gives each the same evidence as its neighbours, at bounded cost).
_PEERS = 8
# Role cues before and after a place are read this far (characters) from it; the cue patterns are short.
_ROLE_REACH = 120
# Role of a place in a sentence where nothing happens, in a report that reports an event (see _role).
_UNMARKED = "unmarked"
_BESIDE = "beside"
_AROUND = "around"  # at the place's edge ("أطراف مدينة X", "the outskirts of X"): its incident, placed relative
# Gazetteer kinds a common word may still be when nothing else vouches for it: the writer would not
# use a town's or a governorate's name for anything else (حلب, دوما, "Asia" neighbourhood is not).
_STRONG_KINDS = frozenset({"city", "town", "governorate", "district", "subdistrict", "countryside", "mountain",
                           "plain", "area", "road", "landmark", "city_district"})
# The strong kinds a very common word is still likelier to be than the place (see _prior_vouches).
_TOWN_KINDS = frozenset({"town"})
# Kinds that only give context to a smaller place named right before them ("Sarmin, Idlib", "في الخالدية بحمص").
_CONTAINER_KINDS = frozenset({"governorate", "district", "subdistrict", "countryside", "city", "country"})
# A city locates a place of a neighbouring governorate this near it: "Otaiba, Damascus" is in Rural
# Damascus, whose towns writers place by the city.
_CITY_REACH_KM = 35.0
_WIDE_KINDS = frozenset({"governorate", "district", "countryside", "country"})
# An admin unit contains a place that lies in its polygon, give or take this (sources draw borders apart).
_CONTAINED_KM = 10.0
# Regions a city does not contain, unless it is the capital named for its governorate ("Jabal al-Akrad in Latakia").
_REGION_KINDS = frozenset({"area", "mountain", "plain", "countryside", "road"})
# A place named relative to another ("X التابعة لـ Y", "X near Y") that the gazetteer does not know is
# placed at Y (`gazetteer.relative.placed_at`: precision 2, within the area of a named place) ...
# ... and so is a place the gazetteer knows only in another governorate, this far from the place the text
# puts it in: the known one is a namesake elsewhere ("قرية منيان التابعة لناحية كفرنبل" is no Manin of
# Rural Damascus, 221 km away). Measured to an area's polygon, not its centroid, which can lie 100 km
# from the area's own edge ("جوبر بريف دمشق").
_FAR_CONTAINER_KM = 100.0


# One incident: its non-geo columns (see INCIDENT_COLUMNS) and the Match that gives the geo_* columns.
Incident = tuple[dict[str, Any], Match]


@dataclass(frozen=True)
class Report:
    """A parsed report: its text and date, every place mention (with Match and role), and the incidents.

    ``incidents`` is a GeoDataFrame built on first access from ``incident_rows``; batches of reports
    (`incidents_of`) build one frame for all of them instead (a frame per report cost more than parsing).
    """

    text: str
    date: dt.date | None
    mentions: tuple[Mention, ...]
    incident_rows: tuple[Incident, ...] = field(default=(), compare=False, repr=False)
    source: str = ""

    @cached_property
    def incidents(self) -> gpd.GeoDataFrame:
        """One row per incident place (INCIDENT_COLUMNS + geometry, EPSG:4326)."""
        return _incident_frame(self.incident_rows)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: source, date, mentions and incidents (without geometry)."""
        rows = self.incidents.drop(columns="geometry").astype(object)
        rows = rows.where(pd.notna(rows), None)
        records = rows.to_dict("records")
        for rec in records:
            if isinstance(rec.get("date"), pd.Timestamp):
                rec["date"] = rec["date"].date().isoformat()
        return {
            "source": self.source,
            "date": self.date.isoformat() if self.date else None,
            "mentions": [m.to_dict() for m in self.mentions],
            "incidents": records,
        }


_UNREAD = object()  # a sentence's cue words for a role pattern, not looked for yet


# --- sentences ------------------------------------------------------------------------------------


@dataclass
class _Sentence:
    """A sentence (or window of a long one): offsets, and what it says, each read on first use only, so a
    long report spends the pattern scans on the sentences that name places."""

    start: int  # original offsets
    end: int
    nstart: int  # normalized offsets
    nend: int
    title: bool
    norm: str = field(repr=False)
    report_day: dt.date | None = field(repr=False)

    _cue_spans: dict[str, tuple[list[int], list[int]] | None] = field(default_factory=dict, repr=False)

    def may(self, key: str, lo: int, hi: int) -> bool:
        """False when role pattern `key` cannot match in ``norm[lo:hi]`` (normalized offsets of the report):
        no occurrence of its cue words overlaps that span, so the pattern need not be tried there.

        The cue words of the sentence are found once per pattern (a 600-character window names dozens of
        places; most have no cue within reach). A match of the pattern in the span holds a cue match there,
        and the leftmost non-overlapping scan reports one that starts at or before it and ends after it."""
        spans = self._cue_spans.get(key, _UNREAD)
        if spans is _UNREAD:
            spans = self._cue_spans[key] = self._read_cues(key)
        if spans is None:
            return True  # an anchored pattern: always tried
        starts, ends = spans
        k = bisect.bisect_right(ends, lo)  # the first cue ending after lo
        return k < len(starts) and starts[k] < hi

    def _read_cues(self, key: str) -> tuple[list[int], list[int]] | None:
        core = _role_rx()["cores"][key]
        if core is None:
            return None
        first = core.search(self.norm)  # most sentences have none: one scan that finds nothing
        if first is None:
            return [], []
        found = [m.span() for m in core.finditer(self.norm, first.start())]
        return [a + self.nstart for a, _ in found], [max(b, a + 1) + self.nstart for a, b in found]

    @cached_property
    def political(self) -> bool:
        return _role_rx()["political"].search(self.norm) is not None

    @cached_property
    def cues(self) -> list[tuple[int, int, str]]:
        return [(a + self.nstart, b + self.nstart, k) for a, b, k in events.event_cues(self.norm)]

    @cached_property
    def has_cue(self) -> bool:
        """Whether any event word occurs: most sentences need only this, and the scan stops at the first."""
        if "cues" in self.__dict__:
            return bool(self.cues)
        if events.has_event_cue(self.norm):
            return True
        # No cue: the scan went through the whole sentence, and `cues` would scan it again to find nothing
        # (a list of places with no event word is read for the report's first event word, sentence by sentence).
        self.cues = []
        return False

    @cached_property
    def _casualties(self) -> tuple[int | None, int | None]:
        return events.casualties(self.norm)

    @property
    def killed(self) -> int | None:
        return self._casualties[0]

    @property
    def injured(self) -> int | None:
        return self._casualties[1]

    @property
    def reports_event(self) -> bool:
        """Something happens in it: an event word, or a casualty figure."""
        return self.has_cue or self.killed is not None or self.injured is not None

    @cached_property
    def actors(self) -> list[str]:
        return events.actors(self.norm)

    @cached_property
    def date(self) -> dt.date | None:
        return events.sentence_date(self.norm, self.report_day)


def _sentences(nt: NormText, report_day: dt.date | None) -> list[_Sentence]:
    bounds: list[tuple[int, int, bool]] = []
    date_line = re.compile(events._spec()["date_line"], re.IGNORECASE)
    for line in re.finditer(r"[^\n]+", nt.text):
        if date_line.match(line.group()):
            continue  # the date line names months, not places
        title = bool(_role_rx()["title"].match(line.group()))
        bounds += [(start, end, title) for start, end in _windows(nt.text, line.start(), line.end())]
    norm = nt.to_norm_many([p for start, end, _ in bounds for p in (start, end)])  # one call for all windows
    return [_Sentence(start, end, ns, ne, title, nt.norm[ns:ne], report_day)
            for (start, end, title), ns, ne in zip(bounds, norm[::2], norm[1::2], strict=True)]


def _windows(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """(start, end) of the sentences of text[start:end] (one line), each longer one cut at a space or comma
    into windows of at most about `_WINDOW` characters, without surrounding spaces.

    Offsets only: a 5 MB line is never copied piece by piece."""
    bounds = [start, *(m.start(1) for m in _SENTENCE_END.finditer(text, start, end)), end]
    for a, b in itertools.pairwise(bounds):
        while a < b:
            a = _skip_space(text, a, b)
            if b - a <= _WINDOW:
                cut = b
            else:
                last = _WINDOW_CUT.match(text, a + _WINDOW // 2, a + _WINDOW)
                cut = last.end() - 1 if last else a + _WINDOW
            stop = cut
            while stop > a and text[stop - 1].isspace():
                stop -= 1
            if stop > a:
                yield a, stop
            a = cut


def _skip_space(text: str, a: int, b: int) -> int:
    while a < b and text[a].isspace():
        a += 1
    return a


# --- roles ----------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _role_rx() -> dict[str, Any]:
    spec = pattern_spec()
    roles = spec["roles"]
    triggers = [normalize_text(w) for w in spec["arabic_triggers"]] + list(spec["english_before"])
    trig = "|".join(sorted(set(triggers), key=len, reverse=True))
    alt = lambda key: "|".join(f"(?:{events._norm_pattern(p)})" for p in roles[key])  # noqa: E731
    dirs = "|".join(sorted(lexicon()["english_compass"], key=len, reverse=True))
    sites = "|".join(sorted({normalize_text(w) for w in roles["military_sites"]}, key=len, reverse=True))
    ar_dirs = "|".join(sorted({normalize_text(w) for w in lexicon()["arabic_compass"] if not w.startswith("ال")},
                              key=len, reverse=True))
    # The cue words each role pattern needs: a sentence in which they do not occur skips the pattern for
    # every place in it (a list of 20,000 villages has no "من" and no "west of"). A core with anchors or
    # lookarounds may match in a part of the sentence but not in the whole: it is always tried.
    cores = {"from": alt("from_words"), "origin_end": alt("origin_cues"), "source": alt("source_cues"),
             "direction": alt("direction_of"), "office_seat": alt("office_seat"),
             "towards": alt("towards"), "political_before": alt("political_before"),
             "political_after": alt("political_after"), "around_before": alt("around_before"),
             "around_after": alt("around_after"), "adjective": dirs}
    return {
        "cores": {k: None if _ANCHORED.search(_CHAR_CLASS.sub("", core)) else skipping(re.compile(core))
                  for k, core in cores.items()},
        "from": re.compile(rf"(?:^|\s)(?:{alt('from_words')})(?: (?:the )?[وب]?(?:{trig})(?: of)?)? ?$"),
        "title": re.compile(r"^\s*(?:{})\s*:".format("|".join(spec["title_labels"])), re.IGNORECASE),
        "dateline": _dateline_regex(spec["news_agencies"]),
        "origin_end": re.compile(rf"(?:{alt('origin_cues')})(?: (?:the )?(?:{trig})(?: of)?)? ?$"),
        "origin": events.compile_patterns(roles["origin_cues"]),
        "source": re.compile(rf"(?:^|\s)(?:{alt('source_cues')})(?: (?:the )?(?:{sites}|{trig})(?: of)?)? ?$"),
        "person": events.compile_patterns(roles["person_words"]),
        "political": events.compile_patterns(roles["political_words"]),
        "movement": events.compile_patterns(roles["movement_words"]),
        "direction": re.compile(rf"(?:^|\s)(?:{alt('direction_of')})(?: (?:the )?(?:{trig})(?: of)?)? ?$"),
        "towards": events.compile_patterns(roles["towards"], clitics=False),
        "political_before": re.compile(rf"(?:^|\s)(?:{alt('political_before')}) ?$"),
        "office_seat": re.compile(rf"(?:^|\s)(?:{alt('office_seat')}) ?$"),
        "political_after": re.compile(rf"^ ?(?:{alt('political_after')})(?!\w)"),
        "around_before": re.compile(rf"(?:^|\s)(?:{alt('around_before')})(?: (?:the )?(?:{trig})(?: of)?)? ?$"),
        "around_after": re.compile(rf"^ ?(?:{alt('around_after')})(?!\w)(?! of)"),
        "adjective": re.compile(rf"(?:^|\s)(?:{dirs}) ?$"),
        "direction_start": re.compile(rf"^(?:{ar_dirs})ا? |^(?:{dirs})(?: ?\w+)? of "),
        "area_kinds": frozenset(roles["area_kinds"]),
        # "Sarmin, in Idlib": a comma may come first; a tag is never separated by one ("حلب، إدلب" is a list).
        "container_gap": _gap_regex(roles["container_gaps"], roles["container_units"], comma=True),
        "tag_gap": _gap_regex(roles["tag_gaps"], roles["container_units"], comma=False),
    }


def _dateline_regex(agencies: list[str]) -> re.Pattern[str]:
    """A wire story's dateline "PLACE[, Country] (Agency) -" or "PLACE - Agency:" opening the text or one of
    its lines (a headline may stand above it), on the original text."""
    agency = "|".join(sorted(map(re.escape, agencies), key=len, reverse=True))
    place = r"[^\n()\-—–:|]{2,50}?"
    return re.compile(rf"^\W*{place}\s*(?:\(\s*(?:{agency})\s*\)\s*[-—–:]|[-—–]\s*(?:{agency})\s*[:\-—–])",
                      re.IGNORECASE | re.MULTILINE)


_ANCHORED = re.compile(r"\(\?<?[=!]|\\[bBAZ]|[\^$]")
# Bracket expressions, dropped before looking for anchors: the "^" of "[^ ]" negates, it anchors nothing.
_CHAR_CLASS = re.compile(r"\[\^?\]?(?:\\.|[^\]\\])*\]")


def _gap_regex(patterns: list[str], units: list[str], *, comma: bool) -> re.Pattern[str]:
    """The whole gap between two places: nothing or one of `patterns` (UNIT: one of `units`)."""
    unit = "(?:{})".format("|".join(normalize_text(u) for u in units)) if units else ""
    alt = "|".join(events._norm_pattern(p).replace("UNIT", unit) for p in patterns)
    lead = r"(?:[,،] ?)?" if comma else ""
    return re.compile(rf"^\s*{lead}(?:{alt})?\s*$")


def _is_source(before: str, sent: _Sentence, ns: int) -> bool:
    """Fire came from the place: "من مواقعها في X", "stationed in X" — unless forces left it ("withdrew
    from their positions in X" is an event at X). `before`: the text within reach before it, ending at `ns`."""
    rx = _role_rx()
    m = rx["source"].search(before) if sent.may("source", ns - len(before), ns) else None
    return bool(m) and not rx["movement"].search(" ".join(before[:m.start()].split()[-3:]))


def _is_origin(before: str, sent: _Sentence, ns: int) -> bool:
    rx = _role_rx()
    lo = ns - len(before)
    if sent.may("origin_end", lo, ns) and rx["origin_end"].search(before):
        return True
    m = rx["from"].search(before) if sent.may("from", lo, ns) else None
    if not m:
        return False
    head = before[:m.start()].split()
    # "fled from X" / "انسحبت من X": movement away from the place, which is where it happened.
    if rx["movement"].search(" ".join(head[-3:])):
        return False
    window = " ".join(head[-8:])
    return bool(rx["origin"].search(window) or rx["person"].search(window))


def _is_reference(before: str, after: str, sent: _Sentence, ns: int, ne: int, earlier: list[int]) -> bool:
    rx = _role_rx()
    near = before[-_ROLE_REACH:]
    lo = ns - len(near)
    if sent.may("political_before", lo, ns) and rx["political_before"].search(near):
        return True
    if sent.may("political_after", ne, ne + len(after)) and rx["political_after"].search(after):
        return True
    # "fled from Ariha towards the border near Sarmada": after a "towards" that follows the place the
    # movement started from, places are destinations; "advanced towards Khan Tuman" names the target.
    if not sent.may("towards", lo, ns):
        return False
    skip = len(before) - len(near)
    towards = [skip + m.start() for m in rx["towards"].finditer(near)]
    if not towards:
        return False
    last_cue = max((c[1] - sent.nstart for c in sent.cues if c[1] <= ns), default=-1)
    return towards[-1] > last_cue and any(last_cue < e <= towards[-1] for e in earlier)


def _role(m: Mention, match: Match, nt: NormText, sent: _Sentence, ns: int, ne: int,
          earlier: list[int]) -> str:
    """The mention's role from the words around it in its sentence (`earlier`: ends of places before it)."""
    rx = _role_rx()
    if m.trigger == "agreement":
        return "reference"
    before = nt.norm[sent.nstart:ns]
    after = nt.norm[ne:min(sent.nend, ne + _ROLE_REACH)]
    reach = before[-_ROLE_REACH:]
    lo = ns - len(reach)
    if _is_source(reach, sent, ns):
        return "source"
    if _is_origin(reach, sent, ns):
        return "origin"
    if (sent.may("around_before", lo, ns) and rx["around_before"].search(reach)
            or sent.may("around_after", ne, ne + len(after)) and rx["around_after"].match(after)):
        return _AROUND if sent.reports_event else "reference"
    if sent.may("direction", lo, ns) and rx["direction"].search(reach):
        # "east of Khan Shaykhun": the text says where it happened only relative to the place; it is the
        # incident's location when the report names no better one (`parse_report` decides).
        return _BESIDE if sent.reports_event else "reference"
    if sent.may("office_seat", lo, ns) and rx["office_seat"].search(reach):
        # An office's seat: the incident only if the report names no other place.
        return _UNMARKED
    rel = [e - sent.nstart for e in earlier[-_PEERS:]]
    if _is_reference(before, after, sent, ns, ne, rel):
        return "reference"
    # "دارة عزة غرب حلب": a compass-named area right after a place only says where that place is.
    if rel and rx["direction_start"].match(nt.norm[ns:ne]) and not before[rel[-1]:].strip(" ,،"):
        return "reference"
    if (m.trigger in area_triggers() or match.kind in rx["area_kinds"]
            or sent.may("adjective", lo, ns) and rx["adjective"].search(reach)):
        return "area"
    if not sent.reports_event:
        # Nothing happens in this sentence. In a report that ties no place to an event word, the unmarked
        # places are where it happened (video titles and field notes name the place without a verb:
        # "حمص البياضة الشهيد ...", "Testimony of the director of X hospital"); `parse_report` promotes
        # them then, and the incident row says no event was named (no type, confidence at most 0.5).
        # A sentence about politics ("talks on Idlib in Astana") is about no place's incident.
        return "reference" if sent.political else _UNMARKED
    return "incident"


# --- resolution with context ----------------------------------------------------------------------


# Resolutions are shared by all reports parsed against one gazetteer (batches name the same places over
# and over), kept on it so they die with it, and keyed by the alias set in force, which changes answers.
_MEMO_MAX = 200_000


class _Context:
    """Resolves the mentions of reports, memoising each (name, hints, aliases) call on the gazetteer."""

    def __init__(self, gazetteer: GazetteerLike):
        from gazetteer.aliases import default_aliases

        self.resolve, self.match_many = gazetteer.resolve, gazetteer.match_many
        self.memo: dict[tuple[Any, ...], Match] = gazetteer.cached("report_resolutions", lambda _: {})
        self.aliases = default_aliases()  # the object itself: it stays alive as long as keys hold it

    def __call__(self, text: str, admin1: str | None = None, near: tuple[float, float] | None = None
                 ) -> Match:
        key = (text, admin1, near, self.aliases)
        if key not in self.memo:
            if len(self.memo) >= _MEMO_MAX:
                self.memo.clear()
            kwargs: dict[str, Any] = {}
            if admin1:
                kwargs["admin1"] = admin1
            if near:
                kwargs["near"] = near
            self.memo[key] = self.resolve(text, **kwargs)
        return self.memo[key]

    def prefetch(self, calls: Iterable[tuple[str, str | None, tuple[float, float] | None]]) -> None:
        """Resolve the (name, governorate hint, context point) `calls` not memoised yet in one `match_many`
        batch: a `resolve` of one name runs the whole batch machinery, and a report asks for its new names,
        then for hundreds of them again around a handful of points."""
        missing = [c for c in dict.fromkeys(calls) if (*c, self.aliases) not in self.memo]
        if len(missing) < 2:
            return  # one name: `__call__` resolves it as well
        if len(self.memo) + len(missing) >= _MEMO_MAX:
            self.memo.clear()
        matches = self.match_many([t for t, _, _ in missing], admin1=[h for _, h, _ in missing],
                                  near=[p for _, _, p in missing])
        for call, match in zip(missing, matches, strict=True):
            self.memo[(*call, self.aliases)] = match

    def first(self, m: Mention) -> Match:
        if m.trigger == "agreement":
            return Match(query=m.surface, status="no_match", normalized=m.name,
                         reason="named for an agreement or talks; not located")
        match = self(m.surface)
        if m.name != normalize_text(m.surface):
            # The name the mention finder read ("al sayad" for "Alsayad", a trigger's name): used when
            # it resolves better than the surface as written.
            by_name = self(m.name)
            rank = lambda x: (x.ok, x.status == "resolved", x.confidence)  # noqa: E731
            if rank(by_name) > rank(match):
                match = by_name
        if not match.ok and m.trigger in area_triggers():
            # "ريف X الغربي" missing from the region catalogue: fall back to X itself, as an area.
            inner = _strip_area_words(m.name)
            if inner and inner != m.name:
                inner_match = self(inner)
                if inner_match.ok:
                    note = f"area located by its core name {inner!r}"
                    reason = f"{inner_match.reason}; {note}" if inner_match.reason else note
                    match = dataclasses.replace(inner_match, query=m.surface, reason=reason)
        if not match.ok:
            # "حلب القديمة" (the old city) unknown as such: placed at حلب, which the name says it is part of.
            words = m.name.split()
            while len(words) > 1 and words[-1] in name_adjectives():
                words.pop()
            base = " ".join(words)
            if base != m.name and (outer := self(base)).ok:
                match = placed_at(outer, m.surface, f"{m.surface!r} is not in the gazetteer; placed at {base!r}, "
                                                     "which its name says it is part of")
        return match


def _strip_area_words(name: str) -> str:
    drop = area_words()
    return " ".join(w for w in name.split() if w not in drop and w != "the")


def _settled(match: Match) -> bool:
    """A resolved city: co-mentions never trade it for a same-named village near the other places
    ("قصف بحلب وحماة" is the city of Hama, not the village حماة in Aleppo governorate)."""
    return match.status == "resolved" and match.kind == "city"


def _better(first: Match, second: Match, hint: str | None) -> Match:
    """Prefer the context-ranked answer unless it is worse than a confident context-free one."""
    if not second.ok:
        return first
    if not first.ok or first.status == "ambiguous":
        return second
    if _settled(first) and second.kind != "city":
        return first
    in_hint = hint and first.adm1_pcode != hint and second.adm1_pcode == hint
    if in_hint and (second.confidence >= first.confidence - 0.1 or second.method != "context"):
        return second  # a homonym (not a fuzzy guess) inside the governorate the text points to
    return first if first.confidence > second.confidence else second


# Context points are rounded to ~10 km: finer adds resolver calls (one per distinct point), not accuracy.
_NEAR_DIGITS = 1
# An ambiguous name takes the same-named place nearest the report's context only within this distance.
_ANCHOR_KM = 60.0


def _median_point(matches: list[Match]) -> tuple[float, float] | None:
    if not matches:
        return None
    return (round(_median([f.lat for f in matches]), _NEAR_DIGITS),
            round(_median([f.lon for f in matches]), _NEAR_DIGITS))


def _median(values: list[float]) -> float:
    """`statistics.median`, without its generality: it is called once or twice per mention."""
    values = sorted(values)
    mid = len(values) // 2
    return values[mid] if len(values) % 2 else (values[mid - 1] + values[mid]) / 2


def _nearest_alternative(match: Match, anchor: tuple[float, float] | None, ctx: _Context) -> Match | None:
    """For an ambiguous name, the equally well-named alternative nearest `anchor` (within `_ANCHOR_KM`)."""
    if anchor is None or match.status != "ambiguous" or not match.alternatives:
        return None

    top = max(a.score for a in match.alternatives)
    near = [(haversine_km(anchor[0], anchor[1], a.lat, a.lon), a) for a in match.alternatives
            if a.score >= top - 2 and a.lat == a.lat]
    if not near:
        return None
    dist, alt = min(near, key=lambda x: x[0])
    if dist > _ANCHOR_KM:
        return None
    # Resolve again at the alternative's own point for its full record (admin codes); keep it only if
    # the resolver agrees on the place.
    full = ctx(match.query, near=(round(alt.lat, 3), round(alt.lon, 3)))
    if full.place_id != alt.place_id:
        full = dataclasses.replace(
            match, lat=alt.lat, lon=alt.lon, name=alt.name, name_ar=alt.name_ar, place_id=alt.place_id,
            kind=alt.kind, adm1_name=alt.adm1_name, adm1_pcode="", adm2_pcode="", adm2_name="", adm3_pcode="",
            adm3_name="")
    return dataclasses.replace(
        full, query=match.query, status="resolved", method="context", alternatives=match.alternatives,
        confidence=round(min(match.confidence + 0.25, 0.75), 3),
        reason=f"the same-named place nearest the report's other places ({dist:.0f} km; "
               f"{len(near) - 1} more share the name)")


def _resolve_mentions(mentions: list[Mention], spans: list[tuple[int, int, int]], sentences: list[_Sentence],
                      ctx: _Context, nt: NormText) -> list[Match]:
    known: dict[tuple[str, str, str], Match] = {}  # a report names the same places again and again
    # The names `_Context.first` starts from (the surface, and the name read when it differs), in one batch.
    ctx.prefetch((t, None, None) for m in mentions if m.trigger != "agreement"
                 for t in ((m.surface,) if m.name == normalize_text(m.surface) else (m.surface, m.name)))
    firsts = []
    for m in mentions:
        key = (m.surface, m.name, m.trigger)
        if key not in known:
            known[key] = ctx.first(m)
        firsts.append(known[key])
    area = [m.trigger in area_triggers() for m in mentions]
    ok = [f.ok for f in firsts]
    # Common words ("حالات") are no evidence of where the report is unless they are kept as places (towns).
    evidence = [_keep(m, f) for m, f in zip(mentions, firsts, strict=True)]
    # The report's dominant governorate: areas count double, weak guesses not at all.
    votes: Counter[str] = Counter()
    for j, (match, usable) in enumerate(zip(firsts, evidence, strict=True)):
        if ok[j] and match.adm1_pcode and match.confidence >= 0.6 and usable:
            votes[match.adm1_pcode] += 2 if area[j] else 1
    dominant = votes.most_common(1)[0][0] if votes else None
    # Per sentence (a bounded window) and per governorate, computed once: the work stays linear in mentions.
    by_sentence: dict[int, list[int]] = {}
    where: dict[int, int] = {}  # mention -> its position in its sentence's row
    for j, span in enumerate(spans):
        if ok[j] and evidence[j]:
            row = by_sentence.setdefault(span[0], [])
            where[j] = len(row)
            row.append(j)
    confident = [j for j, f in enumerate(firsts)
                 if ok[j] and f.confidence >= 0.8 and f.status == "resolved" and not area[j] and evidence[j]]
    report_point = {None: _median_point([firsts[j] for j in confident])}
    for code in {firsts[j].adm1_pcode for j in confident}:
        report_point[code] = _median_point([firsts[j] for j in confident if firsts[j].adm1_pcode == code])
    adm1 = [f.adm1_pcode for f in firsts]
    strong = [not area[j] and f.confidence >= 0.8 and f.status == "resolved" for j, f in enumerate(firsts)]
    ids = [id(f) for f in firsts]
    with_area = {sent_i for sent_i, row in by_sentence.items() if any(area[j] for j in row)}
    # A long report names the same places in the same company over and over: each distinct context (the
    # first answer, governorate hint, context point and anchor) is resolved once, each pool's point
    # computed once. Keys hold the Match objects' identities; `firsts` keeps them alive meanwhile.
    points: dict[tuple[int, ...], tuple[float, float] | None] = {}
    contexts: list[tuple[Any, ...] | None] = []  # each mention's (query, hint, near, anchor), None: kept as is
    for i, (m, match) in enumerate(zip(mentions, firsts, strict=True)):
        if m.trigger == "agreement" or area[i]:
            contexts.append(None)
            continue
        sent_i, ns, _ = spans[i]
        row = by_sentence.get(sent_i, [])
        at = where.get(i, bisect.bisect_left(row, i))
        same = row[max(0, at - _PEERS):at + _PEERS + 1]  # and i itself, when it is in the row
        # The nearest area (countryside, mountain, plain) in the same sentence sets the governorate;
        # else the confident places of the same sentence; else the report's dominant governorate.
        local = ([(abs(spans[j][1] - ns), j) for j in same if area[j] and adm1[j] and j != i]
                 if sent_i in with_area else [])
        peers = [j for j in same if strong[j] and j != i]
        if local:
            hint = adm1[min(local)[1]]
        elif peers:
            hint = _most_common([adm1[j] for j in peers])
        else:
            hint = dominant
        pool = tuple([ids[j] for j in peers if adm1[j] == hint])
        if pool and pool not in points:
            points[pool] = _median_point([firsts[j] for j in peers if adm1[j] == hint])
        near = points[pool] if pool else report_point.get(hint)
        anchor = near or (_median_point([firsts[min(local)[1]]]) if local else None)
        contexts.append((match.query or m.surface, hint, near, anchor))
    # `_in_context` first resolves each (query, hint, near) with a hint or a point: all of them up front,
    # in one batch per context point, instead of one resolver run each.
    ctx.prefetch(c[:3] for c in contexts if c is not None and (c[1] is not None or c[2] is not None))
    decided: dict[tuple[Any, ...], Match] = {}
    out = []
    for match, c in zip(firsts, contexts, strict=True):
        if c is None:
            out.append(match)
            continue
        key = (id(match), *c)
        if key not in decided:
            decided[key] = _in_context(match, *c, ctx)
        out.append(decided[key])
    return out


def _most_common(values: list[str]) -> str:
    """`Counter(values).most_common(1)[0][0]` (the first of the most frequent), for a handful of values."""
    if values.count(values[0]) == len(values):
        return values[0]  # the usual case: the places around a mention lie in one governorate
    counts: dict[str, int] = {}
    for v in values:
        counts[v] = counts.get(v, 0) + 1
    return max(counts, key=counts.__getitem__)


def _in_context(match: Match, query: str, hint: str | None, near: tuple[float, float] | None,
                anchor: tuple[float, float] | None, ctx: _Context) -> Match:
    """A mention's answer given its context: the governorate `hint`, the context point `near` and the
    `anchor` for choosing among same-named places."""
    if hint is None and near is None:
        return _nearest_alternative(match, anchor, ctx) or match
    second = ctx(query, admin1=hint, near=near)  # the form that resolved first
    best = _better(match, second, hint)
    if best.status == "ambiguous" or best.method == "context" and best.confidence < 0.5:
        best = _nearest_alternative(match, anchor, ctx) or best
    elif (hint and best.adm1_pcode != hint and second.status == "ambiguous" and second.adm1_pcode == hint
          and not _settled(best)):
        # Named places of the sentence point to a governorate where the name has homonyms: the one
        # nearest them beats a same-named place elsewhere ("حي الخالدية ... في حمص").
        best = _nearest_alternative(second, anchor, ctx) or best
    return best


def _keep(m: Mention, match: Match) -> bool:
    if m.common and not _prior_vouches(m, match):
        return False  # a common word or given name with no evidence of a place and no strong prior
    if m.source != "proper":
        return True
    if m.trigger == "locative":
        # "in Hretan": the text says a place is meant, so the resolver's best guess stays even when another
        # place fits the spelling too; it keeps its ambiguous status and low confidence on the incident row.
        floor = _LOCATIVE_MIN_CONFIDENCE if match.status == "resolved" else _AMBIGUOUS_LOCATIVE_MIN
        return match.ok and match.status in ("resolved", "ambiguous") and match.confidence >= floor
    return match.ok and match.status == "resolved" and match.confidence >= _PROPER_MIN_CONFIDENCE


def _prior_vouches(m: Mention, match: Match) -> bool:
    """Whether the place alone makes a common word its name: a town or larger unit, named by its own
    Arabic name (an alternate spelling without the article, "قصير" short for "القصير", is the word), and for
    the commonest words a city or larger ("بدأ" started is no town بدا)."""
    if not (match.ok and match.status == "resolved" and match.kind in _STRONG_KINDS):
        return False
    if _is_arabic(m.name) and match.name_ar and normalize_text(match.matched_name) != normalize_text(match.name_ar):
        return False
    return not (match.kind in _TOWN_KINDS and _zipf(m.surface) >= VERY_COMMON_ZIPF)


# --- incidents ------------------------------------------------------------------------------------


def _event_for(sent: _Sentence, ns: int, ne: int, fallback: tuple[int, int, str] | None,
               norm: str) -> tuple[str, str, str, float]:
    """(ACLED event type, sub-event type, phrase, weight) for a place: the nearest typed cue before it in
    its sentence, else after it, else an untyped attack word, else the report's first typed event."""
    typed = [c for c in sent.cues if c[2] not in (events.GENERIC, events.EVIDENCE)]
    generic = [c for c in sent.cues if c[2] == events.GENERIC]
    pick, weight = None, 0.5
    for pool in (typed, generic):
        before = [c for c in pool if c[1] <= ns]
        after = [c for c in pool if c[0] >= ne]
        if before:
            pick, weight = before[-1], 1.0 if ns - before[-1][1] <= 80 else 0.85
        elif after:
            pick, weight = after[0], 0.75
        if pick:
            break
    if pick is None and sent.cues:
        weight = 0.7  # casualties or aftermath, of an event the sentence does not name
    if pick is None:
        pick = fallback
        weight = min(weight, 0.6) if sent.cues or sent.killed is not None else 0.5
    if pick is None:
        return "", "", "", weight
    kind, sub = events.acled_type(pick[2])
    return kind, events.by_actor(sub, sent.actors), norm[pick[0]:pick[1]], weight


def _incident_frame(incidents: Sequence[Incident]) -> gpd.GeoDataFrame:
    """The incidents of one report or of a whole batch as one typed GeoDataFrame."""
    rows = [row for row, _ in incidents]
    matches = [match for _, match in incidents]
    base = pd.DataFrame(rows, columns=[c for c in INCIDENT_COLUMNS if not c.startswith("geo_")])
    base["date"] = pd.to_datetime(base["date"])
    for col in ("fatalities", "injured", "start", "end"):
        base[col] = base[col].astype("Int64")
    base["confidence"] = base["confidence"].astype("float64")
    frame = pd.concat([base, match_columns(matches)], axis=1)[list(INCIDENT_COLUMNS)]
    geometry = [Point(m.lon, m.lat) if m.ok else None for m in matches]
    return gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries(geometry, crs="EPSG:4326"))


def _first_event(sentences: list[_Sentence]) -> tuple[int, int, str] | None:
    """The report's first typed event word, else its first untyped one (sentences read up to it only)."""
    typed = (c for s in sentences for c in s.cues if c[2] not in (events.GENERIC, events.EVIDENCE))
    first = next(typed, None)
    return first or next((c for s in sentences for c in s.cues if c[2] == events.GENERIC), None)


def _incidents(mentions: list[Mention], spans: list[tuple[int, int, int]], sentences: list[_Sentence],
               nt: NormText, source: str) -> tuple[Incident, ...]:
    found: list[Incident] = []
    seen = set()
    points = [i for i, m in enumerate(mentions) if m.role == "incident" and m.match is not None]
    if not points:
        # No point place: the event happened in the area named ("cluster bombs on Jabal al-Akrad").
        points = [i for i, m in enumerate(mentions) if m.role == "area" and m.match is not None and m.match.ok
                  and (sentences[spans[i][0]].has_cue or sentences[spans[i][0]].killed is not None)]
    order = sorted(points, key=lambda i: sentences[spans[i][0]].title)  # body before title
    fallback = _first_event(sentences) if order else None
    at: list[int] = []  # the sentence of each incident found
    for i in order:
        m = mentions[i]
        assert m.match is not None
        place = m.match.place_id or m.name
        if place in seen:
            continue  # the title repeats the body, or a sentence names a place twice
        seen.add(place)
        sent = sentences[spans[i][0]]
        event_type, sub_type, phrase, cue_weight = _event_for(sent, spans[i][1], spans[i][2], fallback, nt.norm)
        title_weight = 0.9 if sent.title else 1.0
        found.append(({
            "date": sent.date, "event_type": event_type, "sub_event_type": sub_type, "event_phrase": phrase,
            "surface": m.surface, "fatalities": sent.killed,
            "injured": sent.injured, "actors": "; ".join(sent.actors),
            "sentence": " ".join(nt.text[sent.start:sent.end].split()),
            "confidence": round(m.match.confidence * cue_weight * title_weight, 3), "source": source,
            "start": m.start, "end": m.end,
        }, m.match))
        at.append(spans[i][0])
    _carry_casualties(found, at, {k for k, _, _ in spans}, sentences)
    return tuple(sorted(found, key=lambda inc: inc[0]["start"]))  # stable: text order, body first on ties


# A sentence this near after a one-place sentence that names no place gives that place its casualty figures
# ("... قصفت الطائرات بلدة كفرنبل. وأسفر القصف عن مقتل 4 مدنيين"). Two places before it would have to share
# them, which the text does not say: their figures stay empty.
_CARRY_SENTENCES = 2


def _carry_casualties(found: list[Incident], at: list[int], named: set[int], sentences: list[_Sentence]) -> None:
    """Give a sentence's only incident the casualty figures of the placeless sentences right after it."""
    counts = Counter(at)
    for (row, _), k in zip(found, at, strict=True):
        if counts[k] > 1 or row["fatalities"] is not None or row["injured"] is not None:
            continue
        for j in range(k + 1, min(k + 1 + _CARRY_SENTENCES, len(sentences))):
            later = sentences[j]
            if j in named or later.title:
                break
            if later.killed is not None or later.injured is not None:
                row["fatalities"], row["injured"] = later.killed, later.injured
                break


def parse_report(text: str, *, date: dt.date | str | None = None, lang: str | None = None, source: str = "",
                 index: NameIndex | None = None, gazetteer: GazetteerLike | None = None) -> Report:
    """Geoparse one report: mentions with Match and role, and one incident row per incident place.

    `date` (a date or ISO string) overrides the report's date line; `lang` ('ar'/'en') is informational
    (both languages are always searched). `gazetteer` defaults to ``gazetteer.load()``, `index` (the
    name automaton) to the gazetteer's.
    """
    if not isinstance(text, str):
        raise InputError(f"report text must be a string, not {type(text).__name__}")
    if lang not in (None, "ar", "en"):
        raise InputError(f"unknown language {lang!r}; use 'ar' or 'en'")
    day = _as_date(date) if date is not None else events.report_date(text)
    gazetteer = or_default(gazetteer)
    index = index if index is not None else name_index(gazetteer)
    if len(text) < _PAUSE_COLLECTOR_MIN:
        return _parse(text, day, source, index, gazetteer)
    with collector_paused():  # a long report's many objects, and no cycles (gazetteer.collector)
        return _parse(text, day, source, index, gazetteer)


# Reports at least this long are parsed with the cycle collector paused. Shorter ones gain nothing: on the
# dev texts and the ~100- and ~300-character synthetic reports, batches parsed alternately with and without
# the pause in one process differed by less than their noise, so they leave the collector alone.
_PAUSE_COLLECTOR_MIN = 10_000


def _parse(text: str, day: dt.date | None, source: str, index: NameIndex, gazetteer: GazetteerLike) -> Report:
    """`parse_report` once its arguments are checked."""
    nt = NormText.of(text)
    sentences = _sentences(nt, day)
    starts = [s.start for s in sentences]
    found = []
    every = find_mentions(nt, index=index)
    nstarts, nends = nt.to_norm_many([m.start for m in every]), nt.to_norm_many([m.end for m in every])
    for m, ns, ne in zip(every, nstarts, nends, strict=True):
        k = bisect.bisect_right(starts, m.start) - 1
        if k >= 0 and m.end <= sentences[k].end:
            found.append((m, (k, ns, ne)))
    ctx = _Context(gazetteer)
    mentions, spans = [m for m, _ in found], [s for _, s in found]
    matches = _resolve_mentions(mentions, spans, sentences, ctx, nt)
    kept, kept_spans, roles = [], [], []
    # Datelines open the story or a line of it (a headline may come first): ends of their spans by start.
    datelines = {d.start(): d.end() for d in _role_rx()["dateline"].finditer(text)}
    dateline_starts = sorted(datelines)
    ends_by_sentence: dict[int, list[int]] = {}  # ends of the places kept so far, per sentence
    gap_rx = list_gap()
    for m, match, span in zip(mentions, matches, spans, strict=True):
        if not _keep(m, match):
            continue
        earlier = ends_by_sentence.setdefault(span[0], [])
        role = _role(m, match, nt, sentences[span[0]], span[1], span[2], earlier)
        k = bisect.bisect_right(dateline_starts, m.start) - 1
        if k >= 0 and m.end <= datelines[dateline_starts[k]] and role == "incident":
            role = _UNMARKED  # where the story was filed: the incident only when no other place is
        # A list inherits the role of its first item: "من مدينتي جبلة والقرداحة", "near Sarmada and Atmeh".
        if (roles and roles[-1] in ("origin", "source", "reference", _BESIDE, _AROUND) and kept_spans[-1][0] == span[0]
                and gap_rx.match(nt.norm[kept_spans[-1][2]:span[1]])):
            role = roles[-1]
        kept.append((m, match))
        roles.append(role)
        kept_spans.append(span)
        earlier.append(span[2])
    # Unmarked places are the incidents of a report that ties none to an event word, else references; a
    # place the event is only oriented from ("east of X") is its incident when there is no other.
    # The home town of the people a report names is where it happened only when it names no other place
    # at all ("People from Muadamiyat al-Sham in field hospital"), and then as a guess (see _with_role).
    unmarked = "reference" if "incident" in roles else "incident"
    beside = "incident" if unmarked == "incident" and _UNMARKED not in roles else "reference"
    home = "incident" if not set(roles) & {"incident", _UNMARKED, _BESIDE, _AROUND, "area"} else "origin"
    final = {_UNMARKED: unmarked, _BESIDE: beside, _AROUND: "incident", "origin": home}
    kept = [_with_role(m, match, final.get(role, role), placed=role if role in _PLACED_BECAUSE else "")
            for (m, match), role in zip(kept, roles, strict=True)]
    _contexts(kept, kept_spans, nt)
    _roads(kept, kept_spans, nt, gazetteer)
    incidents = _incidents(kept, kept_spans, sentences, nt, source)
    return Report(text=text, date=day, mentions=tuple(kept), incident_rows=incidents, source=source)


def _contexts(kept: list[Mention], spans: list[tuple[int, int, int]], nt: NormText) -> None:
    """A governorate, district or city named right next to a smaller place only locates it: after it
    ("Sarmin, Idlib", "الخالدية بحمص", "Jabal al-Akrad in Latakia") or before it as a tag ("حماة كفرزيتا",
    "Aleppo - Sukkari"). The container becomes a reference, in place; the smaller place keeps the incident."""
    in_gap, tag_gap = _role_rx()["container_gap"], _role_rx()["tag_gap"]
    # km from a place to a container: a long report pairs the same two places over and over, and a
    # container's polygon is projected for each distance. Keyed by the polygon's identity (hashing it
    # hashes its WKB), which the value keeps alive.
    outside: dict[tuple[Any, ...], tuple[float, Any]] = {}

    def km_apart(a: Match, b: Match) -> float:  # km_outside, once per pair of points and container
        key = (a.lat, a.lon, b.lat, b.lon, id(b.geometry))
        if key not in outside:
            outside[key] = km_outside(a, b), b.geometry
        return outside[key][0]

    for k in range(1, len(kept)):
        if spans[k][0] != spans[k - 1][0]:
            continue
        gap = nt.norm[spans[k - 1][2]:spans[k][1]]
        for inner_k, outer_k, rx in ((k - 1, k, in_gap), (k, k - 1, tag_gap)):
            inner, outer = kept[inner_k], kept[outer_k]
            if inner.role not in ("incident", "area") or outer.role not in ("incident", "area"):
                continue
            a, b = inner.match, outer.match
            if a is None or b is None or not b.ok:
                continue
            belongs = "تابع" in gap  # "X التابعة لـ Y": the text says Y contains X, whatever Y's kind
            # "قرية X التابعة لناحية Y" with X unknown, or known only far from Y (a same-named place
            # elsewhere): the incident is placed at Y and says so.
            apart = km_apart(a, b) if a.ok and a.adm1_pcode != b.adm1_pcode else 0.0
            far = a.ok and (belongs or b.kind in _CONTAINER_KINDS) and apart > _FAR_CONTAINER_KM
            if (not a.ok or far) and rx is in_gap and rx.match(gap):
                if _road_words(kept, spans, nt, k) is not None:
                    break  # "the Qamishli – Amuda road": the road's two ends, neither labelling the other
                why = f"the gazetteer's {a.name!r} lies {apart:.0f} km away" if far else "it is not in the gazetteer"
                kept[inner_k] = inner.replaced(match=placed_at(
                    b, inner.surface, f"{inner.surface!r}: {why}; placed at {outer.surface!r}, which the text "
                                      "names as where it is", alternatives=a.alternatives if far else ()))
                kept[outer_k] = outer.replaced(role="reference")
                break
            if not a.ok or b.kind not in _CONTAINER_KINDS and not belongs:
                continue
            # Of two cities only a governorate's capital locates the other ("ادلب - معرة النعمان" is the
            # governorate's label, "Maarrat an Numan, Idlib" too); Maarrat does not contain Idlib.
            if a.kind == b.kind == "city" and not belongs and (is_capital(a) or not is_capital(b)):
                continue
            if b.kind == "city" and a.kind in _REGION_KINDS and not is_capital(b):  # "the Eastern Ghouta town of Douma"
                continue
            if a.kind in _WIDE_KINDS or a.place_id == b.place_id:
                continue
            # A quarter belongs to its own city: "طريق الباب - منبج" does not put Aleppo's Tariq al-Bab in Manbij.
            if (a.kind == "neighbourhood" and b.kind == "city"
                    and haversine_km(a.lat, a.lon, b.lat, b.lon) > _CITY_REACH_KM):
                continue
            if not rx.match(gap) or b.adm1_pcode and a.adm1_pcode and a.adm1_pcode != b.adm1_pcode and not (
                    b.kind == "city" and haversine_km(a.lat, a.lon, b.lat, b.lon) <= _CITY_REACH_KM):
                continue
            # An admin unit locates only what lies in it: "إدلب ناحية التمانعة" labels a sub-district of
            # Idlib; the sub-district does not contain the city.
            if (b.kind in ADMIN_KINDS and not belongs and b.geometry is not None
                    and km_apart(a, b) > _CONTAINED_KM):
                continue
            # Asked only here, where a role would change: most pairs of a long list never get this far.
            if _road_words(kept, spans, nt, k) is None:
                kept[outer_k] = outer.replaced(role="reference")
            break


@lru_cache(maxsize=1)
def _road_rx() -> tuple[re.Pattern[str], ...]:
    """(what precedes the first end: "road between ", "الطريق الواصل بين "; "طريق " before "A - B"; the
    normalized gap between the ends: and / with / و, or nothing; "road" after "A - B"; a road word that
    opens a mention), from the lexicon's road words."""
    lex = lexicon()

    def either(words) -> str:
        return "|".join(sorted({re.escape(normalize_text(w)) for w in words}, key=len, reverse=True))

    road, between, joins = either(lex["road_words"]), either(lex["road_between"]), either(lex["road_and"])
    return (re.compile(rf"(?:^|\W)(?:{road})(?:\s+\S+)?\s+(?:{between})\s+$"),
            re.compile(rf"(?:^|\W)(?:{road})\s+$"),
            re.compile(rf"\s*(?:(?:{joins})\s*)?"),
            re.compile(rf"\s+(?:{road})(?!\w)"),
            re.compile(rf"(?:{road})\s+"))


def _roads(kept: list[Mention], spans: list[tuple[int, int, int]], nt: NormText, gazetteer: GazetteerLike) -> None:
    """Two incident places that name a road by its ends ("struck the road between Khan Shaykhun and
    Maarrat al-Numan", "طريق سراقب - أريحا", "the Khan Shaykhun - Morek road") are one incident on it:
    the first carries the road (`gazetteer.relative.road_between`), the second becomes a reference."""
    gap_rx = _road_rx()[2]
    for k in range(1, len(kept)):
        a, b = kept[k - 1], kept[k]
        if spans[k][0] != spans[k - 1][0] or a.role != "incident" or b.role != "incident":
            continue
        if a.match is None or b.match is None or a.match.status != "resolved" or b.match.status != "resolved":
            continue
        if not gap_rx.fullmatch(nt.norm[spans[k - 1][2]:spans[k][1]]) or a.match.place_id == b.match.place_id:
            continue
        if (lead := _road_words(kept, spans, nt, k)) is None:
            continue
        first, surface = a.match, a.surface
        if lead > spans[k - 1][1]:
            # "طريق الباب - منبج": the road word belongs to the road, not to the first end's name (Tariq
            # al-Bab is also a quarter of Aleppo); the end is the rest of the mention.
            end = gazetteer.resolve(nt.norm[lead:spans[k - 1][2]])
            if end.status != "resolved" or end.place_id == b.match.place_id:
                continue
            first, surface = end, nt.norm[lead:spans[k - 1][2]]
        road = road_between(first, b.match, f"{surface} – {b.surface} road", partial(_admin_fields, gazetteer))
        kept[k - 1], kept[k] = a.replaced(match=road), b.replaced(role="reference")


def _road_words(kept: list[Mention], spans: list[tuple[int, int, int]], nt: NormText, k: int) -> int | None:
    """Whether mentions k-1 and k name a road by its ends: "road between A and B", "طريق A - B", "A - B
    road", or "طريق A - B" where the road word was read into A's mention. None if not; else where the
    first end's name starts (normalized offset: after the road word when A's mention holds it)."""
    between, before, _, after, opening = _road_rx()
    a, b = kept[k - 1], kept[k]
    start = spans[k - 1][1]
    head = nt.norm[max(0, start - 60):start]
    dashed = _DASH_GAP.fullmatch(nt.text[a.end:b.start]) is not None  # normalizing drops the dash
    if dashed and (lead := opening.match(nt.norm, start, spans[k - 1][2])):
        head, start = head + nt.norm[start:lead.end()], lead.end()
    if (between.search(head) and not dashed
            or dashed and (before.search(head) or after.match(nt.norm, spans[k][2]))):
        return start
    return None


_DASH_GAP = re.compile(r"\s*[-–]\s*")


def _admin_fields(gazetteer: GazetteerLike, lat: float, lon: float) -> dict[str, str]:
    """A point's adm1-adm3 P-codes and names, as Match fields."""
    from geo.admin import admin_for

    found = admin_for(lat, lon, gazetteer=gazetteer)
    return {f"adm{k}_{f}": str(found.get(f"adm{k}_{f}") or "") for k in (1, 2, 3) for f in ("pcode", "name")}


# Why an incident is placed at a place the text names only relative to it, by how it names it.
_PLACED_BECAUSE = {
    _BESIDE: "the text places it only in a direction from {!r}; placed there",
    _AROUND: "the text places it around {!r}, not in it; placed there",
    "origin": "the text names {!r} only as the home of the people it reports on; placed there",
}


def _with_role(m: Mention, match: Match, role: str, *, placed: str = "") -> Mention:
    """The mention with its match and role; an event located only by a direction from a place ("east of
    X"), around it ("the outskirts of X"), or only by the home town of the people it names, is placed at
    X, method relative, precision 2 (`placed` says which)."""
    if placed and role == "incident":
        if not match.ok:
            role = "origin" if placed == "origin" else "reference"
        else:
            match = placed_at(match, m.surface, _PLACED_BECAUSE[placed].format(m.surface), match.alternatives)
    return m.replaced(match=match, role=role)


def _as_date(value: dt.date | str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        parsed = events.parse_date(str(value))
        if parsed is None:
            raise InputError(f"cannot read the date {value!r}; use YYYY-MM-DD") from None
        return parsed


_TEXT_SUFFIXES = (".txt", ".md", ".text")
_DATE_COLUMNS = ("date", "event_date", "التاريخ")


def _read_text(path: Path) -> str:
    from geo.table_io import detect_encoding

    raw = path.read_bytes()
    try:
        return raw.decode(detect_encoding(raw[:65536]))
    except (UnicodeDecodeError, LookupError) as exc:
        raise InputError(f"{path}: cannot decode the text ({exc})") from None


def _report_paths(paths: Sequence[str | Path], text_column: str | None) -> list[tuple[Path, list[Path] | None]]:
    """Each input with its report files (None for a table), checked before any report is parsed."""
    from geo.table_io import table_format

    out = []
    for item in paths:
        path = Path(item)
        if not path.exists():
            raise InputError(f"{path}: no such file or directory")
        if path.is_dir():
            files = sorted(p for p in path.iterdir() if p.suffix.lower() in _TEXT_SUFFIXES)
            if not files:
                raise InputError(f"{path}: no .txt reports in this directory")
            out.append((path, files))
        elif path.suffix.lower() in _TEXT_SUFFIXES and not text_column:
            out.append((path, [path]))
        else:
            table_format(path)  # raises a clear error for an unknown extension
            out.append((path, None))
    return out


def _report_sources(
    inputs: list[tuple[Path, list[Path] | None]], text_column: str | None
) -> Iterable[tuple[str, str, Any]]:
    """(source label, text, date or None) for every report in files, directories and tables."""
    from geo.table_io import read_table

    for path, files in inputs:
        if files is not None:
            for f in files:
                yield f.name, _read_text(f), None
            continue
        table = read_table(path)
        if not text_column or text_column not in table.columns:
            cols = ", ".join(map(str, table.columns))
            what = f"no column {text_column!r}" if text_column else "a table needs --text-column"
            raise InputError(f"{path}: {what}; columns are: {cols}")
        yield from _table_rows(table, text_column, [f"{path.name}:{i}" for i in range(1, len(table) + 1)])


def _table_rows(table: pd.DataFrame, text_column: str, sources: Sequence[str]) -> Iterable[tuple[str, str, Any]]:
    """(source label, text, date or None) for each row of a report table; dates from its ``date`` column."""
    dates = next((c for c in table.columns if str(c).strip().casefold() in _DATE_COLUMNS), None)
    days = table[dates].tolist() if dates else [None] * len(table)
    for source, text, day in zip(sources, table[text_column].tolist(), days, strict=True):
        yield source, "" if pd.isna(text) else str(text), day or None


def parse_reports(paths: Sequence[str | Path], *, text_column: str | None = None,
                  date: dt.date | str | None = None, lang: str | None = None,
                  gazetteer: GazetteerLike | None = None) -> list[Report]:
    """Parse every report in .txt files, directories of them, or a table's `text_column` (one per row).

    `date` applies to every report (else each report's date line, or a table's ``date`` column). A dask
    DataFrame in (with `text_column`) gives a lazy dask-geopandas frame of incidents out (`geo.dask_engine`).
    """
    if is_dask_frame(paths):
        from geo.dask_engine import parse_dask

        if not text_column:
            raise InputError("a Dask table needs text_column")
        return parse_dask(paths, text_column=text_column, date=date, lang=lang)
    return list(iter_reports(paths, text_column=text_column, date=date, lang=lang, gazetteer=gazetteer))


def iter_reports(paths: Sequence[str | Path], *, text_column: str | None = None,
                 date: dt.date | str | None = None, lang: str | None = None,
                 gazetteer: GazetteerLike | None = None) -> Iterator[Report]:
    """`parse_reports` one report at a time, so memory stays flat however many reports the inputs hold.

    Missing inputs and unknown formats raise `InputError` here, before any report is parsed.
    """
    return _parse_each(_report_sources(_report_paths(paths, text_column), text_column), date, lang, gazetteer)


def parse_table(table: pd.DataFrame, *, text_column: str, sources: Sequence[str],
                date: dt.date | str | None = None, lang: str | None = None,
                gazetteer: GazetteerLike | None = None) -> list[Report]:
    """Parse each row's `text_column` as `parse_reports` parses a table; `sources` labels the rows."""
    return list(_parse_each(_table_rows(table, text_column, sources), date, lang, gazetteer))


def _parse_each(items: Iterable[tuple[str, str, Any]], date: dt.date | str | None, lang: str | None,
                gazetteer: GazetteerLike | None) -> Iterator[Report]:
    gazetteer = or_default(gazetteer)
    index = name_index(gazetteer)  # once per batch, not per report
    for source, text, day in items:
        when = date if date is not None else day
        try:
            report = parse_report(text, date=when, lang=lang, source=source, index=index, gazetteer=gazetteer)
        except InputError as exc:
            raise InputError(f"{source}: {exc}") from None
        yield report


def incidents_of(reports: Iterable[Report]) -> gpd.GeoDataFrame:
    """All incidents of several reports in one GeoDataFrame (EPSG:4326), in report order."""
    frame = _incident_frame([inc for r in reports for inc in r.incident_rows])
    # Text columns as str, empty or not: every batch of incidents has the same schema (Parquet, Dask).
    frame = frame.astype({c: str for c in frame.columns if frame[c].dtype == object})
    return gpd.GeoDataFrame(frame, geometry="geometry", crs="EPSG:4326")


def write_incidents(reports: Iterable[Report], output: str | Path, *, force: bool = False,
                    batch_size: int = 1000) -> tuple[int, int]:
    """Write the incidents of `reports` to `output` (format by extension, atomic), `batch_size` reports at
    a time, so neither the reports nor one frame of all incidents is ever held; returns (reports, incidents).
    """
    from geo.table_io import TableWriter

    reports = iter(reports)
    n_reports = n_incidents = 0
    with TableWriter(output, force=force) as writer:
        while batch := list(itertools.islice(reports, batch_size)):
            n_reports += len(batch)
            frame = incidents_of(batch)
            if len(frame):  # an empty first chunk would print a CSV header twice on stdout
                writer.write(frame)
                n_incidents += len(frame)
        if not n_incidents:
            writer.write(incidents_of([]))  # the header / schema of an empty result
    return n_reports, n_incidents
