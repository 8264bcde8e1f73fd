"""Report geoparsing, one test per class of error (issue 14), from sentences written for these tests.

None of these sentences comes from the evaluation sets; each names real places so the real gazetteer
resolves them. The accuracy on real text is measured by ``benchmarks/bench_parse.py --eval``.
"""

from __future__ import annotations

import datetime as dt

import pytest
from geocode_fakes import StubGazetteer
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gazetteer.geodesy import haversine_km
from gazetteer.types import Match
from geo import events
from geo.events import acled_type, casualties
from geo.mentions import NameIndex, find_mentions, normalize_text
from geo.report import ROLES, Report, incidents_of, parse_report


@pytest.fixture(scope="module")
def index(gz):
    from geo.mentions import name_index

    return name_index(gz)


def parse(text, index):
    return parse_report(text, index=index)


def surfaces(report):
    return [m.surface for m in report.mentions]


def roles(report):
    return {m.surface: m.role for m in report.mentions}


def incident_names(report):
    return {row["surface"]: match for row, match in report.incident_rows}


# --- names that are also words ----------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "قال أكثر من شاهد إن الطائرات قصفت بلدة كفرنبل صباحاً",
    "استهدفت مجموعة من العناصر حاجزاً قرب معرة النعمان",
    "وأوضح بدوره أن القصف طال مدينة سراقب",
    "عاجل: غارات على مدينة أريحا",
])
def test_common_arabic_words_are_not_places(index, text):
    r = parse(text, index)
    common = {"أكثر", "مجموعة", "بدوره", "عاجل"}
    assert not common & set(surfaces(r))
    assert r.incident_rows  # the real place is still found


def test_common_word_with_place_trigger_is_a_place(index):
    # The same kind of word after "قرية" is vouched for by the trigger.
    found = find_mentions("قصفت الطائرات قرية النصر", index=index)
    assert [m.surface for m in found] == ["النصر"]


def test_city_names_that_are_frequent_words_stay(index):
    r = parse("سقطت قذائف على حلب وحمص", index)
    assert {"حلب", "حمص"} <= set(incident_names(r))


def test_given_names_are_not_places_english(index):
    r = parse("Shelling killed Khalid, a teacher from Saraqib, near his house in Sarmin", index)
    assert "Khalid" not in surfaces(r)
    assert "Sarmin" in incident_names(r)


# --- people, units, organisations, media ------------------------------------------------------------


@pytest.mark.parametrize(("text", "hidden", "kept"), [
    ('قتل الملازم "أبو بكر" في قصف على مدينة سراقب', {"أبو بكر", "بكر"}, "سراقب"),
    ("أعلنت كتيبة شهداء سراقب عن هجوم على بلدة الحاضر", {"سراقب"}, "الحاضر"),
    ("ونشرت صفحة شبكة أخبار جبلة صوراً للقصف على بلدة كنسبا", {"جبلة"}, "كنسبا"),
    ("قال الشهيد خالد الحموي قبل مقتله في قصف على أريحا", {"خالد"}, "أريحا"),
])
def test_entities_hide_place_names_arabic(index, text, hidden, kept):
    r = parse(text, index)
    assert not hidden & set(surfaces(r))
    assert kept in incident_names(r)


def test_kunya_is_a_person_but_abu_place_names_stay(index):
    r = parse("قتل أبو خالد في قصف على أبو الظهور", index)
    names = surfaces(r)
    assert "خالد" not in names and "أبو خالد" not in names
    assert "أبو الظهور" in incident_names(r)


def test_entities_hide_place_names_english(index):
    r = parse("The Idlib Brigade said its fighters shelled regime positions in Kafr Nabl", index)
    assert "Idlib" not in surfaces(r)
    assert "Kafr Nabl" in incident_names(r)
    r = parse("Colonel Hassan Tallmenes said rockets hit Binnish", index)
    assert "Tallmenes" not in surfaces(r)


def test_chemical_agents_are_not_places(index):
    r = parse("Witnesses described a sarin attack on Kafr Zita", index)
    assert "sarin" not in {s.casefold() for s in surfaces(r)}
    assert "Kafr Zita" in incident_names(r)


# --- roles ------------------------------------------------------------------------------------------


def test_origin_of_the_dead_is_not_the_incident(index):
    r = parse("قتل ثلاثة عناصر من مدينة جبلة في هجوم على محور كبانة", index)
    got = roles(r)
    assert got["جبلة"] == "origin"
    assert "جبلة" not in incident_names(r)
    r = parse("A fighter who hails from Jableh was killed by shelling on Saraqib", index)
    assert {m.surface: m.role for m in r.mentions}["Jableh"] == "origin"
    assert "Saraqib" in incident_names(r)


def test_untyped_title_places_are_incidents_when_nothing_else_is(index):
    # A video title: place tag, a casualty word, no verb.
    r = parse("إدلب سرمين الشهيد محمد العلي جراء الغازات السامة", index)
    assert "سرمين" in incident_names(r) and "إدلب" not in incident_names(r)


def test_places_in_quiet_sentences_stay_references(index):
    r = parse("قصفت الطائرات مدينة أريحا. وتأتي هذه التطورات بعد اجتماع في دمشق", index)
    assert set(incident_names(r)) == {"أريحا"}


# --- relative locations -----------------------------------------------------------------------------


def test_container_after_a_place_is_context(index):
    r = parse("غارة جوية على كفرنبل بريف إدلب", index)
    assert set(incident_names(r)) == {"كفرنبل"}
    r = parse("Air strikes hit Sarmin, Idlib, on Monday", index)
    assert set(incident_names(r)) == {"Sarmin"}


def test_city_dash_neighbourhood(index):
    r = parse("قصف مدفعي على حلب – الصاخور", index)
    inc = incident_names(r)
    assert set(inc) == {"الصاخور"} and inc["الصاخور"].adm1_pcode == "SY02"
    r = parse("Shelling on Aleppo - Sakhour", index)
    inc = incident_names(r)
    assert set(inc) == {"Sakhour"} and inc["Sakhour"].kind == "neighbourhood"


@pytest.mark.parametrize("text, place", [
    ("سقطت قذائف على حي الوعر في حمص", "حي الوعر"),
    ("حمص جب الجندلي قصف بقذائف الهاون", "جب الجندلي"),  # a catalogue neighbourhood, tagged by its city
    ("Mortar shells hit the Bustan al-Diwan neighbourhood of Homs", "Bustan al-Diwan neighbourhood"),
])
def test_neighbourhood_resolves_in_its_city(index, text, place):
    match = incident_names(parse(text, index))[place]
    assert match.adm1_pcode == "SY04" and match.kind == "neighbourhood"
    assert abs(match.lat - 34.73) < 0.06 and abs(match.lon - 36.71) < 0.06  # within the city


