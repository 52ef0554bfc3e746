"""The offense-defense exchange of a whole scenario, computed by the Monte Carlo engine.

Where :mod:`opendome.stability.exchange` has closed forms for one layer, this module runs the
scenario's full plan (every layer, decoys, discrimination, common mode, the battle manager) over
a range of attacker force sizes (:func:`opendome.sweep.vary.force_sweep`) and defender
inventories (:func:`layer_margins`). All runs share one seed, so they see
the same random numbers for the same trial, layer and object (common random numbers), and
differences between neighbouring points are sharp.

Anti-satellite attrition of the space layer is applied by
:func:`opendome.sweep.vary.scenario_with_attrition` (its module says how).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from opendome.engine import simulate
from opendome.scenario import Scenario

# Scenario variation has one home, opendome.sweep.vary (the one exception to the layering:
# stability sits below sweep, and import-linter allows exactly this import). The names stay
# importable from here for existing callers.
from opendome.sweep.vary import (
    ATTRITION_LEVELS,
    ForceSweep,
    force_sweep,
    prepared,
    scaled_raid,
    scenario_with_attrition,
    space_layers,
    with_space_attrition,
)

__all__ = [
    "ATTRITION_LEVELS",
    "ForceSweep",
    "LayerExchange",
    "LayerMargin",
    "ScenarioExchange",
    "cheapest_margin",
    "force_sweep",
    "layer_exchanges",
    "layer_margins",
    "run_scenario_exchange",
    "scenario_exchange",
    "prepared",
    "scaled_raid",
    "scenario_with_attrition",
    "space_layers",
    "with_space_attrition",
]


@dataclass(frozen=True)
class LayerMargin:
    """What ``added`` more interceptors in one layer buy against the scenario's raid."""

    layer: str
    units: int
    """Interceptors of the layer: its inventory, or the satellites of its constellation."""
    added: int
    delivered_before: float
    delivered_after: float
    difference_se: float
    """Standard error of the paired difference (common random numbers)."""

    @property
    def warheads_stopped_per_interceptor(self) -> float:
        """Return the marginal warheads stopped per interceptor added."""
        return (self.delivered_before - self.delivered_after) / self.added


def layer_margins(scenario: Scenario, trials: int, seed: int, attrition: float = 0.0,
                  fraction_added: float = 0.25,
                  progress: Callable[[int], None] | None = None) -> list[LayerMargin]:
    """Return, per layer, the warheads stopped by adding ``fraction_added`` more interceptors.

    A constellation layer gets that many more satellites per plane (so the added interceptors
    are in orbit, and only some are in reach). The difference is paired trial by trial (same
    seed), so its standard error is that of the per-trial differences.
    """
    base_plan = prepared(scenario, attrition)
    base = simulate(base_plan, trials, seed).leakers
    out = []
    for i, name in enumerate(base_plan.layer_names):
        layer = scenario.defender.layers[i]
        layers = list(scenario.defender.layers)
        if layer.constellation is not None:
            c = layer.constellation
            shells = [sh.model_copy(update={"per_plane": max(
                sh.per_plane + 1, round(sh.per_plane * (1 + fraction_added)))}) for sh in c.shells]
            bigger = c.model_copy(update={"shells": shells})
            units, added = c.satellites, bigger.satellites - c.satellites
            layers[i] = layer.model_copy(update={"constellation": bigger})
        else:
            units = layer.inventory or 0
            added = max(1, round(units * fraction_added))
            layers[i] = layer.model_copy(update={"inventory": units + added})
        more = scenario.model_copy(update={
            "defender": scenario.defender.model_copy(update={"layers": layers})})
        after = simulate(prepared(more, attrition), trials, seed).leakers
        diff = base.astype(np.float64) - after
        out.append(LayerMargin(name, units, added, float(base.mean()),
                               float(after.mean()), float(diff.std(ddof=1) / np.sqrt(trials))))
        if progress is not None:
            progress(1)
    return out


