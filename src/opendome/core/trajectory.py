"""What every flight model returns: phase codes, status codes, the sampling protocol.

Every threat model (``ballistic``, ``bus``, ``fobs``, ``glide``, ``cruise``) returns an object
holding ``n`` flights that answers the same questions for any times (absolute scenario seconds,
``(m,)`` shared or ``(n, m)`` per object):

* ``position_ecef_m(times_s)`` -> ``(n, m, 3)``, NaN before launch and after impact;
* ``phase(times_s)`` -> ``(n, m)`` phase codes (:data:`PHASE_NAMES`);
* per-object arrays ``launch_time_s``, ``impact_time_s``, ``impact_position_ecef_m``, ``status``.

A flight that cannot be computed does not raise: its ``status`` is non-zero
(:data:`TRAJECTORY_STATUS`, code -> message, as sgp4's ``SGP4_ERRORS``) and its rows are NaN.
"""

from __future__ import annotations

from dataclasses import fields, replace
from typing import Any, Protocol, Self

import numpy as np
from numpy.typing import ArrayLike, NDArray

from opendome.core.earth import ecef_to_geodetic, ground_range_m

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

# Phase codes, in flight order.
PHASE_NONE = 0
"""Not in flight: before launch, after impact, or a failed trajectory."""
PHASE_BOOST = 1
"""Rocket motors burning (the phase space-based infrared sensors see and boost-phase layers hit)."""
PHASE_POST_BOOST = 2
"""Post-boost bus manoeuvring and releasing warheads and decoys."""
PHASE_MIDCOURSE = 3
"""Free flight above the atmosphere (including a fractional orbit)."""
PHASE_TERMINAL = 4
"""Inside the atmosphere after re-entry, down to impact (including a glide vehicle's dive)."""
PHASE_GLIDE = 5
"""Hypersonic glide in the upper atmosphere (including the descent to the glide)."""
PHASE_CRUISE = 6
"""Air-breathing flight near the surface."""

PHASE_NAMES: dict[int, str] = {
    PHASE_NONE: "none",
    PHASE_BOOST: "boost",
    PHASE_POST_BOOST: "post-boost",
    PHASE_MIDCOURSE: "midcourse",
    PHASE_TERMINAL: "terminal",
    PHASE_GLIDE: "glide",
    PHASE_CRUISE: "cruise",
}

# Trajectory status codes (per object; 0 = fine).
STATUS_OK = 0
STATUS_OUT_OF_RANGE = 1
STATUS_NO_SOLUTION = 2
STATUS_DEGENERATE_GEOMETRY = 3
STATUS_NO_IMPACT = 4
STATUS_DELTA_V_EXCEEDED = 5
STATUS_DRAG_DOMINATED = 6
STATUS_BEYOND_RANGE = 7

TRAJECTORY_STATUS: dict[int, str] = {
    STATUS_OK: "ok",
    STATUS_OUT_OF_RANGE: "aim point out of range: the flight needs more speed than the missile's"
    " burnout speed (or, for a glide vehicle, more glide range than its speed allows)",
    STATUS_NO_SOLUTION: "no trajectory found to the aim point (targeting did not converge)",
    STATUS_DEGENERATE_GEOMETRY: "launch and aim points coincide or are antipodal: the plane of"
    " flight is undefined",
    STATUS_NO_IMPACT: "the object did not reach the ground within the integration time limit",
    STATUS_DELTA_V_EXCEEDED: "the post-boost bus lacks the speed change to put this object on"
    " its trajectory",
    STATUS_DRAG_DOMINATED: "the flight dips so deep into the atmosphere that drag keeps it from"
    " the aim point: fly a higher trajectory (less speed, or min-energy)",
    STATUS_BEYOND_RANGE: "the aim point lies beyond the missile's range (catalog range_m):"
    " choose a closer aim point or a longer-range missile",
}


