"""The life-cycle cost of a published preset or of a scenario's defense, as typed reports.

:func:`preset_report` reproduces a published case (CBO, AEI) and sets it beside the published
totals, also at the preset's newer launch price where it has one; :func:`scenario_report` costs
a scenario's defender layers with the defaults of ``costs.yaml``. ``to_dict()`` is the JSON of
``opendome cost``; the command line only parses, calls these and prints.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from opendome.economics.cost import CostResult, life_cycle_cost
from opendome.economics.presets import (
    Preset,
    defaults,
    layers_from_scenario,
    load_preset,
    scenario_cost_sources,
)
from opendome.scenario import Scenario

__all__ = ["CostReport", "preset_report", "scenario_report"]


@dataclass(frozen=True)
class CostReport:
    """A life-cycle cost with what it was computed for and the sources of its inputs."""

    result: CostResult
    sources: dict[str, str]
    launch_price_usd_per_kg: float | None = None
    """The launch price set for every space layer (None: the catalog's)."""
    scenario: str | None = None
    absentee_ratio: float | None = None
    preset: Preset | None = None
    published: dict[str, float] = field(default_factory=dict)
    ratio_to_published_total: float | None = None
    at_new_launch_price: dict[str, float] | None = None
    """The preset at its newer launch price: total, reduction and the published comparison."""

    def to_dict(self) -> dict[str, Any]:
        """Return JSON-ready data (``opendome cost --json``)."""
        out: dict[str, Any] = {}
        if self.preset is not None:
            p = self.preset
            out.update(preset=p.key, title=p.title, published=self.published,
                       published_sources={k: v.citation() for k, v in p.published_usd.items()},
                       sources=self.sources)
            if self.ratio_to_published_total is not None:
                out["ratio_to_published_total"] = self.ratio_to_published_total
            if self.at_new_launch_price is not None:
                out["at_new_launch_price"] = self.at_new_launch_price
        else:
            out.update(scenario=self.scenario, sources=self.sources,
                       absentee_ratio=self.absentee_ratio)
        out.update(self.result.as_dict())
        if self.launch_price_usd_per_kg is not None:
            out["launch_price_usd_per_kg"] = self.launch_price_usd_per_kg
        return out


def preset_report(name: str, launch_price_usd_per_kg: float | None = None) -> CostReport:
    """Return a published preset's cost beside its published totals.

    Without ``launch_price_usd_per_kg``: the ratio to the published total and, if the preset
    has a newer launch price, the cost there with its reduction (and the published ones). With
    the preset's newer launch price: the ratio to the published total at that price. Raises
    :class:`~opendome.economics.presets.UnknownPresetError` for an unknown name.
    """
    p = load_preset(name)
    result = p.cost(launch_price_usd_per_kg)
    pub = {k: v.value for k, v in p.published_usd.items()}
    new_lp = p.new_launch_price_usd_per_kg
    ratio = None
    if launch_price_usd_per_kg is None and "total_usd" in pub:
        ratio = result.total_usd / pub["total_usd"]
    elif launch_price_usd_per_kg == new_lp and "total_new_launch_usd" in pub:
        ratio = result.total_usd / pub["total_new_launch_usd"]
    block: dict[str, float] | None = None
    if launch_price_usd_per_kg is None and new_lp is not None:
        new_total = p.cost(new_lp).total_usd
        block = {"launch_price_usd_per_kg": new_lp, "total_usd": new_total,
                 "reduction": 1.0 - new_total / result.total_usd}
        if "total_new_launch_usd" in pub and "total_usd" in pub:
            block["published_total_usd"] = pub["total_new_launch_usd"]
            block["ratio_to_published_total"] = new_total / pub["total_new_launch_usd"]
            block["published_reduction"] = 1.0 - pub["total_new_launch_usd"] / pub["total_usd"]
    return CostReport(result, dict(p.sources), launch_price_usd_per_kg, preset=p,
                      published=pub, ratio_to_published_total=ratio, at_new_launch_price=block)


def scenario_report(scenario: Scenario, absentee_ratio: float | None = None,
                    horizon_yr: float | None = None,
                    launch_price_usd_per_kg: float | None = None) -> CostReport:
    """Return the cost of a scenario's defender layers (defaults of ``costs.yaml``).

    ``absentee_ratio`` as in :func:`~opendome.economics.presets.layers_from_scenario`; raises
    KeyError or ValueError when a layer cannot be costed.
    """
    dflt = defaults()
    horizon = horizon_yr or dflt["horizon_yr"].value
    layers = layers_from_scenario(scenario, absentee_ratio, horizon)
    if launch_price_usd_per_kg is not None:
        layers = tuple(ly.with_launch_price(launch_price_usd_per_kg) for ly in layers)
    result = life_cycle_cost(layers, horizon, base_year=int(dflt["base_year"].value))
    ratio = dflt["absentee_ratio"].value if absentee_ratio is None else absentee_ratio
    return CostReport(result, scenario_cost_sources(scenario), launch_price_usd_per_kg,
                      scenario=scenario.name, absentee_ratio=ratio)
