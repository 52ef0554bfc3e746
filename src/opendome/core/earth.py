"""The Earth: one model, two figures (WGS-84 ellipsoid, mean sphere), frames, great circles.

Earth models (after Skyfield's ``wgs84`` / ``Geoid``)
    :data:`WGS84` is the ellipsoid of the flight physics: geodetic latitude, height above the
    ellipsoid. :data:`SPHERE` is the planning-level sphere of the space layer (radius
    :data:`~opendome.core.constants.EARTH_MEAN_RADIUS_M`): geocentric latitude, height above the
    sphere. Both answer ``point_m(lat, lon, height)``, ``height_m(position)``,
    ``latlon_rad(position)`` and ``radius_m_at(height)`` (numba twins in
    :mod:`opendome.core.earth_kernels`), so every altitude names its datum by the
    model that made it, and only this module adds a height to an Earth radius. Every altitude
    of the space layer -- constellation shells ("an orbit h up" has radius
    ``SPHERE.radius_m_at(h)``), ground sites, threat positions and reach caps -- is above
    :data:`SPHERE`, so an orbit 500 km up and a target 200 km up are 300 km apart radially.

Frames
    ECEF: Earth-centred, Earth-fixed (WGS-84), metres.
    ECI: Earth-centred inertial frame whose x axis coincides with the ECEF x axis when the Earth
    rotation angle is zero; the angle grows at the WGS-84 rate, ``theta = theta0 + omega t``.
    Precession, nutation and polar motion are ignored (planning level: under 1 km over years,
    nothing over the hour of a missile flight). Pass Greenwich sidereal time as ``theta0`` to
    align it with a true-of-date frame.

Everything is vectorized: leading axes are objects/times (they broadcast), xyz last. Angles in
radians, lengths in metres, times in seconds.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from opendome.core.constants import (
    EARTH_EQUATORIAL_RADIUS_M,
    EARTH_FLATTENING,
    EARTH_MEAN_RADIUS_M,
    EARTH_ROTATION_RAD_PER_S,
)

FloatArray = NDArray[np.float64]

A_M = EARTH_EQUATORIAL_RADIUS_M
"""WGS-84 semi-major axis, m."""
B_M = A_M * (1.0 - EARTH_FLATTENING)
"""WGS-84 semi-minor axis, m."""
E2 = EARTH_FLATTENING * (2.0 - EARTH_FLATTENING)
"""First eccentricity squared."""
EP2 = E2 / (1.0 - E2)
"""Second eccentricity squared."""


def _f(x: ArrayLike) -> FloatArray:
    return np.asarray(x, dtype=np.float64)


def geodetic_to_ecef(
    latitude_rad: ArrayLike, longitude_rad: ArrayLike, altitude_m: ArrayLike = 0.0
) -> FloatArray:
    """Return ECEF positions ``(..., 3)`` of geodetic latitude, longitude and ellipsoidal height."""
    lat, lon, h = np.broadcast_arrays(_f(latitude_rad), _f(longitude_rad), _f(altitude_m))
    sl, cl = np.sin(lat), np.cos(lat)
    n = A_M / np.sqrt(1.0 - E2 * sl * sl)
    out = np.empty(lat.shape + (3,))
    out[..., 0] = (n + h) * cl * np.cos(lon)
    out[..., 1] = (n + h) * cl * np.sin(lon)
    out[..., 2] = (n * (1.0 - E2) + h) * sl
    return out


def ecef_to_geodetic(position_ecef_m: ArrayLike) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Return geodetic ``(latitude_rad, longitude_rad, altitude_m)`` of ECEF positions ``(..., 3)``.

    Closed form of Heikkinen (1982) as given by Zhu (1994), exact to well under a millimetre from
    the surface to beyond geostationary altitude; valid at the poles and on the equator.
    """
    p3 = _f(position_ecef_m)
    x, y, z = p3[..., 0], p3[..., 1], p3[..., 2]
    p = np.hypot(x, y)
    z2 = z * z
    f_ = 54.0 * B_M * B_M * z2
    g = p * p + (1.0 - E2) * z2 - E2 * (A_M * A_M - B_M * B_M)
    c = E2 * E2 * f_ * p * p / (g * g * g)
    s = np.cbrt(1.0 + c + np.sqrt(c * c + 2.0 * c))
    k = s + 1.0 + 1.0 / s
    pp = f_ / (3.0 * k * k * g * g)
    q = np.sqrt(1.0 + 2.0 * E2 * E2 * pp)
    r0 = -pp * E2 * p / (1.0 + q) + np.sqrt(
        np.maximum(
            0.5 * A_M * A_M * (1.0 + 1.0 / q)
            - pp * (1.0 - E2) * z2 / (q * (1.0 + q))
            - 0.5 * pp * p * p,
            0.0,
        )
    )
    u = np.hypot(p - E2 * r0, z)
    v = np.sqrt((p - E2 * r0) ** 2 + (1.0 - E2) * z2)
    z0 = B_M * B_M * z / (A_M * v)
    h = u * (1.0 - B_M * B_M / (A_M * v))
    lat = np.arctan2(z + EP2 * z0, p)
    lon = np.arctan2(y, x)
    return lat, lon, h


