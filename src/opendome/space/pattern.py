"""Every state a Walker shell ever takes over a site: the pattern torus, counted and certified.

A Walker-delta shell ``T/P/F`` (``S = T/P`` per plane) seen from the rotating Earth is fixed by
two angles: the Earth-fixed longitude of the first node, ``a``, and the argument of latitude
of the first satellite, ``b``. Satellite ``(k, j)`` then sits at node ``a + 2 pi k/P`` and
argument of latitude ``b + 2 pi j/S + 2 pi F k/T``. The pattern maps into itself when ``a``
moves by ``2 pi/P`` and ``b`` by ``2 pi F/T`` (next plane), or ``b`` by ``2 pi/S`` (next slot),
so every configuration the shell can take is one point ``(a, b)`` of the rectangle
``[0, 2 pi/P) x [0, 2 pi/S)`` (a torus). Over time the state runs along a straight line on the
torus, with rates ``(node rate - Earth rate, argument-of-latitude rate)`` (J2 secular). Those
rates are in general incommensurate: the pattern over a site never repeats exactly, and in the
long run the state visits the whole torus uniformly (Weyl). The *full pattern* is therefore the
whole torus, and this module evaluates it on a grid instead of following the line in time:

* ``upper`` -- the exact count at each grid state (an interceptor counts when it can engage);
* ``lower`` -- a certified lower bound for the whole cell: the count with every reach shortened
  by the most a satellite can move inside the cell, ``d = r (h_a + h_b)`` (a change of node
  by ``h`` moves a point at radius ``r`` by at most ``r h``, a change of argument of latitude
  likewise). ``min(lower) >= K`` proves at least ``K`` at *every* moment of an unlimited time
  span; ``min(upper) < K`` exhibits a state where fewer are in reach, which the pattern comes
  back arbitrarily close to.

Step rule: the grid spacing ``h`` is chosen so that ``d <= step_fraction x`` the largest reach
(2 % by default), i.e. ``h = step_fraction x R / (2 r)`` in both directions.

The counting folds the set ``C`` of (node, argument of latitude) from which a satellite can
engage a threat onto the torus: each point of ``C`` on the raster of the grid is one satellite
of one state. For one row of argument of latitude, the nodes from which a satellite at offset
``t`` after launch is within ``R(t)`` of the threat form an interval (the distance to a fixed
point depends on the node only through a cosine), so ``C`` is a union of intervals per row:
the whole torus costs about (states x mean count) operations, independent of ``T``.

The same geometry serves the cap model (one offset, the threat at a fixed point) and the full
boost engagement (:func:`opendome.space.coverage.engageable_counts`): an
:class:`EngagementGeometry` holds Earth-fixed threat positions ``(n_launch, n_offsets, 3)``
and the reach at each offset.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from opendome.core.constants import EARTH_ROTATION_RAD_PER_S
from opendome.core.earth import SPHERE
from opendome.space._kernels import fold_pattern, row_intervals
from opendome.space.propagation import j2_secular_rates

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

DEFAULT_STEP_FRACTION = 0.02
"""Certification grid: a satellite moves at most 2 % of the largest reach across a cell."""
SCREEN_STEP_FRACTION = 0.25
"""Screening grid of the search (exact counts at the grid states; a failure there is final)."""


@dataclass(frozen=True)
class EngagementGeometry:
    """Threat positions fixed to the Earth and the kill-vehicle reach along them.

    ``threat_ecef_m`` ``(n_launch, n_offsets, 3)`` at ``offsets_s`` after launch;
    ``reach_m`` ``(n_offsets,)`` is the reach of a KV against the threat at that offset (zero
    before release). A carrier engages launch ``l`` if at some offset it is within the reach
    of the threat (the rule of :func:`opendome.space.coverage.engageable_counts`).
    """

    threat_ecef_m: FloatArray
    offsets_s: FloatArray
    reach_m: FloatArray

    def __post_init__(self) -> None:
        thr = np.asarray(self.threat_ecef_m, dtype=np.float64)
        if thr.ndim == 2:
            thr = thr[None]
        offs = np.atleast_1d(np.asarray(self.offsets_s, dtype=np.float64))
        reach = np.broadcast_to(np.asarray(self.reach_m, dtype=np.float64), offs.shape).copy()
        if thr.ndim != 3 or thr.shape[1:] != (offs.size, 3):
            raise ValueError(
                f"threat_ecef_m: expected (n_launch, {offs.size}, 3) for {offs.size} offsets, "
                f"got {thr.shape}"
            )
        if np.any(reach < 0) or not np.all(np.isfinite(reach)):
            raise ValueError("reach_m: must be finite and >= 0")
        object.__setattr__(self, "threat_ecef_m", np.ascontiguousarray(thr))
        object.__setattr__(self, "offsets_s", offs)
        object.__setattr__(self, "reach_m", reach)

    @classmethod
    def cap(
        cls,
        site_lat_rad: ArrayLike,
        site_lon_rad: ArrayLike,
        reach_m: float,
        target_altitude_m: float = 0.0,
    ) -> EngagementGeometry:
        """Build the cap model: a target ``target_altitude_m`` above each site (one offset)."""
        lat, lon = np.broadcast_arrays(
            np.atleast_1d(np.asarray(site_lat_rad, dtype=np.float64)),
            np.atleast_1d(np.asarray(site_lon_rad, dtype=np.float64)),
        )
        q = SPHERE.point_m(lat, lon, float(target_altitude_m))
        return cls(q[:, None, :], np.zeros(1), np.array([float(reach_m)]))

    @property
    def n_launch(self) -> int:
        """Number of threat trajectories (launches that must each be engageable)."""
        return int(self.threat_ecef_m.shape[0])

    @property
    def max_reach_m(self) -> float:
        """Largest reach along the trajectories."""
        return float(self.reach_m.max(initial=0.0))


@dataclass(frozen=True)
class PatternCounts:
    """Interceptors able to engage the worst launch, at every state of a Walker shell's torus.

    Arrays are ``(n_a, n_b)`` over node offset x argument-of-latitude offset; each state is
    equally likely in the long run, so the distribution over the grid is the distribution over
    launch times.
    """

    planes: int
    sats_per_plane: int
    phasing: int
    upper: NDArray[np.int32]
    """Exact count at each grid state (worst launch)."""
    lower: NDArray[np.int32]
    """Certified lower bound over each cell (worst launch, reach shortened by ``margin_m``)."""
    step_a_rad: float
    step_b_rad: float
    margin_m: float
    """Most a satellite moves inside a cell; the lower bound shortens every reach by it."""

    @property
    def total(self) -> int:
        """Satellites of the shell."""
        return self.planes * self.sats_per_plane

    @property
    def n_states(self) -> int:
        """Grid states evaluated."""
        return int(self.upper.size)

    @property
    def minimum(self) -> int:
        """Exact minimum over the grid states (an upper bound of the true minimum)."""
        return int(self.upper.min())

    @property
    def certified_minimum(self) -> int:
        """Proven minimum over the whole torus (every moment of an unlimited span)."""
        return int(self.lower.min())

    @property
    def mean(self) -> float:
        """Mean count over the grid states (the long-run time average)."""
        return float(self.upper.mean())

    def fraction_at_least(self, k: int, *, certified: bool = False) -> float:
        """Fraction of states with at least ``k`` in reach (of cells proven, if certified)."""
        arr = self.lower if certified else self.upper
        return float(np.mean(arr >= k))

    def histogram(self) -> dict[int, float]:
        """Fraction of states (long-run fraction of launch times) by count in reach."""
        values, counts = np.unique(self.upper, return_counts=True)
        return {int(v): float(c) / self.upper.size for v, c in zip(values, counts, strict=True)}

    def percentiles(self, qs: tuple[float, ...] = (1.0, 5.0, 50.0, 95.0)) -> dict[float, float]:
        """Percentiles of the count over the states."""
        return {q: float(np.percentile(self.upper, q)) for q in qs}


def grid_step_rad(radius_m: float, max_reach_m: float, step_fraction: float) -> float:
    """Grid spacing ``h`` (both axes) of the step rule: ``r (h + h) = step_fraction x R``."""
    if not 0 < step_fraction < 1:
        raise ValueError(f"step_fraction: expected a fraction in (0, 1), got {step_fraction}")
    return step_fraction * max_reach_m / (2.0 * radius_m)


@dataclass(frozen=True)
class RowIntervals:
    """For each row of argument of latitude and each launch: nodes that engage (merged).

    ``start`` / ``end`` ``(n_rows, n_launch, n_offsets)`` in radians, NaN-padded; rows are
    ``u = i * 2 pi / n_rows``. Depends on the shell's altitude and inclination and on the
    number of rows only, so every design of a size shares it.
    """

    n_rows: int
    start: FloatArray
    end: FloatArray

    def fraction(self) -> FloatArray:
        """Measure of the engaging set over the (node, argument of latitude) torus, per launch."""
        width = np.nansum(self.end - self.start, axis=2)
        return np.asarray(width.mean(axis=0) / (2 * np.pi), dtype=np.float64)


def row_sets(
    geometry: EngagementGeometry,
    altitude_m: float,
    inclination_rad: float,
    n_rows: int,
    *,
    reach_shortening_m: float = 0.0,
) -> RowIntervals:
    """Node intervals from which a satellite of each row engages each launch."""
    a = float(SPHERE.radius_m_at(altitude_m))
    raan_dot, argp_dot, m_dot = j2_secular_rates(a, 0.0, inclination_rad)
    reach = np.maximum(geometry.reach_m - reach_shortening_m, 0.0)
    thr = geometry.threat_ecef_m
    rho_t = np.hypot(thr[..., 0], thr[..., 1])
    phi_t = np.arctan2(thr[..., 1], thr[..., 0])
    z_t = thr[..., 2]
    n_launch, n_off = rho_t.shape
    start = np.full((n_rows, n_launch, n_off), np.nan)
    end = np.full((n_rows, n_launch, n_off), np.nan)
    row_intervals(
        float(a),
        float(math.cos(inclination_rad)),
        float(math.sin(inclination_rad)),
        float(raan_dot - EARTH_ROTATION_RAD_PER_S),
        float(argp_dot + m_dot),
        np.ascontiguousarray(geometry.offsets_s),
        np.ascontiguousarray(reach),
        np.ascontiguousarray(rho_t),
        np.ascontiguousarray(phi_t),
        np.ascontiguousarray(z_t),
        start,
        end,
    )
    return RowIntervals(n_rows, start, end)


def _grid(planes: int, total: int, h: float) -> tuple[int, int]:
    n_a = max(1, math.ceil(2 * math.pi / (planes * h)))
    m = max(1, math.ceil(2 * math.pi / (total * h)))
    return n_a, m


def pattern_counts(
    planes: int,
    sats_per_plane: int,
    phasing: int,
    altitude_m: float,
    inclination_rad: float,
    geometry: EngagementGeometry,
    *,
    step_fraction: float = DEFAULT_STEP_FRACTION,
    rows: tuple[RowIntervals, RowIntervals] | None = None,
) -> PatternCounts:
    """Count over the whole torus of a Walker-delta shell ``T/P/F`` (see the module notes).

    ``rows`` (exact and shortened-reach intervals) may be passed in to share them between the
    designs of one size; they must have been made for this size and step.
    """
    if planes < 1 or sats_per_plane < 1 or not 0 <= phasing < planes:
        raise ValueError(
            f"pattern_counts: need planes, sats_per_plane >= 1 and 0 <= phasing < planes, got "
            f"{planes}, {sats_per_plane}, {phasing}"
        )
    total = planes * sats_per_plane
    radius = float(SPHERE.radius_m_at(altitude_m))
    h = grid_step_rad(radius, geometry.max_reach_m, step_fraction)
    n_a, m = _grid(planes, total, h)
    h_a = 2 * math.pi / (planes * n_a)
    margin = 2 * radius * h  # >= radius * (h_a + h_b): the shortening the shared rows use
    if rows is None:
        rows = pattern_rows(total, altitude_m, inclination_rad, geometry, step_fraction)
    exact, short = rows
    if exact.n_rows != total * m or short.n_rows != total * m:
        raise ValueError("rows: made for another size or step; leave rows=None")
    upper = np.zeros((n_a, planes * m, geometry.n_launch), dtype=np.int32)
    lower = np.zeros_like(upper)
    fold_pattern(exact.start, exact.end, planes, n_a, m, phasing, h_a, upper)
    fold_pattern(short.start, short.end, planes, n_a, m, phasing, h_a, lower)
    return PatternCounts(
        planes,
        sats_per_plane,
        phasing,
        upper.min(axis=2),
        lower.min(axis=2),
        h_a,
        2 * math.pi / (total * m),
        margin,
    )


def pattern_rows(
    total: int,
    altitude_m: float,
    inclination_rad: float,
    geometry: EngagementGeometry,
    step_fraction: float = DEFAULT_STEP_FRACTION,
) -> tuple[RowIntervals, RowIntervals]:
    """Exact and shortened-reach row intervals shared by every design of ``total`` satellites.

    The shortening is the largest cell margin any plane count can have at this size and step.
    """
    radius = float(SPHERE.radius_m_at(altitude_m))
    h = grid_step_rad(radius, geometry.max_reach_m, step_fraction)
    m = _grid(1, total, h)[1]
    n_rows = total * m
    exact = row_sets(geometry, altitude_m, inclination_rad, n_rows)
    short = row_sets(
        geometry, altitude_m, inclination_rad, n_rows, reach_shortening_m=2 * radius * h
    )
    return exact, short
