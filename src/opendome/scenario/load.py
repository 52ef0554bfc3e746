"""Read scenarios from YAML files, text or mappings, and the built-in scenarios."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from opendome.scenario.errors import ScenarioError, format_validation_error
from opendome.scenario.models import Scenario

DEFAULT_SCENARIO = "golden-dome-limited"


def scenario_from_mapping(data: Any, source: str = "scenario") -> Scenario:
    """Validate a mapping (as read from YAML) into a :class:`Scenario`; raise ScenarioError."""
    if not isinstance(data, dict):
        raise ScenarioError(
            [
                "(top level): must be a mapping with keys 'name', 'attacker' and 'defender', "
                f"got {type(data).__name__}"
            ],
            source,
        )
    try:
        return Scenario.model_validate(data)
    except ValidationError as exc:
        raise ScenarioError(format_validation_error(exc, Scenario), source) from None


def scenario_from_text(text: str, source: str = "scenario") -> Scenario:
    """Parse YAML text into a :class:`Scenario`; raise ScenarioError with line numbers."""
    if not text.strip():
        raise ScenarioError(
            ["(file): is empty; a scenario needs 'name', 'attacker' and 'defender'"], source
        )
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "(file)"
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ScenarioError(
            [f"{where}: not valid YAML: {problem}; check indentation and quoting"], source
        ) from None
    return scenario_from_mapping(data, source)


def load_scenario(path: str | Path) -> Scenario:
    """Read and validate a scenario file; raise ScenarioError (never a raw traceback)."""
    p = Path(path)
    if not p.is_file():
        raise ScenarioError([f"(file): no such file '{p}'"], str(p))
    raw = p.read_bytes()
    if b"\x00" in raw:
        raise ScenarioError(["(file): binary content; a scenario is a YAML text file"], str(p))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ScenarioError(
            [f"(file): not UTF-8 text (byte {exc.start}); save the scenario as UTF-8 YAML"], str(p)
        ) from None
    return scenario_from_text(text, str(p))


def builtin_names() -> list[str]:
    """Return the names of the built-in scenarios."""
    folder = resources.files("opendome.scenario").joinpath("builtin")
    return sorted(f.name.removesuffix(".yaml") for f in folder.iterdir()
                  if f.name.endswith(".yaml"))


def builtin_scenario(name: str = DEFAULT_SCENARIO) -> Scenario:
    """Load a built-in scenario by name."""
    names = builtin_names()
    if name not in names:
        raise ScenarioError([f"(name): no built-in scenario '{name}'; known: {', '.join(names)}"])
    text = resources.files("opendome.scenario").joinpath("builtin", f"{name}.yaml").read_text()
    return scenario_from_text(text, f"builtin:{name}")


def resolve_scenario(spec: str | None) -> Scenario:
    """Return the scenario named by a path or a built-in name (None: the default)."""
    if spec is None:
        return builtin_scenario()
    names = builtin_names()
    if spec in names and not Path(spec).exists():
        return builtin_scenario(spec)
    if not Path(spec).exists():
        raise ScenarioError(
            [f"(file): no such file '{spec}', nor a built-in scenario of that name; "
             f"built-ins: {', '.join(names)}"],
            spec,
        )
    return load_scenario(spec)
