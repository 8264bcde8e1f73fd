"""The one registry of result fields, and the one flattener from `Match` objects to columns.

Every place a result is shown or stored reads this list: `resolve_many` frames (all fields), the
``geo_*`` columns of tables and incidents (fields with ``table``), the map payload (fields with a
``key``) and the map popup rows (`POPUP_ROWS`). A new result field is one line here (and one
attribute on `Match`).

>>> [f.name for f in FIELDS][:4]
['query', 'normalized', 'lat', 'lon']
>>> FIELD["matched_name"].key, FIELD["matched_name"].label
('matched', 'Matched name')
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

    from gazetteer.types import Match

__all__ = [
    "Field", "FIELDS", "FIELD", "FIELD_NAMES", "TABLE_FIELDS", "PopupRow", "POPUP_ROWS",
    "flatten", "match_frame", "typed_column", "popup_spec",
]


@dataclass(frozen=True)
class Field:
    """One result field: its `Match` attribute, value type, meaning and labels.

    ``type`` is str, float, int (nullable) or json (a list, stored as JSON text in columns).
    ``table``: a ``geo_*`` column of geocoded tables and incidents (the query itself is already
    in the user's own columns). ``key``: the short name in the map payload ('' = not sent).
    """

    name: str
    type: str
    description: str
    label: str
    label_ar: str
    table: bool = True
    key: str = ""


FIELDS: tuple[Field, ...] = (
    Field("query", "str", "the text as given", "Query", "النص", table=False),
    Field("normalized", "str", "the text after normalization (what was matched)", "Normalized", "النص الموحد",
          table=False),
    Field("lat", "float", "latitude (WGS84), NaN when not located", "Latitude", "خط العرض"),
    Field("lon", "float", "longitude (WGS84), NaN when not located", "Longitude", "خط الطول"),
    Field("status", "str", "resolved, ambiguous, no_match, empty or outside_syria", "Status", "الحالة",
          key="status"),
    Field("method", "str", "how it was found: exact, variant, cross_script, fuzzy, context, admin_unit, "
          "region, axis, alias, relative (placed at the place said to contain it)", "Method", "الطريقة", key="method"),
    Field("confidence", "float", "0-1; >= 0.9 is right >= 97% of the time", "Confidence", "الثقة", key="conf"),
    Field("precision", "int", "ACLED geo_precision: 1 the place, 2 near it or a small area, 3 a large area",
          "Precision", "الدقة", key="prec"),
    Field("where_prec", "int", "UCDP where_prec: 1 exact place ... 4 admin-1, 6 country", "UCDP precision",
          "دقة UCDP"),
    Field("name", "str", "English name of the matched place", "Name", "الاسم", key="name"),
    Field("name_ar", "str", "Arabic name of the matched place", "Arabic name", "الاسم العربي", key="name_ar"),
    Field("matched_name", "str", "the gazetteer spelling that matched", "Matched name", "الاسم المطابق",
          key="matched"),
    Field("place_id", "str", "gazetteer id (geonames:…, ocha:…, adm:SY07, region:…)", "Place id", "معرف المكان",
          key="pid"),
    Field("kind", "str", "city, town, village, governorate, region kind …", "Kind", "النوع"),
    Field("adm1_pcode", "str", "governorate P-code", "Governorate code", "رمز المحافظة", key="adm1p"),
    Field("adm1_name", "str", "governorate name", "Governorate", "المحافظة", key="adm1"),
    Field("adm2_pcode", "str", "district P-code", "District code", "رمز المنطقة", key="adm2p"),
    Field("adm2_name", "str", "district name", "District", "المنطقة", key="adm2"),
    Field("adm3_pcode", "str", "sub-district P-code", "Sub-district code", "رمز الناحية"),
    Field("adm3_name", "str", "sub-district name", "Sub-district", "الناحية", key="adm3"),
    Field("alternatives", "json", "up to 5 runners-up (place_id, name, name_ar, kind, lat, lon, score, adm1_name)",
          "Alternatives", "البدائل"),
    Field("reason", "str", "why this status: the doubt, the fallback, what was not found", "Note", "ملاحظة",
          key="reason"),
)
FIELD = {f.name: f for f in FIELDS}
FIELD_NAMES = tuple(FIELD)
TABLE_FIELDS = tuple(f for f in FIELDS if f.table)


@dataclass(frozen=True)
class PopupRow:
    """One row of the map popup: the fields it joins, in order; the label is the first field's unless given.

    ``prefix`` puts a word before a field's value ("confidence 0.93"); ``unless_text`` hides the row
    when it only repeats the row's original place text.
    """

    fields: tuple[str, ...]
    label: str = ""
    label_ar: str = ""
    sep: str = " · "
    prefix: tuple[tuple[str, str], ...] = ()
    unless_text: bool = False


POPUP_ROWS: tuple[PopupRow, ...] = (
    PopupRow(("matched_name",), unless_text=True),
    PopupRow(("status", "method", "confidence"), prefix=(("confidence", "confidence "),)),
    PopupRow(("precision",)),  # the page adds the level's meaning and, for areas, the area's shape
    PopupRow(("adm3_name", "adm2_name", "adm1_name"), "Admin", "التقسيم الإداري", sep=", "),
    PopupRow(("reason",)),
)


def popup_spec() -> dict[str, Any]:
    """What the map page needs to draw popups: every payload key and the rows, labels included."""
    rows = []
    for row in POPUP_ROWS:
        first = FIELD[row.fields[0]]
        prefix = dict(row.prefix)
        rows.append({
            "label": row.label or first.label,
            "label_ar": row.label_ar or first.label_ar,
            "keys": [FIELD[f].key for f in row.fields],
            "prefix": [prefix.get(f, "") for f in row.fields],
            "digits": [2 if FIELD[f].type == "float" else None for f in row.fields],
            "sep": row.sep,
            "unless_text": row.unless_text,
        })
    return {"keys": [f.key for f in FIELDS if f.key], "rows": rows}


def _value(match: Match, name: str) -> Any:
    return match.alternatives_json() if name == "alternatives" else getattr(match, name)


def flatten(matches: Iterable[Match], fields: Sequence[Field] = FIELDS) -> dict[str, list[Any]]:
    """Column-wise plain values of these fields (alternatives as JSON text): no pandas needed."""
    matches = list(matches)
    return {f.name: [_value(m, f.name) for m in matches] for f in fields}


def typed_column(values: Any, field: Field | str) -> pd.Series:
    """A column in its field's type: float64, nullable Int64, or text ('' for none)."""
    import pandas as pd

    f = FIELD[field] if isinstance(field, str) else field
    values = values if isinstance(values, pd.Series) else pd.Series(list(values), dtype=object)
    if f.type == "float":
        return pd.to_numeric(values, errors="coerce").astype("float64")
    if f.type == "int":
        return pd.to_numeric(values, errors="coerce").astype("Int64")
    return values.fillna("").astype(str)


def match_frame(
    matches: Iterable[Match], *, fields: Sequence[Field] = FIELDS, prefix: str = "", index: Any = None
) -> pd.DataFrame:
    """One typed row per Match: the registry's fields as columns (named ``prefix + field``)."""
    import pandas as pd

    flat = flatten(matches, fields)
    n = len(next(iter(flat.values()), []))
    index = pd.RangeIndex(n) if index is None else index
    columns = {}
    for f in fields:
        col = typed_column(pd.Series(flat[f.name], dtype=object), f)
        col.index = index
        columns[prefix + f.name] = col
    return pd.DataFrame(columns, index=index)

