"""Constellation sizing: the smallest constellation with ``k`` interceptors in reach.

Two answers side by side:

* :func:`analytic_size` -- from the density formula: the mean count is ``N p`` with ``p`` the
  probability that one satellite is in reach (:func:`opendome.space.coverage.cap_fraction`),
  so ``N = k / p = k * absentee ratio`` puts ``k`` in reach *on average*. For a time fraction
  ``coverage < 1`` it also gives the binomial answer of a randomly phased constellation
  (each satellite in reach independently with probability ``p``).
* :func:`search_walker` -- the smallest Walker-delta shell ``T/P/F`` with at least ``k``
  interceptors able to engage every launch at *every* moment (or for ``coverage`` of the time),
  proven over the whole pattern (:mod:`opendome.space.pattern`): sizes ``T`` rise from the
  mean-count bound ``k / p`` (no design can do better: the long-run mean of any Walker shell is
  ``T p``), and at each size every plane count ``P`` dividing ``T`` and every phasing
  ``0 <= F < P`` is screened on a coarse grid of the pattern torus, then certified on the fine
  grid of the step rule (refined where the bound is undecided). The first size with a proven
  design is the answer: minimal over the Walker-delta family.
* :func:`size_walker` -- the older interface (an evaluator of counts over sampled times); given
  an evaluator of :func:`cap_evaluator` or :func:`engagement_evaluator` it runs
  :func:`search_walker` on the evaluator's geometry and checks the answer over the evaluator's
  own time grid as well.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.special import bdtrc

from opendome.core.earth import SPHERE
from opendome.space._kernels import screen_designs
from opendome.space.coverage import (
    CoverageStats,
    cap_fraction,
    count_in_reach,
    coverage_stats,
    engageable_counts,
)
from opendome.space.pattern import (
    DEFAULT_STEP_FRACTION,
    SCREEN_STEP_FRACTION,
    EngagementGeometry,
    PatternCounts,
    grid_step_rad,
    pattern_counts,
    pattern_rows,
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
    search: WalkerSearch | None = None
    """The full-pattern search behind the answer (evaluators with a geometry)."""
    time_check: CoverageStats | None = None
    """Counts of the answer over the evaluator's own time grid (an independent check)."""


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
    geometry = getattr(evaluate, "geometry", None)
    if isinstance(geometry, EngagementGeometry):
        return _size_by_pattern(
            evaluate, geometry, k, altitude_m, inclination_rad, coverage, n_max, progress
        )
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


def _once_per_size(progress: Callable[[int, float], None]) -> Callable[[WalkerDesign, float], None]:
    """Tell ``progress`` of the first design of each size only (thousands are screened each)."""
    seen = [0]

    def tell(design: WalkerDesign, fraction: float) -> None:
        if design.total != seen[0]:
            seen[0] = design.total
            progress(design.total, fraction)

    return tell


def _size_by_pattern(
    evaluate: Evaluator,
    geometry: EngagementGeometry,
    k: int,
    altitude_m: float,
    inclination_rad: float,
    coverage: float,
    n_max: int,
    progress: Callable[[int, float], None] | None,
) -> SizingResult:
    """:func:`size_walker` for evaluators that carry their geometry: the full-pattern search."""
    found = search_walker(
        geometry,
        k,
        altitude_m,
        inclination_rad,
        coverage=coverage,
        n_max=n_max,
        progress=None if progress is None else _once_per_size(progress),
    )
    history = [(n, c) for n, c in found.history]
    if found.design is None or found.counts is None:
        best = max((c for _, c in history), default=0.0)
        return SizingResult(None, None, best, None, found.evaluated, history, found)
    pc = found.counts
    counts = evaluate(found.design.build(altitude_m, inclination_rad))
    stats = CoverageStats(
        minimum=pc.minimum,
        mean=pc.mean,
        percentiles=pc.percentiles(),
        fraction_at_least_k=pc.fraction_at_least(k),
        k=k,
        absentee_ratio=pc.total / pc.mean if pc.mean > 0 else float("inf"),
    )
    return SizingResult(
        design=found.design,
        satellites=found.design.total,
        coverage_achieved=pc.fraction_at_least(k, certified=True),
        stats=stats,
        evaluations=found.evaluated,
        history=history,
        search=found,
        time_check=coverage_stats(counts, found.design.total, k=k),
    )


