"""Offense-defense interaction: the exchange at the margin and first-strike stability.

See ``docs/stability.md``: closed forms of delivered warheads, warheads needed and the
cost-exchange ratio; Kent & Thaler's (1989) first-strike stability index.
"""

from opendome.stability.exchange import (
    ExchangePoint,
    cost_exchange_ratio,
    decoys_needed,
    exchange_point,
    expected_delivered,
    expected_delivered_in_allocation_order,
    marginal_warheads_per_interceptor,
    negation_probability,
    objects_engageable,
    regime,
    warheads_needed,
    warheads_to_exhaust,
)
from opendome.stability.first_strike import (
    Defense,
    Exchange,
    Posture,
    StabilityResult,
    default_postures,
    first_strike,
    index_vs_defense,
    stability_index,
)

__all__ = [
    "Defense",
    "Exchange",
    "ExchangePoint",
    "Posture",
    "StabilityResult",
    "cost_exchange_ratio",
    "decoys_needed",
    "default_postures",
    "exchange_point",
    "expected_delivered",
    "expected_delivered_in_allocation_order",
    "first_strike",
    "index_vs_defense",
    "marginal_warheads_per_interceptor",
    "negation_probability",
    "objects_engageable",
    "regime",
    "stability_index",
    "warheads_needed",
    "warheads_to_exhaust",
]
