"""Figures of merit: the density formula against propagated constellations and brute force."""

import numpy as np
import pytest

from opendome.core.earth import SPHERE
from opendome.space.coverage import (
    absentee_ratio,
    cap_fraction,
    cap_fraction_small_cap,
    count_in_reach,
    coverage_stats,
    density_per_sr,
    engageable_counts,
    expected_in_reach,
    interceptors_in_reach_at_random_times,
)
from opendome.space.propagation import propagate
from opendome.space.reach import BoostProfile, KillVehicle
from opendome.space.walker import random_shell, walker_delta

INC = np.radians(55.0)
ALT = 500e3


def _reach_for_cap(theta, alt=ALT):
    rs = SPHERE.radius_m_at(alt)
    rt = SPHERE.radius_m
    return np.sqrt(rs**2 + rt**2 - 2 * rs * rt * np.cos(theta))


def test_density_integrates_to_one_over_the_sphere():
    # integral of sigma/N over the band |phi| < i, d(Omega) = 2 pi cos(phi) dphi
    u = np.linspace(-np.pi / 2, np.pi / 2, 200001)[1:-1]
    phi = np.arcsin(np.sin(INC) * np.sin(u))  # substitution removes the edge singularity
    dphi_du = np.sin(INC) * np.cos(u) / np.cos(phi)
    total = np.trapezoid(density_per_sr(phi, INC) * 2 * np.pi * np.cos(phi) * dphi_du, u)
    assert total == pytest.approx(1.0, rel=1e-4)
    assert density_per_sr(np.radians(60), INC) == 0.0
    # at the equator: N / (2 pi^2 sin i)
    assert density_per_sr(0.0, INC, 1000) == pytest.approx(1000 / (2 * np.pi**2 * np.sin(INC)))


def test_cap_fraction_tends_to_small_cap_formula():
    lat = np.radians([0.0, 20.0, 40.0])
    for theta in np.radians([0.5, 1.0, 2.0]):
        np.testing.assert_allclose(
            cap_fraction(lat, INC, theta), cap_fraction_small_cap(lat, INC, theta), rtol=5e-3
        )


@pytest.fixture(scope="module")
def walker_counts():
    c = walker_delta(ALT, INC, 1000, 40, 1)
    t = np.arange(0.0, 86400.0, 60.0)
    lats = np.radians([0.0, 30.0, 45.0, 54.0])
    theta = np.radians(5.0)
    counts = count_in_reach(c, t, lats, np.zeros(lats.size), _reach_for_cap(theta))
    return c, lats, theta, counts


def test_density_formula_against_propagated_walker(walker_counts):
    # time-averaged count of a propagated 55: 1000/40/1 shell in a 5-deg cap
    c, lats, theta, counts = walker_counts
    mean = counts.mean(axis=0)
    integrated = expected_in_reach(c.n_satellites, lats, INC, theta)
    small = expected_in_reach(c.n_satellites, lats, INC, theta, method="small")
    np.testing.assert_allclose(mean, integrated, rtol=0.03)
    # the small-cap formula holds away from the turning latitude ...
    np.testing.assert_allclose(mean[:3], small[:3], rtol=0.03)
    # ... and fails next to it (54 deg in a 55-deg shell): the density varies across the cap
    assert small[3] > 1.5 * mean[3]


def test_integrated_fraction_against_random_shell_monte_carlo():
    rng = np.random.default_rng(7)
    n = 200_000
    c = random_shell(ALT, INC, n, rng)
    lat, theta = np.radians(50.0), np.radians(8.0)  # large cap near the turning latitude
    got = count_in_reach(c, [0.0], lat, 0.3, _reach_for_cap(theta))[0]
    p = cap_fraction(lat, INC, theta)
    sigma = np.sqrt(n * p * (1 - p))
    assert abs(got - n * p) < 4 * sigma
    # a cap beyond the inclination still catches satellites near their turning point
    p_out = cap_fraction(np.radians(58.0), INC, theta)
    got_out = count_in_reach(c, [0.0], np.radians(58.0), 0.3, _reach_for_cap(theta))[0]
    assert p_out > 0 and cap_fraction_small_cap(np.radians(58.0), INC, theta) == 0
    assert abs(got_out - n * p_out) < 4 * np.sqrt(n * p_out)


