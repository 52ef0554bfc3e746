"""``opendome trajectory``: fly one catalog missile from a launch point to an aim point."""

from __future__ import annotations

from typing import Any

import typer

from opendome.cli.common import error, print_json, stdout


def _latlon(text: str, option: str) -> tuple[float, float]:
    """Return (LAT, LON) in degrees from ``LAT,LON``, or exit with the one error line."""
    parts = [p.strip() for p in text.split(",")]
    try:
        lat, lon = (float(p) for p in parts)
    except ValueError:
        error(option, "give latitude and longitude in degrees as LAT,LON (e.g. 39.0,125.8), "
              f"got {text!r}")
    if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 360.0):
        error(option, "latitude must be within [-90, 90] and longitude within [-180, 360] "
              f"degrees, got {text!r}")
    return lat, lon


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
    from opendome.plan.flight_report import FlightInputError, flight_report

    catalog = load_catalog()
    entry = catalog.missiles.get(missile)
    if entry is None:
        error("--missile", f"unknown missile {missile!r}; choose one of "
              f"{sorted(catalog.missiles)}")
    if kind is not None and kind not in TRAJECTORY_KINDS:
        error("--type", f"must be one of {list(TRAJECTORY_KINDS)}, got {kind!r}")
    try:
        report = flight_report(entry, _latlon(launch, "--from"), _latlon(aim, "--to"), kind)
    except FlightInputError as exc:
        error(exc.option, exc.problem)
    if as_json:
        print_json(report.to_dict())
    else:
        _print_text(report.to_dict())


def register(app: typer.Typer) -> None:
    """Add the ``trajectory`` command."""
    app.command("trajectory")(trajectory)
