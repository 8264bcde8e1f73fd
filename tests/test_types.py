"""`assemble` builds the same Match / Alternative as their constructors, or refuses."""

from __future__ import annotations

import dataclasses

import pytest

from gazetteer.types import Alternative, Match, assemble


def _full(cls, **values):
    return {f.name: values.get(f.name, f.default if f.default is not dataclasses.MISSING else f.name)
            for f in dataclasses.fields(cls)}


@pytest.mark.parametrize("cls", [Match, Alternative])
def test_assemble_equals_the_constructor_field_for_field_and_in_order(cls):
    values = _full(cls, lat=36.1, lon=37.2, score=88.5, confidence=0.9, alternatives=())
    built, made = assemble(cls, dict(reversed(list(values.items())))), cls(**values)
    assert built == made and repr(built) == repr(made)
    assert list(vars(built)) == list(vars(made))  # alternatives_json reads an Alternative's __dict__ in order
    if cls is Alternative:
        assert hash(built) == hash(made)


def test_assemble_names_a_missing_field_and_stays_frozen():
    values = _full(Alternative, lat=1.0, lon=2.0, score=3.0)
    del values["adm1_name"]
    with pytest.raises(KeyError, match="adm1_name"):
        assemble(Alternative, values)
    alt = assemble(Alternative, _full(Alternative, lat=1.0, lon=2.0, score=3.0))
    with pytest.raises(dataclasses.FrozenInstanceError):
        alt.score = 4.0  # type: ignore[misc]


def test_resolved_matches_are_assembled_like_constructed_ones(gz):
    for text in ("Kafr Nabl", "كفرنبل", "Haram", "Idlib countryside"):
        m = gz.resolve(text)
        rebuilt = Match(**{f.name: getattr(m, f.name) for f in dataclasses.fields(Match)})
        assert m == rebuilt and list(vars(m)) == list(vars(rebuilt))
        assert m.alternatives_json() == rebuilt.alternatives_json()
