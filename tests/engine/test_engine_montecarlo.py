"""Monte Carlo engine: against the independent reference loop, the closed form, invariants."""

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings

from opendome.core.counter_rng import key_from_seed
from opendome.engine import build_plan, plan_closed_form, simulate
from opendome.engine.reference import simulate_trial
from opendome.scenario import builtin_scenario
from tests.plans import random_plans, single_layer_plan


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_plans(), __import__("hypothesis").strategies.integers(0, 2**32 - 1))
def test_kernel_equals_reference_loop(plan, seed):
    """Same random numbers, two independent implementations: identical trials."""
    r = simulate(plan, 40, seed=seed, first_trial=1000)
    key = key_from_seed(seed)
    for b in range(40):
        ref = simulate_trial(plan, key, 1000 + b)
        assert ref[0] == r.leakers[b]
        assert ref[1] == r.interceptors_used[b].tolist()
        assert ref[2] == r.warheads_killed[b].tolist()
        assert ref[3] == r.layer_up[b].tolist()
        assert ref[4] == r.inventory_available[b].tolist()
        assert ref[5] == r.ran_short[b].tolist()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_plans(ample_inventory=True))
def test_monte_carlo_agrees_with_closed_form(plan):
    """With ample inventory the closed form is exact: agree within 5 standard errors.

    Standard errors come from the closed form itself, bounded for a variable X in [0, M] by
    Var X <= M E[X] (so rare events with no sample variance are still judged fairly).
    """
    trials = 20_000
    r = simulate(plan, trials, seed=7)
    cf = plan_closed_form(plan)

    def close(sample, expected, upper):
        se = math.sqrt(max(float(np.var(sample)), upper * expected, 0.0) / trials)
        return abs(float(np.mean(sample)) - expected) <= 5 * se + 1e-12

    assert close(r.leakers == 0, cf.p_no_leak, 1.0) or close(r.leakers != 0, 1 - cf.p_no_leak, 1.0)
    assert close(r.leakers, cf.expected_leakers, plan.n_warheads)
    for layer in range(plan.n_layers):
        assert close(r.interceptors_used[:, layer], cf.expected_interceptors[layer],
                     float(plan.inventory[layer]))


@settings(max_examples=40, deadline=None)
@given(random_plans())
def test_inventory_never_exceeded_and_counts_consistent(plan):
    r = simulate(plan, 500, seed=3)
    assert (r.interceptors_used <= r.inventory_available).all()
    for layer, samples in enumerate(plan.inventory_samples):
        totals = samples.reshape(-1, samples.shape[-1]).sum(axis=0) if samples.size else \
            plan.inventory[layer : layer + 1]
        assert np.isin(r.inventory_available[:, layer], totals).all()
        if samples.ndim < 2 or samples.shape[0] == 1:  # one pool: short means all of it used
            short = r.ran_short[:, layer]
            assert (r.interceptors_used[short, layer] == r.inventory_available[short, layer]).all()
    assert (r.leakers >= 0).all()
    # every warhead is killed by one layer or leaks
    assert (r.warheads_killed.sum(axis=1) + r.leakers <= plan.n_warheads).all()
    assert (r.warheads_killed.sum(axis=1) + r.leakers == plan.n_warheads).all()


def test_same_seed_same_result_whatever_the_chunk():
    plan = build_plan(builtin_scenario("decoy-saturation"))
    a = simulate(plan, 3000, seed=11, chunk_trials=1)
    b = simulate(plan, 3000, seed=11, chunk_trials=777)
    c = simulate(plan, 5000, seed=11)
    tail = simulate(plan, 2000, seed=11, first_trial=3000)
    assert np.array_equal(a.leakers, b.leakers)
    assert np.array_equal(a.interceptors_used, b.interceptors_used)
    assert np.array_equal(a.leakers, c.leakers[:3000])  # trial i depends only on (seed, i)
    assert np.array_equal(tail.interceptors_used, c.interceptors_used[3000:])
    d = simulate(plan, 3000, seed=12)
    assert not np.array_equal(a.leakers, d.leakers)


def test_exhaustion_hand_worked():
    """One layer, perfect tracking, W warheads, I interceptors, salvos of n.

    First come, first served: floor(I/n) warheads get n shots, one gets the I mod n left,
    the rest none. E[leakers] = f (1-p)^n + [r>0] (1-p)^r + (W - f - [r>0]).
    """
    from dataclasses import replace

    base = build_plan(builtin_scenario("glide-vehicles"))
    w, inv, n, p = 12, 17, 3, 0.6
    plan = replace(base, layer_names=("L",), layer_phases=("terminal",),
                   layer_interceptors=("x",), layer_is_boost=np.array([False]),
                   inventory=np.array([inv]), shots=np.array([n]), pk=np.array([[0, p, p]]),
                   p_detect=np.array([1.0]), p_discriminate=np.array([0.0]),
                   p_reliable=np.array([1.0]), engagements=np.array([[1]]),
                   missile_salvo=np.zeros(w, np.int64), object_missile=np.arange(w),
                   object_is_decoy=np.zeros(w, bool), allocation="fixed",
                   constellation_layers=(), inventory_samples=(), satellites=(),
                   p_kill_assessment=None, salvo_pool=None)
    f, rem = divmod(inv, n)
    expected = f * (1 - p) ** n + (1 - p) ** rem + (w - f - 1)
    trials = 40_000
    r = simulate(plan, trials, seed=5)
    assert (r.interceptors_used[:, 0] == inv).all()
    var = f * (1 - p) ** n * (1 - (1 - p) ** n) + (1 - p) ** rem * (1 - (1 - p) ** rem)
    assert r.leakers.mean() == pytest.approx(expected, abs=5 * math.sqrt(var / trials))


