"""Region catalogue (mountains, plains, countryside sectors, fronts, roads, city districts) and their shapes.

The catalogue is the analyst-editable ``gazetteer/data/regions.yaml``. `build_regions` turns it into one
GeoDataFrame row per region, using the gazetteer's places (member villages) and admin polygons (sectors).
This module must not import ``geo``: the gazetteer build calls it to add regions to the place index.

Examples
--------
>>> cat = load_catalogue()
>>> any(r["id"] == "jabal-al-turkman" for r in cat["regions"])
True
>>> "ريف حماه الشمالي" in countryside_variants(["Hama"], ["حماة", "حماه"], "north")
True
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
import yaml
from shapely.geometry import LineString, Point, Polygon

from gazetteer.exc import InputError, SourceError
from gazetteer.geography import METRIC_CRS, WGS84
from gazetteer.lexicon import lexicon
from gazetteer.normalize import normalize as _normalize
from gazetteer.precision import precision_for

__all__ = ["REGION_COLUMNS", "build_regions", "load_catalogue", "countryside_variants"]

# A matched member farther than this from the others is a homonym elsewhere, not part of the region.
MAX_MEMBER_SPREAD_KM = 35.0
# Two candidate points closer than this are the same place listed by two sources.
SAME_PLACE_KM = 3.0

REGION_COLUMNS = [
    "place_id", "region_id", "kind", "name", "name_ar", "names", "lat", "lon", "adm1_pcode",
    "area_km2", "approximate", "precision", "definition", "members_found", "members_missing", "line",
    "geometry",
]
KINDS = ("mountain", "plain", "countryside", "front", "road", "city_district", "area")
DEFINITIONS = ("members", "sector", "polygon", "line", "point")

# Sector name -> (bearing, English adjective, Arabic adjective, Arabic noun), from the shared lexicon.
_DIRECTIONS = {name: (float(bearing), adj, adj_ar, noun_ar)
               for name, (bearing, adj, adj_ar, noun_ar) in lexicon()["compass_sectors"].items()}


# ---------------------------------------------------------------- catalogue


def default_catalogue_path() -> Path:
    """The catalogue shipped with the package."""
    return Path(__file__).resolve().parent / "data" / "regions.yaml"


def load_catalogue(path: str | Path | None = None) -> dict[str, Any]:
    """Read and validate the region catalogue; countryside sectors are expanded into ordinary regions.

    Raises `SourceError` when the file is missing or not YAML, `InputError` when an entry is malformed.
    """
    path = Path(path) if path else default_catalogue_path()
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise SourceError(f"region catalogue {path} cannot be read: {exc.strerror or exc}") from exc
    except yaml.YAMLError as exc:
        raise SourceError(f"region catalogue {path} is not valid YAML: {exc}".replace("\n", " ")) from exc
    if not isinstance(raw, dict) or not isinstance(raw.get("regions"), list):
        raise InputError(f"region catalogue {path}: expected a mapping with a 'regions' list")
    defaults = raw.get("defaults") or {}
    regions = [_validate(entry, i, path, defaults) for i, entry in enumerate(raw["regions"])]
    expanded = _expand_countrysides(raw, path)
    regions += [_validate(e, f"countrysides[{e['id']}]", path, defaults) for e in expanded]
    seen: set[str] = set()
    for region in regions:
        if region["id"] in seen:
            raise InputError(f"region catalogue {path}: duplicate region id {region['id']!r}")
        seen.add(region["id"])
    return {"regions": regions, "defaults": defaults}


def _validate(entry: Any, where: Any, path: Path, defaults: dict[str, Any]) -> dict[str, Any]:
    def bad(msg: str) -> InputError:
        label = entry.get("id", where) if isinstance(entry, dict) else where
        return InputError(f"region catalogue {path}: region {label}: {msg}")

    if not isinstance(entry, dict):
        raise bad("each region must be a mapping of fields")
    for key in ("id", "kind", "name", "name_ar", "adm1"):
        if not entry.get(key):
            raise bad(f"missing field '{key}'")
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", str(entry["id"])):
        raise bad("id must be a lowercase slug (letters, digits, '-')")
    if entry["kind"] not in KINDS:
        raise bad(f"kind {entry['kind']!r} is not one of {', '.join(KINDS)}")
    found = [d for d in DEFINITIONS if d in entry]
    if len(found) != 1:
        raise bad(f"needs exactly one definition of {', '.join(DEFINITIONS)} (found {found or 'none'})")
    adm1 = entry["adm1"] if isinstance(entry["adm1"], list) else [entry["adm1"]]
    if not all(isinstance(a, str) and re.fullmatch(r"SY\d{2}", a) for a in adm1):
        raise bad("adm1 must be an OCHA governorate P-code like SY02, or a list of them")
    variants = entry.get("variants") or []
    if not isinstance(variants, list) or not all(isinstance(v, str) for v in variants):
        raise bad("variants must be a list of strings")
    definition = found[0]
    value = entry[definition]
    if definition == "members" and not (
        isinstance(value, list) and value and all(isinstance(v, str) for v in value)
    ):
        raise bad("members must be a non-empty list of place names")
    if definition in ("polygon", "line"):
        if not isinstance(value, list) or len(value) < (3 if definition == "polygon" else 2):
            raise bad(f"{definition} needs a list of at least {3 if definition == 'polygon' else 2} points")
        for point in value:
            if not (isinstance(point, str) or _is_lonlat(point)):
                raise bad(f"{definition} point {point!r} is neither a place name nor [lon, lat] inside Syria")
    if definition == "point" and not _is_lonlat(value):
        raise bad("point must be [lon, lat]")
    if definition == "sector":
        if not isinstance(value, dict) or value.get("direction") not in (*_DIRECTIONS, "all"):
            raise bad(f"sector needs direction: {', '.join(_DIRECTIONS)} or all")
        if not _is_lonlat(value.get("centre")):
            raise bad("sector needs centre: [lon, lat] of the governorate capital")
        if value.get("apex") is not None and not _is_lonlat(value["apex"]):
            raise bad("sector apex must be [lon, lat]")
    out = dict(entry)
    out["adm1"] = adm1
    out["variants"] = variants
    out["definition"] = definition
    out["buffer_km"] = float(entry.get("buffer_km", defaults.get("buffer_km", 2.0)))
    out["approximate"] = bool(entry.get("approximate", definition in ("sector", "point")))
    return out


def _is_lonlat(value: Any) -> bool:
    # Syria's bounding box, so a swapped [lat, lon] pair is caught.
    return (
        isinstance(value, list) and len(value) == 2 and all(isinstance(v, (int, float)) for v in value)
        and 35.5 <= value[0] <= 42.5 and 32.2 <= value[1] <= 37.4
    )


# ---------------------------------------------------------------- countryside sectors


def countryside_variants(
    gov_en: Sequence[str], gov_ar: Sequence[str], direction: str, *, bare: bool = True
) -> list[str]:
    """Every usual way to write "the <direction> countryside of <governorate>" in English and Arabic.

    `direction` is a key of the compass (north, northeast, ...) or 'all' for the whole countryside.
    `bare=False` leaves out "east Damascus" / "شرق دمشق", which name parts of the city, not its countryside.
    """
    out: list[str] = []
    if direction == "all":
        for g in gov_en:
            out += [f"{g} countryside", f"rural {g}", f"{g}'s countryside", f"countryside of {g}",
                    f"{g} outskirts", f"outskirts of {g}", f"{g} rural areas", f"{g} governorate countryside"]
        for g in gov_ar:
            out += [f"ريف {g}", f"الريف {_li(g)}", f"أرياف {g}", f"ريف محافظة {g}"]
        return _unique(out)
    adj_ar, noun_ar = _DIRECTIONS[direction][2:]
    adjs, nouns = _english_directions(direction)
    for g in gov_en:
        for d in (*adjs, *nouns):
            out += [f"{d} {g} countryside", f"{d} {g} outskirts", f"{d} rural {g}", f"rural {d} {g}",
                    f"{d} {g} province", f"{d} {g} governorate", f"{d} countryside of {g}"]
            out += [f"{d} {g}"] if bare else []
        for a in adjs:
            # UCDP writes "Eastern Homs Governorate"; reports "the eastern countryside of Homs province".
            out += [f"{g}'s {a} countryside", f"{g} {a} countryside", f"{a} countryside of {g} governorate",
                    f"{a} countryside of {g} province", f"{g}'s {a} outskirts", f"{a} outskirts of {g}",
                    f"{a} {g} rural areas", f"{a} rural areas of {g}", f"{a} parts of {g} countryside"]
        out += [f"{g} {n} countryside" for n in nouns] + [f"countryside of {n} {g}" for n in nouns]
    bare_ar = " ".join(w.removeprefix("ال") for w in adj_ar.split())
    for g in gov_ar:
        out += [f"ريف {g} {adj_ar}", f"الريف {adj_ar} {_li(g)}", f"ريف {noun_ar} {g}",
                f"أرياف {g} {adj_ar}", f"ريف {g} {bare_ar}", f"الريف {adj_ar} لمحافظة {g}",
                f"ريف محافظة {g} {adj_ar}"]
        out += [f"{noun_ar} {g}"] if bare else []
    return _unique(out)


def _english_directions(direction: str) -> tuple[list[str], list[str]]:
    """English adjectives and nouns of a compass direction: (["northeastern", ...], ["northeast", ...])."""
    adj = _DIRECTIONS[direction][1]
    if len(direction) <= 5:  # north, east, south, west
        return [adj], [direction]
    # No hyphenated forms: normalization folds "north-east" to "north east".
    first, second = direction[:5], direction[5:]
    return [adj, f"{first} {second}ern"], [direction, f"{first} {second}"]


def _li(gov_ar: str) -> str:
    # Arabic "of/for": ل + اللاذقية contracts to للاذقية, ل + حلب is لحلب.
    return "ل" + gov_ar[2:] if gov_ar.startswith("ال") else "ل" + gov_ar


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(i for i in items if i))


def _expand_countrysides(raw: dict[str, Any], path: Path) -> list[dict[str, Any]]:
    spec = raw.get("countrysides") or {}
    if not isinstance(spec, dict):
        raise InputError(f"region catalogue {path}: 'countrysides' must be a mapping")
    width = float(spec.get("sector_width_deg", 100))
    out = []
    for gov in spec.get("governorates") or []:
        required = ("adm1", "names_en", "names_ar", "centre")
        if not isinstance(gov, dict) or not all(gov.get(k) for k in required):
            raise InputError(f"region catalogue {path}: countryside entry {gov!r} needs adm1, names_en, "
                             "names_ar and centre")
        slug = gov.get("slug") or gov["names_en"][0].lower()
        en, ar = gov["names_en"], gov["names_ar"]
        directions = list(gov.get("directions") or _DIRECTIONS)
        if not set(directions) <= set(_DIRECTIONS):
            raise InputError(f"region catalogue {path}: countryside {slug}: directions must be among "
                             f"{', '.join(_DIRECTIONS)}")
        # `whole: false` where "ريف <gov>" is already the governorate's own name (ريف دمشق).
        for direction in directions + (["all"] if gov.get("whole", True) else []):
            adj, adj_ar = ("", "") if direction == "all" else _DIRECTIONS[direction][1:3]
            out.append({
                "id": f"{direction}-{slug}-countryside" if direction != "all" else f"{slug}-countryside",
                "kind": "countryside",
                "name": f"{adj.capitalize()} {en[0]} countryside".strip(),
                "name_ar": f"ريف {ar[0]} {adj_ar}".strip(),
                "adm1": gov["adm1"],
                "variants": countryside_variants(en, ar, direction, bare=gov.get("bare", True)),
                "sector": {"direction": direction, "centre": gov["centre"],
                           "width_deg": float(gov.get("sector_width_deg", width)),
                           "city_radius_km": float(gov.get("city_radius_km", 4)),
                           "apex": gov.get("apex", gov["centre"]), "rotate_deg": float(gov.get("rotate_deg", 0))},
            })
    return out


# ---------------------------------------------------------------- building shapes


class _PlaceLookup:
    """Normalized name → candidate (lat, lon, adm1) points, from places plus the alternate-names table."""

    def __init__(self, places: pd.DataFrame, names: pd.DataFrame | None) -> None:
        forms = [places["name"], places["name_ar"]]
        index = [places.index, places.index]
        if names is not None and len(names):
            # `place` is the row position in `places` (the gazetteer's names table layout).
            forms.append(names["name"])
            index.append(places.index.take(names["place"].to_numpy(dtype=np.int64)))
        frame = pd.DataFrame({"form": pd.concat([f.reset_index(drop=True) for f in forms], ignore_index=True),
                              "place": np.concatenate([np.asarray(i) for i in index])})
        frame = frame[frame["form"].notna() & (frame["form"].astype(str) != "")]
        keys = frame["form"].astype(str).map(_key)
        # OCHA writes "Durin (Salanfa)": the bracket names the sub-district, the place is "Durin".
        bare = frame["form"].astype(str).map(_bare).map(_key)
        frame = pd.concat([frame.assign(key=keys), frame.assign(key=bare)]).drop_duplicates(["key", "place"])
        self.by_key = frame.groupby("key")["place"].apply(list).to_dict()
        self.places = places

    def candidates(self, name: str, adm1: Sequence[str]) -> pd.DataFrame:
        labels = self.by_key.get(_key(name)) or self.by_key.get(_key(_bare(name)), [])
        rows = self.places.loc[labels]
        return rows[rows["adm1_pcode"].isin(adm1)] if "adm1_pcode" in rows else rows


def _bare(text: str) -> str:
    """OCHA names carry their sub-district: "Durin (Salanfa)" and "Rami - Ehsem" are "Durin" and "Rami"."""
    return re.sub(r"\s*\([^)]*\)\s*$", "", text).split(" - ")[0].strip()


def _key(text: str) -> str:
    return _normalize(str(text))


def _to_metric(geom: Any) -> Any:
    return gpd.GeoSeries([geom], crs=WGS84).to_crs(METRIC_CRS).iloc[0]


def _to_wgs(geom: Any) -> Any:
    return gpd.GeoSeries([geom], crs=METRIC_CRS).to_crs(WGS84).iloc[0]


def _pick_members(region: dict[str, Any], lookup: _PlaceLookup) -> tuple[list[Point], list[str], list[str]]:
    """One point per member name; homonyms resolved by distance to the unambiguous members."""
    cands = {name: lookup.candidates(name, region["adm1"]) for name in region["members"]}
    metric = {name: _metric_points(c) for name, c in cands.items()}
    anchors = [pts[0] for pts in metric.values() if len(pts) and _spread(pts) <= SAME_PLACE_KM * 1000]
    centre = np.median(np.array(anchors or [p for pts in metric.values() for p in pts] or [[0, 0]]), axis=0)
    found, missing, points = [], [], []
    for name, pts in metric.items():
        if not len(pts):
            missing.append(name)
            continue
        best = pts[np.argmin(np.hypot(*(pts - centre).T))]
        if math.hypot(*(best - centre)) > MAX_MEMBER_SPREAD_KM * 1000:
            missing.append(f"{name} (only far homonyms)")
            continue
        found.append(name)
        points.append(Point(best))
    return points, found, missing


def _metric_points(rows: pd.DataFrame) -> np.ndarray:
    if rows.empty:
        return np.empty((0, 2))
    pts = gpd.GeoSeries(gpd.points_from_xy(rows["lon"], rows["lat"]), crs=WGS84).to_crs(METRIC_CRS)
    return np.column_stack([pts.x, pts.y])


def _spread(pts: np.ndarray) -> float:
    return float(np.hypot(*(pts.max(axis=0) - pts.min(axis=0)))) if len(pts) else 0.0


def _sector(region: dict[str, Any], governorates: dict[str, Any]) -> Any:
    """Governorate ∩ a wedge from the capital, minus the capital's own area (all metric)."""
    spec = region["sector"]
    centre = _to_metric(Point(spec["centre"]))
    # The wedges start at `apex` (default: the capital) and turn by `rotate_deg`, for governorates whose
    # capital sits at an edge (Dar'a) or whose reports' compass follows a river (Deir ez-Zor, the Euphrates).
    apex = _to_metric(Point(spec.get("apex") or spec["centre"]))
    area = shapely.union_all([governorates[a] for a in region["adm1"]])
    if spec["direction"] != "all":
        bearing = _DIRECTIONS[spec["direction"]][0] + float(spec.get("rotate_deg", 0))
        half = float(spec.get("width_deg", 100)) / 2
        far = 600_000.0  # beyond any governorate's extent
        arc = [
            (apex.x + far * math.sin(math.radians(b)), apex.y + far * math.cos(math.radians(b)))
            for b in np.linspace(bearing - half, bearing + half, 25)
        ]
        area = area.intersection(Polygon([(apex.x, apex.y), *arc]))
    return area.difference(centre.buffer(float(spec.get("city_radius_km", 4)) * 1000))


