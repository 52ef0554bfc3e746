"""A space layer's interceptors in reach, from its propagated constellation, for the engine.

The plan stage does no orbital geometry (``plan`` may not import ``space``); this module, in the
engine layer, fills the per-trial inventory of constellation-defined layers:

1. the Walker shells of the scenario are built and propagated (two-body + J2 secular) at
   ``launch_time_samples`` launch times spread evenly over a day;
2. the kill vehicle (catalog: speed change, acceleration) flies for the time left between
   release (detection + decision delays) and burnout of the fastest-burning missile the layer
   faces, which gives its reach ``R``;
3. the satellites within 3-D distance ``R`` of the missile at burnout (burnout altitude above
   the first launch point it faces) are counted at each launch time, after any anti-satellite
   attack (random satellites, or whole planes most exposed to the launch area);
4. each trial of the engine draws one of those counts (a random launch time).

Simplifications, stated: the missile is taken at burnout altitude above its launch point (its
downrange motion during boost is ignored), and every launch of the raid shares the same
interceptors in reach. ``docs/space.md`` has the full boost-phase engagement with a moving
threat.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray

from opendome.catalog import BoostedMissile, Catalog, SpaceInterceptor
from opendome.core.constants import SECONDS_PER_DAY
from opendome.core.sensors import space_sensor_count
from opendome.plan import EngagementPlan, compile_plan
from opendome.scenario import Scenario
from opendome.scenario.models import Constellation as ConstellationSpec
from opendome.scenario.models import Sensor
from opendome.space.attrition import exposure_per_satellite, plane_attrition, random_attrition
from opendome.space.coverage import count_in_reach
from opendome.space.frames import sphere_point_m
from opendome.space.propagation import propagate
from opendome.space.reach import kill_vehicle_reach_m
from opendome.space.walker import Constellation, ShellSpec, build

ATTACK_SEED = 0
"""Seed of the random choice of satellites destroyed by a 'random' attack (part of the scenario,
not of the Monte Carlo: the same scenario always loses the same satellites)."""


@dataclass(frozen=True)
class SpaceLayerGeometry:
    """What the geometry gives one space layer."""

    satellites: int
    surviving: int
    reach_m: float
    time_available_s: float
    in_reach: NDArray[np.int64]
    """(K,) interceptors in reach at K launch times evenly spread over a day."""

    @property
    def absentee_ratio(self) -> float:
        """Satellites in orbit per satellite in reach (before attack), inf if none in reach."""
        mean = float(self.in_reach.mean()) if self.in_reach.size else 0.0
        return self.satellites / mean if mean > 0 else float("inf")


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


def layer_geometry(scenario: Scenario, layer_index: int,
                   catalog: Catalog | None = None) -> SpaceLayerGeometry:
    """Return the interceptors in reach of a constellation layer over a day of launch times.

    ``catalog``: the base catalog of the run (default: the scenario's); overrides apply.
    """
    layer = scenario.defender.layers[layer_index]
    spec = layer.constellation
    if spec is None:
        raise ValueError(f"layer '{layer.name}' has no constellation")
    catalog = scenario.catalog_with(catalog)
    kv = catalog.interceptors[layer.interceptor]
    if not isinstance(kv, SpaceInterceptor):
        raise ValueError(f"layer '{layer.name}': a constellation needs a space-based "
                         f"interceptor, not '{kv.key}'")
    boost = {k: m for k, m in catalog.missiles.items() if isinstance(m, BoostedMissile)}
    boosted = [s for s in sorted(scenario.attacker.salvos, key=lambda s: s.launch_time)
               if s.missile in boost and layer.opportunities_for(s.missile) > 0]
    if not boosted:
        n = spec.satellites
        return SpaceLayerGeometry(n, n, 0.0, 0.0, np.zeros(spec.launch_time_samples, np.int64))
    args = (min(boost[s.missile].burn_time_s for s in boosted),
            boost[boosted[0].missile].burnout_altitude_m,
            boosted[0].launch.lat, boosted[0].launch.lon,
            kv.delta_v_m_per_s, kv.acceleration_m_per_s2)
    key = (spec.model_dump_json(), *args)
    if key not in _CACHE:
        if len(_CACHE) >= 64:
            _CACHE.clear()
        _CACHE[key] = _geometry(spec, *args)
    return _CACHE[key]


_CACHE: dict[tuple[object, ...], SpaceLayerGeometry] = {}
"""Geometry by (constellation, launch) inputs: force sweeps scale the raid, not the orbits."""


def _geometry(spec: ConstellationSpec, burn_s: float, burnout_alt_m: float, lat_deg: float,
              lon_deg: float, delta_v_m_per_s: float, accel_m_per_s2: float) -> SpaceLayerGeometry:
    """Geometry of one constellation against one launch."""
    sats = build_constellation(spec)
    times = np.arange(spec.launch_time_samples) * (SECONDS_PER_DAY / spec.launch_time_samples)
    available_s = burn_s - spec.detection_delay - spec.decision_delay
    reach = float(kill_vehicle_reach_m(available_s, delta_v_m_per_s, accel_m_per_s2))
    lat, lon = np.radians(lat_deg), np.radians(lon_deg)
    alive = None
    if spec.attack is not None and spec.attack.destroyed > 0:
        if spec.attack.target == "random":
            alive = random_attrition(sats.n_satellites, spec.attack.destroyed,
                                     np.random.default_rng(ATTACK_SEED))
        else:
            site = sphere_point_m(lat, lon, burnout_alt_m)
            exposure = exposure_per_satellite(sats, times, site, reach)
            alive = plane_attrition(sats, spec.attack.destroyed, exposure)
    counts = np.asarray(count_in_reach(sats, times, lat, lon, reach,
                                       target_altitude_m=burnout_alt_m, alive=alive),
                        dtype=np.int64)
    counts.setflags(write=False)
    surviving = sats.n_satellites if alive is None else int(alive.sum())
    return SpaceLayerGeometry(sats.n_satellites, surviving, reach, available_s, counts)


def prepare_plan(scenario: Scenario, catalog: Catalog | None = None) -> EngagementPlan:
    """Compile the scenario and fill the inventories of constellation layers from geometry.

    Space-tracking sensors see from their propagated orbits (:func:`space_sensor_view`).
    ``catalog``: the base catalog of the run (default: the one the scenario was validated
    against); the scenario's ``catalog_overrides`` apply on top.
    """
    plan = compile_plan(scenario, space_view=space_sensor_view, catalog=catalog)
    if not plan.constellation_layers:
        return plan
    samples = list(plan.inventory_samples or tuple(np.zeros(0, np.int64)
                                                   for _ in plan.layer_names))
    inventory = plan.inventory.copy()
    satellites = [0] * plan.n_layers
    for i in plan.constellation_layers:
        geometry = layer_geometry(scenario, i, catalog)
        samples[i] = geometry.in_reach
        inventory[i] = int(geometry.in_reach.max(initial=0))
        satellites[i] = geometry.satellites
    return replace(plan, inventory_samples=tuple(samples), inventory=inventory,
                   satellites=tuple(satellites))
