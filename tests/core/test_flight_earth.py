"""WGS-84 frames and great circles, checked against pymap3d (an independent implementation)."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import numpy as np
import pymap3d
import pymap3d.vincenty
import pytest
from pymap3d.sidereal import greenwichsrt, juliandate

from opendome.core.earth import (
    azimuth_elevation_range,
    ecef_to_eci,
    ecef_to_geodetic,
    eci_to_ecef,
    geodetic_to_ecef,
    great_circle_destination,
    great_circle_distance_m,
    initial_azimuth_rad,
    radial_altitude_m,
)

MILLIMETRE = 1e-3
RNG = np.random.default_rng(20260522)
LAT = np.concatenate([RNG.uniform(-90, 90, 300), [90.0, -90.0, 0.0, 45.0]])
LON = np.concatenate([RNG.uniform(-180, 180, 300), [0.0, 123.0, -180.0, 90.0]])
ALT = np.concatenate([RNG.uniform(-1e3, 4e7, 300), [0.0, 1e6, 3.6e7, -500.0]])
SPHERE = pymap3d.Ellipsoid(6371008.8, 6371008.8, "sphere")


def test_geodetic_to_ecef_matches_pymap3d() -> None:
    ours = geodetic_to_ecef(np.radians(LAT), np.radians(LON), ALT)
    x, y, z = pymap3d.geodetic2ecef(LAT, LON, ALT)
    np.testing.assert_allclose(ours, np.stack([x, y, z], axis=-1), atol=MILLIMETRE, rtol=0)


def test_ecef_to_geodetic_inverts_pymap3d_to_a_millimetre() -> None:
    x, y, z = pymap3d.geodetic2ecef(LAT, LON, ALT)
    lat, lon, alt = ecef_to_geodetic(np.stack([x, y, z], axis=-1))
    # against the geodetic coordinates pymap3d turned into these positions, at every altitude
    np.testing.assert_allclose(alt, ALT, atol=MILLIMETRE, rtol=0)
    np.testing.assert_allclose(np.degrees(lat), LAT, atol=np.degrees(1e-10), rtol=0)
    not_pole = np.abs(LAT) < 89.9999
    dlon = np.angle(np.exp(1j * (lon - np.radians(LON))))
    assert np.all(np.abs(dlon[not_pole]) < 1e-10)
    # and against pymap3d's own inverse where it is exact (it drifts by 1e-4 deg at 40,000 km)
    low = ALT < 1e6
    ref_lat, _, ref_alt = pymap3d.ecef2geodetic(x[low], y[low], z[low])
    np.testing.assert_allclose(alt[low], ref_alt, atol=MILLIMETRE, rtol=0)
    np.testing.assert_allclose(np.degrees(lat[low]), ref_lat, atol=np.degrees(1e-9), rtol=0)


def test_radial_altitude_is_geodetic_below_100_km_to_a_metre() -> None:
    lat, lon = np.radians(LAT), np.radians(LON)
    h = np.linspace(0, 1e5, lat.size)
    assert np.max(np.abs(radial_altitude_m(geodetic_to_ecef(lat, lon, h)) - h)) < 1.0


def test_eci_matches_pymap3d_with_sidereal_time_as_rotation_angle(
    caplog: pytest.LogCaptureFixture,
) -> None:
    epoch = datetime(2026, 5, 22, 3, 0, 0, tzinfo=UTC)
    theta0 = float(greenwichsrt(juliandate(epoch)))
    p = geodetic_to_ecef(np.radians(LAT[:20]), np.radians(LON[:20]), ALT[:20])
    for dt in (0.0, 1800.0, 3600.0):
        ours, _ = ecef_to_eci(p, dt, theta0_rad=theta0)
        with caplog.at_level(logging.ERROR):
            ref = np.array([pymap3d.ecef2eci(*q, epoch + timedelta(seconds=dt),
                                             force_non_astropy=True) for q in p])
        # the sidereal rate differs from the WGS-84 rate by 8.6e-12 rad/s (3e-8 rad in an hour)
        tol = MILLIMETRE + 1e-11 * dt * np.linalg.norm(p, axis=-1)
        assert np.all(np.linalg.norm(ours - ref, axis=-1) <= tol)


def test_eci_round_trip_and_velocity_transport_term() -> None:
    p = geodetic_to_ecef(np.radians(LAT), np.radians(LON), ALT)
    v = RNG.normal(0, 3000, p.shape)
    t = RNG.uniform(0, 86400, p.shape[0])
    r_i, v_i = ecef_to_eci(p, t, v, theta0_rad=0.3)
    r_b, v_b = eci_to_ecef(r_i, t, v_i, theta0_rad=0.3)
    np.testing.assert_allclose(r_b, p, atol=1e-6)
    np.testing.assert_allclose(v_b, v, atol=1e-9)
    # a point fixed on the Earth moves inertially at omega x r: finite difference of positions
    h = 0.01
    r1, _ = ecef_to_eci(p, t + h)
    r0, _ = ecef_to_eci(p, t - h)
    _, v_fixed = ecef_to_eci(p, t, np.zeros_like(p))
    assert v_fixed is not None
    np.testing.assert_allclose((r1 - r0) / (2 * h), v_fixed, atol=1e-6)


def test_great_circle_distance_and_azimuth_match_vincenty_on_a_sphere() -> None:
    lat1, lon1 = RNG.uniform(-89, 89, 200), RNG.uniform(-180, 180, 200)
    lat2, lon2 = RNG.uniform(-89, 89, 200), RNG.uniform(-180, 180, 200)
    dist, az = pymap3d.vincenty.vdist(lat1, lon1, lat2, lon2, ell=SPHERE)
    ours = great_circle_distance_m(*(np.radians(x) for x in (lat1, lon1, lat2, lon2)))
    np.testing.assert_allclose(ours, dist, rtol=1e-9, atol=1e-3)
    ours_az = np.degrees(initial_azimuth_rad(*(np.radians(x) for x in (lat1, lon1, lat2, lon2))))
    diff = (ours_az - az + 180.0) % 360.0 - 180.0
    assert np.max(np.abs(diff)) < 1e-6


def test_destination_inverts_distance_and_azimuth() -> None:
    lat1, lon1 = np.radians(RNG.uniform(-80, 80, 100)), np.radians(RNG.uniform(-180, 180, 100))
    az, d = RNG.uniform(0, 2 * np.pi, 100), RNG.uniform(1e3, 1.9e7, 100)
    lat2, lon2 = great_circle_destination(lat1, lon1, az, d)
    np.testing.assert_allclose(great_circle_distance_m(lat1, lon1, lat2, lon2), d, rtol=1e-9)
    ref_lat, ref_lon = pymap3d.vincenty.vreckon(np.degrees(lat1), np.degrees(lon1), d,
                                                np.degrees(az), ell=SPHERE)
    np.testing.assert_allclose(np.degrees(lat2), ref_lat, atol=1e-6)


def test_look_angles_match_pymap3d() -> None:
    obs = geodetic_to_ecef(np.radians(LAT[:50]), np.radians(LON[:50]), 0.0)
    tgt = geodetic_to_ecef(np.radians(LAT[50:100]), np.radians(LON[50:100]), ALT[50:100])
    az, el, rng = azimuth_elevation_range(obs, tgt)
    ref = np.array([pymap3d.ecef2aer(*t, la, lo, 0.0) for t, la, lo in
                    zip(tgt, LAT[:50], LON[:50], strict=True)])
    np.testing.assert_allclose(rng, ref[:, 2], rtol=1e-9)
    np.testing.assert_allclose(np.degrees(el), ref[:, 1], atol=1e-7)
    diff = (np.degrees(az) - ref[:, 0] + 180.0) % 360.0 - 180.0
    assert np.max(np.abs(diff[np.abs(ref[:, 1]) < 89.9])) < 1e-6


def test_broadcasting_one_object_or_a_grid() -> None:
    lat = np.radians(np.linspace(-60, 60, 7))[:, None]
    lon = np.radians(np.linspace(0, 300, 11))[None, :]
    grid = geodetic_to_ecef(lat, lon, 1000.0)
    assert grid.shape == (7, 11, 3)
    one = geodetic_to_ecef(lat[3, 0], lon[0, 5], 1000.0)
    np.testing.assert_array_equal(one, grid[3, 5])
    back = ecef_to_geodetic(grid)
    assert back[0].shape == (7, 11)


# --- the Earth models (WGS84, SPHERE) and the numba twins ------------------------------------


def test_wgs84_model_is_the_geodetic_frame_of_pymap3d() -> None:
    from opendome.core.earth import WGS84

    p = WGS84.point_m(np.radians(LAT), np.radians(LON), ALT)
    x, y, z = pymap3d.geodetic2ecef(LAT, LON, ALT)
    assert np.allclose(p, np.stack([x, y, z], axis=-1), atol=MILLIMETRE)
    lat, lon, h = WGS84.latlon_height(p)
    assert np.allclose(h, ALT, atol=MILLIMETRE)
    # radius at a height along the normal: |point|
    assert np.allclose(WGS84.radius_m_at(ALT, np.radians(LAT)), np.linalg.norm(p, axis=-1))


def test_sphere_model_matches_pymap3d_on_a_sphere_of_the_mean_radius() -> None:
    from opendome.core.constants import EARTH_MEAN_RADIUS_M
    from opendome.core.earth import SPHERE

    sphere = pymap3d.Ellipsoid(EARTH_MEAN_RADIUS_M, EARTH_MEAN_RADIUS_M, "sphere")
    p = SPHERE.point_m(np.radians(LAT), np.radians(LON), ALT)
    x, y, z = pymap3d.geodetic2ecef(LAT, LON, ALT, ell=sphere)
    assert np.allclose(p, np.stack([x, y, z], axis=-1), atol=MILLIMETRE)
    lat, lon = SPHERE.latlon_rad(p)
    assert np.allclose(SPHERE.height_m(p), ALT, atol=MILLIMETRE)
    inner = np.abs(LAT) < 89.9  # longitude undefined at the poles
    assert np.allclose(np.degrees(lat), LAT, atol=1e-9)
    d_lon = np.mod(np.degrees(lon[inner]) - LON[inner] + 180.0, 360.0) - 180.0
    assert np.allclose(d_lon, 0.0, atol=1e-9)
    # one datum: heights above the sphere differ radially by exactly their difference
    assert SPHERE.radius_m_at(500e3) - SPHERE.radius_m_at(200e3) == pytest.approx(300e3)
    assert SPHERE.height_m_at_radius(SPHERE.radius_m_at(123.0)) == pytest.approx(123.0)


def test_rotation_and_its_numba_twins_agree() -> None:
    from opendome.core.earth import SPHERE, rotate_z
    from opendome.core.earth_kernels import rotate_state_nb, rotate_z_nb, sphere_point_nb

    v = RNG.normal(size=(50, 3)) * 7e6
    angle = RNG.uniform(-10, 10, 50)
    rot = rotate_z(v, angle)
    assert np.allclose(rotate_z(rot, -angle), v, atol=1e-6)  # inverse
    assert np.allclose(np.linalg.norm(rot, axis=-1), np.linalg.norm(v, axis=-1))
    for i in range(50):
        assert np.allclose(rotate_z_nb(v[i], angle[i]), rot[i], rtol=0, atol=1e-6)
    # the state twin equals eci_to_ecef / ecef_to_eci with the transport term
    vel = RNG.normal(size=(50, 3)) * 7e3
    t = RNG.uniform(0, 86400, 50)
    from opendome.core.constants import EARTH_ROTATION_RAD_PER_S
    from opendome.core.earth import earth_rotation_angle_rad

    r_ecef, v_ecef = eci_to_ecef(v, t, vel)
    assert v_ecef is not None
    r_out, v_out = np.empty(3), np.empty(3)
    for i in range(50):
        th = float(earth_rotation_angle_rad(t[i]))
        rotate_state_nb(v[i], vel[i], th, EARTH_ROTATION_RAD_PER_S, True, r_out, v_out)
        assert np.allclose(r_out, r_ecef[i], atol=1e-6)
        assert np.allclose(v_out, v_ecef[i], atol=1e-9)
    lat, lon, h = np.radians(LAT[:20]), np.radians(LON[:20]), ALT[:20]
    for i in range(20):
        assert np.allclose(sphere_point_nb(SPHERE.radius_m, lat[i], lon[i], h[i]),
                           SPHERE.point_m(lat[i], lon[i], h[i]), atol=MILLIMETRE)
