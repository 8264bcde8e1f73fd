"""The loaded gazetteer: arrays read straight from the cache agree with its frames; fast paths agree
with the plain ones; a warm one-name lookup imports no data-frame library."""

from __future__ import annotations

import functools
import os
import subprocess
import sys

import numpy as np
import pyarrow as pa
import pytest
from common import ROOT
from hypothesis import given, settings
from hypothesis import strategies as st

from gazetteer.index import NOT_ATTESTING, _Records, _split_skeletons, _Strings
from gazetteer.keys import KeyIndex, query_keys, union

HEAVY = ("pandas", "geopandas", "shapely", "numpy.ma")


def test_arrays_match_the_frames(gz):
    places, names = gz.places, gz.names
    for column in ("lat", "lon", "kind", "population"):
        assert np.array_equal(getattr(gz, column), places[column].to_numpy())
    for level in (1, 2, 3):
        assert np.array_equal(gz.adm[level], places[f"adm{level}_pcode"].to_numpy())
    for attribute, column in (("name_place", "place"), ("name_text", "name"), ("name_script", "script"),
                              ("name_norm", "norm"), ("name_vkey", "vkey"), ("name_skel", "skel")):
        assert np.array_equal(getattr(gz, attribute), names[column].to_numpy())
    assert gz.records[7]["place_id"] == places["place_id"].iloc[7]
    assert gz.row(places["place_id"].iloc[-1]) == len(places) - 1


