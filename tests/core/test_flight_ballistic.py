"""Ballistic flight: textbook minimum-energy values, numerical integration, invariants."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.integrate import solve_ivp

from opendome.core.ballistic import (
    ballistic_trajectory,
    free_flight_closed_form,
    minimum_energy_burnout_speed_m_per_s,
    minimum_energy_flight_path_angle_rad,
)
from opendome.core.bus import release_decoys, release_warheads
from opendome.core.constants import (
    EARTH_EQUATORIAL_RADIUS_M,
    EARTH_MEAN_RADIUS_M,
)
from opendome.core.earth import (
    ecef_to_geodetic,
    eci_to_ecef,
    great_circle_destination,
    radial_altitude_m,
)
from opendome.core.kepler import specific_angular_momentum, specific_energy
from opendome.core.reentry import equations_of_motion
from opendome.core.trajectory import (
    PHASE_BOOST,
    PHASE_MIDCOURSE,
    PHASE_POST_BOOST,
    PHASE_TERMINAL,
    STATUS_DEGENERATE_GEOMETRY,
    STATUS_OK,
    STATUS_OUT_OF_RANGE,
    flight_time_grid,
)

RAD = np.radians
R_EQ = EARTH_EQUATORIAL_RADIUS_M


def test_textbook_minimum_energy_ten_thousand_km() -> None:
    # DESIGN.md / Bate, Mueller & White: 10,000 km -> about 7.2 km/s, 32 min, 1,300 km apogee
    psi = 1e7 / EARTH_MEAN_RADIUS_M
    v = minimum_energy_burnout_speed_m_per_s(psi, EARTH_MEAN_RADIUS_M)
    gamma = minimum_energy_flight_path_angle_rad(psi)
    rng, tof, r_apo = free_flight_closed_form(EARTH_MEAN_RADIUS_M, v, gamma)
    assert v == pytest.approx(7200, abs=50)
    assert tof / 60 == pytest.approx(32, abs=1)
    assert (r_apo - EARTH_MEAN_RADIUS_M) / 1e3 == pytest.approx(1300, abs=50)
    assert rng == pytest.approx(psi, rel=1e-12)  # the range equation closes on itself


@pytest.mark.parametrize("range_km", [1000.0, 3000.0, 5500.0, 10000.0, 14000.0])
def test_targeting_finds_the_minimum_energy_trajectory_on_a_non_rotating_earth(
    range_km: float,
) -> None:
    # burnout at the surface, no boost, no drag, along the equator (where the WGS-84 surface is a
    # circle of the equatorial radius): the Lambert search must land on the closed form
    psi = range_km * 1e3 / R_EQ
    traj = ballistic_trajectory(
        0.0, 0.0, 0.0, psi, burn_time_s=0.0, burnout_altitude_m=0.0,
        ballistic_coefficient_kg_per_m2=np.inf, rotation_rad_per_s=0.0,
    )
    assert traj.status[0] == STATUS_OK
    v = minimum_energy_burnout_speed_m_per_s(psi, R_EQ)
    _, tof, r_apo = free_flight_closed_form(R_EQ, v, minimum_energy_flight_path_angle_rad(psi))
    assert traj.burnout_speed_m_per_s[0] == pytest.approx(v, rel=1e-7)
    assert np.degrees(traj.burnout_flight_path_angle_rad[0]) == pytest.approx(
        np.degrees(minimum_energy_flight_path_angle_rad(psi)), abs=1e-4
    )
    assert traj.flight_time_s[0] == pytest.approx(tof, abs=0.01)
    assert traj.apogee()[1][0] == pytest.approx(r_apo - R_EQ, abs=1.0)
    assert np.linalg.norm(traj.impact_position_ecef_m[0] - traj.aim_position_ecef_m[0]) < 0.01


@pytest.fixture(scope="module")
def icbm():  # noqa: ANN201
    lat1, lon1 = great_circle_destination(RAD(40.0), RAD(125.0), RAD(30.0), 9.0e6)
    return ballistic_trajectory(
        RAD(40.0), RAD(125.0), lat1, lon1, burn_time_s=180.0, burnout_altitude_m=2e5,
        burnout_speed_m_per_s=7200.0, launch_time_s=100.0,
    )


def test_rotating_earth_flight_with_drag_matches_solve_ivp_and_hits_the_aim(icbm) -> None:  # noqa: ANN001
    beta = float(icbm.ballistic_coefficient_kg_per_m2[0])
    t0 = float(icbm.burnout_time_s[0])
    t1 = float(icbm.impact_time_s[0])
    grid = np.arange(np.ceil(t0), t1, 1.0)
    ours, _ = icbm.state_eci(grid)

    def ground(_t: float, y: np.ndarray) -> float:
        return float(radial_altitude_m(np.asarray(y[:3])) - icbm.ground_altitude_m[0])

    ground.terminal = True  # type: ignore[attr-defined]
    ground.direction = -1  # type: ignore[attr-defined]
    y0 = np.concatenate([icbm.burnout_position_eci_m[0], icbm.burnout_velocity_eci_m_per_s[0]])
    ref = solve_ivp(equations_of_motion(beta), (t0, t1 + 60), y0, method="DOP853", rtol=1e-11,
                    atol=1e-8, dense_output=True, events=ground)
    diff = np.linalg.norm(ref.sol(grid)[:3].T - ours[0], axis=1)
    assert np.max(diff) < 0.05  # metres, over a 30-minute flight
    t_hit = ref.t_events[0][0]
    assert t_hit == pytest.approx(t1, abs=0.01)
    hit = eci_to_ecef(ref.y_events[0][0][:3], t_hit)[0]
    assert np.linalg.norm(hit - icbm.aim_position_ecef_m[0]) < 10.0


def test_free_flight_conserves_energy_and_angular_momentum(icbm) -> None:  # noqa: ANN001
    t = np.linspace(icbm.burnout_time_s[0], icbm.entry_time_s[0] - 1e-3, 200)
    r, v = icbm.state_eci(t)
    e = specific_energy(r[0], v[0])
    h = specific_angular_momentum(r[0], v[0])
    assert np.ptp(e) < 1e-9 * abs(e[0])
    assert np.max(np.linalg.norm(h - h[0], axis=1)) < 1e-9 * np.linalg.norm(h[0])


def test_boost_joins_free_flight_smoothly_at_the_catalog_burnout_altitude(icbm) -> None:  # noqa: ANN001
    t_bo = float(icbm.burnout_time_s[0])
    p, v = icbm.state_ecef(np.array([t_bo - 1e-6, t_bo]))
    assert np.linalg.norm(p[0, 1] - p[0, 0]) < 0.05
    assert np.linalg.norm(v[0, 1] - v[0, 0]) < 0.05
    assert icbm.burnout_altitude_m[0] == pytest.approx(2e5, abs=0.01)
    assert t_bo - icbm.launch_time_s[0] == pytest.approx(180.0)
    # the boost starts at rest on the ground and climbs
    p0, v0 = icbm.state_ecef(np.array([100.0, 110.0, 190.0]))
    assert np.linalg.norm(v0[0, 0]) < 1e-9
    alt = ecef_to_geodetic(p0[0])[2]
    assert alt[0] == pytest.approx(0.0, abs=1e-6) and 0 < alt[1] < alt[2]


def test_phases_follow_each_other(icbm) -> None:  # noqa: ANN001
    t = flight_time_grid(icbm, 1.0)
    ph = icbm.phase(t)[0]
    ph = ph[ph > 0]
    assert list(dict.fromkeys(ph)) == [PHASE_BOOST, PHASE_MIDCOURSE, PHASE_TERMINAL]


def test_lofted_and_depressed_use_the_full_speed_on_either_side_of_minimum_energy() -> None:
    lat1, lon1 = great_circle_destination(RAD(40.0), RAD(125.0), RAD(60.0), 6.0e6)
    kinds = np.array(["min-energy", "lofted", "depressed"])
    traj = ballistic_trajectory(RAD(40.0), RAD(125.0), lat1, lon1, burn_time_s=180.0,
                                burnout_altitude_m=2e5, burnout_speed_m_per_s=7000.0,
                                kind=kinds)
    assert np.all(traj.status == STATUS_OK)
    tof = traj.flight_time_s
    apo = traj.apogee()[1]
    assert tof[1] > tof[0] > tof[2]
    assert apo[1] > apo[0] > apo[2]
    assert traj.burnout_speed_m_per_s[0] < 7000.0
    np.testing.assert_allclose(traj.burnout_speed_m_per_s[1:], 7000.0, rtol=1e-8)
    miss = np.linalg.norm(traj.impact_position_ecef_m - traj.aim_position_ecef_m, axis=1)
    assert np.all(miss < 1.0)


def test_earth_rotation_helps_eastward_launches() -> None:
    east = great_circle_destination(0.0, 0.0, RAD(90.0), 8e6)
    west = great_circle_destination(0.0, 0.0, RAD(270.0), 8e6)
    traj = ballistic_trajectory(0.0, 0.0, [east[0], west[0]], [east[1], west[1]],
                                burn_time_s=180.0, burnout_altitude_m=2e5)
    rel = traj.burnout_speed_m_per_s
    # the launch site's 465 m/s eastward speed is a gift going east and a debt going west, less
    # what the target's own motion during the half-hour flight takes back
    assert 200 < rel[1] - rel[0] < 2 * 465


def test_a_batch_reports_failures_without_raising() -> None:
    far = great_circle_destination(RAD(40.0), RAD(125.0), RAD(30.0), 1.4e7)
    near = great_circle_destination(RAD(40.0), RAD(125.0), RAD(30.0), 5e6)
    traj = ballistic_trajectory(RAD(40.0), RAD(125.0), [far[0], near[0], RAD(40.0)],
                                [far[1], near[1], RAD(125.0)], burn_time_s=180.0,
                                burnout_altitude_m=2e5, burnout_speed_m_per_s=7200.0)
    assert list(traj.status) == [STATUS_OUT_OF_RANGE, STATUS_OK, STATUS_DEGENERATE_GEOMETRY]
    p = traj.position_ecef_m(np.arange(0.0, 3000.0, 10.0))
    assert np.all(np.isnan(p[[0, 2]])) and np.any(np.isfinite(p[1]))
    with pytest.raises(ValueError, match="trajectory type"):
        ballistic_trajectory(0, 0, 0, 1, burn_time_s=1, burnout_altitude_m=1, kind="flat")


def test_bus_puts_each_warhead_on_its_own_aim_and_decoys_fall_short(icbm) -> None:  # noqa: ANN001
    lat_c, lon_c, _ = ecef_to_geodetic(icbm.aim_position_ecef_m[0])
    aims = [great_circle_destination(lat_c, lon_c, RAD(a), 1e5) for a in (0.0, 120.0, 240.0)]
    release = icbm.burnout_time_s[0] + np.array([60.0, 120.0, 180.0])
    rv, dv = release_warheads(icbm, [0, 0, 0], release, [a[0] for a in aims],
                              [a[1] for a in aims])
    assert np.all(rv.status == STATUS_OK)
    miss = np.linalg.norm(rv.impact_position_ecef_m - rv.aim_position_ecef_m, axis=1)
    assert np.all(miss < 1.0)
    assert np.all((dv > 1.0) & (dv < 300.0))  # a bus spreading warheads 100 km apart
    # the released warhead's own flight, integrated from its release state, lands on its aim
    beta = float(rv.ballistic_coefficient_kg_per_m2[1])
    y0 = np.concatenate([rv.release_position_eci_m[1], rv.release_velocity_eci_m_per_s[1]])
    t0, t1 = float(rv.release_time_s[1]), float(rv.impact_time_s[1])
    ref = solve_ivp(equations_of_motion(beta), (t0, t1), y0, method="DOP853", rtol=1e-11, atol=1e-8)
    end = eci_to_ecef(ref.y[:3, -1], t1)[0]
    assert np.linalg.norm(end - rv.aim_position_ecef_m[1]) < 10.0
    ph = rv.phase(np.array([icbm.burnout_time_s[0] + 30.0]))
    assert np.all(ph == PHASE_POST_BOOST)
    decoys = release_decoys(rv, [0, 1])
    assert np.all(decoys.status == STATUS_OK)
    # same midcourse as their warheads, then the atmosphere slows them: later and short
    t_mid = np.array([rv.entry_time_s[0] - 100.0])
    np.testing.assert_allclose(decoys.position_ecef_m(t_mid)[0], rv.position_ecef_m(t_mid)[0],
                               atol=1e-6)
    assert np.all(decoys.impact_time_s > rv.impact_time_s[:2] + 60.0)
    short = np.linalg.norm(decoys.impact_position_ecef_m - rv.impact_position_ecef_m[:2], axis=1)
    assert np.all(short > 1e4)
