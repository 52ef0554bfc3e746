"""The figures quoted in README and docs are what the commands print today."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from opendome.cli import app

ROOT = Path(__file__).resolve().parents[2]
runner = CliRunner()


def _summary(*args):
    result = runner.invoke(app, ["run", *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.mark.slow
def test_default_run_figures_in_readme_and_docs():
    s = _summary("--trials", "100000", "--seed", "1")
    lo, hi = s["p_no_leak_ci95"]
    line = f"P(no warhead leaks)  {s['p_no_leak']:.4f}  (95% CI {lo:.4f}-{hi:.4f})"
    for doc in ("README.md", "docs/engine.md"):
        assert line in (ROOT / doc).read_text(), doc
    analysis = (ROOT / "docs/analysis-golden-dome.md").read_text()
    assert f"{s['p_no_leak']:.4f} (95 % CI {lo:.4f}–{hi:.4f})" in analysis
    assert f"{s['expected_leakers']:.4f}" in analysis


@pytest.mark.slow
def test_decoy_saturation_figures_in_engine_docs():
    managed = _summary("decoy-saturation", "--trials", "100000", "--seed", "1")
    fixed = _summary("decoy-saturation", "--trials", "100000", "--seed", "1",
                     "--allocation", "fixed")
    text = (ROOT / "docs/engine.md").read_text()
    assert f"P(no leak) {managed['p_no_leak']:.4f}" in text
    assert f"{fixed['p_no_leak']:.4f} and {fixed['expected_leakers']:.4f}" in text
