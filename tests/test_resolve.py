"""Name resolution: the issue's examples, hints, statuses, precision codes, aliases, and no crashes."""

import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import gazetteer
from gazetteer.query import parse_query
from syrmap.cli import app


@pytest.fixture(scope="module")
def kafr_nabl(gz):
    return gazetteer.resolve("Kafr Nabl", admin1="Idlib")


@pytest.mark.parametrize(("text", "hints"), [
    ("Kfar Nobol", {"admin1": "Idleb"}),
    ("كفرنبل", {}),
    ("Kafranbel", {}),
    ("كفر نبل", {}),
    ("Kafr Nabl", {"admin1": "SY07"}),
    ("\u200fكَفْرنبل\u200f", {}),
])
def test_kafr_nabl_spellings(kafr_nabl, text, hints):
    m = gazetteer.resolve(text, **hints)
    assert m.status == "resolved" and m.place_id == kafr_nabl.place_id
    assert abs(m.lat - 35.614) < 0.01 and abs(m.lon - 36.564) < 0.01
    assert m.adm1_pcode == "SY07" and m.adm2_pcode == "SY0702"


def test_khan_shaykhun_forms_land_on_one_record():
    ids = {gazetteer.resolve(t).place_id for t in ("Khan Sheikhoun", "Khan Shaykhun village", "خان شيخون",
                                                   "Khan Sheikhun", "Khan Shaykhun, Idlib countryside")}
    assert len(ids) == 1
    m = gazetteer.resolve("Khan Shaykhun village")
    assert m.name == "Khan Shaykhun" and m.kind in ("town", "city") and m.precision == 1 and m.where_prec == 1


def test_haram_is_unsure_and_offers_harem():
    m = gazetteer.resolve("Haram", admin1="Idlib")
    assert m.status == "ambiguous" and m.confidence < 0.5
    offered = {m.name, m.matched_name} | {a.name for a in m.alternatives}
    assert offered & {"Harim", "Harem"}


def test_match_carries_everything():
    m = gazetteer.resolve("Saraqeb", admin1="Idlib")
    assert m.status == "resolved" and m.method in ("exact", "variant")
    assert 0.5 < m.confidence <= 1 and m.matched_name and m.normalized == "saraqeb"
    assert m.name_ar == "سراقب" and m.adm3_pcode.startswith(m.adm2_pcode) and m.adm2_pcode.startswith(m.adm1_pcode)
    d = m.to_dict()
    assert json.dumps(d, ensure_ascii=False) and d["lat"] == m.lat


def test_admin_hints_in_any_form_decide_between_homonyms():
    # Two villages called Ibbin: one in Afrin, one west of Aleppo (UCDP's "Atarib district").
    afrin = gazetteer.resolve("Ibbin", admin2="Afrin")
    west = gazetteer.resolve("Ibbin village", admin1="Aleppo Governorate", admin2="Atarib district")
    assert afrin.adm2_pcode == "SY0203"
    assert west.place_id != afrin.place_id and west.lon < 36.85
    assert gazetteer.resolve("Ibbin").status == "ambiguous"


@pytest.mark.parametrize("query, hint, adm1", [
    # Damascus is an enclave of Rural Damascus; each is named for the other's places.
    ("Jobar", "Rif Dimashq", "SY01"),  # not the Jobar of Homs
    ("Qaboun", "Rural Damascus", "SY01"),
    ("Harasta", "Damascus", "SY03"),
])
def test_damascus_and_rural_damascus_hints_admit_each_other(query, hint, adm1):
    m = gazetteer.resolve(query, admin1=hint)
    assert m.adm1_pcode == adm1 and m.status == "resolved" and m.confidence >= 0.9