# ------------------------------------------------------------------ full-pattern search


def divisors(n: int) -> list[int]:
    """Divisors of ``n`` in increasing order."""
    small = [d for d in range(1, math.isqrt(n) + 1) if n % d == 0]
    return sorted(set(small + [n // d for d in small]))


@dataclass
class WalkerSearch:
    """Outcome of :func:`search_walker`."""

    design: WalkerDesign | None
    counts: PatternCounts | None
    """The answer's counts over the whole pattern torus, at the step that proved it."""
    k: int
    coverage: float
    bound_satellites: int
    """No Walker shell smaller than this can meet the requirement (mean-count bound)."""
    fraction_in_reach: float
    """Long-run probability that one satellite can engage the worst launch, ``p``."""
    evaluated: int
    """Designs screened."""
    certified_attempts: int
    """Designs that passed the screen and went to the fine grid."""
    undecided: list[tuple[WalkerDesign, float]] = field(default_factory=list)
    """Designs that hold at every grid state but could not be proven at the finest step: they
    meet the requirement with a margin below the reach shortening of that step (m)."""
    history: list[tuple[int, float]] = field(default_factory=list)
    """(size, best fraction of screened states with at least ``k``) of every size tried."""

    def as_dict(self, inclination_rad: float) -> dict[str, object]:
        """JSON-ready summary."""
        out: dict[str, object] = {
            "bound_satellites": self.bound_satellites,
            "designs_screened": self.evaluated,
            "designs_certified_tried": self.certified_attempts,
            "undecided": [
                {"walker": d.label(inclination_rad), "margin_below_m": m}
                for d, m in self.undecided
            ],
        }
        if self.design is not None and self.counts is not None:
            pc = self.counts
            out.update(
                {
                    "walker": self.design.label(inclination_rad),
                    "min_in_reach": pc.minimum,
                    "certified_min_in_reach": pc.certified_minimum,
                    "mean_in_reach": pc.mean,
                    "distribution": {str(v): f for v, f in pc.histogram().items()},
                    "verification": {
                        "span": "whole pattern torus (every state the shell takes over the "
                        "site; an unlimited time span)",
                        "states": pc.n_states,
                        "step_node_rad": pc.step_a_rad,
                        "step_arg_latitude_rad": pc.step_b_rad,
                        "reach_shortening_m": pc.margin_m,
                    },
                }
            )
        return out


def search_walker(
    geometry: EngagementGeometry,
    k: int,
    altitude_m: float,
    inclination_rad: float,
    *,
    coverage: float = 1.0,
    n_min: int | None = None,
    n_max: int = 200_000,
    step_fraction: float = DEFAULT_STEP_FRACTION,
    min_step_fraction: float = DEFAULT_STEP_FRACTION / 8,
    screen_fraction: float = SCREEN_STEP_FRACTION,
    progress: Callable[[WalkerDesign, float], None] | None = None,
) -> WalkerSearch:
    """Smallest Walker-delta shell proven to keep ``k`` able to engage every launch.

    Sizes rise from ``max(n_min, bound)``; at each size all ``(P, F)`` are screened with exact
    counts on the coarse grid (``screen_fraction``; at coverage 1 a state with fewer than
    ``k`` rules a design out), and survivors are certified on the step rule's grid
    (``step_fraction``), refined by halves down to ``min_step_fraction`` while undecided. The
    first size with a proven design returns the one with the largest proven minimum (then the
    largest fraction of states with more than ``k``). ``progress(design, fraction)`` hears of
    every design screened.
    """
    if k < 1:
        raise ValueError(f"k (simultaneous launches) must be >= 1, got {k}")
    if not 0 < coverage <= 1:
        raise ValueError(f"coverage must be in (0, 1], got {coverage}")
    if geometry.max_reach_m <= 0:
        raise ValueError("geometry: the reach is zero everywhere; no satellite can engage")
    # long-run fraction of one satellite's time spent able to engage each launch (exact rows)
    probe = pattern_rows(1, altitude_m, inclination_rad, geometry, step_fraction / 4)[0]
    p = float(probe.fraction().min())
    bound = math.ceil(k * coverage / p - 1e-9) if p > 0 else n_max + 1
    out = WalkerSearch(None, None, k, coverage, bound, p, 0, 0)
    if p <= 0:
        return out
    n = max(bound, n_min or 1, k)
    while n <= n_max:
        coarse = pattern_rows(n, altitude_m, inclination_rad, geometry, screen_fraction)
        fine: dict[float, tuple[object, object]] = {}
        best_fraction = 0.0
        proven: list[tuple[tuple[int, float], WalkerDesign, PatternCounts]] = []
        screened = screen(n, altitude_m, inclination_rad, geometry, k, screen_fraction, coarse,
                          early_exit=coverage >= 1)
        for planes, f, minimum, frac in screened:
            s = n // planes
            d = WalkerDesign(planes, s, f)
            out.evaluated += 1
            best_fraction = max(best_fraction, frac)
            if progress is not None:
                progress(d, frac)
            if (coverage >= 1 and minimum < k) or frac < coverage - 0.02:
                continue
            out.certified_attempts += 1
            step = step_fraction
            while True:
                if step not in fine:
                    fine[step] = pattern_rows(n, altitude_m, inclination_rad, geometry, step)
                rows = fine[step]
                pc = pattern_counts(
                    planes, s, f, altitude_m, inclination_rad, geometry,
                    step_fraction=step, rows=rows,  # type: ignore[arg-type]
                )
                if pc.fraction_at_least(k, certified=True) >= coverage:
                    score = (pc.certified_minimum, pc.fraction_at_least(k + 1))
                    proven.append((score, d, pc))
                    break
                if pc.fraction_at_least(k) < coverage or step / 2 < min_step_fraction:
                    if pc.fraction_at_least(k) >= coverage:
                        out.undecided.append((d, pc.margin_m))
                    break
                step /= 2
        out.history.append((n, best_fraction))
        if proven:
            _, design, counts = max(proven, key=lambda x: (x[0], -x[1].planes))
            out.design, out.counts = design, counts
            return out
        n += 1
    return out


def screen(
    total: int,
    altitude_m: float,
    inclination_rad: float,
    geometry: EngagementGeometry,
    k: int,
    step_fraction: float = SCREEN_STEP_FRACTION,
    rows: tuple[object, object] | None = None,
    *,
    early_exit: bool = True,
) -> list[tuple[int, int, int, float]]:
    """Every Walker-delta design of ``total`` satellites on the grid of ``step_fraction``.

    Returns ``(planes, phasing, minimum, fraction with at least k)`` per design, exact counts
    at the grid states (worst launch). With ``early_exit`` a design is dropped at the first
    launch with a state below ``k`` (minimum below ``k``, fraction 0): for coverage 1.
    """
    exact = (rows or pattern_rows(total, altitude_m, inclination_rad, geometry, step_fraction))[0]
    radius = float(SPHERE.radius_m_at(altitude_m))
    h = grid_step_rad(radius, geometry.max_reach_m, step_fraction)
    m = exact.n_rows // total  # type: ignore[attr-defined]
    planes = np.array(divisors(total), dtype=np.int64)
    n_designs = int(planes.sum())
    minimum = np.zeros(n_designs, dtype=np.int64)
    frac = np.zeros(n_designs)
    screen_designs(
        exact.start, exact.end, total, planes, m, h, k, early_exit, minimum, frac  # type: ignore[attr-defined]
    )
    out: list[tuple[int, int, int, float]] = []
    i = 0
    for p in planes:
        for f in range(int(p)):
            out.append((int(p), f, int(minimum[i]), float(frac[i])))
            i += 1
    return out


class _GeometryEvaluator:
    """An evaluator (counts over its time grid) that also carries its engagement geometry."""

    def __init__(self, geometry: EngagementGeometry, evaluate: Evaluator) -> None:
        self.geometry = geometry
        self._evaluate = evaluate

    def __call__(self, c: Constellation) -> IntArray:
        return self._evaluate(c)


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

    geometry = EngagementGeometry.cap(site_lat_rad, site_lon_rad, reach_m, target_altitude_m)
    return _GeometryEvaluator(geometry, evaluate)


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

    geometry = EngagementGeometry(
        np.asarray(threat_ecef_m, dtype=np.float64),
        np.asarray(offsets_s, dtype=np.float64),
        np.asarray(reach_m, dtype=np.float64),
    )
    return _GeometryEvaluator(geometry, evaluate)
