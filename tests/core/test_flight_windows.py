"""Engagement windows: fly-out kinematics, the timing budget, reasons for no engagement."""

from __future__ import annotations

import numpy as np
import pytest

from opendome.core.ballistic import ballistic_trajectory
from opendome.core.earth import (
    ecef_to_geodetic,
    geodetic_to_ecef,
    great_circle_destination,
    initial_azimuth_rad,
)
from opendome.core.glide import glide_trajectory
from opendome.core.sensors import kill_chain_events, radar_coverage
from opendome.core.trajectory import flight_time_grid
from opendome.core.windows import (
    ENGAGEMENT_REASONS,
    REASON_BELOW_FLOOR,
    REASON_ENGAGEABLE,
    REASON_NO_TRACK,
    REASON_OUT_OF_GROUND_RANGE,
    REASON_TOO_LATE,
    REASON_WRONG_PHASE,
    engagement_window,
    flyout_reach_m,
    flyout_time_s,
    phase_mask,
    reason_message,
)

RAD = np.radians
THAAD = dict(interceptor_burnout_speed_m_per_s=2800.0, interceptor_acceleration_m_per_s2=100.0,
             min_intercept_altitude_m=4e4, max_intercept_altitude_m=1.5e5,
             max_ground_range_m=2e5)  # catalog thaad; acceleration assumed
GBI = dict(interceptor_burnout_speed_m_per_s=7000.0, interceptor_acceleration_m_per_s2=100.0,
           min_intercept_altitude_m=1e5, max_intercept_altitude_m=2e6, max_ground_range_m=6e6)
PAC3 = dict(interceptor_burnout_speed_m_per_s=1700.0, interceptor_acceleration_m_per_s2=300.0,
            min_intercept_altitude_m=0.0, max_intercept_altitude_m=3.6e4,
            max_ground_range_m=6e4)


def test_flyout_reach_is_the_design_formula_and_time_its_inverse() -> None:
    # DESIGN.md: R = a t^2 / 2 while burning, then dv (t - dv / 2a)
    assert flyout_reach_m(20.0, 4000.0, 100.0) == pytest.approx(0.5 * 100.0 * 20.0**2)
    assert flyout_reach_m(100.0, 4000.0, 100.0) == pytest.approx(4000.0 * (100.0 - 20.0))
    t = np.linspace(0.0, 500.0, 101)
    np.testing.assert_allclose(flyout_time_s(flyout_reach_m(t, 4000.0, 100.0), 4000.0, 100.0),
                               t, atol=1e-9)


def test_shoot_look_shoot_count_by_hand() -> None:
    # an object hovering 50 km above the site for 300 s; interceptor 1 km/s, instant burn:
    # 50 s fly-out; track at 0 s, 10 s to decide -> launch 10, hit 60; look 20 s, decide 10 ->
    # launch 90, hit 140; then 220 and 300: four opportunities in [60, 300]
    site = geodetic_to_ecef(0.3, 0.4, 0.0)
    above = geodetic_to_ecef(0.3, 0.4, 5e4)
    t = np.arange(0.0, 301.0)
    pos = np.tile(above, (1, t.size, 1))
    w = engagement_window(t, pos, site, interceptor_burnout_speed_m_per_s=1000.0,
                          interceptor_acceleration_m_per_s2=np.inf,
                          min_intercept_altitude_m=0.0, max_intercept_altitude_m=1e5,
                          max_ground_range_m=1e3, track_time_s=0.0, decision_time_s=10.0,
                          assessment_time_s=20.0)
    assert (w.earliest_intercept_s[0], w.latest_intercept_s[0]) == (60.0, 300.0)
    assert w.opportunities[0] == 4 and w.reason[0] == REASON_ENGAGEABLE
    capped = engagement_window(t, pos, site, interceptor_burnout_speed_m_per_s=1000.0,
                               interceptor_acceleration_m_per_s2=np.inf,
                               min_intercept_altitude_m=0.0, max_intercept_altitude_m=1e5,
                               max_ground_range_m=1e3, track_time_s=0.0, decision_time_s=10.0,
                               assessment_time_s=20.0, max_opportunities=2)
    assert capped.opportunities[0] == 2


@pytest.fixture(scope="module")
def icbm_samples():  # noqa: ANN201
    lat1, lon1 = great_circle_destination(RAD(40.0), RAD(125.0), RAD(40.0), 8.5e6)
    traj = ballistic_trajectory(RAD(40.0), RAD(125.0), lat1, lon1, burn_time_s=180.0,
                                burnout_altitude_m=2e5, burnout_speed_m_per_s=7200.0)
    t = flight_time_grid(traj, 1.0)
    p = traj.position_ecef_m(t)
    return traj, t, p, traj.phase(t), ecef_to_geodetic(p)[2]


