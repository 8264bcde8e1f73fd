"""Build the gazetteer index from the raw sources into a cache directory (when to rebuild: `gazetteer.cache_state`).

The cache holds ``places.arrow`` (one row per place), ``names.arrow`` (every spelling),
``keys.arrow`` + ``key_rows.npy`` (blocking keys; these tables are Arrow IPC files, `gazetteer.tables`),
``areas.parquet`` (admin and region polygons, GeoParquet),
``regions.parquet`` (the region catalogue as built), ``outline.wkb`` and ``manifest.json``
(source hashes and schema version). A build writes into a
temporary directory and swaps it in, so readers never see half an index.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from gazetteer import paths
from gazetteer.cache_state import source_manifest
from gazetteer.codes import GEONAMES_TO_OCHA
from gazetteer.exc import CacheError, SourceError
from gazetteer.geography import ADMIN_LEVEL_KIND, AdminLocator
from gazetteer.integrity import file_stamps
from gazetteer.keys import build_keys
from gazetteer.merge import collapse, merge_records
from gazetteer.normalize import normalize, script_of, skeletons, variant_key
from gazetteer.sources import SOURCES, SourceData
from gazetteer.tables import write_frame

__all__ = ["build", "BuildReport"]


@dataclass
class BuildReport:
    """What a build read and produced, for `syrmap data build` and the manifest."""

    source_dir: str
    records_per_source: dict[str, int] = field(default_factory=dict)
    records_per_folder: dict[str, int] = field(default_factory=dict)
    skipped_folders: list[str] = field(default_factory=list)
    unmapped_geonames_admin1: list[str] = field(default_factory=list)
    places: int = 0
    names: int = 0
    kinds: dict[str, int] = field(default_factory=dict)
    merged_by_geonames_id: int = 0
    merged_by_name_and_distance: int = 0
    kept_apart_same_source: int = 0
    source_admin_disagreements: int = 0
    merge_sample: list[tuple[str, str, float]] = field(default_factory=list)
    regions: int = 0
    region_members_missing: dict[str, list[str]] = field(default_factory=dict)
    seconds: float = 0.0


def _read_sources(source_dir: Path, report: BuildReport) -> dict[str, SourceData]:
    found = {}
    for folder in sorted(p for p in source_dir.iterdir() if p.is_dir()):
        source = SOURCES.get(folder.name)
        if source is None:
            report.skipped_folders.append(folder.name)
            continue
        data = found[folder.name] = source.read(folder)
        report.records_per_folder[folder.name] = sum(
            len(part) for part in (data.places, data.admin_units, data.areas) if part is not None
        ) + len(data.admin1_codes) + (data.outline is not None)
    if not any(d.places is not None for d in found.values()):
        raise SourceError(f"no place source found in {source_dir} (expected folders: {', '.join(SOURCES)})")
    return found


def _admin_areas(data: dict[str, SourceData]) -> gpd.GeoDataFrame:
    # Newer releases first, so an older polygon is used only for a code the newer one lacks.
    order = ["ocha_syr_admin1", "ocha_syr_admin_topojson_2019", "ocha_syr_admin2_2015"]
    frames = [data[k].areas for k in order if k in data and data[k].areas is not None]
    frames += [d.areas for k, d in data.items() if k not in order and d.areas is not None]
    if not frames:
        raise SourceError("no admin polygon source found (expected ocha_syr_admin1 and ocha_syr_admin_topojson_2019)")
    areas = pd.concat(frames, ignore_index=True).drop_duplicates("pcode", keep="first")
    return gpd.GeoDataFrame(areas, geometry="geometry", crs=4326).reset_index(drop=True)


def _admin_places(data: dict[str, SourceData], areas: gpd.GeoDataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Admin units as places (P-code ids, names, aliases); names from every source that has them."""
    units = [d.admin_units for d in data.values() if d.admin_units is not None and "pcode" in d.admin_units]
    extra = [d.admin_units for d in data.values() if d.admin_units is not None and "pcode" not in d.admin_units]
    base = areas[["pcode", "level", "name", "name_ar"]].copy()
    reps = areas.geometry.representative_point()
    base["lat"], base["lon"] = reps.y.values, reps.x.values
    base["alt_names"] = [[] for _ in range(len(base))]
    base["population"] = 0
    if units:
        u = pd.concat(units, ignore_index=True).drop_duplicates("pcode").set_index("pcode")
        alias_by_gid = {}
        for e in extra:
            alias_by_gid.update({g: a for g, a in zip(e["geonames_id"], e["alt_names"]) if g})
        base = base.set_index("pcode")
        known = base.index.intersection(u.index)
        base.loc[known, "alt_names"] = pd.Series({
            p: [u.at[p, "name"], u.at[p, "name_ar"], *u.at[p, "alt_names"],
                *alias_by_gid.get(u.at[p, "geonames_id"], [])]
            for p in known
        })
        base = base.reset_index()
    base["kind"] = base["level"].map(ADMIN_LEVEL_KIND)
    base["place_id"] = "adm:" + base["pcode"]
    names = []
    for i, row in base.iterrows():
        for nm in dict.fromkeys(n for n in (row["name"], row["name_ar"], *row["alt_names"]) if n):
            names.append({"place": i, "name": nm, "script": script_of(nm) or "latn"})
    return base.drop(columns=["alt_names"]), pd.DataFrame(names)


