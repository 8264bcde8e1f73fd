"""The merge: one record per real place, all names and source ids kept, neighbours kept apart."""

import pandas as pd

from gazetteer.merge import ascii_name, collapse, merge_records, name_agreement
from gazetteer.sources.base import records


def _rec(rows):
    return records(pd.DataFrame(rows))


def test_same_place_from_two_sources_is_one_record():
    rec = _rec([
        {"source": "whosonfirst", "source_id": "1", "kind": "town", "name": "Kafr Nabl", "name_ar": "كفر نبل",
         "lat": 35.6138, "lon": 36.5645, "alt_names": ["Kafranbel"], "geonames_id": "168661"},
        {"source": "ocha", "source_id": "C4068", "kind": "village", "name": "Kafr Nobol", "name_ar": "كفر نبل",
         "lat": 35.6147, "lon": 36.5603, "alt_names": [], "adm1_pcode": "SY07", "adm2_pcode": "SY0702",
         "link_key": "C4068"},
    ])
    result = merge_records(rec)
    assert result.cluster[0] == result.cluster[1]
    places, names = collapse(rec, result.cluster)
    assert len(places) == 1
    assert places.at[0, "name"] == "Kafr Nabl" and places.at[0, "kind"] == "town"
    assert set(names["name"]) >= {"Kafr Nabl", "Kafr Nobol", "Kafranbel", "كفر نبل"}
    assert places.at[0, "source_ids"] == "whosonfirst:1|ocha:C4068"
    assert places.at[0, "src_adm1"] == "SY07"


def test_distinct_neighbours_stay_apart():
    rec = _rec([
        {"source": "ocha", "source_id": "C1", "name": "Tall Sultan", "name_ar": "تل سلطان", "lat": 35.80, "lon": 36.80},
        {"source": "ocha", "source_id": "C2", "name": "Tall Sultan", "name_ar": "تل سلطان", "lat": 35.81, "lon": 36.81},
        {"source": "whosonfirst", "source_id": "9", "name": "Kafr Amim", "lat": 35.805, "lon": 36.805},
    ])
    result = merge_records(rec)
    # Two communities of one source are two villages; a differently named neighbour is its own place.
    assert len(set(result.cluster)) == 3
    assert result.refused_same_source >= 1


def test_same_name_far_apart_is_two_places():
    rec = _rec([
        {"source": "whosonfirst", "source_id": "1", "name": "Ibbin", "lat": 36.466, "lon": 36.993},
        {"source": "ocha", "source_id": "C9", "name": "Ibbin", "lat": 36.088, "lon": 36.761},
    ])
    assert len(set(merge_records(rec).cluster)) == 2


def test_shared_geonames_id_merges_whatever_the_names():
    rec = _rec([
        {"source": "geonames", "source_id": "170063", "name": "Aleppo", "lat": 36.2012, "lon": 37.1612,
         "geonames_id": "170063"},
        {"source": "whosonfirst", "source_id": "421202163", "name": "حلب", "name_ar": "حلب", "lat": 36.2037,
         "lon": 37.1726, "geonames_id": "170063"},
    ])
    result = merge_records(rec)
    assert result.cluster[0] == result.cluster[1] and result.by_geonames_id == 1
    places, _ = collapse(rec, result.cluster)
    assert places.at[0, "name"] == "Aleppo"  # the English name is never an Arabic string


def test_name_agreement_across_scripts():
    assert name_agreement(["Khan Shaykhun"], ["خان شيخون"]) == 100
    assert name_agreement(["Kafr Nabl"], ["Kafr Nabudah"]) < 88


def test_ascii_name():
    assert ascii_name("Khān Shaykhūn") == "Khan Shaykhun"
    assert ascii_name("`Ayn Ḩalāqīm") == "Ayn Halaqim"


def test_real_merge_of_aleppo(gz):
    """One record for Aleppo city holding 'Aleppo', 'Halab' and 'حلب', from several sources."""
    names = gz.names[gz.names["name"].isin(["Aleppo", "Halab", "حلب"])]
    city = gz.places[gz.places["kind"] == "city"]
    shared = set(names["place"]) & set(city.index)
    assert len(shared) == 1
    place = gz.places.loc[shared.pop()]
    assert set(gz.names.loc[gz.names["place"] == place.name, "name"]) >= {"Aleppo", "Halab", "حلب"}
    assert {"whosonfirst", "ocha", "geonames"} <= set(place["sources"].split("|"))
    assert place["adm1_pcode"] == "SY02" and place["adm2_pcode"] == "SY0200"
