"""``opendome trajectory``: fly one catalog missile from a launch point to an aim point."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import typer

from opendome.cli.common import fail, print_json, stdout

if TYPE_CHECKING:
    from opendome.catalog import Missile
    from opendome.core.trajectory import Trajectories

_SAMPLE_STEP_S = 1.0  # resolution of the apogee search for models without a closed form


def _latlon(text: str, option: str) -> tuple[float, float]:
    parts = [p.strip() for p in text.split(",")]
    try:
        lat, lon = (float(p) for p in parts)
    except ValueError:
        fail([f"{option}: give latitude and longitude in degrees as LAT,LON "
              f"(e.g. 39.0,125.8), got {text!r}"])
    if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 360.0):
        fail([f"{option}: latitude must be within [-90, 90] and longitude within [-180, 360] "
              f"degrees, got {text!r}"])
    return math.radians(lat), math.radians(lon)


def _event(name: str, time_s: float, traj: Any) -> dict[str, Any]:
    lat, lon, alt, down = (float(x[0]) for x in traj.geodetic_at([time_s]))
    from opendome.core.trajectory import PHASE_NAMES

    phase = int(traj.phase([time_s])[0, 0])
    return {"event": name, "time_s": round(time_s - float(traj.launch_time_s[0]), 2),
            "phase": PHASE_NAMES[phase], **_point(lat, lon, alt, down)}


def _point(lat: float, lon: float, alt: float, down: float) -> dict[str, float]:
    return {"latitude_deg": round(math.degrees(lat), 5),
            "longitude_deg": round(math.degrees(lon), 5),
            "altitude_m": round(alt, 1) + 0.0, "downrange_m": round(down, 1)}


def _report(traj: Any, profile: str) -> dict[str, Any]:
    """Apogee, burnout and events of one flight, from the model's summary methods."""
    t0 = float(traj.launch_time_s[0])
    times = {k: float(v[0]) for k, v in traj.event_times_s().items()}
    release = times.pop("release", math.nan)
    if profile == "fobs" and math.isfinite(release):
        times["de-orbit burn"] = release
    out: dict[str, Any] = {}
    if profile == "cruise":
        out["apogee_m"] = round(float(traj.altitude_m[0]), 1)
        out["burnout"] = None
        out["cruise"] = {"speed_m_per_s": float(traj.speed_m_per_s[0]),
                         "altitude_m": float(traj.altitude_m[0])}
    else:
        closed_form = profile == "ballistic"
        t_apo, h_apo = (float(x[0]) for x in (traj.apogee() if closed_form
                                              else traj.sampled_apogee(_SAMPLE_STEP_S)))
        out["apogee_m"] = round(h_apo, 1)
        if profile == "glide":
            out["apogee_time_s"] = round(t_apo - t0, 2)
        else:
            times["apogee"] = t_apo
        t_bo = float(traj.burnout_time_s[0])
        glide = profile == "glide"
        out["burnout"] = {
            "time_s": round(t_bo - t0, 2),
            "speed_m_per_s": round(float(traj.burnout_speed_m_per_s[0]), 2),
            **({} if glide else {"inertial_speed_m_per_s":
                                 round(float(traj.burnout_inertial_speed_m_per_s[0]), 2)}),
            "altitude_m": round(float(traj.geodetic_at([t_bo])[2][0] if glide
                                      else traj.burnout_altitude_m[0]), 1),
            "flight_path_angle_deg": 0.0 if glide else round(
                math.degrees(float(traj.burnout_flight_path_angle_rad[0])), 3) + 0.0,
        }
        if glide:
            out["glide"] = {
                "start_speed_m_per_s": round(float(traj.glide_start_speed_m_per_s[0]), 2),
                "end_speed_m_per_s": round(float(traj.glide_end_speed_m_per_s[0]), 2),
                "end_altitude_m": round(float(traj.glide_end_altitude_m[0]), 1),
            }
    order = sorted(times.items(), key=lambda e: e[1]) if profile != "glide" else times.items()
    out["events"] = [_event(n, t, traj) for n, t in order]
    return out


def _fly(missile: Missile, src: tuple[float, float], dst: tuple[float, float],
         kind: str | None) -> tuple[Trajectories, dict[str, Any]]:
    """Fly with the plan stage's mapping of catalog parameters (``opendome.plan.flights``)."""
    from opendome.core.trajectory import STATUS_BEYOND_RANGE, STATUS_OK, range_status
    from opendome.plan.flights import fly

    profile = missile.flight_profile
    try:
        traj = fly(missile, (math.degrees(src[0]), math.degrees(src[1])),
                   (math.degrees(dst[0]), math.degrees(dst[1])), kind=kind)
    except ValueError:
        fail([f"--type: applies to ballistic missiles only; '{missile.key}' is a {profile} "
              "missile (drop --type)"])
    except KeyError as exc:
        fail([f"--missile: {exc.args[0]}, which a {profile} flight needs"])
    if traj.status[0] != STATUS_OK:
        return traj, {}
    max_range = getattr(missile, "range_m", None)
    if profile == "cruise" and max_range is not None and \
            range_status(traj.range_m, max_range)[0] == STATUS_BEYOND_RANGE:
        fail([f"--to: the aim point is {traj.range_m[0] / 1e3:,.0f} km away, beyond the "
              f"{max_range / 1e3:,.0f} km range of '{missile.key}' (catalog range_m): choose a "
              "closer --to"])
    return traj, _report(traj, profile)


