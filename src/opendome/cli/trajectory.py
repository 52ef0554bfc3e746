"""``opendome trajectory``: fly one catalog missile from a launch point to an aim point."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import typer

from opendome.catalog import Missile, load_catalog
from opendome.cli.common import fail, print_json, stdout
from opendome.core.ballistic import TRAJECTORY_KINDS, BallisticTrajectories
from opendome.core.cruise import CruiseTrajectories
from opendome.core.earth import ecef_to_geodetic, ground_range_m
from opendome.core.glide import GlideTrajectories
from opendome.core.trajectory import (
    PHASE_NAMES,
    STATUS_OK,
    Trajectories,
    status_message,
)
from opendome.plan.flights import fly

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


def _point(position_ecef_m: np.ndarray, launch_ecef_m: np.ndarray) -> dict[str, float]:
    lat, lon, alt = ecef_to_geodetic(position_ecef_m)
    return {
        "latitude_deg": round(math.degrees(float(lat)), 5),
        "longitude_deg": round(math.degrees(float(lon)), 5),
        "altitude_m": round(float(alt), 1) + 0.0,
        "downrange_m": round(float(ground_range_m(launch_ecef_m, position_ecef_m)), 1),
    }


def _event(
    name: str, time_s: float, traj: Trajectories, launch_ecef_m: np.ndarray
) -> dict[str, Any]:
    pos = traj.position_ecef_m(np.array([time_s]))[0, 0]
    phase = int(traj.phase(np.array([time_s]))[0, 0])
    t0 = float(traj.launch_time_s[0])
    return {"event": name, "time_s": round(time_s - t0, 2), "phase": PHASE_NAMES[phase],
            **_point(pos, launch_ecef_m)}


def _sampled_apogee(traj: Trajectories) -> tuple[float, float]:
    t = np.arange(float(traj.launch_time_s[0]), float(traj.impact_time_s[0]), _SAMPLE_STEP_S)
    alt = ecef_to_geodetic(traj.position_ecef_m(t)[0])[2]
    k = int(np.nanargmax(alt))
    return float(t[k]), float(alt[k])


def _ground_track_m(traj: Trajectories) -> float:
    t = np.append(
        np.arange(float(traj.launch_time_s[0]), float(traj.impact_time_s[0]), _SAMPLE_STEP_S),
        float(traj.impact_time_s[0]),
    )
    p = traj.position_ecef_m(t)[0]
    return float(np.nansum(ground_range_m(p[:-1], p[1:])))


def _ballistic_report(traj: BallisticTrajectories, fobs: bool) -> dict[str, Any]:
    launch = traj.launch_position_ecef_m[0]
    # a fractional orbit is circular: its highest point over the ellipsoid is found by sampling
    t_apo, h_apo = _sampled_apogee(traj) if fobs else (float(x[0]) for x in traj.apogee())
    t_bo = float(traj.burnout_time_s[0])
    events = [("launch", float(traj.launch_time_s[0])), ("burnout", t_bo)]
    if fobs:
        events.append(("de-orbit burn", float(traj.release_time_s[0])))
    events += [
        ("apogee", t_apo),
        ("atmospheric entry", float(traj.entry_time_s[0])),
        ("impact", float(traj.impact_time_s[0])),
    ]
    events.sort(key=lambda e: e[1])
    return {
        "apogee_m": round(h_apo, 1),
        "burnout": {
            "time_s": round(t_bo - float(traj.launch_time_s[0]), 2),
            "speed_m_per_s": round(float(traj.burnout_speed_m_per_s[0]), 2),
            "inertial_speed_m_per_s": round(float(traj.burnout_inertial_speed_m_per_s[0]), 2),
            "altitude_m": round(float(traj.burnout_altitude_m[0]), 1),
            "flight_path_angle_deg": round(
                math.degrees(float(traj.burnout_flight_path_angle_rad[0])), 3
            ) + 0.0,
        },
        "events": [_event(n, t, traj, launch) for n, t in events],
    }


def _glide_report(traj: GlideTrajectories) -> dict[str, Any]:
    launch = traj.launch_position_ecef_m[0]
    t_apo, h_apo = _sampled_apogee(traj)
    t_bo = float(traj.burnout_time_s[0])
    events = [
        ("launch", float(traj.launch_time_s[0])),
        ("burnout", t_bo),
        ("glide start", float(traj.glide_start_time_s[0])),
        ("dive start", float(traj.glide_end_time_s[0])),
        ("impact", float(traj.impact_time_s[0])),
    ]
    return {
        "apogee_m": round(h_apo, 1),
        "apogee_time_s": round(t_apo - float(traj.launch_time_s[0]), 2),
        "burnout": {
            "time_s": round(t_bo - float(traj.launch_time_s[0]), 2),
            "speed_m_per_s": round(float(traj.burnout_speed_m_per_s[0]), 2),
            "altitude_m": round(float(ecef_to_geodetic(traj.burnout_position_ecef_m[0])[2]), 1),
            "flight_path_angle_deg": 0.0,
        },
        "glide": {
            "start_speed_m_per_s": round(float(traj.glide_start_speed_m_per_s[0]), 2),
            "end_speed_m_per_s": round(float(traj.glide_end_speed_m_per_s[0]), 2),
            "end_altitude_m": round(float(traj.glide_end_altitude_m[0]), 1),
        },
        "events": [_event(n, t, traj, launch) for n, t in events],
    }


def _cruise_report(traj: CruiseTrajectories, launch_ecef: np.ndarray) -> dict[str, Any]:
    return {
        "apogee_m": round(float(traj.altitude_m[0]), 1),
        "burnout": None,
        "cruise": {"speed_m_per_s": float(traj.speed_m_per_s[0]),
                   "altitude_m": float(traj.altitude_m[0])},
        "events": [
            _event("launch", float(traj.launch_time_s[0]), traj, launch_ecef),
            _event("impact", float(traj.impact_time_s[0]), traj, launch_ecef),
        ],
    }


def _fly(missile: Missile, src: tuple[float, float], dst: tuple[float, float],
         kind: str | None) -> tuple[Trajectories, dict[str, Any]]:
    """Fly with the plan stage's mapping of catalog parameters (``opendome.plan.flights``)."""
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
    if isinstance(traj, BallisticTrajectories):
        return traj, _ballistic_report(traj, fobs=profile == "fobs")
    if isinstance(traj, GlideTrajectories):
        return traj, _glide_report(traj)
    assert isinstance(traj, CruiseTrajectories)
    max_range = missile.range_m
    if traj.range_m[0] > max_range:
        fail([f"--to: the aim point is {traj.range_m[0] / 1e3:,.0f} km away, beyond the "
              f"{max_range / 1e3:,.0f} km range of '{missile.key}' (catalog range_m): choose a "
              "closer --to"])
    launch = np.asarray(traj.position_ecef_m(traj.launch_time_s[:, None])[0, 0])
    return traj, _cruise_report(traj, launch)


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
    if code != STATUS_OK:
        fail([f"--to: no {entry.flight_profile} flight of '{entry.key}' to {aim}: "
              f"{status_message(code)}"])
    impact = traj.impact_position_ecef_m[0]
    t0 = float(traj.launch_time_s[0])
    start = traj.position_ecef_m(np.array([t0]))[0, 0]
    out: dict[str, Any] = {
        "missile": entry.key,
        "missile_name": entry.name,
        "flight_profile": entry.flight_profile,
        "trajectory_type": (kind or "min-energy") if entry.flight_profile == "ballistic" else None,
        "flight_time_s": round(float(traj.impact_time_s[0]) - t0, 2),
        "range_m": round(float(ground_range_m(start, impact)), 1),
        "ground_track_m": round(_ground_track_m(traj), 1),
        "apogee_m": report["apogee_m"],
        "burnout_speed_m_per_s": None if report["burnout"] is None
        else report["burnout"]["speed_m_per_s"],
        **{k: v for k, v in report.items() if k not in ("apogee_m",)},
        "impact": _point(impact, start),
        "sources": entry.sources(),
    }
    if as_json:
        print_json(out)
    else:
        _print_text(out)


def register(app: typer.Typer) -> None:
    """Add the ``trajectory`` command."""
    app.command("trajectory")(trajectory)