def assign_admin(lat: np.ndarray, lon: np.ndarray, areas: gpd.GeoDataFrame) -> pd.DataFrame:
    """adm1–adm3 P-codes for points, by sub-district polygon (`gazetteer.geography.AdminLocator`)."""
    locator = AdminLocator.of_areas(areas)
    idx, _ = locator.locate(lat, lon)
    empty = dict.fromkeys(("adm3_pcode", "adm2_pcode", "adm1_pcode"), "")
    units = [locator.units[i] if i >= 0 else empty for i in idx.tolist()]
    return pd.DataFrame({col: [u[col] for u in units] for col in empty})


def _with_admin_names(places: pd.DataFrame, areas: gpd.GeoDataFrame) -> pd.DataFrame:
    names = areas.set_index("pcode")
    for level in (1, 2, 3):
        code = places[f"adm{level}_pcode"]
        places[f"adm{level}_name"] = code.map(names["name"]).fillna("")
        places[f"adm{level}_name_ar"] = code.map(names["name_ar"]).fillna("")
    return places


def _populated_places(data: dict[str, SourceData], areas: gpd.GeoDataFrame, report: BuildReport):
    from gazetteer.landmarks import read_landmarks, read_neighbourhoods

    frames = [d.places for d in data.values() if d.places is not None] + [read_landmarks(), read_neighbourhoods()]
    rec = pd.concat(frames, ignore_index=True)
    report.records_per_source = rec["source"].value_counts().to_dict()
    merged = merge_records(rec)
    report.merged_by_geonames_id = merged.by_geonames_id
    report.merged_by_name_and_distance = merged.by_name_and_distance
    report.kept_apart_same_source = merged.refused_same_source
    report.merge_sample = merged.sample
    places, names = collapse(rec, merged.cluster)
    spatial = assign_admin(places["lat"].to_numpy(), places["lon"].to_numpy(), areas)
    # Codes a source states (OCHA communities) win over the spatial guess; a sub-district that
    # contradicts them is dropped rather than kept inconsistent.
    src1, src2 = places.pop("src_adm1"), places.pop("src_adm2")
    disagree = (src2 != "") & (src2 != spatial["adm2_pcode"])
    report.source_admin_disagreements = int(disagree.sum())
    places["adm1_pcode"] = src1.where(src1 != "", spatial["adm1_pcode"])
    places["adm2_pcode"] = src2.where(src2 != "", spatial["adm2_pcode"].where(
        (src1 == "") | (src1 == spatial["adm1_pcode"]), ""))
    places["adm3_pcode"] = spatial["adm3_pcode"].where(~disagree & (places["adm2_pcode"] == spatial["adm2_pcode"]), "")
    places["place_id"] = [
        f"ocha:{o}" if o else f"gn:{g}" if g else f"sy:{i}"
        for i, (o, g) in enumerate(zip(places["ocha_pcode"], places["geonames_id"]))
    ]
    return places, names


