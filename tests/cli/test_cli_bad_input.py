"""Bad input on every command: one line ``error: <option>: ...``, exit 1, nothing written.

The inputs are those a new user tried (issue 14, part 2); each must be refused before any work
or allocation, and leave the working folder as it was.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from opendome.cli.app import app
from opendome.cli.common import MAX_NAME_CHARS, safe_name
from opendome.scenario import DEFAULT_SCENARIO

runner = CliRunner()

SHELL = ["--planes", "4", "--per-plane", "4", "--alt", "300", "--inc", "45", "--launch-lat",
         "40", "--dv", "4", "--accel", "10", "--time-available", "100", "--hours", "1"]
TINY = "2 3 1\n10\n20\n30\n0 0 0.5\n0 1 0.1\n0 2 0.9\n1 0 0.3\n1 1 0.6\n1 2 0.0\n"


def _files(root: Path) -> set[Path]:
    return {p.relative_to(root) for p in root.rglob("*")}


def _refused(args: list[str], option: str, cwd: Path) -> str:
    """Run ``args`` in ``cwd``; check one error line naming ``option``, exit 1, no new file."""
    before = _files(cwd)
    here = Path.cwd()
    os.chdir(cwd)
    try:
        res = runner.invoke(app, args)
    finally:
        os.chdir(here)
    lines = res.stderr.strip().splitlines()
    assert res.exit_code == 1, res.output
    assert len(lines) == 1, res.stderr
    assert lines[0].startswith(f"error: {option}: "), lines[0]
    assert res.stdout == ""
    assert "Traceback" not in res.output
    assert _files(cwd) == before
    return lines[0]


@pytest.fixture
def existing_file(tmp_path: Path) -> Path:
    f = tmp_path / "taken"
    f.write_text("keep me")
    return f


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["run", "--trials", "0"], "--trials"),
        (["run", "--allocation", "random"], "--allocation"),
        (["run", "--no-such-option"], "--no-such-option"),
        (["cost", "--horizon-yr", "inf"], "--horizon-yr"),
        (["cost", "--horizon-yr", "1e6"], "--horizon-yr"),
        (["cost", "--horizon-yr", "nan"], "--horizon-yr"),
        (["cost", "--launch-price-usd-per-kg", "nan"], "--launch-price-usd-per-kg"),
        (["cost", "--preset", "cbo-2026-sbi", "--launch-price-usd-per-kg", "inf"],
         "--launch-price-usd-per-kg"),
        (["stability", "exchange", "--interceptors", "10", "--pk", "0.5", "--deliver", "1",
          "--warhead-cost-usd", "-5"], "--warhead-cost-usd"),
        (["stability", "exchange", "--interceptors", "nan", "--pk", "0.5", "--deliver", "1"],
         "--interceptors"),
        (["stability", DEFAULT_SCENARIO, "--warhead-cost-usd", "-5"], "--warhead-cost-usd"),
        (["stability", DEFAULT_SCENARIO, "--asat-fraction", "nan"], "--asat-fraction"),
        (["constellation", "coverage", *SHELL, "--launch-lon", "500"], "--launch-lon"),
        (["constellation", "coverage", *SHELL, "--k", "0"], "--k"),
        (["constellation", "coverage", *SHELL[4:], "--planes", "10000", "--per-plane", "10000"],
         "--planes/--per-plane"),
        (["constellation", "coverage", *SHELL, "--step", "1e-3"], "--step"),
        (["constellation", "coverage", *SHELL, "--alt", "nan"], "--alt"),
        (["constellation", "capacity", *SHELL, "--launches", "3", "--spread", "1e9"],
         "--spread"),
        (["constellation", "capacity", *SHELL[4:], "--planes", "300", "--per-plane", "300",
          "--launches", "10000"], "--hours/--step"),
        (["constellation", "attrition", *SHELL, "--killed", "17"], "--killed"),
        (["constellation", "size", "--preset", "aps2003", "--launch-lat", "10"], "--launch-lat"),
        (["constellation", "size", "--preset", "aps2003", "--target-alt", "100"], "--target-alt"),
        (["constellation", "size", "--preset", "aps2003", "--dv", "nan"], "--dv"),
        (["constellation", "size", "--launch-lat", "30"], "--alt"),
        (["assign", "--time-limit", "-1", "wta"], "--time-limit"),
        (["assign", "--time-limit", "nan", "wta"], "--time-limit"),
        (["assign", "--time-limit", "0", "wta"], "--time-limit"),
        (["assign"], "FILE"),
    ],
)
def test_bad_option_is_one_line_exit_1_and_writes_nothing(args, option, tmp_path):
    _refused(args, option, tmp_path)


def test_out_on_an_existing_file_or_an_unwritable_path(existing_file: Path, tmp_path: Path):
    for cmd in (["run", "--trials", "100"], ["stability", DEFAULT_SCENARIO, "--trials", "100"]):
        _refused([*cmd, "--out", str(existing_file)], "--out", tmp_path)
        _refused([*cmd, "--out", "/proc/opendome-cannot-be-here"], "--out", tmp_path)
        _refused([*cmd, "--out", str(existing_file / "below-a-file")], "--out", tmp_path)
    assert existing_file.read_text() == "keep me"


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (bytes(range(256)) * 4, "binary"),
        ("10 20 30 é\n".encode("latin-1"), "not UTF-8"),
        (TINY.encode("utf-16"), "binary"),
    ],
)
def test_assign_on_files_that_are_not_utf8_text(content, problem, tmp_path):
    f = tmp_path / "instance.txt"
    f.write_bytes(content)
    line = _refused(["assign", str(f)], "FILE", tmp_path)
    assert problem in line


def test_assign_on_a_fifo_does_not_hang(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    assert "not a regular file" in _refused(["assign", str(fifo)], "FILE", tmp_path)


def test_validate_on_a_folder_says_it_is_a_folder(tmp_path):
    (tmp_path / "sub").mkdir()
    sub = tmp_path / "sub"
    assert "is a directory" in _refused(["validate", str(sub)], str(sub), tmp_path)


def test_run_with_one_trial_prints_no_infinite_interval():
    res = runner.invoke(app, ["run", "--trials", "1"])
    assert res.exit_code == 0, res.output
    assert "inf" not in res.stdout


def test_assign_list_needs_no_file():
    res = runner.invoke(app, ["assign", "--list"])
    assert res.exit_code == 0, res.output
    assert "exact" in res.stdout and "heuristic" in res.stdout


def test_cost_without_argument_costs_the_default_scenario_like_run():
    default = json.loads(runner.invoke(app, ["cost", "--json"]).stdout)
    named = json.loads(runner.invoke(app, ["cost", DEFAULT_SCENARIO, "--json"]).stdout)
    assert default["scenario"] == DEFAULT_SCENARIO
    assert default["total_usd"] == named["total_usd"] > 0


def test_assign_exact_json_prints_only_json(tmp_path):
    # A real process: HiGHS writes its banner on file descriptor 1, which CliRunner cannot see.
    f = tmp_path / "tiny.txt"
    f.write_text(TINY)
    proc = subprocess.run(
        [sys.executable, "-c", "from opendome.cli import main; main()", "assign", str(f),
         "--solver", "exact", "--json"],
        capture_output=True, text=True, check=False, timeout=600)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)  # the whole of stdout parses
    # optimum by hand: weapon 0 on target 2 (30 * 0.1), weapon 1 on target 1 (20 * 0.4), + 10
    assert out["objective"] == pytest.approx(21.0)


@pytest.mark.parametrize(
    "text",
    ["x/../../../escaped-dir", "/etc/passwd", "..", "a\x00b\nc\x1b[31m", "é" * 300,
     "x" * 10_000, "", "C:\\Windows\\system32"],
)
def test_names_from_user_text_stay_in_their_folder(text, tmp_path):
    name = safe_name(text)
    assert 0 < len(name) <= MAX_NAME_CHARS
    assert "/" not in name and "\\" not in name and ".." not in name
    assert name.isprintable() and not name.startswith(".")
    target = (tmp_path / "out" / f"stability-{name}").resolve()
    assert target.parent == (tmp_path / "out").resolve()


def test_stability_scenario_named_for_traversal_writes_inside_out(tmp_path):
    text = (Path(__file__).resolve().parents[2] / "src" / "opendome" / "scenario" / "builtin"
            / f"{DEFAULT_SCENARIO}.yaml").read_text()
    scenario = tmp_path / "work" / "evil.yaml"
    scenario.parent.mkdir()
    scenario.write_text(text.replace(f"name: {DEFAULT_SCENARIO}",
                                     "name: x/../../../escaped-dir", 1))
    here = Path.cwd()
    os.chdir(scenario.parent)
    try:
        res = runner.invoke(app, ["stability", str(scenario), "--trials", "200", "--factors",
                                  "1,2"])
    finally:
        os.chdir(here)
    assert res.exit_code == 0, res.output
    written = [p for p in tmp_path.rglob("*") if p.is_file() and p != scenario]
    assert written, "the plot and JSON are written by default"
    out = (scenario.parent / "out").resolve()
    assert all(out in p.resolve().parents for p in written), written
    assert not list(tmp_path.rglob("escaped-dir"))


def test_stability_json_writes_no_file(tmp_path):
    here = Path.cwd()
    os.chdir(tmp_path)
    try:
        res = runner.invoke(app, ["stability", DEFAULT_SCENARIO, "--trials", "200",
                                  "--factors", "1", "--json"])
    finally:
        os.chdir(here)
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["scenario"] == DEFAULT_SCENARIO
    assert list(tmp_path.iterdir()) == []
