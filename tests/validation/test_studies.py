"""The validation suite: published figures reproduced within their stated tolerances."""

import importlib.util
import json
import math
from pathlib import Path

import pytest
from scipy.stats import binom
from typer.testing import CliRunner

from opendome.api import Study, StudyResult, UnknownStudyError, run_studies, study_names
from opendome.cli import app
from opendome.validation.studies import (
    Tolerance,
    aps2003_analytic_size,
    clopper_pearson,
    register,
    studies,
)

ROOT = Path(__file__).resolve().parents[2]
runner = CliRunner()
FAST = [s.name for s in studies() if not s.slow]
REQUIRED_KEYS = {"name", "source", "published", "opendome", "ratio", "passed", "tolerance",
                 "differences"}


@pytest.fixture(scope="module")
def fast_results() -> dict[str, StudyResult]:
    return {r.name: r for r in run_studies(include_slow=False)}


@pytest.mark.parametrize("name", FAST)
def test_fast_study_is_within_its_stated_tolerance(name, fast_results):
    r = fast_results[name]
    assert r.passed, f"{name}: ratio {r.ratio:.4f} outside {r.tolerance}"
    assert r.ratio_low <= r.opendome / r.published <= r.ratio_high
    assert r.source and r.differences, "every study states its source and what differs"


def test_published_values_are_those_of_the_published_record(fast_results):
    # PUBLISHED.md and the textbook figures of DESIGN.md, typed here independently
    expected = {"aps2003-constellation": 1600, "aps2025-one-launch": 1000,
                "aps2025-salvo-10": 10_000, "cbo-2025-low-old-launch": 264e9,
                "cbo-2025-low-new-launch": 161e9, "cbo-2025-high-old-launch": 831e9,
                "cbo-2025-high-new-launch": 542e9, "cbo-2026-sbi-layer": 743e9,
                "cbo-2025-low-launch-effect": 0.35, "cbo-2025-high-launch-effect": 0.35,
                "gbi-test-record-9-of-17": 9 / 17, "gbi-test-record-7-of-14": 0.5,
                "min-energy-10000km-speed": 7200, "min-energy-10000km-time": 1920,
                "min-energy-10000km-apogee": 1.3e6}
    for name, value in expected.items():
        assert fast_results[name].published == pytest.approx(value, rel=1e-12), name


SLOW = [s.name for s in studies() if s.slow]


@pytest.mark.campaign
@pytest.mark.parametrize("name", SLOW)
def test_slow_study_is_within_its_stated_tolerance_and_in_the_doc(name):
    (r,) = run_studies([name])
    assert r.passed, f"{name}: ratio {r.ratio:.4f} outside {r.tolerance}"
    doc = (ROOT / "docs" / "validation.md").read_text()
    gen = _generator()
    assert gen.row(r) in doc and gen.section(r) in doc, "run: python scripts/validation_doc.py"
    if name.startswith("aps"):
        # one SBI in reach at every moment means at least one on average: the density formula's
        # mean-count size bounds every proven design from below
        assert r.opendome >= aps2003_analytic_size(1)


def test_clopper_pearson_bounds_are_where_the_binomial_tails_are_2_5_percent():
    lo, hi = clopper_pearson(9, 17)
    assert binom.sf(9 - 1, 17, lo) == pytest.approx(0.025, abs=1e-9)  # P(X >= 9 | lo)
    assert binom.cdf(9, 17, hi) == pytest.approx(0.025, abs=1e-9)     # P(X <= 9 | hi)
    assert clopper_pearson(0, 5)[0] == 0.0 and clopper_pearson(5, 5)[1] == 1.0


def test_gmd_shots_match_the_inverted_standard_form(fast_results):
    p = 9 / 17
    n = fast_results["gmd-shots-for-0.99"].opendome
    assert 1 - (1 - p) ** n >= 0.99 > 1 - (1 - p) ** (n - 1)


def test_a_study_outside_its_tolerance_fails_and_says_so():
    s = Study(name="x", title="x", source="s", published=2.0, unit="u",
              tolerance=Tolerance.relative(0.1), compute=lambda: 3.0,
              differences=("d",), explanation="e")
    r = s.run()
    assert (r.ratio, r.passed) == (1.5, False)
    assert not Tolerance(0.5, 2.0, "t").accepts(math.nan)


def test_names_are_unique_and_registering_twice_is_refused():
    assert len(set(study_names())) == len(study_names())
    with pytest.raises(ValueError, match="already registered"):
        register(studies()[0])


def test_json_lists_every_requested_study_with_the_required_keys():
    res = runner.invoke(app, ["studies", "gbi-test-record-9-of-17", "min-energy-10000km-speed",
                              "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert [d["name"] for d in data] == ["gbi-test-record-9-of-17", "min-energy-10000km-speed"]
    for d in data:
        assert REQUIRED_KEYS <= d.keys()
        assert d["ratio"] == pytest.approx(d["opendome"] / d["published"])


def test_table_prints_source_values_ratio_differences_and_verdict():
    res = runner.invoke(app, ["studies", "cbo-2026-sbi-layer"])
    assert res.exit_code == 0, res.output
    assert "PASS  cbo-2026-sbi-layer" in res.stdout
    assert "CBO, Potential Costs" in res.stdout and "ratio 0.977" in res.stdout
    assert "differs:   development cost left out" in res.stdout


def test_unknown_study_is_one_line_with_did_you_mean():
    res = runner.invoke(app, ["studies", "aps2003-constelation"])
    assert res.exit_code == 1
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: NAME: no study 'aps2003-constelation'")
    assert "did you mean 'aps2003-constellation'" in lines[0]
    assert res.stdout == ""
    with pytest.raises(UnknownStudyError):
        run_studies(["nope"])


def _generator():
    spec = importlib.util.spec_from_file_location("validation_doc",
                                                  ROOT / "scripts" / "validation_doc.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_docs_validation_md_is_current(fast_results):
    gen, doc = _generator(), (ROOT / "docs" / "validation.md").read_text()
    hint = "run: python scripts/validation_doc.py"
    for r in fast_results.values():  # numbers included; slow studies are not re-run here
        assert gen.row(r) in doc and gen.section(r) in doc, f"{r.name}: {hint}"
    if len(fast_results) == len(study_names()):
        assert gen.render(list(fast_results.values())) == doc, hint
