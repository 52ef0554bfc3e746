"""The sweep tables in README.md and docs/studies.md are what the documented queries print.

Each built-in sweep is recomputed point by point in this process (a point's numbers do not
depend on where it runs: tests/sweep/test_run.py), stored as `opendome sweep` stores it, and
every documented `opendome sweep query` is run on it; its output must match the doc's lines.
"""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from opendome.cli import app
from opendome.sweep.run import compute_point
from opendome.sweep.spec import load_study
from opendome.sweep.store import Store

ROOT = Path(__file__).resolve().parents[2]
runner = CliRunner()


def materialize(name: str, folder: Path) -> Path:
    study = load_study(name)
    store = Store.open(folder / name, study)
    for p in study.points:
        r = compute_point(p.variant.mapping, p.variant.asat_fraction, study.spec.trials, p.seed,
                          study.spec.metrics, study.spec.draws)
        store.write_point(p.index, r["metrics"], {})
    return folder / name


def documented_queries(doc: str) -> list[tuple[list[str], list[str]]]:
    """Return (arguments, expected output lines) of each `$ opendome sweep query` in a doc."""
    lines = (ROOT / doc).read_text().splitlines()
    out = []
    for i, line in enumerate(lines):
        text = line.strip()
        if not text.startswith("$ opendome sweep query"):
            continue
        expected = []
        for nxt in lines[i + 1:]:
            if not nxt.strip() or nxt.strip().startswith(("$", "```")):
                break
            expected.append(nxt.strip())
        out.append((shlex.split(text)[2:], expected))
    return out


@pytest.mark.slow
@pytest.mark.parametrize("doc, names", [
    ("README.md", ["gbi-decoys"]),
    ("docs/studies.md", ["sbis-vs-launches", "decoys-discrimination", "raid-asat",
                         "gbi-test-record"]),
])
def test_documented_sweep_queries(doc, names, tmp_path):
    folders = {f"out/{n}": materialize(n, tmp_path) for n in names}
    queries = documented_queries(doc)
    assert len(queries) == len(names)
    for args, expected in queries:
        args = [str(folders.get(a, a)) for a in args]
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
        got = [line.strip() for line in result.stdout.splitlines() if line.strip()]
        assert got == expected, "\n".join(got)


def test_documented_python_checks_print_what_the_doc_says():
    """The hand computations beside the sweeps (``$ python -c ...``) print the doc's line."""
    import subprocess
    import sys

    lines = (ROOT / "docs/studies.md").read_text().splitlines()
    checks = [(line.strip(), lines[i + 1].strip()) for i, line in enumerate(lines)
              if line.strip().startswith("$ python -c")]
    assert checks
    for command, expected in checks:
        args = shlex.split(command)[1:]
        out = subprocess.run([sys.executable, *args[1:]], capture_output=True, text=True,
                             check=True).stdout.strip()
        assert out == expected, command
