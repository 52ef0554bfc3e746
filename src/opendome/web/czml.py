"""CZML of a scenario, written with ``czml3``: what flies where and when, for any Cesium viewer.

The document holds

* a clock over the scenario's span (first launch to last impact, plus a margin);
* each salvo's trajectory (one representative missile: the plan resolves geometry per salvo,
  and the objects a missile releases fly with it) as time-tagged Earth-fixed positions;
* interceptor sites with a circle of the interceptor's maximum ground range, and radar sites
  with their field of view out to the maximum range (drawn on the ground);
* the satellites of every constellation (space-based interceptors, space tracking) as orbits:
  positions over the span, from the same two-body + J2 propagation the engine counts with;
* each layer's engagement window against each salvo as an interval: a marker on the salvo
  that is shown only between the earliest and the latest intercept.

Times are seconds after the raid starts, placed at a display epoch (:data:`EPOCH`); the
Earth-fixed positions do not depend on it. Only :mod:`opendome.api` is used.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from czml3 import (
    Clock,
    Color,
    Document,
    Ellipse,
    Label,
    Material,
    Packet,
    Path,
    Point,
    Polygon,
    Position,
    PositionList,
    SolidColorMaterial,
    TimeInterval,
)
from czml3.enums import ClockRanges, ClockSteps
from czml3.properties import PolylineMaterial
from czml3.types import Cartesian2Value

from opendome import api

EPOCH = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
"""Display epoch of the raid's time zero (notional: a date for the viewer's clock only)."""

TRAJECTORY_STEP_S = 10.0
SATELLITE_STEP_S = 60.0
MARGIN_S = 120.0
"""Sampling of trajectories and orbits, and the margin added after the last impact."""

MAX_SATELLITES = 1000
"""Default cap on satellites drawn per constellation (evenly thinned; ``--max-satellites``)."""

SALVO_COLORS = ([230, 57, 70, 255], [255, 159, 28, 255], [247, 37, 133, 255],
                [255, 214, 10, 255], [244, 162, 97, 255])
LAYER_COLORS = ([67, 170, 139, 255], [39, 125, 161, 255], [87, 117, 144, 255],
                [144, 190, 109, 255], [77, 144, 142, 255])


@dataclass(frozen=True)
class CzmlStats:
    """What a CZML document holds (counts), for the command's report line."""

    salvos: int
    sites: int
    sensors: int
    satellites: int
    windows: int
    span_s: float


def _iso(t_s: float) -> str:
    return (EPOCH + dt.timedelta(seconds=float(t_s))).strftime("%Y-%m-%dT%H:%M:%SZ")


def _interval(t0_s: float, t1_s: float) -> TimeInterval:
    return TimeInterval(start=_iso(t0_s), end=_iso(t1_s))


def _samples(times_s: np.ndarray, xyz: np.ndarray) -> list[float]:
    """Interleave ``[t, x, y, z, ...]`` (CZML's time-tagged cartesian samples)."""
    ok = np.all(np.isfinite(xyz), axis=-1)
    rows = np.column_stack([times_s[ok], xyz[ok]])
    return [round(float(v), 1) for v in rows.ravel()]


def _sampled(epoch_s: float, times_s: np.ndarray, xyz: np.ndarray, degree: int) -> Position:
    """Return time-tagged Earth-fixed positions, Lagrange-interpolated between samples."""
    fields: dict[str, Any] = {"epoch": _iso(epoch_s), "referenceFrame": "FIXED",
                              "interpolationAlgorithm": "LAGRANGE",
                              "interpolationDegree": degree, "cartesian": _samples(times_s, xyz)}
    return Position(**fields)


def _color(rgba: list[int]) -> Color:
    return Color(rgba=rgba)


def _sector(lat_deg: float, lon_deg: float, range_m: float, boresight_rad: float,
            half_width_rad: float) -> list[float]:
    """Return a ground polygon ``[lon, lat, h, ...]`` of a radar's field of view."""
    if half_width_rad >= math.pi - 1e-9:
        az = np.linspace(0.0, 2 * math.pi, 73)
        pts = []
    else:
        az = np.linspace(boresight_rad - half_width_rad, boresight_rad + half_width_rad, 37)
        pts = [lon_deg, lat_deg, 0.0]
    lat, lon = api.great_circle_destination(math.radians(lat_deg), math.radians(lon_deg), az,
                                            min(range_m, 0.45 * math.pi * 6.371e6))
    for la, lo in zip(np.degrees(lat), np.degrees(lon), strict=True):
        pts += [float(round(lo, 4)), float(round(la, 4)), 0.0]
    return pts


