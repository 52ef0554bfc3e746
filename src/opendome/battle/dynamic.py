"""Exact dynamic programming for shoot-look-shoot (adaptive, multi-stage) WTA on small cases.

Stages ``t = T, ..., 1``: the defender fires a salvo (any units of the weapons left, at targets
still alive), then *looks* (kill assessment, assumed perfect) and fires the next salvo only at
the survivors. Kills are independent, a unit of weapon ``i`` kills target ``j`` with ``p_ij``;
the cost is the value of the targets alive after the last stage. The Bellman recursion over
states (stages left, units left per weapon, set of targets alive) is

    W(1, r, A) = min_x sum_{j in A} V_j s_j(x)                       (static WTA on A)
    W(t, r, A) = min_x sum_{S subset A} P(S survive | x) W(t-1, r - used(x), S)

with ``s_j(x) = prod_i (1 - p_ij)^x_ij`` and ``P(S | x) = prod_{j in S} s_j prod_{j in A-S}
(1 - s_j)``; ``x`` ranges over every salvo (including none) the inventory allows. ``W(1, mu,
all)`` is the static optimum (one salvo of everything), ``W(T, mu, all)`` the adaptive one; as a
static plan is one of the adaptive policies, adaptive <= static always.

Enumeration is exponential: use it for a few weapons, targets and units (the number of salvos
``prod_i C(mu_i + n, n)`` is checked against ``max_salvos``).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from functools import lru_cache
from itertools import product

import numpy as np
from numpy.typing import ArrayLike

from opendome.battle.problem import FloatArray, IntArray, WTAResult, check_instance


@dataclass(frozen=True)
class ShootLookShootResult:
    """Optimal adaptive value over ``stages`` salvos beside the static (one-salvo) optimum.

    ``first_salvo`` is the optimal first salvo (m, n) of the adaptive policy, ``static_x`` an
    optimal static assignment, ``states`` the number of DP states evaluated.
    """

    adaptive_value: float
    static_value: float
    first_salvo: IntArray
    static_x: IntArray
    stages: int
    states: int
    seconds: float

    @property
    def improvement(self) -> float:
        """Relative reduction of the expected surviving value by looking between salvos."""
        if self.static_value <= 0.0:
            return 0.0
        return 1.0 - self.adaptive_value / self.static_value


@lru_cache(maxsize=256)
def _splits(units: int, k: int) -> IntArray:
    """All vectors of ``k`` non-negative integers with sum <= ``units`` (one per row)."""
    rows = [c for c in product(range(units + 1), repeat=k) if sum(c) <= units]
    return np.array(rows, dtype=np.int64).reshape(len(rows), k)


def count_salvos(inventory: ArrayLike, n_targets: int) -> int:
    """Count the distinct salvos ``prod_i C(mu_i + n, n)`` at the root of the recursion."""
    return math.prod(math.comb(int(r) + n_targets, n_targets) for r in np.asarray(inventory))


class _Bellman:
    """Memoised recursion over (stages left, units left, alive mask)."""

    def __init__(self, values: FloatArray, p: FloatArray):
        self.values = values
        self.q = 1.0 - p
        self.memo: dict[tuple[int, tuple[int, ...], int], tuple[float, IntArray]] = {}
        self.salvo_cache: dict[tuple[tuple[int, ...], int], IntArray] = {}

    def salvos(self, r: tuple[int, ...], k: int) -> IntArray:
        key = (r, k)
        if key not in self.salvo_cache:
            parts = [_splits(ri, k) for ri in r]
            idx = np.array(list(product(*[range(len(pt)) for pt in parts])), dtype=np.int64)
            idx = idx.reshape(-1, len(r))
            self.salvo_cache[key] = np.stack(
                [parts[i][idx[:, i]] for i in range(len(r))], axis=1
            )  # (K, m, k)
        return self.salvo_cache[key]

    def value(self, t: int, r: tuple[int, ...], alive: int) -> tuple[float, IntArray]:
        """Optimal expected surviving value and optimal salvo (m, n) of the state."""
        key = (t, r, alive)
        hit = self.memo.get(key)
        if hit is not None:
            return hit
        m, n = self.q.shape
        targets = np.array([j for j in range(n) if alive >> j & 1], dtype=np.int64)
        k = targets.size
        best_x = np.zeros((m, n), dtype=np.int64)
        if k == 0 or sum(r) == 0:
            out = (float(self.values[targets].sum()), best_x)
            self.memo[key] = out
            return out
        c = self.salvos(r, k)  # (K, m, k)
        surv = np.prod(np.power(self.q[:, targets][None, :, :], c), axis=1)  # (K, k)
        if t == 1:
            cost = surv @ self.values[targets]
        else:
            bits = (np.arange(2**k)[:, None] >> np.arange(k)[None, :]) & 1  # (2^k, k)
            prob = np.prod(
                np.where(bits[None, :, :] == 1, surv[:, None, :], 1.0 - surv[:, None, :]), axis=2
            )  # (K, 2^k): P(exactly the targets of pattern b survive)
            masks = (bits << targets[None, :]).sum(axis=1)  # pattern -> alive mask
            used = c.sum(axis=2)  # (K, m)
            left, inverse = np.unique(np.asarray(r)[None, :] - used, axis=0, return_inverse=True)
            nxt = np.array(
                [[self.value(t - 1, tuple(int(a) for a in row), int(s))[0] for s in masks]
                 for row in left]
            )  # (distinct units left, 2^k)
            cost = np.einsum("kb,kb->k", prob, nxt[inverse.reshape(-1)])
        arg = int(np.argmin(cost))
        best_x[:, targets] = c[arg]
        out = (float(cost[arg]), best_x)
        self.memo[key] = out
        return out


def solve_shoot_look_shoot(
    values: ArrayLike,
    p: ArrayLike,
    inventory: ArrayLike,
    *,
    stages: int = 2,
    max_salvos: int = 200_000,
) -> ShootLookShootResult:
    """Exact adaptive (``stages`` salvos with a look between) vs static optimum, by DP."""
    t0 = time.perf_counter()
    v, pp, inv = check_instance(values, p, inventory)
    if stages < 1:
        raise ValueError(f"stages must be >= 1, got {stages}")
    m, n = pp.shape
    if n > 16:
        raise ValueError(f"the DP enumerates target subsets: n <= 16 targets, got {n}")
    k = count_salvos(inv, n)
    if k > max_salvos:
        raise ValueError(
            f"{k} possible salvos for inventory {inv.tolist()} and {n} targets exceed "
            f"max_salvos={max_salvos}: use fewer weapons, units or targets (or raise max_salvos)"
        )
    bell = _Bellman(v, pp)
    root = (tuple(int(a) for a in inv), (1 << n) - 1)
    static_value, static_x = bell.value(1, *root)
    adaptive_value, first = bell.value(stages, *root)
    return ShootLookShootResult(
        adaptive_value=adaptive_value,
        static_value=static_value,
        first_salvo=first,
        static_x=static_x,
        stages=stages,
        states=len(bell.memo),
        seconds=time.perf_counter() - t0,
    )


def solve_enumeration(
    values: ArrayLike,
    p: ArrayLike,
    inventory: ArrayLike,
    *,
    time_limit_s: float | None = None,
    seed: int | np.random.Generator | None = None,
) -> WTAResult:
    """Solve a static WTA by complete enumeration (the one-stage DP); tiny instances only."""
    del time_limit_s, seed
    t0 = time.perf_counter()
    v, pp, inv = check_instance(values, p, inventory)
    n = pp.shape[1]
    k = count_salvos(inv, n)
    if k > 2_000_000:
        raise ValueError(
            f"{k} assignments to enumerate: too many for the enumeration solver, use 'exact'"
        )
    bell = _Bellman(v, pp)
    obj, x = bell.value(1, tuple(int(a) for a in inv), (1 << n) - 1)
    return WTAResult(x, obj, obj, "enumeration", time.perf_counter() - t0, optimal=True)