def test_unknown_place_belonging_to_a_known_one_is_placed_there(index):
    r = parse("سقطت قذائف على قرية زعتورة التابعة لناحية سراقب", index)
    match = incident_names(r)["زعتورة"]
    assert match.method == "relative" and match.precision == 2
    assert "not in the gazetteer" in match.reason and match.adm1_pcode == "SY07"


@pytest.mark.parametrize("text", [
    "سقطت قذائف على قرية زعتورة التابعة إلى ناحية سراقب",  # "إلى" normalizes to "الي": read as such
    "سقطت قذائف على قرية زعتورة التابعة الى سراقب",
])
def test_belonging_written_with_ila(index, text):
    match = incident_names(parse(text, index))["زعتورة"]
    assert match.method == "relative" and match.adm1_pcode == "SY07"


def test_countryside_takes_the_known_name_before_it(index):
    r = parse("Russian jets struck a bakery in Urum al-Kubra Aleppo countryside", index)
    assert "Urum al-Kubra" in incident_names(r)


def test_hashtags_and_joined_words(index):
    assert "سراقب" in incident_names(parse("#سراقب قصف مدفعي عنيف", index))
    assert "معرةالنعمان" in incident_names(parse("غارات جوية على معرةالنعمان", index))
    # A video ID glued to the name does not hide it.
    assert "دوما" in incident_names(parse("Ab3dE_9xYzQدوما قصف بالبراميل", index))


def test_ambiguous_name_takes_the_homonym_near_the_other_places(index):
    # Several villages share the name; the Homs one is near the Homs places of the same report.
    r = parse("قصف على حي الخالدية وحي البياضة في حمص", index)
    for name in ("حي الخالدية", "حي البياضة"):
        match = incident_names(r)[name]
        assert match.adm1_pcode in ("SY04", "") and abs(match.lat - 34.74) < 0.1


# --- English transliterations the capitalized-name rule misses -------------------------------------


def test_lowercase_transliteration_after_a_preposition(index):
    r = parse("Rockets fell in kafranbel on Tuesday morning", index)
    assert incident_names(r)["kafranbel"].name == "Kafr Nabl"
    # An English word after "in" is no name, however the gazetteer would score it.
    r = parse("The shelling in particular hit homes near Saraqib", index)
    assert "particular" not in surfaces(r)


@pytest.mark.parametrize(("text", "surface", "gazetteer_name"), [
    ("Warplanes bombed Alatarib at dawn", "Alatarib", "Al Atarib"),
    ("Clashes broke out near Almayadin", "Almayadin", "Mayadin"),
])
def test_glued_romanized_article(index, text, surface, gazetteer_name):
    assert incident_names(parse(text, index))[surface].name == gazetteer_name


def test_glued_article_leaves_english_words_alone(index):
    found = find_mentions("Almost every house was shelled in Ariha", index=index)
    assert [m.name for m in found] == ["ariha"]


def test_transliteration_after_a_preposition_needs_less_certainty(index):
    # The resolver is less sure of this spelling of Hammurah than of a capitalized guess it keeps anywhere;
    # "in" before it is the evidence, so it is kept there and only there.
    r = parse("Artillery shells landed in Hamouriyeh overnight", index)
    assert incident_names(r)["Hamouriyeh"].name == "Hammurah"
    assert not parse("Witnesses said Hamouriyeh saw shelling overnight", index).mentions


def test_lowercase_article_and_compound_first_words(index):
    r = parse("Regime shelling hit al Hamdaniya in Aleppo", index)
    assert set(incident_names(r)) == {"al Hamdaniya"}
    r = parse("Clashes near Tal Rifaat", index)
    assert incident_names(r)["Tal Rifaat"].name == "Tall Rifat"


@pytest.mark.parametrize(("text", "place"), [
    ("Shelling hit the Sukkari suburb of Aleppo", "Sukkari"),
    ("Jets struck the Bustan al-Qasr quarter of Aleppo", "Bustan al-Qasr"),
])
def test_city_part_named_with_its_city(index, text, place):
    assert set(incident_names(parse(text, index))) == {place}


def test_city_locates_a_town_of_the_governorate_around_it(index):
    # Zamalka and Irbin are in Rural Damascus (SY03), the city of Damascus is SY01: the city only locates.
    r = parse("Mortar shells fell on Zamalka, Damascus, wounding four", index)
    assert set(incident_names(r)) == {"Zamalka"}
    r = parse("قصف مدفعي على بلدة عربين في دمشق", index)
    assert set(incident_names(r)) == {"عربين"}


@pytest.mark.parametrize(("text", "word"), [
    ("The Prohibition of such weapons was ignored when jets struck Saraqib", "Prohibition"),
    ("Footage kept in the Archive shows jets striking Ariha", "Archive"),
])
def test_capitalized_english_words_are_no_transliterations(index, text, word):
    found = [m.surface for m in parse(text, index).mentions]
    assert word not in found and len(found) == 1
    # A name built like an Arabic one keeps its English-looking words.
    assert "Khan Al Sheikh" in surfaces(parse("Warplanes bombed Khan Al Sheikh at dawn", index))


def test_web_addresses_and_handles_name_no_places(index):
    r = parse("Shelling hit Saraqib, see https://example.org/news/Kafr-Nabl-shelling and @AlepoNews", index)
    assert surfaces(r) == ["Saraqib"]
    r = parse("قصف مدفعي على سراقب https://example.com/news/قصف-على-كفرنبل www.example.net/حاس", index)
    assert surfaces(r) == ["سراقب"]


def test_container_after_a_comma_and_preposition(index):
    r = parse("Warplanes struck Kafr Nabl, in Idlib, killing three", index)
    assert set(incident_names(r)) == {"Kafr Nabl"}
    r = parse("قصفت الطائرات بلدة كفرنبل، في إدلب", index)
    assert set(incident_names(r)) == {"كفرنبل"}


def test_an_ambiguous_transliteration_after_a_preposition_stays_as_a_guess(index):
    # Kafr Ruma's spelling fits other names too: after "in" the resolver's best guess is kept, ambiguous
    # and unsure; without the preposition nothing says a place is meant.
    m = incident_names(parse("Barrel bombs fell in Kafroma overnight", index))["Kafroma"]
    assert m.name == "Kafr Ruma" and m.status == "ambiguous" and m.confidence <= 0.45
    assert not parse("Kafroma residents say barrel bombs fell overnight", index).mentions


