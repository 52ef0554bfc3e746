"""Lambert's problem: the conic joining two positions in a given time of flight.

Universal-variable formulation (Bate, Mueller & White 1971, sec. 5.3; Curtis, alg. 5.2), zero
revolutions, solved by Newton's method on the universal variable ``z`` kept inside a bisection
bracket (robust for every geometry short of a transfer angle of exactly 0 or pi, where the plane
is undefined). The minimum-energy time of flight is Lagrange's closed form (Battin 1999,
sec. 6.4).
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit
from numpy.typing import ArrayLike, NDArray

from opendome.core.constants import EARTH_GM_M3_PER_S2
from opendome.core.kepler import stumpff_c, stumpff_s

FloatArray = NDArray[np.float64]

_Z_MIN = -400.0
_Z_MAX = 4.0 * math.pi * math.pi


@njit(cache=True, error_model="numpy")
def transfer_angle(r1: NDArray[np.float64], r2: NDArray[np.float64], long_way: bool) -> float:
    """Transfer angle from ``r1`` to ``r2``: in (0, pi) the short way, (pi, 2 pi) the long way."""
    cx = r1[1] * r2[2] - r1[2] * r2[1]
    cy = r1[2] * r2[0] - r1[0] * r2[2]
    cz = r1[0] * r2[1] - r1[1] * r2[0]
    dot = r1[0] * r2[0] + r1[1] * r2[1] + r1[2] * r2[2]
    ang = math.atan2(math.sqrt(cx * cx + cy * cy + cz * cz), dot)
    return 2.0 * math.pi - ang if long_way else ang


@njit(cache=True, error_model="numpy")
def lambert_kernel(
    r1: NDArray[np.float64],
    r2: NDArray[np.float64],
    tof: float,
    long_way: bool,
    mu: float,
) -> tuple[NDArray[np.float64], NDArray[np.float64], bool]:
    """Velocities ``(v1, v2)`` at ``r1`` and ``r2`` of the conic flown in ``tof``; ``ok`` flag."""
    v1 = np.full(3, np.nan)
    v2 = np.full(3, np.nan)
    n1 = math.sqrt(r1[0] ** 2 + r1[1] ** 2 + r1[2] ** 2)
    n2 = math.sqrt(r2[0] ** 2 + r2[1] ** 2 + r2[2] ** 2)
    dth = transfer_angle(r1, r2, long_way)
    cos_d = math.cos(dth)
    if not tof > 0.0 or 1.0 - cos_d < 1e-12 or abs(math.sin(dth)) < 1e-10:
        return v1, v2, False
    a = math.sin(dth) * math.sqrt(n1 * n2 / (1.0 - cos_d))
    target = math.sqrt(mu) * tof
    lo = _Z_MIN
    hi = _Z_MAX
    z = 0.0
    y = 0.0
    converged = False
    for _ in range(200):
        c = stumpff_c(z)
        s = stumpff_s(z)
        y = n1 + n2 + a * (z * s - 1.0) / math.sqrt(c)
        if y <= 0.0:
            lo = z
            z = 0.5 * (lo + hi)
            continue
        f = (y / c) ** 1.5 * s + a * math.sqrt(y) - target
        if abs(f) <= 1e-13 * target:
            converged = True
            break
        if f < 0.0:
            lo = z
        else:
            hi = z
        # Newton step on F(z) (Curtis eq. 5.43), kept inside the bracket
        if abs(z) > 1e-2:
            df = (y / c) ** 1.5 * (
                (c - 1.5 * s / c) / (2.0 * z) + 0.75 * s * s / c
            ) + 0.125 * a * (3.0 * s / c * math.sqrt(y) + a * math.sqrt(c / y))
        else:
            df = math.sqrt(2.0) / 40.0 * y**1.5 + 0.125 * a * (
                math.sqrt(y) + a * math.sqrt(0.5 / y)
            )
        z_new = z - f / df if df > 0.0 else 0.5 * (lo + hi)
        if not (lo < z_new < hi):
            z_new = 0.5 * (lo + hi)
        if hi - lo < 1e-14 * max(1.0, abs(z)):
            converged = True
            break
        z = z_new
    c = stumpff_c(z)
    s = stumpff_s(z)
    y = n1 + n2 + a * (z * s - 1.0) / math.sqrt(c)
    if not converged or not y > 0.0 or z >= _Z_MAX * (1.0 - 1e-12) or z <= _Z_MIN:
        return v1, v2, False
    f = 1.0 - y / n1
    g = a * math.sqrt(y / mu)
    gdot = 1.0 - y / n2
    for k in range(3):
        v1[k] = (r2[k] - f * r1[k]) / g
        v2[k] = (gdot * r2[k] - r1[k]) / g
    return v1, v2, True


@njit(cache=True, error_model="numpy")
def minimum_energy_tof(
    r1: NDArray[np.float64], r2: NDArray[np.float64], long_way: bool, mu: float
) -> float:
    """Lagrange's time of flight of the minimum-energy conic (semi-major axis ``s/2``)."""
    n1 = math.sqrt(r1[0] ** 2 + r1[1] ** 2 + r1[2] ** 2)
    n2 = math.sqrt(r2[0] ** 2 + r2[1] ** 2 + r2[2] ** 2)
    dx = r2[0] - r1[0]
    dy = r2[1] - r1[1]
    dz = r2[2] - r1[2]
    chord = math.sqrt(dx * dx + dy * dy + dz * dz)
    semi = 0.5 * (n1 + n2 + chord)
    am = 0.5 * semi
    beta = 2.0 * math.asin(math.sqrt(max(semi - chord, 0.0) / semi))
    if long_way:
        beta = -beta
    return math.sqrt(am**3 / mu) * (math.pi - beta + math.sin(beta))


