"""Typed catalog entries, one class per kind, checked when the catalog loads.

Each kind (ballistic missile, fractional-orbital missile, glide vehicle, cruise missile,
space-based interceptor, surface interceptor) is a frozen dataclass whose numeric fields are SI
floats named with their unit. The loader reads ``catalog/data/*.yaml``, picks the kind from the
entry's ``flight_profile`` (missiles) or ``basing`` (interceptors), and refuses an entry that
lacks a parameter its kind needs, has one it does not know, or holds a value out of bounds: the
message names the file, the entry and the field. Every number keeps its provenance (public
source, or notional with the reason) in ``params``; :meth:`CatalogEntry.sources` lists them.

The catalog is a value, not a global: :func:`load_catalog` returns one (the shipped data, or
another folder of the same files), scenario validation receives it through pydantic's
validation context, the plan stage as an argument, and :meth:`Catalog.with_overrides` returns a
copy with a scenario's own values.
"""

from __future__ import annotations

import dataclasses
import difflib
import math
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, ClassVar

from opendome.catalog.sourced import CatalogDataError, SourcedValue, load_data_file

OBJECT_CLASSES: tuple[str, ...] = ("booster", "warhead", "decoy")
"""Object classes an interceptor's single-shot kill probability is given for."""

FLIGHT_PROFILES: tuple[str, ...] = ("ballistic", "glide", "cruise", "fobs")
PHASES: tuple[str, ...] = ("boost", "midcourse", "terminal")
BASINGS: tuple[str, ...] = ("space", "ground", "sea")

_META = ("key", "name", "params")


def _positive(lower: float = 0.0, strict: bool = True, upper: float = math.inf) -> Any:
    """Field metadata: the bounds a value must respect (checked at load and for overrides)."""
    return field(metadata={"lower": lower, "strict": strict, "upper": upper})


@dataclass(frozen=True, kw_only=True)
class CatalogEntry:
    """Common part of an entry: its key, display name and the provenance of its numbers.

    ``params`` maps each numeric field (and ``pk.<class>`` for interceptors) to its
    :class:`SourcedValue`: the value and its public source or notional reason.
    """

    kind: ClassVar[str] = "entry"

    key: str
    name: str
    params: Mapping[str, SourcedValue] = field(repr=False, compare=True)

    @classmethod
    def numeric_fields(cls) -> dict[str, bool]:
        """Return ``{field: required}`` for the entry's numeric (SI float) fields."""
        hints = typing.get_type_hints(cls)
        out: dict[str, bool] = {}
        for f in dataclasses.fields(cls):
            tp = hints[f.name]
            if tp is float:
                out[f.name] = True
            elif typing.get_origin(tp) in (typing.Union, types.UnionType) and \
                    set(typing.get_args(tp)) == {float, type(None)}:
                out[f.name] = False
        return out

    @classmethod
    def bounds(cls, name: str) -> tuple[float, bool, float]:
        """Return ``(lower, strict, upper)`` for a numeric field."""
        f = next(f for f in dataclasses.fields(cls) if f.name == name)
        return (f.metadata.get("lower", -math.inf), f.metadata.get("strict", False),
                f.metadata.get("upper", math.inf))

    def sources(self) -> dict[str, str]:
        """Return ``{parameter: citation}`` for every number of the entry."""
        return {k: v.citation() for k, v in self.params.items()}


def check_value(cls: type[CatalogEntry], name: str, value: float) -> str | None:
    """Return why ``value`` is not allowed for field ``name`` of ``cls`` (None if it is)."""
    lower, strict, upper = cls.bounds(name)
    if not math.isfinite(value):
        return f"must be a finite number, got {value!r}"
    if value < lower or (strict and value == lower):
        return f"must be {'>' if strict else '>='} {lower:g}, got {value:g}"
    if value > upper:
        return f"must be <= {upper:g}, got {value:g}"
    return None


@dataclass(frozen=True, kw_only=True)
class Missile(CatalogEntry):
    """A missile class; the subclasses are the kinds (by flight profile)."""

    flight_profile: ClassVar[str] = ""
    propellant: str = "solid"
    range_m: float = _positive()

    @property
    def has_boost_phase(self) -> bool:
        """Return whether a rocket boost phase exists that a boost-phase layer could engage."""
        return isinstance(self, BoostedMissile)


@dataclass(frozen=True, kw_only=True)
class BoostedMissile(Missile):
    """A missile with a rocket boost phase (what a boost-phase layer engages)."""

    burn_time_s: float = _positive()
    burnout_speed_m_per_s: float = _positive()
    burnout_altitude_m: float = _positive()


@dataclass(frozen=True, kw_only=True)
class BallisticMissile(BoostedMissile):
    """A ballistic missile (ICBM, SLBM, IRBM ...): boost, then a Keplerian arc and re-entry."""

    kind: ClassVar[str] = "ballistic missile"
    flight_profile: ClassVar[str] = "ballistic"