def _thin(n: int, keep: int) -> np.ndarray:
    """Return the indices of ``min(n, keep)`` satellites spread evenly over the ``n``."""
    if n <= keep:
        return np.arange(n)
    return np.unique(np.linspace(0, n - 1, keep).round().astype(np.int64))


def scenario_czml(scenario: api.Scenario, *, plan: api.EngagementPlan | None = None,
                  max_satellites: int = MAX_SATELLITES) -> tuple[Document, CzmlStats]:
    """Return the CZML document of a scenario, and counts of what it holds."""
    if plan is None:
        plan = api.build_plan(scenario)
    catalog = scenario.catalog
    salvos = sorted(scenario.attacker.salvos, key=lambda s: s.launch_time)
    packets: list[Packet] = []
    flights = []
    end_s = 0.0
    for salvo in salvos:
        traj = api.fly(catalog.missiles[salvo.missile], (salvo.launch.lat, salvo.launch.lon),
                       (salvo.aim.lat, salvo.aim.lon))
        ok = int(traj.status[0]) == 0
        t = api.time_grid(traj, TRAJECTORY_STEP_S) if ok else np.zeros(0)
        flights.append((salvo, t, traj.position_ecef_m(t)[0] if ok else np.zeros((0, 3))))
        if ok:
            end_s = max(end_s, salvo.launch_time + float(t[-1]))
    span_s = end_s + MARGIN_S
    packets.append(Packet(
        id="document", name=scenario.name, version="1.0",
        clock=Clock(interval=_interval(0.0, span_s), currentTime=_iso(0.0), multiplier=30,
                    range=ClockRanges.LOOP_STOP, step=ClockSteps.SYSTEM_CLOCK_MULTIPLIER)))

    salvo_ids = {}
    for i, (salvo, t, xyz) in enumerate(flights):
        name = plan.salvo_names[i]
        sid = f"salvo/{i}"
        salvo_ids[name] = (sid, salvo.launch_time)
        color = SALVO_COLORS[i % len(SALVO_COLORS)]
        if t.size == 0:
            packets.append(Packet(
                id=sid, name=name,
                description=f"{salvo.missile}: no trajectory to the aim point",
                position=Position(cartographicDegrees=[salvo.launch.lon, salvo.launch.lat, 0.0]),
                point=Point(pixelSize=8, color=_color(color))))
            continue
        packets.append(Packet(
            id=sid, name=name,
            description=(f"{salvo.count} x {salvo.missile}, {salvo.warheads} warhead(s) and "
                         f"{salvo.decoys} decoy(s) each; flight {t[-1]:.0f} s. The objects a "
                         "missile releases fly with it (geometry per salvo)."),
            availability=_interval(salvo.launch_time, salvo.launch_time + float(t[-1])),
            position=_sampled(salvo.launch_time, t, xyz, degree=3),
            point=Point(pixelSize=9, color=_color(color), outlineWidth=1,
                        outlineColor=_color([255, 255, 255, 255])),
            path=Path(width=2, leadTime=0, trailTime=1e6, resolution=TRAJECTORY_STEP_S,
                      material=PolylineMaterial(solidColor=SolidColorMaterial(
                          color=_color(color)))),
            label=Label(text=name, font="12px sans-serif",
                        pixelOffset=Cartesian2Value(values=[12, 0]), fillColor=_color(color))))

    n_sites = 0
    for li, layer in enumerate(scenario.defender.layers):
        if not layer.sites:
            continue
        ic = catalog.interceptors[layer.interceptor]
        ground = getattr(ic, "max_ground_range_m", None)
        color = LAYER_COLORS[li % len(LAYER_COLORS)]
        for k, site in enumerate(layer.sites):
            n_sites += 1
            packets.append(Packet(
                id=f"site/{layer.name}/{k}", name=f"{layer.name} site {k + 1}",
                description=f"{layer.interceptor} ({layer.phase}), inventory {layer.inventory}",
                position=Position(cartographicDegrees=[site.lon, site.lat, 0.0]),
                point=Point(pixelSize=10, color=_color(color)),
                ellipse=None if not ground else Ellipse(
                    semiMajorAxis=ground, semiMinorAxis=ground, fill=True,
                    material=Material(solidColor=SolidColorMaterial(
                        color=_color([*color[:3], 40]))),
                    outline=True, outlineColor=_color(color))))

    n_sensors = 0
    for sensor in scenario.defender.sensors:
        if sensor.type != "radar" or sensor.site is None:
            continue
        n_sensors += 1
        packets.append(Packet(
            id=f"sensor/{sensor.name}", name=sensor.name,
            description=(f"radar, maximum range {sensor.max_range / 1e3:,.0f} km (field of view "
                         "drawn on the ground out to that range)"),
            position=Position(cartographicDegrees=[sensor.site.lon, sensor.site.lat, 0.0]),
            point=Point(pixelSize=7, color=_color([255, 255, 255, 255])),
            polygon=Polygon(
                positions=PositionList(cartographicDegrees=_sector(
                    sensor.site.lat, sensor.site.lon, sensor.max_range, sensor.boresight,
                    sensor.half_width)),
                material=Material(solidColor=SolidColorMaterial(
                    color=_color([120, 160, 255, 35]))),
                outline=True, outlineColor=_color([120, 160, 255, 160]))))

    n_sats = 0
    times = np.arange(0.0, span_s + SATELLITE_STEP_S, SATELLITE_STEP_S)
    groups: list[tuple[str, Any, list[int]]] = []
    for layer in scenario.defender.layers:
        if layer.constellation is not None:
            groups.append((layer.name, layer.constellation, [255, 255, 255, 200]))
    for sensor in scenario.defender.sensors:
        if sensor.type == "space-tracking":
            groups.append((sensor.name, sensor, [120, 200, 255, 220]))
    for name, spec, color in groups:
        sats = api.scenario_constellation(spec)
        n = int(sats.semi_major_axis_m.shape[0])
        keep = _thin(n, max_satellites)
        where = api.propagate(sats, times, frame="ecef")[keep]
        for j, idx in enumerate(keep):
            n_sats += 1
            packets.append(Packet(
                id=f"sat/{name}/{int(idx)}", name=f"{name} satellite {int(idx)}",
                description=f"{name}: satellite {int(idx)} of {n}"
                + ("" if n == keep.size else f" (every {n / keep.size:.1f}th drawn)"),
                availability=_interval(0.0, float(times[-1])),
                position=_sampled(0.0, times, where[j], degree=5),
                point=Point(pixelSize=3, color=_color(color))))

    n_windows = 0
    for w in plan.windows:
        if not w.opportunities or w.earliest_s is None or w.latest_s is None:
            continue
        sid, launch = salvo_ids[w.salvo]
        n_windows += 1
        layer_index = plan.layer_names.index(w.layer)
        color = LAYER_COLORS[layer_index % len(LAYER_COLORS)]
        packets.append(Packet(
            id=f"window/{w.layer}/{sid}", name=f"{w.layer} window against {w.salvo}",
            description=(f"{w.opportunities} shot opportunit"
                         f"{'y' if w.opportunities == 1 else 'ies'}, intercepts "
                         f"{w.earliest_s:.0f}-{w.latest_s:.0f} s after launch, from site "
                         f"{w.site}"),
            availability=_interval(launch + w.earliest_s, launch + w.latest_s),
            position=Position(reference=f"{sid}#position"),
            point=Point(pixelSize=16, color=_color([*color[:3], 120]),
                        outlineColor=_color(color), outlineWidth=2),
            label=Label(text=f"{w.layer} window", font="11px sans-serif",
                        pixelOffset=Cartesian2Value(values=[12, 16]), fillColor=_color(color))))
    doc = Document(packets=packets)
    return doc, CzmlStats(len(flights), n_sites, n_sensors, n_sats, n_windows, span_s)


def czml_text(scenario: api.Scenario, *, plan: api.EngagementPlan | None = None,
              max_satellites: int = MAX_SATELLITES) -> str:
    """Return the CZML of a scenario as compact JSON text."""
    doc, _ = scenario_czml(scenario, plan=plan, max_satellites=max_satellites)
    return doc.dumps()
