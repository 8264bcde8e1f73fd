"""Resolution accuracy on the labelled UCDP development set must not regress (see benchmarks/bench_resolve.py)."""

import sys

import numpy as np
import pytest
from common import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from bench_resolve import coverage, load_eval, run_resolution  # noqa: E402


@pytest.fixture(scope="module")
def core(gz):
    ev = load_eval("core")
    return ev, coverage(gz, ev)


def test_accuracy_with_hints_on_places_in_the_gazetteer(core):
    ev, covered = core
    res = run_resolution(ev, hints=True)
    within5 = np.nan_to_num(res["dist_km"].to_numpy(), nan=1e9) <= 5
    assert covered.mean() > 0.75
    assert within5[covered].mean() >= 0.95  # the target
    wrong = ~within5 & ~np.isnan(res["lat"].to_numpy(dtype=float))
    flagged = (res["confidence"].to_numpy(dtype=float)[wrong] < 0.5).mean()
    assert flagged >= 0.8  # misses are flagged honestly


def test_accuracy_without_hints_is_still_useful(core):
    ev, covered = core
    res = run_resolution(ev, hints=False)
    within5 = np.nan_to_num(res["dist_km"].to_numpy(), nan=1e9) <= 5
    assert within5[covered].mean() >= 0.8