def test_size_and_the_catalogue_choose_only_among_the_best_spellings():
    # "Erbin" is how Arbin (Rural Damascus) is written; the catalogue's al-Arbain of Hama is one variant away.
    assert gazetteer.resolve("Erbin").adm1_pcode == "SY03"
    # "al-Barrah" is the village Barah (Idlib), not Aleppo by its ancient name Berea.
    assert gazetteer.resolve("al-Barrah").kind == "village"
    # Spelled as well as any other place, the catalogue's neighbourhood still wins.
    assert gazetteer.resolve("حي الصاخور").kind == "neighbourhood"


def test_hint_that_contradicts_lowers_confidence():
    right = gazetteer.resolve("Saraqeb", admin1="إدلب")
    wrong = gazetteer.resolve("Saraqeb", admin1="Daraa")
    assert wrong.place_id == right.place_id and wrong.confidence < right.confidence


def test_statuses():
    assert gazetteer.resolve("").status == "empty"
    assert gazetteer.resolve(None).status == "empty"
    assert gazetteer.resolve(float("nan")).status == "empty"
    assert gazetteer.resolve("unknown").status == "empty"
    assert gazetteer.resolve("غير معروف").status == "empty"
    mosul = gazetteer.resolve("Mosul")
    assert mosul.status == "outside_syria" and "Iraq" in mosul.reason and math.isnan(mosul.lat)
    nothing = gazetteer.resolve("Qwxzzy Plorb")
    assert nothing.status == "no_match" and math.isnan(nothing.lat) and nothing.reason
    hostile = gazetteer.resolve("<img src=x onerror=alert(1)>")
    assert hostile.status == "no_match" and hostile.query == "<img src=x onerror=alert(1)>"


def test_admin_units_and_capitals():
    city = gazetteer.resolve("Hama", admin1="Hama")
    assert city.kind == "city" and city.precision == 1
    gov = gazetteer.resolve("Hama", kinds=("governorate",))
    assert gov.kind == "governorate" and gov.method == "admin_unit" and gov.precision == 3 and gov.where_prec == 4
    assert gov.geometry is not None and gov.geometry.contains(__import__("shapely").Point(city.lon, city.lat))
    district = gazetteer.resolve("Al Ma'ra district")
    assert district.kind == "district" and district.adm2_pcode == "SY0702" and district.precision == 3
    sub = gazetteer.resolve("Kafr Nobol sub-district")
    assert sub.kind == "subdistrict" and sub.adm3_pcode == "SY070203" and sub.precision == 2


def test_exonyms_and_cities():
    aleppo = gazetteer.resolve("Aleppo")
    assert gazetteer.resolve("Halab").place_id == aleppo.place_id == gazetteer.resolve("حلب").place_id
    assert aleppo.kind == "city" and aleppo.adm1_pcode == "SY02"
    lat = gazetteer.resolve("Latakia")
    assert gazetteer.resolve("Al-Ladhiqiyah").place_id == lat.place_id == gazetteer.resolve("اللاذقية").place_id


def test_axis_and_relations_are_coarser():
    axis = gazetteer.resolve("محور تل ملح")
    assert axis.method == "axis" and axis.adm1_pcode == "SY05" and axis.precision == 2
    near = gazetteer.resolve("near Morek")
    assert near.name == gazetteer.resolve("Morek").name and near.precision == 2 and near.where_prec == 2


def test_qualifier_becomes_a_hint():
    m = gazetteer.resolve("Kafr Nabudah, Hama countryside")
    assert m.status == "resolved" and m.adm1_pcode == "SY05"


def test_near_prefers_the_closer_homonym():
    far = gazetteer.resolve("Ibbin", near=(36.47, 36.99))
    close = gazetteer.resolve("Ibbin", near=(36.09, 36.76))
    assert far.place_id != close.place_id and close.lon < 36.85


def test_cross_script_finds_latin_only_place(gz):
    # A place whose names are all Latin is still found from Arabic script through the skeleton.
    latin_only = gz.names.groupby("place")["script"].agg(set)
    assert (latin_only == {"latn"}).any()
    m = gazetteer.resolve("تفتناز")
    assert m.name == "Taftanaz" and m.status == "resolved"


