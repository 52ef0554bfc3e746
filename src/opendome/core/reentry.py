"""Re-entry: point-mass gravity plus drag in the rotating atmosphere, integrated to the ground.

Equations of motion in the inertial frame (ECI)::

    dr/dt = v
    dv/dt = -mu r / |r|^3 - rho(h) |v_rel| v_rel / (2 beta),    v_rel = v - omega x r

with ``beta = m / (C_D A)`` the ballistic coefficient (kg/m^2), ``rho`` the exponential
atmosphere of :mod:`opendome.core.atmosphere` at the radial altitude ``h`` above the WGS-84
ellipsoid (rotation about z leaves ``h`` unchanged, so it is computed from ECI positions).
Adaptive Dormand-Prince 5(4) steps (the method of ``solve_ivp``'s RK45) with local error below
0.1 mm and 0.1 um/s per step; samples between steps and the ground crossing come from the cubic
Hermite interpolant of the steps (steps are at most 5 s). ``tests/test_flight_ballistic.py``
checks it against ``scipy.integrate.solve_ivp`` (DOP853) on the same equations.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
from numba import njit, prange
from numpy.typing import NDArray

from opendome.core.atmosphere import (
    ATMOSPHERE_TOP_M,
    DENSITY_SCALE_HEIGHT_M,
    SEA_LEVEL_DENSITY_KG_PER_M3,
    density_scalar,
)
from opendome.core.constants import EARTH_GM_M3_PER_S2, EARTH_ROTATION_RAD_PER_S
from opendome.core.earth import A_M, B_M

FloatArray = NDArray[np.float64]

POSITION_TOLERANCE_M = 1e-4
"""Local error tolerance per step on position (m) of the adaptive integration."""
VELOCITY_TOLERANCE_M_PER_S = 1e-7
"""Local error tolerance per step on velocity (m/s)."""
MAX_STEP_S = 5.0
"""Largest integration step, so that interpolated samples stay within millimetres."""
MAX_REENTRY_DURATION_S = 4.0 * 3600.0
"""Integration stops (status 'no impact') if the object is still aloft after this long."""

DEFAULT_WARHEAD_BALLISTIC_COEFFICIENT_KG_PER_M2 = 10000.0
"""Notional: about 2,000 lb/ft^2, the order of magnitude open sources give for modern strategic
re-entry vehicles (slender cones with beta of 1,000-3,000 lb/ft^2); not in the catalog yet."""
DEFAULT_DECOY_BALLISTIC_COEFFICIENT_KG_PER_M2 = 100.0
"""Notional: a light balloon-like decoy, two orders of magnitude below a warhead, so that the
atmosphere strips it early in re-entry; not in the catalog yet."""


@njit(cache=True, error_model="numpy")
def radial_altitude_scalar(x: float, y: float, z: float) -> float:
    """Return the radial altitude over the WGS-84 ellipsoid (``earth.radial_altitude_m``)."""
    r2 = x * x + y * y + z * z
    rs = 1.0 / math.sqrt((x * x + y * y) / (r2 * A_M * A_M) + z * z / (r2 * B_M * B_M))
    return math.sqrt(r2) - rs


@njit(cache=True, error_model="numpy")
def _deriv(
    s: NDArray[np.float64], out: NDArray[np.float64], beta: float, omega: float, mu: float
) -> None:
    x, y, z = s[0], s[1], s[2]
    r = math.sqrt(x * x + y * y + z * z)
    k = -mu / (r * r * r)
    out[0] = s[3]
    out[1] = s[4]
    out[2] = s[5]
    out[3] = k * x
    out[4] = k * y
    out[5] = k * z
    if beta < np.inf:
        rho = density_scalar(radial_altitude_scalar(x, y, z))
        if rho > 0.0:
            vx = s[3] + omega * y
            vy = s[4] - omega * x
            vz = s[5]
            q = -rho * math.sqrt(vx * vx + vy * vy + vz * vz) / (2.0 * beta)
            out[3] += q * vx
            out[4] += q * vy
            out[5] += q * vz


# Dormand & Prince (1980) 5(4) tableau.
_C = np.array([0.0, 1 / 5, 3 / 10, 4 / 5, 8 / 9, 1.0, 1.0])
_A = np.array([
    [0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
    [1 / 5, 0.0, 0.0, 0.0, 0.0, 0.0],
    [3 / 40, 9 / 40, 0.0, 0.0, 0.0, 0.0],
    [44 / 45, -56 / 15, 32 / 9, 0.0, 0.0, 0.0],
    [19372 / 6561, -25360 / 2187, 64448 / 6561, -212 / 729, 0.0, 0.0],
    [9017 / 3168, -355 / 33, 46732 / 5247, 49 / 176, -5103 / 18656, 0.0],
    [35 / 384, 0.0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84],
])
_E = np.array([71 / 57600, 0.0, -71 / 16695, 71 / 1920, -17253 / 339200, 22 / 525, -1 / 40])


@njit(cache=True, error_model="numpy")
def _dp5_step(
    s: NDArray[np.float64],
    h: float,
    k: NDArray[np.float64],
    tmp: NDArray[np.float64],
    s_new: NDArray[np.float64],
    beta: float,
    omega: float,
    mu: float,
) -> float:
    """One Dormand-Prince step from ``s`` (``k[0]`` = f(s) on entry); return the error norm.

    ``s_new`` gets the 5th-order state, ``k[6]`` its derivative (first-same-as-last).
    """
    for stage in range(1, 7):
        for c in range(6):
            acc = s[c]
            for j in range(stage):
                acc += h * _A[stage, j] * k[j, c]
            tmp[c] = acc
        _deriv(tmp, k[stage], beta, omega, mu)
        if stage == 6:
            for c in range(6):
                s_new[c] = tmp[c]
    err = 0.0
    for c in range(6):
        e = 0.0
        for j in range(7):
            e += _E[j] * k[j, c]
        scale = (POSITION_TOLERANCE_M if c < 3 else VELOCITY_TOLERANCE_M_PER_S) + 1e-13 * abs(
            s_new[c]
        )
        err = max(err, abs(h * e) / scale)
    return err


@njit(cache=True, error_model="numpy")
def _hermite(
    s0: NDArray[np.float64],
    f0: NDArray[np.float64],
    s1: NDArray[np.float64],
    f1: NDArray[np.float64],
    h: float,
    u: float,
    out: NDArray[np.float64],
) -> None:
    """Cubic Hermite state at fraction ``u`` of a step from states and their derivatives."""
    h00 = 2 * u**3 - 3 * u**2 + 1
    h10 = u**3 - 2 * u**2 + u
    h01 = -2 * u**3 + 3 * u**2
    h11 = u**3 - u**2
    for c in range(6):
        out[c] = h00 * s0[c] + h10 * h * f0[c] + h01 * s1[c] + h11 * h * f1[c]


@njit(cache=True, error_model="numpy")
def reentry_one(
    r0: NDArray[np.float64],
    v0: NDArray[np.float64],
    t0: float,
    beta: float,
    ground_altitude: float,
    omega: float,
    mu: float,
    t_out: NDArray[np.float64],
    out: NDArray[np.float64],
) -> tuple[float, NDArray[np.float64]]:
    """Integrate one object from ``(t0, r0, v0)`` (ECI) to the ground.

    Writes states at the sorted times ``t_out`` (NaN entries skipped) into ``out`` ``(m, 6)``
    (rows outside ``[t0, t_impact]`` untouched). Returns ``(t_impact, state_at_impact)``; the
    impact time is NaN if the object is still aloft after :data:`MAX_REENTRY_DURATION_S`.
    """
    s = np.empty(6)
    s[:3] = r0
    s[3:] = v0
    s_new = np.empty(6)
    tmp = np.empty(6)
    k = np.empty((7, 6))
    cur = np.empty(6)
    _deriv(s, k[0], beta, omega, mu)
    t = t0
    j = 0
    m = t_out.shape[0]
    while j < m and (math.isnan(t_out[j]) or t_out[j] < t0):
        j += 1
    if radial_altitude_scalar(s[0], s[1], s[2]) - ground_altitude <= 0.0:
        while j < m:
            if t_out[j] == t0:
                out[j] = s
            j += 1
        return t0, s.copy()
    h = 0.1
    while t - t0 < MAX_REENTRY_DURATION_S:
        err = _dp5_step(s, h, k, tmp, s_new, beta, omega, mu)
        if err > 1.0:
            h *= max(0.2, 0.9 * err**-0.2)
            continue
        h_used = h
        h = min(MAX_STEP_S, h * min(5.0, 0.9 * max(err, 1e-10) ** -0.2))
        if radial_altitude_scalar(s_new[0], s_new[1], s_new[2]) - ground_altitude <= 0.0:
            lo = 0.0
            hi = 1.0
            for _ in range(60):
                mid = 0.5 * (lo + hi)
                _hermite(s, k[0], s_new, k[6], h_used, mid, cur)
                if radial_altitude_scalar(cur[0], cur[1], cur[2]) - ground_altitude > 0.0:
                    lo = mid
                else:
                    hi = mid
            u_imp = 0.5 * (lo + hi)
            t_imp = t + u_imp * h_used
            s_imp = np.empty(6)
            _hermite(s, k[0], s_new, k[6], h_used, u_imp, s_imp)
            while j < m:
                tj = t_out[j]
                if not math.isnan(tj) and tj <= t_imp:
                    _hermite(s, k[0], s_new, k[6], h_used, (tj - t) / h_used, out[j])
                j += 1
            return t_imp, s_imp
        while j < m and (math.isnan(t_out[j]) or t_out[j] <= t + h_used):
            if not math.isnan(t_out[j]):
                _hermite(s, k[0], s_new, k[6], h_used, (t_out[j] - t) / h_used, out[j])
            j += 1
        s[:] = s_new
        k[0, :] = k[6, :]
        t += h_used
    return np.nan, s


@njit(cache=True, parallel=True, error_model="numpy")
def reentry_many(
    r0: NDArray[np.float64],
    v0: NDArray[np.float64],
    t0: NDArray[np.float64],
    beta: NDArray[np.float64],
    ground_altitude: NDArray[np.float64],
    omega: float,
    mu: float,
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Integrate ``n`` objects to the ground: impact times ``(n,)`` and states ``(n, 6)``.

    NaN rows for NaN starting states.
    """
    n = r0.shape[0]
    t_imp = np.full(n, np.nan)
    s_imp = np.full((n, 6), np.nan)
    for i in prange(n):
        if math.isnan(r0[i, 0]) or math.isnan(t0[i]):
            continue
        ti, si = reentry_one(
            r0[i], v0[i], t0[i], beta[i], ground_altitude[i], omega, mu, np.empty(0),
            np.empty((0, 6)),
        )
        t_imp[i] = ti
        s_imp[i] = si
    return t_imp, s_imp


