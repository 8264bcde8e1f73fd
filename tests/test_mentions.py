"""Mention finding: offsets, clitics, word boundaries, overlaps, triggers, stop words; labelled-set scores."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gazetteer.protocol import Derived
from geo import events, mentions
from geo.mentions import NameIndex, NormText, find_mentions, name_index, normalize_text

LABELLED = Path(__file__).parent / "data" / "labelled_sentences.jsonl"


@pytest.fixture(scope="module")
def small():
    """A tiny name list: enough to test matching rules without the gazetteer."""
    return NameIndex.from_names(["كفرنبل", "حاس", "الجبين", "خان شيخون", "خان", "كفر سجنة", "Khan Shaykhun",
                                 "Has", "Kafr Zita", "ريف حلب الغربي", "حلب", "السلام"])


def surfaces(text, index):
    return [m.surface for m in find_mentions(text, index=index)]


def test_offsets_point_back_to_original_text(small):
    text = "قصفت قوات النظام بلدات كَفْرنبل، وحاس"
    for m in find_mentions(text, index=small):
        assert text[m.start:m.end] == m.surface
    assert surfaces(text, small) == ["كَفْرنبل", "حاس"]


def test_normtext_matches_normalize_text():
    text = "Ma'arrat  an-Nu'man — مَعَرّة النّعمان،   إدلب"
    nt = NormText.of(text)
    assert nt.norm == normalize_text(text)
    assert len(nt.origin) == len(nt.norm)


def test_clitics_and_article(small):
    assert surfaces("وبكفرنبل ولحاس", small) == ["كفرنبل", "حاس"]
    assert surfaces("اشتباكات في الجبين وللجبين", small) == ["الجبين", "جبين"]
    assert [m.name for m in find_mentions("وللجبين", index=small)] == ["الجبين"]


def test_word_boundaries(small):
    assert surfaces("لا توجد حساسية ولا حاسوب", small) == []
    # Capitalized words stay candidates ("proper") until the resolver vouches for them; no name hit here.
    found = find_mentions("Khan Shaykhunx and Hasan", index=small)
    assert [m.source for m in found] == ["proper", "proper"]


def test_longest_match_and_joined_variant(small):
    assert surfaces("غارات على خان شيخون", small) == ["خان شيخون"]
    assert [m.name for m in find_mentions("قصف كفرسجنة", index=small)] == ["كفر سجنه"]


def test_ta_marbuta_spelling(small):
    assert surfaces("قصف على كفرسجنه", small) == ["كفرسجنه"]


def test_short_and_stop_names_need_a_trigger_or_list(small):
    assert surfaces("He has left.", small) == []
    assert surfaces("shelling hit Kafr Zita and Has", small) == ["Kafr Zita", "Has"]
    assert surfaces("يحل السلام", small) == []
    assert surfaces("قصف على قرية السلام", small) == ["السلام"]


def test_triggers_find_names_missing_from_the_list(small):
    found = find_mentions("سقطت قذائف على قرية الربيعة وفي ريف حلب الغربي", index=small)
    assert [(m.surface, m.source, m.trigger) for m in found] == [
        ("الربيعة", "trigger", "village"), ("ريف حلب الغربي", "gazetteer", "countryside")]
    found = find_mentions("fighting on the Kabani axis and in the town of Zakat", index=small)
    assert [(m.surface, m.trigger) for m in found] == [("Kabani", "axis"), ("Zakat", "town")]


def test_agreement_trigger(small):
    found = find_mentions("رغم اتفاق سوتشي", index=small)
    assert [(m.surface, m.trigger) for m in found] == [("سوتشي", "agreement")]


class _SameTables(SimpleNamespace, Derived):
    pass


def test_automaton_is_cached_on_disk(tmp_path, gz):
    first = name_index(gz, cache_dir=tmp_path)
    assert not first.cached
    assert len(list(tmp_path.glob("mention_automaton_*.pkl"))) == 1
    assert len(first) > 10_000
    assert name_index(gz, cache_dir=tmp_path) is first  # kept on the gazetteer: no second load

    # Another gazetteer object over the same tables (another process, a reload) starts empty and reads
    # the pickle. Not Gazetteer(gz.cache_dir): other tests may have rebuilt that cache since gz was loaded.
    again = name_index(_SameTables(names=gz.names, manifest_hash=gz.manifest_hash), cache_dir=tmp_path)
    assert again.cached and again is not first
    assert len(again) == len(first)


def test_name_index_warm_lookup_skips_the_name_list(gz, monkeypatch):
    # Listing and hashing every name per call once cost more than parsing a short report.
    name_index(gz)
    monkeypatch.setattr(mentions, "_names_of", lambda _gz: pytest.fail("name list read on a warm lookup"))
    assert len(name_index(gz)) > 10_000


def _evaluate():
    from geo.report import parse_report

    tp = fp = fn = role_ok = 0
    misses = []
    for line in LABELLED.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        gold = {g["surface"]: g["role"] for g in item["mentions"]}
        pred = {m.surface: m.role for m in parse_report(item["text"]).mentions}
        # A found mention counts when its text equals or contains the gold text, or the other way round
        # ("حي الحمدانية" for "الحمدانية"): boundaries differ between name lists, the place does not.
        used = set()
        for surface, role in gold.items():
            hit = next((p for p in pred if p not in used and (p in surface or surface in p)), None)
            if hit is None:
                fn += 1
                misses.append(("missed", surface, role, ""))
                continue
            used.add(hit)
            tp += 1
            role_ok += pred[hit] == role
            if pred[hit] != role:
                misses.append(("role", surface, role, pred[hit]))
        for surface in pred.keys() - used:
            fp += 1
            misses.append(("extra", surface, "", pred[surface]))
    return tp, fp, fn, role_ok, misses


def test_labelled_set_scores(gz):
    lines = LABELLED.read_text(encoding="utf-8").splitlines()
    assert len(lines) >= 40
    tp, fp, fn, role_ok, misses = _evaluate()
    precision, recall, roles = tp / (tp + fp), tp / (tp + fn), role_ok / tp
    print(f"\nlabelled set: {len(lines)} sentences, {tp + fn} gold mentions: precision {precision:.1%}, "
          f"recall {recall:.1%}, role accuracy {roles:.1%}")
    for miss in misses:
        print("  ", *miss)
    assert recall >= 0.90
    assert precision >= 0.90
    assert roles >= 0.80


@pytest.mark.parametrize(("gap", "listed"), [
    ("، ", True), (" and ", True), (", or ", True), (" او ", True), (" و", True), (" وبال", True),
    (" في ", False), (" near ", False), (" حيث ", False),
])
def test_list_gap_reads_its_words_from_the_data_files(gap, listed):
    from geo.mentions import list_gap

    assert (list_gap().match(normalize_text(gap)) is not None) is listed


def _per_character(text):
    """NormText by its definition: each character's form (`_forms`), leading and repeated spaces dropped,
    each normalized character mapped back to the character it came from."""
    chars, origin = [], []
    for i, form in enumerate(mentions._forms(text)):
        for ch in form:
            if ch == " " and (not chars or chars[-1] == " "):
                continue
            chars.append(ch)
            origin.append(i)
    return "".join(chars), origin


# Obfuscated words, ligatures that normalize to two letters, emoji above the 16-bit table, diacritics.
_NORM_ALPHABET = st.sampled_from(list("قـ ـصف إصا.بة،,.abcABC\u200f\u064b\u0640 \t\n1٢3ﻻ*•·ﷲ😀𝐀")) | st.characters()


@settings(max_examples=300, deadline=None)
@given(st.text(_NORM_ALPHABET, max_size=80))
def test_vectorized_normtext_equals_its_per_character_definition(text):
    norm, origin = _per_character(text)
    for vector_min in (mentions._VECTOR_MIN, 0):  # the short-text path and the NumPy path
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(mentions, "_VECTOR_MIN", vector_min)
            nt = NormText.of(text)
        assert nt.norm == norm
        assert nt.origin.tolist() == origin
        assert nt.norm.rstrip(" ") == normalize_text(text)  # NormText keeps one trailing space


def test_obfuscation_separators_are_dropped():
    assert NormText.of("قـ ـصف على إصا.بة").norm == normalize_text("قصف على إصابة") == "قصف علي اصابه"
    assert mentions._obfuscation_spans("قـ ـصف ـ\t ـ إصا.بة a.b") == [(2, 3), (8, 10), (15, 16)]


_MIXED = st.sampled_from(["Aleppo", " countryside", " village of ", "Jisr al-Shughur", "in latamneh", "حلب",
                          "Abu", "حلبcountryside", "Xحلب", "،", " ", "-", "Colonel ", "News", "near ", "the "])
_MIXED = _MIXED | st.characters()


@settings(max_examples=300, deadline=None)
@given(st.lists(_MIXED, max_size=25).map("".join))
def test_english_patterns_scan_only_latin_runs_with_the_same_matches(text):
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(mentions, "_VECTOR_MIN", 0)  # runs are looked for in long texts only
        nt = NormText.of(text)
        latin, lower = nt.latin_runs, nt.lower_runs
    patterns = [*mentions._english_regexes(), mentions._proper_regex(), *mentions._entity_regexes()[2:]]
    for rx in patterns:
        full = [(m.span(), m.groups()) for m in rx.finditer(text)]
        assert [(m.span(), m.groups()) for m in mentions._finditer_runs(rx, text, latin)] == full
    rx = mentions._lowercase_regex()
    full = [(m.span(), m.groups()) for m in rx.finditer(text)]
    assert [(m.span(), m.groups()) for m in mentions._finditer_runs(rx, text, lower)] == full


def test_replaced_is_dataclasses_replace():
    import dataclasses

    from gazetteer.types import Match
    from geo.mentions import Mention

    m = Mention("بحلب", 3, 7, "حلب", "gazetteer", trigger="city", common=True)
    match = Match(query="حلب", status="resolved", lat=36.2, lon=37.16)
    new = m.replaced(match=match, role="incident")
    assert new == dataclasses.replace(m, match=match, role="incident")
    assert new.match is match and new.role == "incident" and new.common and new.trigger == "city"
    assert m.role == "" and m.match is None  # the original is untouched
    with pytest.raises(TypeError):
        m.replaced(rol="incident")


# --- skipping: a first-character lookahead that must not change any match ---------------------------

_SCANNERS = [
    *(lambda i=i: mentions._entity_regexes()[i] for i in range(4)), mentions._arabic_trigger_regex,
    mentions._proper_regex,
    *(lambda i=i: mentions._english_regexes()[i] for i in range(3)), lambda: events._type_regex()[0],
    *(lambda key=key: events._casualty_regexes()[key] for key in ("killed", "injured", "killed_one", "injured_one")),
    *(lambda i=i: events._date_regexes()[i] for i in range(3)), lambda: events._weekday_regex()[0],
]


@pytest.mark.parametrize("pattern", [r"(?<!\w)(?:وب|و)?(ابو|ام) (?=\w)", r"(?:(?:the )?(?:outskirts|suburbs) of)|محيط",
                                     r"\b(?:the\s+)?(village|town)\s+of\s+([A-Z]\w*)", r"(?:^|\s)(?:من) ?",
                                     r"[a-c\d]?_x", r"(?:\s*(ab)+)c"])
def test_skipping_adds_a_lookahead_and_keeps_every_match(pattern):
    import re

    rx = re.compile(pattern)
    fast = mentions.skipping(rx)
    assert fast.pattern.startswith("(?=[")
    text = "محيط ابو علي وبام x the outskirts of the village of Sarmin, town of X ab abc من_x 3_x b_x _x"
    assert [(m.span(), m.groups()) for m in fast.finditer(text)] == [(m.span(), m.groups()) for m in rx.finditer(text)]


@pytest.mark.parametrize("pattern", [r"(?:من)|(?:from)", r"[ab]c", r"^\s*x", r"a?", r"(?:x)*", r".b", r"[^a]b",
                                     r"(?i:in|on) x", r"(\w)\1", r"(?<!x)\w+y", r"(?:\S|x)y"])
def test_skipping_leaves_patterns_it_cannot_help(pattern):
    import re

    rx = re.compile(pattern)
    assert mentions.skipping(rx) is rx


_SAMPLE_CHARS = ("ابوفلكمن حلبقرية the village of Sarmin Aleppo countryside أبو علي,،-' قتل 3 killed جرح قصف"
                 " 12 آذار 2019 March 4th الجمعة")


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=_SAMPLE_CHARS, max_size=120))
def test_skipping_scanners_find_what_the_plain_patterns_find(text):
    import re

    for make in _SCANNERS:
        fast = make()
        assert fast.pattern.startswith("(?=[")  # the scanners of a long report do skip ahead
        plain = re.compile(fast.pattern[fast.pattern.index("])(?:") + 5:-1], fast.flags)
        assert [(m.span(), m.groups()) for m in fast.finditer(text)] == [
            (m.span(), m.groups()) for m in plain.finditer(text)]


def test_skipping_scanners_on_the_labelled_sentences():
    import re

    texts = [json.loads(line)["text"] for line in LABELLED.read_text(encoding="utf-8").splitlines()]
    for text in (t for raw in texts for t in (raw, NormText.of(raw).norm)):
        for make in _SCANNERS:
            fast = make()
            plain = re.compile(fast.pattern[fast.pattern.index("])(?:") + 5:-1], fast.flags)
            assert [(m.span(), m.groups()) for m in fast.finditer(text)] == [
                (m.span(), m.groups()) for m in plain.finditer(text)]
