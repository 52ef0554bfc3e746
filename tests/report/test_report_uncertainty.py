"""The report's "Parameter uncertainty" section: there with a distribution, absent without.

Its numbers are the run's (``summary.json``, key by key) and the mixture is the hand-computed
beta mixture 1 - E[(1 - p)^2] = 1 - b (b + 1) / ((a + b)(a + b + 1)) for a GBI record of
11 hits in 20 tests, p ~ Beta(12, 10), two shots at one warhead: 0.78261.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from opendome.cli import app
from tests.plans import one_icbm_against_gbis
from tests.report.test_report_html import DIGIT, agrees, lookup, parse

runner = CliRunner()

A, B = 12.0, 10.0
MIXTURE = 1 - B * (B + 1) / ((A + B) * (A + B + 1))


def _run(folder: Path, pk: str) -> Path:
    folder.mkdir()
    (folder / "s.yaml").write_text(one_icbm_against_gbis(pk, shots=2))
    out = folder / "run"
    r = runner.invoke(app, ["run", str(folder / "s.yaml"), "-n", "4000", "--draws", "100",
                            "--seed", "3", "--out", str(out), "--report"])
    assert r.exit_code == 0, r.output
    return out


@pytest.fixture(scope="module")
def uncertain(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _run(tmp_path_factory.mktemp("u") / "beta", "{beta_from_tests: {hits: 11, trials: 20}}")


def _section(html: str, name: str) -> str | None:
    start = html.find(f'<section id="{name}">')
    return None if start < 0 else html[start:html.index("</section>", start)]


def test_section_shows_the_measured_mixture_and_spread(uncertain: Path) -> None:
    summary = json.loads((uncertain / "summary.json").read_text())
    u = summary["uncertainty"]
    html = (uncertain / "report.html").read_text()
    section = _section(html, "uncertainty")
    assert section is not None and "<h2>Parameter uncertainty</h2>" in section
    page = parse(section)
    keyed = {a["data-key"]: text for a, text in page.spans if a.get("data-key")}
    required = {"uncertainty/draws", "uncertainty/trials_per_draw", "uncertainty/p_no_leak",
                "uncertainty/p_no_leak_interval_95/0", "uncertainty/p_no_leak_interval_95/1",
                "uncertainty/p_no_leak_spread/p5", "uncertainty/p_no_leak_spread/p50",
                "uncertainty/p_no_leak_spread/p95", "uncertainty/parameters/0/mean"}
    assert required <= set(keyed)
    for path, text in keyed.items():
        assert agrees(text, lookup(summary, path)), (path, text)
    # which parameter, from which record
    assert "defender.layers[0].pk.warhead" in section
    assert "test record of 11 hits in 20 trials" in section
    assert agrees(keyed["uncertainty/parameters/0/mean"], A / (A + B))
    # the measured mixture is the beta closed form, within its interval's sampling error
    lo, hi = u["p_no_leak_interval_95"]
    assert abs(u["p_no_leak"] - MIXTURE) < 3 * (hi - lo) / 2 / 1.96
    # the spread is that of the draws recorded beside it
    by_draw = sorted(x / u["trials_per_draw"] for x in u["no_leak_by_draw"])
    assert len(by_draw) == u["draws"] == 100
    assert by_draw[0] <= u["p_no_leak_spread"]["p5"] <= u["p_no_leak_spread"]["p95"] <= by_draw[-1]
    # a figure, inline; no untagged figure in the section's text
    assert any(src.startswith("data:image/png;base64,") for src in page.images)
    assert 'alt="P(no leak) over parameter draws"' in section
    whole = parse(html)
    assert [t.strip() for t in whole.loose_text if DIGIT.search(t)] == []
    assert json.loads(whole.scripts["summary-json"]) == summary
    # the assumptions flag the distribution's mean
    assert '<span class="flag">distribution</span>' in _section(html, "assumptions")


def test_report_command_rebuilds_the_section_from_summary_json(uncertain: Path,
                                                               tmp_path: Path) -> None:
    out = tmp_path / "again.html"
    r = runner.invoke(app, ["report", str(uncertain), "--out", str(out)])
    assert r.exit_code == 0, r.output
    again = _section(out.read_text(), "uncertainty")
    assert again is not None and again == _section((uncertain / "report.html").read_text(),
                                                   "uncertainty")


def test_no_section_without_distributions(tmp_path: Path) -> None:
    run = _run(tmp_path / "fixed", "0.55")
    html = (run / "report.html").read_text()
    assert _section(html, "uncertainty") is None
    assert "Parameter uncertainty" not in html
    assert "uncertainty" not in json.loads((run / "summary.json").read_text())
    assert _section(html, "headline") is not None


def test_folder_of_runs_shows_the_mixture_where_a_run_has_one(uncertain: Path,
                                                              tmp_path: Path) -> None:
    import shutil

    sweep = tmp_path / "runs"
    shutil.copytree(uncertain, sweep / "record")
    fixed = _run(tmp_path / "fixed", "0.55")
    shutil.copytree(fixed, sweep / "fixed")
    r = runner.invoke(app, ["report", str(sweep)])
    assert r.exit_code == 0, r.output
    html = (sweep / "report.html").read_text()
    page = parse(html)
    summaries = json.loads(page.scripts["summaries-json"])
    shown = [(a["data-key"], text) for a, text in page.spans
             if (a.get("data-key") or "").startswith("uncertainty/")]
    # only the run with a distribution has them, each equal to its summary.json
    assert {k for k, _ in shown} == {"uncertainty/p_no_leak", "uncertainty/p_no_leak_interval_95/0",
                                     "uncertainty/p_no_leak_interval_95/1",
                                     "uncertainty/p_no_leak_spread/p5",
                                     "uncertainty/p_no_leak_spread/p95"}
    for key, text in shown:
        assert agrees(text, lookup(summaries["record"], key))
    assert "uncertainty" not in summaries["fixed"]
    assert [t.strip() for t in page.loose_text if DIGIT.search(t)] == []