def test_absentee_ratio_is_inverse_fraction():
    lat, theta = np.radians(40.0), np.radians(3.0)
    assert absentee_ratio(lat, INC, theta) == pytest.approx(1 / cap_fraction(lat, INC, theta))
    assert absentee_ratio(np.radians(80.0), INC, theta) == np.inf


def test_count_in_reach_matches_brute_force():
    c = walker_delta(400e3, np.radians(50), 120, 12, 3)
    t = np.linspace(0, 7200, 37)
    lat, lon = np.radians([40.0, -10.0]), np.radians([127.0, 30.0])
    reach = 1500e3
    counts = count_in_reach(c, t, lat, lon, reach, target_altitude_m=150e3, gmst0_rad=0.4)
    pos = propagate(c, t, frame="ecef", gmst0_rad=0.4)
    site = SPHERE.point_m(lat, lon, 150e3)
    d = np.linalg.norm(pos[:, :, None, :] - site, axis=-1)
    np.testing.assert_array_equal(counts, (d <= reach).sum(axis=0))
    alive = np.arange(c.n_satellites) % 2 == 0
    counts_alive = count_in_reach(c, t, lat, lon, reach, target_altitude_m=150e3,
                                  gmst0_rad=0.4, alive=alive)
    np.testing.assert_array_equal(counts_alive, (d[alive] <= reach).sum(axis=0))


def test_random_times_api_for_the_engine():
    c = walker_delta(300e3, np.radians(45), 400, 20, 10)
    a = interceptors_in_reach_at_random_times(
        c, np.radians(40), np.radians(127), 2000e3, 50, np.random.default_rng(1),
        target_altitude_m=200e3,
    )
    b = interceptors_in_reach_at_random_times(
        c, np.radians(40), np.radians(127), 2000e3, 50, np.random.default_rng(1),
        target_altitude_m=200e3,
    )
    assert a.shape == (50,) and a.dtype.kind == "i"
    np.testing.assert_array_equal(a, b)
    killed = interceptors_in_reach_at_random_times(
        c, np.radians(40), np.radians(127), 2000e3, 50, np.random.default_rng(1),
        target_altitude_m=200e3, alive=np.zeros(c.n_satellites, bool),
    )
    assert not killed.any()
    many = interceptors_in_reach_at_random_times(
        c, np.radians([40, 0]), np.radians([127, 0]), 2000e3, 7, np.random.default_rng(1)
    )
    assert many.shape == (7, 2)


def _engage_brute_force(c, epochs, thr, offs, reach):
    n_launch = thr.shape[0]
    counts = np.zeros((epochs.size, n_launch), int)
    for e, t0 in enumerate(epochs):
        pos = propagate(c, t0 + offs, frame="ecef")  # (sat, off, 3)
        for ln in range(n_launch):
            d = np.linalg.norm(pos - thr[ln], axis=-1)
            counts[e, ln] = np.sum(np.any(d <= reach, axis=1))
    return counts


def test_engagement_matches_brute_force():
    c = random_shell(300e3, np.radians(45), 3000, np.random.default_rng(2))
    kv = KillVehicle.from_km_s_and_g(4.0, 10.0)
    offs = np.arange(70.0, 171.0, 10.0)
    reach = kv.reach_m(offs - 70.0)
    prof = BoostProfile(170.0, 200e3, 500e3)
    thr = prof.position_ecef_m(np.radians([40.0, 40.0, 41.0]), np.radians([127.0, 127.0, 129.0]),
                               np.radians([10.0, 50.0, 30.0]), offs)
    epochs = np.arange(0.0, 3000.0, 100.0)
    eng = engageable_counts(c, epochs, thr, offs, reach, chunk=7)
    np.testing.assert_array_equal(eng.counts, _engage_brute_force(c, epochs, thr, offs, reach))
    assert eng.counts.sum() > 0
    # capacity: one carrier per launch; at most the number of launches
    cap = eng.capacity()
    assert np.all(cap <= 3) and np.all(cap <= (eng.counts > 0).sum(axis=1))
    assert np.all(cap >= (eng.counts.max(axis=1) > 0))


