"""Rich tables of a run summary and of the catalog, for the terminal."""

from __future__ import annotations

from typing import Any

from rich.table import Table

from opendome.catalog import Catalog


def summary_table(summary: dict[str, Any]) -> Table:
    """Return the per-layer table of a run summary."""
    cf = summary.get("closed_form", {}).get("interceptors_used", {})
    title = (f"{summary['scenario']}: {summary['trials']:,} trials, seed {summary['seed']}, "
             f"allocation: {summary['allocation']}")
    table = Table(title=title)
    for col in ("layer", "inventory", "used (mean)", "used (p95)", "P(exhausted)",
                "warheads killed", "closed form used"):
        table.add_column(col, justify="left" if col == "layer" else "right")
    for name, inv in summary["inventory"].items():
        table.add_row(
            name,
            f"{inv:,.0f}" if float(inv).is_integer() else f"{inv:,.2f}",
            f"{summary['interceptors_used'][name]:.2f}",
            f"{summary['interceptors_used_p95'][name]:.0f}",
            f"{summary['p_inventory_exhausted'][name]:.3f}",
            f"{summary['warheads_killed'][name]:.3f}",
            f"{cf[name]:.2f}" if name in cf else "-",
        )
    return table


def headline(summary: dict[str, Any]) -> list[str]:
    """Return the headline lines: P(no leak), expected leakers, the closed form, not engaged."""
    lo, hi = summary["p_no_leak_ci95"]
    elo, ehi = summary["expected_leakers_ci95"]
    lines = [
        f"warheads {summary['warheads']}, objects {summary['objects']}",
        f"P(no warhead leaks)  {summary['p_no_leak']:.4f}  (95% CI {lo:.4f}-{hi:.4f})",
        f"expected leakers     {summary['expected_leakers']:.4f}  (95% CI {elo:.4f}-{ehi:.4f})",
    ]
    cf = summary.get("closed_form")
    if cf:
        lines.append(
            f"closed form, unlimited inventory: P(no leak) {cf['p_no_leak']:.4f}, "
            f"expected leakers {cf['expected_leakers']:.4f}"
        )
    dist = ", ".join(f"{k}: {v:.4f}" for k, v in list(summary["leaker_distribution"].items())[:8])
    lines.append(f"leakers distribution  {dist}")
    for name, sp in summary.get("space_layers", {}).items():
        ratio = sp["absentee_ratio"]
        lines.append(f"space layer {name}: {sp['satellites']:,} satellites, "
                     f"{sp['in_reach_mean']:.2f} in reach on average (absentee ratio "
                     f"{'inf' if ratio is None else f'{ratio:.0f}'})")
    for chain in summary.get("kill_chain", []):
        lines.append(f"kill chain, {chain['salvo']}: {_chain_text(chain)}")
    for w in summary.get("windows", []):
        if w["opportunities"]:
            lines.append(f"window {w['layer']} vs {w['salvo']}: {w['opportunities']} "
                         f"opportunit{'y' if w['opportunities'] == 1 else 'ies'}, intercepts "
                         f"{w['earliest_s']:.0f}-{w['latest_s']:.0f} s after launch from "
                         f"site {w['site']}")
    for item in summary["not_engaged"]:
        lines.append(f"not engaged: {item['layer']} vs {item['salvo']} ({item['objects']} "
                     f"targets): {item['reason']}")
    return lines


def catalog_tables(catalog: Catalog) -> list[Table]:
    """Return one table of missiles and one of interceptors, every number with its source."""
    tables = []
    for title, entries in (("Missiles", catalog.missiles), ("Interceptors", catalog.interceptors)):
        table = Table(title=title, show_lines=True)
        for col in ("key", "parameter", "value (SI)", "source"):
            table.add_column(col)
        for key, entry in entries.items():
            rows = list(entry.sources().items())
            values = {**{k: v.value for k, v in entry.params.items()},
                      **{f"pk.{c}": v.value for c, v in getattr(entry, "pk", {}).items()}}
            for i, (param, source) in enumerate(rows):
                table.add_row(key if i == 0 else "", param, f"{values[param]:g}", source)
        tables.append(table)
    return tables


def _seconds(x: float | None) -> str:
    return "never" if x is None else f"{x:.0f} s"


def _chain_text(chain: dict[str, Any]) -> str:
    if chain["flight_time_s"] is None:
        return f"no trajectory ({chain['trajectory']})"
    seen = ", ".join(f"{name} {_seconds(t)}" for name, t in chain["first_seen_s"].items())
    return (f"flight {chain['flight_time_s']:.0f} s; detected {_seconds(chain['detection_s'])}, "
            f"fire-control track {_seconds(chain['fire_control_track_s'])}, discrimination "
            f"{_seconds(chain['discrimination_s'])}; first seen: {seen}")
