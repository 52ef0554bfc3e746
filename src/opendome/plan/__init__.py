"""Compile a scenario into an engagement plan: objects x layers x opportunities x shots."""

from opendome.plan.engagement import (
    CLASS_BOOSTER,
    CLASS_DECOY,
    CLASS_WARHEAD,
    EngagementPlan,
    NoEngagement,
    compile_plan,
)
from opendome.plan.reach import LayerReach, SalvoReach, SpaceGeometry, salvo_order

__all__ = [
    "CLASS_BOOSTER",
    "CLASS_DECOY",
    "CLASS_WARHEAD",
    "EngagementPlan",
    "LayerReach",
    "NoEngagement",
    "SalvoReach",
    "SpaceGeometry",
    "compile_plan",
    "salvo_order",
]
