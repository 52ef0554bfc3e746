"""Large-scale WTA heuristic: assignment-based construction, local search, assignment VLNS.

State: every unit of every weapon sits on one target; ``L_j = sum_i x_ij log(1 - p_ij)`` is kept
per target (log domain: exact additive updates, no division by ``1 - p``).

* Construction: the better of maximum-marginal-return greedy and *rounds of linear assignment*
  (round r gives one unit of each weapon with units left a distinct target, by a linear
  assignment on the marginal returns ``V_j s_j p_ij`` of the current state).
* Local search (numba): relocate one unit to its best other target; swap the targets of two
  units of different weapons; first improvement until no move improves.
* Very large neighbourhood (Ahuja et al. 2007 in spirit): take one unit of every occupied
  target out (a set R on pairwise distinct targets), then put them back by an *optimal* linear
  assignment with distinct targets (:mod:`opendome.battle.lap`, warm-started with the column
  prices of the previous call: about 2 ms at 200 x 200 where scipy's cold start takes 8-11).
  Because the removed units' targets are distinct and the reinsertion targets are distinct,
  the assignment cost ``-V_k s_k p_ik`` is the exact change of the objective, so the
  step never worsens the solution and searches a neighbourhood of size ~ n!/(n-|R|)! exactly.
* Iterated: when a round of VLNS steps stops improving, a random kick (2-16 units moved to
  random targets) followed by local search and VLNS; the new local optimum is kept when it is
  no worse than the current one (accepting worse ones by 0.05-0.2 % did not help on the benchmark).

Stops at ``time_limit_s``, after ``max_stall`` kicks without a new best (default ``8 x units``
clipped to 20..1000), or after ``max_same`` consecutive kicks that all fell back into the same
local optimum (a closed basin: typical of ``mu = 1``, where the assignment step alone is exact
up to targets shot twice), whichever is first.
"""

from __future__ import annotations

import time

import numba as nb
import numpy as np
from numpy.typing import ArrayLike
from scipy.optimize import linear_sum_assignment

from opendome.battle.greedy import mmr_assignment
from opendome.battle.lap import assign_warm
from opendome.battle.problem import (
    FloatArray,
    IntArray,
    WTAResult,
    check_instance,
    log_survival_factors,
    surviving_value,
)

_REL_EPS = 1e-12


# ------------------------------------------------------------------------------ numba kernels


@nb.njit(cache=True)
def _objective(values, big_l):
    f = 0.0
    for j in range(values.shape[0]):
        f += values[j] * np.exp(big_l[j])
    return f


@nb.njit(cache=True)
def _local_search(values, p, lq, unit_w, unit_t, big_l, order, max_passes):
    """Relocate + swap first-improvement descent; updates ``unit_t`` and ``big_l`` in place."""
    n = values.shape[0]
    n_units = unit_w.shape[0]
    w = np.empty(n)  # V_k s_k
    for k in range(n):
        w[k] = values[k] * np.exp(big_l[k])
    scale = 0.0
    for k in range(n):
        scale += w[k]
    tol = _REL_EPS * (1.0 + scale)
    for _ in range(max_passes):
        improved = False
        # relocate: unit u from target j to the best other target k
        for a in range(n_units):
            u = order[a]
            i = unit_w[u]
            j = unit_t[u]
            s_wo = np.exp(big_l[j] - lq[i, j])
            loss = values[j] * s_wo - w[j]
            best_gain = 0.0
            best_k = -1
            for k in range(n):
                if k != j:
                    g = w[k] * p[i, k]
                    if g > best_gain:
                        best_gain = g
                        best_k = k
            if best_k >= 0 and best_gain - loss > tol:
                big_l[j] -= lq[i, j]
                big_l[best_k] += lq[i, best_k]
                w[j] = values[j] * np.exp(big_l[j])
                w[best_k] = values[best_k] * np.exp(big_l[best_k])
                unit_t[u] = best_k
                improved = True
        # swap: units u (i1 on j1) and v (i2 on j2) exchange targets
        for a in range(n_units):
            u = order[a]
            i1 = unit_w[u]
            for b in range(a + 1, n_units):
                v = order[b]
                i2 = unit_w[v]
                if i1 == i2:
                    continue
                j1 = unit_t[u]
                j2 = unit_t[v]
                if j1 == j2:
                    continue
                d1 = lq[i2, j1] - lq[i1, j1]
                d2 = lq[i1, j2] - lq[i2, j2]
                if d1 >= 0.0 and d2 >= 0.0:
                    continue
                delta = w[j1] * (np.exp(d1) - 1.0) + w[j2] * (np.exp(d2) - 1.0)
                if delta < -tol:
                    big_l[j1] += d1
                    big_l[j2] += d2
                    w[j1] = values[j1] * np.exp(big_l[j1])
                    w[j2] = values[j2] * np.exp(big_l[j2])
                    unit_t[u] = j2
                    unit_t[v] = j1
                    improved = True
        if not improved:
            break
    # re-accumulate L from scratch to shed rounding drift
    big_l[:] = 0.0
    for u in range(n_units):
        big_l[unit_t[u]] += lq[unit_w[u], unit_t[u]]


