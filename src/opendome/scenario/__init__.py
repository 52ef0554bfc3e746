"""Scenario files: pydantic models, units at the boundary, errors with field paths, built-ins."""

from opendome.scenario.errors import ScenarioError
from opendome.scenario.load import (
    DEFAULT_SCENARIO,
    builtin_names,
    builtin_scenario,
    builtin_text,
    dump_scenario,
    load_scenario,
    merge_scenarios,
    parse_yaml,
    read_text_file,
    resolve_scenario,
    scenario_from_mapping,
    scenario_from_text,
    scenario_yaml,
)
from opendome.scenario.models import (
    Attacker,
    Defender,
    Doctrine,
    KillProbabilities,
    Layer,
    Point,
    Salvo,
    Scenario,
)
from opendome.scenario.overrides import CatalogOverrides

__all__ = [
    "DEFAULT_SCENARIO",
    "Attacker",
    "CatalogOverrides",
    "Defender",
    "Doctrine",
    "KillProbabilities",
    "Layer",
    "Point",
    "Salvo",
    "Scenario",
    "ScenarioError",
    "builtin_names",
    "builtin_scenario",
    "builtin_text",
    "dump_scenario",
    "load_scenario",
    "merge_scenarios",
    "parse_yaml",
    "read_text_file",
    "resolve_scenario",
    "scenario_from_mapping",
    "scenario_from_text",
    "scenario_yaml",
]
