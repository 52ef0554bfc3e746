"""``opendome run``: the main job, a Monte Carlo run of a scenario."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from opendome.cli.common import (
    error,
    output_folder,
    print_json,
    progress_bar,
    safe_name,
    show_progress,
    stderr,
    stdout,
    varied_scenario_or_exit,
    writing,
)
from opendome.core.allocation import Allocation

if TYPE_CHECKING:
    from opendome.engine import Estimate, Summary
    from opendome.engine.uncertainty import UncertaintyResult
    from opendome.scenario import Scenario

PROGRESS_OBJECT_TRIALS = 5_000_000
"""Show a progress bar above this many object-trials (about half a second of work)."""
CHECK_OBJECT_TRIALS = 100_000_000
"""Estimate time and output size first above this many object-trials (several seconds)."""
SHOW_ESTIMATE_S = 30.0
"""Print the estimate (on stderr) for runs longer than this."""


def estimate_check(yes: bool, quiet: bool) -> Callable[[Estimate], None]:
    """Return the check of a long run: refuse beyond the limits, else print the estimate."""

    def check(estimate: Estimate) -> None:
        disk = estimate.out_of_disk()
        if disk is not None:
            error("--trials", f"{estimate}, {disk}: run fewer trials or write elsewhere "
                  "with --out")
        if estimate.needs_confirmation() and not yes:
            error("--trials", f"{estimate}, over the limits (an hour, 10 GiB): pass --yes "
                  "to run it anyway, or run fewer trials")
        if not quiet and estimate.seconds > SHOW_ESTIMATE_S:
            stderr.print(f"estimate: {estimate}", markup=False, soft_wrap=True)

    return check


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
    threads: int | None = typer.Option(
        None, "--threads", min=1, max=1024,
        help="Threads for the Monte Carlo (default: every core). Results do not depend on it."),
    yes: bool = typer.Option(False, "--yes", help="Run even when the estimate of time or "
                             "output size is above the limits (an hour, 10 GiB)."),
    report: bool = typer.Option(
        False, "--report", help="Also write report.html (self-contained) and scenario.yaml into "
        "the --out folder (default folder: out/SCENARIO-NAME)."),
    draws: int = typer.Option(100, "--draws", min=1, max=100_000, help="Parameter draws of "
                              "the outer loop when the scenario gives probabilities as "
                              "distributions (the trials are split among them)."),
    settings: list[str] = typer.Option(
        [], "--set", help="Change the scenario: PATH=VALUE, e.g. "
        "'defender.layers[terminal].inventory=24' or 'attacker.salvos[0].launch_time=30 s' "
        "(repeatable; paths and values as in sweep files)."),
) -> None:
    """Run the Monte Carlo engine on a scenario and print the summary.

    Trials run in blocks: the summary is accumulated and, with --out, per-trial rows stream to
    trials.parquet, so memory does not grow with --trials. A long run is timed on its first
    block and gets an estimate first.
    """
    from opendome.engine import build_plan
    from opendome.engine.run import run as run_engine
    from opendome.engine.uncertainty import scenario_uncertainty
    from opendome.report.files import write_run
    from opendome.report.tables import headline, summary_table
    from opendome.sweep.vary import prepared

    sc, asat = varied_scenario_or_exit(scenario, settings)
    if report and out is None:
        out = Path("out") / safe_name(sc.name)
    if out is not None:
        out = output_folder(out)
    if allocation is not None:
        sc = sc.model_copy(update={"defender": sc.defender.model_copy(
            update={"allocation": Allocation(allocation)})})
    plan = build_plan(sc) if not asat else prepared(sc, asat)
    work = trials * max(plan.n_objects, 1)
    show = show_progress(as_json) and work > PROGRESS_OBJECT_TRIALS
    check = estimate_check(yes, quiet=as_json) if work > CHECK_OBJECT_TRIALS else None
    with progress_bar(f"simulating {sc.name} (trials)", trials, show) as advance, writing():
        result = run_engine(plan, trials, seed, progress=advance, out=out, keep_trials=False,
                            check=check, scenario=sc, threads=threads)
    result = result.with_uncertainty(scenario_uncertainty(sc, plan, trials, draws, seed))
    summary = result.summary()
    with writing():
        written = write_run(out, result) if out is not None else []
        if report and out is not None:
            written += _write_report(out, scenario, sc, summary)
    uncertainty = summary.uncertainty
    if as_json:
        print_json(summary.to_dict())  # with "uncertainty" when the scenario has distributions
        return
    stdout.print(sc.summary(), markup=False)
    for line in headline(summary):
        stdout.print(line, markup=False)
    if uncertainty is not None:
        stdout.print(uncertainty_line(uncertainty), markup=False)
    stdout.print(summary_table(summary))
    for path in written:
        stdout.print(f"wrote {path}", markup=False)


def _write_report(out: Path, spec: str | None, sc: Scenario, summary: Summary) -> list[Path]:
    """Write ``report.html`` (and a copy of the scenario file it was made from) into ``out``."""
    from opendome.report.html import SCENARIO_FILE, run_report

    written = []
    origin = f"built-in scenario '{sc.name}'"
    if spec is not None and Path(spec).is_file():
        shutil.copyfile(spec, out / SCENARIO_FILE)
        written.append(out / SCENARIO_FILE)
        origin = spec
    path = out / "report.html"
    path.write_text(run_report(summary, sc, scenario_origin=origin), encoding="utf-8")
    return [*written, path]


def uncertainty_line(u: UncertaintyResult) -> str:
    """One line: the mixture's P(no leak), its interval, and its spread over parameter draws."""
    lo, hi = u.sampling_interval()
    sp = u.spread()
    return (f"parameter uncertainty ({len(u.params)} distributions, {u.draws} draws x "
            f"{u.trials_per_draw} trials): P(no leak) {u.p_no_leak:.3f} (95% {lo:.3f}-{hi:.3f}); "
            f"over parameter draws p5 {sp[5.0]:.3f}, p50 {sp[50.0]:.3f}, p95 {sp[95.0]:.3f}")


def register(app: typer.Typer) -> None:
    """Add ``run`` to the application."""
    app.command("run")(run)
