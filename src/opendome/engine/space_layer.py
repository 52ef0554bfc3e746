"""Orbital geometry for the plan stage, and :func:`build_plan`, the one way to a runnable plan.

The geometry: space-based interceptors in reach of each salvo, and what space-tracking sensors
see.

The plan stage does no orbital geometry (``plan`` may not import ``space``); this module, in the
engine layer, is its :class:`~opendome.plan.reach.SpaceGeometry` provider
(:data:`SPACE_GEOMETRY`). For a constellation layer:

1. the Walker shells of the scenario are built and propagated (two-body + J2 secular) at
   ``launch_time_samples`` raid start times spread evenly over the whole pattern
   (:func:`opendome.space.coverage.pattern_launch_times_s`: one full turn of every shell's
   nodes relative to the Earth, about a day in low orbit), so the counts follow the long-run
   distribution over launch times, not that of a window;
2. for each salvo the layer engages (a rocket boost, opportunities > 0), the kill vehicle
   (catalog: speed change, acceleration) flies for the time left between release (detection +
   decision delays) and the salvo's own burnout, which gives its reach ``R``;
3. the satellites within 3-D distance ``R`` of the salvo's missiles at burnout (the missile's
   burnout altitude above the salvo's launch point), at the salvo's launch time after the raid
   start, are counted at each start time, after any anti-satellite attack (random satellites,
   or whole planes most exposed to the launch areas during the first revolution after the
   attack, :func:`attack_window_s`);
4. salvos share a **pool** when their reach spheres at burnout overlap (the distance between
   their burnout points is at most the sum of their reaches), and by chains of such overlaps;
   a pool's stock at each start time is the union of the satellites in reach of any of its
   salvos. Salvos that no satellite ever reaches are not engaged (and say why);
5. each trial of the engine draws one start time, the same for every pool of the layer.

Simplifications, stated: the missile is taken at burnout altitude above its launch point (its
downrange motion during boost is ignored); within a pool every interceptor counts against every
salvo of the pool, although a satellite in reach of one launch area of the group need not be in
reach of another (this overstates a pool whose salvos' reaches only partly overlap; salvos from
one launch area share their satellites exactly). ``docs/space.md`` has the full boost-phase
engagement with a moving threat.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray

from opendome.catalog import BoostedMissile, Catalog, SpaceInterceptor
from opendome.core.earth import SPHERE
from opendome.core.sensors import space_sensor_count
from opendome.plan import EngagementPlan, compile_plan
from opendome.plan.reach import LayerReach, SalvoReach, salvo_order
from opendome.scenario import Salvo, Scenario
from opendome.scenario.models import Constellation as ConstellationSpec
from opendome.scenario.models import Sensor
from opendome.space.attrition import exposure_per_satellite, plane_attrition, random_attrition
from opendome.space.coverage import count_in_reach, pattern_launch_times_s
from opendome.space.propagation import iter_chunks, orbital_period_s, propagate
from opendome.space.reach import kill_vehicle_reach_m
from opendome.space.walker import Constellation, ShellSpec, build

SpaceLayerGeometry = LayerReach
"""A constellation layer's interceptors in reach, per salvo and per pool."""

ATTACK_SEED = 0
"""Seed of the random choice of satellites destroyed by a 'random' attack (part of the scenario,
not of the Monte Carlo: the same scenario always loses the same satellites)."""


def build_constellation(spec: ConstellationSpec | Sensor) -> Constellation:
    """Build the Walker shells of a scenario's constellation (interceptors or sensors)."""
    return build([ShellSpec(s.altitude, s.inclination, s.planes, s.per_plane, s.phasing)
                  for s in spec.shells])


def space_sensor_view(sensor: Sensor, times_s: NDArray[np.float64],
                      positions_ecef_m: NDArray[np.float64]) -> NDArray[np.int64]:
    """Return how many of a space-tracking sensor's satellites see each object ``(n, m)``.

    The satellites are propagated (two-body + J2 secular) to the objects' times, counted from
    the salvo's launch (epoch with the Earth rotation angle 0); a satellite sees an object
    within the sensor's range when the line of sight clears the Earth plus the grazing
    altitude (:func:`opendome.core.sensors.space_sensor_count`).
    """
    sats = build_constellation(sensor)
    where = propagate(sats, times_s, frame="ecef")
    return space_sensor_count(where, positions_ecef_m, sensor.max_range, sensor.grazing_altitude)


class _Launch(NamedTuple):
    """What the reach of a salvo depends on."""

    burn_s: float
    burnout_altitude_m: float
    lat_deg: float
    lon_deg: float
    start_s: float
    """Launch time after the raid starts."""


