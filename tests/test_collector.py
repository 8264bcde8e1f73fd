"""collector_paused: the cycle collector is off inside, restored after (errors too), nests; resolving
runs with it off."""

from __future__ import annotations

import gc

import pytest

from gazetteer.collector import collector_paused


def test_paused_inside_restored_after_even_on_errors():
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the inner block leaves the outer one's pause alone
    assert gc.isenabled()
    with pytest.raises(RuntimeError), collector_paused():
        raise RuntimeError("boom")
    assert gc.isenabled()


def test_left_off_when_the_caller_had_it_off():
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_batch_is_resolved_with_the_collector_off(gz, monkeypatch):
    import importlib

    resolve_module = importlib.import_module("gazetteer.resolve")
    seen = []
    real = resolve_module._find_all

    def spy(*args, **kwargs):
        seen.append(gc.isenabled())
        return real(*args, **kwargs)

    monkeypatch.setattr(resolve_module, "_find_all", spy)
    assert gz.match_many(["Kafr Nabl", "Saraqib"])[0].status == "resolved"
    assert seen == [False] and gc.isenabled()
