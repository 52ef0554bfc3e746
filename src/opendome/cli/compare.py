"""``opendome compare A B [C ...]``: architectures side by side, with a plot."""

from __future__ import annotations

import math
from pathlib import Path

import typer

from opendome.cli.common import (
    error,
    print_json,
    progress_bar,
    scenario_or_exit,
    show_progress,
    stdout,
)


def compare(
    scenarios: list[str] = typer.Argument(..., help="Two or more scenario files or built-in "
                                          "names."),
    trials: int = typer.Option(5_000, "--trials", "-n", min=100, max=10_000_000,
                               help="Trials per engine run."),
    seed: int = typer.Option(0, "--seed", "-s", min=0, help="Seed (shared by all runs)."),
    out: Path | None = typer.Option(None, "--out", "-o", help="Plot file, .png (default: "
                                    "out/compare-A-vs-B.png)."),
    no_plot: bool = typer.Option(False, "--no-plot", help="Write no plot."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON on stdout."),
) -> None:
    """Compare architectures: P(no leak), leakers, interceptors by layer, cost, margins."""
    if len(scenarios) < 2:
        error("SCENARIOS", "give at least two scenarios to compare")
    if out is not None and out.suffix.lower() not in (".png", ".svg"):
        error("--out", f"give a .png or .svg file name, got '{out.name}'")
    resolved = [scenario_or_exit(s) for s in scenarios]
    from opendome.sweep.compare import compare_one, compare_plot, engine_runs

    total = sum(engine_runs(sc) for sc in resolved)
    with progress_bar("comparing (engine runs)", total, show_progress(as_json)) as advance:
        rows = [compare_one(sc, trials, seed, progress=advance) for sc in resolved]
    plot = None
    if not no_plot:
        plot = out or Path("out") / f"compare-{'-vs-'.join(r.scenario for r in rows)}.png"
        plot.parent.mkdir(parents=True, exist_ok=True)
        compare_plot(plot, rows)
    if as_json:
        print_json({"trials": trials, "seed": seed, "scenarios": [r.to_dict() for r in rows],
                    "plot": None if plot is None else str(plot)})
        return
    from rich.table import Table

    table = Table("", *(r.scenario for r in rows), title=f"{trials:,} trials per run, "
                  f"seed {seed}")

    def money(x: float | None) -> str:
        return "-" if x is None or not math.isfinite(x) else f"${x / 1e9:,.2f}B"

    table.add_row("warheads", *(str(r.warheads) for r in rows))
    table.add_row("P(no leak)", *(f"{r.p_no_leak:.4f} ({r.p_no_leak_ci95[0]:.4f}-"
                                  f"{r.p_no_leak_ci95[1]:.4f})" for r in rows))
    table.add_row("expected leakers", *(
        f"{r.expected_leakers:.3f} ({r.expected_leakers_ci95[0]:.3f}-"
        f"{r.expected_leakers_ci95[1]:.3f})" for r in rows))
    layers = list(dict.fromkeys(n for r in rows for n in r.interceptors_used))
    for layer in layers:
        table.add_row(f"interceptors used: {layer}", *(
            f"{r.interceptors_used[layer]:.2f}" if layer in r.interceptors_used else "-"
            for r in rows))
    table.add_row("20-year cost", *(money(r.cost_20yr_usd) for r in rows))
    table.add_row("cost per warhead stopped at the margin", *(
        f"{money(r.cost_per_warhead_stopped_at_margin_usd)} ({r.margin_layer})"
        if r.margin_layer else "-" for r in rows))
    table.add_row("warheads needed to deliver one", *(
        "-" if r.warheads_needed_to_deliver_one is None
        else f"{r.warheads_needed_to_deliver_one:.1f}" for r in rows))
    stdout.print(table)
    for r in rows:
        for note in r.notes:
            stdout.print(f"{r.scenario}: {note}", markup=False)
    if plot is not None:
        stdout.print(f"wrote {plot}", markup=False)


def register(app: typer.Typer) -> None:
    """Add ``compare`` to the application."""
    app.command("compare")(compare)
