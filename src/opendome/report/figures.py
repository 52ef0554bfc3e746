"""Figures of the HTML report, drawn into memory (PNG bytes) with matplotlib's Agg backend.

Each function takes plain values (a run summary's dict, or arrays) and returns PNG bytes, so
the report can inline them as base64 and stay a single file. The run plot and the exchange
plot of :mod:`opendome.report.plots` are reused through :func:`png_of`.
"""

from __future__ import annotations

import io
import tempfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from numpy.typing import NDArray  # noqa: E402

DPI = 96
"""Resolution of the inline figures (dots per inch)."""


def _png(fig: Figure) -> bytes:
    buf = io.BytesIO()
    fig.tight_layout()
    fig.savefig(buf, format="png", dpi=DPI)
    plt.close(fig)
    return buf.getvalue()


def png_of(draw: Callable[[Path], Path]) -> bytes:
    """Return the PNG bytes a path-writing plot function (``draw(path) -> path``) produces."""
    with tempfile.TemporaryDirectory() as tmp:
        return draw(Path(tmp) / "figure.png").read_bytes()


def leakers_and_interceptors(summary: Mapping[str, Any]) -> bytes:
    """Draw a run from its summary's keys: leaker distribution, interceptors by layer.

    Per layer: the mean inventory, the mean number used and its 95th percentile (as
    ``report.plots.run_plot``, which takes the typed summary; the report works from
    ``summary.json``).
    """
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2))
    dist = summary["leaker_distribution"]
    left.bar([int(k) for k in dist], [float(v) for v in dist.values()], color="tab:blue")
    left.set_yscale("log")
    left.set_xlabel("warheads leaking")
    left.set_ylabel("probability")
    left.set_title("Leaker distribution")
    left.grid(alpha=0.3, which="both")
    used = summary["interceptors_used"]
    inventory = summary["inventory"]
    p95 = summary.get("interceptors_used_p95", used)
    names = list(used)
    x = np.arange(len(names))
    right.bar(x - 0.2, [inventory[n] for n in names], 0.4, color="lightgray", label="inventory")
    right.bar(x + 0.2, [used[n] for n in names], 0.4, color="tab:orange", label="used (mean)")
    right.errorbar(x + 0.2, [used[n] for n in names],
                   yerr=[[0.0] * len(names), [max(p95[n] - used[n], 0.0) for n in names]],
                   fmt="none", ecolor="k", capsize=3, label="95th percentile")
    right.set_xticks(x, names, rotation=15)
    right.set_ylabel("interceptors")
    right.set_title("Interceptors by layer")
    right.legend()
    right.grid(alpha=0.3, axis="y")
    return _png(fig)


def funnel(layers: Sequence[str], arriving: Sequence[float], killed: Sequence[float]) -> bytes:
    """Draw the per-layer funnel: warheads arriving at each layer, killed there, passed on."""
    fig, ax = plt.subplots(figsize=(8, 0.6 + 0.55 * max(len(layers), 1)))
    y = np.arange(len(layers))[::-1]
    a = np.asarray(arriving, float)
    k = np.asarray(killed, float)
    ax.barh(y, a, color="lightgray", label="arriving (mean)")
    ax.barh(y, k, color="tab:green", label="killed (mean)")
    ax.barh(y, a - k, left=k, color="tab:red", alpha=0.55, label="passed on (mean)")
    ax.set_yticks(y, list(layers))
    ax.set_xlabel("warheads per raid")
    ax.set_title("Warheads through the layers")
    ax.legend(loc="lower right", fontsize=8)
    ax.grid(alpha=0.3, axis="x")
    return _png(fig)


