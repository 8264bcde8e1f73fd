// OpenStreetMap places and named points of interest in Syria, for `syrmap data fetch` (Overpass QL).
// Output is Overpass JSON ("elements" with tags; ways/relations get a "center"), read by gazetteer/sources/osm_poi.py.
[out:json][timeout:600];
area["ISO3166-1"="SY"][admin_level=2]->.sy;
(
  node["place"~"^(city|town|village|hamlet|isolated_dwelling|suburb|neighbourhood|quarter|farm|locality)$"](area.sy);
  nwr["historic"]["name"](area.sy);
  nwr["amenity"~"^(place_of_worship|grave_yard)$"]["name"](area.sy);
  nwr["landuse"~"^(cemetery|military)$"]["name"](area.sy);
  nwr["aeroway"~"^(aerodrome|heliport|airstrip)$"](area.sy);
  nwr["man_made"~"^(tower|water_tower|pumping_station|works)$"]["name"](area.sy);
  nwr["military"]["name"](area.sy);
  nwr["natural"~"^(peak|hill|spring)$"]["name"](area.sy);
  nwr["tourism"~"^(attraction|camp_site)$"]["name"](area.sy);
);
out center tags;
