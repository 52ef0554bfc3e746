"""The offense-defense exchange of a whole scenario, computed by the Monte Carlo engine.

Where :mod:`opendome.stability.exchange` has closed forms for one layer, this module runs the
scenario's full plan (every layer, decoys, discrimination, common mode, the battle manager) over
a range of attacker force sizes (:func:`opendome.sweep.vary.force_sweep`) and defender
inventories (:func:`layer_margins`). All runs share one seed, so they see
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
    "LayerMargin",
    "force_sweep",
    "layer_margins",
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
