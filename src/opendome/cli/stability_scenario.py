"""``opendome stability SCENARIO``: the exchange of a whole scenario, by the engine."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import typer
from typer.core import TyperGroup

from opendome.cli.common import (
    error,
    json_safe,
    number,
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


class ScenarioFallbackGroup(TyperGroup):
    """A command group where an unknown first word is taken as a scenario for ``scenario``."""

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        """Route ``stability NAME ...`` to ``stability scenario NAME ...`` for unknown NAME."""
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            command = self.commands["scenario"]
            return "scenario", command, args
        return super().resolve_command(ctx, args)


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
    try:
        fs = sorted({float(x) for x in factors.split(",") if x.strip()})
    except ValueError:
        error("--factors", f"give comma-separated numbers, e.g. 0.5,1,2; got {factors!r}")
    if not fs or not all(math.isfinite(f) and 0 < f <= 1000 for f in fs):
        error("--factors", f"give multiples of the raid in (0, 1000], got {factors!r}")
    fs = sorted({*fs, 1.0})
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
        from opendome.report.plots import exchange_plot

        with writing():
            sw = result.sweep
            attrited = None if hit is None else (0.5, hit.delivered)
            plot = exchange_plot(out / "exchange.png", f"{sc.name}: offense-defense exchange",
                                 sw.warheads, sw.delivered, sw.delivered_se,
                                 result.defender_cost_usd, warhead_cost_usd, attrited)
            data["plot"] = str(plot)
            (out / "exchange.json").write_text(json.dumps(json_safe(data), indent=2) + "\n")
    if as_json:
        print_json(data)
        return
    _print(result, out)


def _compute(sc: Any, fs: list[float], trials: int, seed: int, attrition: float,
             deliver: float, absentee_ratio: float | None, warhead_cost_usd: float | None,
             plot: bool, show: bool) -> tuple[Any, Any]:
    from opendome.economics.cost import life_cycle_cost
    from opendome.economics.presets import defaults, layers_from_scenario
    from opendome.stability.engagement_exchange import (
        force_sweep,
        layer_margins,
        scenario_exchange,
    )

    dflt = defaults()
    horizon = dflt["horizon_yr"].value
    ratio = dflt["absentee_ratio"].value if absentee_ratio is None else absentee_ratio
    try:
        cost = life_cycle_cost(layers_from_scenario(sc, ratio, horizon), horizon,
                               int(dflt["base_year"].value))
    except (KeyError, ValueError) as exc:
        error(sc.name, f"cannot cost the defense: {exc.args[0]}; fix the layer or the catalog")
    steps = len(fs) * (2 if plot and attrition == 0.0 else 1) + len(sc.defender.layers)
    with progress_bar(f"exchange of {sc.name} (engine runs)", steps, show) as advance:
        sweep = force_sweep(sc, fs, trials, seed, attrition, progress=advance)
        margins = layer_margins(sc, trials, seed, attrition, progress=advance)
        hit = (force_sweep(sc, fs, trials, seed, attrition=0.5, progress=advance)
               if plot and attrition == 0.0 else None)
    result = scenario_exchange(sc, sweep, margins,
                               {lc.name: lc.total_usd for lc in cost.layers}, cost.total_usd,
                               trials=trials, seed=seed, attrition=attrition, deliver=deliver,
                               absentee_ratio=ratio, warhead_cost_usd=warhead_cost_usd)
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