@dataclass(frozen=True, kw_only=True)
class FractionalOrbitalMissile(BoostedMissile):
    """A fractional-orbital bombardment system: boost into a low orbit, de-orbit short of one."""

    kind: ClassVar[str] = "fractional-orbital missile"
    flight_profile: ClassVar[str] = "fobs"


@dataclass(frozen=True, kw_only=True)
class GlideVehicle(BoostedMissile):
    """A hypersonic boost-glide vehicle: boost, pull-up, equilibrium glide."""

    kind: ClassVar[str] = "glide vehicle"
    flight_profile: ClassVar[str] = "glide"
    glide_altitude_m: float = _positive()
    lift_to_drag: float = _positive()


@dataclass(frozen=True, kw_only=True)
class CruiseMissile(Missile):
    """An air-breathing cruise missile: constant speed at low altitude, no rocket boost."""

    kind: ClassVar[str] = "cruise missile"
    flight_profile: ClassVar[str] = "cruise"
    cruise_speed_m_per_s: float = _positive()
    cruise_altitude_m: float = _positive(strict=False)


@dataclass(frozen=True, kw_only=True)
class Interceptor(CatalogEntry):
    """An interceptor type; the subclasses are the kinds (by basing)."""

    basing: str = "ground"
    phases: tuple[str, ...] = ()
    pk: Mapping[str, SourcedValue] = field(default_factory=dict, repr=False)
    acceleration_m_per_s2: float = _positive()
    unit_cost_usd: float = _positive(strict=False)
    mass_kg: float | None = _positive()
    service_life_yr: float | None = _positive()

    def pk_by_class(self) -> dict[str, float]:
        """Return the single-shot kill probability for each object class."""
        return {c: self.pk[c].value for c in OBJECT_CLASSES}

    def sources(self) -> dict[str, str]:
        """Return ``{parameter: citation}``, kill probabilities as ``pk.<class>``."""
        out = super().sources()
        out.update({f"pk.{c}": v.citation() for c, v in self.pk.items()})
        return out


@dataclass(frozen=True, kw_only=True)
class SpaceInterceptor(Interceptor):
    """A space-based kill vehicle: speed change and acceleration from orbit (boost phase)."""

    kind: ClassVar[str] = "space-based interceptor"
    delta_v_m_per_s: float = _positive()


@dataclass(frozen=True, kw_only=True)
class SurfaceInterceptor(Interceptor):
    """A ground- or sea-based interceptor: booster fly-out to an intercept altitude band."""

    kind: ClassVar[str] = "surface interceptor"
    burnout_speed_m_per_s: float = _positive()
    min_intercept_altitude_m: float = _positive(strict=False)
    max_intercept_altitude_m: float = _positive()
    max_ground_range_m: float = _positive()


MISSILE_KINDS: dict[str, type[Missile]] = {
    cls.flight_profile: cls
    for cls in (BallisticMissile, FractionalOrbitalMissile, GlideVehicle, CruiseMissile)
}
"""Missile kind by ``flight_profile``."""

INTERCEPTOR_KINDS: dict[str, type[Interceptor]] = {
    "space": SpaceInterceptor, "ground": SurfaceInterceptor, "sea": SurfaceInterceptor}
"""Interceptor kind by ``basing``."""


@dataclass(frozen=True, kw_only=True)
class Catalog:
    """All catalog entries, by kebab-case key."""

    missiles: Mapping[str, Missile]
    interceptors: Mapping[str, Interceptor]

    def with_values(self, section: str, key: str, values: Mapping[str, SourcedValue]) -> Catalog:
        """Return a copy with some numbers of one entry replaced (``pk.<class>`` for pk).

        Raises CatalogDataError naming ``section.key.field`` if a value breaks the entry's
        rules (unknown field for the kind, out of bounds, min above max altitude).
        """
        table = dict(getattr(self, section))
        entry = table[key]
        where = f"{section}.{key}"
        params = dict(entry.params)
        update: dict[str, Any] = {}
        pk = dict(getattr(entry, "pk", {}))
        numeric = type(entry).numeric_fields()
        for name, sv in values.items():
            if name.startswith("pk.") and isinstance(entry, Interceptor):
                cls = name[3:]
                if cls not in OBJECT_CLASSES:
                    raise CatalogDataError(f"{where}.pk.{cls}: unknown object class; use one "
                                           f"of {list(OBJECT_CLASSES)}")
                if not 0.0 <= sv.value <= 1.0:
                    raise CatalogDataError(f"{where}.{name}: must be within [0, 1], "
                                           f"got {sv.value:g}")
                pk[cls] = sv
                continue
            if name not in numeric:
                raise CatalogDataError(f"{where}.{name}: a {entry.kind} has no such parameter; "
                                       f"its parameters: {', '.join(sorted(numeric))}")
            problem = check_value(type(entry), name, sv.value)
            if problem:
                raise CatalogDataError(f"{where}.{name}: {problem}")
            params[name] = sv
            update[name] = sv.value
        if pk != dict(getattr(entry, "pk", {})):
            update["pk"] = pk
        new = dataclasses.replace(entry, params=params, **update)
        _check_coherent(new, where)
        table[key] = new
        return dataclasses.replace(self, **{section: table})