def surface_radius_m(direction: ArrayLike) -> FloatArray:
    """Geocentric radius of the ellipsoid surface along directions ``(..., 3)`` (any length)."""
    d = _f(direction)
    r2 = np.sum(d * d, axis=-1)
    rho2 = d[..., 0] ** 2 + d[..., 1] ** 2
    return 1.0 / np.sqrt(rho2 / (r2 * A_M * A_M) + d[..., 2] ** 2 / (r2 * B_M * B_M))


def radial_altitude_m(position_ecef_m: ArrayLike) -> FloatArray:
    """Height above the ellipsoid measured along the geocentric radius, ``|r| - r_surface``.

    Cheap and smooth; it differs from the geodetic height by under 1 m below 100 km altitude
    (the angle between radius and normal is under 0.2 deg). Used inside the dynamics (air
    density, ground impact); report geodetic heights with :func:`ecef_to_geodetic`.
    """
    p = _f(position_ecef_m)
    return np.linalg.norm(p, axis=-1) - surface_radius_m(p)


def earth_rotation_angle_rad(
    time_s: ArrayLike,
    theta0_rad: float = 0.0,
    rotation_rad_per_s: float = EARTH_ROTATION_RAD_PER_S,
) -> FloatArray:
    """Angle from the ECI x axis to the ECEF x axis at ``time_s`` (``theta0 + omega t``)."""
    return theta0_rad + rotation_rad_per_s * _f(time_s)


def rotate_z(v: ArrayLike, angle_rad: ArrayLike) -> FloatArray:
    """Rotate vectors ``(..., 3)`` by ``angle_rad`` about z (positive: counter-clockwise).

    The one rotation of the package: ECEF -> ECI is ``rotate_z(r, theta)``, ECI -> ECEF is
    ``rotate_z(r, -theta)`` with ``theta`` from :func:`earth_rotation_angle_rad`. The angle
    broadcasts against the leading axes. Its numba twins (one vector, one state) are in
    :mod:`opendome.core.earth_kernels`.
    """
    return _rotate_z(_f(v), _f(angle_rad))


def _rotate_z(v: FloatArray, angle: FloatArray) -> FloatArray:
    c, s = np.cos(angle), np.sin(angle)
    out = np.empty(np.broadcast_shapes(v.shape, angle.shape + (3,)))
    out[..., 0] = c * v[..., 0] - s * v[..., 1]
    out[..., 1] = s * v[..., 0] + c * v[..., 1]
    out[..., 2] = v[..., 2]
    return out


