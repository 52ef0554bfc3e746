"""Anti-satellite attrition of a constellation and the coverage gaps it opens.

An attack destroys ``n_killed`` carriers, either at random (an indiscriminate attack, or
debris) or concentrated on the orbital planes that pass over the launch region (an attacker who
knows which planes defend against its own launches). The survivors' counts in reach over time
then show the *gaps*: the windows in which a launch would go unengaged.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from opendome.space.propagation import iter_chunks
from opendome.space.walker import Constellation

BoolArray = NDArray[np.bool_]
FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

STRATEGIES = ("random", "planes")


def random_attrition(n_satellites: int, n_killed: int, rng: np.random.Generator) -> BoolArray:
    """Survivor mask after ``n_killed`` satellites chosen uniformly at random are destroyed."""
    _check(n_satellites, n_killed)
    alive = np.ones(n_satellites, dtype=bool)
    alive[rng.choice(n_satellites, size=n_killed, replace=False)] = False
    return alive


def exposure_per_satellite(
    constellation: Constellation,
    times_s: ArrayLike,
    site_ecef_m: ArrayLike,
    reach_m: float,
    *,
    gmst0_rad: float = 0.0,
    chunk: int = 32,
) -> IntArray:
    """Count the time steps each satellite spends within ``reach_m`` of any of the targets.

    ``site_ecef_m`` ``(n_sites, 3)``: Earth-fixed target points (e.g. from
    :meth:`opendome.core.earth.SPHERE.point_m`).
    """
    q = np.atleast_2d(np.asarray(site_ecef_m, dtype=np.float64))
    out = np.zeros(constellation.n_satellites, dtype=np.int64)
    for _, pos in iter_chunks(
        constellation, times_s, chunk=chunk, frame="ecef", gmst0_rad=gmst0_rad
    ):
        d2 = np.sum((pos[:, :, None, :] - q) ** 2, axis=-1)
        out += np.sum(np.any(d2 <= reach_m**2, axis=-1), axis=1)
    return out


def plane_attrition(constellation: Constellation, n_killed: int, exposure: ArrayLike) -> BoolArray:
    """Survivor mask after destroying whole planes, most exposed first.

    Planes are ranked by the summed ``exposure`` of their satellites (time in reach of the
    launch region, :func:`exposure_per_satellite`); satellites are destroyed plane by plane, and
    in the last plane hit, the most exposed satellites first, until ``n_killed``.
    """
    n = constellation.n_satellites
    _check(n, n_killed)
    exp = np.asarray(exposure, dtype=np.float64)
    if exp.shape != (n,):
        raise ValueError(f"exposure: expected ({n},), got {exp.shape}")
    planes, inverse = np.unique(constellation.plane, return_inverse=True)
    plane_score = np.bincount(inverse, weights=exp, minlength=planes.size)
    # order satellites: by plane rank (most exposed plane first), then own exposure
    rank_of_plane = np.empty(planes.size, dtype=np.int64)
    rank_of_plane[np.argsort(-plane_score, kind="stable")] = np.arange(planes.size)
    order = np.lexsort((-exp, rank_of_plane[inverse]))
    alive = np.ones(n, dtype=bool)
    alive[order[:n_killed]] = False
    return alive


@dataclass(frozen=True)
class Gap:
    """A window ``[start_s, end_s)`` with fewer than ``k`` interceptors in reach."""

    start_s: float
    end_s: float
    min_count: int

    @property
    def duration_s(self) -> float:
        """Length of the window."""
        return self.end_s - self.start_s


def coverage_gaps(times_s: ArrayLike, counts: ArrayLike, k: int = 1) -> list[Gap]:
    """Maximal windows where ``counts < k`` on a regular time grid.

    A window runs from its first short sample to the first sample back at ``k`` (or one step
    past the last sample). ``counts`` ``(n_times,)`` or ``(n_times, n_launch)`` (worst launch).
    """
    t = np.asarray(times_s, dtype=np.float64)
    c = np.asarray(counts)
    if c.ndim == 2:
        c = c.min(axis=1)
    if c.shape != t.shape:
        raise ValueError(f"counts {c.shape} and times_s {t.shape} must match")
    if t.size == 0:
        return []
    step = float(np.median(np.diff(t))) if t.size > 1 else 0.0
    short = c < k
    edges = np.diff(np.concatenate([[0], short.astype(np.int8), [0]]))
    starts = np.nonzero(edges == 1)[0]
    ends = np.nonzero(edges == -1)[0]
    gaps = []
    for s, e in zip(starts, ends, strict=True):
        end_t = t[e] if e < t.size else t[-1] + step
        gaps.append(Gap(float(t[s]), float(end_t), int(c[s:e].min())))
    return gaps


@dataclass(frozen=True)
class GapSummary:
    """How much of the time a launch would go unengaged."""

    n_gaps: int
    unengaged_fraction: float
    longest_gap_s: float
    mean_gap_s: float

    def as_dict(self) -> dict[str, float | int]:
        """Plain-Python dictionary (JSON-ready)."""
        return {
            "n_gaps": self.n_gaps,
            "unengaged_fraction": self.unengaged_fraction,
            "longest_gap_s": self.longest_gap_s,
            "mean_gap_s": self.mean_gap_s,
        }


def summarize_gaps(gaps: list[Gap], span_s: float) -> GapSummary:
    """Count the gaps; give their share of ``span_s``, longest and mean duration."""
    d = np.array([g.duration_s for g in gaps], dtype=np.float64)
    return GapSummary(
        n_gaps=len(gaps),
        unengaged_fraction=float(d.sum() / span_s) if span_s > 0 else 0.0,
        longest_gap_s=float(d.max()) if d.size else 0.0,
        mean_gap_s=float(d.mean()) if d.size else 0.0,
    )


def _check(n_satellites: int, n_killed: int) -> None:
    if not 0 <= n_killed <= n_satellites:
        raise ValueError(
            f"n_killed must be between 0 and the number of satellites ({n_satellites}), "
            f"got {n_killed}"
        )
