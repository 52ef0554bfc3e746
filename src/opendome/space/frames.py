"""Small frame helpers of the space layer, on a spherical Earth.

The space layer works with geocentric latitudes and a spherical Earth of mean radius
(:data:`opendome.core.constants.EARTH_MEAN_RADIUS_M`) for sites on the ground; orbits are given
by their semi-major axis (altitude above the equatorial radius, the usual convention for
constellation shells). The WGS-84 ellipsoid frames live in ``core/earth.py``; this module is the
planning-level approximation the coverage formulas use (latitude error under 0.2 deg, radius
error under 15 km, both negligible beside kill-vehicle reaches of hundreds of km).

Axis convention: leading axes are objects/times, xyz last. Angles in radians.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from opendome.core.constants import EARTH_MEAN_RADIUS_M, EARTH_ROTATION_RAD_PER_S

FloatArray = NDArray[np.float64]


def earth_rotation_angle_rad(times_s: ArrayLike, gmst0_rad: float = 0.0) -> FloatArray:
    """Angle of the Earth-fixed x axis from the inertial x axis at ``times_s`` after the epoch.

    ``gmst0_rad`` is the angle at the epoch (Greenwich mean sidereal time); the Earth turns at
    the WGS-84 rate. Precession, nutation and polar motion are ignored (planning level).
    """
    return gmst0_rad + EARTH_ROTATION_RAD_PER_S * np.asarray(times_s, dtype=np.float64)


def eci_to_ecef(position_eci_m: ArrayLike, rotation_angle_rad: ArrayLike) -> FloatArray:
    """Rotate inertial vectors ``(..., 3)`` into the Earth-fixed frame.

    ``rotation_angle_rad`` broadcasts against the leading axes of ``position_eci_m``.
    """
    p = np.asarray(position_eci_m, dtype=np.float64)
    th = np.asarray(rotation_angle_rad, dtype=np.float64)
    c, s = np.cos(th), np.sin(th)
    out = np.empty(np.broadcast_shapes(p.shape, th.shape + (3,)), dtype=np.float64)
    out[..., 0] = c * p[..., 0] + s * p[..., 1]
    out[..., 1] = -s * p[..., 0] + c * p[..., 1]
    out[..., 2] = p[..., 2]
    return out


def ecef_to_eci(position_ecef_m: ArrayLike, rotation_angle_rad: ArrayLike) -> FloatArray:
    """Inverse of :func:`eci_to_ecef`."""
    return eci_to_ecef(position_ecef_m, -np.asarray(rotation_angle_rad, dtype=np.float64))


def unit_vector(lat_rad: ArrayLike, lon_rad: ArrayLike) -> FloatArray:
    """Return the unit vector ``(..., 3)`` of geocentric latitude and longitude."""
    lat = np.asarray(lat_rad, dtype=np.float64)
    lon = np.asarray(lon_rad, dtype=np.float64)
    lat, lon = np.broadcast_arrays(lat, lon)
    cl = np.cos(lat)
    return np.stack([cl * np.cos(lon), cl * np.sin(lon), np.sin(lat)], axis=-1)


def sphere_point_m(
    lat_rad: ArrayLike, lon_rad: ArrayLike, altitude_m: ArrayLike = 0.0
) -> FloatArray:
    """Point ``(..., 3)`` at ``altitude_m`` above the mean-radius sphere, Earth-fixed frame."""
    r = EARTH_MEAN_RADIUS_M + np.asarray(altitude_m, dtype=np.float64)
    return unit_vector(lat_rad, lon_rad) * r[..., None]


def latlon(vector: ArrayLike) -> tuple[FloatArray, FloatArray]:
    """Geocentric latitude and longitude (radians) of vectors ``(..., 3)``."""
    v = np.asarray(vector, dtype=np.float64)
    lat = np.arctan2(v[..., 2], np.hypot(v[..., 0], v[..., 1]))
    lon = np.arctan2(v[..., 1], v[..., 0])
    return lat, lon


def central_angle_rad(
    lat1_rad: ArrayLike, lon1_rad: ArrayLike, lat2_rad: ArrayLike, lon2_rad: ArrayLike
) -> FloatArray:
    """Great-circle angle between two points (haversine form, exact for small angles)."""
    lat1, lon1 = np.asarray(lat1_rad, dtype=float), np.asarray(lon1_rad, dtype=float)
    lat2, lon2 = np.asarray(lat2_rad, dtype=float), np.asarray(lon2_rad, dtype=float)
    h = np.sin((lat2 - lat1) / 2) ** 2
    h = h + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return 2.0 * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))


def initial_azimuth_rad(
    lat1_rad: ArrayLike, lon1_rad: ArrayLike, lat2_rad: ArrayLike, lon2_rad: ArrayLike
) -> FloatArray:
    """Return the initial great-circle azimuth (from north, eastward) from point 1 to 2."""
    lat1, lon1 = np.asarray(lat1_rad, dtype=float), np.asarray(lon1_rad, dtype=float)
    lat2, lon2 = np.asarray(lat2_rad, dtype=float), np.asarray(lon2_rad, dtype=float)
    dlon = lon2 - lon1
    y = np.sin(dlon) * np.cos(lat2)
    x = np.cos(lat1) * np.sin(lat2) - np.sin(lat1) * np.cos(lat2) * np.cos(dlon)
    return np.mod(np.arctan2(y, x), 2 * np.pi)


def destination(
    lat_rad: ArrayLike, lon_rad: ArrayLike, azimuth_rad: ArrayLike, angle_rad: ArrayLike
) -> tuple[FloatArray, FloatArray]:
    """Point reached from ``(lat, lon)`` along a great circle of initial ``azimuth``."""
    lat = np.asarray(lat_rad, dtype=float)
    lon = np.asarray(lon_rad, dtype=float)
    az = np.asarray(azimuth_rad, dtype=float)
    d = np.asarray(angle_rad, dtype=float)
    sin_lat2 = np.sin(lat) * np.cos(d) + np.cos(lat) * np.sin(d) * np.cos(az)
    lat2 = np.arcsin(np.clip(sin_lat2, -1.0, 1.0))
    lon2 = lon + np.arctan2(
        np.sin(az) * np.sin(d) * np.cos(lat), np.cos(d) - np.sin(lat) * sin_lat2
    )
    return lat2, np.mod(lon2 + np.pi, 2 * np.pi) - np.pi
