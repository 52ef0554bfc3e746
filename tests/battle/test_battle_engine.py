"""The engine's battle manager against the battle module's exact weapon-target assignment."""

import math

import numpy as np
import pytest

from opendome.battle.registry import solve
from opendome.engine import simulate
from tests.plans import single_layer_plan


@pytest.mark.parametrize("n_warheads,inventory,shots,pk", [
    (12, 17, 3, 0.6), (8, 8, 2, 0.5), (10, 23, 3, 0.3), (6, 13, 4, 0.8),
])
def test_manager_reaches_the_exact_assignment_optimum(n_warheads, inventory, shots, pk):
    """One layer, identical interceptors, warheads worth 1 each: the manager's expected leakers
    equal the optimum of the static weapon-target assignment solved exactly (HiGHS MILP)."""
    assert inventory <= n_warheads * shots  # the doctrine's cap does not bind the optimum
    exact = solve(np.ones(n_warheads), np.full((1, n_warheads), pk), np.array([inventory]),
                  solver="exact", time_limit_s=30)
    assert exact.optimal
    trials = 40_000
    r = simulate(single_layer_plan(n_warheads, inventory, shots, pk), trials, seed=3)
    se = math.sqrt(float(np.var(r.leakers)) / trials)
    assert r.leakers.mean() == pytest.approx(exact.objective, abs=5 * se + 1e-9)
    fixed = simulate(single_layer_plan(n_warheads, inventory, shots, pk, allocation="fixed"),
                     trials, seed=3)
    assert fixed.leakers.mean() >= exact.objective - 5 * se
