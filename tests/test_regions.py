"""Region catalogue, region shapes, region_of and resolving regions by name.

Inside/outside villages are written from knowledge of the area; their coordinates were checked against
the gazetteer sources (Who's On First / OCHA communities).
"""

from __future__ import annotations

import textwrap

import geo_fixtures
import pytest
import shapely
from shapely.geometry import Point

import gazetteer
from gazetteer.exc import InputError, SourceError
from gazetteer.precision import precision_for
from gazetteer.regions import build_regions, countryside_variants, load_catalogue
from geo.regions import RegionIndex, region_geometry, region_of

# (lat, lon) of places used below.
P = {
    "Rabia": (35.7858, 36.0366), "Beit Awan": (35.7643, 35.9788), "Kabir": (35.8305, 36.0094),
    "Kasab": (35.9183, 35.9854), "Qastal Maaf": (35.8258, 35.9532),
    "Salma": (35.6890, 36.1370), "Kinsabba": (35.7439, 36.1636), "Kabani": (35.7187, 36.2331),
    "Durin": (35.6712, 36.1366), "Haffah": (35.5982, 36.0301), "Qardaha": (35.4564, 36.0591),
    "Latakia": (35.5392, 35.7896), "Jableh": (35.3645, 35.9305),
    "Qalaat al-Madiq": (35.4146, 36.3909), "Qarqur": (35.7432, 36.3211), "Ziyarah": (35.6848, 36.3387),
    "Huwayz": (35.4997, 36.3577), "Masyaf": (35.0653, 36.3406), "Kafr Nabudah": (35.4318, 36.4935),
    "Jisr al-Shughur": (35.8142, 36.3150), "Hama": (35.1337, 36.7613), "Suqaylabiyah": (35.3667, 36.3936),
    "Kansafra": (35.6594, 36.4855), "Ihsim": (35.7208, 36.5563), "al-Bara": (35.6852, 36.5419),
    "Marayan": (35.7433, 36.5614), "Ariha": (35.8137, 36.6096), "Maarat al-Numan": (35.6483, 36.6769),
    "Kafr Nabl": (35.6138, 36.5645), "Idlib": (35.9306, 36.6339), "Khan Shaykhun": (35.4421, 36.6510),
    "Shahranaz": (35.5163, 36.4026), "Shorlin": (35.5559, 36.4131), "Halluba": (35.6153, 36.4174),
    "Qalaat Siman": (36.3338, 36.8443), "Basufan": (36.3411, 36.8736), "Burj Haidar": (36.3430, 36.9029),
    "Aleppo citadel": (36.1993, 37.1628), "Atarib": (36.1391, 36.8250), "Afrin": (36.5111, 36.8655),
    "Azaz": (36.5849, 37.0432), "Darat Izza": (36.2850, 36.8511), "Taqad": (36.1987, 36.8698),
    "al-Bab": (36.3697, 37.5149), "Deir Hafer": (36.1560, 37.7093), "Tal Rifaat": (36.4736, 37.0967),
    "Khan Tuman": (36.1184, 37.0509), "Zirbah": (36.0701, 36.9789),
    "Sarmada": (36.1855, 36.7223), "Harim": (36.2118, 36.5208), "Darkush": (35.9918, 36.3936),
    "Saraqib": (35.8645, 36.8059), "Taftanaz": (35.9983, 36.7858), "Abu al-Duhur": (35.7406, 37.0448),
    "Latamina": (35.3215, 36.6229), "Morek": (35.3762, 36.6897), "Salamiyah": (35.0113, 37.0532),
    "Kafr Buhum": (35.0597, 36.6991),
    # Aleppo city districts (general knowledge of the city)
    "Dahiyat al-Assad": (36.1754, 37.0820), "Rashidin 4": (36.1790, 37.0600),
    "Scientific Research Centre": (36.1900, 37.0720), "New Aleppo": (36.1998, 37.0965),
    "Salah al-Din": (36.1828, 37.1222), "Sheikh Maqsoud": (36.2369, 37.1503), "Ramouseh": (36.1600, 37.1480),
}

