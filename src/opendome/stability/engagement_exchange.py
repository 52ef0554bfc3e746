"""The offense-defense exchange of a whole scenario, computed by the Monte Carlo engine.

Where :mod:`opendome.stability.exchange` has closed forms for one layer, this module runs the
scenario's full plan (every layer, decoys, discrimination, common mode, the battle manager) over
a range of attacker force sizes and defender inventories. All runs share one seed, so they see
the same random numbers for the same trial, layer and object (common random numbers), and
differences between neighbouring points are sharp.

Anti-satellite attrition of the space layer: for a layer defined by its constellation, a
random attack destroys that fraction of the satellites before the geometry is computed (the
scenario's ``constellation.attack`` can instead target the planes over the launch area, which
is worse). For a layer with a stated inventory in reach, each interceptor survives
independently with probability ``1 - fraction`` (binomial thinning).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray
from scipy import stats

from opendome.catalog import Catalog, load_catalog
from opendome.engine import build_plan, simulate
from opendome.plan import EngagementPlan
from opendome.scenario import Scenario
from opendome.scenario.models import Attack

ATTRITION_LEVELS = 64
"""Equally likely quantile levels that represent each thinned inventory value."""


def scaled_raid(scenario: Scenario, factor: float) -> Scenario:
    """Return the scenario with every salvo's missile count times ``factor`` (rounded, >= 1)."""
    salvos = [s.model_copy(update={"count": max(1, round(s.count * factor))})
              for s in scenario.attacker.salvos]
    return scenario.model_copy(
        update={"attacker": scenario.attacker.model_copy(update={"salvos": salvos})})


def space_layers(plan: EngagementPlan, catalog: Catalog | None = None) -> list[int]:
    """Return the indices of the plan's layers whose interceptors are space-based.

    ``catalog``: where the interceptor types are looked up (default: the shipped catalog).
    """
    cat = (catalog if catalog is not None else load_catalog()).interceptors
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
        q = (np.arange(ATTRITION_LEVELS) + 0.5) / ATTRITION_LEVELS
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


def scenario_with_attrition(scenario: Scenario, fraction: float) -> Scenario:
    """Return the scenario with a random attack destroying ``fraction`` of each constellation."""
    if fraction == 0.0:
        return scenario
    layers = []
    for layer in scenario.defender.layers:
        c = layer.constellation
        if c is not None:
            attack = Attack(destroyed=round(fraction * c.satellites), target="random")
            c = c.model_copy(update={"attack": attack})
            layer = layer.model_copy(update={"constellation": c})
        layers.append(layer)
    return scenario.model_copy(
        update={"defender": scenario.defender.model_copy(update={"layers": layers})})


def prepared(scenario: Scenario, attrition: float) -> EngagementPlan:
    """Return the engine's plan after attrition: geometric for constellations, else thinning."""
    plan = build_plan(scenario_with_attrition(scenario, attrition))
    stated = [i for i in space_layers(plan) if i not in plan.constellation_layers]
    if not stated or attrition == 0.0:
        return plan
    thinned = with_space_attrition(plan, attrition)
    keep = list(thinned.inventory_samples)
    for i in plan.constellation_layers:
        keep[i] = plan.inventory_samples[i]
    return replace(thinned, inventory_samples=tuple(keep))


def force_sweep(scenario: Scenario, factors: NDArray[np.float64] | list[float], trials: int,
                seed: int, attrition: float = 0.0,
                progress: Callable[[int], None] | None = None) -> ForceSweep:
    """Run the engine on the scenario's raid scaled by each factor (common random numbers).

    ``progress(1)`` is called after each force size.
    """
    fs = np.asarray(factors, dtype=np.float64)
    rows = []
    for f in fs:
        plan = prepared(scaled_raid(scenario, float(f)), attrition)
        r = simulate(plan, trials, seed)
        rows.append((plan.n_missiles, plan.n_warheads, r.leakers.mean(),
                     r.leakers.std(ddof=1) / np.sqrt(trials), (r.leakers == 0).mean(),
                     r.interceptors_used.mean(axis=0)))
        if progress is not None:
            progress(1)
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
