"""``opendome run`` shows the outer loop over parameter distributions, in text and JSON."""

import json

from typer.testing import CliRunner

from opendome.cli.app import app
from tests.plans import one_icbm_against_gbis


def test_run_reports_the_spread_over_parameter_draws(tmp_path):
    path = tmp_path / "gbi.yaml"
    path.write_text(one_icbm_against_gbis("{beta_from_tests: {hits: 9, trials: 17}}", shots=2))
    runner = CliRunner()
    res = runner.invoke(app, ["run", str(path), "-n", "4000", "--draws", "40", "--json"])
    assert res.exit_code == 0, res.output
    u = json.loads(res.stdout)["uncertainty"]
    assert u["draws"] == 40 and u["trials_per_draw"] == 100
    assert u["parameters"][0]["path"] == "defender.layers[0].pk.warhead"
    lo, hi = u["p_no_leak_interval_95"]
    assert lo <= u["p_no_leak"] <= hi
    s = u["p_no_leak_spread"]
    assert s["p5"] <= s["p50"] <= s["p95"]
    text = runner.invoke(app, ["run", str(path), "-n", "4000", "--draws", "40"])
    assert text.exit_code == 0
    assert "parameter uncertainty (1 distributions, 40 draws x 100 trials)" in text.stdout
