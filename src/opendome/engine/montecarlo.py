"""Run an engagement plan through the Monte Carlo kernel: seeding, chunks, results.

Reproducibility: the run's key comes from ``numpy.random.SeedSequence(seed)``; every random
number is addressed by (trial, layer, slot, target) (:mod:`opendome.core.counter_rng`). Trial i's
outcome therefore depends only on the plan, the seed and i — not on block size, nor on how
trials are spread over threads or workers. Blocks set how often progress is reported and how
work is shared among threads.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from opendome.battle.doctrine import rule
from opendome.core.counter_rng import MAX_ENGAGEMENTS, MAX_LAYERS, key_from_seed
from opendome.engine.kernel import KernelArrays, run_trials
from opendome.plan import EngagementPlan

DEFAULT_CHUNK_TRIALS = 1 << 16
MIN_BLOCK_TRIALS = 256
"""Smallest block of trials handed to a thread (a kernel call costs a few microseconds)."""


@dataclass(frozen=True)
class TrialResults:
    """Per-trial outcomes: T trials, L layers."""

    leakers: NDArray[np.int32]
    """(T,) warheads that leaked through every layer."""
    interceptors_used: NDArray[np.int32]
    """(T, L) interceptors fired by each layer."""
    warheads_killed: NDArray[np.int32]
    """(T, L) warheads destroyed by each layer (boost: those on the missiles it killed)."""
    layer_up: NDArray[np.bool_]
    """(T, L) whether each layer worked (common mode) in the trial."""
    inventory_available: NDArray[np.int32]
    """(T, L) interceptors each layer had in the trial (fixed, or drawn from its samples; the
    sum over its pools)."""
    seed: int
    ran_short: NDArray[np.bool_]
    """(T, L) whether the layer ran short: a pool's stock was gone while targets it wanted to
    engage (or engage with a full salvo) were left."""

    @property
    def trials(self) -> int:
        """Number of trials T."""
        return int(self.leakers.size)


def kill_table(plan: EngagementPlan) -> NDArray[np.float64]:
    """Return ``(L, 3, S+1)`` kill probability of an engagement of s shots, by layer and class."""
    s = np.arange(int(plan.shots.max(initial=1)) + 1)
    return 1.0 - (1.0 - plan.pk[:, :, None]) ** s[None, None, :]


def layer_pools(plan: EngagementPlan) -> tuple[NDArray[np.int64], ...]:
    """Return per layer its stock as ``(P, K)``: pool p holds ``[p, k]`` at launch-time index k.

    A fixed inventory is one pool of one sample; ``(K,)`` samples are one pool.
    """
    out = []
    for layer in range(plan.n_layers):
        samples = plan.inventory_samples[layer] if plan.inventory_samples else None
        if samples is None or samples.size == 0:
            out.append(np.array([[int(plan.inventory[layer])]], dtype=np.int64))
        else:
            out.append(np.asarray(samples, dtype=np.int64).reshape(-1, samples.shape[-1]))
    return tuple(out)


def salvo_pools(plan: EngagementPlan) -> NDArray[np.int64]:
    """Return ``(L, S)`` the pool of each salvo in each layer (all 0 without ``salvo_pool``)."""
    if plan.salvo_pool is None:
        return np.zeros((plan.n_layers, len(plan.salvo_names)), dtype=np.int64)
    return np.asarray(plan.salvo_pool, dtype=np.int64)


def kill_assessment(plan: EngagementPlan) -> NDArray[np.float64]:
    """Return ``(L,)`` the probability of a right kill assessment (1.0 when the plan has none)."""
    if plan.p_kill_assessment is None:
        return np.ones(plan.n_layers)
    return np.asarray(plan.p_kill_assessment, dtype=np.float64)


def check_plan(plan: EngagementPlan) -> None:
    """Raise ValueError if the engine cannot run the plan (limits, pools, allocation rule)."""
    most = int(plan.engagements.max(initial=0))
    if plan.n_layers > MAX_LAYERS or most > MAX_ENGAGEMENTS:
        raise ValueError(f"the engine allows {MAX_LAYERS} layers and {MAX_ENGAGEMENTS} "
                         f"engagements of one object; the plan has {plan.n_layers} and {most}")
    missing = [plan.layer_names[i] for i in plan.constellation_layers
               if not (plan.inventory_samples and plan.inventory_samples[i].size)]
    if missing:
        raise ValueError(f"layers {missing} take their inventory from a constellation: build the "
                         "plan with opendome.engine.prepare_plan(scenario), not compile_plan")
    rule(plan.allocation)
    pools = salvo_pools(plan)
    if pools.shape != (plan.n_layers, len(plan.salvo_names)):
        raise ValueError(f"salvo_pool must have shape (layers, salvos) = "
                         f"{(plan.n_layers, len(plan.salvo_names))}, got {pools.shape}")
    for layer, stock in enumerate(layer_pools(plan)):
        if plan.inventory_samples and plan.inventory_samples[layer].ndim > 2:
            raise ValueError(f"layer '{plan.layer_names[layer]}': inventory_samples must be "
                             "(K,) or (pools, K)")
        bad = (pools[layer] < 0) | (pools[layer] >= stock.shape[0])
        if bad.any():
            raise ValueError(f"layer '{plan.layer_names[layer]}': salvo_pool names pool "
                             f"{int(pools[layer][bad][0])}, but the layer has {stock.shape[0]}")
        if (stock < 0).any():
            raise ValueError(f"layer '{plan.layer_names[layer]}': negative inventory")
    p_ka = kill_assessment(plan)
    if p_ka.shape != (plan.n_layers,) or not ((p_ka >= 0) & (p_ka <= 1)).all():
        raise ValueError("p_kill_assessment must be (layers,) probabilities in 0..1")


def kernel_arrays(plan: EngagementPlan) -> KernelArrays:
    """Return the plan's arrays in the form the kernel takes (contiguous, typed): one structure.

    Raises ValueError if the engine cannot run the plan (:func:`check_plan`).
    """
    check_plan(plan)
    stocks = layer_pools(plan)
    n_pools = max(s.shape[0] for s in stocks)
    n_samples = max(s.shape[1] for s in stocks)
    stock = np.zeros((plan.n_layers, n_pools, n_samples), dtype=np.int64)
    for layer, s in enumerate(stocks):
        stock[layer, : s.shape[0], : s.shape[1]] = s
    pools = salvo_pools(plan)
    warheads_on = np.bincount(plan.object_missile[~plan.object_is_decoy],
                              minlength=plan.n_missiles).astype(np.int64)

    def c(x: NDArray[Any], dtype: Any) -> NDArray[Any]:
        return np.ascontiguousarray(x, dtype=dtype)

    return KernelArrays(
        rule=rule(plan.allocation).code,
        layer_is_boost=c(plan.layer_is_boost, np.bool_),
        stock=stock,
        sample_count=np.array([s.shape[1] for s in stocks], dtype=np.int64),
        pool_count=np.array([s.shape[0] for s in stocks], dtype=np.int64),
        shots=c(plan.shots, np.int64),
        kill_table=c(kill_table(plan), np.float64),
        p_detect=c(plan.p_detect, np.float64),
        p_discriminate=c(plan.p_discriminate, np.float64),
        p_reliable=c(plan.p_reliable, np.float64),
        p_assess=c(kill_assessment(plan), np.float64),
        engagements_object=c(plan.engagements[:, plan.object_salvo], np.int64),
        engagements_missile=c(plan.engagements[:, plan.missile_salvo], np.int64),
        pool_object=c(pools[:, plan.object_salvo], np.int64),
        pool_missile=c(pools[:, plan.missile_salvo], np.int64),
        object_missile=c(plan.object_missile, np.int64),
        object_is_decoy=c(plan.object_is_decoy, np.bool_),
        wave_object=c(plan.waves[plan.object_salvo], np.int64),
        wave_missile=c(plan.waves[plan.missile_salvo], np.int64),
        warheads_on=warheads_on,
        expected_wave=expected_targets_by_wave(plan),
    )


def expected_targets_by_wave(plan: EngagementPlan) -> NDArray[np.float64]:
    """Return ``(L, P, W)`` targets each layer expects per pool and wave (the manager's forecast).

    A boost layer expects the wave's missiles it can engage times its detection probability;
    a later layer the objects it can engage times detection, decoys times (1 - discrimination).
    Survival of earlier layers is not counted (the manager plans for the worst case).
    """
    n_waves = int(plan.waves.max(initial=0)) + 1
    n_pools = max(s.shape[0] for s in layer_pools(plan))
    pools = salvo_pools(plan)
    out = np.zeros((plan.n_layers, n_pools, n_waves))
    for layer in range(plan.n_layers):
        if plan.layer_is_boost[layer]:
            salvo = plan.missile_salvo
            weight = (plan.engagements[layer, salvo] > 0) * plan.p_detect[layer]
        else:
            salvo = plan.object_salvo
            credible = np.where(plan.object_is_decoy, 1.0 - plan.p_discriminate[layer], 1.0)
            weight = (plan.engagements[layer, salvo] > 0) * plan.p_detect[layer] * credible
        np.add.at(out[layer], (pools[layer, salvo], plan.waves[salvo]), weight)
    return out


def default_threads() -> int:
    """Return the number of cores this process may use (all of them, by default)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def simulate(
    plan: EngagementPlan,
    trials: int,
    seed: int = 0,
    *,
    first_trial: int = 0,
    chunk_trials: int = DEFAULT_CHUNK_TRIALS,
    progress: Callable[[int], None] | None = None,
    threads: int | None = None,
) -> TrialResults:
    """Run trials ``first_trial ... first_trial + trials - 1`` of the plan with ``seed``.

    Trials run in blocks of at most ``chunk_trials`` on ``threads`` threads (None: every core
    of the machine, :func:`default_threads`); the kernel releases the GIL. Each trial's random
    numbers are addressed by its index, so the result is the same, bit for bit, for any
    thread count and block size. ``progress(n)`` is told of every n trials done. Raises
    ValueError for bad counts or a plan the engine cannot run.
    """
    if trials < 1:
        raise ValueError(f"trials must be >= 1, got {trials}")
    if chunk_trials < 1 or first_trial < 0:
        raise ValueError(f"need chunk_trials >= 1 and first_trial >= 0, got {chunk_trials}, "
                         f"{first_trial}")
    n_threads = default_threads() if threads is None else threads
    if n_threads < 1:
        raise ValueError(f"threads must be >= 1, got {threads}")
    arrays = kernel_arrays(plan)
    key = np.uint64(key_from_seed(seed))
    n_layers = plan.n_layers
    leakers = np.zeros(trials, np.int32)
    used = np.zeros((trials, n_layers), np.int32)
    killed = np.zeros((trials, n_layers), np.int32)
    up = np.zeros((trials, n_layers), np.bool_)
    available = np.zeros((trials, n_layers), np.int32)
    short = np.zeros((trials, n_layers), np.bool_)
    # a few blocks per thread, so that threads finishing early find work
    block = min(chunk_trials, max(MIN_BLOCK_TRIALS, -(-trials // (4 * n_threads))))
    spans = [(lo, min(lo + block, trials)) for lo in range(0, trials, block)]

    def work(lo: int, hi: int) -> int:
        run_trials(arrays, key, first_trial + lo, leakers[lo:hi], used[lo:hi], killed[lo:hi],
                   up[lo:hi], available[lo:hi], short[lo:hi])
        return hi - lo

    if n_threads == 1 or len(spans) == 1:
        for lo, hi in spans:
            done = work(lo, hi)
            if progress is not None:
                progress(done)
    else:
        work(*spans[0])  # compiles or loads the kernel once, before the threads start
        if progress is not None:
            progress(spans[0][1] - spans[0][0])
        with ThreadPoolExecutor(max_workers=min(n_threads, len(spans) - 1)) as pool:
            for future in as_completed([pool.submit(work, lo, hi) for lo, hi in spans[1:]]):
                done = future.result()
                if progress is not None:
                    progress(done)
    return TrialResults(leakers, used, killed, up, available, seed, short)
