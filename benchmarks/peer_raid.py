"""Peer raid at scale: trials per second and peak memory at 10^4, 10^5 and 10^6 trials.

Each size runs in a fresh subprocess (so its peak resident memory, ``ru_maxrss``, is its own):
the plan is prepared, the kernel loaded, then ``opendome.api.run(plan, N, out=DIR)`` streams
the trials in blocks, accumulating the summary and writing ``trials.parquet`` block by block.
Printed per size: plan time, run time, trials/s, peak RSS before the run (imports, plan,
kernel) and at the end, and the ratios to the smallest size, measured in the same run. CPU
seconds beside wall seconds tell how much of the machine the run had (a shared machine).
Memory that does not grow with trials shows as an RSS ratio near 1. Usage::

    .venv/bin/python benchmarks/peer_raid.py [--sizes 10000 100000 1000000] [--scenario peer-raid]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def peak_rss_mib() -> float:
    """Return this process's peak resident set size so far, MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(scenario: str, trials: int, out: Path) -> None:
    """Run ``opendome run SCENARIO --trials N --out DIR`` in-process; print figures as JSON."""
    from opendome.api import build_plan, builtin_scenario
    from opendome.cli import app

    t0, c0 = time.perf_counter(), time.process_time()
    plan = build_plan(builtin_scenario(scenario))  # timed alone: the plan stage
    plan_s, plan_cpu_s = time.perf_counter() - t0, time.process_time() - c0
    args = ["run", scenario, "--trials", str(trials), "--seed", "0", "--out", str(out),
            "--json", "--yes"]
    t0, c0 = time.perf_counter(), time.process_time()
    with contextlib.redirect_stdout(io.StringIO()) as printed:
        app(args, standalone_mode=False)
    command_s, cpu_s = time.perf_counter() - t0, time.process_time() - c0
    s = json.loads(printed.getvalue())
    print(json.dumps({
        "trials": trials, "objects": plan.n_objects, "plan_s": plan_s, "command_s": command_s,
        "run_s": command_s - plan_s, "cpu_s": cpu_s - plan_cpu_s, "rss_peak_mib": peak_rss_mib(),
        "parquet_mib": (out / "trials.parquet").stat().st_size / 2**20,
        "p_no_leak": s["p_no_leak"], "expected_leakers": s["expected_leakers"],
    }))


def main() -> None:
    """Run each size in a subprocess and print the table with ratios to the smallest size."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--scenario", default="peer-raid")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        child(args.scenario, args.child, args.out)
        return
    rows = []
    for n in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            proc = subprocess.run([sys.executable, __file__, "--scenario", args.scenario,
                                   "--child", str(n), "--out", tmp],
                                  check=True, capture_output=True, text=True)
        rows.append(json.loads(proc.stdout.strip().splitlines()[-1]))
    base = rows[0]
    print(f"{args.scenario}: {base['objects']:,} objects, plan stage {base['plan_s']:.1f} s "
          f"(first size)")
    print(f"{'trials':>10}{'run s':>9}{'CPU s':>9}{'trials/s':>10}{'obj-trials/s':>14}"
          f"{'RSS peak':>11}{'peak/first':>11}{'parquet':>10}{'plan/run':>10}")
    for r in rows:
        rate = r["trials"] / r["run_s"]
        print(f"{r['trials']:>10,}{r['run_s']:>9.1f}{r['cpu_s']:>9.1f}{rate:>10,.0f}"
              f"{rate * r['objects']:>14.3g}{r['rss_peak_mib']:>7.0f} MiB"
              f"{r['rss_peak_mib'] / base['rss_peak_mib']:>11.2f}{r['parquet_mib']:>6.1f} MiB"
              f"{r['plan_s'] / r['run_s']:>10.2f}")
    print(f"P(no leak) {rows[-1]['p_no_leak']:.4f}, expected leakers "
          f"{rows[-1]['expected_leakers']:.2f} at {rows[-1]['trials']:,} trials")


if __name__ == "__main__":
    main()
