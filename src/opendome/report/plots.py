"""Plots of results (matplotlib, Agg backend; an optional view, imported only by the CLI)."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from numpy.typing import NDArray  # noqa: E402

from opendome.engine import Summary  # noqa: E402


def exchange_plot(
    path: Path,
    title: str,
    warheads: NDArray[np.int64],
    delivered: NDArray[np.float64],
    delivered_se: NDArray[np.float64],
    defender_cost_usd: float | None,
    warhead_cost_usd: float | None,
    attrited: tuple[float, NDArray[np.float64]] | None = None,
) -> Path:
    """Draw delivered warheads against attacker force, and each side's cost per warhead.

    Left: expected delivered warheads with the defense (95 % band), without it (the diagonal),
    and after an anti-satellite attack if given. Right: the defender's 20-year cost per warhead
    stopped and, with a warhead cost, the attacker's cost per warhead delivered.
    """
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.5))
    w = warheads.astype(float)
    left.plot(w, w, "k--", label="no defense")
    left.plot(w, delivered, "o-", color="tab:blue", label="with defense")
    left.fill_between(w, delivered - 1.96 * delivered_se, delivered + 1.96 * delivered_se,
                      color="tab:blue", alpha=0.2)
    if attrited is not None:
        fraction, values = attrited
        left.plot(w, values, "s-", color="tab:red",
                  label=f"after ASAT attack ({fraction:.0%} of space interceptors)")
    left.set_xlabel("attacker warheads")
    left.set_ylabel("expected warheads delivered")
    left.set_title("Delivered warheads")
    left.legend()
    left.grid(alpha=0.3)
    stopped = w - delivered
    if defender_cost_usd is not None:
        with np.errstate(divide="ignore"):
            per_stop = np.where(stopped > 0, defender_cost_usd / stopped, np.nan)
        right.semilogy(w, per_stop, "o-", color="tab:blue",
                       label="defender: 20-year cost per warhead stopped")
    if warhead_cost_usd is not None:
        with np.errstate(divide="ignore"):
            per_delivered = np.where(delivered > 0, w * warhead_cost_usd / delivered, np.nan)
        right.semilogy(w, per_delivered, "s-", color="tab:red",
                       label="attacker: cost per warhead delivered")
    right.set_xlabel("attacker warheads")
    right.set_ylabel("US dollars per warhead")
    right.set_title("Cost to each side")
    if right.lines:
        right.legend()
    right.grid(alpha=0.3, which="both")
    fig.suptitle(title)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def run_plot(path: Path, summary: Summary) -> Path:
    """Draw a run: the leaker distribution, and interceptors used against inventory by layer."""
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2))
    dist = summary.leaker_distribution
    k = np.array(list(dist), dtype=np.int64)
    p = np.array(list(dist.values()), dtype=np.float64)
    left.bar(k, p, color="tab:blue", label="Monte Carlo")
    left.set_yscale("log")
    left.set_xlabel("warheads leaking")
    left.set_ylabel("probability")
    left.set_title(f"P(no leak) = {summary.p_no_leak:.4f}, "
                   f"E[leakers] = {summary.expected_leakers:.3f}")
    left.grid(alpha=0.3, which="both")
    layers = summary.layers
    names = [layer.name for layer in layers]
    used = [layer.used_mean for layer in layers]
    x = np.arange(len(names))
    inventory = [layer.inventory for layer in layers]
    right.bar(x - 0.2, inventory, 0.4, color="lightgray", label="inventory")
    right.bar(x + 0.2, used, 0.4, color="tab:orange", label="used (mean)")
    above = [layer.used_p95 - layer.used_mean for layer in layers]
    right.errorbar(x + 0.2, used, yerr=[[0] * len(names), above],
                   fmt="none", ecolor="k", capsize=3, label="95th percentile")
    right.set_xticks(x, names, rotation=15)
    right.set_ylabel("interceptors")
    right.set_title("Interceptors by layer")
    right.legend()
    right.grid(alpha=0.3, axis="y")
    fig.suptitle(f"{summary.scenario}: {summary.trials:,} trials, seed {summary.seed}, "
                 f"allocation {summary.allocation}")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