def test_title_case_headline_splits_at_function_words(index):
    # "Idlib With Cluster Bombs" is no place: a capitalized run ends at a word as common as "With".
    assert surfaces(parse("Regime Jets Target the Main Market in Saraqib With Cluster Bombs", index)) == ["Saraqib"]
    assert surfaces(parse("Shelling on Tell Rifaat During the Night", index)) == ["Tell Rifaat"]


def test_a_city_glued_to_a_clitic(index):
    # "بحمص" is "in Homs"; a short name glued to a clitic is kept only as the city or town it is.
    assert {m.name for m in incident_names(parse("سقطت قذائف بحمص صباح اليوم", index)).values()} == {"Homs"}
    assert not parse("أعلنت وزارة الدفاع عن اجتماع", index).mentions


def test_a_city_is_not_traded_for_a_homonym_near_the_other_places(index):
    # Once Hama became the village حماة in Aleppo governorate, because Aleppo was named beside it.
    matches = incident_names(parse("غارات جوية استهدفت بحلب وحماة", index)).values()
    assert {(m.name, m.kind) for m in matches} == {("Aleppo", "city"), ("Hamah", "city")}


# --- events -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "place", "event_type", "sub_type"), [
    ("Gunmen shot and killed a shopkeeper in Sarmin town", "Sarmin", "Violence against civilians", "Attack"),
    ("Security forces launched a security campaign in Armanaz", "Armanaz", "Strategic developments",
     "Change to group/activity"),
    ("Regime forces arrested two young men at a checkpoint in Saraqib", "Saraqib", "Strategic developments",
     "Arrests"),
    ("شنت قوات النظام حملة اعتقالات في مدينة التل", "التل", "Strategic developments", "Arrests"),
    ("شنت قوات الأمن حملة أمنية في بلدة معرشورين", "معرشورين", "Strategic developments", "Change to group/activity"),
    ("قصف بغاز الكلور على بلدة كفرزيتا", "كفرزيتا", "Explosions/Remote violence", "Chemical weapon"),
    ("خرجت مظاهرة في مدينة بنش ضد النظام", "بنش", "Protests", "Peaceful protest"),
])
def test_acled_event_types(index, text, place, event_type, sub_type):
    r = parse(text, index)
    rows = {row["surface"]: row for row, _ in r.incident_rows}
    assert rows[place]["event_type"] == event_type
    assert rows[place]["sub_event_type"] == sub_type
    assert rows[place]["event_phrase"]


def test_every_cue_kind_maps_to_acled_names():
    names = set(events.EVENT_TYPES)
    assert names == {"Battles", "Explosions/Remote violence", "Violence against civilians", "Protests", "Riots",
                     "Strategic developments"}
    for subs in events._spec()["event_types"].values():
        for sub in subs:
            assert acled_type(sub)[0] in names
    assert acled_type(events.EVIDENCE) == ("", "")


@pytest.mark.parametrize("text", [
    "killed 99999999999999999999 civilians",
    "مقتل 123456789 شخص",
    "killing " + "9" * 5000 + " people",
])
def test_implausible_casualty_figures_are_not_casualties(text):
    assert casualties(normalize_text(text)) == (None, None)


# --- never crash ------------------------------------------------------------------------------------


def no_match(text, **_):
    return Match(query=text, status="no_match", normalized=text)


def test_area_fallback_with_unresolved_core_does_not_crash():
    # An area trigger whose name and core name both fail to resolve (the UnboundLocalError of main).
    index = NameIndex.from_names(["ريف وهمي الغربي"])
    r = parse_report("قصف على ريف وهمي الغربي", index=index, gazetteer=StubGazetteer(no_match))
    assert isinstance(r, Report)


@pytest.mark.parametrize("text", [
    "",
    "\x00\x01\x02" * 1000,
    "\u202bقصف على\u202c \u200fسراقب\u200e",
    "قـــصـــف عـلـى سـراقـب",
    "قـ ـصف على سراقب وإصا.بة مدنيين",
    "\n" * 10000,
    "،" * 5000,
    "#" * 3000 + "سراقب",
    "".join(chr(c) for c in range(0x600, 0x700)),
    "A" * 100_000,
])
def test_odd_texts_give_a_report(index, text):
    r = parse(text, index)
    assert isinstance(r, Report)
    for m in r.mentions:
        assert text[m.start:m.end] == m.surface


def test_obfuscated_words_are_read(index):
    r = parse("قـ ـصف على مدينة سراقب وإصا.بة ثلاثة مدنيين", index)
    rows = [row for row, _ in r.incident_rows]
    assert rows and rows[0]["surface"] == "سراقب"
    assert rows[0]["sub_event_type"] == "Shelling/artillery/missile attack" and rows[0]["injured"] == 3


def test_binary_bytes_decoded_lossily_give_a_report(index):
    raw = bytes(range(256)) * 400
    r = parse(raw.decode("latin-1"), index)
    assert isinstance(r, Report)


NAMES = ["سراقب", "كفرنبل", "ريف حلب الغربي", "Saraqib", "Kafr Nabl", "حي الصاخور", "Aleppo countryside", "أبو الظهور",
         "kafranbel", "Alatarib", "al Hamdaniya", "Tal Rifaat", "Hamouriyeh", "Damascus"]
WORDS = ["قصف", "غارة", "مقتل", "من", "قرية", "في", "التابعة", "ل", "حي", "#", "–", "،", ".", "killed", "in",
         "shelling", "village of", "near", "أبو", "الشهيد", "كتيبة", "99999999999999999999", "ـ", "\u200f",
         "on", "at", "al", "Al", "https://", "www.", ".org/", "@", "Archive", "الى", "إلى"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(st.sampled_from(NAMES), st.sampled_from(WORDS), st.text(max_size=12)), max_size=40),
       st.sampled_from([" ", "", "\n", " ، "]))
def test_any_text_with_names_gives_a_consistent_report(index, parts, sep):
    text = sep.join(parts)
    r = parse_report(text, index=index)
    assert isinstance(r, Report)
    for m in r.mentions:
        assert text[m.start:m.end] == m.surface
        assert m.role in ROLES
    for row, match in r.incident_rows:
        assert row["fatalities"] is None or 0 <= row["fatalities"] <= events.MAX_CASUALTIES
        assert match is not None
    frame = incidents_of([r])
    assert len(frame) == len(r.incident_rows)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(NAMES + WORDS), max_size=12), st.lists(st.sampled_from(NAMES), min_size=1, max_size=4),
       st.lists(st.sampled_from(NAMES + WORDS), max_size=12))
