"""Battle management: weapon-target assignment solvers and shoot-look-shoot by dynamic programming.

Arrays in, integer assignment out (``docs/battle.md``). The Monte Carlo engine's per-trial
battle manager (``opendome.engine.kernel``) spreads one interceptor type evenly, which is what
these solvers' optimum is for identical interceptors (tested against :func:`solve`).
"""

from opendome.battle.dynamic import solve_shoot_look_shoot
from opendome.battle.problem import WTAInstance, WTAResult, read_instance, surviving_value
from opendome.battle.registry import SOLVERS, get_solver, solve, solver_names

__all__ = [
    "SOLVERS",
    "WTAInstance",
    "WTAResult",
    "get_solver",
    "read_instance",
    "solve",
    "solve_shoot_look_shoot",
    "solver_names",
    "surviving_value",
]