def layer_geometry(scenario: Scenario, layer_index: int,
                   salvos: Sequence[Salvo] | None = None,
                   catalog: Catalog | None = None) -> LayerReach:
    """Return a constellation layer's interceptors in reach of each salvo over the whole pattern.

    ``salvos`` defaults to the scenario's salvos in plan order
    (:func:`opendome.plan.reach.salvo_order`); the result lists them in the order given.
    ``catalog``: the base catalog of the run (default: the scenario's); overrides apply.
    """
    layer = scenario.defender.layers[layer_index]
    spec = layer.constellation
    if spec is None:
        raise ValueError(f"layer '{layer.name}' has no constellation")
    if salvos is None:
        salvos = [scenario.attacker.salvos[i] for i in salvo_order(scenario)]
    catalog = scenario.catalog_with(catalog)
    kv = catalog.interceptors[layer.interceptor]
    if not isinstance(kv, SpaceInterceptor):
        raise ValueError(f"layer '{layer.name}': a constellation needs a space-based "
                         f"interceptor, not '{kv.key}'")
    launches: list[_Launch | None] = []
    for s in salvos:
        missile = catalog.missiles[s.missile]
        if not isinstance(missile, BoostedMissile) or layer.opportunities_for(s.missile) == 0:
            launches.append(None)  # the plan gives its own reason
            continue
        launches.append(_Launch(missile.burn_time_s, missile.burnout_altitude_m, s.launch.lat,
                                s.launch.lon, s.launch_time))
    kill_vehicle = (kv.delta_v_m_per_s, kv.acceleration_m_per_s2)
    key = (spec.model_dump_json(), kill_vehicle, tuple(launches))
    if key not in _CACHE:
        if len(_CACHE) >= 64:
            _CACHE.clear()
        _CACHE[key] = _geometry(spec, launches, *kill_vehicle)
    return _CACHE[key]


_CACHE: dict[tuple[object, ...], LayerReach] = {}
"""Geometry by (constellation, launches) inputs: force sweeps scale the raid, not the orbits."""


def _geometry(spec: ConstellationSpec, launches: list[_Launch | None], delta_v_m_per_s: float,
              accel_m_per_s2: float) -> LayerReach:
    """Geometry of one constellation against the salvos' launches (None: not faced)."""
    sats = build_constellation(spec)
    times = pattern_launch_times_s(sats, spec.launch_time_samples)
    delays_s = spec.detection_delay + spec.decision_delay
    faced = {i: x for i, x in enumerate(launches) if x is not None}
    available = {i: x.burn_s - delays_s for i, x in faced.items()}
    reach = {i: float(kill_vehicle_reach_m(available[i], delta_v_m_per_s, accel_m_per_s2))
             if available[i] > 0 else 0.0 for i in faced}
    point = {i: SPHERE.point_m(np.radians(x.lat_deg), np.radians(x.lon_deg),
                              x.burnout_altitude_m) for i, x in faced.items()}
    alive = _attack(spec, sats, [(point[i], reach[i]) for i in faced if reach[i] > 0])
    counts: dict[int, NDArray[np.int64]] = {}
    for i, x in faced.items():
        counts[i] = np.zeros(times.size, np.int64)
        if reach[i] > 0:
            counts[i] = np.asarray(count_in_reach(
                sats, times + x.start_s, np.radians(x.lat_deg), np.radians(x.lon_deg),
                reach[i], target_altitude_m=x.burnout_altitude_m, alive=alive), dtype=np.int64)
    groups = _overlapping([i for i in faced if counts[i].any()], point, reach)
    pools = np.zeros((len(groups), times.size), np.int64)
    pool_of: dict[int, int] = {}
    for p, group in enumerate(groups):
        pool_of.update({i: p for i in group})
        pools[p] = counts[group[0]] if len(group) == 1 else _union_count(
            sats, times, alive, [(point[i], reach[i], faced[i].start_s) for i in group])
    n = sats.n_satellites
    out = []
    for i in range(len(launches)):
        if i not in faced:
            out.append(SalvoReach(0.0, 0.0, np.zeros(times.size, np.int64), -1, ""))
            continue
        why = "" if i in pool_of else _why_never(faced[i], available[i], reach[i], spec, n)
        counts[i].setflags(write=False)
        out.append(SalvoReach(reach[i], available[i], counts[i], pool_of.get(i, -1), why))
    pools.setflags(write=False)
    surviving = n if alive is None else int(alive.sum())
    return LayerReach(n, surviving, tuple(out), pools)


def _why_never(launch: _Launch, available_s: float, reach_m: float, spec: ConstellationSpec,
               n_satellites: int) -> str:
    burn_s, lat, lon = launch.burn_s, launch.lat_deg, launch.lon_deg
    if reach_m <= 0:
        return (f"no time for a kill vehicle: the {burn_s:.0f} s boost ends before the "
                f"constellation's {spec.detection_delay:.0f} s detection and "
                f"{spec.decision_delay:.0f} s decision delays are over ({available_s:.0f} s "
                "left)")
    return (f"no space-based interceptor in reach of the launch at {lat:.2f}, {lon:.2f} at any "
            f"of {spec.launch_time_samples} launch times over the whole pattern ({n_satellites:,} "
            f"satellites, kill-vehicle reach {reach_m / 1e3:,.0f} km)")


