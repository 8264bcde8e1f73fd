"""Geocode event tables: every input row comes back, in order and unchanged, plus ``geo_*`` columns.

Each distinct (place, admin hints) is resolved once through the gazetteer's ``match_many`` — once per
run, not per chunk, so a streamed million-row file with ten thousand distinct names costs ten
thousand resolutions. Rows without a usable place fall back honestly: an admin hint gives the
admin unit's centroid (method ``admin_unit``, precision 3) and the status still says the place
itself was empty or not found.
"""

from __future__ import annotations

import math
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from gazetteer.fileio import refuse_input_as_output
from gazetteer.geodesy import haversine_km
from gazetteer.geography import ADMIN_KINDS, ADMIN_LEVEL_KIND
from gazetteer.precision import precision_for
from gazetteer.protocol import or_default
from gazetteer.query import is_placeholder
from gazetteer.types import Match
from geo.columns import ColumnPlan, detect_columns, output_suffix
from geo.dask_engine import is_dask_frame
from geo.fields import AUDIT_FIELDS, GEO_COLUMNS, match_columns
from geo.table_io import TableSource, TableWriter, has_utf8_bom, iter_table

if TYPE_CHECKING:
    from gazetteer.protocol import GazetteerLike

__all__ = ["GEO_COLUMNS", "GeocodeSummary", "geocode_file", "geocode_table"]

_UNRESOLVED = ("no_match", "outside_syria")
# geo_confidence of a row placed at an admin unit's centroid because its own place was empty or not
# found: how sure the point is the place named, i.e. barely (a governorate is ~10,000 km²); smaller
# units a little more. Never the confidence of having recognised the unit's name.
_FALLBACK_CONFIDENCE = {"governorate": 0.1, "district": 0.2, "subdistrict": 0.3}
_BATCH = 2_000  # distinct keys per resolve_many call, so progress moves on long runs
Progress = Callable[[int, "int | None"], None]
Key = tuple[str, str, str, str]


