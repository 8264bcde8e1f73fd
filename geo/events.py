"""What happened, to how many, by whom and when: pattern rules over normalized report text (both languages).

All patterns live in ``geo/data/event_patterns.yaml``; functions here take text normalized with
`geo.mentions.normalize_text` (or a `NormText.norm`).

Examples
--------
>>> from geo.mentions import normalize_text as n
>>> [acled_type(c[2]) for c in event_cues(n("قصفت قوات النظام بلدة كفرنبل"))]
[('Explosions/Remote violence', 'Shelling/artillery/missile attack')]
>>> casualties(n("ما أدى إلى مقتل ثلاثة مدنيين وإصابة آخرين بجروح"))
(3, None)
>>> casualties(n("air strikes hit Atarib, killing at least five civilians"))
(5, None)
>>> actors(n("قصفت قوات النظام بلدة كفرنبل"))
['Syrian government forces']
>>> parse_date("12 أيار 2019")
datetime.date(2019, 5, 12)
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from gazetteer.lexicon import lexicon
from geo.mentions import normalize_text, skipping

__all__ = [
    "EVENT_TYPES", "GENERIC", "EVIDENCE", "MAX_CASUALTIES", "acled_type", "by_actor", "compile_patterns",
    "event_cues", "has_event_cue",
    "casualties", "actors", "parse_date", "report_date", "sentence_date",
]

# Arabic clitics a pattern word may carry (وقصفت, بقذائف, والاشتباكات), from the shared lexicon
# (gazetteer/data/lexicon.yaml); boundaries keep words whole.
_CLITIC = "(?:{})?".format("|".join(sorted({normalize_text(c) for c in lexicon()["arabic_clitics"]},
                                             key=len, reverse=True)))
_LEFT, _RIGHT = r"(?<![^\W_])", r"(?![^\W_])"


def _norm_pattern(pattern: str) -> str:
    # Only non-ASCII characters are normalized: regex syntax and English words are ASCII already.
    return "".join(normalize_text(c) or c if ord(c) > 127 and not c.isspace() else c for c in pattern)


@lru_cache(maxsize=1)
def _spec() -> dict[str, Any]:
    text = resources.files("geo").joinpath("data/event_patterns.yaml").read_text("utf-8")
    return yaml.safe_load(text)


def compile_patterns(patterns: list[str], *, clitics: bool = True) -> re.Pattern[str]:
    """One regex for a list of pattern strings, Arabic normalized, whole words, clitics allowed in front."""
    body = "|".join(f"(?:{_norm_pattern(p)})" for p in patterns)
    return re.compile(f"{_LEFT}{_CLITIC if clitics else ''}(?:{body}){_RIGHT}")


# Cue kinds besides the ACLED sub-event types: an attack word of no stated kind, and casualty/aftermath words.
GENERIC, EVIDENCE = "generic", "evidence"


@lru_cache(maxsize=1)
def _sub_types() -> dict[str, str]:
    """ACLED sub-event type -> its event type."""
    return {sub: kind for kind, subs in _spec()["event_types"].items() for sub in subs}


@lru_cache(maxsize=1)
def _type_regex() -> tuple[re.Pattern[str], list[str]]:
    """All cue patterns in one regex (one scan of the text, not one per kind), and each group's kind."""
    spec = _spec()
    kinds = [(sub, pats) for subs in spec["event_types"].values() for sub, pats in subs.items()]
    kinds += [(GENERIC, spec["generic_event"]["patterns"]), (EVIDENCE, spec["event_evidence"])]
    groups = "|".join(f"(?P<k{i}>{'|'.join(f'(?:{_norm_pattern(p)})' for p in pats)}){_RIGHT}"
                      for i, (_, pats) in enumerate(kinds))
    return skipping(re.compile(f"{_LEFT}{_CLITIC}(?:{groups})")), [kind for kind, _ in kinds]


EVENT_TYPES: tuple[str, ...] = tuple(_spec()["event_types"])


def acled_type(cue: str) -> tuple[str, str]:
    """(ACLED event type, sub-event type) of a cue kind from `event_cues`; ('', '') for bare evidence."""
    if cue == GENERIC:
        kind, sub = _spec()["generic_event"]["type"]
        return kind, sub
    if cue == EVIDENCE or not cue:
        return "", ""
    return _sub_types()[cue], cue


