"""Vectorized propagation of constellations: two-body motion with J2 secular drift.

Mean elements drift linearly in time under the Earth's oblateness (first-order secular theory,
Vallado, *Fundamentals of Astrodynamics and Applications*, 4th ed., 2013, sec. 9.6; Brouwer
1959): the ascending node regresses, the perigee rotates and the mean anomaly runs at a
slightly perturbed mean motion. Short-periodic J2 terms (a few km in LEO) are not modelled; the
cross-check against SGP4 in ``tests/test_space_propagation.py`` and ``docs/space.md`` states what
that costs.

Output arrays are ``(n_satellites, n_times, 3)`` positions in metres, in the inertial frame of
the elements (ECI) or Earth-fixed (ECEF, rotation about z by the Earth rotation angle only).
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
from numpy.typing import ArrayLike, DTypeLike, NDArray

from opendome.core.constants import EARTH_EQUATORIAL_RADIUS_M, EARTH_GM_M3_PER_S2, EARTH_J2
from opendome.core.earth import earth_rotation_angle_rad
from opendome.space.walker import Constellation

FloatArray = NDArray[np.float64]

J2_REFERENCE_RADIUS_M = EARTH_EQUATORIAL_RADIUS_M
"""Reference radius of the J2 zonal harmonic: the radius the coefficient ``EARTH_J2`` is
normalized to (WGS-84 equatorial radius, NGA TR8350.2). Physics of the gravity field, not an
altitude datum (altitudes are above :data:`opendome.core.earth.SPHERE`)."""

# SGP4 WGS-84 gravity constants (Vallado, Crawford, Hujsak & Kelso, "Revisiting Spacetrack
# Report #3", AIAA 2006-6753, getgravconst("wgs84")), used only to convert mean elements into
# the Kozai mean motion SGP4 expects.
SGP4_WGS84_RADIUS_KM = 6378.137
SGP4_WGS84_MU_KM3_PER_S2 = 398600.5
SGP4_WGS84_J2 = 0.00108262998905


def j2_secular_rates(
    semi_major_axis_m: ArrayLike,
    eccentricity: ArrayLike,
    inclination_rad: ArrayLike,
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Secular rates (rad/s) of node, argument of perigee and mean anomaly under J2.

    ``raan_dot = -3/2 n J2 (R/p)^2 cos i``,
    ``argp_dot = 3/4 n J2 (R/p)^2 (5 cos^2 i - 1)``,
    ``mean_anomaly_dot = n [1 + 3/4 J2 (R/p)^2 sqrt(1-e^2) (3 cos^2 i - 1)]``,
    with ``n = sqrt(mu/a^3)`` and ``p = a (1 - e^2)`` (Vallado 2013, eqs. 9-41).
    """
    a = np.asarray(semi_major_axis_m, dtype=np.float64)
    e = np.asarray(eccentricity, dtype=np.float64)
    i = np.asarray(inclination_rad, dtype=np.float64)
    n = np.sqrt(EARTH_GM_M3_PER_S2 / a**3)
    p = a * (1.0 - e**2)
    k = EARTH_J2 * (J2_REFERENCE_RADIUS_M / p) ** 2
    c2 = np.cos(i) ** 2
    raan_dot = -1.5 * n * k * np.cos(i)
    argp_dot = 0.75 * n * k * (5.0 * c2 - 1.0)
    mean_anomaly_dot = n * (1.0 + 0.75 * k * np.sqrt(1.0 - e**2) * (3.0 * c2 - 1.0))
    return raan_dot, argp_dot, mean_anomaly_dot


def solve_kepler(mean_anomaly_rad: ArrayLike, eccentricity: ArrayLike) -> FloatArray:
    """Eccentric anomaly from Kepler's equation ``M = E - e sin E`` (Newton, vectorized).

    Converges to machine precision for e < 0.9 in under 8 iterations from ``E0 = M + e sin M``.
    """
    m = np.mod(np.asarray(mean_anomaly_rad, dtype=np.float64), 2 * np.pi)
    e = np.asarray(eccentricity, dtype=np.float64)
    ecc = np.broadcast_to(e, m.shape) if e.ndim else e
    big = m + ecc * np.sin(m)
    for _ in range(12):
        f = big - ecc * np.sin(big) - m
        big = big - f / (1.0 - ecc * np.cos(big))
    return np.asarray(big, dtype=np.float64)


def _times(times_s: ArrayLike) -> FloatArray:
    t = np.atleast_1d(np.asarray(times_s, dtype=np.float64))
    if t.ndim != 1:
        raise ValueError(f"times_s: expected a 1-D array of seconds since epoch, got {t.shape}")
    return t


def propagate(
    constellation: Constellation,
    times_s: ArrayLike,
    *,
    frame: str = "eci",
    gmst0_rad: float = 0.0,
    dtype: DTypeLike = np.float64,
) -> NDArray[np.floating]:
    """Positions ``(n_satellites, n_times, 3)`` in metres at ``times_s`` after the epoch.

    ``frame`` is ``"eci"`` (the inertial frame of the elements) or ``"ecef"`` (rotated by the
    Earth rotation angle ``gmst0_rad + omega_E t``). ``dtype=np.float32`` halves memory for
    large constellations (positions then good to about 1 m).
    """
    return _propagate(constellation, _times(times_s)[None, :], frame, gmst0_rad, dtype)


