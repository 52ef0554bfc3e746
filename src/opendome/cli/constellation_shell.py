"""``opendome constellation coverage | attrition | capacity``: one Walker shell over a region.

Parse, call :mod:`opendome.space.analyses`, print. Options in km, deg, km/s, g, s; heights above
the space layer's sphere. Work is estimated from the options and refused above the limits of
:mod:`opendome.cli.constellation` before anything is allocated.
"""

from __future__ import annotations

import math
from typing import Any

import typer

from opendome.cli.common import error, number, print_json
from opendome.cli.constellation import (
    DEFAULT_TARGET_ALT_KM,
    G0,
    MAX_SATELLITE_EPOCHS,
    MAX_SATELLITES,
    AccelOpt,
    AltOpt,
    DvOpt,
    HoursOpt,
    IncOpt,
    JsonOpt,
    KOpt,
    LatOpt,
    LonOpt,
    PerPlaneOpt,
    PhasingOpt,
    PlanesOpt,
    StepOpt,
    TargetAltOpt,
    TimeAvailableOpt,
    constellation_app,
    sizing_error,
)


def _shell(planes: int, per_plane: int, phasing: int, alt: float, inc: float, lat: float,
           lon: float, dv: float, accel: float, t: float, target_alt: float, hours: float,
           step: float, launches: int = 1) -> tuple[Any, Any, float]:
    """Check the shared options; return (constellation, epochs_s, reach_m) within the limits."""
    from opendome.space.presets import SizingInputError, time_grid_s
    from opendome.space.reach import KillVehicle
    from opendome.space.walker import walker

    if phasing >= planes:
        error("--phasing", f"Walker F between 0 and planes-1 ({planes - 1}), got {phasing}")
    number(alt, "--alt", low=0, low_open=True, unit="km")
    number(inc, "--inc", low=0, high=180, low_open=True, unit="deg")
    number(lat, "--launch-lat", low=-90, high=90, unit="deg")
    number(lon, "--launch-lon", low=-180, high=360, unit="deg")
    for opt, value in (("--dv", dv), ("--accel", accel), ("--time-available", t),
                       ("--hours", hours), ("--step", step)):
        number(value, opt, low=0, low_open=True)
    number(target_alt, "--target-alt", low=0, unit="km")
    n = planes * per_plane
    if n > MAX_SATELLITES:
        error("--planes/--per-plane", f"{n:,} satellites is more than the limit of "
              f"{MAX_SATELLITES:,}; give fewer planes or satellites per plane")
    try:
        times = time_grid_s(hours, step)
    except SizingInputError as exc:
        sizing_error(exc)
    work = n * times.size * launches
    if work > MAX_SATELLITE_EPOCHS:
        error("--hours/--step", f"{n:,} satellites x {times.size:,} epochs"
              + (f" x {launches:,} launches" if launches > 1 else "")
              + f" is more than the limit of {MAX_SATELLITE_EPOCHS:,}; use a coarser --step, "
              "fewer --hours or a smaller constellation")
    reach = float(KillVehicle(dv * 1e3, accel * G0).reach_m(t))
    return walker(alt * 1e3, math.radians(inc), planes, per_plane, phasing), times, reach


@constellation_app.command("coverage")
def coverage_cmd(*, planes: PlanesOpt, per_plane: PerPlaneOpt, phasing: PhasingOpt = 1,
                 alt: AltOpt, inc: IncOpt, launch_lat: LatOpt, launch_lon: LonOpt = 0.0,
                 dv: DvOpt, accel: AccelOpt, time_available: TimeAvailableOpt,
                 target_alt: TargetAltOpt = DEFAULT_TARGET_ALT_KM, k: KOpt = 1,
                 hours: HoursOpt = 24.0, step: StepOpt = 20.0, as_json: JsonOpt = False) -> None:
    """Interceptors in reach over time: analytic (density formula) beside simulated."""
    from opendome.space.analyses import shell_coverage

    c, times, reach = _shell(planes, per_plane, phasing, alt, inc, launch_lat, launch_lon, dv,
                             accel, time_available, target_alt, hours, step)
    out = shell_coverage(c, times, math.radians(launch_lat), math.radians(launch_lon), reach,
                         target_alt * 1e3, k)
    if as_json:
        print_json(out)
        return
    st = out["simulated"]
    typer.echo(f"{out['satellites']} satellites, reach {reach / 1e3:.0f} km "
               f"(cap {out['cap_angle_deg'] or 0:.2f} deg)")
    typer.echo(f"analytic mean in reach {out['analytic_mean_in_reach']:.3f} "
               f"(small-cap formula {out['analytic_small_cap_mean_in_reach']:.3f}), "
               f"absentee ratio {out['absentee_ratio']:.0f}")
    typer.echo(f"simulated: min {st['min']}, mean {st['mean']:.3f}, "
               + ", ".join(f"p{float(q):g} {v:g}" for q, v in st["percentiles"].items())
               + f"; at least {k} in reach {100 * st['fraction_at_least_k']:.1f}% of the time; "
               f"absentee ratio {st['absentee_ratio']:.0f}")