# region id -> (places inside, places outside)
CONTAINMENT = {
    "jabal-al-turkman": (["Rabia", "Beit Awan", "Kabir", "Qastal Maaf"],
                         ["Salma", "Kinsabba", "Kasab", "Latakia", "Haffah"]),
    "jabal-al-akrad": (["Salma", "Kinsabba", "Kabani", "Durin"],
                       ["Rabia", "Latakia", "Jisr al-Shughur", "Haffah"]),
    "al-ghab-plain": (["Qalaat al-Madiq", "Qarqur", "Ziyarah", "Huwayz"],
                      ["Masyaf", "Kafr Nabudah", "Jisr al-Shughur", "Hama", "Latakia", "Khan Shaykhun"]),
    "jabal-al-zawiya": (["Kansafra", "Ihsim", "al-Bara", "Marayan"],
                        ["Ariha", "Maarat al-Numan", "Kafr Nabl", "Idlib", "Jisr al-Shughur"]),
    "jabal-shahshabu": (["Shahranaz", "Shorlin", "Halluba"], ["Kafr Nabl", "Kafr Nabudah", "Khan Shaykhun",
                                                              "Kansafra"]),
    "jabal-samaan": (["Qalaat Siman", "Basufan", "Burj Haidar"],
                     ["Aleppo citadel", "Atarib", "Afrin", "Azaz"]),
    "dahiyat-al-assad": (["Dahiyat al-Assad"], ["Aleppo citadel", "Sheikh Maqsoud", "Khan Tuman"]),
    "al-rashidin": (["Rashidin 4"], ["Aleppo citadel", "Khan Tuman", "Sheikh Maqsoud"]),
    "al-buhuth-al-ilmiya": (["Scientific Research Centre"], ["Aleppo citadel", "Salah al-Din"]),
    "aleppo-new-city": (["New Aleppo"], ["Aleppo citadel", "Sheikh Maqsoud", "Ramouseh"]),
    "salah-al-din-aleppo": (["Salah al-Din"], ["Aleppo citadel", "New Aleppo"]),
    "sheikh-maqsoud": (["Sheikh Maqsoud"], ["Aleppo citadel", "Salah al-Din"]),
    "ramouseh": (["Ramouseh"], ["Aleppo citadel", "Sheikh Maqsoud"]),
    "m4-highway": (["Saraqib", "Jisr al-Shughur", "Ariha"], ["Idlib", "Kafr Nabl", "Hama"]),
    "m5-highway": (["Saraqib", "Maarat al-Numan", "Khan Shaykhun", "Morek"], ["Idlib", "Ariha", "Latakia"]),
    "west-aleppo-countryside": (["Atarib", "Darat Izza", "Taqad"], ["al-Bab", "Deir Hafer", "Aleppo citadel",
                                                                    "Idlib", "Sarmada"]),
    "north-aleppo-countryside": (["Azaz", "Tal Rifaat"], ["Atarib", "Khan Tuman", "Deir Hafer"]),
    "east-aleppo-countryside": (["al-Bab", "Deir Hafer"], ["Atarib", "Azaz", "Khan Tuman"]),
    "south-aleppo-countryside": (["Khan Tuman", "Zirbah"], ["Azaz", "Afrin", "Saraqib", "Aleppo citadel"]),
    "north-idlib-countryside": (["Harim", "Sarmada"], ["Khan Shaykhun", "Maarat al-Numan", "Atarib"]),
    "south-idlib-countryside": (["Maarat al-Numan", "Khan Shaykhun", "Kafr Nabl", "Kansafra"],
                                ["Sarmada", "Harim", "Idlib", "Hama"]),
    "east-idlib-countryside": (["Saraqib", "Taftanaz", "Abu al-Duhur"],
                               ["Jisr al-Shughur", "Harim", "Darkush"]),
    "west-idlib-countryside": (["Jisr al-Shughur", "Darkush"],
                               ["Saraqib", "Maarat al-Numan", "Abu al-Duhur"]),
    "north-hama-countryside": (["Latamina", "Morek", "Kafr Nabudah"], ["Salamiyah", "Masyaf", "Hama",
                                                                       "Khan Shaykhun"]),
    "west-hama-countryside": (["Masyaf", "Suqaylabiyah", "Qalaat al-Madiq"], ["Salamiyah", "Morek", "Hama"]),
    "east-hama-countryside": (["Salamiyah"], ["Masyaf", "Latamina", "Hama"]),
    "south-hama-countryside": (["Kafr Buhum"], ["Morek", "Masyaf", "Latamina"]),
    "north-latakia-countryside": (["Kasab", "Rabia", "Qastal Maaf"], ["Jableh", "Qardaha", "Latakia"]),
    "east-latakia-countryside": (["Haffah", "Salma", "Qardaha"], ["Kasab", "Jableh", "Latakia"]),
    "south-latakia-countryside": (["Jableh"], ["Kasab", "Rabia", "Latakia"]),
}