@dataclass(frozen=True)
class LayerExchange:
    """The margin of one layer: what an added interceptor buys and what it costs."""

    units: int
    added: int
    warheads_stopped_per_interceptor: float
    warheads_stopped_se: float
    cost_per_interceptor_usd: float
    cost_per_warhead_stopped_at_margin_usd: float
    """Infinite when the added interceptors stop no measurable number of warheads."""


def layer_exchanges(margins: list[LayerMargin],
                    layer_cost_usd: dict[str, float]) -> dict[str, LayerExchange]:
    """Return each layer's margin priced: cost per interceptor and per warhead stopped.

    A layer's cost per warhead stopped at the margin is its life-cycle cost per interceptor
    (``layer_cost_usd[layer] / units``) over the warheads one more interceptor stops, counted
    only where the paired difference exceeds two standard errors (else infinite: no measurable
    effect). Layers missing from ``layer_cost_usd`` are left out.
    """
    out: dict[str, LayerExchange] = {}
    for m in margins:
        if m.layer not in layer_cost_usd:
            continue
        per_available = layer_cost_usd[m.layer] / m.units if m.units else float("nan")
        rate = m.warheads_stopped_per_interceptor
        significant = (m.delivered_before - m.delivered_after) > 2 * m.difference_se
        per_stop = per_available / rate if rate > 0 and significant else float("inf")
        out[m.layer] = LayerExchange(m.units, m.added, rate, m.difference_se / m.added,
                                     per_available, per_stop)
    return out


def cheapest_margin(layers: dict[str, LayerExchange]) -> tuple[str, float] | None:
    """Return the layer with the lowest finite cost per warhead stopped, and that cost."""
    finite = [(x.cost_per_warhead_stopped_at_margin_usd, name) for name, x in layers.items()
              if np.isfinite(x.cost_per_warhead_stopped_at_margin_usd)]
    if not finite:
        return None
    cost, name = min(finite, key=lambda pair: pair[0])  # the first of equal costs
    return name, cost


@dataclass(frozen=True)
class ScenarioExchange:
    """The offense-defense exchange of a scenario, by the engine (``opendome stability``)."""

    scenario: str
    trials: int
    seed: int
    asat_fraction: float
    allocation: str
    sweep: ForceSweep
    deliver: float
    warheads_needed: float | None
    """Warheads the attacker needs to deliver ``deliver`` (None: more than the largest raid)."""
    delivered_per_added_warhead: float
    defender_cost_usd: float
    absentee_ratio: float
    layers: dict[str, LayerExchange]
    defender_cost_per_warhead_stopped_at_margin_usd: float | None
    attacker_cost_per_warhead_delivered_usd: float | None
    cost_exchange_ratio: float | None

    @property
    def expected_delivered(self) -> float:
        """Expected warheads delivered by the scenario's own raid (factor 1)."""
        return float(self.sweep.delivered[list(self.sweep.factors).index(1.0)])

    def to_dict(self) -> dict[str, object]:
        """Return JSON-ready data (the ``--json`` output of ``opendome stability SCENARIO``)."""
        s = self.sweep
        return {
            "scenario": self.scenario, "trials": self.trials, "seed": self.seed,
            "asat_fraction": self.asat_fraction, "allocation": self.allocation,
            "force": {"factors": [float(f) for f in s.factors], "missiles": s.missiles.tolist(),
                      "warheads": s.warheads.tolist(), "delivered": s.delivered.tolist(),
                      "delivered_se": s.delivered_se.tolist(), "p_no_leak": s.p_no_leak.tolist()},
            "expected_delivered": self.expected_delivered,
            "deliver": self.deliver,
            "warheads_needed": self.warheads_needed,
            "warheads_needed_without_defense": self.deliver,
            "delivered_per_added_warhead": self.delivered_per_added_warhead,
            "defender_cost_usd": self.defender_cost_usd,
            "absentee_ratio": self.absentee_ratio,
            "layers": {k: dict(vars(v)) for k, v in self.layers.items()},
            "defender_cost_per_warhead_stopped_at_margin_usd":
                self.defender_cost_per_warhead_stopped_at_margin_usd,
            "attacker_cost_per_warhead_delivered_usd": self.attacker_cost_per_warhead_delivered_usd,
            "cost_exchange_ratio": self.cost_exchange_ratio,
        }


