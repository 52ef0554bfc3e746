"""Quantities with units at the scenario boundary: parsed once with pint into SI floats.

A dimensional field takes a string with its unit (``"300 km"``, ``"7.2 km/s"``, ``"170 s"``).
A bare number is refused with a message naming the expected dimension, so that a scenario file
never depends on an implicit unit.

The units scenario files use (``km``, ``s``, ``deg``, ``km/s`` ...) are read from a small table
of pint's own conversion factors (:data:`COMMON_UNITS`; a test checks every entry, and random
values, against pint bit for bit); any other unit goes to pint's full registry, built on first
use. Building that registry costs about half a second, so ``opendome validate`` of a usual
scenario file never pays for it (``benchmarks/cli_startup.py``).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import BeforeValidator, PlainSerializer, WithJsonSchema

if TYPE_CHECKING:
    import pint


@dataclass(frozen=True)
class Dimension:
    """A physical dimension a field expects: pint dimensionality, SI unit, an example.

    ``display``: units tried, in order, when a value is written back to a file (the first in
    which the number reads back to the same SI float; the SI unit otherwise).
    """

    name: str
    pint_dimensionality: str
    si_unit: str
    example: str
    display: tuple[tuple[str, float], ...] = ()


LENGTH = Dimension("length", "[length]", "m", "300 km", (("km", 1e3),))
TIME = Dimension("time", "[time]", "s", "170 s")
SPEED = Dimension("speed", "[length] / [time]", "m/s", "7.2 km/s", (("km/s", 1e3),))
ACCELERATION = Dimension("acceleration", "[length] / [time] ** 2", "m/s^2", "10 g0")
MASS = Dimension("mass", "[mass]", "kg", "1250 kg")


MAX_QUANTITY_CHARS = 64
"""Longest quantity text read (``"7.2 km/s"`` has 8 characters)."""

_NUMBER = re.compile(r"\s*([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?|[+-]?(?:nan|inf))"
                     r"\s*(.*?)\s*$", re.IGNORECASE)
_FACTOR = r"[^\W\d][\w]*(?:\s*(?:\*\*|\^)\s*[+-]?\d{1,2})?"
_UNITS = re.compile(rf"{_FACTOR}(?:\s*[*/]\s*{_FACTOR}|\s+{_FACTOR})*")


COMMON_UNITS: dict[str, tuple[str, float]] = {
    "m": ("length", 1.0), "km": ("length", 1e3),
    "s": ("time", 1.0), "min": ("time", 60.0), "h": ("time", 3600.0), "day": ("time", 86400.0),
    "m/s": ("speed", 1.0), "km/s": ("speed", 1e3),
    "m/s^2": ("acceleration", 1.0), "g0": ("acceleration", 9.80665),
    "kg": ("mass", 1.0),
    "deg": ("angle", math.pi / 180), "rad": ("angle", 1.0),
}
"""Unit text -> (dimension, factor to SI) for the usual units, read without pint: the factors
are pint's (``degree = π / 180 * radian``, ``g0`` as :func:`unit_registry` defines it), and the
value is ``number * factor`` as pint computes it (``tests/scenario`` checks both)."""


class _NoUnit(ValueError):
    """A number without a unit."""


def _split(value: str) -> tuple[float, str]:
    """Split ``"<number> <units>"`` into the number and the unit text, checking both forms.

    The number is a decimal literal; the units are names joined by ``*``, ``/`` or spaces, each
    with at most a two-digit power (``m/s^2``). Pint is later given only the unit names, so no
    input can make it compute (``1/0 s``, ``10**10**10 m`` are refused, not evaluated).
    """
    if len(value) > MAX_QUANTITY_CHARS:
        raise ValueError(f"longer than {MAX_QUANTITY_CHARS} characters")
    match = _NUMBER.fullmatch(value)
    if match is None:
        raise ValueError("no number first")
    number, units = match.groups()
    if not units:
        raise _NoUnit("no unit")
    if not _UNITS.fullmatch(units):
        raise ValueError(f"cannot read the unit {units!r}")
    return float(number), units


def _read(value: str) -> Any:
    """Read ``"<number> <units>"`` into a pint Quantity without evaluating an expression."""
    number, units = _split(value)
    ureg = unit_registry()
    return ureg.Quantity(number, ureg.parse_units(units))


def _common(value: str, dimension: str) -> float | None:
    """Return the SI value of ``value`` if its unit is in :data:`COMMON_UNITS` with ``dimension``.

    None when the text is anything else (another unit, no unit, not a quantity): pint decides.
    """
    if len(value) > MAX_QUANTITY_CHARS:
        return None
    match = _NUMBER.fullmatch(value)
    if match is None:
        return None
    entry = COMMON_UNITS.get(match.group(2))
    if entry is None or entry[0] != dimension:
        return None
    return float(match.group(1)) * entry[1]


def _read_errors() -> tuple[type[BaseException], ...]:
    """Return the exceptions that mean "not a quantity" (imports pint: only on the error path)."""
    import pint

    return (pint.errors.PintError, ValueError, AttributeError, TypeError, SyntaxError,
            ArithmeticError)


@cache
def unit_registry() -> pint.UnitRegistry:
    """Return the shared pint registry (built on first use, not at import)."""
    import pint

    ureg: pint.UnitRegistry = pint.UnitRegistry()
    ureg.define("g0 = 9.80665 m/s^2")  # standard gravity (CGPM 1901), as in core.constants
    return ureg


def parse_quantity(value: Any, dim: Dimension) -> float:
    """Parse ``value`` (a string with units) into SI units of ``dim``; raise ValueError if not.

    The message of the error says what was received and how to write it.
    """
    if isinstance(value, bool) or value is None:
        raise ValueError(f"expected a {dim.name} with units, e.g. '{dim.example}'; got {value!r}")
    if isinstance(value, int | float):
        raise ValueError(
            f"expected a {dim.name} with units, e.g. '{dim.example}'; got the bare number "
            f"{value!r} (write the unit: '{value} {dim.si_unit}')"
        )
    if not isinstance(value, str):
        raise ValueError(
            f"expected a {dim.name} with units, e.g. '{dim.example}'; "
            f"got a {type(value).__name__}"
        )
    si = _common(value, dim.name)
    if si is None:
        si = _pint_si(value, dim)
    if not math.isfinite(si):
        raise ValueError(f"{value!r} is not a finite {dim.name}; write a number and a unit, "
                         f"e.g. '{dim.example}'")
    return si


def _pint_si(value: str, dim: Dimension) -> float:
    """Return ``value`` in SI units of ``dim`` by pint's full registry; raise ValueError if not."""
    try:
        q: Any = _read(value)
    except _NoUnit:
        q = None
    except _read_errors() as exc:
        raise ValueError(
            f"cannot read {value!r} as a {dim.name}; write a number and a unit, "
            f"e.g. '{dim.example}' ({exc.__class__.__name__})"
        ) from None
    if q is None or q.dimensionless:
        raise ValueError(
            f"expected a {dim.name} with units, e.g. '{dim.example}'; got {value!r} with no unit"
        )
    if not q.check(dim.pint_dimensionality):
        raise ValueError(
            f"expected a {dim.name}, e.g. '{dim.example}'; got {value!r}, "
            f"which has dimension {q.dimensionality}"
        )
    return float(q.to(dim.si_unit).magnitude)


