"""The Monte Carlo kernel: trials through every layer (numba).

The model (documented in ``docs/engine.md``): per trial, each layer works (common mode) with
probability ``p_reliable``; a layer that does not work still fires, but kills nothing. A layer
detects each target with ``p_detect``; a decoy is recognised (and left alone) with
``p_discriminate``. A boost layer engages missiles (a kill removes everything the missile
carries); later layers engage warheads and decoys. An engagement of s shots kills with
``1 - (1 - pk)^s``; shoot-look-shoot re-engages survivors (perfect kill assessment) up to the
plan's engagements. The layer's inventory (fixed, or drawn per trial from samples) is shared
across the raid by one of two rules:

- ``ALLOCATION_FIXED``, first come, first served: engagement rounds in order; within a round,
  targets in allocation order get the doctrine's shots until the inventory runs out (a last,
  short salvo fires what is left).
- ``ALLOCATION_MANAGER``, the battle manager: waves (salvos launched together) in time order.
  Each wave gets a budget: the remaining inventory times the wave's targets over (its targets
  + the expected credible targets of later waves), at least one shot per target while stock
  lasts. Within a wave, each round spreads the budget evenly over the targets still alive,
  up to the doctrine's shots each, the odd shots going to targets from a random starting point.
  For identical interceptors against targets that look alike, the even spread is the
  marginal-return optimum (den Broeder, Ellison & Emerling, Operations Research 7, 1959).

Random numbers come from :mod:`opendome.core.counter_rng`, addressed by (trial, layer, slot,
target): a boost layer's targets are missiles (index m), other layers' are objects (index o).
"""

from __future__ import annotations

import numpy as np
from numba import njit

from opendome.core.counter_rng import (
    SLOT_ALLOCATION,
    SLOT_DETECT,
    SLOT_DISCRIMINATE,
    SLOT_INVENTORY,
    SLOT_KILL,
    SLOT_RELIABILITY,
    trial_key,
    uniform,
)
from opendome.plan import CLASS_BOOSTER, CLASS_DECOY, CLASS_WARHEAD

ALLOCATION_FIXED = 0
ALLOCATION_MANAGER = 1
ALLOCATION_CODES = {"fixed": ALLOCATION_FIXED, "manager": ALLOCATION_MANAGER}


@njit(cache=True, nogil=True, inline="always")
def _fire(tkey, layer, r, t, s, boost, up, kill_table, object_is_decoy, alive, warheads_on):
    """Fire s shots at target t in round r; return warheads killed, or -1 if it survives."""
    if boost:
        cls = CLASS_BOOSTER
    elif object_is_decoy[t]:
        cls = CLASS_DECOY
    else:
        cls = CLASS_WARHEAD
    if up and uniform(tkey, layer, SLOT_KILL + r, t) < kill_table[layer, cls, s]:
        alive[t] = False
        if boost:
            return warheads_on[t]
        return 0 if object_is_decoy[t] else 1
    return -1