def clean_cell(value: object) -> str:
    """A cell as place text, stripped; "" for missing cells and placeholders ("unknown", "-", "غير معروف")."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    text = " ".join(str(value).split())
    return "" if is_placeholder(text) else text


@dataclass
class GeocodeSummary:
    """What a run did: row counts by status, the names an analyst should fix, and the time taken."""

    plan: ColumnPlan | None = None
    rows: int = 0
    statuses: Counter[str] = field(default_factory=Counter)
    admin_fallback: int = 0
    unresolved: Counter[str] = field(default_factory=Counter)
    ambiguous: Counter[str] = field(default_factory=Counter)
    distinct: int = 0
    seconds: float = 0.0
    suffix: str = ""  # appended to our column names because the input already used some of them

    @property
    def failed(self) -> int:
        """Rows whose non-empty place text was not found in Syria (no_match or outside_syria)."""
        return sum(self.unresolved.values())

    def lines(self, top: int = 10) -> list[str]:
        """The summary as short lines for stderr."""
        counts = ", ".join(f"{s} {self.statuses.get(s, 0)}" for s in
                           ("resolved", "ambiguous", "no_match", "outside_syria", "empty"))
        out = [f"note: the table already has some of our column names (e.g. ACLED's geo_precision); "
               f"ours end in {self.suffix!r} (geo_lat{self.suffix} ...)"] if self.suffix else []
        out += [f"{self.rows} rows ({self.distinct} distinct place/hint combinations) "
               f"in {self.seconds:.1f} s: {counts}; {self.admin_fallback} placed at an admin-unit centroid"]
        for title, counter in (("top unresolved", self.unresolved), ("top ambiguous", self.ambiguous)):
            if counter:
                out.append(f"{title}: " + ", ".join(f"{name!r} x{n}" for name, n in counter.most_common(top)))
        return out


def _empty_match(raw: object) -> Match:
    text = "" if raw is None or (isinstance(raw, float) and math.isnan(raw)) else " ".join(str(raw).split())
    reason = f"{text!r} is a placeholder, not a place" if text else "no place name in this row"
    return Match(query=text, status="empty", reason=reason)


class _Geocoder:
    """Resolves chunks of one table; the memo of distinct keys lives as long as the run."""

    def __init__(self, plan: ColumnPlan, *, suffix: str | None, progress: Progress | None,
                 total: int | None = None, chosen: bool = False, gazetteer: GazetteerLike | None = None) -> None:
        self.plan, self.progress, self.total = plan, progress, total
        self.gazetteer = gazetteer
        self.names = [f"{c}{suffix or ''}" for c in GEO_COLUMNS]
        self.audit = [f"geo_{f}{suffix or ''}" for f in AUDIT_FIELDS] if plan.coords else []
        self.memo: dict[Key, Match] = {}
        self.admin_memo: dict[tuple[str, str, str], Match | None] = {}
        # `chosen`: syrmap picked the suffix itself because a name was taken, so the summary says so.
        self.summary = GeocodeSummary(plan=plan, suffix=(suffix or "") if chosen else "")
        self.started = time.perf_counter()

    def distances(self, df: pd.DataFrame, out: pd.DataFrame) -> pd.DataFrame:
        """``geo_distance_km``: km from our point to the input's own (NaN where either is missing)."""
        lat_col, lon_col = self.plan.coords  # type: ignore[misc]
        lat, lon = (pd.to_numeric(df[c], errors="coerce").to_numpy(dtype=float) for c in (lat_col, lon_col))
        km = haversine_km(out[self.names[0]].to_numpy(dtype=float), out[self.names[1]].to_numpy(dtype=float),
                          lat, lon)
        return pd.DataFrame({self.audit[0]: np.round(km, 3)}, index=out.index)

    def _admin(self, hints: tuple[str, str, str]) -> Match | None:
        """The centroid Match of the most specific admin hint that resolves, memoised."""
        if hints in self.admin_memo:
            return self.admin_memo[hints]
        gz, found = or_default(self.gazetteer), None
        a1, a2, a3 = hints
        for level, text, ctx in ((3, a3, {"admin1": a1 or None, "admin2": a2 or None}),
                                 (2, a2, {"admin1": a1 or None}), (1, a1, {})):
            if not text:
                continue
            for kinds in ((ADMIN_LEVEL_KIND[level],), tuple(ADMIN_LEVEL_KIND.values())):
                match = gz.resolve(text, kinds=kinds, **ctx)
                if match.status == "resolved" and match.ok:
                    found = (level, match)
                    break
            if found:
                break
        unit = None
        if found:
            level, m = found
            # An event somewhere in the unit: ACLED 3, and the UCDP code of the unit's level.
            kind = m.kind if m.kind in ADMIN_KINDS else ADMIN_LEVEL_KIND[level]
            unit = replace(m, method="admin_unit", precision=3,
                           confidence=min(m.confidence, _FALLBACK_CONFIDENCE.get(kind, 0.1)),
                           where_prec=precision_for(kind)[1],
                           matched_name="", alternatives=(),
                           reason=f"placed at the centroid of {m.name or m.name_ar!r} from column "
                                  f"{self.plan.admin[level]!r}")
        self.admin_memo[hints] = unit
        return unit

    def _with_fallback(self, match: Match, hints: tuple[str, str, str]) -> Match:
        if match.status not in ("empty", "no_match") or match.ok or not any(hints):
            return match
        unit = self._admin(hints)
        if unit is None:
            return match
        # The point is the unit's; what was (not) found about the place itself stays.
        return replace(unit, query=match.query, normalized=match.normalized, status=match.status,
                       alternatives=match.alternatives,
                       reason="; ".join(r for r in (match.reason, unit.reason) if r))

    def _resolve(self, keys: list[Key], raws: dict[Key, object], weights: dict[Key, int], done: int) -> None:
        """Fill the memo for keys not seen yet, in batches, reporting progress in rows."""
        todo = [k for k in keys if k not in self.memo]
        for key in todo:
            if not key[0]:
                self.memo[key] = self._with_fallback(_empty_match(raws[key]), key[1:])
        todo = [k for k in todo if k not in self.memo]
        done += sum(weights[k] for k in keys if k in self.memo)
        gz = or_default(self.gazetteer)
        for start in range(0, len(todo), _BATCH):
            batch = todo[start:start + _BATCH]
            hints = {lvl: [k[lvl] or None for k in batch] if lvl in self.plan.admin else None
                     for lvl in (1, 2, 3)}
            matches = gz.match_many([k[0] for k in batch], admin1=hints[1], admin2=hints[2], admin3=hints[3])
            for key, match in zip(batch, matches, strict=True):
                self.memo[key] = self._with_fallback(match, key[1:])
            done += sum(weights[k] for k in batch)
            if self.progress:
                self.progress(done, self.total)

    def run(self, df: pd.DataFrame, *, geometry: bool = True) -> pd.DataFrame:
        """Geocode one chunk: the chunk's columns unchanged plus the geo_* columns (and a point geometry)."""
        n = len(df)
        cols = [self.plan.place] + [self.plan.admin.get(lvl) for lvl in (1, 2, 3)]
        codes = [pd.factorize(df[c] if c else pd.Series([""] * n, index=df.index), use_na_sentinel=False)
                 for c in cols]
        combined = np.zeros(n, dtype=np.int64)
        for c, uniq in codes:
            # Re-factorize after each column so the combined code stays below the row count (no overflow).
            combined = pd.factorize(combined * max(len(uniq), 1) + c)[0].astype(np.int64)
        row_codes = combined
        firsts = np.unique(row_codes, return_index=True)[1]  # codes count up in order of first appearance
        counts = np.bincount(row_codes, minlength=len(firsts))
        keys: list[Key] = []
        raws: dict[Key, object] = {}
        weights: Counter[Key] = Counter()
        # Plain Python values of each distinct combination, taken column-wise (element access on
        # pandas/Arrow arrays is slow at a few hundred thousand combinations).
        columns = [np.asarray(uniq, dtype=object)[c[firsts]].tolist() for c, uniq in codes]
        for values, count in zip(zip(*columns, strict=True), counts.tolist(), strict=True):
            key = tuple(clean_cell(v) for v in values)
            keys.append(key)  # type: ignore[arg-type]
            raws.setdefault(key, values[0])  # type: ignore[arg-type]
            weights[key] += count  # type: ignore[index]
        self._resolve(list(dict.fromkeys(keys)), raws, weights, self.summary.rows)
        self._count(keys, counts)
        out = match_columns([self.memo[k] for k in keys]).take(row_codes)
        out.columns, out.index = self.names, df.index
        if self.audit:
            out = pd.concat([out, self.distances(df, out)], axis=1)
        result = pd.concat([df, out], axis=1)
        self.summary.rows += n
        self.summary.seconds = time.perf_counter() - self.started
        if self.progress:
            self.progress(self.summary.rows, self.total)
        return _with_geometry(df, result, out, self.names) if geometry else result

    def _count(self, keys: list[Key], counts: np.ndarray) -> None:
        s = self.summary
        for key, count in zip(keys, counts, strict=True):
            match = self.memo[key]
            s.statuses[match.status] += int(count)
            if match.method == "admin_unit":
                s.admin_fallback += int(count)
            if match.status in _UNRESOLVED:
                s.unresolved[key[0]] += int(count)
            elif match.status == "ambiguous":
                s.ambiguous[key[0]] += int(count)
        s.distinct = len(self.memo)


