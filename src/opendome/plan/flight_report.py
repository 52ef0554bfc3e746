"""One catalog missile flown from a launch point to an aim point, summarized.

``opendome trajectory`` prints this report.

:func:`flight_report` flies the missile with the plan stage's mapping of catalog parameters
(:func:`opendome.plan.flights.fly`) and reads the summary from the trajectory's own methods:
apogee (closed form for ballistic flights, sampled every second otherwise), burnout, the ground
track, the glide or cruise phase and the key events with their positions. A flight that cannot
be flown (beyond range, antipodal, a cruise missile asked past its catalog range) raises
:class:`FlightInputError` naming the input to change; the command line prints it as its one
error line.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from opendome.catalog import Missile
from opendome.core.trajectory import (
    PHASE_NAMES,
    STATUS_BEYOND_RANGE,
    STATUS_OK,
    Trajectories,
    range_status,
    status_message,
)
from opendome.plan.flights import fly

__all__ = ["SAMPLE_STEP_S", "FlightInputError", "FlightReport", "flight_report"]

SAMPLE_STEP_S = 1.0
"""Resolution of the apogee search and ground track for models without a closed form."""


class FlightInputError(ValueError):
    """A flight that cannot be flown: ``option`` is the input to change (``--to``, ``--type``)."""

    def __init__(self, option: str, problem: str) -> None:
        super().__init__(f"{option}: {problem}")
        self.option = option
        self.problem = problem


def _point(lat: float, lon: float, alt: float, down: float) -> dict[str, float]:
    return {"latitude_deg": round(math.degrees(lat), 5),
            "longitude_deg": round(math.degrees(lon), 5),
            "altitude_m": round(alt, 1) + 0.0, "downrange_m": round(down, 1)}


def _event(name: str, time_s: float, traj: Trajectories) -> dict[str, Any]:
    lat, lon, alt, down = (float(x[0]) for x in traj.geodetic_at([time_s]))
    phase = int(traj.phase([time_s])[0, 0])
    return {"event": name, "time_s": round(time_s - float(traj.launch_time_s[0]), 2),
            "phase": PHASE_NAMES[phase], **_point(lat, lon, alt, down)}


@dataclass(frozen=True)
class FlightReport:
    """The summary of one flight: times in seconds from launch, lengths in metres."""

    missile: str
    missile_name: str
    flight_profile: str
    trajectory_type: str | None
    """Ballistic flights: min-energy, lofted or depressed; None for other profiles."""
    flight_time_s: float
    range_m: float
    ground_track_m: float
    apogee_m: float
    burnout: dict[str, float] | None
    """Time, speed, altitude and flight-path angle at burnout (None for cruise missiles)."""
    events: list[dict[str, Any]]
    """Key events in time order, each with its time, phase and position."""
    impact: dict[str, float]
    sources: dict[str, str]
    apogee_time_s: float | None = None
    """Glide vehicles: the apogee is in the boost arc, before the glide."""
    glide: dict[str, float] | None = None
    cruise: dict[str, float] | None = None
    trajectory: Trajectories | None = field(default=None, repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        """Return JSON-ready data (``opendome trajectory --json``)."""
        out: dict[str, Any] = {
            "missile": self.missile, "missile_name": self.missile_name,
            "flight_profile": self.flight_profile, "trajectory_type": self.trajectory_type,
            "flight_time_s": self.flight_time_s, "range_m": self.range_m,
            "ground_track_m": self.ground_track_m, "apogee_m": self.apogee_m,
            "burnout_speed_m_per_s": None if self.burnout is None
            else self.burnout["speed_m_per_s"],
        }
        if self.apogee_time_s is not None:
            out["apogee_time_s"] = self.apogee_time_s
        out["burnout"] = self.burnout
        for name in ("cruise", "glide"):
            if getattr(self, name) is not None:
                out[name] = getattr(self, name)
        out.update(events=self.events, impact=self.impact, sources=self.sources)
        return out


def _summary(traj: Trajectories, profile: str) -> dict[str, Any]:
    """Apogee, burnout, phase details and events of one flight, from the model's methods."""
    t0 = float(traj.launch_time_s[0])
    times = {k: float(v[0]) for k, v in traj.event_times_s().items()}
    release = times.pop("release", math.nan)
    if profile == "fobs" and math.isfinite(release):
        times["de-orbit burn"] = release
    out: dict[str, Any] = {}
    if profile == "cruise":
        out["apogee_m"] = round(float(traj.altitude_m[0]), 1)  # type: ignore[attr-defined]
        out["cruise"] = {"speed_m_per_s": float(traj.speed_m_per_s[0]),  # type: ignore[attr-defined]
                         "altitude_m": float(traj.altitude_m[0])}  # type: ignore[attr-defined]
    else:
        t: Any = traj
        t_apo, h_apo = (float(x[0]) for x in (t.apogee() if profile == "ballistic"
                                              else t.sampled_apogee(SAMPLE_STEP_S)))
        out["apogee_m"] = round(h_apo, 1)
        glide = profile == "glide"
        if glide:
            out["apogee_time_s"] = round(t_apo - t0, 2)
        else:
            times["apogee"] = t_apo
        t_bo = float(t.burnout_time_s[0])
        out["burnout"] = {
            "time_s": round(t_bo - t0, 2),
            "speed_m_per_s": round(float(t.burnout_speed_m_per_s[0]), 2),
            **({} if glide else {"inertial_speed_m_per_s":
                                 round(float(t.burnout_inertial_speed_m_per_s[0]), 2)}),
            "altitude_m": round(float(t.geodetic_at([t_bo])[2][0] if glide
                                      else t.burnout_altitude_m[0]), 1),
            "flight_path_angle_deg": 0.0 if glide else round(
                math.degrees(float(t.burnout_flight_path_angle_rad[0])), 3) + 0.0,
        }
        if glide:
            out["glide"] = {
                "start_speed_m_per_s": round(float(t.glide_start_speed_m_per_s[0]), 2),
                "end_speed_m_per_s": round(float(t.glide_end_speed_m_per_s[0]), 2),
                "end_altitude_m": round(float(t.glide_end_altitude_m[0]), 1),
            }
    order = sorted(times.items(), key=lambda e: e[1]) if profile != "glide" else times.items()
    out["events"] = [_event(n, tm, traj) for n, tm in order]
    return out