# One Arabic and one English form per region, as reports write them.
QUERIES = {
    "jabal-al-turkman": ["جبل التركمان", "Jabal al-Turkman", "Turkmen Mountain"],
    "jabal-al-akrad": ["جبل الأكراد", "Kurd Mountains", "Jabal al-Akrad"],
    "al-ghab-plain": ["سهل الغاب", "the Ghab plain", "al-Ghab plain"],
    "jabal-al-zawiya": ["جبل الزاوية", "Jabal al-Zawiya"],
    "jabal-shahshabu": ["جبل شحشبو", "Jabal Shahshabu"],
    "jabal-samaan": ["جبل سمعان (الجبل)", "Mount Simeon"],
    "dahiyat-al-assad": ["ضاحية الأسد", "Dahiyat al-Assad"],
    "al-rashidin": ["الراشدين", "al-Rashidin"],
    "al-buhuth-al-ilmiya": ["البحوث العلمية", "Scientific Research area"],
    "aleppo-new-city": ["حلب الجديدة", "Aleppo New City"],
    "m4-highway": ["الطريق الدولي M4", "M4 highway"],
    "m5-highway": ["الطريق الدولي M5", "M5 highway"],
    "west-aleppo-countryside": ["ريف حلب الغربي", "west Aleppo countryside", "western Aleppo countryside"],
    "north-hama-countryside": ["ريف حماة الشمالي", "ريف حماه الشمالي", "northern Hama countryside",
                               "rural north Hama", "Hama's northern countryside"],
    "south-idlib-countryside": ["ريف إدلب الجنوبي", "southern Idlib countryside", "south Idlib"],
    "north-latakia-countryside": ["ريف اللاذقية الشمالي", "northern Latakia countryside"],
}
for _gov, _ar in (("aleppo", "حلب"), ("idlib", "إدلب"), ("hama", "حماة"), ("latakia", "اللاذقية")):
    for _dir, _adj_ar in (("north", "الشمالي"), ("east", "الشرقي"), ("south", "الجنوبي"), ("west", "الغربي")):
        QUERIES.setdefault(f"{_dir}-{_gov}-countryside", [])
        _key = f"{_dir}-{_gov}-countryside"
        QUERIES[_key] += [f"ريف {_ar} {_adj_ar}", f"{_dir}ern {_gov.title()} countryside"]
QUERIES = {rid: list(dict.fromkeys(texts)) for rid, texts in QUERIES.items()}

