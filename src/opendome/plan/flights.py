"""Fly a catalog missile from a launch point to an aim point with the right ``core`` model.

One place maps a missile class's catalog parameters to the flight models of ``core``
(ballistic, fractional-orbital, glide, cruise); the plan stage and the ``trajectory`` command
both use it. Flights that cannot be computed come back with a non-zero ``status`` (see
:data:`opendome.core.trajectory.TRAJECTORY_STATUS`), never an exception.
"""

from __future__ import annotations

import math

from opendome.catalog import (
    BallisticMissile,
    CruiseMissile,
    FractionalOrbitalMissile,
    GlideVehicle,
    Missile,
)
from opendome.core.ballistic import ballistic_trajectory
from opendome.core.cruise import cruise_trajectory
from opendome.core.fobs import fobs_trajectory
from opendome.core.glide import glide_trajectory
from opendome.core.trajectory import Trajectories


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
