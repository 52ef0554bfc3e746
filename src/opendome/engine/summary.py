"""Summaries of a Monte Carlo run: the figures a user reads, with their sampling uncertainty."""

from __future__ import annotations

import math
from dataclasses import asdict
from typing import Any

import numpy as np

from opendome.engine.analytic import plan_closed_form
from opendome.engine.montecarlo import TrialResults
from opendome.plan import EngagementPlan

Z95 = 1.959963984540054
"""Two-sided 95 % standard-normal quantile."""


def wilson_interval(successes: int, trials: int, z: float = Z95) -> tuple[float, float]:
    """Return the Wilson score interval for a binomial proportion (Wilson 1927)."""
    if trials <= 0:
        raise ValueError("trials must be positive")
    p = successes / trials
    denom = 1.0 + z * z / trials
    centre = (p + z * z / (2 * trials)) / denom
    half = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / denom
    # the interval contains p (exactly, at p = 0 or 1, where rounding could leave it outside)
    return max(0.0, min(p, centre - half)), min(1.0, max(p, centre + half))


def mean_interval(x: np.ndarray, z: float = Z95) -> tuple[float, float]:
    """Return the normal-approximation interval of a sample mean."""
    m = float(np.mean(x))
    half = z * float(np.std(x, ddof=1)) / math.sqrt(x.size) if x.size > 1 else float("inf")
    return m - half, m + half


def _objects_of(plan: EngagementPlan, layer: str, salvo: str) -> int:
    """Return how many targets of a salvo a layer faces (missiles for boost, else objects)."""
    s = plan.salvo_names.index(salvo)
    if plan.layer_is_boost[plan.layer_names.index(layer)]:
        return int(np.count_nonzero(plan.missile_salvo == s))
    return int(np.count_nonzero(plan.object_salvo == s))


def summarize(plan: EngagementPlan, results: TrialResults) -> dict[str, Any]:
    """Return the run summary as a JSON-ready dict.

    Keys: ``scenario``, ``trials``, ``seed``, ``warheads``, ``objects``, ``p_no_leak`` (with
    ``p_no_leak_ci95``), ``expected_leakers`` (with ``expected_leakers_ci95``),
    ``leaker_distribution`` (P(k leakers) for observed k), ``interceptors_used`` (mean by
    layer), ``interceptors_used_p95``, ``inventory`` (mean available by layer: fixed, or drawn
    per trial, e.g. from a constellation), ``p_inventory_exhausted``,
    ``warheads_killed`` (mean by layer), ``not_engaged`` (layer, salvo, reason, objects),
    ``closed_form`` (exact values without inventory limits, for comparison), and with
    geometry (layers with sites) ``kill_chain`` (per salvo: detection, fire-control track,
    discrimination and each sensor's first sight, seconds after launch) and ``windows`` (per
    layer and salvo: best site, opportunities, earliest and latest intercept, reason).
    """
    t = results.trials
    names = plan.layer_names
    no_leak = int(np.count_nonzero(results.leakers == 0))
    counts = np.bincount(results.leakers, minlength=1)
    used = results.interceptors_used
    available = results.inventory_available
    exhausted = (used >= available) & (available > 0)
    out: dict[str, Any] = {
        "scenario": plan.scenario_name,
        "trials": t,
        "seed": results.seed,
        "allocation": plan.allocation,
        "warheads": plan.n_warheads,
        "objects": plan.n_objects,
        "p_no_leak": no_leak / t,
        "p_no_leak_ci95": list(wilson_interval(no_leak, t)),
        "expected_leakers": float(results.leakers.mean()),
        "expected_leakers_ci95": list(mean_interval(results.leakers)),
        "leaker_distribution": {str(k): c / t for k, c in enumerate(counts.tolist()) if c},
        "interceptors_used": {n: float(v) for n, v in zip(names, used.mean(axis=0), strict=True)},
        "interceptors_used_p95": {
            n: float(v) for n, v in zip(names, np.percentile(used, 95, axis=0), strict=True)
        },
        "inventory": {n: float(v) for n, v in zip(names, available.mean(axis=0), strict=True)},
        "p_inventory_exhausted": {
            n: float(v) for n, v in zip(names, exhausted.mean(axis=0), strict=True)
        },
        "warheads_killed": {
            n: float(v) for n, v in zip(names, results.warheads_killed.mean(axis=0), strict=True)
        },
        "not_engaged": [
            {"layer": r.layer, "salvo": r.salvo, "reason": r.reason,
             "objects": _objects_of(plan, r.layer, r.salvo)} for r in plan.no_engagement
        ],
    }
    if plan.kill_chains:
        out["kill_chain"] = [asdict(c) for c in plan.kill_chains]
        out["windows"] = [asdict(w) for w in plan.windows]
    space = {
        name: {"satellites": n, "in_reach_mean": float(available[:, i].mean()),
               "absentee_ratio": n / float(available[:, i].mean())
               if available[:, i].mean() > 0 else None}
        for i, (name, n) in enumerate(zip(names, plan.satellites or (0,) * plan.n_layers,
                                          strict=True)) if n
    }
    if space:
        out["space_layers"] = space
    if plan.n_layers <= 12 and plan.n_warheads <= 5000:
        cf = plan_closed_form(plan)
        out["closed_form"] = {
            "p_no_leak": cf.p_no_leak,
            "expected_leakers": cf.expected_leakers,
            "interceptors_used": {
                n: float(v) for n, v in zip(names, cf.expected_interceptors, strict=True)
            },
            "note": "exact for unlimited inventory; differs from the Monte Carlo where a layer "
            "runs out (see p_inventory_exhausted)",
        }
    return out
