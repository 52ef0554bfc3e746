"""Run an engagement plan through the Monte Carlo kernel: seeding, blocks, chunks, results.

Reproducibility: trials are grouped in fixed **blocks** whose size depends only on the plan;
block k draws its random numbers from the k-th child of ``SeedSequence(seed)``. How many blocks
go to the kernel at once (the chunk) changes memory use and progress reporting, never results:
trial i's outcome depends only on the plan, the seed and i.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from opendome.engine.kernel import run_block
from opendome.plan import EngagementPlan

RANDOM_FLOATS_PER_BLOCK = 1 << 22
"""Target number of uniforms drawn per block (16 MiB of float32), which sets the block size."""
MAX_BLOCK_TRIALS = 4096


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
    seed: int

    @property
    def trials(self) -> int:
        """Number of trials T."""
        return int(self.leakers.size)


@dataclass(frozen=True)
class RandomLayout:
    """Shapes of the uniforms one trial needs: L layers, R rounds, N entities (objects)."""

    layers: int
    rounds: int
    entities: int

    @property
    def floats_per_trial(self) -> int:
        """Uniforms drawn per trial."""
        return self.layers * (1 + self.entities * (2 + self.rounds))


def random_layout(plan: EngagementPlan) -> RandomLayout:
    """Return the random-number layout for a plan."""
    rounds = max(1, int(plan.engagements.max(initial=0)))
    return RandomLayout(plan.n_layers, rounds, max(plan.n_objects, plan.n_missiles))


def block_trials(plan: EngagementPlan) -> int:
    """Return the number of trials per random-number block (a function of the plan only)."""
    per_trial = random_layout(plan).floats_per_trial
    trials = max(1, RANDOM_FLOATS_PER_BLOCK // per_trial)
    return int(min(MAX_BLOCK_TRIALS, 1 << (trials.bit_length() - 1)))


def draw_block(
    rng: np.random.Generator, layout: RandomLayout, trials: int
) -> tuple[NDArray[np.float32], ...]:
    """Draw one block's uniforms in the documented order and layout (float32)."""
    lay, n, r = layout.layers, layout.entities, layout.rounds
    u_reliable = rng.random((trials, lay), dtype=np.float32)
    u_detect = rng.random((trials, lay, n), dtype=np.float32)
    u_discriminate = rng.random((trials, lay, n), dtype=np.float32)
    u_kill = rng.random((trials, lay, r, n), dtype=np.float32)
    return u_reliable, u_detect, u_discriminate, u_kill


def kill_table(plan: EngagementPlan) -> NDArray[np.float64]:
    """Return ``(L, 3, S+1)`` kill probability of an engagement of s shots, by layer and class."""
    s = np.arange(int(plan.shots.max(initial=1)) + 1)
    return 1.0 - (1.0 - plan.pk[:, :, None]) ** s[None, None, :]


def kernel_arrays(plan: EngagementPlan) -> dict[str, NDArray[np.generic]]:
    """Return the plan's arrays in the form the kernel takes (contiguous, fixed dtypes)."""
    return {
        "layer_is_boost": np.ascontiguousarray(plan.layer_is_boost, dtype=np.bool_),
        "inventory": np.ascontiguousarray(plan.inventory, dtype=np.int64),
        "shots": np.ascontiguousarray(plan.shots, dtype=np.int64),
        "kill_table": np.ascontiguousarray(kill_table(plan)),
        "p_detect": plan.p_detect,
        "p_discriminate": plan.p_discriminate,
        "p_reliable": plan.p_reliable,
        "engagements_object": np.ascontiguousarray(plan.engagements[:, plan.object_salvo]),
        "engagements_missile": np.ascontiguousarray(plan.engagements[:, plan.missile_salvo]),
        "object_missile": plan.object_missile,
        "object_is_decoy": plan.object_is_decoy,
    }


def simulate(
    plan: EngagementPlan,
    trials: int,
    seed: int = 0,
    *,
    chunk_blocks: int = 4,
    progress: Callable[[int], None] | None = None,
) -> TrialResults:
    """Run ``trials`` Monte Carlo trials of the plan; ``progress(n)`` is told of n more trials.

    Raises ValueError for a non-positive trial count or chunk size.
    """
    if trials < 1:
        raise ValueError(f"trials must be >= 1, got {trials}")
    if chunk_blocks < 1:
        raise ValueError(f"chunk_blocks must be >= 1, got {chunk_blocks}")
    layout = random_layout(plan)
    per_block = block_trials(plan)
    n_blocks = -(-trials // per_block)
    children = np.random.SeedSequence(seed).spawn(n_blocks)
    arrays = kernel_arrays(plan)
    n_layers = plan.n_layers
    padded = n_blocks * per_block
    leakers = np.zeros(padded, np.int32)
    used = np.zeros((padded, n_layers), np.int32)
    killed = np.zeros((padded, n_layers), np.int32)
    up = np.zeros((padded, n_layers), np.bool_)
    for first in range(0, n_blocks, chunk_blocks):
        blocks = range(first, min(first + chunk_blocks, n_blocks))
        draws = [draw_block(np.random.default_rng(children[k]), layout, per_block) for k in blocks]
        u = [np.concatenate(parts) for parts in zip(*draws, strict=True)]
        lo, hi = first * per_block, (blocks[-1] + 1) * per_block
        outputs = (leakers[lo:hi], used[lo:hi], killed[lo:hi], up[lo:hi])
        kernel: Any = run_block  # numba dispatcher; arguments in the kernel's order
        kernel(*u, *arrays.values(), *outputs)
        if progress is not None:
            progress(min(hi, trials) - min(lo, trials))
    return TrialResults(leakers[:trials], used[:trials], killed[:trials], up[:trials], seed)
