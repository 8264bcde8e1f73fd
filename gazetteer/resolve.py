"""Resolve place text to a `Match`: find candidates by key, score names, rank places with context.

Examples
--------
>>> m = resolve("Kfar Nobol", admin1="Idleb")
>>> (m.name, m.status)
('Kafr Nabl', 'resolved')
>>> resolve("كفرنبل").place_id == m.place_id
True
>>> resolve("").status
'empty'
>>> resolve("Xqzzyv").status
'no_match'
"""

from __future__ import annotations

import dataclasses
import functools
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process

from gazetteer.aliases import Aliases, default_aliases
from gazetteer.collector import collector_paused
from gazetteer.geodesy import haversine_km
from gazetteer.geography import ADMIN_KIND_LEVEL, ADMIN_KINDS, area_km2
from gazetteer.hints import AdminHints, admin_hints, hint_text, near_points
from gazetteer.index import Gazetteer, load
from gazetteer.keys import distinct, fuzzy_keys, runs, skeleton_keys, strong_keys
from gazetteer.kinds import POI_KINDS
from gazetteer.normalize import arabic_proclitics, normalize, script_of, skeletons, strip_arabic_article, variant_key
from gazetteer.outside import outside_match
from gazetteer.precision import precision_for
from gazetteer.query import MAX_NAME_CHARS, MIN_NAME_CHARS, ParsedQuery, is_placeholder, parse_query
from gazetteer.relative import ROAD_END_CONFIDENCE, is_capital, km_outside, placed_at, road_between
from gazetteer.types import Alternative, Match, assemble

__all__ = ["resolve", "resolve_batch", "resolve_place_id", "candidates", "Candidate"]

AREA_KINDS = frozenset({"governorate", "district", "subdistrict", "countryside", "mountain", "plain", "front",
                        "road", "city_district", "area"})
REGION_KINDS = AREA_KINDS - ADMIN_KINDS
SETTLEMENT_KINDS = frozenset({"city", "town", "village", "neighbourhood"})
# Below this name score a candidate is not offered at all.
MIN_NAME_SCORE = 72.0
# Two places whose totals are closer than this are a tie the caller must hear about.
TIE_MARGIN = 6.0
# Names this short (letters) are easily another word when spelled differently.
SHORT_NAME = 5
# Places closer than this are the same spot for the purpose of ambiguity.
SAME_SPOT_KM = 6.0
# Highest confidence of a place that lies beyond the border tolerance of a hinted admin unit while
# other places of that name exist: the hint or the name is wrong, and we cannot tell which.
OUTSIDE_HINT_CONFIDENCE = 0.25


@dataclass(slots=True)
class Candidate:
    """One place considered for a query, with the evidence behind its score (`total`: name score plus
    context points, once ranked)."""

    place: int
    name_row: int
    name_score: float
    method: str
    total: float = 0.0


def _arabic_forms(name: str) -> list[tuple[str, float]]:
    """The query and its forms without a leading clitic (و ب ل ف ك) or article, each with a small penalty."""
    forms = [(name, 0.0)]
    norm = normalize(name)
    if script_of(norm) != "ar":
        return forms
    first, _, rest = norm.partition(" ")
    for prefix in arabic_proclitics():
        if first.startswith(prefix) and len(first) > 3:
            forms.append(((first[1:] + " " + rest).strip(), 3.0))
    stripped = strip_arabic_article(first)
    if stripped != first:
        forms.append(((stripped + " " + rest).strip(), 1.0))
    return forms


# Method codes of the vectorized name scorer, best method first (a lower code wins a tie).
_METHODS = ("exact", "variant", "cross_script", "fuzzy")
# Which keys found a (query form, name row) pair: bit flags, OR-ed when several did. The exact key finds
# exactly the rows of the form's normal form (every name is keyed by its own), so it marks the exact pairs.
_BY_EXACT, _BY_VARIANT, _BY_SKELETON, _BY_FUZZY = 1, 2, 4, 8
_BY_STRONG = _BY_EXACT | _BY_VARIANT
_FLAGS = 16  # owner codes are form * _FLAGS + flag


@dataclass
class _Forms:
    """The spellings looked up for a batch of texts (each text's `_arabic_forms`), one entry per form."""

    form: list[str]
    text: np.ndarray  # which of the texts a form belongs to
    penalty: np.ndarray
    norm: np.ndarray
    vkey: np.ndarray
    script: np.ndarray
    skels: list[frozenset[str]]

    def script_code(self) -> np.ndarray:
        """The forms' scripts as `_script_codes` numbers (-2 for one no name has)."""
        return np.array([_SCRIPT_CODES.get(s, -2) for s in self.script.tolist()], dtype=np.int8)

    @classmethod
    def of(cls, texts: list[str]) -> _Forms:
        owner, penalty, forms = [], [], []
        for i, text in enumerate(texts):
            for form, pen in _arabic_forms(text):
                owner.append(i)
                penalty.append(pen)
                forms.append(form)
        return cls(forms, np.array(owner, dtype=np.int64), np.array(penalty, dtype=np.float64),
                   np.array([normalize(f) for f in forms], dtype=object),
                   np.array([variant_key(f) for f in forms], dtype=object),
                   np.array([script_of(f) for f in forms], dtype=object), [skeletons(f) for f in forms])


