"""Constellation sizing as typed reports: the cap model at one site, and published cases.

Two sizings answer "how many satellites keep K interceptors in reach":

* :func:`size_for_site`, the cap model: a kill vehicle reaches a cap around each satellite; a
  launch site at a given latitude must have K satellites whose caps contain it.
* :func:`size_preset`, the boost engagement of a published case (APS 2003 in
  ``catalog/data/space_presets.yaml``): a fan of boosting threats from several launch sites,
  each engageable before burnout by a kill vehicle launched after detection and decision.

Both return a :class:`SizeReport` (``.to_dict()`` for JSON). Bad input raises
:class:`SizingInputError` naming the input (``field``) and the fix; the command line turns it
into its one-line message. ``space`` may not import ``catalog``: :func:`preset_from_data` reads
the entries of the data file as the catalog loader parsed them (values with ``.value`` and
``.citation()``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from opendome.core.constants import STANDARD_GRAVITY_M_PER_S2
from opendome.space.reach import (
    BoostProfile,
    BoostTimeline,
    KillVehicle,
    cap_angle_rad,
    reach_cap,
)
from opendome.space.sizing import (
    AnalyticSize,
    SizingResult,
    analytic_size,
    cap_evaluator,
    engagement_evaluator,
    size_walker,
)

PRESET_FILE = "space_presets.yaml"
"""Data file of the published sizing cases (in ``catalog/data``)."""

THREAT_FILE = "missiles.yaml"
"""Catalog file of the threats a preset names (``threat:``): the one source of boost profiles."""

BOOST_PROFILE_KEYS = ("burn_time_s", "burnout_altitude_m")
"""What a preset takes from its catalog threat, unless it overrides it (with its own citation)."""

MAX_TIME_STEPS = 200_000
"""Largest time grid a sizing or coverage command samples (about 46 days at 20 s)."""

MAX_SIMULATED_SATELLITES = 100_000
"""Above this analytic size the simulated Walker search is skipped (it would take many minutes);
the report then gives the analytic size alone and says so."""

Progress = Callable[[int, float], None]


class SizingInputError(ValueError):
    """An input of a sizing is out of range: ``field`` names it, the message says the fix."""

    def __init__(self, field_name: str, problem: str) -> None:
        super().__init__(f"{field_name}: {problem}")
        self.field = field_name
        self.problem = problem


class UnknownPresetError(KeyError):
    """No preset of that name; the message lists the known ones."""


@dataclass(frozen=True)
class Preset:
    """A sizing case of the preset file: SI values plus their citations."""

    name: str
    title: str
    values: Mapping[str, float]
    sites_deg: tuple[tuple[float, float], ...]
    citations: Mapping[str, str] = field(default_factory=dict)
    threat: str | None = None
    """Catalog threat (key of :data:`THREAT_FILE`) whose boost profile the preset takes."""
    overrides: Mapping[str, tuple[float, float]] = field(default_factory=dict)
    """Boost-profile values the preset replaces: key -> (preset's value, the threat's value)."""


def preset_from_data(
    name: str,
    data: Mapping[str, Mapping[str, Any]],
    threats: Mapping[str, Mapping[str, Any]] | None = None,
) -> Preset:
    """Build preset ``name`` from the parsed entries of :data:`PRESET_FILE`.

    ``data`` is what ``opendome.catalog.sourced.load_data_file(PRESET_FILE)`` returns, and
    ``threats`` what ``load_data_file(THREAT_FILE)`` returns: a preset that names a ``threat``
    takes its boost profile (:data:`BOOST_PROFILE_KEYS`) from that catalog entry, except for
    the values it overrides with a citation of its own (listed in ``Preset.overrides``). Raises
    :class:`UnknownPresetError` listing the known names, :class:`SizingInputError` when the
    threat is missing.
    """
    if name not in data:
        raise UnknownPresetError(f"unknown preset {name!r}; known: {', '.join(sorted(data))}")
    raw = data[name]
    values: dict[str, float] = {}
    citations: dict[str, str] = {}
    for key, v in raw.items():
        if hasattr(v, "value") and hasattr(v, "citation"):
            values[key] = float(v.value)
            citations[key] = str(v.citation())
    threat = raw.get("threat")
    overrides: dict[str, tuple[float, float]] = {}
    if threat is not None:
        threat = str(threat)
        if threats is None or threat not in threats:
            raise SizingInputError(
                "threat", f"preset {name!r} takes its boost profile from the catalog threat "
                f"{threat!r}; pass the parsed {THREAT_FILE} (threats) that holds it")
        for key in BOOST_PROFILE_KEYS:
            entry = threats[threat][key]
            if key in values:
                overrides[key] = (values[key], float(entry.value))
                old = float(entry.value)
                citations[key] += f" (overrides the catalog {threat}'s value {old:g})"
            else:
                values[key] = float(entry.value)
                citations[key] = f"catalog {threat} ({THREAT_FILE}): {entry.citation()}"
    sites: list[tuple[float, float]] = []
    for site_name, site in dict(raw.get("launch_sites", {})).items():
        lat, lon = site["lat_deg"], site["lon_deg"]
        sites.append((float(lat.value), float(lon.value)))
        citations[f"launch_sites.{site_name}"] = str(lat.citation())
    return Preset(name, str(raw.get("name", name)), values, tuple(sites), citations, threat,
                  overrides)


def time_grid_s(hours: float, step_s: float) -> NDArray[np.float64]:
    """Epochs ``0, step, ...`` over ``hours``; raises above :data:`MAX_TIME_STEPS`."""
    if not (math.isfinite(hours) and hours > 0):
        raise SizingInputError("hours", f"give a positive time span in hours, got {hours}")
    if not (math.isfinite(step_s) and step_s > 0):
        raise SizingInputError("step_s", f"give a positive time step in seconds, got {step_s}")
    n = int(hours * 3600 / step_s)
    if n > MAX_TIME_STEPS:
        raise SizingInputError(
            "step_s", f"{n:,} time steps is more than the limit of {MAX_TIME_STEPS:,}; "
            "use a coarser step or a shorter span")
    return np.arange(max(n, 1), dtype=np.float64) * float(step_s)


@dataclass(frozen=True)
class SizeReport:
    """Outcome of a sizing: the Walker constellation found, the analytic size, the inputs."""

    model: str
    """``cap`` (:func:`size_for_site`) or ``boost-engagement`` (:func:`size_preset`)."""
    simultaneous: int
    coverage_required: float
    inclination_rad: float
    reach_m: float
    cap_angle_rad: float
    """NaN when the reach does not span the height between orbit and target."""
    analytic: AnalyticSize
    result: SizingResult
    inputs: Mapping[str, Any] = field(default_factory=dict)
    """The cap model's inputs, in the units of the command line (``to_dict``'s ``inputs``)."""
    preset: Preset | None = None
    published_satellites: float | None = None
    assumptions: Mapping[str, Any] = field(default_factory=dict)
    note: str | None = None
    """Why the simulated search was skipped, if it was."""

    @property
    def satellites(self) -> int | None:
        """Size of the smallest constellation found (None: none up to the search limit)."""
        return self.result.satellites

    @property
    def ratio_to_published(self) -> float | None:
        """Size found over the published size (presets only)."""
        if self.published_satellites is None or not self.satellites:
            return None
        return self.satellites / self.published_satellites

    def to_dict(self) -> dict[str, Any]:
        """Return the report as JSON-ready data (``constellation size --json``)."""
        r, a = self.result, self.analytic
        out: dict[str, Any] = {
            "satellites": r.satellites,
            "analytic_satellites": math.ceil(a.satellites_mean),
            "analytic_binomial_satellites": a.satellites_binomial,
            "absentee_ratio": a.absentee_ratio,
            "simultaneous": self.simultaneous,
            "coverage_required": self.coverage_required,
            "coverage_achieved": r.coverage_achieved,
            "evaluations": r.evaluations,
        }
        d = r.design
        if d is not None and r.stats is not None:
            out.update({
                "walker": d.label(self.inclination_rad),
                "planes": d.planes,
                "sats_per_plane": d.sats_per_plane,
                "phasing": d.phasing,
                "min_in_reach": r.stats.minimum,
                "mean_in_reach": r.stats.mean,
                "simulated_absentee_ratio": r.stats.absentee_ratio,
            })
        cap = math.degrees(self.cap_angle_rad) if math.isfinite(self.cap_angle_rad) else None
        if self.note is not None:
            out["note"] = self.note
        out["model"] = self.model
        if self.preset is None:
            out.update({"reach_km": self.reach_m / 1e3, "cap_angle_deg": cap,
                        "inputs": dict(self.inputs)})
            return out
        published = self.published_satellites or math.nan
        out.update({
            "preset": self.preset.name,
            "title": self.preset.title,
            "reach_km": self.reach_m / 1e3,
            "cap_angle_deg": cap,
            "published_satellites": published,
            "ratio_to_published": self.ratio_to_published,
            "analytic_ratio_to_published": out["analytic_satellites"] / published,
            "assumptions": dict(self.assumptions),
            "sources": dict(self.preset.citations),
        })
        return out


def _search(evaluate: Any, k: int, altitude_m: float, inc_r: float, cov: float,
            a: AnalyticSize, progress: Progress | None) -> tuple[SizingResult, str | None]:
    """Run the simulated search from the analytic size, or skip it above the limit."""
    mean = a.satellites_mean
    if math.isfinite(mean) and mean > MAX_SIMULATED_SATELLITES:
        note = (f"simulated search skipped: the analytic size is above the limit of "
                f"{MAX_SIMULATED_SATELLITES:,} satellites")
        return SizingResult(None, None, math.nan, None, 0), note
    n0 = int(mean) if math.isfinite(mean) else 1000
    result = size_walker(evaluate, k, altitude_m, inc_r, coverage=cov, n_start=max(k, n0),
                         n_max=2 * MAX_SIMULATED_SATELLITES, progress=progress)
    return result, None


def _positive(value: float, name: str, unit: str) -> float:
    if not (math.isfinite(value) and value > 0):
        raise SizingInputError(name, f"give a positive number in {unit}, got {value}")
    return value


def _inclination(inclination_deg: float) -> float:
    if not 0 < inclination_deg < 180:
        raise SizingInputError(
            "inclination_deg", f"inclination in degrees, 0 < inc < 180, got {inclination_deg}")
    return inclination_deg


def _coverage(coverage: float) -> float:
    if not 0 < coverage <= 1:
        raise SizingInputError("coverage", f"a fraction of the time in (0, 1], got {coverage}")
    return coverage


def _k(k: int) -> int:
    if k < 1:
        raise SizingInputError("simultaneous", f"at least 1, got {k}")
    return k


def size_for_site(
    *,
    launch_lat_deg: float,
    launch_lon_deg: float,
    simultaneous: int,
    altitude_m: float,
    inclination_deg: float,
    delta_v_m_per_s: float,
    accel_m_per_s2: float,
    time_available_s: float,
    target_altitude_m: float,
    coverage: float = 1.0,
    hours: float = 6.0,
    step_s: float = 20.0,
    progress: Progress | None = None,
) -> SizeReport:
    """Smallest Walker constellation with ``simultaneous`` satellites in reach of one site.

    Orbit and target heights are both above the space layer's sphere
    (:data:`opendome.core.earth.SPHERE`).
    """
    if not -90 <= launch_lat_deg <= 90:
        raise SizingInputError(
            "launch_lat_deg", f"latitude in degrees between -90 and 90, got {launch_lat_deg}")
    if not -180 <= launch_lon_deg <= 360:
        raise SizingInputError(
            "launch_lon_deg", f"longitude in degrees between -180 and 360, got {launch_lon_deg}")
    k = _k(simultaneous)
    _inclination(inclination_deg)
    _positive(altitude_m, "altitude_m", "m")
    kv = KillVehicle(_positive(delta_v_m_per_s, "delta_v_m_per_s", "m/s"),
                     _positive(accel_m_per_s2, "accel_m_per_s2", "m/s^2"))
    _positive(time_available_s, "time_available_s", "s")
    cov = _coverage(coverage)
    if not (math.isfinite(target_altitude_m) and target_altitude_m >= 0):
        raise SizingInputError("target_altitude_m", f"must be >= 0, got {target_altitude_m}")
    times = time_grid_s(hours, step_s)
    rc = reach_cap(kv, time_available_s, altitude_m, target_altitude_m)
    if not rc.spans:
        raise SizingInputError(
            "time_available_s",
            f"the reach ({rc.reach_m / 1e3:.0f} km) does not span the height difference between "
            f"orbit ({altitude_m / 1e3:g} km) and target ({target_altitude_m / 1e3:g} km); "
            "give more time, or a lower orbit")
    lat_r, inc_r = math.radians(launch_lat_deg), math.radians(inclination_deg)
    a = analytic_size(k, lat_r, inc_r, rc.cap_angle_rad, cov)
    if not math.isfinite(a.satellites_mean):
        raise SizingInputError(
            "inclination_deg", f"orbits of {inclination_deg:g} deg never come within reach of "
            f"latitude {launch_lat_deg:g} deg; raise the inclination")
    evaluate = cap_evaluator(lat_r, math.radians(launch_lon_deg), rc.reach_m, times,
                             target_altitude_m=target_altitude_m)
    result, note = _search(evaluate, k, altitude_m, inc_r, cov, a, progress)
    step = times[1] - times[0] if times.size > 1 else 0.0
    inputs = {
        "launch_lat_deg": launch_lat_deg,
        "launch_lon_deg": launch_lon_deg,
        "simultaneous": k,
        "alt_km": altitude_m / 1e3,
        "inc_deg": inclination_deg,
        "dv_km_s": delta_v_m_per_s / 1e3,
        "accel_g": accel_m_per_s2 / STANDARD_GRAVITY_M_PER_S2,
        "time_available_s": time_available_s,
        "target_alt_km": target_altitude_m / 1e3,
        "coverage": cov,
        "hours": float(times[-1] + step) / 3600,
    }
    return SizeReport("cap", k, cov, inc_r, rc.reach_m, rc.cap_angle_rad, a, result, inputs,
                      note=note)


@dataclass(frozen=True)
class PresetOverrides:
    """Values that replace a preset's (None keeps the preset's)."""

    simultaneous: int | None = None
    altitude_m: float | None = None
    inclination_deg: float | None = None
    delta_v_m_per_s: float | None = None
    accel_m_per_s2: float | None = None
    time_available_s: float | None = None
    burn_time_s: float | None = None
    coverage: float | None = None
    hours: float | None = None
    step_s: float | None = None


def size_preset(
    preset: Preset, overrides: PresetOverrides | None = None, progress: Progress | None = None
) -> SizeReport:
    """Size the boost engagement of a published case, with optional overrides.

    The threat fan: from each launch site, boost profiles along azimuths spread over the
    defended region; every one must be engageable by a kill vehicle launched after detection
    and decision and hitting before burnout, in ``simultaneous`` copies for ``coverage`` of the
    time. The analytic estimate uses the cap model at the mean launch latitude with the target
    at burnout altitude.
    """
    o = overrides or PresetOverrides()
    v = dict(preset.values)
    if o.altitude_m is not None:
        v["altitude_m"] = _positive(o.altitude_m, "altitude_m", "m")
    if o.inclination_deg is not None:
        v["inclination_deg"] = _inclination(o.inclination_deg)
    if o.delta_v_m_per_s is not None:
        v["delta_v_m_per_s"] = _positive(o.delta_v_m_per_s, "delta_v_m_per_s", "m/s")
    if o.accel_m_per_s2 is not None:
        v["accel_m_per_s2"] = _positive(o.accel_m_per_s2, "accel_m_per_s2", "m/s^2")
    if o.burn_time_s is not None:
        scale = _positive(o.burn_time_s, "burn_time_s", "s") / v["burn_time_s"]
        v["burn_time_s"] = o.burn_time_s
        v["burnout_downrange_m"] *= scale  # same profile shape, compressed in time
    delays = v["detection_delay_s"] + v["decision_delay_s"]
    if o.time_available_s is not None:
        delays = v["burn_time_s"] - _positive(o.time_available_s, "time_available_s", "s")
    if delays < 0:
        raise SizingInputError("time_available_s",
                               "longer than the boost; lower it or raise the burn time")
    k = _k(o.simultaneous) if o.simultaneous is not None else int(v["simultaneous_launches"])
    cov = _coverage(o.coverage if o.coverage is not None else v["coverage"])
    times = time_grid_s(o.hours if o.hours is not None else v["analysis_hours"],
                        o.step_s if o.step_s is not None else v["analysis_step_s"])
    timeline = BoostTimeline(v["burn_time_s"], delays, 0.0)
    if timeline.time_available_s <= 0:
        raise SizingInputError(
            "burn_time_s", "no time left for the kill vehicle after detection and decision; "
            "raise the burn time")
    kv = KillVehicle(v["delta_v_m_per_s"], v["accel_m_per_s2"])
    profile = BoostProfile(v["burn_time_s"], v["burnout_altitude_m"], v["burnout_downrange_m"])
    offsets = np.arange(timeline.kv_launch_s, timeline.burn_time_s + 1e-9, v["offset_step_s"])
    if offsets[-1] < timeline.burn_time_s - 1e-9:
        offsets = np.append(offsets, timeline.burn_time_s)
    reach_by_offset = kv.reach_m(offsets - timeline.kv_launch_s)
    az = np.radians(
        np.linspace(v["azimuth_min_deg"], v["azimuth_max_deg"], int(v["azimuth_count"])))
    sites = np.radians(np.array(preset.sites_deg, dtype=float))
    lat = np.repeat(sites[:, 0], az.size)
    lon = np.repeat(sites[:, 1], az.size)
    threat = profile.position_ecef_m(lat, lon, np.tile(az, sites.shape[0]), offsets)
    inc_r = math.radians(v["inclination_deg"])
    alt_m = v["altitude_m"]
    reach = float(kv.reach_m(timeline.time_available_s))
    cap = float(cap_angle_rad(reach, alt_m, v["burnout_altitude_m"]))
    a = analytic_size(k, float(np.mean(sites[:, 0])), inc_r, cap, cov)
    evaluate = engagement_evaluator(times, threat, offsets, reach_by_offset)
    result, note = _search(evaluate, k, alt_m, inc_r, cov, a, progress)
    published = v["published_satellites"] * k / v["simultaneous_launches"]
    assumptions = {
        "threat": preset.threat,
        "overrides_of_the_threat": {
            k: {"preset": new, "threat": old} for k, (new, old) in preset.overrides.items()},
        "burn_time_s": v["burn_time_s"],
        "time_available_s": timeline.time_available_s,
        "delta_v_m_per_s": v["delta_v_m_per_s"],
        "accel_m_per_s2": v["accel_m_per_s2"],
        "altitude_m": alt_m,
        "inclination_deg": v["inclination_deg"],
        "burnout_altitude_m": v["burnout_altitude_m"],
        "burnout_downrange_m": v["burnout_downrange_m"],
        "launch_sites_deg": [list(s) for s in preset.sites_deg],
        "azimuths_deg": [round(math.degrees(x), 3) for x in az],
        "coverage": cov,
        "hours": times.size * (times[1] - times[0] if times.size > 1 else 0) / 3600,
    }
    return SizeReport("boost-engagement", k, cov, inc_r, reach, cap, a, result,
                      preset=preset, published_satellites=published, assumptions=assumptions,
                      note=note)
