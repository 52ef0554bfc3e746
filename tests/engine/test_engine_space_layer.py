"""A space layer defined by its constellation: geometry vs the analytic density, schema, engine."""

import numpy as np
import pytest

from opendome.catalog import load_catalog
from opendome.core.earth import SPHERE
from opendome.engine import build_plan, layer_geometry, simulate
from opendome.scenario import Point, Salvo, ScenarioError, builtin_scenario, scenario_from_text
from opendome.space.coverage import count_in_reach, expected_in_reach, pattern_span_s
from opendome.space.pattern import EngagementGeometry, pattern_counts
from opendome.space.reach import kill_vehicle_reach_m, reach_central_angle_rad
from opendome.space.walker import walker

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
    assert g.salvos[0].reach_m == pytest.approx(reach)
    burnout = cat.missiles["icbm-solid"].burnout_altitude_m
    cap = reach_central_angle_rad(reach, SPHERE.radius_m_at(300e3),
                                  SPHERE.radius_m_at(burnout))
    analytic = float(expected_in_reach(2000, np.radians(40.0), np.radians(45.0), cap))
    assert g.in_reach.mean() == pytest.approx(analytic, rel=0.15)
    assert g.absentee_ratio == pytest.approx(2000 / g.in_reach.mean())


def test_engine_uses_the_counts():
    sc = scenario_from_text(TEXT)
    plan = build_plan(sc)
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
    plan = build_plan(sc)
    assert plan.satellites[0] == 7800
    assert 5 <= plan.inventory_samples[0].mean() <= 30


def _with_salvos(sc, salvos):
    return sc.model_copy(update={"attacker": sc.attacker.model_copy(update={"salvos": salvos})})


def _salvo(name, missile, launch, aim, count=10, **kw):
    return Salvo(name=name, missile=missile, count=count,
                 launch=Point(lat=launch[0], lon=launch[1]), aim=Point(lat=aim[0], lon=aim[1]),
                 **kw)


NORTH_KOREA, RUSSIA, KANSAS = (40.0, 127.5), (55.0, 60.0), (39.0, -98.0)


def test_two_salvos_from_different_latitudes_get_their_own_in_reach():
    """Each salvo's count follows the density formula at its own latitude (40 N vs 10 N)."""
    sc = scenario_from_text(TEXT)
    sc = _with_salvos(sc, [_salvo("north", "icbm-solid", NORTH_KOREA, KANSAS),
                           _salvo("south", "icbm-solid", (10.0, 100.0), (35.7, 139.7))])
    g = layer_geometry(sc, 0, sc.attacker.salvos)
    north, south = g.salvos
    burnout = load_catalog().missiles["icbm-solid"].burnout_altitude_m
    cap = reach_central_angle_rad(north.reach_m, SPHERE.radius_m_at(300e3),
                                  SPHERE.radius_m_at(burnout))
    for salvo, lat in ((north, 40.0), (south, 10.0)):
        analytic = float(expected_in_reach(2000, np.radians(lat), np.radians(45.0), cap))
        assert salvo.in_reach.mean() == pytest.approx(analytic, rel=0.15)
    assert north.in_reach.mean() > 1.3 * south.in_reach.mean()  # denser near the inclination
    # 4,000 km apart, reaches of 358 km: separate stocks, one per salvo
    assert north.pool != south.pool
    plan = build_plan(sc)  # salvos in plan order: by launch time, missile, launch point ...
    pools = plan.reach[0].pools
    assert pools.shape == (2, 1440)
    np.testing.assert_array_equal(plan.inventory_samples[0], pools)
    for s, name in enumerate(plan.salvo_names):
        salvo = g.salvos[[x.name for x in sc.attacker.salvos].index(name)]
        np.testing.assert_array_equal(pools[plan.salvo_pool[0, s]], salvo.in_reach)


def test_one_launch_area_is_one_pool_and_a_sphere_inside_another_adds_nothing():
    """Solid ICBMs (reach 358 km from burnout at 200 km) beside liquid ones (638 km from 300 km)
    at one launch point: one stock, and the union of the two reach spheres is the larger one.
    IRBMs there (118 km from 120 km) never reach a 300 km orbit: not engaged, and they say so."""
    sc = _with_salvos(scenario_from_text(TEXT), [
        _salvo("solid", "icbm-solid", NORTH_KOREA, KANSAS),
        _salvo("liquid", "icbm-liquid", NORTH_KOREA, KANSAS),
        _salvo("irbm", "irbm", NORTH_KOREA, (13.4, 144.8), count=12)])
    solid, liquid, irbm = layer_geometry(sc, 0, sc.attacker.salvos).salvos
    assert solid.pool == liquid.pool == 0
    assert solid.reach_m + 100e3 < liquid.reach_m
    assert (solid.in_reach <= liquid.in_reach).all()
    assert irbm.pool == -1 and irbm.reach_m < 180e3
    plan = build_plan(sc)
    np.testing.assert_array_equal(plan.inventory_samples[0], liquid.in_reach)
    irbm_index = plan.salvo_names.index("irbm")
    assert plan.engagements[0, irbm_index] == 0
    assert "kill-vehicle reach 118 km" in plan.no_engagement[0].reason


