"""Pydantic models of a scenario: the attacker's raid and the defender's layers.

Validated once at the boundary: quantities with units become SI floats, catalog names are
checked, and every problem is reported with its field path (see :mod:`opendome.scenario.errors`).
"""

from __future__ import annotations

import difflib
import math
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from opendome.catalog import (
    OBJECT_CLASSES,
    PHASES,
    BallisticMissile,
    Catalog,
    CruiseMissile,
    load_catalog,
)
from opendome.core.allocation import MAX_ENGAGEMENTS, Allocation
from opendome.core.flight_range import ballistic_range_m, range_problem
from opendome.scenario import limits
from opendome.scenario.distributions import Probability
from opendome.scenario.errors import FieldProblem
from opendome.scenario.overrides import CatalogOverrides
from opendome.scenario.units import AngleRad, LengthM, TimeS

PHASE_ORDER = {p: i for i, p in enumerate(PHASES)}
AllocationField = Annotated[Allocation, WithJsonSchema(
    {"enum": [a.value for a in Allocation], "type": "string"})]
"""The allocation rule, shown in the JSON Schema as its names (as editors complete them)."""


def catalog_of(info: ValidationInfo | None) -> Catalog:
    """Return the catalog a validation runs against: ``context={"catalog": ...}``.

    Without one (a model built directly in Python) the shipped catalog is used.
    """
    ctx = info.context if info is not None else None
    if isinstance(ctx, dict) and isinstance(ctx.get("catalog"), Catalog):
        return ctx["catalog"]
    return load_catalog()


def _did_you_mean(name: str, known: list[str]) -> str:
    close = difflib.get_close_matches(name, known, n=1)
    hint = f"did you mean '{close[0]}'? " if close else ""
    return f"{hint}known: {', '.join(known)}"


class _Strict(BaseModel):
    # defer_build: validators are built when first used, not at import (fast `opendome --help`
    # and `validate`; benchmarks/cli_startup.py)
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True,
                              allow_inf_nan=False, defer_build=True)


class Point(_Strict):
    """A point on the Earth's surface, geodetic latitude and longitude in degrees."""

    lat: float = Field(ge=-90.0, le=90.0, description="geodetic latitude, degrees north")
    lon: float = Field(ge=-180.0, le=180.0, description="longitude, degrees east")


class Salvo(_Strict):
    """Missiles of one type launched together from one point toward one aim point."""

    name: str | None = Field(None, description="label shown in results")
    missile: str = Field(description="missile class from the catalog, e.g. 'icbm-solid'")
    count: int = Field(ge=1, le=100_000, description="number of missiles")
    launch: Point
    aim: Point
    launch_time: TimeS = Field("0 s", validate_default=True, ge=0.0, le=limits.MAX_LAUNCH_TIME_S,
                               description="launch time after the raid starts, e.g. '60 s'")
    warheads: int = Field(1, ge=1, le=64, description="warheads (re-entry vehicles) per missile")
    decoys: int = Field(0, ge=0, le=1000, description="credible decoys per missile")
    aims: list[Point] = Field(
        default_factory=list, max_length=64,
        description="further aim points: the salvo's warheads, missile by missile, go in turn "
        "to aim, aims[0], aims[1], ... (a ballistic missile's bus releases its warheads to "
        "their own aim points; decoys fly with their warhead)")

    @property
    def aim_points(self) -> list[Point]:
        """Return every aim point of the salvo: ``aim`` then ``aims``."""
        return [self.aim, *self.aims]

    @field_validator("missile")
    @classmethod
    def _known_missile(cls, v: str, info: ValidationInfo) -> str:
        known = list(catalog_of(info).missiles)
        if v not in known:
            raise ValueError(f"unknown missile '{v}'; {_did_you_mean(v, known)}")
        return v

    @model_validator(mode="after")
    def _load_fits_missile(self, info: ValidationInfo) -> Salvo:
        missile = catalog_of(info).missiles.get(self.missile)
        if isinstance(missile, CruiseMissile):
            if self.decoys:
                raise FieldProblem("decoys", f"a cruise missile releases no decoys, got "
                                   f"{self.decoys}; set decoys: 0 (or choose a ballistic missile)")
            if self.warheads != 1:
                raise FieldProblem("warheads", f"a cruise missile carries one warhead, got "
                                   f"{self.warheads}; set warheads: 1")
        return self

    @model_validator(mode="after")
    def _within_range(self, info: ValidationInfo) -> Salvo:
        m = catalog_of(info).missiles.get(self.missile)
        for k, aim in enumerate(self.aim_points if m is not None else []):
            lat0, lon0, lat1, lon1 = (math.radians(x) for x in (self.launch.lat, self.launch.lon,
                                                                 aim.lat, aim.lon))
            if isinstance(m, BallisticMissile):
                v, h = m.burnout_speed_m_per_s, m.burnout_altitude_m
                problem = range_problem(self.missile, "ballistic", float(ballistic_range_m(v, h)),
                                        lat0, lon0, lat1, lon1, basis=f"minimum-energy range of "
                                        f"its {v / 1e3:.2f} km/s burnout speed")
            else:
                assert m is not None
                problem = range_problem(self.missile, m.flight_profile, m.range_m,
                                        lat0, lon0, lat1, lon1)
            if problem:
                raise ValueError(problem if k == 0 else f"aims[{k - 1}]: {problem}")
        return self


