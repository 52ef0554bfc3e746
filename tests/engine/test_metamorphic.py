"""Metamorphic properties of the whole pipeline over random scenarios (issue 14, part 4).

Each property compares two runs of related scenarios under common random numbers (same seed: every
random number is addressed by trial, layer, slot and target). "Never worse beyond sampling error"
is checked on the paired per-trial difference of leakers: the mean difference may exceed zero by
at most four of its standard errors (plus a hair for the zero-variance case).

Scenarios are drawn as YAML-like mappings and go through validation, compilation and the engine,
exactly as a user's file would. The raid flies ICBM-class missiles from 40 N 127.5 E to 39 N 98 W
(about 10,000 km), within every catalog range.
"""

from __future__ import annotations

import copy
import json
import math
import subprocess
import sys
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opendome.api import build_plan, scenario_from_mapping, simulate, summarize
from tests.budget import examples

TRIALS = 2000
LAUNCH = {"lat": 40.0, "lon": 127.5}
AIM = {"lat": 39.0, "lon": -98.0}
PHASE_INTERCEPTORS = {"boost": ["sbi"], "midcourse": ["gbi", "ngi", "sm3-iia"],
                      "terminal": ["thaad"]}
prob = st.floats(0.0, 1.0, allow_nan=False).map(lambda p: round(p, 3))


@st.composite
def scenarios(draw: st.DrawFn) -> dict[str, Any]:
    """A small raid against one to three layers without sites (opportunities as stated)."""
    salvos = []
    for i in range(draw(st.integers(1, 3))):
        salvos.append({
            "name": f"s{i}", "missile": draw(st.sampled_from(["icbm-solid", "icbm-liquid"])),
            "count": draw(st.integers(1, 4)), "launch": dict(LAUNCH), "aim": dict(AIM),
            "launch_time": f"{draw(st.sampled_from([0, 30, 60, 120]))} s",
            "warheads": draw(st.integers(1, 3)), "decoys": draw(st.integers(0, 3)),
        })
    phases = draw(st.lists(st.sampled_from(["boost", "midcourse", "terminal"]), min_size=1,
                           max_size=3, unique=True))
    order = {"boost": 0, "midcourse": 1, "terminal": 2}
    layers = []
    for phase in sorted(phases, key=order.__getitem__):
        shoot_look_shoot = draw(st.booleans())
        layers.append({
            "name": phase, "phase": phase,
            "interceptor": draw(st.sampled_from(PHASE_INTERCEPTORS[phase])),
            "inventory": draw(st.integers(0, 30)),
            "doctrine": ({"type": "shoot-look-shoot", "shots": draw(st.integers(1, 2)),
                          "looks": 1} if shoot_look_shoot
                         else {"type": "salvo", "shots": draw(st.integers(1, 3))}),
            "opportunities": draw(st.integers(1, 2)),
            "pk": {"booster": draw(prob), "warhead": draw(prob), "decoy": draw(prob)},
            "detection": draw(prob), "discrimination": draw(prob), "reliability": draw(prob),
        })
    return {"name": "random", "attacker": {"salvos": salvos},
            "defender": {"layers": layers,
                         "allocation": draw(st.sampled_from(["manager", "fixed"]))}}


def _leakers(mapping: dict[str, Any], seed: int = 11) -> np.ndarray:
    plan = build_plan(scenario_from_mapping(mapping))
    return simulate(plan, TRIALS, seed=seed).leakers.astype(np.float64)


def _not_worse(better: np.ndarray, worse: np.ndarray) -> bool:
    """The 'better' defense leaks no more than the 'worse' one, beyond sampling error."""
    d = better - worse
    se = float(d.std(ddof=1)) / math.sqrt(d.size)
    return float(d.mean()) <= 4.0 * se + 1e-12


Mapping = dict[str, Any]
PROBABILITIES = ["warhead", "booster", "decoy", "detection", "discrimination", "reliability"]


def _more_interceptors(data: st.DataObject, base: Mapping) -> tuple[Mapping, Mapping]:
    better = copy.deepcopy(base)
    layers = better["defender"]["layers"]
    layers[data.draw(st.integers(0, len(layers) - 1))]["inventory"] += data.draw(
        st.integers(1, 20))
    return better, base


