"""The outer loop over parameter distributions reproduces hand-computed mixtures."""

import numpy as np
import pytest
from pydantic import ValidationError

from opendome.engine import prepare_plan
from opendome.engine.uncertainty import run_uncertainty, uncertain_parameters
from opendome.scenario import scenario_from_text
from tests.plans import one_icbm_against_gbis


def _plan(pk: str, shots: int):
    sc = scenario_from_text(one_icbm_against_gbis(pk, shots))
    return sc, prepare_plan(sc)


def test_beta_mixture_matches_the_closed_form():
    """GMD record 9 of 17 (PUBLISHED.md): p ~ Beta(10, 9); two shots, one warhead.

    P(no leak) = 1 - E[(1 - p)^2] = 1 - b (b + 1) / ((a + b)(a + b + 1)) = 0.76316.
    """
    sc, plan = _plan("{beta_from_tests: {hits: 9, trials: 17}}", 2)
    params = uncertain_parameters(sc)
    assert [p.path for p in params] == ["defender.layers[0].pk.warhead"]
    r = run_uncertainty(plan, params, draws=1500, trials_per_draw=200, seed=4)
    a, b = 10.0, 9.0
    closed = 1 - b * (b + 1) / ((a + b) * (a + b + 1))
    lo, hi = r.sampling_interval()
    assert lo <= closed <= hi
    assert hi - lo < 0.02
    # the spread over draws is that of 1 - (1 - p)^2 under the beta (plus binomial noise)
    from scipy import stats

    for q in (5.0, 50.0, 95.0):
        p_q = stats.beta.ppf(q / 100, a, b)
        assert r.spread()[q] == pytest.approx(1 - (1 - p_q) ** 2, abs=0.04)


def test_uniform_mixture_each_batch_uses_its_draw():
    """Uniform [0.5, 0.8], one shot: E = 0.65; each batch's rate is its drawn pk."""
    sc, plan = _plan("{uniform: [0.5, 0.8]}", 1)
    n = 4000
    r = run_uncertainty(plan, uncertain_parameters(sc), draws=40, trials_per_draw=n, seed=1)
    v = r.values[:, 0]
    assert np.all((v >= 0.5) & (v <= 0.8))
    se = np.sqrt(v * (1 - v) / n)
    assert np.all(np.abs(r.p_no_leak_by_draw - v) < 4.5 * se)
    lo, hi = r.sampling_interval()
    assert lo <= 0.65 <= hi
    # the same seed gives the same draws and trials; another seed other draws
    again = run_uncertainty(plan, uncertain_parameters(sc), draws=40, trials_per_draw=n, seed=1)
    assert np.array_equal(again.no_leak, r.no_leak)
    other = run_uncertainty(plan, uncertain_parameters(sc), draws=40, trials_per_draw=n, seed=2)
    assert not np.array_equal(other.values, r.values)


def test_a_distribution_runs_at_its_mean_in_a_single_run():
    _, plan = _plan("{beta_from_tests: {hits: 11, trials: 20}}", 1)
    assert plan.pk[0, 1] == pytest.approx(12 / 22)


@pytest.mark.parametrize("pk", ["{beta_from_tests: {hits: 21, trials: 20}}",
                                "{uniform: [0.8, 0.5]}", "{uniform: [0.5, 1.2]}",
                                "{beta: [0, 1]}", "{uniform: [0.1, 0.2], beta: [1, 1]}", "1.5"])
def test_bad_distributions_are_refused(pk):
    with pytest.raises((ValidationError, ValueError)):
        _plan(pk, 1)


def test_draws_put_one_value_in_each_stratum_of_each_distribution():
    """Latin-hypercube draws: the CDF values (scipy) of B draws fall one in each [k/B, (k+1)/B)."""
    from scipy import stats

    from opendome.engine.uncertainty import draw_values

    sc = scenario_from_text(one_icbm_against_gbis("{beta_from_tests: {hits: 9, trials: 17}}",
                                            shots=1).replace(
        "inventory: 4", "inventory: 4\n      detection: {uniform: [0.6, 0.9]}"))
    params = uncertain_parameters(sc)
    assert [p.path for p in params] == ["defender.layers[0].pk.warhead",
                                        "defender.layers[0].detection"]
    b = 250
    v = draw_values(params, b, seed=3)
    for cdf in (stats.beta(10, 9).cdf(v[:, 0]), stats.uniform(0.6, 0.3).cdf(v[:, 1])):
        assert sorted(np.floor(cdf * b).astype(int)) == list(range(b))
    # the two parameters are paired at random, not in step
    assert abs(stats.spearmanr(v[:, 0], v[:, 1])[0]) < 0.2
    assert np.array_equal(v, draw_values(params, b, seed=3))