def kill_chain_timeline(chains: Sequence[Mapping[str, Any]],
                        windows: Sequence[Mapping[str, Any]],
                        burnout_s: Mapping[str, float | None]) -> bytes:
    """Draw each salvo's kill chain on a time axis (seconds after launch).

    Marks launch, burnout (``burnout_s`` by salvo, if known), each sensor's first sight, the
    detection, fire-control track and discrimination times, impact, and every layer's
    engagement window (earliest to latest intercept) as a bar.
    """
    rows: list[tuple[str, str, float | None, float | None]] = []
    for chain in chains:
        salvo = chain["salvo"]
        rows.append((salvo, "flight", 0.0, chain["flight_time_s"]))
        for name, t in chain["first_seen_s"].items():
            rows.append((salvo, f"first seen: {name}", t, None))
        for label, key in (("detection", "detection_s"),
                           ("fire-control track", "fire_control_track_s"),
                           ("discrimination", "discrimination_s")):
            rows.append((salvo, label, chain[key], None))
        for w in windows:
            if w["salvo"] == salvo:
                rows.append((salvo, f"window: {w['layer']}", w["earliest_s"], w["latest_s"]))
    fig, ax = plt.subplots(figsize=(9, 0.8 + 0.3 * max(len(rows), 1)))
    y = np.arange(len(rows))[::-1]
    for yi, (salvo, label, start, end) in zip(y, rows, strict=True):
        if label == "flight" and end is not None:
            ax.plot([0, end], [yi, yi], color="k", lw=2)
            ax.plot([0], [yi], marker="^", color="k")
            ax.plot([end], [yi], marker="v", color="k")
            burn = burnout_s.get(salvo)
            if burn is not None:
                ax.plot([0, burn], [yi, yi], color="tab:orange", lw=6, alpha=0.8)
        elif label.startswith("window") and start is not None and end is not None:
            ax.barh(yi, end - start, left=start, height=0.5, color="tab:blue", alpha=0.7)
        elif start is not None:
            ax.plot([start], [yi], marker="o", color="tab:purple")
    ax.set_yticks(y, [f"{s}: {label}" for s, label, _, _ in rows], fontsize=7)
    ax.set_xlabel("seconds after launch (orange: boost; triangles: launch and impact)")
    ax.set_title("Kill chain and engagement windows")
    ax.grid(alpha=0.3, axis="x")
    return _png(fig)


def in_reach_over_day(times_s: NDArray[np.float64], in_reach: NDArray[np.int64],
                      layer: str) -> bytes:
    """Draw a space layer's interceptors in reach against the launch time (the whole pattern)."""
    fig, ax = plt.subplots(figsize=(8, 3))
    ax.step(times_s / 3600.0, in_reach, where="post", color="tab:blue")
    ax.axhline(float(np.mean(in_reach)), color="k", ls="--", lw=1, label="mean")
    ax.set_xlabel("launch time (hours after the constellation's epoch)")
    ax.set_ylabel("interceptors in reach")
    ax.set_title(f"{layer}: interceptors in reach of the launch point over the orbital pattern")
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    return _png(fig)


def coverage_map(lat_deg: NDArray[np.float64], lon_deg: NDArray[np.float64],
                 counts: NDArray[np.float64], expected: NDArray[np.float64],
                 layer: str, launch_deg: tuple[float, float] | None) -> bytes:
    """Draw interceptors in reach by latitude: a latitude-longitude map and the mean by latitude.

    ``counts`` (lat, lon) are the propagated satellites in reach of each grid point, averaged
    over the sampled times; ``expected`` (lat,) the analytic density's expectation.
    """
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 3.6),
                                      gridspec_kw={"width_ratios": [3, 1]})
    mesh = left.pcolormesh(lon_deg, lat_deg, counts, shading="nearest", cmap="viridis")
    fig.colorbar(mesh, ax=left, label="interceptors in reach (mean)")
    if launch_deg is not None:
        left.plot([launch_deg[1]], [launch_deg[0]], marker="*", color="tab:red", ms=12,
                  label="launch point")
        left.legend(loc="lower left", fontsize=8)
    left.set_xlabel("longitude (deg)")
    left.set_ylabel("latitude (deg)")
    left.set_title(f"{layer}: coverage map")
    right.plot(counts.mean(axis=1), lat_deg, color="tab:blue", label="propagated")
    right.plot(expected, lat_deg, "k--", lw=1, label="analytic density")
    right.set_xlabel("in reach (mean)")
    right.set_title("by latitude")
    right.legend(fontsize=8)
    right.grid(alpha=0.3)
    return _png(fig)


