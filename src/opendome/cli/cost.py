"""``opendome cost``: the 20-year life-cycle cost of an architecture or of a published preset."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from opendome.cli.common import error, number, print_json, scenario_or_exit

if TYPE_CHECKING:
    from opendome.economics.cost import CostResult

MAX_HORIZON_YR = 100.0
"""Longest horizon costed (the model buys replacements year by year; 20 is the standard)."""


def _billions(x: float) -> str:
    return f"{x / 1e9:,.1f}"


def _table(result: CostResult) -> str:
    cols = ("development", "procurement", "launch", "replacement", "operations", "total")
    head = f"{'layer':<12}{'units':>8}{'buys':>5}" + "".join(f"{c:>13}" for c in cols)
    lines = [f"{result.horizon_yr:g}-year life-cycle cost, billions of {result.base_year} dollars",
             head]
    for lc in result.layers:
        vals = (lc.development_usd, lc.procurement_usd, lc.launch_usd, lc.replacement_usd,
                lc.operations_usd, lc.total_usd)
        lines.append(f"{lc.name:<12}{lc.units:>8,}{lc.buys:>5}"
                     + "".join(f"{_billions(v):>13}" for v in vals))
    lines.append(f"{'total':<25}" + " " * 13 * 5 + f"{_billions(result.total_usd):>13}")
    lines.append(f"acquisition {_billions(result.acquisition_usd)}, "
                 f"operations {_billions(result.operations_usd)}")
    return "\n".join(lines)


def cost(
    scenario: str = typer.Argument(
        None, help="Scenario file or built-in name: its defender layers are costed "
        "(default: the reference scenario, as for run)."
    ),
    preset: str = typer.Option(
        None, "--preset", help="Published case to reproduce (e.g. cbo-2026-sbi)."
    ),
    launch_price_usd_per_kg: float = typer.Option(
        None, "--launch-price-usd-per-kg", help="Launch price for every space layer, USD per kg."
    ),
    horizon_yr: float = typer.Option(
        None, "--horizon-yr", help="Horizon in years, up to 100 (default 20, or the preset's)."
    ),
    absentee_ratio: float = typer.Option(
        None, "--absentee-ratio",
        help="SBIs in orbit per SBI in reach (scales a space layer's inventory; default 780).",
    ),
    sources: bool = typer.Option(False, "--sources", help="Also print the source of every input."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON only."),
) -> None:
    """Print the 20-year life-cycle cost by layer (constant dollars)."""
    from opendome.economics.presets import UnknownPresetError
    from opendome.economics.reports import preset_report, scenario_report

    if scenario is not None and preset is not None:
        error("--preset", "give either a SCENARIO or --preset NAME, not both")
    if launch_price_usd_per_kg is not None:
        number(launch_price_usd_per_kg, "--launch-price-usd-per-kg", low=0, high=1e7,
               unit="USD/kg")
    if absentee_ratio is not None:
        number(absentee_ratio, "--absentee-ratio", low=1, high=1e6)
    if absentee_ratio is not None and preset is not None:
        error("--absentee-ratio", "applies to a SCENARIO only; drop it with --preset")
    if horizon_yr is not None:
        number(horizon_yr, "--horizon-yr", low=0, low_open=True, high=MAX_HORIZON_YR, unit="yr")
    sc = None
    if preset is not None:
        try:
            report = preset_report(preset, launch_price_usd_per_kg)
        except UnknownPresetError as exc:
            error("--preset", exc.args[0])
        if horizon_yr is not None:
            error("--horizon-yr", "a preset keeps its published horizon; drop the option")
    else:
        sc = scenario_or_exit(scenario)
        try:
            report = scenario_report(sc, absentee_ratio, horizon_yr, launch_price_usd_per_kg)
        except (KeyError, ValueError) as exc:
            error(f"SCENARIO {sc.name}", f"{exc.args[0]}; fix the layer or the catalog entry")
    out = report.to_dict()
    result = report.result
    if as_json:
        print_json(out)
        return
    if "title" in out:
        typer.echo(out["title"])
    if sc is not None:
        given = [ly.name for ly in sc.defender.layers if ly.constellation is not None]
        how = (f"constellation as given ({', '.join(given)})" if given
               else f"inventory x absentee ratio {out['absentee_ratio']:g}")
        typer.echo(f"scenario {out['scenario']}; space layers: {how}")
    typer.echo(_table(result))
    if launch_price_usd_per_kg is not None:
        typer.echo(f"launch price of space layers set to {launch_price_usd_per_kg:,.0f} USD/kg")
    if "ratio_to_published_total" in out:
        key = "total_usd" if launch_price_usd_per_kg is None else "total_new_launch_usd"
        typer.echo(f"published total {_billions(out['published'][key])}: ratio "
                   f"{out['ratio_to_published_total']:.3f}")
    if "at_new_launch_price" in out:
        blk = out["at_new_launch_price"]
        line = (f"at the new launch price {blk['launch_price_usd_per_kg']:,.0f} USD/kg: total "
                f"{_billions(blk['total_usd'])} ({-100 * blk['reduction']:.1f} %)")
        if "published_total_usd" in blk:
            line += (f"; published {_billions(blk['published_total_usd'])} "
                     f"({-100 * blk['published_reduction']:.1f} %), ratio "
                     f"{blk['ratio_to_published_total']:.3f}")
        typer.echo(line)
    if sources:
        typer.echo("sources:")
        for key, cite in out["sources"].items():
            typer.echo(f"  {key}: {cite}")


def register(app: typer.Typer) -> None:
    """Add the ``cost`` command to the application."""
    app.command("cost")(cost)
