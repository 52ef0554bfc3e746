"""One error line for the inputs of the commands thinned in issue 9 (exit 1, nothing on stdout).

The commands now call typed results in their packages; what they refuse must still be refused
before any work, in the one style ``error: <option or field>: <problem>``.
"""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from opendome.cli.app import app

runner = CliRunner()
EXCHANGE = ["stability", "exchange", "--interceptors", "100", "--deliver", "1"]


@pytest.mark.parametrize(("args", "option"), [
    ([*EXCHANGE, "--pk", "2"], "--pk"),
    ([*EXCHANGE, "--pk", "0.5", "--shots", "0"], "--shots"),
    ([*EXCHANGE, "--pk", "0.5", "--absentee-ratio", "0.5"], "--absentee-ratio"),
    ([*EXCHANGE, "--pk", "0.5", "--force-sizes", "10,abc"], "--force-sizes"),
    ([*EXCHANGE, "--pk", "0.5", "--force-sizes", "10,-1"], "--force-sizes"),
    ([*EXCHANGE, "--interceptor", "no-such-type"], "--interceptor"),
    ([*EXCHANGE, "--pk", "0.5", "--cost-preset", "no-such-study"], "--cost-preset"),
    ([*EXCHANGE], "--pk"),
    (["stability", "first-strike", "--interceptors-a", "0,x"], "--interceptors-a"),
    (["stability", "first-strike", "--pk", "nan"], "--pk"),
    (["stability", "scenario", "cruise-missiles", "--factors", "0"], "--factors"),
    (["stability", "scenario", "cruise-missiles", "--factors", "1,nan"], "--factors"),
    (["trajectory", "--missile", "cruise", "--from", "39,125.8", "--to", "38,-100"], "--to"),
    (["trajectory", "--missile", "cruise", "--from", "39,125.8", "--to", "35,139", "--type",
      "lofted"], "--type"),
    (["trajectory", "--missile", "icbm-solid", "--from", "91,0", "--to", "35,139"], "--from"),
    (["cost", "--preset", "no-such-study"], "--preset"),
    (["cost", "--preset", "cbo-2026-sbi", "--horizon-yr", "10"], "--horizon-yr"),
    (["compare", "cruise-missiles"], "SCENARIOS"),
    (["run", "cruise-missiles", "--set", "no.such.path=1"], "--set"),
])
def test_refused_with_one_line_naming_the_option(args: list[str], option: str) -> None:
    res = runner.invoke(app, args)
    assert res.exit_code == 1, res.output
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {option}: "), res.stderr
    assert res.stdout == ""
