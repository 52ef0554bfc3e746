"""Shoot-look-shoot by exact dynamic programming against the static optimum."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opendome.battle.dynamic import solve_shoot_look_shoot
from opendome.battle.exact import solve_exact
from opendome.battle.problem import surviving_value


@pytest.mark.parametrize("p", [0.1, 0.3, 0.5, 0.8, 1.0])
def test_two_targets_three_shots_closed_form(p):
    # Two targets of value 1, three shots of kill probability p, q = 1 - p.
    # Static optimum: 2 + 1 shots, q^2 + q. Adaptive (derived by hand over all first salvos):
    # one shot at each, then the third at a survivor: q^2 (1 + q) + 2 p q * q = q^2 (3 - q).
    q = 1.0 - p
    res = solve_shoot_look_shoot([1.0, 1.0], [[p, p]], [3], stages=2)
    assert res.static_value == pytest.approx(q**2 + q, abs=1e-15)
    assert res.adaptive_value == pytest.approx(q**2 * (3 - q), abs=1e-15)


def test_one_target_gains_nothing_from_looking():
    # with a single target every unit ends up on it anyway: V q1^a q2^b either way
    res = solve_shoot_look_shoot([7.0], [[0.4], [0.7]], [2, 1], stages=3)
    assert res.adaptive_value == pytest.approx(res.static_value, rel=1e-14)
    assert res.static_value == pytest.approx(7 * 0.6**2 * 0.3, rel=1e-14)


@st.composite
def small_cases(draw):
    m = draw(st.integers(1, 2))
    n = draw(st.integers(1, 3))
    p = np.array(draw(st.lists(st.floats(0.0, 1.0), min_size=m * n, max_size=m * n)))
    values = np.array(draw(st.lists(st.floats(0.0, 100.0), min_size=n, max_size=n)))
    inventory = np.array(draw(st.lists(st.integers(0, 3), min_size=m, max_size=m)))
    return values, p.reshape(m, n), inventory


@settings(max_examples=30, deadline=None)
@given(case=small_cases())
def test_adaptive_never_worse_and_more_looks_never_hurt(case):
    values, p, inventory = case
    two = solve_shoot_look_shoot(values, p, inventory, stages=2)
    three = solve_shoot_look_shoot(values, p, inventory, stages=3)
    assert two.adaptive_value <= two.static_value * (1 + 1e-12) + 1e-12
    assert three.adaptive_value <= two.adaptive_value * (1 + 1e-12) + 1e-12
    assert 0.0 <= two.improvement <= 1.0
    assert np.all(two.first_salvo.sum(axis=1) <= inventory)


@settings(max_examples=20, deadline=None)
@given(case=small_cases())
def test_one_stage_dp_is_the_static_optimum(case):
    values, p, inventory = case
    dp = solve_shoot_look_shoot(values, p, inventory, stages=1)
    milp = solve_exact(values, p, inventory, time_limit_s=30)
    assert dp.adaptive_value == pytest.approx(dp.static_value, rel=1e-14)
    assert dp.static_value == pytest.approx(milp.objective, rel=2e-6, abs=1e-9)
    assert surviving_value(values, p, dp.static_x) == pytest.approx(dp.static_value, rel=1e-12)


def test_large_cases_are_refused_with_a_reason():
    with pytest.raises(ValueError, match="max_salvos"):
        solve_shoot_look_shoot(np.ones(8), np.full((4, 8), 0.5), [4, 4, 4, 4])
    with pytest.raises(ValueError, match="stages"):
        solve_shoot_look_shoot([1.0], [[0.5]], [1], stages=0)


@settings(max_examples=20, deadline=None)
@given(case=small_cases(), weapon=st.integers(0, 1))
def test_one_more_interceptor_never_raises_the_adaptive_value(case, weapon):
    values, p, inventory = case
    more = inventory.copy()
    more[weapon % len(more)] += 1
    before = solve_shoot_look_shoot(values, p, inventory, stages=2)
    after = solve_shoot_look_shoot(values, p, more, stages=2)
    assert after.adaptive_value <= before.adaptive_value * (1 + 1e-12) + 1e-12
    assert after.static_value <= before.static_value * (1 + 1e-12) + 1e-12