def table_suffix(columns: Iterable[object], suffix: str | None = None) -> str:
    """The suffix for our columns on a table with these `columns` (`geo.columns.output_suffix`)."""
    return output_suffix(columns, (*GEO_COLUMNS, *(f"geo_{f}" for f in AUDIT_FIELDS)), suffix)


def _with_geometry(df: pd.DataFrame, result: pd.DataFrame, geo: pd.DataFrame, names: list[str]) -> Any:
    """A GeoDataFrame: the input's own geometry stays active if it had one, else the geocoded point."""
    import geopandas as gpd
    import shapely

    if isinstance(df, gpd.GeoDataFrame) and df.geometry.name in df.columns:
        return gpd.GeoDataFrame(result, geometry=df.geometry.name, crs=df.crs)
    lon, lat = geo[names[1]].to_numpy(), geo[names[0]].to_numpy()
    points = shapely.points(np.column_stack([lon, lat]))
    points[~(np.isfinite(lon) & np.isfinite(lat))] = None
    name = "geometry" if "geometry" not in result.columns else "geo_geometry"
    result[name] = gpd.GeoSeries(points, index=result.index, crs="EPSG:4326")
    return gpd.GeoDataFrame(result, geometry=name, crs="EPSG:4326")


def geocode_table(
    df: pd.DataFrame,
    *,
    column: str | None = None,
    admin_columns: Mapping[int, str | None] | None = None,
    suffix: str | None = None,
    progress: Progress | None = None,
    geometry: bool = True,
    gazetteer: GazetteerLike | None = None,
) -> Any:
    """Geocode a table: every row, in order, every column unchanged, plus ``geo_*`` columns.

    ``column`` names the place column and ``admin_columns`` maps level 1-3 to hint columns (None:
    auto-detect). ``suffix`` is appended to the new column names; by default none, or the first
    free ``_2``, ``_3`` ... when the table already has one of our names (`geo.columns.output_suffix`).
    A table with its own latitude/longitude also gets ``geo_distance_km`` to our point.
    ``progress(rows_done, rows_total)`` is called as work advances; ``gazetteer`` defaults to
    ``gazetteer.load()``. Returns a
    GeoDataFrame whose geometry is the input's own if it had one, else the geocoded point
    (``geometry``, None where not located); a plain DataFrame when ``geometry`` is False. A dask
    DataFrame in gives a lazy one out, geocoded partition by partition (`geo.dask_engine`).
    """
    if is_dask_frame(df):
        from geo.dask_engine import geocode_dask

        return geocode_dask(df, column=column, admin_columns=admin_columns, suffix=suffix, geometry=geometry)
    plan = detect_columns(df.columns, column=column, admin_columns=admin_columns)
    geocoder = _Geocoder(plan, suffix=table_suffix(df.columns, suffix), progress=progress, total=len(df),
                         chosen=suffix is None, gazetteer=gazetteer)
    return geocoder.run(df, geometry=geometry)