def parse_angle(value: Any) -> float:
    """Parse an angle with units (``"45 deg"``, ``"0.8 rad"``) into radians; raise ValueError."""
    example = "45 deg"
    if isinstance(value, bool) or isinstance(value, int | float):
        raise ValueError(
            f"expected an angle with units, e.g. '{example}'; got the bare number {value!r} "
            f"(write the unit: '{value} deg')"
        )
    if not isinstance(value, str):
        raise ValueError(f"expected an angle with units, e.g. '{example}'; got {value!r}")
    rad = _common(value, "angle")
    if rad is None:
        try:
            q: Any = _read(value)
            if q.unitless:
                raise ValueError("no unit")
            rad = float(q.to("radian").magnitude)
        except _read_errors():
            raise ValueError(
                f"expected an angle with units, e.g. '{example}'; got {value!r}"
            ) from None
    if not math.isfinite(rad):
        raise ValueError(f"{value!r} is not a finite angle; write e.g. '{example}'")
    return rad


def _shortest(x: float, unit: str, parse: Any, target: float) -> str | None:
    """Return the shortest ``"<number> <unit>"`` that ``parse`` reads back as ``target``."""
    for digits in range(1, 18):
        text = f"{x:.{digits}g}"
        if "e" in text:
            text = repr(float(text))
        text = f"{text.removesuffix('.0')} {unit}"
        if parse(text) == target:
            return text
    return None


def format_quantity(value_si: float, dim: Dimension) -> str:
    """Write an SI value as text with a unit that reads back to exactly the same float.

    ``format_quantity(300e3, LENGTH) == "300 km"``; ``parse_quantity`` of the result gives
    ``value_si`` back bit for bit.
    """
    def parse(text: str) -> float:
        return parse_quantity(text, dim)

    for unit, factor in dim.display:
        if abs(value_si) >= factor:
            text = _shortest(value_si / factor, unit, parse, value_si)
            if text:
                return text
    return _shortest(value_si, dim.si_unit, parse, value_si) or f"{value_si!r} {dim.si_unit}"


def format_angle(value_rad: float) -> str:
    """Write an angle in degrees, as short as reads back exactly (else radians)."""
    return (_shortest(math.degrees(value_rad), "deg", parse_angle, value_rad)
            or _shortest(value_rad, "rad", parse_angle, value_rad) or f"{value_rad!r} rad")


def _quantity_type(dim: Dimension) -> Any:
    return Annotated[
        float,
        BeforeValidator(lambda v: parse_quantity(v, dim)),
        PlainSerializer(lambda v: format_quantity(v, dim), return_type=str, when_used="json"),
        WithJsonSchema(
            {
                "type": "string",
                "description": f"a {dim.name} with units, e.g. '{dim.example}'",
                "examples": [dim.example],
                "x-dimension": dim.name,
                "x-si-unit": dim.si_unit,
            }
        ),
    ]


LengthM = _quantity_type(LENGTH)
"""A length; SI value in metres after validation."""
TimeS = _quantity_type(TIME)
"""A time; SI value in seconds after validation."""
SpeedMPerS = _quantity_type(SPEED)
"""A speed; SI value in m/s after validation."""
AccelerationMPerS2 = _quantity_type(ACCELERATION)
"""An acceleration; SI value in m/s^2 after validation."""
MassKg = _quantity_type(MASS)
"""A mass; SI value in kg after validation."""
AngleRad = Annotated[
    float,
    BeforeValidator(parse_angle),
    PlainSerializer(format_angle, return_type=str, when_used="json"),
    WithJsonSchema({"type": "string", "description": "an angle with units, e.g. '45 deg'",
                    "examples": ["45 deg"], "x-dimension": "angle", "x-si-unit": "rad"}),
]
"""An angle; SI value in radians after validation."""
