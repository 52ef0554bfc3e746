"""The exchange's track probability is the engine's detection: untracked objects draw no shot."""

import math
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opendome.engine import simulate
from opendome.stability.exchange import (
    decoys_needed,
    expected_delivered,
    expected_engaged,
    marginal_warheads_per_interceptor,
    warheads_needed,
)
from tests.plans import single_layer_plan


def _engine_plan(warheads, interceptors, shots, pk, track):
    """One layer, one engagement, fixed rule (whole salvos while they last), detection T."""
    return replace(single_layer_plan(warheads, interceptors, shots, pk, allocation="fixed"),
                   p_detect=np.array([track]))


@settings(max_examples=12)
@given(w=st.integers(1, 60), salvos=st.integers(0, 60), n=st.integers(1, 3),
       p=st.floats(0.05, 1.0), t=st.floats(0.05, 1.0))
def test_closed_form_equals_engine_on_random_parameters(w, salvos, n, p, t):
    """No decoys (so the order of service does not matter) and whole salvos (I = salvos x n):
    the engine's mean delivered warheads and the closed form agree within 5 standard errors."""
    trials = 4000
    r = simulate(_engine_plan(w, salvos * n, n, p, t), trials, seed=w + 7 * salvos)
    expected = float(expected_delivered(w, salvos * n, n, p, 0, t))
    se = max(float(r.leakers.std()), math.sqrt(w * 0.25 / trials) * 0.1) / math.sqrt(trials)
    assert r.leakers.mean() == pytest.approx(expected, abs=5 * se + 1e-9)


def _random_order(w, i, n, p, d, t, trials, rng):
    """Tracked objects (each with probability t) in a random order get n shots while they last."""
    objects = w * (1 + d)
    m = i // n
    delivered = np.empty(trials)
    for k in range(trials):
        is_warhead = np.zeros(objects, dtype=bool)
        is_warhead[rng.choice(objects, size=w, replace=False)] = True
        tracked = rng.random(objects) < t
        engaged = np.flatnonzero(tracked)[:m]
        killed = (rng.random((engaged.size, n)) < p).any(axis=1)
        delivered[k] = w - np.count_nonzero(is_warhead[engaged] & killed)
    return delivered.mean(), delivered.std(ddof=1) / np.sqrt(trials)


@pytest.mark.parametrize(("w", "i", "n", "p", "d", "t"),
                         [(30, 40, 2, 0.6, 1, 0.8), (10, 100, 1, 0.7, 3, 0.9),
                          (50, 60, 3, 0.4, 2, 0.5), (40, 58, 2, 0.9, 1, 0.7)])
def test_closed_form_with_decoys_equals_random_order_simulation(w, i, n, p, d, t):
    rng = np.random.default_rng(20261130)
    mean, se = _random_order(w, i, n, p, d, t, 4000, rng)
    assert float(expected_delivered(w, i, n, p, d, t)) == pytest.approx(mean, abs=4 * se + 1e-9)


def test_issue_example_untracked_objects_free_interceptors():
    """Track probability 0.9 no longer wastes shots on untracked objects: against a defense that
    runs out, the attacker delivers fewer warheads than the old form (which let every tenth
    engagement miss for lack of a track) said."""
    w, i, n, p, d, t = 200, 300, 2, 0.8, 1, 0.9
    k = 1 - (1 - p) ** n
    old = w - t * k * min(w, (i // n) / (1 + d))
    assert float(expected_delivered(w, i, n, p, d, t)) < old


@settings(max_examples=40)
@given(n=st.integers(0, 40), m=st.integers(0, 40), t=st.floats(0.0, 1.0))
def test_expected_engaged_equals_enumeration(n, m, t):
    x = np.arange(n + 1)
    pmf = np.array([math.comb(n, j) * t**j * (1 - t) ** (n - j) for j in x])
    assert float(expected_engaged(n, m, t)) == pytest.approx(float(np.dot(np.minimum(x, m), pmf)),
                                                             abs=1e-9)


@settings(max_examples=40)
@given(r=st.integers(1, 40), i=st.integers(0, 200), n=st.integers(1, 3), p=st.floats(0.0, 0.99),
       d=st.integers(0, 3), t=st.floats(0.0, 1.0))
def test_inverses_are_smallest(r, i, n, p, d, t):
    w = float(warheads_needed(r, i, n, p, d, t))
    assert float(expected_delivered(w, i, n, p, d, t)) >= r - 1e-9
    assert w == 0 or float(expected_delivered(w - 1, i, n, p, d, t)) < r - 1e-9
    need = float(decoys_needed(r, r + 5, i, n, p, t))
    assert float(expected_delivered(r + 5, i, n, p, need, t)) >= r - 1e-9
    assert need == 0 or float(expected_delivered(r + 5, i, n, p, need - 1, t)) < r - 1e-9


def test_marginal_rate_is_the_difference_of_one_more_salvo():
    """-dE/dI times n is E(W, I) - E(W, I + n), exactly."""
    w, i, n, p, d, t = 40, 50, 2, 0.7, 1, 0.85
    step = float(expected_delivered(w, i, n, p, d, t) - expected_delivered(w, i + n, n, p, d, t))
    assert float(marginal_warheads_per_interceptor(w, i, n, p, d, t)) * n == pytest.approx(step)
