"""Maximum-marginal-return greedy for the static WTA (den Broeder, Ellison & Emerling 1959).

Fire one unit at a time, always the (weapon, target) pair of largest marginal return
``V_j * s_j * p_ij`` (``s_j`` the target's current survival probability) among weapons with
units left. For a single weapon type (``p_ij`` independent of ``i``) this is optimal; in general
it is a fast heuristic and the starting point of :mod:`opendome.battle.heuristic`.
"""

from __future__ import annotations

import time

import numba as nb
import numpy as np
from numpy.typing import ArrayLike

from opendome.battle.problem import IntArray, WTAResult, check_instance, surviving_value


@nb.njit(cache=True)
def _mmr_kernel(values, p, inventory):
    m, n = p.shape
    x = np.zeros((m, n), dtype=np.int64)
    left = inventory.copy()
    surv = np.ones(n)
    best = np.full(n, -1, dtype=np.int64)  # best weapon with units left, per target
    for j in range(n):
        bp = -1.0
        for i in range(m):
            if left[i] > 0 and p[i, j] > bp:
                bp = p[i, j]
                best[j] = i
    total = 0
    for i in range(m):
        total += left[i]
    for _ in range(total):
        jstar = -1
        gstar = 0.0
        for j in range(n):
            i = best[j]
            if i >= 0:
                g = values[j] * surv[j] * p[i, j]
                if g > gstar:
                    gstar = g
                    jstar = j
        if jstar < 0:  # no unit can lower the objective any more
            break
        istar = best[jstar]
        x[istar, jstar] += 1
        surv[jstar] *= 1.0 - p[istar, jstar]
        left[istar] -= 1
        if left[istar] == 0:
            for j in range(n):
                if best[j] == istar:
                    best[j] = -1
                    bp = -1.0
                    for i in range(m):
                        if left[i] > 0 and p[i, j] > bp:
                            bp = p[i, j]
                            best[j] = i
    return x


def mmr_assignment(values: ArrayLike, p: ArrayLike, inventory: ArrayLike) -> IntArray:
    """Return the greedy assignment ``x`` (m, n) alone (no timing, no result object)."""
    v, pp, inv = check_instance(values, p, inventory)
    return np.asarray(_mmr_kernel(v, pp, inv), dtype=np.int64)


def solve_greedy(
    values: ArrayLike,
    p: ArrayLike,
    inventory: ArrayLike,
    *,
    time_limit_s: float | None = None,
    seed: int | np.random.Generator | None = None,
) -> WTAResult:
    """Maximum-marginal-return greedy; deterministic (``time_limit_s`` and ``seed`` unused)."""
    del time_limit_s, seed
    t0 = time.perf_counter()
    v, pp, inv = check_instance(values, p, inventory)
    x = np.asarray(_mmr_kernel(v, pp, inv), dtype=np.int64)
    obj = surviving_value(v, pp, x)
    return WTAResult(x, obj, None, "greedy", time.perf_counter() - t0, optimal=False)
