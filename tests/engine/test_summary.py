"""The typed run summary: its figures against numpy on the trials, block independence, JSON."""

import dataclasses
import json
import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from opendome import __version__
from opendome.engine import Summary, SummaryAccumulator, simulate, summarize, wilson_interval
from opendome.engine.summary import Z95, mean_interval, percentile_from_histogram
from tests.budget import examples
from tests.plans import random_plans
from tests.plans import single_layer_plan as _single_layer_plan

# The keys summary.json and `run --json` had before the typed summary (readers rely on them).
JSON_KEYS = {"scenario", "trials", "seed", "allocation", "warheads", "objects", "p_no_leak",
             "p_no_leak_ci95", "expected_leakers", "expected_leakers_ci95",
             "leaker_distribution", "interceptors_used", "interceptors_used_p95", "inventory",
             "p_inventory_exhausted", "warheads_killed", "not_engaged", "closed_form"}


def single_layer_plan(*args):
    """One layer against warheads, without the geometry of the scenario it was built from."""
    return dataclasses.replace(_single_layer_plan(*args), no_engagement=(), kill_chains=(),
                               windows=())


@given(st.lists(st.integers(0, 40), min_size=1, max_size=300), st.floats(0, 100))
def test_percentile_from_histogram_is_numpy_percentile(values, q):
    x = np.array(values)
    assert percentile_from_histogram(np.bincount(x).astype(np.int64), q) == pytest.approx(
        float(np.percentile(x, q)), rel=1e-12, abs=1e-12)


def test_percentile_of_one_value_and_of_none():
    assert percentile_from_histogram(np.array([0, 0, 1], np.int64), 95) == 2.0
    with pytest.raises(ValueError):
        percentile_from_histogram(np.zeros(3, np.int64), 95)


def test_summary_figures_equal_numpy_on_the_trials():
    """Every figure computed a second way, directly from the per-trial arrays."""
    plan = single_layer_plan(12, 17, 3, 0.6)
    r = simulate(plan, 5000, seed=11)
    s = summarize(plan, r)
    t = r.trials
    assert s.trials == t and s.seed == 11 and s.version == __version__
    assert s.p_no_leak == np.count_nonzero(r.leakers == 0) / t
    assert s.expected_leakers == pytest.approx(r.leakers.mean(), rel=1e-14)
    lo, hi = mean_interval(r.leakers)
    assert s.expected_leakers_ci95 == pytest.approx((lo, hi), rel=1e-12)
    counts = np.bincount(r.leakers)
    assert s.leaker_distribution == {k: c / t for k, c in enumerate(counts) if c}
    layer = s.layer("L")
    used = r.interceptors_used[:, 0]
    assert layer.used_mean == pytest.approx(used.mean(), rel=1e-14)
    assert layer.used_p95 == pytest.approx(float(np.percentile(used, 95)), rel=1e-12)
    assert layer.p_exhausted == np.mean(r.ran_short[:, 0])  # trials the layer ran short
    assert layer.warheads_killed == pytest.approx(r.warheads_killed[:, 0].mean(), rel=1e-14)
    assert layer.inventory == 17.0
    # 12 warheads, 17 interceptors, salvos of 3: the layer runs out in most trials
    assert 0.0 < layer.p_exhausted <= 1.0


@settings(max_examples=examples(30), suppress_health_check=[HealthCheck.too_slow])
@given(random_plans(), st.lists(st.integers(1, 90), min_size=1, max_size=6))
def test_accumulated_blocks_equal_the_whole(plan, sizes):
    """Any split of the same trials into blocks, in any order, gives the identical summary."""
    trials = sum(sizes)
    whole = summarize(plan, simulate(plan, trials, seed=5))
    acc = SummaryAccumulator(plan, 5)
    starts = np.cumsum([0, *sizes[:-1]])
    for lo, n in reversed(list(zip(starts.tolist(), sizes, strict=True))):
        acc.add(simulate(plan, n, seed=5, first_trial=lo))
    assert acc.summary() == whole


def test_one_trial_has_no_leaker_interval_and_a_wilson_interval():
    plan = single_layer_plan(4, 10, 2, 0.7)
    s = summarize(plan, simulate(plan, 1, seed=2))
    assert s.expected_leakers_ci95 is None
    d = s.to_dict()
    assert d["expected_leakers_ci95"] is None
    json.dumps(d, allow_nan=False)
    # Wilson for 1 trial: the bound is z^2/(1+z^2) (Wilson 1927), not 0 or 1 or infinite
    edge = Z95**2 / (1 + Z95**2)
    assert wilson_interval(0, 1) == pytest.approx((0.0, edge))
    assert wilson_interval(1, 1) == pytest.approx((1 - edge, 1.0))
    lo, hi = s.p_no_leak_ci95
    assert math.isfinite(lo) and math.isfinite(hi) and lo <= s.p_no_leak <= hi


def test_to_dict_keeps_the_json_keys_and_is_strict_json():
    plan = single_layer_plan(6, 10, 2, 0.7)
    s = summarize(plan, simulate(plan, 300, seed=1), resolved_scenario={"name": "x"})
    d = s.to_dict()
    assert JSON_KEYS <= set(d)
    assert d["opendome_version"] == __version__ and d["resolved_scenario"] == {"name": "x"}
    assert d["interceptors_used"] == {"L": s.layer("L").used_mean}
    assert set(d["closed_form"]["interceptors_used"]) == {"L"}
    back = json.loads(json.dumps(d, allow_nan=False))
    assert back["leaker_distribution"] == {str(k): v for k, v in s.leaker_distribution.items()}


def test_summary_is_frozen_with_a_short_repr():
    plan = single_layer_plan(6, 10, 2, 0.7)
    s = summarize(plan, simulate(plan, 300, seed=1))
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.p_no_leak = 1.0  # type: ignore[misc]
    text = repr(s)
    assert "\n" not in text and len(text) < 160 and "P(no leak)" in text
    assert isinstance(s, Summary)
    with pytest.raises(KeyError, match="layers"):
        s.layer("nope")


def test_blocks_of_another_seed_or_plan_are_refused():
    plan = single_layer_plan(6, 10, 2, 0.7)
    acc = SummaryAccumulator(plan, 1)
    with pytest.raises(ValueError, match="seed"):
        acc.add(simulate(plan, 10, seed=2))
    with pytest.raises(ValueError, match="no trials"):
        acc.summary()