class Trajectories(Protocol):
    """The protocol of every flight model's result (``n`` objects)."""

    @property
    def launch_time_s(self) -> FloatArray:
        """Launch times ``(n,)``, absolute seconds."""
        ...

    @property
    def impact_time_s(self) -> FloatArray:
        """Impact times ``(n,)`` (NaN for failed objects)."""
        ...

    @property
    def impact_position_ecef_m(self) -> FloatArray:
        """Impact points ``(n, 3)``, ECEF."""
        ...

    @property
    def status(self) -> IntArray:
        """Status codes ``(n,)`` (:data:`TRAJECTORY_STATUS`)."""
        ...

    def __len__(self) -> int:
        """Return the number of objects."""
        ...

    def position_ecef_m(self, times_s: ArrayLike) -> FloatArray:
        """Return ECEF positions ``(n, m, 3)`` at absolute times, NaN outside the flight."""
        ...

    def phase(self, times_s: ArrayLike) -> IntArray:
        """Return phase codes ``(n, m)`` at absolute times."""
        ...

    # summaries, implemented once in :class:`TrajectoryBatch`
    @property
    def range_m(self) -> FloatArray:
        """Great-circle ground range from launch point to impact point ``(n,)``."""
        ...

    def geodetic_at(
        self, times_s: ArrayLike
    ) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
        """``(latitude_rad, longitude_rad, height_m, downrange_m)`` ``(n,)`` at one time each."""
        ...

    def sampled_apogee(self, step_s: float = 1.0) -> tuple[FloatArray, FloatArray]:
        """Highest point above WGS-84, sampled: ``(time_s, height_m)`` ``(n,)``."""
        ...

    def ground_track_m(self, step_s: float = 1.0) -> FloatArray:
        """Length of the ground track ``(n,)``."""
        ...

    def event_times_s(self) -> dict[str, FloatArray]:
        """Key events of the flight, name -> absolute times ``(n,)``."""
        ...


class TrajectoryBatch:
    """Methods shared by the flight models' frozen dataclasses of ``n`` objects.

    Every array field is per object (first axis ``n``); :meth:`select` picks objects from all
    of them at once.
    """

    launch_time_s: FloatArray
    impact_time_s: FloatArray

    def __len__(self) -> int:
        """Return the number of objects."""
        return int(self.launch_time_s.shape[0])

    def select(self, index: ArrayLike) -> Self:
        """Return the objects picked by an integer or boolean index."""
        idx = np.asarray(index)
        me: Any = self
        picked = {f.name: getattr(me, f.name)[idx] for f in fields(me)
                  if isinstance(getattr(me, f.name), np.ndarray)}
        result: Self = replace(me, **picked)
        return result

    @property
    def flight_time_s(self) -> FloatArray:
        """Launch to impact ``(n,)``."""
        return self.impact_time_s - self.launch_time_s

    # --- summaries (any model: they only sample positions) -----------------------------------

    def _positions_at(self, times_s: FloatArray) -> FloatArray:
        me: Any = self
        pos: FloatArray = me.position_ecef_m(times_s)
        return pos

    @property
    def launch_point_ecef_m(self) -> FloatArray:
        """Launch points ``(n, 3)``, ECEF."""
        return self._positions_at(self.launch_time_s[:, None])[:, 0, :]

    @property
    def range_m(self) -> FloatArray:
        """Great-circle ground range from launch point to impact point ``(n,)``."""
        me: Any = self
        return ground_range_m(self.launch_point_ecef_m, me.impact_position_ecef_m)

    def geodetic_at(
        self, times_s: ArrayLike
    ) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
        """``(latitude_rad, longitude_rad, height_m, downrange_m)`` ``(n,)`` at one time each.

        Height above WGS-84; downrange is the great-circle distance from the launch point.
        """
        t = np.asarray(times_s, dtype=np.float64).reshape(-1, 1)
        p = self._positions_at(np.broadcast_to(t, (len(self), 1)))[:, 0, :]
        lat, lon, h = ecef_to_geodetic(p)
        return lat, lon, h, ground_range_m(self.launch_point_ecef_m, p)

    def sampled_apogee(self, step_s: float = 1.0) -> tuple[FloatArray, FloatArray]:
        """Highest point above WGS-84 sampled every ``step_s``: ``(time_s, height_m)`` ``(n,)``.

        For models without a closed form (a fractional orbit, a glide); NaN for failed objects.
        """
        t = flight_time_grid(self, step_s)  # type: ignore[arg-type]
        h = ecef_to_geodetic(self._positions_at(t))[2]
        h = np.where(np.isnan(h), -np.inf, h)
        k = np.argmax(h, axis=1)
        rows = np.arange(len(self))
        best = h[rows, k]
        ok = np.isfinite(best)
        return np.where(ok, t[rows, k], np.nan), np.where(ok, best, np.nan)

    def ground_track_m(self, step_s: float = 1.0) -> FloatArray:
        """Length of the ground track, launch to impact, summed over ``step_s`` steps ``(n,)``."""
        t = flight_time_grid(self, step_s)  # type: ignore[arg-type]
        p = self._positions_at(t)
        seg = ground_range_m(p[:, :-1], p[:, 1:])
        return np.nansum(seg, axis=1)

    def event_times_s(self) -> dict[str, FloatArray]:
        """Key events of the flight, name -> absolute times ``(n,)``, in flight order."""
        return {"launch": self.launch_time_s, "impact": self.impact_time_s}


