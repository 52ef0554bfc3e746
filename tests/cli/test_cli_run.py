"""The main job end to end: `opendome run`, its JSON and its files."""

import json

import pyarrow.parquet as pq
from typer.testing import CliRunner

from opendome.cli import app

runner = CliRunner()


def test_run_default_json_keys_and_closed_form_agreement():
    result = runner.invoke(app, ["run", "glide-vehicles", "--trials", "20000", "--seed", "3",
                                 "--json"])
    assert result.exit_code == 0, result.output
    s = json.loads(result.stdout)
    for key in ("p_no_leak", "expected_leakers", "interceptors_used", "trials", "seed"):
        assert key in s
    assert s["trials"] == 20000 and s["seed"] == 3
    # no layer runs out here, so the exact closed form must lie in the 95 % interval (or close)
    lo, hi = s["p_no_leak_ci95"]
    assert lo - 0.005 <= s["closed_form"]["p_no_leak"] <= hi + 0.005
    assert s["interceptors_used"]["midcourse-gbi"] == 0
    assert s["not_engaged"][0]["layer"] == "midcourse-gbi"


def test_run_writes_summary_and_parquet(tmp_path):
    result = runner.invoke(app, ["run", "--trials", "3000", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "P(no warhead leaks)" in result.output
    summary = json.loads((tmp_path / "summary.json").read_text())
    table = pq.read_table(tmp_path / "trials.parquet")
    assert (tmp_path / "summary.png").stat().st_size > 10_000
    assert table.num_rows == 3000
    assert abs(table.column("leakers").to_numpy().mean() - summary["expected_leakers"]) < 1e-12


def test_run_unknown_scenario_is_one_line():
    result = runner.invoke(app, ["run", "no-such-scenario"])
    assert result.exit_code == 1
    assert "built-ins:" in result.output and "Traceback" not in result.output


def test_scenarios_and_catalog_list_sources():
    result = runner.invoke(app, ["scenarios", "--json"])
    items = json.loads(result.stdout)
    assert any(i["default"] for i in items) and all(i["sources"] for i in items)
    cat = json.loads(runner.invoke(app, ["catalog", "--json"]).stdout)
    assert cat["interceptors"]["sbi"]["parameters"]["unit_cost_usd"]["value"] == 22e6


def test_allocation_override():
    args = ["run", "decoy-saturation", "--trials", "5000", "--seed", "4", "--json"]
    managed = json.loads(runner.invoke(app, args).stdout)
    fixed = json.loads(runner.invoke(app, [*args, "--allocation", "fixed"]).stdout)
    assert managed["allocation"] == "manager" and fixed["allocation"] == "fixed"
    assert managed["expected_leakers"] < fixed["expected_leakers"]
    bad = runner.invoke(app, [*args, "--allocation", "random"])
    assert bad.exit_code == 1
    assert bad.stderr.startswith("error: --allocation: ")
