"""Warm-started linear assignment against scipy's (an independent implementation)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linear_sum_assignment

from opendome.battle.lap import assign_warm


@settings(max_examples=200, deadline=None)
@given(
    r=st.integers(1, 9),
    extra=st.integers(0, 6),
    ties=st.booleans(),
    warm=st.sampled_from(["none", "random", "previous"]),
    seed=st.integers(0, 2**32 - 1),
)
def test_same_optimum_as_scipy(r, extra, ties, warm, seed):
    rng = np.random.default_rng(seed)
    c = r + extra
    cost = rng.integers(0, 3, (r, c)).astype(float) if ties else rng.normal(size=(r, c))
    prices = None
    if warm == "random":
        prices = rng.normal(size=c) * 5
    elif warm == "previous":  # prices of a perturbed problem, as the heuristic passes them
        _, prices = assign_warm(cost + rng.normal(scale=0.3, size=cost.shape))
    cols, new_prices = assign_warm(cost, prices)
    rows, ref = linear_sum_assignment(cost)
    assert len(set(cols.tolist())) == r and cols.min() >= 0 and cols.max() < c
    assert cost[np.arange(r), cols].sum() == pytest.approx(cost[rows, ref].sum(), abs=1e-9)
    assert new_prices.shape == (c,)


def test_more_rows_than_columns_is_refused():
    with pytest.raises(ValueError, match="more rows than columns"):
        assign_warm(np.zeros((3, 2)))
