"""Two-body motion: propagation in universal variables, invariants, radius crossings.

Free flight above the atmosphere is a Kepler conic about the Earth's centre (point-mass gravity,
``EARTH_GM_M3_PER_S2``). Propagation uses the universal-variable form of Kepler's equation with
Stumpff functions (Bate, Mueller & White, *Fundamentals of Astrodynamics*, 1971, sec. 4.4;
Curtis, *Orbital Mechanics for Engineering Students*, alg. 3.3-3.4), solved by the
Laguerre-Conway iteration (Conway 1986), which converges for all conic types. States are
inertial (ECI); shapes are ``(n, 3)`` states and ``(n, m)`` times giving ``(n, m, 3)``.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit
from numpy.typing import ArrayLike, NDArray

from opendome.core.constants import EARTH_GM_M3_PER_S2

FloatArray = NDArray[np.float64]


@njit(cache=True, error_model="numpy")
def stumpff_c(z: float) -> float:
    """Stumpff function C(z) = (1 - cos sqrt z) / z."""
    if z > 1e-6:
        s = math.sqrt(z)
        return (1.0 - math.cos(s)) / z
    if z < -1e-6:
        s = math.sqrt(-z)
        return (math.cosh(s) - 1.0) / (-z)
    return 0.5 - z / 24.0 + z * z / 720.0


@njit(cache=True, error_model="numpy")
def stumpff_s(z: float) -> float:
    """Stumpff function S(z) = (sqrt z - sin sqrt z) / sqrt(z)^3."""
    if z > 1e-6:
        s = math.sqrt(z)
        return (s - math.sin(s)) / (s * s * s)
    if z < -1e-6:
        s = math.sqrt(-z)
        return (math.sinh(s) - s) / (s * s * s)
    return 1.0 / 6.0 - z / 120.0 + z * z / 5040.0


@njit(cache=True, error_model="numpy")
def _solve_chi(r0: float, sigma0: float, alpha: float, dt: float, mu: float, chi: float) -> float:
    """Universal anomaly chi for a flight of ``dt`` (Laguerre-Conway, n = 5)."""
    sqmu = math.sqrt(mu)
    for _ in range(60):
        z = alpha * chi * chi
        c = stumpff_c(z)
        s = stumpff_s(z)
        f = sigma0 * chi * chi * c + (1.0 - alpha * r0) * chi**3 * s + r0 * chi - sqmu * dt
        fp = sigma0 * chi * (1.0 - z * s) + (1.0 - alpha * r0) * chi * chi * c + r0
        fpp = sigma0 * (1.0 - z * c) + (1.0 - alpha * r0) * chi * (1.0 - z * s)
        disc = abs(16.0 * fp * fp - 20.0 * f * fpp)
        den = fp + math.copysign(math.sqrt(disc), fp)
        if den == 0.0:
            break
        step = 5.0 * f / den
        chi -= step
        if abs(step) <= 1e-12 * max(1.0, abs(chi)):
            break
    return chi


@njit(cache=True, error_model="numpy")
def _fg_state(
    r0: NDArray[np.float64],
    v0: NDArray[np.float64],
    rn: float,
    sigma0: float,
    alpha: float,
    dt: float,
    mu: float,
    chi: float,
    r_out: NDArray[np.float64],
    v_out: NDArray[np.float64],
) -> float:
    """Write the state after ``dt`` into ``r_out``, ``v_out``; return the universal anomaly."""
    sqmu = math.sqrt(mu)
    chi = _solve_chi(rn, sigma0, alpha, dt, mu, chi)
    z = alpha * chi * chi
    c = stumpff_c(z)
    s = stumpff_s(z)
    f = 1.0 - chi * chi / rn * c
    g = dt - chi**3 * s / sqmu
    for k in range(3):
        r_out[k] = f * r0[k] + g * v0[k]
    r1 = math.sqrt(r_out[0] ** 2 + r_out[1] ** 2 + r_out[2] ** 2)
    fdot = sqmu / (r1 * rn) * (z * s - 1.0) * chi
    gdot = 1.0 - chi * chi / r1 * c
    for k in range(3):
        v_out[k] = fdot * r0[k] + gdot * v0[k]
    return chi


@njit(cache=True, error_model="numpy")
def _initial_chi(rn: float, sigma0: float, alpha: float, dt: float, mu: float) -> float:
    """Return a starting universal anomaly (Vallado, *Fundamentals of Astrodynamics*, alg. 8)."""
    sqmu = math.sqrt(mu)
    if dt == 0.0:
        return 0.0
    if alpha > 1e-12:
        return sqmu * alpha * dt
    if alpha < -1e-12:
        a = 1.0 / alpha
        sgn = 1.0 if dt >= 0.0 else -1.0
        den = sigma0 * sqmu + sgn * math.sqrt(-mu * a) * (1.0 - rn * alpha)
        arg = -2.0 * mu * alpha * dt / den if den != 0.0 else -1.0
        guess = sgn * math.sqrt(-a) * math.log(arg) if arg > 0.0 else 0.0
        return guess if guess * dt > 0.0 else sqmu * dt / rn
    h2 = rn * rn * mu * (2.0 / rn - alpha) - sigma0 * sigma0 * mu
    p = h2 / mu
    s = 0.5 * math.atan2(1.0, 3.0 * math.sqrt(mu / p**3) * dt)
    w = math.atan(math.copysign(abs(math.tan(s)) ** (1.0 / 3.0), math.tan(s)))
    return math.sqrt(p) * 2.0 / math.tan(2.0 * w)


@njit(cache=True, error_model="numpy")
def _propagate_many(
    r0: NDArray[np.float64], v0: NDArray[np.float64], dt: NDArray[np.float64], mu: float
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    n, m = dt.shape
    r_out = np.full((n, m, 3), np.nan)
    v_out = np.full((n, m, 3), np.nan)
    for i in range(n):
        if math.isnan(r0[i, 0]) or math.isnan(v0[i, 0]):
            continue
        rn = math.sqrt(r0[i, 0] ** 2 + r0[i, 1] ** 2 + r0[i, 2] ** 2)
        sigma0 = (r0[i, 0] * v0[i, 0] + r0[i, 1] * v0[i, 1] + r0[i, 2] * v0[i, 2]) / math.sqrt(mu)
        alpha = 2.0 / rn - (v0[i, 0] ** 2 + v0[i, 1] ** 2 + v0[i, 2] ** 2) / mu
        chi = np.nan
        last_dt = 0.0
        for j in range(m):
            d = dt[i, j]
            if math.isnan(d):
                continue
            if math.isnan(chi) or last_dt == 0.0:
                guess = _initial_chi(rn, sigma0, alpha, d, mu)
            else:
                guess = chi * d / last_dt
            chi = _fg_state(r0[i], v0[i], rn, sigma0, alpha, d, mu, guess, r_out[i, j], v_out[i, j])
            last_dt = d
    return r_out, v_out


def kepler_propagate(
    position_eci_m: ArrayLike,
    velocity_eci_m_per_s: ArrayLike,
    dt_s: ArrayLike,
    mu_m3_per_s2: float = EARTH_GM_M3_PER_S2,
) -> tuple[FloatArray, FloatArray]:
    """Propagate inertial states ``(n, 3)`` by times ``(n, m)`` (or ``(m,)``); return ``(n, m, 3)``.

    NaN times (or NaN states) give NaN rows, so ragged time grids can be padded with NaN.
    """
    r0 = np.ascontiguousarray(np.atleast_2d(np.asarray(position_eci_m, dtype=np.float64)))
    v0 = np.ascontiguousarray(np.atleast_2d(np.asarray(velocity_eci_m_per_s, dtype=np.float64)))
    dt = np.asarray(dt_s, dtype=np.float64)
    if dt.ndim <= 1:
        dt = np.broadcast_to(np.atleast_1d(dt), (r0.shape[0], np.atleast_1d(dt).shape[0]))
    if r0.shape != v0.shape or r0.shape[-1] != 3 or dt.shape[0] != r0.shape[0]:
        raise ValueError(
            f"kepler_propagate: need positions and velocities (n, 3) and times (n, m); got "
            f"{r0.shape}, {v0.shape}, {dt.shape}"
        )
    return _propagate_many(r0, v0, np.ascontiguousarray(dt), float(mu_m3_per_s2))


def specific_energy(
    position_m: ArrayLike, velocity_m_per_s: ArrayLike, mu_m3_per_s2: float = EARTH_GM_M3_PER_S2
) -> FloatArray:
    """Two-body specific mechanical energy ``v^2/2 - mu/r``, J/kg (inertial states)."""
    r = np.asarray(position_m, dtype=np.float64)
    v = np.asarray(velocity_m_per_s, dtype=np.float64)
    return 0.5 * np.sum(v * v, axis=-1) - mu_m3_per_s2 / np.linalg.norm(r, axis=-1)


def specific_angular_momentum(position_m: ArrayLike, velocity_m_per_s: ArrayLike) -> FloatArray:
    """Specific angular momentum vector ``r x v`` (inertial states), m^2/s."""
    return np.cross(np.asarray(position_m, dtype=np.float64), np.asarray(velocity_m_per_s))


@njit(cache=True, error_model="numpy")
def time_to_radius(
    r0: NDArray[np.float64],
    v0: NDArray[np.float64],
    radius: float,
    descending: bool,
    mu: float,
) -> float:
    """Time from state ``(r0, v0)`` until the elliptic conic first reaches ``radius``.

    ``descending`` selects the crossing with the radius decreasing. Returns NaN when the conic
    never reaches that radius on the requested branch (or is not elliptic), 0 when the state is
    already past it (on the descending branch below ``radius``).
    """
    rn = math.sqrt(r0[0] ** 2 + r0[1] ** 2 + r0[2] ** 2)
    vn2 = v0[0] ** 2 + v0[1] ** 2 + v0[2] ** 2
    rv = r0[0] * v0[0] + r0[1] * v0[1] + r0[2] * v0[2]
    energy = 0.5 * vn2 - mu / rn
    if energy >= 0.0:
        return np.nan
    a = -mu / (2.0 * energy)
    ecc_cos = 1.0 - rn / a
    ecc_sin = rv / math.sqrt(mu * a)
    e = math.sqrt(ecc_cos * ecc_cos + ecc_sin * ecc_sin)
    if e < 1e-12:
        return np.nan
    n = math.sqrt(mu / a**3)
    e0 = math.atan2(ecc_sin, ecc_cos)
    if e0 < 0.0:
        e0 += 2.0 * math.pi
    cos_e = (1.0 - radius / a) / e
    if cos_e > 1.0 or cos_e < -1.0:
        return np.nan
    e_asc = math.acos(cos_e)  # in [0, pi]: ascending crossing
    e_cross = 2.0 * math.pi - e_asc if descending else e_asc
    if descending and e0 >= e_cross:
        return 0.0
    m0 = e0 - e * math.sin(e0)
    m1 = e_cross - e * math.sin(e_cross)
    dm = m1 - m0
    if dm < 0.0:
        dm += 2.0 * math.pi
    return dm / n


@njit(cache=True, error_model="numpy")
def apoapsis_time(r0: NDArray[np.float64], v0: NDArray[np.float64], mu: float) -> float:
    """Time from ``(r0, v0)`` to the next apoapsis of an elliptic conic (NaN otherwise)."""
    rn = math.sqrt(r0[0] ** 2 + r0[1] ** 2 + r0[2] ** 2)
    vn2 = v0[0] ** 2 + v0[1] ** 2 + v0[2] ** 2
    rv = r0[0] * v0[0] + r0[1] * v0[1] + r0[2] * v0[2]
    energy = 0.5 * vn2 - mu / rn
    if energy >= 0.0:
        return np.nan
    a = -mu / (2.0 * energy)
    e0 = math.atan2(rv / math.sqrt(mu * a), 1.0 - rn / a)
    if e0 < 0.0:
        e0 += 2.0 * math.pi
    e = math.hypot(rv / math.sqrt(mu * a), 1.0 - rn / a)
    dm = (math.pi - 0.0) - (e0 - e * math.sin(e0))
    if dm < 0.0:
        dm += 2.0 * math.pi
    return dm / math.sqrt(mu / a**3)


@njit(cache=True, error_model="numpy")
def time_to_radius_many(
    r0: NDArray[np.float64],
    v0: NDArray[np.float64],
    radius: NDArray[np.float64],
    descending: bool,
    mu: float,
) -> NDArray[np.float64]:
    """:func:`time_to_radius` for ``n`` states ``(n, 3)`` and radii ``(n,)`` (NaN rows kept)."""
    n = r0.shape[0]
    out = np.full(n, np.nan)
    for i in range(n):
        if not (math.isnan(r0[i, 0]) or math.isnan(v0[i, 0])):
            out[i] = time_to_radius(r0[i], v0[i], radius[i], descending, mu)
    return out


@njit(cache=True, error_model="numpy")
def apoapsis_time_many(
    r0: NDArray[np.float64], v0: NDArray[np.float64], mu: float
) -> NDArray[np.float64]:
    """:func:`apoapsis_time` for ``n`` states ``(n, 3)`` (NaN rows kept)."""
    n = r0.shape[0]
    out = np.full(n, np.nan)
    for i in range(n):
        if not (math.isnan(r0[i, 0]) or math.isnan(v0[i, 0])):
            out[i] = apoapsis_time(r0[i], v0[i], mu)
    return out
