"""``opendome cost``: JSON keys, the CBO preset figures through the CLI, one-line errors."""

import json

import pytest
from typer.testing import CliRunner

from opendome.cli.app import app

runner = CliRunner()


def _json(args):
    res = runner.invoke(app, args)
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


def test_cost_preset_json():
    out = _json(["cost", "--preset", "cbo-2026-sbi", "--json"])
    assert {"total_usd", "by_layer"} <= set(out)
    assert out["by_layer"]["sbi"]["units_bought"] == 31_200
    assert out["total_usd"] / 743e9 == pytest.approx(1.0, abs=0.05)  # CBO 12 May 2026
    assert out["ratio_to_published_total"] == pytest.approx(out["total_usd"] / 743e9)


def test_cost_lower_launch_price_through_cli():
    old = _json(["cost", "--preset", "cbo-2025-high", "--json"])["total_usd"]
    new = _json(["cost", "--preset", "cbo-2025-high", "--launch-price-usd-per-kg", "1500",
                 "--json"])["total_usd"]
    assert 0.30 <= 1 - new / old <= 0.40  # CBO 5 May 2025


def test_cost_scenario_json():
    out = _json(["cost", "golden-dome-limited", "--absentee-ratio", "487.5", "--json"])
    assert out["by_layer"]["space"]["units"] == 7_800
    assert set(out["by_layer"]) == {"space", "midcourse-gbi", "midcourse-ngi", "terminal"}
    assert out["total_usd"] == pytest.approx(sum(v["total_usd"] for v in out["by_layer"].values()))


@pytest.mark.parametrize(
    ("args", "code", "needle"),
    [
        (["cost", "--preset", "nope"], 1, "--preset"),
        (["cost", "--preset", "cbo-2026-sbi", "--launch-price-usd-per-kg", "-1"], 1,
         "--launch-price-usd-per-kg"),
        (["cost", "golden-dome-limited", "--absentee-ratio", "0.5"], 1, "--absentee-ratio"),
        (["cost", "no-such-scenario"], 1, "no-such-scenario"),
    ],
)
def test_cost_errors(args, code, needle):
    res = runner.invoke(app, args)
    assert res.exit_code == code
    assert needle in res.stderr
    assert "Traceback" not in res.output


def test_every_costed_number_has_a_source():
    out = _json(["cost", "--preset", "cbo-2026-sbi", "--json"])
    params = {"units", "average_unit_cost_usd", "learning_rate", "mass_kg",
              "launch_price_usd_per_kg", "service_life_yr", "development_usd",
              "operations_usd_per_yr"}
    assert {f"layers.sbi.{p}" for p in params} <= set(out["sources"])
    assert all(v.strip() for v in out["sources"].values())
    scen = _json(["cost", "golden-dome-limited", "--json"])
    for layer in scen["by_layer"]:
        assert any(k.startswith(f"{layer}.unit_cost_usd") for k in scen["sources"])
    assert "defaults.absentee_ratio" in scen["sources"]
