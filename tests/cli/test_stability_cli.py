"""``opendome stability exchange`` and ``first-strike``: JSON keys, closed-form values, errors."""

import json
import math

import pytest
from typer.testing import CliRunner

from opendome.cli.app import app

runner = CliRunner()


def test_exchange_json_hand_worked():
    # I = 100, n = 2, p = 0.5, d = 1, R = 10: 25 warheads exhaust, W = 10 + 0.75*25 -> 29.
    res = runner.invoke(app, ["stability", "exchange", "--interceptors", "100", "--shots", "2",
                              "--pk", "0.5", "--decoys", "1", "--deliver", "10", "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert out["warheads_needed"] == 29
    assert out["warheads_per_interceptor"] == pytest.approx(0.75 / 4)
    assert out["cost_exchange_ratio"] is None  # no costs given


def test_exchange_catalog_type_and_force_sizes():
    res = runner.invoke(app, ["stability", "exchange", "--interceptors", "44", "--shots", "4",
                              "--interceptor", "gbi", "--deliver", "1", "--warhead-cost-usd",
                              "2e7", "--force-sizes", "0,5,20", "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert out["pk"] == pytest.approx(0.53)  # catalog: GBI 9 of 17 tests
    assert [r["warheads"] for r in out["force_sizes"]] == [0, 5, 20]
    q = 1 - 0.47**4
    assert out["force_sizes"][2]["delivered_with_defense"] == pytest.approx(20 - q * 11)


def test_exchange_cost_from_preset():
    cost = json.loads(runner.invoke(app, ["cost", "--preset", "cbo-2026-sbi", "--json"]).stdout)
    per_sbi = cost["total_usd"] / 7_800
    res = runner.invoke(app, ["stability", "exchange", "--interceptors", "16", "--interceptor",
                              "sbi", "--deliver", "5", "--cost-preset", "cbo-2026-sbi",
                              "--absentee-ratio", "487.5", "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    # 16 SBIs in reach, pk 0.9: 20 missiles deliver 5; each more SBI in reach stops 0.9 missile.
    assert out["warheads_needed"] == 20
    assert out["defender_cost_per_warhead_stopped_usd"] == pytest.approx(per_sbi * 487.5 / 0.9)


def test_exchange_decoys_needed():
    res = runner.invoke(app, ["stability", "exchange", "--interceptors", "44", "--shots", "4",
                              "--pk", "0.53", "--deliver", "2", "--warheads", "4", "--json"])
    out = json.loads(res.stdout)
    q = 1 - 0.47**4
    assert out["decoys_needed"] == math.ceil(11 * q / 2 - 1)


def test_first_strike_table_json():
    res = runner.invoke(app, ["stability", "first-strike", "--interceptors-a", "0,800,1600",
                              "--json"])
    assert res.exit_code == 0, res.output
    rows = json.loads(res.stdout)["rows"]
    assert [r["interceptors_a"] for r in rows] == [0, 800, 1600]
    assert rows[0]["index"] > rows[1]["index"] > rows[2]["index"]
    for r in rows:
        assert r["index"] == pytest.approx(r["ratio_a"] * r["ratio_b"])


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["stability", "exchange", "--interceptors", "10", "--pk", "1.5", "--deliver", "1"],
         "--pk"),
        (["stability", "exchange", "--interceptors", "-1", "--pk", "0.5", "--deliver", "1"],
         "--interceptors"),
        (["stability", "exchange", "--interceptors", "10", "--deliver", "1"], "--pk"),
        (["stability", "exchange", "--interceptors", "10", "--interceptor", "zzz", "--deliver",
          "1"], "--interceptor"),
        (["stability", "first-strike", "--interceptors-a", "a,b"], "--interceptors-a"),
    ],
)
def test_stability_errors(args, needle):
    res = runner.invoke(app, args)
    assert res.exit_code == 1
    assert needle in res.stderr and "Traceback" not in res.output