def scenario_exchange(
    scenario: Scenario,
    sweep: ForceSweep,
    margins: list[LayerMargin],
    layer_cost_usd: dict[str, float],
    defender_cost_usd: float,
    *,
    trials: int,
    seed: int,
    attrition: float = 0.0,
    deliver: float = 1.0,
    absentee_ratio: float,
    warhead_cost_usd: float | None = None,
) -> ScenarioExchange:
    """Combine a force sweep, the layer margins and the layers' costs into the exchange.

    The slope ``d delivered / d warheads`` is the finite difference at the scenario's raid
    (factor 1, which ``sweep`` must contain) towards the next larger force (or the previous one
    at the end). A layer's cost per warhead stopped at the margin is its 20-year cost per
    interceptor over the warheads one more interceptor stops, counted only where the paired
    difference exceeds two standard errors (else infinite: no measurable effect). The
    cost-exchange ratio is the best layer's cost per warhead stopped over the attacker's cost
    per warhead delivered (``warhead_cost_usd`` over the slope). ``layer_cost_usd`` holds each
    layer's life-cycle cost (``opendome.economics``; stability does not import it).
    """
    fs = [float(f) for f in sweep.factors]
    if 1.0 not in fs:
        raise ValueError("sweep: the factors must include 1 (the scenario's own raid)")
    here = fs.index(1.0)
    nxt = min(here + 1, len(fs) - 1)
    prv = here - 1 if nxt == here else here
    dw = float(sweep.warheads[nxt] - sweep.warheads[prv])
    de_dw = float(sweep.delivered[nxt] - sweep.delivered[prv]) / dw if dw else float("nan")
    layers = layer_exchanges(margins, layer_cost_usd)
    cheapest = cheapest_margin(layers)
    attacker = (warhead_cost_usd / de_dw
                if warhead_cost_usd is not None and de_dw > 0 else None)
    finite_best = None if cheapest is None else cheapest[1]
    cer = finite_best / attacker if attacker and finite_best is not None else None
    return ScenarioExchange(
        scenario.name, trials, seed, attrition, str(scenario.defender.allocation), sweep,
        deliver, sweep.warheads_needed(deliver), de_dw, defender_cost_usd,
        absentee_ratio, layers, finite_best, attacker, cer)


def run_scenario_exchange(
    scenario: Scenario,
    factors: list[float],
    trials: int,
    seed: int,
    *,
    layer_cost_usd: dict[str, float],
    defender_cost_usd: float,
    absentee_ratio: float,
    attrition: float = 0.0,
    deliver: float = 1.0,
    warhead_cost_usd: float | None = None,
    progress: Callable[[int], None] | None = None,
) -> ScenarioExchange:
    """Run the engine for the exchange of a scenario and combine it (:func:`scenario_exchange`).

    The force sweep over ``factors`` (multiples of the scenario's raid; 1 is added if missing)
    and the layer margins share ``seed``; ``progress(n)`` is called after each of the
    :func:`exchange_runs` engine runs. ``layer_cost_usd`` and ``defender_cost_usd`` are the
    life-cycle costs (:func:`opendome.economics.scenario_cost`).
    """
    fs = sorted({float(f) for f in factors} | {1.0})
    sweep = force_sweep(scenario, fs, trials, seed, attrition, progress=progress)
    margins = layer_margins(scenario, trials, seed, attrition, progress=progress)
    return scenario_exchange(scenario, sweep, margins, layer_cost_usd, defender_cost_usd,
                             trials=trials, seed=seed, attrition=attrition, deliver=deliver,
                             absentee_ratio=absentee_ratio, warhead_cost_usd=warhead_cost_usd)


def exchange_runs(scenario: Scenario, factors: list[float]) -> int:
    """Return the engine runs :func:`run_scenario_exchange` makes (for progress bars)."""
    return len({float(f) for f in factors} | {1.0}) + len(scenario.defender.layers)
