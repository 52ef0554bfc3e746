"""Geometry for every object: the warheads of one bus fly to their own aim points."""

import numpy as np
import pytest

from opendome.api import build_plan, scenario_from_text, simulate
from opendome.core.earth import geodetic_to_ecef, ground_range_m
from opendome.scenario import ScenarioError

TEXT = """
name: two-aims
attacker:
  salvos:
    - {name: mirv, missile: icbm-solid, count: 1, launch: {lat: 40.0, lon: 127.5},
       aim: {lat: 39.0, lon: -98.0}, aims: [{lat: 39.74, lon: -104.99}], warheads: 2,
       decoys: DECOYS}
defender:
  sensors:
    - {name: sbirs, type: infrared}
    - {name: tpy2, type: radar, site: {lat: 38.80, lon: -97.60}, height: "10 m",
       max_range: "1000 km", fire_control: true, discriminates: true}
  layers:
    - {name: terminal, phase: terminal, interceptor: thaad, inventory: 48,
       sites: [{lat: 38.80, lon: -97.60}], doctrine: {type: salvo, shots: 2},
       pk: {warhead: 1.0, decoy: 1.0}}
"""


def test_two_warheads_of_one_bus_fall_in_different_terminal_footprints():
    """A THAAD battery by Kansas (200 km ground range) defends its own footprint: the warhead
    released to Kansas is engaged, the one released to Denver (about 600 km away) is not."""
    plan = build_plan(scenario_from_text(TEXT.replace("DECOYS", "0")))
    assert plan.salvo_names == ("mirv -> 39.00,-98.00", "mirv -> 39.74,-104.99")
    kansas, denver = (geodetic_to_ecef(*np.radians(p))
                      for p in ((39.0, -98.0), (39.74, -104.99)))
    assert float(ground_range_m(kansas, denver)) > 2 * 200e3
    per_object = plan.engagements[0, plan.object_salvo]
    np.testing.assert_array_equal(per_object, [1, 0])
    [why] = plan.no_engagement
    assert why.salvo.endswith("-104.99") and "38.80,-97.60" in why.reason
    chains = {c.salvo: c for c in plan.kill_chains}
    assert chains["mirv -> 39.74,-104.99"].flight_time_s != pytest.approx(
        chains["mirv -> 39.00,-98.00"].flight_time_s)
    # a battery that kills all it engages leaves exactly the warhead outside its footprint
    leakers = simulate(plan, 500, seed=1).leakers
    assert (leakers == 1).all()


def test_decoys_fly_with_their_warhead():
    plan = build_plan(scenario_from_text(TEXT.replace("DECOYS", "4")))
    # missile 0: warheads 0, 1 then decoys 0..3 accompanying warheads 0, 1, 0, 1
    np.testing.assert_array_equal(plan.object_salvo, [0, 1, 0, 1, 0, 1])
    np.testing.assert_array_equal(plan.object_is_decoy, [False, False, True, True, True, True])


def test_an_extra_aim_point_out_of_range_is_named():
    text = TEXT.replace("DECOYS", "0").replace("{lat: 39.74, lon: -104.99}",
                                               "{lat: -30.0, lon: -60.0}")
    with pytest.raises(ScenarioError) as err:
        scenario_from_text(text)
    assert any(p.startswith("attacker.salvos[0]: aims[0]: the aim point is") for p in
               err.value.problems), err.value.problems