def test_lazy_columns_give_what_the_frames_hold_before_and_after_converting_whole(gz):
    names, places = gz.names, gz.places
    rng = np.random.default_rng(3)
    for column in ("name", "norm", "skel"):
        lazy, full = _Strings(gz._tables["names"].column(column)), names[column].to_numpy()
        # Small requests are decoded row by row; later ones pass a quarter of the column and convert it whole.
        for size in (1, 0, 300, len(full) // 3, 50):
            rows = rng.choice(len(full), size)
            assert np.array_equal(lazy[rows], full[rows]) and lazy[rows].dtype == object
        assert "_full" in lazy.__dict__
        assert lazy[5] == full[5] and np.array_equal(lazy[full == full[5]], full[full == full[5]])
        assert np.array_equal(_Strings(gz._tables["names"].column(column)) == full[5], full == full[5])
    records = _Records(gz._tables["places"])
    for i in [*rng.choice(len(places), _Records.LISTS_AFTER + 20), 0]:
        assert records[int(i)] == places.iloc[int(i)].to_dict()


def test_attestation_counts_match_a_frame_computation(gz):
    sources = gz.places["sources"].str.split("|")
    independent = sources.map(lambda s: max(1, len(s) - len(NOT_ATTESTING & set(s))))
    assert np.array_equal(gz.n_sources, independent.to_numpy())
    assert np.array_equal(gz.curated, gz.places["sources"].str.contains("catalogue").to_numpy())
    assert gz.n_sources.min() >= 1 and gz.n_sources.max() > 1 and gz.curated.any()


def _key_index(keys, as_arrow):
    order = sorted(range(len(keys)), key=keys.__getitem__)
    sorted_keys = [keys[i] for i in order]
    rows = np.arange(len(keys) * 2, dtype=np.int32)
    start = np.arange(0, len(keys) * 2, 2)
    column = pa.array(sorted_keys, type=pa.large_string()) if as_arrow else np.array(sorted_keys, dtype=object)
    return KeyIndex(column, start, start + 2, rows)


@pytest.mark.parametrize("as_arrow", [True, False], ids=["arrow", "numpy"])
def test_bisecting_and_hashed_key_lookups_agree(as_arrow):
    keys = ["s:kfrnbl", "d:frnbl", "n:kafr nabl", "v:kafrnabl", "s:a", "n:", "s:zzz", "d:kfrbl"]
    probes = [[], ["s:kfrnbl"], ["n:kafr nabl", "missing", "s:zzz"], ["a"], ["zzzz"], keys, keys[::-1]]
    index = _key_index(keys, as_arrow)
    bisected = [index.lookup(p) for p in probes]
    assert "_position" not in index.__dict__  # still the bisecting path
    index._probed = KeyIndex.HASH_AFTER
    hashed = [index.lookup(p) for p in probes]
    assert "_position" in index.__dict__
    for a, b in zip(bisected, hashed):
        assert np.array_equal(a, b)
    assert len(bisected[0]) == 0 and len(bisected[5]) == 2 * len(keys)


def test_the_gazetteer_key_index_bisects_as_it_hashes(gz):
    probes = [query_keys(q) for q in ("Kafr Nabl", "كفر نبل", "Kfar Nobol", "Maarat al Numan", "Xqzzyv")]
    probes = [k["exact"] + k["variant"] + k["skeleton"] + k["fuzzy"] for k in probes]
    bisecting, hashed = (KeyIndex(gz.keys.keys, gz.keys.start, gz.keys.stop, gz.keys.rows) for _ in range(2))
    hashed._probed = KeyIndex.HASH_AFTER
    for p in probes:
        assert np.array_equal(bisecting.lookup(p), hashed.lookup(p))
    assert "_position" not in bisecting.__dict__ and "_position" in hashed.__dict__
    assert len(bisecting.lookup(probes[0])) > 0


def test_skeleton_rows_split_up_front_or_per_query_agree(gz):
    rng = np.random.default_rng(3)
    for n in (0, 1, 7, 400):
        rows = np.sort(rng.choice(len(gz.name_skel), n, replace=False))
        flat, starts = _split_skeletons(gz.name_skel[rows])
        gz.__dict__.pop("_skeletons", None)
        assert [list(x) for x in gz.skeleton_rows(rows)] == [list(flat), list(starts)]
        gz._skeletons  # noqa: B018 - the table a batch uses
        assert [list(x) for x in gz.skeleton_rows(rows)] == [list(flat), list(starts)]


def _run(code: str) -> str:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_a_warm_lookup_imports_no_frame_or_geometry_library(gz):
    out = _run("import sys, gazetteer\n"
               "m = gazetteer.resolve('Kafr Nabl')\n"
               f"print(m.name, m.status, [k for k in {HEAVY!r} if k in sys.modules])")
    assert out.split("[")[0].strip() == "Kafr Nabl resolved" and out.strip().endswith("[]"), out


def test_the_resolve_command_imports_no_frame_or_geometry_library(gz):
    out = _run("import sys\n"
               "from typer.testing import CliRunner\n"
               "from syrmap.cli import app\n"
               "r = CliRunner().invoke(app, ['resolve', 'Kafr Nabl'])\n"
               f"print(r.exit_code, [k for k in {HEAVY!r} if k in sys.modules], r.stdout.splitlines()[0])")
    assert out.startswith("0 [] Kafr Nabl"), out


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.integers(0, 50), max_size=12), min_size=1, max_size=4))
def test_union_is_numpys_union(parts):
    arrays = [np.array(p, dtype=np.int32) for p in parts]
    expected = functools.reduce(np.union1d, arrays) if len(arrays) > 1 else np.unique(arrays[0])
    got = union(*arrays)
    assert np.array_equal(got, expected) and got.dtype == np.int32


def test_warm_up_builds_the_lazy_indexes_and_changes_no_answer():
    from gazetteer.index import Gazetteer, load

    names = ["Kafr Nabl", "كفرنبل", "Saraqeb", "Jisr al-Shughur, Idlib", "حي الصاخور", "Tal Rifaat village"]
    cold = [m.to_dict() for m in load().match_many(names)]
    fresh = Gazetteer(load().cache_dir).warm_up()
    assert "_position" in fresh.keys.__dict__ and "_skeletons" in fresh.__dict__
    assert "_full" in fresh.name_norm.__dict__ and "_columns" in fresh.records.__dict__
    assert [m.to_dict() for m in fresh.match_many(names)] == cold
