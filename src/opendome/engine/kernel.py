"""The Monte Carlo kernel: trials through every layer (numba).

The model (documented in ``docs/engine.md``): per trial, each layer works (common mode) with
probability ``p_reliable``; a layer that does not work still fires, but kills nothing. A layer
detects each target with ``p_detect``; a decoy is recognised (and left alone) with
``p_discriminate``. A boost layer engages missiles (a kill removes everything the missile
carries); later layers engage warheads and decoys. An engagement of s shots kills with
``1 - (1 - pk)^s``; shoot-look-shoot re-engages, up to the plan's engagements, the targets the
look reports alive: the look is right with probability ``p_kill_assessment`` (a missed kill is
engaged again, wasting shots; a survivor wrongly reported killed passes the layer).

A layer's stock is one pool, or several independent pools (e.g. the space interceptors in reach
of two launch areas far apart): in each trial the layer draws one launch-time index k, pool p
holds ``samples[p, k]``, and a target is served only from its salvo's pool. Within a pool the
plan's allocation rule (:mod:`opendome.battle.doctrine`) shares the stock: first come, first
served, or the battle manager (waves budgeted, even spread within a round).

A layer *ran short* in a trial when a pool's stock was gone while targets it wanted to engage
(or engage with the doctrine's full salvo) were left.

Random numbers come from :mod:`opendome.core.counter_rng`, addressed by (trial, layer, slot,
target): a boost layer's targets are missiles (index m), other layers' are objects (index o).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numba import njit
from numpy.typing import NDArray

from opendome.battle.doctrine import FIRST_COME, even_spread, first_come, wave_budget
from opendome.core.counter_rng import (
    MAX_ENGAGEMENTS,
    SLOT_ALLOCATION,
    SLOT_ASSESS,
    SLOT_DETECT,
    SLOT_DISCRIMINATE,
    SLOT_INVENTORY,
    SLOT_KILL,
    SLOT_RELIABILITY,
    trial_key,
    uniform,
)
from opendome.plan import CLASS_BOOSTER, CLASS_DECOY, CLASS_WARHEAD

POOL_SHIFT = 32
"""The manager's random start in pool p uses entity ``p << POOL_SHIFT | (16 w + r)``."""


class KernelArrays(NamedTuple):
    """A plan's arrays in the form the kernel takes: L layers, P pools, K samples, W waves.

    Built once per plan by :func:`opendome.engine.montecarlo.kernel_arrays`.
    """

    rule: int
    """Allocation rule code (:mod:`opendome.battle.doctrine`)."""
    layer_is_boost: NDArray[np.bool_]
    """(L,) the layer engages missiles in boost."""
    stock: NDArray[np.int64]
    """(L, P, K) interceptors of pool p at launch-time index k (fixed inventory: K = 1)."""
    sample_count: NDArray[np.int64]
    """(L,) K of the layer (draw k uniformly from 0..K-1 when K > 1)."""
    pool_count: NDArray[np.int64]
    """(L,) pools of the layer."""
    shots: NDArray[np.int64]
    """(L,) interceptors per engagement."""
    kill_table: NDArray[np.float64]
    """(L, 3, S+1) kill probability of s shots, by class (booster, warhead, decoy)."""
    p_detect: NDArray[np.float64]
    p_discriminate: NDArray[np.float64]
    p_reliable: NDArray[np.float64]
    p_assess: NDArray[np.float64]
    """(L,) probability the look reports a target's state correctly."""
    engagements_object: NDArray[np.int64]
    """(L, N) engagements allowed per object."""
    engagements_missile: NDArray[np.int64]
    """(L, M) engagements allowed per missile."""
    pool_object: NDArray[np.int64]
    """(L, N) pool serving each object."""
    pool_missile: NDArray[np.int64]
    """(L, M) pool serving each missile."""
    object_missile: NDArray[np.int64]
    object_is_decoy: NDArray[np.bool_]
    wave_object: NDArray[np.int64]
    wave_missile: NDArray[np.int64]
    warheads_on: NDArray[np.int64]
    """(M,) warheads each missile carries."""
    expected_wave: NDArray[np.float64]
    """(L, P, W) the manager's expectation of credible targets of pool p in wave w."""