def test_decoys_exhaust_midcourse_in_saturation_scenario():
    """Built-in decoy-saturation: the midcourse layers run out in (nearly) every trial."""
    plan = build_plan(builtin_scenario("decoy-saturation"))
    r = simulate(plan, 2000, seed=1)
    gbi = plan.layer_names.index("midcourse-gbi")
    assert (r.interceptors_used[:, gbi] == plan.inventory[gbi]).mean() > 0.99
    unlimited = plan_closed_form(plan).expected_leakers
    assert r.leakers.mean() > 2 * unlimited  # inventory, not kill probability, limits it


def test_random_inventory_follows_its_samples():
    """Per-trial inventory drawn from samples: frequencies match (chi-square, scipy)."""
    from dataclasses import replace

    from scipy import stats

    base = build_plan(builtin_scenario("golden-dome-limited"))
    samples = (np.array([0, 3, 3, 7, 12]),) + tuple(np.zeros(0, np.int64) for _ in range(3))
    plan = replace(base, inventory_samples=samples)
    r = simulate(plan, 50_000, seed=9)
    values, counts = np.unique(r.inventory_available[:, 0], return_counts=True)
    assert values.tolist() == [0, 3, 7, 12]
    expected = np.array([1, 2, 1, 1]) / 5 * r.trials
    assert stats.chisquare(counts, expected).pvalue > 1e-4
    assert (r.inventory_available[:, 1:] == plan.inventory[1:]).all()
    # no space interceptor in reach: the boost layer kills nothing in those trials
    none = r.inventory_available[:, 0] == 0
    assert (r.warheads_killed[none, 0] == 0).all()


def test_manager_spreads_evenly_hand_worked():
    """12 warheads, 17 interceptors, salvos of up to 3, p = 0.6: the manager gives 5 targets
    two shots and 7 one shot: E[leakers] = 5 (0.4)^2 + 7 (0.4) = 3.6, the marginal-return
    optimum for identical shots (den Broeder et al. 1959); first come, first served leaves
    6.48."""
    trials = 40_000
    r = simulate(single_layer_plan(12, 17, 3, 0.6), trials, seed=5)
    assert (r.interceptors_used[:, 0] == 17).all()
    var = 5 * 0.16 * 0.84 + 7 * 0.4 * 0.6
    assert r.leakers.mean() == pytest.approx(3.6, abs=5 * math.sqrt(var / trials))


def test_manager_budgets_across_waves_hand_worked():
    """Two waves of 4 warheads, 12 interceptors, salvos of 3, p = 0.5. First come, first served
    spends all 12 on wave 1: E[leakers] = 4 (0.5)^3 + 4 = 4.5. The manager gives wave 1 half
    (2 targets x 2 shots, 2 x 1) and wave 2 the rest alike: E = 2 (2 x 0.25 + 2 x 0.5) = 3.0,
    the optimum for 12 shots on 8 targets."""
    trials = 40_000
    fixed = simulate(single_layer_plan(8, 12, 3, 0.5, waves=[0, 1], allocation="fixed"), trials, 1)
    managed = simulate(single_layer_plan(8, 12, 3, 0.5, waves=[0, 1]), trials, 1)
    assert fixed.leakers.mean() == pytest.approx(4.5, abs=0.03)
    assert managed.leakers.mean() == pytest.approx(3.0, abs=0.03)


def test_manager_beats_fixed_rule_under_saturation():
    from dataclasses import replace

    plan = build_plan(builtin_scenario("decoy-saturation"))
    managed = simulate(plan, 20_000, seed=2)
    fixed = simulate(replace(plan, allocation="fixed"), 20_000, seed=2)
    assert plan.allocation == "manager"
    assert managed.leakers.mean() < 0.7 * fixed.leakers.mean()


@pytest.mark.parametrize("name", ["decoy-saturation", "golden-dome-limited"])
def test_bit_identical_for_any_thread_count_and_block_size(name):
    """Every random number is addressed by its trial: threads and blocks change nothing."""
    plan = build_plan(builtin_scenario(name))
    one = simulate(plan, 3001, seed=5, threads=1)
    for threads, chunk in ((2, 1 << 16), (3, 97), (8, 1), (2, 3001)):
        other = simulate(plan, 3001, seed=5, threads=threads, chunk_trials=chunk)
        for field in ("leakers", "interceptors_used", "warheads_killed", "layer_up",
                      "inventory_available", "ran_short"):
            assert np.array_equal(getattr(one, field), getattr(other, field)), (threads, field)


def test_threads_report_progress_of_every_trial():
    plan = build_plan(builtin_scenario("glide-vehicles"))
    seen = []
    simulate(plan, 5000, seed=1, threads=2, chunk_trials=300, progress=seen.append)
    assert sum(seen) == 5000 and max(seen) <= 300
    with pytest.raises(ValueError, match="threads"):
        simulate(plan, 10, threads=0)