def test_parse_query_forms():
    assert parse_query("the town of Saraqeb").name == "Saraqeb"
    assert parse_query("Saraqeb (Idlib)").qualifiers == ("Idlib",)
    assert parse_query("قرية الربيعة").kind == "village"
    assert parse_query("north of Hama").relation == "near"
    assert parse_query("Kabani axis").axis
    assert parse_query("Aleppo - Jebel Saman").qualifiers == ("Jebel Saman",)


def test_aliases(tmp_path, gz):
    path = tmp_path / "aliases.csv"
    path.write_text("name,place_id,lat,lon,admin1\nAl-Nayrab camp,,36.19,37.22,\nKFN,ocha:C4068,,,\n", encoding="utf-8")
    aliases = gazetteer.load_aliases(path)
    m = gazetteer.resolve("al-nayrab camp", aliases=aliases)
    assert m.method == "alias" and m.lat == 36.19
    # A coordinate alias gets the admin codes the build would give a place at its point.
    from gazetteer.build import assign_admin

    built = assign_admin([36.19], [37.22], gz.admin_areas)
    assert m.adm1_pcode == "SY02" and m.adm3_pcode == built.at[0, "adm3_pcode"] != ""
    assert gazetteer.resolve("KFN", aliases=aliases).place_id == "ocha:C4068"
    bad = tmp_path / "bad.csv"
    bad.write_text("name,lat,lon\nX,abc,1\n", encoding="utf-8")
    with pytest.raises(gazetteer.InputError, match="numeric lat and lon"):
        gazetteer.load_aliases(bad)


def test_resolve_many_resolves_each_distinct_key_once(monkeypatch):
    calls = []
    real = gazetteer.batch.resolve_batch

    def counting(queries, **kw):
        calls.extend((text, admin1) for text, admin1, _, _ in queries)
        return real(queries, **kw)

    monkeypatch.setattr(gazetteer.batch, "resolve_batch", counting)
    texts = ["Kafranbel", "Saraqeb", "Kafranbel", "Saraqeb", "Kafranbel"]
    frame = gazetteer.resolve_many(texts, admin1=["Idlib", "Idlib", "Idlib", None, "Idlib"])
    assert len(frame) == 5 and list(frame["query"]) == texts
    assert len(calls) == 3
    assert frame["status"].eq("resolved").all()
    assert json.loads(frame.at[0, "alternatives"]) is not None


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ابتثجحخدذرزسشصضطظعغفقكلمنهويةىأإآءؤئ ـًٌٍَُِّْ\u200f")), max_size=25))
def test_any_arabic_string_returns_a_match(text):
    assert isinstance(gazetteer.resolve(text), gazetteer.Match)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=40))
def test_any_string_returns_a_match(text):
    m = gazetteer.resolve(text)
    assert m.status in ("resolved", "ambiguous", "no_match", "empty", "outside_syria")
    assert 0.0 <= m.confidence <= 1.0


runner = CliRunner()


def test_cli_resolve_one_and_many(tmp_path):
    result = runner.invoke(app, ["resolve", "Kfar Nobol", "--admin1", "Idleb"])
    assert result.exit_code == 0 and "Kafr Nabl" in result.stdout and "SY0702" in result.stdout
    region = runner.invoke(app, ["resolve", "ريف حلب الغربي"]).stdout.splitlines()
    assert region[2].strip() == "SY02 Aleppo"  # only the levels a countryside has, no empty " /  / "
    result = runner.invoke(app, ["resolve", "-f", "-", "--json"], input="كفرنبل\nMosul\n\n")
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["status"] for r in lines] == ["resolved", "outside_syria", "empty"]
    result = runner.invoke(app, ["resolve"])
    assert result.exit_code == 2 and "Traceback" not in result.output
    result = runner.invoke(app, ["resolve", "-f", str(tmp_path / "missing.txt")])
    assert result.exit_code == 2 and "cannot read" in result.stderr


