"""Engine speed: where the time goes, as ratios measured in one run.

Prints, per scenario, object-trials per second of
- the per-object Python loop (``opendome.engine.reference``, fed by ``random.Random``),
- the numba kernel on one thread,
- the kernel on every thread (``--threads``, default all cores),
and, as the floor, the rate of the random-number hash alone (``counter_rng.uniform``, one draw
per object-trial, on one and on every thread): the kernel cannot beat one hash per
object-trial. Ratios are to the loop, and to the hash. Usage::

    .venv/bin/python benchmarks/engine.py [--trials 200000] [--loop-trials 1000] [--threads N]
"""

from __future__ import annotations

import argparse
import random
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from numba import njit

from opendome.core.counter_rng import key_from_seed, trial_key, uniform
from opendome.engine import build_plan, simulate
from opendome.engine.montecarlo import default_threads
from opendome.engine.reference import simulate_trial
from opendome.scenario import builtin_scenario

SCENARIOS = ("golden-dome-limited", "decoy-saturation", "glide-vehicles")


def best_of(fn, repeats: int = 3) -> float:
    """Return the shortest wall time of ``repeats`` calls of ``fn``."""
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def engine_rate(plan, trials: int, threads: int) -> float:
    """Object-trials per second of ``simulate`` (best of three, after a warm-up)."""
    simulate(plan, 1000, seed=0, threads=threads)  # compile / load the kernel
    return trials * plan.n_objects / best_of(lambda: simulate(plan, trials, 1, threads=threads))


def loop_rate(plan, trials: int) -> float:
    """Object-trials per second of the per-object Python loop on the same model."""
    draw = random.Random(0).random

    def run() -> None:
        for b in range(trials):
            simulate_trial(plan, 0, b, draw)

    return trials * plan.n_objects / best_of(run)


@njit(cache=True, nogil=True)
def _hash_block(key, first_trial, trials, objects):  # fmt: skip
    """Sum of one uniform per (trial, object): the hash alone, addressed as the kernel does."""
    total = 0.0
    for b in range(trials):
        tkey = trial_key(key, first_trial + b)
        for o in range(objects):
            total += uniform(tkey, 1, 1, o)
    return total


def hash_rate(objects: int, trials: int, threads: int) -> float:
    """Uniforms per second of the hash alone on ``threads`` threads (best of three)."""
    key = np.uint64(key_from_seed(0))
    _hash_block(key, 0, 10, objects)
    per = -(-trials // threads)

    def run() -> None:
        if threads == 1:
            _hash_block(key, 0, trials, objects)
            return
        with ThreadPoolExecutor(threads) as pool:
            list(pool.map(lambda i: _hash_block(key, i * per, per, objects), range(threads)))

    return per * threads * objects / best_of(run)


def main() -> None:
    """Print the rates and their ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=200_000)
    parser.add_argument("--loop-trials", type=int, default=1_000)
    parser.add_argument("--threads", type=int, default=default_threads())
    args = parser.parse_args()
    n = args.threads
    print(f"threads: {n}; object-trials per second (ratios in brackets)")
    print(f"{'scenario':<22}{'objects':>8}{'python loop':>13}{'kernel 1 thread':>24}"
          f"{f'kernel {n} threads':>26}{'hash 1 thread':>16}{f'hash {n} threads':>18}"
          f"{'kernel/hash':>13}")
    for name in SCENARIOS:
        plan = build_plan(builtin_scenario(name))
        loop = loop_rate(plan, args.loop_trials)
        one = engine_rate(plan, args.trials, 1)
        many = engine_rate(plan, args.trials, n)
        hash1 = hash_rate(plan.n_objects, args.trials, 1)
        hashn = hash_rate(plan.n_objects, args.trials, n)
        print(f"{name:<22}{plan.n_objects:>8}{loop:>13,.0f}"
              f"{f'{one:,.0f} ({one / loop:.0f}x)':>24}"
              f"{f'{many:,.0f} ({many / one:.2f}x)':>26}"
              f"{hash1:>16,.0f}{hashn:>18,.0f}{f'{many / hashn:.2f}':>13}")


if __name__ == "__main__":
    main()
