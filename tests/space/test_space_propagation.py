"""Propagation: J2 secular rates against textbook values, positions against SGP4."""

import numpy as np
import pytest
from sgp4.api import WGS84, Satrec, SatrecArray

import opendome.space.propagation as prop
from opendome.core.earth import SPHERE, eci_to_ecef
from opendome.space.propagation import (
    j2_secular_rates,
    kozai_mean_motion_rad_per_min,
    orbital_period_s,
    propagate,
    propagate_each,
    solve_kepler,
)
from opendome.space.walker import Constellation, combine, walker_delta

# Tolerance of the SGP4 cross-check: SGP4's mean elements carry J2 short-periodic terms
# (radial ~ +-7 km, along-track ~ +-10 km in LEO) and J2^2/J4 secular terms that our
# first-order model leaves out. Measured maximum over one day: about 18 km.
SGP4_TOLERANCE_KM = 25.0


def _satrecs(c: Constellation) -> list[Satrec]:
    n_kozai = kozai_mean_motion_rad_per_min(c.semi_major_axis_m, c.eccentricity, c.inclination_rad)
    out = []
    for k in range(c.n_satellites):
        s = Satrec()
        s.sgp4init(
            WGS84, "i", k, 25000.0, 0.0, 0.0, 0.0, float(c.eccentricity[k]),
            float(c.arg_perigee_rad[k]), float(c.inclination_rad[k]),
            float(c.mean_anomaly_rad[k]), float(n_kozai[k]), float(c.raan_rad[k]),
        )
        out.append(s)
    return out


def _sgp4_positions_km(c: Constellation, times_s: np.ndarray) -> np.ndarray:
    sats = _satrecs(c)
    jd = np.full(times_s.size, sats[0].jdsatepoch)
    fr = sats[0].jdsatepochF + times_s / 86400.0
    err, r, _ = SatrecArray(sats).sgp4(jd, fr)
    assert not err.any()
    return r


def _test_constellation() -> Constellation:
    shell = walker_delta(550e3, np.radians(53), 60, 6, 1)
    ecc = Constellation(
        semi_major_axis_m=np.full(4, 7000e3),
        eccentricity=[1e-3, 1e-2, 0.05, 0.02],
        inclination_rad=np.radians([30, 60, 98, 63.4]),
        raan_rad=np.radians([10, 50, 100, 200]),
        arg_perigee_rad=np.radians([0, 30, 60, 90]),
        mean_anomaly_rad=np.radians([0, 45, 90, 180]),
        shell=np.zeros(4, int),
        plane=np.arange(4),
    )
    return combine(shell, ecc)


def test_positions_agree_with_sgp4_over_a_day():
    c = _test_constellation()
    t = np.arange(0.0, 86400.0 + 1, 300.0)
    ours_km = propagate(c, t) / 1e3
    ref_km = _sgp4_positions_km(c, t)
    d = np.linalg.norm(ours_km - ref_km, axis=-1)
    assert d.max() < SGP4_TOLERANCE_KM
    # no secular drift: the error after a day stays at the short-periodic level of orbit 1
    first_orbit = t <= 6000
    assert d[:, -1].max() < d[:, first_orbit].max() + 10.0


def test_without_j2_drift_sgp4_parts_by_hundreds_of_km(monkeypatch):
    c = walker_delta(550e3, np.radians(53), 12, 3, 1)
    t = np.array([0.0, 86400.0])
    monkeypatch.setattr(prop, "EARTH_J2", 0.0)
    d = np.linalg.norm(propagate(c, t) / 1e3 - _sgp4_positions_km(c, t), axis=-1)
    # J2 moves a LEO satellite by hundreds of km a day: far outside the tolerance
    assert d[:, -1].min() > 3 * SGP4_TOLERANCE_KM
    assert d[:, -1].mean() > 200.0


def test_sun_synchronous_inclination():
    # Node precession of 360 deg per tropical year at 800 km needs i = 98.6 deg
    # (Vallado 2013, sec. 9.6; Wertz, Space Mission Analysis and Design, table).
    a = 6378.137e3 + 800e3  # the textbook's 800 km: above the equatorial radius (WGS-84)
    target = 2 * np.pi / (365.2422 * 86400.0)
    inc = np.radians(np.linspace(97.0, 100.0, 30001))
    raan_dot, _, _ = j2_secular_rates(a, 0.0, inc)
    i_ss = np.degrees(inc[np.argmin(np.abs(raan_dot - target))])
    assert i_ss == pytest.approx(98.6, abs=0.05)


def test_critical_inclination_freezes_perigee():
    _, argp_dot, _ = j2_secular_rates(7000e3, 0.01, np.arccos(np.sqrt(1 / 5)))
    assert abs(argp_dot) < 1e-15


def test_kepler_solver():
    rng = np.random.default_rng(0)
    m = rng.uniform(0, 2 * np.pi, 1000)
    e = rng.uniform(0, 0.9, 1000)
    big = solve_kepler(m, e)
    np.testing.assert_allclose(np.mod(big - e * np.sin(big), 2 * np.pi), np.mod(m, 2 * np.pi),
                               atol=1e-12)


def test_radius_and_period_of_circular_orbits():
    c = walker_delta(700e3, np.radians(70), 8, 2, 1)
    period = orbital_period_s(c.semi_major_axis_m[0])
    p = propagate(c, np.linspace(0, period, 7))
    np.testing.assert_allclose(np.linalg.norm(p, axis=-1), c.semi_major_axis_m[0], rtol=1e-12)
    # max latitude equals the inclination
    lat, _ = SPHERE.latlon_rad(propagate(c, np.linspace(0, period, 2000)))
    assert np.degrees(lat.max()) == pytest.approx(70.0, abs=0.01)


def test_ecef_is_eci_rotated_by_earth_rotation_angle():
    c = _test_constellation()
    t = np.linspace(0, 5000, 11)
    gmst0 = 1.234
    eci = propagate(c, t)
    ecef = propagate(c, t, frame="ecef", gmst0_rad=gmst0)
    np.testing.assert_allclose(
        ecef, eci_to_ecef(eci, t, theta0_rad=gmst0)[0], atol=1e-6
    )


def test_propagate_each_matches_propagate_and_float32():
    c = _test_constellation()
    t = np.linspace(0, 3000, 5)
    full = propagate(c, t, frame="ecef")
    each = propagate_each(c, np.tile(t, (c.n_satellites, 1)), frame="ecef")
    np.testing.assert_allclose(each, full, atol=1e-6)
    f32 = propagate(c, t, frame="ecef", dtype=np.float32)
    assert f32.dtype == np.float32
    np.testing.assert_allclose(f32, full, atol=2.0)


def test_bad_frame_is_rejected():
    with pytest.raises(ValueError, match="frame"):
        propagate(walker_delta(500e3, 1.0, 4, 2), [0.0], frame="teme")
