"""``opendome run``: the main job, a Monte Carlo run of a scenario."""

from __future__ import annotations

from dataclasses import replace
from enum import StrEnum
from pathlib import Path

import typer

from opendome.cli.common import (
    print_json,
    progress_bar,
    scenario_or_exit,
    show_progress,
    stdout,
)
from opendome.engine import prepare_plan, simulate, summarize
from opendome.report.files import write_run
from opendome.report.plots import run_plot
from opendome.report.tables import headline, summary_table


class Allocation(StrEnum):
    """Allocation rules of the engine."""

    manager = "manager"
    fixed = "fixed"


PROGRESS_OBJECT_TRIALS = 5_000_000
"""Show a progress bar above this many object-trials (about half a second of work)."""


def run(
    scenario: str | None = typer.Argument(
        None, help="Scenario file, or the name of a built-in scenario (default: the reference)."
    ),
    trials: int = typer.Option(20_000, "--trials", "-n", min=1, max=100_000_000,
                               help="Monte Carlo trials."),
    seed: int = typer.Option(0, "--seed", "-s", min=0, help="Seed of the random streams."),
    out: Path | None = typer.Option(
        None, "--out", "-o", help="Folder for summary.json, trials.parquet and summary.png."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON on stdout."),
    allocation: Allocation | None = typer.Option(
        None, "--allocation", help="Override the scenario's rule: the battle manager, or the "
        "fixed first-come-first-served rule, for comparison."),
) -> None:
    """Run the Monte Carlo engine on a scenario and print the summary."""
    sc = scenario_or_exit(scenario)
    plan = prepare_plan(sc)
    if allocation is not None:
        plan = replace(plan, allocation=allocation.value)
    work = trials * max(plan.n_objects, 1)
    show = show_progress(as_json) and work > PROGRESS_OBJECT_TRIALS
    with progress_bar(f"simulating {sc.name} (trials)", trials, show) as advance:
        results = simulate(plan, trials, seed, progress=advance)
    summary = summarize(plan, results)
    written = []
    if out is not None:
        written = write_run(out, plan, results, summary)
        written.append(run_plot(out / "summary.png", summary))
    if as_json:
        print_json(summary)
        return
    stdout.print(sc.summary(), markup=False)
    for line in headline(summary):
        stdout.print(line, markup=False)
    stdout.print(summary_table(summary))
    for path in written:
        stdout.print(f"wrote {path}", markup=False)


def register(app: typer.Typer) -> None:
    """Add ``run`` to the application."""
    app.command("run")(run)
