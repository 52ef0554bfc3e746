"""Fly a catalog missile from a launch point to an aim point with the right ``core`` model.

One place maps a missile class's catalog parameters to the flight models of ``core``
(ballistic, fractional-orbital, glide, cruise); the plan stage and the ``trajectory`` command
both use it. Flights that cannot be computed come back with a non-zero ``status`` (see
:data:`opendome.core.trajectory.TRAJECTORY_STATUS`), never an exception.
"""

from __future__ import annotations

import math

import numpy as np

from opendome.catalog import (
    BallisticMissile,
    CruiseMissile,
    FractionalOrbitalMissile,
    GlideVehicle,
    Missile,
)
from opendome.core.ballistic import BallisticTrajectories, ballistic_trajectory
from opendome.core.bus import release_warheads
from opendome.core.cruise import cruise_trajectory
from opendome.core.fobs import fobs_trajectory
from opendome.core.glide import glide_trajectory
from opendome.core.trajectory import STATUS_OK, Trajectories


def fly(missile: Missile, launch_deg: tuple[float, float], aim_deg: tuple[float, float], *,
        kind: str | None = None, launch_time_s: float = 0.0) -> Trajectories:
    """Return the flight of one missile (``n = 1``) from ``launch_deg`` to ``aim_deg``.

    ``kind`` (min-energy, lofted, depressed) applies to ballistic missiles only; it raises
    ValueError for other profiles. The catalog checked every parameter when it loaded.
    """
    profile = missile.flight_profile
    if kind is not None and profile != "ballistic":
        raise ValueError(f"trajectory type applies to ballistic missiles only; '{missile.key}' "
                         f"is a {profile} missile")
    src = (math.radians(launch_deg[0]), math.radians(launch_deg[1]))
    dst = (math.radians(aim_deg[0]), math.radians(aim_deg[1]))
    if isinstance(missile, BallisticMissile):
        return ballistic_trajectory(*src, *dst, burn_time_s=missile.burn_time_s,
                                    burnout_altitude_m=missile.burnout_altitude_m,
                                    burnout_speed_m_per_s=missile.burnout_speed_m_per_s,
                                    kind=kind or "min-energy", launch_time_s=launch_time_s)
    if isinstance(missile, FractionalOrbitalMissile):
        return fobs_trajectory(*src, *dst, burn_time_s=missile.burn_time_s,
                               orbit_altitude_m=missile.burnout_altitude_m,
                               launch_time_s=launch_time_s)
    if isinstance(missile, GlideVehicle):
        return glide_trajectory(*src, *dst, burn_time_s=missile.burn_time_s,
                                burnout_speed_m_per_s=missile.burnout_speed_m_per_s,
                                burnout_altitude_m=missile.burnout_altitude_m,
                                glide_altitude_m=missile.glide_altitude_m,
                                lift_to_drag=missile.lift_to_drag, launch_time_s=launch_time_s)
    if isinstance(missile, CruiseMissile):
        return cruise_trajectory([src[0], dst[0]], [src[1], dst[1]],
                                 speed_m_per_s=missile.cruise_speed_m_per_s,
                                 altitude_m=missile.cruise_altitude_m,
                                 launch_time_s=launch_time_s)
    raise TypeError(f"no flight model for a {type(missile).__name__} ('{missile.key}')")


BUS_RELEASE_DELAY_S = 60.0
"""Time from burnout to the bus's release of warheads to their own aim points. Notional: post-boost
vehicles release over several minutes (APS 2003 on the bus phase); one release time is taken for
all warheads of a missile."""


def fly_to_aims(missile: Missile, launch_deg: tuple[float, float],
                aims_deg: list[tuple[float, float]]) -> Trajectories:
    """Return one flight per aim point (``n = len(aims_deg)``) of a salvo's missiles.

    A ballistic missile's bus flies to the first aim point and releases a warhead to each aim
    point :data:`BUS_RELEASE_DELAY_S` after burnout (:func:`opendome.core.bus.release_warheads`);
    with one aim point the missile's own flight is returned. Other profiles carry one warhead
    per aim point on missiles of their own: callers fly each aim with :func:`fly`.
    """
    bus = fly(missile, launch_deg, aims_deg[0])
    if (len(aims_deg) == 1 or not isinstance(missile, BallisticMissile)
            or bus.status[0] != STATUS_OK):
        return bus
    assert isinstance(bus, BallisticTrajectories)
    lat, lon = np.radians(np.array(aims_deg, dtype=np.float64)).T
    warheads, _ = release_warheads(bus, np.zeros(len(aims_deg), np.int64),
                                   bus.burnout_time_s[0] + BUS_RELEASE_DELAY_S, lat, lon)
    return warheads
