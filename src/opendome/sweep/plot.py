"""Figures of a sweep: a metric against an axis with its Monte Carlo 95 % band, or a heat map.

Data come from the ``points`` view of the results folder (:func:`opendome.sweep.store.connect`).
The band of ``p_no_leak`` and ``expected_leakers`` is their stored 95 % interval (Wilson, and
normal approximation of the mean); another metric with a ``_se`` column gets ±1.96 standard
errors; others are drawn without a band. For ``p_no_leak`` and ``p_no_leak_mixture`` at points
whose scenario has parameter distributions, a second, lighter band shows the 5th-95th
percentiles over parameter draws (``p_no_leak_over_draws_p5``/``_p95``): the spread that more
trials cannot remove. matplotlib is imported when a figure is drawn.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from opendome.sweep.store import axis_units, connect, read_info

Z95 = 1.959963984540054

SPREAD_LO, SPREAD_HI = "p_no_leak_over_draws_p5", "p_no_leak_over_draws_p95"
SPREAD_METRICS = ("p_no_leak", "p_no_leak_mixture")
"""Metrics drawn with the spread over parameter draws, where the store has it."""


class PlotError(ValueError):
    """A plot cannot be drawn as asked; ``option`` names the option at fault."""

    def __init__(self, option: str, problem: str) -> None:
        self.option = option
        self.problem = problem
        super().__init__(f"{option}: {problem}")


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def resolve_axis(root: Path, name: str, option: str) -> str:
    """Return the axis path named exactly, or by a unique ending (``inventory``)."""
    paths = [a["path"] for a in read_info(root)["axes"]]
    if name in paths:
        return name
    ends = [p for p in paths if p.endswith(name)]
    if len(ends) == 1:
        return ends[0]
    raise PlotError(option, f"no axis '{name}'; axes: {', '.join(paths)}")


@dataclass(frozen=True)
class Series:
    """Rows of the plot: x, hue (or None), y and its band."""

    x: np.ndarray
    hue: list[Any]
    y: np.ndarray
    lo: np.ndarray | None
    hi: np.ndarray | None
    spread_lo: np.ndarray | None = None
    """5th percentile over parameter draws (NaN at points without distributions)."""
    spread_hi: np.ndarray | None = None
    """95th percentile over parameter draws."""


def plot_data(root: Path, x: str, y: str, hue: str | None = None,
              where: str | None = None) -> Series:
    """Return the points' x, hue, y and band; raise PlotError for a bad choice."""
    con = connect(root)
    try:
        cols = [r[0] for r in con.execute("DESCRIBE points").fetchall()]
        paths = [a["path"] for a in read_info(root)["axes"]]
        if y not in cols or y in paths or y == "point":
            metrics = [c for c in cols if c not in paths and c not in ("point", "seed")]
            raise PlotError("--y", f"no metric '{y}'; metrics: {', '.join(metrics)}")
        band_lo = band_hi = None
        if f"{y}_lo" in cols and f"{y}_hi" in cols:
            band_lo, band_hi = _q(f"{y}_lo"), _q(f"{y}_hi")
        elif f"{y}_se" in cols:
            band_lo = f"{_q(y)} - {Z95} * {_q(y + '_se')}"
            band_hi = f"{_q(y)} + {Z95} * {_q(y + '_se')}"
        spread = (y in SPREAD_METRICS and SPREAD_LO in cols and SPREAD_HI in cols)
        select = [_q(x), _q(hue) if hue else "NULL", _q(y),
                  band_lo or "NULL", band_hi or "NULL",
                  _q(SPREAD_LO) if spread else "NULL", _q(SPREAD_HI) if spread else "NULL"]
        filt = f"WHERE {where}" if where else ""
        try:
            rows = con.execute(f"SELECT {', '.join(select)} FROM points {filt} "
                               f"ORDER BY 2, 1").fetchall()
        except Exception as exc:  # duckdb's errors: one line for the user
            raise PlotError("--where", str(exc).splitlines()[0]) from None
        others = [p for p in paths if p not in (x, hue)]
        for p in others:
            n = con.execute(f"SELECT count(DISTINCT {_q(p)}) FROM points {filt}").fetchone()
            if n is not None and n[0] > 1:
                raise PlotError("--x", f"axis '{p}' also varies; choose it as --hue, or fix it "
                                f"with --where, e.g. --where '\"{p}\" = ...'")
    finally:
        con.close()
    if not rows:
        raise PlotError("DIR", "no completed points to plot (yet)")
    arr = list(zip(*rows, strict=True))
    lo = None if band_lo is None else np.asarray(arr[3], dtype=float)
    hi = None if band_hi is None else np.asarray(arr[4], dtype=float)
    s_lo = np.asarray([np.nan if v is None else v for v in arr[5]], dtype=float)
    s_hi = np.asarray([np.nan if v is None else v for v in arr[6]], dtype=float)
    has_spread = bool(np.isfinite(s_lo).any())
    return Series(np.asarray(arr[0]), list(arr[1]), np.asarray(arr[2], dtype=float), lo, hi,
                  s_lo if has_spread else None, s_hi if has_spread else None)