# Beyond the four core governorates: coordinates from general knowledge, checked against the gazetteer.
P.update({
    "Mayadin": (35.0198, 40.4515), "Albu Kamal": (34.4523, 40.9185), "Hajin": (34.6951, 40.8314),
    "Tabni": (35.6117, 39.8181), "Palmyra": (34.5624, 38.2840), "Qusayr": (34.5078, 36.5803),
    "Tall Kalakh": (34.6684, 36.2600), "Rastan": (34.9267, 36.7324), "Talbiseh": (34.8407, 36.7309),
    "Tafas": (32.7371, 36.0665), "Muzayrib": (32.7108, 36.0275), "Busra al-Sham": (32.5174, 36.4816),
    "Sanamayn": (33.0713, 36.1845), "Douma": (33.5718, 36.4027), "Kafr Batna": (33.5117, 36.3727),
    "Darayya": (33.4584, 36.2326), "Muadamiyat al-Sham": (33.4647, 36.2018), "Khan al-Shih": (33.3690, 36.1090),
    "Qatana": (33.4380, 36.0790), "Adra": (33.6040, 36.5150), "Damascus Umayyad Mosque": (33.5115, 36.3066),
    "Ain al-Fijah": (33.6153, 36.1829), "Suq Wadi Barada": (33.6250, 36.1080), "Zabadani": (33.7249, 36.1005),
    "Qudsaya": (33.5330, 36.2370), "Yabrud": (33.9692, 36.6573), "Rankous": (33.7562, 36.3883),
    "Jayroud": (33.8071, 36.7386), "Ruhaybah": (33.7442, 36.7039), "Sednaya": (33.6960, 36.3700),
    "Kafr Laha": (34.8947, 36.4958), "Taldou": (34.8763, 36.5240), "Jamlah": (32.8059, 35.8514),
    "Shajarah": (32.7741, 35.8820), "Nawa": (32.8865, 36.0391), "Jaddal": (32.9720, 36.3620),
    "Dama": (32.9540, 36.4290), "Izra": (32.8570, 36.2500), "Shahba": (32.8524, 36.6285),
    "Qanawat": (32.7540, 36.6140), "Salkhad": (32.4920, 36.7111), "Daraa": (32.6250, 36.1060),
    "Tal Abyad": (36.6965, 38.9538), "Tabqa": (35.8376, 38.5483), "Qamishli": (37.0522, 41.2314),
    "Shaddadi": (36.0576, 40.7348), "Tall Tamr": (36.6556, 40.3708), "Banias": (35.1819, 35.9487),
    "Safita": (34.8210, 36.1177),
})
CONTAINMENT.update({
    "east-deir-ez-zor-countryside": (["Mayadin", "Albu Kamal", "Hajin"], ["Tabni", "Palmyra"]),
    "west-deir-ez-zor-countryside": (["Tabni"], ["Mayadin", "Albu Kamal"]),
    "east-homs-countryside": (["Palmyra"], ["Qusayr", "Tall Kalakh", "Rastan"]),
    "north-homs-countryside": (["Rastan", "Talbiseh"], ["Palmyra", "Qusayr"]),
    "west-homs-countryside": (["Tall Kalakh"], ["Palmyra", "Rastan"]),
    "west-daraa-countryside": (["Tafas", "Muzayrib"], ["Busra al-Sham", "Sanamayn"]),
    "east-daraa-countryside": (["Busra al-Sham"], ["Tafas", "Muzayrib"]),
    "west-damascus-countryside": (["Zabadani", "Qatana"], ["Douma", "Damascus Umayyad Mosque"]),
    "east-damascus-countryside": (["Douma"], ["Zabadani", "Damascus Umayyad Mosque"]),
    "north-raqqa-countryside": (["Tal Abyad"], ["Tabqa"]),
    "west-raqqa-countryside": (["Tabqa"], ["Tal Abyad"]),
    "north-hasakah-countryside": (["Qamishli"], ["Shaddadi"]),
    "northwest-hasakah-countryside": (["Tall Tamr"], ["Shaddadi", "Qamishli"]),
    "south-hasakah-countryside": (["Shaddadi"], ["Qamishli", "Tall Tamr"]),
    "north-tartous-countryside": (["Banias"], ["Safita"]),
    "east-tartous-countryside": (["Safita"], ["Banias"]),
    "eastern-ghouta": (["Douma", "Kafr Batna"], ["Adra", "Damascus Umayyad Mosque", "Darayya"]),
    "western-ghouta": (["Darayya", "Muadamiyat al-Sham", "Khan al-Shih"],
                       ["Qatana", "Damascus Umayyad Mosque", "Douma"]),
    "ghouta": (["Douma", "Kafr Batna", "Darayya", "Khan al-Shih"], ["Qatana", "Adra", "Zabadani"]),
    "wadi-barada": (["Ain al-Fijah", "Suq Wadi Barada"], ["Zabadani", "Qudsaya", "Damascus Umayyad Mosque"]),
    "qalamoun": (["Yabrud", "Rankous", "Jayroud"], ["Sednaya", "Douma", "Zabadani"]),
    "western-qalamoun": (["Yabrud", "Rankous"], ["Jayroud", "Ruhaybah", "Zabadani"]),
    "eastern-qalamoun": (["Jayroud", "Ruhaybah"], ["Yabrud", "Rankous", "Douma"]),
    "al-houla": (["Kafr Laha", "Taldou"], ["Rastan", "Talbiseh"]),
    "northern-homs-pocket": (["Rastan", "Talbiseh", "Kafr Laha"], ["Palmyra", "Qusayr", "Tall Kalakh"]),
    "yarmouk-basin": (["Jamlah", "Shajarah"], ["Nawa", "Tafas", "Daraa"]),
    "al-lajat": (["Jaddal", "Dama"], ["Izra", "Shahba", "Sanamayn", "Daraa"]),
    "jabal-al-arab": (["Qanawat", "Salkhad"], ["Dama", "Izra", "Busra al-Sham"]),
})
QUERIES.update({
    "east-deir-ez-zor-countryside": ["ريف دير الزور الشرقي", "eastern Deir ez-Zor countryside",
                                     "الريف الشرقي لدير الزور", "eastern Deir al-Zour countryside"],
    "east-homs-countryside": ["Eastern Homs Governorate", "ريف حمص الشرقي", "eastern Homs countryside"],
    "north-homs-countryside": ["Northern Homs Governorate", "ريف حمص الشمالي"],
    "west-daraa-countryside": ["ريف درعا الغربي", "western Daraa countryside"],
    "west-damascus-countryside": ["ريف دمشق الغربي", "western Damascus countryside"],
    "north-raqqa-countryside": ["ريف الرقة الشمالي", "northern Raqqa countryside"],
    "south-hasakah-countryside": ["ريف الحسكة الجنوبي", "southern Hasakah countryside"],
    # English "northeastern" and "northwestern" share a consonant skeleton: resolve() calls them ambiguous.
    "northeast-aleppo-countryside": ["ريف حلب الشمالي الشرقي", "الريف الشمالي الشرقي لحلب"],
    "eastern-ghouta": ["الغوطة الشرقية", "Eastern Ghouta", "East Ghouta"],
    "western-ghouta": ["الغوطة الغربية", "Western Ghouta"],
    "ghouta": ["الغوطة", "Ghouta", "al-Ghouta"],  # not the village Ghota of Raqqa
    "wadi-barada": ["وادي بردى", "Wadi Barada area"],
    "qalamoun": ["القلمون", "Qalamoun"],
    "eastern-qalamoun": ["القلمون الشرقي", "Eastern Qalamoun"],
    "western-qalamoun": ["القلمون الغربي", "Western Qalamoun"],
    "al-houla": ["سهل الحولة", "Al Houla Plain"],
    "northern-homs-pocket": ["جيب ريف حمص الشمالي", "Rastan pocket"],
    "yarmouk-basin": ["حوض اليرموك", "Yarmouk Basin"],
    "al-lajat": ["اللجاة", "Al Lajah area", "al-Lajat"],
    "jabal-al-arab": ["جبل العرب", "Jabal al-Arab", "Jebel Druze"],
})


