"""The flight summary behind ``opendome trajectory``, tested directly (no CLI).

Outside values: the aim point the flight must reach, the great-circle distance on the mean
sphere (haversine, computed here), and the time order of the events.
"""

from __future__ import annotations

import json
import math

import pytest

from opendome.catalog import load_catalog
from opendome.core.constants import EARTH_MEAN_RADIUS_M
from opendome.plan.flight_report import FlightInputError, flight_report
from opendome.report.jsonable import json_text

LAUNCH = (39.0, 125.8)
AIM = (35.0, 139.0)


def _haversine_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    p1, p2 = math.radians(a[0]), math.radians(b[0])
    dl = math.radians(b[1] - a[1])
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_MEAN_RADIUS_M * math.asin(math.sqrt(h))


@pytest.mark.parametrize("missile", ["icbm-solid", "irbm", "cruise", "fobs"])
def test_flight_reaches_the_aim_point_over_the_great_circle(missile: str) -> None:
    report = flight_report(load_catalog().missiles[missile], LAUNCH, AIM)
    assert report.impact["latitude_deg"] == pytest.approx(AIM[0], abs=0.05)
    assert report.impact["longitude_deg"] == pytest.approx(AIM[1], abs=0.05)
    if missile != "fobs":  # a fractional orbit flies its own way round
        assert report.range_m == pytest.approx(_haversine_m(LAUNCH, AIM), rel=0.01)
    times = [e["time_s"] for e in report.events]
    assert times == sorted(times) and 0 < report.flight_time_s
    assert report.apogee_m > 0
    data = json.loads(json_text(report.to_dict()))
    assert data["missile"] == missile and data["flight_time_s"] == report.flight_time_s


def test_ballistic_burnout_comes_before_apogee_and_impact() -> None:
    report = flight_report(load_catalog().missiles["icbm-solid"], LAUNCH, (38.0, -100.0))
    assert report.burnout is not None and report.trajectory_type == "min-energy"
    apogee = next(e["time_s"] for e in report.events if e["event"] == "apogee")
    assert 0 < report.burnout["time_s"] < apogee < report.flight_time_s


def test_flights_that_cannot_be_flown_name_the_input_to_change() -> None:
    missiles = load_catalog().missiles
    with pytest.raises(FlightInputError) as beyond:
        flight_report(missiles["cruise"], LAUNCH, (38.0, -100.0))
    assert beyond.value.option == "--to" and "closer --to" in beyond.value.problem
    with pytest.raises(FlightInputError) as kind:
        flight_report(missiles["cruise"], LAUNCH, AIM, kind="lofted")
    assert kind.value.option == "--type"
