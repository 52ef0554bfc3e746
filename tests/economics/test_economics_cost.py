"""Life-cycle cost model: hand-worked learning curves, invariants, and the published CBO figures."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opendome.economics.cost import (
    Layer,
    buys_in_horizon,
    cumulative_unit_cost_approx_usd,
    cumulative_unit_cost_usd,
    first_unit_cost_from_average,
    layer_cost,
    life_cycle_cost,
)
from opendome.economics.presets import layers_from_scenario, load_preset, preset_names
from opendome.scenario import builtin_scenario

# Published figures (../shared/refs/PUBLISHED.md), written out here, not read from costs.yaml.
CBO_2026_TOTAL_USD = 743e9
CBO_2026_ACQUISITION_USD = 723e9
CBO_2026_OPERATIONS_USD = 20e9
CBO_2025 = {"cbo-2025-low": (264e9, 161e9), "cbo-2025-high": (831e9, 542e9)}


def test_unit_theory_by_hand():
    # 80 % curve: units 1, 2, 4 cost T1, 0.8 T1, 0.64 T1; unit 3 costs 3**log2(0.8) T1.
    t1 = 100.0
    assert cumulative_unit_cost_usd(t1, 0.8, 1) == pytest.approx(100.0)
    assert cumulative_unit_cost_usd(t1, 0.8, 1, start=1) == pytest.approx(80.0)
    assert cumulative_unit_cost_usd(t1, 0.8, 1, start=3) == pytest.approx(64.0)
    u3 = 100.0 * 3 ** (math.log(0.8) / math.log(2))
    assert cumulative_unit_cost_usd(t1, 0.8, 4) == pytest.approx(100 + 80 + u3 + 64)
    assert cumulative_unit_cost_usd(t1, 1.0, 7) == pytest.approx(700.0)


@pytest.mark.parametrize("rate", [0.8, 0.85, 0.9, 0.95, 1.0])
@pytest.mark.parametrize("quantity", [10, 300, 31_200])
def test_integral_approximation_matches_exact_sum(rate, quantity):
    exact = cumulative_unit_cost_usd(22e6, rate, quantity)
    approx = float(cumulative_unit_cost_approx_usd(22e6, rate, quantity))
    assert approx == pytest.approx(exact, rel=5e-3 if quantity < 100 else 1e-3)


def test_first_unit_cost_from_average_round_trip():
    t1 = first_unit_cost_from_average(22e6, 31_200, 0.9)
    assert cumulative_unit_cost_usd(t1, 0.9, 31_200) / 31_200 == pytest.approx(22e6, rel=1e-12)
    assert t1 > 22e6  # with learning, the first unit costs more than the average


def test_buys_in_horizon():
    assert buys_in_horizon(20, 5) == 4  # CBO 2026: bought about 4 times in 20 years
    assert buys_in_horizon(20, 7) == 3
    assert buys_in_horizon(20, 20) == 1
    assert buys_in_horizon(20, math.inf) == 1


def test_layer_cost_by_hand():
    # 10 units, no learning, $2M each, 100 kg at $1,000/kg, 4-year life over 10 years (3 buys),
    # $1M development, $0.5M per year.
    layer = Layer("x", units=10, first_unit_cost_usd=2e6, mass_kg=100,
                  launch_price_usd_per_kg=1000, service_life_yr=4, development_usd=1e6,
                  operations_usd_per_yr=0.5e6)
    lc = layer_cost(layer, 10)
    assert lc.buys == 3 and lc.units_bought == 30
    assert lc.procurement_usd == pytest.approx(20e6)
    assert lc.launch_usd == pytest.approx(1e6)
    assert lc.replacement_usd == pytest.approx(2 * (20e6 + 1e6))
    assert lc.operations_usd == pytest.approx(5e6)
    assert lc.total_usd == pytest.approx(1e6 + 20e6 + 1e6 + 42e6 + 5e6)


def test_cbo_2026_sbi_layer_reproduces_743b():
    result = load_preset("cbo-2026-sbi").cost()
    sbi = result.as_dict()["by_layer"]["sbi"]
    assert sbi["units_bought"] == 4 * 7_800
    # Operations are CBO's own inputs: exact.
    assert result.operations_usd == pytest.approx(CBO_2026_OPERATIONS_USD, rel=1e-12)
    # Acquisition: $22M x 31,200 + 1,250 kg x $500/kg x 31,200, no development: ratio 0.976.
    assert result.acquisition_usd / CBO_2026_ACQUISITION_USD == pytest.approx(1.0, abs=0.05)
    # Total within 5 % of $743B (measured ratio 0.977; the gap bounds development + extra mass).
    assert result.total_usd / CBO_2026_TOTAL_USD == pytest.approx(1.0, abs=0.05)


@pytest.mark.parametrize("name", sorted(CBO_2025))
def test_cbo_2025_lower_launch_prices(name):
    old_usd, new_usd = CBO_2025[name]
    preset = load_preset(name)
    before = preset.cost().total_usd
    after = preset.cost(preset.new_launch_price_usd_per_kg).total_usd
    assert before / old_usd == pytest.approx(1.0, abs=0.02)
    assert after / new_usd == pytest.approx(1.0, abs=0.03)
    reduction = 1.0 - after / before
    assert 0.30 <= reduction <= 0.40  # CBO 2025: -30 % to -40 % from lower launch prices alone


def test_launch_price_cut_equals_launched_mass_times_price_drop():
    # Independent of the preset data: the saving is units bought x mass x price drop.
    preset = load_preset("cbo-2025-high")
    layer = preset.layers[0]
    saving = preset.cost().total_usd - preset.cost(1500).total_usd
    bought = layer.units * buys_in_horizon(preset.horizon_yr, layer.service_life_yr)
    assert saving == pytest.approx(bought * layer.mass_kg * (layer.launch_price_usd_per_kg - 1500))


def test_scenario_path_agrees_with_preset():
    # 16 SBIs in reach x absentee ratio 487.5 = 7,800 SBIs: the catalog + interceptor-costs path
    # must give the preset's SBI layer.
    layers = layers_from_scenario(builtin_scenario("golden-dome-limited"), absentee_ratio=487.5)
    space = [ly for ly in layers if ly.name == "space"][0]
    assert space.units == 7_800
    via_scenario = life_cycle_cost([space], 20, 2026).total_usd
    # (operations per SBI in costs.yaml is $1B / 7,800 rounded to the dollar)
    assert via_scenario == pytest.approx(load_preset("cbo-2026-sbi").cost().total_usd, rel=1e-6)


def test_presets_listed():
    assert {"cbo-2026-sbi", "cbo-2025-low", "cbo-2025-high"} <= set(preset_names())


@settings(max_examples=60, deadline=None)
@given(
    units=st.integers(1, 3000),
    rate=st.floats(0.7, 1.0),
    price=st.floats(0, 20_000),
    dprice=st.floats(0, 5_000),
    life=st.floats(1, 30),
)
def test_cost_monotone_in_units_and_launch_price(units, rate, price, dprice, life):
    base = Layer("x", units=units, first_unit_cost_usd=1e7, learning_rate=rate, mass_kg=1000,
                 launch_price_usd_per_kg=price, service_life_yr=life, operations_usd_per_yr=1e6)
    more = Layer("x", units=units + 1, first_unit_cost_usd=1e7, learning_rate=rate, mass_kg=1000,
                 launch_price_usd_per_kg=price, service_life_yr=life, operations_usd_per_yr=1e6)
    dearer = base.with_launch_price(price + dprice)
    c0 = layer_cost(base, 20).total_usd
    assert layer_cost(more, 20).total_usd > c0
    assert layer_cost(dearer, 20).total_usd >= c0 - 1e-6 * c0


@settings(max_examples=40, deadline=None)
@given(q=st.integers(1, 5000), rate=st.floats(0.6, 0.999))
def test_learning_lowers_the_average(q, rate):
    # With learning, the average of Q + more units is below that of Q units, and below T1.
    a1 = cumulative_unit_cost_usd(1.0, rate, q) / q
    a2 = cumulative_unit_cost_usd(1.0, rate, 2 * q) / (2 * q)
    assert a2 < a1 <= 1.0 + 1e-12


def test_vectorized_approximation_broadcasts():
    q = np.array([[0, 10], [100, 1000]])
    out = cumulative_unit_cost_approx_usd(1.0, 0.9, q)
    assert out.shape == (2, 2) and out[0, 0] == 0.0


def test_bad_layer_input_raises():
    with pytest.raises(ValueError, match="units"):
        Layer("x", units=-1, first_unit_cost_usd=1.0)
    with pytest.raises(ValueError, match="learning_rate"):
        Layer("x", units=1, first_unit_cost_usd=1.0, learning_rate=1.5)


def test_vectorized_total_vs_units_matches_scalar_model():
    from dataclasses import replace

    from opendome.economics.cost import total_cost_vs_units_usd

    base = load_preset("cbo-2026-sbi").layers[0]
    sizes = [0, 1, 780, 7_800, 12_480]
    vec = total_cost_vs_units_usd(base, sizes, 20)
    for n, v in zip(sizes, vec, strict=True):
        ops = base.operations_usd_per_yr * n / base.units
        scalar = layer_cost(replace(base, units=n, operations_usd_per_yr=ops), 20).total_usd
        assert v == pytest.approx(scalar, rel=1e-9, abs=1e-3)
    assert np.all(np.diff(vec) > 0)