def _line_points(region: dict[str, Any], lookup: _PlaceLookup) -> tuple[list[Point], list[str], list[str]]:
    points, found, missing = [], [], []
    for item in region[region["definition"]]:
        if isinstance(item, str):
            cand = lookup.candidates(item, region["adm1"])
            if cand.empty:
                missing.append(item)
                continue
            # Towns on a road are the big ones: prefer the most populous, else the first listed.
            if "population" in cand and cand["population"].notna().any():
                cand = cand.sort_values("population", ascending=False)
            found.append(item)
            points.append(_to_metric(Point(cand.iloc[0]["lon"], cand.iloc[0]["lat"])))
        else:
            points.append(_to_metric(Point(item)))
    return points, found, missing


def build_regions(
    places: pd.DataFrame,
    admin_areas: gpd.GeoDataFrame,
    catalogue_path: str | Path | None = None,
    names: pd.DataFrame | None = None,
) -> gpd.GeoDataFrame:
    """One row per catalogue region: polygon (EPSG:4326), representative point, precision and member report.

    `places` needs name, name_ar, lat, lon, adm1_pcode; `names` (optional) is the alternate-names table
    (columns place → row label of `places`, name). `admin_areas` needs pcode, level and geometry.
    """
    catalogue = load_catalogue(catalogue_path)
    lookup = _PlaceLookup(places, names)
    adm = admin_areas[admin_areas["level"] == 1]
    # The desert boundaries are long straight edges: densify them (~2 km) so that a wedge cut in metres
    # and reprojected stays inside the governorate drawn in degrees.
    adm = adm.set_geometry(adm.geometry.segmentize(0.02)).to_crs(METRIC_CRS)
    governorates = dict(zip(adm["pcode"], shapely.make_valid(adm.geometry.values), strict=True))
    syria = shapely.union_all(list(governorates.values())).buffer(0)
    rows = []
    for region in catalogue["regions"]:
        rows.append(_build_one(region, lookup, governorates, syria))
    out = gpd.GeoDataFrame(rows, columns=REGION_COLUMNS, geometry="geometry", crs=WGS84)
    return out.reset_index(drop=True)