def cost_by_layer(layers: Sequence[str], elements: Mapping[str, Sequence[float]]) -> bytes:
    """Draw the 20-year cost by layer as stacked bars of its elements (billions of USD)."""
    fig, ax = plt.subplots(figsize=(8, 3.4))
    x = np.arange(len(layers))
    bottom = np.zeros(len(layers))
    for label, values in elements.items():
        v = np.asarray(values, float) / 1e9
        ax.bar(x, v, bottom=bottom, label=label)
        bottom += v
    ax.set_xticks(x, list(layers), rotation=10)
    ax.set_ylabel("billions of USD")
    ax.set_title("Life-cycle cost by layer")
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3, axis="y")
    return _png(fig)


def sweep_points(labels: Sequence[str], p_no_leak: Sequence[float],
                 ci95: Sequence[Sequence[float]],
                 spreads: Sequence[tuple[float, float, float] | None] | None = None) -> bytes:
    """Draw P(no leak) with its 95 % interval for each point of a sweep.

    ``spreads``: per point, (mixture, p5, p95) over parameter draws, or None; drawn below the
    point as a diamond with its 5th-95th percentile bar.
    """
    fig, ax = plt.subplots(figsize=(8, 0.8 + 0.35 * max(len(labels), 1)))
    y = np.arange(len(labels))[::-1]
    p = np.asarray(p_no_leak, float)
    lo = p - np.asarray([c[0] for c in ci95], float)
    hi = np.asarray([c[1] for c in ci95], float) - p
    ax.errorbar(p, y, xerr=[lo, hi], fmt="o", capsize=3, label="run (95 % interval)")
    drawn = [(yy, s) for yy, s in zip(y, spreads or [], strict=False) if s is not None]
    if drawn:
        m = np.array([s[0] for _, s in drawn])
        ax.errorbar(m, np.array([yy for yy, _ in drawn]) - 0.25,
                    xerr=[(m - np.array([s[1] for _, s in drawn])).clip(min=0),
                          (np.array([s[2] for _, s in drawn]) - m).clip(min=0)],
                    fmt="D", ms=4, color="k", capsize=3,
                    label="mixture, p5-p95 over parameter draws")
        ax.legend(fontsize=7)
    ax.set_yticks(y, list(labels), fontsize=8)
    ax.set_xlabel("P(no warhead leaks)")
    ax.set_title("Sweep points")
    ax.grid(alpha=0.3, axis="x")
    return _png(fig)


def over_parameter_draws(p_by_draw: NDArray[np.float64], p_mixture: float,
                         interval: Sequence[float], spread: Mapping[str, float]) -> bytes:
    """Draw P(no leak) over parameter draws: histogram and ECDF.

    With the mixture's value, its 95 % interval and the 5th/50th/95th percentiles over draws.
    """
    p = np.sort(np.asarray(p_by_draw, dtype=np.float64))
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 3.8))
    bins = np.linspace(0.0, 1.0, 41)
    left.hist(p, bins=bins, color="tab:blue", alpha=0.75)
    left.axvspan(interval[0], interval[1], color="tab:red", alpha=0.25,
                 label="mixture, 95 % interval")
    left.axvline(p_mixture, color="tab:red", lw=1.5)
    left.set_xlabel("P(no leak) of one parameter draw")
    left.set_ylabel("draws")
    left.set_title("Over parameter draws")
    left.legend(fontsize=8)
    left.grid(alpha=0.3)
    right.step(p, np.arange(1, p.size + 1) / p.size, where="post", color="tab:blue")
    for name, style in (("p5", ":"), ("p50", "--"), ("p95", ":")):
        if name in spread:
            right.axvline(spread[name], color="k", ls=style, lw=1, label=name)
    right.axvline(p_mixture, color="tab:red", lw=1.5, label="mixture")
    right.set_xlim(0.0, 1.0)
    right.set_ylim(0.0, 1.0)
    right.set_xlabel("P(no leak)")
    right.set_ylabel("fraction of draws at or below")
    right.set_title("Empirical distribution function")
    right.legend(fontsize=8, loc="upper left")
    right.grid(alpha=0.3)
    return _png(fig)
