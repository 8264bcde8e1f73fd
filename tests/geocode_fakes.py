"""A tiny stand-in gazetteer for plumbing tests of geo.geocode (I/O, dedup, fallbacks, fuzzing).

The real resolver is exercised end to end in tests/test_geocode.py; this one keeps fuzz tests fast
and makes the expected answer of every row obvious.
"""

from __future__ import annotations

from types import SimpleNamespace

from gazetteer.hints import near_points
from gazetteer.protocol import Derived
from gazetteer.types import Match

PLACES = {
    "kafranbel": ("Kafr Nabl", "كفرنبل", 35.614, 36.560, "SY07"),
    "كفرنبل": ("Kafr Nabl", "كفرنبل", 35.614, 36.560, "SY07"),
    "aleppo": ("Aleppo", "حلب", 36.202, 37.134, "SY02"),
}
GOVERNORATES = {
    "idlib": ("Idlib", "إدلب", 35.80, 36.60, "SY07"),
    "إدلب": ("Idlib", "إدلب", 35.80, 36.60, "SY07"),
    "aleppo": ("Aleppo", "حلب", 36.2, 37.3, "SY02"),
}


def _match(text: str, *, kinds=None, **_: object) -> Match:
    key = " ".join(text.split()).casefold()
    if not key:
        return Match(query=text, status="empty", reason="empty")
    table = GOVERNORATES if kinds else PLACES
    if key in table:
        name, name_ar, lat, lon, pcode = table[key]
        return Match(query=text, status="resolved", normalized=key, lat=lat, lon=lon, method="exact",
                     confidence=0.95, precision=1, where_prec=1, name=name, name_ar=name_ar,
                     place_id=f"p-{name}", kind="governorate" if kinds else "town", adm1_pcode=pcode,
                     adm1_name=name)
    if key == "haram" and not kinds:
        return Match(query=text, status="ambiguous", normalized=key, lat=36.2, lon=36.5, method="fuzzy",
                     confidence=0.4, precision=2, where_prec=2, name="Harem", reason="two close candidates")
    if key == "mosul" and not kinds:
        return Match(query=text, status="outside_syria", normalized=key, reason="Mosul is in Iraq")
    return Match(query=text, status="no_match", normalized=key, reason="no candidate")


class FakeGazetteer(SimpleNamespace, Derived):
    """A `gazetteer.protocol.GazetteerLike` that counts calls, so tests can check that each distinct
    (name, hints) is resolved once."""

    def __init__(self) -> None:
        super().__init__(calls=[], near_calls=[], resolve_calls=0, batches=0)

    def resolve(self, text: str, **kwargs: object) -> Match:
        self.resolve_calls += 1
        return _match(text, **kwargs)

    def match_many(self, texts, *, admin1=None, admin2=None, admin3=None, near=None) -> list[Match]:
        texts = list(texts)
        hints = admin1 or [None] * len(texts)
        self.batches += 1
        for text, hint, point in zip(texts, hints, near_points(near, len(texts)), strict=True):
            if point is None:
                self.calls.append((text, hint))
            else:  # a name around a context point: (text, admin1, point)
                self.near_calls.append((text, hint, point))
        return [_match(text) for text in texts]


class StubGazetteer(Derived):
    """A `GazetteerLike` whose every answer is `answer(text, **options)`."""

    def __init__(self, answer) -> None:
        self.answer = answer

    def resolve(self, text: str, **options: object) -> Match:
        return self.answer(text, **options)

    def match_many(self, texts, **options: object) -> list[Match]:
        return [self.answer(text) for text in texts]


def install(monkeypatch) -> FakeGazetteer:
    """Make a fresh fake the default gazetteer (``gazetteer.load()``) for the rest of the test, so code
    that takes no ``gazetteer=`` (the CLI) uses it too."""
    fake = FakeGazetteer()
    monkeypatch.setattr("gazetteer.index.load", lambda *args, **kwargs: fake)
    return fake
