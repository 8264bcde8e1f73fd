"""parse_report on the four example reports (places, roles, types checked by hand), events, CLI."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re

import pandas as pd
import pytest
from common import EXAMPLES
from geocode_fakes import FakeGazetteer, StubGazetteer
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import geo
from gazetteer.exc import InputError
from gazetteer.types import Match
from geo.events import acled_type, casualties, event_cues, parse_date, sentence_date
from geo.mentions import NameIndex, normalize_text
from geo.report import (
    INCIDENT_COLUMNS,
    incidents_of,
    iter_reports,
    parse_report,
    parse_reports,
    write_incidents,
)

REPORTS = EXAMPLES / "reports"


@pytest.fixture(scope="module")
def parsed(gz):
    return {p.name[:2] + p.name.split("_")[1]: parse_report(p.read_text(encoding="utf-8"), source=p.name)
            for p in sorted(REPORTS.glob("*.txt"))}


def roles(report):
    return {m.surface: m.role for m in report.mentions}


def incidents(report):
    return {(r.surface, r.sub_event_type): r for r in report.incidents.itertuples()}


def test_arabic_idlib_hama(parsed):
    r = parsed["aridlib"]
    assert r.date == dt.date(2019, 5, 12)
    # "كفرسجنة في ريف إدلب الجنوبي": the countryside after a place only locates it (the title's is an area).
    assert roles(r)["ريف إدلب الجنوبي"] == "reference"
    assert roles(r)["ريف حماة الشمالي"] == "area"
    assert roles(r)["سوتشي"] == "reference"
    assert roles(r)["إدلب"] == "reference"  # "منطقة منزوعة السلاح حول إدلب": nothing happens there
    inc = incidents(r)
    for town, place_id in (("كفرنبل", "ocha:C4068"), ("حاس", None), ("كفرسجنة", None)):
        row = inc[(town, "Shelling/artillery/missile attack")]
        assert row.fatalities == 3
        assert row.geo_adm1_pcode == "SY07"
        assert place_id is None or row.geo_place_id == place_id
    assert {k for k in inc if k[1] == "Armed clash"} == {("تل ملح", "Armed clash"), ("الجبين", "Armed clash")}
    assert {k for k in inc if k[1] == "Air/drone strike"} == {
        ("قلعة المضيق", "Air/drone strike"), ("كفرنبودة", "Air/drone strike"), ("خان شيخون", "Air/drone strike"),
        ("معرة النعمان", "Air/drone strike")}
    shelling = "Shelling/artillery/missile attack"
    assert {k for k in inc if k[1] == shelling} >= {("السقيلبية", shelling), ("محردة", shelling)}
    assert "Syrian government forces" in inc[("كفرنبل", "Shelling/artillery/missile attack")].actors
    assert len(r.incidents) == 11


def test_arabic_latakia_aleppo(parsed):
    r = parsed["arlatakia"]
    got = roles(r)
    assert got["جبلة"] == "origin" and got["القرداحة"] == "origin"
    assert got["جبل الأكراد"] == "area" and got["جبل التركمان"] == "area" and got["ريف حلب الغربي"] == "area"
    assert got["حلب"] == "reference"  # "غرب مدينة حلب"
    inc = incidents(r)
    assert inc[("كبانة", "Armed clash")].fatalities == 4  # "هجوماً على مواقع قوات النظام": a battle
    for place in ("كفرناها", "خان العسل", "المنصورة", "ضاحية الأسد", "الربيعة", "سلمى"):
        assert (place, "Shelling/artillery/missile attack") in inc
    # The ambiguous "المنصورة" goes to the Mansoura of the western Aleppo countryside named in its sentence.
    assert inc[("المنصورة", "Shelling/artillery/missile attack")].geo_adm1_pcode == "SY02"
    assert not any(k[0] in ("جبلة", "القرداحة") for k in inc)


def test_english_hama_latakia(parsed):
    r = parsed["enhama"]
    got = roles(r)
    assert got["Ghab plain"] == "area" and got["Kurd Mountains"] == "area"
    assert got["northern Hama countryside"] == "area"
    inc = incidents(r)
    capture = "Government regains territory"  # "Pro-government forces entered Khan Sheikhoun"
    assert inc[("Khan Sheikhoun", capture)].date == dt.datetime(2019, 8, 21)  # "on Wednesday"
    assert inc[("Kabani", "Armed clash")].geo_adm1_pcode == "SY06"
    assert ("Kinsabba", "Shelling/artillery/missile attack") in inc
    shelling = "Shelling/artillery/missile attack"
    assert {("Qalaat al-Madiq", shelling), ("Hamamiyat", shelling)} <= set(inc)
    assert sum(k[0] == "Khan Sheikhoun" for k in inc) == 1  # the title repeats the body


def test_english_idlib_aleppo(parsed):
    r = parsed["enidlib"]
    got = roles(r)
    assert got["Aleppo"] == "reference"  # "south-west of Aleppo"
    assert got["Sarmada"] == "reference"  # a destination of the displaced
    assert got["western Aleppo countryside"] == "reference"  # "Kafr Nuran in the western Aleppo countryside"
    inc = incidents(r)
    assert inc[("Saraqeb", "Government regains territory")].date == dt.datetime(2020, 2, 9)  # "on Sunday"
    assert inc[("Atarib", "Air/drone strike")].fatalities == 5
    assert inc[("Kafr Nuran", "Air/drone strike")].fatalities == 5
    assert ("Ariha", "Other") in inc and ("Jisr al-Shughour", "Other") in inc
    assert ("al-Zirba", "Shelling/artillery/missile attack") in inc
    # "Taftanaz airbase" is one mention now that the landmark catalogue knows the air base
    airbase = inc[("Taftanaz airbase", "Headquarters or base established")]
    assert "Turkish forces" in airbase.actors and airbase.geo_name == "Taftanaz Military Airbase"


def test_incident_frame_shape(parsed):
    frame = parsed["aridlib"].incidents
    assert list(frame.columns) == [*INCIDENT_COLUMNS, "geometry"]
    assert frame.crs.to_epsg() == 4326
    assert frame.geometry.notna().all()
    assert frame["geo_lat"].between(32, 38).all()
    for m in parsed["aridlib"].mentions:
        assert parsed["aridlib"].text[m.start:m.end] == m.surface


def test_fake_resolver_and_index_give_unresolved_rows():
    index = NameIndex.from_names(["قرية وهمية"])

    def resolve(text, **_):
        return Match(query=text, status="no_match")

    r = parse_report("قصفت قوات النظام بلدة زعترون يوم الجمعة 19 أبريل", date="2019-05-12", index=index,
                     gazetteer=StubGazetteer(resolve))
    assert [m.surface for m in r.mentions] == ["زعترون"]
    row = r.incidents.iloc[0]
    assert row.event_type == "Explosions/Remote violence" and row.sub_event_type == "Shelling/artillery/missile attack"
    assert row.event_phrase == "قصفت" and row.geo_status == "no_match" and row.date == dt.datetime(2019, 4, 19)
    assert r.incidents.geometry.isna().all()



def test_cycle_collector_paused_during_a_parse_and_restored(monkeypatch):
    """The collector is off while a long report is parsed (it allocated its way into full collections over
    the whole heap), back on afterwards even when the parse fails, left off if it was off, and untouched
    for a short report."""
    import gc

    from geo import report

    seen = []
    real = report.find_mentions

    def spy(*args, **kwargs):
        seen.append(gc.isenabled())
        return real(*args, **kwargs)

    monkeypatch.setattr(report, "find_mentions", spy)
    index, stub = NameIndex.from_names(["زعترون"]), StubGazetteer(lambda t, **_: Match(query=t, status="no_match"))
    long_text = "قصفت قوات النظام بلدة زعترون. " + "x " * report._PAUSE_COLLECTOR_MIN
    assert gc.isenabled()
    parse_report(long_text, index=index, gazetteer=stub)
    assert seen == [False] and gc.isenabled()
    parse_report("قصفت قوات النظام بلدة زعترون", index=index, gazetteer=stub)
    assert seen == [False, True]

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(report, "find_mentions", broken)
    with pytest.raises(RuntimeError):
        parse_report(long_text, index=index, gazetteer=stub)
    assert gc.isenabled()
    monkeypatch.setattr(report, "find_mentions", spy)
    gc.disable()
    try:
        parse_report(long_text, index=index, gazetteer=stub)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_bad_input():
    with pytest.raises(InputError):
        parse_report(None)  # type: ignore[arg-type]
    with pytest.raises(InputError):
        parse_report("x", date="not a date", index=NameIndex.from_names([]),
                     gazetteer=StubGazetteer(lambda t, **k: None))


@pytest.mark.parametrize(("text", "expected"), [
    ("ما أدى إلى مقتل ثلاثة مدنيين وإصابة آخرين بجروح", (3, None)),
    ("وأفادت مصادر محلية بمقتل أربعة عناصر", (4, None)),
    ("سقط أكثر من 30 قتيلا و12 جريحا", (30, 12)),
    ("مقتل خمسة وعشرين مدنيا", (25, None)),
    ("killing at least five civilians", (5, None)),
    ("17 fighters were killed and 40 were wounded", (17, 40)),
    ("دون ورود أنباء عن إصابات", (None, None)),
])
def test_casualties(text, expected):
    assert casualties(normalize_text(text)) == expected


def test_event_types_and_dates():
    assert [c[2] for c in event_cues(normalize_text("غارات جوية على قلعة المضيق"))] == ["Air/drone strike"]
    assert acled_type("Air/drone strike") == ("Explosions/Remote violence", "Air/drone strike")
    assert event_cues(normalize_text("مصدرها مناطق سيطرة المعارضة")) == []
    assert event_cues(normalize_text("clashes took place")) == [(0, 7, "Armed clash")]
    assert parse_date("12 أيار 2019") == dt.date(2019, 5, 12)
    assert parse_date("3 حزيران 2019") == dt.date(2019, 6, 3)
    assert parse_date("19 مايو 2019") == dt.date(2019, 5, 19)
    assert parse_date("Date: 22 August 2019") == dt.date(2019, 8, 22)
    assert sentence_date(normalize_text("on Sunday"), dt.date(2020, 2, 10)) == dt.date(2020, 2, 9)
    assert sentence_date(normalize_text("أمس"), dt.date(2020, 2, 10)) == dt.date(2020, 2, 9)


def test_parse_reports_directory_and_table(tmp_path, gz):
    reports = parse_reports([REPORTS])
    assert len(reports) == 4
    table = tmp_path / "notes.csv"
    table.write_text("id,date,notes\n1,2019-05-12,قصفت قوات النظام بلدة كفرنبل\n2,,\n", encoding="utf-8")
    rows = parse_reports([table], text_column="notes")
    assert [r.source for r in rows] == ["notes.csv:1", "notes.csv:2"]
    assert rows[0].date == dt.date(2019, 5, 12) and len(rows[0].incidents) == 1
    with pytest.raises(InputError, match="--text-column"):
        parse_reports([table])


def test_cli_parse(tmp_path, gz):
    from syrmap.cli import app

    runner = CliRunner()
    out = tmp_path / "incidents.geojson"
    result = runner.invoke(app, ["parse", str(REPORTS), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.exists()
    again = runner.invoke(app, ["parse", str(REPORTS), "-o", str(out)])
    assert again.exit_code == 2 and "--force" in again.output
    js = runner.invoke(app, ["parse", str(REPORTS / "en_idlib_aleppo_2020-02-10.txt"), "--json"])
    data = json.loads(js.stdout)
    assert data[0]["date"] == "2020-02-10" and data[0]["incidents"]
    missing = runner.invoke(app, ["parse", str(tmp_path / "nope.txt")])
    assert missing.exit_code == 2 and "Traceback" not in missing.output


def test_batch_frame_equals_per_report_frames(parsed):
    # incidents_of builds one frame for a batch from the rows; it must equal the per-report frames stacked.
    reports = list(parsed.values())
    batch = incidents_of(reports)
    stacked = pd.concat([r.incidents for r in reports], ignore_index=True)
    stacked = stacked.astype({c: str for c in stacked.columns if stacked[c].dtype == object})
    pd.testing.assert_frame_equal(pd.DataFrame(batch), pd.DataFrame(stacked))
    assert len(batch) == sum(len(r.incident_rows) for r in reports)
    empty = incidents_of([])
    assert list(empty.columns) == list(batch.columns) and empty.crs == batch.crs


def test_iter_reports_streams_and_checks_inputs_first(tmp_path, gz):
    with pytest.raises(InputError, match="no such file"):
        iter_reports([REPORTS, tmp_path / "missing.txt"])  # before any report is parsed
    stream = iter_reports([REPORTS])
    first = next(stream)
    assert first.source == sorted(p.name for p in REPORTS.glob("*.txt"))[0]
    assert [r.source for r in stream] == [r.source for r in parse_reports([REPORTS])][1:]


@pytest.mark.parametrize("suffix", [".csv", ".parquet", ".geojson"])
def test_write_incidents_in_batches_equals_one_frame(tmp_path, gz, suffix):
    reports = parse_reports([REPORTS])
    whole = tmp_path / f"whole{suffix}"
    geo.write_table(incidents_of(reports), whole)
    out = tmp_path / f"batched{suffix}"
    # One report per batch, and an empty report first: batches without incidents write nothing.
    empty = parse_report("لا شيء هنا", date="2019-05-12")
    n_reports, n_incidents = write_incidents([empty, *reports], out, batch_size=1)
    assert (n_reports, n_incidents) == (5, sum(len(r.incident_rows) for r in reports))
    pd.testing.assert_frame_equal(pd.DataFrame(geo.read_table(out)), pd.DataFrame(geo.read_table(whole)))
    none = tmp_path / f"none{suffix}"
    assert write_incidents([empty], none) == (1, 0)
    if suffix != ".geojson":  # an empty FeatureCollection has no properties to name the columns
        assert list(geo.read_table(none).columns) == list(geo.read_table(whole).columns)


@pytest.mark.parametrize(("phrase", "expected"), [
    ("أدى القصف إلى مقتل ثلاثة مدنيين وإصابة خمسة آخرين", (3, 5)),
    ("seven people were killed and twelve were wounded in the strike", (7, 12)),
])
def test_casualties_far_into_a_long_sentence(phrase, expected):
    # The number patterns read only the text around casualty stems; far from the sentence start they
    # still see the whole phrase, and filler around it changes nothing.
    filler = " ".join(["كلمة", "word"] * 1500)
    assert casualties(normalize_text(phrase)) == expected
    assert casualties(normalize_text(f"{filler} {phrase} {filler}")) == expected
    assert casualties(normalize_text(filler)) == (None, None)


def test_windows_of_a_long_line_are_bounded_and_cover_it():
    from geo.report import _WINDOW, _windows

    text = "  " + "قصف على حلب، وسراقب " * 3000 + "Shelling hit Ariha. Then Sarmin  "
    windows = list(_windows(text, 0, len(text)))
    assert all(b - a <= _WINDOW for a, b in windows)
    assert all(a < b <= c for (a, b), (c, _) in zip(windows, windows[1:]))  # in order, no overlap
    assert all(not text[a].isspace() and not text[b - 1].isspace() for a, b in windows)
    covered = "".join(text[a:b] for a, b in windows)
    assert covered.replace(" ", "") == text.replace(" ", "")  # only spaces fall between windows
    assert text[windows[-1][0]:windows[-1][1]] == "Then Sarmin"  # a full stop still ends a sentence


_EVENT_WORDS = ["قصف", "وقصفت", "اشتباكات", "غارة", "shelling", "clashes", "killed", "airstrike", "مقتل", "the",
                "في", "حلب", "town", "near", "بال", "و", "مناطق سيطرة", "قتلى", "raid", "x"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_EVENT_WORDS) | st.text(max_size=6), max_size=12))
def test_has_event_cue_agrees_with_the_full_scan(words):
    from geo.events import has_event_cue

    norm = normalize_text(" ".join(words))
    assert has_event_cue(norm) == bool(event_cues(norm))


def _role_words() -> list[str]:
    """The words of the role patterns (regex syntax stripped): sentences made of them hit every cue."""
    from geo.mentions import pattern_spec

    roles = pattern_spec()["roles"]
    words = {w for key in ("from_words", "origin_cues", "source_cues", "direction_of", "office_seat", "towards",
                           "political_before", "political_after", "military_sites")
             for p in roles[key] for w in re.findall(r"[^\W\d_]{2,}", p.replace("\\w", " "))}
    return sorted(words) + ["east", "northern", "the", "حلب", "Idlib", "قرية", "town"]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(_role_words()) | st.text(max_size=4), max_size=10), st.integers(0, 50))
def test_role_gate_never_skips_a_pattern_that_matches(words, offset):
    """`_Sentence.may` (cue words looked for once per sentence) is False only where the role pattern cannot
    match: for every slice of the sentence, a match of the full pattern there means may() said True."""
    from geo.report import _role_rx, _Sentence

    norm = normalize_text(" ".join(words))[:60]
    sent = _Sentence(0, len(norm), offset, offset + len(norm), False, norm, None)
    rx = _role_rx()
    for key in rx["cores"]:
        for lo, hi in itertools.combinations(range(len(norm) + 1), 2):
            if rx[key].search(norm[lo:hi]):
                assert sent.may(key, lo + offset, hi + offset), (key, norm[lo:hi])


def test_role_gate_reads_every_role_pattern_by_its_cue_words():
    """No role pattern is tried at every place for want of a cue-word core ("[^ ]" is no anchor)."""
    from geo.report import _role_rx

    assert all(core is not None for core in _role_rx()["cores"].values())


def test_first_resolutions_of_a_report_share_one_batch():
    """The names a report starts from go to the gazetteer in one `match_many` call, once per process:
    a second parse of the same text resolves nothing again."""
    fake = FakeGazetteer()
    index = NameIndex.from_names(["كفرنبل", "سراقب", "أريحا", "حلب"])
    text = "قصف على كفرنبل وسراقب وأريحا. اشتباكات في حلب وكفرنبل"
    parse_report(text, index=index, gazetteer=fake)
    assert sorted(name for name, _ in fake.calls) == sorted(["كفرنبل", "سراقب", "أريحا", "حلب"])
    resolved = (len(fake.calls), len(fake.near_calls), fake.resolve_calls)
    parse_report(text, index=index, gazetteer=fake)
    assert (len(fake.calls), len(fake.near_calls), fake.resolve_calls) == resolved


def test_context_resolutions_of_a_report_share_one_batch():
    """The names resolved again with the report's governorate and context point go to the gazetteer in
    one `match_many` (each with its own point), each distinct (name, hint, point) once, not one `resolve`
    each."""
    fake = FakeGazetteer()
    index = NameIndex.from_names(["كفرنبل", "سراقب", "أريحا", "حلب"])
    parse_report("قصف على كفرنبل وسراقب وأريحا. اشتباكات في حلب وكفرنبل", index=index, gazetteer=fake)
    assert len(fake.near_calls) == len(set(fake.near_calls)) >= 2
    assert fake.batches == 2 and fake.resolve_calls == 0  # the first names, then all names in context