class Doctrine(_Strict):
    """How a layer fires at one object.

    ``salvo``: ``shots`` interceptors at once, in one engagement. ``shoot-look-shoot``: ``shots``
    interceptors, a look (kill assessment, assumed perfect), and again on a survivor, for up to
    ``looks + 1`` engagements as long as the layer's shot opportunities allow.
    """

    type: Literal["salvo", "shoot-look-shoot"] = "salvo"
    shots: int = Field(1, ge=1, le=16, description="interceptors per engagement")
    looks: int = Field(0, ge=0, le=8, description="looks (re-engagements) for shoot-look-shoot")

    @model_validator(mode="after")
    def _looks_need_sls(self) -> Doctrine:
        if self.type == "salvo" and self.looks:
            raise ValueError(
                f"looks: {self.looks} needs type: shoot-look-shoot (a salvo has no look); "
                "remove 'looks' or change the type"
            )
        return self

    @property
    def max_engagements(self) -> int:
        """Engagements of one object the doctrine allows, before the window's limit."""
        return 1 + self.looks if self.type == "shoot-look-shoot" else 1


class KillProbabilities(_Strict):
    """Single-shot kill probability by object class; unset classes come from the catalog."""

    booster: Probability | None = None
    warhead: Probability | None = None
    decoy: Probability | None = None


class Shell(_Strict):
    """One Walker shell of circular orbits: planes x satellites per plane."""

    altitude: LengthM = Field(description="orbit altitude, e.g. '300 km'")
    inclination: AngleRad = Field(description="orbit inclination, e.g. '45 deg'")
    planes: int = Field(ge=1, le=10_000)
    per_plane: int = Field(ge=1, le=10_000, description="satellites per plane")
    phasing: int = Field(1, ge=0, description="Walker phasing F, 0 <= F < planes")

    @model_validator(mode="after")
    def _phasing_below_planes(self) -> Shell:
        if self.planes * self.per_plane > limits.MAX_SATELLITES:
            raise ValueError(
                f"planes x per_plane: {self.planes:,} x {self.per_plane:,} = "
                f"{self.planes * self.per_plane:,} satellites is above the limit of "
                f"{limits.MAX_SATELLITES:,} per scenario constellation; use fewer satellites")
        if self.phasing >= self.planes:
            raise ValueError(f"phasing: must be below planes ({self.planes}), got {self.phasing}")
        if not 0.0 < self.inclination <= 3.1415926536:
            raise ValueError("inclination: must be within (0, 180] deg")
        if not 100e3 <= self.altitude <= 40_000e3:
            raise ValueError("altitude: must be within 100 km and 40,000 km")
        return self

    @property
    def satellites(self) -> int:
        """Number of satellites of the shell."""
        return self.planes * self.per_plane


class Attack(_Strict):
    """An anti-satellite attack on the constellation before the raid."""

    destroyed: int = Field(ge=0, description="space-based interceptors destroyed")
    target: Literal["random", "planes"] = Field(
        "random", description="'random': any satellites; 'planes': whole orbital planes, those "
        "that pass over the launch area most first")


