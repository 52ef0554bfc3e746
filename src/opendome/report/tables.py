"""Rich tables of a run summary and of the catalog, for the terminal."""

from __future__ import annotations

from rich.table import Table

from opendome.catalog import Catalog
from opendome.engine import Summary
from opendome.plan.windows import SalvoKillChain


def summary_table(summary: Summary) -> Table:
    """Return the per-layer table of a run summary."""
    cf = summary.closed_form.interceptors_used if summary.closed_form is not None else {}
    title = (f"{summary.scenario}: {summary.trials:,} trial{'' if summary.trials == 1 else 's'}, "
             f"seed {summary.seed}, "
             f"allocation: {summary.allocation}")
    table = Table(title=title)
    for col in ("layer", "inventory", "used (mean)", "used (p95)", "P(exhausted)",
                "warheads killed", "closed form used"):
        table.add_column(col, justify="left" if col == "layer" else "right")
    for layer in summary.layers:
        inv = layer.inventory
        table.add_row(
            layer.name,
            f"{inv:,.0f}" if float(inv).is_integer() else f"{inv:,.2f}",
            f"{layer.used_mean:.2f}",
            f"{layer.used_p95:.0f}",
            f"{layer.p_exhausted:.3f}",
            f"{layer.warheads_killed:.3f}",
            f"{cf[layer.name]:.2f}" if layer.name in cf else "-",
        )
    return table


def headline(summary: Summary) -> list[str]:
    """Return the headline lines: P(no leak), expected leakers, the closed form, not engaged."""
    lo, hi = summary.p_no_leak_ci95
    if summary.expected_leakers_ci95 is None:
        leak_ci = "95% CI undefined for one trial"
    else:
        elo, ehi = summary.expected_leakers_ci95
        leak_ci = f"95% CI {elo:.4f}-{ehi:.4f}"
    lines = [
        f"warheads {summary.warheads}, objects {summary.objects}",
        f"P(no warhead leaks)  {summary.p_no_leak:.4f}  (95% CI {lo:.4f}-{hi:.4f})",
        f"expected leakers     {summary.expected_leakers:.4f}  ({leak_ci})",
    ]
    cf = summary.closed_form
    if cf is not None:
        lines.append(
            f"closed form, unlimited inventory: P(no leak) {cf.p_no_leak:.4f}, "
            f"expected leakers {cf.expected_leakers:.4f}"
        )
    dist = ", ".join(f"{k}: {v:.4f}" for k, v in list(summary.leaker_distribution.items())[:8])
    lines.append(f"leakers distribution  {dist}")
    for sp in summary.space_layers or ():
        ratio = sp.absentee_ratio
        lines.append(f"space layer {sp.layer}: {sp.satellites:,} satellites, "
                     f"{sp.in_reach_mean:.2f} in reach on average (absentee ratio "
                     f"{'inf' if ratio is None else f'{ratio:.0f}'})")
    for chain in summary.kill_chain or ():
        lines.append(f"kill chain, {chain.salvo}: {_chain_text(chain)}")
    for w in summary.windows or ():
        if w.opportunities:
            lines.append(f"window {w.layer} vs {w.salvo}: {w.opportunities} "
                         f"opportunit{'y' if w.opportunities == 1 else 'ies'}, intercepts "
                         f"{_seconds_bare(w.earliest_s)}-{_seconds_bare(w.latest_s)} s after "
                         f"launch from site {w.site}")
    for item in summary.not_engaged:
        lines.append(f"not engaged: {item.layer} vs {item.salvo} ({item.objects} "
                     f"targets): {item.reason}")
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


def _seconds_bare(x: float | None) -> str:
    return "?" if x is None else f"{x:.0f}"


def _chain_text(chain: SalvoKillChain) -> str:
    if chain.flight_time_s is None:
        return f"no trajectory ({chain.trajectory})"
    seen = ", ".join(f"{name} {_seconds(t)}" for name, t in chain.first_seen_s.items())
    return (f"flight {chain.flight_time_s:.0f} s; detected {_seconds(chain.detection_s)}, "
            f"fire-control track {_seconds(chain.fire_control_track_s)}, discrimination "
            f"{_seconds(chain.discrimination_s)}; first seen: {seen}")