def by_actor(sub_type: str, actors_named: list[str]) -> str:
    """The sub-event type as the sentence's first named actor makes it (``actor_sub_events``): a capture
    by government forces is "Government regains territory", by anyone else "Non-state actor overtakes"."""
    if not actors_named:
        return sub_type
    return _spec()["actor_sub_events"].get(sub_type, {}).get(actors_named[0], sub_type)


def event_cues(norm: str) -> list[tuple[int, int, str]]:
    """(start, end, cue kind) of every event word in normalized text, in text order.

    The kind is an ACLED sub-event type ("Air/drone strike"), `GENERIC` for an attack word of no stated
    kind or `EVIDENCE` for casualty and aftermath words; `acled_type` maps it to ACLED's names."""
    rx, kinds = _type_regex()
    # Cues never overlap: at each place the first kind (in file order) whose pattern matches speaks.
    return [(m.start(), m.end(), kinds[int(m.lastgroup[1:])]) for m in rx.finditer(norm) if m.lastgroup]


def has_event_cue(norm: str) -> bool:
    """Whether `event_cues(norm)` would find any cue (the scan stops at the first)."""
    m = _type_regex()[0].search(norm)  # the first match of `event_cues`' scan
    if m is None:
        return False
    return m.lastgroup is not None or bool(event_cues(norm))


# --- numbers and casualties -----------------------------------------------------------------------


# More than any single incident report states (the largest Syrian massacres counted in the thousands).
MAX_CASUALTIES = 100_000


@lru_cache(maxsize=1)
def _number_words() -> dict[str, int]:
    words = {}
    for table in _spec()["numbers"].values():
        for word, value in table.items():
            words[normalize_text(str(word))] = int(value)
    return words


@lru_cache(maxsize=1)
def _num_pattern() -> str:
    words = sorted(_number_words(), key=len, reverse=True)
    alt = "|".join(re.escape(w) for w in words)
    # "خمسة وعشرين", "twenty five", "ثلاثة عشر", digits with thousands separators.
    return rf"(\d[\d,]*|(?:{alt})(?:[ -](?:و)?(?:{alt}))?)"


def _to_int(token: str) -> int | None:
    token = token.strip()
    if token[:1].isdigit():
        digits = token.replace(",", "")
        # Longer figures are years, phone numbers or IDs, never casualty counts (and int() of a
        # 5,000-digit string raises): anything above MAX_CASUALTIES is not a casualty figure.
        if len(digits) > len(str(MAX_CASUALTIES)):
            return None
        value = int(digits)
        return value if value <= MAX_CASUALTIES else None
    words = _number_words()
    if token in words:
        return words[token]
    parts = re.split(r"[ -]", token, maxsplit=1)
    if len(parts) == 2:
        a, b = parts[0], parts[1].removeprefix("و") if parts[1] not in words else parts[1]
        if a in words and b in words:
            va, vb = words[a], words[b]
            if vb == 10 and va < 10:  # ثلاثة عشر = 13
                return va + 10
            return va + vb if va < vb or vb < 10 else None
    return None


@lru_cache(maxsize=1)
def _casualty_regexes() -> dict[str, re.Pattern[str]]:
    num = _num_pattern()
    spec = _spec()
    return {
        key: skipping(re.compile("|".join(f"{_LEFT}{_CLITIC}(?:{_norm_pattern(p).replace('NUM', num)})"
                                          for p in spec[key])))
        for key in ("killed", "injured", "killed_one", "injured_one")
    }


def _largest(rx: re.Pattern[str], norm: str) -> int | None:
    values = []
    for m in rx.finditer(norm):
        token = next((g for g in m.groups() if g), None)
        value = _to_int(token) if token else None
        if value is not None:
            values.append(value)
    return max(values) if values else None


@lru_cache(maxsize=1)
def _casualty_words() -> re.Pattern[str]:
    return re.compile("|".join(_norm_pattern(w) for w in _spec()["casualty_words"]))


# Every casualty pattern contains a casualty stem and spans far less than this many characters either
# side of it (a number, up to three words, "ما لا يقل عن"), so the patterns are run only there.
_CASUALTY_REACH = 160


