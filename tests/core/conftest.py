"""Shared flights of the core tests."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pytest

from opendome.core.cruise import CruiseTrajectories, cruise_trajectory
from opendome.core.earth import geodetic_to_ecef, great_circle_destination
from opendome.core.trajectory import flight_time_grid

RAD = np.radians


@dataclass(frozen=True)
class InboundCruise:
    """A sea-skimming cruise missile flying 1,000 km due east onto a coastal aim point."""

    flight: CruiseTrajectories
    times_s: np.ndarray
    position_ecef_m: np.ndarray
    site_ecef_m: np.ndarray
    """A sensor or launcher 10 m up at the aim point."""
    speed_m_per_s: float
    altitude_m: float


@pytest.fixture(scope="module")
def inbound_cruise() -> InboundCruise:
    """Subsonic (245 m/s) at 30 m, launched 1,000 km west of 35 N 139 E; 1-s time grid."""
    aim = (RAD(35.0), RAD(139.0))
    start = great_circle_destination(*aim, RAD(270.0), 1.0e6)
    cm = cruise_trajectory([start[0], aim[0]], [start[1], aim[1]], speed_m_per_s=245.0,
                           altitude_m=30.0)
    t = flight_time_grid(cm, 1.0)
    return InboundCruise(cm, t, cm.position_ecef_m(t), geodetic_to_ecef(*aim, 10.0), 245.0, 30.0)