class Constellation(_Strict):
    """A space layer defined by its orbits: the interceptors in reach follow from geometry.

    Delays default to the split of APS 2003's timeline used by the ``aps2003`` preset
    (``catalog/data/space_presets.yaml``): 45 s to detect and track, 25 s to decide, leaving
    about 100 s of a 170 s burn to engage (APS 2003, secondary; the split is notional).
    """

    shells: list[Shell] = Field(min_length=1, max_length=limits.MAX_SHELLS)
    detection_delay: TimeS = Field("45 s", validate_default=True, ge=0.0, le=limits.MAX_DELAY_S,
                                   description="launch to track, e.g. '45 s'")
    decision_delay: TimeS = Field("25 s", validate_default=True, ge=0.0, le=limits.MAX_DELAY_S,
                                  description="track to kill-vehicle release, e.g. '25 s'")
    attack: Attack | None = None
    launch_time_samples: int = Field(
        1440, ge=16, le=100_000,
        description="launch times sampled evenly over the whole pattern (one turn of the "
                    "nodes relative to the Earth, about a day in low orbit) to find the "
                    "interceptors in reach")

    @property
    def satellites(self) -> int:
        """Number of satellites in all shells."""
        return sum(shell.satellites for shell in self.shells)

    @model_validator(mode="after")
    def _attack_fits(self) -> Constellation:
        work = self.satellites * self.launch_time_samples
        if self.satellites > limits.MAX_SATELLITES or work > limits.MAX_SATELLITE_SAMPLES:
            raise ValueError(
                f"shells: {self.satellites:,} satellites x {self.launch_time_samples:,} "
                f"launch_time_samples = {work:,} positions, above the limit of "
                f"{limits.MAX_SATELLITE_SAMPLES:,} (and {limits.MAX_SATELLITES:,} satellites); "
                "use fewer satellites or fewer launch_time_samples")
        if self.attack is not None and self.attack.destroyed > self.satellites:
            raise ValueError(f"attack.destroyed: {self.attack.destroyed} is more than the "
                             f"{self.satellites} satellites of the constellation")
        return self


class Timeline(_Strict):
    """A layer's timing budget after a fire-control track (notional defaults, stated)."""

    decision: TimeS = Field("30 s", validate_default=True, ge=0.0, le=limits.MAX_DELAY_S,
                            description="track to interceptor launch, e.g. '30 s' "
                            "(notional default: automated battle management)")
    assessment: TimeS = Field("30 s", validate_default=True, ge=0.0, le=limits.MAX_DELAY_S,
                              description="intercept to kill assessment before a "
                              "re-engagement, e.g. '30 s' (notional default)")


