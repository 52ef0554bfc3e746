"""The catalog: every number carries a source, the required entries exist, values are sane."""

import math

import pytest

from opendome.catalog import CatalogDataError, load_catalog, load_data_file
from opendome.catalog.sourced import parse_sourced
from opendome.core.constants import EARTH_GM_M3_PER_S2, EARTH_MEAN_RADIUS_M

REQUIRED_MISSILES = {"icbm-solid", "icbm-liquid", "slbm", "irbm", "hgv", "cruise"}
REQUIRED_INTERCEPTORS = {"sbi", "gbi", "ngi", "sm3-iia", "thaad", "pac3-mse"}


def test_required_entries_exist():
    cat = load_catalog()
    assert REQUIRED_MISSILES <= set(cat.missiles)
    assert REQUIRED_INTERCEPTORS <= set(cat.interceptors)


def test_every_number_has_a_source_or_a_reason():
    for filename in ("missiles.yaml", "interceptors.yaml"):
        for entry in load_data_file(filename).values():
            stack = [entry]
            while stack:
                for value in stack.pop().values():
                    if isinstance(value, dict):
                        stack.append(value)
                    elif hasattr(value, "source"):
                        assert len(value.source) > 10


def test_published_values_are_as_published():
    cat = load_catalog()
    # PUBLISHED.md: CBO 2026 $22M per SBI, 5-year life; CAPE 2021 $111M per NGI; GMD 9 of 17.
    assert cat.interceptors["sbi"].unit_cost_usd == 22e6
    assert cat.interceptors["sbi"].service_life_yr == 5
    assert cat.interceptors["ngi"].unit_cost_usd == 111e6
    assert cat.interceptors["gbi"].pk_by_class()["warhead"] == pytest.approx(9 / 17, abs=0.005)
    # APS 2003 / NRC 2012 boost times: solid ~170-180 s, liquid ~240-300 s
    assert 170 <= cat.missiles["icbm-solid"].burn_time_s <= 180
    assert 240 <= cat.missiles["icbm-liquid"].burn_time_s <= 300


@pytest.mark.parametrize("key,range_m", [("icbm-solid", 1.0e7), ("slbm", 7.4e6), ("irbm", 4.0e6)])
def test_ballistic_burnout_speeds_match_minimum_energy_formula(key, range_m):
    # v^2 = (mu/R) 2 sin(psi/2) / (1 + sin(psi/2)) (Bate, Mueller & White ch. 6), within 2 %
    psi = range_m / EARTH_MEAN_RADIUS_M
    s = math.sin(psi / 2)
    v = math.sqrt(EARTH_GM_M3_PER_S2 / EARTH_MEAN_RADIUS_M * 2 * s / (1 + s))
    burnout = load_catalog().missiles[key].burnout_speed_m_per_s
    assert burnout == pytest.approx(v, rel=0.02)


def test_unsourced_number_is_refused():
    with pytest.raises(CatalogDataError, match="exactly one of 'source' or 'notional'"):
        parse_sourced({"value": 3}, "x.y")
    with pytest.raises(CatalogDataError, match="must be a number"):
        parse_sourced({"value": "fast", "source": "somewhere"}, "x.y")
    assert parse_sourced({"value": "1.0e7", "notional": "assumed"}, "x.y").value == 1e7
