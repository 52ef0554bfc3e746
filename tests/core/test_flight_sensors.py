"""Sensors: radar horizon (4/3 Earth), line of sight past the limb, kill-chain event times."""

from __future__ import annotations

import math

import numpy as np
import pytest

from opendome.core.ballistic import ballistic_trajectory
from opendome.core.cruise import cruise_trajectory
from opendome.core.earth import (
    A_M,
    ecef_to_geodetic,
    geodetic_to_ecef,
    great_circle_destination,
)
from opendome.core.sensors import (
    effective_earth_geometry,
    infrared_detection_time_s,
    kill_chain_events,
    line_of_sight_clear,
    radar_coverage,
    radar_horizon_range_m,
    space_sensor_count,
    sustained_visibility_time_s,
)
from opendome.core.trajectory import PHASE_BOOST, PHASE_TERMINAL, flight_time_grid

RAD = np.radians


def test_radar_horizon_rule_of_thumb() -> None:
    # Skolnik, Introduction to Radar Systems: d [km] = 4.12 (sqrt(h_r [m]) + sqrt(h_t [m]))
    d = radar_horizon_range_m(10.0, 30.0)
    assert d / 1e3 == pytest.approx(4.12 * (math.sqrt(10.0) + math.sqrt(30.0)), rel=5e-3)


def test_effective_earth_horizon_agrees_with_the_formula_for_low_heights() -> None:
    radar = geodetic_to_ecef(RAD(30.0), RAD(120.0), 10.0)
    d = float(radar_horizon_range_m(10.0, 30.0))
    lat, lon = great_circle_destination(RAD(30.0), RAD(120.0), RAD(70.0),
                                        np.array([0.995 * d, 1.005 * d]))
    target = geodetic_to_ecef(lat, lon, 30.0)
    visible, elevation = effective_earth_geometry(radar, target)
    assert list(visible) == [True, False]
    assert np.all(elevation < 0)  # beyond the flat horizon, seen thanks to curvature+refraction


def test_line_of_sight_grazes_the_ellipsoid_exactly() -> None:
    # two points on the equator at radius a + h see each other until the chord touches the
    # equator: half-angle acos(a / (a + h)); the same with a grazing altitude g: acos((a+g)/(a+h))
    h = 1.0e6
    for g in (0.0, 1.0e5):
        half = math.acos((A_M + g) / (A_M + h))
        for factor, clear in ((0.999, True), (1.001, False)):
            p = (A_M + h) * np.array([1.0, 0.0, 0.0])
            ang = 2 * half * factor
            q = (A_M + h) * np.array([math.cos(ang), math.sin(ang), 0.0])
            assert bool(line_of_sight_clear(p, q, grazing_altitude_m=g)) is clear
    # through the Earth: opposite sides
    assert not line_of_sight_clear([A_M + h, 0, 0], [-(A_M + h), 0, 0])


def test_space_sensor_count_matches_pairwise_line_of_sight() -> None:
    rng = np.random.default_rng(3)
    sats = rng.normal(size=(30, 5, 3))
    sats *= (7.0e6 / np.linalg.norm(sats, axis=-1))[..., None]
    tgt = rng.normal(size=(4, 5, 3))
    tgt *= (6.6e6 / np.linalg.norm(tgt, axis=-1))[..., None]
    tgt[1, 2] = np.nan
    count = space_sensor_count(sats, tgt, max_range_m=5e6, grazing_altitude_m=2e4)
    brute = np.zeros((4, 5), dtype=int)
    for i in range(4):
        for j in range(5):
            ok = line_of_sight_clear(sats[:, j], tgt[i, j], grazing_altitude_m=2e4)
            near = np.linalg.norm(sats[:, j] - tgt[i, j], axis=-1) <= 5e6
            brute[i, j] = np.sum(ok & near)
    brute[1, 2] = 0
    np.testing.assert_array_equal(count, brute)


def test_radar_field_of_view_and_range() -> None:
    radar = geodetic_to_ecef(RAD(40.0), RAD(-100.0), 0.0)
    pts = [great_circle_destination(RAD(40.0), RAD(-100.0), RAD(az), 5e5) for az in (0, 90, 180)]
    tgt = geodetic_to_ecef(np.array([p[0] for p in pts]), np.array([p[1] for p in pts]), 3e5)
    seen = radar_coverage(radar, tgt, max_range_m=1e6, boresight_azimuth_rad=0.0,
                          azimuth_half_width_rad=RAD(60.0))
    assert list(seen) == [True, False, False]
    assert not np.any(radar_coverage(radar, tgt, max_range_m=4e5))


def test_a_cruise_missile_is_seen_late_by_a_ground_radar(inbound_cruise) -> None:
    c = inbound_cruise
    seen = radar_coverage(c.site_ecef_m, c.position_ecef_m, max_range_m=5e5)
    ev = kill_chain_events(c.times_s, seen, seen, seen, c.flight.phase(c.times_s),
                           track_formation_s=10.0, discrimination_dwell_s=10.0)
    warning = c.flight.impact_time_s[0] - ev.detection_s[0]
    horizon = float(radar_horizon_range_m(10.0, c.altitude_m))
    assert warning == pytest.approx(horizon / c.speed_m_per_s, abs=2.0)  # under 2.5 minutes


def test_sustained_visibility_needs_an_unbroken_run() -> None:
    t = np.arange(10.0)
    vis = np.array([[0, 1, 1, 0, 1, 1, 1, 1, 0, 0], [1] * 10, [0] * 10], dtype=bool)
    np.testing.assert_array_equal(
        sustained_visibility_time_s(t, vis, 2.5), [6.5, 2.5, np.nan]
    )


def test_kill_chain_events_order_and_atmospheric_discrimination() -> None:
    t = np.arange(0.0, 100.0, 1.0)
    phase = np.where(t < 80, 3, PHASE_TERMINAL)[None, :]
    fc = (t >= 20)[None, :]
    nothing = np.zeros_like(fc)
    ev = kill_chain_events(t, nothing, fc, nothing, phase, track_formation_s=10.0,
                           discrimination_dwell_s=30.0, latency_s=2.0)
    assert ev.detection_s[0] == 22.0
    assert ev.fire_control_track_s[0] == 32.0
    assert ev.discrimination_s[0] == 82.0  # no discriminating sensor: the atmosphere does it


def test_infrared_early_warning_sees_the_boost_only() -> None:
    lat1, lon1 = great_circle_destination(RAD(40.0), RAD(125.0), RAD(40.0), 8e6)
    icbm = ballistic_trajectory(RAD(40.0), RAD(125.0), lat1, lon1, burn_time_s=180.0,
                                burnout_altitude_m=2e5, burnout_speed_m_per_s=7200.0)
    cm = cruise_trajectory([0.6, 0.61], [2.0, 2.01], speed_m_per_s=245.0, altitude_m=30.0)
    for traj, expect_seen in ((icbm, True), (cm, False)):
        t = flight_time_grid(traj, 1.0)
        p = traj.position_ecef_m(t)
        alt = ecef_to_geodetic(p)[2]
        seen = infrared_detection_time_s(t, traj.phase(t), alt, reporting_delay_s=30.0,
                                         plume_altitude_m=1.0e4)
        if expect_seen:
            boost = (traj.phase(t) == PHASE_BOOST) & (alt >= 1.0e4)
            assert seen[0] == t[0][np.argmax(boost[0])] + 30.0
            assert seen[0] < icbm.burnout_time_s[0] + 30.0
        else:
            assert np.isnan(seen[0])
