"""The parameter-uncertainty figures of the README's report paragraph are what `run` prints."""

import json
import re
from pathlib import Path

from typer.testing import CliRunner

from opendome.cli import app

ROOT = Path(__file__).resolve().parents[2]
runner = CliRunner()


def test_readme_report_paragraph_figures():
    text = " ".join((ROOT / "README.md").read_text().split())
    command = re.search(r"`opendome run (src/opendome/sweep/builtin/scenarios/gbi-record\.yaml"
                        r" [^`]*) --out out/gbi-record --report`", text)
    assert command is not None
    r = runner.invoke(app, ["run", *command.group(1).split(), "--json"])
    assert r.exit_code == 0, r.output
    s = json.loads(r.stdout)
    u = s["uncertainty"]
    lo, hi = u["p_no_leak_interval_95"]
    sp = u["p_no_leak_spread"]
    expected = (f"gives P(no leak) {s['p_no_leak']:.3f} at the record's mean, "
                f"{u['p_no_leak']:.3f} (95 % {lo:.3f}-{hi:.3f}) over the mixture, and "
                f"{sp['p5']:.3f} to {sp['p95']:.3f} between the 5th and 95th percentiles")
    assert expected in text
