"""Cruise missiles: flight time, height and route, against pymap3d's great circles."""

from __future__ import annotations

import numpy as np
import pymap3d
import pymap3d.vincenty
import pytest

from opendome.core.constants import EARTH_MEAN_RADIUS_M
from opendome.core.cruise import cruise_trajectory
from opendome.core.earth import ecef_to_geodetic, geodetic_to_ecef
from opendome.core.trajectory import PHASE_CRUISE, STATUS_OK

SPHERE = pymap3d.Ellipsoid(EARTH_MEAN_RADIUS_M, EARTH_MEAN_RADIUS_M, "sphere")
LAT = np.array([[30.0, 31.0, 32.0, np.nan], [30.0, 30.5, 31.0, 32.0]])
LON = np.array([[120.0, 121.0, 123.0, np.nan], [120.0, 122.0, 123.0, 124.0]])


@pytest.fixture(scope="module")
def flights():  # noqa: ANN201
    return cruise_trajectory(np.radians(LAT), np.radians(LON), speed_m_per_s=[245.0, 700.0],
                             altitude_m=30.0, launch_time_s=[0.0, 600.0])


def test_flight_time_is_route_length_over_speed(flights) -> None:  # noqa: ANN001
    assert np.all(flights.status == STATUS_OK)
    for i, speed in enumerate((245.0, 700.0)):
        ok = np.isfinite(LAT[i])
        legs, _ = pymap3d.vincenty.vdist(LAT[i][ok][:-1], LON[i][ok][:-1], LAT[i][ok][1:],
                                         LON[i][ok][1:], ell=SPHERE)
        assert flights.flight_time_s[i] == pytest.approx(np.sum(legs) / speed, rel=1e-9)


def test_flies_through_its_waypoints_at_cruise_height(flights) -> None:  # noqa: ANN001
    t = np.linspace(0.0, float(np.max(flights.impact_time_s)), 400)
    lat, lon, alt = ecef_to_geodetic(flights.position_ecef_m(t))
    np.testing.assert_allclose(alt[np.isfinite(alt)], 30.0, atol=1e-6)
    assert np.all(flights.phase(t)[np.isfinite(alt)] == PHASE_CRUISE)
    # the second missile reaches its second waypoint after the first leg's length / speed
    leg, _ = pymap3d.vincenty.vdist(30.0, 120.0, 30.5, 122.0, ell=SPHERE)
    p = flights.position_ecef_m(np.array([[np.nan], [600.0 + leg / 700.0]]))[1, 0]
    np.testing.assert_allclose(p, geodetic_to_ecef(np.radians(30.5), np.radians(122.0), 30.0),
                               atol=1e-3)
    before = flights.position_ecef_m(np.array([599.0]))
    assert np.all(np.isnan(before[1]))


def test_routes_need_two_waypoints() -> None:
    with pytest.raises(ValueError, match="two waypoints"):
        cruise_trajectory([0.1], [0.2], speed_m_per_s=200.0, altitude_m=30.0)
