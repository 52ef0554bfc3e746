"""20-year life-cycle cost of a defense, by layer, with presets reproducing CBO's figures.

See ``docs/economics.md``: development, procurement on a learning curve, launch, replacement
over the service life and operations, in constant dollars of a stated base year.
"""

from opendome.economics.cost import (
    CostResult,
    Layer,
    LayerCost,
    buys_in_horizon,
    cumulative_unit_cost_approx_usd,
    cumulative_unit_cost_usd,
    first_unit_cost_from_average,
    layer_cost,
    life_cycle_cost,
    total_cost_vs_units_usd,
)
from opendome.economics.presets import (
    Preset,
    UnknownPresetError,
    defaults,
    layers_from_scenario,
    layers_from_spec,
    load_preset,
    preset_names,
    scenario_cost,
)

__all__ = [
    "CostResult",
    "Layer",
    "LayerCost",
    "Preset",
    "UnknownPresetError",
    "buys_in_horizon",
    "cumulative_unit_cost_approx_usd",
    "cumulative_unit_cost_usd",
    "defaults",
    "first_unit_cost_from_average",
    "layer_cost",
    "layers_from_scenario",
    "layers_from_spec",
    "life_cycle_cost",
    "load_preset",
    "preset_names",
    "scenario_cost",
    "total_cost_vs_units_usd",
]
