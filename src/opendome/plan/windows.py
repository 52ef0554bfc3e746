"""Shot opportunities from geometry: trajectories, sensors, the kill chain and fly-out.

For every salvo and aim point one flight is computed (the warheads a missile's bus releases to
different aim points fly their own trajectories; decoys fly with their warhead), and the kill
chain and windows of all of a salvo's flights are computed at once. The defender's sensors give
the kill chain's times (:func:`opendome.core.sensors.kill_chain_events`): space-based infrared early
warning of the boost, radar coverage with range and the 4/3-Earth radar horizon, a
fire-control track after unbroken coverage, discrimination after a dwell or on re-entry. For
every layer with interceptor sites, :func:`opendome.core.windows.engagement_window` gives each
site's window and shoot-look-shoot opportunities; the layer takes its best site. A layer with
none gets the reason of the site that came closest (the furthest check it passed), judged on
the part of the flight after the layer could first launch.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from opendome.catalog import Catalog, SurfaceInterceptor
from opendome.core.ballistic import BallisticTrajectories
from opendome.core.earth import ecef_to_geodetic, geodetic_to_ecef
from opendome.core.sensors import (
    delay_mask,
    infrared_detection_time_s,
    kill_chain_events,
    look_detection_probability,
    median_detection_time_s,
    radar_coverage,
)
from opendome.core.trajectory import (
    STATUS_OK,
    Trajectories,
    TrajectoryBatch,
    status_message,
    time_grid,
)
from opendome.core.windows import (
    REASON_NO_TRAJECTORY,
    REASON_TOO_LATE,
    REASON_WRONG_PHASE,
    engagement_window,
    phase_mask,
    reason_message,
)
from opendome.plan.flights import fly, fly_to_aims
from opendome.scenario import Salvo, Scenario

if TYPE_CHECKING:
    from opendome.plan.reach import SpaceGeometry

STEP_S = 2.0
"""Time resolution of trajectories, sensor coverage and windows, seconds."""


@dataclass(frozen=True)
class SalvoKillChain:
    """When the defense sees a salvo, seconds after its launch (None: never)."""

    salvo: str
    trajectory: str
    flight_time_s: float | None
    detection_s: float | None
    fire_control_track_s: float | None
    discrimination_s: float | None
    first_seen_s: dict[str, float | None]
    """Per sensor, when it first sees (radar) or reports (infrared) the missile."""


@dataclass(frozen=True)
class LayerWindow:
    """One layer's engagement window against one salvo, at its best site."""

    layer: str
    salvo: str
    site: str
    opportunities: int
    earliest_s: float | None
    latest_s: float | None
    reason: str


def _opt(x: float) -> float | None:
    return None if not np.isfinite(x) else float(x)


def salvo_geometry(scenario: Scenario, salvo: Salvo, names: list[str],
                   aims: list[tuple[float, float]], geometry: SpaceGeometry, *,
                   catalog: Catalog) -> tuple[list[SalvoKillChain], list[list[LayerWindow]]]:
    """Return, per aim point of a salvo, the kill chain and every sited layer's window.

    One flight per aim point (:func:`opendome.plan.flights.fly_to_aims`: the warheads of a
    ballistic missile's bus released to their own aim points); kill chains and windows are
    computed for all of them at once. ``geometry`` sees for space-tracking sensors
    (:class:`opendome.plan.reach.SpaceGeometry`); ``catalog``: the run's catalog
    (``scenario.catalog``, overrides applied).
    """
    traj = fly_to_aims(catalog.missiles[salvo.missile], (salvo.launch.lat, salvo.launch.lon),
                       aims)
    if len(aims) > 1 and not isinstance(traj, BallisticTrajectories):  # one flight each
        chains, windows = [], []
        for name, aim in zip(names, aims, strict=True):
            c, w = _geometry(scenario, catalog, fly(catalog.missiles[salvo.missile],
                                                    (salvo.launch.lat, salvo.launch.lon), aim),
                             [name], geometry)
            chains += c
            windows += w
        return chains, windows
    return _geometry(scenario, catalog, traj, names, geometry)