def test_x_in_region_ranks_places_inside_it_first():
    # Several villages are called Mansoura; "in west Aleppo countryside" picks the one inside it.
    assert gazetteer.resolve("Mansoura").status == "ambiguous"
    for text in ("Mansoura in west Aleppo countryside", "المنصورة في ريف حلب الغربي"):
        m = gazetteer.resolve(text)
        region = gazetteer.resolve("west Aleppo countryside").geometry
        assert m.status == "resolved" and m.adm1_pcode == "SY02"
        assert region.contains(__import__("shapely").Point(m.lon, m.lat))


def test_global_alias_option_reaches_every_command(tmp_path, monkeypatch):
    from gazetteer.aliases import ALIASES_ENV

    monkeypatch.delenv(ALIASES_ENV, raising=False)
    aliases = tmp_path / "ours.csv"
    aliases.write_text("name,lat,lon\nOur Field Hospital,35.9,36.6\n", encoding="utf-8")
    table = tmp_path / "t.csv"
    table.write_text("location,governorate\nOur Field Hospital,Idlib\nKafranbel,Idlib\n", encoding="utf-8")
    try:
        result = runner.invoke(app, ["--aliases", str(aliases), "geocode", str(table), "-o", str(tmp_path / "o.csv"),
                                     "-q"])
        assert result.exit_code == 0, result.output
        out = (tmp_path / "o.csv").read_text(encoding="utf-8")
        assert "alias" in out and "35.9" in out
    finally:
        monkeypatch.delenv(ALIASES_ENV, raising=False)
    bad = runner.invoke(app, ["--aliases", str(tmp_path / "missing.csv"), "resolve", "x"])
    assert bad.exit_code == 2 and "cannot read alias file" in bad.stderr


def test_place_far_outside_the_hinted_unit_is_ambiguous_when_another_exists(gz):
    """Far'iyah with the Menbij district hint: the only Far'iyah-like places lie ~100 km away."""
    m = gazetteer.resolve("Far'iyah", admin2="Menbij")
    assert m.status == "ambiguous" and m.confidence <= 0.25 and "outside the hinted district" in m.reason
    assert m.alternatives  # the other candidates are offered


def test_unique_name_with_a_wrong_hint_stays_resolved_but_unsure(gz):
    right = gazetteer.resolve("Kafr Takharim", admin1="Idlib")
    wrong = gazetteer.resolve("Kafr Takharim", admin1="Daraa")  # nothing else can be meant
    assert wrong.place_id == right.place_id and wrong.status == "resolved"
    assert wrong.confidence < 0.5 <= right.confidence


@pytest.mark.parametrize("text", ["B", "b", "ب", "و", "B village", "قرية ب"])
def test_one_letter_is_no_match_with_a_reason(gz, text):
    # Once "B" was Al Bab and "ب" Aleppo (ambiguous, ~0.35): one letter fits a dozen names by skeleton.
    m = gazetteer.resolve(text, gazetteer=gz)
    assert m.status == "no_match" and "too short" in m.reason and not m.ok


def test_two_character_names_still_resolve(gz):
    assert gazetteer.resolve("M4", gazetteer=gz).kind != ""  # the M4 highway: a letter and a digit


# A batch keys, finds and scores all its names together; each must still get the answer it gets alone.
MIXED = ["Kafr Nabl", "كفرنبل", "Kfar Nobol", "وكفرنبل", "Haram", "Khan Shaykhun village", "near Morek",
         "Kafr Nabudah, Hama countryside", "محور تل ملح", "", "unknown", "Xqzzyv", "Aleppo", "Saraqeb (Idlib)",
         "Jabal Samaan (mountain)", "B", "Kafranbel", "the town of Atarib", "Istanbul", "قرية حيش", "Houla plain",
         "Idlib countryside", "Harem", "KAFR NABL", "Maarat al Numan", "السفيرة"]
