"""Monte Carlo engine (vectorized, seeded) and the analytic closed forms beside it."""

from opendome.engine.analytic import (
    ClosedForm,
    expected_shots,
    layer_negation,
    leakage_through_layers,
    p_zero_leakers,
    plan_closed_form,
    shots_needed,
    sls_engagement,
)
from opendome.engine.montecarlo import TrialResults, default_threads, simulate
from opendome.engine.run import Estimate, Run, trials_table
from opendome.engine.space_layer import (
    SPACE_GEOMETRY,
    SpaceLayerGeometry,
    build_plan,
    layer_geometry,
    prepare_plan,
)
from opendome.engine.summary import (
    ClosedFormSummary,
    LayerSummary,
    NotEngaged,
    SpaceLayerSummary,
    Summary,
    SummaryAccumulator,
    summarize,
    wilson_interval,
)

__all__ = [
    "SPACE_GEOMETRY",
    "ClosedForm",
    "ClosedFormSummary",
    "Estimate",
    "LayerSummary",
    "NotEngaged",
    "Run",
    "SpaceLayerGeometry",
    "SpaceLayerSummary",
    "Summary",
    "SummaryAccumulator",
    "TrialResults",
    "build_plan",
    "default_threads",
    "expected_shots",
    "layer_negation",
    "layer_geometry",
    "leakage_through_layers",
    "p_zero_leakers",
    "plan_closed_form",
    "prepare_plan",
    "shots_needed",
    "simulate",
    "sls_engagement",
    "summarize",
    "trials_table",
    "wilson_interval",
]
