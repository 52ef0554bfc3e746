"""Fractional-orbital bombardment: the long way round, onto the aim point."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.integrate import solve_ivp

from opendome.core.constants import EARTH_GM_M3_PER_S2 as MU
from opendome.core.constants import EARTH_MEAN_RADIUS_M
from opendome.core.earth import (
    ecef_to_geodetic,
    eci_to_ecef,
    great_circle_distance_m,
    ground_range_m,
    initial_azimuth_rad,
)
from opendome.core.fobs import deorbit_ellipse, fobs_trajectory
from opendome.core.kepler import kepler_propagate
from opendome.core.reentry import equations_of_motion
from opendome.core.trajectory import PHASE_MIDCOURSE, STATUS_OK

RAD = np.radians
LAUNCH = (RAD(50.0), RAD(60.0))
AIM = (RAD(40.0), RAD(-100.0))


@pytest.fixture(scope="module")
def fobs():  # noqa: ANN201
    return fobs_trajectory(*LAUNCH, *AIM, burn_time_s=300.0, orbit_altitude_m=150e3,
                           long_way=[True, False])


def heading_at_arrival(traj, i: int) -> float:  # noqa: ANN001
    t = traj.impact_time_s[i] - np.array([400.0, 300.0])
    lat, lon, _ = ecef_to_geodetic(traj.position_ecef_m(np.tile(t, (len(traj), 1)))[i])
    return float(np.degrees(initial_azimuth_rad(lat[0], lon[0], lat[1], lon[1])))


def test_long_way_arrives_from_the_south_short_way_from_the_north(fobs) -> None:  # noqa: ANN001
    assert np.all(fobs.status == STATUS_OK)
    miss = np.linalg.norm(fobs.impact_position_ecef_m - fobs.aim_position_ecef_m, axis=1)
    assert np.all(miss < 1.0)
    north_heading = heading_at_arrival(fobs, 0)
    south_heading = heading_at_arrival(fobs, 1)
    assert north_heading < 60.0 or north_heading > 300.0  # flying north: came from the south
    assert 120.0 < south_heading < 240.0  # the direct route over the Arctic: flying south


def test_long_way_ground_track_goes_round_the_globe(fobs) -> None:  # noqa: ANN001
    t = np.linspace(fobs.launch_time_s[0], fobs.impact_time_s[0], 3000)
    p = fobs.position_ecef_m(t)[0]
    track = np.sum(ground_range_m(p[:-1], p[1:]))
    direct = great_circle_distance_m(*LAUNCH, *AIM)
    assert track > 2 * math.pi * EARTH_MEAN_RADIUS_M - direct - 2e6
    lat = np.degrees(ecef_to_geodetic(p)[0])
    assert lat.min() < -60.0  # over the Antarctic
    # less than one revolution of a 150 km orbit
    period = 2 * math.pi * math.sqrt((EARTH_MEAN_RADIUS_M + 150e3) ** 3 / MU)
    assert 0.5 * period < fobs.flight_time_s[0] < period


def test_orbit_is_circular_at_the_burnout_altitude(fobs) -> None:  # noqa: ANN001
    t = np.linspace(fobs.burnout_time_s[0], fobs.release_time_s[0], 50)[:-1]
    r, v = fobs.state_eci(t)
    radius = np.linalg.norm(r[0], axis=1)
    assert np.ptp(radius) < 1.0
    np.testing.assert_allclose(np.linalg.norm(v[0], axis=1), np.sqrt(MU / radius), rtol=1e-9)
    assert np.all(fobs.phase(t)[0] == PHASE_MIDCOURSE)


def test_deorbit_ellipse_meets_the_ground_after_the_range_angle() -> None:
    ra, rt, psi = 6.52e6, 6.37e6, RAD(30.0)
    speed, _, t_d = deorbit_ellipse(ra, rt, psi)
    r, _ = kepler_propagate([[ra, 0.0, 0.0]], [[0.0, float(speed), 0.0]], np.array([[t_d]]))
    assert np.linalg.norm(r[0, 0]) == pytest.approx(rt, abs=1e-3)
    assert math.atan2(r[0, 0, 1], r[0, 0, 0]) == pytest.approx(psi, abs=1e-9)


def test_descent_with_drag_matches_solve_ivp(fobs) -> None:  # noqa: ANN001
    y0 = np.concatenate([fobs.release_position_eci_m[0], fobs.release_velocity_eci_m_per_s[0]])
    t0, t1 = float(fobs.release_time_s[0]), float(fobs.impact_time_s[0])
    beta = float(fobs.ballistic_coefficient_kg_per_m2[0])
    ref = solve_ivp(equations_of_motion(beta), (t0, t1), y0, method="DOP853", rtol=1e-11,
                    atol=1e-8)
    end = eci_to_ecef(ref.y[:3, -1], t1)[0]
    assert np.linalg.norm(end - fobs.aim_position_ecef_m[0]) < 10.0
