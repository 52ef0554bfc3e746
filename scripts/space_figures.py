"""Make the figures and numbers of docs/space.md (docs/img/space_*.png, docs/img/space_sizing.json).

    MPLBACKEND=Agg .venv/bin/python scripts/space_figures.py [--skip-sizing]

The sizing runs call ``opendome constellation size --preset aps2003`` with one option changed
at a time (simultaneous launches, boost time, inclination); a few minutes on 2 cores.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
from typer.testing import CliRunner

from opendome.cli.app import app
from opendome.core.earth import SPHERE
from opendome.space.attrition import (
    coverage_gaps,
    exposure_per_satellite,
    plane_attrition,
    random_attrition,
)
from opendome.space.coverage import count_in_reach, expected_in_reach
from opendome.space.reach import KillVehicle
from opendome.space.walker import walker, walker_delta

IMG = Path(__file__).resolve().parents[1] / "docs" / "img"


def density_figure() -> None:
    """Time-averaged count in a cap vs latitude: propagated Walker, integrated and small-cap."""
    inc = np.radians(55.0)
    alt = 500e3
    c = walker_delta(alt, inc, 1000, 40, 1)
    t = np.arange(0.0, 86400.0, 60.0)
    lats_deg = np.arange(0.0, 66.0, 2.0)
    fig, ax = plt.subplots(figsize=(7, 4.2))
    for theta_deg, color in ((2.0, "tab:blue"), (10.0, "tab:red")):
        theta = np.radians(theta_deg)
        rs, rt = SPHERE.radius_m_at(alt), SPHERE.radius_m
        reach = np.sqrt(rs**2 + rt**2 - 2 * rs * rt * np.cos(theta))
        sim = count_in_reach(c, t, np.radians(lats_deg), np.zeros(lats_deg.size), reach)
        fine = np.radians(np.linspace(0, 65, 600))
        integ = expected_in_reach(1000, fine, inc, theta)
        small = expected_in_reach(1000, fine, inc, theta, method="small")
        scale = 1.0 / expected_in_reach(1000, 0.0, inc, theta)
        ax.plot(np.degrees(fine), integ * scale, color=color,
                label=f"cap {theta_deg:g} deg: density integrated over the cap")
        ax.plot(np.degrees(fine), np.where(np.isfinite(small), small, np.nan) * scale, "--",
                color=color, alpha=0.7, label=f"cap {theta_deg:g} deg: small-cap formula")
        ax.plot(lats_deg, sim.mean(axis=0) * scale, "o", ms=4, color=color,
                label=f"cap {theta_deg:g} deg: propagated 55: 1000/40/1, 1-day mean")
    ax.axvline(55.0, color="grey", lw=0.8)
    ax.text(55.5, 0.2, "i = 55 deg", color="grey")
    ax.set_ylim(0, 6)
    ax.set_xlabel("launch latitude (deg)")
    ax.set_ylabel("mean count in reach / value at the equator")
    ax.set_title("Interceptors in reach vs latitude: formula and propagated constellation")
    ax.legend(fontsize=7, loc="upper left")
    fig.tight_layout()
    fig.savefig(IMG / "space_density.png", dpi=120)
    plt.close(fig)


def attrition_figure() -> dict[str, float]:
    """Plot counts before and after an ASAT attack on 20 % of a 45: 1600/20/10 shell."""
    lat, lon = np.radians(40.0), np.radians(127.0)
    c = walker(300e3, np.radians(45.0), 20, 80, 10)
    t = np.arange(0.0, 86400.0, 20.0)
    reach = float(KillVehicle.from_km_s_and_g(4.0, 10.0).reach_m(100.0))
    tgt = 200e3
    before = count_in_reach(c, t, lat, lon, reach, target_altitude_m=tgt)
    exposure = exposure_per_satellite(c, t, SPHERE.point_m(lat, lon, tgt), reach)
    n_killed = 320
    masks = {
        "random": random_attrition(c.n_satellites, n_killed, np.random.default_rng(0)),
        "planes": plane_attrition(c, n_killed, exposure),
    }
    show = t < 6 * 3600
    fig, axes = plt.subplots(3, 1, figsize=(8, 6), sharex=True)
    out = {}
    for ax, (label, counts) in zip(
        axes,
        [("no attack", before)]
        + [
            (f"{n_killed} destroyed, {name}", count_in_reach(c, t, lat, lon, reach,
                                                               target_altitude_m=tgt, alive=m))
            for name, m in masks.items()
        ],
        strict=True,
    ):
        ax.step(t[show] / 3600, counts[show], where="post", lw=0.8)
        for g in coverage_gaps(t[show], counts[show]):
            ax.axvspan(g.start_s / 3600, g.end_s / 3600, color="red", alpha=0.3, lw=0)
        gaps = coverage_gaps(t, counts)
        frac = sum(g.duration_s for g in gaps) / (t.size * 20.0)
        out[label] = frac
        ax.set_ylabel("in reach")
        ax.set_title(f"{label}: unengaged {100 * frac:.1f}% of a day (red)", fontsize=9)
    axes[-1].set_xlabel("hours")
    fig.suptitle("Launch from 40 N 127 E, SBIs 45: 1600/20/10 at 300 km, reach 318 km", fontsize=10)
    fig.tight_layout()
    fig.savefig(IMG / "space_attrition.png", dpi=120)
    plt.close(fig)
    return out


_CACHE: dict[tuple[str, ...], dict] = {}


def _size(*args: str) -> dict:
    defaults = {("--simultaneous", "1"), ("--burn-time", "170"), ("--inc", "45")}
    pairs = [(args[i], args[i + 1]) for i in range(0, len(args), 2)]
    key = tuple(x for pair in pairs if pair not in defaults for x in pair)
    if key in _CACHE:
        return _CACHE[key]
    res = CliRunner().invoke(app, ["constellation", "size", "--preset", "aps2003", *args, "--json"])
    if res.exit_code != 0:
        raise RuntimeError(res.output)
    _CACHE[key] = json.loads(res.stdout)
    return _CACHE[key]


CASES = {
    "simultaneous": [("--simultaneous", str(k)) for k in (1, 2, 3, 4)],
    "burn_time": [("--burn-time", str(b)) for b in (170, 150)],  # 130 s: search > 35 CPU min
    "inclination": [("--inc", str(i)) for i in (45, 50, 55)],
}


def sizing_runs(path: Path) -> dict[str, list[dict]]:
    """Preset runs with one option changed at a time; saved after each run, resumed if present."""
    done: dict[str, dict] = json.loads(path.read_text()).get("_runs", {}) if path.exists() else {}
    runs: dict[str, list[dict]] = {}
    for group, cases in CASES.items():
        runs[group] = []
        for opt, val in cases:
            key = f"{opt} {val}"
            if key not in done:
                done[key] = _size(opt, val)
                path.write_text(json.dumps({"_runs": done}, indent=1) + "\n")
            runs[group].append(done[key])
            print(group, val, done[key]["satellites"], flush=True)
    path.write_text(json.dumps({**runs, "_runs": done}, indent=1) + "\n")
    return runs


PROVEN = "Walker, proven over the pattern"


def sizing_figure(runs: dict[str, list[dict]]) -> None:
    """Size vs simultaneous launches and vs boost time, with the analytic mean-count line."""
    fig, (a1, a2) = plt.subplots(1, 2, figsize=(9, 3.8))
    ks = [r["simultaneous"] for r in runs["simultaneous"]]
    a1.plot(ks, [r["satellites"] for r in runs["simultaneous"]], "o-", label=PROVEN)
    a1.plot(ks, [r["analytic_satellites"] for r in runs["simultaneous"]], "s--",
            label="analytic: K x absentee ratio")
    a1.plot(ks, [1600 * k for k in ks], ":", color="grey", label="APS 2003 x K")
    a1.set_xlabel("simultaneous launches K")
    a1.set_ylabel("satellites")
    a1.legend(fontsize=8)
    bt = [r["assumptions"]["burn_time_s"] for r in runs["burn_time"]]
    a2.plot(bt, [r["satellites"] for r in runs["burn_time"]], "o-", label=PROVEN)
    a2.plot(bt, [r["analytic_satellites"] for r in runs["burn_time"]], "s--", label="analytic")
    a2.set_xlabel("boost time (s), delays fixed at 70 s")
    a2.set_ylabel("satellites")
    a2.invert_xaxis()
    a2.legend(fontsize=8)
    fig.suptitle("SBIs for a North Korean solid ICBM (preset aps2003)", fontsize=10)
    fig.tight_layout()
    fig.savefig(IMG / "space_sizing.png", dpi=120)
    plt.close(fig)


def main() -> None:
    """Write the figures (and the sizing numbers unless --skip-sizing)."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--skip-sizing", action="store_true")
    ap.add_argument("--sizing-only", action="store_true")
    args = ap.parse_args()
    IMG.mkdir(parents=True, exist_ok=True)
    if not args.sizing_only:
        density_figure()
        print("attrition", attrition_figure(), flush=True)
    if not args.skip_sizing:
        sizing_figure(sizing_runs(IMG / "space_sizing.json"))


if __name__ == "__main__":
    main()