def geocode_file(
    source: TableSource,
    output: str | Path,
    *,
    column: str | None = None,
    admin_columns: Mapping[int, str | None] | None = None,
    sheet: str | None = None,
    encoding: str | None = None,
    suffix: str | None = None,
    force: bool = False,
    chunk_rows: int = 100_000,
    progress: Progress | None = None,
    log: Callable[[str], None] | None = None,
    excel: bool = False,
    gazetteer: GazetteerLike | None = None,
) -> GeocodeSummary:
    """Geocode a table file into another, streaming CSV/Parquet in chunks so memory stays bounded.

    The output format follows its extension (``-``: CSV on stdout); it is written to a temp file
    and renamed into place, and an existing file is kept unless ``force``. ``log`` receives one-line
    notes (the detected columns). CSV/TSV output starts with a UTF-8 BOM when the input did or
    ``excel`` is set. Returns the run's summary.
    """
    refuse_input_as_output(output, source)
    # CSV output starts with a UTF-8 BOM when the input did, or when asked (`excel`: Excel then reads Arabic).
    writer = TableWriter(output, force=force, bom=excel or has_utf8_bom(source))
    try:
        geocoder: _Geocoder | None = None
        spatial_out = writer.fmt in ("geojson", "gpkg")
        for chunk in iter_table(source, sheet=sheet, encoding=encoding, chunk_rows=chunk_rows):
            if geocoder is None:
                plan = detect_columns(chunk.columns, column=column, admin_columns=admin_columns)
                geocoder = _Geocoder(plan, suffix=table_suffix(chunk.columns, suffix), progress=progress,
                                     chosen=suffix is None, gazetteer=gazetteer)
                if log:
                    log(plan.describe())
            result = geocoder.run(chunk, geometry=spatial_out)
            writer.write(result)
        writer.close()
    except BaseException:
        writer.abort()
        raise
    assert geocoder is not None  # iter_table always yields at least one frame
    return geocoder.summary
