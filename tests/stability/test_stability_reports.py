"""The typed results behind ``opendome stability``, tested directly (no subprocess, no CLI).

Values come from the closed form of the module docstring of ``stability.exchange`` worked by
hand (with T = 1: E = W - k min(W, M / (1 + d)), k = 1 - (1 - p)^n, M = floor(I / n)), from
the catalog's own entries, and from Kent & Thaler's index computed by ``stability_index``.
"""

from __future__ import annotations

import json
import math

import pytest

from opendome.catalog import load_catalog
from opendome.report.jsonable import json_text
from opendome.stability.engagement_exchange import (
    LayerMargin,
    cheapest_margin,
    layer_exchanges,
)
from opendome.stability.first_strike import Defense, default_postures, stability_index
from opendome.stability.reports import exchange_report, first_strike_table, interceptor_defaults


def test_force_sizes_follow_the_closed_form_by_hand() -> None:
    # I = 100, n = 2, p = 0.5: k = 0.75, M = 50 objects engaged at most, no decoys
    r = exchange_report(100, 2, 0.5, deliver=1, force_sizes=[10, 50, 100])
    assert r.delivered_with_defense == pytest.approx((2.5, 12.5, 62.5))
    rows = r.to_dict()["force_sizes"]
    assert [row["delivered_without_defense"] for row in rows] == [10.0, 50.0, 100.0]


def test_without_defense_the_attacker_needs_what_it_wants_delivered() -> None:
    r = exchange_report(0, 1, 0.9, deliver=3)
    assert r.point.warheads_needed == pytest.approx(3)
    assert r.point.warheads_needed_without_defense == 3


def test_absentee_ratio_multiplies_the_defenders_marginal_cost() -> None:
    # deliver 100 through M = 200 engageable objects: the exhaustion regime (finite cost)
    base = exchange_report(400, 2, 0.7, deliver=100, interceptor_cost_usd=20e6)
    spread = exchange_report(400, 2, 0.7, deliver=100, interceptor_cost_usd=20e6,
                             absentee_ratio=4)
    assert spread.cost_per_interceptor_able_to_engage_usd == 80e6
    c1 = base.point.defender_cost_per_warhead_stopped_usd
    c4 = spread.point.defender_cost_per_warhead_stopped_usd
    assert c1 is not None and c4 is not None and math.isfinite(c1)
    assert c4 == pytest.approx(4 * c1)


def test_report_is_strict_json_with_the_optional_parts_only_when_asked() -> None:
    plain = exchange_report(100, 2, 0.5, deliver=1).to_dict()
    assert "decoys_needed" not in plain and "force_sizes" not in plain
    full = exchange_report(100, 2, 0.5, deliver=1, warheads=20, force_sizes=[1, 2]).to_dict()
    assert full["warheads"] == 20 and full["decoys_needed"] is not None
    assert json.loads(json_text(full))["regime"] == full["regime"]


def test_interceptor_defaults_come_from_the_catalog_entry() -> None:
    cat = load_catalog()
    sbi, gbi = cat.interceptors["sbi"], cat.interceptors["gbi"]
    assert "boost" in sbi.phases and "boost" not in gbi.phases
    assert interceptor_defaults(cat, "sbi") == (sbi.pk["booster"].value, sbi.unit_cost_usd)
    assert interceptor_defaults(cat, "gbi") == (gbi.pk["warhead"].value, gbi.unit_cost_usd)
    with pytest.raises(KeyError, match="choose one of"):
        interceptor_defaults(cat, "no-such-interceptor")


def test_first_strike_table_rows_are_kent_and_thaler_index_per_size() -> None:
    table = first_strike_table([0, 800], interceptors_b=0, shots=2, pk=0.7)
    a, b = default_postures()
    for size, row in zip((0, 800), table.rows(), strict=True):
        expect = stability_index(a.with_interceptors(size), b)
        assert row["interceptors_a"] == size
        assert row["index"] == pytest.approx(expect.index)
        assert row["ratio_a"] * row["ratio_b"] == pytest.approx(row["index"])
    assert table.posture_b.defense == Defense(0.0, 2, 0.7, 0.0)
    data = json.loads(json_text(table.to_dict()))
    assert len(data["rows"]) == 2 and data["notes"]


def _margin(layer: str, before: float, after: float, se: float) -> LayerMargin:
    return LayerMargin(layer, units=100, added=10, delivered_before=before,
                       delivered_after=after, difference_se=se)


def test_layer_exchanges_price_only_significant_margins() -> None:
    margins = [_margin("a", 2.0, 1.5, 0.1),    # 0.05 warheads per interceptor, 5 SE
               _margin("b", 2.0, 1.9, 0.1),    # 1 SE: no measurable effect
               _margin("c", 2.0, 1.0, 0.1)]    # 0.1 per interceptor
    layers = layer_exchanges(margins, {"a": 1e9, "b": 1e9, "c": 4e9})
    # per interceptor 1e9 / 100 = 1e7 USD; over 0.05 warheads stopped: 2e8 USD
    assert layers["a"].cost_per_warhead_stopped_at_margin_usd == pytest.approx(2e8)
    assert layers["b"].cost_per_warhead_stopped_at_margin_usd == math.inf
    assert layers["c"].cost_per_warhead_stopped_at_margin_usd == pytest.approx(4e8)
    assert cheapest_margin(layers) == ("a", pytest.approx(2e8))
    assert cheapest_margin(layer_exchanges(margins[1:2], {"b": 1e9})) is None
    assert "a" not in layer_exchanges(margins, {"c": 4e9})  # uncosted layers are left out