def test_no_mention_inside_a_web_address(index, before, in_url, after):
    url = "https://example.org/" + "-".join(w.replace(" ", "-") for w in in_url)
    text = " ".join(before) + " " + url + " " + " ".join(after)
    start = text.index(url)
    for m in parse_report(text, index=index).mentions:
        assert m.end <= start or m.start >= start + len(url), m


def test_area_core_name_drops_the_lexicon_area_and_compass_words():
    from geo.report import _strip_area_words

    assert _strip_area_words(normalize_text("ريف حلب الغربي")) == normalize_text("حلب")
    assert _strip_area_words(normalize_text("the northern Hama countryside")) == "hama"
    assert _strip_area_words(normalize_text("rural south-western Idlib")) == "idlib"


def test_origin_after_the_participle_of_hailing_from(index):
    # "المنحدر من" (the one who hails from) marks a home town like "ينحدر من".
    r = parse("قصف مدفعي على بلدة كفرنبل أدى إلى مقتل أحد قادة الفصائل المنحدر من مدينة سلقين", index)
    got = roles(r)
    assert got["سلقين"] == "origin" and got["كفرنبل"] == "incident"


def test_a_namesake_far_from_its_stated_container_is_placed_at_the_container(index):
    # The gazetteer knows a منيان only in Rural Damascus, 200+ km from Kafr Nabl: the text says this one
    # is in Kafr Nabl's sub-district, so the incident is placed there, method relative, with the reason.
    m = incident_names(parse("سقطت قذائف على قرية منيان التابعة لناحية كفرنبل", index))["منيان"]
    assert m.method == "relative" and m.adm1_pcode == "SY07" and "km away" in m.reason
    # A place that does lie in the container it is given keeps its own point.
    m = incident_names(parse("سقطت قذائف على قرية حاس التابعة لناحية كفرنبل", index))["حاس"]
    assert m.method != "relative" and m.name != "Kafr Nabl"
    # Far from a wide container's centroid is not outside it: Jobar lies on the edge of Rural Damascus,
    # 100 km from its centroid, and is never moved to that centroid.
    m = incident_names(parse("قصف على حي جوبر بريف دمشق", index))["جوبر"]
    assert m.method != "relative"


def test_a_trigger_name_never_runs_into_a_web_address(index):
    # Found by the property above: "قرية أبو" + an address made the mention "أبو https".
    text = "قصف على قرية أبو https://example.org/سراقب"
    start = text.index("https")
    assert all(m.end <= start for m in parse_report(text, index=index).mentions)


def test_forces_leaving_their_positions_is_an_event_there(index):
    # "withdrew from their positions in X": a movement away from X, which is where it happened.
    for text in ("Regime forces withdrew from their positions in Khan Tuman after a night of clashes",
                 "انسحبت الفصائل من مواقعها في بلدة خان طومان"):
        got = roles(parse(text, index))
        assert got.get("Khan Tuman", got.get("خان طومان")) == "incident"


def test_an_outlet_name_ends_at_punctuation(index):
    # Normalizing drops the dashes: the outlet is "شبكة شام", the places after the dashes are places.
    r = parse("شبكة شام - ريف حماة - اللطامنة :: غارات جوية على البلدة", index)
    assert [row["surface"] for row, _ in r.incident_rows] == ["اللطامنة"]
    assert [m.surface for m in parse("وكالة ثقة | كفرنبل: قصف صاروخي", index).mentions] == ["كفرنبل"]


@pytest.mark.parametrize("text, place, incidents", [
    # A wire story's dateline is where it was filed.
    ("HAMA, Syria (AFP) - Government helicopters dropped barrel bombs on Kafr Zita on Friday, killing four.",
     "HAMA", ["Kafr Zita"]),
    ("حلب (رويترز) - قتل ثلاثة مدنيين بقصف مدفعي على بلدة عندان", "حلب", ["عندان"]),
    ("حمص - سانا: أصيب مدنيون جراء سقوط قذائف على حي الوعر", "حمص", ["حي الوعر"]),
    ("DEIR EZ-ZOR, Syria (AP) — A suicide bomber killed six people at a checkpoint.", "DEIR EZ-ZOR", ["DEIR EZ-ZOR"]),
    # A headline may stand above the dateline.
    ("Seven civilians killed in air strikes\n\nIDLIB, Syria (Reuters) - Warplanes struck Maarat al-Numan on Sunday.",
     "IDLIB", ["Maarat al-Numan"]),
    # An office's seat ("the director of … in X", "the local council of X").
    ("قال مدير الدفاع المدني في إدلب إن فرقه أخمدت حريقاً في بلدة سرمين بعد غارة جوية", "إدلب", ["سرمين"]),
    ("The head of the local council in Saraqib said a barrel bomb hit the town of Afes", "Saraqib", ["Afes"]),
    ("The local council of Douma said shelling killed four people in the city", "Douma", ["Douma"]),
])
def test_a_dateline_or_office_seat_is_the_incident_only_without_another_place(index, text, place, incidents):
    r = parse(text, index)
    assert [row["surface"] for row, _ in r.incident_rows] == incidents
    assert roles(r).get(place, "reference") == ("incident" if place in incidents else "reference")


def test_a_short_city_name_labelling_a_headline_is_kept(index):
    # "Hama: …" opens a headline: a four-letter name is kept there as the city it is, as "حمص" is in Arabic;
    # a village of four letters, or an English word, still needs more ("Tell: …").
    assert [m.surface for m in parse("Homs: a car bomb killed four people near a bakery", index).mentions] == ["Homs"]
    assert [m.surface for m in parse("Hass | barrel bombs dropped overnight", index).mentions] == []


def test_a_town_glued_to_the_next_word_by_a_compound_rule_stays_the_town(index):
    # "بنش" is a whole name: "بلدة بنش جراء القصف" names Binnish, not a "بنش جراء".
    r = parse("استشهد شاب من بلدة بنش جراء القصف على مدينة سراقب", index)
    assert [(m.surface, m.match.name) for m in r.mentions][0] == ("بنش", "Binnish")


