"""Helpers shared by the command modules: one error style, checks of options and paths.

Bad input, in every command: one line ``error: <option or field>: <problem and fix>`` on
stderr and exit code 1 (:func:`opendome.cli.errors.error`); typer/click usage errors become the
same line (:class:`opendome.cli.errors.OneLineErrorGroup`). What the commands print and write
(JSON, progress, output folders) is in :mod:`opendome.cli.output`. Both are re-exported here,
so a command module imports its helpers from one place. Nothing here imports more than typer
and rich at start-up: command modules import the rest of the package inside their command
functions, so ``opendome --help`` starts fast (``benchmarks/cli_startup.py``).
"""

from __future__ import annotations

import math
import stat
from pathlib import Path
from typing import TYPE_CHECKING

from opendome.cli.errors import OneLineErrorGroup, error, fail, stderr, stdout, usage_error
from opendome.cli.output import (
    MAX_NAME_CHARS,
    json_safe,
    output_folder,
    print_json,
    progress_bar,
    progress_status,
    safe_name,
    show_progress,
    stdout_to_stderr,
    writing,
)

if TYPE_CHECKING:
    from opendome.scenario import Scenario

__all__ = [
    "MAX_NAME_CHARS", "OneLineErrorGroup", "error", "fail", "json_safe", "number", "numbers",
    "output_folder", "print_json", "progress_bar", "progress_status", "read_text",
    "regular_file", "safe_name", "scenario_or_exit", "show_progress", "stderr", "stdout",
    "stdout_to_stderr", "usage_error", "varied_scenario_or_exit", "writing",
]


# ----------------------------------------------------------------------------- checks


def number(value: float, option: str, *, low: float | None = None, high: float | None = None,
           low_open: bool = False, unit: str = "") -> float:
    """Return ``value`` if finite and within ``[low, high]`` (``(low, ...`` if ``low_open``).

    NaN and infinity are refused here (click's ranges let NaN through).
    """
    unit_s = f" {unit}" if unit else ""
    bounds = []
    if low is not None:
        bounds.append(f"{'>' if low_open else '>='} {low:g}{unit_s}")
    if high is not None:
        bounds.append(f"<= {high:g}{unit_s}")
    want = f"give a number {' and '.join(bounds)}" if bounds else "give a finite number"
    ok = math.isfinite(value)
    if ok and low is not None:
        ok = value > low if low_open else value >= low
    if ok and high is not None:
        ok = value <= high
    if not ok:
        error(option, f"{want}, got {value:g}")
    return value


def numbers(text: str, option: str, *, low: float = 0.0, high: float = 1e9,
            low_open: bool = False, most: int = 10_000) -> list[float]:
    """Return the comma-separated numbers of ``text``, each finite and within the bounds."""
    try:
        values = [float(x) for x in text.split(",") if x.strip()]
    except ValueError:
        error(option, f"give comma-separated numbers, e.g. 1,2,4; got {text!r}")
    if len(values) > most:
        error(option, f"give at most {most:,} values, got {len(values):,}")
    lo = f"{'>' if low_open else '>='} {low:g}"
    if not values or not all(math.isfinite(v) and (v > low if low_open else v >= low)
                             and v <= high for v in values):
        error(option, f"give one or more numbers {lo} and <= {high:g}, got {text!r}")
    return values


def regular_file(path: Path, option: str, max_bytes: int = 100_000_000) -> Path:
    """Return ``path`` if it is an existing regular file (not a folder, FIFO or device)."""
    try:
        st = path.stat()
    except OSError:
        error(option, f"{path}: no such file; check the path")
    if stat.S_ISDIR(st.st_mode):
        error(option, f"{path} is a folder; give a file")
    if not stat.S_ISREG(st.st_mode):
        error(option, f"{path} is not a regular file (a pipe or device?); give a file")
    if st.st_size > max_bytes:
        error(option, f"{path} is {st.st_size:,} bytes, over the limit of {max_bytes:,}")
    return path


def read_text(path: Path, option: str) -> str:
    """Read a regular UTF-8 text file, or exit with the one error line."""
    data = regular_file(path, option).read_bytes()
    if b"\x00" in data[:4096]:
        error(option, f"{path} is a binary file; give a UTF-8 text file")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        error(option, f"{path} is not UTF-8 text (byte {exc.start}); save it as UTF-8")


# ----------------------------------------------------------------------------- scenarios


def scenario_or_exit(spec: str | None) -> Scenario:
    """Resolve a scenario path or built-in name; on a problem, print it and exit 1."""
    from opendome.scenario import ScenarioError, resolve_scenario

    try:
        return resolve_scenario(spec)
    except ScenarioError as exc:
        fail([f"{exc.source}: {p}" for p in exc.problems])


def varied_scenario_or_exit(spec: str | None, settings: list[str]) -> tuple[Scenario, float]:
    """Return the scenario with ``--set PATH=VALUE`` applied and its ASAT fraction; or exit 1.

    Without settings: the scenario as :func:`scenario_or_exit` resolves it, fraction 0.
    """
    from opendome.scenario import DEFAULT_SCENARIO, ScenarioError
    from opendome.sweep.vary import PathError, base_mapping, parse_setting, vary

    if not settings:
        return scenario_or_exit(spec), 0.0
    try:
        pairs = dict(parse_setting(s) for s in settings)
        base, source = base_mapping(spec or DEFAULT_SCENARIO)
    except PathError as exc:
        error("--set", f"{exc.path}: {exc.problem}")
    except ScenarioError as exc:
        fail([f"{exc.source}: {p}" for p in exc.problems])
    try:
        variant = vary(base, pairs, source)
    except PathError as exc:
        error("--set", f"{exc.path}: {exc.problem}")
    except ScenarioError as exc:
        fail([f"--set: {p}" for p in exc.problems])
    return variant.scenario, variant.asat_fraction
