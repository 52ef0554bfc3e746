"""The engagement plan: a scenario compiled into flat arrays for the engine.

Objects (warheads and decoys) are listed in **allocation order**: salvos by launch time (ties by
their order in the file), missiles of a salvo one after the other, and for each missile its
warheads then its decoys. The engine's fixed allocation rule serves objects in this order
(first come, first served).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from opendome.catalog import OBJECT_CLASSES, Catalog
from opendome.core.allocation import Allocation
from opendome.plan.windows import LayerWindow, SalvoKillChain, SpaceView, salvo_geometry
from opendome.scenario import Scenario

CLASS_BOOSTER = OBJECT_CLASSES.index("booster")
CLASS_WARHEAD = OBJECT_CLASSES.index("warhead")
CLASS_DECOY = OBJECT_CLASSES.index("decoy")


@dataclass(frozen=True)
class NoEngagement:
    """A layer that gets no shot at a salvo, and why."""

    layer: str
    salvo: str
    reason: str


@dataclass(frozen=True)
class EngagementPlan:
    """Everything the engine needs, as arrays: L layers, S salvos, M missiles, N objects.

    Attributes
    ----------
    layer_is_boost : (L,) bool -- the layer engages missiles in boost (a kill removes their load)
    inventory : (L,) int -- interceptors the layer can commit to the raid
    shots : (L,) int -- interceptors per engagement (doctrine)
    pk : (L, 3) float -- single-shot kill probability by class (booster, warhead, decoy)
    p_detect, p_discriminate, p_reliable : (L,) float -- tracking, decoy recognition, common mode
    engagements : (L, S) int -- engagements allowed per object of a salvo (doctrine and window)
    inventory_samples : per layer, an empty array (fixed ``inventory``) or equally likely values of
        the layer's inventory in a trial (e.g. interceptors in reach at a random launch time):
        (K,) for one stock, or (P, K) for P independent stocks ("pools") drawn at one index k
    missile_salvo : (M,) int; object_missile : (N,) int; object_is_decoy : (N,) bool
    salvo_wave : (S,) int -- waves: salvos launched at the same time, in time order
    allocation : "manager" (battle manager) or "fixed" (first come, first served)
    """

    scenario_name: str
    layer_names: tuple[str, ...]
    layer_phases: tuple[str, ...]
    layer_interceptors: tuple[str, ...]
    salvo_names: tuple[str, ...]
    layer_is_boost: NDArray[np.bool_]
    inventory: NDArray[np.int64]
    shots: NDArray[np.int64]
    pk: NDArray[np.float64]
    p_detect: NDArray[np.float64]
    p_discriminate: NDArray[np.float64]
    p_reliable: NDArray[np.float64]
    engagements: NDArray[np.int64]
    missile_salvo: NDArray[np.int64]
    object_missile: NDArray[np.int64]
    object_is_decoy: NDArray[np.bool_]
    no_engagement: tuple[NoEngagement, ...] = ()
    inventory_samples: tuple[NDArray[np.int64], ...] = ()
    salvo_wave: NDArray[np.int64] | None = None
    allocation: Allocation = Allocation.MANAGER
    constellation_layers: tuple[int, ...] = ()
    """Layers whose inventory comes from a constellation: ``opendome.engine.prepare_plan``
    fills their ``inventory_samples`` (the plan stage does no orbital geometry)."""
    kill_chains: tuple[SalvoKillChain, ...] = ()
    """Per salvo, when the defense's sensors see it (layers with sites only)."""
    windows: tuple[LayerWindow, ...] = ()
    """Per sited layer and salvo, the engagement window at the best site."""
    satellites: tuple[int, ...] = ()
    """Per layer, the satellites of its constellation (0 without one); set by prepare_plan."""
    salvo_pool: NDArray[np.int64] | None = None
    """(L, S): the pool (row of the layer's ``inventory_samples``) that serves salvo s in layer l;
    None: every salvo in pool 0."""
    p_kill_assessment: NDArray[np.float64] | None = None
    """(L,): probability the look after an engagement reports the target's state correctly
    (shoot-look-shoot); None: 1.0 (perfect kill assessment)."""

    @property
    def waves(self) -> NDArray[np.int64]:
        """Wave of each salvo, (S,): salvos launched at the same time form one wave."""
        if self.salvo_wave is None:
            return np.zeros(len(self.salvo_names), dtype=np.int64)
        return self.salvo_wave

    @property
    def n_layers(self) -> int:
        """Number of layers L."""
        return len(self.layer_names)

    @property
    def n_missiles(self) -> int:
        """Number of missiles M."""
        return int(self.missile_salvo.size)

    @property
    def n_objects(self) -> int:
        """Number of objects N (warheads and decoys)."""
        return int(self.object_missile.size)

    @property
    def n_warheads(self) -> int:
        """Number of warheads in the raid."""
        return int(np.count_nonzero(~self.object_is_decoy))

    @property
    def object_salvo(self) -> NDArray[np.int64]:
        """Salvo index of each object, (N,)."""
        return self.missile_salvo[self.object_missile]


