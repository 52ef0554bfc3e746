"""The exponential atmosphere against the U.S. Standard Atmosphere 1976 table."""

from __future__ import annotations

import numpy as np

from opendome.core.atmosphere import (
    ATMOSPHERE_TOP_M,
    air_density_kg_per_m3,
    altitude_of_density_m,
)

# U.S. Standard Atmosphere, 1976 (NOAA/NASA/USAF), table 1: density, kg/m^3, every 10 km
USSA_1976_ALTITUDE_M = np.arange(0.0, 100_001.0, 10_000.0)
USSA_1976_DENSITY = np.array([
    1.225, 4.1351e-1, 8.8910e-2, 1.8410e-2, 3.9957e-3, 1.0269e-3, 3.0968e-4, 8.2829e-5,
    1.8458e-5, 3.4163e-6, 5.6040e-7,
])


def test_density_within_a_factor_one_and_a_half_of_the_standard_atmosphere() -> None:
    ratio = air_density_kg_per_m3(USSA_1976_ALTITUDE_M) / USSA_1976_DENSITY
    assert np.all((ratio > 1 / 1.5) & (ratio < 1.5))
    assert ratio[0] == 1.0


def test_no_air_above_the_entry_interface_and_inverse() -> None:
    assert air_density_kg_per_m3(ATMOSPHERE_TOP_M + 1.0) == 0.0
    h = np.array([0.0, 25e3, 80e3])
    np.testing.assert_allclose(altitude_of_density_m(air_density_kg_per_m3(h)), h, atol=1e-6)
