"""Linear assignment with warm-started column prices (numba), for the VLNS of the heuristic.

Shortest augmenting paths with Dijkstra on reduced costs (the method of
``scipy.optimize.linear_sum_assignment``: Crouse, IEEE Trans. Aerosp. Electron. Syst. 2016;
Jonker & Volgenant 1987), on a square matrix: a rectangular ``r x c`` problem (``r <= c``) gets
``c - r`` dummy rows of cost 0. The difference is the start: given column prices ``v`` (the
duals of a previous, similar problem), every row starts at its cheapest reduced cost
``u_i = min_j (C_ij - v_j)``, which keeps the duals feasible, and takes that column when free;
only the rows left over need an augmenting path. The heuristic solves hundreds of assignment
problems that differ little from one to the next (same targets, slightly changed survival), so
most rows are placed by the first pass.
"""

from __future__ import annotations

import numba as nb
import numpy as np

from opendome.battle.problem import FloatArray, IntArray


@nb.njit(cache=True)
def _lap_square(cost, v):
    """Solve the square problem ``cost`` (n, n) starting from column prices ``v`` (updated)."""
    n = cost.shape[0]
    u = np.empty(n)
    col4row = np.full(n, -1, dtype=np.int64)
    row4col = np.full(n, -1, dtype=np.int64)
    # 1. every row to its cheapest reduced cost, when that column is free
    free = np.empty(n, dtype=np.int64)
    num_free = 0
    for i in range(n):
        best = np.inf
        bj = -1
        for j in range(n):
            r = cost[i, j] - v[j]
            if r < best:
                best = r
                bj = j
        if row4col[bj] == -1:
            row4col[bj] = i
            col4row[i] = bj
        else:
            free[num_free] = i
            num_free += 1
    # 2. augmenting row reduction (Jonker & Volgenant): a free row takes its best column and
    #    lowers that column's price to its second best, the former owner becomes free
    if n > 1:
        for _ in range(2):
            k = 0
            prev = num_free
            num_free = 0
            steps = 0
            while k < prev and steps < 8 * n:
                steps += 1
                i = free[k]
                k += 1
                u1 = cost[i, 0] - v[0]
                j1 = 0
                u2 = np.inf
                j2 = -1
                for j in range(1, n):
                    h = cost[i, j] - v[j]
                    if h < u2:
                        if h >= u1:
                            u2 = h
                            j2 = j
                        else:
                            u2 = u1
                            u1 = h
                            j2 = j1
                            j1 = j
                i0 = row4col[j1]
                if u1 < u2:
                    v[j1] -= u2 - u1
                elif i0 >= 0:
                    j1 = j2
                    i0 = row4col[j1]
                if i0 >= 0:
                    col4row[i0] = -1
                    if u1 < u2:
                        k -= 1
                        free[k] = i0
                    else:
                        free[num_free] = i0
                        num_free += 1
                row4col[j1] = i
                col4row[i] = j1
            while k < prev:  # step cap reached: keep the rest free
                free[num_free] = free[k]
                num_free += 1
                k += 1
    # duals: tight on assigned rows, cheapest reduced cost on free rows (feasible either way,
    # since prices only went down since a row took its column)
    for i in range(n):
        if col4row[i] >= 0:
            u[i] = cost[i, col4row[i]] - v[col4row[i]]
        else:
            best = np.inf
            for j in range(n):
                r = cost[i, j] - v[j]
                if r < best:
                    best = r
            u[i] = best
    shortest = np.empty(n)
    path = np.empty(n, dtype=np.int64)
    remaining = np.empty(n, dtype=np.int64)
    sr = np.zeros(n, dtype=np.bool_)
    sc = np.zeros(n, dtype=np.bool_)
    for cur_row in range(n):
        if col4row[cur_row] != -1:
            continue
        for j in range(n):
            shortest[j] = np.inf
            path[j] = -1
            remaining[j] = n - 1 - j
            sc[j] = False
            sr[j] = False
        num_remaining = n
        min_val = 0.0
        i = cur_row
        sink = -1
        while sink == -1:
            sr[i] = True
            index = -1
            lowest = np.inf
            ui = u[i]
            for it in range(num_remaining):
                j = remaining[it]
                r = min_val + cost[i, j] - ui - v[j]
                if r < shortest[j]:
                    path[j] = i
                    shortest[j] = r
                if shortest[j] < lowest or (shortest[j] == lowest and row4col[j] == -1):
                    lowest = shortest[j]
                    index = it
            min_val = lowest
            if index < 0 or min_val == np.inf:
                return col4row, False
            j = remaining[index]
            if row4col[j] == -1:
                sink = j
            else:
                i = row4col[j]
            sc[j] = True
            num_remaining -= 1
            remaining[index] = remaining[num_remaining]
        u[cur_row] += min_val
        for i2 in range(n):
            if sr[i2] and i2 != cur_row:
                u[i2] += min_val - shortest[col4row[i2]]
        for j2 in range(n):
            if sc[j2]:
                v[j2] -= min_val - shortest[j2]
        j = sink
        while True:
            i = path[j]
            row4col[j] = i
            nxt = col4row[i]
            col4row[i] = j
            j = nxt
            if i == cur_row:
                break
    return col4row, True


@nb.njit(cache=True)
def _pad(cost):
    r, c = cost.shape
    sq = np.zeros((c, c))
    sq[:r, :] = cost
    return sq


def assign_warm(cost: FloatArray, prices: FloatArray | None = None) -> tuple[IntArray, FloatArray]:
    """Minimum-cost assignment of every row of ``cost`` (r, c), ``r <= c``, to a distinct column.

    ``prices`` (c,) are column prices of a similar earlier problem (``None``: zeros). Returns
    the column of every row and the column prices to pass to the next call.
    """
    r, c = cost.shape
    if r > c:
        raise ValueError(f"more rows than columns: {cost.shape}")
    v = np.zeros(c) if prices is None else np.array(prices, dtype=np.float64)
    sq = _pad(np.ascontiguousarray(cost, dtype=np.float64)) if r < c else np.array(cost, float)
    col4row, ok = _lap_square(sq, v)
    if not ok:
        raise ValueError("assignment problem is infeasible (infinite costs)")
    return np.asarray(col4row[:r], dtype=np.int64), v
