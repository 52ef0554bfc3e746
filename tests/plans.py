"""Random engagement plans for property tests (built directly, bypassing scenario files)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from hypothesis import strategies as st

from opendome.api import build_plan, builtin_scenario
from opendome.plan import EngagementPlan


@st.composite
def random_plans(draw: st.DrawFn, *, ample_inventory: bool = False, max_layers: int = 4,
                 max_missiles: int = 4) -> EngagementPlan:
    """Draw a small plan: 1-4 layers (boost first), 1-3 salvos, missiles with warheads/decoys.

    Each layer has a fixed inventory, samples ``(K,)`` or pools ``(P, K)`` (salvos assigned to
    pools at random), and a kill-assessment probability. With ``ample_inventory`` every pool
    has enough for every engagement, or nothing at all (no interceptor in reach).
    """
    n_layers = draw(st.integers(1, max_layers))
    n_boost = draw(st.integers(0, min(1, n_layers)))
    n_salvos = draw(st.integers(1, 3))
    counts = [draw(st.integers(1, max_missiles)) for _ in range(n_salvos)]
    warheads = [draw(st.integers(1, 3)) for _ in range(n_salvos)]
    decoys = [draw(st.integers(0, 3)) for _ in range(n_salvos)]
    prob = st.floats(0.0, 1.0)
    missile_salvo = np.repeat(np.arange(n_salvos), counts)
    per_missile = np.array([w + d for w, d in zip(warheads, decoys, strict=True)])[missile_salvo]
    object_missile = np.repeat(np.arange(missile_salvo.size), per_missile)
    rank = np.arange(object_missile.size) - np.repeat(np.cumsum(per_missile) - per_missile,
                                                      per_missile)
    object_is_decoy = rank >= np.array(warheads)[missile_salvo][object_missile]
    shots = np.array([draw(st.integers(1, 3)) for _ in range(n_layers)], dtype=np.int64)
    engagements = np.array([[draw(st.integers(0, 3)) for _ in range(n_salvos)]
                            for _ in range(n_layers)], dtype=np.int64)
    need = int(shots.max() * engagements.max(initial=1) * object_missile.size)
    if ample_inventory:
        inventory = np.full(n_layers, need, dtype=np.int64)
    else:
        inventory = np.array([draw(st.integers(0, 12)) for _ in range(n_layers)], dtype=np.int64)
    pk = np.array([[draw(prob) for _ in range(3)] for _ in range(n_layers)])
    samples = []
    salvo_pool = np.zeros((n_layers, n_salvos), dtype=np.int64)
    for layer in range(n_layers):
        kind = draw(st.sampled_from(["fixed", "samples", "pools"]))
        if kind == "fixed":
            samples.append(np.zeros(0, np.int64))
            continue
        n_pools = 1 if kind == "samples" else draw(st.integers(1, 3))
        n_samples = draw(st.integers(1, 6))
        if ample_inventory:  # every sample of a pool ample, or the pool empty (nothing in reach)
            rows = [np.full(n_samples, need if draw(st.booleans()) else 0)
                    for _ in range(n_pools)]
        else:
            rows = [np.array([draw(st.integers(0, 12)) for _ in range(n_samples)])
                    for _ in range(n_pools)]
        stock = np.array(rows, dtype=np.int64)
        samples.append(stock[0] if kind == "samples" else stock)
        salvo_pool[layer] = [draw(st.integers(0, n_pools - 1)) for _ in range(n_salvos)]
    p_kill_assessment = np.array([draw(st.sampled_from([1.0, 0.0]) | prob)
                                  for _ in range(n_layers)])
    return EngagementPlan(
        scenario_name="random",
        layer_names=tuple(f"L{i}" for i in range(n_layers)),
        layer_phases=tuple("boost" if i < n_boost else "midcourse" for i in range(n_layers)),
        layer_interceptors=tuple("x" for _ in range(n_layers)),
        salvo_names=tuple(f"S{i}" for i in range(n_salvos)),
        layer_is_boost=np.arange(n_layers) < n_boost,
        inventory=inventory,
        shots=shots,
        pk=pk,
        p_detect=np.array([draw(prob) for _ in range(n_layers)]),
        p_discriminate=np.array([draw(prob) for _ in range(n_layers)]),
        p_reliable=np.array([draw(prob) for _ in range(n_layers)]),
        engagements=engagements,
        missile_salvo=missile_salvo.astype(np.int64),
        object_missile=object_missile.astype(np.int64),
        object_is_decoy=object_is_decoy,
        inventory_samples=tuple(samples),
        salvo_pool=salvo_pool,
        p_kill_assessment=p_kill_assessment,
        salvo_wave=np.array(sorted(draw(st.integers(0, 2)) for _ in range(n_salvos))),
        allocation=draw(st.sampled_from(["manager", "fixed"])),
    )


def single_layer_plan(n_warheads, inventory, shots, pk, waves=None, allocation="manager"):
    """One terminal-like layer of identical interceptors against warheads (no decoys)."""
    base = build_plan(builtin_scenario("glide-vehicles"))
    n_salvos = 1 if waves is None else len(waves)
    per = n_warheads // n_salvos
    return replace(base, layer_names=("L",), layer_phases=("terminal",),
                   layer_interceptors=("x",), layer_is_boost=np.array([False]),
                   inventory=np.array([inventory]), shots=np.array([shots]),
                   pk=np.array([[0, pk, pk]]), p_detect=np.array([1.0]),
                   p_discriminate=np.array([0.0]), p_reliable=np.array([1.0]),
                   engagements=np.ones((1, n_salvos), np.int64),
                   salvo_names=tuple(f"S{i}" for i in range(n_salvos)),
                   missile_salvo=np.repeat(np.arange(n_salvos), per),
                   object_missile=np.arange(n_warheads), object_is_decoy=np.zeros(n_warheads, bool),
                   salvo_wave=None if waves is None else np.array(waves), allocation=allocation,
                   constellation_layers=(), inventory_samples=(), satellites=(),
                   p_kill_assessment=None, salvo_pool=None)


def one_icbm_against_gbis(pk: str, shots: int = 1) -> str:
    """Scenario text: one solid ICBM, 40 N 127 E to Seattle, against 4 GBIs firing ``shots``.

    ``pk`` is the layer's warhead kill probability as YAML: a number or a distribution such
    as ``{beta_from_tests: {hits: 11, trials: 20}}``. The plan has one object and one layer, so
    P(no leak) is ``1 - (1 - pk)^shots`` at a given pk, and its mixture over a Beta(a, b) is a
    ratio of Beta functions: the hand-computed values the uncertainty tests assert.
    """
    return f"""\
name: gbi-record
attacker:
  salvos:
    - {{missile: icbm-solid, count: 1, launch: {{lat: 40, lon: 127}},
       aim: {{lat: 47.6, lon: -122.3}}}}
defender:
  layers:
    - name: gmd
      phase: midcourse
      interceptor: gbi
      inventory: 4
      doctrine: {{shots: {shots}}}
      pk: {{warhead: {pk}}}
"""
