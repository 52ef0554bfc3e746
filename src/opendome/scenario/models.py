"""Pydantic models of a scenario: the attacker's raid and the defender's layers.

Validated once at the boundary: quantities with units become SI floats, catalog names are
checked, and every problem is reported with its field path (see :mod:`opendome.scenario.errors`).
"""

from __future__ import annotations

import difflib
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from opendome.catalog import OBJECT_CLASSES, PHASES, load_catalog
from opendome.scenario.units import AngleRad, LengthM, TimeS

PHASE_ORDER = {p: i for i, p in enumerate(PHASES)}


def _did_you_mean(name: str, known: list[str]) -> str:
    close = difflib.get_close_matches(name, known, n=1)
    hint = f"did you mean '{close[0]}'? " if close else ""
    return f"{hint}known: {', '.join(known)}"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


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
    launch_time: TimeS = Field(0.0, description="launch time after the raid starts, e.g. '60 s'")
    warheads: int = Field(1, ge=1, le=64, description="warheads (re-entry vehicles) per missile")
    decoys: int = Field(0, ge=0, le=1000, description="credible decoys per missile")

    @field_validator("missile")
    @classmethod
    def _known_missile(cls, v: str) -> str:
        known = list(load_catalog().missiles)
        if v not in known:
            raise ValueError(f"unknown missile '{v}'; {_did_you_mean(v, known)}")
        return v


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

    booster: float | None = Field(None, ge=0.0, le=1.0)
    warhead: float | None = Field(None, ge=0.0, le=1.0)
    decoy: float | None = Field(None, ge=0.0, le=1.0)


class Shell(_Strict):
    """One Walker shell of circular orbits: planes x satellites per plane."""

    altitude: LengthM = Field(description="orbit altitude, e.g. '300 km'")
    inclination: AngleRad = Field(description="orbit inclination, e.g. '45 deg'")
    planes: int = Field(ge=1, le=10_000)
    per_plane: int = Field(ge=1, le=10_000, description="satellites per plane")
    phasing: int = Field(1, ge=0, description="Walker phasing F, 0 <= F < planes")

    @model_validator(mode="after")
    def _phasing_below_planes(self) -> Shell:
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

    shells: list[Shell] = Field(min_length=1)
    detection_delay: TimeS = Field(45.0, description="launch to track, e.g. '45 s'")
    decision_delay: TimeS = Field(25.0, description="track to kill-vehicle release, e.g. '25 s'")
    attack: Attack | None = None
    launch_time_samples: int = Field(
        1440, ge=16, le=100_000,
        description="launch times sampled evenly over a day to find the interceptors in reach")

    @property
    def satellites(self) -> int:
        """Number of satellites in all shells."""
        return sum(shell.satellites for shell in self.shells)

    @model_validator(mode="after")
    def _attack_fits(self) -> Constellation:
        if self.attack is not None and self.attack.destroyed > self.satellites:
            raise ValueError(f"attack.destroyed: {self.attack.destroyed} is more than the "
                             f"{self.satellites} satellites of the constellation")
        return self