@njit(cache=True, nogil=True, inline="always")
def _engage(a, tkey, layer, pool, wave, up, boost, queue, lo, hi, budget, alive, engage,
            allowed_of):  # fmt: skip
    """Engage the targets ``queue[lo:hi]`` with ``budget`` interceptors, round by round.

    Returns (interceptors spent, warheads killed, whether a target wanted more than it got).
    """
    n_shots = a.shots[layer]
    p_assess = a.p_assess[layer]
    first = a.rule == FIRST_COME
    spent = 0
    killed = 0
    unmet = False
    n = hi - lo  # targets to engage in this round: all of the queue in round 0
    for r in range(MAX_ENGAGEMENTS):
        if n == 0:
            break
        if budget == 0:
            unmet = True
            break
        u = 0.0
        if not first:
            u = uniform(tkey, layer, SLOT_ALLOCATION,
                        (pool << POOL_SHIFT) + wave * MAX_ENGAGEMENTS + r)
        round_budget = budget
        j = 0
        n_next = 0
        for i in range(lo, hi):
            t = queue[i]
            if not engage[t] or allowed_of[t] <= r:
                continue
            if first:
                if budget == 0:  # the rest of the round gets nothing: stop here
                    unmet = True
                    n_next = 0
                    break
                s = first_come(j, n, round_budget, n_shots, u)
            else:
                s = even_spread(j, n, round_budget, n_shots, u)
            j += 1
            if s < n_shots:
                unmet = True
            if s > 0:
                budget -= s
                spent += s
                if alive[t] and up:
                    if boost:
                        cls = CLASS_BOOSTER
                    elif a.object_is_decoy[t]:
                        cls = CLASS_DECOY
                    else:
                        cls = CLASS_WARHEAD
                    pk = a.kill_table[layer, cls, s]
                    if pk >= 1.0 or (pk > 0.0 and uniform(tkey, layer, SLOT_KILL + r, t) < pk):
                        alive[t] = False
                        if boost:
                            killed += a.warheads_on[t]
                        elif not a.object_is_decoy[t]:
                            killed += 1
                if allowed_of[t] > r + 1:  # the look before the next engagement
                    right = (p_assess >= 1.0
                             or uniform(tkey, layer, SLOT_ASSESS + r, t) < p_assess)
                    if right != alive[t]:  # reported killed
                        engage[t] = False
            if engage[t] and allowed_of[t] > r + 1:
                n_next += 1
        n = n_next
    return spent, killed, unmet