def test_a_known_place_with_an_unknown_adjective_is_placed_at_the_place(index):
    # "X الشرقية" / "old X" that the gazetteer lacks is part of X: placed there, method relative, precision 2.
    r = parse("قصف مدفعي على قرية سرمين الشرقية صباح اليوم", index)
    (row, match), = r.incident_rows
    assert match.name == "Sarmin" and match.method == "relative" and match.precision == 2
    assert match.confidence <= 0.6 and "سرمين" in match.reason


def test_an_event_located_only_by_a_direction_from_a_place_is_placed_at_the_place(index):
    # "غرب مدينة X" / "north of X" is orientation; when the report names no other place it is all there is:
    # the incident goes to X, method relative, precision 2.
    for text, name in (("سقطت قذائف هاون على المزارع شمال مدينة أريحا", "أريحا"),
                       ("An airstrike hit a poultry farm two kilometres south of Binnish", "Binnish")):
        (row, match), = parse(text, index).incident_rows
        assert row["surface"] == name and match.method == "relative" and match.precision == 2
    # With another place tied to the event, the direction stays a reference.
    r = parse("Regime shelling hit Sarmin, 5 km east of Idlib", index)
    assert [row["surface"] for row, _ in r.incident_rows] == ["Sarmin"]


@pytest.mark.parametrize("text", [
    "هاجمت فصائل المعارضة نقاط قوات النظام في بلدة الحاضر",
    "Opposition fighters attacked army checkpoints in al-Hader at dawn",
])
def test_an_attack_on_armed_positions_is_a_battle(index, text):
    (row, _), = parse(text, index).incident_rows
    assert (row["event_type"], row["sub_event_type"]) == ("Battles", "Armed clash")


@pytest.mark.parametrize("text, sub_type", [
    ("استعادت قوات النظام السيطرة على بلدة اللطامنة", "Government regains territory"),
    ("سيطرت قوات الأسد على قرية الزكاة بعد معارك", "Government regains territory"),
    ("Syrian government forces captured the town of Kafr Zita", "Government regains territory"),
    ("Opposition fighters captured the village of Zakat from regime forces", "Non-state actor overtakes territory"),
])
def test_who_takes_a_place_decides_the_capture_type(index, text, sub_type):
    rows = [row for row, _ in parse(text, index).incident_rows]
    assert rows and all(r["sub_event_type"] == sub_type and r["event_type"] == "Battles" for r in rows)


def test_actor_sub_events_name_sub_types_of_one_event_type():
    spec, parent = events._spec(), events._sub_types()
    for sub, by_actor in spec["actor_sub_events"].items():
        for actor, other in by_actor.items():
            assert actor in spec["actors"] and parent[sub] == parent[other]


@pytest.mark.parametrize("text, home", [
    ("قتل قيادي في فصيل معارض خلال معارك محور الكبينة، وهو من مواليد بلدة التمانعة", "التمانعة"),
    ("A commander born in Kafr Nabl was killed in clashes on the Kabani front", "Kafr Nabl"),
])
def test_a_birthplace_is_an_origin(index, text, home):
    assert roles(parse(text, index))[home] == "origin"


@pytest.mark.parametrize("text, killed", [
    ("قال ناشطون إن 9 مدنيين على الأقل قتلوا بقصف على بلدة الهبيط", 9),
    ("لقي 6 عناصر حتفهم بانفجار لغم قرب قرية الحويز", 6),
    ("استشهد 3 أطفال بغارة على مدينة خان شيخون", 3),
    ("استشهد طفل بقصف على بلدة كفرنبل", 1),
])
def test_arabic_casualty_figures_in_either_order(index, text, killed):
    assert casualties(normalize_text(text))[0] == killed


def test_under_a_groups_control_is_no_capture(index):
    # "الخاضعة لسيطرة الحكومة" / "تحت سيطرة النظام" (held by) describe a place; nobody took it.
    r = parse("سقطت قذائف على حي الحمدانية في مدينة حلب الخاضعة لسيطرة الحكومة", index)
    assert all(row["sub_event_type"] != "Non-state actor overtakes territory" for row, _ in r.incident_rows)


@pytest.mark.parametrize("text, figures", [
    ("The shelling left 4 dead and 11 wounded in the market", (4, 11)),
    ("11 wounded and 4 dead after the shelling", (4, 11)),
    ("The airstrike claimed the lives of 6 civilians", (6, None)),
])
def test_english_casualty_figures_are_not_read_across_another_number(text, figures):
    assert casualties(normalize_text(text)) == figures


@pytest.mark.parametrize("text, places", [
    # "#عاجل" (breaking) heads news posts: a village of that name needs more than the hashtag; a town or
    # city hashtag, and a rare name, stay places.
    ("#عاجل #مجموعة | قصف مدفعي على #الباب و #كفرعويد صباح اليوم", ["الباب", "كفرعويد"]),
    # "الحي الشمالي" is "the northern quarter": an Arabic construct never takes the article on its head.
    ("سقوط قذائف هاون على الحي الشمالي في مدينة داعل", ["داعل"]),
    # "والقرية المجاورة" is "and the nearby village", not a village named القرية.
    ("قصف صاروخي على بلدة كفرسجنة والقرية المجاورة لها", ["كفرسجنة"]),
    # "مدن وبلدات X" (the cities and towns of X): وبلدات is a trigger with a clitic, not a village.
    ("قصفت قوات النظام مدن وبلدات سرمين وبنش وتفتناز بالمدفعية", ["سرمين", "بنش", "تفتناز"]),
], ids=["hashtag-of-a-common-word", "trigger-with-the-article", "bare-trigger-in-a-list", "trigger-after-a-trigger"])
def test_words_that_only_look_like_places_name_nothing(index, text, places):
    assert sorted(m.surface for m in parse(text, index).mentions) == sorted(places)


