"""Kent & Thaler first-strike stability: hand-worked exchange, invariants, effect of defenses."""

import math
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opendome.stability.first_strike import (
    Defense,
    Posture,
    default_postures,
    exchange_cost,
    index_vs_defense,
    stability_index,
    surviving_fraction,
)


def _kt_cost(d_own, d_other):
    # Kent & Thaler (1989) as quoted in PUBLISHED.md, written out independently.
    return d_own**0.75 + 0.3 * (1 - d_other**0.75)


def test_exchange_cost_formula():
    assert exchange_cost(0.5, 0.2) == pytest.approx(_kt_cost(0.5, 0.2))
    assert exchange_cost(0.0, 1.0) == 0.0
    assert exchange_cost(1.0, 0.0) == pytest.approx(1.3)


def test_surviving_fraction():
    assert surviving_fraction(1, 0.8) == pytest.approx(0.2)
    assert surviving_fraction(2, 0.8) == pytest.approx(0.04)
    assert surviving_fraction(1.5, 0.8) == pytest.approx(0.2 * 0.6)  # half the targets get two
    assert surviving_fraction(0, 0.8) == 1.0


def _brute_first_strike(s, v, k, value, s_t, v_t, value_t):
    """Independent grid search of the striker's best allocation (single-warhead launchers)."""
    best = None
    for step in range(9):  # r = 0, 0.25, ..., 2 warheads per launcher
        r = step / 4
        cf = min(r * v_t, s + v)
        rr = cf / v_t
        whole = math.floor(rr)
        surv = (1 - k) ** whole * (1 - (rr - whole) * k)
        d_striker = 1 - math.exp(-(s_t + v_t * surv) / value)
        d_target = 1 - math.exp(-(s + v - cf) / value_t)
        cost = (_kt_cost(d_striker, d_target), _kt_cost(d_target, d_striker))
        if best is None or cost[0] < best[0] - 1e-15:
            best = cost
    return best


def test_hand_worked_symmetric_case():
    # Each side: 100 survivable, 100 vulnerable single-warhead launchers, k = 0.5, value 100.
    # By hand at r = 1: 50 launchers survive, retaliation 150 against 100 countervalue warheads:
    # going first costs the striker more than being struck, so the index exceeds 1.
    side = Posture(100, 100, 1, 0.5, 100)
    first, second = _brute_first_strike(100, 100, 0.5, 100, 100, 100, 100)
    r = stability_index(side, side)
    assert r.a_first.cost_to_attacker == pytest.approx(first)
    assert r.ratio_a == pytest.approx(first / second)
    assert r.index == pytest.approx((first / second) ** 2)
    d1, d2 = 1 - math.exp(-1.5), 1 - math.exp(-1.0)
    assert r.index >= (_kt_cost(d1, d2) / _kt_cost(d2, d1)) ** 2 - 1e-12  # r = 1 is a candidate


def test_asymmetric_case_against_brute_force():
    a = Posture(300, 500, 1, 0.8, 200)
    b = Posture(100, 900, 1, 0.6, 250)
    a_first = _brute_first_strike(300, 500, 0.8, 200, 100, 900, 250)
    b_first = _brute_first_strike(100, 900, 0.6, 250, 300, 500, 200)
    r = stability_index(a, b)
    assert r.ratio_a == pytest.approx(a_first[0] / b_first[1])
    assert r.ratio_b == pytest.approx(b_first[0] / a_first[1])


def test_invulnerable_forces_give_index_one():
    # All forces survivable: a first strike disarms nothing, so going first or second is alike.
    a = Posture(500, 0, 1, 0.9, 200)
    b = Posture(800, 0, 1, 0.9, 300)
    assert stability_index(a, b).index == pytest.approx(1.0)


def test_vulnerable_mirv_forces_are_less_stable():
    # Same warheads; MIRVed silos (10 per launcher) reward going first more than single ones.
    single = Posture(300, 700, 1, 0.8, 200)
    mirved = Posture(300, 700, 10, 0.8, 200)
    assert stability_index(mirved, mirved).index < stability_index(single, single).index


@settings(max_examples=60, deadline=None)
@given(
    s=st.tuples(st.floats(0, 2000), st.floats(0, 2000)),
    v=st.tuples(st.floats(1, 2000), st.floats(1, 2000)),
    m=st.tuples(st.sampled_from([1, 3, 10]), st.sampled_from([1, 3, 10])),
    k=st.tuples(st.floats(0, 1), st.floats(0, 1)),
    i=st.tuples(st.integers(0, 3000), st.integers(0, 3000)),
)
def test_index_symmetric_under_swapping_sides(s, v, m, k, i):
    a = Posture(s[0], v[0], m[0], k[0], 300, defense=Defense(i[0], 2, 0.7))
    b = Posture(s[1], v[1], m[1], k[1], 300, defense=Defense(i[1], 2, 0.7))
    ab, ba = stability_index(a, b), stability_index(b, a)
    assert ab.index == pytest.approx(ba.index, rel=1e-12)
    assert ab.ratio_a == pytest.approx(ba.ratio_b, rel=1e-12)
    assert 0.0 < ab.index


def test_defense_for_one_side_lowers_stability_until_it_also_stops_a_first_strike():
    a, b = default_postures()
    rows = index_vs_defense(a, b, [0, 400, 800, 1200, 1600, 6000])
    idx = [r.index for r in rows]
    assert idx[0] > idx[1] > idx[2] > idx[3] > idx[4]
    assert idx[5] > idx[4]  # a defense that also blunts B's full first strike restores some
    # Damage to A from B's ragged retaliation falls faster than from B's first strike.
    assert rows[4].a_first.damage_to_attacker < rows[4].b_first.damage_to_defender


def test_defense_reduces_retaliation_damage_by_its_closed_form():
    a, b = default_postures()
    a = replace(a, defense=Defense(400, 2, 0.5))
    r = stability_index(a, b)
    # B's retaliation W (from the exchange record) meets 200 engageable objects, q = 0.75.
    w = r.a_first.retaliation_warheads
    delivered = w - 0.75 * min(w, 200)
    assert r.a_first.damage_to_attacker == pytest.approx(1 - math.exp(-delivered / 300))


def test_decoys_act_as_a_smaller_defense():
    # With d undiscriminated decoys per warhead, a defense of I engages as many warheads as one
    # of I / (1 + d) without decoys (random order): the indices must agree.
    a, b = default_postures()
    with_decoys = stability_index(replace(a, defense=Defense(1600, 2, 0.7, decoys=3)), b)
    smaller = stability_index(replace(a, defense=Defense(400, 2, 0.7)), b)
    assert with_decoys.index == pytest.approx(smaller.index, rel=1e-12)


@pytest.mark.parametrize("field", ["warheads_per_launcher", "value_warheads"])
def test_bad_posture_raises(field):
    kwargs = dict(survivable_warheads=1, vulnerable_warheads=1, warheads_per_launcher=1,
                  kill_probability=0.5, value_warheads=1)
    kwargs[field] = 0
    with pytest.raises(ValueError, match=field):
        Posture(**kwargs)
