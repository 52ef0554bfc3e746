"""One-call analyses of a Walker shell over a launch region: coverage, ASAT attack, capacity.

Each function takes a constellation, the epochs sampled and the kill-vehicle reach (SI) and
returns JSON-ready data, as ``opendome constellation coverage | attrition | capacity`` print
it. Heights of targets are above the space layer's sphere (:data:`opendome.core.earth.SPHERE`),
as are the shells' (``space/walker.py``).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from numpy.typing import NDArray

from opendome.core.earth import SPHERE, great_circle_destination
from opendome.space.attrition import (
    STRATEGIES,
    coverage_gaps,
    exposure_per_satellite,
    plane_attrition,
    random_attrition,
    summarize_gaps,
)
from opendome.space.coverage import (
    absentee_ratio,
    count_in_reach,
    coverage_stats,
    engageable_counts,
    expected_in_reach,
)
from opendome.space.reach import cap_angle_rad
from opendome.space.walker import Constellation

__all__ = ["STRATEGIES", "attack_report", "launch_capacity", "shell_coverage"]

FloatArray = NDArray[np.float64]


def _shell_params(c: Constellation) -> tuple[float, float]:
    """Altitude and inclination of a one-shell constellation."""
    return float(c.altitude_m[0]), float(c.inclination_rad[0])


def shell_coverage(
    c: Constellation, epochs_s: FloatArray, lat_rad: float, lon_rad: float, reach_m: float,
    target_altitude_m: float, k: int = 1,
) -> dict[str, Any]:
    """Satellites in reach of a site over time, analytic (density formula) beside simulated."""
    alt_m, inc_r = _shell_params(c)
    cap = float(cap_angle_rad(reach_m, alt_m, target_altitude_m))
    counts = count_in_reach(c, epochs_s, lat_rad, lon_rad, reach_m,
                            target_altitude_m=target_altitude_m)
    n = c.n_satellites
    return {
        "satellites": n,
        "reach_km": reach_m / 1e3,
        "cap_angle_deg": math.degrees(cap) if math.isfinite(cap) else None,
        "analytic_mean_in_reach": float(expected_in_reach(n, lat_rad, inc_r, cap)),
        "analytic_small_cap_mean_in_reach": float(
            expected_in_reach(n, lat_rad, inc_r, cap, method="small")),
        "absentee_ratio": float(absentee_ratio(lat_rad, inc_r, cap)),
        "simulated": coverage_stats(counts, n, k=k).as_dict(),
    }


def attack_report(
    c: Constellation, epochs_s: FloatArray, lat_rad: float, lon_rad: float, reach_m: float,
    target_altitude_m: float, killed: int, strategy: str, seed: int, k: int = 1,
) -> dict[str, Any]:
    """Coverage and gaps before and after an anti-satellite attack of ``strategy``."""
    if strategy not in STRATEGIES:
        raise ValueError(f"strategy: one of {', '.join(STRATEGIES)}, got {strategy!r}")
    n = c.n_satellites
    if strategy == "random":
        alive = random_attrition(n, killed, np.random.default_rng(seed))
    else:
        site = SPHERE.point_m(lat_rad, lon_rad, target_altitude_m)
        alive = plane_attrition(c, killed, exposure_per_satellite(c, epochs_s, site, reach_m))
    step = float(epochs_s[1] - epochs_s[0]) if epochs_s.size > 1 else 0.0
    span = float(epochs_s.size * step)
    result: dict[str, Any] = {"satellites": n, "killed": killed, "strategy": strategy, "k": k}
    for label, mask in (("before", None), ("after", alive)):
        counts = count_in_reach(c, epochs_s, lat_rad, lon_rad, reach_m,
                                target_altitude_m=target_altitude_m, alive=mask)
        gaps = coverage_gaps(epochs_s, counts, k)
        result[label] = {
            "stats": coverage_stats(counts, int(n if mask is None else mask.sum()), k=k).as_dict(),
            "gaps": summarize_gaps(gaps, span).as_dict(),
            "first_gaps_s": [[g.start_s, g.end_s] for g in gaps[:10]],
        }
    return result


def launch_capacity(
    c: Constellation, epochs_s: FloatArray, lat_rad: float, lon_rad: float, launches: int,
    spread_m: float, reach_m: float, target_altitude_m: float,
) -> dict[str, Any]:
    """How many of ``launches`` launches on a circle of ``spread_m`` can be engaged, over time."""
    bearings = 2 * np.pi * np.arange(launches) / launches
    lat_k, lon_k = great_circle_destination(lat_rad, lon_rad, bearings, spread_m,
                                            radius_m=SPHERE.radius_m)
    threat = SPHERE.point_m(lat_k, lon_k, target_altitude_m)[:, None, :]
    cap = engageable_counts(c, epochs_s, threat, [0.0], [reach_m]).capacity()
    return {
        "satellites": c.n_satellites,
        "launches": launches,
        "reach_km": reach_m / 1e3,
        "capacity_min": int(cap.min()),
        "capacity_mean": float(cap.mean()),
        "fraction_all_engaged": float(np.mean(cap >= launches)),
        "capacity_histogram": {
            str(v): int(m) for v, m in zip(*np.unique(cap, return_counts=True), strict=True)
        },
    }
