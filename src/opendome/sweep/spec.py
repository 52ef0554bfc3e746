"""The sweep file: a base scenario, axes (paths with values), trials, seed, metrics.

Example (``opendome sweep schema`` prints the JSON Schema)::

    base: golden-dome-limited          # built-in name or a scenario file
    trials: 2000
    seed: 1
    axes:
      - {path: "defender.layers[midcourse-gbi].inventory", values: [11, 22, 44]}
      - {path: "attacker.salvos[0].decoys", range: {start: 0, stop: 6, step: 2}}
      - {path: "defender.layers[space].constellation.shells[0].inclination",
         range: {start: "30 deg", stop: "60 deg", num: 4}}

Where the scenario (or a point of it) gives a probability as a distribution
(:mod:`opendome.scenario.distributions`), each point also runs the outer loop over parameter
draws (``draws``, default 100; the point's trials split among them, as ``opendome run --draws``)
with the point's seed, so common random numbers hold for the draws too.

An axis gives ``values`` (a list), a ``range`` (``start``, ``stop`` inclusive, and ``step`` or
``num``) or a Latin-hypercube interval ``lhs: {low, high}``; quantities take units as in
scenario files. Grid axes are crossed (the first varies slowest); the ``lhs`` axes are sampled
jointly, ``samples`` points (scipy's LatinHypercube, seeded by ``seed``), crossed with the grid.

Points are resolved (each axis value set into the base scenario, the result validated) before
anything runs: :func:`resolve` raises :class:`SweepError` with one line per problem.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from opendome.engine.uncertainty import DEFAULT_DRAWS
from opendome.scenario import ScenarioError
from opendome.scenario.errors import format_validation_error
from opendome.scenario.units import unit_registry
from opendome.sweep.vary import OPERATIONS, PathError, Variant, base_mapping, parse_path, vary

METRIC_FAMILIES = {
    "p_no_leak": "P(no warhead leaks), with p_no_leak_lo/_hi (Wilson 95 %)",
    "expected_leakers": "mean warheads leaked, with _lo/_hi (95 %) and _se",
    "interceptors_used": "mean interceptors fired, in all and by layer (interceptors_used.LAYER)",
    "inventory": "mean interceptors available by layer (inventory.LAYER)",
    "p_inventory_exhausted": "P(layer runs out) by layer",
    "warheads_killed": "mean warheads destroyed by layer",
    "in_reach": "space layers: mean interceptors in reach, and satellites in orbit",
    "raid": "missiles, warheads and objects of the point's raid",
    "uncertainty": "points whose scenario gives probabilities as distributions: "
    "p_no_leak_mixture with p_no_leak_mixture_lo/_hi (95 %), the spread over parameter draws "
    "p_no_leak_over_draws_p5/_p50/_p95, parameter_draws, trials_per_draw, "
    "uncertain_parameters (null at points without distributions)",
}
"""Metric families a sweep can store (``metrics:``); p_no_leak and expected_leakers always."""

UNCERTAINTY_COLUMNS: dict[str, str] = {
    "p_no_leak_mixture": "double",
    "p_no_leak_mixture_lo": "double",
    "p_no_leak_mixture_hi": "double",
    "p_no_leak_over_draws_p5": "double",
    "p_no_leak_over_draws_p50": "double",
    "p_no_leak_over_draws_p95": "double",
    "parameter_draws": "int64",
    "trials_per_draw": "int64",
    "uncertain_parameters": "int64",
}
"""Columns of the ``uncertainty`` family and their Parquet types (null where not applicable).

