"""`opendome sweep` (run, query, plot, schema, list) and `opendome run --set` end to end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from opendome.cli import app
from tests.sweep.conftest import SMALL_SCENARIO, sweep_text

runner = CliRunner()
GBI = "defender.layers[midcourse-gbi].inventory"
DECOYS = "attacker.salvos[0].decoys"


@pytest.fixture(scope="module")
def done(tmp_path_factory) -> Path:
    """A completed sweep of the small scenario (6 points, one worker)."""
    root = tmp_path_factory.mktemp("sweepcli")
    (root / "small.yaml").write_text(SMALL_SCENARIO)
    (root / "s.yaml").write_text(sweep_text(trials=300))
    result = runner.invoke(app, ["sweep", str(root / "s.yaml"), "--workers", "1",
                                 "--out", str(root / "out"), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["computed"] == 6 and report["workers"] == 1
    return root


def test_query_json_rows_have_axis_paths_and_metrics(done):
    result = runner.invoke(app, ["sweep", "query", str(done / "out"),
                                 f'SELECT * FROM points WHERE "{DECOYS}" = 3', "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [r[GBI] for r in rows] == [2, 4, 8]
    for r in rows:
        assert {GBI, DECOYS, "p_no_leak", "expected_leakers"} <= set(r)
        assert r["p_no_leak_lo"] <= r["p_no_leak"] <= r["p_no_leak_hi"]


def test_query_csv_and_table(done):
    csv = runner.invoke(app, ["sweep", "query", str(done / "out"),
                              "SELECT point, p_no_leak FROM points", "--csv"])
    assert csv.exit_code == 0 and csv.stdout.splitlines()[0] == "point,p_no_leak"
    assert len(csv.stdout.splitlines()) == 7
    table = runner.invoke(app, ["sweep", "query", str(done / "out"),
                                "SELECT count(*) AS n FROM axes"])
    assert table.exit_code == 0 and "6" in table.stdout


def test_resume_of_a_complete_folder_computes_nothing(done):
    result = runner.invoke(app, ["sweep", str(done / "s.yaml"), "--workers", "1",
                                 "--out", str(done / "out"), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["computed"] == 0


@pytest.mark.parametrize("args", [["--x", "inventory", "--hue", "decoys"],
                                  ["--x", GBI, "--y", "expected_leakers", "--hue", DECOYS,
                                   "--kind", "heat"],
                                  ["--x", "inventory", "--where", f'"{DECOYS}" = 0']])
@pytest.mark.parametrize("suffix", [".png", ".svg"])
def test_plot_files(done, args, suffix, tmp_path):
    target = tmp_path / f"fig{suffix}"
    result = runner.invoke(app, ["sweep", "plot", str(done / "out"), *args,
                                 "--out", str(target)])
    assert result.exit_code == 0, result.output
    head = target.read_bytes()[:200]
    assert head.startswith(b"\x89PNG") if suffix == ".png" else b"<svg" in head or b"<?xml" in head


@pytest.mark.parametrize("args, words", [
    (["--x", "inventory"], "error: --x: axis 'attacker.salvos[0].decoys' also varies"),
    (["--x", "nope"], "error: --x: no axis 'nope'"),
    (["--x", "inventory", "--hue", "decoys", "--y", "nope"], "error: --y: no metric 'nope'"),
    (["--x", "inventory", "--hue", "decoys", "--out", "f.jpg"], "error: --out:"),
])
def test_plot_errors_are_one_line(done, args, words):
    result = runner.invoke(app, ["sweep", "plot", str(done / "out"), *args])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [result.output.strip()]
    assert words in result.output


def test_bad_sql_and_folder_are_one_line(done, tmp_path):
    bad = runner.invoke(app, ["sweep", "query", str(done / "out"), "SELECT nope FROM points"])
    assert bad.exit_code == 1 and bad.output.startswith("error: SQL:")
    assert len(bad.output.strip().splitlines()) == 1
    none = runner.invoke(app, ["sweep", "query", str(tmp_path), "SELECT 1"])
    assert none.exit_code == 1 and "not a sweep folder" in none.output


def test_bad_sweep_file_fails_before_anything_runs(tmp_path):
    (tmp_path / "bad.yaml").write_text(
        'base: golden-dome-limited\naxes:\n'
        '  - {path: "defender.layers[midcourse-gbi].inventory", values: [11, -3]}\n')
    result = runner.invoke(app, ["sweep", str(tmp_path / "bad.yaml"),
                                 "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert result.output.startswith("error: ")
    assert "axes[0].values[1]" in result.output and "must be >= 0" in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert not (tmp_path / "out").exists()


def test_changed_sweep_file_is_refused_unless_force(done, tmp_path):
    (done / "s2.yaml").write_text(sweep_text(trials=301))
    result = runner.invoke(app, ["sweep", str(done / "s2.yaml"), "--workers", "1",
                                 "--out", str(done / "out")])
    assert result.exit_code == 1
    assert "different sweep" in result.output and "--force" in result.output
    assert len(list((done / "out" / "points").glob("*.parquet"))) == 6


def test_schema_and_list():
    schema = runner.invoke(app, ["sweep", "schema"])
    assert schema.exit_code == 0
    assert "axes" in json.loads(schema.stdout)["properties"]
    listed = runner.invoke(app, ["sweep", "list", "--json"])
    assert listed.exit_code == 0
    assert isinstance(json.loads(listed.stdout), list)


def test_run_set_changes_the_scenario():
    base = runner.invoke(app, ["run", "-n", "2000", "--json"])
    cut = runner.invoke(app, ["run", "-n", "2000", "--json",
                              "--set", "defender.layers[terminal].inventory=0",
                              "--set", "attacker.salvos[0].launch_time=30 s"])
    assert base.exit_code == 0 and cut.exit_code == 0, cut.output
    b, c = json.loads(base.stdout), json.loads(cut.stdout)
    assert b["inventory"]["terminal"] == 48 and c["inventory"]["terminal"] == 0
    assert c["interceptors_used"]["terminal"] == 0
    assert c["expected_leakers"] > b["expected_leakers"]


@pytest.mark.parametrize("setting, words", [
    ("defender.layers[nope].inventory=1", "error: --set: defender.layers[nope]: no item named"),
    ("attacker.salvos[0].launch_time=30", "error: --set: attacker.salvos[0].launch_time: "
     "expected a time with units"),
    ("inventory", "error: --set: inventory: write PATH=VALUE"),
])
def test_run_set_errors_are_one_line(setting, words):
    result = runner.invoke(app, ["run", "--set", setting])
    assert result.exit_code == 1
    assert words in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_compare_side_by_side(tmp_path):
    (tmp_path / "small.yaml").write_text(SMALL_SCENARIO)
    more = SMALL_SCENARIO.replace("inventory: 8,", "inventory: 16,")
    (tmp_path / "more.yaml").write_text(more.replace("name: small", "name: more"))
    plot = tmp_path / "cmp.png"
    result = runner.invoke(app, ["compare", str(tmp_path / "small.yaml"),
                                 str(tmp_path / "more.yaml"), "-n", "2000", "--seed", "4",
                                 "--out", str(plot), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    small, bigger = data["scenarios"]
    assert (small["scenario"], bigger["scenario"]) == ("small", "more")
    assert plot.read_bytes().startswith(b"\x89PNG")
    # the same figures as `opendome run` and `opendome cost` give for each scenario
    for row, name in ((small, "small.yaml"), (bigger, "more.yaml")):
        run = json.loads(runner.invoke(app, ["run", str(tmp_path / name), "-n", "2000",
                                             "--seed", "4", "--json"]).stdout)
        assert row["p_no_leak"] == run["p_no_leak"]
        assert row["expected_leakers"] == run["expected_leakers"]
        assert row["interceptors_used"] == run["interceptors_used"]
        cost = json.loads(runner.invoke(app, ["cost", str(tmp_path / name), "--json"]).stdout)
        assert row["cost_20yr_usd"] == pytest.approx(cost["total_usd"])
        # without a defense one warhead delivers one; a defense can only raise that
        assert row["warheads_needed_to_deliver_one"] is None or \
            row["warheads_needed_to_deliver_one"] >= 1.0
    # more GBIs (common random numbers) never leak more, and cost more
    assert bigger["expected_leakers"] <= small["expected_leakers"]
    assert bigger["cost_20yr_usd"] > small["cost_20yr_usd"]


def test_compare_needs_two_scenarios():
    result = runner.invoke(app, ["compare", "golden-dome-limited"])
    assert result.exit_code == 1
    assert result.output.startswith("error: SCENARIOS: give at least two")
