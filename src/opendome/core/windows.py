"""Interceptor fly-out and engagement windows: when a layer can hit an object, and how often.

For one object seen from one interceptor site, on the object's sampled trajectory:

1. reach: at time ``t`` the object is in a phase the layer engages, between the interceptor's
   minimum and maximum intercept altitudes and within its maximum ground range of the site;
2. fly-out: an interceptor (speed change ``v_bo`` reached at acceleration ``a``) needs
   ``t_fly(d) = sqrt(2 d / a)`` while burning, ``d / v_bo + v_bo / (2 a)`` after, to cover the
   straight-line distance ``d`` from the site (the same kinematics as the space-based kill
   vehicle reach of docs/design.md, inverted);
3. timing budget: detect -> track -> decide -> launch -> intercept -> assess -> re-engage. The
   first launch can leave at ``track + decision``; an intercept at ``t`` needs a launch at
   ``t - t_fly``; after an intercept the layer waits ``assessment`` and decides again before the
   next launch (shoot-look-shoot).

The window is ``[earliest, latest]`` feasible intercept; the shoot-look-shoot opportunities are
counted greedily (earliest intercept first, which maximizes the count). An object the layer
cannot engage gets zero opportunities and a reason code (:data:`ENGAGEMENT_REASONS`,
code -> message, as sgp4's ``SGP4_ERRORS``). Times are resolved to the trajectory's sampling.

Shapes: trajectory positions ``(..., m, 3)`` with times ``(m,)`` or ``(..., m)``; a site
``(..., 3)`` (fixed) or ``(..., m, 3)`` with ``site_moves=True`` (e.g. a space-based
interceptor's carrier, sampled at the same times). Leading axes broadcast, so one call can cover
sites x objects.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numba import njit
from numpy.typing import ArrayLike, NDArray

from opendome.core.earth import ecef_to_geodetic, ground_range_m
from opendome.core.trajectory import (
    PHASE_BOOST,
    PHASE_CRUISE,
    PHASE_GLIDE,
    PHASE_MIDCOURSE,
    PHASE_POST_BOOST,
    PHASE_TERMINAL,
)

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

ENGAGEMENT_PHASES: dict[str, tuple[int, ...]] = {
    "boost": (PHASE_BOOST,),
    "midcourse": (PHASE_POST_BOOST, PHASE_MIDCOURSE, PHASE_GLIDE),
    "terminal": (PHASE_TERMINAL, PHASE_GLIDE, PHASE_CRUISE),
}
"""Trajectory phase codes a layer of each catalog phase may engage. A glide vehicle belongs to
both midcourse and terminal layers: the altitude limits decide (it flies below a midcourse
interceptor's floor)."""

REASON_ENGAGEABLE = 0
REASON_NO_TRAJECTORY = 1
REASON_WRONG_PHASE = 2
REASON_BELOW_FLOOR = 3
REASON_ABOVE_CEILING = 4
REASON_OUT_OF_GROUND_RANGE = 5
REASON_NOT_IN_REACH = 6
REASON_NO_TRACK = 7
REASON_TOO_LATE = 8

ENGAGEMENT_REASONS: dict[int, str] = {
    REASON_ENGAGEABLE: "engageable",
    REASON_NO_TRAJECTORY: "no valid trajectory for this object",
    REASON_WRONG_PHASE: "the object is never in a flight phase this layer engages",
    REASON_BELOW_FLOOR: "the object stays below the interceptor's minimum intercept altitude"
    " whenever it is in an engageable phase",
    REASON_ABOVE_CEILING: "the object stays above the interceptor's maximum intercept altitude"
    " whenever it is in an engageable phase",
    REASON_OUT_OF_GROUND_RANGE: "the object never comes within the interceptor's maximum ground"
    " range of the site",
    REASON_NOT_IN_REACH: "the object is within the intercept altitudes only where it is out of"
    " ground range of the site",
    REASON_NO_TRACK: "the object is never tracked with fire-control quality",
    REASON_TOO_LATE: "tracked too late: by the time an interceptor can launch, it can no longer"
    " reach the object",
}


def reason_message(code: int) -> str:
    """Return the message of an engagement reason code."""
    return ENGAGEMENT_REASONS.get(int(code), f"unknown engagement reason {code}")


def phase_mask(phase: ArrayLike, layer_phase: str | tuple[int, ...]) -> NDArray[np.bool_]:
    """Mask of samples in phases a layer engages (``'boost'``, ``'midcourse'``, ``'terminal'``)."""
    codes = ENGAGEMENT_PHASES[layer_phase] if isinstance(layer_phase, str) else layer_phase
    return np.isin(np.asarray(phase), np.asarray(codes))


def flyout_time_s(
    distance_m: ArrayLike, burnout_speed_m_per_s: ArrayLike, acceleration_m_per_s2: ArrayLike
) -> FloatArray:
    """Time for an interceptor to fly ``distance_m`` in a straight line from rest.

    ``sqrt(2 d / a)`` while burning (``d <= v^2 / 2a``), then ``d / v + v / (2 a)``; an infinite
    acceleration gives ``d / v``.
    """
    d = np.asarray(distance_m, dtype=np.float64)
    v = np.asarray(burnout_speed_m_per_s, dtype=np.float64)
    a = np.asarray(acceleration_m_per_s2, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        burning = np.sqrt(2.0 * d / a)
        coasting = d / v + v / (2.0 * a)
    return np.where(d <= v * v / (2.0 * a), burning, coasting)


def flyout_reach_m(
    time_s: ArrayLike, burnout_speed_m_per_s: ArrayLike, acceleration_m_per_s2: ArrayLike
) -> FloatArray:
    """Distance an interceptor covers in ``time_s`` (inverse of :func:`flyout_time_s`).

    ``a t^2 / 2`` while burning (``t <= v / a``), then ``v (t - v / 2a)``
    (docs/design.md, kill-vehicle reach).
    """
    t = np.maximum(np.asarray(time_s, dtype=np.float64), 0.0)
    v = np.asarray(burnout_speed_m_per_s, dtype=np.float64)
    a = np.asarray(acceleration_m_per_s2, dtype=np.float64)
    with np.errstate(invalid="ignore"):
        return np.where(t <= v / a, 0.5 * a * t * t, v * (t - v / (2.0 * a)))


class EngagementWindows(NamedTuple):
    """Per object (and site) engagement window; absolute times, NaN when not engageable."""

    earliest_intercept_s: FloatArray
    latest_intercept_s: FloatArray
    opportunities: IntArray
    reason: IntArray


@njit(cache=True, error_model="numpy")
def _greedy(
    t: NDArray[np.float64],
    feasible: NDArray[np.bool_],
    launch_by: NDArray[np.float64],
    first_launch: NDArray[np.float64],
    reengage: float,
    max_shots: int,
) -> tuple[NDArray[np.int64], NDArray[np.float64]]:
    """Shoot-look-shoot count: each shot intercepts as early as its launch allows."""
    n, m = feasible.shape
    count = np.zeros(n, dtype=np.int64)
    first_intercept = np.full(n, np.nan)
    for i in range(n):
        ready = first_launch[i]
        for j in range(m):
            if count[i] >= max_shots:
                break
            if feasible[i, j] and launch_by[i, j] >= ready:
                if count[i] == 0:
                    first_intercept[i] = t[i, j]
                count[i] += 1
                ready = t[i, j] + reengage
    return count, first_intercept


def engagement_window(
    trajectory_times_s: ArrayLike,
    trajectory_positions_ecef_m: ArrayLike,
    site_ecef_m: ArrayLike,
    *,
    interceptor_burnout_speed_m_per_s: float,
    interceptor_acceleration_m_per_s2: float,
    min_intercept_altitude_m: float,
    max_intercept_altitude_m: float,
    max_ground_range_m: float,
    track_time_s: ArrayLike,
    decision_time_s: float,
    assessment_time_s: float,
    engageable: ArrayLike = True,
    trajectory_altitudes_m: ArrayLike | None = None,
    site_moves: bool = False,
    max_opportunities: int | None = None,
) -> EngagementWindows:
    """Engagement window of one layer's site against objects on sampled trajectories.

    ``track_time_s`` (per object, broadcast to the leading axes; NaN = never tracked) is the
    first fire-control-quality track (:func:`opendome.core.sensors.kill_chain_events`); the first
    launch leaves ``decision_time_s`` later. ``engageable`` masks samples in the phases this
    layer engages (:func:`phase_mask`). NaN positions (before launch, after impact) are never
    engageable. Times must increase along the last axis; intercept times are sample times.
    ``trajectory_altitudes_m`` saves recomputing geodetic altitudes for several sites. See the
    module docstring for the model and the shapes.
    """
    pos = np.asarray(trajectory_positions_ecef_m, dtype=np.float64)
    site = np.asarray(site_ecef_m, dtype=np.float64)
    if pos.ndim < 2 or pos.shape[-1] != 3:
        raise ValueError(f"trajectory positions must be (..., m, 3), got shape {pos.shape}")
    if not site_moves:
        site = site[..., None, :]
    if not (interceptor_burnout_speed_m_per_s > 0 and interceptor_acceleration_m_per_s2 > 0):
        raise ValueError("interceptor burnout speed and acceleration must be positive")
    if min(decision_time_s, assessment_time_s) < 0:
        raise ValueError("decision_time_s and assessment_time_s must be >= 0")
    alt = (
        ecef_to_geodetic(pos)[2]
        if trajectory_altitudes_m is None
        else np.asarray(trajectory_altitudes_m, dtype=np.float64)
    )
    dist = np.linalg.norm(pos - site, axis=-1)
    ground = ground_range_m(site, pos)
    shape = np.broadcast_shapes(dist.shape, alt.shape, np.shape(trajectory_times_s),
                                np.shape(engageable))
    lead = shape[:-1]
    m = shape[-1]
    t = np.broadcast_to(np.asarray(trajectory_times_s, dtype=np.float64), shape)
    alt = np.broadcast_to(alt, shape)
    dist = np.broadcast_to(dist, shape)
    ground = np.broadcast_to(ground, shape)
    valid = np.isfinite(dist) & np.isfinite(t)
    phase_ok = valid & np.broadcast_to(np.asarray(engageable, dtype=bool), shape)
    above_floor = alt >= min_intercept_altitude_m
    below_ceiling = alt <= max_intercept_altitude_m
    band = above_floor & below_ceiling
    in_range = ground <= max_ground_range_m
    reach = phase_ok & band & in_range
    track = np.broadcast_to(np.asarray(track_time_s, dtype=np.float64), lead)
    first_launch = track + decision_time_s
    with np.errstate(invalid="ignore"):
        launch_by = t - flyout_time_s(dist, interceptor_burnout_speed_m_per_s,
                                      interceptor_acceleration_m_per_s2)
        feasible = reach & (launch_by >= first_launch[..., None])
    reason = np.full(lead, REASON_ENGAGEABLE, dtype=np.int64)
    checks = (
        (~valid.any(axis=-1), REASON_NO_TRAJECTORY),
        (~phase_ok.any(axis=-1), REASON_WRONG_PHASE),
        (~(phase_ok & above_floor).any(axis=-1), REASON_BELOW_FLOOR),
        (~(phase_ok & below_ceiling).any(axis=-1), REASON_ABOVE_CEILING),
        (~(phase_ok & in_range).any(axis=-1), REASON_OUT_OF_GROUND_RANGE),
        (~reach.any(axis=-1), REASON_NOT_IN_REACH),
        (np.isnan(track), REASON_NO_TRACK),
        (~feasible.any(axis=-1), REASON_TOO_LATE),
    )
    for failed, code in reversed(checks):  # the first failing check wins
        reason = np.where(failed, code, reason)
    flat = int(np.prod(lead)) if lead else 1
    t2 = np.ascontiguousarray(t.reshape(flat, m))
    f2 = np.ascontiguousarray(feasible.reshape(flat, m))
    l2 = np.ascontiguousarray(np.where(feasible, launch_by, np.nan).reshape(flat, m))
    cap = np.iinfo(np.int64).max if max_opportunities is None else int(max_opportunities)
    count, earliest = _greedy(
        t2, f2, l2, np.ascontiguousarray(first_launch.reshape(flat)),
        assessment_time_s + decision_time_s, cap,
    )
    latest = np.where(f2.any(axis=1), np.nanmax(np.where(f2, t2, -np.inf), axis=1), np.nan)
    ok = reason.reshape(flat) == REASON_ENGAGEABLE
    return EngagementWindows(
        earliest_intercept_s=np.where(ok, earliest, np.nan).reshape(lead),
        latest_intercept_s=np.where(ok, latest, np.nan).reshape(lead),
        opportunities=np.where(ok, count, 0).reshape(lead),
        reason=reason,
    )