def _check_coherent(entry: CatalogEntry, where: str) -> None:
    if isinstance(entry, SurfaceInterceptor) and \
            entry.min_intercept_altitude_m >= entry.max_intercept_altitude_m:
        raise CatalogDataError(
            f"{where}.min_intercept_altitude_m: must be below max_intercept_altitude_m "
            f"({entry.min_intercept_altitude_m:g} >= {entry.max_intercept_altitude_m:g} m)")


def _choice(body: Mapping[str, Any], key: str, allowed: tuple[str, ...], where: str) -> str:
    value = body.get(key)
    if value not in allowed:
        raise CatalogDataError(f"{where}.{key}: must be one of {list(allowed)}, got {value!r}")
    return str(value)


def _build(cls: type[CatalogEntry], key: str, body: Mapping[str, Any], where: str,
           extra: dict[str, Any]) -> Any:
    """Build one typed entry from its parsed body; refuse missing, unknown or bad numbers."""
    numeric = cls.numeric_fields()
    values: dict[str, Any] = {}
    params: dict[str, SourcedValue] = {}
    for name, required in numeric.items():
        sv = body.get(name)
        if sv is None:
            if required:
                raise CatalogDataError(
                    f"{where}.{name}: missing; a {cls.kind} needs {', '.join(sorted(k for k, r in numeric.items() if r))} "  # noqa: E501
                    f"(each {{value: ..., source: ...}})")
            values[name] = None
            continue
        if not isinstance(sv, SourcedValue):
            raise CatalogDataError(f"{where}.{name}: expected {{value: ..., source: ...}}")
        problem = check_value(cls, name, sv.value)
        if problem:
            raise CatalogDataError(f"{where}.{name}: {problem}")
        values[name] = sv.value
        params[name] = sv
    known = set(numeric) | {"name", "flight_profile", "propellant", "basing", "phases", "pk"}
    unknown = sorted(set(body) - known)
    if unknown:
        close = difflib.get_close_matches(unknown[0], sorted(numeric), n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        raise CatalogDataError(f"{where}.{unknown[0]}: not a parameter of a {cls.kind}{hint} "
                               f"(known: {', '.join(sorted(numeric))})")
    entry = cls(key=key, name=str(body.get("name", key)), params=params, **values, **extra)
    _check_coherent(entry, where)
    return entry


@cache
def _shipped_catalog() -> Catalog:
    return _load(None)


def _load(folder: str | None) -> Catalog:
    missiles: dict[str, Missile] = {}
    base = None if folder is None else Path(folder)
    for key, body in load_data_file("missiles.yaml", base).items():
        where = f"missiles.yaml:{key}"
        profile = _choice(body, "flight_profile", FLIGHT_PROFILES, where)
        missiles[key] = _build(MISSILE_KINDS[profile], key, body, where,
                               {"propellant": str(body.get("propellant", ""))})
    interceptors: dict[str, Interceptor] = {}
    for key, body in load_data_file("interceptors.yaml", base).items():
        where = f"interceptors.yaml:{key}"
        pk = body.get("pk", {})
        if not isinstance(pk, dict):
            raise CatalogDataError(f"{where}.pk: expected a mapping of object class to "
                                   "{value, source}")
        missing = [c for c in OBJECT_CLASSES if c not in pk]
        if missing:
            raise CatalogDataError(f"{where}.pk: missing object classes {missing}")
        for c in OBJECT_CLASSES:
            if not isinstance(pk[c], SourcedValue) or not 0.0 <= pk[c].value <= 1.0:
                raise CatalogDataError(f"{where}.pk.{c}: must be {{value, source}} within [0, 1]")
        phases = tuple(body.get("phases", ()))
        bad = [p for p in phases if p not in PHASES]
        if bad or not phases:
            raise CatalogDataError(f"{where}.phases: must be a non-empty subset of {list(PHASES)}")
        basing = _choice(body, "basing", BASINGS, where)
        interceptors[key] = _build(INTERCEPTOR_KINDS[basing], key, body, where,
                                   {"basing": basing, "phases": phases, "pk": dict(pk)})
    return Catalog(missiles=missiles, interceptors=interceptors)


def load_catalog(folder: str | Path | None = None) -> Catalog:
    """Load and check a catalog: the shipped one, or ``folder`` holding the same YAML files.

    Raises CatalogDataError naming the file, entry and field of the first problem. Catalogs are
    immutable; the shipped one is loaded once (a folder is read again on each call).
    """
    return _shipped_catalog() if folder is None else _load(str(Path(folder).resolve()))
