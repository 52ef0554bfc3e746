"""``opendome czml``: trajectories, sites, orbits and windows, checked against geometry."""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path

import numpy as np
import pytest
from czml3 import Document
from typer.testing import CliRunner

from opendome import api
from opendome.cli import app
from opendome.core.constants import EARTH_MEAN_RADIUS_M

runner = CliRunner()


def seconds(iso: str) -> float:
    t = dt.datetime.fromisoformat(iso.replace("Z", "+00:00"))
    return (t - dt.datetime(2026, 1, 1, tzinfo=dt.UTC)).total_seconds()


def interval(text: str) -> tuple[float, float]:
    a, b = text.split("/")
    return seconds(a), seconds(b)


def samples(packet: dict) -> tuple[np.ndarray, np.ndarray]:
    flat = np.asarray(packet["position"]["cartesian"], dtype=float).reshape(-1, 4)
    return flat[:, 0] + seconds(packet["position"]["epoch"]), flat[:, 1:]


@pytest.fixture(scope="module")
def czml(tmp_path_factory: pytest.TempPathFactory) -> list[dict]:
    out = tmp_path_factory.mktemp("czml") / "gd.czml"
    result = runner.invoke(app, ["czml", "golden-dome-limited", "--out", str(out),
                                 "--max-satellites", "60"])
    assert result.exit_code == 0, result.output
    assert "1 salvo(s)" in result.output and "60 satellite(s)" in result.output
    Document.load(out)  # czml3 reads it back: valid CZML packets
    return json.loads(out.read_text())


def test_clock_covers_the_flight_and_trajectory_joins_launch_to_aim(czml: list[dict]) -> None:
    sc = api.builtin_scenario("golden-dome-limited")
    salvo = sc.attacker.salvos[0]
    doc = czml[0]
    assert doc["id"] == "document" and doc["version"] == "1.0"
    start, stop = interval(doc["clock"]["interval"])
    packet = next(p for p in czml if p["id"] == "salvo/0")
    t, xyz = samples(packet)
    assert packet["position"]["referenceFrame"] == "FIXED"
    assert start <= t[0] == salvo.launch_time and t[-1] <= stop
    launch = api.geodetic_to_ecef(math.radians(salvo.launch.lat), math.radians(salvo.launch.lon))
    aim = api.geodetic_to_ecef(math.radians(salvo.aim.lat), math.radians(salvo.aim.lon))
    assert np.linalg.norm(xyz[0] - launch) < 5e3          # leaves from the launch point
    assert np.linalg.norm(xyz[-1] - aim) < 50e3           # and lands by the aim point
    # a 10,000 km-class ICBM: about 30 min of flight, apogee above 1,000 km (textbook)
    assert 1500 < t[-1] - t[0] < 2700
    assert np.linalg.norm(xyz, axis=1).max() - EARTH_MEAN_RADIUS_M > 1.0e6
    assert interval(packet["availability"]) == pytest.approx((t[0], t[-1]), abs=1.0)


def test_satellites_fly_on_their_shell(czml: list[dict]) -> None:
    sats = [p for p in czml if p["id"].startswith("sat/space/")]
    assert len(sats) == 60
    for p in sats[:10]:
        _, xyz = samples(p)
        altitude = np.linalg.norm(xyz, axis=1) - EARTH_MEAN_RADIUS_M
        # circular orbits of the 300 km shell (radius against a sphere: within the flattening)
        assert np.all(np.abs(altitude - 300e3) < 25e3)
        lat = np.degrees(np.arcsin(xyz[:, 2] / np.linalg.norm(xyz, axis=1)))
        assert np.all(np.abs(lat) <= 45.0 + 0.5)  # 45 deg inclination bounds the latitude


def test_sites_sensors_and_windows_match_the_plan(czml: list[dict]) -> None:
    sc = api.builtin_scenario("golden-dome-limited")
    plan = api.build_plan(sc)
    ids = {p["id"]: p for p in czml}
    n_sites = sum(len(layer.sites) for layer in sc.defender.layers)
    assert sum(1 for i in ids if i.startswith("site/")) == n_sites
    radars = [s.name for s in sc.defender.sensors if s.type == "radar"]
    assert sorted(i.removeprefix("sensor/") for i in ids if i.startswith("sensor/")) == \
        sorted(radars)
    windows = [w for w in plan.windows if w.opportunities]
    assert windows
    salvo = next(p for p in czml if p["id"] == "salvo/0")
    flight = interval(salvo["availability"])
    for w in windows:
        packet = ids[f"window/{w.layer}/salvo/0"]
        a, b = interval(packet["availability"])
        assert (a, b) == pytest.approx((w.earliest_s, w.latest_s), abs=1.0)
        assert flight[0] <= a <= b <= flight[1] + 1.0
        assert packet["position"]["reference"] == "salvo/0#position"


def test_czml_of_a_bad_scenario_is_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\nattacker: {salvos: []}\ndefender: {layers: []}\n")
    result = runner.invoke(app, ["czml", str(bad), "--out", str(tmp_path / "x.czml")])
    assert result.exit_code == 1
    assert "attacker.salvos" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "x.czml").exists()