@pytest.fixture(scope="module")
def regions():
    return build_regions(geo_fixtures.places(), geo_fixtures.admin_areas(), names=geo_fixtures.names())


@pytest.fixture(scope="module")
def by_id(regions):
    return regions.set_index("region_id")


def _pt(name: str) -> Point:
    lat, lon = P[name]
    return Point(lon, lat)


# ---------------------------------------------------------------- catalogue


def test_catalogue_covers_the_required_regions():
    ids = {r["id"] for r in load_catalogue()["regions"]}
    assert set(CONTAINMENT) <= ids
    for gov in ("aleppo", "idlib", "hama", "latakia", "homs", "daraa", "suwayda", "deir-ez-zor", "raqqa",
                "hasakah", "damascus"):
        for d in ("north", "east", "south", "west", "northeast", "southeast", "northwest"):
            assert f"{d}-{gov}-countryside" in ids
    assert {"tartous-countryside", "north-quneitra-countryside", "south-quneitra-countryside"} <= ids
    # "ريف دمشق" is the governorate itself: no whole-countryside region competes with the admin unit.
    assert "damascus-countryside" not in ids


def test_countryside_variants_cover_scripts_and_spellings():
    forms = countryside_variants(["Hama", "Hamah"], ["حماة", "حماه"], "north")
    for expected in ("ريف حماه الشمالي", "ريف حماة الشمالي", "الريف الشمالي لحماة",
                     "northern Hama countryside", "north Hama", "rural north Hama",
                     "Hama's northern countryside", "north Hamah countryside"):
        assert expected in forms
    assert "ريف اللاذقية الغربي" in countryside_variants(["Latakia"], ["اللاذقية"], "west")
    assert "الريف الغربي للاذقية" in countryside_variants(["Latakia"], ["اللاذقية"], "west")