def _label(path: str, unit: str | None) -> str:
    return f"{path} ({unit})" if unit else path


def sweep_plot(root: Path, out: Path, x: str, y: str, hue: str | None = None,
               kind: str = "line", where: str | None = None) -> Path:
    """Draw a line plot (with the 95 % band) or, with ``kind='heat'``, a heat map over x and hue.

    The format follows the file name: ``.png`` or ``.svg``.
    """
    if out.suffix.lower() not in (".png", ".svg"):
        raise PlotError("--out", f"give a .png or .svg file name, got '{out.name}'")
    x = resolve_axis(root, x, "--x")
    hue = resolve_axis(root, hue, "--hue") if hue else None
    if kind == "heat" and hue is None:
        raise PlotError("--kind", "a heat map needs a second axis: give --hue AXIS")
    if hue == x:
        raise PlotError("--hue", "choose an axis other than --x")
    data = plot_data(root, x, y, hue, where)
    units = axis_units(root)
    info = read_info(root)
    title = f"{info.get('name') or Path(root).name}: {info['trials']:,} trials per point"

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7.5, 4.8), constrained_layout=True)
    if kind == "heat":
        assert hue is not None
        xs = sorted(set(data.x.tolist()))
        hs = sorted(set(data.hue))
        grid = np.full((len(hs), len(xs)), np.nan)
        for xv, hv, yv in zip(data.x.tolist(), data.hue, data.y, strict=True):
            grid[hs.index(hv), xs.index(xv)] = yv
        mesh = ax.imshow(grid, origin="lower", aspect="auto", cmap="viridis")
        fig.colorbar(mesh, ax=ax, label=y)
        ax.set_xticks(range(len(xs)), [f"{v:g}" if isinstance(v, float) else str(v) for v in xs])
        ax.set_yticks(range(len(hs)), [f"{v:g}" if isinstance(v, float) else str(v) for v in hs])
        if grid.size <= 400:
            mid = np.nanmean(grid)
            for (i, j), v in np.ndenumerate(grid):
                if np.isfinite(v):
                    ax.text(j, i, f"{v:.3g}", ha="center", va="center", fontsize=8,
                            color="white" if v < mid else "black")
        ax.set_ylabel(_label(hue, units.get(hue)))
    else:
        groups = list(dict.fromkeys(data.hue))
        for g in groups:
            sel = np.array([h == g for h in data.hue])
            xv = data.x[sel]
            label = None if hue is None else f"{hue} = {g}"
            line, = ax.plot(xv, data.y[sel], marker="o", ms=4, label=label)
            if data.lo is not None and data.hi is not None:
                ax.fill_between(xv, data.lo[sel], data.hi[sel], color=line.get_color(),
                                alpha=0.2, lw=0)
            if data.spread_lo is not None and data.spread_hi is not None:
                ax.fill_between(xv, data.spread_lo[sel], data.spread_hi[sel],
                                color=line.get_color(), alpha=0.08, lw=0)
                for edge in (data.spread_lo[sel], data.spread_hi[sel]):
                    ax.plot(xv, edge, ls="--", lw=0.9, color=line.get_color())
        ax.set_ylabel(y + ("  (band: 95 %)" if data.lo is not None else "")
                      + ("\n(dashed band: p5-p95 over parameter draws)"
                         if data.spread_lo is not None else ""))
        ax.grid(alpha=0.3)
        if hue is not None:
            ax.legend(fontsize=8)
    ax.set_xlabel(_label(x, units.get(x)))
    ax.set_title(title, fontsize=10)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.stem}.tmp{out.suffix}")
    fig.savefig(tmp, dpi=120, metadata={"Software": None} if out.suffix == ".png"
                else {"Date": None})
    plt.close(fig)
    tmp.replace(out)
    return out
