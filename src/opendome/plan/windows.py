"""Shot opportunities from geometry: trajectories, sensors, the kill chain and fly-out.

For every salvo one representative missile is flown (all missiles of a salvo share launch and
aim points; the objects a missile releases fly with it). The defender's sensors give the kill
chain's times (:func:`opendome.core.sensors.kill_chain_events`): space-based infrared early
warning of the boost, radar coverage with range and the 4/3-Earth radar horizon, a
fire-control track after unbroken coverage, discrimination after a dwell or on re-entry. For
every layer with interceptor sites, :func:`opendome.core.windows.engagement_window` gives each
site's window and shoot-look-shoot opportunities; the layer takes its best site. A layer with
none gets the reason of the site that came closest (the furthest check it passed), judged on
the part of the flight after the layer could first launch.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from opendome.catalog import Catalog, SurfaceInterceptor
from opendome.core.earth import ecef_to_geodetic, geodetic_to_ecef
from opendome.core.sensors import (
    first_visible_time_s,
    infrared_detection_time_s,
    kill_chain_events,
    radar_coverage,
)
from opendome.core.trajectory import STATUS_OK, status_message, time_grid
from opendome.core.windows import (
    REASON_NO_TRAJECTORY,
    engagement_window,
    phase_mask,
    reason_message,
)
from opendome.plan.flights import fly
from opendome.scenario import Salvo, Scenario
from opendome.scenario.models import Sensor

STEP_S = 2.0
"""Time resolution of trajectories, sensor coverage and windows, seconds."""

SpaceView = Callable[[Sensor, np.ndarray, np.ndarray], np.ndarray]
"""``(sensor, times (m,), positions (n, m, 3)) -> satellites seeing each object (n, m)``, for
space-tracking sensors; supplied by the engine layer (``plan`` propagates no orbits)."""


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


def salvo_geometry(scenario: Scenario, salvo: Salvo, name: str,
                   space_view: SpaceView | None = None, *,
                   catalog: Catalog) -> tuple[SalvoKillChain, list[LayerWindow]]:
    """Return the kill chain and every sited layer's window against one salvo.

    ``catalog``: the run's catalog (``scenario.catalog``, overrides applied). Raises ValueError
    if the scenario has space-tracking sensors and no ``space_view``.
    """
    defender = scenario.defender
    sited = [layer for layer in defender.layers if layer.sites]
    traj = fly(catalog.missiles[salvo.missile], (salvo.launch.lat, salvo.launch.lon),
               (salvo.aim.lat, salvo.aim.lon))
    if traj.status[0] != STATUS_OK:
        why = f"{reason_message(REASON_NO_TRAJECTORY)}: {status_message(int(traj.status[0]))}"
        chain = SalvoKillChain(name, status_message(int(traj.status[0])), None, None, None, None,
                               {s.name: None for s in defender.sensors})
        return chain, [LayerWindow(layer.name, name, "-", 0, None, None, why) for layer in sited]
    t = time_grid(traj, STEP_S)
    pos = traj.position_ecef_m(t)
    phase = traj.phase(t)
    alt = ecef_to_geodetic(pos)[2]
    detect = np.zeros(phase.shape, bool)
    fire_control = np.zeros(phase.shape, bool)
    discriminate = np.zeros(phase.shape, bool)
    warning = np.full(1, np.nan)
    first_seen: dict[str, float | None] = {}
    for sensor in defender.sensors:
        if sensor.type == "infrared":
            seen = infrared_detection_time_s(t, phase, alt, sensor.reporting_delay,
                                             sensor.plume_altitude)
            warning = np.fmin(warning, seen)
            first_seen[sensor.name] = _opt(float(seen[0]))
            continue
        if sensor.type == "space-tracking":
            if space_view is None:
                raise ValueError(f"sensor '{sensor.name}' is a space-tracking constellation: "
                                 "build the plan with opendome.engine.prepare_plan")
            counts = space_view(sensor, t, pos)
            visible = counts >= 1
            tracked = counts >= sensor.min_satellites
        else:
            assert sensor.site is not None
            radar = geodetic_to_ecef(math.radians(sensor.site.lat),
                                     math.radians(sensor.site.lon), sensor.height)
            visible = radar_coverage(radar, pos, sensor.max_range, sensor.boresight,
                                     sensor.half_width)
            tracked = visible
        first_seen[sensor.name] = _opt(float(first_visible_time_s(t, visible)[0]))
        detect |= visible
        if sensor.fire_control:
            fire_control |= tracked
        if sensor.discriminates:
            discriminate |= visible
    kc = defender.kill_chain
    events = kill_chain_events(t, detect, fire_control, discriminate, phase,
                               track_formation_s=kc.track_formation,
                               discrimination_dwell_s=kc.discrimination_dwell,
                               latency_s=kc.latency, early_warning_s=warning)
    chain = SalvoKillChain(name, "ok", float(traj.impact_time_s[0]),
                           _opt(float(events.detection_s[0])),
                           _opt(float(events.fire_control_track_s[0])),
                           _opt(float(events.discrimination_s[0])), first_seen)
    windows = []
    for layer in sited:
        ic = catalog.interceptors[layer.interceptor]
        if not isinstance(ic, SurfaceInterceptor):
            raise ValueError(f"layer '{layer.name}': sites need a ground- or sea-based "
                             f"interceptor, not '{ic.key}'")
        # Only samples after the layer's first possible launch count: the reason reported is
        # what blocks an engagement once the layer could act (counts are unchanged, since an
        # intercept needs a launch after the track anyway).
        first_launch = events.fire_control_track_s[0] + layer.timeline.decision
        sites = geodetic_to_ecef(np.radians([p.lat for p in layer.sites]),
                                 np.radians([p.lon for p in layer.sites]), 0.0)
        w = engagement_window(
            t, pos, sites,
            interceptor_burnout_speed_m_per_s=ic.burnout_speed_m_per_s,
            interceptor_acceleration_m_per_s2=ic.acceleration_m_per_s2,
            min_intercept_altitude_m=ic.min_intercept_altitude_m,
            max_intercept_altitude_m=ic.max_intercept_altitude_m,
            max_ground_range_m=ic.max_ground_range_m,
            track_time_s=events.fire_control_track_s,
            decision_time_s=layer.timeline.decision,
            assessment_time_s=layer.timeline.assessment,
            engageable=phase_mask(phase, layer.phase) & (t >= first_launch),
            trajectory_altitudes_m=alt,
            max_opportunities=layer.doctrine.max_engagements,
        )
        best = int(np.argmax(w.opportunities))
        if w.opportunities[best] == 0:
            best = int(np.argmax(w.reason))
        site = layer.sites[best]
        windows.append(LayerWindow(
            layer.name, name, f"{site.lat:.2f},{site.lon:.2f}", int(w.opportunities[best]),
            _opt(float(w.earliest_intercept_s[best])), _opt(float(w.latest_intercept_s[best])),
            "engageable" if w.opportunities[best] else reason_message(int(w.reason[best]))))
    return chain, windows
