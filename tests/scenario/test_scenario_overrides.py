"""Catalog overrides per scenario and the catalog passed through validation and the plan."""

import dataclasses

import pytest

from opendome.catalog import load_catalog
from opendome.engine import build_plan
from opendome.engine.space_layer import layer_geometry
from opendome.scenario import ScenarioError, builtin_scenario, scenario_from_text
from opendome.space.reach import kill_vehicle_reach_m

BASE = """
name: what-if
attacker:
  salvos:
    - {missile: icbm-solid, count: 2, launch: {lat: 40, lon: 127}, aim: {lat: 39, lon: -98}}
defender:
  layers:
    - name: space
      phase: boost
      interceptor: sbi
      constellation:
        shells: [{altitude: "300 km", inclination: "45 deg", planes: 20, per_plane: 20}]
        launch_time_samples: 16
    - {name: mid, phase: midcourse, interceptor: gbi, inventory: 8}
"""


def _with(overrides: str) -> str:
    return BASE + "catalog_overrides:\n" + overrides


def test_overrides_take_units_and_reach_the_plan():
    sc = scenario_from_text(_with("""
  interceptors:
    sbi: {delta_v: "3 km/s", acceleration: "5 g0"}
    gbi: {pk: {warhead: 0.56}, source: "a test record of 10 in 18"}
  missiles:
    icbm-solid: {burn_time: "2 min"}
"""))
    cat = sc.catalog
    assert cat.interceptors["sbi"].delta_v_m_per_s == 3000.0
    assert cat.interceptors["sbi"].acceleration_m_per_s2 == pytest.approx(5 * 9.80665)
    assert cat.missiles["icbm-solid"].burn_time_s == 120.0
    assert load_catalog().interceptors["sbi"].delta_v_m_per_s == 4000.0  # base untouched
    plan = build_plan(sc)
    assert plan.pk[1, 1] == 0.56 and plan.pk[1, 2] == load_catalog().interceptors["gbi"].pk[
        "decoy"].value
    geometry = layer_geometry(sc, 0)
    # time left after the 45 s + 25 s default delays of a 120 s burn
    assert geometry.salvos[0].time_available_s == 120.0 - 45.0 - 25.0
    assert geometry.salvos[0].reach_m == pytest.approx(float(kill_vehicle_reach_m(50.0, 3000.0,
                                                                        5 * 9.80665)))


def test_overrides_keep_provenance_and_are_echoed():
    sc = scenario_from_text(_with("""
  interceptors:
    gbi: {pk: {warhead: 0.56}, source: "a test record of 10 in 18"}
    sbi: {delta_v: "3 km/s"}
"""))
    gbi = sc.catalog.interceptors["gbi"].pk["warhead"]
    assert not gbi.notional and "a test record of 10 in 18" in gbi.source
    assert "9 successes in 17" in gbi.source  # the replaced catalog value's source is kept
    sbi = sc.catalog.interceptors["sbi"].params["delta_v_m_per_s"]
    assert sbi.notional and "without a stated source" in sbi.source
    records = {(r["entry"], r["parameter"]): r for r in sc.override_records()}
    assert records[("interceptors.sbi", "delta_v_m_per_s")]["catalog_value"] == 4000.0
    assert records[("interceptors.gbi", "pk.warhead")]["value"] == 0.56
    assert "; catalog overrides: " in sc.summary()
    assert "sbi.delta_v_m_per_s 3000 (catalog 4000)" in sc.summary()
    assert builtin_scenario().override_records() == []


def test_service_life_is_stored_in_the_catalogs_years():
    sc = scenario_from_text(_with("  interceptors:\n    sbi: {service_life: '7 yr'}\n"))
    assert sc.catalog.interceptors["sbi"].service_life_yr == pytest.approx(7.0)


@pytest.mark.parametrize("overrides,line", [
    ("  missiles:\n    icbm-solid: {glide_altitude: '40 km'}\n",
     "catalog_overrides.missiles.icbm-solid.glide_altitude: a ballistic missile has no "
     "glide_altitude; its parameters: range, burn_time, burnout_speed, burnout_altitude"),
    ("  missiles:\n    icbm-slid: {burn_time: '120 s'}\n",
     "catalog_overrides.missiles.icbm-slid: no missile 'icbm-slid' in the catalog; did you "
     "mean 'icbm-solid'?"),
    ("  interceptors:\n    sbi: {delta_v: '-3 km/s'}\n",
     "catalog_overrides.interceptors.sbi.delta_v: must be > 0"),
    ("  interceptors:\n    sbi: {delta_v: 3000}\n",
     "catalog_overrides.interceptors.sbi.delta_v: expected a speed with units"),
    ("  interceptors:\n    gbi: {pk: {warhead: 1.5}}\n",
     "catalog_overrides.interceptors.gbi.pk.warhead: must be <= 1"),
    ("  interceptors:\n    gbi: {min_intercept_altitude: '3000 km'}\n",
     "catalog_overrides.interceptors.gbi.min_intercept_altitude: must be below"),
    ("  interceptors:\n    sbi: {burnout_speed: '3 km/s'}\n",
     "catalog_overrides.interceptors.sbi.burnout_speed: a space-based interceptor has no "
     "burnout_speed"),
])
def test_bad_overrides_name_the_field(overrides, line):
    with pytest.raises(ScenarioError) as err:
        scenario_from_text(_with(overrides))
    assert len(err.value.problems) == 1
    assert err.value.problems[0].startswith(line), err.value.problems[0]


def test_every_catalog_parameter_can_be_overridden():
    from opendome.scenario.overrides import INTERCEPTOR_FIELDS, MISSILE_FIELDS
    cat = load_catalog()
    for entries, fields in ((cat.missiles, MISSILE_FIELDS),
                            (cat.interceptors, INTERCEPTOR_FIELDS)):
        for entry in entries.values():
            assert set(type(entry).numeric_fields()) <= set(fields.values()), entry.key


def test_validation_uses_the_catalog_in_its_context():
    from opendome.scenario import Scenario
    from opendome.scenario.load import parse_yaml
    cat = load_catalog()
    smaller = dataclasses.replace(cat, missiles={k: v for k, v in cat.missiles.items()
                                                 if k != "icbm-solid"})
    data = parse_yaml(BASE, "t")
    assert Scenario.model_validate(data, context={"catalog": cat}).catalog == cat
    with pytest.raises(Exception, match="unknown missile 'icbm-solid'"):
        Scenario.model_validate(data, context={"catalog": smaller})