@pytest.mark.parametrize("text, expected", [
    # Source of fire: the place fire came from is its source, the place hit the incident.
    ("استهدفت قوات النظام من مواقعها في مطار حماة العسكري بلدة اللطامنة بالصواريخ",
     {"مطار حماة العسكري": "source", "اللطامنة": "incident"}),
    ("قصف مدفعي مصدره معسكر جورين طال قرية قسطون", {"جورين": "source", "قسطون": "incident"}),
    ("قصفت المدفعية المتمركزة في بلدة نبل مدينة عندان", {"نبل": "source", "عندان": "incident"}),
    ("Regime artillery positioned in Jurin pounded the town of Qastoun", {"Jurin": "source", "Qastoun": "incident"}),
    ("Mortar rounds fired by the militias from their positions in Nubl fell on Anadan",
     {"Nubl": "source", "Anadan": "incident"}),
    # Of two cities only a governorate's capital labels the other.
    ("حلب - منبج: انفجار عبوة ناسفة في السوق", {"حلب": "reference", "منبج": "incident"}),
    ("ادلب - سراقب :: قصف مدفعي", {"ادلب": "reference", "سراقب": "incident"}),
    ("Idlib - Jisr al-Shughur: a car bomb exploded near the market",
     {"Idlib": "reference", "Jisr al-Shughur": "incident"}),
    ("A car bomb exploded in Manbij, Aleppo", {"Manbij": "incident", "Aleppo": "reference"}),
    # "the Hama town of Kafr Zita" names the container first; "X, a neighbourhood of Aleppo" second.
    ("Barrel bombs fell on the Hama town of Kafr Zita", {"Hama": "reference", "Kafr Zita": "incident"}),
    ("Snipers shot a man in the Aleppo neighbourhood of Bustan al-Qasr",
     {"Aleppo": "reference", "Bustan al-Qasr": "incident"}),
    ("Snipers shot a man in Bustan al-Qasr, a neighbourhood of Aleppo",
     {"Bustan al-Qasr": "incident", "Aleppo": "reference"}),
], ids=[*(f"source-{i}" for i in range(5)), *(f"capital-{i}" for i in range(4)), *(f"unit-of-{i}" for i in range(3))])
def test_roles_from_evidence(index, text, expected):
    r = parse(text, index)
    assert roles(r) == expected
    assert [row["surface"] for row, _ in r.incident_rows] == [p for p, role in expected.items() if role == "incident"]


@pytest.mark.parametrize("text, figures", [
    # ACLED notes open with the date: its year is no death toll.
    ("On 13 March 2020, unidentified gunmen shot dead a former commander in Tafas", (None, None)),
    ("On 2 June 2019, 3 civilians were killed by shelling on Hass", (3, None)),
    ("في 19 أغسطس 2014 قتل 5 مدنيين بغارة على سراقب", (5, None)),
    ("دوما 14-9-2015 ستة شهداء بقصف على السوق", (6, None)),
])
def test_a_date_is_no_casualty_figure(text, figures):
    assert casualties(normalize_text(text)) == figures


def test_numeric_day_month_year_dates_are_read():
    # Normalizing turns "/" and "-" into spaces; the day-first form was never matched after it.
    assert events.parse_date("12/3/2020") == events.parse_date("12-3-2020") == dt.date(2020, 3, 12)
    assert events.parse_date("2020-03-12") == dt.date(2020, 3, 12)


@pytest.mark.parametrize("text, place", [
    # Documentation that names no event word: a testimony, an interview, a medical point's video.
    ("Statement by a nurse working at the surgical hospital of Maarat al-Numan", "Maarat al-Numan"),
    ("Interview with the director of the Kafr Nabl health centre", "Kafr Nabl"),
    ("شهادة ممرض في المشفى الجراحي في مدينة سراقب", "سراقب"),
    ("لقاء مع مدير النقطة الطبية في بلدة كفرنبل", "كفرنبل"),
])
def test_a_report_naming_no_event_is_still_about_its_place(index, text, place):
    r = parse(text, index)
    (row, match), = r.incident_rows
    assert row["surface"] == place and match.ok
    assert row["event_type"] == ""  # no event named: none invented
    assert row["confidence"] <= 0.5  # and the row says it is a weak reading


def test_a_report_naming_no_event_keeps_its_political_references(index):
    r = parse("The delegations discussed the future of Idlib in Astana talks", index)
    assert roles(r).get("Idlib") == "reference" and not r.incident_rows


@pytest.mark.parametrize("text, home", [
    ("Three wounded men from Saraqib treated in a field hospital", "Saraqib"),
    ("أطفال مصابون من أهالي بلدة كفرنبل في المشفى الميداني", "كفرنبل"),
])
def test_the_home_town_is_the_incident_only_when_the_report_names_no_other_place(index, text, home):
    r = parse(text, index)
    (row, match), = r.incident_rows
    assert row["surface"] == home
    assert match.method == "relative" and match.precision >= 2 and match.confidence <= 0.6
    assert "home" in match.reason
    # With a place of the event beside it, the home town stays an origin.
    r = parse(text.replace("treated in a field hospital", "killed by shelling on Sarmin").replace(
        "في المشفى الميداني", "جراء القصف على مدينة سرمين"), index)
    assert roles(r)[home] == "origin" and [row["surface"] for row, _ in r.incident_rows] in (["Sarmin"], ["سرمين"])


@pytest.mark.parametrize("text, place", [
    ("مقابلة مع الناشط عمر الحلبي\nسراقب قصف جوي على السوق الشعبي", "سراقب"),
    ("حديث المسعف محمود\nكفرنبل غارة على المشفى", "كفرنبل"),
])
def test_a_persons_name_ends_with_its_line(index, text, place):
    # A title's name runs over words, never over a line break: the next line's first word is a place.
    assert [row["surface"] for row, _ in parse(text, index).incident_rows] == [place]


@pytest.mark.parametrize("text, label, place", [
    # A governorate's city labels a sub-district or town named after it, with or without a unit word.
    ("إدلب ناحية سنجار قصف بالبراميل المتفجرة على المنازل", "إدلب", "ناحية سنجار"),
    ("حلب ناحية الأتارب قصف مدفعي على الأحياء السكنية", "حلب", "الأتارب"),
])
def test_an_admin_unit_contains_only_what_lies_in_it(index, text, label, place):
    r = parse(text, index)
    got = roles(r)
    assert got[label] == "reference" and got[place] == "incident"
    assert [row["surface"] for row, _ in r.incident_rows] == [place]


@pytest.mark.parametrize("text, place", [
    ("Regime helicopters targeted Khirbet al-Joz with barrels", "Khirbet al-Joz"),
    ("Jets struck Tell Mardikh on Monday", "Tell Mardikh"),
])
def test_a_name_after_a_verb_of_attack_is_the_place_hit(index, text, place):
    # As telling as "in": the resolver's best guess stays even when another place fits the spelling.
    (row, match), = parse(text, index).incident_rows
    assert row["surface"] == place and match.ok
    assert not parse("The army targeted civilians with mortars", index).incident_rows


