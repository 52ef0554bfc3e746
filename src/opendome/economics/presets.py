"""Cost presets and defaults from ``catalog/data/costs.yaml``, and costing of a layer list.

A preset reproduces a published estimate (CBO 2026's SBI layer, the two older designs of CBO's
2025 letter); ``layers_from_spec`` costs user layers from catalog interceptor types, with the
defaults of ``costs.yaml`` for what the catalog does not give.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from opendome.catalog import (
    Catalog,
    SourcedValue,
    load_catalog,
    load_data_file,
)
from opendome.economics.cost import (
    CostResult,
    Layer,
    buys_in_horizon,
    first_unit_cost_from_average,
    life_cycle_cost,
)
from opendome.scenario import Scenario

COSTS_FILE = "costs.yaml"


class UnknownPresetError(KeyError):
    """No cost preset of that name."""


@dataclass(frozen=True)
class Preset:
    """A cost preset: layers, horizon, base year, and the published figures it reproduces."""

    key: str
    title: str
    base_year: int
    horizon_yr: float
    layers: tuple[Layer, ...]
    published_usd: Mapping[str, SourcedValue]
    new_launch_price_usd_per_kg: float | None
    sources: Mapping[str, str]

    def cost(self, launch_price_usd_per_kg: float | None = None) -> CostResult:
        """Return the life-cycle cost, at another launch price for space layers if given."""
        layers = self.layers
        if launch_price_usd_per_kg is not None:
            layers = tuple(ly.with_launch_price(launch_price_usd_per_kg) for ly in layers)
        return life_cycle_cost(layers, self.horizon_yr, self.base_year)

    def cost_per_unit_usd(self) -> float:
        """Return the life-cycle cost of the first layer per unit (the exchange's unit cost)."""
        first = self.cost().layers[0]
        return first.total_usd / first.units


def scenario_cost(scenario: Scenario, absentee_ratio: float | None = None) -> CostResult:
    """Return the life-cycle cost of a scenario's defense with costs.yaml's defaults.

    Horizon and base year are the defaults'; ``absentee_ratio`` as in
    :func:`layers_from_scenario`. Raises KeyError or ValueError when a layer cannot be costed.
    """
    dflt = defaults()
    horizon = dflt["horizon_yr"].value
    return life_cycle_cost(layers_from_scenario(scenario, absentee_ratio, horizon), horizon,
                           int(dflt["base_year"].value))


def defaults() -> dict[str, SourcedValue]:
    """Return the ``defaults`` entry of costs.yaml (``{parameter: SourcedValue}``)."""
    body = load_data_file(COSTS_FILE)["defaults"]
    return {k: v for k, v in body.items() if isinstance(v, SourcedValue)}


def preset_names() -> list[str]:
    """Return the names of the cost presets."""
    return [k for k, v in load_data_file(COSTS_FILE).items() if v.get("kind") == "preset"]


def _value(body: Mapping[str, Any], key: str, where: str) -> float:
    sv = body.get(key)
    if not isinstance(sv, SourcedValue):
        raise KeyError(f"{where}: missing sourced value '{key}'")
    return sv.value


def _layer_from_body(name: str, body: Mapping[str, Any], horizon_yr: float, where: str) -> Layer:
    units = int(_value(body, "units", where))
    life = body.get("service_life_yr")
    life_yr = life.value if isinstance(life, SourcedValue) else math.inf
    lr = _value(body, "learning_rate", where) if "learning_rate" in body else 1.0
    if "first_unit_cost_usd" in body:
        t1 = _value(body, "first_unit_cost_usd", where)
    else:
        quantity = units * buys_in_horizon(horizon_yr, life_yr)
        average_usd = _value(body, "average_unit_cost_usd", where)
        t1 = first_unit_cost_from_average(average_usd, quantity, lr)
    opt = {k: _value(body, k, where) for k in
           ("mass_kg", "launch_price_usd_per_kg", "development_usd", "operations_usd_per_yr")
           if k in body}
    return Layer(name=name, units=units, first_unit_cost_usd=t1, learning_rate=lr,
                 service_life_yr=life_yr, **opt)


def load_preset(name: str) -> Preset:
    """Return the cost preset ``name`` of costs.yaml; raise UnknownPresetError listing the names."""
    table = load_data_file(COSTS_FILE)
    body = table.get(name)
    if body is None or body.get("kind") != "preset":
        raise UnknownPresetError(f"no cost preset '{name}'; choose one of {preset_names()}")
    where = f"{COSTS_FILE}:{name}"
    horizon_yr = _value(body, "horizon_yr", where)
    layers = tuple(
        _layer_from_body(lname, lbody, horizon_yr, f"{where}.layers.{lname}")
        for lname, lbody in body["layers"].items()
    )
    sources = {
        f"layers.{lname}.{k}": v.citation()
        for lname, lbody in body["layers"].items()
        for k, v in lbody.items()
        if isinstance(v, SourcedValue)
    }
    new_lp = body.get("new_launch_price_usd_per_kg")
    return Preset(
        key=name,
        title=str(body.get("title", name)),
        base_year=int(_value(body, "base_year", where)),
        horizon_yr=horizon_yr,
        layers=layers,
        published_usd=dict(body.get("published", {})),
        new_launch_price_usd_per_kg=new_lp.value if isinstance(new_lp, SourcedValue) else None,
        sources=sources,
    )


def _per_type(key: str) -> dict[str, float]:
    body = load_data_file(COSTS_FILE).get("interceptor-costs", {}).get(key, {})
    return {k: v.value for k, v in body.items() if isinstance(v, SourcedValue)}


_LAYER_OVERRIDES = (
    "first_unit_cost_usd", "learning_rate", "mass_kg", "launch_price_usd_per_kg",
    "service_life_yr", "development_usd", "operations_usd_per_yr",
)


def layers_from_scenario(
    scenario: Scenario, absentee_ratio: float | None = None, horizon_yr: float = 20.0
) -> tuple[Layer, ...]:
    """Return cost layers for a scenario's defender layers (see :func:`layers_from_spec`).

    A layer's units are its inventory; a space layer's inventory counts the interceptors in
    reach of the launch area, so its constellation is the inventory times ``absentee_ratio``
    (default: costs.yaml's), rounded up; a layer given by its ``constellation`` counts its
    satellites.
    """
    ratio = defaults()["absentee_ratio"].value if absentee_ratio is None else absentee_ratio
    if ratio < 1:
        raise ValueError(f"absentee_ratio must be >= 1, got {ratio!r}")
    cat = scenario.catalog.interceptors
    spec: list[dict[str, Any]] = []
    for layer in scenario.defender.layers:
        space = cat[layer.interceptor].basing == "space"
        if layer.constellation is not None:
            count = layer.constellation.satellites
        elif space:
            count = math.ceil((layer.inventory or 0) * ratio - 1e-9)
        else:
            count = layer.inventory or 0
        spec.append({"name": layer.name, "interceptor": layer.interceptor, "count": count})
    return layers_from_spec(spec, horizon_yr, scenario.catalog)


def scenario_cost_sources(scenario: Scenario) -> dict[str, str]:
    """Return ``{parameter: citation}`` for every number that costing ``scenario`` uses."""
    cat = scenario.catalog.interceptors
    table = load_data_file(COSTS_FILE)
    out = {f"defaults.{k}": v.citation() for k, v in defaults().items()}
    for layer in scenario.defender.layers:
        ic = cat[layer.interceptor]
        cites = ic.sources()
        for k in ("unit_cost_usd", "mass_kg", "service_life_yr"):
            if k in cites:
                out[f"{layer.name}.{k} ({layer.interceptor})"] = cites[k]
        per_type = table.get("interceptor-costs", {}).get(layer.interceptor, {})
        for k, v in per_type.items():
            if isinstance(v, SourcedValue):
                out[f"{layer.name}.{k} ({layer.interceptor})"] = v.citation()
    return out


def layers_from_spec(
    spec: Sequence[Mapping[str, Any]], horizon_yr: float = 20.0, catalog: Catalog | None = None
) -> tuple[Layer, ...]:
    """Return cost layers for a list of ``{interceptor: KEY, count: N, [name], [overrides]}``.

    The catalog gives the unit cost, mass and service life of the interceptor type. The unit
    cost is the average at the type's ``reference_quantity`` of costs.yaml (``interceptor-costs``;
    else at the layer's own buy over ``horizon_yr``), which fixes the first-unit cost of the
    learning curve. Launch price, learning rate and operations come from costs.yaml unless the
    item overrides them (SI numbers, keys as in :class:`~opendome.economics.cost.Layer`).
    Launch applies to space-based types only. Raise ValueError naming the item and the fix.
    ``catalog``: the interceptor types (default: the shipped catalog).
    """
    cat = (catalog if catalog is not None else load_catalog()).interceptors
    dflt = defaults()
    layers: list[Layer] = []
    for i, item in enumerate(spec):
        where = f"layers[{i}]"
        if not isinstance(item, Mapping):
            raise ValueError(f"{where}: expected a mapping with 'interceptor' and 'count'")
        key = item.get("interceptor")
        if key not in cat:
            raise ValueError(
                f"{where}.interceptor: unknown type {key!r}; choose one of {sorted(cat)}"
            )
        count = item.get("count")
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            raise ValueError(
                f"{where}.count: give a whole number of interceptors >= 0, got {count!r}"
            )
        bad = sorted(set(item) - {"interceptor", "count", "name", *_LAYER_OVERRIDES})
        if bad:
            raise ValueError(f"{where}: unknown keys {bad}; allowed: {sorted(_LAYER_OVERRIDES)}")
        ic = cat[str(key)]
        space = ic.basing == "space"
        per_type = _per_type(str(key))
        params: dict[str, float] = {
            "learning_rate": dflt["learning_rate"].value,
            "mass_kg": (ic.mass_kg or 0.0) if space else 0.0,
            "launch_price_usd_per_kg": dflt["launch_price_usd_per_kg"].value if space else 0.0,
            "service_life_yr": ic.service_life_yr or math.inf,
            "development_usd": dflt["development_usd"].value,
        }
        for k in _LAYER_OVERRIDES:
            if k in item:
                v = item[k]
                if isinstance(v, bool) or not isinstance(v, int | float):
                    raise ValueError(f"{where}.{k}: give a number in SI units, got {v!r}")
                params[k] = float(v)
        if "first_unit_cost_usd" not in item:
            life = params["service_life_yr"]
            own = max(count * buys_in_horizon(horizon_yr, life), 1)
            ref = per_type.get("reference_quantity")
            params["first_unit_cost_usd"] = first_unit_cost_from_average(
                ic.unit_cost_usd, int(ref) if ref else own, params["learning_rate"]
            )
        if "operations_usd_per_yr" not in item:
            per_unit = per_type.get("operations_usd_per_unit_yr")
            if per_unit is None:
                per_unit = dflt["operations_fraction_per_yr"].value * ic.unit_cost_usd
            params["operations_usd_per_yr"] = per_unit * count
        layers.append(Layer(name=str(item.get("name", key)), units=count, **params))
    return tuple(layers)
