"""OpenDome's public front door: the names a script needs, in one place.

Example::

    from opendome.api import builtin_scenario, prepare_plan, simulate, summarize

    plan = prepare_plan(builtin_scenario("golden-dome-limited"))
    summary = summarize(plan, simulate(plan, trials=20_000, seed=1))
    print(summary["p_no_leak"], summary["expected_leakers"])
"""

from opendome.battle import read_instance, solve, solve_shoot_look_shoot
from opendome.catalog import load_catalog
from opendome.engine import (
    ClosedForm,
    TrialResults,
    expected_shots,
    layer_negation,
    leakage_through_layers,
    p_zero_leakers,
    plan_closed_form,
    prepare_plan,
    shots_needed,
    simulate,
    summarize,
)
from opendome.plan import EngagementPlan, compile_plan
from opendome.scenario import (
    Scenario,
    ScenarioError,
    builtin_names,
    builtin_scenario,
    load_scenario,
    scenario_from_mapping,
    scenario_from_text,
)
from opendome.space.coverage import count_in_reach, expected_in_reach
from opendome.space.walker import build as build_constellation
from opendome.space.walker import walker_delta

__all__ = [
    "ClosedForm",
    "EngagementPlan",
    "Scenario",
    "ScenarioError",
    "TrialResults",
    "build_constellation",
    "builtin_names",
    "builtin_scenario",
    "compile_plan",
    "count_in_reach",
    "expected_in_reach",
    "expected_shots",
    "layer_negation",
    "leakage_through_layers",
    "load_catalog",
    "load_scenario",
    "p_zero_leakers",
    "plan_closed_form",
    "prepare_plan",
    "read_instance",
    "scenario_from_mapping",
    "scenario_from_text",
    "shots_needed",
    "simulate",
    "solve",
    "solve_shoot_look_shoot",
    "summarize",
    "walker_delta",
]