def _pairs(gz: Gazetteer, forms: _Forms) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(form, name row, key flags) of every name a form's keys find, sorted by form then row, distinct.

    A row shares the form's name or variant key exactly when that key finds it (names are keyed by their
    own norm and vkey), so only forms with no such row look up the looser deletion keys as well.
    """
    keys, owner = [], []
    for f, form in enumerate(forms.form):
        exact, variant = strong_keys(form)
        skels = skeleton_keys(forms.skels[f])
        keys += (exact, variant, *skels)
        owner += (f * _FLAGS + _BY_EXACT, f * _FLAGS + _BY_VARIANT, *[f * _FLAGS + _BY_SKELETON] * len(skels))
    own, rows = gz.keys.lookup_pairs(keys, np.array(owner, dtype=np.int64))
    strong = np.zeros(len(forms.form), dtype=bool)
    strong[own[(own % _FLAGS & _BY_STRONG) > 0] // _FLAGS] = True
    keys, owner = [], []
    for f in np.flatnonzero(~strong).tolist():
        found = fuzzy_keys(forms.skels[f])
        keys.extend(found)
        owner.extend([f * _FLAGS + _BY_FUZZY] * len(found))
    if keys:
        more_own, more_rows = gz.keys.lookup_pairs(keys, np.array(owner, dtype=np.int64))
        own, rows = np.concatenate((own, more_own)), np.concatenate((rows, more_rows))
    n = len(gz.name_place)
    pair = (own // _FLAGS) * n + rows
    order = np.argsort(pair, kind="stable")
    pair, how = pair[order], (own % _FLAGS)[order]
    if not len(pair):
        return pair, pair, pair
    first = np.flatnonzero(np.concatenate(([True], pair[1:] != pair[:-1])))
    return pair[first] // n, pair[first] % n, np.bitwise_or.reduceat(how, first)


def _kind_filter(gz: Gazetteer, kinds: list[frozenset[str] | None], form_text: np.ndarray, form: np.ndarray,
                 rows: np.ndarray) -> np.ndarray:
    """Which (form, row) pairs name a place of a kind its text allows (all when the text sets no kinds)."""
    names, code = gz.cached("kind_codes", _kind_codes)
    keep = np.ones(len(rows), dtype=bool)
    pair_text = form_text[form]
    for group in set(kinds) - {None}:
        allowed = np.array([k in group for k in names], dtype=bool)
        mine = np.array([k == group for k in kinds], dtype=bool)[pair_text]
        keep[mine] = allowed[code[gz.name_place[rows[mine]]]]
    return keep


def _kind_codes(gz: Gazetteer) -> tuple[list[str], np.ndarray]:
    names = sorted(set(gz.kind.tolist()))
    at = {k: i for i, k in enumerate(names)}
    return names, np.fromiter((at[k] for k in gz.kind.tolist()), dtype=np.int64, count=len(gz.kind))


def _name_scores(gz: Gazetteer, forms: _Forms, form: np.ndarray, rows: np.ndarray, exact: np.ndarray,
                 shared: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(scores 0–100, method codes into _METHODS) of these (form, name row) pairs, all at once.

    `exact` marks the pairs whose name has the form's normal form (found by its exact key), `shared` those
    that share a consonant skeleton (found by the form's skeleton keys).
    Same name: 100, exact. Same script: the same variant key is 97; the same skeleton with other
    vowels a variant worth as much as the vowels agree (55 + 0.4 ratio); else the ratio, fuzzy.
    Across scripts: the best skeleton ratio, scaled down for short skeletons (a two-letter skeleton
    matches hundreds of names).
    """
    score = np.zeros(len(rows))
    code = np.full(len(rows), 3, dtype=np.int8)  # fuzzy
    if len(rows) > _SCRIPT_CODES_AFTER:
        same = _script_codes(gz)[rows] == forms.script_code()[form]
    else:  # a few names: comparing their strings costs less than coding every name's script once
        same = gz.name_script[rows] == forms.script[form]
    same &= ~exact
    cross = ~(exact | same)
    score[exact], code[exact] = 100.0, 0
    if same.any():
        vkeys, q_vkeys = gz.name_vkey[rows[same]], forms.vkey[form[same]]
        ratio = process.cpdist(q_vkeys, vkeys, scorer=fuzz.ratio, dtype=np.float64, workers=1)
        overlap = shared[same]
        s = np.where(overlap, 55.0 + 0.4 * ratio, ratio * 0.97)
        c = np.where(overlap & (ratio >= 75), 1, 3)
        variant = vkeys == q_vkeys
        s[variant], c[variant] = 97.0, 1
        score[same], code[same] = s, c
    if cross.any():
        score[cross], code[cross] = _cross_scores(gz, forms, form[cross], rows[cross])
    return score, code


def _script_codes(gz: Gazetteer) -> np.ndarray:
    """Per name row: its script as a small integer (`_SCRIPT_CODES`), compared by the million."""
    return gz.cached("script_codes", lambda g: np.array([_SCRIPT_CODES.get(s, -1) for s in g.name_script.tolist()],
                                                        dtype=np.int8))


# The scripts a name is stored with (`normalize.script_of`); any other never equals a name's.
_SCRIPT_CODES = {"ar": 0, "latn": 1, "": 2}
# Pairs compared as script strings before the names' script codes (~15 ms to build) are worth building.
_SCRIPT_CODES_AFTER = 20_000


def _cross_scores(gz: Gazetteer, forms: _Forms, form: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Across scripts: each pair's best ratio over (form skeleton, name skeleton) combinations, scaled by the
    form's shortest skeleton; method cross_script when some skeleton is the same, else fuzzy."""
    q_count = np.array([len(s) for s in forms.skels], dtype=np.int64)
    shortest = np.array([min(map(len, s)) if s else 0 for s in forms.skels])
    scale = np.where(shortest >= 4, 0.93, np.where(shortest == 3, 0.88, 0.8))
    best = np.zeros(len(rows))
    has = q_count[form] > 0
    if has.any():
        q_flat = np.array([x for s in forms.skels for x in s], dtype=object)
        q_start = np.cumsum(q_count) - q_count
        # A batch meets the same name rows from many forms: split each row's skeletons once (one form
        # meets each row once).
        met, which = distinct(rows[has]) if len(forms.form) > 1 else (rows[has], np.arange(int(has.sum())))
        flat, starts = gz.skeleton_rows(met)
        counts = np.diff(np.append(starts, len(flat)))
        starts, counts = starts[which], counts[which]
        skel_at = runs(starts, counts)  # each pair's name skeletons, laid end to end
        # Every (form skeleton, name skeleton) combination of a pair.
        item_form = np.repeat(form[has], counts)
        per_item = q_count[item_form]
        item = np.repeat(skel_at, per_item)
        q_at = runs(q_start[item_form], per_item)
        ratios = process.cpdist(q_flat[q_at], flat[item], scorer=fuzz.ratio, dtype=np.float64, workers=1)
        combos = counts * q_count[form[has]]
        best[has] = np.maximum.reduceat(ratios, np.cumsum(combos) - combos)
    return best * scale[form], np.where(best == 100, 2, 3)


# One text's candidates: (places, name rows, name scores, method codes), aligned arrays.
_Found = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]


