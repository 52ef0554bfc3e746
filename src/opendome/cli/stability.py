"""``opendome stability``: offense-defense exchange and first-strike stability, closed forms."""

from __future__ import annotations

import math
from dataclasses import asdict, replace
from typing import Any, NoReturn

import typer

from opendome.cli.common import error, number, print_json
from opendome.cli.stability_scenario import ScenarioFallbackGroup, add_scenario_command

stability_app = typer.Typer(
    cls=ScenarioFallbackGroup,
    help="Offense-defense exchange and first-strike stability. `opendome stability SCENARIO` "
    "runs the engine-computed exchange of a scenario (same as `stability scenario SCENARIO`).",
    no_args_is_help=True,
)


def _fail(message: str) -> NoReturn:
    where, _, problem = message.partition(": ")
    error(where, problem)


def _numbers(text: str, option: str) -> list[float]:
    try:
        values = [float(x) for x in text.split(",") if x.strip()]
    except ValueError:
        _fail(f"{option}: give comma-separated numbers, e.g. 0,100,200; got {text!r}")
    if not values or any(not 0 <= v <= 1e9 for v in values):
        _fail(f"{option}: give one or more numbers between 0 and 1e9, got {text!r}")
    if len(values) > 10_000:
        _fail(f"{option}: at most 10,000 values, got {len(values):,}")
    return values