def ecef_to_eci(
    position_ecef_m: ArrayLike,
    time_s: ArrayLike,
    velocity_ecef_m_per_s: ArrayLike | None = None,
    theta0_rad: float = 0.0,
    rotation_rad_per_s: float = EARTH_ROTATION_RAD_PER_S,
) -> tuple[FloatArray, FloatArray | None]:
    """Return ECI ``(position, velocity)`` of ECEF states at ``time_s`` (broadcast on leading axes).

    The inertial velocity includes the transport term ``omega x r``. ``velocity`` is None when no
    ECEF velocity is given.
    """
    r = _f(position_ecef_m)
    th = earth_rotation_angle_rad(time_s, theta0_rad, rotation_rad_per_s)
    r_eci = _rotate_z(r, th)
    if velocity_ecef_m_per_s is None:
        return r_eci, None
    v = _f(velocity_ecef_m_per_s)
    w = np.array([0.0, 0.0, rotation_rad_per_s])
    return r_eci, _rotate_z(v + np.cross(w, r), th)


def eci_to_ecef(
    position_eci_m: ArrayLike,
    time_s: ArrayLike,
    velocity_eci_m_per_s: ArrayLike | None = None,
    theta0_rad: float = 0.0,
    rotation_rad_per_s: float = EARTH_ROTATION_RAD_PER_S,
) -> tuple[FloatArray, FloatArray | None]:
    """Inverse of :func:`ecef_to_eci`: Earth-fixed ``(position, velocity)`` of inertial states."""
    th = -earth_rotation_angle_rad(time_s, theta0_rad, rotation_rad_per_s)
    r = _rotate_z(_f(position_eci_m), th)
    if velocity_eci_m_per_s is None:
        return r, None
    w = np.array([0.0, 0.0, rotation_rad_per_s])
    return r, _rotate_z(_f(velocity_eci_m_per_s), th) - np.cross(w, r)


def enu_basis(latitude_rad: ArrayLike, longitude_rad: ArrayLike) -> FloatArray:
    """Return local east, north, up unit vectors as rows of ``(..., 3, 3)`` (geodetic normal)."""
    lat, lon = np.broadcast_arrays(_f(latitude_rad), _f(longitude_rad))
    sl, cl, so, co = np.sin(lat), np.cos(lat), np.sin(lon), np.cos(lon)
    out = np.empty(lat.shape + (3, 3))
    out[..., 0, :] = np.stack([-so, co, np.zeros_like(lat)], axis=-1)
    out[..., 1, :] = np.stack([-sl * co, -sl * so, cl], axis=-1)
    out[..., 2, :] = np.stack([cl * co, cl * so, sl], axis=-1)
    return out