def test_salvo_order_does_not_move_the_space_layer():
    """Issue 10: ten ICBMs from 40 N plus ten from 55 N against the default defence. The space
    layer (45 deg orbits) can never reach 55 N: it engages only the 40 N salvo, whatever the
    order of the salvos in the file, and the results are identical."""
    sc = builtin_scenario()
    a = _salvo("A", "icbm-solid", NORTH_KOREA, KANSAS)
    b = _salvo("B", "icbm-solid", RUSSIA, KANSAS)
    plans = [build_plan(_with_salvos(sc, order)) for order in ([a, b], [b, a])]
    for plan in plans:
        space = plan.layer_names.index("space")
        b_index = plan.salvo_names.index("B")
        assert plan.engagements[space, b_index] == 0
        assert plan.engagements[space, 1 - b_index] == 1
        [why] = [r.reason for r in plan.no_engagement if r.layer == "space"]
        assert "no space-based interceptor in reach of the launch at 55.00, 60.00" in why
    runs = [simulate(plan, 3000, seed=3) for plan in plans]
    np.testing.assert_array_equal(runs[0].leakers, runs[1].leakers)
    np.testing.assert_array_equal(runs[0].interceptors_used, runs[1].interceptors_used)
    alone = simulate(build_plan(_with_salvos(sc, [a])), 3000, seed=3)
    # the space layer's stock and kills are those of the 40 N salvo alone
    np.testing.assert_array_equal(runs[0].inventory_available[:, 0],
                                  alone.inventory_available[:, 0])
    assert runs[0].warheads_killed[:, 0].mean() <= 10


def test_short_burn_irbms_leave_the_gliders_engaged():
    """Twelve IRBMs beside six glide vehicles: the gliders keep their own in-reach counts."""
    sc = builtin_scenario("glide-vehicles")
    [gliders] = sc.attacker.salvos
    both = _with_salvos(sc, [gliders, _salvo("irbm", "irbm", NORTH_KOREA, (13.4, 144.8),
                                             count=12)])
    alone = build_plan(sc)
    plan = build_plan(both)
    g = plan.salvo_names.index(alone.salvo_names[0])
    assert plan.engagements[0, g] == 1
    np.testing.assert_array_equal(plan.reach[0].salvos[g].in_reach,
                                  alone.reach[0].salvos[0].in_reach)
    assert alone.inventory_samples[0].mean() > 1


def test_launch_times_cover_the_whole_pattern():
    """Issue 11: a scenario's constellation layer takes its in-reach distribution from the whole
    pattern. Independent references: the Walker shell's pattern torus (every state it takes over
    the site, each equally likely in the long run) and a time-stepped count over ten days."""
    sc = scenario_from_text(TEXT)
    g = layer_geometry(sc, 0)
    in_reach = g.salvos[0].in_reach
    assert in_reach.size == 1440
    cat = load_catalog()
    burnout = cat.missiles["icbm-solid"].burnout_altitude_m
    reach = g.salvos[0].reach_m
    lat, lon = np.radians(40.0), np.radians(127.5)
    torus = pattern_counts(40, 50, 1, 300e3, np.radians(45.0),
                           EngagementGeometry.cap(lat, lon, reach, burnout)).histogram()
    c = walker(300e3, np.radians(45.0), 40, 50, 1)  # the scenario's shell (phasing 1)
    stepped = count_in_reach(c, np.arange(0.0, 10 * 86400.0, 30.0), lat, lon, reach,
                             target_altitude_m=burnout)
    for value in set(torus) | set(np.unique(in_reach).tolist()):
        engine = float(np.mean(in_reach == value))
        assert engine == pytest.approx(torus.get(value, 0.0), abs=0.03), value
        assert engine == pytest.approx(float(np.mean(stepped == value)), abs=0.03), value
    # the launch times span one full turn of the nodes relative to the Earth, not a day
    assert 0.9 * 86400.0 < pattern_span_s(c) < 86400.0