class Layer(_Strict):
    """One defensive layer: an interceptor type, its inventory, doctrine and probabilities."""

    name: str = Field(min_length=1, description="unique name of the layer, e.g. 'space'")
    phase: Literal["boost", "midcourse", "terminal"]
    interceptor: str = Field(description="interceptor type from the catalog, e.g. 'gbi'")
    inventory: int | None = Field(
        None,
        ge=0,
        le=10_000_000,
        description="interceptors this layer can commit to the raid (for a space layer given "
        "without 'constellation': those in reach of the launch area)",
    )
    constellation: Constellation | None = Field(
        None, description="for a space-based boost layer: the orbits, from which the "
        "interceptors in reach of the launch area follow (instead of 'inventory')")
    doctrine: Doctrine = Doctrine()
    opportunities: int = Field(
        1,
        ge=0,
        le=MAX_ENGAGEMENTS,
        description="shot opportunities (engagement windows) per object; "
        "shoot-look-shoot uses at most this many engagements",
    )
    opportunities_by_missile: dict[str, int] = Field(
        default_factory=dict,
        description="per missile class, overrides 'opportunities' (e.g. {hgv: 0})",
    )
    sites: list[Point] = Field(
        default_factory=list, max_length=limits.MAX_SITES,
        description="interceptor sites; with sites (and defender sensors) the layer's shot "
        "opportunities come from geometry: fly-out, intercept altitudes, ground range, the "
        "kill chain's timeline")
    timeline: Timeline = Timeline()
    pk: KillProbabilities = KillProbabilities()
    detection: Probability = Field(
        1.0,
        description="probability the layer detects and tracks an object (T of the standard "
        "form T[1-(1-p)^n]); default 1 = perfect tracking, an upper bound",
    )
    discrimination: Probability = Field(
        0.0,
        description="probability the layer recognises a decoy as a decoy and holds fire; "
        "default 0 = no discrimination (APS 2003 and Sessler et al., 'Countermeasures', "
        "UCS/MIT 2000, on credible midcourse decoys)",
    )
    reliability: Probability = Field(
        1.0,
        description="probability the layer works at all (common mode: battle management, "
        "sensors, a design flaw); a failed layer fires but kills nothing",
    )
    kill_assessment: Probability = Field(
        1.0,
        description="probability the look of shoot-look-shoot reports a target's state "
        "correctly (a missed kill is re-engaged, a survivor declared killed passes); notional "
        "default 1 = perfect kill assessment, an upper bound")

    @field_validator("interceptor")
    @classmethod
    def _known_interceptor(cls, v: str, info: ValidationInfo) -> str:
        known = list(catalog_of(info).interceptors)
        if v not in known:
            raise ValueError(f"unknown interceptor '{v}'; {_did_you_mean(v, known)}")
        return v

    @field_validator("opportunities_by_missile")
    @classmethod
    def _known_missiles(cls, v: dict[str, int], info: ValidationInfo) -> dict[str, int]:
        known = list(catalog_of(info).missiles)
        for key, n in v.items():
            if key not in known:
                raise ValueError(f"unknown missile '{key}'; {_did_you_mean(key, known)}")
            if not isinstance(n, int) or isinstance(n, bool) or not 0 <= n <= MAX_ENGAGEMENTS:
                raise ValueError(f"{key}: opportunities must be a whole number "
                                 f"0-{MAX_ENGAGEMENTS}, got {n!r}")
        return v

    @model_validator(mode="after")
    def _inventory_or_constellation(self, info: ValidationInfo) -> Layer:
        if (self.inventory is None) == (self.constellation is None):
            raise ValueError("give either 'inventory' (a number of interceptors) or "
                             "'constellation' (orbits of space-based interceptors), not both "
                             "or neither")
        if self.constellation is not None:
            basing = catalog_of(info).interceptors[self.interceptor].basing
            if self.phase != "boost" or basing != "space":
                raise ValueError("constellation: only for a boost layer of space-based "
                                 f"interceptors (e.g. sbi); this layer has {self.interceptor} "
                                 f"in {self.phase}")
        return self

    @model_validator(mode="after")
    def _sites_decide_opportunities(self, info: ValidationInfo) -> Layer:
        if self.sites and (self.opportunities != 1 or self.opportunities_by_missile):
            raise ValueError("with sites, shot opportunities come from geometry; remove "
                             "'opportunities' and 'opportunities_by_missile' (or the sites)")
        if self.sites and catalog_of(info).interceptors[self.interceptor].basing == "space":
            raise ValueError("sites: a space-based layer has no ground sites; give its "
                             "'constellation' instead")
        return self

    @model_validator(mode="after")
    def _interceptor_fits_phase(self, info: ValidationInfo) -> Layer:
        interceptors = catalog_of(info).interceptors
        phases = interceptors[self.interceptor].phases
        if self.phase not in phases:
            fitting = [k for k, i in interceptors.items() if self.phase in i.phases]
            raise ValueError(
                f"interceptor '{self.interceptor}' engages in {', '.join(phases)}, not in "
                f"{self.phase}; set phase: {phases[0]} or use one of: {', '.join(fitting)}"
            )
        return self

    def kill_probabilities(self, catalog: Catalog) -> dict[str, float]:
        """Return single-shot kill probability by object class (layer value, else catalog).

        ``catalog``: the run's catalog (:attr:`Scenario.catalog`, overrides applied).
        """
        catalog_pk = catalog.interceptors[self.interceptor].pk_by_class()
        return {
            c: (float(getattr(self.pk, c)) if getattr(self.pk, c) is not None else catalog_pk[c])
            for c in OBJECT_CLASSES
        }

    def opportunities_for(self, missile: str) -> int:
        """Return the shot opportunities this layer has against a missile class."""
        return self.opportunities_by_missile.get(missile, self.opportunities)