def compile_plan(scenario: Scenario, space_view: SpaceView | None = None, *,
                 catalog: Catalog | None = None) -> EngagementPlan:
    """Compile a validated scenario into an :class:`EngagementPlan`.

    Shot opportunities of a layer with ``sites`` come from geometry
    (:mod:`opendome.plan.windows`); otherwise they are those the scenario states per layer (and
    per missile class). A boost-phase layer gets none against a missile without a rocket boost
    (cruise missiles). ``space_view`` sees for space-tracking sensors (the engine's
    :func:`~opendome.engine.prepare_plan` supplies it). ``catalog``: the base catalog of the
    run (default: the one the scenario was validated against); the scenario's
    ``catalog_overrides`` apply on top.
    """
    catalog = scenario.catalog_with(catalog)
    order = sorted(range(len(scenario.attacker.salvos)),
                   key=lambda i: (scenario.attacker.salvos[i].launch_time, i))
    salvos = [scenario.attacker.salvos[i] for i in order]
    salvo_names = tuple(s.name or f"salvo {i + 1} ({s.missile})" for i, s in zip(order, salvos,
                                                                                    strict=True))
    layers = scenario.defender.layers

    missile_salvo = np.repeat(np.arange(len(salvos), dtype=np.int64), [s.count for s in salvos])
    per_missile = np.array([s.warheads + s.decoys for s in salvos], dtype=np.int64)[missile_salvo]
    object_missile = np.repeat(np.arange(missile_salvo.size, dtype=np.int64), per_missile)
    rank_in_missile = np.arange(object_missile.size) - np.repeat(
        np.cumsum(per_missile) - per_missile, per_missile)
    warheads_of_missile = np.array([s.warheads for s in salvos], dtype=np.int64)[missile_salvo]
    object_is_decoy = rank_in_missile >= warheads_of_missile[object_missile]

    n_layers = len(layers)
    engagements = np.zeros((n_layers, len(salvos)), dtype=np.int64)
    reasons: list[NoEngagement] = []
    chains: list[SalvoKillChain] = []
    windows: dict[tuple[str, int], LayerWindow] = {}
    if any(layer.sites for layer in layers):
        for si, salvo in enumerate(salvos):
            chain, found = salvo_geometry(scenario, salvo, salvo_names[si], space_view,
                                         catalog=catalog)
            chains.append(chain)
            windows.update({(w.layer, si): w for w in found})
    for li, layer in enumerate(layers):
        for si, salvo in enumerate(salvos):
            missile = catalog.missiles[salvo.missile]
            opportunities = layer.opportunities_for(salvo.missile)
            window = windows.get((layer.name, si))
            if window is not None:
                opportunities = window.opportunities
            if layer.phase == "boost" and not missile.has_boost_phase:
                reason = f"a {salvo.missile} missile has no rocket boost phase to engage"
            elif window is not None and opportunities == 0:
                reason = f"{window.reason} (best of {len(layer.sites)} site(s): {window.site})"
            elif opportunities == 0:
                reason = (f"no shot opportunity: the scenario gives this layer 0 opportunities "
                          f"against {salvo.missile}")
            else:
                engagements[li, si] = min(opportunities, layer.doctrine.max_engagements)
                continue
            reasons.append(NoEngagement(layer.name, salvo_names[si], reason))

    launch_times = np.array([s.launch_time for s in salvos])
    salvo_wave = np.unique(launch_times, return_inverse=True)[1].astype(np.int64)
    pk = np.array([[layer.kill_probabilities(catalog)[c] for c in OBJECT_CLASSES]
                   for layer in layers], dtype=np.float64)
    return EngagementPlan(
        scenario_name=scenario.name,
        layer_names=tuple(layer.name for layer in layers),
        layer_phases=tuple(layer.phase for layer in layers),
        layer_interceptors=tuple(layer.interceptor for layer in layers),
        salvo_names=salvo_names,
        layer_is_boost=np.array([layer.phase == "boost" for layer in layers], dtype=np.bool_),
        inventory=np.array([layer.inventory or 0 for layer in layers], dtype=np.int64),
        shots=np.array([layer.doctrine.shots for layer in layers], dtype=np.int64),
        pk=pk,
        p_detect=np.array([layer.detection for layer in layers], dtype=np.float64),
        p_discriminate=np.array([layer.discrimination for layer in layers], dtype=np.float64),
        p_reliable=np.array([layer.reliability for layer in layers], dtype=np.float64),
        p_kill_assessment=np.array([layer.kill_assessment for layer in layers], dtype=np.float64),
        engagements=engagements,
        missile_salvo=missile_salvo,
        object_missile=object_missile,
        object_is_decoy=object_is_decoy,
        no_engagement=tuple(reasons),
        salvo_wave=salvo_wave,
        allocation=scenario.defender.allocation,
        constellation_layers=tuple(i for i, layer in enumerate(layers)
                                   if layer.constellation is not None),
        kill_chains=tuple(chains),
        windows=tuple(windows.values()),
    )
