"""Reordering salvos never changes a result (issue 10): plans and Monte Carlo runs are equal."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from opendome.api import build_plan, scenario_from_mapping, simulate
from tests.budget import examples

# (missile, launch, aim), each within its missile's range; launch areas near and far apart
FLIGHTS = [
    ("icbm-solid", (40.0, 127.5), (39.0, -98.0)),
    ("icbm-liquid", (40.0, 127.5), (47.6, -122.3)),
    ("irbm", (40.0, 127.5), (13.4, 144.8)),
    ("hgv", (40.0, 127.5), (61.2, -149.9)),
    ("icbm-solid", (10.0, 100.0), (35.7, 139.7)),
    ("slbm", (30.0, 160.0), (34.0, -118.0)),
    ("icbm-solid", (55.0, 60.0), (39.0, -98.0)),
    ("cruise", (37.5, -129.0), (37.7, -122.4)),
]


@st.composite
def raids(draw: st.DrawFn) -> dict:
    """A raid of 2-4 salvos (launch times with ties) against a constellation and a fixed layer."""
    salvos = []
    for i in range(draw(st.integers(2, 4))):
        missile, launch, aim = draw(st.sampled_from(FLIGHTS))
        salvos.append({
            "name": f"s{i}", "missile": missile, "count": draw(st.integers(1, 4)),
            "launch": {"lat": launch[0], "lon": launch[1]}, "aim": {"lat": aim[0], "lon": aim[1]},
            "launch_time": f"{draw(st.sampled_from([0, 0, 60]))} s",
            "warheads": 1 if missile == "cruise" else draw(st.integers(1, 2)),
            "decoys": 0 if missile == "cruise" else draw(st.integers(0, 2))})
    layers = [
        {"name": "space", "phase": "boost", "interceptor": "sbi",
         "constellation": {"shells": [{"altitude": "300 km", "inclination": "45 deg",
                                       "planes": 20, "per_plane": 40}],
                           "launch_time_samples": 48},
         "detection": 0.9},
        {"name": "mid", "phase": "midcourse", "interceptor": "gbi",
         "inventory": draw(st.integers(0, 12)), "doctrine": {"type": "salvo", "shots": 2},
         "detection": 0.9, "discrimination": 0.5},
    ]
    return {"name": "raid", "attacker": {"salvos": salvos},
            "defender": {"layers": layers,
                         "allocation": draw(st.sampled_from(["manager", "fixed"]))}}


def _arrays(plan):
    fields = ("engagements", "salvo_pool", "missile_salvo", "object_missile", "object_is_decoy",
              "salvo_wave", "inventory")
    return [getattr(plan, f) for f in fields] + list(plan.inventory_samples)


@settings(max_examples=examples(8))
@given(raid=raids(), data=st.data())
def test_reordering_salvos_never_changes_a_result(raid, data):
    salvos = data.draw(st.permutations(raid["attacker"]["salvos"]))
    shuffled = dict(raid, attacker={"salvos": salvos})
    plans = [build_plan(scenario_from_mapping(m)) for m in (raid, shuffled)]
    assert plans[0].salvo_names == plans[1].salvo_names
    for a, b in zip(_arrays(plans[0]), _arrays(plans[1]), strict=True):
        np.testing.assert_array_equal(a, b)
    assert plans[0].no_engagement == plans[1].no_engagement
    runs = [simulate(plan, 1000, seed=9) for plan in plans]
    for field in ("leakers", "interceptors_used", "warheads_killed", "inventory_available"):
        np.testing.assert_array_equal(getattr(runs[0], field), getattr(runs[1], field))
