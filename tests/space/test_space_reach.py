import numpy as np
import pytest

from opendome.core.constants import EARTH_MEAN_RADIUS_M, STANDARD_GRAVITY_M_PER_S2
from opendome.core.earth import SPHERE, great_circle_angle_rad
from opendome.space.reach import (
    BoostProfile,
    BoostTimeline,
    KillVehicle,
    kill_vehicle_reach_m,
    reach_central_angle_rad,
)


def test_reach_formula_by_hand():
    # dv 4 km/s at 10 g: burns 40.8 s; R(100 s) = 4000 (100 - 20.39) = 318.4 km
    kv = KillVehicle.from_km_s_and_g(4.0, 10.0)
    t_burn = 4000.0 / (10 * STANDARD_GRAVITY_M_PER_S2)
    assert kv.reach_m(100.0) == pytest.approx(4000.0 * (100.0 - t_burn / 2))
    assert kv.reach_m(20.0) == pytest.approx(0.5 * 98.0665 * 400.0)
    assert kv.reach_m(-5.0) == 0.0


def test_reach_is_continuous_and_increasing():
    t = np.linspace(0, 300, 3001)
    r = kill_vehicle_reach_m(t, 6000.0, 50.0)
    assert np.all(np.diff(r) > 0)
    t_b = 120.0
    lo, hi = kill_vehicle_reach_m([t_b - 1e-6, t_b + 1e-6], 6000.0, 50.0)
    assert hi - lo < 0.05  # speed 6 km/s over 2e-6 s, no jump
    # speed at burnout equals dv: slope of the coast branch
    assert (kill_vehicle_reach_m(200.0, 6000, 50) - kill_vehicle_reach_m(199.0, 6000, 50)) == (
        pytest.approx(6000.0)
    )


def test_timeline():
    tl = BoostTimeline(170.0, 45.0, 25.0)
    assert tl.kv_launch_s == 70.0 and tl.time_available_s == 100.0
    with pytest.raises(ValueError):
        BoostTimeline(-1, 0, 0)


def test_reach_central_angle_law_of_cosines():
    rs, rt = 6678e3, 6571e3
    th = reach_central_angle_rad(300e3, rs, rt)
    d = np.sqrt(rs**2 + rt**2 - 2 * rs * rt * np.cos(th))
    assert d == pytest.approx(300e3)
    # a reach shorter than the altitude difference reaches nothing
    assert np.isnan(reach_central_angle_rad(50e3, rs, rt))
    # vertically above: exactly the altitude difference gives angle 0
    assert reach_central_angle_rad(rs - rt, rs, rt) == pytest.approx(0.0, abs=1e-6)


def test_boost_profile_endpoints_and_direction():
    p = BoostProfile(170.0, 200e3, 500e3)
    lat0, lon0 = np.radians(40.0), np.radians(127.0)
    pos = p.position_ecef_m(lat0, lon0, np.radians(0.0), [0.0, 85.0, 170.0, 200.0])
    r = np.linalg.norm(pos[0], axis=-1) - EARTH_MEAN_RADIUS_M
    np.testing.assert_allclose(r, [0.0, 50e3, 200e3, 200e3], atol=1e-6)
    lat, lon = SPHERE.latlon_rad(pos[0])
    ground = great_circle_angle_rad(lat0, lon0, lat, lon) * EARTH_MEAN_RADIUS_M
    np.testing.assert_allclose(ground, [0.0, 62.5e3, 500e3, 500e3], rtol=1e-9, atol=1e-6)
    assert lat[-1] > lat0  # azimuth 0: due north