def _regions(places: pd.DataFrame, names: pd.DataFrame, areas: gpd.GeoDataFrame, report: BuildReport):
    from gazetteer.regions import build_regions

    regions = build_regions(places, areas, names=names)
    report.regions = len(regions)
    report.region_members_missing = {
        r.place_id: list(r.members_missing) for r in regions.itertuples() if len(r.members_missing)
    }
    return regions


_PLACE_COLUMNS = ["place_id", "kind", "name", "name_ar", "lat", "lon", "population",
                  "adm1_pcode", "adm2_pcode", "adm3_pcode", "sources", "source_ids"]


def _all_places(villages: pd.DataFrame, admin: pd.DataFrame, regions: gpd.GeoDataFrame) -> pd.DataFrame:
    """Populated places, then admin units, then regions: one table, rows in that order."""
    admin = admin.assign(
        adm1_pcode=admin["pcode"].str[:4],
        adm2_pcode=np.where(admin["level"] >= 2, admin["pcode"].str[:6], ""),
        adm3_pcode=np.where(admin["level"] >= 3, admin["pcode"], ""),
        sources="ocha|opensyria", source_ids="ocha:" + admin["pcode"],
    )
    region_places = pd.DataFrame({
        "place_id": regions["place_id"], "kind": regions["kind"], "name": regions["name"],
        "name_ar": regions["name_ar"], "lat": regions["lat"], "lon": regions["lon"], "population": 0,
        "adm1_pcode": regions["adm1_pcode"].fillna(""), "adm2_pcode": "", "adm3_pcode": "",
        "sources": "catalogue", "source_ids": "catalogue:" + regions["region_id"],
    })
    return pd.concat([villages[_PLACE_COLUMNS], admin[_PLACE_COLUMNS], region_places[_PLACE_COLUMNS]],
                     ignore_index=True)


def _all_names(village_names: pd.DataFrame, admin_names: pd.DataFrame, regions: gpd.GeoDataFrame,
               n_villages: int, n_admin: int) -> pd.DataFrame:
    """Every Arabic or Latin-script name with its place row and precomputed matching forms."""
    region_names = pd.DataFrame(
        [{"place": n_villages + n_admin + i, "name": n} for i, ns in enumerate(regions["names"]) for n in ns]
    )
    region_names["script"] = [script_of(n) for n in region_names["name"]]
    names = pd.concat([
        village_names, admin_names.assign(place=admin_names["place"] + n_villages), region_names,
    ], ignore_index=True).drop_duplicates(["place", "name"])
    # Names in other scripts (Cyrillic, Greek, CJK from WOF) can never match a query we normalize.
    names = names[names["name"].map(lambda n: bool(script_of(n)))].reset_index(drop=True)
    names["script"] = [script_of(n) for n in names["name"]]
    names["norm"] = [normalize(n) for n in names["name"]]
    names["vkey"] = [variant_key(n) for n in names["name"]]
    names["skel"] = ["|".join(sorted(skeletons(n))) for n in names["name"]]
    return names