@constellation_app.command("attrition")
def attrition_cmd(*, planes: PlanesOpt, per_plane: PerPlaneOpt, phasing: PhasingOpt = 1,
                  alt: AltOpt, inc: IncOpt, launch_lat: LatOpt, launch_lon: LonOpt = 0.0,
                  dv: DvOpt, accel: AccelOpt, time_available: TimeAvailableOpt,
                  target_alt: TargetAltOpt = DEFAULT_TARGET_ALT_KM,
                  killed: int = typer.Option(..., "--killed", min=0, help="Satellites "
                                             "destroyed."),
                  strategy: str = typer.Option("random", "--strategy", help="random | planes."),
                  seed: int = typer.Option(0, "--seed", min=0, help="Seed of the random attack."),
                  k: KOpt = 1, hours: HoursOpt = 24.0, step: StepOpt = 20.0,
                  as_json: JsonOpt = False) -> None:
    """Coverage gaps opened by an anti-satellite attack on the constellation."""
    from opendome.space.analyses import STRATEGIES, attack_report

    if strategy not in STRATEGIES:
        error("--strategy", f"one of {', '.join(STRATEGIES)}, got {strategy!r}")
    if killed > planes * per_plane:
        error("--killed", f"between 0 and the {planes * per_plane} satellites, got {killed}")
    c, times, reach = _shell(planes, per_plane, phasing, alt, inc, launch_lat, launch_lon, dv,
                             accel, time_available, target_alt, hours, step)
    result = attack_report(c, times, math.radians(launch_lat), math.radians(launch_lon), reach,
                           target_alt * 1e3, killed, strategy, seed, k)
    if as_json:
        print_json(result)
        return
    for label in ("before", "after"):
        st, gp = result[label]["stats"], result[label]["gaps"]
        typer.echo(f"{label:6s}: min {st['min']}, mean {st['mean']:.2f} in reach; "
                   f"{gp['n_gaps']} gaps, unengaged {100 * gp['unengaged_fraction']:.1f}% of the "
                   f"time, longest {gp['longest_gap_s']:.0f} s")
    for start, end in result["after"]["first_gaps_s"]:
        typer.echo(f"  gap {start:8.0f} s .. {end:8.0f} s  ({end - start:.0f} s)")


@constellation_app.command("capacity")
def capacity_cmd(*, planes: PlanesOpt, per_plane: PerPlaneOpt, phasing: PhasingOpt = 1,
                 alt: AltOpt, inc: IncOpt,
                 launch_lat: float = typer.Option(..., "--launch-lat", help="Centre of the "
                                                  "region, deg."),
                 launch_lon: float = typer.Option(0.0, "--launch-lon", help="Centre of the "
                                                  "region, deg."),
                 launches: int = typer.Option(..., "--launches", min=1, max=10_000,
                                              help="Simultaneous launches K."),
                 spread: float = typer.Option(0.0, "--spread", help="Launch points on a circle "
                                              "of this radius, km (0: one point; <= 5,000)."),
                 dv: DvOpt, accel: AccelOpt, time_available: TimeAvailableOpt,
                 target_alt: TargetAltOpt = DEFAULT_TARGET_ALT_KM, hours: HoursOpt = 24.0,
                 step: StepOpt = 20.0, as_json: JsonOpt = False) -> None:
    """How many of K simultaneous launches from a region can be engaged, over time."""
    from opendome.space.analyses import launch_capacity

    number(spread, "--spread", low=0, high=5000, unit="km")
    c, times, reach = _shell(planes, per_plane, phasing, alt, inc, launch_lat, launch_lon, dv,
                             accel, time_available, target_alt, hours, step, launches)
    out = launch_capacity(c, times, math.radians(launch_lat), math.radians(launch_lon),
                          launches, spread * 1e3, reach, target_alt * 1e3)
    if as_json:
        print_json(out)
        return
    typer.echo(f"{launches} simultaneous launches within {spread:g} km of {launch_lat} N "
               f"{launch_lon} E: engageable min {out['capacity_min']}, mean "
               f"{out['capacity_mean']:.2f}; all {launches} engaged "
               f"{100 * out['fraction_all_engaged']:.1f}% of the time")