class Sensor(_Strict):
    """A sensor of the defense: infrared early warning, a ground/sea radar, or a space layer."""

    name: str = Field(min_length=1)
    type: Literal["infrared", "radar", "space-tracking"] = Field(
        description="'infrared': space-based early warning of boosting missiles (sees every "
        "launch area); 'radar': a ground or sea radar at 'site'; 'space-tracking': a "
        "constellation of tracking satellites ('shells') that follows objects through "
        "midcourse and glide where its line of sight clears the Earth's limb")
    site: Point | None = None
    shells: list[Shell] = Field(default_factory=list, max_length=limits.MAX_SHELLS,
                                description="space-tracking: the satellites' Walker shells")
    min_satellites: int = Field(2, ge=1, le=100, description="space-tracking: satellites that "
                                "must see an object at once for a fire-control (stereo) track")
    grazing_altitude: LengthM = Field(
        "20 km", validate_default=True, ge=0.0, le=1.0e6,
        description="space-tracking: the line of sight must pass this far above the "
        "Earth's surface, e.g. '20 km' (notional: above clouds and dense atmosphere)")
    height: LengthM = Field("30 m", validate_default=True, ge=0.0, le=1.0e4,
                            description="radar antenna height, e.g. '30 m' (notional "
                            "default: a raised antenna)")
    max_range: LengthM = Field("4000 km", validate_default=True, gt=0.0, le=1.0e8,
                               description="radar or space sensor maximum range, e.g. "
                               "'4000 km' (notional default, of the order of early-warning "
                               "radars' public descriptions)")
    boresight: AngleRad = Field("0 deg", validate_default=True, ge=-2 * 3.141592653589793,
                                le=2 * 3.141592653589793,
                                description="radar: azimuth the field of view is centred "
                                "on, clockwise from north, e.g. '0 deg'")
    half_width: AngleRad = Field("180 deg", validate_default=True, gt=0.0, le=3.141592653589794,
                                 description="radar: half-width of the "
                                 "azimuth field of view, e.g. '120 deg' ('180 deg': all round)")
    fire_control: bool = Field(True, description="radar tracks are fire-control quality")
    discriminates: bool = Field(False, description="radar can tell warheads from decoys")
    reporting_delay: TimeS = Field(
        "30 s", validate_default=True, ge=0.0, le=limits.MAX_DELAY_S,
        description="infrared: plume seen to launch reported, e.g. '30 s' (notional)")
    plume_altitude: LengthM = Field(
        "10 km", validate_default=True, ge=0.0, le=1.0e6,
        description="infrared: altitude above which the plume clears the clouds, "
        "e.g. '10 km' (notional)")
    detection_probability: float = Field(
        1.0, ge=0.0, le=1.0, description="radar or space-tracking: probability that one look "
        "detects an object in coverage at short range (notional default 1: every look does)")
    half_detection_range: LengthM | None = Field(
        None, description="radar: range at which a look detects half as often, e.g. '3000 km' "
        "(the probability falls as 1 / (1 + (r / r_half)^4), signal ~ r^-4); default: no fall "
        "with range")
    dropout: float = Field(0.0, ge=0.0, lt=1.0, description="radar or space-tracking: fraction "
                           "of looks lost to outages or clutter (notional default 0)")
    latency: TimeS = Field(0.0, description="radar or space-tracking: this sensor's own delay "
                           "before its reports reach the kill chain, e.g. '5 s' (notional "
                           "default 0; the kill chain's latency comes on top)")

    @model_validator(mode="after")
    def _site_for_radar(self) -> Sensor:
        if self.type == "radar" and self.site is None:
            raise ValueError("site: a radar needs a site, e.g. site: {lat: 64.3, lon: -149.2}")
        if self.type != "radar" and self.site is not None:
            raise ValueError(f"site: a {self.type} sensor is space-based; remove site")
        if (self.type == "space-tracking") != bool(self.shells):
            raise ValueError("shells: give the orbits of a space-tracking sensor (and only of "
                             "one), e.g. shells: [{altitude: '1000 km', inclination: '80 deg', "
                             "planes: 10, per_plane: 10}]")
        return self


class KillChain(_Strict):
    """Times the sensors need before a track is usable (notional defaults, stated)."""

    track_formation: TimeS = Field("20 s", validate_default=True, ge=0.0, le=limits.MAX_DELAY_S,
                                   description="unbroken fire-control coverage for a "
                                   "track, e.g. '20 s' (notional)")
    discrimination_dwell: TimeS = Field("60 s", validate_default=True, ge=0.0,
                                        le=limits.MAX_DELAY_S,
                                        description="unbroken coverage by a "
                                        "discriminating sensor, e.g. '60 s' (notional)")
    latency: TimeS = Field("10 s", validate_default=True, ge=0.0, le=limits.MAX_DELAY_S,
                           description="reporting and processing delay, e.g. '10 s' "
                           "(notional)")


class Attacker(_Strict):
    """The raid: salvos of missiles."""

    salvos: list[Salvo] = Field(min_length=1, max_length=limits.MAX_SALVOS)


