"""The Monte Carlo kernel: one block of trials through every layer (numba).

The model (documented in ``docs/engine.md``): per trial, each layer works (common mode) with
probability ``p_reliable``; a layer that does not work still fires, but kills nothing. A layer
detects each target with ``p_detect``; a decoy is recognised (and left alone) with
``p_discriminate``. A boost layer engages missiles (a kill removes everything the missile
carries); later layers engage warheads and decoys. Each engagement fires ``shots`` interceptors
and kills with ``1 - (1 - pk)^shots``; shoot-look-shoot re-engages survivors (perfect kill
assessment) up to the plan's engagements. Inventory is shared across the raid under the fixed
rule: engagement rounds in order, targets in allocation order within a round, until the
layer's inventory runs out (a last, short salvo fires what is left).

Random numbers come from :mod:`opendome.core.counter_rng`, addressed by (trial, layer, slot,
target): a boost layer's targets are missiles (index m), other layers' are objects (index o).
Only the numbers a trial needs are computed.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from opendome.core.counter_rng import (
    SLOT_DETECT,
    SLOT_DISCRIMINATE,
    SLOT_INVENTORY,
    SLOT_KILL,
    SLOT_RELIABILITY,
    trial_key,
    uniform,
)
from opendome.plan import CLASS_BOOSTER, CLASS_DECOY, CLASS_WARHEAD


@njit(cache=True, nogil=True)
def run_trials(
    key: int,
    first_trial: int,
    layer_is_boost: np.ndarray,
    inventory: np.ndarray,
    inventory_samples: np.ndarray,
    inventory_sample_count: np.ndarray,
    shots: np.ndarray,
    kill_table: np.ndarray,
    p_detect: np.ndarray,
    p_discriminate: np.ndarray,
    p_reliable: np.ndarray,
    engagements_object: np.ndarray,
    engagements_missile: np.ndarray,
    object_missile: np.ndarray,
    object_is_decoy: np.ndarray,
    leakers: np.ndarray,
    used: np.ndarray,
    warheads_killed: np.ndarray,
    layer_up: np.ndarray,
    inventory_available: np.ndarray,
) -> None:
    """Simulate trials first_trial ... first_trial + B - 1 of the run with random ``key``.

    Writes leakers (B,), used, warheads_killed, layer_up and inventory_available (B, L) in place.
    A layer with ``inventory_sample_count[l] = K > 0`` draws its inventory in each trial from
    ``inventory_samples[l, :K]`` (equally likely); otherwise it has ``inventory[l]``.

    ``kill_table[l, c, s]`` is the kill probability of an engagement of ``s`` shots on class c;
    ``engagements_object`` (L, N) and ``engagements_missile`` (L, M) the allowed engagements.
    """
    n_trials = leakers.shape[0]
    n_layers = layer_is_boost.size
    n_objects = object_missile.size
    n_missiles = engagements_missile.shape[1]
    object_alive = np.empty(n_objects, np.bool_)
    missile_alive = np.empty(n_missiles, np.bool_)
    engaged = np.empty(n_objects, np.bool_)
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
            spent = 0
            killed = 0
            boost = layer_is_boost[layer]
            n_targets = n_missiles if boost else n_objects
            max_rounds = 0
            for t in range(n_targets):
                if boost:
                    allowed = engagements_missile[layer, t]
                    e = missile_alive[t] and allowed > 0
                else:
                    allowed = engagements_object[layer, t]
                    e = object_alive[t] and allowed > 0
                e = e and uniform(tkey, layer, SLOT_DETECT, t) < p_detect[layer]
                if e and not boost and object_is_decoy[t]:
                    e = uniform(tkey, layer, SLOT_DISCRIMINATE, t) >= p_discriminate[layer]
                engaged[t] = e
                if e and allowed > max_rounds:
                    max_rounds = allowed
            for r in range(max_rounds):
                if remaining == 0:
                    break
                for t in range(n_targets):
                    if not engaged[t]:
                        continue
                    if boost:
                        allowed = engagements_missile[layer, t]
                    else:
                        allowed = engagements_object[layer, t]
                    if allowed <= r:
                        continue
                    s = n_shots if n_shots < remaining else remaining
                    remaining -= s
                    spent += s
                    if boost:
                        cls = CLASS_BOOSTER
                    elif object_is_decoy[t]:
                        cls = CLASS_DECOY
                    else:
                        cls = CLASS_WARHEAD
                    if up and uniform(tkey, layer, SLOT_KILL + r, t) < kill_table[layer, cls, s]:
                        engaged[t] = False
                        if boost:
                            missile_alive[t] = False
                            killed += warheads_on[t]
                        else:
                            object_alive[t] = False
                            if not object_is_decoy[t]:
                                killed += 1
                    if remaining == 0:
                        break
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
