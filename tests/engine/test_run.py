"""Runs that know their plan: streamed in blocks to Parquet, the same trials as in memory."""

import dataclasses
import json

import numpy as np
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from opendome import __version__
from opendome.api import Estimate, build_plan, builtin_scenario, run, simulate, summarize
from opendome.cli import app
from opendome.engine import trials_table
from opendome.engine.run import MEMORY_LIMIT_BYTES, bytes_per_trial
from tests.plans import single_layer_plan

runner = CliRunner()


def small_plan():
    return dataclasses.replace(single_layer_plan(12, 17, 3, 0.6), no_engagement=(),
                               kill_chains=(), windows=())


@pytest.mark.parametrize("block", [1, 7, 64, 500, 10_000])
def test_streamed_run_equals_the_run_in_memory(tmp_path, block):
    """Same seed: the streamed summary is the in-memory summary exactly, and so are the rows."""
    plan = small_plan()
    trials = 500
    results = simulate(plan, trials, seed=9)
    streamed = run(plan, trials, seed=9, out=tmp_path, block_trials=block)
    assert streamed.results is None and streamed.trials_path == tmp_path / "trials.parquet"
    assert streamed.summary() == summarize(plan, results)
    table = pq.read_table(tmp_path / "trials.parquet")
    assert table.num_rows == trials
    assert table.equals(trials_table(plan, results))
    assert pq.ParquetFile(tmp_path / "trials.parquet").metadata.num_row_groups == -(-trials
                                                                                     // block)
    on_disk = json.loads((tmp_path / "summary.json").read_text())
    assert on_disk == json.loads(json.dumps(streamed.summary().to_dict()))


def test_summary_only_run_in_blocks_equals_memory():
    plan = small_plan()
    alone = run(plan, 1000, seed=4, keep_trials=False, block_trials=33)
    assert alone.summary() == summarize(plan, simulate(plan, 1000, seed=4))
    with pytest.raises(ValueError, match="out=DIR"):
        alone.trials_table()


def test_run_of_a_scenario_knows_its_plan_and_gives_a_dataframe():
    scenario = builtin_scenario("glide-vehicles")
    r = run(scenario, 2000, seed=3)
    assert r.plan.scenario_name == "glide-vehicles" and r.scenario is scenario
    s = r.summary()
    assert s.resolved_scenario is not None and s.resolved_scenario["name"] == "glide-vehicles"
    assert s.version == __version__ and s.seed == 3
    df = r.to_pandas()
    assert len(df) == 2000 and list(df["trial"]) == list(range(2000))
    assert df["leakers"].mean() == pytest.approx(s.expected_leakers, rel=1e-14)
    for name in r.plan.layer_names:
        assert df[f"used:{name}"].mean() == pytest.approx(s.layer(name).used_mean, rel=1e-14)
    # the same trials as the plan run directly through the kernel
    direct = simulate(build_plan(scenario), 2000, seed=3)
    np.testing.assert_array_equal(df["leakers"].to_numpy(), direct.leakers)
    assert "Run('glide-vehicles', 2,000 trials" in repr(r)


def test_too_many_trials_for_memory_are_refused_before_any_work():
    plan = small_plan()
    trials = MEMORY_LIMIT_BYTES // bytes_per_trial(plan.n_layers) + 1
    with pytest.raises(ValueError, match="out=DIR"):
        run(plan, trials, seed=0)


def test_check_sees_an_estimate_first_and_can_refuse_with_nothing_written(tmp_path):
    plan = small_plan()
    seen = []

    def refuse(estimate):
        seen.append(estimate)
        raise RuntimeError("no")

    with pytest.raises(RuntimeError):
        run(plan, 100_000, seed=0, out=tmp_path / "out", check=refuse)
    assert not (tmp_path / "out").exists()
    e = seen[0]
    assert isinstance(e, Estimate) and e.trials == 100_000 and e.trials_per_second > 0
    assert e.seconds == pytest.approx(e.trials / e.trials_per_second)
    assert e.parquet_bytes is not None and e.parquet_bytes > 0
    # a run that passes the check gives the same summary as without it
    ok = run(plan, 100_000, seed=0, out=tmp_path / "ok", check=lambda _: None)
    assert ok.summary() == run(plan, 100_000, seed=0, keep_trials=False).summary()
    size = (tmp_path / "ok" / "trials.parquet").stat().st_size
    assert 0.5 < e.parquet_bytes / size < 2.0


def test_cli_one_trial_says_the_interval_is_undefined():
    result = runner.invoke(app, ["run", "glide-vehicles", "--trials", "1"])
    assert result.exit_code == 0, result.output
    assert "undefined" in result.output and "inf" not in result.output.replace("infrared", "")
    s = json.loads(runner.invoke(app, ["run", "glide-vehicles", "--trials", "1",
                                       "--json"]).stdout)
    assert s["expected_leakers_ci95"] is None and s["trials"] == 1


def test_cli_refuses_a_run_over_the_limit_without_yes(tmp_path, monkeypatch):
    import opendome.cli.run as cli_run
    import opendome.engine.run as engine_run

    monkeypatch.setattr(cli_run, "CHECK_OBJECT_TRIALS", 0)
    monkeypatch.setattr(engine_run, "CONFIRM_ABOVE_S", 0.0)
    args = ["run", "glide-vehicles", "--trials", "3000", "--out", str(tmp_path / "o")]
    refused = runner.invoke(app, args)
    assert refused.exit_code == 1
    assert refused.output.startswith("error: --trials: 3,000 trials: about")
    assert "--yes" in refused.output and "Traceback" not in refused.output
    assert not (tmp_path / "o").exists()
    done = runner.invoke(app, [*args, "--yes"])
    assert done.exit_code == 0, done.output
    saved = json.loads((tmp_path / "o" / "summary.json").read_text())
    assert saved["trials"] == 3000 and saved["resolved_scenario"]["name"] == "glide-vehicles"
    assert saved["opendome_version"] == __version__


def test_estimate_limits(tmp_path):
    def estimate(seconds, size):
        return Estimate(trials=10**8, calibration_trials=1000, trials_per_second=10**8 / seconds,
                        seconds=seconds, parquet_bytes=size, out_dir=tmp_path / "new" / "dir")

    assert estimate(60.0, 2**20).out_of_disk() is None
    assert not estimate(60.0, 2**20).needs_confirmation()
    assert estimate(7200.0, 2**20).needs_confirmation()
    assert estimate(60.0, 11 * 2**30).needs_confirmation()
    assert "free in" in estimate(60.0, 2**62).out_of_disk()
    assert str(estimate(7200.0, 2**20)) == ("100,000,000 trials: about 2.0 h at 13,889 "
                                            "trials/s, trials.parquet about 1 MiB")


def test_a_result_is_reproduced_from_its_summary_file_alone(tmp_path):
    """summary.json holds the scenario as run and the seed: running them again gives it back."""
    from opendome.api import scenario_from_mapping

    args = ["run", "glide-vehicles", "--trials", "4000", "--seed", "8", "--allocation", "fixed",
            "--out", str(tmp_path)]
    assert runner.invoke(app, args).exit_code == 0
    saved = json.loads((tmp_path / "summary.json").read_text())
    again = run(scenario_from_mapping(saved["resolved_scenario"]), saved["trials"],
                seed=saved["seed"], keep_trials=False)
    assert json.loads(json.dumps(again.summary().to_dict())) == saved
    assert saved["allocation"] == "fixed"  # the override is part of the scenario as run