def test_terminal_battery_at_the_aim_engages_one_far_away_does_not(icbm_samples) -> None:  # noqa: ANN001
    traj, t, p, ph, alt = icbm_samples
    lat, lon, _ = ecef_to_geodetic(traj.aim_position_ecef_m[0])
    uprange = initial_azimuth_rad(lat, lon, RAD(40.0), RAD(125.0))
    sites = np.stack([
        geodetic_to_ecef(lat, lon, 0.0),
        geodetic_to_ecef(*great_circle_destination(lat, lon, uprange, 1.5e5), 0.0),
        geodetic_to_ecef(*great_circle_destination(lat, lon, uprange + RAD(90.0), 1.0e6), 0.0),
    ])
    w = engagement_window(t, p[None], sites[:, None, :], **THAAD,
                          track_time_s=traj.impact_time_s - 300.0, decision_time_s=10.0,
                          assessment_time_s=10.0, engageable=phase_mask(ph, "terminal"),
                          trajectory_altitudes_m=alt)
    assert w.reason.shape == (3, 1)
    assert list(w.reason[:, 0]) == [REASON_ENGAGEABLE, REASON_ENGAGEABLE,
                                    REASON_OUT_OF_GROUND_RANGE]
    assert np.all(w.opportunities[:2, 0] >= 1)
    # the battery uprange sees the warhead earlier, so its window opens earlier
    assert w.earliest_intercept_s[1, 0] < w.earliest_intercept_s[0, 0]
    assert np.isnan(w.earliest_intercept_s[2, 0]) and w.opportunities[2, 0] == 0
    assert "ground range" in reason_message(int(w.reason[2, 0]))


def test_no_track_no_engagement(icbm_samples) -> None:  # noqa: ANN001
    traj, t, p, ph, alt = icbm_samples
    site = geodetic_to_ecef(RAD(64.3), RAD(-149.2), 0.0)  # interior Alaska
    w = engagement_window(t, p, site, **GBI, track_time_s=[np.nan], decision_time_s=60.0,
                          assessment_time_s=60.0, engageable=phase_mask(ph, "midcourse"),
                          trajectory_altitudes_m=alt)
    assert w.reason[0] == REASON_NO_TRACK
    w = engagement_window(t, p, site, **GBI, track_time_s=traj.launch_time_s + 120.0,
                          decision_time_s=60.0, assessment_time_s=60.0,
                          engageable=phase_mask(ph, "midcourse"), trajectory_altitudes_m=alt)
    assert w.reason[0] == REASON_ENGAGEABLE and w.opportunities[0] >= 2


def test_glide_vehicle_flies_under_a_midcourse_interceptor() -> None:
    lat1, lon1 = great_circle_destination(RAD(40.0), RAD(125.0), RAD(40.0), 6.0e6)
    hgv = glide_trajectory(RAD(40.0), RAD(125.0), lat1, lon1, burn_time_s=180.0,
                           burnout_speed_m_per_s=6000.0, burnout_altitude_m=9.5e4,
                           glide_altitude_m=4e4, lift_to_drag=2.6)
    t = flight_time_grid(hgv, 1.0)
    p = hgv.position_ecef_m(t)
    site = geodetic_to_ecef(RAD(64.3), RAD(-149.2), 0.0)
    w = engagement_window(t, p, site, **GBI, track_time_s=hgv.launch_time_s + 60.0,
                          decision_time_s=60.0, assessment_time_s=60.0,
                          engageable=phase_mask(hgv.phase(t), "midcourse"))
    assert w.reason[0] == REASON_BELOW_FLOOR and w.opportunities[0] == 0
    boost_layer = engagement_window(
        t, p, site, **GBI, track_time_s=hgv.launch_time_s, decision_time_s=60.0,
        assessment_time_s=60.0, engageable=phase_mask(np.zeros_like(t, dtype=int), "boost"))
    assert boost_layer.reason[0] == REASON_WRONG_PHASE


def test_late_detected_cruise_missile_leaves_no_time(inbound_cruise) -> None:
    c = inbound_cruise
    t, p, site = c.times_s, c.position_ecef_m, c.site_ecef_m
    seen = radar_coverage(site, p, max_range_m=3e5)
    ev = kill_chain_events(t, seen, seen, seen, c.flight.phase(t), track_formation_s=10.0,
                           discrimination_dwell_s=10.0)
    common = dict(track_time_s=ev.fire_control_track_s, assessment_time_s=5.0,
                  engageable=phase_mask(c.flight.phase(t), "terminal"))
    slow = engagement_window(t, p, site, **PAC3, decision_time_s=150.0, **common)
    fast = engagement_window(t, p, site, **PAC3, decision_time_s=15.0, **common)
    assert slow.reason[0] == REASON_TOO_LATE and slow.opportunities[0] == 0
    assert fast.reason[0] == REASON_ENGAGEABLE and fast.opportunities[0] >= 1


def test_a_moving_site_follows_its_carrier() -> None:
    # a carrier flying with the object, 20 km away: always in reach, whatever the distance flown
    t = np.arange(0.0, 200.0)
    track = np.linspace(0.0, 0.2, t.size)
    obj = geodetic_to_ecef(track, 0.0, 2e5)[None]
    carrier = geodetic_to_ecef(track, 0.0, 2.2e5)
    w = engagement_window(t, obj, carrier, site_moves=True,
                          interceptor_burnout_speed_m_per_s=4e3,
                          interceptor_acceleration_m_per_s2=100.0, min_intercept_altitude_m=0.0,
                          max_intercept_altitude_m=1e6, max_ground_range_m=1e4,
                          track_time_s=50.5, decision_time_s=10.0, assessment_time_s=10.0)
    assert w.reason[0] == REASON_ENGAGEABLE
    fly = float(flyout_time_s(2e4, 4e3, 100.0))  # 20 s, still burning
    assert w.earliest_intercept_s[0] == np.ceil(60.5 + fly)


def test_every_reason_has_a_message() -> None:
    assert all(isinstance(m, str) and m for m in ENGAGEMENT_REASONS.values())
    assert "unknown" in reason_message(99)
