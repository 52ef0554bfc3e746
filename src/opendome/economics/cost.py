"""Per-layer 20-year life-cycle cost in constant dollars.

Elements: development, procurement on a learning curve, launch, replacement over the service
life, and operations.

Model (one layer, horizon H years, ``N`` units deployed, service life ``L`` years):

* the layer is bought ``g = ceil(H / L)`` times (the first buy deploys it, the others replace it
  at the end of each service life), ``Q = g N`` units in all;
* unit ``k`` of the production run costs ``T1 k**b`` with ``b = log2(learning_rate)``
  (unit theory; a learning rate of 0.9 makes each doubling of the quantity 10 % cheaper per
  unit); the production line is continuous over the buys;
* each unit is launched at ``mass_kg * launch_price_usd_per_kg`` (zero for ground layers);
* operations cost ``operations_usd_per_yr`` every year of the horizon;
* development is a one-time cost.

No discounting: constant dollars of the stated base year, as in CBO's 20-year estimates.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import asdict, dataclass, replace

import numpy as np

_TOL = 1e-9


def learning_exponent(learning_rate: float) -> float:
    """Return the unit-theory exponent ``b = log2(learning_rate)`` (0 for no learning)."""
    if not 0.0 < learning_rate <= 1.0:
        raise ValueError(f"learning_rate must be in (0, 1], got {learning_rate!r}")
    return math.log2(learning_rate)


def cumulative_unit_cost_usd(
    first_unit_cost_usd: float, learning_rate: float, quantity: int, start: int = 0
) -> float:
    """Return the cost of units ``start+1 .. start+quantity`` of a run on a learning curve.

    Exact sum of ``T1 k**b`` over the units (unit theory, ``b = log2(learning_rate)``).
    """
    if quantity < 0 or start < 0:
        raise ValueError(f"quantity and start must be >= 0, got {quantity!r}, {start!r}")
    if quantity == 0:
        return 0.0
    b = learning_exponent(learning_rate)
    if b == 0.0:
        return first_unit_cost_usd * quantity
    k = np.arange(start + 1, start + quantity + 1, dtype=np.float64)
    return float(first_unit_cost_usd * np.sum(k**b))


def first_unit_cost_from_average(
    average_unit_cost_usd: float, quantity: int, learning_rate: float
) -> float:
    """Return the first-unit cost ``T1`` whose average over ``quantity`` units is the one given."""
    if quantity <= 0:
        raise ValueError(f"quantity must be > 0, got {quantity!r}")
    per_t1 = cumulative_unit_cost_usd(1.0, learning_rate, quantity) / quantity
    return average_unit_cost_usd / per_t1


def buys_in_horizon(horizon_yr: float, service_life_yr: float) -> int:
    """Return how many times a layer is bought in the horizon: ``ceil(H / L)``, at least 1."""
    if horizon_yr <= 0 or service_life_yr <= 0:
        raise ValueError("horizon_yr and service_life_yr must be > 0")
    if math.isinf(service_life_yr):
        return 1
    return max(1, math.ceil(horizon_yr / service_life_yr - _TOL))


@dataclass(frozen=True)
class Layer:
    """Cost parameters of one layer (SI, constant dollars)."""

    name: str
    units: int
    first_unit_cost_usd: float
    learning_rate: float = 1.0
    mass_kg: float = 0.0
    launch_price_usd_per_kg: float = 0.0
    service_life_yr: float = math.inf
    development_usd: float = 0.0
    operations_usd_per_yr: float = 0.0

    def __post_init__(self) -> None:
        """Check the parameters (raise ValueError naming the field and the fix)."""
        if self.units < 0:
            raise ValueError(f"layer '{self.name}': units must be >= 0, got {self.units}")
        for field in ("first_unit_cost_usd", "mass_kg", "launch_price_usd_per_kg",
                      "development_usd", "operations_usd_per_yr"):
            if getattr(self, field) < 0:
                raise ValueError(f"layer '{self.name}': {field} must be >= 0")
        if self.service_life_yr <= 0:
            raise ValueError(f"layer '{self.name}': service_life_yr must be > 0")
        learning_exponent(self.learning_rate)

    def with_launch_price(self, launch_price_usd_per_kg: float) -> Layer:
        """Return a copy at another launch price (only layers that launch anything change)."""
        if self.mass_kg == 0.0:
            return self
        return replace(self, launch_price_usd_per_kg=launch_price_usd_per_kg)


@dataclass(frozen=True)
class LayerCost:
    """Life-cycle cost of one layer over the horizon, by element (constant dollars)."""

    name: str
    units: int
    buys: int
    units_bought: int
    development_usd: float
    procurement_usd: float
    launch_usd: float
    replacement_usd: float
    operations_usd: float

    @property
    def acquisition_usd(self) -> float:
        """Return development + procurement + launch + replacement."""
        return self.development_usd + self.procurement_usd + self.launch_usd + self.replacement_usd

    @property
    def total_usd(self) -> float:
        """Return acquisition + operations."""
        return self.acquisition_usd + self.operations_usd

    def as_dict(self) -> dict[str, float | int | str]:
        """Return the elements and totals as a flat dict (JSON-ready)."""
        out: dict[str, float | int | str] = dict(asdict(self))
        out["acquisition_usd"] = self.acquisition_usd
        out["total_usd"] = self.total_usd
        out["total_per_unit_usd"] = self.total_usd / self.units if self.units else 0.0
        return out


def layer_cost(layer: Layer, horizon_yr: float) -> LayerCost:
    """Return the life-cycle cost of one layer over ``horizon_yr`` years.

    The first buy is split into procurement and launch; later buys (replacement at the end of
    each service life) are summed into ``replacement_usd`` (procurement and launch).
    """
    buys = buys_in_horizon(horizon_yr, layer.service_life_yr)
    n = layer.units
    launch_per_unit_usd = layer.mass_kg * layer.launch_price_usd_per_kg
    first = cumulative_unit_cost_usd(layer.first_unit_cost_usd, layer.learning_rate, n)
    later = cumulative_unit_cost_usd(
        layer.first_unit_cost_usd, layer.learning_rate, n * (buys - 1), start=n
    )
    return LayerCost(
        name=layer.name,
        units=n,
        buys=buys,
        units_bought=n * buys,
        development_usd=layer.development_usd,
        procurement_usd=first,
        launch_usd=n * launch_per_unit_usd,
        replacement_usd=later + n * (buys - 1) * launch_per_unit_usd,
        operations_usd=layer.operations_usd_per_yr * horizon_yr,
    )


@dataclass(frozen=True)
class CostResult:
    """Life-cycle cost of an architecture: layers and total, constant dollars of ``base_year``."""

    base_year: int
    horizon_yr: float
    layers: tuple[LayerCost, ...]

    @property
    def total_usd(self) -> float:
        """Return the sum of the layers' totals."""
        return sum(lc.total_usd for lc in self.layers)

    @property
    def acquisition_usd(self) -> float:
        """Return the sum of the layers' acquisition costs."""
        return sum(lc.acquisition_usd for lc in self.layers)

    @property
    def operations_usd(self) -> float:
        """Return the sum of the layers' operations costs."""
        return sum(lc.operations_usd for lc in self.layers)

    def as_dict(self) -> dict[str, object]:
        """Return ``total_usd``, ``acquisition_usd``, ``operations_usd`` and ``by_layer``."""
        return {
            "base_year": self.base_year,
            "horizon_yr": self.horizon_yr,
            "total_usd": self.total_usd,
            "acquisition_usd": self.acquisition_usd,
            "operations_usd": self.operations_usd,
            "by_layer": {lc.name: lc.as_dict() for lc in self.layers},
        }