def test_countryside_variants_for_ucdp_forms_compound_directions_and_bare():
    forms = countryside_variants(["Homs"], ["حمص"], "east")
    assert {"eastern Homs governorate", "eastern countryside of Homs governorate", "ريف حمص الشرقي"} <= set(forms)
    ne = countryside_variants(["Aleppo"], ["حلب"], "northeast")
    assert {"ريف حلب الشمالي الشرقي", "الريف الشمالي الشرقي لحلب", "ريف حلب شمالي شرقي", "شمال شرق حلب",
            "northeastern Aleppo countryside", "north eastern Aleppo countryside", "northeast Aleppo"} <= set(ne)
    # "east Damascus" is the city's own eastern districts, not Rural Damascus.
    dam = countryside_variants(["Damascus"], ["دمشق"], "east", bare=False)
    assert "eastern Damascus countryside" in dam and "ريف دمشق الشرقي" in dam
    assert "east Damascus" not in dam and "شرق دمشق" not in dam


def test_countryside_options_are_validated(tmp_path):
    path = tmp_path / "regions.yaml"
    path.write_text("regions: []\ncountrysides:\n  governorates:\n    - {adm1: SY04, names_en: [Homs], "
                    "names_ar: [حمص], centre: [36.714, 34.732], directions: [up]}\n", encoding="utf-8")
    with pytest.raises(InputError, match="directions must be among"):
        load_catalogue(path)


@pytest.mark.parametrize(
    ("text", "error", "message"),
    [
        ("regions: [\n  - id: x\n   kind: [", SourceError, "not valid YAML"),
        ("regions: {}", InputError, "'regions' list"),
        ("regions:\n  - {id: x, kind: mountain, name: X, name_ar: س, adm1: SY02}", InputError,
         "exactly one definition"),
        ("regions:\n  - {id: x, kind: volcano, name: X, name_ar: س, adm1: SY02, members: [a]}", InputError,
         "kind 'volcano'"),
        ("regions:\n  - {id: x, kind: city_district, name: X, name_ar: س, adm1: SY02, point: [33.5, 36.3]}",
         InputError, "point must be [lon, lat]"),
        ("regions:\n  - {id: X y, kind: plain, name: X, name_ar: س, adm1: SY02, members: [a]}", InputError,
         "slug"),
        ("regions:\n  - {id: x, kind: plain, name: X, adm1: SY02, members: [a]}", InputError, "'name_ar'"),
        ("regions:\n  - {id: x, kind: plain, name: X, name_ar: س, adm1: Aleppo, members: [a]}", InputError,
         "P-code"),
    ],
)
def test_malformed_catalogue_gives_clear_errors(tmp_path, text, error, message):
    path = tmp_path / "regions.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    with pytest.raises(error) as info:
        load_catalogue(path)
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_missing_catalogue_is_a_source_error(tmp_path):
    with pytest.raises(SourceError, match="cannot be read"):
        load_catalogue(tmp_path / "nope.yaml")