ATTACK_WINDOW_STEP_S = 20.0
"""Time step of the attack window's exposure count (a carrier stays in reach about 100 s)."""


def attack_window_s(sats: Constellation) -> NDArray[np.float64]:
    """Return the times over which a 'planes' attack ranks the planes: one revolution.

    The attacker destroys the planes that pass over its launch areas in the orbital period
    (of the lowest shell) after the attack, at :data:`ATTACK_WINDOW_STEP_S` steps. Over a whole
    turn of the nodes every plane of a Walker shell is equally exposed, so the ranking needs a
    window of its own: this one empties the planes that would engage a launch soon after the
    attack, and the hole comes back each time those planes pass over the launch area again.
    """
    period_s = float(orbital_period_s(np.min(sats.semi_major_axis_m)))
    return np.arange(0.0, period_s, ATTACK_WINDOW_STEP_S)


def _attack(spec: ConstellationSpec, sats: Constellation,
            targets: list[tuple[NDArray[np.float64], float]]) -> NDArray[np.bool_] | None:
    """Survivors of the scenario's anti-satellite attack (None: no attack)."""
    if spec.attack is None or spec.attack.destroyed == 0:
        return None
    if spec.attack.target == "random":
        return random_attrition(sats.n_satellites, spec.attack.destroyed,
                                np.random.default_rng(ATTACK_SEED))
    times = attack_window_s(sats)
    exposure = np.zeros(sats.n_satellites, np.int64)
    for site, reach_m in sorted(targets, key=lambda x: (tuple(x[0]), x[1])):
        exposure += exposure_per_satellite(sats, times, site, reach_m)
    return plane_attrition(sats, spec.attack.destroyed, exposure)


def _overlapping(salvos: list[int], point: dict[int, NDArray[np.float64]],
                 reach: dict[int, float]) -> list[list[int]]:
    """Group salvos whose reach spheres overlap, directly or by a chain (union-find)."""
    parent = {i: i for i in salvos}

    def root(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for a_i, a in enumerate(salvos):
        for b in salvos[a_i + 1:]:
            if np.linalg.norm(point[a] - point[b]) <= reach[a] + reach[b]:
                parent[root(b)] = root(a)
    groups: dict[int, list[int]] = {}
    for i in salvos:
        groups.setdefault(root(i), []).append(i)
    return sorted(groups.values())


def _union_count(sats: Constellation, times: NDArray[np.float64],
                 alive: NDArray[np.bool_] | None,
                 members: list[tuple[NDArray[np.float64], float, float]]) -> NDArray[np.int64]:
    """Satellites within reach of any of ``(burnout point, reach, launch time)`` at each time."""
    if alive is not None:
        sats = sats.subset(alive)
    inside = np.zeros((sats.n_satellites, times.size), np.bool_)
    for site, reach_m, start_s in members:
        for sl, pos in iter_chunks(sats, times + start_s, chunk=32, frame="ecef"):
            inside[:, sl] |= np.sum((pos - site) ** 2, axis=-1) <= reach_m**2
    return np.asarray(inside.sum(axis=0), dtype=np.int64)


class _EngineGeometry:
    """The engine's orbital geometry for the plan stage (propagated Walker constellations)."""

    def sensor_view(self, sensor: Sensor, times_s: NDArray[np.float64],
                    positions_ecef_m: NDArray[np.float64]) -> NDArray[np.int64]:
        return space_sensor_view(sensor, times_s, positions_ecef_m)

    def layer_reach(self, scenario: Scenario, layer_index: int, salvos: Sequence[Salvo],
                    catalog: Catalog) -> LayerReach:
        return layer_geometry(scenario, layer_index, salvos, catalog)


SPACE_GEOMETRY = _EngineGeometry()
"""The provider of orbital geometry that :func:`build_plan` passes to the plan stage."""


def build_plan(scenario: Scenario, catalog: Catalog | None = None) -> EngagementPlan:
    """Compile a scenario into a runnable engagement plan: the one entry point.

    Constellation layers get their interceptors in reach of each salvo from their propagated
    orbits, space-tracking sensors see from theirs (:data:`SPACE_GEOMETRY`). ``catalog``: the
    base catalog of the run (default: the one the scenario was validated against); the
    scenario's ``catalog_overrides`` apply on top.
    """
    return compile_plan(scenario, SPACE_GEOMETRY, catalog=catalog)


prepare_plan = build_plan
"""Former name of :func:`build_plan`, kept for callers not yet moved."""
