"""Helpers shared by the command modules: consoles, JSON output, error exits."""

from __future__ import annotations

import json
import sys
from typing import Any, NoReturn

import typer
from rich.console import Console

from opendome.scenario import Scenario, ScenarioError, resolve_scenario

# Pipes and files get a fixed width (rich would otherwise wrap at 80 columns).
stdout = Console(highlight=False, width=None if sys.stdout.isatty() else 120)
stderr = Console(stderr=True, highlight=False, width=None if sys.stderr.isatty() else 120)


def print_json(data: Any) -> None:
    """Print ``data`` as JSON on stdout (and nothing else)."""
    sys.stdout.write(json.dumps(data, indent=2) + "\n")


def fail(lines: list[str], code: int = 1) -> NoReturn:
    """Print one line per problem on stderr and exit with ``code`` (no traceback)."""
    for line in lines:
        stderr.print(line, markup=False, soft_wrap=True)
    raise typer.Exit(code)


def scenario_or_exit(spec: str | None) -> Scenario:
    """Resolve a scenario path or built-in name; on a problem, print it and exit 1."""
    try:
        return resolve_scenario(spec)
    except ScenarioError as exc:
        fail([f"{exc.source}: {p}" for p in exc.problems])