def build(source: str | os.PathLike[str] | None = None, cache: str | os.PathLike[str] | None = None) -> BuildReport:
    """Read every registered source, merge, and write the index into the cache directory."""
    started = time.perf_counter()
    source_dir, cache_dir = paths.data_dir(source), paths.cache_dir(cache)
    paths.check_cache_dir(cache_dir)  # before a minute of work, not after
    manifest = source_manifest(source_dir)
    report = BuildReport(source_dir=str(source_dir))
    data = _read_sources(source_dir, report)
    # GeoNames admin1 codes reach OCHA P-codes only through the reviewed table: say which it lacks.
    listed = {code for d in data.values() for code in d.admin1_codes}
    report.unmapped_geonames_admin1 = sorted(listed - set(GEONAMES_TO_OCHA))
    areas = _admin_areas(data)

    admin, admin_names = _admin_places(data, areas)
    villages, village_names = _populated_places(data, areas, report)
    regions = _regions(villages, village_names, areas, report)

    places = _with_admin_names(_all_places(villages, admin, regions), areas)
    names = _all_names(village_names, admin_names, regions, len(villages), len(admin))

    area_shapes = pd.concat([
        areas.assign(place_id="adm:" + areas["pcode"]),
        gpd.GeoDataFrame({"place_id": regions["place_id"], "pcode": "", "level": 0, "name": regions["name"],
                          "name_ar": regions["name_ar"], "adm1_pcode": regions["adm1_pcode"], "adm2_pcode": "",
                          "approximate": regions["approximate"]}, geometry=regions.geometry.values, crs=4326),
    ], ignore_index=True)
    area_shapes["approximate"] = area_shapes["approximate"].fillna(False).astype(bool)
    outline = next((d.outline for d in data.values() if d.outline is not None), None)
    if outline is None:
        outline = shapely.union_all(areas[areas["level"] == 1].geometry.values)

    report.places, report.names = len(places), len(names)
    report.kinds = places["kind"].value_counts().to_dict()
    report.seconds = round(time.perf_counter() - started, 2)
    _write(cache_dir, places, names, build_keys(names), gpd.GeoDataFrame(area_shapes, crs=4326), regions,
           outline, manifest, report)
    return report


def _write(cache_dir: Path, places, names, keys, areas, regions, outline, manifest, report) -> None:
    try:
        cache_dir.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".building-", dir=cache_dir.parent))
        try:
            _write_files(tmp, places, names, keys, areas, regions, outline, manifest, report)
            _swap_in(tmp, cache_dir)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)  # only ever our own temp folder
    except OSError as exc:
        raise CacheError(f"cannot write the gazetteer cache in {cache_dir}: {exc}") from exc


def _write_files(tmp: Path, places, names, keys, areas, regions, outline, manifest, report) -> None:
    write_frame(tmp / "places.arrow", places)
    write_frame(tmp / "names.arrow", names)
    write_frame(tmp / "keys.arrow", keys[0])
    np.save(tmp / "key_rows.npy", keys[1])
    areas.to_parquet(tmp / "areas.parquet", index=False)
    # `line` (roads) is a second geometry column: stored as a GeoSeries so GeoParquet encodes it.
    regions.assign(line=gpd.GeoSeries(regions["line"].values, crs=4326)).to_parquet(
        tmp / "regions.parquet", index=False)
    (tmp / "outline.wkb").write_bytes(shapely.to_wkb(outline))
    (tmp / paths.CACHE_MARKER).write_text(
        "This folder is a syrmap gazetteer cache: syrmap deletes and rebuilds it as needed.\n", encoding="utf-8")
    built_at = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    manifest = {**manifest, "built_at": built_at, "report": asdict(report), "cache_files": file_stamps(tmp)}
    (tmp / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")


def _swap_in(tmp: Path, cache_dir: Path) -> None:
    """Rename the new cache into place; a previous cache is moved to a fresh temp name, then deleted.

    Anything in the old cache that syrmap did not write moves into the new one first: a rebuild
    deletes only its own files."""
    paths.check_cache_dir(cache_dir)  # under the build lock: nothing changed it since the build started
    if not cache_dir.exists():
        os.replace(tmp, cache_dir)
        return
    carried: list[str] = []
    old = Path(tempfile.mkdtemp(prefix=".replaced-", dir=cache_dir.parent))
    try:
        for entry in paths.foreign_entries(cache_dir):
            os.replace(entry, tmp / entry.name)  # same folder tree, so a rename: never copied
            carried.append(entry.name)
        os.replace(cache_dir, old)  # onto the empty folder just made: no name of the user's is touched
        try:
            os.replace(tmp, cache_dir)
        except OSError:
            os.replace(old, cache_dir)  # the previous cache goes back where it was
            raise
    except OSError:
        for name in carried:  # the caller deletes tmp: the user's entries must be out of it first
            os.replace(tmp / name, cache_dir / name)
        old.rmdir()
        raise
    shutil.rmtree(old, ignore_errors=True)
