"""Static WTA solvers: invariants for every registered solver, and exact against enumeration.

The registry drives the parametrisation: a solver added to it is checked here without a change.
"""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from opendome.battle.dynamic import count_salvos
from opendome.battle.exact import solve_exact
from opendome.battle.greedy import solve_greedy
from opendome.battle.heuristic import solve_heuristic
from opendome.battle.problem import surviving_value
from opendome.battle.registry import SOLVERS, get_solver, solve, solver_names

EXACT = [s.name for s in SOLVERS.values() if s.exact]
HEURISTIC = [s.name for s in SOLVERS.values() if not s.exact]
SETTINGS = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@st.composite
def tiny_instances(draw, max_m=3, max_n=4, max_units=3):
    m = draw(st.integers(1, max_m))
    n = draw(st.integers(1, max_n))
    prob = st.one_of(st.just(0.0), st.just(1.0), st.floats(0.0, 1.0))
    p = np.array(draw(st.lists(prob, min_size=m * n, max_size=m * n))).reshape(m, n)
    values = np.array(draw(st.lists(st.floats(0.0, 100.0), min_size=n, max_size=n)))
    inventory = np.array(draw(st.lists(st.integers(0, max_units), min_size=m, max_size=m)))
    return values, p, inventory


def _run(name, values, p, inventory):
    return get_solver(name).solve(values, p, inventory, time_limit_s=30.0, seed=1)


@pytest.mark.parametrize("name", solver_names())
@SETTINGS
@given(inst=tiny_instances())
def test_no_solver_exceeds_an_inventory(name, inst):
    values, p, inventory = inst
    res = _run(name, values, p, inventory)
    assert res.x.shape == p.shape
    assert res.x.dtype.kind == "i"
    assert np.all(res.x >= 0)
    assert np.all(res.x.sum(axis=1) <= inventory)
    assert res.objective == pytest.approx(surviving_value(values, p, res.x), rel=1e-12, abs=1e-12)
    assert res.solver == name


@pytest.mark.parametrize("name", EXACT)
@SETTINGS
@given(inst=tiny_instances(), weapon=st.integers(0, 2))
def test_one_more_interceptor_never_raises_the_optimum(name, inst, weapon):
    values, p, inventory = inst
    weapon %= p.shape[0]
    more = inventory.copy()
    more[weapon] += 1
    before = _run(name, values, p, inventory).objective
    after = _run(name, values, p, more).objective
    # exact solvers stop at a relative gap of 1e-6
    assert after <= before * (1 + 2e-6) + 1e-9


@pytest.mark.parametrize("exact", EXACT)
@pytest.mark.parametrize("heuristic", HEURISTIC)
@SETTINGS
@given(inst=tiny_instances())
def test_exact_is_never_worse_than_a_heuristic(exact, heuristic, inst):
    values, p, inventory = inst
    e = _run(exact, values, p, inventory)
    h = _run(heuristic, values, p, inventory)
    assert e.optimal
    assert e.bound is not None and e.bound <= h.objective + 1e-9
    assert e.objective <= h.objective * (1 + 1e-6) + 1e-9


@SETTINGS
@given(inst=tiny_instances())
def test_exact_milp_matches_enumeration(inst):
    values, p, inventory = inst
    enum = _run("enumeration", values, p, inventory)
    milp = solve_exact(values, p, inventory, time_limit_s=30.0)
    assert milp.optimal
    assert milp.objective == pytest.approx(enum.objective, rel=2e-6, abs=1e-9)
    assert milp.bound is not None and milp.bound <= enum.objective + 1e-9


def test_greedy_is_optimal_for_one_weapon_type():
    # identical weapons: marginal returns fall along each target, so greedy is exact
    rng = np.random.default_rng(5)
    values = rng.uniform(1, 100, 4)
    p = np.tile(rng.uniform(0.2, 0.9, 4), (3, 1))
    inventory = np.array([2, 1, 2])
    assert count_salvos(inventory, 4) < 10**5
    enum = _run("enumeration", values, p, inventory)
    greedy = solve_greedy(values, p, inventory)
    assert greedy.objective == pytest.approx(enum.objective, rel=1e-12)


