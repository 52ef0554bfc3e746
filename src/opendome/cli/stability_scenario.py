"""``opendome stability SCENARIO``: the exchange of a whole scenario, by the engine."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import typer

from opendome.cli.common import (
    error,
    number,
    numbers,
    output_folder,
    print_json,
    progress_bar,
    safe_name,
    scenario_or_exit,
    show_progress,
    stdout,
    writing,
)

DEFAULT_FACTORS = "0.5,1,1.5,2,3,4,6,8"
"""Attacker force sizes, as multiples of the scenario's raid."""


def scenario_exchange(
    scenario: str = typer.Argument(..., help="Scenario file or built-in name."),
    trials: int = typer.Option(10_000, "--trials", "-n", min=100, max=10_000_000,
                                help="Trials per point."),
    seed: int = typer.Option(0, "--seed", "-s", min=0, help="Seed (shared by all points)."),
    factors: str = typer.Option(
        DEFAULT_FACTORS, "--factors",
        help="Attacker force sizes as multiples of the scenario's raid, comma-separated."),
    deliver: float = typer.Option(1.0, "--deliver", min=0.0,
                                  help="Warheads the attacker wants delivered (for "
                                  "warheads_needed)."),
    attrition: float = typer.Option(0.0, "--asat-fraction", min=0.0, max=1.0,  # NaN: below
                                    help="Fraction of space interceptors destroyed first."),
    absentee_ratio: float | None = typer.Option(
        None, "--absentee-ratio", help="Space interceptors in orbit per one in reach (cost)."),
    warhead_cost_usd: float | None = typer.Option(
        None, "--warhead-cost-usd", help="Attacker's cost per added warhead (no default: no "
        "public source); enables the cost-exchange ratio."),
    out: Path | None = typer.Option(
        None, "--out", "-o", help="Folder for exchange.png and exchange.json "
        "(default: out/stability-SCENARIO, except with --json)."),
    no_plot: bool = typer.Option(False, "--no-plot", help="Write no plot or JSON file."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON on stdout."),
) -> None:
    """Exchange of a scenario by the engine: delivered warheads over force sizes, margins, cost.

    With --out (or, without --json, by default out/stability-SCENARIO) writes a plot of
    delivered warheads against attacker force (with and without the defense, and after an
    attack on half the space interceptors) and of the cost to each side, and exchange.json.
    """
    sc = scenario_or_exit(scenario)
    fs = numbers(factors, "--factors", low=0, low_open=True, high=1000, most=64)
    if absentee_ratio is not None:
        number(absentee_ratio, "--absentee-ratio", low=1, high=1e6)
    if warhead_cost_usd is not None:
        number(warhead_cost_usd, "--warhead-cost-usd", low=0, low_open=True, unit="USD")
    number(deliver, "--deliver", low=0)
    number(attrition, "--asat-fraction", low=0, high=1)
    if no_plot:
        out = None
    elif out is None and not as_json:
        out = Path("out") / f"stability-{safe_name(sc.name)}"
    if out is not None:
        out = output_folder(out)
    result, hit = _compute(sc, fs, trials, seed, attrition, deliver, absentee_ratio,
                           warhead_cost_usd, plot=out is not None, show=show_progress(as_json))
    data = result.to_dict()
    if out is not None:
        from opendome.report.jsonable import json_text
        from opendome.report.plots import exchange_plot

        with writing():
            sw = result.sweep
            attrited = None if hit is None else (0.5, hit.delivered)
            plot = exchange_plot(out / "exchange.png", f"{sc.name}: offense-defense exchange",
                                 sw.warheads, sw.delivered, sw.delivered_se,
                                 result.defender_cost_usd, warhead_cost_usd, attrited)
            data["plot"] = str(plot)
            (out / "exchange.json").write_text(json_text(data) + "\n")
    if as_json:
        print_json(data)
        return
    _print(result, out)


def _compute(sc: Any, fs: list[float], trials: int, seed: int, attrition: float,
             deliver: float, absentee_ratio: float | None, warhead_cost_usd: float | None,
             plot: bool, show: bool) -> tuple[Any, Any]:
    from opendome.economics import defaults, scenario_cost
    from opendome.stability.engagement_exchange import (
        exchange_runs,
        force_sweep,
        run_scenario_exchange,
    )

    ratio = defaults()["absentee_ratio"].value if absentee_ratio is None else absentee_ratio
    try:
        cost = scenario_cost(sc, ratio)
    except (KeyError, ValueError) as exc:
        error(sc.name, f"cannot cost the defense: {exc.args[0]}; fix the layer or the catalog")
    attrited_curve = plot and attrition == 0.0  # the plot adds the curve after an ASAT attack
    steps = exchange_runs(sc, fs) + (len(set(fs) | {1.0}) if attrited_curve else 0)
    with progress_bar(f"exchange of {sc.name} (engine runs)", steps, show) as advance:
        result = run_scenario_exchange(
            sc, fs, trials, seed, layer_cost_usd={lc.name: lc.total_usd for lc in cost.layers},
            defender_cost_usd=cost.total_usd, absentee_ratio=ratio, attrition=attrition,
            deliver=deliver, warhead_cost_usd=warhead_cost_usd, progress=advance)
        hit = (force_sweep(sc, sorted(set(fs) | {1.0}), trials, seed, attrition=0.5,
                           progress=advance) if attrited_curve else None)
    return result, hit


def _print(r: Any, out: Path | None) -> None:
    def say(text: str) -> None:
        stdout.print(text, markup=False)

    say(f"{r.scenario}: exchange by the engine ({r.trials:,} trials per point, seed {r.seed}, "
        f"allocation {r.allocation}, ASAT fraction {r.asat_fraction:g})")
    say(f"{'x raid':>7} {'warheads':>9} {'delivered':>10} {'P(no leak)':>11}")
    s = r.sweep
    for f, w, d, p in zip(s.factors, s.warheads, s.delivered, s.p_no_leak, strict=True):
        say(f"{f:>7g} {w:>9} {d:>10.3f} {p:>11.4f}")
    needed = r.warheads_needed
    say(f"warheads needed to deliver {r.deliver:g}: "
        f"{'more than the largest raid' if needed is None else f'{needed:.1f}'} "
        f"(without defense: {r.deliver:g})")
    say(f"delivered per added warhead at the scenario's raid: "
        f"{r.delivered_per_added_warhead:.3f}")
    say(f"defender 20-year cost: ${r.defender_cost_usd / 1e9:,.1f}B")
    for name, d in r.layers.items():
        c = d.cost_per_warhead_stopped_at_margin_usd
        cs = "no measurable effect" if not math.isfinite(c) else f"${c / 1e9:,.2f}B"
        say(f"  +{d.added} {name}: {d.warheads_stopped_per_interceptor:.5f} warheads stopped "
            f"per interceptor; cost per warhead stopped {cs}")
    if r.cost_exchange_ratio is not None:
        say(f"cost-exchange ratio at the margin (defender/attacker): "
            f"{r.cost_exchange_ratio:.2f}")
    if out is not None:
        say(f"wrote {out / 'exchange.png'} and {out / 'exchange.json'}")


def add_scenario_command(group: typer.Typer) -> None:
    """Add ``scenario`` to the ``stability`` group."""
    group.command("scenario")(scenario_exchange)
