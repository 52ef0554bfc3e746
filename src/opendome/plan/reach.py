"""What the plan stage asks of orbital geometry, and the salvo order every stage shares.

The plan stage propagates no orbits (``plan`` may not import ``space``): the engine layer passes
a :class:`SpaceGeometry` provider to :func:`opendome.plan.compile_plan`
(:data:`opendome.engine.space_layer.SPACE_GEOMETRY`; :func:`opendome.engine.build_plan` does it
for you). The provider answers two questions:

* which of a space-tracking sensor's satellites see objects along their flights, and
* how many space-based interceptors of a constellation layer are in reach of each salvo, at
  ``K`` launch times spread over a day (:class:`LayerReach`).

Interceptors in reach are counted per salvo, from its own launch point, burnout altitude, burn
time and launch time. Salvos whose reach spheres can hold the same satellites draw on one
**pool** (an independent stock per trial, counted as the union of the satellites in reach of
any salvo of the group); far-apart salvos get pools of their own. All pools of a layer are
indexed by the same launch-time index ``k``, drawn once per trial.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np
from numpy.typing import NDArray

from opendome.catalog import Catalog
from opendome.scenario import Salvo, Scenario
from opendome.scenario.models import Sensor


def salvo_order(scenario: Scenario) -> list[int]:
    """Return the scenario's salvo indices in plan order.

    Salvos are ordered by launch time, then by what they are (missile, launch point, aim point,
    load, count, name): never by their place in the file, so that listing the same salvos in
    another order gives the same plan and the same results.
    """
    salvos = scenario.attacker.salvos

    def key(i: int) -> tuple[object, ...]:
        s = salvos[i]
        return (s.launch_time, s.missile, s.launch.lat, s.launch.lon, s.aim.lat, s.aim.lon,
                s.warheads, s.decoys, s.count, s.name or "")

    return sorted(range(len(salvos)), key=key)


@dataclass(frozen=True)
class SalvoReach:
    """One salvo's space-based interceptors in reach, over the layer's launch times."""

    reach_m: float
    """Kill-vehicle reach in the time between release and the salvo's burnout (0: no time)."""
    time_available_s: float
    """Burn time minus the constellation's detection and decision delays."""
    in_reach: NDArray[np.int64]
    """(K,) surviving interceptors within ``reach_m`` of the salvo at burnout, at each launch
    time."""
    pool: int
    """Index of the pool the salvo draws on; -1 when no interceptor is ever in reach."""
    reason: str
    """Why the layer cannot engage the salvo ('' when it can)."""


@dataclass(frozen=True)
class LayerReach:
    """A constellation layer's interceptors in reach of a raid: per salvo and per pool."""

    satellites: int
    """Satellites in orbit (before any attack)."""
    surviving: int
    """Satellites left after the scenario's anti-satellite attack."""
    salvos: tuple[SalvoReach, ...]
    """Per salvo, in plan order (:func:`salvo_order`)."""
    pools: NDArray[np.int64]
    """(P, K) interceptors in reach of each pool at each launch time (P may be 0)."""

    @property
    def reach_m(self) -> float:
        """The longest kill-vehicle reach against any salvo of the raid (0: none faced)."""
        return max((s.reach_m for s in self.salvos), default=0.0)

    @property
    def in_reach(self) -> NDArray[np.int64]:
        """(K,) interceptors in reach of some salvo of the raid: the pools' counts added."""
        k = self.pools.shape[1] if self.pools.ndim == 2 else 0
        return np.asarray(self.pools.sum(axis=0), dtype=np.int64).reshape(k)

    @property
    def absentee_ratio(self) -> float:
        """Satellites in orbit per satellite in reach of the raid (inf if none ever is)."""
        mean = float(self.in_reach.mean()) if self.in_reach.size else 0.0
        return self.satellites / mean if mean > 0 else float("inf")


class SpaceGeometry(Protocol):
    """Orbital geometry the plan stage needs, supplied by the engine layer."""

    def sensor_view(self, sensor: Sensor, times_s: NDArray[np.float64],
                    positions_ecef_m: NDArray[np.float64]) -> NDArray[np.int64]:
        """Return the satellites of a space-tracking sensor that see each object ``(n, m)``.

        ``times_s`` ``(m,)`` count from the salvo's launch; objects at ``positions_ecef_m``
        ``(n, m, 3)``.
        """

    def layer_reach(self, scenario: Scenario, layer_index: int, salvos: Sequence[Salvo],
                    catalog: Catalog) -> LayerReach:
        """Return the interceptors of a constellation layer in reach of each of ``salvos``.

        ``catalog``: the run's catalog, the scenario's overrides applied.
        """
