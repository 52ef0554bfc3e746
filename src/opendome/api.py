"""OpenDome's public front door: the names a script needs, in one place.

Example::

    from opendome.api import builtin_scenario, run

    result = run(builtin_scenario("golden-dome-limited"), trials=20_000, seed=1)
    summary = result.summary()           # a frozen, typed Summary; .to_dict() for JSON
    print(summary.p_no_leak, summary.expected_leakers, summary.layer("terminal").used_p95)
    trials = result.to_pandas()          # one row per trial
"""

from opendome.battle import read_instance, solve, solve_shoot_look_shoot
from opendome.catalog import Catalog, load_catalog
from opendome.core.allocation import Allocation
from opendome.core.earth import SPHERE, WGS84, Geoid, geodetic_to_ecef, great_circle_destination
from opendome.core.sensors import kill_chain_events, radar_coverage
from opendome.core.trajectory import Trajectories, flight_time_grid, range_status, time_grid
from opendome.core.windows import engagement_window, phase_mask, reason_message
from opendome.economics import CostResult, LayerCost, life_cycle_cost, scenario_cost
from opendome.economics import defaults as cost_defaults
from opendome.economics import layers_from_scenario as cost_layers_from_scenario
from opendome.economics import load_preset as load_cost_preset
from opendome.economics.reports import CostReport, preset_report, scenario_report
from opendome.engine import (
    ClosedForm,
    ClosedFormSummary,
    Estimate,
    LayerSummary,
    NotEngaged,
    Run,
    SpaceLayerSummary,
    Summary,
    SummaryAccumulator,
    TrialResults,
    build_plan,
    expected_shots,
    layer_negation,
    leakage_through_layers,
    p_zero_leakers,
    plan_closed_form,
    shots_needed,
    simulate,
    sls_engagement,
    summarize,
    trials_table,
)
from opendome.engine.run import run
from opendome.engine.space_layer import build_constellation as scenario_constellation
from opendome.engine.space_layer import layer_geometry
from opendome.engine.uncertainty import (
    UncertainParameter,
    UncertaintyResult,
    scenario_uncertainty,
    uncertain_parameters,
)
from opendome.plan import EngagementPlan
from opendome.plan.flight_report import FlightInputError, FlightReport, flight_report
from opendome.plan.flights import fly
from opendome.report.html import ReportInputError, report_for, run_report
from opendome.report.jsonable import json_safe, json_text
from opendome.scenario import (
    Scenario,
    ScenarioError,
    builtin_names,
    builtin_scenario,
    builtin_text,
    dump_scenario,
    load_scenario,
    resolve_scenario,
    scenario_from_mapping,
    scenario_from_text,
    scenario_yaml,
)
from opendome.scenario.schema import scenario_json_schema
from opendome.space.analyses import attack_report, launch_capacity, shell_coverage
from opendome.space.coverage import (
    count_in_reach,
    expected_in_reach,
    interceptors_in_reach_at_random_times,
    pattern_launch_times_s,
    pattern_span_s,
)
from opendome.space.presets import (
    PRESET_FILE,
    Preset,
    PresetOverrides,
    SizeReport,
    SizingInputError,
    UnknownPresetError,
    preset_from_data,
    size_for_site,
    size_preset,
)
from opendome.space.propagation import propagate
from opendome.space.reach import KillVehicle, ReachCap, cap_angle_rad, reach_cap
from opendome.space.walker import build as build_constellation
from opendome.space.walker import walker_delta
from opendome.stability import (
    cost_exchange_ratio,
    decoys_needed,
    default_postures,
    expected_delivered,
    expected_delivered_in_allocation_order,
    index_vs_defense,
    stability_index,
    warheads_needed,
)
from opendome.stability.engagement_exchange import (
    LayerExchange,
    ScenarioExchange,
    cheapest_margin,
    layer_exchanges,
    layer_margins,
    run_scenario_exchange,
    scenario_exchange,
)
from opendome.stability.reports import (
    ExchangeReport,
    FirstStrikeTable,
    exchange_report,
    first_strike_table,
)
from opendome.sweep.spec import SweepError, SweepSpec, load_study
from opendome.sweep.store import query as query_sweep
from opendome.sweep.vary import force_sweep, scaled_raid, scenario_with_attrition, set_path
from opendome.sweep.vary import vary as vary_scenario
from opendome.validation.studies import (
    Study,
    StudyResult,
    UnknownStudyError,
    run_studies,
    study_names,
)

