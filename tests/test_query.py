"""parse_query's word stripping: the first-word index strips exactly what trying every phrase strips."""

from __future__ import annotations

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