def propagate_each(
    constellation: Constellation,
    times_s: ArrayLike,
    *,
    frame: str = "eci",
    gmst0_rad: float = 0.0,
    dtype: DTypeLike = np.float64,
) -> NDArray[np.floating]:
    """Like :func:`propagate` with times of shape ``(n_satellites, n_times)``: own times per row.

    Serves satellite-epoch pairs (a row per pair, the satellite repeated with
    :meth:`Constellation.subset`).
    """
    t = np.asarray(times_s, dtype=np.float64)
    if t.ndim != 2 or t.shape[0] != constellation.n_satellites:
        raise ValueError(
            f"times_s: expected ({constellation.n_satellites}, n_times), got {t.shape}"
        )
    return _propagate(constellation, t, frame, gmst0_rad, dtype)


def _propagate(
    c: Constellation, t: FloatArray, frame: str, gmst0_rad: float, dtype: DTypeLike
) -> NDArray[np.floating]:
    if frame not in ("eci", "ecef"):
        raise ValueError(f"frame: expected 'eci' or 'ecef', got {frame!r}")
    raan_dot, argp_dot, m_dot = j2_secular_rates(
        c.semi_major_axis_m, c.eccentricity, c.inclination_rad
    )
    raan = c.raan_rad[:, None] + raan_dot[:, None] * t
    if frame == "ecef":
        raan = raan - earth_rotation_angle_rad(t, gmst0_rad)
    ci = np.cos(c.inclination_rad)[:, None]
    si = np.sin(c.inclination_rad)[:, None]
    cr, sr = np.cos(raan), np.sin(raan)
    out = np.empty((c.n_satellites, t.shape[1], 3), dtype=dtype)
    a = c.semi_major_axis_m[:, None]
    if not np.any(c.eccentricity):
        u = (c.arg_perigee_rad + c.mean_anomaly_rad)[:, None] + (argp_dot + m_dot)[:, None] * t
        cu, su = np.cos(u), np.sin(u)
        out[..., 0] = a * (cr * cu - sr * su * ci)
        out[..., 1] = a * (sr * cu + cr * su * ci)
        out[..., 2] = a * (su * si)
        return out
    e = c.eccentricity[:, None]
    w = c.arg_perigee_rad[:, None] + argp_dot[:, None] * t
    m = c.mean_anomaly_rad[:, None] + m_dot[:, None] * t
    big = solve_kepler(m, np.broadcast_to(e, m.shape))
    xp = a * (np.cos(big) - e)
    yp = a * np.sqrt(1.0 - e**2) * np.sin(big)
    cw, sw = np.cos(w), np.sin(w)
    out[..., 0] = xp * (cr * cw - sr * sw * ci) + yp * (-cr * sw - sr * cw * ci)
    out[..., 1] = xp * (sr * cw + cr * sw * ci) + yp * (-sr * sw + cr * cw * ci)
    out[..., 2] = xp * (sw * si) + yp * (cw * si)
    return out


def iter_chunks(
    constellation: Constellation,
    times_s: ArrayLike,
    *,
    chunk: int = 64,
    frame: str = "ecef",
    gmst0_rad: float = 0.0,
    dtype: DTypeLike = np.float64,
) -> Iterator[tuple[slice, NDArray[np.floating]]]:
    """Propagate in chunks of ``chunk`` time steps: yields ``(time_slice, positions)``.

    Keeps memory at ``n_satellites * chunk * 3`` floats for 10^5 satellites over long grids.
    """
    t = _times(times_s)
    for start in range(0, t.size, max(1, chunk)):
        sl = slice(start, min(t.size, start + max(1, chunk)))
        yield sl, propagate(constellation, t[sl], frame=frame, gmst0_rad=gmst0_rad, dtype=dtype)


def orbital_period_s(semi_major_axis_m: ArrayLike) -> FloatArray:
    """Keplerian period ``2 pi sqrt(a^3/mu)``."""
    a = np.asarray(semi_major_axis_m, dtype=np.float64)
    return 2 * np.pi * np.sqrt(a**3 / EARTH_GM_M3_PER_S2)


def kozai_mean_motion_rad_per_min(
    semi_major_axis_m: ArrayLike, eccentricity: ArrayLike, inclination_rad: ArrayLike
) -> FloatArray:
    """Kozai mean motion for SGP4 (``Satrec.sgp4init``'s ``no_kozai``) of a mean orbit.

    SGP4 turns the Kozai mean motion of a two-line element set into a Brouwer mean motion and
    then the Brouwer semi-major axis ``(ke/n'')^(2/3)``. This inverts that step (fixed point on
    SGP4's own ``initl`` formulas with its WGS-84 constants) so that SGP4's mean semi-major axis
    equals ``semi_major_axis_m``: the two propagators then start from the same mean orbit.
    """
    a = np.asarray(semi_major_axis_m, dtype=np.float64)
    e = np.asarray(eccentricity, dtype=np.float64)
    i = np.asarray(inclination_rad, dtype=np.float64)
    re = SGP4_WGS84_RADIUS_KM
    xke = 60.0 / np.sqrt(re**3 / SGP4_WGS84_MU_KM3_PER_S2)
    n_brouwer = xke * (a / 1000.0 / re) ** -1.5
    d1 = 0.75 * SGP4_WGS84_J2 * (3.0 * np.cos(i) ** 2 - 1.0) / (1.0 - e**2) ** 1.5
    n_kozai = n_brouwer.copy()
    for _ in range(30):
        ak = (xke / n_kozai) ** (2.0 / 3.0)
        d = d1 / ak**2
        adel = ak * (1.0 - d * d - d * (1.0 / 3.0 + 134.0 * d * d / 81.0))
        n_kozai = n_brouwer * (1.0 + d1 / adel**2)
    return np.asarray(n_kozai, dtype=np.float64)
