"""A space layer defined by its constellation: geometry vs the analytic density, schema, engine."""

import numpy as np
import pytest

from opendome.catalog import load_catalog
from opendome.core.constants import EARTH_EQUATORIAL_RADIUS_M, EARTH_MEAN_RADIUS_M
from opendome.engine import layer_geometry, prepare_plan, simulate
from opendome.plan import compile_plan
from opendome.scenario import ScenarioError, builtin_scenario, scenario_from_text
from opendome.space.coverage import expected_in_reach
from opendome.space.reach import kill_vehicle_reach_m, reach_central_angle_rad

TEXT = """
name: t
attacker:
  salvos:
    - {missile: icbm-solid, count: 4, launch: {lat: 40, lon: 127.5}, aim: {lat: 39, lon: -98}}
defender:
  layers:
    - name: space
      phase: boost
      interceptor: sbi
      constellation:
        shells: [{altitude: "300 km", inclination: "45 deg", planes: 40, per_plane: 50}]
"""


def test_mean_in_reach_matches_density_formula():
    """Propagated count vs sigma(phi) integrated over the reach cap (DESIGN.md formula)."""
    sc = scenario_from_text(TEXT)
    g = layer_geometry(sc, 0)
    cat = load_catalog()
    t = 180.0 - 45.0 - 25.0  # icbm-solid burn minus default delays
    sbi = cat.interceptors["sbi"]
    reach = float(kill_vehicle_reach_m(t, sbi.delta_v_m_per_s,
                                       sbi.acceleration_m_per_s2))
    assert g.reach_m == pytest.approx(reach)
    burnout = cat.missiles["icbm-solid"].burnout_altitude_m
    cap = reach_central_angle_rad(reach, EARTH_EQUATORIAL_RADIUS_M + 300e3,
                                  EARTH_MEAN_RADIUS_M + burnout)
    analytic = float(expected_in_reach(2000, np.radians(40.0), np.radians(45.0), cap))
    assert g.in_reach.mean() == pytest.approx(analytic, rel=0.15)
    assert g.absentee_ratio == pytest.approx(2000 / g.in_reach.mean())


def test_engine_needs_prepared_plan_and_uses_the_counts():
    sc = scenario_from_text(TEXT)
    with pytest.raises(ValueError, match="prepare_plan"):
        simulate(compile_plan(sc), 10)
    plan = prepare_plan(sc)
    r = simulate(plan, 4000, seed=2)
    assert np.isin(r.inventory_available[:, 0], plan.inventory_samples[0]).all()
    assert (r.interceptors_used[:, 0] <= r.inventory_available[:, 0]).all()


def test_plane_attack_opens_holes_a_random_attack_does_not():
    """Destroying the planes over the launch area leaves times with nobody in reach."""
    base = TEXT.replace("planes: 40, per_plane: 50", "planes: 78, per_plane: 100")
    half = "\n        attack: {destroyed: 3900, target: %s}"
    shells_line = 'inclination: "45 deg", planes: 78, per_plane: 100}]'
    rnd = scenario_from_text(base.replace(shells_line, shells_line + half % "random"))
    planes = scenario_from_text(base.replace(shells_line, shells_line + half % "planes"))
    gr, gp = layer_geometry(rnd, 0), layer_geometry(planes, 0)
    assert gr.surviving == gp.surviving == 3900
    assert (gp.in_reach == 0).mean() > 5 * max((gr.in_reach == 0).mean(), 0.01)


@pytest.mark.parametrize("old,new,needle", [
    ("      constellation:", "      inventory: 5\n      constellation:", "not both"),
    ("interceptor: sbi", "interceptor: gbi", "only for a boost layer of space-based"),
    ('"45 deg"', "45", "expected an angle with units"),
    ("per_plane: 50}", "per_plane: 50, phasing: 40}", "phasing"),
])
def test_constellation_schema_errors(old, new, needle):
    with pytest.raises(ScenarioError) as err:
        scenario_from_text(TEXT.replace(old, new))
    assert any(needle in p for p in err.value.problems), err.value.problems


def test_default_scenario_space_layer_from_constellation():
    sc = builtin_scenario()
    assert sc.defender.layers[0].constellation.satellites == 7800  # CBO 2026
    plan = prepare_plan(sc)
    assert plan.satellites[0] == 7800
    assert 5 <= plan.inventory_samples[0].mean() <= 30
