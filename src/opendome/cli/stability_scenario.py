"""``opendome stability SCENARIO``: the exchange of a whole scenario, by the engine."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import typer
from typer.core import TyperGroup

from opendome.cli.common import (
    fail,
    json_safe,
    print_json,
    progress_bar,
    scenario_or_exit,
    show_progress,
    stdout,
)
from opendome.economics.cost import life_cycle_cost
from opendome.economics.presets import defaults, layers_from_scenario
from opendome.report.plots import exchange_plot
from opendome.stability.engagement_exchange import force_sweep, layer_margins

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
    trials: int = typer.Option(10_000, "--trials", "-n", min=100, help="Trials per point."),
    seed: int = typer.Option(0, "--seed", "-s", min=0, help="Seed (shared by all points)."),
    factors: str = typer.Option(
        DEFAULT_FACTORS, "--factors",
        help="Attacker force sizes as multiples of the scenario's raid, comma-separated."),
    deliver: float = typer.Option(1.0, "--deliver", min=0.0,
                                  help="Warheads the attacker wants delivered (for "
                                  "warheads_needed)."),
    attrition: float = typer.Option(0.0, "--asat-fraction", min=0.0, max=1.0,
                                    help="Fraction of space interceptors destroyed first."),
    absentee_ratio: float | None = typer.Option(
        None, "--absentee-ratio", help="Space interceptors in orbit per one in reach (cost)."),
    warhead_cost_usd: float | None = typer.Option(
        None, "--warhead-cost-usd", help="Attacker's cost per added warhead (no default: no "
        "public source); enables the cost-exchange ratio."),
    out: Path | None = typer.Option(
        None, "--out", "-o", help="Folder for exchange.png and exchange.json "
        "(default: out/stability-SCENARIO)."),
    no_plot: bool = typer.Option(False, "--no-plot", help="Write no plot or JSON file."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON on stdout."),
) -> None:
    """Exchange of a scenario by the engine: delivered warheads over force sizes, margins, cost.

    Writes a plot of delivered warheads against attacker force (with and without the defense,
    and after an attack on half the space interceptors) and of the cost to each side.
    """
    sc = scenario_or_exit(scenario)
    if no_plot:
        out = None
    elif out is None:
        out = Path("out") / f"stability-{sc.name}"
    try:
        fs = sorted({float(x) for x in factors.split(",") if x.strip()})
    except ValueError:
        fail([f"--factors: give comma-separated numbers, e.g. 0.5,1,2; got {factors!r}"])
    if not fs or fs[0] <= 0:
        fail([f"--factors: give positive multiples of the raid, got {factors!r}"])
    if 1.0 not in fs:
        fs = sorted({*fs, 1.0})
    if absentee_ratio is not None and absentee_ratio < 1:
        fail(["--absentee-ratio: give a ratio >= 1 (satellites in orbit per one in reach)"])
    steps = len(fs) * (2 if out is not None and attrition == 0.0 else 1)
    steps += len(sc.defender.layers)
    with progress_bar(f"exchange of {sc.name} (engine runs)", steps,
                      show_progress(as_json)) as advance:
        sweep = force_sweep(sc, fs, trials, seed, attrition, progress=advance)
        margins = layer_margins(sc, trials, seed, attrition, progress=advance)
        hit = (force_sweep(sc, fs, trials, seed, attrition=0.5, progress=advance)
               if out is not None and attrition == 0.0 else None)
    here = fs.index(1.0)
    nxt = min(here + 1, len(fs) - 1)
    prv = here - 1 if nxt == here else here
    dw = float(sweep.warheads[nxt] - sweep.warheads[prv])
    de_dw = float(sweep.delivered[nxt] - sweep.delivered[prv]) / dw if dw else math.nan

    dflt = defaults()
    horizon = dflt["horizon_yr"].value
    ratio = dflt["absentee_ratio"].value if absentee_ratio is None else absentee_ratio
    try:
        cost = life_cycle_cost(layers_from_scenario(sc, ratio, horizon), horizon,
                               int(dflt["base_year"].value))
    except (KeyError, ValueError) as exc:
        fail([f"{sc.name}: cannot cost the defense: {exc.args[0]}"])
    by_layer = {lc.name: lc for lc in cost.layers}
    layers_out: dict[str, Any] = {}
    best_cost_per_stop = math.inf
    for m in margins:
        lc = by_layer[m.layer]
        per_available = lc.total_usd / m.units if m.units else math.nan
        rate = m.warheads_stopped_per_interceptor
        significant = (m.delivered_before - m.delivered_after) > 2 * m.difference_se
        per_stop = per_available / rate if rate > 0 and significant else math.inf
        best_cost_per_stop = min(best_cost_per_stop, per_stop)
        layers_out[m.layer] = {
            "units": m.units, "added": m.added,
            "warheads_stopped_per_interceptor": rate,
            "warheads_stopped_se": m.difference_se / m.added,
            "cost_per_interceptor_usd": per_available,
            "cost_per_warhead_stopped_at_margin_usd": per_stop,
        }
    attacker_per_delivered = (warhead_cost_usd / de_dw if warhead_cost_usd is not None
                              and de_dw > 0 else None)
    cer = (best_cost_per_stop / attacker_per_delivered
           if attacker_per_delivered and math.isfinite(best_cost_per_stop) else None)
    needed = sweep.warheads_needed(deliver)
    result = {
        "scenario": sc.name, "trials": trials, "seed": seed, "asat_fraction": attrition,
        "allocation": sc.defender.allocation,
        "force": {"factors": fs, "missiles": sweep.missiles.tolist(),
                  "warheads": sweep.warheads.tolist(),
                  "delivered": sweep.delivered.tolist(),
                  "delivered_se": sweep.delivered_se.tolist(),
                  "p_no_leak": sweep.p_no_leak.tolist()},
        "expected_delivered": float(sweep.delivered[here]),
        "deliver": deliver,
        "warheads_needed": needed,
        "warheads_needed_without_defense": deliver,
        "delivered_per_added_warhead": de_dw,
        "defender_cost_usd": cost.total_usd,
        "absentee_ratio": ratio,
        "layers": layers_out,
        "defender_cost_per_warhead_stopped_at_margin_usd": (
            best_cost_per_stop if math.isfinite(best_cost_per_stop) else None),
        "attacker_cost_per_warhead_delivered_usd": attacker_per_delivered,
        "cost_exchange_ratio": cer,
    }
    if out is not None:
        attrited = None if hit is None else (0.5, hit.delivered)
        plot = exchange_plot(out / "exchange.png", f"{sc.name}: offense-defense exchange",
                             sweep.warheads, sweep.delivered, sweep.delivered_se,
                             cost.total_usd, warhead_cost_usd, attrited)
        result["plot"] = str(plot)
    clean = json_safe(result)
    if out is not None:
        (out / "exchange.json").write_text(json.dumps(clean, indent=2) + "\n")
    if as_json:
        print_json(clean)
        return
    stdout.print(f"{sc.name}: exchange by the engine ({trials:,} trials per point, seed {seed}, "
                 f"allocation {sc.defender.allocation}, ASAT fraction {attrition:g})",
                 markup=False)
    stdout.print(f"{'x raid':>7} {'warheads':>9} {'delivered':>10} {'P(no leak)':>11}",
                 markup=False)
    for f, w, d, p in zip(fs, sweep.warheads, sweep.delivered, sweep.p_no_leak, strict=True):
        stdout.print(f"{f:>7g} {w:>9} {d:>10.3f} {p:>11.4f}", markup=False)
    stdout.print(f"warheads needed to deliver {deliver:g}: "
                 f"{'more than the largest raid' if needed is None else f'{needed:.1f}'} "
                 f"(without defense: {deliver:g})", markup=False)
    stdout.print(f"delivered per added warhead at the scenario's raid: {de_dw:.3f}", markup=False)
    stdout.print(f"defender 20-year cost: ${cost.total_usd / 1e9:,.1f}B", markup=False)
    for name, d in layers_out.items():
        c = d["cost_per_warhead_stopped_at_margin_usd"]
        cs = "no measurable effect" if not math.isfinite(c) else f"${c / 1e9:,.2f}B"
        rate = d["warheads_stopped_per_interceptor"]
        stdout.print(f"  +{d['added']} {name}: {rate:.5f} warheads stopped per interceptor; "
                     f"cost per warhead stopped {cs}", markup=False)
    if cer is not None:
        stdout.print(f"cost-exchange ratio at the margin (defender/attacker): {cer:.2f}",
                     markup=False)
    if out is not None:
        stdout.print(f"wrote {out / 'exchange.png'} and {out / 'exchange.json'}", markup=False)


def add_scenario_command(group: typer.Typer) -> None:
    """Add ``scenario`` to the ``stability`` group."""
    group.command("scenario")(scenario_exchange)
