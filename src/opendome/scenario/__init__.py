"""Scenario files: pydantic models, units at the boundary, errors with field paths, built-ins."""

from opendome.scenario.errors import ScenarioError
from opendome.scenario.load import (
    DEFAULT_SCENARIO,
    builtin_names,
    builtin_scenario,
    load_scenario,
    resolve_scenario,
    scenario_from_mapping,
    scenario_from_text,
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

__all__ = [
    "DEFAULT_SCENARIO",
    "Attacker",
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
    "load_scenario",
    "resolve_scenario",
    "scenario_from_mapping",
    "scenario_from_text",
]