@pytest.mark.parametrize("text, places", [
    # Middling-common words in running text are words: smoke, a video, the tunnel.
    ("قصف على بلدة كفرنبل وتصاعد دخان كثيف من الأبنية", ["كفرنبل"]),
    ("نشر الناشطون فديو يظهر آثار القصف على مدينة سراقب", ["سراقب"]),
    ("نفذ الهجوم بواسطة طائرة مروحية على مدينة سراقب", ["سراقب"]),  # "by means of", not ب + a village
    # The same frequency band holds real names: after a preposition, at a line start or after a title's
    # city they stay.
    ("قصف مدفعي عنيف على جوبر صباح اليوم", ["جوبر"]),
    ("دمشق جوبر قصف بقذائف الهاون", ["دمشق", "جوبر"]),
    ("داريا :: غارات جوية على الأحياء السكنية", ["داريا"]),
])
def test_a_middling_common_word_needs_a_place_position(index, text, places):
    assert surfaces(parse(text, index)) == places


@pytest.mark.parametrize("text, place", [
    ("Artillery shelling on the outskirts of Saraqib", "Saraqib"),
    ("Air strikes with cluster bombs in Idlib suburbs", "Idlib"),
    ("اشتباكات عنيفة في محيط مدينة سراقب", "سراقب"),
])
def test_around_a_place_is_placed_relative_to_it(index, text, place):
    # At X's edge, not in X: the incident is at X as a relative location, beside the report's other places.
    (row, match), = parse(text, index).incident_rows
    assert row["surface"] == place and match.method == "relative" and match.precision == 2
    assert "around" in match.reason
    r = parse(text + " and an air strike on Binnish", index) if text.isascii() else parse(
        text + " وغارة جوية على بنش", index)
    got = incident_names(r)
    assert got[place].method == "relative" and got["Binnish" if text.isascii() else "بنش"].method != "relative"


@pytest.mark.parametrize("text, places", [
    # A common word matched through a place's alternate spelling is the word: "after a short time" is no
    # al-Qusayr (القصير), "conscience" no al-Dumayr, "the revolution" no al-Thawra.
    ("اشتباكات في مدينة حمص بعد وقت قصير من انتهاء الهدنة", ["مدينة حمص"]),
    ("ناشدوا كل من لديه ضمير التحرك لوقف القصف على بلدة كفرنبل", ["كفرنبل"]),
    ("رفع المتظاهرون أعلام ثورة الكرامة في مدينة بنش", ["بنش"]),
    # The commonest words ("started", "seemed") need a city or larger to stand alone: a town is not enough,
    # not even the town بدا in the same governorate.
    ("وبحسب الأهالي، بدأ القصف على بلدة التل في ريف دمشق", ["التل"]),
    ("وأظهرت الصور جرحى بدا أن بعضهم يعاني من ضيق في التنفس بعد القصف على مدينة دوما", ["دوما"]),
    # "The city's quarters" after the city was named: the city, not a neighbourhood called "the city".
    ("قصفت الطائرات مدينة أريحا وسقطت القذائف على أحياء المدينة", ["أريحا"]),
])
def test_a_common_word_needs_the_places_own_name_and_prior(index, text, places):
    assert [row["surface"] for row, _ in parse(text, index).incident_rows] == places


@pytest.mark.parametrize("text, place", [
    ("قصف مدفعي على القصير", "القصير"),  # its own name, article included: the town, on its prior
    ("غارات جوية على الباب", "الباب"),  # "the door", but a city
])
def test_a_common_word_that_is_a_places_own_name_keeps_its_prior(index, text, place):
    assert place in [row["surface"] for row, _ in parse(text, index).incident_rows]


@pytest.mark.parametrize("text, places", [
    ("Barrel bombs fell on Madaya on the first night of Ramadan, killing two", ["Madaya"]),
    ("قصف مدفعي على بلدة مضايا في أول أيام رمضان", ["مضايا"]),
])
def test_a_hijri_month_is_a_date_not_a_village(index, text, places):
    assert [row["surface"] for row, _ in parse(text, index).incident_rows] == places


def test_a_hijri_month_name_after_a_place_trigger_is_the_village(index):
    assert "Ramadan" in [m.surface for m in parse("Shelling on the village of Ramadan near Madaya", index).mentions]


@pytest.mark.parametrize("text, places", [
    ("نشر مركز حماة الإعلامي صوراً للقصف على بلدة كفرزيتا", ["كفرزيتا"]),  # the Hama Media Center
    ("وبث المكتب الإعلامي صوراً من مدينة سراقب", ["سراقب"]),  # the adjective after the head: no place in between
])
def test_an_outlet_named_by_its_media_adjective_is_no_place(index, text, places):
    assert [row["surface"] for row, _ in parse(text, index).incident_rows] == places


def test_casualties_in_the_next_placeless_sentence_are_the_places(index):
    r = parse("قصفت الطائرات الحربية بلدة كفرنبل صباح اليوم. وأسفر القصف عن مقتل 4 مدنيين وإصابة 10 آخرين.", index)
    (row, _), = r.incident_rows
    assert (row["fatalities"], row["injured"]) == (4, 10)
    r = parse("Government aircraft struck the town of Saraqib on Monday. Seven civilians were killed, medics said.",
              index)
    (row, _), = r.incident_rows
    assert row["fatalities"] == 7


@pytest.mark.parametrize("text", [
    # Two places before the figures: the text does not say how they share them.
    "قصفت الطائرات مدينة معرة النعمان وبلدة كفرنبل. وأسفر القصف عن مقتل 4 مدنيين.",
    # The figures' sentence names a place of its own, which they belong to.
    "Aircraft struck Saraqib on Monday. In Binnish, five people were killed by shelling.",
])
def test_casualties_are_not_carried_where_the_text_does_not_say_whose(index, text):
    rows = {row["surface"]: row for row, _ in parse(text, index).incident_rows}
    assert all(rows[p]["fatalities"] is None for p in ("معرة النعمان", "كفرنبل", "Saraqib") if p in rows)
    assert rows


@pytest.mark.parametrize("text, killed", [
    ("Shelling on Kafr Zita killed a teenager and his two sisters", 3),
    ("a car bomb in Azaz, killing a soldier, a civilian and three children", 5),
    ("gunmen shot at a car near Tafas, killing a man and his wife", 2),
    ("قصف مدفعي على بلدة كفرزيتا أدى إلى مقتل سيدة وطفليها", 3),
    ("غارة على أريحا أسفرت عن مقتل رجل وزوجته وأربعة من أطفالهما", 6),
    ("an air strike on Sarmin, killing a fighter and wounding two others", 1),
    ("غارة على معرة النعمان أسفرت عن مقتل واحد وعشرين مدنيا وطفل", 22),  # a compound number is one member
])
def test_a_list_of_the_dead_is_summed(text, killed):
    assert casualties(normalize_text(text))[0] == killed