@nb.njit(cache=True)
def _assemble(unit_w, unit_t, m, n):
    x = np.zeros((m, n), dtype=np.int64)
    for u in range(unit_w.shape[0]):
        x[unit_w[u], unit_t[u]] += 1
    return x


# ------------------------------------------------------------------------------ python driver


class _State:
    """Units, their targets and the per-target log survival of one solution."""

    def __init__(self, values: FloatArray, p: FloatArray, lq: FloatArray, unit_w: IntArray):
        self.values = values
        self.p = p
        self.lq = lq
        self.unit_w = unit_w
        self.unit_t = np.zeros_like(unit_w)
        self.big_l = np.zeros(values.shape[0])
        self.prices: FloatArray | None = None  # column prices of the last assignment problem

    def set_targets(self, unit_t: IntArray) -> None:
        self.unit_t = unit_t.copy()
        self.big_l = np.zeros(self.values.shape[0])
        np.add.at(self.big_l, self.unit_t, self.lq[self.unit_w, self.unit_t])

    def objective(self) -> float:
        return float(_objective(self.values, self.big_l))

    def copy_targets(self) -> IntArray:
        return self.unit_t.copy()

    def reassign(self, removed: IntArray) -> None:
        """Optimal linear re-assignment of ``removed`` units (on distinct targets)."""
        if removed.size == 0:
            return
        w_r = self.unit_w[removed]
        t_r = self.unit_t[removed]
        np.subtract.at(self.big_l, t_r, self.lq[w_r, t_r])
        weight = self.values * np.exp(self.big_l)
        cost = -(self.p[w_r] * weight[None, :])
        new_t, self.prices = assign_warm(cost, self.prices)
        self.unit_t[removed] = new_t
        np.add.at(self.big_l, new_t, self.lq[w_r, new_t])

    def local_search(self, rng: np.random.Generator, max_passes: int = 50) -> None:
        order = rng.permutation(self.unit_w.shape[0]).astype(np.int64)
        _local_search(
            self.values, self.p, self.lq, self.unit_w, self.unit_t, self.big_l, order, max_passes
        )


def _distinct_target_units(unit_t: IntArray, rng: np.random.Generator) -> IntArray:
    """One random unit of every occupied target (so their targets are pairwise distinct)."""
    perm = rng.permutation(unit_t.shape[0])
    _, first = np.unique(unit_t[perm], return_index=True)
    chosen = perm[first]
    rng.shuffle(chosen)  # row order of the assignment: decides between equal optima
    return np.asarray(chosen, dtype=np.int64)


def _units_from_x(x: IntArray, inventory: IntArray, p: FloatArray) -> IntArray:
    """Return the targets of the units (weapon-major) of assignment ``x``.

    Units that ``x`` leaves idle go to their weapon's best target (an extra unit never raises
    the objective).
    """
    parts = []
    for i in range(x.shape[0]):
        t = np.repeat(np.arange(x.shape[1], dtype=np.int64), x[i])
        idle = int(inventory[i]) - t.size
        parts.append(np.concatenate((t, np.full(idle, int(np.argmax(p[i])), dtype=np.int64))))
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)


def _rounds_of_assignment(state: _State, inventory: IntArray) -> IntArray:
    """Construct by rounds of linear assignment, one unit of each weapon per round."""
    values, p, lq = state.values, state.p, state.lq
    n = values.shape[0]
    big_l = np.zeros(n)
    unit_t = np.zeros_like(state.unit_w)
    # unit indices of weapon i are contiguous: starts[i] .. starts[i] + inventory[i]
    starts = np.concatenate(([0], np.cumsum(inventory)[:-1]))
    for r in range(int(inventory.max(initial=0))):
        weapons = np.nonzero(inventory > r)[0]
        weight = values * np.exp(big_l)
        for chunk in range(0, weapons.size, n):  # more weapons than targets: several passes
            ws = weapons[chunk : chunk + n]
            rows, cols = linear_sum_assignment(-(p[ws] * weight[None, :]))
            unit_t[starts[ws[rows]] + r] = cols
            np.add.at(big_l, cols, lq[ws[rows], cols])
            weight = values * np.exp(big_l)
    return unit_t


