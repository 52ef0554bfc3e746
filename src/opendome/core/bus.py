"""The post-boost bus: releasing warheads (MIRV) and decoys from a ballistic missile's bus.

After burnout the bus coasts on the missile's free-flight conic. At each release time it gives
one object the speed change that puts it on its own conic to its own aim point: the Lambert arc
from the release point whose velocity differs least from the bus's (the bus manoeuvres as little
as it can; Bate, Mueller & White 1971, ch. 5-6). Decoys accompany a warhead: they leave the bus
with the warhead's velocity (plus an optional separation velocity), fly the same midcourse and
are only told apart by the atmosphere, which slows a light decoy long before a warhead.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from numpy.typing import ArrayLike, NDArray

from opendome.core.ballistic import (
    KIND_MIN_DELTA_V,
    AimCorrector,
    BallisticTrajectories,
    coast_to_ground,
    solve_free_flight,
)
from opendome.core.earth import geodetic_to_ecef, radial_altitude_m
from opendome.core.kepler import kepler_propagate
from opendome.core.reentry import (
    DEFAULT_DECOY_BALLISTIC_COEFFICIENT_KG_PER_M2,
    DEFAULT_WARHEAD_BALLISTIC_COEFFICIENT_KG_PER_M2,
)
from opendome.core.trajectory import (
    PHASE_POST_BOOST,
    STATUS_DELTA_V_EXCEEDED,
    STATUS_NO_IMPACT,
    STATUS_OK,
    STATUS_OUT_OF_RANGE,
)

FloatArray = NDArray[np.float64]


def _bus_state_at(bus: BallisticTrajectories, time_s: FloatArray) -> tuple[FloatArray, FloatArray]:
    dt = (time_s - bus.burnout_time_s)[:, None]
    r, v = kepler_propagate(bus.burnout_position_eci_m, bus.burnout_velocity_eci_m_per_s, dt)
    return r[:, 0], v[:, 0]


def _with_flight(
    parent: BallisticTrajectories,
    release_time_s: FloatArray,
    r_rel: FloatArray,
    v_rel: FloatArray,
    aim: FloatArray,
    beta: FloatArray,
    status: NDArray[np.int64],
) -> BallisticTrajectories:
    good = status == STATUS_OK
    r_rel = np.where(good[:, None], r_rel, np.nan)
    v_rel = np.where(good[:, None], v_rel, np.nan)
    t_e, r_e, v_e, t_imp, impact = coast_to_ground(
        r_rel, v_rel, release_time_s, aim, beta, parent.theta0_rad, parent.rotation_rad_per_s
    )
    status = np.where(good & np.isnan(t_imp), STATUS_NO_IMPACT, status)
    return replace(
        parent,
        release_time_s=release_time_s,
        release_position_eci_m=r_rel,
        release_velocity_eci_m_per_s=v_rel,
        entry_time_s=t_e,
        entry_position_eci_m=r_e,
        entry_velocity_eci_m_per_s=v_e,
        impact_time_s=t_imp,
        impact_position_ecef_m=impact,
        aim_position_ecef_m=aim,
        ground_altitude_m=radial_altitude_m(aim),
        ballistic_coefficient_kg_per_m2=beta,
        coast_phase=np.full(len(status), PHASE_POST_BOOST, dtype=np.int64),
        status=status,
    )


def release_warheads(
    bus: BallisticTrajectories,
    bus_index: ArrayLike,
    release_time_s: ArrayLike,
    aim_latitude_rad: ArrayLike,
    aim_longitude_rad: ArrayLike,
    aim_altitude_m: ArrayLike = 0.0,
    *,
    ballistic_coefficient_kg_per_m2: ArrayLike = DEFAULT_WARHEAD_BALLISTIC_COEFFICIENT_KG_PER_M2,
    max_delta_v_m_per_s: ArrayLike = np.inf,
    correct_for_drag: bool = True,
) -> tuple[BallisticTrajectories, FloatArray]:
    """Release ``k`` warheads from the buses ``bus_index`` at ``release_time_s`` to their aims.

    Returns the warheads' flights (boost and bus phase copied from their bus) and the speed
    change each release costs the bus (m/s). A release needing more than
    ``max_delta_v_m_per_s`` gets status 'delta-v exceeded'. Release times must lie between the
    bus's burnout and its entry into the atmosphere.
    """
    idx = np.atleast_1d(np.asarray(bus_index, dtype=np.int64))
    k = idx.shape[0]
    parent = bus.select(idx)
    t_rel = np.broadcast_to(np.asarray(release_time_s, dtype=np.float64), (k,)).copy()
    ok_parent = parent.status == STATUS_OK
    late = ok_parent & ~((t_rel >= parent.burnout_time_s) & (t_rel <= parent.entry_time_s))
    if np.any(late):
        i = int(np.flatnonzero(late)[0])
        raise ValueError(
            f"release_time_s[{i}] = {t_rel[i]:.1f} s is outside the bus's coast from burnout "
            f"({parent.burnout_time_s[i]:.1f} s) to atmospheric entry "
            f"({parent.entry_time_s[i]:.1f} s): release between them"
        )
    aim = geodetic_to_ecef(
        *(np.broadcast_to(np.asarray(x, dtype=np.float64), (k,))
          for x in (aim_latitude_rad, aim_longitude_rad, aim_altitude_m))
    )
    beta = np.broadcast_to(
        np.asarray(ballistic_coefficient_kg_per_m2, dtype=np.float64), (k,)
    ).copy()
    max_dv = np.broadcast_to(np.asarray(max_delta_v_m_per_s, dtype=np.float64), (k,))
    r_rel, v_bus = _bus_state_at(parent, t_rel)
    hint = parent.impact_time_s - t_rel
    corrector = AimCorrector(aim)
    status = parent.status.copy()
    v_rel = np.full((k, 3), np.nan)
    flight = parent
    for _ in range(12):
        _, v_new, st = solve_free_flight(
            r_rel, t_rel, corrector.aim, v_bus, KIND_MIN_DELTA_V, np.inf, hint,
            parent.theta0_rad, parent.rotation_rad_per_s, active=status == STATUS_OK,
        )
        status = np.where(status == STATUS_OK, st, status)
        v_rel = np.where((status == STATUS_OK)[:, None], v_new, v_rel)
        flight = _with_flight(parent, t_rel, r_rel, v_rel, aim, beta, status)
        if not correct_for_drag or not np.any(
            corrector.update(flight.impact_position_ecef_m, flight.status == STATUS_OK)
        ):
            break
    delta_v = np.linalg.norm(flight.release_velocity_eci_m_per_s - v_bus, axis=-1)
    status = flight.status.copy()
    status[(status == STATUS_OK) & (delta_v > max_dv)] = STATUS_DELTA_V_EXCEEDED
    status[status == STATUS_OUT_OF_RANGE] = STATUS_DELTA_V_EXCEEDED
    if np.any(status != flight.status):
        flight = _with_flight(parent, t_rel, flight.release_position_eci_m,
                              flight.release_velocity_eci_m_per_s, aim, beta, status)
    return flight, delta_v


def release_decoys(
    warheads: BallisticTrajectories,
    warhead_index: ArrayLike,
    *,
    ballistic_coefficient_kg_per_m2: ArrayLike = DEFAULT_DECOY_BALLISTIC_COEFFICIENT_KG_PER_M2,
    separation_velocity_eci_m_per_s: ArrayLike = 0.0,
) -> BallisticTrajectories:
    """Decoys accompanying warheads: released with them, plus a separation velocity ``(k, 3)``.

    A decoy is not aimed; it lands where its own flight takes it (short of the warhead, since the
    atmosphere slows it down).
    """
    idx = np.atleast_1d(np.asarray(warhead_index, dtype=np.int64))
    k = idx.shape[0]
    parent = warheads.select(idx)
    beta = np.broadcast_to(
        np.asarray(ballistic_coefficient_kg_per_m2, dtype=np.float64), (k,)
    ).copy()
    dv = np.broadcast_to(np.asarray(separation_velocity_eci_m_per_s, dtype=np.float64), (k, 3))
    return _with_flight(
        parent, parent.release_time_s, parent.release_position_eci_m,
        parent.release_velocity_eci_m_per_s + dv, parent.aim_position_ecef_m, beta,
        parent.status.copy(),
    )
