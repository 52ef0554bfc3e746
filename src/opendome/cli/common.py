"""Helpers shared by the command modules: consoles, JSON output, error exits."""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, NoReturn

import numpy as np
import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

from opendome.scenario import Scenario, ScenarioError, resolve_scenario

# Pipes and files get a fixed width (rich would otherwise wrap at 80 columns).
stdout = Console(highlight=False, width=None if sys.stdout.isatty() else 120)
stderr = Console(stderr=True, highlight=False, width=None if sys.stderr.isatty() else 120)


def json_safe(x: Any) -> Any:
    """Return ``x`` with numpy scalars as Python numbers and non-finite floats as None."""
    if isinstance(x, np.generic):
        x = x.item()
    if isinstance(x, float) and not math.isfinite(x):
        return None
    if isinstance(x, dict):
        return {str(k): json_safe(v) for k, v in x.items()}
    if isinstance(x, list | tuple):
        return [json_safe(v) for v in x]
    return x


def print_json(data: Any) -> None:
    """Print ``data`` as strict JSON on stdout (and nothing else); see :func:`json_safe`."""
    sys.stdout.write(json.dumps(json_safe(data), indent=2, allow_nan=False) + "\n")


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


@contextmanager
def progress_bar(description: str, total: int, show: bool) -> Iterator[Callable[[int], None]]:
    """Show a transient progress bar on stderr (if ``show``); yield ``advance(n)``."""
    with Progress(TextColumn("{task.description}"), BarColumn(),
                  TextColumn("{task.completed:,}/{task.total:,}"), TimeRemainingColumn(),
                  console=stderr, transient=True, disable=not show) as bar:
        task = bar.add_task(description, total=total)
        yield lambda n: bar.advance(task, n)


@contextmanager
def progress_status(description: str, show: bool) -> Iterator[Callable[[str], None]]:
    """Show a transient spinner with a changing message (work of unknown length)."""
    with Progress(TextColumn("{task.description}"), TimeElapsedColumn(), console=stderr,
                  transient=True, disable=not show) as bar:
        task = bar.add_task(description, total=None)
        yield lambda message: bar.update(task, description=f"{description}: {message}")


def show_progress(as_json: bool) -> bool:
    """Return whether to draw progress: on a terminal, and not when printing JSON."""
    return not as_json and stderr.is_terminal
