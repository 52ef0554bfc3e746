"""The same model as the kernel, written as a plain per-object Python loop.

This is how public simulators usually write it: objects as records, one trial at a time. It is
kept as an independent implementation: the tests check that it and the numba kernel give
identical results on the same random numbers, and ``benchmarks/engine.py`` measures the
kernel's speed against it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from opendome.core.counter_rng import (
    SLOT_ALLOCATION,
    SLOT_DETECT,
    SLOT_DISCRIMINATE,
    SLOT_INVENTORY,
    SLOT_KILL,
    SLOT_RELIABILITY,
    uniform_py,
)
from opendome.engine.montecarlo import expected_targets_by_wave
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
    key: int,
    trial: int,
    draw: Callable[[], float] | None = None,
) -> tuple[int, list[int], list[int], list[bool], list[int]]:
    """Run trial number ``trial`` of the run with random ``key`` (pure Python random numbers).

    With ``draw`` (e.g. ``random.Random(0).random``) each number comes from it instead of the
    addressed generator: the same model on an ordinary stream, as a benchmark baseline.

    Returns (leakers, interceptors used by layer, warheads killed by layer, layer up,
    inventory available by layer).
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
    used, killed, ups, available = [], [], [], []
    for layer in range(plan.n_layers):
        def u(slot: int, entity: int, layer: int = layer) -> float:
            return draw() if draw is not None else uniform_py(key, trial, layer, slot, entity)

        works = u(SLOT_RELIABILITY, 0) < plan.p_reliable[layer]
        boost = bool(plan.layer_is_boost[layer])
        pool = missiles if boost else objects
        queue = []
        for threat in pool:
            allowed = int(plan.engagements[layer, threat.salvo])
            if not threat.alive or allowed == 0:
                continue
            if not u(SLOT_DETECT, threat.index) < plan.p_detect[layer]:
                continue
            if threat.kind == "decoy" and (
                u(SLOT_DISCRIMINATE, threat.index) < plan.p_discriminate[layer]
            ):
                continue
            queue.append((threat, allowed))
        samples = plan.inventory_samples[layer] if plan.inventory_samples else ()
        if len(samples):
            remaining = int(samples[int(u(SLOT_INVENTORY, 0) * len(samples))])
        else:
            remaining = int(plan.inventory[layer])
        available.append(remaining)
        shots = int(plan.shots[layer])
        spent = 0
        kills = 0

        def fire(threat: _Threat, r: int, salvo: int, works: bool = works, boost: bool = boost,
                 layer: int = layer, u=u) -> int:
            pk = float(plan.pk[layer, class_index[threat.kind]])
            if not (works and u(SLOT_KILL + r, threat.index) < 1.0 - (1.0 - pk) ** salvo):
                return 0
            threat.alive = False
            if boost:
                n = sum(1 for obj in cargo[threat.index] if obj.alive and obj.kind == "warhead")
                for obj in cargo[threat.index]:
                    obj.alive = False
                return n
            return int(threat.kind == "warhead")

        if plan.allocation == "fixed":
            rounds = max((allowed for _, allowed in queue), default=0)
            for r in range(rounds):
                for threat, allowed in queue:
                    if remaining == 0:
                        break
                    if not threat.alive or allowed <= r:
                        continue
                    salvo = min(shots, remaining)
                    remaining -= salvo
                    spent += salvo
                    kills += fire(threat, r, salvo)
        else:
            forecast = expected_targets_by_wave(plan)[layer]
            waves: dict[int, list[tuple[_Threat, int]]] = {}
            for threat, allowed in queue:
                waves.setdefault(int(plan.waves[threat.salvo]), []).append((threat, allowed))
            for w in sorted(waves):
                members = waves[w]
                if remaining == 0:
                    break
                seen = len(members)
                budget = int(remaining * seen / (seen + float(forecast[w + 1 :].sum())))
                budget = max(budget, min(seen, remaining))
                for r in range(16):
                    live = [t for t, allowed in members if t.alive and allowed > r]
                    if not live or budget == 0:
                        break
                    each = min(shots, budget // len(live))
                    extra = 0 if each == shots else budget - each * len(live)
                    start = int(u(SLOT_ALLOCATION, 16 * w + r) * len(live))
                    for j, threat in enumerate(live):
                        salvo = each + (1 if (j - start) % len(live) < extra else 0)
                        if salvo:
                            budget -= salvo
                            remaining -= salvo
                            spent += salvo
                            kills += fire(threat, r, salvo)
        used.append(spent)
        killed.append(kills)
        ups.append(works)
    leakers = sum(1 for obj in objects if obj.alive and obj.kind == "warhead")
    return leakers, used, killed, ups, available
