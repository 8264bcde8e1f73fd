"""parse_query's word stripping: the first-word index strips exactly what trying every phrase strips."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gazetteer.query import _first_words, _strip_words, _words, parse_query


def _scan(norm: str, table, *, leading: bool, trailing: bool):
    # The plain way: the text's first word "finds" every phrase, so the whole table is tried, in order.
    everything = tuple(enumerate(table))
    return _strip_words(norm, {norm.split()[0]: everything}, leading=leading, trailing=trailing)


_WORDS = sorted({w for table in _words() for phrase in table for w in phrase.split()} | {"kafr", "nabl", "x"})


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=6), st.booleans(), st.booleans())
def test_the_index_strips_what_a_full_scan_strips(words, leading, trailing):
    norm = " ".join(words)
    for table, by_first in zip(_words(), _first_words()):
        assert _strip_words(norm, by_first, leading=leading, trailing=trailing) == _scan(
            norm, table, leading=leading, trailing=trailing)


def test_type_relation_and_axis_words_are_peeled():
    parsed = parse_query("around Kafr Nabl town")
    assert (parsed.name, parsed.relation, parsed.kind) == ("Kafr Nabl", "near", "town")
    assert parse_query("Kafr Nabl village").kind == "village"


_SEPARATORS = [",", "،", ";", "/", ":", " - ", " – ", "-", "–", " in ", " IN the ", " within ", " في ", "\tin\n", " "]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from([*_WORDS[:40], *_SEPARATORS, "(x)", "في", "in"]), min_size=1, max_size=8))
def test_the_quick_split_test_misses_no_separator(parts):
    from gazetteer.query import _MAY_SPLIT_RE, _SPLIT_RE

    text = "".join(parts)
    # parse_query splits only texts the cheap test flags: it must flag every text the splitter would cut.
    if _SPLIT_RE.search(text):
        assert _MAY_SPLIT_RE.search(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=5))
def test_names_without_a_peelable_word_come_back_as_written(words):
    from gazetteer.query import _peelable

    text = " ".join(w.title() for w in words)
    parsed = parse_query(text)
    if _peelable().isdisjoint(words):
        assert (parsed.name, parsed.kind, parsed.relation, parsed.axis) == (text, "", "", False)
    else:  # one peelable word is enough to send it through the peeling loop, which may keep it all
        assert parsed.name


@pytest.mark.parametrize("text, ends, qualifiers", [
    ("Road between Saraqib and Ariha", ("Saraqib", "Ariha"), ()),
    ("the highway linking Khan Shaykhun with Morek in Idlib Governorate", ("Khan Shaykhun", "Morek"),
     ("Idlib Governorate",)),
    ("Road M-4 between Saraqib and Ariha", ("Saraqib", "Ariha"), ()),
    ("Khan Shaykhun - Maarrat al-Numan road", ("Khan Shaykhun", "Maarrat al-Numan"), ()),
    ("Khan Shaykhun-Maarrat al-Numan highway", ("Khan Shaykhun", "Maarrat al-Numan"), ()),
    ("Maarrat al-Numan-Saraqib road in Idlib", ("Maarrat al-Numan", "Saraqib"), ("Idlib",)),
    ("طريق سراقب - أريحا", ("سراقب", "أريحا"), ()),
    ("الطريق الواصل بين خان شيخون ومورك", ("خان شيخون", "مورك"), ()),
])
def test_a_road_named_by_its_two_ends(text, ends, qualifiers):
    parsed = parse_query(text)
    assert (parsed.kind, parsed.ends, parsed.qualifiers) == ("road", ends, qualifiers)


@pytest.mark.parametrize("text", ["Castello road", "Kafr Nabl", "Damascus - Jobar", "Road"])
def test_other_texts_name_no_road_ends(text):
    assert parse_query(text).ends == ()
