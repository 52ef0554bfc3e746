"""``opendome constellation``: size, coverage, capacity and attrition of SBI constellations.

Parse, call :mod:`opendome.space`, print. Units at this boundary are those of the options (km,
deg, km/s, g, s); everything passed on is SI. Heights of orbits and targets are both above the
space layer's sphere (:data:`opendome.core.earth.SPHERE`).
"""

from __future__ import annotations

from typing import Annotated, Any, NoReturn

import typer

from opendome.cli.common import error, number, print_json, progress_status, show_progress

MAX_SATELLITES = 100_000
"""Largest constellation the coverage commands build (about twice the largest filed today)."""
MAX_SATELLITE_EPOCHS = 2_000_000_000
"""Largest satellites x epochs (x launches) a coverage command computes (tens of seconds)."""
G0 = 9.80665  # standard gravity, m/s^2 (BIPM SI brochure); the --accel unit

FIELD_OPTION = {
    "launch_lat_deg": "--launch-lat", "launch_lon_deg": "--launch-lon",
    "simultaneous": "--simultaneous", "altitude_m": "--alt", "inclination_deg": "--inc",
    "delta_v_m_per_s": "--dv", "accel_m_per_s2": "--accel",
    "time_available_s": "--time-available", "target_altitude_m": "--target-alt",
    "coverage": "--coverage", "hours": "--hours", "step_s": "--step",
    "burn_time_s": "--burn-time",
}

PlanesOpt = Annotated[int, typer.Option("--planes", min=1, help="Orbital planes P.")]
PerPlaneOpt = Annotated[int, typer.Option("--per-plane", min=1, help="Satellites per plane.")]
PhasingOpt = Annotated[int, typer.Option("--phasing", min=0, help="Walker phasing F (0..P-1).")]
AltOpt = Annotated[float, typer.Option("--alt", help="Orbit altitude above the mean sphere, km.")]
IncOpt = Annotated[float, typer.Option("--inc", help="Orbit inclination, deg.")]
LatOpt = Annotated[float, typer.Option("--launch-lat", help="Launch latitude, deg.")]
LonOpt = Annotated[float, typer.Option("--launch-lon", help="Launch longitude, deg.")]
DvOpt = Annotated[float, typer.Option("--dv", help="Kill-vehicle speed change, km/s.")]
AccelOpt = Annotated[float, typer.Option("--accel", help="Kill-vehicle acceleration, g.")]
TimeAvailableOpt = Annotated[float, typer.Option(
    "--time-available", help="KV flight time after detection and decision, s.")]
TargetAltOpt = Annotated[float, typer.Option(
    "--target-alt", help="Threat height above the mean sphere at intercept, km.")]
HoursOpt = Annotated[float, typer.Option("--hours", help="Time span, h.")]
StepOpt = Annotated[float, typer.Option("--step", help="Time step, s.")]
KOpt = Annotated[int, typer.Option("--k", min=1, help="Interceptors needed in reach.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON only.")]

constellation_app = typer.Typer(
    help="Space-based interceptor constellations: sizing, coverage, capacity, attrition.",
    no_args_is_help=True,
)

DEFAULT_TARGET_ALT_KM = 200.0
"""Intercept altitude of the cap model: the solid-ICBM burnout altitude of catalog icbm-solid
(notional there, 200 km)."""


def sizing_error(exc: Any) -> NoReturn:
    """Print a :class:`~opendome.space.presets.SizingInputError` as the one error line."""
    error(FIELD_OPTION.get(exc.field, exc.field), exc.problem)


