"""Hypersonic glide: closed forms against integration of the glide equations, whole flights."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.integrate import solve_ivp

from opendome.core.atmosphere import air_density_kg_per_m3
from opendome.core.constants import EARTH_GM_M3_PER_S2 as MU
from opendome.core.constants import EARTH_MEAN_RADIUS_M
from opendome.core.earth import ecef_to_geodetic, great_circle_destination, ground_range_m
from opendome.core.glide import glide_range_angle_rad, glide_time_s, glide_trajectory
from opendome.core.trajectory import (
    PHASE_BOOST,
    PHASE_GLIDE,
    PHASE_TERMINAL,
    STATUS_OK,
    STATUS_OUT_OF_RANGE,
    flight_time_grid,
)

RAD = np.radians
HGV = dict(burn_time_s=180.0, burnout_speed_m_per_s=6000.0, burnout_altitude_m=1e5,
           glide_altitude_m=4e4, lift_to_drag=2.6)  # the catalog's hgv entry


@pytest.mark.parametrize(("v0", "v1", "ld"), [(6000.0, 1500.0, 2.6), (7000.0, 3000.0, 4.0)])
def test_closed_forms_match_integrated_glide_equations(v0: float, v1: float, ld: float) -> None:
    r = EARTH_MEAN_RADIUS_M + 4e4
    vc2 = MU / r

    def rhs(_t: float, y: np.ndarray) -> list[float]:
        v, _ = y
        return [-(vc2 - v * v) / (r * ld), v / r]

    def slow(_t: float, y: np.ndarray) -> float:
        return y[0] - v1

    slow.terminal = True  # type: ignore[attr-defined]
    sol = solve_ivp(rhs, (0.0, 1e5), [v0, 0.0], rtol=1e-12, atol=1e-9, events=slow)
    assert glide_time_s(v0, v1, ld, r) == pytest.approx(sol.t_events[0][0], rel=1e-8)
    assert glide_range_angle_rad(v0, v1, ld, r) == pytest.approx(sol.y_events[0][0][1], rel=1e-8)


@pytest.fixture(scope="module")
def flights():  # noqa: ANN201
    lat1, lon1 = great_circle_destination(RAD(40.0), RAD(125.0), RAD(50.0), 6.5e6)
    return glide_trajectory(RAD(40.0), RAD(125.0), lat1, lon1, cross_range_m=[0.0, 5e5], **HGV)


def test_glide_flies_to_the_aim_below_midcourse_altitudes(flights) -> None:  # noqa: ANN001
    assert np.all(flights.status == STATUS_OK)
    t = flight_time_grid(flights, 1.0)
    p = flights.position_ecef_m(t)
    ph = flights.phase(t)
    alt = ecef_to_geodetic(p)[2]
    for i in range(2):
        assert list(dict.fromkeys(ph[i][ph[i] > 0])) == [PHASE_BOOST, PHASE_GLIDE, PHASE_TERMINAL]
        glide = (ph[i] == PHASE_GLIDE) & (t[i] >= flights.glide_start_time_s[i])
        assert np.all(alt[i][glide] < 45e3) and np.all(alt[i][glide] > 15e3)
        assert np.all(np.diff(alt[i][glide]) <= 1e-6)  # sinks as it slows
        steps = np.linalg.norm(np.diff(p[i], axis=0), axis=1)
        assert np.nanmax(steps) < 6200.0  # no jumps: never faster than the burnout speed
    last = flights.position_ecef_m(flights.impact_time_s[:, None])[:, 0]
    np.testing.assert_allclose(last, flights.impact_position_ecef_m, atol=1e-6)


def test_glide_holds_the_lift_balance(flights) -> None:  # noqa: ANN001
    t = np.linspace(flights.glide_start_time_s[0], flights.glide_end_time_s[0], 50)
    v = flights.glide_speed_m_per_s(t)[0]
    h = ecef_to_geodetic(flights.position_ecef_m(t)[0])[2]
    r = flights.glide_radius_m[0]
    loading = air_density_kg_per_m3(h) * v**2 * r / (2 * (MU / r - v**2))  # m / (C_L A)
    assert np.ptp(loading) < 0.02 * loading.mean()  # radial vs geodetic height: about 1 %


def test_cross_range_lengthens_the_flight_and_bends_the_track(flights) -> None:  # noqa: ANN001
    assert flights.flight_time_s[1] > flights.flight_time_s[0]
    t = np.array([0.5 * (flights.glide_start_time_s[1] + flights.glide_end_time_s[1])])
    p = flights.position_ecef_m(t)[:, 0]
    offset = ground_range_m(p[0], p[1])
    assert 2e5 < offset < 6e5


def test_too_far_for_the_glide_is_out_of_range() -> None:
    far = great_circle_destination(RAD(40.0), RAD(125.0), RAD(50.0), 1.2e7)
    traj = glide_trajectory(RAD(40.0), RAD(125.0), far[0], far[1], **HGV)
    assert traj.status[0] == STATUS_OUT_OF_RANGE
    assert np.all(np.isnan(traj.position_ecef_m(np.arange(0, 3000.0, 60.0))))