def equations_of_motion(
    ballistic_coefficient_kg_per_m2: float,
    rotation_rad_per_s: float = EARTH_ROTATION_RAD_PER_S,
    mu_m3_per_s2: float = EARTH_GM_M3_PER_S2,
) -> Callable[[float, NDArray[np.float64]], list[float]]:
    """Return this module's equations of motion as plain Python ``f(t, y)`` for ``solve_ivp``.

    Written out separately from the compiled kernels so that tests and benchmarks integrate the
    same physics with an independent integrator.
    """
    w = rotation_rad_per_s
    a2, b2 = A_M**2, B_M**2
    beta = ballistic_coefficient_kg_per_m2

    def f(_t: float, y: NDArray[np.float64]) -> list[float]:
        x, yy, z, vx, vy, vz = (float(c) for c in y)
        r2 = x * x + yy * yy + z * z
        r = math.sqrt(r2)
        g = -mu_m3_per_s2 / (r2 * r)
        h = r - 1.0 / math.sqrt((x * x + yy * yy) / (r2 * a2) + z * z / (r2 * b2))
        ax, ay, az = g * x, g * yy, g * z
        if h <= ATMOSPHERE_TOP_M and beta < math.inf:
            rho = SEA_LEVEL_DENSITY_KG_PER_M3 * math.exp(-h / DENSITY_SCALE_HEIGHT_M)
            ux, uy, uz = vx + w * yy, vy - w * x, vz
            q = rho * math.sqrt(ux * ux + uy * uy + uz * uz) / (2.0 * beta)
            ax, ay, az = ax - q * ux, ay - q * uy, az - q * uz
        return [vx, vy, vz, ax, ay, az]

    return f