def _build_one(
    region: dict[str, Any], lookup: _PlaceLookup, governorates: dict[str, Any], syria: Any
) -> dict[str, Any]:
    definition, buffer_m = region["definition"], region["buffer_km"] * 1000
    found: list[str] = []
    missing: list[str] = []
    line = None
    if definition == "members":
        points, found, missing = _pick_members(region, lookup)
        shape = shapely.MultiPoint(points).convex_hull.buffer(buffer_m) if points else Polygon()
    elif definition == "sector":
        shape = _sector(region, governorates)
    elif definition == "line":
        points, found, missing = _line_points(region, lookup)
        line = LineString(points) if len(points) >= 2 else None
        shape = line.buffer(buffer_m) if line is not None else Polygon()
    elif definition == "polygon":
        points, found, missing = _line_points(region, lookup)
        shape = Polygon(points).buffer(0) if len(points) >= 3 else Polygon()
    else:  # point + radius: a district whose outline no source has
        shape = _to_metric(Point(region["point"])).buffer(float(region.get("radius_km", 1.0)) * 1000)
    if definition == "point" and not governorates[region["adm1"][0]].buffer(1000).contains(shape.centroid):
        raise InputError(f"region {region['id']}: point {region['point']} is not in {region['adm1'][0]} "
                         "(coordinates are [lon, lat])")
    shape = shapely.make_valid(shape.intersection(syria)) if not shape.is_empty else shape
    line = line.intersection(syria) if line is not None else None
    area_km2 = shape.area / 1e6
    if line is not None and not shape.is_empty:
        rep = line.interpolate(0.5, normalized=True)
        rep = rep if shape.contains(rep) else shape.representative_point()
    else:
        rep = shape.representative_point() if not shape.is_empty else Point()
    rep_wgs = _to_wgs(rep) if not rep.is_empty else Point(math.nan, math.nan)
    return {
        "place_id": f"region:{region['id']}",
        "region_id": region["id"],
        "kind": region["kind"],
        "name": region["name"],
        "name_ar": region["name_ar"],
        "names": _unique([region["name"], region["name_ar"], *region["variants"]]),
        "lat": rep_wgs.y,
        "lon": rep_wgs.x,
        "adm1_pcode": region["adm1"][0],
        "area_km2": round(area_km2, 2),
        "approximate": region["approximate"],
        # The same rule resolve() applies to a matched region (it was a separate 100 km² cut here).
        "precision": precision_for(region["kind"], area_km2=area_km2)[0],
        "definition": definition,
        "members_found": found,
        "members_missing": missing,
        "line": _to_wgs(line) if line is not None else None,
        "geometry": _to_wgs(shape) if not shape.is_empty else None,
    }