def test_swapped_coordinates_are_caught_at_build(tmp_path):
    # [lat, lon] of Aleppo read as [lon, lat] lands in Turkey, not in SY02.
    path = tmp_path / "regions.yaml"
    path.write_text("regions:\n  - {id: x, kind: city_district, name: X, name_ar: س, adm1: SY02, "
                    "point: [36.2, 37.1]}\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"is not in SY02 \(coordinates are \[lon, lat\]\)"):
        build_regions(geo_fixtures.places().head(10), geo_fixtures.admin_areas(), path)


def test_duplicate_ids_are_rejected(tmp_path):
    entry = "  - {id: x, kind: plain, name: X, name_ar: س, adm1: SY02, members: [a]}\n"
    path = tmp_path / "regions.yaml"
    path.write_text("regions:\n" + entry + entry, encoding="utf-8")
    with pytest.raises(InputError, match="duplicate region id 'x'"):
        load_catalogue(path)


# ---------------------------------------------------------------- shapes


def test_every_region_has_a_valid_shape_and_a_point_inside(regions):
    assert regions.crs.to_epsg() == 4326
    assert regions["place_id"].str.startswith("region:").all()
    for row in regions.itertuples():
        assert row.geometry is not None and row.geometry.is_valid and not row.geometry.is_empty, row.region_id
        assert row.geometry.contains(Point(row.lon, row.lat)), row.region_id
        # The catalogue's precision is the one resolve() gives a match on the region.
        assert row.precision == precision_for(row.kind, area_km2=row.area_km2)[0]
        assert row.name in row.names and row.name_ar in row.names


def test_catalogue_members_are_all_found(regions):
    missing = {r.region_id: r.members_missing for r in regions.itertuples() if r.members_missing}
    assert missing == {}


def test_roads_keep_their_line(by_id):
    for rid in ("m4-highway", "m5-highway", "castello-road"):
        line = by_id.loc[rid, "line"]
        assert line.geom_type == "LineString"
        assert by_id.loc[rid, "geometry"].buffer(1e-9).contains(line)


def test_jabal_samaan_mountain_is_not_the_district(by_id):
    # The OCHA district "Jebel Saman" (SY0200) is Aleppo city and around; the massif lies north-west of it.
    admin = geo_fixtures.admin_areas().set_index("pcode")
    mountain = by_id.loc["jabal-samaan", "geometry"]
    assert mountain.area < admin.loc["SY0200", "geometry"].area / 5
    assert not mountain.contains(_pt("Aleppo citadel"))


@pytest.mark.parametrize("rid", sorted(CONTAINMENT))
def test_region_contains_members_and_excludes_outsiders(by_id, rid):
    inside, outside = CONTAINMENT[rid]
    shape = by_id.loc[rid, "geometry"]
    assert [n for n in inside if not shape.contains(_pt(n))] == []
    assert [n for n in outside if shape.contains(_pt(n))] == []


def test_sectors_stay_inside_their_governorate(by_id):
    gov = geo_fixtures.admin_areas().set_index("pcode")["geometry"]
    for rid in by_id.index[by_id["kind"] == "countryside"]:
        shape = by_id.loc[rid, "geometry"]
        assert shape.difference(gov[by_id.loc[rid, "adm1_pcode"]].buffer(1e-6)).area < 1e-9, rid
        assert by_id.loc[rid, "approximate"]


# ---------------------------------------------------------------- region_of


def test_region_of_lists_regions_smallest_first(regions):
    index = RegionIndex(regions)
    got = index.region_of(*P["Salma"])
    assert got[0] == "region:jabal-al-akrad"
    assert {"region:east-latakia-countryside", "region:latakia-countryside"} <= set(got)
    assert "region:jabal-al-turkman" not in got
    assert index.region_of(*P["Salma"], kinds=["mountain"]) == ["region:jabal-al-akrad"]
    assert index.region_of(float("nan"), 36.0) == []
    assert index.region_of(34.0, 30.0) == []  # in the sea


def test_region_of_is_vectorized(regions):
    import pandas as pd

    index = RegionIndex(regions)
    lat = pd.Series([P["Atarib"][0], float("nan"), P["Kansafra"][0]], index=[10, 11, 12])
    lon = pd.Series([P["Atarib"][1], 36.0, P["Kansafra"][1]], index=[10, 11, 12])
    got = index.region_of(lat, lon)
    assert list(got.index) == [10, 11, 12]
    assert "region:west-aleppo-countryside" in got[10]
    assert got[11] == []
    assert got[12][0] == "region:jabal-al-zawiya"
    # The vectorized answer is the brute-force one.
    for i in got.index:
        pt = Point(lon[i], lat[i])
        brute = {r.place_id for r in regions.itertuples() if pd.notna(lat[i]) and r.geometry.intersects(pt)}
        assert set(got[i]) == brute


def test_module_functions_use_the_gazetteer(monkeypatch):
    gz = geo_fixtures.fake_gazetteer()
    assert "region:jabal-al-turkman" in region_of(*P["Rabia"], gazetteer=gz)
    assert region_geometry("jabal-al-akrad", gazetteer=gz).contains(_pt("Kabani"))
    with pytest.raises(InputError, match="unknown region"):
        region_geometry("region:atlantis", gazetteer=gz)


# ---------------------------------------------------------------- through resolve()

@pytest.mark.parametrize(("rid", "text"), [(rid, t) for rid, texts in sorted(QUERIES.items()) for t in texts])
def test_region_resolves_by_name(gz, rid, text):
    match = gazetteer.resolve(text)
    assert match.status == "resolved", (text, match.status, match.reason)
    assert match.method == "region"
    assert match.place_id == f"region:{rid}"
    assert match.precision in (2, 3)
    assert isinstance(match.geometry, shapely.Geometry)
    assert match.geometry.contains(Point(match.lon, match.lat))
    inside, outside = CONTAINMENT.get(rid, ([], []))
    assert [n for n in inside if not match.geometry.contains(_pt(n))] == []
    assert [n for n in outside if match.geometry.contains(_pt(n))] == []