def range_status(range_m: ArrayLike, max_range_m: ArrayLike) -> IntArray:
    """Status codes ``(n,)``: :data:`STATUS_BEYOND_RANGE` where a flight exceeds its range.

    The check the plan stage applies to flights whose model does not limit range by itself
    (a cruise missile flies any distance it is given); NaN ``max_range_m`` means no limit.
    """
    r = np.asarray(range_m, dtype=np.float64)
    lim = np.asarray(max_range_m, dtype=np.float64)
    beyond = np.isfinite(lim) & (r > lim)
    return np.where(beyond, STATUS_BEYOND_RANGE, STATUS_OK).astype(np.int64)


def status_message(code: int) -> str:
    """Return the message of a trajectory status code."""
    return TRAJECTORY_STATUS.get(int(code), f"unknown trajectory status {code}")


def broadcast_times(times_s: ArrayLike, n: int) -> FloatArray:
    """Return times as ``(n, m)``: a shared ``(m,)`` grid is repeated for every object."""
    t: FloatArray = np.asarray(times_s, dtype=np.float64)
    if t.ndim == 0:
        t = t.reshape(1)
    if t.ndim == 1:
        return np.broadcast_to(t, (n, t.shape[0]))
    if t.ndim != 2 or t.shape[0] != n:
        raise ValueError(f"times must be (m,) or (n, m) with n = {n} objects; got shape {t.shape}")
    return t


def time_grid(trajectories: Trajectories, step_s: float = 1.0) -> FloatArray:
    """Shared grid from the first launch to the last impact (inclusive) of valid objects."""
    if not step_s > 0:
        raise ValueError(f"step_s must be positive, got {step_s}")
    ok = trajectories.status == STATUS_OK
    if not np.any(ok):
        return np.zeros(0)
    t0 = float(np.min(trajectories.launch_time_s[ok]))
    t1 = float(np.max(trajectories.impact_time_s[ok]))
    n = int(np.floor((t1 - t0) / step_s)) + 1
    grid: FloatArray = t0 + step_s * np.arange(n, dtype=np.float64)
    return grid if grid[-1] >= t1 else np.append(grid, np.float64(t1))


def flight_time_grid(trajectories: Trajectories, step_s: float = 1.0) -> FloatArray:
    """Per-object grids ``(n, m)``: launch, launch + step, ... to impact, NaN-padded."""
    if not step_s > 0:
        raise ValueError(f"step_s must be positive, got {step_s}")
    duration = np.where(
        trajectories.status == STATUS_OK,
        trajectories.impact_time_s - trajectories.launch_time_s,
        0.0,
    )
    m = int(np.floor(np.max(duration, initial=0.0) / step_s)) + 2
    k = np.arange(m) * step_s
    t = trajectories.launch_time_s[:, None] + k[None, :]
    last = np.floor(duration / step_s).astype(np.int64) + 1  # index of the impact sample
    t[np.arange(m)[None, :] > last[:, None]] = np.nan
    idx = np.arange(len(duration))
    t[idx, last] = np.where(
        trajectories.status == STATUS_OK, trajectories.impact_time_s, np.nan
    )
    # drop the duplicate impact sample when the duration is a whole number of steps
    dup = np.isclose(t[idx, last], t[idx, last - 1])
    t[idx[dup], last[dup]] = np.nan
    t[trajectories.status != STATUS_OK] = np.nan
    return t
