"""Cruise missiles: constant speed at tens of metres above the surface, along waypoints.

The ground track follows great circles between waypoints (the first is the launch point, the
last the aim point) at a constant height above the WGS-84 ellipsoid (terrain is not modelled)
and a constant ground speed; subsonic or supersonic is only a matter of the speed. The short
booster phase of a cruise missile (seconds) and the terminal pop-up or dive are not modelled:
the missile flies at cruise height from launch to the aim point. Flat, low flight is what makes
it hard to see: see :func:`opendome.core.sensors.radar_horizon_range_m`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from opendome.core.constants import EARTH_MEAN_RADIUS_M
from opendome.core.earth import geodetic_to_ecef, unit_vector, vector_angle_rad
from opendome.core.trajectory import (
    PHASE_CRUISE,
    PHASE_NONE,
    STATUS_DEGENERATE_GEOMETRY,
    STATUS_OK,
    TrajectoryBatch,
    broadcast_times,
)

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]


@dataclass(frozen=True)
class CruiseTrajectories(TrajectoryBatch):
    """``n`` cruise flights along waypoints ``(n, k)`` (NaN-padded when routes differ)."""

    launch_time_s: FloatArray
    waypoint_directions: FloatArray  # (n, k, 3) unit vectors, NaN-padded
    leg_angles_rad: FloatArray  # (n, k-1), 0 for padding
    cumulative_angles_rad: FloatArray  # (n, k), angle flown at each waypoint
    waypoint_count: IntArray
    speed_m_per_s: FloatArray
    altitude_m: FloatArray
    impact_time_s: FloatArray
    impact_position_ecef_m: FloatArray
    status: IntArray




    @property
    def range_m(self) -> FloatArray:
        """Ground distance flown along the route ``(n,)`` (mean-radius sphere)."""
        return self.cumulative_angles_rad[:, -1] * EARTH_MEAN_RADIUS_M

    def position_ecef_m(self, times_s: ArrayLike) -> FloatArray:
        """Earth-fixed positions ``(n, m, 3)`` at absolute times, NaN outside the flight."""
        n = len(self)
        t = broadcast_times(times_s, n)
        angle = (t - self.launch_time_s[:, None]) * (self.speed_m_per_s / EARTH_MEAN_RADIUS_M)[
            :, None
        ]
        inside = (
            (self.status == STATUS_OK)[:, None]
            & (t >= self.launch_time_s[:, None])
            & (t <= self.impact_time_s[:, None])
        )
        leg = np.empty(t.shape, dtype=np.int64)
        for i in range(n):
            leg[i] = np.searchsorted(self.cumulative_angles_rad[i], angle[i], side="left") - 1
        leg = np.clip(leg, 0, (self.waypoint_count - 2)[:, None])
        rows = np.arange(n)[:, None]
        a = self.waypoint_directions[rows, leg]
        b = self.waypoint_directions[rows, leg + 1]
        omega = self.leg_angles_rad[rows, leg]
        frac = np.clip((angle - self.cumulative_angles_rad[rows, leg]) / omega, 0.0, 1.0)
        with np.errstate(invalid="ignore", divide="ignore"):
            s = np.sin(omega)
            wa = np.where(s > 0, np.sin((1.0 - frac) * omega) / s, 1.0 - frac)
            wb = np.where(s > 0, np.sin(frac * omega) / s, frac)
        d = wa[..., None] * a + wb[..., None] * b
        lat = np.arctan2(d[..., 2], np.hypot(d[..., 0], d[..., 1]))
        lon = np.arctan2(d[..., 1], d[..., 0])
        p = geodetic_to_ecef(lat, lon, np.broadcast_to(self.altitude_m[:, None], lat.shape))
        return np.where(inside[..., None], p, np.nan)

    def phase(self, times_s: ArrayLike) -> IntArray:
        """Phase codes ``(n, m)``: cruise from launch to impact."""
        t = broadcast_times(times_s, len(self))
        inside = (
            (self.status == STATUS_OK)[:, None]
            & (t >= self.launch_time_s[:, None])
            & (t <= self.impact_time_s[:, None])
        )
        return np.where(inside, PHASE_CRUISE, PHASE_NONE).astype(np.int64)


def cruise_trajectory(
    waypoint_latitudes_rad: ArrayLike,
    waypoint_longitudes_rad: ArrayLike,
    *,
    speed_m_per_s: ArrayLike,
    altitude_m: ArrayLike,
    launch_time_s: ArrayLike = 0.0,
) -> CruiseTrajectories:
    """Fly ``n`` cruise missiles along waypoints ``(n, k)`` or ``(k,)`` (launch first, aim last).

    Shorter routes are padded at the end with NaN. Speed and height broadcast to ``(n,)``.
    """
    lat = np.atleast_2d(np.asarray(waypoint_latitudes_rad, dtype=np.float64))
    lon = np.atleast_2d(np.asarray(waypoint_longitudes_rad, dtype=np.float64))
    lat, lon = np.broadcast_arrays(lat, lon)
    n0 = int(np.broadcast(np.empty(lat.shape[0]), np.asarray(speed_m_per_s),
                          np.asarray(altitude_m), np.asarray(launch_time_s)).size)
    lat = np.broadcast_to(lat, (n0, lat.shape[1]))
    lon = np.broadcast_to(lon, (n0, lon.shape[1]))
    n, k = lat.shape
    if k < 2:
        raise ValueError("cruise_trajectory: give at least two waypoints (launch and aim)")
    speed = np.broadcast_to(np.asarray(speed_m_per_s, dtype=np.float64), (n,)).copy()
    alt = np.broadcast_to(np.asarray(altitude_m, dtype=np.float64), (n,)).copy()
    t0 = np.broadcast_to(np.asarray(launch_time_s, dtype=np.float64), (n,)).copy()
    if np.any(~(speed > 0)):
        raise ValueError("cruise_trajectory: speed_m_per_s must be positive")
    valid = np.isfinite(lat) & np.isfinite(lon)
    count = valid.sum(axis=1)
    if np.any(valid[:, 1:] & ~valid[:, :-1]) or np.any(count < 2):
        raise ValueError(
            "cruise_trajectory: every route needs at least two waypoints, NaN padding only at "
            "the end"
        )
    d = unit_vector(np.where(valid, lat, 0.0), np.where(valid, lon, 0.0))
    # padding repeats the last waypoint, so padded legs have zero length
    last = count - 1
    rows = np.arange(n)
    fill = d[rows, last]
    d = np.where(valid[..., None], d, fill[:, None, :])
    legs = vector_angle_rad(d[:, :-1], d[:, 1:])
    cum = np.concatenate([np.zeros((n, 1)), np.cumsum(legs, axis=1)], axis=1)
    total = cum[:, -1]
    status = np.where(total > 0, STATUS_OK, STATUS_DEGENERATE_GEOMETRY).astype(np.int64)
    t_imp = t0 + total * EARTH_MEAN_RADIUS_M / speed
    aim_lat = lat[rows, last]
    aim_lon = lon[rows, last]
    return CruiseTrajectories(
        launch_time_s=t0,
        waypoint_directions=d,
        leg_angles_rad=legs,
        cumulative_angles_rad=cum,
        waypoint_count=count.astype(np.int64),
        speed_m_per_s=speed,
        altitude_m=alt,
        impact_time_s=np.where(status == STATUS_OK, t_imp, np.nan),
        impact_position_ecef_m=geodetic_to_ecef(aim_lat, aim_lon, 0.0),
        status=status,
    )