def _geometry(scenario: Scenario, catalog: Catalog, traj: Trajectories, names: list[str],
              geometry: SpaceGeometry) -> tuple[list[SalvoKillChain], list[list[LayerWindow]]]:
    """Kill chains and windows of ``n`` flights (one per name), vectorized over them."""
    defender = scenario.defender
    sited = [layer for layer in defender.layers if layer.sites]
    ok = traj.status == STATUS_OK
    chains: list[SalvoKillChain | None] = [None] * len(names)
    windows: list[list[LayerWindow]] = [[] for _ in names]
    for i in np.flatnonzero(~ok):
        status = status_message(int(traj.status[i]))
        why = f"{reason_message(REASON_NO_TRAJECTORY)}: {status}"
        chains[i] = SalvoKillChain(names[i], status, None, None, None, None,
                                   {s.name: None for s in defender.sensors})
        windows[i] = [LayerWindow(layer.name, names[i], "-", 0, None, None, why)
                      for layer in sited]
    if not ok.any():
        return [c for c in chains if c is not None], windows
    good = np.flatnonzero(ok)
    assert isinstance(traj, TrajectoryBatch)
    traj = traj.select(good)
    t = time_grid(traj, STEP_S)
    pos = traj.position_ecef_m(t)
    phase = traj.phase(t)
    alt = ecef_to_geodetic(pos)[2]
    n = len(good)
    detect = np.zeros(phase.shape, bool)
    fire_control = np.zeros(phase.shape, bool)
    discriminate = np.zeros(phase.shape, bool)
    warning = np.full(n, np.nan)
    first_seen: dict[str, np.ndarray] = {}
    for sensor in defender.sensors:
        if sensor.type == "infrared":
            seen = infrared_detection_time_s(t, phase, alt, sensor.reporting_delay,
                                             sensor.plume_altitude)
            warning = np.fmin(warning, seen)
            first_seen[sensor.name] = seen
            continue
        if sensor.type == "space-tracking":
            counts = geometry.sensor_view(sensor, t, pos)
            visible = counts >= 1
            tracked = counts >= sensor.min_satellites
            look = np.full(visible.shape, sensor.detection_probability)
        else:
            assert sensor.site is not None
            radar = geodetic_to_ecef(math.radians(sensor.site.lat),
                                     math.radians(sensor.site.lon), sensor.height)
            visible = radar_coverage(radar, pos, sensor.max_range, sensor.boresight,
                                     sensor.half_width)
            tracked = visible
            look = look_detection_probability(np.linalg.norm(pos - radar, axis=-1),
                                              sensor.detection_probability,
                                              sensor.half_detection_range)
        # Non-idealities, median-time treatment: the sensor has detected an object once its
        # looks (one per sample, a fraction 'dropout' lost) more likely than not found it; it
        # keeps a track where a look succeeds more often than not; reports come 'latency' late.
        look = np.where(visible, look * (1.0 - sensor.dropout), 0.0)
        detected = median_detection_time_s(t, look)
        found = visible & (t >= np.where(np.isnan(detected), np.inf, detected)[:, None])
        first_seen[sensor.name] = detected + sensor.latency
        detect |= delay_mask(t, found, sensor.latency)
        if sensor.fire_control:
            fire_control |= delay_mask(t, tracked & (look >= 0.5), sensor.latency)
        if sensor.discriminates:
            discriminate |= delay_mask(t, visible & (look >= 0.5), sensor.latency)
    kc = defender.kill_chain
    events = kill_chain_events(t, detect, fire_control, discriminate, phase,
                               track_formation_s=kc.track_formation,
                               discrimination_dwell_s=kc.discrimination_dwell,
                               latency_s=kc.latency, early_warning_s=warning)
    for j, i in enumerate(good):
        chains[i] = SalvoKillChain(
            names[i], "ok", float(traj.impact_time_s[j]), _opt(float(events.detection_s[j])),
            _opt(float(events.fire_control_track_s[j])), _opt(float(events.discrimination_s[j])),
            {name: _opt(float(v[j])) for name, v in first_seen.items()})
    track = events.fire_control_track_s
    for layer in sited:
        ic = catalog.interceptors[layer.interceptor]
        if not isinstance(ic, SurfaceInterceptor):
            raise ValueError(f"layer '{layer.name}': sites need a ground- or sea-based "
                             f"interceptor, not '{ic.key}'")
        # Only samples after the layer's first possible launch count: the reason reported is
        # what blocks an engagement once the layer could act (counts are unchanged, since an
        # intercept needs a launch after the track anyway).
        first_launch = track + layer.timeline.decision
        in_phase = phase_mask(phase, layer.phase)
        after = np.where(np.isfinite(first_launch)[:, None], t >= first_launch[:, None], True)
        sites = geodetic_to_ecef(np.radians([p.lat for p in layer.sites]),
                                 np.radians([p.lon for p in layer.sites]), 0.0)
        w = engagement_window(
            t, pos[None], sites[:, None, :],
            interceptor_burnout_speed_m_per_s=ic.burnout_speed_m_per_s,
            interceptor_acceleration_m_per_s2=ic.acceleration_m_per_s2,
            min_intercept_altitude_m=ic.min_intercept_altitude_m,
            max_intercept_altitude_m=ic.max_intercept_altitude_m,
            max_ground_range_m=ic.max_ground_range_m,
            track_time_s=track,
            decision_time_s=layer.timeline.decision,
            assessment_time_s=layer.timeline.assessment,
            engageable=in_phase & after,
            trajectory_altitudes_m=alt,
            max_opportunities=layer.doctrine.max_engagements,
        )  # (sites, objects)
        reason = w.reason.copy()
        # In an engageable phase only before the layer could first launch: tracked too late.
        ever_in_phase = np.asarray(in_phase.any(axis=-1), dtype=bool)
        reason[(reason == REASON_WRONG_PHASE) & ever_in_phase[None, :]] = REASON_TOO_LATE
        for j, i in enumerate(good):
            best = int(np.argmax(w.opportunities[:, j]))
            if w.opportunities[best, j] == 0:
                best = int(np.argmax(reason[:, j]))
            site = layer.sites[best]
            if w.opportunities[best, j]:
                why = "engageable"
            elif reason[best, j] == REASON_TOO_LATE:
                why = _too_late(float(track[j]), layer.timeline.decision, t[in_phase[j]])
            else:
                why = reason_message(int(reason[best, j]))
            windows[i].append(LayerWindow(
                layer.name, names[i], f"{site.lat:.2f},{site.lon:.2f}",
                int(w.opportunities[best, j]), _opt(float(w.earliest_intercept_s[best, j])),
                _opt(float(w.latest_intercept_s[best, j])), why))
    return [c for c in chains if c is not None], windows


def _too_late(track_s: float, decision_s: float, in_phase_s: np.ndarray) -> str:
    """Return the 'tracked too late' reason with its times (seconds after launch)."""
    phases = (f"the object is in this layer's phases from {in_phase_s.min():.0f} s to "
              f"{in_phase_s.max():.0f} s" if in_phase_s.size else "")
    return (f"{reason_message(REASON_TOO_LATE)} (fire-control track at {track_s:.0f} s, first "
            f"launch at {track_s + decision_s:.0f} s after a {decision_s:.0f} s decision; "
            f"{phases})")