def life_cycle_cost(layers: Iterable[Layer], horizon_yr: float, base_year: int) -> CostResult:
    """Return the life-cycle cost of the layers over the horizon, in ``base_year`` dollars."""
    return CostResult(
        base_year=base_year,
        horizon_yr=horizon_yr,
        layers=tuple(layer_cost(layer, horizon_yr) for layer in layers),
    )


def cumulative_unit_cost_approx_usd(
    first_unit_cost_usd: float, learning_rate: float, quantity: np.ndarray | float
) -> np.ndarray:
    """Return the cost of units 1..Q on a learning curve by the midpoint-integral approximation.

    ``T1 [(Q + 1/2)**(b+1) - (1/2)**(b+1)] / (b + 1)``, vectorized over ``quantity``: the fast
    form for sweeps over force sizes (within 0.5 % of the exact sum for Q >= 10 and 0.1 % for
    Q >= 100, at learning rates of 0.8 or more).
    """
    b = learning_exponent(learning_rate)
    q = np.asarray(quantity, dtype=np.float64)
    e = b + 1.0
    out = first_unit_cost_usd * ((q + 0.5) ** e - 0.5**e) / e
    return np.where(q > 0, out, 0.0)


def total_cost_vs_units_usd(
    layer: Layer, units: np.ndarray | list[int], horizon_yr: float
) -> np.ndarray:
    """Return the layer's total life-cycle cost for each size in ``units`` (exact, vectorized).

    The layer's parameters apply to every size; operations scale in proportion to the number of
    units (per-unit operations of the layer as given). For the cost side of sweeps over defense
    sizes.
    """
    n = np.asarray(units, dtype=np.int64)
    if np.any(n < 0):
        raise ValueError("units must be >= 0")
    buys = buys_in_horizon(horizon_yr, layer.service_life_yr)
    q_max = int(n.max(initial=0)) * buys
    b = learning_exponent(layer.learning_rate)
    k = np.arange(1, q_max + 1, dtype=np.float64)
    cumulative = np.concatenate(([0.0], np.cumsum(layer.first_unit_cost_usd * k**b)))
    bought = n * buys
    launch = bought * layer.mass_kg * layer.launch_price_usd_per_kg
    ops_per_unit_yr = layer.operations_usd_per_yr / layer.units if layer.units else 0.0
    operations = ops_per_unit_yr * n * horizon_yr
    return np.asarray(layer.development_usd + cumulative[bought] + launch + operations)