def _a_better_probability(data: st.DataObject, base: Mapping) -> tuple[Mapping, Mapping]:
    better = copy.deepcopy(base)
    layers = better["defender"]["layers"]
    spec = layers[data.draw(st.integers(0, len(layers) - 1))]
    field, to = data.draw(st.sampled_from(PROBABILITIES)), data.draw(prob)
    holder = spec["pk"] if field in spec["pk"] else spec
    holder[field] = max(holder[field], to)
    return better, base


def _fewer_decoys(data: st.DataObject, base: Mapping) -> tuple[Mapping, Mapping]:
    more = copy.deepcopy(base)
    salvos = more["attacker"]["salvos"]
    salvos[data.draw(st.integers(0, len(salvos) - 1))]["decoys"] += data.draw(st.integers(1, 5))
    return base, more


@pytest.mark.parametrize("change", [_more_interceptors, _a_better_probability, _fewer_decoys],
                         ids=lambda f: f.__name__.strip("_"))
@settings(max_examples=examples(20))
@given(base=scenarios(), data=st.data())
def test_a_better_defense_or_a_weaker_raid_never_raises_leakers(change, base, data):
    better, worse = change(data, base)
    assert _not_worse(_leakers(better), _leakers(worse))


@settings(max_examples=examples(20))
@given(base=scenarios(), layer=st.integers(0, 2), how=st.sampled_from(["inventory", "pk"]))
def test_a_layer_with_nothing_to_fire_kills_nothing(base, layer, how):
    layer %= len(base["defender"]["layers"])
    spec = base["defender"]["layers"][layer]
    if how == "inventory":
        spec["inventory"] = 0
    else:
        spec["pk"] = {"booster": 0.0, "warhead": 0.0, "decoy": 0.0}
    plan = build_plan(scenario_from_mapping(base))
    results = simulate(plan, TRIALS, seed=3)
    assert not results.warheads_killed[:, layer].any()


@settings(max_examples=examples(20))
@given(base=scenarios(), data=st.data())
def test_listing_order_of_salvos_does_not_matter(base, data):
    salvos = base["attacker"]["salvos"]
    # salvos launched at distinct times: their listing order carries no meaning
    for i, s in enumerate(salvos):
        s["launch_time"] = f"{30 * i} s"
    shuffled = copy.deepcopy(base)
    shuffled["attacker"]["salvos"] = data.draw(st.permutations(salvos))
    np.testing.assert_array_equal(_leakers(shuffled), _leakers(base))


@settings(max_examples=examples(20))
@given(base=scenarios())
def test_every_probability_of_the_summary_is_a_probability(base):
    plan = build_plan(scenario_from_mapping(base))
    summary = summarize(plan, simulate(plan, 500, seed=5))
    s = summary.to_dict() if hasattr(summary, "to_dict") else summary
    assert 0.0 <= s["p_no_leak"] <= 1.0
    lo, hi = s["p_no_leak_ci95"]
    assert 0.0 <= lo <= s["p_no_leak"] <= hi <= 1.0
    assert math.isclose(sum(s["leaker_distribution"].values()), 1.0, rel_tol=1e-9)
    assert all(0.0 <= v <= 1.0 for v in s["p_inventory_exhausted"].values())
    if "closed_form" in s:
        assert 0.0 <= s["closed_form"]["p_no_leak"] <= 1.0


def _summary_json(chunk: int) -> str:
    from opendome.api import builtin_scenario

    plan = build_plan(builtin_scenario("decoy-saturation"))
    summary = summarize(plan, simulate(plan, 5000, seed=7, chunk_trials=chunk))
    s = summary.to_dict() if hasattr(summary, "to_dict") else summary
    return json.dumps(s, sort_keys=True)


def test_same_seed_gives_byte_identical_summaries_across_chunks_and_processes():
    here = _summary_json(1 << 16)
    assert _summary_json(777) == here
    code = ("from tests.engine.test_metamorphic import _summary_json; "
            "print(_summary_json(1000), end='')")
    other = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           check=True)
    assert other.stdout == here
