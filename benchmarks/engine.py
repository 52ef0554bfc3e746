"""Engine speed: object-trials per second of the numba kernel vs a plain per-object Python loop.

Both run the same model (see ``opendome.engine.reference``) on one core in this process, the
random numbers included; the ratio is measured in the same run. Usage::

    .venv/bin/python benchmarks/engine.py [--trials 400000] [--loop-trials 2000]
"""

from __future__ import annotations

import argparse
import random
import time
from dataclasses import replace

from opendome.engine import prepare_plan, simulate
from opendome.engine.reference import simulate_trial
from opendome.scenario import builtin_scenario


def time_engine(plan, trials: int) -> float:
    """Return object-trials per second of ``simulate`` (best of three, after a warm-up)."""
    simulate(plan, 1000, seed=0)  # compile / load the kernel
    best = float("inf")
    for rep in range(3):
        t0 = time.perf_counter()
        simulate(plan, trials, seed=rep)
        best = min(best, time.perf_counter() - t0)
    return trials * plan.n_objects / best


def time_loop(plan, trials: int) -> float:
    """Return object-trials per second of the per-object Python loop on the same model.

    Its random numbers come from ``random.Random`` (the fastest stream plain Python has), not
    from the engine's addressed generator, so that the baseline is not slowed by hashing.
    Best of three runs, like the engine.
    """
    draw = random.Random(0).random
    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        for b in range(trials):
            simulate_trial(plan, 0, b, draw)
        best = min(best, time.perf_counter() - t0)
    return trials * plan.n_objects / best


def main() -> None:
    """Print the engine's rate (battle manager, and fixed rule), the loop's, and the ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=400_000)
    parser.add_argument("--loop-trials", type=int, default=2_000)
    args = parser.parse_args()
    print(f"{'scenario':<22}{'objects':>8}{'engine obj-trials/s':>22}{'fixed rule':>14}"
          f"{'loop obj-trials/s':>20}{'ratio':>9}")
    for name in ("golden-dome-limited", "decoy-saturation", "glide-vehicles"):
        plan = prepare_plan(builtin_scenario(name))
        fast = time_engine(plan, args.trials)
        fixed = time_engine(replace(plan, allocation="fixed"), args.trials)
        slow = time_loop(plan, args.loop_trials)
        print(f"{name:<22}{plan.n_objects:>8}{fast:>22,.0f}{fixed:>14,.0f}{slow:>20,.0f}"
              f"{fast / slow:>9.0f}")


if __name__ == "__main__":
    main()
