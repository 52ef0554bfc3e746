"""The kill chain uses sensor non-idealities; defaults leave it as it was."""

import pytest

from opendome.api import build_plan, builtin_scenario
from opendome.plan.windows import STEP_S


def _with_radars(sc, **update):
    sensors = [s.model_copy(update=update) if s.type == "radar" else s
               for s in sc.defender.sensors]
    return sc.model_copy(update={"defender": sc.defender.model_copy(update={"sensors": sensors})})


def test_radar_latency_delays_the_fire_control_track():
    sc = builtin_scenario()
    [base] = build_plan(sc).kill_chains
    [late] = build_plan(_with_radars(sc, latency=30.0)).kill_chains
    assert late.fire_control_track_s - base.fire_control_track_s == pytest.approx(30.0,
                                                                                abs=STEP_S)


def test_radars_that_lose_most_looks_give_no_track():
    """Every radar loses 60 % of its looks: no look succeeds more often than not, so no
    fire-control track forms and the sited layers say so."""
    plan = build_plan(_with_radars(builtin_scenario(), dropout=0.6))
    [chain] = plan.kill_chains
    assert chain.fire_control_track_s is None
    reasons = {r.layer: r.reason for r in plan.no_engagement}
    assert "never tracked" in reasons["midcourse-gbi"]


def test_detection_falling_with_range_delays_first_detection():
    sc = builtin_scenario()
    [base] = build_plan(sc).kill_chains
    [far] = build_plan(_with_radars(sc, half_detection_range=1.0e6)).kill_chains
    assert far.first_seen_s["lrdr-clear"] > base.first_seen_s["lrdr-clear"]
