"""The same model as the kernel, written as a plain per-object Python loop.

This is how public simulators usually write it: objects as records, one trial at a time. It is
kept as an independent implementation: the tests check that it and the numba kernel give
identical results on the same random numbers, and ``benchmarks/engine.py`` measures the
kernel's speed against it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from opendome.plan import EngagementPlan


@dataclass
class _Threat:
    """A missile in boost or an object after it: what a layer can shoot at."""

    index: int
    kind: str  # "booster", "warhead" or "decoy"
    salvo: int
    alive: bool = True


def simulate_trial(
    plan: EngagementPlan,
    u_reliable: NDArray[np.floating],
    u_detect: NDArray[np.floating],
    u_discriminate: NDArray[np.floating],
    u_kill: NDArray[np.floating],
) -> tuple[int, list[int], list[int], list[bool]]:
    """Run one trial on the given uniforms (one trial's slices of the kernel's layout).

    Returns (leakers, interceptors used by layer, warheads killed by layer, layer up).
    """
    missiles = [_Threat(m, "booster", int(plan.missile_salvo[m])) for m in range(plan.n_missiles)]
    objects = [
        _Threat(o, "decoy" if plan.object_is_decoy[o] else "warhead",
                int(plan.missile_salvo[plan.object_missile[o]]))
        for o in range(plan.n_objects)
    ]
    cargo: dict[int, list[_Threat]] = {m: [] for m in range(plan.n_missiles)}
    for obj in objects:
        cargo[int(plan.object_missile[obj.index])].append(obj)
    class_index = {"booster": 0, "warhead": 1, "decoy": 2}
    used, killed, ups = [], [], []
    for layer in range(plan.n_layers):
        works = bool(u_reliable[layer] < plan.p_reliable[layer])
        boost = bool(plan.layer_is_boost[layer])
        pool = missiles if boost else objects
        queue = []
        for threat in pool:
            allowed = int(plan.engagements[layer, threat.salvo])
            if not threat.alive or allowed == 0:
                continue
            if not u_detect[layer, threat.index] < plan.p_detect[layer]:
                continue
            if threat.kind == "decoy" and (
                u_discriminate[layer, threat.index] < plan.p_discriminate[layer]
            ):
                continue
            queue.append((threat, allowed))
        remaining = int(plan.inventory[layer])
        spent = 0
        kills = 0
        rounds = max((allowed for _, allowed in queue), default=0)
        for r in range(rounds):
            for threat, allowed in queue:
                if remaining == 0:
                    break
                if not threat.alive or allowed <= r:
                    continue
                salvo = min(int(plan.shots[layer]), remaining)
                remaining -= salvo
                spent += salvo
                pk = float(plan.pk[layer, class_index[threat.kind]])
                if works and u_kill[layer, r, threat.index] < 1.0 - (1.0 - pk) ** salvo:
                    threat.alive = False
                    if boost:
                        for obj in cargo[threat.index]:
                            if obj.alive and obj.kind == "warhead":
                                kills += 1
                            obj.alive = False
                    elif threat.kind == "warhead":
                        kills += 1
        used.append(spent)
        killed.append(kills)
        ups.append(works)
    leakers = sum(1 for obj in objects if obj.alive and obj.kind == "warhead")
    return leakers, used, killed, ups