def test_capacity_is_a_matching():
    # two launches from the same point, three carriers that can reach both -> capacity 2;
    # if only one carrier can reach both, capacity 1
    c = random_shell(300e3, np.radians(45), 2000, np.random.default_rng(5))
    offs = np.array([0.0])
    site = SPHERE.point_m(np.radians(30.0), 0.0, 200e3)
    thr = np.stack([site[None], site[None]])
    eng = engageable_counts(c, np.arange(0, 6000.0, 60.0), thr, offs, np.array([800e3]))
    np.testing.assert_array_equal(eng.counts[:, 0], eng.counts[:, 1])
    np.testing.assert_array_equal(eng.capacity(), np.minimum(2, eng.counts[:, 0]))


def test_coverage_stats():
    counts = np.array([0, 1, 2, 3, 4, 2])
    st = coverage_stats(counts, 120, k=2, percentiles=(50.0,))
    assert st.minimum == 0 and st.mean == 2.0
    assert st.fraction_at_least_k == pytest.approx(4 / 6)
    assert st.absentee_ratio == 60.0
    two = coverage_stats(np.array([[1, 3], [2, 0]]), 10)
    assert two.minimum == 0 and two.mean == 0.5  # worst launch at each time


def test_numba_and_numpy_paths_agree():
    c = walker_delta(550e3, np.radians(53), 600, 30, 7)
    t = np.arange(0.0, 7200.0, 30.0)
    lat, lon = np.radians([10.0, 45.0, 52.0]), np.radians([0.0, 100.0, -60.0])
    kw = dict(target_altitude_m=100e3, gmst0_rad=0.7)
    fused = count_in_reach(c, t, lat, lon, 900e3, method="numba", **kw)
    plain = count_in_reach(c, t, lat, lon, 900e3, method="numpy", **kw)
    assert np.abs(fused - plain).max() <= 1  # boundary cases may differ by rounding only
    assert np.mean(fused == plain) > 0.999
    with pytest.raises(ValueError, match="method"):
        count_in_reach(c, t, lat, lon, 900e3, method="gpu")


def test_multi_shell_counts_match_brute_force():
    from opendome.space.walker import ShellSpec, build

    c = build([
        ShellSpec(300e3, np.radians(45), 10, 12, 5),
        ShellSpec(1100e3, np.radians(87), 6, 8, 1, raan_spread_rad=np.pi),
        ShellSpec(550e3, np.radians(53), 8, 10, 3),
    ])
    t = np.linspace(0, 20000, 41)
    lat, lon = np.radians([40.0, 70.0]), np.radians([127.0, -40.0])
    reach = 1200e3
    pos = propagate(c, t, frame="ecef")
    d = np.linalg.norm(pos[:, :, None, :] - SPHERE.point_m(lat, lon, 200e3), axis=-1)
    want = (d <= reach).sum(axis=0)
    for method in ("numba", "numpy"):
        got = count_in_reach(c, t, lat, lon, reach, target_altitude_m=200e3, method=method)
        np.testing.assert_array_equal(got, want)
    assert want.sum() > 0  # the shells do reach the sites


def test_multi_shell_analytic_mean_against_propagation():
    from opendome.space.coverage import expected_in_reach_of
    from opendome.space.walker import ShellSpec, build

    c = build([ShellSpec(400e3, np.radians(50), 30, 20, 7),
               ShellSpec(900e3, np.radians(70), 20, 15, 3)])
    lat = np.radians([20.0, 45.0])
    t = np.arange(0.0, 86400.0, 60.0)
    sim = count_in_reach(c, t, lat, np.zeros(2), 900e3, target_altitude_m=100e3).mean(axis=0)
    ana = expected_in_reach_of(c, lat, 900e3, target_altitude_m=100e3)
    np.testing.assert_allclose(sim, ana, rtol=0.04)
