"""The same model as the kernel, written as a plain per-object Python loop.

This is how public simulators usually write it: objects as records, one trial at a time. It is
kept as an independent implementation: the tests check that it and the numba kernel give
identical results on the same random numbers, and ``benchmarks/engine.py`` measures the
kernel's speed against it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from opendome.battle.doctrine import rule as allocation_rule
from opendome.battle.doctrine import wave_budget
from opendome.core.counter_rng import (
    MAX_ENGAGEMENTS,
    SLOT_ALLOCATION,
    SLOT_ASSESS,
    SLOT_DETECT,
    SLOT_DISCRIMINATE,
    SLOT_INVENTORY,
    SLOT_KILL,
    SLOT_RELIABILITY,
    uniform_py,
)
from opendome.engine.montecarlo import (
    expected_targets_by_wave,
    kill_assessment,
    layer_pools,
    salvo_pools,
)
from opendome.plan import EngagementPlan


@dataclass
class _Threat:
    """A missile in boost or an object after it: what a layer can shoot at."""

    index: int
    kind: str  # "booster", "warhead" or "decoy"
    salvo: int
    alive: bool = True


@dataclass
class _Track:
    """A target in a layer's engagement queue."""

    threat: _Threat
    allowed: int
    engage: bool = True
    """The layer still means to engage it (the last look did not report it killed)."""


def simulate_trial(
    plan: EngagementPlan,
    key: int,
    trial: int,
    draw: Callable[[], float] | None = None,
) -> tuple[int, list[int], list[int], list[bool], list[int], list[bool]]:
    """Run trial number ``trial`` of the run with random ``key`` (pure Python random numbers).

    With ``draw`` (e.g. ``random.Random(0).random``) each number comes from it instead of the
    addressed generator: the same model on an ordinary stream, as a benchmark baseline.

    Returns (leakers, interceptors used by layer, warheads killed by layer, layer up,
    inventory available by layer, layer ran short).
    """
    missiles = [_Threat(m, "booster", int(plan.missile_salvo[m])) for m in range(plan.n_missiles)]
    objects = [
        _Threat(o, "decoy" if plan.object_is_decoy[o] else "warhead",
                int(plan.object_salvo[o]))
        for o in range(plan.n_objects)
    ]
    cargo: dict[int, list[_Threat]] = {m: [] for m in range(plan.n_missiles)}
    for obj in objects:
        cargo[int(plan.object_missile[obj.index])].append(obj)
    class_index = {"booster": 0, "warhead": 1, "decoy": 2}
    rule = allocation_rule(plan.allocation)
    allocate = rule.allocate.py_func
    budget_of_wave = wave_budget.py_func
    stocks = layer_pools(plan)
    pool_of_salvo = salvo_pools(plan)
    p_assess = kill_assessment(plan)
    forecast = expected_targets_by_wave(plan)
    used, killed, ups, available, short = [], [], [], [], []
    for layer in range(plan.n_layers):
        def u(slot: int, entity: int, layer: int = layer) -> float:
            return draw() if draw is not None else uniform_py(key, trial, layer, slot, entity)

        works = u(SLOT_RELIABILITY, 0) < plan.p_reliable[layer]
        boost = bool(plan.layer_is_boost[layer])
        targets = missiles if boost else objects
        stock = stocks[layer]
        k = int(u(SLOT_INVENTORY, 0) * stock.shape[1]) if stock.shape[1] > 1 else 0
        shots = int(plan.shots[layer])
        spent = 0
        kills = 0
        ran_short = False

        def fire(threat: _Threat, r: int, salvo: int, works: bool = works, boost: bool = boost,
                 layer: int = layer, u=u) -> int:
            if not threat.alive:
                return 0  # a kill the look missed: the shots are wasted
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

        def engage(tracks: list[_Track], budget: int, pool: int, wave: int,
                   layer: int = layer, u=u, fire=fire, shots: int = shots
                   ) -> tuple[int, int, bool]:
            """Run rounds of engagements of ``tracks`` with ``budget``: (spent, kills, unmet)."""
            spent = kills = 0
            unmet = False
            for r in range(MAX_ENGAGEMENTS):
                live = [tr for tr in tracks if tr.engage and tr.allowed > r]
                if not live:
                    break
                if budget == 0:
                    unmet = True
                    break
                start = (u(SLOT_ALLOCATION, (pool << 32) + MAX_ENGAGEMENTS * wave + r)
                         if rule.random_start else 0.0)
                salvos = [allocate(j, len(live), budget, shots, start) for j in range(len(live))]
                for tr, salvo in zip(live, salvos, strict=True):
                    unmet = unmet or salvo < shots
                    if not salvo:
                        continue
                    budget -= salvo
                    spent += salvo
                    kills += fire(tr.threat, r, salvo)
                    if tr.allowed > r + 1:  # look before the next engagement
                        right = (p_assess[layer] >= 1.0
                                 or u(SLOT_ASSESS + r, tr.threat.index) < p_assess[layer])
                        reported_alive = tr.threat.alive if right else not tr.threat.alive
                        tr.engage = reported_alive
            return spent, kills, unmet

        for pool in range(stock.shape[0]):
            queue = []
            for threat in targets:
                allowed = int(plan.engagements[layer, threat.salvo])
                if allowed == 0 or not threat.alive or pool_of_salvo[layer, threat.salvo] != pool:
                    continue
                if not u(SLOT_DETECT, threat.index) < plan.p_detect[layer]:
                    continue
                if threat.kind == "decoy" and (
                    u(SLOT_DISCRIMINATE, threat.index) < plan.p_discriminate[layer]
                ):
                    continue
                queue.append(_Track(threat, allowed))
            remaining = int(stock[pool, k])
            if not queue:
                continue
            if not rule.by_wave:
                s, w, unmet = engage(queue, remaining, pool, 0)
                remaining -= s
                spent += s
                kills += w
            else:
                waves: dict[int, list[_Track]] = {}
                for tr in queue:
                    waves.setdefault(int(plan.waves[tr.threat.salvo]), []).append(tr)
                unmet = False
                for w in sorted(waves):
                    members = waves[w]
                    if remaining == 0:
                        unmet = True
                        continue
                    later = float(forecast[layer, pool, w + 1 :].sum())
                    s, x, unmet_w = engage(members, budget_of_wave(remaining, len(members), later),
                                           pool, w)
                    remaining -= s
                    spent += s
                    kills += x
                    unmet = unmet or unmet_w
            ran_short = ran_short or (unmet and remaining == 0)
        used.append(spent)
        killed.append(kills)
        ups.append(works)
        available.append(int(stock[:, k].sum()))
        short.append(ran_short)
    leakers = sum(1 for obj in objects if obj.alive and obj.kind == "warhead")
    return leakers, used, killed, ups, available, short