def flight_report(missile: Missile, launch_deg: tuple[float, float],
                  aim_deg: tuple[float, float], kind: str | None = None) -> FlightReport:
    """Fly ``missile`` from ``launch_deg`` to ``aim_deg`` (LAT, LON degrees) and summarize it.

    ``kind`` (min-energy, lofted, depressed) applies to ballistic missiles only. Raises
    :class:`FlightInputError` for a flight that cannot be flown.
    """
    profile = missile.flight_profile
    try:
        traj = fly(missile, launch_deg, aim_deg, kind=kind)
    except ValueError:
        raise FlightInputError("--type", f"applies to ballistic missiles only; '{missile.key}' "
                               f"is a {profile} missile (drop --type)") from None
    except KeyError as exc:
        raise FlightInputError("--missile", f"{exc.args[0]}, which a {profile} flight "
                               "needs") from None
    code = int(traj.status[0])
    aim = f"{aim_deg[0]:g},{aim_deg[1]:g}"
    if code != STATUS_OK:
        raise FlightInputError("--to", f"no {profile} flight of '{missile.key}' to {aim}: "
                               f"{status_message(code)}")
    max_range = getattr(missile, "range_m", None)
    if profile == "cruise" and max_range is not None and \
            range_status(traj.range_m, max_range)[0] == STATUS_BEYOND_RANGE:
        raise FlightInputError("--to", f"the aim point is {traj.range_m[0] / 1e3:,.0f} km away, "
                               f"beyond the {max_range / 1e3:,.0f} km range of '{missile.key}' "
                               "(catalog range_m): choose a closer --to")
    summary = _summary(traj, profile)
    t0, t1 = float(traj.launch_time_s[0]), float(traj.impact_time_s[0])
    return FlightReport(
        missile=missile.key, missile_name=missile.name, flight_profile=profile,
        trajectory_type=(kind or "min-energy") if profile == "ballistic" else None,
        flight_time_s=round(t1 - t0, 2), range_m=round(float(traj.range_m[0]), 1),
        ground_track_m=round(float(traj.ground_track_m(SAMPLE_STEP_S)[0]), 1),
        apogee_m=summary["apogee_m"], burnout=summary.get("burnout"), events=summary["events"],
        impact=_point(*(float(x[0]) for x in traj.geodetic_at([t1]))),
        sources=missile.sources(), apogee_time_s=summary.get("apogee_time_s"),
        glide=summary.get("glide"), cruise=summary.get("cruise"), trajectory=traj)
