"""Plots of results (matplotlib, Agg backend; an optional view, imported only by the CLI)."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from numpy.typing import NDArray  # noqa: E402


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