HINTS = ["Idlib", None, "Idleb", None, "Idlib", None, "Hama", None, None, None, None, None, "Aleppo", None, None,
         None, "SY07", "Aleppo", None, None, "Homs", None, "Idlib", None, "Idlib", "حلب"]


def _answers(matches):
    return [json.dumps(m.to_dict(), ensure_ascii=False, sort_keys=True) for m in matches]


def test_a_batch_answers_each_name_as_it_is_answered_alone(gz):
    batch = gazetteer.match_many(MIXED, admin1=HINTS, gazetteer=gz)
    alone = [gazetteer.resolve(t, admin1=h, gazetteer=gz) for t, h in zip(MIXED, HINTS, strict=True)]
    assert _answers(batch) == _answers(alone)
    assert {m.status for m in batch} >= {"resolved", "ambiguous", "no_match", "empty"}


@settings(max_examples=40, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(MIXED), st.text(alphabet=list("abdefhiklmnorstuyz ,'-()"), max_size=20),
                          st.text(alphabet=list("ابتحخدرسشعفقكلمنهوية "), max_size=15)), min_size=1, max_size=12),
       st.sampled_from([None, "Idlib", "Aleppo"]))
def test_any_batch_answers_each_name_as_it_is_answered_alone(texts, admin1):
    batch = gazetteer.match_many(texts, admin1=admin1)
    assert _answers(batch) == _answers(gazetteer.resolve(t, admin1=admin1) for t in texts)


def test_rival_summary_per_query():
    import numpy as np

    from gazetteer.resolve import TIE_MARGIN, _rival_summary

    # Query 0: winner, a rival within the tie margin, a non-rival, a far rival; query 1: no candidates;
    # query 2: winner and one non-rival.
    rival = np.array([False, True, False, True, False, False])
    total = np.array([100.0, 100.0 - TIE_MARGIN / 2, 99.0, 100.0 - TIE_MARGIN, 90.0, 80.0])
    score = np.array([100.0, 80.0, 99.0, 90.0, 100.0, 70.0])
    first, close, spelled = _rival_summary(rival, total, score, np.array([0, 4, 4]), np.array([4, 0, 2]))
    assert first.tolist() == [1, -1, -1]
    assert close.tolist() == [1, 0, 0]  # exactly TIE_MARGIN behind is no tie
    assert spelled.tolist() == [True, False, False]


@pytest.mark.parametrize("text, name, kind", [
    ("Damascus - Jobar", "Jowbar", "neighbourhood"),        # a quarter of the city, not the Homs village
    ("دمشق - جوبر", "Jowbar", "neighbourhood"),
    ("Homs – Bab Amr", "Baba Amr", "neighbourhood"),
    ("Idlib - Saraqib", "Saraqib", "town"),                   # a town of the governorate its capital names
    ("Latakia - Jableh", "Jablah", "city"),                   # the capital stands for its governorate
    ("Aleppo - Ramousa", "al-Ramouseh", "city_district"),
])
def test_a_city_then_a_place_inside_it_is_that_place(gz, text, name, kind):
    m = gz.resolve(text)
    assert (m.name, m.kind, m.status, m.query) == (name, kind, "resolved", text)
    city = gz.resolve(text.split(" ")[0])
    assert m.adm1_pcode == city.adm1_pcode and m.place_id != city.place_id
    assert city.name in m.reason


@pytest.mark.parametrize("text", ["Saraqib - Idlib", "Kafr Zita - Hama", "Kafr Nabl - Idlib countryside",
                                  "Kafr Nabl - Syria", "سراقب - سوريا"])
def test_a_place_then_its_area_keeps_the_place(gz, text):
    m, bare = gz.resolve(text), gz.resolve(text.split(" - ")[0])
    assert (m.place_id, m.method, m.precision) == (bare.place_id, bare.method, 1)