__all__ = [
    "Allocation",
    "Catalog",
    "ClosedForm",
    "ClosedFormSummary",
    "CostReport",
    "CostResult",
    "EngagementPlan",
    "FlightInputError",
    "FlightReport",
    "Estimate",
    "ExchangeReport",
    "FirstStrikeTable",
    "Geoid",
    "KillVehicle",
    "LayerCost",
    "LayerExchange",
    "LayerSummary",
    "NotEngaged",
    "PRESET_FILE",
    "Preset",
    "PresetOverrides",
    "ReachCap",
    "ReportInputError",
    "Run",
    "SPHERE",
    "Scenario",
    "ScenarioError",
    "ScenarioExchange",
    "SizeReport",
    "SizingInputError",
    "SpaceLayerSummary",
    "Study",
    "StudyResult",
    "Summary",
    "SummaryAccumulator",
    "SweepError",
    "SweepSpec",
    "Trajectories",
    "TrialResults",
    "UnknownPresetError",
    "UnknownStudyError",
    "WGS84",
    "attack_report",
    "build_constellation",
    "build_plan",
    "builtin_names",
    "builtin_scenario",
    "builtin_text",
    "cap_angle_rad",
    "cheapest_margin",
    "cost_defaults",
    "cost_exchange_ratio",
    "cost_layers_from_scenario",
    "count_in_reach",
    "decoys_needed",
    "default_postures",
    "dump_scenario",
    "engagement_window",
    "exchange_report",
    "expected_delivered",
    "expected_delivered_in_allocation_order",
    "expected_in_reach",
    "expected_shots",
    "flight_time_grid",
    "first_strike_table",
    "flight_report",
    "fly",
    "force_sweep",
    "geodetic_to_ecef",
    "great_circle_destination",
    "index_vs_defense",
    "interceptors_in_reach_at_random_times",
    "kill_chain_events",
    "json_safe",
    "json_text",
    "launch_capacity",
    "layer_exchanges",
    "layer_geometry",
    "layer_margins",
    "layer_negation",
    "leakage_through_layers",
    "life_cycle_cost",
    "load_catalog",
    "load_cost_preset",
    "load_scenario",
    "load_study",
    "p_zero_leakers",
    "pattern_launch_times_s",
    "pattern_span_s",
    "phase_mask",
    "plan_closed_form",
    "preset_from_data",
    "preset_report",
    "propagate",
    "query_sweep",
    "radar_coverage",
    "range_status",
    "reach_cap",
    "read_instance",
    "reason_message",
    "report_for",
    "resolve_scenario",
    "run",
    "run_report",
    "run_scenario_exchange",
    "run_studies",
    "scaled_raid",
    "scenario_constellation",
    "scenario_cost",
    "scenario_exchange",
    "scenario_from_mapping",
    "scenario_report",
    "scenario_from_text",
    "scenario_json_schema",
    "scenario_with_attrition",
    "scenario_yaml",
    "set_path",
    "shell_coverage",
    "shots_needed",
    "simulate",
    "size_for_site",
    "size_preset",
    "sls_engagement",
    "solve",
    "solve_shoot_look_shoot",
    "stability_index",
    "study_names",
    "summarize",
    "time_grid",
    "trials_table",
    "vary_scenario",
    "walker_delta",
    "warheads_needed",
    "UncertainParameter",
    "UncertaintyResult",
    "scenario_uncertainty",
    "uncertain_parameters",
]
