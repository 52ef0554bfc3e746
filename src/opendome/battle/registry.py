"""Registry of static WTA solvers with capability flags.

Every solver has the signature ``solve(values, p, inventory, *, time_limit_s, seed) ->
WTAResult`` on plain arrays (``values`` (n,), ``p`` (m, n), ``inventory`` (m,) integers). The
flags say what a caller may rely on; the same registry drives the command line, the benchmark
and the property tests.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from opendome.battle.dynamic import count_salvos, solve_enumeration
from opendome.battle.exact import solve_exact
from opendome.battle.greedy import solve_greedy
from opendome.battle.heuristic import solve_heuristic
from opendome.battle.problem import WTAResult

SolverFn = Callable[..., WTAResult]


@dataclass(frozen=True)
class SolverSpec:
    """One solver and what it can do.

    ``exact``: proves optimality when it has time (``result.optimal``); ``bound``: reports a
    proven lower bound; ``stochastic``: the result depends on ``seed``; ``max_cells``: largest
    ``m * n`` it suits (advisory, ``None`` = no limit); ``max_salvos``: largest number of distinct
    assignments it accepts (enumeration only).
    """

    name: str
    solve: SolverFn
    exact: bool
    bound: bool
    stochastic: bool
    max_cells: int | None
    description: str
    max_salvos: int | None = None

    def suits(self, m: int, n: int, inventory: ArrayLike | None = None) -> bool:
        """Whether an ``m x n`` instance (with this ``inventory``) is within the solver's sizes."""
        if self.max_cells is not None and m * n > self.max_cells:
            return False
        if self.max_salvos is not None and inventory is not None:
            return count_salvos(inventory, n) <= self.max_salvos
        return True


SOLVERS: dict[str, SolverSpec] = {
    s.name: s
    for s in (
        SolverSpec(
            "greedy",
            solve_greedy,
            exact=False,
            bound=False,
            stochastic=False,
            max_cells=None,
            description="maximum-marginal-return greedy (one unit at a time), microseconds",
        ),
        SolverSpec(
            "heuristic",
            solve_heuristic,
            exact=False,
            bound=False,
            stochastic=True,
            max_cells=None,
            description="assignment construction + local search + assignment VLNS; "
            "near-optimal at hundreds x hundreds in seconds",
        ),
        SolverSpec(
            "exact",
            solve_exact,
            exact=True,
            bound=True,
            stochastic=False,
            max_cells=20_000,
            description="outer-approximation MILP (HiGHS): proven optimum or gap with bound",
        ),
        SolverSpec(
            "enumeration",
            solve_enumeration,
            exact=True,
            bound=True,
            stochastic=False,
            max_cells=64,
            max_salvos=200_000,
            description="complete enumeration (one-stage DP), tiny instances only",
        ),
    )
}

DEFAULT_SOLVER = "heuristic"


def solver_names() -> list[str]:
    """Names of the registered solvers."""
    return list(SOLVERS)


def get_solver(name: str) -> SolverSpec:
    """Return the solver called ``name``; ``ValueError`` listing the known names otherwise."""
    try:
        return SOLVERS[name]
    except KeyError:
        raise ValueError(
            f"unknown WTA solver {name!r}: choose one of {', '.join(SOLVERS)}"
        ) from None


def solve(
    values: ArrayLike,
    p: ArrayLike,
    inventory: ArrayLike,
    *,
    solver: str = DEFAULT_SOLVER,
    time_limit_s: float | None = 10.0,
    seed: int | np.random.Generator | None = 0,
    **options: Any,
) -> WTAResult:
    """Solve one static WTA instance with the named solver (see :data:`SOLVERS`).

    ``options`` go to the solver as keywords, e.g. ``max_stall=20`` for a quick heuristic or
    ``gap_tol=1e-4`` for the exact solver.
    """
    spec = get_solver(solver)
    return spec.solve(values, p, inventory, time_limit_s=time_limit_s, seed=seed, **options)