@stability_app.command("exchange")
def exchange(
    interceptors: float = typer.Option(..., "--interceptors", help="Interceptors able to engage."),
    shots: int = typer.Option(1, "--shots", help="Shots fired at each engaged object."),
    pk: float = typer.Option(None, "--pk", help="Single-shot kill probability (0..1)."),
    decoys: float = typer.Option(0.0, "--decoys", help="Undiscriminated decoys per warhead."),
    deliver: float = typer.Option(..., "--deliver", help="Warheads the attacker wants delivered."),
    track_probability: float = typer.Option(
        1.0, "--track-probability", help="Probability the defense tracks an object (0..1)."
    ),
    interceptor: str = typer.Option(
        None, "--interceptor", help="Catalog type: default --pk and --interceptor-cost-usd."
    ),
    interceptor_cost_usd: float = typer.Option(
        None, "--interceptor-cost-usd", help="Cost per interceptor available to engage, USD."
    ),
    warhead_cost_usd: float = typer.Option(
        None, "--warhead-cost-usd", help="Attacker's cost per added warhead, USD."
    ),
    decoy_cost_usd: float = typer.Option(0.0, "--decoy-cost-usd", help="Cost per decoy, USD."),
    cost_preset: str = typer.Option(
        None, "--cost-preset",
        help="Take the interceptor cost as the 20-year cost per unit of this cost preset.",
    ),
    absentee_ratio: float = typer.Option(
        1.0, "--absentee-ratio",
        help="Interceptors deployed per one able to engage (SBIs): multiplies the cost.",
    ),
    warheads: float = typer.Option(
        None, "--warheads", help="Also give the decoys per warhead these warheads need."
    ),
    force_sizes: str = typer.Option(
        None, "--force-sizes", help="Also tabulate delivered warheads for these attack sizes."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print JSON only."),
) -> None:
    """Print warheads needed to deliver R through the defense, and the exchange at the margin."""
    import numpy as np

    from opendome.catalog import load_catalog
    from opendome.economics.presets import UnknownPresetError, load_preset
    from opendome.stability.exchange import decoys_needed, exchange_point, expected_delivered

    for opt, value in (("--interceptors", interceptors), ("--pk", pk), ("--decoys", decoys),
                       ("--deliver", deliver), ("--track-probability", track_probability),
                       ("--interceptor-cost-usd", interceptor_cost_usd),
                       ("--warhead-cost-usd", warhead_cost_usd),
                       ("--decoy-cost-usd", decoy_cost_usd), ("--absentee-ratio", absentee_ratio),
                       ("--warheads", warheads)):
        if value is not None:
            number(value, opt)
    if cost_preset is not None:
        if interceptor_cost_usd is not None:
            _fail("--cost-preset: give either --cost-preset or --interceptor-cost-usd, not both")
        try:
            preset_cost = load_preset(cost_preset).cost()
        except UnknownPresetError as exc:
            _fail(f"--cost-preset: {exc.args[0]}")
        first = preset_cost.layers[0]
        interceptor_cost_usd = first.total_usd / first.units
    if interceptor is not None:
        cat = load_catalog().interceptors
        if interceptor not in cat:
            _fail(f"--interceptor: unknown type {interceptor!r}; choose one of {sorted(cat)}")
        ic = cat[interceptor]
        cls = "booster" if "boost" in ic.phases else "warhead"
        pk = ic.pk[cls].value if pk is None else pk
        if interceptor_cost_usd is None:
            interceptor_cost_usd = ic.unit_cost_usd
    if pk is None:
        _fail("--pk: give the single-shot kill probability (0..1), or --interceptor TYPE")
    checks = [
        (interceptors >= 0, "--interceptors: give a number >= 0"),
        (shots >= 1, "--shots: give a whole number >= 1"),
        (0.0 <= pk <= 1.0, "--pk: give a probability between 0 and 1"),
        (decoys >= 0, "--decoys: give a number >= 0"),
        (deliver >= 0, "--deliver: give a number of warheads >= 0"),
        (0.0 <= track_probability <= 1.0, "--track-probability: give a probability in 0..1"),
        (interceptor_cost_usd is None or interceptor_cost_usd >= 0,
         "--interceptor-cost-usd: give a cost >= 0"),
        (warhead_cost_usd is None or warhead_cost_usd > 0, "--warhead-cost-usd: give a cost > 0"),
        (decoy_cost_usd >= 0, "--decoy-cost-usd: give a cost >= 0"),
        (absentee_ratio >= 1, "--absentee-ratio: give a ratio >= 1"),
        (warheads is None or warheads >= 0, "--warheads: give a number of warheads >= 0"),
    ]
    for ok, message in checks:
        if not ok:
            _fail(message)
    engage_cost_usd = None
    if interceptor_cost_usd is not None:
        engage_cost_usd = interceptor_cost_usd * absentee_ratio
    point = exchange_point(interceptors, shots, pk, deliver, decoys, track_probability,
                           engage_cost_usd, warhead_cost_usd, decoy_cost_usd)
    out: dict[str, Any] = point.as_dict()
    out["interceptor_cost_usd"] = interceptor_cost_usd
    out["absentee_ratio"] = absentee_ratio
    out["cost_per_interceptor_able_to_engage_usd"] = engage_cost_usd
    out["warhead_cost_usd"] = warhead_cost_usd
    out["decoy_cost_usd"] = decoy_cost_usd
    keys = ["negation_probability", "warheads_to_exhaust", "warheads_needed",
            "warheads_needed_without_defense", "expected_delivered", "regime",
            "warheads_per_interceptor", "defender_cost_per_warhead_stopped_usd",
            "attacker_cost_per_warhead_delivered_usd", "cost_exchange_ratio"]
    if warheads is not None:
        out["warheads"] = warheads
        out["decoys_needed"] = float(decoys_needed(deliver, warheads, interceptors, shots, pk,
                                                   track_probability))
        keys.append("decoys_needed")
    if force_sizes is not None:
        w = np.asarray(_numbers(force_sizes, "--force-sizes"))
        with_def = expected_delivered(w, interceptors, shots, pk, decoys, track_probability)
        out["force_sizes"] = [
            {"warheads": float(a), "delivered_without_defense": float(a),
             "delivered_with_defense": float(b)} for a, b in zip(w, with_def, strict=True)
        ]
    if as_json:
        print_json(out)
        return
    for key in keys:
        value = out[key]
        if isinstance(value, float):
            text = f"{value:,.4g}" if abs(value) < 1e6 or math.isinf(value) else f"{value:,.0f}"
        else:
            text = str(value)
        typer.echo(f"{key:<41}{text}")
    if "force_sizes" in out:
        typer.echo(f"{'warheads':>10}{'delivered, no defense':>24}{'delivered, defense':>21}")
        for row in out["force_sizes"]:
            typer.echo(f"{row['warheads']:>10g}{row['delivered_without_defense']:>24.2f}"
                       f"{row['delivered_with_defense']:>21.2f}")


@stability_app.command("first-strike")
def first_strike_table(
    interceptors_a: str = typer.Option(
        "0,400,800,1200,1600,2000,2400,3200,4800", "--interceptors-a",
        help="Sizes of side A's defense to tabulate (comma-separated).",
    ),
    interceptors_b: float = typer.Option(0.0, "--interceptors-b", help="Side B's defense size."),
    shots: int = typer.Option(2, "--shots", help="Shots per object of both defenses."),
    pk: float = typer.Option(0.7, "--pk", help="Single-shot kill probability of both defenses."),
    decoys: float = typer.Option(
        0.0, "--decoys", help="Undiscriminated decoys per warhead that both defenses face."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print JSON only."),
) -> None:
    """Print Kent & Thaler's first-strike stability index as side A's defense grows."""
    from opendome.stability.first_strike import (
        DEFAULT_POSTURE_NOTES,
        Defense,
        default_postures,
        index_vs_defense,
    )

    for opt, value in (("--interceptors-b", interceptors_b), ("--pk", pk), ("--decoys", decoys)):
        number(value, opt)
    sizes = _numbers(interceptors_a, "--interceptors-a")
    if interceptors_b < 0:
        _fail("--interceptors-b: give a number >= 0")
    if shots < 1:
        _fail("--shots: give a whole number >= 1")
    if not 0.0 <= pk <= 1.0:
        _fail("--pk: give a probability between 0 and 1")
    if decoys < 0:
        _fail("--decoys: give a number of decoys per warhead >= 0")
    a, b = default_postures()
    a = replace(a, defense=Defense(0.0, shots, pk, decoys))
    b = replace(b, defense=Defense(interceptors_b, shots, pk, decoys))
    rows = []
    for size, r in zip(sizes, index_vs_defense(a, b, sizes), strict=True):
        rows.append({
            "interceptors_a": size,
            "ratio_a": r.ratio_a,
            "ratio_b": r.ratio_b,
            "index": r.index,
            "damage_to_a_if_a_first": r.a_first.damage_to_attacker,
            "damage_to_a_if_b_first": r.b_first.damage_to_defender,
            "damage_to_b_if_a_first": r.a_first.damage_to_defender,
            "damage_to_b_if_b_first": r.b_first.damage_to_attacker,
        })
    out = {"posture_a": asdict(a), "posture_b": asdict(b), "notes": DEFAULT_POSTURE_NOTES,
           "rows": rows}
    if as_json:
        print_json(out)
        return
    typer.echo("First-strike stability (Kent & Thaler 1989) as side A's defense grows")
    for label, p in (("A", a), ("B", b)):
        typer.echo(f"{label}: {p.survivable_warheads:,.0f} survivable + "
                   f"{p.vulnerable_warheads:,.0f} vulnerable warheads "
                   f"({p.warheads_per_launcher:g} per launcher), kill probability "
                   f"{p.kill_probability:g}, value scale {p.value_warheads:g} warheads")
    typer.echo(f"B's defense: {interceptors_b:g} interceptors; {shots} shots per object, pk {pk:g}"
               + (f"; {decoys:g} decoys per warhead" if decoys else ""))
    head = ("A interceptors", "ratio A", "ratio B", "index", "D_A (A 1st)", "D_A (B 1st)")
    typer.echo("".join(f"{h:>15}" for h in head))
    for row in rows:
        vals = (row["ratio_a"], row["ratio_b"], row["index"], row["damage_to_a_if_a_first"],
                row["damage_to_a_if_b_first"])
        typer.echo(f"{row['interceptors_a']:>15g}" + "".join(f"{v:>15.3f}" for v in vals))


def register(app: typer.Typer) -> None:
    """Add the ``stability`` command group to the application."""
    add_scenario_command(stability_app)
    app.add_typer(stability_app, name="stability")