def _candidate_arrays(gz: Gazetteer, texts: list[str], kinds: list[frozenset[str] | None],
                      limit: int | None = None) -> list[_Found]:
    """For each text (places of `kinds` only, unless None): (places, name rows, name scores, method codes),
    best name score first (no context applied). All texts' forms are keyed, found and scored together."""
    if not texts:  # most batches of one have no qualifier, and need no second look-up of the raw text
        return []
    forms = _Forms.of(texts)
    form, rows, how = _pairs(gz, forms)
    if any(k is not None for k in kinds):
        keep = _kind_filter(gz, kinds, forms.text, form, rows)
        form, rows, how = form[keep], rows[keep], how[keep]
    scores, codes = _name_scores(gz, forms, form, rows, (how & _BY_EXACT) > 0, (how & _BY_SKELETON) > 0)
    scores -= forms.penalty[form]
    keep = scores >= MIN_NAME_SCORE
    form, rows, scores, codes = form[keep], rows[keep], scores[keep], codes[keep]
    place = gz.name_place[rows].astype(np.int64)
    # Per form, each place's best row (highest score, then the better method, then the first row), the
    # places in the order their first row comes ...
    best, first_row = _best_per_group(form, place, scores, codes, rows)
    in_order = best[np.lexsort((first_row, form[best]))]
    # ... then per text, each place's best form (ties: the first form), placed where it first appeared;
    # the pairs are now in (form, first row) order, so an earlier position is an earlier appearance.
    text = forms.text[form[in_order]]
    if len(forms.form) == len(texts):  # one form per text: a place is already met once per text
        at, position = np.arange(len(in_order)), np.arange(len(in_order))
    else:
        at, position = _best_per_group(text, place[in_order], scores[in_order], codes[in_order],
                                       np.arange(len(in_order)))
    chosen = in_order[at]
    ranked = chosen[np.lexsort((position, -scores[chosen], text[at]))]
    bounds = np.searchsorted(forms.text[form[ranked]], np.arange(len(texts) + 1)).tolist()
    place, rows, scores, codes = place[ranked], rows[ranked], scores[ranked], codes[ranked]
    out = []
    for start, stop in zip(bounds[:-1], bounds[1:], strict=True):  # each text's run, as views
        stop = stop if limit is None else min(stop, start + limit)
        out.append((place[start:stop], rows[start:stop], scores[start:stop], codes[start:stop]))
    return out


# Entries sorted on their keys as given before folding keys pays (fewer keys, more arithmetic per sort).
_FOLD_KEYS_AFTER = 2_000


def _folded(keys: tuple[np.ndarray, ...], pairs: tuple[int, ...]) -> tuple[np.ndarray, ...]:
    """np.lexsort `keys` (least significant first) with, on long arrays, each pair (keys[i], keys[i + 1]) of
    non-negative integer keys listed in `pairs` folded into one integer that sorts alike: fewer sort keys
    for the same order."""
    if len(keys[0]) <= _FOLD_KEYS_AFTER:
        return keys
    out, skip = [], set()
    for i, key in enumerate(keys):
        if i in skip:
            continue
        if i in pairs:
            low, high = key.astype(np.int64), keys[i + 1].astype(np.int64)
            out.append(high * (int(low.max()) + 1) + low)
            skip.add(i + 1)
        else:
            out.append(key)
    return tuple(out)