def _near_casualty_words(norm: str) -> str:
    """The parts of `norm` within `_CASUALTY_REACH` of a casualty stem, cut at spaces, joined by " | "."""
    parts: list[tuple[int, int]] = []
    for m in _casualty_words().finditer(norm):
        start = norm.rfind(" ", 0, max(0, m.start() - _CASUALTY_REACH)) + 1
        end = norm.find(" ", m.end() + _CASUALTY_REACH)
        end = len(norm) if end < 0 else end
        if parts and start <= parts[-1][1]:
            parts[-1] = (parts[-1][0], end)
        else:
            parts.append((start, end))
    return " | ".join(norm[a:b] for a, b in parts)


@lru_cache(maxsize=1)
def _casualty_list_regexes() -> tuple[dict[str, re.Pattern[str]], re.Pattern[str], re.Pattern[str]]:
    """({"killed"/"injured": a verb that opens a list of the dead / the injured}, one member of a list, the
    separator before the next), from the patterns' `casualty_list`."""
    spec, num = _spec()["casualty_list"], _num_pattern()

    def words(key: str) -> str:
        return "|".join(sorted({_norm_pattern(w) for w in spec[key]}, key=len, reverse=True))

    one, two, many = words("one"), words("two"), words("many")
    owner = r"(?:(?:a|an|one|his|her|their) (?:[^\W\d]+ )?)"
    verbs = {key: re.compile(rf"{_LEFT}{_CLITIC}(?:{words(key)}) (?:at least |ما لا يقل عن )?")
             for key in ("killed", "injured")}
    return (verbs,
            re.compile(rf"(?:{owner}?(?P<one>{one})|(?P<two>{two})|(?:(?:his|her|their) )?(?P<num>{num}) "
                       rf"(?:من )?(?:[^\W\d]+ )?(?:{many})){_RIGHT}"),
            re.compile(r",? and |, | و"))


def _listed(norm: str, key: str) -> int | None:
    """The people of a list after a `key` ("killed"/"injured") verb ("killing a woman and her two children":
    3; "إصابة رجل وطفلين": 3), the largest list's sum, or None."""
    verbs, member, separator = _casualty_list_regexes()
    sums = []
    for v in verbs[key].finditer(norm):
        total, at = 0, v.end()
        while (m := member.match(norm, at)) is not None:
            count = 1 if m["one"] else 2 if m["two"] else _to_int(m["num"])
            if count is None:  # a figure that is no casualty count spoils the list
                total = None
                break
            total += count
            more = separator.match(norm, m.end())
            if more is None:
                break
            at = more.end()
        if total:
            sums.append(total)
    return max(sums) if sums else None


def casualties(norm: str) -> tuple[int | None, int | None]:
    """(killed, injured) stated in a sentence; None where no figure is given ("وإصابة آخرين")."""
    rx = _casualty_regexes()
    # One cheap scan for the stems; the costly number patterns then read only the text around them, so a
    # long sentence costs what its casualty phrases cost (most sentences state none).
    norm = _near_casualty_words(norm)
    if _YEAR.search(norm):
        norm = _without_dates(norm)  # "On 13 March 2020, gunmen shot dead …" states no 2020 dead
    if not norm:
        return None, None
    return _count(rx, norm, "killed"), _count(rx, norm, "injured")


def _count(rx: dict[str, re.Pattern[str]], norm: str, key: str) -> int | None:
    """The people `key` ("killed"/"injured") in `norm`: the largest figure or list, else one named person."""
    count = _largest(rx[key], norm)
    listed = _listed(norm, key)  # a list's sum holds each figure in it, so the larger of the two stands
    if listed is not None and (count is None or listed > count):
        count = listed
    if count is None and rx[f"{key}_one"].search(norm):
        count = 1
    return count


# --- actors ---------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _actor_regex() -> tuple[re.Pattern[str], list[str]]:
    names = list(_spec()["actors"])
    groups = "|".join(f"(?P<a{i}>{'|'.join(f'(?:{_norm_pattern(p)})' for p in _spec()['actors'][n])}){_RIGHT}"
                      for i, n in enumerate(names))
    return re.compile(f"{_LEFT}{_CLITIC}(?:{groups})"), names