def test_a_city_then_an_unknown_place_is_the_city_placed_relative(gz):
    m = gz.resolve("Aleppo - Qwzxyqq")
    city = gz.resolve("Aleppo")
    assert (m.place_id, m.status, m.method, m.precision) == (city.place_id, "resolved", "relative", 2)
    assert m.confidence <= 0.6 and "'Qwzxyqq'" in m.reason


@pytest.mark.parametrize("text", ["Syria", "سوريا", "الجمهورية العربية السورية", "SYRIAN ARAB REPUBLIC"])
def test_the_country_itself_is_a_country_level_answer_not_a_village(gz, text):
    import shapely

    m = gz.resolve(text)
    assert (m.status, m.kind, m.method, m.precision, m.where_prec) == ("resolved", "country", "admin_unit", 3, 6)
    assert m.confidence <= 0.5 and m.reason
    assert shapely.contains_xy(gz.outline, m.lon, m.lat)
    assert gz.resolve("Suraya").kind == "village"  # the village spelled near it is still itself


@pytest.mark.parametrize("text", ["Road between Saraqib and Ariha", "طريق سراقب - أريحا",
                                  "Saraqib-Ariha highway in Idlib Governorate"])
def test_a_road_by_its_two_ends_is_placed_midway(gz, text):
    m, a, b = gz.resolve(text), gz.resolve("Saraqib"), gz.resolve("Ariha")
    assert (m.status, m.kind, m.method, m.precision) == ("resolved", "road", "relative", 2)
    assert (m.lat, m.lon) == pytest.approx(((a.lat + b.lat) / 2, (a.lon + b.lon) / 2), abs=1e-5)
    assert m.confidence <= 0.45 and "Saraqib" in m.reason and m.adm1_pcode == a.adm1_pcode


def test_a_road_with_one_unknown_end_is_placed_at_the_other(gz):
    m, a = gz.resolve("Road between Saraqib and Qwzxyqq"), gz.resolve("Saraqib")
    assert (m.place_id, m.method, m.precision, m.status) == (a.place_id, "relative", 2, "resolved")
    assert m.confidence <= 0.3 and "'Qwzxyqq'" in m.reason


def test_a_road_between_far_apart_ends_is_unsure(gz):
    m = gz.resolve("Road between Aleppo and Daraa")  # ~390 km: somewhere along it, no point to trust
    assert (m.status, m.kind, m.precision) == ("ambiguous", "road", 3) and m.confidence <= 0.25


def test_a_batch_takes_one_context_point_per_name(gz):
    """`near` per text: each answer is the one `resolve` gives with that text's point (or none)."""
    texts = ["Ibbin", "Ibbin", "Ibbin", "Kafr Nabl", "Jobar"]
    points = [(36.47, 36.99), (36.09, 36.76), None, (35.61, 36.56), (33.53, 36.34)]
    batch = gazetteer.match_many(texts, near=points, gazetteer=gz)
    alone = [gazetteer.resolve(t, near=p, gazetteer=gz) for t, p in zip(texts, points, strict=True)]
    assert _answers(batch) == _answers(alone)
    assert batch[0].place_id != batch[1].place_id  # the same name, two points, two homonyms
    assert _answers(gazetteer.match_many(texts[:2], near=(36.09, 36.76), gazetteer=gz)) == _answers([batch[1]] * 2)
    with pytest.raises(ValueError, match="2 points for 5 texts"):
        gazetteer.match_many(texts, near=points[:2], gazetteer=gz)


def test_context_points_may_come_from_any_iterable():
    from gazetteer.hints import near_points

    points = [(36.47, 36.99), None]
    assert near_points(iter(points), 2) == near_points(points, 2) == [(36.47, 36.99), None]
    assert near_points((35, 36), 3) == [(35.0, 36.0)] * 3
    assert near_points(None, 2) == [None, None]