def _best_per_group(group: np.ndarray, member: np.ndarray, score: np.ndarray, code: np.ndarray,
                    order: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each (group, member): the index of its best entry (highest score, then lowest code, then lowest
    `order`) and the lowest `order` among its entries; both in (group, member) order."""
    if not len(group):
        return np.empty(0, np.int64), np.empty(0, np.int64)
    by = np.lexsort(_folded((order, code, -score, member, group), (0, 3)))
    g, m = group[by], member[by]
    first = np.flatnonzero(np.concatenate(([True], (g[1:] != g[:-1]) | (m[1:] != m[:-1]))))
    return by[first], np.minimum.reduceat(order[by], first)


def candidates(text: str, *, gazetteer: Gazetteer | None = None, kinds: Iterable[str] | None = None,
               limit: int | None = None) -> list[Candidate]:
    """Places whose names could be `text`, best name score first (no context applied)."""
    gz = gazetteer or load()
    found = _candidate_arrays(gz, [text], [frozenset(kinds) if kinds else None], limit)[0]
    return _as_candidates(found)


def _as_candidates(found: _Found) -> list[Candidate]:
    return [Candidate(p, r, s, _METHODS[c]) for p, r, s, c in zip(*(a.tolist() for a in found), strict=True)]


def _place_terms(gz: Gazetteer) -> dict[str, np.ndarray]:
    """Per place: the context points that depend on the place alone, and its kind's class memberships."""
    names, code = gz.cached("kind_codes", _kind_codes)

    def member(group: frozenset[str]) -> np.ndarray:
        return np.array([k in group for k in names], dtype=bool)[code]

    return {
        "population": np.array([min(6.5, math.log10(float(n) + 1.0)) for n in gz.population.tolist()]),
        "sources": 1.5 * np.minimum(gz.n_sources - 1, 3),
        # The catalogues are curated for the names reports use (a same-named point is likelier noise);
        # roundabouts and schools from the Syrian Archive lists are rarely what a bare name means; a shrine
        # or ruin named like a village is not the village: it needs evidence to win.
        "curated": np.where(gz.curated, 8.0, np.where(member(POI_KINDS | {"landmark"}), -6.0, 0.0)),
        "region": member(REGION_KINDS), "settlement": member(SETTLEMENT_KINDS), "admin": member(ADMIN_KINDS),
        "area": member(AREA_KINDS),
    }


def _context_scores(gz: Gazetteer, queries: list[_Query], p: np.ndarray, owner: np.ndarray,
                    name_score: np.ndarray) -> np.ndarray:
    """Points for agreeing with admin hints, the stated kind, size, attestation and nearness, for every
    candidate (place `p[i]` of query `owner[i]`) of every query.

    All candidates at once; the terms are added in one fixed order so that totals (and ties) do not
    depend on how many candidates or queries there are (a query's absent term adds 0).
    """
    terms = gz.cached("place_terms", _place_terms)
    score = np.zeros(len(p))
    for level, weight, penalty in ((1, 14.0, 28.0), (2, 8.0, 6.0), (3, 4.0, 2.0)):
        hinted = [q.hints.codes.get(level) for q in queries]
        if not any(hinted):
            continue
        at = np.flatnonzero(np.array([bool(c) for c in hinted], dtype=bool)[owner])
        if not len(at):
            continue
        mine = [hinted[o] for o in owner[at].tolist()]
        inside = np.array([a in codes for a, codes in zip(gz.adm[level][p[at]].tolist(), mine, strict=True)],
                          dtype=bool)
        # Just across the line still earns half: sources draw admin borders differently. One test per
        # hinted set of units, for all its candidates outside them.
        close = np.zeros(len(at), dtype=bool)
        outside = np.flatnonzero(~inside)
        by_codes: dict[frozenset[str], list[int]] = {}
        for k in outside.tolist():
            by_codes.setdefault(mine[k], []).append(k)
        for codes, ks in by_codes.items():
            places = p[at[ks]]
            close[ks] = gz.near_admin(codes, gz.lat[places], gz.lon[places])
        term = np.zeros(len(p))
        term[at] = np.where(inside, weight, np.where(close, weight / 2, -penalty))
        score += term
    term = np.where(terms["admin"][p], -5.0, 0.0)  # a bare name is a settlement first
    kinds = [q.parsed.kind for q in queries]
    if any(kinds):  # the stated kind, for the candidates of texts that state one
        at = np.flatnonzero(np.array([bool(k) for k in kinds], dtype=bool)[owner])
        wanted = np.array(kinds, dtype=object)[owner[at]]
        settlement = np.array([k in SETTLEMENT_KINDS for k in kinds], dtype=bool)[owner[at]]
        mine = p[at]
        fits = (gz.kind[mine] == wanted) | (settlement & terms["settlement"][mine])
        term[at] = np.where(wanted == "area", np.where(terms["region"][mine], 4.0, 0.0),  # any named area fits
                            np.where(fits, 4.0, -4.0))
    score += term
    # Size and the catalogue choose between places spelled as well as any; they buy no worse spelling
    # ("Erbin" is Arbin, spelled so, not the catalogue's al-Arbain of Hama one variant away; "al-Barrah"
    # is the village Barah, not Aleppo by its ancient name Berea).
    best = np.full(len(queries), -np.inf)
    np.maximum.at(best, owner, name_score)
    best_spelled = name_score >= best[owner]
    curated = terms["curated"][p]
    score += np.where(best_spelled, terms["population"][p], 0.0)
    score += terms["sources"][p]
    score += np.where((curated > 0) & ~best_spelled, 0.0, curated)
    if any(q.near for q in queries):  # nearness to each query's own context point, for those that have one
        at = np.flatnonzero(np.array([q.near is not None for q in queries], dtype=bool)[owner])
        points = np.array([q.near or (np.nan, np.nan) for q in queries], dtype=float)[owner[at]]
        term = np.zeros(len(p))
        term[at] = np.minimum(25.0, haversine_km(points[:, 0], points[:, 1], gz.lat[p[at]], gz.lon[p[at]]) / 4.0)
        score -= term
    if any(q.areas for q in queries):
        import shapely

        term = np.zeros(len(p))
        for i in (i for i, q in enumerate(queries) if q.areas):
            at = np.flatnonzero(owner == i)
            points = shapely.points(gz.lon[p[at]], gz.lat[p[at]])
            covered = np.logical_or.reduce([shapely.covers(a, points) for a in queries[i].areas])
            term[at] = np.where(covered, 12.0, -6.0)
        score += term
    return score


def _qualifier_context(gz: Gazetteer, found_by_qualifier: list[list[Candidate]],
                       hints: AdminHints) -> tuple[AdminHints, list]:
    """Qualifiers ("Hama countryside", "(Aleppo)") become admin hints or containing areas.

    `found_by_qualifier`: each qualifier's best area candidates (`_QUALIFIER_LIMIT` of them)."""
    if not found_by_qualifier:  # most names come bare
        return hints, []
    areas = []
    codes = dict(hints.codes)
    for found in found_by_qualifier:
        if not _qualifies(found):
            continue
        top = found[0].place
        kind = gz.kind[top]
        if kind in ADMIN_KINDS:
            level = ADMIN_KIND_LEVEL[kind]
            codes.setdefault(level, frozenset({gz.adm[level][top]}))
        else:
            geom = gz.geometry(gz.records[top]["place_id"])
            if geom is not None:
                areas.append(geom)
            if gz.adm[1][top]:
                codes.setdefault(1, frozenset({gz.adm[1][top]}))
    return AdminHints(codes, hints.unresolved), areas


_QUALIFIER_LIMIT = 3
# A qualifier locates its name when its best area candidate is spelled at least this well.
_QUALIFIER_SCORE = 90.0


def _qualifies(found: list[Candidate]) -> bool:
    """Whether a qualifier's area candidates (best first) name an area that locates the name."""
    return bool(found) and found[0].name_score >= _QUALIFIER_SCORE


_ENDING_RE = re.compile(r"(?:ah|eh|at|et|a|e|h)\b")


def _fold_endings(norm: str) -> str:
    """Drop ta-marbuta endings (-ah/-eh/-a/-e/-at): Atmeh and Atmah are one spelling, Haram and Harem not."""
    return _ENDING_RE.sub("", norm)


def _alternative(fields: _Memo, place: int, total: float) -> Alternative:
    """`fields`: the gazetteer's `_alternative_fields`."""
    return assemble(Alternative, {**fields[place], "score": round(total, 1)})


def _place_fields(gz: Gazetteer) -> _Memo:
    """Per place row: the Match fields that come from the place (point, names, admin codes, and the polygon
    of an area), built on first use; a table meets the same places again and again."""
    def fields(place: int) -> dict:
        out = _rounded(gz.records.fields(place, _PLACE_FIELDS))
        out["geometry"] = gz.geometry(out["place_id"]) if out["kind"] in AREA_KINDS else None
        return out

    return _Memo(fields)


_PLACE_FIELDS = ("lat", "lon", "name", "name_ar", "place_id", "kind", "adm1_pcode", "adm1_name", "adm2_pcode",
                 "adm2_name", "adm3_pcode", "adm3_name")
_ALTERNATIVE_FIELDS = ("place_id", "name", "name_ar", "kind", "lat", "lon", "adm1_name")


def _rounded(fields: dict) -> dict:
    """Coordinates to 6 decimals (~0.1 m), as results carry them."""
    fields["lat"], fields["lon"] = round(float(fields["lat"]), 6), round(float(fields["lon"]), 6)
    return fields


def _alternative_fields(gz: Gazetteer) -> _Memo:
    """Per place row: the fields an `Alternative` shows (all but its score), built on first use."""
    return _Memo(lambda place: _rounded(gz.records.fields(place, _ALTERNATIVE_FIELDS)))


def warm_up(gz: Gazetteer) -> None:
    """Build what resolving otherwise builds on first use: every place's Match and Alternative fields (a
    batch meets thousands of places, each first met by scattered reads of the place columns) and the
    names' script codes. `Gazetteer.warm_up` calls it."""
    places = gz.cached("place_fields", _place_fields)
    alternatives = gz.cached("alternative_fields", _alternative_fields)
    for place in range(len(gz.records)):
        places[place], alternatives[place]  # noqa: B018 - the memos fill themselves when read
    _script_codes(gz)


class _Memo(dict):
    """A dict that fills a missing key from `build(key)`."""

    def __init__(self, build) -> None:
        super().__init__()
        self._build = build

    def __missing__(self, key):
        value = self[key] = self._build(key)
        return value


# Per name method: the confidence of a clear winner with a perfect score, and the score that counts as
# perfect for the method (a weaker one, vowels further apart or a shorter skeleton, is less sure).
_BASE_CONFIDENCE = {"exact": 0.93, "variant": 0.86, "cross_script": 0.8, "fuzzy": 0.45}
_REFERENCE_SCORE = {"exact": 100.0, "variant": 97.0, "cross_script": 93.0, "fuzzy": 100.0}


def _confidence(best: Candidate, margin: float, hinted: bool, hint_agrees: bool, context_decided: bool) -> float:
    base = _BASE_CONFIDENCE[best.method]
    base *= min(1.0, best.name_score / _REFERENCE_SCORE[best.method]) ** 2
    # A clear winner keeps its base; a narrow one loses up to half of it.
    certainty = 0.5 + 0.5 * min(1.0, max(0.0, margin) / 15.0)
    conf = base * certainty
    if hinted:
        conf = min(0.99, conf + 0.05) if hint_agrees else conf * 0.45
    if context_decided and best.name_score < 97:
        conf *= 0.75  # the hints overruled a better-spelled place elsewhere: plausible, not certain
    return round(conf, 3)


def _needs_raw(gz: Gazetteer, raw: str, parsed: ParsedQuery, found: _Found) -> bool:
    """Whether the raw text is looked up too: when it is itself a name ("Jabal Samaan (mountain)") or when
    the bare name finds nothing certain."""
    if parsed.name == raw:
        return False
    scores = found[2]
    return not (len(scores) and scores[0] >= 97 and not gz.keys.knows(strong_keys(raw)))


def _gather(found: _Found, by_raw: _Found) -> _Found:
    """The bare name's candidates merged with the raw text's (`by_raw`)."""
    merged = {p: (r, s, c) for p, r, s, c in zip(*(a.tolist() for a in found), strict=True)}
    for p, r, s, c in zip(*(a.tolist() for a in by_raw), strict=True):
        if s >= 97:
            s += 3.0  # the whole text is this place's name, type words and all ("Houla plain")
        if p not in merged or s > merged[p][1]:
            merged[p] = (r, s, c)
    rows = list(merged.values())
    return (np.array(list(merged), dtype=np.int64), np.array([r for r, _, _ in rows], dtype=np.int64),
            np.array([s for _, s, _ in rows], dtype=np.float64), np.array([c for _, _, c in rows], dtype=np.int8))


@dataclass
class _Ranked:
    """Every query's candidates laid end to end, each query's best first: query i's are [start[i], stop[i]).

    Plain lists (the per-query decisions read a few values each); `by_name[i]`: where query i's best
    candidate by name and size alone is. Rivals are runners-up that contradict their query's winner
    (`_rank`); per query: `first_rival[i]` (-1 when none), `close_rivals[i]` (those within `TIE_MARGIN`
    of the winner's total) and `spelled_rival[i]` (one spelled as well as a variant, name score >= 86)."""

    place: list[int]
    row: list[int]
    score: list[float]
    code: list[int]
    total: list[float]
    far: list[bool]
    start: list[int]
    stop: list[int]
    by_name: list[int]
    first_rival: list[int]
    close_rivals: list[int]
    spelled_rival: list[bool]

    def candidate(self, i: int) -> Candidate:
        return Candidate(self.place[i], self.row[i], self.score[i], _METHODS[self.code[i]], self.total[i])


def _rank(gz: Gazetteer, queries: list[_Query], found: list[_Found]) -> _Ranked:
    """Score every candidate of every query in context, sort each query's by total (then method, then
    found order), and mark its rivals: runners-up that contradict the winner, lying elsewhere (farther
    than `SAME_SPOT_KM`), not inside the winning area, and not an area containing the winning settlement."""
    sizes = np.array([len(f[0]) for f in found], dtype=np.int64)
    place, row, score, code = (np.concatenate([f[k] for f in found]) if found else np.empty(0) for k in range(4))
    place, code = place.astype(np.int64), code.astype(np.int64)
    owner = np.repeat(np.arange(len(found)), sizes)
    starts = np.cumsum(sizes) - sizes
    position = np.arange(len(place)) - np.repeat(starts, sizes)
    total = score + _context_scores(gz, queries, place, owner, score)
    order = np.lexsort(_folded((position, code, -total, owner), (0,)))
    place, row, score, code, total = place[order], row[order], score[order], code[order], total[order]
    terms = gz.cached("place_terms", _place_terms)
    winner = np.repeat(place[starts[sizes > 0]], sizes[sizes > 0])
    is_area = terms["area"]
    far = haversine_km(gz.lat[winner], gz.lon[winner], gz.lat[place], gz.lon[place]) > SAME_SPOT_KM
    rival = far & (is_area[winner] | ~is_area[place])
    for start, size in zip(starts.tolist(), sizes.tolist(), strict=True):
        if size and is_area[place[start]]:
            area = gz.geometry(gz.records[int(place[start])]["place_id"])
            if area is not None:
                import shapely  # only an area winner needs it: a settlement's lookup stays free of shapely

                mine = place[start:start + size]
                rival[start:start + size] &= ~shapely.contains_xy(area, gz.lon[mine], gz.lat[mine])
    # The best by name and size alone (ties: the better method, then the higher ranked).
    by_name = np.lexsort(_folded((np.arange(len(place)), code, -(score + terms["population"][place]), owner), (0,)))
    firsts = by_name[starts[sizes > 0]]
    at = np.full(len(found), -1, dtype=np.int64)
    at[sizes > 0] = firsts
    first_rival, close_rivals, spelled_rival = _rival_summary(rival, total, score, starts, sizes)
    return _Ranked(place.tolist(), row.tolist(), score.tolist(), code.tolist(), total.tolist(), far.tolist(),
                   starts.tolist(), (starts + sizes).tolist(), at.tolist(), first_rival.tolist(),
                   close_rivals.tolist(), spelled_rival.tolist())


def _rival_summary(rival: np.ndarray, total: np.ndarray, score: np.ndarray, starts: np.ndarray,
                   sizes: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per query (candidates [starts, starts + sizes), winner first): its first rival's position (-1 when
    none), how many rivals lie within `TIE_MARGIN` of the winner's total, and whether a rival is spelled
    as well as a variant (name score >= 86); all queries at once."""
    owner = np.repeat(np.arange(len(sizes)), sizes)
    winner_total = np.repeat(total[starts[sizes > 0]], sizes[sizes > 0])
    close = rival & (winner_total - total < TIE_MARGIN)
    spelled = rival & (score >= 86)
    close_rivals = np.bincount(owner[close], minlength=len(sizes))
    spelled_rival = np.bincount(owner[spelled], minlength=len(sizes)) > 0
    at = np.flatnonzero(rival)  # rival positions, ascending: a query's first is the first at or after its start
    first = np.searchsorted(at, starts)
    first_rival = np.full(len(sizes), -1, dtype=np.int64)
    has = (first < len(at)) & (sizes > 0)
    has[has] = at[first[has]] < (starts + sizes)[has]
    first_rival[has] = at[first[has]]
    return first_rival, close_rivals, spelled_rival


def _outside_hints(gz: Gazetteer, place: int, hints: AdminHints) -> str | None:
    """The hinted level (1-3) whose unit the place lies outside, beyond the border tolerance, else None."""
    for level, codes in sorted(hints.codes.items()):
        if codes and gz.adm[level][place] not in codes and not gz.near_admin(
                codes, float(gz.lat[place]), float(gz.lon[place])):
            return {1: "governorate", 2: "district", 3: "sub-district"}[level]
    return None


def _status(gz: Gazetteer, best: Candidate, close_rivals: int, margin: float, norm: str, *,
            hinted: bool, hint_agrees: bool) -> tuple[str, str]:
    """Resolved, or why not: a weak spelling, a near-tie (`close_rivals` within `TIE_MARGIN`), or a short
    name spelled differently."""
    if best.name_score < 80 and not (hinted and hint_agrees):
        return "no_match", "only distant spellings found; see alternatives"
    if margin < TIE_MARGIN:
        return "ambiguous", f"{close_rivals + 1} places fit"
    if best.method == "fuzzy" and best.name_score < 86:
        return "ambiguous", "closest spelling only; check the alternatives"
    if (best.method == "variant" and len(norm.replace(" ", "")) <= SHORT_NAME
            and fuzz.ratio(_fold_endings(norm), _fold_endings(gz.name_norm[best.name_row])) < 85):
        # One letter of five is a different word as often as a different spelling (Haram / Harem).
        return "ambiguous", f"short name spelled differently ({gz.name_text[best.name_row]})"
    return "resolved", ""


def resolve(
    text: object,
    *,
    admin1: object = None,
    admin2: object = None,
    admin3: object = None,
    near: tuple[float, float] | None = None,
    kinds: Iterable[str] | None = None,
    aliases: Aliases | None = None,
    gazetteer: Gazetteer | None = None,
) -> Match:
    """Where is `text`? Returns a Match, resolved or with a status that says why not.

    Admin hints may be names in any script or spelling, or P-codes; `near` is (lat, lon);
    `kinds` restricts candidates (e.g. ``("governorate",)``); `aliases` (default: the file named by
    $SYRMAP_ALIASES) are a team's own spellings, consulted first.
    """
    return resolve_batch([(text, admin1, admin2, admin3)], near=near, kinds=kinds, aliases=aliases,
                         gazetteer=gazetteer)[0]


@dataclass
class _Query:
    """A text being resolved in a batch, with what was found around its name."""

    at: int  # its position in the batch; -1 for the other reading of a text ("A - B": B inside A)
    raw: str
    parsed: ParsedQuery
    hints: AdminHints
    norm: str
    near: tuple[float, float] | None  # the point the text was written about, if the caller knows one
    areas: list | None = None  # the polygons of qualifier areas ("X (Jabal al-Zawiya)")
    qualified: tuple[bool, ...] = ()  # per qualifier: whether it named an area that locates the name


def resolve_batch(
    queries: Iterable[tuple[object, object, object, object]],
    *,
    near: tuple[float, float] | Iterable[tuple[float, float] | None] | None = None,
    kinds: Iterable[str] | None = None,
    aliases: Aliases | None = None,
    gazetteer: Gazetteer | None = None,
) -> list[Match]:
    """`resolve` for many (text, admin1, admin2, admin3) at once, one Match each in order; `near` is one
    (lat, lon) for all of them or one point (or None) per query.

    The name look-ups of all texts (their qualifiers, bare names, then the raw texts that need it) are
    keyed, found and scored together (`_candidate_arrays`); only the ranking is per text.
    """
    with collector_paused():  # a batch's candidates and matches are many objects, and no cycles
        return _resolve_batch(queries, near, kinds, aliases, gazetteer)


def _resolve_batch(queries: Iterable[tuple[object, object, object, object]], near: object,
                   kinds: Iterable[str] | None, aliases: Aliases | None, gazetteer: Gazetteer | None) -> list[Match]:
    queries = list(queries)
    points = near_points(near, len(queries))
    out: list[Match | None] = []
    pending: list[_Query] = []
    extra: dict[int, tuple[str, list[int]]] = {}  # pending position -> (_READINGS key, its other readings)
    gz, loaded = gazetteer, False
    for (text, admin1, admin2, admin3), point in zip(queries, points, strict=True):
        out.append(None)
        raw = hint_text(text)
        if len(raw) > MAX_NAME_CHARS:  # bounded work: no place name is this long, however it is spelled
            out[-1] = Match(query=raw, status="no_match", reason=f"{len(raw):,} characters: longer than any place "
                                                                 f"name ({MAX_NAME_CHARS} at most)")
            continue
        if is_placeholder(raw):
            out[-1] = Match(query=raw, status="empty", reason="no place given")
            continue
        if not loaded:  # only a text that could name a place needs the gazetteer
            gz, loaded = gz or load(), True
            aliases = aliases if aliases is not None else default_aliases()
        if aliases is not None:
            hit = aliases.lookup(raw, admin1=hint_text(admin1), admin2=hint_text(admin2), gazetteer=gz)
            if hit is not None:
                out[-1] = hit
                continue
        parsed = parse_query(raw)
        if variant_key(parsed.name or raw) in _country_keys():
            out[-1] = _country_match(gz, raw)
            continue
        hints = admin_hints(gz, admin1, admin2, admin3)
        norm = normalize(parsed.name or raw)
        if _too_short(norm):
            out[-1] = Match(query=raw, normalized=norm, status="no_match",
                            reason=f"{norm!r} is too short to name a place ({MIN_NAME_CHARS} letters at least)")
            continue
        pending.append(_Query(len(out) - 1, raw, parsed, hints, norm, point))
        # "A - B" (B inside A?) and a road by its two ends: those places are resolved beside the text, in
        # the same batch, and `_READINGS` decides from all of them.
        how, others = (("road", _end_readings(parsed, point)) if parsed.ends
                       else ("inside", _inner_reading(parsed, hints, point)))
        if others:
            extra[len(pending) - 1] = (how, list(range(len(pending), len(pending) + len(others))))
            pending.extend(others)
    if pending:
        ranked = _rank(gz, pending, _find_all(gz, pending, frozenset(kinds) if kinds else None))
        for i, q in enumerate(pending):
            if q.at >= 0:
                out[q.at] = _decide(gz, q, ranked, i)
        for i, (how, at) in extra.items():
            q = pending[i]
            out[q.at] = _READINGS[how](gz, out[q.at], [_decide(gz, pending[j], ranked, j) for j in at], q)
    return out


def _reading(text: str, parsed: ParsedQuery, hints: AdminHints, near: tuple[float, float] | None) -> _Query | None:
    """Another place a text names, as a query of the batch (-1: no answer of its own), looked up as its own
    text; None when it is too short to name a place."""
    norm = normalize(parsed.name or text)
    return None if _too_short(norm) else _Query(-1, text, parsed, hints, norm, near)


def _too_short(norm: str) -> bool:
    """Fewer letters and digits than any place name has (`MIN_NAME_CHARS`)."""
    return sum(ch.isalnum() for ch in norm) < MIN_NAME_CHARS


def _end_readings(parsed: ParsedQuery, near: tuple[float, float] | None) -> list[_Query]:
    """A road's two ends, each on its own: the row's admin columns and the road's qualifiers say where the
    road runs ("Homs - Salamiyah road in the countryside of Hama"), not where its ends are."""
    ends = [_reading(end, parse_query(end), AdminHints({}), near) for end in parsed.ends]
    return ends if all(ends) else []


def _road_reading(gz: Gazetteer, road: Match, ends: list[Match], q: _Query) -> Match:
    """A road named by its ends: both resolved, the road between them (`gazetteer.relative.road_between`);
    one resolved, that end, placed relative (confidence `ROAD_END_CONFIDENCE` at most); else, or when the
    road is itself a road the gazetteer knows, the road's own lookup."""
    a, b = ends
    if road.status == "resolved" and road.kind == "road":
        return road
    if a.status == b.status == "resolved":
        return road_between(a, b, q.raw, gz.admin_of)
    for end, other in ((a, q.parsed.ends[1]), (b, q.parsed.ends[0])):
        if end.status == "resolved":
            return placed_at(end, q.raw, f"the road's other end {other!r} is not placed with certainty; placed at "
                                         f"{end.name}, where it starts", alternatives=end.alternatives,
                             most=ROAD_END_CONFIDENCE)
    return road


@functools.cache
def _country_keys() -> frozenset[str]:
    from gazetteer.lexicon import lexicon

    return frozenset(variant_key(name) for name in lexicon()["country_names"])


# How sure a text that names only the country is placed: the country is right, its centre is no place.
COUNTRY_CONFIDENCE = 0.5


def _country_match(gz: Gazetteer, raw: str) -> Match:
    """The whole of Syria: its outline, a point inside it (the outline's centre), precision 3 / where_prec 6."""
    outline, (lat, lon) = gz.cached("country", _country)
    precision, where_prec = precision_for("country")
    return Match(query=raw, normalized=normalize(raw), status="resolved", method="admin_unit", kind="country",
                 name="Syria", name_ar="سوريا", place_id="country:SY", lat=lat, lon=lon, precision=precision,
                 where_prec=where_prec, confidence=COUNTRY_CONFIDENCE, matched_name=raw, geometry=outline,
                 reason="the whole country: no more precise place given")


def _country(gz: Gazetteer) -> tuple[object, tuple[float, float]]:
    import shapely

    outline = gz.outline
    point = shapely.point_on_surface(outline) if not shapely.contains(outline, outline.centroid) else outline.centroid
    return outline, (round(point.y, 6), round(point.x, 6))


def _inner_reading(parsed: ParsedQuery, hints: AdminHints, near: tuple[float, float] | None) -> list[_Query]:
    """The other reading of "A - B": the place B, with A as its qualifier ("Damascus - Jobar" is Jobar of
    Damascus); `_either_reading` picks between the two."""
    text = parsed.after_dash
    if not text or is_placeholder(text) or variant_key(text) in _country_keys():  # "Saraqib - Syria": A as it is
        return []
    inner = _reading(text, dataclasses.replace(parse_query(text), qualifiers=(parsed.name,), after_dash=""), hints,
                     near)
    return [inner] if inner else []


# Kinds by size: "A - B" names a place inside A only when B is the smaller kind (a quarter of a city, a
# village of a governorate); "Saraqib - Idlib" and "Kafr Zita - Hama" qualify the first place instead.
# Unlisted kinds are areas and admin units (largest), points of interest and landmarks (smallest); a
# governorate's capital stands for its governorate ("Latakia - Jableh" is the city Jableh).
_SIZE_RANK = {"neighbourhood": 1, "city_district": 1, "village": 1, "town": 2, "city": 3}
# How far from its point a city or town holds the places named inside it (a quarter, an outlying village).
_REACH_KM = {"city": 12.0, "town": 5.0}
# The edge tolerance of an area that holds a place: sources draw outlines a little apart.
_AREA_EDGE_KM = 2.0


def _size_rank(kind: str) -> int:
    return _SIZE_RANK.get(kind, 0 if kind in POI_KINDS or kind == "landmark" else 4)


def _holds(outer: Match, inner: Match) -> bool:
    """Whether "A - B" means the place B inside A: B is smaller than A and lies in it."""
    larger = _size_rank(inner.kind) < _size_rank(outer.kind)
    if not larger and is_capital(outer) and _size_rank(inner.kind) <= _size_rank("city"):
        larger = inner.adm1_pcode == outer.adm1_pcode  # the capital standing for its governorate
    return larger and _lies_in(inner, outer)


def _lies_in(inner: Match, outer: Match) -> bool:
    """Whether `outer` holds `inner`: its admin unit, its outline, or near a city or town (the capital of a
    governorate stands for all of it, as in "Hama - Kafr Zita")."""
    if outer.kind in ADMIN_KINDS:
        level = ADMIN_KIND_LEVEL[outer.kind]
        code = getattr(outer, f"adm{level}_pcode")
        return bool(code) and getattr(inner, f"adm{level}_pcode") == code
    if outer.geometry is not None:
        return km_outside(inner, outer) <= _AREA_EDGE_KM
    if is_capital(outer) and inner.adm1_pcode == outer.adm1_pcode:
        return True
    return outer.kind in _REACH_KM and float(haversine_km(inner.lat, inner.lon, outer.lat, outer.lon)) <= _REACH_KM[
        outer.kind]


def _either_reading(gz: Gazetteer, outer: Match, found: list[Match], q: _Query) -> Match:
    """ "A - B" is B when B is a smaller place that A holds; A when B is an area that locates A ("Saraqib -
    Idlib"); else A placed relative (precision 2, confidence 0.6 at most, the reason saying so): the text
    names a place in or by A that the gazetteer does not have there ("Daraa - Daraa al-Balad", a quarter the
    lists lack)."""
    inner, = found
    if not outer.ok:
        return outer
    if inner.status == "resolved" and inner.place_id != outer.place_id and _holds(outer, inner):
        return dataclasses.replace(inner, query=q.raw, reason=f"{inner.name} in {outer.name} (the text names both)")
    if q.qualified[:1] == (True,) or outer.status != "resolved":  # an unsure A stays as unsure as it was
        return outer
    where = ("is not in the gazetteer" if inner.status == "no_match"
             else f"names no place the gazetteer has in {outer.name}")
    return placed_at(outer, q.raw, f"{q.parsed.after_dash!r} {where}; placed at {outer.name}, which the text names "
                                   "as where it is", alternatives=outer.alternatives)


# How the other readings of a text decide its answer (`_resolve_batch`).
_READINGS = {"inside": _either_reading, "road": _road_reading}


def _find_all(gz: Gazetteer, queries: list[_Query], kinds: frozenset[str] | None) -> list[_Found]:
    """Each query's qualifier areas (set on it) and name candidates, in three batched look-ups."""
    quals = [(q, qual) for q in queries for qual in q.parsed.qualifiers]
    found = _candidate_arrays(gz, [qual for _, qual in quals], [AREA_KINDS] * len(quals), _QUALIFIER_LIMIT)
    by_query: dict[int, list[list[Candidate]]] = {}
    for (q, _), arrays in zip(quals, found, strict=True):
        by_query.setdefault(id(q), []).append(_as_candidates(arrays))
    for q in queries:
        q.hints, q.areas = _qualifier_context(gz, by_query.get(id(q), []), q.hints)
        q.qualified = tuple(_qualifies(found) for found in by_query.get(id(q), []))
    names = _candidate_arrays(gz, [q.parsed.name or q.raw for q in queries], [kinds] * len(queries))
    again = [i for i, q in enumerate(queries) if _needs_raw(gz, q.raw, q.parsed, names[i])]
    by_raw = _candidate_arrays(gz, [queries[i].raw for i in again], [kinds] * len(again))
    for i, arrays in zip(again, by_raw, strict=True):
        names[i] = _gather(names[i], arrays)
    return names


def _decide(gz: Gazetteer, q: _Query, ranked: _Ranked, i: int) -> Match:
    """Say which of query i's ranked candidates it is, and how sure that is."""
    raw, parsed, norm, hints, areas = q.raw, q.parsed, q.norm, q.hints, q.areas
    start, stop = ranked.start[i], ranked.stop[i]
    foreign = outside_match(parsed.name or raw)
    if foreign is not None and (start == stop or _METHODS[ranked.code[start]] not in ("exact", "variant")):
        return Match(query=raw, normalized=norm, status="outside_syria", name=foreign.name, name_ar=foreign.name_ar,
                     reason=f"a place in {foreign.country}", method="exact")
    if start == stop:
        return Match(query=raw, normalized=norm, status="no_match", reason="no place of that name in the gazetteer")
    best = ranked.candidate(start)
    first_rival = ranked.first_rival[i]
    margin = best.total - ranked.total[first_rival] if first_rival >= 0 else 30.0
    by_name = ranked.by_name[i]
    context_decided = bool(hints or q.near or areas) and ranked.place[by_name] != best.place and ranked.far[by_name]
    hint_agrees = all(gz.adm[lvl][best.place] in codes for lvl, codes in hints.codes.items() if codes)
    status, reason = _status(gz, best, ranked.close_rivals[i], margin, norm, hinted=bool(hints),
                             hint_agrees=hint_agrees)
    conf = _confidence(best, margin, bool(hints), hint_agrees, context_decided)
    outside = _outside_hints(gz, best.place, hints) if hints and not hint_agrees else None
    if outside and status != "no_match" and ranked.spelled_rival[i]:
        # Another place of this name exists elsewhere: this one, far outside the unit the row names, is a guess.
        status, conf = "ambiguous", min(conf, OUTSIDE_HINT_CONFIDENCE)
        reason = "; ".join(r for r in (reason, f"outside the hinted {outside}") if r)
    elif status != "resolved":
        conf = min(conf, 0.45)
    kind = gz.kind[best.place]
    method = best.method
    if kind in ADMIN_KINDS:
        method = "admin_unit"
    elif kind in AREA_KINDS:
        method = "region"
    elif parsed.axis:
        method = "axis"
    elif context_decided:
        method = "context"
    precision, where_prec = precision_for(kind, relation=parsed.relation, axis=parsed.axis,
                                          area_km2=_area_km2(gz, best.place))
    fields = gz.cached("alternative_fields", _alternative_fields)
    alternatives = tuple(_alternative(fields, ranked.place[j], ranked.total[j]) for j in range(start + 1,
                                                                                             min(stop, start + 6)))
    if status == "no_match":
        return Match(query=raw, normalized=norm, status=status, reason=reason,
                     alternatives=(_alternative(fields, best.place, best.total), *alternatives))
    return _place_match(gz, best.place, query=raw, normalized=norm, status=status, reason=reason, method=method,
                        confidence=conf, precision=precision, where_prec=where_prec,
                        matched_name=gz.name_text[best.name_row], alternatives=alternatives)


def _place_match(gz: Gazetteer, place: int, **fields) -> Match:
    """A Match carrying the place's point, names, admin codes and (for areas) geometry; `fields` give all
    the others (`assemble`)."""
    return assemble(Match, {**gz.cached("place_fields", _place_fields)[place], **fields})


def resolve_place_id(place_id: str, *, query: str = "", method: str = "alias",
                     gazetteer: Gazetteer | None = None) -> Match:
    """The Match for a known place id (alias files and admin fallbacks point at places by id)."""
    gz = gazetteer or load()
    place = gz.row(place_id)
    precision, where_prec = precision_for(gz.kind[place], area_km2=_area_km2(gz, place))
    return _place_match(gz, place, query=query, normalized=normalize(query), status="resolved", method=method,
                        confidence=0.95, precision=precision, where_prec=where_prec,
                        matched_name=gz.records[place]["name"], reason="", alternatives=())


def _area_km2(gz: Gazetteer, place: int) -> float | None:
    if gz.kind[place] not in AREA_KINDS:
        return None
    known = gz.cached("area_km2", lambda _: {})  # projecting a polygon costs ~1 ms; areas recur in a table
    if place not in known:
        geom = gz.geometry(gz.records[place]["place_id"])
        known[place] = None if geom is None else area_km2(geom)
    return known[place]