@njit(cache=True, nogil=True, inline="always")
def _trial(a, tkey, b, object_alive, missile_alive, engage, queue,
           leakers, used, warheads_killed, layer_up, inventory_available, ran_short):  # fmt: skip
    """Run one trial (key ``tkey``), writing row b of the outputs."""
    n_layers = a.layer_is_boost.size
    n_objects = a.object_missile.size
    n_missiles = a.engagements_missile.shape[1]
    n_waves = a.expected_wave.shape[2]
    object_alive[:] = True
    missile_alive[:] = True
    for layer in range(n_layers):
        # a draw that cannot change the outcome (probability 0 or 1) is skipped: u < 1 always
        p_reliable = a.p_reliable[layer]
        up = p_reliable >= 1.0 or uniform(tkey, layer, SLOT_RELIABILITY, 0) < p_reliable
        layer_up[b, layer] = up
        n_samples = a.sample_count[layer]
        k = 0
        if n_samples > 1:
            k = int(uniform(tkey, layer, SLOT_INVENTORY, 0) * n_samples)
        boost = a.layer_is_boost[layer]
        if boost:
            n_targets, alive = n_missiles, missile_alive
            allowed_of, wave_of = a.engagements_missile[layer], a.wave_missile
            pool_of = a.pool_missile[layer]
        else:
            n_targets, alive = n_objects, object_alive
            allowed_of, wave_of = a.engagements_object[layer], a.wave_object
            pool_of = a.pool_object[layer]
        n_pools = a.pool_count[layer]
        available = 0
        spent = 0
        killed = 0
        short = False
        for pool in range(n_pools):
            stock = a.stock[layer, pool, k]
            available += stock
            p_detect = a.p_detect[layer]
            p_discriminate = a.p_discriminate[layer]
            # The targets of this pool the layer sees, in allocation order.
            n_queue = 0
            for t in range(n_targets):
                if allowed_of[t] == 0 or not alive[t] or pool_of[t] != pool:
                    continue
                if p_detect < 1.0 and not uniform(tkey, layer, SLOT_DETECT, t) < p_detect:
                    continue
                if not boost and p_discriminate > 0.0 and a.object_is_decoy[t]:
                    if uniform(tkey, layer, SLOT_DISCRIMINATE, t) < p_discriminate:
                        continue
                queue[n_queue] = t
                engage[t] = True
                n_queue += 1
            if n_queue == 0:
                continue
            remaining = stock
            unmet = False
            if a.rule == FIRST_COME:
                s, w, unmet = _engage(a, tkey, layer, pool, 0, up, boost, queue, 0, n_queue,
                                      remaining, alive, engage, allowed_of)
                remaining -= s
                spent += s
                killed += w
            else:
                lo = 0
                for wave in range(n_waves):
                    hi = lo
                    while hi < n_queue and wave_of[queue[hi]] == wave:
                        hi += 1
                    seen = hi - lo
                    if seen == 0:
                        continue
                    if remaining == 0:
                        unmet = True
                        lo = hi
                        continue
                    later = 0.0
                    for v in range(wave + 1, n_waves):
                        later += a.expected_wave[layer, pool, v]
                    budget = wave_budget(remaining, seen, later)
                    s, w, u = _engage(a, tkey, layer, pool, wave, up, boost, queue, lo, hi,
                                      budget, alive, engage, allowed_of)
                    remaining -= s
                    spent += s
                    killed += w
                    unmet = unmet or u
                    lo = hi
            if unmet and remaining == 0:
                short = True
        if boost:
            for o in range(n_objects):
                if not missile_alive[a.object_missile[o]]:
                    object_alive[o] = False
        used[b, layer] = spent
        warheads_killed[b, layer] = killed
        inventory_available[b, layer] = available
        ran_short[b, layer] = short
    count = 0
    for o in range(n_objects):
        if object_alive[o] and not a.object_is_decoy[o]:
            count += 1
    leakers[b] = count


@njit(cache=True, nogil=True)
def run_trials(a, key, first_trial, leakers, used, warheads_killed, layer_up,
               inventory_available, ran_short):  # fmt: skip
    """Simulate trials first_trial ... first_trial + B - 1 of the run with random ``key``.

    ``a`` is the plan's :class:`KernelArrays`. Writes leakers (B,), used, warheads_killed,
    layer_up, inventory_available and ran_short (B, L) in place.
    """
    n_objects = a.object_missile.size
    n_missiles = a.engagements_missile.shape[1]
    n_targets = max(n_objects, n_missiles)
    object_alive = np.empty(n_objects, np.bool_)
    missile_alive = np.empty(n_missiles, np.bool_)
    engage = np.zeros(n_targets, np.bool_)
    queue = np.empty(n_targets, np.int64)
    for b in range(leakers.shape[0]):
        tkey = trial_key(key, first_trial + b)
        _trial(a, tkey, b, object_alive, missile_alive, engage, queue,
               leakers, used, warheads_killed, layer_up, inventory_available, ran_short)