@njit(cache=True, nogil=True)
def run_trials(
    key, first_trial, allocation,
    layer_is_boost, inventory, inventory_samples, inventory_sample_count, shots, kill_table,
    p_detect, p_discriminate, p_reliable, engagements_object, engagements_missile,
    object_missile, object_is_decoy, wave_object, wave_missile, expected_wave,
    leakers, used, warheads_killed, layer_up, inventory_available,
):  # fmt: skip
    """Simulate trials first_trial ... first_trial + B - 1 of the run with random ``key``.

    Writes leakers (B,), used, warheads_killed, layer_up and inventory_available (B, L) in place.
    A layer with ``inventory_sample_count[l] = K > 0`` draws its inventory in each trial from
    ``inventory_samples[l, :K]`` (equally likely); otherwise it has ``inventory[l]``.
    ``expected_wave[l, w]`` is the manager's expectation of credible targets in wave w.
    """
    n_trials = leakers.shape[0]
    n_layers = layer_is_boost.size
    n_objects = object_missile.size
    n_missiles = engagements_missile.shape[1]
    n_waves = expected_wave.shape[1]
    object_alive = np.empty(n_objects, np.bool_)
    missile_alive = np.empty(n_missiles, np.bool_)
    queue = np.empty(max(n_objects, n_missiles), np.int64)
    warheads_on = np.zeros(n_missiles, np.int64)
    for o in range(n_objects):
        if not object_is_decoy[o]:
            warheads_on[object_missile[o]] += 1

    for b in range(n_trials):
        tkey = trial_key(key, first_trial + b)
        object_alive[:] = True
        missile_alive[:] = True
        for layer in range(n_layers):
            up = uniform(tkey, layer, SLOT_RELIABILITY, 0) < p_reliable[layer]
            layer_up[b, layer] = up
            n_samples = inventory_sample_count[layer]
            if n_samples > 0:
                k = int(uniform(tkey, layer, SLOT_INVENTORY, 0) * n_samples)
                remaining = inventory_samples[layer, k]
            else:
                remaining = inventory[layer]
            inventory_available[b, layer] = remaining
            n_shots = shots[layer]
            boost = layer_is_boost[layer]
            if boost:
                n_targets, alive = n_missiles, missile_alive
                allowed_of, wave_of = engagements_missile[layer], wave_missile
            else:
                n_targets, alive = n_objects, object_alive
                allowed_of, wave_of = engagements_object[layer], wave_object
            # The targets this layer sees, in allocation order.
            n_queue = 0
            for t in range(n_targets):
                if not alive[t] or allowed_of[t] == 0:
                    continue
                if not uniform(tkey, layer, SLOT_DETECT, t) < p_detect[layer]:
                    continue
                if not boost and object_is_decoy[t]:
                    if uniform(tkey, layer, SLOT_DISCRIMINATE, t) < p_discriminate[layer]:
                        continue
                queue[n_queue] = t
                n_queue += 1
            spent = 0
            killed = 0
            if allocation == ALLOCATION_FIXED:
                for r in range(16):
                    if remaining == 0:
                        break
                    any_left = False
                    for i in range(n_queue):
                        t = queue[i]
                        if not alive[t] or allowed_of[t] <= r:
                            continue
                        any_left = True
                        s = n_shots if n_shots < remaining else remaining
                        remaining -= s
                        spent += s
                        k = _fire(tkey, layer, r, t, s, boost, up, kill_table, object_is_decoy,
                                  alive, warheads_on)
                        if k > 0:
                            killed += k
                        if remaining == 0:
                            break
                    if not any_left:
                        break
            else:
                lo = 0
                for w in range(n_waves):
                    hi = lo
                    while hi < n_queue and wave_of[queue[hi]] == w:
                        hi += 1
                    seen = hi - lo
                    if seen == 0 or remaining == 0:
                        lo = hi
                        continue
                    future = 0.0
                    for v in range(w + 1, n_waves):
                        future += expected_wave[layer, v]
                    budget = int(remaining * seen / (seen + future))
                    floor = seen if seen < remaining else remaining
                    budget = max(budget, floor)
                    n_left = 0
                    for i in range(lo, hi):
                        if allowed_of[queue[i]] > 0:
                            n_left += 1
                    for r in range(16):
                        if n_left == 0 or budget == 0:
                            break
                        each = budget // n_left
                        if each >= n_shots:
                            each, extra = n_shots, 0
                        else:
                            extra = budget - each * n_left
                        start = int(uniform(tkey, layer, SLOT_ALLOCATION, w * 16 + r) * n_left)
                        j = 0
                        next_left = 0
                        for i in range(lo, hi):
                            t = queue[i]
                            if not alive[t] or allowed_of[t] <= r:
                                continue
                            pos = j - start
                            if pos < 0:
                                pos += n_left
                            s = each + (1 if pos < extra else 0)
                            j += 1
                            if s == 0:
                                if allowed_of[t] > r + 1:
                                    next_left += 1
                                continue
                            budget -= s
                            remaining -= s
                            spent += s
                            k = _fire(tkey, layer, r, t, s, boost, up, kill_table,
                                      object_is_decoy, alive, warheads_on)
                            if k > 0:
                                killed += k
                            elif k < 0 and allowed_of[t] > r + 1:
                                next_left += 1
                        n_left = next_left
                    lo = hi
            if boost:
                for o in range(n_objects):
                    if not missile_alive[object_missile[o]]:
                        object_alive[o] = False
            used[b, layer] = spent
            warheads_killed[b, layer] = killed
        count = 0
        for o in range(n_objects):
            if object_alive[o] and not object_is_decoy[o]:
                count += 1
        leakers[b] = count
