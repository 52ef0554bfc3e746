"""Can a missile fly from its launch point to its aim point? Checks before any flight is computed.

A flight is refused when the aim point is beyond the missile's range, when launch and aim points
coincide, or, for flights in the plane of launch point, aim point and Earth's centre (ballistic,
glide, cruise), when the points are (nearly) antipodal and that plane is undefined. A
fractional-orbital flight chooses its own orbit plane and may go to the antipode.

The distance is the great-circle distance on the mean-radius sphere, the ground distance a
direct route flies (:attr:`opendome.core.cruise.CruiseTrajectories.range_m` for a route of two
waypoints; the range of the ballistic and glide models is the same ground distance).
Status codes and messages follow the trajectory codes' style (:data:`RANGE_MESSAGES`).

The range to compare with, one function per flight model: a ballistic missile's follows from its
burnout speed (:func:`ballistic_range_m`, the minimum-energy range on a non-rotating Earth; the
Earth's rotation lengthens eastward and shortens westward flights, which the flight model
computes and reports as a trajectory status); glide, cruise and fractional-orbital missiles use
the catalog's ``range_m``.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike, NDArray

from opendome.core.constants import EARTH_GM_M3_PER_S2, EARTH_MEAN_RADIUS_M
from opendome.core.earth import unit_vector, vector_angle_rad

RANGE_OK = 0
RANGE_SAME_POINT = 1
RANGE_ANTIPODAL = 2
RANGE_BEYOND = 3

RANGE_MESSAGES = {
    RANGE_OK: "within range",
    RANGE_SAME_POINT: "the aim point is the launch point",
    RANGE_ANTIPODAL: "launch and aim points are antipodal: the plane of flight is undefined",
    RANGE_BEYOND: "the aim point is beyond the missile's range",
}

SAME_POINT_RAD = 1e-5
"""Launch and aim points closer than this central angle (about 64 m) coincide: the ballistic
model's own threshold (:mod:`opendome.core.ballistic`)."""

ANTIPODAL_MARGIN_RAD = math.radians(1.0)
"""Within this central angle of the antipode (111 km) the plane of flight is ill-defined for
in-plane flight models. Notional planning margin: the Earth turns the aim point by up to about
this much during an intercontinental flight, so the exact antipode is not the only bad point."""

IN_PLANE_PROFILES = ("ballistic", "glide", "cruise")
"""Flight profiles that fly in the plane of launch point, aim point and the Earth's centre."""


def ballistic_range_m(burnout_speed_m_per_s: ArrayLike,
                      burnout_altitude_m: ArrayLike) -> NDArray[np.float64]:
    """Minimum-energy ground range of a burnout speed at a burnout altitude (non-rotating Earth).

    With ``Q = v^2 r / mu`` at the burnout radius ``r``, the largest free-flight range angle
    between two points at that radius is ``psi`` with ``sin(psi / 2) = Q / (2 - Q)`` (Bate,
    Mueller & White 1971, ch. 6); ``Q >= 1`` reaches any point. The descent from the burnout
    altitude is not counted (a few percent more range).
    """
    r = EARTH_MEAN_RADIUS_M + np.asarray(burnout_altitude_m, dtype=np.float64)
    q = np.asarray(burnout_speed_m_per_s, dtype=np.float64) ** 2 * r / EARTH_GM_M3_PER_S2
    with np.errstate(divide="ignore", invalid="ignore"):
        psi = 2.0 * np.arcsin(np.clip(q / (2.0 - q), 0.0, 1.0))
    return np.asarray(np.where(q >= 1.0, np.inf, psi * EARTH_MEAN_RADIUS_M), dtype=np.float64)


def flight_distance_m(launch_lat_rad: ArrayLike, launch_lon_rad: ArrayLike,
                      aim_lat_rad: ArrayLike, aim_lon_rad: ArrayLike) -> NDArray[np.float64]:
    """Great-circle ground distance from launch to aim point on the mean-radius sphere."""
    angle = vector_angle_rad(unit_vector(launch_lat_rad, launch_lon_rad),
                             unit_vector(aim_lat_rad, aim_lon_rad))
    return np.asarray(angle * EARTH_MEAN_RADIUS_M, dtype=np.float64)


def range_status(profile: str, max_range_m: ArrayLike, launch_lat_rad: ArrayLike,
                 launch_lon_rad: ArrayLike, aim_lat_rad: ArrayLike,
                 aim_lon_rad: ArrayLike) -> tuple[NDArray[np.int64], NDArray[np.float64]]:
    """Return the range status code and the distance of each flight (inputs broadcast).

    ``max_range_m`` NaN or inf: no range limit.
    """
    distance = flight_distance_m(launch_lat_rad, launch_lon_rad, aim_lat_rad, aim_lon_rad)
    angle = distance / EARTH_MEAN_RADIUS_M
    limit = np.asarray(max_range_m, dtype=np.float64)
    status = np.full(np.broadcast_shapes(distance.shape, limit.shape), RANGE_OK, np.int64)
    status[np.broadcast_to(distance > np.where(np.isnan(limit), np.inf, limit),
                           status.shape)] = RANGE_BEYOND
    if profile in IN_PLANE_PROFILES:
        status[np.broadcast_to(angle > math.pi - ANTIPODAL_MARGIN_RAD, status.shape)] = (
            RANGE_ANTIPODAL)
    status[np.broadcast_to(angle < SAME_POINT_RAD, status.shape)] = RANGE_SAME_POINT
    return status, np.broadcast_to(distance, status.shape).copy()


def range_problem(missile: str, profile: str, max_range_m: float | None,
                  launch_lat_rad: float, launch_lon_rad: float, aim_lat_rad: float,
                  aim_lon_rad: float, basis: str = "catalog range_m") -> str | None:
    """Return what keeps one missile from its aim point, with distance and range, or None.

    ``basis`` says where ``max_range_m`` comes from (shown in the message).
    """
    limit = math.inf if max_range_m is None else max_range_m
    status, distance = range_status(profile, limit, launch_lat_rad, launch_lon_rad,
                                    aim_lat_rad, aim_lon_rad)
    code, km = int(status), float(distance) / 1e3
    if code == RANGE_SAME_POINT:
        return f"{RANGE_MESSAGES[code]}; move the aim point (or the launch point)"
    if code == RANGE_ANTIPODAL:
        return (f"{RANGE_MESSAGES[code]} ({km:,.0f} km apart, within "
                f"{math.degrees(ANTIPODAL_MARGIN_RAD):.0f} deg of the antipode) for a "
                f"{profile} missile; move the aim point")
    if code == RANGE_BEYOND:
        return (f"the aim point is {km:,.0f} km from the launch point, beyond the "
                f"{limit / 1e3:,.0f} km range of '{missile}' ({basis}); move the aim "
                "point closer or choose a longer-range missile")
    return None
