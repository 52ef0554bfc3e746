import json
import math

import pytest
from typer.testing import CliRunner

from opendome.cli.app import app

runner = CliRunner()

BASE = ["constellation", "size", "--launch-lat", "30", "--alt", "500", "--inc", "50",
        "--dv", "6", "--accel", "10", "--time-available", "300", "--target-alt", "0",
        "--hours", "3", "--step", "60"]


def _json(args):
    res = runner.invoke(app, args)
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


def test_size_json_keys_and_growth_with_simultaneous_launches():
    one = _json(BASE + ["--json"])
    for key in ("satellites", "analytic_satellites", "absentee_ratio", "walker", "reach_km"):
        assert key in one
    assert one["coverage_achieved"] == 1.0
    two = _json(BASE + ["--simultaneous", "2", "--json"])
    assert two["satellites"] > one["satellites"]
    assert two["analytic_satellites"] == pytest.approx(2 * one["analytic_satellites"], abs=1)


def test_size_text_output():
    res = runner.invoke(app, BASE)
    assert res.exit_code == 0
    assert "satellites:" in res.stdout and "absentee ratio" in res.stdout


def test_aps_preset_runs_and_compares_with_published():
    out = _json(["constellation", "size", "--preset", "aps2003", "--hours", "0.5", "--step", "30",
                 "--json"])
    assert out["model"] == "boost-engagement"
    assert out["published_satellites"] == 1600
    assert out["ratio_to_published"] == pytest.approx(out["satellites"] / 1600)
    assert out["assumptions"]["time_available_s"] == 100.0
    # one boost-profile source: the catalog threat, with APS's 170 s as a visible override
    assert out["assumptions"]["threat"] == "icbm-solid"
    assert out["assumptions"]["overrides_of_the_threat"] == {
        "burn_time_s": {"preset": 170.0, "threat": 180.0}}
    assert "catalog icbm-solid" in out["sources"]["burnout_altitude_m"]
    assert "burn_time_s" in out["sources"] and "notional" in out["sources"]["inclination_deg"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--inc", "20", "--launch-lat", "60"], "never come within reach"),
        (["--coverage", "1.5"], "--coverage"),
        (["--time-available", "10"], "does not span"),
        (["--simultaneous", "0"], "--simultaneous"),
    ],
)
def test_size_bad_input_exits_1_with_a_message(args, message):
    res = runner.invoke(app, BASE + args)
    assert res.exit_code == 1
    assert message in res.output
    assert "Traceback" not in res.output


def test_unknown_preset():
    res = runner.invoke(app, ["constellation", "size", "--preset", "nope"])
    assert res.exit_code == 1 and "aps2003" in res.output


SHELL = ["--planes", "20", "--per-plane", "40", "--phasing", "10", "--alt", "300", "--inc", "45",
         "--launch-lat", "40", "--launch-lon", "127", "--dv", "4", "--accel", "10",
         "--time-available", "160", "--hours", "3", "--step", "30"]


def test_coverage_command():
    out = _json(["constellation", "coverage", *SHELL, "--json"])
    sim = out["simulated"]
    assert sim["min"] <= sim["mean"]
    assert out["analytic_mean_in_reach"] == pytest.approx(sim["mean"], rel=0.3)


def test_attrition_command_shows_the_holes():
    out = _json(["constellation", "attrition", *SHELL, "--killed", "200", "--strategy", "planes",
                 "--json"])
    assert out["before"]["gaps"]["n_gaps"] == 0
    assert out["after"]["gaps"]["unengaged_fraction"] > 0
    res = runner.invoke(app, ["constellation", "attrition", *SHELL, "--killed", "200"])
    assert res.exit_code == 0 and "gap" in res.stdout
    bad = runner.invoke(app, ["constellation", "attrition", *SHELL, "--killed", "5000"])
    assert bad.exit_code == 1 and "--killed" in bad.output


def test_capacity_command_matches_counts_for_one_point():
    args = ["constellation", "capacity", *SHELL, "--launches", "3", "--json"]
    out = _json(args)
    assert 0 <= out["capacity_min"] <= out["capacity_mean"] <= 3
    assert sum(out["capacity_histogram"].values()) == 360  # 3 h at 30 s
    spread = _json(args + ["--spread", "300"])
    assert spread["launches"] == 3
    # launches from one point: capacity is min(K, count in reach) at the intercept altitude
    cov = _json(["constellation", "coverage", *SHELL, "--json"])
    assert out["capacity_min"] == min(3, cov["simulated"]["min"])


def test_orbit_and_target_heights_share_one_datum():
    # issue 9: a 303-km reach spans the 300 km between a 500-km orbit and a 200-km target
    args = ["constellation", "size", "--launch-lat", "30", "--simultaneous", "1", "--alt", "500",
            "--inc", "50", "--dv", "3", "--accel", "8", "--time-available", "120", "--json"]
    res = runner.invoke(app, args)
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    # reach after 120 s: dv (t - dv / 2a) = 3000 (120 - 3000 / (2 * 8 g)) = 302.6 km
    assert out["reach_km"] == pytest.approx(3.0 * (120 - 3000 / (2 * 8 * 9.80665)), rel=1e-9)
    # the cap's half-angle from the law of cosines on one sphere: cos t = (a^2 + b^2 - R^2)/2ab
    a, b, r = 6371.0088 + 500, 6371.0088 + 200, out["reach_km"]
    cap = math.degrees(math.acos((a * a + b * b - r * r) / (2 * a * b)))
    assert out["cap_angle_deg"] == pytest.approx(cap, rel=1e-9)
    assert out["analytic_satellites"] > 0


def test_sizing_errors_are_exceptions_naming_the_input():
    from opendome.api import SizingInputError, size_for_site

    with pytest.raises(SizingInputError) as info:
        size_for_site(launch_lat_deg=30, launch_lon_deg=0, simultaneous=1, altitude_m=500e3,
                      inclination_deg=50, delta_v_m_per_s=3000, accel_m_per_s2=80,
                      time_available_s=10, target_altitude_m=200e3)
    assert info.value.field == "time_available_s" and "does not span" in str(info.value)