class Timeline(_Strict):
    """A layer's timing budget after a fire-control track (notional defaults, stated)."""

    decision: TimeS = Field(30.0, description="track to interceptor launch, e.g. '30 s' "
                            "(notional default: automated battle management)")
    assessment: TimeS = Field(30.0, description="intercept to kill assessment before a "
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
        le=16,
        description="shot opportunities (engagement windows) per object; "
        "shoot-look-shoot uses at most this many engagements",
    )
    opportunities_by_missile: dict[str, int] = Field(
        default_factory=dict,
        description="per missile class, overrides 'opportunities' (e.g. {hgv: 0})",
    )
    sites: list[Point] = Field(
        default_factory=list,
        description="interceptor sites; with sites (and defender sensors) the layer's shot "
        "opportunities come from geometry: fly-out, intercept altitudes, ground range, the "
        "kill chain's timeline")
    timeline: Timeline = Timeline()
    pk: KillProbabilities = KillProbabilities()
    detection: float = Field(
        1.0,
        ge=0.0,
        le=1.0,
        description="probability the layer detects and tracks an object (T of the standard "
        "form T[1-(1-p)^n]); default 1 = perfect tracking, an upper bound",
    )
    discrimination: float = Field(
        0.0,
        ge=0.0,
        le=1.0,
        description="probability the layer recognises a decoy as a decoy and holds fire; "
        "default 0 = no discrimination (APS 2003 and Sessler et al., 'Countermeasures', "
        "UCS/MIT 2000, on credible midcourse decoys)",
    )
    reliability: float = Field(
        1.0,
        ge=0.0,
        le=1.0,
        description="probability the layer works at all (common mode: battle management, "
        "sensors, a design flaw); a failed layer fires but kills nothing",
    )
    kill_assessment: float = Field(
        1.0, ge=0.0, le=1.0,
        description="probability the look of shoot-look-shoot reports a target's state "
        "correctly (a missed kill is re-engaged, a survivor declared killed passes); notional "
        "default 1 = perfect kill assessment, an upper bound")

    @field_validator("interceptor")
    @classmethod
    def _known_interceptor(cls, v: str) -> str:
        known = list(load_catalog().interceptors)
        if v not in known:
            raise ValueError(f"unknown interceptor '{v}'; {_did_you_mean(v, known)}")
        return v

    @field_validator("opportunities_by_missile")
    @classmethod
    def _known_missiles(cls, v: dict[str, int]) -> dict[str, int]:
        known = list(load_catalog().missiles)
        for key, n in v.items():
            if key not in known:
                raise ValueError(f"unknown missile '{key}'; {_did_you_mean(key, known)}")
            if not isinstance(n, int) or isinstance(n, bool) or not 0 <= n <= 16:
                raise ValueError(f"{key}: opportunities must be a whole number 0-16, got {n!r}")
        return v

    @model_validator(mode="after")
    def _inventory_or_constellation(self) -> Layer:
        if (self.inventory is None) == (self.constellation is None):
            raise ValueError("give either 'inventory' (a number of interceptors) or "
                             "'constellation' (orbits of space-based interceptors), not both "
                             "or neither")
        if self.constellation is not None:
            basing = load_catalog().interceptors[self.interceptor].basing
            if self.phase != "boost" or basing != "space":
                raise ValueError("constellation: only for a boost layer of space-based "
                                 f"interceptors (e.g. sbi); this layer has {self.interceptor} "
                                 f"in {self.phase}")
        return self

    @model_validator(mode="after")
    def _sites_decide_opportunities(self) -> Layer:
        if self.sites and {"opportunities", "opportunities_by_missile"} & self.model_fields_set:
            raise ValueError("with sites, shot opportunities come from geometry; remove "
                             "'opportunities' and 'opportunities_by_missile' (or the sites)")
        if self.sites and load_catalog().interceptors[self.interceptor].basing == "space":
            raise ValueError("sites: a space-based layer has no ground sites; give its "
                             "'constellation' instead")
        return self

    @model_validator(mode="after")
    def _interceptor_fits_phase(self) -> Layer:
        phases = load_catalog().interceptors[self.interceptor].phases
        if self.phase not in phases:
            fitting = [k for k, i in load_catalog().interceptors.items() if self.phase in i.phases]
            raise ValueError(
                f"interceptor '{self.interceptor}' engages in {', '.join(phases)}, not in "
                f"{self.phase}; set phase: {phases[0]} or use one of: {', '.join(fitting)}"
            )
        return self

    def kill_probabilities(self) -> dict[str, float]:
        """Return single-shot kill probability by object class (scenario value or catalog)."""
        catalog_pk = load_catalog().interceptors[self.interceptor].pk_by_class()
        return {
            c: (getattr(self.pk, c) if getattr(self.pk, c) is not None else catalog_pk[c])
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
    shells: list[Shell] = Field(default_factory=list,
                                description="space-tracking: the satellites' Walker shells")
    min_satellites: int = Field(2, ge=1, le=100, description="space-tracking: satellites that "
                                "must see an object at once for a fire-control (stereo) track")
    grazing_altitude: LengthM = Field(
        2.0e4, description="space-tracking: the line of sight must pass this far above the "
        "Earth's surface, e.g. '20 km' (notional: above clouds and dense atmosphere)")
    height: LengthM = Field(30.0, description="radar antenna height, e.g. '30 m' (notional "
                            "default: a raised antenna)")
    max_range: LengthM = Field(4.0e6, description="radar or space sensor maximum range, e.g. "
                               "'4000 km' (notional default, of the order of early-warning "
                               "radars' public descriptions)")
    boresight: AngleRad = Field(0.0, description="radar: azimuth the field of view is centred "
                                "on, clockwise from north, e.g. '0 deg'")
    half_width: AngleRad = Field(3.141592653589793, description="radar: half-width of the "
                                 "azimuth field of view, e.g. '120 deg' ('180 deg': all round)")
    fire_control: bool = Field(True, description="radar tracks are fire-control quality")
    discriminates: bool = Field(False, description="radar can tell warheads from decoys")
    reporting_delay: TimeS = Field(
        30.0, description="infrared: plume seen to launch reported, e.g. '30 s' (notional)")
    plume_altitude: LengthM = Field(
        1.0e4, description="infrared: altitude above which the plume clears the clouds, "
        "e.g. '10 km' (notional)")

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

    track_formation: TimeS = Field(20.0, description="unbroken fire-control coverage for a "
                                   "track, e.g. '20 s' (notional)")
    discrimination_dwell: TimeS = Field(60.0, description="unbroken coverage by a "
                                        "discriminating sensor, e.g. '60 s' (notional)")
    latency: TimeS = Field(10.0, description="reporting and processing delay, e.g. '10 s' "
                           "(notional)")


class Attacker(_Strict):
    """The raid: salvos of missiles."""

    salvos: list[Salvo] = Field(min_length=1)


class Defender(_Strict):
    """The defense: layers in flight order (boost, then midcourse, then terminal)."""

    layers: list[Layer] = Field(min_length=1)
    sensors: list[Sensor] = Field(
        default_factory=list,
        description="sensors of the defense; layers with sites need at least one that can give "
        "a fire-control track")
    kill_chain: KillChain = KillChain()
    allocation: Literal["manager", "fixed"] = Field(
        "manager",
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
        return (
            f"{self.name}: {missiles} missiles, {warheads} warheads, {decoys} decoys "
            f"in {len(self.attacker.salvos)} salvo(s); layers {layers}"
        )
