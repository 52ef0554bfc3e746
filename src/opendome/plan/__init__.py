"""Compile a scenario into an engagement plan: objects x layers x opportunities x shots."""

from opendome.plan.engagement import (
    CLASS_BOOSTER,
    CLASS_DECOY,
    CLASS_WARHEAD,
    EngagementPlan,
    NoEngagement,
    compile_plan,
)

__all__ = [
    "CLASS_BOOSTER",
    "CLASS_DECOY",
    "CLASS_WARHEAD",
    "EngagementPlan",
    "NoEngagement",
    "compile_plan",
]