@constellation_app.command("size")
def size(
    launch_lat: float = typer.Option(None, "--launch-lat", help="Launch latitude, deg."),
    launch_lon: float = typer.Option(None, "--launch-lon", help="Launch longitude, deg (0)."),
    simultaneous: int = typer.Option(None, "--simultaneous", min=1, help="Simultaneous "
                                     "launches K."),
    alt: float = typer.Option(None, "--alt", help="Orbit altitude above the mean sphere, km."),
    inc: float = typer.Option(None, "--inc", help="Orbit inclination, deg."),
    dv: float = typer.Option(None, "--dv", help="Kill-vehicle speed change, km/s."),
    accel: float = typer.Option(None, "--accel", help="Kill-vehicle acceleration, g."),
    time_available: float = typer.Option(
        None, "--time-available", help="KV flight time after detection and decision, s."),
    coverage: float = typer.Option(None, "--coverage", help="Fraction of time covered (0..1]."),
    target_alt: float = typer.Option(
        None, "--target-alt", help="Threat height at intercept, km (cap model; default 200)."),
    burn_time: float = typer.Option(None, "--burn-time", help="Preset only: boost time, s."),
    preset: str = typer.Option(None, "--preset", help="Named case, e.g. aps2003."),
    hours: float = typer.Option(None, "--hours", help="Time span sampled, h (default 6)."),
    step: float = typer.Option(None, "--step", help="Time step, s (default 20)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON only."),
) -> None:
    """Smallest Walker constellation with K interceptors in reach for the coverage fraction."""
    from opendome.space.presets import PresetOverrides, SizingInputError

    given = {"--alt": alt, "--inc": inc, "--dv": dv, "--accel": accel, "--hours": hours,
             "--time-available": time_available, "--coverage": coverage, "--step": step,
             "--burn-time": burn_time, "--launch-lat": launch_lat, "--launch-lon": launch_lon,
             "--target-alt": target_alt}
    for opt, value in given.items():
        if value is not None:
            number(value, opt)
    lows = {"--alt": alt, "--dv": dv, "--accel": accel, "--time-available": time_available,
            "--hours": hours, "--step": step, "--burn-time": burn_time, "--coverage": coverage}
    for opt, value in lows.items():
        if value is not None:
            number(value, opt, low=0, low_open=True, high=1 if opt == "--coverage" else None)
    try:
        if preset is not None:
            for opt in ("--launch-lat", "--launch-lon", "--target-alt"):
                if given[opt] is not None:
                    error(opt, "a preset sets its own launch sites and burnout altitude; drop "
                          f"{opt} with --preset (or drop --preset for the cap model)")
            o = PresetOverrides(
                simultaneous, None if alt is None else alt * 1e3, inc,
                None if dv is None else dv * 1e3, None if accel is None else accel * G0,
                time_available, burn_time, coverage, hours, step)
            report = _size_preset(preset, o, as_json)
        else:
            if burn_time is not None:
                error("--burn-time", "only with --preset (the cap model takes --time-available)")
            missing = [opt for opt in ("--launch-lat", "--alt", "--inc", "--dv", "--accel",
                                       "--time-available") if given[opt] is None]
            if missing:
                error(missing[0], "required for the cap model (or use --preset aps2003)")
            report = _size_site(launch_lat, launch_lon, simultaneous, alt, inc, dv, accel,
                                time_available, coverage, target_alt, hours, step, as_json)
    except SizingInputError as exc:
        sizing_error(exc)
    _print_size(report.to_dict(), as_json)


def _size_site(lat: float, lon: float | None, k: int | None, alt: float, inc: float, dv: float,
               accel: float, t: float, cov: float | None, target: float | None,
               hours: float | None, step: float | None, as_json: bool) -> Any:
    from opendome.space.presets import size_for_site

    number(lat, "--launch-lat", low=-90, high=90, unit="deg")
    number(0.0 if lon is None else lon, "--launch-lon", low=-180, high=360, unit="deg")
    number(inc, "--inc", low=0, high=180, low_open=True, unit="deg")
    number(DEFAULT_TARGET_ALT_KM if target is None else target, "--target-alt", low=0, unit="km")
    with progress_status("sizing", show_progress(as_json)) as say:
        return size_for_site(
            launch_lat_deg=lat, launch_lon_deg=0.0 if lon is None else lon,
            simultaneous=1 if k is None else k, altitude_m=alt * 1e3, inclination_deg=inc,
            delta_v_m_per_s=dv * 1e3, accel_m_per_s2=accel * G0, time_available_s=t,
            target_altitude_m=(DEFAULT_TARGET_ALT_KM if target is None else target) * 1e3,
            coverage=1.0 if cov is None else cov, hours=6.0 if hours is None else hours,
            step_s=20.0 if step is None else step,
            progress=lambda n, c: say(f"{n:,} satellites, coverage {c:.3f}"))


def _size_preset(name: str, overrides: Any, as_json: bool) -> Any:
    from opendome.catalog.sourced import load_data_file
    from opendome.space.presets import (
        PRESET_FILE,
        THREAT_FILE,
        UnknownPresetError,
        preset_from_data,
        size_preset,
    )

    try:
        p = preset_from_data(name, load_data_file(PRESET_FILE), load_data_file(THREAT_FILE))
    except UnknownPresetError as exc:
        error("--preset", exc.args[0])
    with progress_status(f"sizing ({name} preset)", show_progress(as_json)) as say:
        return size_preset(p, overrides,
                           progress=lambda n, c: say(f"{n:,} satellites, coverage {c:.3f}"))


def _print_size(out: dict[str, Any], as_json: bool) -> None:
    if as_json:
        print_json(out)
        return
    if "note" in out:
        typer.echo(out["note"])
    elif out["satellites"] is None:
        typer.echo("no Walker constellation up to the search limit meets the requirement")
    else:
        typer.echo(f"satellites: {out['satellites']}  (Walker {out['walker']}, "
                   f"min {out['min_in_reach']} / mean {out['mean_in_reach']:.2f} in reach, "
                   f"coverage {out['coverage_achieved']:.3f})")
    binomial = out["analytic_binomial_satellites"]
    typer.echo(f"analytic: {out['analytic_satellites']} for K={out['simultaneous']} on average "
               f"(absentee ratio {out['absentee_ratio']:.0f})"
               + (f"; random phasing at coverage {out['coverage_required']}: {binomial}"
                  if binomial is not None else ""))
    typer.echo(f"kill-vehicle reach {out['reach_km']:.0f} km, model: {out['model']}")
    if "published_satellites" in out:
        typer.echo(f"published: {out['published_satellites']:.0f}  "
                   f"ratio: {out['ratio_to_published']:.2f}")


def register(app: typer.Typer) -> None:
    """Add the ``constellation`` group to ``app`` (the shell commands: ``constellation_shell``)."""
    import opendome.cli.constellation_shell  # noqa: F401  (registers its commands)

    app.add_typer(constellation_app, name="constellation")
