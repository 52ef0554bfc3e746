"""An exponential atmosphere, enough for re-entry drag and equilibrium glide at planning level."""

from __future__ import annotations

import math

import numpy as np
from numba import njit
from numpy.typing import ArrayLike, NDArray

SEA_LEVEL_DENSITY_KG_PER_M3 = 1.225
"""Air density at sea level (U.S. Standard Atmosphere, 1976, NOAA/NASA/USAF, table 1)."""
DENSITY_SCALE_HEIGHT_M = 7000.0
"""Scale height: least-squares fit of ln(density), sea-level value held at 1.225 kg/m^3, to the
U.S. Standard Atmosphere 1976 table every 10 km from 0 to 100 km (gives 7,076 m; rounded). The
table's densities are within a factor 1.5 of the model over that range
(``tests/test_flight_atmosphere.py`` checks it)."""
ATMOSPHERE_TOP_M = 121920.0
"""Entry interface, 400,000 ft: the altitude where NASA conventionally starts re-entry; the
model has no air above it (the fit gives 3e-8 kg/m^3 there, a deceleration under 0.01 m/s^2 for
a warhead)."""


@njit(cache=True, error_model="numpy")
def density_scalar(altitude_m: float) -> float:
    """Air density at one altitude, kg/m^3 (0 above :data:`ATMOSPHERE_TOP_M`)."""
    if altitude_m > ATMOSPHERE_TOP_M:
        return 0.0
    return SEA_LEVEL_DENSITY_KG_PER_M3 * math.exp(-altitude_m / DENSITY_SCALE_HEIGHT_M)


def air_density_kg_per_m3(altitude_m: ArrayLike) -> NDArray[np.float64]:
    """Air density of the exponential model at altitudes (arrays), kg/m^3."""
    h = np.asarray(altitude_m, dtype=np.float64)
    rho = SEA_LEVEL_DENSITY_KG_PER_M3 * np.exp(-h / DENSITY_SCALE_HEIGHT_M)
    return np.where(h > ATMOSPHERE_TOP_M, 0.0, rho)


def altitude_of_density_m(density_kg_per_m3: ArrayLike) -> NDArray[np.float64]:
    """Inverse of :func:`air_density_kg_per_m3` below the top of the model."""
    rho = np.asarray(density_kg_per_m3, dtype=np.float64)
    return -DENSITY_SCALE_HEIGHT_M * np.log(rho / SEA_LEVEL_DENSITY_KG_PER_M3)
