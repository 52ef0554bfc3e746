"""Monte Carlo engine (vectorized, seeded) and the analytic closed forms beside it."""

from opendome.engine.analytic import (
    ClosedForm,
    expected_shots,
    layer_negation,
    leakage_through_layers,
    p_zero_leakers,
    plan_closed_form,
    shots_needed,
)
from opendome.engine.montecarlo import TrialResults, simulate
from opendome.engine.summary import summarize, wilson_interval

__all__ = [
    "ClosedForm",
    "TrialResults",
    "expected_shots",
    "layer_negation",
    "leakage_through_layers",
    "p_zero_leakers",
    "plan_closed_form",
    "shots_needed",
    "simulate",
    "summarize",
    "wilson_interval",
]