def azimuth_elevation_range(
    observer_ecef_m: ArrayLike, target_ecef_m: ArrayLike
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Return geometric ``(azimuth_rad, elevation_rad, range_m)`` of targets seen from observers.

    Azimuth from north through east in [0, 2 pi), elevation above the observer's geodetic horizon
    (no refraction). Shapes ``(..., 3)`` broadcast.
    """
    obs = _f(observer_ecef_m)
    lat, lon, _ = ecef_to_geodetic(obs)
    basis = enu_basis(lat, lon)
    d = _f(target_ecef_m) - obs
    e = np.sum(basis[..., 0, :] * d, axis=-1)
    n = np.sum(basis[..., 1, :] * d, axis=-1)
    u = np.sum(basis[..., 2, :] * d, axis=-1)
    rng = np.sqrt(e * e + n * n + u * u)
    az = np.mod(np.arctan2(e, n), 2.0 * np.pi)
    el = np.arctan2(u, np.hypot(e, n))
    return az, el, rng


# --- great circles on a sphere --------------------------------------------------------------


def unit_vector(latitude_rad: ArrayLike, longitude_rad: ArrayLike) -> FloatArray:
    """Return unit vectors ``(..., 3)`` pointing at (spherical) latitude and longitude."""
    lat, lon = np.broadcast_arrays(_f(latitude_rad), _f(longitude_rad))
    cl = np.cos(lat)
    return np.stack([cl * np.cos(lon), cl * np.sin(lon), np.sin(lat)], axis=-1)


def vector_angle_rad(a: ArrayLike, b: ArrayLike) -> FloatArray:
    """Angle between vectors ``(..., 3)``, accurate at all angles (atan2 of cross and dot)."""
    a_, b_ = _f(a), _f(b)
    return np.arctan2(np.linalg.norm(np.cross(a_, b_), axis=-1), np.sum(a_ * b_, axis=-1))


def great_circle_angle_rad(
    lat1_rad: ArrayLike, lon1_rad: ArrayLike, lat2_rad: ArrayLike, lon2_rad: ArrayLike
) -> FloatArray:
    """Central angle between two points on a sphere (Vincenty's special case, all angles)."""
    lat1, lon1, lat2, lon2 = (_f(v) for v in (lat1_rad, lon1_rad, lat2_rad, lon2_rad))
    dlon = lon2 - lon1
    s1, c1, s2, c2 = np.sin(lat1), np.cos(lat1), np.sin(lat2), np.cos(lat2)
    num = np.hypot(c2 * np.sin(dlon), c1 * s2 - s1 * c2 * np.cos(dlon))
    return np.arctan2(num, s1 * s2 + c1 * c2 * np.cos(dlon))


def great_circle_distance_m(
    lat1_rad: ArrayLike,
    lon1_rad: ArrayLike,
    lat2_rad: ArrayLike,
    lon2_rad: ArrayLike,
    radius_m: float = EARTH_MEAN_RADIUS_M,
) -> FloatArray:
    """Great-circle distance on a sphere (default: WGS-84 mean radius)."""
    return radius_m * great_circle_angle_rad(lat1_rad, lon1_rad, lat2_rad, lon2_rad)


def initial_azimuth_rad(
    lat1_rad: ArrayLike, lon1_rad: ArrayLike, lat2_rad: ArrayLike, lon2_rad: ArrayLike
) -> FloatArray:
    """Azimuth (from north, clockwise, in [0, 2 pi)) at point 1 of the great circle to point 2."""
    lat1, lon1, lat2, lon2 = (_f(v) for v in (lat1_rad, lon1_rad, lat2_rad, lon2_rad))
    dlon = lon2 - lon1
    y = np.sin(dlon) * np.cos(lat2)
    x = np.cos(lat1) * np.sin(lat2) - np.sin(lat1) * np.cos(lat2) * np.cos(dlon)
    return np.mod(np.arctan2(y, x), 2.0 * np.pi)


def great_circle_destination(
    lat_rad: ArrayLike,
    lon_rad: ArrayLike,
    azimuth_rad: ArrayLike,
    distance_m: ArrayLike,
    radius_m: float = EARTH_MEAN_RADIUS_M,
) -> tuple[FloatArray, FloatArray]:
    """Point reached from ``(lat, lon)`` along ``azimuth`` after ``distance`` on a sphere."""
    lat, lon, az = _f(lat_rad), _f(lon_rad), _f(azimuth_rad)
    d = _f(distance_m) / radius_m
    lat2 = np.arcsin(np.clip(np.sin(lat) * np.cos(d) + np.cos(lat) * np.sin(d) * np.cos(az), -1, 1))
    lon2 = lon + np.arctan2(
        np.sin(az) * np.sin(d) * np.cos(lat), np.cos(d) - np.sin(lat) * np.sin(lat2)
    )
    return lat2, np.mod(lon2 + np.pi, 2.0 * np.pi) - np.pi


def ground_angle_rad(position_a_m: ArrayLike, position_b_m: ArrayLike) -> FloatArray:
    """Geocentric angle between the sub-points of two positions ``(..., 3)`` (any frame)."""
    return vector_angle_rad(position_a_m, position_b_m)


def ground_range_m(
    position_a_m: ArrayLike, position_b_m: ArrayLike, radius_m: float = EARTH_MEAN_RADIUS_M
) -> FloatArray:
    """Great-circle ground distance between the sub-points of two positions (mean-radius sphere)."""
    return radius_m * ground_angle_rad(position_a_m, position_b_m)


# --- the Earth models ---------------------------------------------------------------------


@dataclass(frozen=True)
class Geoid:
    """An Earth figure: an ellipsoid of revolution (a sphere when ``flattening`` is 0).

    Methods take and return arrays (leading axes broadcast, xyz last); angles in radians,
    lengths in metres, positions Earth-fixed (ECEF). Latitudes are geodetic on an ellipsoid and
    geocentric on a sphere (the same thing there).
    """

    name: str
    radius_m: float
    """Equatorial radius (the radius, for a sphere)."""
    flattening: float = 0.0

    @property
    def is_sphere(self) -> bool:
        """Whether this figure is a sphere."""
        return self.flattening == 0.0

    def point_m(
        self, latitude_rad: ArrayLike, longitude_rad: ArrayLike, height_m: ArrayLike = 0.0
    ) -> FloatArray:
        """ECEF position ``(..., 3)`` of latitude, longitude and height above this figure."""
        if not self.is_sphere:
            return geodetic_to_ecef(latitude_rad, longitude_rad, height_m)
        lat, lon, h = np.broadcast_arrays(_f(latitude_rad), _f(longitude_rad), _f(height_m))
        return unit_vector(lat, lon) * (self.radius_m + h)[..., None]

    def latlon_rad(self, position_ecef_m: ArrayLike) -> tuple[FloatArray, FloatArray]:
        """Latitude and longitude (radians) of ECEF positions ``(..., 3)``."""
        lat, lon, _ = self.latlon_height(position_ecef_m)
        return lat, lon

    def height_m(self, position_ecef_m: ArrayLike) -> FloatArray:
        """Height of ECEF positions ``(..., 3)`` above this figure."""
        return self.latlon_height(position_ecef_m)[2]

    def latlon_height(
        self, position_ecef_m: ArrayLike
    ) -> tuple[FloatArray, FloatArray, FloatArray]:
        """``(latitude_rad, longitude_rad, height_m)`` of ECEF positions ``(..., 3)``."""
        if not self.is_sphere:
            return ecef_to_geodetic(position_ecef_m)
        v = _f(position_ecef_m)
        lat = np.arctan2(v[..., 2], np.hypot(v[..., 0], v[..., 1]))
        lon = np.arctan2(v[..., 1], v[..., 0])
        return lat, lon, np.linalg.norm(v, axis=-1) - self.radius_m

    def radius_m_at(self, height_m: ArrayLike, latitude_rad: ArrayLike = 0.0) -> FloatArray:
        """Geocentric distance of a point ``height_m`` above this figure at ``latitude_rad``.

        On the sphere the latitude does not matter; on the ellipsoid the height is taken along
        the normal (exact for the geodetic height).
        """
        if self.is_sphere:
            return self.radius_m + _f(height_m)
        return np.linalg.norm(self.point_m(latitude_rad, 0.0, height_m), axis=-1)

    def height_m_at_radius(self, radius_m: ArrayLike) -> FloatArray:
        """Height above the sphere of a geocentric distance ``radius_m`` (sphere only)."""
        if not self.is_sphere:
            raise ValueError(f"{self.name}: a height from a radius alone needs a sphere")
        return _f(radius_m) - self.radius_m

    def central_angle_rad(self, distance_m: ArrayLike) -> FloatArray:
        """Central angle of a great-circle ``distance_m`` on the surface (sphere only)."""
        if not self.is_sphere:
            raise ValueError(f"{self.name}: great-circle angles are defined on a sphere")
        return _f(distance_m) / self.radius_m


WGS84 = Geoid("WGS-84", EARTH_EQUATORIAL_RADIUS_M, EARTH_FLATTENING)
"""The WGS-84 ellipsoid (NGA TR8350.2): the flight physics, sensors, geodetic heights."""

SPHERE = Geoid("mean sphere", EARTH_MEAN_RADIUS_M)
"""The sphere of the space layer, radius IUGG mean radius R1 (Moritz 2000), and the one datum of
its altitudes: constellation shells (orbit altitude = semi-major axis minus this radius), ground
sites, threat positions and caps. Latitude error against WGS-84 under 0.2 deg, radius error under
15 km, negligible beside kill-vehicle reaches of hundreds of km. (The usual convention for orbit
altitude, above the equatorial radius, would put orbits 7.1 km higher than sites of the same
nominal height; one datum keeps "300 km apart" exact.)"""
