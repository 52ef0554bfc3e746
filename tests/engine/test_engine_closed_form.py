"""Closed forms against hand-worked values and brute-force enumeration."""

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opendome.engine import (
    build_plan,
    expected_shots,
    layer_negation,
    leakage_through_layers,
    p_zero_leakers,
    plan_closed_form,
    shots_needed,
)
from opendome.scenario import builtin_scenario


def test_layer_negation_hand_worked():
    # T[1-(1-p)^n] with T=0.9, p=0.5, n=2: 0.9 * 0.75
    assert layer_negation(0.9, 0.5, 2) == pytest.approx(0.675)
    # two layers of 0.8 and 0.5 leak 0.2 * 0.5
    assert leakage_through_layers([0.8, 0.5]) == pytest.approx(0.1)
    # ten objects each leaking 0.01, P_sys 0.95: 0.95 * 0.99^10
    assert p_zero_leakers(np.full(10, 0.01), 0.95) == pytest.approx(0.95 * 0.99**10)


def test_layer_negation_broadcasts():
    out = layer_negation(np.array([0.5, 1.0])[:, None], 0.5, np.array([1, 2, 3]))
    assert out.shape == (2, 3)
    assert out[1, 2] == pytest.approx(0.875)


def test_shots_needed_hand_worked():
    # p = 0.5: 1 - 0.5^6 = 0.984 < 0.99 <= 1 - 0.5^7 = 0.992
    assert shots_needed(0.99, 0.5) == 7
    # GBI test record p = 9/17: 1-(8/17)^n >= 0.99 needs n = 7 (0.9948; n = 6 gives 0.9890)
    assert shots_needed(0.99, 9 / 17) == 7
    with pytest.raises(ValueError, match="detection"):
        shots_needed(0.99, 0.9, p_detect=0.95)


@given(st.floats(0.01, 0.98), st.floats(0.05, 1.0), st.floats(0.0, 1.0))
def test_shots_needed_is_smallest(target, pk, t):
    if t <= target and not (pk == 1.0 and t >= target):
        with pytest.raises(ValueError):
            shots_needed(target, pk, t)
        return
    n = shots_needed(target, pk, t)
    assert t * (1 - (1 - pk) ** n) >= target - 1e-12
    assert n == 1 or t * (1 - (1 - pk) ** (n - 1)) < target


@given(st.floats(0.0, 1.0), st.integers(1, 4), st.integers(1, 5))
def test_expected_shots_matches_enumeration(pk, n, m):
    # enumerate engagement outcomes: stop after the first killing engagement
    kill = 1 - (1 - pk) ** n
    brute = sum(n * (k + 1) * kill * (1 - kill) ** k for k in range(m - 1))
    brute += n * m * (1 - kill) ** (m - 1)
    assert expected_shots(pk, n, m) == pytest.approx(brute, rel=1e-9, abs=1e-12)


def test_plan_closed_form_single_layer_by_hand():
    # glide-vehicles' layers with engagements pinned: boost (T .95, p .9, R .95), midcourse 0,
    # terminal 1 (T .8, p .8 x 2 shots, R .95); six gliders with one warhead each.
    from dataclasses import replace

    plan = replace(build_plan(builtin_scenario("glide-vehicles")),
                   engagements=np.array([[1], [0], [1]]))
    cf = plan_closed_form(plan)
    leak_by_state = {}
    for boost_up, term_up in itertools.product((1, 0), repeat=2):
        b = boost_up * 0.95 * 0.9
        t = term_up * 0.8 * (1 - 0.2**2)
        leak_by_state[(boost_up, term_up)] = (1 - b) * (1 - t)
    p0 = sum(
        (0.95 if bu else 0.05) * (0.95 if tu else 0.05) * (1 - leak) ** 6
        for (bu, tu), leak in leak_by_state.items()
    )
    assert cf.p_no_leak == pytest.approx(p0, rel=1e-12)
    assert cf.leaker_pmf.sum() == pytest.approx(1.0)
    assert cf.expected_interceptors[1] == 0.0


def test_closed_form_pmf_is_a_distribution_and_mean_consistent():
    plan = build_plan(builtin_scenario("golden-dome-limited"))
    cf = plan_closed_form(plan)
    assert cf.leaker_pmf.min() >= 0
    assert cf.leaker_pmf.sum() == pytest.approx(1.0, abs=1e-12)
    assert cf.expected_leakers == pytest.approx(np.dot(np.arange(cf.leaker_pmf.size),
                                                       cf.leaker_pmf))


@settings(max_examples=30, deadline=None)
@given(st.floats(0.0, 1.0), st.floats(0.0, 1.0), st.floats(0.0, 1.0), st.integers(1, 4))
def test_one_warhead_one_layer_equals_standard_form(t, p, r, n):
    from dataclasses import replace

    plan = build_plan(builtin_scenario("glide-vehicles"))
    one = replace(plan, layer_names=("L",), layer_phases=("terminal",), layer_interceptors=("x",),
                  layer_is_boost=np.array([False]), inventory=np.array([100]),
                  shots=np.array([n]), pk=np.array([[0.0, p, p]]), p_detect=np.array([t]),
                  p_discriminate=np.array([0.0]), p_reliable=np.array([r]),
                  engagements=np.array([[1]]), missile_salvo=np.array([0]),
                  object_missile=np.array([0]), object_is_decoy=np.array([False]),
                  p_kill_assessment=None, salvo_pool=None)
    cf = plan_closed_form(one)
    assert cf.p_no_leak == pytest.approx(r * layer_negation(t, p, n), abs=1e-12)
    assert cf.expected_interceptors[0] == pytest.approx(t * n, abs=1e-12)
