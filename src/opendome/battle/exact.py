"""Exact static WTA by outer approximation: a MILP with HiGHS, cuts added until the gap closes.

Write ``y_j = sum_i x_ij log(1 - p_ij)`` (linear in ``x``) and ``s_j >= exp(y_j)`` for the
survival of target ``j``. ``exp`` is convex, so every tangent ``s_j >= e^a (1 + y_j - a)`` is a
valid under-estimate and the MILP

    min sum_j V_j s_j   s.t.  sum_j x_ij <= mu_i,  y_j = sum_i log(1 - p_ij) x_ij,
                              s_j >= e^a (1 + y_j - a)  for a in A_j,   s_j >= 0,  x integer

is a relaxation of the WTA: its optimum (and HiGHS's dual bound on it) is a **proven lower
bound**. Its solution ``x*``, evaluated exactly, is a feasible assignment: an **upper bound**.
Outer approximation (Duran & Grossmann 1986; Kelley's cutting planes) adds the tangents at the
``y_j(x*)`` of each new solution and solves again: the tangent at ``y_j(x*)`` makes the model
exact at ``x*``, so a repeated ``x*`` is optimal and the loop ends after finitely many rounds.
Each round is warm-started with the best assignment known (first the heuristic's).

For small instances (tens of weapons and targets) and as a bound provider for larger ones: the
result carries ``bound`` and ``optimal`` (gap ``<= gap_tol``) whatever the time limit allowed.
"""

from __future__ import annotations

import math
import time

import highspy
import numpy as np
from numpy.typing import ArrayLike, NDArray

from opendome.battle.heuristic import solve_heuristic
from opendome.battle.problem import (
    FloatArray,
    IntArray,
    WTAResult,
    check_assignment,
    check_instance,
    surviving_value,
)

#: Survival factors are clipped at this value inside the MILP (keeps coefficients <= 27.6 in
#: size); the reported bound is lowered by ``sum(V) * _MIN_Q`` to stay valid.
_MIN_Q = 1e-12
#: Tangents below this log-survival are not worth a row (``e^-30 ~ 1e-13``).
_Y_FLOOR = -30.0


def _tangent_rows(
    targets: IntArray, points: FloatArray, y_col: IntArray, s_col: IntArray
) -> tuple[FloatArray, NDArray[np.int32], NDArray[np.int32], FloatArray]:
    """Rows ``s_j - e^a y_j >= e^a (1 - a)`` as (lower, starts, indices, values)."""
    ea = np.exp(points)
    lower = ea * (1.0 - points)
    k = targets.size
    starts = np.arange(0, 2 * k, 2, dtype=np.int32)
    idx = np.empty(2 * k, dtype=np.int32)
    val = np.empty(2 * k)
    idx[0::2] = s_col[targets]
    idx[1::2] = y_col[targets]
    val[0::2] = 1.0
    val[1::2] = -ea
    return lower, starts, idx, val