@pytest.mark.parametrize("text, figures", [
    ("قصف بالبراميل على بلدة الهبيط أدى إلى مقتل طفلتين", (2, None)),  # a bare dual counts two
    ("استشهاد شابين وإصابة امرأتين بقصف على جسر الشغور", (2, 2)),
    ("مقتل جنديين من قوات النظام وجرح عنصر آخر بهجوم قرب مورك", (2, 1)),
    ("إصابة رجل وطفليه بقصف مدفعي على أطراف سرمين", (None, 3)),  # the injured are a list too
    ("Shelling on Taftanaz wounded a farmer's wife and her three sons", (None, 4)),
    # A dual spelled like its plural ("two civilians" or "civilians") states no figure.
    ("مقتل مدنيين بقصف على قرية البارة", (None, None)),
    ("إصابة مقاتلين باشتباكات في محيط الراشدين", (None, None)),
])
def test_arabic_duals_and_lists_of_the_injured_are_counted(text, figures):
    assert casualties(normalize_text(text)) == figures


@pytest.mark.parametrize("text, killed", [
    ("killing six civilians, including two women and a child", 6),  # a part of the six, not more of them
    ("مقتل خمسة مدنيين بينهم امرأة وطفلان", 5),
    ("killing two men and injuring a woman and her son", 2),
])
def test_the_parts_of_a_figure_are_not_added_to_it(text, killed):
    assert casualties(normalize_text(text))[0] == killed


@pytest.mark.parametrize("text, first, second", [
    ("A roadside bomb hit a bus on the road between Saraqib and Ariha", "Saraqib", "Ariha"),
    ("Jets struck the Khan Shaykhun - Morek road at dawn", "Khan Shaykhun", "Morek"),
    ("استهدف الطيران سيارة على الطريق الواصل بين سراقب وأريحا", "سراقب", "أريحا"),
    ("قصف مدفعي على طريق خان شيخون - مورك", "خان شيخون", "مورك"),
])
def test_a_road_named_by_its_ends_is_one_incident_on_it(gz, index, text, first, second):
    r = parse(text, index)
    incidents = incident_names(r)
    assert list(incidents) == [first] and roles(r)[second] == "reference"
    road, a, b = incidents[first], gz.resolve(first), gz.resolve(second)
    assert (road.kind, road.method, road.precision) == ("road", "relative", 2) and road.confidence <= 0.45
    assert (road.lat, road.lon) == pytest.approx(((a.lat + b.lat) / 2, (a.lon + b.lon) / 2), abs=1e-5)
    assert a.name in road.reason and b.name in road.reason


@pytest.mark.parametrize("text", ["Shelling hit Saraqib and Ariha", "قصف مدفعي على سراقب وأريحا",
                                  "Clashes in Khan Shaykhun - Morek"])
def test_two_places_without_a_road_word_stay_two_incidents(index, text):
    assert len(incident_names(parse(text, index))) == 2


@pytest.mark.parametrize("text, expected", [
    # "from X" is no source of fire when a preposition stands between it and the position word: X is where
    # somebody comes from, the checkpoint the place of the event.
    ("Regime intelligence detained a pharmacist from Binnish at a checkpoint near Taftanaz",
     {"Binnish": "origin", "Taftanaz": "incident"}),
    ("Gunmen kidnapped a trader from Atarib on his way to a market in Darat Izza",
     {"Atarib": "origin", "Darat Izza": "incident"}),
    # ... and stays one when the words between only say whose positions they are.
    ("Shells fired from regime military positions in Jurin hit Qastoun", {"Jurin": "source", "Qastoun": "incident"}),
], ids=["checkpoint-near", "on-his-way", "whose-positions"])
def test_from_a_place_then_a_position_elsewhere(index, text, expected):
    assert roles(parse(text, index)) == expected


def test_a_quarter_is_not_contained_by_a_far_city(gz, index):
    """A city locates a quarter only when the quarter is its own: "Salaheen, Manbij" is no Aleppo quarter
    of Manbij, and "Salaheen, Aleppo" is."""
    assert roles(parse("Shelling hit the Salaheen neighbourhood, Aleppo", index))["Aleppo"] == "reference"
    r = parse("طائرة مسيرة تستهدف سيارة على طريق الباب - منبج", index)
    (row, road), = r.incident_rows
    al_bab, manbij = gz.resolve("الباب"), gz.resolve("منبج")
    assert (road.kind, road.method, road.precision) == ("road", "relative", 2) and road.confidence <= 0.45
    assert (road.lat, road.lon) == pytest.approx(((al_bab.lat + manbij.lat) / 2, (al_bab.lon + manbij.lon) / 2),
                                                 abs=1e-5)


@pytest.mark.parametrize("text", ["Protesters gathered in Daraa al-Balad against the arrests",
                                  "خرجت مظاهرة في حي درعا البلد تندد بالاعتقالات"])
def test_daraa_quarters_are_places_of_daraa(gz, index, text):
    (row, m), = parse(text, index).incident_rows
    assert m.name == "Daraa al-Balad" and m.adm1_pcode == "SY12"
    daraa = gz.resolve("Daraa")
    assert haversine_km(m.lat, m.lon, daraa.lat, daraa.lon) < 3


@pytest.mark.parametrize("text, first, second", [
    ("Turkish drones hit a car on the Qamishli–Amuda road, killing two men", "Qamishli", "Amuda"),
    ("انفجار لغم على طريق منبج - جرابلس", "منبج", "جرابلس"),
])
def test_a_road_between_a_city_and_a_town_is_no_label(gz, index, text, first, second):
    """A city before a town of its governorate labels it ("Aleppo - Manbij"), unless a road word says the
    two are the ends of a road."""
    r = parse(text, index)
    road = incident_names(r)[first]
    assert road.kind == "road" and roles(r)[second] == "reference"


def test_fire_whose_source_is_positions_in_a_place(index):
    """"مصدره مواقع قوات النظام في X": the shelling came from positions in X, which is its source."""
    r = parse("قصف مدفعي على بلدة تسيل مصدره مواقع قوات النظام في مدينة نوى", index)
    assert roles(r) == {"تسيل": "incident", "نوى": "source"}
