"""Boost-phase engagement geometry: time line, kill-vehicle reach, reach on the sphere.

The time line of a boost-phase shot (docs/design.md, physics orientation): the threat burns for
``burn_time_s``; it is detected ``detection_delay_s`` after launch and the shot is decided
``decision_delay_s`` later; the kill vehicle (KV) then has until burnout to hit.

KV reach after a flight of ``t`` seconds with speed change ``dv`` and acceleration ``a``,
starting at rest relative to its carrier satellite: ``R = a t^2 / 2`` while burning
(``t <= dv/a``), then ``R = dv (t - dv/(2a))``. The KV keeps its carrier's orbital velocity,
so its reach is a sphere of radius ``R(t)`` about where the carrier itself is at time ``t``
(relative gravity over a 100-s flight moves it by a few km, ignored).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from opendome.core.constants import STANDARD_GRAVITY_M_PER_S2
from opendome.core.earth import SPHERE, Geoid, great_circle_destination
from opendome.core.windows import flyout_reach_m

FloatArray = NDArray[np.float64]


def kill_vehicle_reach_m(
    flight_time_s: ArrayLike, delta_v_m_per_s: ArrayLike, accel_m_per_s2: ArrayLike
) -> FloatArray:
    """Distance a KV can cover in ``flight_time_s`` (0 for negative times).

    The fly-out kinematics of docs/design.md (:func:`opendome.core.windows.flyout_reach_m`), with
    the speed change and acceleration checked positive.
    """
    dv = np.asarray(delta_v_m_per_s, dtype=np.float64)
    acc = np.asarray(accel_m_per_s2, dtype=np.float64)
    if np.any(dv <= 0) or np.any(acc <= 0):
        raise ValueError("kill_vehicle_reach_m: delta_v and acceleration must be positive")
    return flyout_reach_m(flight_time_s, dv, acc)


@dataclass(frozen=True)
class KillVehicle:
    """Kinematics of a space-based kill vehicle (SI)."""

    delta_v_m_per_s: float
    accel_m_per_s2: float

    def __post_init__(self) -> None:
        if self.delta_v_m_per_s <= 0 or self.accel_m_per_s2 <= 0:
            raise ValueError(
                "KillVehicle: delta_v_m_per_s and accel_m_per_s2 must be positive, got "
                f"{self.delta_v_m_per_s} and {self.accel_m_per_s2}"
            )

    @classmethod
    def from_km_s_and_g(cls, delta_v_km_s: float, accel_g: float) -> KillVehicle:
        """Build from km/s and multiples of standard gravity."""
        return cls(delta_v_km_s * 1000.0, accel_g * STANDARD_GRAVITY_M_PER_S2)

    def reach_m(self, flight_time_s: ArrayLike) -> FloatArray:
        """Reach after ``flight_time_s`` seconds of flight."""
        return kill_vehicle_reach_m(flight_time_s, self.delta_v_m_per_s, self.accel_m_per_s2)


@dataclass(frozen=True)
class BoostTimeline:
    """Boost window of one threat: burn time and the delays before a KV can be launched."""

    burn_time_s: float
    detection_delay_s: float
    decision_delay_s: float

    def __post_init__(self) -> None:
        if self.burn_time_s <= 0:
            raise ValueError(f"BoostTimeline.burn_time_s must be positive, got {self.burn_time_s}")
        if self.detection_delay_s < 0 or self.decision_delay_s < 0:
            raise ValueError("BoostTimeline: delays must be >= 0")

    @property
    def kv_launch_s(self) -> float:
        """Time after threat launch at which the KV leaves its carrier."""
        return self.detection_delay_s + self.decision_delay_s

    @property
    def time_available_s(self) -> float:
        """KV flight time available before burnout (may be <= 0: no boost-phase shot)."""
        return self.burn_time_s - self.kv_launch_s


def reach_central_angle_rad(
    reach_m: ArrayLike, satellite_radius_m: ArrayLike, target_radius_m: ArrayLike
) -> FloatArray:
    """Largest central angle between carrier and target with 3-D distance within ``reach_m``.

    Law of cosines: ``R^2 = r_s^2 + r_t^2 - 2 r_s r_t cos(theta)``. NaN where the reach does not
    even span the altitude difference (no satellite of that shell can engage).
    """
    big_r = np.asarray(reach_m, dtype=np.float64)
    rs = np.asarray(satellite_radius_m, dtype=np.float64)
    rt = np.asarray(target_radius_m, dtype=np.float64)
    cos_theta = (rs**2 + rt**2 - big_r**2) / (2 * rs * rt)
    with np.errstate(invalid="ignore"):
        theta = np.arccos(np.clip(cos_theta, -1.0, 1.0))
    return np.where(big_r < np.abs(rs - rt), np.nan, theta)


def cap_angle_rad(
    reach_m: ArrayLike,
    orbit_altitude_m: ArrayLike,
    target_altitude_m: ArrayLike,
    earth: Geoid = SPHERE,
) -> FloatArray:
    """Central angle of the cap a kill vehicle of ``reach_m`` covers (NaN: out of reach).

    Orbit and target altitudes are both above ``earth`` (default
    :data:`~opendome.core.earth.SPHERE`, the one datum of the space layer: propagated shells,
    sites and threats), so an orbit 500 km up and a target 200 km up are 300 km apart.
    """
    return reach_central_angle_rad(
        reach_m, earth.radius_m_at(orbit_altitude_m), earth.radius_m_at(target_altitude_m)
    )


@dataclass(frozen=True)
class ReachCap:
    """A kill vehicle's reach in its available time and the cap it covers on a shell."""

    reach_m: float
    cap_angle_rad: float
    """NaN when the reach does not span the height between orbit and target."""

    @property
    def spans(self) -> bool:
        """Whether the reach spans the height difference between orbit and target."""
        return bool(np.isfinite(self.cap_angle_rad))


