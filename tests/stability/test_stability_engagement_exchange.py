"""The engine-computed exchange: invariants, attrition as binomial thinning, the CLI."""

import json

import numpy as np
import pytest
from typer.testing import CliRunner

from opendome.cli import app
from opendome.engine import build_plan, simulate
from opendome.scenario import builtin_scenario
from opendome.stability.engagement_exchange import (
    ForceSweep,
    force_sweep,
    layer_margins,
    scaled_raid,
    space_layers,
    with_space_attrition,
)

runner = CliRunner()


def _with_inventories(scenario, inventories):
    layers = [layer.model_copy(update={"inventory": i, "constellation": None})
              for layer, i in zip(scenario.defender.layers, inventories, strict=True)]
    return scenario.model_copy(
        update={"defender": scenario.defender.model_copy(update={"layers": layers})})


def test_no_interceptors_deliver_everything():
    sc = _with_inventories(builtin_scenario(), [0, 0, 0, 0])
    sweep = force_sweep(sc, [0.5, 1, 2], 500, seed=1)
    assert np.array_equal(sweep.delivered, sweep.warheads.astype(float))


def test_delivered_grows_with_the_raid_and_falls_with_inventory():
    sc = builtin_scenario()
    sweep = force_sweep(sc, [1, 2, 4, 8], 4000, seed=3)
    assert np.all(np.diff(sweep.delivered) > 0)
    assert np.array_equal(sweep.warheads, [10, 20, 40, 80])
    for m in layer_margins(sc, 4000, seed=3):
        # more interceptors never deliver more (paired trials; allow 3 standard errors)
        assert m.delivered_after <= m.delivered_before + 3 * m.difference_se + 1e-12


def test_attrition_is_binomial_thinning():
    plan = build_plan(builtin_scenario())
    [space] = space_layers(plan)
    thinned = with_space_attrition(plan, 0.3).inventory_samples[space]
    # a mixture over the in-reach samples n_k of Binomial(n_k, 0.7): law of total variance
    n = plan.inventory_samples[space].astype(float)
    mean = 0.7 * n.mean()
    var = (0.7 * 0.3 * n).mean() + (0.7**2) * n.var()
    assert thinned.mean() == pytest.approx(mean, abs=0.03)
    assert thinned.var() == pytest.approx(var, rel=0.06)


def test_total_attrition_equals_no_space_layer():
    """With every space interceptor destroyed, trials equal those of a space inventory of 0
    (common random numbers: nothing else changes)."""
    sc = builtin_scenario()
    killed = simulate(with_space_attrition(build_plan(sc), 1.0), 3000, seed=4)
    empty = simulate(build_plan(_with_inventories(sc, [0, 44, 21, 48])), 3000, seed=4)
    assert np.array_equal(killed.leakers, empty.leakers)
    assert (killed.interceptors_used[:, 0] == 0).all()


def test_scaled_raid_and_warheads_needed_interpolation():
    sc = scaled_raid(builtin_scenario(), 2.5)
    assert sc.attacker.salvos[0].count == 25
    sweep = ForceSweep(np.array([1.0, 2.0]), np.array([10, 20]), np.array([10, 20]),
                       np.array([0.5, 2.5]), np.zeros(2), np.zeros(2), np.zeros((2, 1)))
    assert sweep.warheads_needed(1.5) == pytest.approx(15.0)
    assert sweep.warheads_needed(3.0) is None


def test_cli_json_and_shorthand():
    args = ["--trials", "300", "--factors", "1,2", "--json", "--no-plot"]
    full = json.loads(runner.invoke(app, ["stability", "scenario", "glide-vehicles", *args]).stdout)
    short = json.loads(runner.invoke(app, ["stability", "glide-vehicles", *args]).stdout)
    assert full == short
    for key in ("warheads_needed", "expected_delivered", "defender_cost_usd", "layers", "force"):
        assert key in full
    assert full["force"]["warheads"] == [6, 12]


def test_cli_unknown_scenario_one_line():
    result = runner.invoke(app, ["stability", "no-such-thing"])
    assert result.exit_code == 1
    assert "built-ins" in result.output and "Traceback" not in result.output


def test_cli_writes_plot(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the default folder is out/stability-SCENARIO
    result = runner.invoke(app, ["stability", "glide-vehicles", "--trials", "200", "--factors",
                                 "1,2"])
    tmp_path = tmp_path / "out" / "stability-glide-vehicles"
    assert result.exit_code == 0, result.output
    assert (tmp_path / "exchange.png").stat().st_size > 10_000
    assert json.loads((tmp_path / "exchange.json").read_text())["scenario"] == "glide-vehicles"


def test_constellation_attrition_is_geometric():
    """For a constellation layer, --asat-fraction removes satellites before the geometry:
    a random half of 7,800 leaves about half the interceptors in reach."""
    from opendome.stability.engagement_exchange import prepared

    sc = builtin_scenario()
    full = prepared(sc, 0.0).inventory_samples[0].mean()
    half = prepared(sc, 0.5).inventory_samples[0].mean()
    assert half == pytest.approx(full / 2, rel=0.1)
    none = prepared(sc, 1.0).inventory_samples[0]
    assert (none == 0).all()
