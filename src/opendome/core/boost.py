"""Boost phase from catalog parameters: burn time, burnout altitude and burnout velocity.

A kinematic model (planning level; no thrust or mass data needed). Relative to the rotating
Earth, the booster leaves the launch point ``p0`` vertically at rest and reaches the burnout
point with the Earth-relative burnout velocity ``v`` after ``T`` seconds::

    p(tau) = p0 + (T v / 3) tau^3 + lift (3 tau^2 - 2 tau^3) up0,      tau = (t - t_launch) / T
    dp/dt  = v tau^2 + (6 lift / T) (tau - tau^2) up0

the cubic Hermite curve with zero initial velocity, initial acceleration along the local
vertical ``up0`` and the final state exactly matching burnout (so free flight continues
smoothly). Along the burnout velocity the acceleration grows linearly with time, as for a rocket
whose mass falls while its thrust holds. ``lift >= 0`` is set so that the burnout point is at the
catalog burnout altitude; when that altitude is lower than the straight climb ``T v_up / 3``
allows (a steep, lofted burnout), ``lift`` is 0 and the burnout altitude comes out higher than the
catalog value (reported in the trajectory's burnout state).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from opendome.core.earth import ecef_to_geodetic

FloatArray = NDArray[np.float64]


def burnout_position(
    launch_ecef_m: ArrayLike,
    launch_up: ArrayLike,
    burnout_velocity_ecef_m_per_s: ArrayLike,
    burn_time_s: ArrayLike,
    burnout_altitude_m: ArrayLike,
) -> tuple[FloatArray, FloatArray]:
    """Return ``(burnout_position_ecef_m (n, 3), lift_m (n,))`` of the boost model."""
    p0 = np.asarray(launch_ecef_m, dtype=np.float64)
    up = np.asarray(launch_up, dtype=np.float64)
    v = np.asarray(burnout_velocity_ecef_m_per_s, dtype=np.float64)
    t = np.asarray(burn_time_s, dtype=np.float64)[..., None]
    h = np.asarray(burnout_altitude_m, dtype=np.float64)
    base = p0 + t * v / 3.0
    lift = h - ecef_to_geodetic(base)[2]
    for _ in range(4):
        p = base + lift[..., None] * up
        cos_up = np.sum(up * p, axis=-1) / np.linalg.norm(p, axis=-1)
        lift = lift + (h - ecef_to_geodetic(p)[2]) / cos_up
    lift = np.maximum(lift, 0.0)
    return base + lift[..., None] * up, lift


def boost_state(
    tau: ArrayLike,
    launch_ecef_m: ArrayLike,
    launch_up: ArrayLike,
    burnout_velocity_ecef_m_per_s: ArrayLike,
    burn_time_s: ArrayLike,
    lift_m: ArrayLike,
) -> tuple[FloatArray, FloatArray]:
    """ECEF ``(position, velocity)`` at burn fraction ``tau`` ``(n, m)``; parameters ``(n, ...)``.

    ``tau`` outside [0, 1] is not clipped (callers mask it).
    """
    s = np.asarray(tau, dtype=np.float64)[..., None]
    p0 = np.asarray(launch_ecef_m, dtype=np.float64)[:, None, :]
    up = np.asarray(launch_up, dtype=np.float64)[:, None, :]
    v = np.asarray(burnout_velocity_ecef_m_per_s, dtype=np.float64)[:, None, :]
    t = np.asarray(burn_time_s, dtype=np.float64)[:, None, None]
    lift = np.asarray(lift_m, dtype=np.float64)[:, None, None]
    pos = p0 + (t * v / 3.0) * s**3 + lift * (3.0 * s**2 - 2.0 * s**3) * up
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = np.where(t > 0.0, 6.0 * lift / t, 0.0)
    vel = v * s**2 + rate * (s - s**2) * up
    return pos, vel