@njit(cache=True, error_model="numpy")
def _lambert_many(
    r1: NDArray[np.float64],
    r2: NDArray[np.float64],
    tof: NDArray[np.float64],
    long_way: NDArray[np.bool_],
    mu: float,
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.bool_]]:
    n = r1.shape[0]
    v1 = np.full((n, 3), np.nan)
    v2 = np.full((n, 3), np.nan)
    ok = np.zeros(n, dtype=np.bool_)
    for i in range(n):
        a, b, good = lambert_kernel(r1[i], r2[i], tof[i], long_way[i], mu)
        v1[i] = a
        v2[i] = b
        ok[i] = good
    return v1, v2, ok


def lambert(
    position1_m: ArrayLike,
    position2_m: ArrayLike,
    time_of_flight_s: ArrayLike,
    long_way: ArrayLike = False,
    mu_m3_per_s2: float = EARTH_GM_M3_PER_S2,
) -> tuple[FloatArray, FloatArray, NDArray[np.bool_]]:
    """Solve Lambert's problem for ``n`` pairs of inertial positions ``(n, 3)``.

    Returns ``(v1, v2, ok)``: the velocities at both ends ``(n, 3)`` (NaN where ``ok`` is False:
    collinear positions or a non-positive time of flight).
    """
    r1 = np.ascontiguousarray(np.atleast_2d(np.asarray(position1_m, dtype=np.float64)))
    r2 = np.ascontiguousarray(np.atleast_2d(np.asarray(position2_m, dtype=np.float64)))
    r1, r2 = np.broadcast_arrays(r1, r2)
    n = r1.shape[0]
    tof = np.ascontiguousarray(
        np.broadcast_to(np.asarray(time_of_flight_s, dtype=np.float64), (n,))
    )
    lw = np.ascontiguousarray(np.broadcast_to(np.asarray(long_way, dtype=np.bool_), (n,)))
    return _lambert_many(
        np.ascontiguousarray(r1), np.ascontiguousarray(r2), tof, lw, float(mu_m3_per_s2)
    )
