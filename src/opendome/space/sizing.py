"""Constellation sizing: the smallest constellation with ``k`` interceptors in reach.

Two answers side by side:

* :func:`analytic_size` -- from the density formula: the mean count is ``N p`` with ``p`` the
  probability that one satellite is in reach (:func:`opendome.space.coverage.cap_fraction`),
  so ``N = k / p = k * absentee ratio`` puts ``k`` in reach *on average*. For a time fraction
  ``coverage < 1`` it also gives the binomial answer of a randomly phased constellation
  (each satellite in reach independently with probability ``p``).
* :func:`size_walker` -- the smallest Walker-delta constellation whose *propagated* count is at
  least ``k`` for ``coverage`` of the sampled times, searched over the number of satellites and
  a few plane counts per size. An evaluator (cap model or full boost engagement) turns a
  constellation into counts over time.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.special import bdtrc

from opendome.space.coverage import (
    CoverageStats,
    cap_fraction,
    count_in_reach,
    coverage_stats,
    engageable_counts,
)
from opendome.space.walker import Constellation, walker

IntArray = NDArray[np.int64]
Evaluator = Callable[[Constellation], IntArray]
"""Turns a constellation into counts in reach ``(n_times,)`` or ``(n_times, n_launch)``."""


@dataclass(frozen=True)
class AnalyticSize:
    """Constellation size from the density formula."""

    fraction_in_reach: float
    absentee_ratio: float
    satellites_mean: float
    """``k`` times the absentee ratio: ``k`` in reach on average (not rounded)."""
    satellites_binomial: int | None
    """Random phasing, at least ``k`` in reach for the coverage fraction; None at coverage 1."""


def analytic_size(
    k: int,
    lat_rad: float,
    inclination_rad: float,
    cap_angle_rad: float,
    coverage: float = 1.0,
) -> AnalyticSize:
    """Size from the density formula (integrated over the reach cap)."""
    if k < 1:
        raise ValueError(f"k (simultaneous launches) must be >= 1, got {k}")
    if not 0 < coverage <= 1:
        raise ValueError(f"coverage must be in (0, 1], got {coverage}")
    p = float(cap_fraction(lat_rad, inclination_rad, cap_angle_rad))
    if p <= 0:
        return AnalyticSize(0.0, math.inf, math.inf, None)
    n_binom: int | None = None
    if coverage < 1:
        lo, hi = k - 1, max(k, int(k / p))
        while bdtrc(k - 1, hi, p) < coverage:
            lo, hi = hi, hi * 2
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if bdtrc(k - 1, mid, p) >= coverage:
                hi = mid
            else:
                lo = mid
        n_binom = hi
    return AnalyticSize(p, 1.0 / p, k / p, n_binom)


@dataclass(frozen=True)
class WalkerDesign:
    """A Walker-delta shell: planes x satellites per plane, phasing F."""

    planes: int
    sats_per_plane: int
    phasing: int

    @property
    def total(self) -> int:
        """Number of satellites."""
        return self.planes * self.sats_per_plane

    def build(self, altitude_m: float, inclination_rad: float) -> Constellation:
        """Build the constellation of this design."""
        return walker(altitude_m, inclination_rad, self.planes, self.sats_per_plane, self.phasing)

    def label(self, inclination_rad: float) -> str:
        """Walker notation ``i: T/P/F``."""
        return f"{math.degrees(inclination_rad):.1f}: {self.total}/{self.planes}/{self.phasing}"


DEFAULT_PLANE_FACTORS = (0.5, 0.7, 1.0, 1.4, 2.0)


def candidate_designs(
    n_satellites: int, plane_factors: Sequence[float] = DEFAULT_PLANE_FACTORS
) -> list[WalkerDesign]:
    """Walker designs of about ``n_satellites``: plane counts ``sqrt(n) * factor``.

    Satellites per plane are rounded up, so each design has at least ``n_satellites``;
    phasing F = P/2 (adjacent planes half a slot apart spreads the passes). Sorted by size.
    """
    n = max(1, int(n_satellites))
    out: dict[tuple[int, int], WalkerDesign] = {}
    for f in plane_factors:
        p = int(min(n, max(1, round(math.sqrt(n) * f))))
        s = math.ceil(n / p)
        out[(p, s)] = WalkerDesign(p, s, p // 2)
    return sorted(out.values(), key=lambda d: (d.total, d.planes))


@dataclass
class SizingResult:
    """Outcome of :func:`size_walker`."""

    design: WalkerDesign | None
    satellites: int | None
    coverage_achieved: float
    stats: CoverageStats | None
    evaluations: int
    history: list[tuple[int, float]] = field(default_factory=list)
    """(satellites, best coverage) of every size tried."""


def _coverage(counts: IntArray, k: int) -> float:
    c = np.asarray(counts)
    if c.ndim == 2:
        c = c.min(axis=1)
    return float(np.mean(c >= k))


def size_walker(
    evaluate: Evaluator,
    k: int,
    altitude_m: float,
    inclination_rad: float,
    *,
    coverage: float = 1.0,
    n_start: int = 100,
    n_max: int = 200_000,
    rel_tol: float = 0.02,
    plane_factors: Sequence[float] = DEFAULT_PLANE_FACTORS,
    progress: Callable[[int, float], None] | None = None,
) -> SizingResult:
    """Smallest Walker-delta constellation with at least ``k`` in reach for ``coverage``.

    Grows or shrinks the size geometrically from ``n_start`` (take the analytic estimate) until
    the requirement is bracketed, then bisects to ``rel_tol``. At each size the designs of
    :func:`candidate_designs` are tried smallest first; the first that meets the requirement
    counts. Coverage is not strictly monotonic in the size for a fixed family of designs, so the
    answer is the smallest size *found*, to within about ``rel_tol``. ``progress(size,
    coverage)`` is told of every design evaluated.
    """
    if k < 1:
        raise ValueError(f"k (simultaneous launches) must be >= 1, got {k}")
    if not 0 < coverage <= 1:
        raise ValueError(f"coverage must be in (0, 1], got {coverage}")
    evaluations = 0
    history: list[tuple[int, float]] = []
    best: tuple[WalkerDesign, IntArray] | None = None

    def feasible(n: int) -> tuple[WalkerDesign, IntArray] | None:
        nonlocal evaluations
        top = 0.0
        for d in candidate_designs(n, plane_factors):
            counts = evaluate(d.build(altitude_m, inclination_rad))
            evaluations += 1
            cov = _coverage(counts, k)
            if progress is not None:
                progress(d.total, cov)
            top = max(top, cov)
            if cov >= coverage - 1e-12:
                history.append((d.total, cov))
                return d, counts
        history.append((n, top))
        return None

    n = max(k, int(n_start))
    hit = feasible(n)
    if hit is None:
        lo = n
        while hit is None:
            if n >= n_max:
                return SizingResult(
                    None, None, max(c for _, c in history), None, evaluations, history
                )
            lo, n = n, min(n_max, int(math.ceil(n * 1.3)))
            hit = feasible(n)
        hi = n
    else:
        hi = n
        lo = n
        while True:
            n = max(k - 1, int(n * 0.8))
            if n < k:
                lo = k - 1
                break
            h = feasible(n)
            if h is None:
                lo = n
                break
            hi, hit = n, h
    best = hit
    while hi - lo > max(1, int(rel_tol * hi)):
        mid = (lo + hi) // 2
        h = feasible(mid)
        if h is None:
            lo = mid
        else:
            hi, best = mid, h
    design, counts = best
    return SizingResult(
        design=design,
        satellites=design.total,
        coverage_achieved=_coverage(counts, k),
        stats=coverage_stats(counts, design.total, k=k),
        evaluations=evaluations,
        history=history,
    )


def cap_evaluator(
    site_lat_rad: ArrayLike,
    site_lon_rad: ArrayLike,
    reach_m: float,
    times_s: ArrayLike,
    *,
    target_altitude_m: float = 0.0,
    gmst0_rad: float = 0.0,
) -> Evaluator:
    """Make an evaluator of the cap model: satellites within ``reach_m`` of the targets."""

    def evaluate(c: Constellation) -> IntArray:
        return count_in_reach(
            c,
            times_s,
            site_lat_rad,
            site_lon_rad,
            reach_m,
            target_altitude_m=target_altitude_m,
            gmst0_rad=gmst0_rad,
        )

    return evaluate


def engagement_evaluator(
    epochs_s: ArrayLike,
    threat_ecef_m: ArrayLike,
    offsets_s: ArrayLike,
    reach_m: ArrayLike,
    *,
    gmst0_rad: float = 0.0,
) -> Evaluator:
    """Make an evaluator of the full boost engagement (see :func:`engageable_counts`)."""

    def evaluate(c: Constellation) -> IntArray:
        return engageable_counts(
            c, epochs_s, threat_ecef_m, offsets_s, reach_m, gmst0_rad=gmst0_rad
        ).counts

    return evaluate
