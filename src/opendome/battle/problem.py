"""The static weapon-target assignment (WTA) problem: instance, objective, result, file reader.

Problem (Manne 1958; Ahuja et al. 2007): weapon ``i`` holds ``inventory[i]`` units, each unit is
fired at one target; a unit of weapon ``i`` kills target ``j`` independently with probability
``p[i, j]``; target ``j`` is worth ``values[j]``. Choose the integer assignment ``x`` (units of
weapon ``i`` at target ``j``) minimising the expected surviving value

    F(x) = sum_j values[j] * prod_i (1 - p[i, j]) ** x[i, j]

subject to ``sum_j x[i, j] <= inventory[i]``. Axis order everywhere: weapons first, targets second.

Every solver of :mod:`opendome.battle` takes plain numpy arrays ``(values, p, inventory)`` and
returns a :class:`WTAResult` whose ``x`` is an ``(m, n)`` integer matrix.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

#: Smallest survival factor ``1 - p`` used inside log-domain kernels: a kill probability of
#: exactly 1 becomes ``1 - 1e-300``, which changes no objective by more than ``1e-300 * V``.
MIN_SURVIVAL_FACTOR = 1e-300


class WTAFormatError(ValueError):
    """A WTA instance file that does not follow the format; the message names file and line."""


@dataclass(frozen=True)
class WTAInstance:
    """One static WTA instance: ``values`` (n,), ``p`` (m, n), ``inventory`` (m,) integers."""

    values: FloatArray
    p: FloatArray
    inventory: IntArray
    name: str = ""

    @property
    def n_weapons(self) -> int:
        """Number of weapons ``m`` (rows of ``p``)."""
        return int(self.p.shape[0])

    @property
    def n_targets(self) -> int:
        """Number of targets ``n`` (columns of ``p``)."""
        return int(self.p.shape[1])

    @classmethod
    def from_arrays(
        cls, values: ArrayLike, p: ArrayLike, inventory: ArrayLike, name: str = ""
    ) -> WTAInstance:
        """Build a validated instance from array-likes (see :func:`check_instance`)."""
        v, pp, inv = check_instance(values, p, inventory)
        return cls(v, pp, inv, name)


@dataclass(frozen=True)
class WTAResult:
    """What every solver returns.

    ``x`` is the ``(m, n)`` integer assignment, ``objective`` its expected surviving value
    (evaluated exactly by :func:`surviving_value`), ``bound`` a proven lower bound on the optimum
    (``None`` when the solver proves none), ``optimal`` whether ``x`` is proven optimal (to the
    solver's stated tolerance), ``seconds`` the wall time of the call and ``info`` solver details.
    """

    x: IntArray
    objective: float
    bound: float | None
    solver: str
    seconds: float
    optimal: bool = False
    info: dict[str, Any] = field(default_factory=dict)

    @property
    def gap(self) -> float | None:
        """Relative gap ``(objective - bound) / objective`` (0 when both are 0), if bounded."""
        if self.bound is None:
            return None
        if self.objective <= 0.0:
            return 0.0
        return max(0.0, (self.objective - self.bound) / self.objective)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready summary (no assignment matrix)."""
        return {
            "solver": self.solver,
            "objective": self.objective,
            "bound": self.bound,
            "gap": self.gap,
            "optimal": self.optimal,
            "seconds": self.seconds,
            "shots": int(self.x.sum()),
        }


def check_instance(
    values: ArrayLike, p: ArrayLike, inventory: ArrayLike
) -> tuple[FloatArray, FloatArray, IntArray]:
    """Validate and convert one instance to contiguous ``float64, float64, int64`` arrays.

    ``inventory`` may be a scalar (the same number of units for every weapon). Raises
    ``ValueError`` naming the offending argument and what was received.
    """
    v = np.ascontiguousarray(values, dtype=np.float64)
    pp = np.ascontiguousarray(p, dtype=np.float64)
    if v.ndim != 1:
        raise ValueError(f"values must be a 1-D array (one value per target), got shape {v.shape}")
    if pp.ndim != 2 or pp.shape[1] != v.shape[0]:
        raise ValueError(
            f"p must have shape (n_weapons, n_targets) = (m, {v.shape[0]}), got shape {pp.shape}"
        )
    inv_raw = np.asarray(inventory)
    if inv_raw.ndim == 0:
        inv_raw = np.full(pp.shape[0], inv_raw)
    if inv_raw.shape != (pp.shape[0],):
        raise ValueError(
            f"inventory must have one entry per weapon, shape ({pp.shape[0]},), "
            f"got shape {inv_raw.shape}"
        )
    inv = inv_raw.astype(np.int64)
    if not np.array_equal(inv, inv_raw):
        raise ValueError(f"inventory must hold whole numbers of units, got {inv_raw.tolist()}")
    if not np.all(np.isfinite(v)) or np.any(v < 0):
        raise ValueError("values must be finite and >= 0")
    if not np.all(np.isfinite(pp)) or np.any(pp < 0) or np.any(pp > 1):
        raise ValueError("kill probabilities p must lie in [0, 1]")
    if np.any(inv < 0):
        raise ValueError(f"inventory must be >= 0, got {inv.tolist()}")
    return v, pp, np.ascontiguousarray(inv)


def surviving_value(values: ArrayLike, p: ArrayLike, x: ArrayLike) -> float:
    """Return the expected surviving value ``sum_j V_j prod_i (1 - p_ij) ** x_ij`` of ``x``."""
    return float(np.asarray(values, dtype=np.float64) @ target_survival(p, x))


def target_survival(p: ArrayLike, x: ArrayLike) -> FloatArray:
    """Survival probability of every target, ``prod_i (1 - p_ij) ** x_ij``, shape (n,)."""
    q = 1.0 - np.asarray(p, dtype=np.float64)
    return np.asarray(np.prod(np.power(q, np.asarray(x)), axis=0), dtype=np.float64)


def log_survival_factors(p: FloatArray) -> FloatArray:
    """``log(1 - p)`` clipped at ``log(MIN_SURVIVAL_FACTOR)`` (finite for ``p == 1``)."""
    return np.log(np.maximum(1.0 - p, MIN_SURVIVAL_FACTOR))


def check_assignment(x: ArrayLike, inventory: ArrayLike, shape: tuple[int, int]) -> IntArray:
    """Return ``x`` as int64 after checking shape, non-negativity and inventory; raise otherwise."""
    xi = np.asarray(x)
    if xi.shape != shape:
        raise ValueError(f"assignment must have shape {shape}, got {xi.shape}")
    out = xi.astype(np.int64)
    if not np.array_equal(out, xi) or np.any(out < 0):
        raise ValueError("assignment must hold non-negative whole numbers of units")
    used = out.sum(axis=1)
    inv = np.asarray(inventory, dtype=np.int64)
    over = np.nonzero(used > inv)[0]
    if over.size:
        i = int(over[0])
        raise ValueError(f"weapon {i} fires {int(used[i])} units but holds {int(inv[i])}")
    return out


# --------------------------------------------------------------------------------------------
# File format of ../shared/benchmarks/wta/README.md (Andersen, Pavlikov & Toffolo 2022):
# line 1 "m n mu"; next n lines V_j; next m*n lines "i j p_ij" (0-based).
# --------------------------------------------------------------------------------------------


def read_instance(path: str | os.PathLike[str]) -> WTAInstance:
    """Read an instance file in the benchmark format; raise :class:`WTAFormatError` on bad input.

    The error message has the form ``FILE:LINE: what is wrong (what was expected)``.
    """
    file = Path(path)
    try:
        text = file.read_text()
    except OSError as exc:
        raise WTAFormatError(f"{file}: cannot read the file ({exc.strerror or exc})") from exc
    return parse_instance(text, name=file.stem, source=str(file))


def parse_instance(text: str, name: str = "", source: str = "<string>") -> WTAInstance:
    """Parse the text of an instance file (see :func:`read_instance`)."""
    lines = [(k + 1, ln.split()) for k, ln in enumerate(text.splitlines())]
    lines = [(k, tok) for k, tok in lines if tok]  # blank lines are tolerated
    if not lines:
        raise WTAFormatError(f"{source}:1: empty file (expected a first line 'm n mu')")

    def fail(line: int, msg: str) -> WTAFormatError:
        return WTAFormatError(f"{source}:{line}: {msg}")

    line0, head = lines[0]
    if len(head) != 3:
        raise fail(line0, f"expected 3 integers 'm n mu' on the first line, got {len(head)} fields")
    try:
        m, n, mu = (int(t) for t in head)
    except ValueError:
        raise fail(line0, f"expected 3 integers 'm n mu', got {' '.join(head)!r}") from None
    if m <= 0 or n <= 0 or mu < 0:
        raise fail(line0, f"need m > 0, n > 0 and mu >= 0, got m={m} n={n} mu={mu}")
    expected = 1 + n + m * n
    if len(lines) != expected:
        last = lines[-1][0]
        raise fail(
            last if len(lines) > expected else last + 1,
            f"expected {expected} non-blank lines (1 header + n={n} values + m*n={m * n} "
            f"probabilities), found {len(lines)}",
        )
    values = np.empty(n)
    for j in range(n):
        line, tok = lines[1 + j]
        if len(tok) != 1:
            raise fail(line, f"expected one target value V_{j}, got {len(tok)} fields")
        try:
            values[j] = float(tok[0])
        except ValueError:
            raise fail(line, f"target value V_{j} is not a number: {tok[0]!r}") from None
        if not np.isfinite(values[j]) or values[j] < 0:
            raise fail(line, f"target value V_{j} must be finite and >= 0, got {tok[0]}")
    p = np.full((m, n), np.nan)
    for line, tok in lines[1 + n :]:
        if len(tok) != 3:
            raise fail(line, f"expected 'i j p_ij', got {len(tok)} fields")
        try:
            i, j, pij = int(tok[0]), int(tok[1]), float(tok[2])
        except ValueError:
            raise fail(line, f"expected 'i j p_ij' (two integers, one number), got {tok}") from None
        if not (0 <= i < m and 0 <= j < n):
            raise fail(line, f"weapon/target index ({i}, {j}) outside 0..{m - 1} x 0..{n - 1}")
        if not 0.0 <= pij <= 1.0:
            raise fail(line, f"kill probability p_{i},{j} = {tok[2]} is outside [0, 1]")
        if not np.isnan(p[i, j]):
            raise fail(line, f"kill probability p_{i},{j} given twice")
        p[i, j] = pij
    inventory = np.full(m, mu, dtype=np.int64)
    return WTAInstance(values, p, inventory, name)


def write_instance(path: str | os.PathLike[str], instance: WTAInstance) -> None:
    """Write an instance with a uniform inventory in the benchmark format."""
    inv = instance.inventory
    if inv.size and np.any(inv != inv[0]):
        raise ValueError("the file format holds one inventory mu for all weapons")
    mu = int(inv[0]) if inv.size else 0
    m, n = instance.p.shape
    out = [f"{m} {n} {mu}"]
    out += [repr(float(v)) for v in instance.values]
    out += [f"{i} {j} {float(instance.p[i, j])!r}" for i in range(m) for j in range(n)]
    Path(path).write_text("\n".join(out) + "\n")