def test_heuristic_is_reproducible_for_a_seed():
    rng = np.random.default_rng(11)
    values, p = rng.uniform(1, 100, 30), rng.uniform(0, 1, (15, 30))
    a = solve_heuristic(values, p, 2, time_limit_s=None, seed=4)
    b = solve_heuristic(values, p, 2, time_limit_s=None, seed=4)
    np.testing.assert_array_equal(a.x, b.x)


def test_heuristic_and_exact_agree_on_a_medium_instance():
    # 8 weapons x 12 targets x 2 units: beyond enumeration, within reach of the MILP
    rng = np.random.default_rng(2)
    values, p = rng.integers(1, 100, 12).astype(float), rng.uniform(0, 1, (8, 12))
    exact = solve_exact(values, p, 2, time_limit_s=60.0)
    heur = solve_heuristic(values, p, 2, time_limit_s=None, seed=0)
    greedy = solve_greedy(values, p, 2)
    assert exact.optimal and exact.bound is not None
    assert exact.bound <= heur.objective <= greedy.objective
    assert heur.objective == pytest.approx(exact.objective, rel=1e-6)


def test_exact_reports_a_bound_when_stopped_early():
    rng = np.random.default_rng(9)
    values, p = rng.integers(1, 100, 40).astype(float), rng.uniform(0, 1, (20, 40))
    res = solve_exact(values, p, 3, time_limit_s=1.0)
    assert res.bound is not None
    assert 0.0 < res.bound <= res.objective


def test_registry_rejects_unknown_names_and_flags_sizes():
    with pytest.raises(ValueError, match="choose one of"):
        solve([1.0], [[0.5]], [1], solver="simplex")
    assert get_solver("enumeration").suits(2, 3, [2, 2])
    assert not get_solver("enumeration").suits(50, 100, np.full(50, 2))
    assert get_solver("heuristic").suits(500, 1000)


def test_degenerate_instances():
    for name in solver_names():
        spec = get_solver(name)
        zero = spec.solve(np.array([5.0, 7.0]), np.zeros((2, 2)), [1, 1], time_limit_s=5, seed=0)
        assert zero.objective == pytest.approx(12.0)
        empty = spec.solve(np.array([5.0]), np.full((1, 1), 0.5), [0], time_limit_s=5, seed=0)
        assert empty.objective == pytest.approx(5.0) and empty.x.sum() == 0


def test_exact_proves_a_zero_optimum():
    # regression (found by hypothesis): the optimum is 0, where a relative gap is undefined and
    # HiGHS's dual bound came back as -1; the objective is non-negative, so 0 is proven optimal
    values = np.array([0.0, 1.0, 0.0, 1.0])
    p = np.array([[0.0, 0.0, 0.0, 1.0], [0.0, 0.0, 0.0, 0.0], [0.0, 1.0, 0.0, 1.0]])
    inventory = np.array([1, 0, 2])
    res = solve_exact(values, p, inventory, time_limit_s=30.0)
    assert res.objective == 0.0
    assert res.optimal
    assert res.bound == 0.0


def test_exact_matches_enumeration_at_a_zero_optimum():
    # regression (found by hypothesis): HiGHS reported status Optimal with a dual bound of -1
    values = np.array([1.0, 1.0, 0.0])
    p = np.array([[0.0, 1.0, 0.0], [0.0, 0.0, 0.0], [1.0, 1.0, 0.0]])
    inventory = np.array([1, 0, 2])
    enum = _run("enumeration", values, p, inventory)
    milp = solve_exact(values, p, inventory, time_limit_s=30.0)
    assert enum.objective == 0.0
    assert milp.optimal and milp.objective == 0.0 and milp.bound == 0.0
