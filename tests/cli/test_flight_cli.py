"""`opendome trajectory`: JSON keys, plausible figures, one-line errors."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from opendome.cli import app

runner = CliRunner()


def fly(*args: str) -> dict:
    result = runner.invoke(app, ["trajectory", *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_icbm_json_has_the_promised_keys_and_textbook_figures() -> None:
    # about 10,000 km: DESIGN.md's minimum-energy flight is about 32 min with a ~1,300 km apogee;
    # here the burnout is at 200 km and the Earth turns, so a few minutes more
    out = fly("--missile", "icbm-solid", "--from", "40,125", "--to", "40,-100")
    for key in ("flight_time_s", "apogee_m", "burnout_speed_m_per_s", "range_m", "events"):
        assert key in out
    assert 9.9e6 < out["range_m"] < 1.02e7
    assert 28 * 60 < out["flight_time_s"] < 38 * 60
    assert 1.1e6 < out["apogee_m"] < 1.6e6
    assert out["burnout_speed_m_per_s"] <= 7200.0
    assert [e["event"] for e in out["events"]][0] == "launch"
    assert out["events"][-1]["event"] == "impact"
    assert out["impact"]["latitude_deg"] == pytest.approx(40.0, abs=1e-4)
    assert "burnout_speed_m_per_s" in out["sources"]


def test_trajectory_types_order_flight_times() -> None:
    times = {k: fly("--missile", "irbm", "--from", "39,125", "--to", "13.5,144.8", "--type", k)
             ["flight_time_s"] for k in ("min-energy", "lofted", "depressed")}
    assert times["lofted"] > times["min-energy"] > times["depressed"]


@pytest.mark.parametrize("missile", ["hgv", "cruise", "fobs", "slbm"])
def test_every_flight_profile_flies(missile: str) -> None:
    to = {"cruise": "35,135", "fobs": "35,-120"}.get(missile, "35,-160")
    out = fly("--missile", missile, "--from", "40,125", "--to", to)
    assert out["flight_time_s"] > 0 and out["range_m"] > 0


def test_text_output_names_the_events() -> None:
    result = runner.invoke(app, ["trajectory", "--missile", "hgv", "--from", "40,125",
                                 "--to", "35,-160"])
    assert result.exit_code == 0, result.output
    assert "glide start" in result.stdout and "flight time" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--missile", "nope", "--from", "0,0", "--to", "1,1"], "--missile: unknown missile"),
        (["--missile", "irbm", "--from", "95,0", "--to", "1,1"], "--from: latitude"),
        (["--missile", "irbm", "--from", "0,0", "--to", "1"], "--to: give latitude"),
        (["--missile", "hgv", "--from", "0,0", "--to", "1,1", "--type", "lofted"], "--type"),
        (["--missile", "irbm", "--from", "0,0", "--to", "1,1", "--type", "flat"], "--type"),
        (["--missile", "irbm", "--from", "40,125", "--to", "40,-100"], "out of range"),
        (["--missile", "cruise", "--from", "40,125", "--to", "40,-100"], "range of 'cruise'"),
    ],
)
def test_bad_input_is_one_line_and_exit_1(args: list[str], message: str) -> None:
    result = runner.invoke(app, ["trajectory", *args])
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output
