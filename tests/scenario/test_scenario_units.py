"""The usual units are read without pint, and give pint's SI values bit for bit.

``scenario.units.COMMON_UNITS`` spares ``opendome validate`` the half-second build of pint's
registry; pint itself is the independent reference here: every entry's dimension and factor,
and random values, must convert to the same float as pint's full registry gives.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from opendome.scenario.units import (
    ACCELERATION,
    COMMON_UNITS,
    LENGTH,
    MASS,
    SPEED,
    TIME,
    Dimension,
    _pint_si,
    parse_angle,
    parse_quantity,
    unit_registry,
)

DIMENSIONS = {d.name: d for d in (LENGTH, TIME, SPEED, ACCELERATION, MASS)}


def _pint_angle(text: str) -> float:
    ureg = unit_registry()
    number, unit = text.split(" ", 1)
    return float(ureg.Quantity(float(number), ureg.parse_units(unit)).to("radian").magnitude)


@pytest.mark.parametrize("unit", sorted(COMMON_UNITS))
def test_each_common_unit_has_pints_dimension_and_factor(unit: str) -> None:
    dimension, factor = COMMON_UNITS[unit]
    ureg = unit_registry()
    q = ureg.Quantity(1.0, ureg.parse_units(unit))
    if dimension == "angle":
        assert q.to("radian").magnitude == factor
        return
    dim = DIMENSIONS[dimension]
    assert q.check(dim.pint_dimensionality)
    assert q.to(dim.si_unit).magnitude == factor


@given(st.sampled_from(sorted(COMMON_UNITS)),
       st.floats(min_value=-1e12, max_value=1e12, allow_nan=False, allow_infinity=False))
def test_common_units_read_as_pint_reads_them(unit: str, x: float) -> None:
    text = f"{x!r} {unit}"
    dimension = COMMON_UNITS[unit][0]
    if dimension == "angle":
        assert parse_angle(text) == _pint_angle(text)
    else:
        dim = DIMENSIONS[dimension]
        assert parse_quantity(text, dim) == _pint_si(text, dim)


@pytest.mark.parametrize(("text", "dim", "words"), [
    ("300 s", LENGTH, "which has dimension [time]"),   # a common unit of the wrong dimension
    ("300", LENGTH, "with no unit"),
    ("1e999 km", LENGTH, "not a finite length"),
    ("nan m", LENGTH, "not a finite length"),
    ("3 furlongs", SPEED, "which has dimension [length]"),
])
def test_wrong_dimension_and_non_finite_values_still_refused(text: str, dim: Dimension,
                                                             words: str) -> None:
    with pytest.raises(ValueError, match=None) as info:
        parse_quantity(text, dim)
    assert words in str(info.value)


def test_other_units_still_go_through_pint() -> None:
    # 1 nautical mile is 1852 m exactly (international definition, 1929)
    assert parse_quantity("2 nmi", LENGTH) == 3704.0
    assert parse_angle("1 turn") == pytest.approx(2 * math.pi)
