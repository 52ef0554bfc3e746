"""The offense-defense exchange of a whole scenario, computed by the Monte Carlo engine.

Where :mod:`opendome.stability.exchange` has closed forms for one layer, this module runs the
scenario's full plan (every layer, decoys, discrimination, common mode, the battle manager) over
a range of attacker force sizes and defender inventories. All runs share one seed, so they see
the same random numbers for the same trial, layer and object (common random numbers), and
differences between neighbouring points are sharp.

Anti-satellite attrition of the space layer enters as thinning: each space-based interceptor
in reach survives an attack with probability ``1 - fraction``, independently (a random attack
on the constellation; an attack concentrated on the planes over the launch area is worse, see
the space-layer model).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray
from scipy import stats

from opendome.catalog import load_catalog
from opendome.engine import simulate
from opendome.plan import EngagementPlan, compile_plan
from opendome.scenario import Scenario

ATTRITION_SAMPLES = 1024
"""Equally likely values used to represent a thinned inventory distribution."""


def scaled_raid(scenario: Scenario, factor: float) -> Scenario:
    """Return the scenario with every salvo's missile count times ``factor`` (rounded, >= 1)."""
    salvos = [s.model_copy(update={"count": max(1, round(s.count * factor))})
              for s in scenario.attacker.salvos]
    return scenario.model_copy(
        update={"attacker": scenario.attacker.model_copy(update={"salvos": salvos})})


def space_layers(plan: EngagementPlan) -> list[int]:
    """Return the indices of the plan's layers whose interceptors are space-based."""
    cat = load_catalog().interceptors
    return [i for i, key in enumerate(plan.layer_interceptors)
            if key in cat and cat[key].basing == "space"]


def with_space_attrition(plan: EngagementPlan, fraction: float) -> EngagementPlan:
    """Return the plan after an attack destroys ``fraction`` of the space interceptors.

    Each interceptor in reach survives independently with probability ``1 - fraction``; a layer
    with a fixed inventory I then has Binomial(I, 1 - fraction) in each trial (represented by
    its quantiles at ``ATTRITION_SAMPLES`` equally likely levels); a layer with inventory
    samples has each sample thinned the same way.
    """
    if not 0.0 <= fraction <= 1.0:
        raise ValueError(f"attrition fraction must be within [0, 1], got {fraction}")
    layers = space_layers(plan)
    if fraction == 0.0 or not layers:
        return plan
    samples = list(plan.inventory_samples or tuple(np.zeros(0, np.int64)
                                                   for _ in plan.layer_names))
    for layer in layers:
        base = samples[layer] if samples[layer].size else plan.inventory[layer : layer + 1]
        reps = max(1, ATTRITION_SAMPLES // base.size)
        q = (np.arange(reps) + 0.5) / reps
        thinned = stats.binom.ppf(q[None, :], base[:, None], 1.0 - fraction)
        samples[layer] = np.sort(thinned.ravel()).astype(np.int64)
    return replace(plan, inventory_samples=tuple(samples))


@dataclass(frozen=True)
class ForceSweep:
    """Expected delivered warheads over attacker force sizes (K points)."""

    factors: NDArray[np.float64]
    missiles: NDArray[np.int64]
    warheads: NDArray[np.int64]
    delivered: NDArray[np.float64]
    """(K,) expected warheads delivered with the defense."""
    delivered_se: NDArray[np.float64]
    p_no_leak: NDArray[np.float64]
    interceptors_used: NDArray[np.float64]
    """(K, L) mean interceptors used by layer."""

    def warheads_needed(self, deliver: float) -> float | None:
        """Return warheads the attacker needs to deliver ``deliver`` (interpolated), or None."""
        above = np.flatnonzero(self.delivered >= deliver)
        if above.size == 0:
            return None
        i = int(above[0])
        if i == 0:
            return float(self.warheads[0] * deliver / max(self.delivered[0], 1e-12))
        w0, w1 = self.warheads[i - 1], self.warheads[i]
        d0, d1 = self.delivered[i - 1], self.delivered[i]
        return float(w0 + (deliver - d0) * (w1 - w0) / (d1 - d0))


def force_sweep(scenario: Scenario, factors: NDArray[np.float64] | list[float], trials: int,
                seed: int, attrition: float = 0.0) -> ForceSweep:
    """Run the engine on the scenario's raid scaled by each factor (common random numbers)."""
    fs = np.asarray(factors, dtype=np.float64)
    rows = []
    for f in fs:
        plan = with_space_attrition(compile_plan(scaled_raid(scenario, float(f))), attrition)
        r = simulate(plan, trials, seed)
        rows.append((plan.n_missiles, plan.n_warheads, r.leakers.mean(),
                     r.leakers.std(ddof=1) / np.sqrt(trials), (r.leakers == 0).mean(),
                     r.interceptors_used.mean(axis=0)))
    return ForceSweep(
        factors=fs,
        missiles=np.array([r[0] for r in rows], dtype=np.int64),
        warheads=np.array([r[1] for r in rows], dtype=np.int64),
        delivered=np.array([r[2] for r in rows]),
        delivered_se=np.array([r[3] for r in rows]),
        p_no_leak=np.array([r[4] for r in rows]),
        interceptors_used=np.array([r[5] for r in rows]),
    )


@dataclass(frozen=True)
class LayerMargin:
    """What ``added`` more interceptors in one layer buy against the scenario's raid."""

    layer: str
    inventory: int
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
                  fraction_added: float = 0.25) -> list[LayerMargin]:
    """Return, per layer, the warheads stopped by adding ``fraction_added`` more interceptors.

    The difference is paired trial by trial (same seed), so its standard error is that of the
    per-trial differences.
    """
    base_plan = with_space_attrition(compile_plan(scenario), attrition)
    base = simulate(base_plan, trials, seed).leakers
    out = []
    for i, name in enumerate(base_plan.layer_names):
        layer = scenario.defender.layers[i]
        added = max(1, round(layer.inventory * fraction_added))
        layers = list(scenario.defender.layers)
        layers[i] = layer.model_copy(update={"inventory": layer.inventory + added})
        more = scenario.model_copy(update={
            "defender": scenario.defender.model_copy(update={"layers": layers})})
        after = simulate(with_space_attrition(compile_plan(more), attrition), trials, seed).leakers
        diff = base.astype(np.float64) - after
        out.append(LayerMargin(name, layer.inventory, added, float(base.mean()),
                               float(after.mean()), float(diff.std(ddof=1) / np.sqrt(trials))))
    return out
