"""Typed catalog entries: missile classes and interceptor types, SI floats plus their sources."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from opendome.catalog.sourced import CatalogDataError, SourcedValue, load_data_file

OBJECT_CLASSES: tuple[str, ...] = ("booster", "warhead", "decoy")
"""Object classes an interceptor's single-shot kill probability is given for."""

FLIGHT_PROFILES: tuple[str, ...] = ("ballistic", "glide", "cruise", "fobs")
PHASES: tuple[str, ...] = ("boost", "midcourse", "terminal")


@dataclass(frozen=True)
class CatalogEntry:
    """Common part of an entry: its key, display name, numbers (SI) and their sources."""

    key: str
    name: str
    params: Mapping[str, SourcedValue] = field(repr=False)

    def get(self, parameter: str) -> float | None:
        """Return a numeric parameter in SI units, or None if the entry does not define it."""
        sv = self.params.get(parameter)
        return None if sv is None else sv.value

    def require(self, parameter: str) -> float:
        """Return a numeric parameter in SI units; raise KeyError naming the entry if absent."""
        sv = self.params.get(parameter)
        if sv is None:
            raise KeyError(f"catalog entry '{self.key}' has no parameter '{parameter}'")
        return sv.value

    def sources(self) -> dict[str, str]:
        """Return ``{parameter: citation}`` for every number of the entry."""
        return {k: v.citation() for k, v in self.params.items()}


@dataclass(frozen=True)
class Missile(CatalogEntry):
    """A missile class: flight profile and boost, glide or cruise parameters."""

    flight_profile: str = "ballistic"
    propellant: str = "solid"

    @property
    def has_boost_phase(self) -> bool:
        """Return whether a rocket boost phase exists that a boost-phase layer could engage."""
        return self.flight_profile != "cruise"


@dataclass(frozen=True)
class Interceptor(CatalogEntry):
    """An interceptor type: basing, phases engaged, kinematics, cost and kill probabilities."""

    basing: str = "ground"
    phases: tuple[str, ...] = ()
    pk: Mapping[str, SourcedValue] = field(default_factory=dict, repr=False)

    def pk_by_class(self) -> dict[str, float]:
        """Return the single-shot kill probability for each object class."""
        return {c: self.pk[c].value for c in OBJECT_CLASSES}

    def sources(self) -> dict[str, str]:
        """Return ``{parameter: citation}``, kill probabilities as ``pk.<class>``."""
        out = super().sources()
        out.update({f"pk.{c}": v.citation() for c, v in self.pk.items()})
        return out


@dataclass(frozen=True)
class Catalog:
    """All catalog entries, by kebab-case key."""

    missiles: Mapping[str, Missile]
    interceptors: Mapping[str, Interceptor]


def _numbers(body: Mapping[str, Any]) -> dict[str, SourcedValue]:
    return {k: v for k, v in body.items() if isinstance(v, SourcedValue)}


def _choice(body: Mapping[str, Any], key: str, allowed: tuple[str, ...], where: str) -> str:
    value = body.get(key)
    if value not in allowed:
        raise CatalogDataError(f"{where}.{key}: must be one of {list(allowed)}, got {value!r}")
    return str(value)


@cache
def load_catalog() -> Catalog:
    """Load and check the shipped catalog (cached; entries are immutable)."""
    missiles: dict[str, Missile] = {}
    for key, body in load_data_file("missiles.yaml").items():
        where = f"missiles.yaml:{key}"
        missiles[key] = Missile(
            key=key,
            name=str(body.get("name", key)),
            params=_numbers(body),
            flight_profile=_choice(body, "flight_profile", FLIGHT_PROFILES, where),
            propellant=str(body.get("propellant", "")),
        )
    interceptors: dict[str, Interceptor] = {}
    for key, body in load_data_file("interceptors.yaml").items():
        where = f"interceptors.yaml:{key}"
        pk = body.get("pk", {})
        missing = [c for c in OBJECT_CLASSES if c not in pk]
        if missing:
            raise CatalogDataError(f"{where}.pk: missing object classes {missing}")
        for c in OBJECT_CLASSES:
            if not 0.0 <= pk[c].value <= 1.0:
                raise CatalogDataError(f"{where}.pk.{c}: must be within [0, 1]")
        phases = tuple(body.get("phases", ()))
        bad = [p for p in phases if p not in PHASES]
        if bad or not phases:
            raise CatalogDataError(f"{where}.phases: must be a non-empty subset of {list(PHASES)}")
        interceptors[key] = Interceptor(
            key=key,
            name=str(body.get("name", key)),
            params=_numbers(body),
            basing=str(body.get("basing", "ground")),
            phases=phases,
            pk=dict(pk),
        )
    return Catalog(missiles=missiles, interceptors=interceptors)
