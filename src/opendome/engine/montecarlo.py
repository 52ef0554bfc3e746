"""Run an engagement plan through the Monte Carlo kernel: seeding, chunks, results.

Reproducibility: the run's key comes from ``numpy.random.SeedSequence(seed)``; every random
number is addressed by (trial, layer, slot, target) (:mod:`opendome.core.counter_rng`). Trial i's
outcome therefore depends only on the plan, the seed and i — not on chunk size or on how trials
are spread over workers. Chunks only set how often progress is reported.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from opendome.core.counter_rng import MAX_SLOTS, SLOT_KILL, key_from_seed
from opendome.engine.kernel import ALLOCATION_CODES, run_trials
from opendome.plan import EngagementPlan

DEFAULT_CHUNK_TRIALS = 1 << 16


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
    """(T, L) interceptors each layer had in the trial (fixed, or drawn from its samples)."""
    seed: int

    @property
    def trials(self) -> int:
        """Number of trials T."""
        return int(self.leakers.size)


def kill_table(plan: EngagementPlan) -> NDArray[np.float64]:
    """Return ``(L, 3, S+1)`` kill probability of an engagement of s shots, by layer and class."""
    s = np.arange(int(plan.shots.max(initial=1)) + 1)
    return 1.0 - (1.0 - plan.pk[:, :, None]) ** s[None, None, :]


def kernel_arrays(plan: EngagementPlan) -> dict[str, NDArray[Any]]:
    """Return the plan's arrays in the form and order the kernel takes (contiguous dtypes)."""
    most = int(plan.engagements.max(initial=0))
    if plan.n_layers > 256 or SLOT_KILL + most > MAX_SLOTS or most > 16:
        raise ValueError("the engine allows 256 layers and 16 engagements of one object")
    samples = plan.inventory_samples or tuple(np.zeros(0, np.int64) for _ in plan.layer_names)
    counts = np.array([s.size for s in samples], dtype=np.int64)
    padded = np.zeros((plan.n_layers, max(1, int(counts.max(initial=0)))), dtype=np.int64)
    for layer, s in enumerate(samples):
        padded[layer, : s.size] = s
    return {
        "layer_is_boost": np.ascontiguousarray(plan.layer_is_boost, dtype=np.bool_),
        "inventory": np.ascontiguousarray(plan.inventory, dtype=np.int64),
        "inventory_samples": padded,
        "inventory_sample_count": counts,
        "shots": np.ascontiguousarray(plan.shots, dtype=np.int64),
        "kill_table": np.ascontiguousarray(kill_table(plan)),
        "p_detect": np.ascontiguousarray(plan.p_detect, dtype=np.float64),
        "p_discriminate": np.ascontiguousarray(plan.p_discriminate, dtype=np.float64),
        "p_reliable": np.ascontiguousarray(plan.p_reliable, dtype=np.float64),
        "engagements_object": np.ascontiguousarray(plan.engagements[:, plan.object_salvo]),
        "engagements_missile": np.ascontiguousarray(plan.engagements[:, plan.missile_salvo]),
        "object_missile": np.ascontiguousarray(plan.object_missile, dtype=np.int64),
        "object_is_decoy": np.ascontiguousarray(plan.object_is_decoy, dtype=np.bool_),
        "wave_object": np.ascontiguousarray(plan.waves[plan.object_salvo], dtype=np.int64),
        "wave_missile": np.ascontiguousarray(plan.waves[plan.missile_salvo], dtype=np.int64),
        "expected_wave": expected_targets_by_wave(plan),
    }


def expected_targets_by_wave(plan: EngagementPlan) -> NDArray[np.float64]:
    """Return ``(L, W)`` targets each layer expects to see per wave (the manager's forecast).

    A boost layer expects the wave's missiles it can engage times its detection probability;
    a later layer the objects it can engage times detection, decoys times (1 - discrimination).
    Survival of earlier layers is not counted (the manager plans for the worst case).
    """
    n_waves = int(plan.waves.max(initial=0)) + 1
    out = np.zeros((plan.n_layers, n_waves))
    for layer in range(plan.n_layers):
        if plan.layer_is_boost[layer]:
            weight = (plan.engagements[layer, plan.missile_salvo] > 0) * plan.p_detect[layer]
            np.add.at(out[layer], plan.waves[plan.missile_salvo], weight)
        else:
            credible = np.where(plan.object_is_decoy, 1.0 - plan.p_discriminate[layer], 1.0)
            weight = (plan.engagements[layer, plan.object_salvo] > 0) * plan.p_detect[layer]
            np.add.at(out[layer], plan.waves[plan.object_salvo], weight * credible)
    return out


def simulate(
    plan: EngagementPlan,
    trials: int,
    seed: int = 0,
    *,
    first_trial: int = 0,
    chunk_trials: int = DEFAULT_CHUNK_TRIALS,
    progress: Callable[[int], None] | None = None,
) -> TrialResults:
    """Run trials ``first_trial ... first_trial + trials - 1`` of the plan with ``seed``.

    ``progress(n)`` is told of every n trials done. Raises ValueError for bad counts.
    """
    if trials < 1:
        raise ValueError(f"trials must be >= 1, got {trials}")
    if chunk_trials < 1 or first_trial < 0:
        raise ValueError(f"need chunk_trials >= 1 and first_trial >= 0, got {chunk_trials}, "
                         f"{first_trial}")
    missing = [plan.layer_names[i] for i in plan.constellation_layers
               if not (plan.inventory_samples and plan.inventory_samples[i].size)]
    if missing:
        raise ValueError(f"layers {missing} take their inventory from a constellation: build the "
                         "plan with opendome.engine.prepare_plan(scenario), not compile_plan")
    if plan.allocation not in ALLOCATION_CODES:
        raise ValueError(f"allocation must be one of {sorted(ALLOCATION_CODES)}, "
                         f"got {plan.allocation!r}")
    code = ALLOCATION_CODES[plan.allocation]
    key = key_from_seed(seed)
    arrays = list(kernel_arrays(plan).values())
    n_layers = plan.n_layers
    leakers = np.zeros(trials, np.int32)
    used = np.zeros((trials, n_layers), np.int32)
    killed = np.zeros((trials, n_layers), np.int32)
    up = np.zeros((trials, n_layers), np.bool_)
    available = np.zeros((trials, n_layers), np.int32)
    kernel: Any = run_trials  # numba dispatcher; arguments in the kernel's order
    for lo in range(0, trials, chunk_trials):
        hi = min(lo + chunk_trials, trials)
        outputs = (leakers[lo:hi], used[lo:hi], killed[lo:hi], up[lo:hi], available[lo:hi])
        kernel(np.uint64(key), first_trial + lo, code, *arrays, *outputs)
        if progress is not None:
            progress(hi - lo)
    return TrialResults(leakers, used, killed, up, available, seed)