``p_no_leak_mixture``: P(no leak) over all trials of all parameter draws; ``_lo``/``_hi``: its
95 % sampling interval (from the spread of the draws' values, which holds both sources);
``p_no_leak_over_draws_pQ``: the Q-th percentile over parameter draws of each draw's
P(no leak) (what more trials cannot remove)."""


class SweepError(ValueError):
    """A sweep file is invalid; ``problems`` holds one ``where: problem`` line each."""

    def __init__(self, problems: list[str], source: str = "sweep") -> None:
        self.problems = problems
        self.source = source
        super().__init__(f"{source}: " + "; ".join(problems))


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


Scalar = int | float | str | bool


class Range(_Strict):
    """Evenly spaced values from ``start`` to ``stop`` (inclusive): by ``step`` or ``num``."""

    start: int | float | str = Field(description="first value, e.g. 0 or '30 deg'")
    stop: int | float | str = Field(description="last value (inclusive), e.g. 10 or '60 deg'")
    step: int | float | str | None = Field(None, description="spacing, e.g. 2 or '5 deg'")
    num: int | None = Field(None, ge=2, le=100_000, description="number of values")

    @model_validator(mode="after")
    def _step_or_num(self) -> Range:
        if (self.step is None) == (self.num is None):
            raise ValueError("give either 'step' or 'num' (not both)")
        return self


class Interval(_Strict):
    """A Latin-hypercube interval: values drawn in [low, high]."""

    low: int | float | str = Field(description="lowest value, e.g. 5 or '4 km/s'")
    high: int | float | str = Field(description="highest value, e.g. 50 or '8 km/s'")


class Axis(_Strict):
    """One varied path of the scenario and its values."""

    path: str = Field(min_length=1, description="where in the scenario, e.g. "
                      "'defender.layers[midcourse-gbi].inventory'; or 'raid_scale', "
                      "'asat_fraction'")
    values: list[Any] | None = Field(None, min_length=1, description="the values, as the "
                                     "scenario file would write them")
    range: Range | None = None
    lhs: Interval | None = Field(None, description="Latin-hypercube interval (see 'samples')")

    @model_validator(mode="after")
    def _one_source(self) -> Axis:
        given = [k for k in ("values", "range", "lhs") if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError("give exactly one of 'values', 'range' or 'lhs'"
                             + (f"; got {', '.join(given)}" if given else ""))
        if self.path not in OPERATIONS:
            try:
                parse_path(self.path)
            except PathError as exc:
                raise ValueError(f"path: {exc.problem}") from None
        return self


class SweepSpec(_Strict):
    """A sweep file."""

    name: str | None = Field(None, description="label of the study")
    description: str = ""
    base: str = Field(min_length=1, description="built-in scenario name or scenario file "
                      "(relative to the sweep file)")
    trials: int = Field(2000, ge=1, le=100_000_000, description="Monte Carlo trials per point")
    seed: int = Field(0, ge=0, description="seed of the random streams")
    common_random_numbers: bool = Field(
        True, description="all points use the same random numbers (trial i sees the same "
        "draws everywhere), so differences between neighbouring points are not noise; false: "
        "each point gets its own seed, derived from the seed and its axis values")
    draws: int = Field(DEFAULT_DRAWS, ge=1, le=100_000, description="parameter draws of the "
                       "outer loop at points whose scenario gives probabilities as "
                       "distributions (the point's trials are split among them); ignored "
                       "elsewhere")
    axes: list[Axis] = Field(min_length=1)
    samples: int | None = Field(None, ge=1, le=1_000_000,
                                description="Latin-hypercube points (for 'lhs' axes)")
    metrics: list[str] | None = Field(
        None, description=f"metric families to store (default all): {', '.join(METRIC_FAMILIES)}")

    @model_validator(mode="after")
    def _consistent(self) -> SweepSpec:
        paths = [a.path for a in self.axes]
        dupes = sorted({p for p in paths if paths.count(p) > 1})
        if dupes:
            raise ValueError(f"axes: each path once; repeated: {', '.join(dupes)}")
        has_lhs = any(a.lhs is not None for a in self.axes)
        if has_lhs != (self.samples is not None):
            raise ValueError("samples: give 'samples' exactly when an axis uses 'lhs'")
        for m in self.metrics or []:
            if m not in METRIC_FAMILIES:
                raise ValueError(f"metrics: unknown '{m}'; known: {', '.join(METRIC_FAMILIES)}")
        return self


def sweep_schema() -> dict[str, Any]:
    """Return the JSON Schema of a sweep file."""
    return SweepSpec.model_json_schema()


@dataclass(frozen=True)
class AxisValues:
    """An axis's values as written, and their numbers in the axis's unit (for tables)."""

    path: str
    written: list[Any]
    unit: str | None
    """The unit of a quantity axis (its first value's), or None."""

    @property
    def as_text(self) -> bool:
        """Whether the axis is stored as JSON text.

        So it is when some value is a mapping or a list (e.g. a distribution,
        ``{beta_from_tests: {hits: 11, trials: 20}}``, beside numbers).
        """
        return any(isinstance(v, dict | list) for v in self.written)

    def number(self, value: Any) -> Any:
        """Return the stored form of a value.

        The magnitude in the axis's unit, JSON text (an axis with mappings or lists), or as is.
        """
        if self.as_text:
            return json.dumps(value, sort_keys=True)
        if self.unit is None:
            return value
        return float(_quantity(value).to(self.unit).magnitude)


@dataclass(frozen=True)
class Point:
    """One point of a sweep: its index, its axis values, the varied scenario, its seed."""

    index: int
    settings: dict[str, Any]
    variant: Variant
    seed: int


@dataclass(frozen=True)
class Study:
    """A resolved sweep: the spec, its base scenario, the axes and every point."""

    spec: SweepSpec
    text: str
    base: dict[str, Any]
    base_source: str
    axes: list[AxisValues]
    points: list[Point]

    @property
    def fingerprint(self) -> str:
        """Return a hash of what decides the results: the spec and the base scenario."""
        blob = json.dumps({"spec": self.spec.model_dump(mode="json"), "base": self.base},
                          sort_keys=True, default=str)
        return hashlib.sha256(blob.encode()).hexdigest()


def _quantity(value: Any) -> Any:
    return unit_registry().Quantity(value.strip())


_NUMBER_FIRST = re.compile(r"\s*[-+]?(\d|\.\d)")


def _is_quantity(value: Any) -> bool:
    """Return whether ``value`` is text of a number with a unit (``"30 s"``, ``"7.2 km/s"``)."""
    if not isinstance(value, str) or not _NUMBER_FIRST.match(value):
        return False
    try:
        q = _quantity(value)
    except Exception:  # pint raises many kinds for text that is not a quantity
        return False
    return isinstance(q, unit_registry().Quantity) and not q.unitless


def _fmt(x: float) -> int | float:
    r = round(float(x), 12)
    return int(r) if r.is_integer() and abs(r) < 2**53 else r


def _range_values(r: Range, where: str) -> list[Any]:
    ends = [r.start, r.stop] + ([r.step] if r.step is not None else [])
    quantities = [_is_quantity(v) for v in ends]
    if any(quantities) and not all(quantities):
        raise SweepError([f"{where}: give start, stop and step all with units or all without"])
    if not any(quantities) and any(isinstance(v, str) for v in ends):
        raise SweepError([f"{where}: start, stop and step must be numbers or quantities with "
                          "units, e.g. '30 deg'"])
    unit = None
    if all(quantities):
        qs = [_quantity(v) for v in ends]
        unit = qs[0].units
        try:
            mags = [float(q.to(unit).magnitude) for q in qs]
        except Exception:
            raise SweepError([f"{where}: start, stop and step have different dimensions"]) from None
    else:
        mags = [float(v) for v in ends]
    start, stop = mags[0], mags[1]
    if r.num is not None:
        xs: np.ndarray = np.linspace(start, stop, r.num)
    else:
        step = mags[2]
        if step == 0 or (stop - start) / step < 0:
            raise SweepError([f"{where}.step: must be non-zero and lead from start to stop"])
        n = math.floor((stop - start) / step + 1e-9) + 1
        if n > 100_000:
            raise SweepError([f"{where}: {n} values; at most 100,000"])
        xs = start + step * np.arange(n)
    integer = unit is None and all(isinstance(v, int) and not isinstance(v, bool) for v in ends)
    if integer:
        out: list[Any] = list(dict.fromkeys(int(round(x)) for x in xs))
        return out
    if unit is None:
        return [_fmt(x) for x in xs]
    return [f"{_fmt(x)} {unit}" for x in xs]


def _lhs_values(axes: list[Axis], samples: int, seed: int) -> list[list[Any]]:
    from scipy.stats import qmc

    unit_cube = qmc.LatinHypercube(d=len(axes), seed=seed).random(samples)
    columns: list[list[Any]] = []
    for j, a in enumerate(axes):
        assert a.lhs is not None
        lo, hi = a.lhs.low, a.lhs.high
        if _is_quantity(lo) and _is_quantity(hi):
            ql, qh = _quantity(lo), _quantity(hi)
            try:
                h = float(qh.to(ql.units).magnitude)
            except Exception:
                raise SweepError([f"axes[{j}].lhs: low and high have different "
                                  "dimensions"]) from None
            xs = float(ql.magnitude) + unit_cube[:, j] * (h - float(ql.magnitude))
            columns.append([f"{_fmt(x)} {ql.units}" for x in xs])
        elif isinstance(lo, int | float) and isinstance(hi, int | float):
            xs = lo + unit_cube[:, j] * (hi - lo)
            both_int = isinstance(lo, int) and isinstance(hi, int)
            columns.append([int(round(x)) if both_int else _fmt(x) for x in xs])
        else:
            raise SweepError([f"axes[{j}].lhs: low and high must both be numbers or both "
                              "quantities with units"])
    return [list(row) for row in zip(*columns, strict=True)]


def _axis_unit(values: list[Any]) -> str | None:
    if values and all(_is_quantity(v) for v in values):
        return str(_quantity(values[0]).units)
    return None


def point_seed(seed: int, settings: dict[str, Any], common: bool) -> int:
    """Return a point's seed: the sweep's seed (common random numbers), or one keyed by point.

    Keyed by the point's axis values (not its position), so a point keeps its numbers when
    other points are added or the axes are listed in another order.
    """
    if common:
        return seed
    blob = json.dumps({"seed": seed, "point": settings}, sort_keys=True, default=str)
    return int.from_bytes(hashlib.sha256(blob.encode()).digest()[:8], "big") >> 1


def load_spec_text(text: str, source: str) -> SweepSpec:
    """Parse and validate sweep YAML text; raise SweepError with field paths."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "(file)"
        raise SweepError([f"{where}: not valid YAML; check indentation and quoting"],
                         source) from None
    if not isinstance(data, dict):
        raise SweepError(["(top level): must be a mapping with 'base' and 'axes'"], source)
    try:
        return SweepSpec.model_validate(data)
    except ValidationError as exc:
        raise SweepError(format_validation_error(exc, SweepSpec), source) from None


def read_spec(spec: str) -> tuple[str, str, Path | None]:
    """Return the text of a sweep file or built-in sweep, its source label and folder."""
    p = Path(spec)
    if p.is_file():
        try:
            return p.read_text(encoding="utf-8"), str(p), p.resolve().parent
        except UnicodeDecodeError:
            raise SweepError(["(file): not UTF-8 text"], str(p)) from None
    from opendome.sweep.builtin import builtin_folder, builtin_sweep_names, builtin_sweep_text

    if spec in builtin_sweep_names():
        return builtin_sweep_text(spec), f"builtin:{spec}", builtin_folder()
    raise SweepError([f"(file): no such file '{spec}', nor a built-in sweep of that name; "
                      f"built-ins: {', '.join(builtin_sweep_names())}"], spec)


def resolve(spec: SweepSpec, text: str, source: str = "sweep",
            folder: Path | None = None) -> Study:
    """Resolve every point of a sweep: set its values, validate; raise SweepError."""
    try:
        base, base_source = base_mapping(spec.base, folder)
    except ScenarioError as exc:
        raise SweepError([f"base: {exc.source}: {p}" for p in exc.problems], source) from None
    axes_values: list[list[Any]] = []
    for i, a in enumerate(spec.axes):
        if a.values is not None:
            axes_values.append(list(a.values))
        elif a.range is not None:
            try:
                axes_values.append(_range_values(a.range, f"axes[{i}].range"))
            except SweepError as exc:
                raise SweepError(exc.problems, source) from None
        else:
            axes_values.append([])
    lhs_axes = [a for a in spec.axes if a.lhs is not None]
    lhs_rows: list[list[Any]] = [[]]
    if lhs_axes:
        assert spec.samples is not None
        try:
            lhs_rows = _lhs_values(lhs_axes, spec.samples, spec.seed)
        except SweepError as exc:
            raise SweepError(exc.problems, source) from None
        for j, a in enumerate(lhs_axes):
            axes_values[spec.axes.index(a)] = [row[j] for row in lhs_rows]

    # Each value alone on the base first: a bad value is named by its axis and position.
    problems: list[str] = []
    for i, (a, values) in enumerate(zip(spec.axes, axes_values, strict=True)):
        if a.lhs is not None:
            continue
        for j, v in enumerate(values):
            problem = _check(base, {a.path: v}, base_source)
            if problem:
                problems.append(f"axes[{i}].values[{j}] ({a.path} = {v!r}): {problem}")
                if len(problems) >= 10:
                    break
    if problems:
        raise SweepError(problems, source)
    axes = []
    for a, values in zip(spec.axes, axes_values, strict=True):
        unit = _axis_unit(values)
        if a.lhs is None and any(_is_quantity(v) for v in values) and unit is None:
            raise SweepError([f"axes[{spec.axes.index(a)}]: give every value with units or "
                              "none"], source)
        axes.append(AxisValues(a.path, values, unit))

    grid = [a for a in spec.axes if a.lhs is None]
    grid_values = [axes_values[spec.axes.index(a)] for a in grid]
    points: list[Point] = []
    for combo in itertools.product(*grid_values):
        for row in lhs_rows:
            settings = {a.path: v for a, v in zip(grid, combo, strict=True)}
            settings.update({a.path: v for a, v in zip(lhs_axes, row, strict=True)})
            settings = {a.path: settings[a.path] for a in spec.axes}
            try:
                variant = vary(base, settings, base_source)
            except (PathError, ScenarioError) as exc:
                where = ", ".join(f"{k} = {v!r}" for k, v in settings.items())
                detail = (exc.problems[0] if isinstance(exc, ScenarioError)
                          else f"{exc.path}: {exc.problem}")
                raise SweepError([f"point {len(points)} ({where}): {detail}"], source) from None
            seed = point_seed(spec.seed, settings, spec.common_random_numbers)
            points.append(Point(len(points), settings, variant, seed))
            if len(points) > 1_000_000:
                raise SweepError(["axes: more than 1,000,000 points; sweep fewer values"],
                                 source)
    return Study(spec, text, base, base_source, axes, points)


def _check(base: dict[str, Any], settings: dict[str, Any], source: str) -> str | None:
    try:
        vary(base, settings, source)
    except PathError as exc:
        return f"{exc.path}: {exc.problem}"
    except ScenarioError as exc:
        return exc.problems[0]
    return None


def load_study(spec: str) -> Study:
    """Read, validate and resolve a sweep file or built-in sweep; raise SweepError."""
    text, source, folder = read_spec(spec)
    return resolve(load_spec_text(text, source), text, source, folder)
