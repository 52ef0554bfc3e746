"""The engine's per-trial allocation rules: invariants for every rule of the registry."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from opendome.battle.doctrine import RULES, Allocation, rule, wave_budget
from opendome.core.counter_rng import MAX_ENGAGEMENTS


@pytest.mark.parametrize("name", list(RULES))
@given(n=st.integers(1, 50), budget=st.integers(0, 300), shots=st.integers(1, 4),
       u=st.floats(0.0, 1.0, exclude_max=True))
def test_rule_spends_what_it_may_and_no_more(name, n, budget, shots, u):
    """Every rule fires min(budget, n x shots) in a round, at most the doctrine's shots each;
    the numba function and its plain-Python twin agree."""
    spec = RULES[name]
    out = np.array([spec.allocate(j, n, budget, shots, u) for j in range(n)])
    assert out.sum() == min(budget, n * shots)
    assert out.min() >= 0 and out.max() <= shots
    twin = [spec.allocate.py_func(j, n, budget, shots, u) for j in range(n)]
    assert twin == out.tolist()
    if name == Allocation.MANAGER:  # even spread: no target gets two more than another
        assert out.max() - out.min() <= 1
    else:  # first come: a full salvo for each target before the next gets any
        assert (np.diff(out) <= 0).all() and (out[out < shots] <= out.max()).all()


def test_rule_names_and_errors():
    assert {str(r) for r in RULES} == {"manager", "fixed"}
    assert rule("fixed").by_wave is False and rule("manager").by_wave is True
    with pytest.raises(ValueError, match="allocation must be one of"):
        rule("greedy")
    assert MAX_ENGAGEMENTS == 16


@given(stock=st.integers(0, 1000), seen=st.integers(1, 100), later=st.floats(0.0, 500.0))
def test_wave_budget_shares_stock_by_targets(stock, seen, later):
    """The wave's share of the expected targets, at least one shot per target while stock
    lasts, never more than the stock; all of it for the last wave."""
    b = wave_budget(stock, seen, later)
    assert min(seen, stock) <= b <= stock
    assert b >= int(stock * seen / (seen + later))
    assert wave_budget(stock, seen, 0.0) == stock
