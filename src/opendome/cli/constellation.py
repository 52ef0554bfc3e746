"""``opendome constellation``: size, coverage, capacity and attrition of SBI constellations.

Units at this boundary are those of the options (km, deg, km/s, g, s); everything passed to
``opendome.space`` is SI. Presets come from ``catalog/data/space_presets.yaml``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Annotated, Any, NoReturn

import numpy as np
import typer

from opendome.catalog.sourced import CatalogDataError, SourcedValue, load_data_file
from opendome.cli.common import print_json, progress_status, show_progress
from opendome.core.constants import (
    EARTH_EQUATORIAL_RADIUS_M,
    EARTH_MEAN_RADIUS_M,
    STANDARD_GRAVITY_M_PER_S2,
)
from opendome.space.attrition import (
    STRATEGIES,
    coverage_gaps,
    exposure_per_satellite,
    plane_attrition,
    random_attrition,
    summarize_gaps,
)
from opendome.space.coverage import (
    absentee_ratio,
    count_in_reach,
    coverage_stats,
    engageable_counts,
    expected_in_reach,
)
from opendome.space.frames import destination, sphere_point_m
from opendome.space.reach import (
    BoostProfile,
    BoostTimeline,
    KillVehicle,
    reach_central_angle_rad,
)
from opendome.space.sizing import (
    analytic_size,
    cap_evaluator,
    engagement_evaluator,
    size_walker,
)
from opendome.space.walker import walker

# Options shared by the commands that take a Walker constellation and a kill vehicle.
PlanesOpt = Annotated[int, typer.Option("--planes", help="Orbital planes P.")]
PerPlaneOpt = Annotated[int, typer.Option("--per-plane", help="Satellites per plane.")]
PhasingOpt = Annotated[int, typer.Option("--phasing", help="Walker phasing F (0..P-1).")]
AltOpt = Annotated[float, typer.Option("--alt", help="Orbit altitude, km.")]
IncOpt = Annotated[float, typer.Option("--inc", help="Orbit inclination, deg.")]
DvOpt = Annotated[float, typer.Option("--dv", help="Kill-vehicle speed change, km/s.")]
AccelOpt = Annotated[float, typer.Option("--accel", help="Kill-vehicle acceleration, g.")]
TimeAvailableOpt = Annotated[float, typer.Option("--time-available", help="KV flight time, s.")]
TargetAltOpt = Annotated[float, typer.Option("--target-alt", help="km.")]
HoursOpt = Annotated[float, typer.Option("--hours", help="Time span, h.")]
StepOpt = Annotated[float, typer.Option("--step", help="Time step, s.")]

constellation_app = typer.Typer(
    help="Space-based interceptor constellations: sizing, coverage, capacity, attrition.",
    no_args_is_help=True,
)

PRESET_FILE = "space_presets.yaml"
DEFAULT_TARGET_ALT_KM = 200.0
"""Intercept altitude of the cap model: the solid-ICBM burnout altitude of catalog icbm-solid
(notional there, 200 km)."""


def _fail(message: str, code: int = 1) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def _echo_json(data: dict[str, Any]) -> None:
    print_json(data)


def _positive(value: float | None, option: str) -> float:
    if value is None:
        _fail(f"{option}: required (or use --preset)")
    if not math.isfinite(value) or value <= 0:
        _fail(f"{option}: must be a positive number, got {value}")
    return value


def _latitude(value: float | None, option: str) -> float:
    if value is None:
        _fail(f"{option}: required (or use --preset)")
    if not -90 <= value <= 90:
        _fail(f"{option}: latitude in degrees between -90 and 90, got {value}")
    return value


def _inclination(value: float | None) -> float:
    if value is None:
        _fail("--inc: required (or use --preset)")
    if not 0 < value < 180:
        _fail(f"--inc: inclination in degrees, 0 < inc < 180, got {value}")
    return value


def _coverage(value: float) -> float:
    if not 0 < value <= 1:
        _fail(f"--coverage: a fraction of the time in (0, 1], got {value}")
    return value


def _time_grid(hours: float, step_s: float) -> np.ndarray:
    if hours <= 0 or step_s <= 0:
        _fail(f"--hours and --step: must be positive, got {hours} and {step_s}")
    n = int(hours * 3600 / step_s)
    if n > 200_000:
        _fail(f"--hours/--step: {n} time steps is too many; use a coarser --step")
    return np.arange(max(n, 1)) * step_s


# ------------------------------------------------------------------------------ presets


@dataclass
class Preset:
    """A sizing case read from the preset file, SI values plus their citations."""

    name: str
    title: str
    values: dict[str, float]
    sites_deg: list[tuple[float, float]]
    citations: dict[str, str] = field(default_factory=dict)


def load_preset(name: str) -> Preset:
    """Read preset ``name`` of ``space_presets.yaml``; exit 1 naming the known ones if absent."""
    try:
        data = load_data_file(PRESET_FILE)
    except CatalogDataError as exc:
        _fail(f"{PRESET_FILE}: {exc}")
    if name not in data:
        _fail(f"--preset: unknown preset {name!r}; known: {', '.join(sorted(data))}")
    raw = data[name]
    values: dict[str, float] = {}
    citations: dict[str, str] = {}
    for key, v in raw.items():
        if isinstance(v, SourcedValue):
            values[key] = v.value
            citations[key] = v.citation()
    sites: list[tuple[float, float]] = []
    for site_name, site in dict(raw.get("launch_sites", {})).items():
        lat, lon = site["lat_deg"], site["lon_deg"]
        sites.append((lat.value, lon.value))
        citations[f"launch_sites.{site_name}"] = lat.citation()
    return Preset(name, str(raw.get("name", name)), values, sites, citations)


# ------------------------------------------------------------------------------ size


def _reach_and_cap(
    dv_km_s: float, accel_g: float, time_available_s: float, alt_km: float, target_alt_km: float
) -> tuple[float, float]:
    reach = float(KillVehicle.from_km_s_and_g(dv_km_s, accel_g).reach_m(time_available_s))
    cap = float(
        reach_central_angle_rad(
            reach,
            EARTH_EQUATORIAL_RADIUS_M + alt_km * 1e3,
            EARTH_MEAN_RADIUS_M + target_alt_km * 1e3,
        )
    )
    return reach, cap


@constellation_app.command("size")
def size(
    launch_lat: float = typer.Option(None, "--launch-lat", help="Launch latitude, deg."),
    launch_lon: float = typer.Option(0.0, "--launch-lon", help="Launch longitude, deg."),
    simultaneous: int = typer.Option(None, "--simultaneous", help="Simultaneous launches K."),
    alt: float = typer.Option(None, "--alt", help="Orbit altitude, km."),
    inc: float = typer.Option(None, "--inc", help="Orbit inclination, deg."),
    dv: float = typer.Option(None, "--dv", help="Kill-vehicle speed change, km/s."),
    accel: float = typer.Option(None, "--accel", help="Kill-vehicle acceleration, g."),
    time_available: float = typer.Option(
        None, "--time-available", help="KV flight time after detection and decision, s."
    ),
    coverage: float = typer.Option(None, "--coverage", help="Fraction of time covered (0..1]."),
    target_alt: float = typer.Option(
        DEFAULT_TARGET_ALT_KM, "--target-alt", help="Threat altitude at intercept, km (cap model)."
    ),
    burn_time: float = typer.Option(None, "--burn-time", help="Preset only: boost time, s."),
    preset: str = typer.Option(None, "--preset", help="Named case, e.g. aps2003."),
    hours: float = typer.Option(None, "--hours", help="Time span sampled, h (default 6)."),
    step: float = typer.Option(None, "--step", help="Time step, s (default 20)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON only."),
) -> None:
    """Smallest Walker constellation with K interceptors in reach for the coverage fraction."""
    if preset is not None:
        _size_preset(
            load_preset(preset),
            simultaneous,
            alt,
            inc,
            dv,
            accel,
            time_available,
            burn_time,
            coverage,
            hours,
            step,
            as_json,
        )
        return
    if burn_time is not None:
        _fail("--burn-time: only with --preset (the cap model takes --time-available)")
    k = simultaneous if simultaneous is not None else 1
    if k < 1:
        _fail(f"--simultaneous: at least 1, got {k}")
    lat = _latitude(launch_lat, "--launch-lat")
    inc_deg = _inclination(inc)
    alt_km = _positive(alt, "--alt")
    dv_km_s = _positive(dv, "--dv")
    accel_g = _positive(accel, "--accel")
    t_avail = _positive(time_available, "--time-available")
    cov = _coverage(1.0 if coverage is None else coverage)
    if target_alt < 0:
        _fail(f"--target-alt: must be >= 0 km, got {target_alt}")
    times = _time_grid(6.0 if hours is None else hours, 20.0 if step is None else step)
    reach, cap = _reach_and_cap(dv_km_s, accel_g, t_avail, alt_km, target_alt)
    if not math.isfinite(cap):
        _fail(
            f"--time-available: the reach ({reach / 1e3:.0f} km) does not span the altitude "
            f"difference between orbit ({alt_km} km) and target ({target_alt} km)"
        )
    lat_r, inc_r = math.radians(lat), math.radians(inc_deg)
    a = analytic_size(k, lat_r, inc_r, cap, cov)
    if not math.isfinite(a.satellites_mean):
        _fail(f"--inc: orbits of {inc_deg} deg never come within reach of latitude {lat} deg")
    evaluate = cap_evaluator(
        lat_r, math.radians(launch_lon), reach, times, target_altitude_m=target_alt * 1e3
    )
    with progress_status("sizing", show_progress(as_json)) as say:
        result = size_walker(
            evaluate, k, alt_km * 1e3, inc_r, coverage=cov,
            n_start=max(k, int(a.satellites_mean)),
            progress=lambda n, c: say(f"{n:,} satellites, coverage {c:.3f}"),
        )
    out = _size_output(result, a, k, inc_r, cov)
    out.update(
        {
            "model": "cap",
            "reach_km": reach / 1e3,
            "cap_angle_deg": math.degrees(cap),
            "inputs": {
                "launch_lat_deg": lat,
                "launch_lon_deg": launch_lon,
                "simultaneous": k,
                "alt_km": alt_km,
                "inc_deg": inc_deg,
                "dv_km_s": dv_km_s,
                "accel_g": accel_g,
                "time_available_s": t_avail,
                "target_alt_km": target_alt,
                "coverage": cov,
                "hours": float(times[-1] + (times[1] - times[0] if times.size > 1 else 0)) / 3600,
            },
        }
    )
    _print_size(out, as_json)


def _size_output(result: Any, a: Any, k: int, inc_r: float, cov: float) -> dict[str, Any]:
    d = result.design
    out: dict[str, Any] = {
        "satellites": result.satellites,
        "analytic_satellites": math.ceil(a.satellites_mean),
        "analytic_binomial_satellites": a.satellites_binomial,
        "absentee_ratio": a.absentee_ratio,
        "simultaneous": k,
        "coverage_required": cov,
        "coverage_achieved": result.coverage_achieved,
        "evaluations": result.evaluations,
    }
    if d is not None and result.stats is not None:
        out.update(
            {
                "walker": d.label(inc_r),
                "planes": d.planes,
                "sats_per_plane": d.sats_per_plane,
                "phasing": d.phasing,
                "min_in_reach": result.stats.minimum,
                "mean_in_reach": result.stats.mean,
                "simulated_absentee_ratio": result.stats.absentee_ratio,
            }
        )
    return out


def _print_size(out: dict[str, Any], as_json: bool) -> None:
    if as_json:
        _echo_json(out)
        return
    if out["satellites"] is None:
        typer.echo("no Walker constellation up to the search limit meets the requirement")
    else:
        typer.echo(
            f"satellites: {out['satellites']}  (Walker {out['walker']}, "
            f"min {out['min_in_reach']} / mean {out['mean_in_reach']:.2f} in reach, "
            f"coverage {out['coverage_achieved']:.3f})"
        )
    typer.echo(
        f"analytic: {out['analytic_satellites']} for K={out['simultaneous']} on average "
        f"(absentee ratio {out['absentee_ratio']:.0f})"
        + (
            f"; random phasing at coverage {out['coverage_required']}: "
            f"{out['analytic_binomial_satellites']}"
            if out["analytic_binomial_satellites"] is not None
            else ""
        )
    )
    if "reach_km" in out:
        typer.echo(f"kill-vehicle reach {out['reach_km']:.0f} km, model: {out['model']}")
    if "published_satellites" in out:
        typer.echo(
            f"published: {out['published_satellites']:.0f}  ratio: {out['ratio_to_published']:.2f}"
        )


def _size_preset(
    p: Preset,
    simultaneous: int | None,
    alt: float | None,
    inc: float | None,
    dv: float | None,
    accel: float | None,
    time_available: float | None,
    burn_time: float | None,
    coverage: float | None,
    hours: float | None,
    step: float | None,
    as_json: bool,
) -> None:
    v = dict(p.values)
    if alt is not None:
        v["altitude_m"] = _positive(alt, "--alt") * 1e3
    if inc is not None:
        v["inclination_deg"] = _inclination(inc)
    if dv is not None:
        v["delta_v_m_per_s"] = _positive(dv, "--dv") * 1e3
    if accel is not None:
        v["accel_m_per_s2"] = _positive(accel, "--accel") * STANDARD_GRAVITY_M_PER_S2
    if burn_time is not None:
        scale = _positive(burn_time, "--burn-time") / v["burn_time_s"]
        v["burn_time_s"] = burn_time
        v["burnout_downrange_m"] *= scale  # same profile shape, compressed in time
    delays = v["detection_delay_s"] + v["decision_delay_s"]
    if time_available is not None:
        delays = v["burn_time_s"] - _positive(time_available, "--time-available")
    if delays < 0:
        _fail("--time-available: longer than the boost; lower it or raise --burn-time")
    if simultaneous is not None and simultaneous < 1:
        _fail(f"--simultaneous: at least 1, got {simultaneous}")
    k = simultaneous if simultaneous is not None else int(v["simultaneous_launches"])
    cov = _coverage(coverage if coverage is not None else v["coverage"])
    times = _time_grid(
        hours if hours is not None else v["analysis_hours"],
        step if step is not None else v["analysis_step_s"],
    )
    timeline = BoostTimeline(v["burn_time_s"], delays, 0.0)
    if timeline.time_available_s <= 0:
        _fail("--burn-time: no time left for the kill vehicle after detection and decision")
    kv = KillVehicle(v["delta_v_m_per_s"], v["accel_m_per_s2"])
    profile = BoostProfile(v["burn_time_s"], v["burnout_altitude_m"], v["burnout_downrange_m"])
    offsets = np.arange(timeline.kv_launch_s, timeline.burn_time_s + 1e-9, v["offset_step_s"])
    if offsets[-1] < timeline.burn_time_s - 1e-9:
        offsets = np.append(offsets, timeline.burn_time_s)
    reach_by_offset = kv.reach_m(offsets - timeline.kv_launch_s)
    az = np.radians(
        np.linspace(v["azimuth_min_deg"], v["azimuth_max_deg"], int(v["azimuth_count"]))
    )
    sites = np.radians(np.array(p.sites_deg, dtype=float))
    lat = np.repeat(sites[:, 0], az.size)
    lon = np.repeat(sites[:, 1], az.size)
    threat = profile.position_ecef_m(lat, lon, np.tile(az, sites.shape[0]), offsets)
    inc_r = math.radians(v["inclination_deg"])
    alt_m = v["altitude_m"]
    # analytic: cap model at the mean launch latitude, target at burnout altitude
    reach = float(kv.reach_m(timeline.time_available_s))
    cap = float(
        reach_central_angle_rad(
            reach, EARTH_EQUATORIAL_RADIUS_M + alt_m, EARTH_MEAN_RADIUS_M + v["burnout_altitude_m"]
        )
    )
    lat_mean = float(np.mean(sites[:, 0]))
    a = analytic_size(k, lat_mean, inc_r, cap, cov)
    evaluate = engagement_evaluator(times, threat, offsets, reach_by_offset)
    n0 = int(a.satellites_mean) if math.isfinite(a.satellites_mean) else 1000
    with progress_status("sizing (aps2003 preset)", show_progress(as_json)) as say:
        result = size_walker(evaluate, k, alt_m, inc_r, coverage=cov, n_start=max(k, n0),
                             progress=lambda n, c: say(f"{n:,} satellites, coverage {c:.3f}"))
    out = _size_output(result, a, k, inc_r, cov)
    published = v["published_satellites"] * k / v["simultaneous_launches"]
    out.update(
        {
            "model": "boost-engagement",
            "preset": p.name,
            "title": p.title,
            "reach_km": reach / 1e3,
            "cap_angle_deg": math.degrees(cap) if math.isfinite(cap) else None,
            "published_satellites": published,
            "ratio_to_published": (out["satellites"] / published) if out["satellites"] else None,
            "analytic_ratio_to_published": out["analytic_satellites"] / published,
            "assumptions": {
                "burn_time_s": v["burn_time_s"],
                "time_available_s": timeline.time_available_s,
                "delta_v_m_per_s": v["delta_v_m_per_s"],
                "accel_m_per_s2": v["accel_m_per_s2"],
                "altitude_m": alt_m,
                "inclination_deg": v["inclination_deg"],
                "burnout_altitude_m": v["burnout_altitude_m"],
                "burnout_downrange_m": v["burnout_downrange_m"],
                "launch_sites_deg": p.sites_deg,
                "azimuths_deg": [round(math.degrees(x), 3) for x in az],
                "coverage": cov,
                "hours": times.size * (times[1] - times[0] if times.size > 1 else 0) / 3600,
            },
            "sources": p.citations,
        }
    )
    _print_size(out, as_json)


# ------------------------------------------------------------------------------ coverage


def _shell_options(
    planes: int, per_plane: int, phasing: int, alt: float, inc: float
) -> tuple[float, float]:
    if planes < 1 or per_plane < 1:
        _fail(f"--planes/--per-plane: at least 1, got {planes} and {per_plane}")
    if not 0 <= phasing < planes:
        _fail(f"--phasing: Walker F between 0 and planes-1 ({planes - 1}), got {phasing}")
    return _positive(alt, "--alt") * 1e3, math.radians(_inclination(inc))


@constellation_app.command("coverage")
def coverage_cmd(
    *,
    planes: PlanesOpt,
    per_plane: PerPlaneOpt,
    phasing: PhasingOpt = 1,
    alt: AltOpt,
    inc: IncOpt,
    launch_lat: float = typer.Option(..., "--launch-lat", help="Launch latitude, deg."),
    launch_lon: float = typer.Option(0.0, "--launch-lon", help="Launch longitude, deg."),
    dv: DvOpt,
    accel: AccelOpt,
    time_available: TimeAvailableOpt,
    target_alt: TargetAltOpt = DEFAULT_TARGET_ALT_KM,
    k: int = typer.Option(1, "--k", help="Interceptors needed in reach."),
    hours: HoursOpt = 24.0,
    step: StepOpt = 20.0,
    as_json: bool = typer.Option(False, "--json", help="Print JSON only."),
) -> None:
    """Interceptors in reach over time: analytic (density formula) beside simulated."""
    alt_m, inc_r = _shell_options(planes, per_plane, phasing, alt, inc)
    lat = _latitude(launch_lat, "--launch-lat")
    times = _time_grid(hours, step)
    reach, cap = _reach_and_cap(
        _positive(dv, "--dv"),
        _positive(accel, "--accel"),
        _positive(time_available, "--time-available"),
        alt,
        target_alt,
    )
    c = walker(alt_m, inc_r, planes, per_plane, phasing)
    counts = count_in_reach(
        c,
        times,
        math.radians(lat),
        math.radians(launch_lon),
        reach,
        target_altitude_m=target_alt * 1e3,
    )
    st = coverage_stats(counts, c.n_satellites, k=k)
    lat_r = math.radians(lat)
    out = {
        "satellites": c.n_satellites,
        "reach_km": reach / 1e3,
        "cap_angle_deg": math.degrees(cap) if math.isfinite(cap) else None,
        "analytic_mean_in_reach": float(expected_in_reach(c.n_satellites, lat_r, inc_r, cap)),
        "analytic_small_cap_mean_in_reach": float(
            expected_in_reach(c.n_satellites, lat_r, inc_r, cap, method="small")
        ),
        "absentee_ratio": float(absentee_ratio(lat_r, inc_r, cap)),
        "simulated": st.as_dict(),
    }
    if as_json:
        _echo_json(out)
        return
    typer.echo(
        f"{c.n_satellites} satellites, reach {reach / 1e3:.0f} km "
        f"(cap {out['cap_angle_deg'] or 0:.2f} deg)"
    )
    typer.echo(
        f"analytic mean in reach {out['analytic_mean_in_reach']:.3f} "
        f"(small-cap formula {out['analytic_small_cap_mean_in_reach']:.3f}), "
        f"absentee ratio {out['absentee_ratio']:.0f}"
    )
    typer.echo(
        f"simulated: min {st.minimum}, mean {st.mean:.3f}, "
        + ", ".join(f"p{q:g} {v:g}" for q, v in st.percentiles.items())
        + f"; at least {k} in reach {100 * st.fraction_at_least_k:.1f}% of the time; "
        f"absentee ratio {st.absentee_ratio:.0f}"
    )


# ------------------------------------------------------------------------------ attrition


@constellation_app.command("attrition")
def attrition_cmd(
    *,
    planes: PlanesOpt,
    per_plane: PerPlaneOpt,
    phasing: PhasingOpt = 1,
    alt: AltOpt,
    inc: IncOpt,
    launch_lat: float = typer.Option(..., "--launch-lat", help="Launch latitude, deg."),
    launch_lon: float = typer.Option(0.0, "--launch-lon", help="Launch longitude, deg."),
    dv: DvOpt,
    accel: AccelOpt,
    time_available: TimeAvailableOpt,
    target_alt: TargetAltOpt = DEFAULT_TARGET_ALT_KM,
    killed: int = typer.Option(..., "--killed", help="Satellites destroyed."),
    strategy: str = typer.Option("random", "--strategy", help="random | planes."),
    seed: int = typer.Option(0, "--seed", help="Seed of the random attack."),
    k: int = typer.Option(1, "--k", help="Interceptors needed in reach."),
    hours: HoursOpt = 24.0,
    step: StepOpt = 20.0,
    as_json: bool = typer.Option(False, "--json", help="Print JSON only."),
) -> None:
    """Coverage gaps opened by an anti-satellite attack on the constellation."""
    alt_m, inc_r = _shell_options(planes, per_plane, phasing, alt, inc)
    lat = _latitude(launch_lat, "--launch-lat")
    if strategy not in STRATEGIES:
        _fail(f"--strategy: one of {', '.join(STRATEGIES)}, got {strategy!r}")
    n = planes * per_plane
    if not 0 <= killed <= n:
        _fail(f"--killed: between 0 and the {n} satellites, got {killed}")
    times = _time_grid(hours, step)
    reach, _ = _reach_and_cap(
        _positive(dv, "--dv"),
        _positive(accel, "--accel"),
        _positive(time_available, "--time-available"),
        alt,
        target_alt,
    )
    c = walker(alt_m, inc_r, planes, per_plane, phasing)
    lat_r, lon_r = math.radians(lat), math.radians(launch_lon)
    if strategy == "random":
        alive = random_attrition(n, killed, np.random.default_rng(seed))
    else:
        site = sphere_point_m(lat_r, lon_r, target_alt * 1e3)
        alive = plane_attrition(c, killed, exposure_per_satellite(c, times, site, reach))
    span = float(times.size * (times[1] - times[0] if times.size > 1 else step))
    result: dict[str, Any] = {"satellites": n, "killed": killed, "strategy": strategy, "k": k}
    for label, mask in (("before", None), ("after", alive)):
        counts = count_in_reach(
            c, times, lat_r, lon_r, reach, target_altitude_m=target_alt * 1e3, alive=mask
        )
        gaps = coverage_gaps(times, counts, k)
        result[label] = {
            "stats": coverage_stats(counts, int(n if mask is None else mask.sum()), k=k).as_dict(),
            "gaps": summarize_gaps(gaps, span).as_dict(),
            "first_gaps_s": [[g.start_s, g.end_s] for g in gaps[:10]],
        }
    if as_json:
        _echo_json(result)
        return
    for label in ("before", "after"):
        st, gp = result[label]["stats"], result[label]["gaps"]
        typer.echo(
            f"{label:6s}: min {st['min']}, mean {st['mean']:.2f} in reach; "
            f"{gp['n_gaps']} gaps, unengaged {100 * gp['unengaged_fraction']:.1f}% of the time, "
            f"longest {gp['longest_gap_s']:.0f} s"
        )
    for start, end in result["after"]["first_gaps_s"]:
        typer.echo(f"  gap {start:8.0f} s .. {end:8.0f} s  ({end - start:.0f} s)")


@constellation_app.command("capacity")
def capacity_cmd(
    *,
    planes: PlanesOpt,
    per_plane: PerPlaneOpt,
    phasing: PhasingOpt = 1,
    alt: AltOpt,
    inc: IncOpt,
    launch_lat: float = typer.Option(..., "--launch-lat", help="Centre of the region, deg."),
    launch_lon: float = typer.Option(0.0, "--launch-lon", help="Centre of the region, deg."),
    launches: int = typer.Option(..., "--launches", help="Simultaneous launches K."),
    spread: float = typer.Option(
        0.0, "--spread", help="Launch points on a circle of this radius, km (0: one point)."
    ),
    dv: DvOpt,
    accel: AccelOpt,
    time_available: TimeAvailableOpt,
    target_alt: TargetAltOpt = DEFAULT_TARGET_ALT_KM,
    hours: HoursOpt = 24.0,
    step: StepOpt = 20.0,
    as_json: bool = typer.Option(False, "--json", help="Print JSON only."),
) -> None:
    """How many of K simultaneous launches from a region can be engaged, over time."""
    alt_m, inc_r = _shell_options(planes, per_plane, phasing, alt, inc)
    lat = _latitude(launch_lat, "--launch-lat")
    if launches < 1:
        _fail(f"--launches: at least 1, got {launches}")
    if spread < 0:
        _fail(f"--spread: must be >= 0 km, got {spread}")
    times = _time_grid(hours, step)
    reach, _ = _reach_and_cap(
        _positive(dv, "--dv"),
        _positive(accel, "--accel"),
        _positive(time_available, "--time-available"),
        alt,
        target_alt,
    )
    bearings = 2 * np.pi * np.arange(launches) / launches
    lat_k, lon_k = destination(
        math.radians(lat), math.radians(launch_lon), bearings, spread * 1e3 / EARTH_MEAN_RADIUS_M
    )
    threat = sphere_point_m(lat_k, lon_k, target_alt * 1e3)[:, None, :]
    c = walker(alt_m, inc_r, planes, per_plane, phasing)
    eng = engageable_counts(c, times, threat, [0.0], [reach])
    cap = eng.capacity()
    all_engaged = float(np.mean(cap >= launches))
    out: dict[str, Any] = {
        "satellites": c.n_satellites,
        "launches": launches,
        "reach_km": reach / 1e3,
        "capacity_min": int(cap.min()),
        "capacity_mean": float(cap.mean()),
        "fraction_all_engaged": all_engaged,
        "capacity_histogram": {
            str(v): int(n) for v, n in zip(*np.unique(cap, return_counts=True), strict=True)
        },
    }
    if as_json:
        _echo_json(out)
        return
    typer.echo(
        f"{launches} simultaneous launches within {spread:g} km of {lat} N {launch_lon} E: "
        f"engageable min {out['capacity_min']}, mean {out['capacity_mean']:.2f}; "
        f"all {launches} engaged {100 * all_engaged:.1f}% of the time"
    )


def register(app: typer.Typer) -> None:
    """Add the ``constellation`` command group to ``app``."""
    app.add_typer(constellation_app, name="constellation")
