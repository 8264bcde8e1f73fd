"""When a cache is stale: stat stamps decide which source files are hashed again; bytes decide staleness."""

from __future__ import annotations

import json
import os

import pytest

import gazetteer.cache_state as cache_state
from gazetteer.cache_state import needs_rebuild, source_manifest


@pytest.fixture
def sources(tmp_path):
    """A small source tree and a cache folder whose manifest was made from it, as a build writes it."""
    src = tmp_path / "raw"
    for folder, name, text in (("a", "one.csv", "x,y\n1,2\n"), ("b", "two.txt", "hello\n"), ("b", "three.txt", "3\n")):
        (src / folder).mkdir(parents=True, exist_ok=True)
        (src / folder / name).write_text(text)
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "manifest.json").write_text(json.dumps(source_manifest(src)))
    return src, cache


@pytest.fixture
def hashed(monkeypatch):
    """The names of the source files each check reads and hashes."""
    seen: list[str] = []
    real = cache_state._sha256

    def counting(path):
        seen.append(path.name)
        return real(path)

    monkeypatch.setattr(cache_state, "_sha256", counting)
    return seen


def test_an_unchanged_tree_is_current_without_reading_a_source_file(sources, hashed):
    src, cache = sources
    assert not needs_rebuild(cache, src)
    assert hashed == []


def test_a_touched_file_is_hashed_again_and_its_same_bytes_keep_the_cache(sources, hashed):
    src, cache = sources
    path = src / "b" / "two.txt"
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 5_000_000_000))
    assert not needs_rebuild(cache, src)
    assert hashed == ["two.txt"]


def test_changed_bytes_of_the_same_size_make_it_stale(sources, hashed):
    src, cache = sources
    path = src / "a" / "one.csv"
    st = path.stat()
    path.write_text("x,y\n1,3\n")  # same size
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000))
    assert needs_rebuild(cache, src)
    assert hashed == ["one.csv"]


@pytest.mark.parametrize("change", ["add", "remove"])
def test_an_added_or_removed_file_makes_it_stale(sources, change):
    src, cache = sources
    if change == "add":
        (src / "a" / "new.csv").write_text("z\n")
    else:
        (src / "b" / "three.txt").unlink()
    assert needs_rebuild(cache, src)


@pytest.mark.parametrize("manifest", [b"", b"\x00{not json", b"[1, 2]", b'{"schema": 1}',
                                      b'{"schema": 6, "files": 5, "source_stamps": [1]}'])
def test_a_missing_damaged_or_foreign_manifest_is_stale(sources, manifest):
    src, cache = sources
    (cache / "manifest.json").write_bytes(manifest)
    assert needs_rebuild(cache, src)


def test_a_manifest_without_stamps_is_checked_by_hashing_every_file(sources, hashed):
    # Caches built before the stamps existed: each file is read once per check, and still found current.
    src, cache = sources
    manifest = json.loads((cache / "manifest.json").read_text())
    del manifest["source_stamps"]
    (cache / "manifest.json").write_text(json.dumps(manifest))
    assert not needs_rebuild(cache, src)
    assert sorted(hashed) == ["one.csv", "three.txt", "two.txt"]
