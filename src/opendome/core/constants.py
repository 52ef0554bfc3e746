"""Physical constants in SI units, each with its source.

Names carry the unit. Values are those of the defining documents, not rounded.
"""

# WGS-84: NIMA TR8350.2, "Department of Defense World Geodetic System 1984", 3rd ed., 2000,
# Table 3.1.
EARTH_GM_M3_PER_S2 = 3.986004418e14
"""Earth's gravitational parameter mu, m^3/s^2 (WGS-84, incl. atmosphere)."""
EARTH_EQUATORIAL_RADIUS_M = 6378137.0
"""WGS-84 semi-major axis a, m."""
EARTH_FLATTENING = 1.0 / 298.257223563
"""WGS-84 flattening f."""
EARTH_ROTATION_RAD_PER_S = 7.292115e-5
"""WGS-84 nominal mean angular velocity of the Earth, rad/s."""
EARTH_J2 = 1.08262982e-3
"""Second zonal harmonic J2 (EGM96 normalized C20 = -4.84165371736e-4 times -sqrt(5))."""

EARTH_MEAN_RADIUS_M = 6371008.8
"""Mean radius R1 = (2a + b)/3 of WGS-84, m (Moritz, "Geodetic Reference System 1980", 1980)."""

STANDARD_GRAVITY_M_PER_S2 = 9.80665
"""Standard acceleration of gravity g0, m/s^2 (CGPM 1901, exact)."""

SECONDS_PER_DAY = 86400.0
SIDEREAL_DAY_S = 86164.0905
"""Mean sidereal day, s (IERS Conventions 2010)."""

EFFECTIVE_EARTH_RADIUS_FACTOR = 4.0 / 3.0
"""Standard-refraction effective Earth radius factor k for radar horizons (Skolnik, Radar
Handbook, 3rd ed., 2008, ch. 26)."""
