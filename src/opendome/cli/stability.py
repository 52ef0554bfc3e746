"""``opendome stability``: offense-defense exchange and first-strike stability, closed forms."""

from __future__ import annotations

import math

import typer

from opendome.cli.common import error, number, numbers, print_json
from opendome.cli.errors import default_command_group
from opendome.cli.stability_scenario import add_scenario_command

stability_app = typer.Typer(
    cls=default_command_group("scenario"),
    help="Offense-defense exchange and first-strike stability. `opendome stability SCENARIO` "
    "runs the engine-computed exchange of a scenario (same as `stability scenario SCENARIO`).",
    no_args_is_help=True,
)


@stability_app.command("exchange")
def exchange(
    interceptors: float = typer.Option(..., "--interceptors", min=0,
                                       help="Interceptors able to engage."),
    shots: int = typer.Option(1, "--shots", min=1, help="Shots fired at each engaged object."),
    pk: float = typer.Option(None, "--pk", min=0, max=1,
                             help="Single-shot kill probability (0..1)."),
    decoys: float = typer.Option(0.0, "--decoys", min=0,
                                 help="Undiscriminated decoys per warhead."),
    deliver: float = typer.Option(..., "--deliver", min=0,
                                  help="Warheads the attacker wants delivered."),
    track_probability: float = typer.Option(
        1.0, "--track-probability", min=0, max=1,
        help="Probability the defense tracks an object (0..1)."
    ),
    interceptor: str = typer.Option(
        None, "--interceptor", help="Catalog type: default --pk and --interceptor-cost-usd."
    ),
    interceptor_cost_usd: float = typer.Option(
        None, "--interceptor-cost-usd", min=0,
        help="Cost per interceptor available to engage, USD."
    ),
    warhead_cost_usd: float = typer.Option(
        None, "--warhead-cost-usd", min=0, clamp=False,
        help="Attacker's cost per added warhead, USD (> 0)."
    ),
    decoy_cost_usd: float = typer.Option(0.0, "--decoy-cost-usd", min=0,
                                         help="Cost per decoy, USD."),
    cost_preset: str = typer.Option(
        None, "--cost-preset",
        help="Take the interceptor cost as the 20-year cost per unit of this cost preset.",
    ),
    absentee_ratio: float = typer.Option(
        1.0, "--absentee-ratio", min=1,
        help="Interceptors deployed per one able to engage (SBIs): multiplies the cost.",
    ),
    warheads: float = typer.Option(
        None, "--warheads", min=0, help="Also give the decoys per warhead these warheads need."
    ),
    force_sizes: str = typer.Option(
        None, "--force-sizes", help="Also tabulate delivered warheads for these attack sizes."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print JSON only."),
) -> None:
    """Print warheads needed to deliver R through the defense, and the exchange at the margin."""
    from opendome.catalog import load_catalog
    from opendome.economics.presets import UnknownPresetError, load_preset
    from opendome.stability.reports import exchange_report, interceptor_defaults

    for opt, value in (("--interceptors", interceptors), ("--pk", pk), ("--decoys", decoys),
                       ("--deliver", deliver), ("--track-probability", track_probability),
                       ("--interceptor-cost-usd", interceptor_cost_usd),
                       ("--warhead-cost-usd", warhead_cost_usd),
                       ("--decoy-cost-usd", decoy_cost_usd), ("--absentee-ratio", absentee_ratio),
                       ("--warheads", warheads)):
        if value is not None:
            number(value, opt)  # NaN and infinity (typer's ranges check the rest)
    if warhead_cost_usd is not None:
        number(warhead_cost_usd, "--warhead-cost-usd", low=0, low_open=True, unit="USD")
    if cost_preset is not None:
        if interceptor_cost_usd is not None:
            error("--cost-preset", "give either --cost-preset or --interceptor-cost-usd, not both")
        try:
            interceptor_cost_usd = load_preset(cost_preset).cost_per_unit_usd()
        except UnknownPresetError as exc:
            error("--cost-preset", exc.args[0])
    if interceptor is not None:
        try:
            default_pk, unit_cost = interceptor_defaults(load_catalog(), interceptor)
        except KeyError as exc:
            error("--interceptor", exc.args[0])
        pk = default_pk if pk is None else pk
        interceptor_cost_usd = unit_cost if interceptor_cost_usd is None else interceptor_cost_usd
    if pk is None:
        error("--pk", "give the single-shot kill probability (0..1), or --interceptor TYPE")
    sizes = () if force_sizes is None else numbers(force_sizes, "--force-sizes")
    report = exchange_report(
        interceptors, shots, pk, deliver, decoys=decoys, track_probability=track_probability,
        interceptor_cost_usd=interceptor_cost_usd, absentee_ratio=absentee_ratio,
        warhead_cost_usd=warhead_cost_usd, decoy_cost_usd=decoy_cost_usd, warheads=warheads,
        force_sizes=sizes)
    out = report.to_dict()
    if as_json:
        print_json(out)
        return
    keys = ["negation_probability", "warheads_to_exhaust", "warheads_needed",
            "warheads_needed_without_defense", "expected_delivered", "regime",
            "warheads_per_interceptor", "defender_cost_per_warhead_stopped_usd",
            "attacker_cost_per_warhead_delivered_usd", "cost_exchange_ratio"]
    for key in keys + (["decoys_needed"] if warheads is not None else []):
        value = out[key]
        if isinstance(value, float):
            text = f"{value:,.4g}" if abs(value) < 1e6 or math.isinf(value) else f"{value:,.0f}"
        else:
            text = str(value)
        typer.echo(f"{key:<41}{text}")
    if sizes:
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
    interceptors_b: float = typer.Option(0.0, "--interceptors-b", min=0,
                                         help="Side B's defense size."),
    shots: int = typer.Option(2, "--shots", min=1, help="Shots per object of both defenses."),
    pk: float = typer.Option(0.7, "--pk", min=0, max=1,
                             help="Single-shot kill probability of both defenses."),
    decoys: float = typer.Option(
        0.0, "--decoys", min=0, help="Undiscriminated decoys per warhead that both defenses face."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print JSON only."),
) -> None:
    """Print Kent & Thaler's first-strike stability index as side A's defense grows."""
    from opendome.stability.reports import first_strike_table

    for opt, value in (("--interceptors-b", interceptors_b), ("--pk", pk), ("--decoys", decoys)):
        number(value, opt)
    sizes = numbers(interceptors_a, "--interceptors-a")
    table = first_strike_table(sizes, interceptors_b, shots, pk, decoys)
    if as_json:
        print_json(table.to_dict())
        return
    typer.echo("First-strike stability (Kent & Thaler 1989) as side A's defense grows")
    for label, p in (("A", table.posture_a), ("B", table.posture_b)):
        typer.echo(f"{label}: {p.survivable_warheads:,.0f} survivable + "
                   f"{p.vulnerable_warheads:,.0f} vulnerable warheads "
                   f"({p.warheads_per_launcher:g} per launcher), kill probability "
                   f"{p.kill_probability:g}, value scale {p.value_warheads:g} warheads")
    typer.echo(f"B's defense: {interceptors_b:g} interceptors; {shots} shots per object, pk {pk:g}"
               + (f"; {decoys:g} decoys per warhead" if decoys else ""))
    head = ("A interceptors", "ratio A", "ratio B", "index", "D_A (A 1st)", "D_A (B 1st)")
    typer.echo("".join(f"{h:>15}" for h in head))
    for row in table.rows():
        vals = (row["ratio_a"], row["ratio_b"], row["index"], row["damage_to_a_if_a_first"],
                row["damage_to_a_if_b_first"])
        typer.echo(f"{row['interceptors_a']:>15g}" + "".join(f"{v:>15.3f}" for v in vals))


def register(app: typer.Typer) -> None:
    """Add the ``stability`` command group to the application."""
    add_scenario_command(stability_app)
    app.add_typer(stability_app, name="stability")
