"""The OpenStreetMap and OurAirports importers: kinds, names, and how their records meet the others."""

from pathlib import Path

import pandas as pd
import pytest
from common import RAW

from gazetteer.kinds import POI_KINDS, is_generic_name, poi_kind
from gazetteer.landmarks import read_landmarks
from gazetteer.merge import collapse, merge_records
from gazetteer.sources import SOURCES
from gazetteer.sources.ourairports import facility_names

SETTLEMENTS = {"city", "town", "village", "neighbourhood"}


def test_hotosm_places_are_settlements_with_both_scripts():
    places = SOURCES["osm_hotosm_populated_places_SY"].read(RAW / "osm_hotosm_populated_places_SY").places
    assert set(places["kind"]) <= SETTLEMENTS
    assert places["source_id"].str.match(r"^(node|way|relation)/\d+$").all()
    assert (places["name_ar"] != "").mean() > 0.95 and (places["name"] != "").mean() > 0.95
    assert places["adm1_pcode"].str.match(r"^SY\d\d$").all()


def test_poi_kinds_are_never_settlements():
    pois = SOURCES["osm_syria_poi_2017"].read(RAW / "osm_syria_poi_2017").places
    assert set(pois["kind"]) <= POI_KINDS and not (POI_KINDS & SETTLEMENTS)
    assert {"ruins", "worship", "cemetery"} <= set(pois["kind"])
    # Unnamed nodes and nodes named only "مسجد" are not places anyone can ask for.
    assert not pois["name"].map(is_generic_name).any() and not pois["name_ar"].map(is_generic_name).any()
    # OSM lists several values in one tag with ';': each is a name of its own.
    assert not any(";" in n for names in pois["alt_names"] for n in names)


def test_poi_kind_vocabulary():
    assert poi_kind("grave_yard") == "cemetery" and poi_kind("place_of_worship") == "worship"
    assert poi_kind("something_new") == "site"
    assert is_generic_name("مسجد") and is_generic_name("البرج")
    assert is_generic_name("Mosque") and not is_generic_name("Umayyad Mosque")


def test_airports_keep_codes_and_bare_town_names_out():
    names = facility_names("Rasm Al-Abboud Air Base", "OS66, Kuweires, القصير")
    assert "Kuweires Airbase" in names and "Kuweires" not in names
    assert "مطار القصير" in names and "القصير" not in names
    assert "OS66" not in names and names[0] == "Rasm Al-Abboud Air Base"


def test_airports_merge_with_the_landmark_catalogue():
    airports = SOURCES["ourairports_SY"].read(RAW / "ourairports_SY").places
    assert len(airports) == 39 and set(airports["kind"]) == {"airport"}
    catalogue = read_landmarks()
    rec = pd.concat([airports, catalogue], ignore_index=True)
    places, _ = collapse(rec, merge_records(rec).cluster)
    both = places[places["sources"] == "catalogue|ourairports"]
    # Every catalogue air base that OurAirports lists becomes one place, not two, kind from the catalogue.
    for name in ("Tiyas Military Airbase", "Shayrat Airbase", "Menagh Military Airbase", "Taftanaz Military Airbase"):
        assert (both["name"] == name).sum() == 1, name
    assert set(both["kind"]) == {"landmark"}
    assert len(places) == len(catalogue) + len(airports) - len(both)


def test_a_ruin_merged_with_a_village_is_the_village():
    rec = pd.DataFrame({
        "source": ["ocha", "osm_poi"], "source_id": ["C1", "node/1"], "kind": ["village", "ruins"],
        "name": ["Tall Mardikh", "Tell Mardikh"], "name_ar": ["تل مرديخ", "تل مرديخ"], "alt_names": [[], []],
        "lat": [35.80, 35.801], "lon": [36.80, 36.80], "population": [0, 0], "adm1_pcode": ["SY07", ""],
        "adm2_pcode": ["", ""], "geonames_id": ["", ""], "link_key": ["", ""],
    })
    places, _ = collapse(rec, merge_records(rec).cluster)
    assert len(places) == 1 and places.at[0, "kind"] == "village"


def test_overpass_json_importer(tmp_path: Path):
    """`syrmap data fetch` saves Overpass `[out:json]` output; the importer reads places and POIs from it."""
    import json

    folder = tmp_path / "osm_SY"
    folder.mkdir()
    (folder / "syria_overpass.json").write_text(json.dumps({"version": 0.6, "elements": [
        {"type": "node", "id": 1, "lat": 35.61, "lon": 36.56,
         "tags": {"place": "village", "name": "كفرنبل", "name:en": "Kafr Nabl"}},
        {"type": "way", "id": 2, "center": {"lat": 35.0, "lon": 37.0},
         "tags": {"historic": "ruins", "name": "خربة الشيخ", "old_name": "Khirbet esh Sheikh;Kh. Sheikh"}},
        {"type": "node", "id": 3, "lat": 35.1, "lon": 37.1, "tags": {"amenity": "place_of_worship", "name": "مسجد"}},
        {"type": "node", "id": 4, "lat": 35.2, "lon": 37.2, "tags": {"aeroway": "aerodrome", "name": "X Airfield"}},
        {"type": "node", "id": 5, "lat": 35.3, "lon": 37.3, "tags": {"amenity": "school"}},
        {"type": "way", "id": 6, "tags": {"name": "no geometry"}},
    ]}), encoding="utf-8")
    places = SOURCES["osm_SY"].read(folder).places.set_index("source_id")
    assert list(places.index) == ["node/1", "way/2", "node/4"]
    assert places.loc["node/1", ["kind", "name", "name_ar"]].tolist() == ["village", "Kafr Nabl", "كفرنبل"]
    assert places.loc["way/2", "kind"] == "ruins" and places.loc["way/2", "lat"] == 35.0
    assert places.loc["way/2", ["name", "name_ar"]].tolist() == ["Khirbet esh Sheikh", "خربة الشيخ"]
    assert places.loc["way/2", "alt_names"] == ["Kh. Sheikh"]
    assert places.loc["node/4", "kind"] == "airport"


def test_corrupt_overpass_json_is_a_clear_error(tmp_path: Path):
    from gazetteer.exc import SourceError

    (tmp_path / "x.json").write_text("{", encoding="utf-8")
    with pytest.raises(SourceError, match="cannot read Overpass JSON"):
        SOURCES["osm_SY"].read(tmp_path)


def test_poi_never_outranks_a_settlement_of_the_same_name(gz):
    """Every name shared by a POI and a settlement resolves, without hints, to a settlement."""
    import gazetteer

    kinds = gz.places["kind"]
    names = gz.names.assign(poi=gz.names["place"].map(kinds).isin(POI_KINDS),
                            settlement=gz.names["place"].map(kinds).isin(SETTLEMENTS))
    shared = names.groupby("name")[["poi", "settlement"]].any()
    shared = shared[shared["poi"] & shared["settlement"]].index
    assert len(shared) >= 50
    wrong = [n for n in shared if gazetteer.resolve(n, gazetteer=gz).kind in POI_KINDS]
    assert wrong == []


def test_poi_wins_with_evidence(gz):
    """A name only a POI carries still resolves to it: the kind ranks, it does not hide."""
    import gazetteer

    m = gazetteer.resolve("Royal Palace of Mari", gazetteer=gz)
    assert m.status == "resolved" and m.kind in POI_KINDS
