"""The one seam: every caller takes ``gazetteer=``; what it derives from one dies with it."""

from __future__ import annotations

import os

import geo_fixtures
from geocode_fakes import FakeGazetteer, StubGazetteer

from gazetteer.protocol import GazetteerLike
from gazetteer.types import Match
from geo.admin import admin_for
from geo.mentions import NameIndex
from geo.report import parse_report


def test_real_gazetteer_and_fakes_fit_the_protocol(gz):
    for candidate in (gz, FakeGazetteer(), StubGazetteer(lambda t, **k: Match(query=t, status="no_match"))):
        assert isinstance(candidate, GazetteerLike)
    assert gz.resolve("Kafranbel").name == "Kafr Nabl"
    assert [m.name for m in gz.match_many(["Kafranbel", "كفرنبل"])] == ["Kafr Nabl", "Kafr Nabl"]


def test_admin_index_belongs_to_its_gazetteer():
    whole = geo_fixtures.fake_gazetteer()
    areas = whole.admin_areas
    without_idlib = type(whole)(places=whole.places, names=whole.names, outline=whole.outline,
                                admin_areas=areas[areas["adm1_pcode"] != "SY07"].reset_index(drop=True))
    point = (35.61, 36.56)  # Kafr Nabl, deep inside Idlib
    assert admin_for(*point, gazetteer=whole)["adm1_pcode"] == "SY07"
    assert admin_for(*point, gazetteer=without_idlib)["adm1_pcode"] != "SY07"
    assert admin_for(*point, gazetteer=whole)["adm1_pcode"] == "SY07"  # the first index was not replaced


def _answering(lat: float):
    def answer(text, **_):
        return Match(query=text, status="resolved", method="exact", confidence=0.95, lat=lat, lon=36.5,
                     name=text, precision=1, where_prec=1)
    return StubGazetteer(answer)


def test_report_resolutions_are_memoised_per_gazetteer():
    # With one process-wide memo keyed by id(resolver), a second resolver could get the first one's answers.
    index = NameIndex.from_names(["زعترون"])
    text = "قصفت قوات النظام بلدة زعترون"
    first = parse_report(text, index=index, gazetteer=_answering(35.1))
    second = parse_report(text, index=index, gazetteer=_answering(35.9))
    assert first.incidents["geo_lat"].tolist() == [35.1]
    assert second.incidents["geo_lat"].tolist() == [35.9]


def test_a_changed_alias_file_changes_report_answers(gz, tmp_path, monkeypatch):
    text = "قصفت قوات النظام مدينة كفرنبل"
    monkeypatch.delenv("SYRMAP_ALIASES", raising=False)
    plain = parse_report(text, gazetteer=gz).incidents
    assert plain["geo_name"].tolist() == ["Kafr Nabl"]
    aliases = tmp_path / "aliases.csv"
    aliases.write_text("name,lat,lon,label\nكفرنبل,35.7,36.7,our Kafr Nabl\n", encoding="utf-8")
    monkeypatch.setenv("SYRMAP_ALIASES", str(aliases))
    with_alias = parse_report(text, gazetteer=gz).incidents
    assert with_alias["geo_lat"].tolist() == [35.7] and with_alias["geo_method"].tolist() == ["alias"]
    aliases.write_text("name,lat,lon,label\nكفرنبل,35.8,36.7,moved\n", encoding="utf-8")
    os.utime(aliases, (1, 1))  # another mtime, however fast the test runs
    assert parse_report(text, gazetteer=gz).incidents["geo_lat"].tolist() == [35.8]


def test_forget_drops_what_was_derived():
    calls = []
    fake = StubGazetteer(lambda t, **k: Match(query=t, status="no_match"))
    assert fake.cached("x", lambda g: calls.append(1) or len(calls)) == 1
    assert fake.cached("x", lambda g: calls.append(1) or len(calls)) == 1  # kept
    fake.forget()
    assert fake.cached("x", lambda g: calls.append(1) or len(calls)) == 2  # built again
