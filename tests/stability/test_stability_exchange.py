"""Exchange closed forms against hand-worked cases, a brute-force inverse, a seeded Monte Carlo
simulation of the engagement, and invariants."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opendome.stability.exchange import (
    cost_exchange_ratio,
    decoys_needed,
    exchange_point,
    expected_delivered,
    expected_delivered_in_allocation_order,
    marginal_warheads_per_interceptor,
    negation_probability,
    warheads_needed,
    warheads_to_exhaust,
)


def test_hand_worked_exhaustion():
    # I = 100, n = 2 -> 50 objects engageable; d = 1 -> 25 warheads exhaust the defense.
    # p = 0.5 -> q = 0.75. W = 40: E = 40 - 0.75 * 25 = 21.25.
    assert float(negation_probability(0.5, 2)) == pytest.approx(0.75)
    assert float(warheads_to_exhaust(100, 2, 1)) == pytest.approx(25.0)
    assert float(expected_delivered(40, 100, 2, 0.5, 1)) == pytest.approx(21.25)
    # W = 20 < 25: every object engaged, E = 20 * 0.25 = 5.
    assert float(expected_delivered(20, 100, 2, 0.5, 1)) == pytest.approx(5.0)
    # To deliver 10: leakage gives at most 0.25 * 25 = 6.25 < 10, so W = 10 + 18.75 -> 29.
    assert float(warheads_needed(10, 100, 2, 0.5, 1)) == 29
    # To deliver 5: W = 5 / 0.25 = 20 in the leakage regime.
    assert float(warheads_needed(5, 100, 2, 0.5, 1)) == 20


def test_no_defense_and_perfect_defense():
    assert float(warheads_needed(7, 0, 1, 0.9)) == 7
    assert float(expected_delivered(7, 0, 1, 0.9)) == 7
    # p = 1, T = 1: the defense stops M warheads exactly, then everything leaks.
    assert float(warheads_needed(3, 10, 1, 1.0)) == 13


def _brute_force_needed(r, i, n, p, d, t):
    w = 0
    while expected_delivered(w, i, n, p, d, t) < r - 1e-9:
        w += 1
    return w


@settings(max_examples=150, deadline=None)
@given(
    r=st.integers(0, 60),
    i=st.integers(0, 400),
    n=st.integers(1, 4),
    p=st.floats(0.0, 0.99),
    d=st.integers(0, 5),
    t=st.floats(0.5, 1.0),
)
def test_inverse_matches_brute_force(r, i, n, p, d, t):
    assert float(warheads_needed(r, i, n, p, d, t)) == _brute_force_needed(r, i, n, p, d, t)


def _simulate(w, i, n, p, d, t, trials, rng):
    """Random-order engagement of W warheads and W d decoys, n shots per object while they last."""
    objects = w * (1 + d)
    m = min(objects, i // n)
    delivered = np.empty(trials)
    for k in range(trials):
        is_warhead = np.zeros(objects, dtype=bool)
        is_warhead[rng.choice(objects, size=w, replace=False)] = True
        engaged = is_warhead[:m]  # the first m objects of a random order are engaged
        tracked = rng.random(m) < t
        killed = (rng.random((m, n)) < p).any(axis=1) & tracked
        delivered[k] = w - np.count_nonzero(engaged & killed)
    return delivered.mean(), delivered.std(ddof=1) / np.sqrt(trials)


@pytest.mark.parametrize(
    ("w", "i", "n", "p", "d", "t"),
    [(30, 40, 2, 0.6, 1, 1.0), (10, 100, 1, 0.7, 3, 0.9), (50, 30, 3, 0.4, 0, 1.0)],
)
def test_closed_form_matches_monte_carlo(w, i, n, p, d, t):
    rng = np.random.default_rng(20261122)
    mean, se = _simulate(w, i, n, p, d, t, 4000, rng)
    assert float(expected_delivered(w, i, n, p, d, t)) == pytest.approx(mean, abs=4 * se + 1e-9)


@settings(max_examples=100, deadline=None)
@given(
    w=st.integers(0, 500),
    i=st.integers(0, 1000),
    di=st.integers(0, 200),
    n=st.integers(1, 4),
    p=st.floats(0.0, 1.0),
    d=st.floats(0.0, 10.0),
)
def test_more_interceptors_never_deliver_more(w, i, di, n, p, d):
    e1 = float(expected_delivered(w, i, n, p, d))
    e2 = float(expected_delivered(w, i + di, n, p, d))
    assert e2 <= e1 + 1e-9
    assert 0.0 - 1e-9 <= e2 <= w + 1e-9
    assert float(warheads_needed(5, i + di, n, p, d)) >= float(warheads_needed(5, i, n, p, d))


@settings(max_examples=100, deadline=None)
@given(w=st.integers(0, 500), dw=st.integers(0, 50), i=st.integers(0, 1000),
       p=st.floats(0.0, 1.0), d=st.floats(0.0, 5.0), dd=st.floats(0.0, 5.0))
def test_more_warheads_or_decoys_never_deliver_less(w, dw, i, p, d, dd):
    e = float(expected_delivered(w, i, 2, p, d))
    assert float(expected_delivered(w + dw, i, 2, p, d)) >= e - 1e-9
    assert float(expected_delivered(w, i, 2, p, d + dd)) >= e - 1e-9


def test_marginal_rate_is_a_finite_difference_of_the_inverse():
    # Exhaustion regime: adding n (1 + d) interceptors makes the attacker add q warheads.
    i, n, p, d, r = 600, 2, 0.7, 2, 50
    q = 1 - 0.3**2
    rate = float(marginal_warheads_per_interceptor(warheads_needed(r, i, n, p, d), i, n, p, d))
    assert rate == pytest.approx(q / (n * (1 + d)))
    # Continuous inverse R + q M/(1+d): a step of 6000 interceptors (1000 objects) adds q*1000/3.
    w0 = r + q * (i // n) / (1 + d)
    w1 = r + q * ((i + 6000) // n) / (1 + d)
    assert (w1 - w0) / 6000 == pytest.approx(rate)


def test_cost_exchange_ratio_closed_form():
    # Exhaustion: c_i n (1 + d) / (q (c_w + d c_d)).
    cer = float(cost_exchange_ratio(100, 100, 2, 0.5, 20e6, 10e6, decoys=1, decoy_cost_usd=1e6))
    assert cer == pytest.approx(20e6 * 2 * 2 / (0.75 * (10e6 + 1e6)))
    # Leakage regime: an added interceptor stops nothing at fixed doctrine.
    assert np.isinf(cost_exchange_ratio(5, 100, 2, 0.5, 20e6, 10e6))


def test_broadcasting_over_force_and_defense_sizes():
    w = np.arange(0, 200, 10)[:, None]
    i = np.array([0, 50, 100, 400])[None, :]
    e = expected_delivered(w, i, 2, 0.7, 1)
    assert e.shape == (20, 4)
    assert np.all(np.diff(e, axis=1) <= 1e-12)
    needed = warheads_needed(np.array([1, 10, 100]), 300, 2, 0.7)
    assert needed.shape == (3,)


def test_exchange_point_fields():
    pt = exchange_point(100, 2, 0.5, 10, decoys=1, interceptor_cost_usd=20e6, warhead_cost_usd=10e6)
    assert pt.warheads_needed == 29 and pt.regime == "exhaustion"
    assert pt.expected_delivered >= 10
    assert pt.warheads_per_interceptor == pytest.approx(0.75 / 4)
    assert pt.cost_exchange_ratio == pytest.approx(20e6 * 4 / (0.75 * 10e6))
    assert pt.defender_cost_per_warhead_stopped_usd == pytest.approx(20e6 * 4 / 0.75)
    assert pt.attacker_cost_per_warhead_delivered_usd == pytest.approx(10e6)
    # Leakage regime: R = 2 needs W = 8 (q = 0.75), each added warhead delivers 1/4.
    low = exchange_point(100, 2, 0.5, 2, decoys=1, interceptor_cost_usd=20e6, warhead_cost_usd=1e7)
    assert low.regime == "leakage" and low.warheads_needed == 8
    assert low.attacker_cost_per_warhead_delivered_usd == pytest.approx(4e7)
    assert low.defender_cost_per_warhead_stopped_usd == float("inf")


def _enumerate_allocation_order(w, i, n, p, d, k):
    """Exact expectation by walking the fixed order object by object (no closed form used)."""
    objects = []
    for _ in range(w // k):
        objects += [True] * k + [False] * (k * d)
    left, expected_stopped = i, 0.0
    for is_warhead in objects:
        fired = min(n, left)
        if fired == 0:
            break
        left -= fired
        if is_warhead:
            expected_stopped += 1 - (1 - p) ** fired
    return w - expected_stopped


def test_allocation_order_by_hand():
    # 3 missiles x (1 warhead + 2 decoys), I = 7, n = 2: salvos on objects 0, 1, 2 (warhead,
    # decoy, decoy), then a short salvo of 1 on object 3 (the second warhead).
    e = float(expected_delivered_in_allocation_order(3, 7, 2, 0.5, decoys=2))
    assert e == pytest.approx(3 - 0.75 - 0.5)


@settings(max_examples=150, deadline=None)
@given(
    missiles=st.integers(0, 30),
    i=st.integers(0, 120),
    n=st.integers(1, 4),
    p=st.floats(0.0, 1.0),
    d=st.integers(0, 4),
    k=st.integers(1, 3),
)
def test_allocation_order_matches_enumeration(missiles, i, n, p, d, k):
    w = missiles * k
    got = float(expected_delivered_in_allocation_order(w, i, n, p, d, 1.0, k))
    assert got == pytest.approx(_enumerate_allocation_order(w, i, n, p, d, k), abs=1e-9)


@settings(max_examples=60, deadline=None)
@given(w=st.integers(0, 100), salvos=st.integers(0, 100), n=st.integers(1, 4), p=st.floats(0, 1))
def test_orders_agree_without_decoys_and_short_salvos(w, salvos, n, p):
    # No decoys and whole salvos: every engaged object is a warhead in either order.
    i = salvos * n
    assert float(expected_delivered_in_allocation_order(w, i, n, p)) == pytest.approx(
        float(expected_delivered(w, i, n, p)), abs=1e-9)


def test_decoys_needed_by_hand():
    # 44 GBIs, salvos of 4 -> 11 objects; q = 1 - 0.47**4. With 4 warheads, delivering 2 needs the
    # defense held to 2/q warheads engaged: 11 / (1 + d) <= 2 / q -> d = ceil(11 q / 2 - 1) = 5.
    q = 1 - 0.47**4
    assert float(decoys_needed(2, 4, 44, 4, 0.53)) == np.ceil(11 * q / 2 - 1)
    assert float(decoys_needed(0.5, 20, 44, 4, 0.53)) == 0  # warheads alone exhaust it
    assert np.isinf(decoys_needed(4, 4, 44, 4, 0.53))  # W = R: every warhead must get through


@settings(max_examples=120, deadline=None)
@given(r=st.integers(0, 30), w=st.integers(1, 40), i=st.integers(0, 300),
       n=st.integers(1, 3), p=st.floats(0.05, 0.99))
def test_decoys_needed_matches_brute_force(r, w, i, n, p):
    got = float(decoys_needed(r, w, i, n, p))
    brute = next((d for d in range(0, 400)
                  if expected_delivered(w, i, n, p, d) >= r - 1e-9), np.inf)
    assert got == brute
