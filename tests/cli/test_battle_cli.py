"""``opendome assign``: output, JSON keys, one-line errors."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from opendome.cli.app import app

runner = CliRunner()
TINY = "2 3 1\n10\n20\n30\n0 0 0.5\n0 1 0.1\n0 2 0.9\n1 0 0.3\n1 1 0.6\n1 2 0.0\n"


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.txt"
    path.write_text(TINY)
    return path


def test_json_output(tiny: Path):
    res = runner.invoke(app, ["assign", str(tiny), "--solver", "exact", "--json", "--assignment"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert {"objective", "solver", "seconds", "bound"} <= set(out)
    assert out["solver"] == "exact" and out["optimal"] is True
    # optimum by hand: weapon 0 on target 2 (30 * 0.1), weapon 1 on target 1 (20 * 0.4), + 10
    assert out["objective"] == pytest.approx(3.0 + 8.0 + 10.0)
    assert sorted(map(tuple, out["assignment"])) == [(0, 2, 1), (1, 1, 1)]


def test_text_output(tiny: Path):
    res = runner.invoke(app, ["assign", str(tiny)])
    assert res.exit_code == 0, res.output
    assert "objective  21.000000" in res.stdout


def test_bad_file_one_line_error(tmp_path: Path):
    bad = tmp_path / "bad.txt"
    bad.write_text(TINY.replace("0 1 0.1", "0 1 zero"))
    res = runner.invoke(app, ["assign", str(bad)])
    assert res.exit_code == 1
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and f"{bad}:6:" in lines[0]
    assert "Traceback" not in res.output


@pytest.mark.parametrize(
    ("args", "words"),
    [(["assign", "nowhere.txt"], "no such file"),
     (["assign", "TINY", "--solver", "simplex"], "choose one of")],
)
def test_bad_options(tiny: Path, args, words):
    args = [str(tiny) if a == "TINY" else a for a in args]
    res = runner.invoke(app, args)
    assert res.exit_code == 1
    assert words in res.stderr


def test_list_solvers():
    res = runner.invoke(app, ["assign", "x", "--list"])
    assert res.exit_code == 0
    assert "heuristic" in res.stdout and "exact" in res.stdout