def solve_exact(
    values: ArrayLike,
    p: ArrayLike,
    inventory: ArrayLike,
    *,
    time_limit_s: float | None = 60.0,
    seed: int | np.random.Generator | None = 0,
    gap_tol: float = 1e-6,
    grid_step: float = 0.25,
    max_rounds: int = 200,
    initial: ArrayLike | None = None,
) -> WTAResult:
    """Outer-approximation MILP (see module docstring).

    ``optimal`` when the gap is at most ``gap_tol`` (relative) or ``1e-9 * sum(values)``.

    ``grid_step`` spaces the initial tangents in ``log`` survival (relative error of the first
    relaxation about ``grid_step**2 / 8``); ``initial`` is an optional starting assignment
    (default: the heuristic's, given up to a tenth of the time limit).
    """
    t0 = time.perf_counter()
    v, pp, inv = check_instance(values, p, inventory)
    m, n = pp.shape
    deadline = math.inf if time_limit_s is None else t0 + float(time_limit_s)

    if initial is None:
        share = None if time_limit_s is None else 0.1 * float(time_limit_s)
        best_x = solve_heuristic(v, pp, inv, time_limit_s=share, seed=seed).x
    else:
        best_x = check_assignment(initial, inv, pp.shape)
    best_f = surviving_value(v, pp, best_x)

    # ---- columns: x_ij (integer, only where p_ij > 0 and the weapon has units), y_j, s_j
    lq = np.log(np.maximum(1.0 - pp, _MIN_Q))
    wi, tj = np.nonzero((pp > 0.0) & (inv[:, None] > 0) & (v[None, :] > 0.0))
    nx = wi.size
    y_col = np.arange(nx, nx + n, dtype=np.int32)
    s_col = np.arange(nx + n, nx + 2 * n, dtype=np.int32)
    ncol = nx + 2 * n
    inf = highspy.kHighsInf
    y_min = np.zeros(n)
    np.add.at(y_min, tj, lq[wi, tj] * inv[wi])
    col_lo = np.concatenate((np.zeros(nx), y_min, np.zeros(n)))
    col_hi = np.concatenate((inv[wi].astype(np.float64), np.zeros(n), np.ones(n)))
    cost = np.concatenate((np.zeros(nx + n), v))

    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", 1)
    h.setOptionValue("random_seed", 0)
    h.setOptionValue("mip_rel_gap", gap_tol / 4)
    h.setOptionValue("mip_abs_gap", 0.0)
    h.setOptionValue("primal_feasibility_tolerance", 1e-9)
    h.setOptionValue("mip_feasibility_tolerance", 1e-9)
    h.addVars(ncol, col_lo, col_hi)
    h.changeColsCost(ncol, np.arange(ncol, dtype=np.int32), cost)
    if nx:
        h.changeColsIntegrality(
            nx,
            np.arange(nx, dtype=np.int32),
            np.full(nx, highspy.HighsVarType.kInteger),
        )
    # weapon rows: sum_j x_ij <= mu_i
    order = np.argsort(wi, kind="stable")
    counts = np.bincount(wi, minlength=m)
    starts = np.concatenate(([0], np.cumsum(counts)[:-1])).astype(np.int32)
    h.addRows(
        m, np.full(m, -inf), inv.astype(np.float64), nx, starts, order.astype(np.int32),
        np.ones(nx),
    )
    # target rows: y_j - sum_i lq_ij x_ij = 0
    order_t = np.argsort(tj, kind="stable")
    counts_t = np.bincount(tj, minlength=n)
    t_starts = np.concatenate(([0], np.cumsum(counts_t + 1)[:-1])).astype(np.int32)
    t_idx = np.empty(nx + n, dtype=np.int32)
    t_val = np.empty(nx + n)
    # row j: [y_j, x cols of target j in order_t order]
    t_idx[t_starts] = y_col
    t_val[t_starts] = 1.0
    mask = np.ones(nx + n, dtype=bool)
    mask[t_starts] = False
    t_idx[mask] = order_t.astype(np.int32)
    t_val[mask] = -lq[wi[order_t], tj[order_t]]
    h.addRows(n, np.zeros(n), np.zeros(n), nx + n, t_starts, t_idx, t_val)

    cut_at: set[tuple[int, float]] = set()  # (target, tangent point) pairs in the model

    def add_tangents(targets: IntArray, points: FloatArray) -> int:
        keep = points > _Y_FLOOR
        targets, points = targets[keep], points[keep]
        if targets.size == 0:
            return 0
        lower, st, idx, val = _tangent_rows(targets, points, y_col, s_col)
        h.addRows(targets.size, lower, np.full(targets.size, inf), idx.size, st, idx, val)
        cut_at.update(zip(targets.tolist(), points.tolist(), strict=True))
        return int(targets.size)

    # initial grid of tangents, 0 down to the deepest reachable log survival (or the floor)
    grid_t: list[IntArray] = []
    grid_a: list[FloatArray] = []
    for j in range(n):
        depth = max(y_min[j], _Y_FLOOR)
        pts = -np.arange(0.0, -depth + grid_step, grid_step)
        grid_t.append(np.full(pts.size, j, dtype=np.int64))
        grid_a.append(pts)
    n_cuts = add_tangents(np.concatenate(grid_t), np.concatenate(grid_a))

    def y_of(x: IntArray) -> FloatArray:
        return np.asarray((lq * x).sum(axis=0), dtype=np.float64)

    n_cuts += add_tangents(np.arange(n, dtype=np.int64), y_of(best_x))
    slack = float(v.sum()) * _MIN_Q  # bound correction for the clipped survival factors
    abs_tol = 1e-9 * float(v.sum())  # absolute gap that counts as closed (tiny values)

    def closed(f: float, lb: float) -> bool:
        return f - lb <= max(gap_tol * f, abs_tol)

    # The surviving value is a sum of non-negative terms, so 0 is always a valid lower bound: a
    # HiGHS dual bound below it (tolerances, the slack) says nothing more, and an objective of 0
    # is proven optimal at once (a relative gap is undefined there).
    bound = 0.0
    rounds = 0
    status = "not run"
    while rounds < max_rounds:
        left = deadline - time.perf_counter()
        if left <= 0:
            break
        rounds += 1
        h.setOptionValue("time_limit", float(min(left, 1e9)))
        start = np.concatenate((best_x[wi, tj].astype(np.float64), y_of(best_x),
                                np.exp(y_of(best_x))))
        h.setSolution(ncol, np.arange(ncol, dtype=np.int32), start)
        h.run()
        info = h.getInfo()
        model_status = h.getModelStatus()
        status = h.modelStatusToString(model_status)
        dual = float(info.mip_dual_bound)
        if math.isfinite(dual):
            bound = max(bound, dual - slack)
        if info.primal_solution_status < 2:  # no feasible MILP solution
            break
        col = np.asarray(h.getSolution().col_value)
        x = np.zeros((m, n), dtype=np.int64)
        x[wi, tj] = np.rint(col[:nx]).astype(np.int64)
        f = surviving_value(v, pp, x)
        if f < best_f:
            best_f, best_x = f, x
        if closed(best_f, bound):
            break
        if model_status != highspy.HighsModelStatus.kOptimal:
            break  # time limit inside the MILP
        y = y_of(x)
        s_model = col[s_col]
        # targets whose survival the model under-estimates by more than a share of the tolerance
        viol = np.nonzero(v * (np.exp(y) - s_model) > 1e-3 * abs_tol / n)[0]
        # a tangent already in the model cannot cut again: HiGHS's tolerances are the limit
        viol = np.array([j for j in viol if (int(j), float(y[j])) not in cut_at], dtype=np.int64)
        if viol.size == 0:
            # exact at its own optimum (up to HiGHS's tolerances): the model optimum, a valid
            # bound, is as far as cuts can take it
            bound = max(bound, float(info.objective_function_value) - slack)
            break
        n_cuts += add_tangents(viol.astype(np.int64), y[viol])
    bound = min(bound, best_f)
    optimal = closed(best_f, bound)
    info_out = {"rounds": rounds, "cuts": n_cuts, "last_milp_status": status}
    return WTAResult(
        best_x,
        best_f,
        bound,
        "exact",
        time.perf_counter() - t0,
        optimal=bool(optimal),
        info=info_out,
    )