def actors(norm: str) -> list[str]:
    """Canonical names of the actors named in the text, in order of first mention."""
    rx, names = _actor_regex()
    found: dict[str, None] = {}
    for m in rx.finditer(norm):
        if m.lastgroup:
            found.setdefault(names[int(m.lastgroup[1:])], None)
    return list(found)


# --- dates ----------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _months() -> dict[str, int]:
    return {normalize_text(w): int(k) for k, words in _spec()["months"].items() for w in words}


@lru_cache(maxsize=1)
def _date_regexes() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    months = "|".join(re.escape(m) for m in sorted(_months(), key=len, reverse=True))
    return (
        skipping(re.compile(rf"{_LEFT}(\d{{1,2}})(?:st|nd|rd|th)? (?:of )?({months}){_RIGHT}(?: (\d{{4}}))?")),
        skipping(re.compile(rf"{_LEFT}({months}) (\d{{1,2}})(?:st|nd|rd|th)?{_RIGHT}(?: (\d{{4}}))?")),
        # Normalizing turns "2020-03-12", "12/3/2020" and "21-8-2013" into words apart by spaces.
        skipping(re.compile(r"(?<!\d)(\d{4}) (\d{1,2}) (\d{1,2})(?!\d)|(?<!\d)(\d{1,2}) (\d{1,2}) (\d{4})(?!\d)")),
    )


# A date is misread as a count only through its year; without four digits in a row there is none to blank.
_YEAR = re.compile(r"\d{4}")


def _without_dates(norm: str) -> str:
    """`norm` with every written date blanked out (same length): its day and year are no counts."""
    for rx in _date_regexes():
        norm = rx.sub(lambda m: " " * len(m.group()), norm)
    return norm


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _find_date(norm: str, default_year: int | None) -> dt.date | None:
    day_month, month_day, numeric = _date_regexes()
    months = _months()
    m = day_month.search(norm)
    if m and (m.group(3) or default_year):
        return _safe_date(int(m.group(3) or default_year), months[m.group(2)], int(m.group(1)))
    m = month_day.search(norm)
    if m and (m.group(3) or default_year):
        return _safe_date(int(m.group(3) or default_year), months[m.group(1)], int(m.group(2)))
    m = numeric.search(norm)
    if m and m.group(1):
        return _safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    if m and m.group(4):
        return _safe_date(int(m.group(6)), int(m.group(5)), int(m.group(4)))
    return None


def parse_date(text: str, *, default_year: int | None = None) -> dt.date | None:
    """A date written out in Arabic (Levantine or Egyptian month names) or English, or ISO; else None."""
    return _find_date(normalize_text(text), default_year)


def report_date(text: str) -> dt.date | None:
    """The date on the report's date line ("التاريخ: 12 أيار 2019", "Date: 22 August 2019"), if any."""
    rx = re.compile(_spec()["date_line"], re.IGNORECASE | re.MULTILINE)
    for m in rx.finditer(text[:2000]):
        found = parse_date(m.group(1))
        if found:
            return found
    return None


@lru_cache(maxsize=1)
def _weekday_regex() -> tuple[re.Pattern[str], dict[str, int]]:
    days = {normalize_text(w): int(k) for k, words in _spec()["weekdays"].items() for w in words}
    alt = "|".join(sorted(days, key=len, reverse=True))
    return skipping(re.compile(rf"{_LEFT}(?:يوم |on |last )?(?:ال)?({alt}){_RIGHT}")), days


@lru_cache(maxsize=1)
def _yesterday() -> re.Pattern[str]:
    return compile_patterns(_spec()["yesterday"], clitics=False)


def sentence_date(norm: str, report: dt.date | None) -> dt.date | None:
    """The date a sentence gives (explicit, yesterday, a weekday before the report date), else `report`."""
    explicit = _find_date(norm, report.year if report else None)
    if explicit:
        return explicit
    if report is None:
        return None
    if _yesterday().search(norm):
        return report - dt.timedelta(days=1)
    rx, days = _weekday_regex()
    m = rx.search(norm)
    if m:
        key = m.group(1) if m.group(1) in days else "ال" + m.group(1)
        if key in days:
            # Reports say "on Wednesday" for the latest Wednesday on or before the report date.
            return report - dt.timedelta(days=(report.weekday() - days[key]) % 7)
    return report
