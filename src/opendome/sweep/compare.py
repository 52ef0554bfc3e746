"""Architectures side by side: the figures ``opendome compare A B [C ...]`` tabulates.

For each scenario, with the same trials and seed (common random numbers across scenarios):

- P(no leak) and expected leakers with their 95 % intervals, interceptors used by layer
  (the engine: :func:`opendome.engine.simulate`);
- the 20-year cost of the defense (:func:`opendome.economics.cost.life_cycle_cost`, defaults of
  ``costs.yaml``);
- the cost per warhead stopped at the margin: for each layer, its cost per interceptor divided
  by the warheads one more interceptor stops (a 25 % larger layer, paired trial by trial,
  :func:`opendome.stability.engagement_exchange.layer_margins`), the cheapest layer whose effect
  exceeds two standard errors (the margin of
  :func:`opendome.stability.engagement_exchange.layer_exchanges`, as ``opendome stability``);
- warheads needed to deliver one: the raid scaled (0.5 to 8 times) until one warhead is
  expected through (:func:`opendome.sweep.vary.force_sweep`), interpolated;
- where the scenario gives probabilities as distributions, P(no leak) over the mixture of
  parameter draws with its interval and its 5th/50th/95th percentiles over the draws
  (:func:`opendome.engine.uncertainty.scenario_uncertainty`, the trials split among
  :data:`~opendome.engine.uncertainty.DEFAULT_DRAWS` draws); None otherwise.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from opendome.economics.presets import scenario_cost
from opendome.engine import build_plan
from opendome.engine.run import run as run_engine
from opendome.engine.uncertainty import DEFAULT_DRAWS, scenario_uncertainty, uncertain_parameters
from opendome.scenario import Scenario
from opendome.stability.engagement_exchange import (
    cheapest_margin,
    layer_exchanges,
    layer_margins,
)
from opendome.sweep.vary import force_sweep

FORCE_FACTORS = (0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0, 8.0)
"""Raid multiples tried for the warheads needed to deliver one."""


@dataclass(frozen=True)
class Comparison:
    """One architecture's figures."""

    scenario: str
    warheads: int
    p_no_leak: float
    p_no_leak_ci95: tuple[float, float]
    expected_leakers: float
    expected_leakers_ci95: tuple[float, float]
    interceptors_used: dict[str, float]
    cost_20yr_usd: float | None
    cost_per_warhead_stopped_at_margin_usd: float | None
    margin_layer: str | None
    warheads_needed_to_deliver_one: float | None
    notes: list[str] = field(default_factory=list)
    p_no_leak_mixture: float | None = None
    """P(no leak) over the parameter draws (None: no distributions in the scenario)."""
    p_no_leak_mixture_ci95: tuple[float, float] | None = None
    p_no_leak_over_draws: dict[str, float] | None = None
    """Percentiles of P(no leak) over parameter draws: ``p5``, ``p50``, ``p95``."""

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return asdict(self)


def engine_runs(scenario: Scenario) -> int:
    """Return the engine runs :func:`compare` makes for a scenario (for progress bars)."""
    return (1 + len(scenario.defender.layers) + len(FORCE_FACTORS)
            + (1 if uncertain_parameters(scenario) else 0))


