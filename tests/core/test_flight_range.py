"""Range checks at validation: a salvo that cannot reach its aim point is a scenario error."""

import math

import numpy as np
import pytest

from opendome.core.flight_range import (
    RANGE_ANTIPODAL,
    RANGE_BEYOND,
    RANGE_OK,
    RANGE_SAME_POINT,
    ballistic_range_m,
    flight_distance_m,
    range_status,
)
from opendome.scenario import ScenarioError, scenario_from_text

BASE = """
name: t
attacker:
  salvos:
    - {{missile: icbm-solid, count: 1, launch: {{lat: 40, lon: 127.5}}, aim: {{lat: 39, lon: -98}}}}
    - {{missile: {missile}, count: 12, launch: {{lat: {lat0}, lon: {lon0}}},
       aim: {{lat: {lat1}, lon: {lon1}}}}}
defender:
  layers:
    - {{name: mid, phase: midcourse, interceptor: gbi, inventory: 4}}
"""


def _problems(missile, launch, aim):
    text = BASE.format(missile=missile, lat0=launch[0], lon0=launch[1], lat1=aim[0], lon1=aim[1])
    with pytest.raises(ScenarioError) as err:
        scenario_from_text(text)
    return err.value.problems


def test_quarter_of_the_equator_is_a_quarter_circumference():
    """Independent value: 90 deg of arc on the mean sphere is pi R / 2 (10,007.5 km)."""
    d = flight_distance_m(0.0, 0.0, 0.0, math.pi / 2)
    assert d == pytest.approx(math.pi * 6371008.8 / 2, rel=1e-9)


def test_irbm_beyond_its_range_names_the_salvo_distance_and_range():
    """Issue 10: an IRBM salvo at 4,692 km with a 4,000 km range (North Korea to Darwin)."""
    [problem] = _problems("irbm", (40.0, 127.5), (-12.46, 130.84))
    path, message = problem.split(": ", 1)
    assert path == "attacker.salvos[1]"
    km = float(flight_distance_m(*np.radians([40.0, 127.5, -12.46, 130.84]))) / 1e3
    # the IRBM's 5.43 km/s burnout speed is the minimum-energy speed for 4,000 km (catalog)
    assert f"{km:,.0f} km" in message and "4,096 km range of 'irbm'" in message


def test_ballistic_range_is_the_textbook_minimum_energy_range():
    """DESIGN.md / Bate, Mueller & White: 7.198 km/s at the surface flies 10,000 km."""
    assert float(ballistic_range_m(7198.0, 0.0)) == pytest.approx(1.0e7, rel=1e-3)
    assert float(ballistic_range_m(7.95e3, 0.0)) == math.inf  # orbital speed reaches anywhere


@pytest.mark.parametrize("missile,launch,aim,needle", [
    ("icbm-solid", (40.0, 127.5), (40.0, 127.5), "the aim point is the launch point"),
    ("fobs", (45.0, 63.0), (45.0, 63.0), "the aim point is the launch point"),
    ("cruise", (37.5, -129.0), (37.5, -129.0), "the aim point is the launch point"),
    ("cruise", (37.5, -129.0), (30.0, 150.0), "1,600 km range of 'cruise'"),  # ~ 10,000 km
    ("hgv", (40.0, 127.5), (-40.0, -52.5), "antipodal"),
])
def test_unflyable_salvos_are_validation_errors(missile, launch, aim, needle):
    [problem] = _problems(missile, launch, aim)
    assert problem.startswith("attacker.salvos[1]: ") and needle in problem


def test_antipodal_points_and_the_fractional_orbit():
    """In-plane flights to the antipode have no plane; a fractional orbit picks its own."""
    lat, lon = np.radians(40.0), np.radians(127.5)
    anti = (-lat, lon - math.pi)
    status, distance = range_status("ballistic", 3e7, lat, lon, *anti)
    assert status == RANGE_ANTIPODAL
    assert distance == pytest.approx(math.pi * 6371008.8)
    assert range_status("fobs", 3e7, lat, lon, *anti)[0] == RANGE_OK
    assert range_status("fobs", 1e7, lat, lon, *anti)[0] == RANGE_BEYOND
    assert range_status("glide", np.inf, lat, lon, lat, lon)[0] == RANGE_SAME_POINT


def test_every_builtin_scenario_is_within_range():
    from opendome.scenario import builtin_names, builtin_scenario

    for name in builtin_names():
        builtin_scenario(name)  # raises ScenarioError on a salvo out of range
