"""Two-body propagation and Lambert's problem: invariants and numerical integration."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.integrate import solve_ivp

from opendome.core.constants import EARTH_GM_M3_PER_S2 as MU
from opendome.core.kepler import (
    kepler_propagate,
    specific_angular_momentum,
    specific_energy,
    time_to_radius_many,
)
from opendome.core.lambert import lambert, minimum_energy_tof

CENTIMETRE = 1e-2


def two_body(_t: float, y: np.ndarray) -> np.ndarray:
    r = y[:3]
    return np.concatenate([y[3:], -MU * r / np.linalg.norm(r) ** 3])


def states(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    r = rng.normal(size=(n, 3))
    r *= (rng.uniform(6.5e6, 4.2e7, n) / np.linalg.norm(r, axis=1))[:, None]
    v = rng.normal(size=(n, 3))
    v *= (rng.uniform(0.3, 1.3, n) * np.sqrt(2 * MU / np.linalg.norm(r, axis=1))
          / np.linalg.norm(v, axis=1))[:, None]
    return r, v


def test_propagation_matches_solve_ivp_for_ellipses_and_hyperbolas() -> None:
    r0, v0 = states(12, 1)
    t = np.linspace(0.0, 7200.0, 25)
    r, v = kepler_propagate(r0, v0, t)
    for i in range(len(r0)):
        ref = solve_ivp(two_body, (0, t[-1]), np.concatenate([r0[i], v0[i]]), method="DOP853",
                        t_eval=t, rtol=1e-12, atol=1e-6)
        assert np.max(np.linalg.norm(ref.y[:3].T - r[i], axis=1)) < 1.0
        assert np.max(np.linalg.norm(ref.y[3:].T - v[i], axis=1)) < 1e-3


@settings(max_examples=60, deadline=None)
@given(
    radius=st.floats(6.4e6, 5e7),
    speed_ratio=st.floats(0.2, 1.4),
    angle=st.floats(0.01, np.pi - 0.01),  # not rectilinear: those fall through the centre
    dt=st.floats(-2e5, 2e5),
)
def test_energy_and_angular_momentum_are_conserved(
    radius: float, speed_ratio: float, angle: float, dt: float
) -> None:
    r0 = np.array([[radius, 0.0, 0.0]])
    speed = speed_ratio * np.sqrt(2 * MU / radius)
    c, s = np.cos(angle), np.sin(angle)
    v0 = speed * np.array([[c, 0.8 * s, 0.6 * s]])
    r, v = kepler_propagate(r0, v0, np.array([[dt]]))
    e0 = specific_energy(r0, v0)[0]
    h0 = specific_angular_momentum(r0, v0)[0]
    e1 = specific_energy(r[0, 0], v[0, 0])
    h1 = specific_angular_momentum(r[0, 0], v[0, 0])
    # energy is a difference of terms of order mu/r: double precision leaves ~1e-9 of them
    assert abs(e1 - e0) <= 1e-8 * MU / radius
    assert np.linalg.norm(h1 - h0) <= 1e-8 * np.linalg.norm(h0)


def test_lambert_recovers_the_velocity_of_a_propagated_arc() -> None:
    r0, v0 = states(40, 2)
    energy = specific_energy(r0, v0)
    ok = energy < 0
    a = -MU / (2 * energy[ok])
    period = 2 * np.pi * np.sqrt(a**3 / MU)
    tof = 0.3 * period  # less than one revolution, transfer angle not 0 or pi
    r1, v1 = kepler_propagate(r0[ok], v0[ok], tof[:, None])
    h = np.cross(r0[ok], v0[ok])
    long_way = np.sum(np.cross(r0[ok], r1[:, 0]) * h, axis=1) < 0
    va, vb, good = lambert(r0[ok], r1[:, 0], tof, long_way)
    assert np.all(good)
    np.testing.assert_allclose(va, v0[ok], atol=1e-5 * np.linalg.norm(v0[ok], axis=1).max())
    np.testing.assert_allclose(vb, v1[:, 0], atol=1e-5 * np.linalg.norm(v0[ok], axis=1).max())


def test_minimum_energy_time_is_the_least_lambert_speed() -> None:
    # Lagrange's minimum-energy time: the Lambert speed there is the smallest of nearby times
    r1 = np.array([6.5e6, 0.0, 0.0])
    r2 = 6.6e6 * np.array([np.cos(1.5), np.sin(1.5), 0.0])
    tm = minimum_energy_tof(r1, r2, False, MU)
    times = tm * np.array([0.95, 0.99, 1.0, 1.01, 1.05])
    v1, _, _ = lambert(np.tile(r1, (5, 1)), np.tile(r2, (5, 1)), times)
    speed = np.linalg.norm(v1, axis=1)
    assert np.argmin(speed) == 2


def test_time_to_radius_lands_on_that_radius() -> None:
    r0 = np.array([[6.6e6, 0.0, 0.0]])
    v0 = np.array([[2000.0, 7000.0, 0.0]])
    dt = time_to_radius_many(r0, v0, np.array([6.5e6]), True, MU)
    r, v = kepler_propagate(r0, v0, dt[:, None])
    assert abs(np.linalg.norm(r[0, 0]) - 6.5e6) < CENTIMETRE
    assert np.dot(r[0, 0], v[0, 0]) < 0  # descending