def _print_text(out: dict[str, Any]) -> None:
    stdout.print(f"{out['missile_name']} ({out['missile']}), {out['flight_profile']} flight"
                 + (f", {out['trajectory_type']}" if out["trajectory_type"] else ""))
    stdout.print(f"  range            {out['range_m'] / 1e3:10,.1f} km (ground track "
                 f"{out['ground_track_m'] / 1e3:,.1f} km)")
    stdout.print(f"  flight time      {out['flight_time_s'] / 60:10.2f} min "
                 f"({out['flight_time_s']:,.1f} s)")
    stdout.print(f"  apogee           {out['apogee_m'] / 1e3:10,.1f} km")
    bo = out.get("burnout")
    if bo:
        stdout.print(f"  burnout          {bo['time_s']:10.1f} s, {bo['speed_m_per_s'] / 1e3:.3f} "
                     f"km/s at {bo['altitude_m'] / 1e3:.1f} km, flight-path angle "
                     f"{bo['flight_path_angle_deg']:.2f} deg")
    stdout.print("  events:")
    for e in out["events"]:
        stdout.print(f"    {e['time_s']:9.1f} s  {e['event']:<20} {e['altitude_m'] / 1e3:9.1f} km"
                     f"  {e['latitude_deg']:9.3f} {e['longitude_deg']:9.3f}  "
                     f"{e['downrange_m'] / 1e3:9.1f} km downrange  ({e['phase']})")


def trajectory(
    missile: str = typer.Option(..., "--missile", help="Missile class from the catalog."),
    launch: str = typer.Option(..., "--from", help="Launch point LAT,LON in degrees."),
    aim: str = typer.Option(..., "--to", help="Aim point LAT,LON in degrees."),
    kind: str | None = typer.Option(
        None, "--type",
        help="Ballistic trajectory type: min-energy (default), lofted or depressed (both at the "
        "missile's full burnout speed).",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print JSON only."),
) -> None:
    """Fly a catalog missile from --from to --to: flight time, apogee, burnout, key events."""
    from opendome.catalog import load_catalog
    from opendome.core.ballistic import TRAJECTORY_KINDS

    catalog = load_catalog()
    entry = catalog.missiles.get(missile)
    if entry is None:
        fail([f"--missile: unknown missile {missile!r}; choose one of "
              f"{sorted(catalog.missiles)}"])
    if kind is not None and kind not in TRAJECTORY_KINDS:
        fail([f"--type: must be one of {list(TRAJECTORY_KINDS)}, got {kind!r}"])
    src = _latlon(launch, "--from")
    dst = _latlon(aim, "--to")
    traj, report = _fly(entry, src, dst, kind)
    code = int(traj.status[0])
    if code != 0:  # opendome.core.trajectory.STATUS_OK
        from opendome.core.trajectory import status_message

        fail([f"--to: no {entry.flight_profile} flight of '{entry.key}' to {aim}: "
              f"{status_message(code)}"])
    t0 = float(traj.launch_time_s[0])
    t1 = float(traj.impact_time_s[0])
    out: dict[str, Any] = {
        "missile": entry.key,
        "missile_name": entry.name,
        "flight_profile": entry.flight_profile,
        "trajectory_type": (kind or "min-energy") if entry.flight_profile == "ballistic" else None,
        "flight_time_s": round(t1 - t0, 2),
        "range_m": round(float(traj.range_m[0]), 1),
        "ground_track_m": round(float(traj.ground_track_m(_SAMPLE_STEP_S)[0]), 1),
        "apogee_m": report["apogee_m"],
        "burnout_speed_m_per_s": None if report["burnout"] is None
        else report["burnout"]["speed_m_per_s"],
        **{k: v for k, v in report.items() if k not in ("apogee_m",)},
        "impact": _point(*(float(x[0]) for x in traj.geodetic_at([t1]))),
        "sources": entry.sources(),
    }
    if as_json:
        print_json(out)
    else:
        _print_text(out)


def register(app: typer.Typer) -> None:
    """Add the ``trajectory`` command."""
    app.command("trajectory")(trajectory)
