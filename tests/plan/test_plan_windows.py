"""Shot opportunities from geometry: the built-in cases and the radar horizon, by hand."""

import math

import pytest

from opendome.catalog import load_catalog
from opendome.core.constants import EARTH_MEAN_RADIUS_M, EFFECTIVE_EARTH_RADIUS_FACTOR
from opendome.core.earth import geodetic_to_ecef, ground_range_m
from opendome.engine import build_plan
from opendome.plan.windows import STEP_S
from opendome.scenario import ScenarioError, builtin_scenario, scenario_from_text


def _reasons(plan):
    return {r.layer: r.reason for r in plan.no_engagement}


def test_default_windows_from_geometry():
    plan = build_plan(builtin_scenario("golden-dome-limited"))
    windows = {w.layer: w for w in plan.windows}
    # GBIs fire from Fort Greely, the closer site to a North Korea - Kansas flight
    assert windows["midcourse-gbi"].site == "63.95,-145.73"
    assert windows["midcourse-gbi"].opportunities == 1
    assert windows["midcourse-ngi"].opportunities == 2  # shoot-look-shoot fits in the window
    [chain] = plan.kill_chains
    assert chain.detection_s < 120  # infrared early warning during the 180 s boost
    assert chain.detection_s <= chain.fire_control_track_s <= chain.discrimination_s
    assert windows["midcourse-gbi"].earliest_s > chain.fire_control_track_s
    assert windows["terminal"].latest_s <= chain.flight_time_s


def test_glide_vehicle_below_the_midcourse_floor():
    plan = build_plan(builtin_scenario("glide-vehicles"))
    assert "below the interceptor's minimum intercept altitude" in _reasons(plan)["midcourse-gbi"]
    assert plan.engagements[plan.layer_names.index("midcourse-gbi"), 0] == 0


def test_cruise_missile_seen_at_the_radar_horizon():
    """First seen where the 4/3-Earth horizon of a 30 m mast meets a 30 m-high missile."""
    sc = builtin_scenario("cruise-missiles")
    plan = build_plan(sc)
    [chain] = plan.kill_chains
    radar = next(s for s in sc.defender.sensors if s.name == "battery-radar")
    missile = load_catalog().missiles["cruise"]
    k_r = 2 * EFFECTIVE_EARTH_RADIUS_FACTOR * EARTH_MEAN_RADIUS_M
    horizon_m = math.sqrt(k_r * radar.height) + math.sqrt(k_r * missile.cruise_altitude_m)
    salvo = sc.attacker.salvos[0]
    radar_xyz = geodetic_to_ecef(math.radians(radar.site.lat), math.radians(radar.site.lon))
    aim_xyz = geodetic_to_ecef(math.radians(salvo.aim.lat), math.radians(salvo.aim.lon))
    beyond_aim_m = float(ground_range_m(radar_xyz, aim_xyz))  # the radar is behind the aim
    expected = chain.flight_time_s - (horizon_m - beyond_aim_m) / missile.cruise_speed_m_per_s
    assert chain.first_seen_s["battery-radar"] == pytest.approx(expected, abs=2 * STEP_S + 2)
    assert chain.first_seen_s["sbirs"] is None  # no rocket plume
    assert "below the interceptor's minimum" in _reasons(plan)["terminal-thaad"]
    pac3 = next(w for w in plan.windows if w.layer == "terminal-pac3")
    assert pac3.opportunities >= 1 and pac3.earliest_s > chain.fire_control_track_s


def test_fobs_from_the_south_and_the_space_tracking_layer():
    """North-facing radars miss a FOBS from the south; the space tracking layer sees it early,
    and losing it takes the GBIs' shot away."""
    sc = builtin_scenario("fractional-orbital")
    plan = build_plan(sc)
    [chain] = plan.kill_chains
    assert chain.first_seen_s["sbirs"] is not None and chain.first_seen_s["sbirs"] < 300
    for radar in ("uewr-thule", "uewr-cape-cod", "cobra-dane", "lrdr-clear"):
        assert chain.first_seen_s[radar] is None
    assert chain.fire_control_track_s < 0.1 * chain.flight_time_s
    gbi = plan.layer_names.index("midcourse-gbi")
    assert plan.engagements[gbi, 0] >= 1
    sensors = [s for s in sc.defender.sensors if s.type != "space-tracking"]
    lost = sc.model_copy(update={"defender": sc.defender.model_copy(
        update={"sensors": sensors})})
    blind = build_plan(lost)
    [chain] = blind.kill_chains
    assert chain.fire_control_track_s > 0.9 * chain.flight_time_s
    assert (blind.engagements == 0).all()


def test_space_view_counts_satellites_with_a_clear_line_of_sight():
    """An object straight above a satellite's ground track, inside range, is seen; the same
    object on the far side of the Earth is not."""
    import numpy as np

    from opendome.engine.space_layer import space_sensor_view
    from opendome.scenario.models import Sensor

    sensor = Sensor.model_validate({
        "name": "t", "type": "space-tracking", "max_range": "3000 km",
        "shells": [{"altitude": "1000 km", "inclination": "90 deg", "planes": 1,
                    "per_plane": 1, "phasing": 0}]})
    t = np.array([0.0])
    r = 6378137.0
    # at t = 0 the satellite is over (0, 0) at 1,000 km (Walker: node at 0, anomaly 0)
    above = np.array([[[r + 500e3, 0.0, 0.0]]])
    behind = np.array([[[-(r + 500e3), 0.0, 0.0]]])
    assert space_sensor_view(sensor, t, above)[0, 0] == 1
    assert space_sensor_view(sensor, t, behind)[0, 0] == 0


def test_moving_a_site_changes_the_result():
    """A terminal battery 2,000 km from the aim point gets no shot, and says why."""
    sc = builtin_scenario("golden-dome-limited")
    layers = list(sc.defender.layers)
    layers[3] = layers[3].model_copy(update={"sites": [layers[3].sites[0].model_copy(
        update={"lat": 30.0, "lon": -80.0})]})
    moved = sc.model_copy(update={"defender": sc.defender.model_copy(update={"layers": layers})})
    plan = build_plan(moved)
    assert plan.engagements[3, 0] == 0
    assert "ground range" in _reasons(plan)["terminal"]


@pytest.mark.parametrize("old,new,needle", [
    ("      sites: [{lat: 38.80, lon: -97.60}]\n",
     "      sites: [{lat: 38.80, lon: -97.60}]\n      opportunities: 2\n",
     "with sites, shot opportunities come from geometry"),
    ("    - {name: sbirs, type: infrared,", "    - {name: sbirs, type: infrared, "
     "site: {lat: 1, lon: 2},", "space-based; remove site"),
])
def test_geometry_schema_errors(old, new, needle):
    from importlib import resources

    text = resources.files("opendome.scenario").joinpath(
        "builtin", "golden-dome-limited.yaml").read_text()
    assert old in text
    with pytest.raises(ScenarioError) as err:
        scenario_from_text(text.replace(old, new, 1))
    assert any(needle in p for p in err.value.problems), err.value.problems


def test_sites_need_a_fire_control_radar():
    text = """
name: t
attacker:
  salvos:
    - {missile: icbm-solid, count: 1, launch: {lat: 40, lon: 127}, aim: {lat: 39, lon: -98}}
defender:
  layers:
    - {name: mid, phase: midcourse, interceptor: gbi, inventory: 4,
       sites: [{lat: 63.95, lon: -145.73}]}
"""
    with pytest.raises(ScenarioError) as err:
        scenario_from_text(text)
    assert any("need sensors" in p for p in err.value.problems)