def solve_heuristic(
    values: ArrayLike,
    p: ArrayLike,
    inventory: ArrayLike,
    *,
    time_limit_s: float | None = 10.0,
    seed: int | np.random.Generator | None = 0,
    max_stall: int | None = None,
    max_same: int = 25,
) -> WTAResult:
    """Assignment-based construction + local search + assignment VLNS (see module docstring).

    ``time_limit_s`` caps the wall time (``None``: no cap, stop on the stall rules only); the
    result is reproducible for a given ``seed`` when a stall rule stops it first.
    ``info`` holds ``kicks``, ``best_kick`` and ``best_seconds`` (when the best was found).
    """
    t0 = time.perf_counter()
    v, pp, inv = check_instance(values, p, inventory)
    m, n = pp.shape
    rng = np.random.default_rng(seed)
    deadline = np.inf if time_limit_s is None else t0 + float(time_limit_s)
    unit_w = np.repeat(np.arange(m, dtype=np.int64), inv)
    n_units = unit_w.shape[0]
    useful = (v > 0).any() and (pp > 0).any()
    if n_units == 0 or not useful:
        x = np.zeros((m, n), dtype=np.int64)
        if n_units and n:
            x = mmr_assignment(v, pp, inv)
        obj = surviving_value(v, pp, x)
        return WTAResult(x, obj, None, "heuristic", time.perf_counter() - t0, optimal=False)

    lq = log_survival_factors(pp)
    state = _State(v, pp, lq, unit_w)
    if max_stall is None:
        max_stall = int(np.clip(8 * n_units, 20, 1000))

    # --- construction: best of the two starts, each polished by local search
    starts: list[IntArray] = [_units_from_x(mmr_assignment(v, pp, inv), inv, pp)]
    starts.append(_rounds_of_assignment(state, inv))
    best_t: IntArray | None = None
    best_f = np.inf
    for st in starts:
        state.set_targets(st)
        state.local_search(rng)
        f = state.objective()
        if f < best_f:
            best_f, best_t = f, state.copy_targets()
    assert best_t is not None
    state.set_targets(best_t)
    cur_f = best_f

    def descend() -> float:
        """VLNS steps (each followed by local search) until one fails to improve."""
        f = state.objective()
        while time.perf_counter() < deadline:
            state.reassign(_distinct_target_units(state.unit_t, rng))
            state.local_search(rng)
            f_new = state.objective()
            if f_new >= f * (1.0 - 1e-12):
                return f_new
            f = f_new
        return f

    cur_f = descend()
    if cur_f < best_f:
        best_f, best_t = cur_f, state.copy_targets()
    stall = 0
    kicks = 0
    best_kick, best_s = 0, time.perf_counter() - t0
    same = 0  # consecutive kicks that fell back into the current local optimum
    while stall < max_stall and same < max_same and time.perf_counter() < deadline:
        saved = state.copy_targets()
        k = int(rng.integers(2, max(3, min(n_units, 16)) + 1))  # 2..16 units moved
        moved = rng.choice(n_units, size=min(k, n_units), replace=False)
        new_t = state.unit_t.copy()
        new_t[moved] = rng.integers(0, n, size=moved.size)
        state.set_targets(new_t)
        state.local_search(rng)
        f = descend()
        kicks += 1
        same = same + 1 if abs(f - cur_f) <= 1e-12 * cur_f else 0
        if f < best_f * (1.0 - 1e-12):
            best_f, best_t = f, state.copy_targets()
            stall = 0
            best_kick, best_s = kicks, time.perf_counter() - t0
        else:
            stall += 1
        if f <= cur_f:
            cur_f = f
        else:
            state.set_targets(saved)
    x = np.asarray(_assemble(unit_w, best_t, m, n), dtype=np.int64)
    obj = surviving_value(v, pp, x)
    info = {"kicks": kicks, "best_kick": best_kick, "best_seconds": best_s}
    return WTAResult(x, obj, None, "heuristic", time.perf_counter() - t0, optimal=False, info=info)