def compare_one(scenario: Scenario, trials: int, seed: int,
                progress: Callable[[int], None] | None = None) -> Comparison:
    """Return the figures of one architecture (see the module docstring)."""
    plan = build_plan(scenario)
    summary = run_engine(plan, trials, seed, keep_trials=False, scenario=scenario).summary()
    if progress is not None:
        progress(1)
    uncertainty = scenario_uncertainty(scenario, plan, trials, DEFAULT_DRAWS, seed)
    if uncertainty is not None and progress is not None:
        progress(1)
    notes: list[str] = []
    cost = None
    try:
        cost = scenario_cost(scenario)
    except (KeyError, ValueError) as exc:
        notes.append(f"no cost: {exc.args[0]}")
    margins = layer_margins(scenario, trials, seed, progress=progress)
    cheapest = None
    if cost is not None:
        cheapest = cheapest_margin(layer_exchanges(
            margins, {lc.name: lc.total_usd for lc in cost.layers}))
        if cheapest is None:
            notes.append("no layer's added interceptors stop a measurable number of warheads "
                         "(more trials, or the defense is saturated or already sufficient)")
    sweep = force_sweep(scenario, list(FORCE_FACTORS), trials, seed, progress=progress)
    needed = sweep.warheads_needed(1.0)
    if needed is None:
        notes.append(f"fewer than one warhead delivered even at {FORCE_FACTORS[-1]:g} times "
                     "the raid")
    return Comparison(
        scenario=scenario.name, warheads=plan.n_warheads,
        p_no_leak=summary.p_no_leak, p_no_leak_ci95=summary.p_no_leak_ci95,
        expected_leakers=summary.expected_leakers,
        expected_leakers_ci95=summary.expected_leakers_ci95 or (math.nan, math.nan),
        interceptors_used={x.name: x.used_mean for x in summary.layers},
        cost_20yr_usd=None if cost is None else cost.total_usd,
        cost_per_warhead_stopped_at_margin_usd=None if cheapest is None else cheapest[1],
        margin_layer=None if cheapest is None else cheapest[0],
        warheads_needed_to_deliver_one=needed, notes=notes,
        p_no_leak_mixture=None if uncertainty is None else uncertainty.p_no_leak,
        p_no_leak_mixture_ci95=None if uncertainty is None else uncertainty.sampling_interval(),
        p_no_leak_over_draws=None if uncertainty is None else {
            f"p{q:g}": v for q, v in uncertainty.spread().items()})


def compare_plot(path: Any, rows: list[Comparison]) -> Any:
    """Draw the comparison (four panels of bars, 95 % intervals where there are some)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    names = [r.scenario for r in rows]
    x = np.arange(len(rows))
    fig, axes = plt.subplots(2, 2, figsize=(9, 6.5), constrained_layout=True)
    panels = [
        ("P(no leak)", [r.p_no_leak for r in rows], [r.p_no_leak_ci95 for r in rows]),
        ("expected leakers", [r.expected_leakers for r in rows],
         [r.expected_leakers_ci95 for r in rows]),
        ("20-year cost ($B)", [(r.cost_20yr_usd or np.nan) / 1e9 for r in rows], None),
        ("warheads needed to deliver one",
         [r.warheads_needed_to_deliver_one or np.nan for r in rows], None),
    ]
    for ax, (title, values, ci) in zip(axes.flat, panels, strict=True):
        v = np.asarray(values, dtype=float)
        err = None
        if ci is not None:
            lo = np.array([c[0] for c in ci])
            hi = np.array([c[1] for c in ci])
            err = np.vstack([v - lo, hi - v]).clip(min=0)
        ax.bar(x, v, yerr=err, capsize=4, color=[f"C{i}" for i in range(len(rows))])
        if title == "P(no leak)":
            for i, r in enumerate(rows):
                if r.p_no_leak_over_draws is not None and r.p_no_leak_mixture is not None:
                    sp = r.p_no_leak_over_draws
                    ax.errorbar(i + 0.25, r.p_no_leak_mixture, fmt="D", color="k", ms=4,
                                yerr=[[max(r.p_no_leak_mixture - sp["p5"], 0.0)],
                                      [max(sp["p95"] - r.p_no_leak_mixture, 0.0)]], capsize=3,
                                label="mixture, p5-p95 over parameter draws"
                                if all(q.p_no_leak_over_draws is None for q in rows[:i])
                                else None)
            if any(r.p_no_leak_over_draws is not None for r in rows):
                ax.legend(fontsize=7)
        ax.set_xticks(x, names, rotation=15, ha="right", fontsize=8)
        ax.set_title(title, fontsize=10)
        ax.grid(axis="y", alpha=0.3)
    fig.suptitle("Architectures side by side (bars: 95 % intervals)", fontsize=11)
    fig.savefig(path, dpi=110, metadata={"Software": None})
    plt.close(fig)
    return path
