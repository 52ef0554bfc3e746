"""Inventory pools, kill assessment and running short: hand-worked cases and invariants."""

import math
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opendome.engine import plan_closed_form, simulate
from opendome.engine.analytic import sls_engagement
from tests.plans import single_layer_plan


def two_salvo_plan(samples, salvo_pool, inventory=0):
    """One layer, two salvos of one warhead each, perfect tracking and kill probability 1."""
    base = single_layer_plan(2, inventory, 1, 1.0)
    return replace(base, salvo_names=("A", "B"), missile_salvo=np.array([0, 1]),
                   engagements=np.ones((1, 2), np.int64), inventory_samples=(np.array(samples),),
                   salvo_pool=np.array([salvo_pool]))


def test_pools_serve_only_their_salvos():
    """Pool 0 holds [3, 0], pool 1 [0, 3] (one launch-time index k for both): in every trial
    exactly one salvo's pool has interceptors, so exactly one warhead of two leaks."""
    r = simulate(two_salvo_plan([[3, 0], [0, 3]], [0, 1]), 4000, seed=1)
    assert (r.leakers == 1).all()
    assert (r.inventory_available[:, 0] == 3).all()  # the sum over pools
    assert (r.interceptors_used[:, 0] == 1).all()
    assert (r.ran_short[:, 0]).all()  # a pool with a target and no stock ran short
    # both indices drawn about equally often
    assert r.trials / 2 - 5 * math.sqrt(r.trials) / 2 < 2000 < r.trials / 2 + 200


def test_one_shared_pool_serves_both():
    r = simulate(two_salvo_plan([[3, 0]], [0, 0]), 4000, seed=1)
    k0 = r.inventory_available[:, 0] == 3
    assert (r.leakers[k0] == 0).all() and (r.leakers[~k0] == 2).all()
    assert not r.ran_short[k0, 0].any() and r.ran_short[~k0, 0].all()


def test_closed_form_drops_a_pool_with_nothing_in_reach():
    """Pool 1 never has an interceptor: its salvo leaks in the closed form too."""
    plan = two_salvo_plan([[4, 2, 1], [0, 0, 0]], [0, 1])
    cf = plan_closed_form(plan)
    assert cf.expected_leakers == pytest.approx(1.0)
    assert cf.expected_interceptors[0] == pytest.approx(1.0)
    r = simulate(plan, 2000, seed=2)
    assert (r.leakers == 1).all()


def test_closed_form_keeps_pools_that_sometimes_have_interceptors():
    plan = two_salvo_plan([[4, 0, 1], [0, 0, 2]], [0, 1])
    assert plan_closed_form(plan).expected_leakers == pytest.approx(0.0)


@pytest.mark.parametrize(("warheads", "short"), [(5, False), (6, True)])
def test_ran_short_counts_wanting_not_using_everything(warheads, short):
    """10 interceptors, salvos of 2, one engagement: 5 warheads use exactly the stock (not
    short), 6 leave one warhead unengaged (short), with either rule."""
    for allocation in ("fixed", "manager"):
        plan = single_layer_plan(warheads, 10, 2, 0.5, allocation=allocation)
        r = simulate(plan, 500, seed=4)
        assert (r.interceptors_used[:, 0] == 10).all()
        assert (r.ran_short[:, 0] == short).all()


def test_ran_short_with_look_shoot_look():
    """3 warheads, 4 interceptors, one shot each, two engagements, pk = 0.5: the layer runs
    short exactly when 2 or more of the 3 survive the first round (P = 1/2)."""
    plan = replace(single_layer_plan(3, 4, 1, 0.5, allocation="fixed"),
                   engagements=np.array([[2]]))
    r = simulate(plan, 40_000, seed=3)
    assert r.ran_short[:, 0].mean() == pytest.approx(0.5, abs=5 * math.sqrt(0.25 / r.trials))
    # running short means all 4 were fired
    assert (r.interceptors_used[r.ran_short[:, 0], 0] == 4).all()


def test_sls_engagement_hand_worked():
    """Two engagements, kill k per engagement, look right with probability a:
    P(kill) = k + (1-k) a k (a survivor declared killed passes);
    shots = n [1 + a (1-k) + (1-a) k] (a missed kill is re-engaged)."""
    k, n, a = 0.6, 2, 0.7
    kill, up, down = sls_engagement(k, n, 2, a)
    assert kill == pytest.approx(k + (1 - k) * a * k)
    assert up == pytest.approx(n * (1 + a * (1 - k) + (1 - a) * k))
    assert down == pytest.approx(n * (1 + a))
    # perfect assessment: the textbook shoot-look-shoot
    kill, up, _ = sls_engagement(k, n, 3, 1.0)
    assert kill == pytest.approx(1 - (1 - k) ** 3)
    assert up == pytest.approx(n * (1 + (1 - k) + (1 - k) ** 2))


@settings(max_examples=20)
@given(st.floats(0.0, 1.0), st.floats(0.0, 1.0), st.integers(1, 5), st.integers(1, 3))
def test_sls_engagement_equals_enumeration(k, a, m, n):
    """Against brute-force enumeration of kill and look outcomes."""

    def walk(j, alive):  # -> (P(survive), E[shots]) from engagement j on, target state alive
        if j == m:
            return float(alive), 0.0
        outcomes = [(k, False), (1 - k, True)] if alive else [(1.0, False)]
        s = e = 0.0
        for p, alive_after in outcomes:
            if j + 1 == m:
                s += p * alive_after
                e += p * n
                continue
            for q, reported_alive in ((a, alive_after), (1 - a, not alive_after)):
                if reported_alive:
                    sv, ev = walk(j + 1, alive_after)
                else:
                    sv, ev = float(alive_after), 0.0
                s += p * q * sv
                e += p * q * (n + ev)
        return s, e

    survive, shots = walk(0, True)
    kill, up, _ = sls_engagement(k, n, m, a)
    assert kill == pytest.approx(1 - survive, abs=1e-12)
    assert up == pytest.approx(shots, abs=1e-9)


@pytest.mark.parametrize("allocation", ["fixed", "manager"])
def test_kill_assessment_monte_carlo_equals_closed_form(allocation):
    """20 warheads, three engagements of 2 shots, pk 0.5, looks right 80 % of the time."""
    plan = replace(single_layer_plan(20, 10_000, 2, 0.5, allocation=allocation),
                   engagements=np.array([[3]]), p_kill_assessment=np.array([0.8]))
    cf = plan_closed_form(plan)
    trials = 20_000
    r = simulate(plan, trials, seed=8)
    se_leak = math.sqrt(20 * 0.25 / trials)
    assert r.leakers.mean() == pytest.approx(cf.expected_leakers, abs=5 * se_leak)
    used = r.interceptors_used[:, 0]
    assert used.mean() == pytest.approx(cf.expected_interceptors[0],
                                        abs=5 * used.std() / math.sqrt(trials))
    perfect = plan_closed_form(replace(plan, p_kill_assessment=np.array([1.0])))
    assert cf.expected_leakers > perfect.expected_leakers  # survivors declared killed pass