def reach_cap(
    kill_vehicle: KillVehicle,
    time_available_s: float,
    orbit_altitude_m: float,
    target_altitude_m: float,
) -> ReachCap:
    """Reach of ``kill_vehicle`` after ``time_available_s`` and its cap (:func:`cap_angle_rad`)."""
    reach = float(kill_vehicle.reach_m(time_available_s))
    return ReachCap(reach, float(cap_angle_rad(reach, orbit_altitude_m, target_altitude_m)))


@dataclass(frozen=True)
class BoostProfile:
    """Notional boost trajectory: altitude and ground range grow smoothly to burnout.

    ``altitude(t) = h_bo x^2`` and ``downrange(t) = s_bo x^3`` with ``x = t / burn_time``: a
    vertical rise that pitches over, the shape of a gravity turn. It stands in for the staged
    boost model of the flight-physics work: any ``(n_launch, n_times, 3)`` ECEF trajectory can
    be given to :func:`opendome.space.coverage.engageable_counts` instead.
    """

    burn_time_s: float
    burnout_altitude_m: float
    burnout_downrange_m: float

    def position_ecef_m(
        self,
        launch_lat_rad: ArrayLike,
        launch_lon_rad: ArrayLike,
        azimuth_rad: ArrayLike,
        times_after_launch_s: ArrayLike,
    ) -> FloatArray:
        """Threat positions ``(n_launch, n_times, 3)``, Earth-fixed, on the mean sphere.

        Launch site and azimuth arrays broadcast to ``(n_launch,)``.
        """
        lat, lon, az = np.broadcast_arrays(
            np.atleast_1d(np.asarray(launch_lat_rad, dtype=float)),
            np.atleast_1d(np.asarray(launch_lon_rad, dtype=float)),
            np.atleast_1d(np.asarray(azimuth_rad, dtype=float)),
        )
        t = np.atleast_1d(np.asarray(times_after_launch_s, dtype=float))
        x = np.clip(t / self.burn_time_s, 0.0, 1.0)[None, :]
        h = self.burnout_altitude_m * x**2
        s = self.burnout_downrange_m * x**3
        lat2, lon2 = great_circle_destination(lat[:, None], lon[:, None], az[:, None], s,
                                              radius_m=SPHERE.radius_m)
        return SPHERE.point_m(lat2, lon2, np.broadcast_to(h, lat2.shape))