class Defender(_Strict):
    """The defense: layers in flight order (boost, then midcourse, then terminal)."""

    layers: list[Layer] = Field(min_length=1, max_length=limits.MAX_LAYERS)
    sensors: list[Sensor] = Field(
        default_factory=list, max_length=limits.MAX_SENSORS,
        description="sensors of the defense; layers with sites need at least one that can give "
        "a fire-control track")
    kill_chain: KillChain = KillChain()
    allocation: AllocationField = Field(
        Allocation.MANAGER,
        description="how each layer shares its interceptors among the objects it sees: "
        "'manager' (battle manager: even spread within a round, inventory budgeted across "
        "waves) or 'fixed' (first come, first served)",
    )

    @model_validator(mode="after")
    def _order_and_names(self) -> Defender:
        names = [layer.name for layer in self.layers]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise ValueError(f"layer names must be unique; repeated: {', '.join(dupes)}")
        if any(layer.sites for layer in self.layers) and not any(
                s.type != "infrared" and s.fire_control for s in self.sensors):
            raise ValueError("layers with sites need sensors: add a radar (or a space-tracking "
                             "layer) with fire_control: true under defender.sensors")
        order = [PHASE_ORDER[layer.phase] for layer in self.layers]
        if order != sorted(order):
            listed = ", ".join(f"{layer.name} ({layer.phase})" for layer in self.layers)
            raise ValueError(
                "layers must be listed in flight order boost -> midcourse -> terminal; "
                f"got {listed}"
            )
        return self


class Scenario(_Strict):
    """A whole scenario: what is attacked with what, and the defense against it."""

    name: str = Field(min_length=1)
    description: str = ""
    sources: list[str] = Field(
        default_factory=list, description="public sources of the scenario's numbers"
    )
    attacker: Attacker
    defender: Defender
    catalog_overrides: CatalogOverrides = Field(
        CatalogOverrides(),
        description="catalog values changed for this scenario's run only, with units (e.g. "
        "an SBI with another speed change, a GBI with its test-record kill probability); "
        "echoed in the run's output")

    _base_catalog: Catalog | None = PrivateAttr(None)

    @model_validator(mode="after")
    def _fits_catalog_and_limits(self, info: ValidationInfo) -> Scenario:
        objects = sum(s.count * (s.warheads + s.decoys) for s in self.attacker.salvos)
        if objects > limits.MAX_OBJECTS:
            raise FieldProblem(
                "attacker.salvos",
                f"the raid has {objects:,} objects (missiles x (warheads + decoys)), above the "
                f"limit of {limits.MAX_OBJECTS:,}; use fewer missiles, warheads or decoys")
        base = catalog_of(info)
        self.catalog_overrides.apply(base, self.name)  # raises FieldProblem naming the field
        self._base_catalog = base
        return self

    @property
    def catalog(self) -> Catalog:
        """The catalog of this scenario's run: the one it was validated with, overrides applied."""
        return self.catalog_with(None)

    def catalog_with(self, base: Catalog | None) -> Catalog:
        """Return ``base`` (default: the catalog validated against) with the overrides."""
        if base is None:
            base = self._base_catalog if self._base_catalog is not None else load_catalog()
        return self.catalog_overrides.apply(base, self.name)

    def override_records(self) -> list[dict[str, Any]]:
        """Return one record per catalog value this scenario overrides (for run output).

        Keys: ``entry`` (``interceptors.sbi``), ``parameter`` (catalog field, SI name),
        ``value`` and ``catalog_value`` (SI), ``source``.
        """
        return self.catalog_overrides.records(
            self._base_catalog if self._base_catalog is not None else load_catalog(), self.name)

    def summary(self) -> str:
        """Return a one-line summary: missiles, warheads, decoys, layers and inventories."""
        missiles = sum(s.count for s in self.attacker.salvos)
        warheads = sum(s.count * s.warheads for s in self.attacker.salvos)
        decoys = sum(s.count * s.decoys for s in self.attacker.salvos)
        layers = ", ".join(
            f"{layer.name}: {layer.inventory} {layer.interceptor}" if layer.constellation is None
            else f"{layer.name}: {layer.constellation.satellites:,} {layer.interceptor} in orbit"
            for layer in self.defender.layers
        )
        text = (
            f"{self.name}: {missiles} missiles, {warheads} warheads, {decoys} decoys "
            f"in {len(self.attacker.salvos)} salvo(s); layers {layers}"
        )
        records = self.override_records()
        if records:
            text += "; catalog overrides: " + ", ".join(
                f"{r['entry'].split('.', 1)[1]}.{r['parameter']} {r['value']:g} "
                f"(catalog {r['catalog_value']:g})" for r in records)
        return text
