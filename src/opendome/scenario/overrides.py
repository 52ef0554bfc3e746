"""A scenario's own catalog values: overrides with units, validated, applied to a copy.

::

    catalog_overrides:
      interceptors:
        sbi: {delta_v: "3 km/s", source: "APS 2003's less optimistic kill vehicle"}
        gbi: {pk: {warhead: 0.55}}
      missiles:
        icbm-solid: {burn_time: "120 s"}

Keys are the catalog's parameter names without their unit suffix (``burn_time`` for
``burn_time_s``), and dimensional values carry units like every other scenario quantity. A
parameter the entry's kind does not have (``glide_altitude`` on a ballistic missile) or a value
outside the catalog's bounds is an error naming the field. The run's catalog keeps the
provenance of each replaced value: the scenario, the ``source`` if given (else notional), and
the catalog value it replaced.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from opendome.catalog import (
    OBJECT_CLASSES,
    Catalog,
    CatalogDataError,
    Interceptor,
    SourcedValue,
    check_value,
)
from opendome.scenario.errors import FieldProblem
from opendome.scenario.units import (
    AccelerationMPerS2,
    LengthM,
    MassKg,
    SpeedMPerS,
    TimeS,
)

SECONDS_PER_YEAR = 365.25 * 86_400.0
"""Julian year (pint's ``year``), to store a service life in the catalog's years."""


class _Strict(BaseModel):
    # defer_build: validators are built when first used, not at import (fast `opendome --help`
    # and `validate`; benchmarks/cli_startup.py)
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True,
                              allow_inf_nan=False, defer_build=True)


_SOURCE = Field(None, description="where the scenario's values come from (shown beside them); "
                "without it they are marked notional")


class MissileOverride(_Strict):
    """New values for one missile class (only the parameters of its kind)."""

    source: str | None = _SOURCE
    range: LengthM | None = Field(None, description="maximum range, e.g. '4000 km'")
    burn_time: TimeS | None = Field(None, description="boost duration, e.g. '120 s'")
    burnout_speed: SpeedMPerS | None = Field(None, description="speed at burnout, e.g. "
                                             "'7.2 km/s'")
    burnout_altitude: LengthM | None = Field(None, description="altitude at burnout, e.g. "
                                             "'200 km'")
    glide_altitude: LengthM | None = Field(None, description="glide vehicles: glide altitude, "
                                           "e.g. '40 km'")
    lift_to_drag: float | None = Field(None, gt=0.0, le=20.0, description="glide vehicles: "
                                       "lift-to-drag ratio, e.g. 2.6")
    cruise_speed: SpeedMPerS | None = Field(None, description="cruise missiles: speed, e.g. "
                                            "'245 m/s'")
    cruise_altitude: LengthM | None = Field(None, description="cruise missiles: flight "
                                            "altitude, e.g. '30 m'")


class KillProbabilityOverride(_Strict):
    """Single-shot kill probability by object class (unset classes keep the catalog's)."""

    booster: float | None = Field(None, ge=0.0, le=1.0)
    warhead: float | None = Field(None, ge=0.0, le=1.0)
    decoy: float | None = Field(None, ge=0.0, le=1.0)


class InterceptorOverride(_Strict):
    """New values for one interceptor type (only the parameters of its kind)."""

    source: str | None = _SOURCE
    delta_v: SpeedMPerS | None = Field(None, description="space-based kill vehicle: speed "
                                       "change, e.g. '3 km/s'")
    acceleration: AccelerationMPerS2 | None = Field(None, description="e.g. '10 g0'")
    burnout_speed: SpeedMPerS | None = Field(None, description="surface interceptors: "
                                             "booster burnout speed, e.g. '7 km/s'")
    min_intercept_altitude: LengthM | None = Field(None, description="e.g. '100 km'")
    max_intercept_altitude: LengthM | None = Field(None, description="e.g. '2000 km'")
    max_ground_range: LengthM | None = Field(None, description="e.g. '6000 km'")
    mass: MassKg | None = Field(None, description="e.g. '1250 kg'")
    service_life: TimeS | None = Field(None, description="e.g. '5 yr'")
    unit_cost_usd: float | None = Field(None, ge=0.0, le=1e12, description="unit cost, "
                                        "US dollars, e.g. 30.0e6")
    pk: KillProbabilityOverride | None = Field(None, description="single-shot kill "
                                               "probability by object class")


MISSILE_FIELDS: dict[str, str] = {
    "range": "range_m", "burn_time": "burn_time_s", "burnout_speed": "burnout_speed_m_per_s",
    "burnout_altitude": "burnout_altitude_m", "glide_altitude": "glide_altitude_m",
    "lift_to_drag": "lift_to_drag", "cruise_speed": "cruise_speed_m_per_s",
    "cruise_altitude": "cruise_altitude_m",
}
"""Scenario override key -> catalog field of a missile."""

INTERCEPTOR_FIELDS: dict[str, str] = {
    "delta_v": "delta_v_m_per_s", "acceleration": "acceleration_m_per_s2",
    "burnout_speed": "burnout_speed_m_per_s", "min_intercept_altitude":
    "min_intercept_altitude_m", "max_intercept_altitude": "max_intercept_altitude_m",
    "max_ground_range": "max_ground_range_m", "mass": "mass_kg",
    "service_life": "service_life_yr", "unit_cost_usd": "unit_cost_usd",
}
"""Scenario override key -> catalog field of an interceptor."""

_TO_CATALOG_UNIT = {"service_life": 1.0 / SECONDS_PER_YEAR}


class CatalogOverrides(_Strict):
    """Catalog values for this scenario's run, by entry (``missiles`` and ``interceptors``)."""

    missiles: dict[str, MissileOverride] = Field(
        default_factory=dict, description="by missile class, e.g. {icbm-solid: {burn_time: "
        "'120 s'}}")
    interceptors: dict[str, InterceptorOverride] = Field(
        default_factory=dict, description="by interceptor type, e.g. {sbi: {delta_v: "
        "'3 km/s'}, gbi: {pk: {warhead: 0.55}}}")

    def items(self) -> Iterator[tuple[str, str, str, str, float, str | None]]:
        """Yield ``(section, entry, scenario key, catalog field, value, source)``.

        Values are in the catalog's units (SI; service life in years); kill probabilities come
        as ``pk.<class>``.
        """
        sections: tuple[tuple[str, dict[str, Any], dict[str, str]], ...] = (
            ("missiles", dict(self.missiles), MISSILE_FIELDS),
            ("interceptors", dict(self.interceptors), INTERCEPTOR_FIELDS))
        for section, table, fields in sections:
            for key, ov in table.items():
                for name, catalog_field in fields.items():
                    value = getattr(ov, name)
                    if value is not None:
                        yield (section, key, name, catalog_field,
                               value * _TO_CATALOG_UNIT.get(name, 1.0), ov.source)
                pk = getattr(ov, "pk", None)
                if pk is not None:
                    for cls in OBJECT_CLASSES:
                        value = getattr(pk, cls)
                        if value is not None:
                            yield section, key, f"pk.{cls}", f"pk.{cls}", value, ov.source

    def apply(self, base: Catalog, scenario: str) -> Catalog:
        """Return ``base`` with these values; raise FieldProblem naming the scenario field."""
        if not self.missiles and not self.interceptors:
            return base
        grouped: dict[tuple[str, str], dict[str, SourcedValue]] = {}
        for section, key, name, catalog_field, value, source in self.items():
            table = getattr(base, section)
            path = f"catalog_overrides.{section}.{key}"
            if key not in table:
                close = difflib.get_close_matches(key, list(table), n=1)
                hint = f"did you mean '{close[0]}'? " if close else ""
                raise FieldProblem(path, f"no {section[:-1]} '{key}' in the catalog; {hint}"
                                   f"known: {', '.join(table)}")
            entry = table[key]
            if not catalog_field.startswith("pk."):
                kind = type(entry)
                fields = MISSILE_FIELDS if section == "missiles" else INTERCEPTOR_FIELDS
                own = [k for k, f in fields.items() if f in kind.numeric_fields()]
                if catalog_field not in kind.numeric_fields():
                    raise FieldProblem(f"{path}.{name}", f"a {kind.kind} has no {name}; its "
                                       f"parameters: {', '.join(own)}")
                problem = check_value(kind, catalog_field, value)
                if problem:
                    raise FieldProblem(f"{path}.{name}", problem.replace(
                        catalog_field, name) + " (in the catalog's units)")
            elif not isinstance(entry, Interceptor):
                raise FieldProblem(f"{path}.pk", "only interceptors have kill probabilities")
            old = (entry.pk[catalog_field[3:]] if catalog_field.startswith("pk.")
                   else entry.params.get(catalog_field))
            was = f"catalog {old.value:g}: {old.citation()}" if old else "not in the catalog"
            text = f"scenario '{scenario}'" + (f": {source}" if source else
                                               " override without a stated source")
            grouped.setdefault((section, key), {})[catalog_field] = SourcedValue(
                float(value), f"{text} (replaces {was})", notional=not source)
        catalog = base
        for (section, key), values in grouped.items():
            try:
                catalog = catalog.with_values(section, key, values)
            except CatalogDataError as exc:
                where, problem = str(exc).split(": ", 1)
                fields = MISSILE_FIELDS if section == "missiles" else INTERCEPTOR_FIELDS
                name = {f: k for k, f in fields.items()}.get(where.rsplit(".", 1)[-1], "")
                raise FieldProblem(f"catalog_overrides.{section}.{key}.{name}".rstrip("."),
                                   problem) from None
        return catalog

    def records(self, base: Catalog, scenario: str) -> list[dict[str, Any]]:
        """Return one JSON-ready record per overridden value (see Scenario.override_records)."""
        run = self.apply(base, scenario)
        out = []
        for section, key, _, catalog_field, value, _source in self.items():
            before = getattr(base, section)[key]
            old = (before.pk[catalog_field[3:]].value if catalog_field.startswith("pk.")
                   else getattr(before, catalog_field))
            entry = getattr(run, section)[key]
            sv = (entry.pk[catalog_field[3:]] if catalog_field.startswith("pk.")
                  else entry.params[catalog_field])
            out.append({"entry": f"{section}.{key}", "parameter": catalog_field,
                        "value": float(value),
                        "catalog_value": None if old is None else float(old),
                        "source": sv.citation()})
        return out
