"""A damaged cache is found when it is loaded: rebuilt with a note, or one line that says how."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from common import RAW
from hostile import assert_one_line_failure, cli

import gazetteer
from gazetteer.exc import CacheError
from gazetteer.index import Gazetteer, clear_memo
from gazetteer.tables import read_table, write_frame


def _truncate(path):
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def _scribble(path, n=4096):
    data = bytearray(path.read_bytes())
    start = len(data) // 3
    data[start:start + n] = np.random.default_rng(0).bytes(min(n, len(data) - start))
    path.write_bytes(bytes(data))


def _reschema(path):
    write_frame(path, pd.DataFrame({"something": ["else"]}))


def _far_latitudes(path):
    places = read_table(path, ()).to_pandas()
    places.loc[:538, "lat"] = 1e116
    write_frame(path, places)


FAULTS = {
    "key_rows-deleted": lambda c: (c / "key_rows.npy").unlink(),
    "key_rows-truncated": lambda c: _truncate(c / "key_rows.npy"),
    "key_rows-wrong-length": lambda c: np.save(c / "key_rows.npy", np.zeros(10, dtype=np.int32)),
    "places-deleted": lambda c: (c / "places.arrow").unlink(),
    "places-truncated": lambda c: _truncate(c / "places.arrow"),
    "places-random-bytes": lambda c: _scribble(c / "places.arrow"),
    "places-1e116-latitudes": lambda c: _far_latitudes(c / "places.arrow"),
    "names-wrong-schema": lambda c: _reschema(c / "names.arrow"),
    "names-truncated": lambda c: _truncate(c / "names.arrow"),
    "keys-wrong-schema": lambda c: _reschema(c / "keys.arrow"),
    "keys-empty-file": lambda c: (c / "keys.arrow").write_bytes(b""),
    "areas-truncated": lambda c: _truncate(c / "areas.parquet"),
    "areas-deleted": lambda c: (c / "areas.parquet").unlink(),
    "regions-deleted": lambda c: (c / "regions.parquet").unlink(),
    "outline-damaged": lambda c: _scribble(c / "outline.wkb", 64),
    "outline-deleted": lambda c: (c / "outline.wkb").unlink(),
    "manifest-deleted": lambda c: (c / "manifest.json").unlink(),
    "manifest-garbage": lambda c: (c / "manifest.json").write_bytes(b"\x00{not json"),
    "manifest-not-an-object": lambda c: (c / "manifest.json").write_text(json.dumps([1, 2])),
}


@pytest.fixture(scope="module")
def built(gz):
    return gz.cache_dir


def _damaged_copy(built, tmp_path, fault):
    cache = tmp_path / "cache"
    shutil.copytree(built, cache)  # copy2: sizes and times as built
    FAULTS[fault](cache)
    return cache


@pytest.mark.parametrize("fault", FAULTS, ids=list(FAULTS))
def test_every_fault_is_found_on_load_and_named_in_one_line(built, tmp_path, fault):
    cache = _damaged_copy(built, tmp_path, fault)
    with pytest.raises(CacheError):
        Gazetteer(cache)
    clear_memo()
    line = assert_one_line_failure(cli("data", "info", "--cache-dir", cache, "--source", tmp_path / "no-raw"))
    assert "syrmap data build" in line or "SYRMAP_DATA" in line


def test_an_intact_copy_loads(built, tmp_path):
    cache = tmp_path / "cache"
    shutil.copytree(built, cache, copy_function=shutil.copyfile)  # new mtimes: checked by hash, still fine
    assert len(Gazetteer(cache).places) > 10_000


def test_a_damaged_cache_is_rebuilt_with_a_note_and_nothing_else_is_touched(built, tmp_path, capfd):
    cache = _damaged_copy(built, tmp_path, "key_rows-truncated")
    neighbour = tmp_path / "cache.old"  # a user's folder that an older build would have deleted
    neighbour.mkdir()
    (neighbour / "keep.txt").write_text("mine")
    (cache / "my notes.md").write_text("dropped in the cache by its user")
    (cache / "drafts").mkdir()
    (cache / "drafts" / "a.csv").write_text("x")
    (cache / "places.parquet").write_bytes(b"a table as an earlier version wrote it")
    clear_memo()
    try:
        gz = gazetteer.load(cache, RAW)
        assert len(gz.keys.rows) == gz.keys.stop.max()
        assert "rebuilding the gazetteer cache" in capfd.readouterr().err
    finally:
        clear_memo()
    assert (neighbour / "keep.txt").read_text() == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache", "cache.lock", "cache.old"]
    assert os.path.isfile(cache / "SYRMAP_CACHE.txt")
    # A rebuild deletes only what syrmap wrote: the user's entries move into the new cache.
    assert (cache / "my notes.md").read_text() == "dropped in the cache by its user"
    assert (cache / "drafts" / "a.csv").read_text() == "x"
    assert not (cache / "places.parquet").exists()  # an earlier build's table is ours: it goes with the old cache


def test_a_failed_swap_puts_everything_back(built, tmp_path, monkeypatch):
    from gazetteer.build import _swap_in

    cache = tmp_path / "cache"
    shutil.copytree(built, cache)
    (cache / "mine.txt").write_text("keep")
    before = sorted(p.name for p in cache.iterdir())
    new = tmp_path / ".building-x"
    new.mkdir()
    (new / "manifest.json").write_text("{}")
    real_replace = os.replace

    def failing(src, dst):
        if Path(src) == new and Path(dst) == cache:
            raise OSError(28, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", failing)
    with pytest.raises(OSError):
        _swap_in(new, cache)
    assert sorted(p.name for p in cache.iterdir()) == before and (cache / "mine.txt").read_text() == "keep"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".building-x", "cache"]
