"""The engagement plan: a scenario compiled into flat arrays for the engine.

Objects (warheads and decoys) are listed in **allocation order**: salvos by launch time (ties by
what the salvos are, never by their order in the file: :func:`opendome.plan.reach.salvo_order`),
missiles of a salvo one after the other, and for each missile its warheads then its decoys. The
engine's fixed allocation rule serves objects in this order (first come, first served).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from opendome.catalog import OBJECT_CLASSES, Catalog
from opendome.core.allocation import Allocation
from opendome.plan.reach import LayerReach, SpaceGeometry, salvo_order
from opendome.plan.windows import LayerWindow, SalvoKillChain, salvo_geometry
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

    The salvo axis S lists salvos, and a salvo whose warheads go to several aim points once per
    aim point ("salvo -> lat,lon"): each entry has its own flight, kill chain and windows, so
    ``engagements[:, object_salvo]`` is per object.

    Optional fields are normalized once, when the plan is built (``__post_init__``): every
    per-layer tuple has L entries and every array its full shape, whatever the caller passed.

    Attributes
    ----------
    layer_is_boost : (L,) bool -- the layer engages missiles in boost (a kill removes their load)
    inventory : (L,) int -- interceptors the layer can commit to the raid (for a layer with
        samples, the most it ever has)
    shots : (L,) int -- interceptors per engagement (doctrine)
    pk : (L, 3) float -- single-shot kill probability by class (booster, warhead, decoy)
    p_detect, p_discriminate, p_reliable : (L,) float -- tracking, decoy recognition, common mode
    engagements : (L, S) int -- engagements allowed per object of a salvo (doctrine and window)
    inventory_samples : per layer, an empty array (fixed ``inventory``), a ``(K,)`` array of
        equally likely values of the layer's inventory in a trial (e.g. interceptors in reach at
        a random launch time), or ``(P, K)``: P pools, independent stocks of the same layer, all
        indexed by the same launch-time index k drawn once per trial
    salvo_pool : (L, S) int -- the pool of its layer each salvo draws on (0 for layers of one
        stock; meaningless where ``engagements`` is 0)
    missile_salvo : (M,) int -- the salvo entry of each missile (of its first warhead: boost
        engagements are the same for every aim point of a salvo)
    object_missile : (N,) int; object_is_decoy : (N,) bool
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
    salvo_pool: NDArray[np.int64] | None = None
    salvo_wave: NDArray[np.int64] | None = None
    allocation: Allocation = Allocation.MANAGER
    constellation_layers: tuple[int, ...] = ()
    """Layers whose inventory comes from a constellation (interceptors in reach)."""
    kill_chains: tuple[SalvoKillChain, ...] = ()
    """Per salvo, when the defense's sensors see it (layers with sites only)."""
    windows: tuple[LayerWindow, ...] = ()
    """Per sited layer and salvo, the engagement window at the best site."""
    satellites: tuple[int, ...] = ()
    """Per layer, the satellites of its constellation (0 without one)."""
    reach: tuple[LayerReach | None, ...] = ()
    """Per layer, its constellation's interceptors in reach of each salvo (None without one)."""
    p_kill_assessment: NDArray[np.float64] | None = None
    """(L,): probability the look after an engagement reports the target's state correctly
    (shoot-look-shoot); None: 1.0 (perfect kill assessment)."""
    object_group: NDArray[np.int64] | None = None
    """(N,) the salvo axis entry of each object where it differs from its missile's (several aim
    points per salvo); None: its missile's. Read it through :attr:`object_salvo`."""

    def __post_init__(self) -> None:
        n_layers, n_salvos = len(self.layer_names), len(self.salvo_names)
        shape = (n_layers, n_salvos)
        pool = None if self.salvo_pool is None else np.asarray(self.salvo_pool, dtype=np.int64)
        fixed = {
            # A plan derived with dataclasses.replace() and other layers or salvos keeps no
            # stale per-layer geometry: fixed inventories, one stock per layer, no
            # constellation details.
            "inventory_samples": tuple(self.inventory_samples)
            if len(self.inventory_samples) == n_layers
            else tuple(np.zeros(0, np.int64) for _ in range(n_layers)),
            "salvo_pool": pool if pool is not None and pool.shape == shape
            else np.zeros(shape, np.int64),
            "salvo_wave": np.zeros(n_salvos, np.int64)
            if self.salvo_wave is None or len(self.salvo_wave) != n_salvos
            else np.asarray(self.salvo_wave, dtype=np.int64),
            "satellites": tuple(self.satellites) if len(self.satellites) == n_layers
            else (0,) * n_layers,
            "reach": tuple(self.reach) if len(self.reach) == n_layers else (None,) * n_layers,
            "p_kill_assessment": np.ones(n_layers) if self.p_kill_assessment is None
            or len(self.p_kill_assessment) != n_layers
            else np.asarray(self.p_kill_assessment, dtype=np.float64),
            # kept only where it differs from the missiles' (several aim points), so that a
            # plan derived with other missiles gets its own
            "object_group": None if self.object_group is None
            or len(self.object_group) != len(self.object_missile)
            or np.array_equal(self.object_group, self.missile_salvo[self.object_missile])
            else np.asarray(self.object_group, dtype=np.int64),
        }
        for name, value in fixed.items():
            object.__setattr__(self, name, value)

    @property
    def waves(self) -> NDArray[np.int64]:
        """Wave of each salvo, (S,): salvos launched at the same time form one wave."""
        assert self.salvo_wave is not None  # normalized in __post_init__
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
        """Salvo (aim group) index of each object, (N,)."""
        if self.object_group is None:
            return self.missile_salvo[self.object_missile]
        return self.object_group


def first_missile_of(missile_salvo: NDArray[np.int64]) -> NDArray[np.int64]:
    """Return, per missile, the index of the first missile of its salvo (salvos contiguous)."""
    starts = np.flatnonzero(np.r_[True, missile_salvo[1:] != missile_salvo[:-1]])
    return np.asarray(np.repeat(starts, np.diff(np.r_[starts, missile_salvo.size])),
                      dtype=np.int64)


def compile_plan(scenario: Scenario, geometry: SpaceGeometry, *,
                 catalog: Catalog | None = None) -> EngagementPlan:
    """Compile a validated scenario into a runnable :class:`EngagementPlan`.

    ``geometry`` supplies the orbital geometry (``plan`` propagates no orbits): use
    :func:`opendome.engine.build_plan`, which passes the engine's provider. Shot opportunities of
    a layer with ``sites`` come from geometry (:mod:`opendome.plan.windows`); a constellation
    layer's from the interceptors in reach of each salvo (:mod:`opendome.plan.reach`);
    otherwise they are those the scenario states per layer (and per missile class). A
    boost-phase layer gets none against a missile without a rocket boost (cruise missiles).
    ``catalog``: the base catalog of the run (default: the one the scenario was validated
    against); the scenario's ``catalog_overrides`` apply on top.
    """
    catalog = scenario.catalog_with(catalog)
    order = salvo_order(scenario)
    salvos = [scenario.attacker.salvos[i] for i in order]
    salvo_names = [scenario.attacker.salvos[i].name or
                   f"salvo {i + 1} ({scenario.attacker.salvos[i].missile})" for i in order]
    layers = scenario.defender.layers
    # Aim groups: one per (salvo, aim point), the plan's S axis. A salvo with one aim point is
    # one group under its own name.
    group_salvo: list[int] = []
    group_names: list[str] = []
    first_group: list[int] = []
    for si, salvo in enumerate(salvos):
        first_group.append(len(group_salvo))
        for aim in salvo.aim_points:
            group_salvo.append(si)
            group_names.append(salvo_names[si] if not salvo.aims
                               else f"{salvo_names[si]} -> {aim.lat:.2f},{aim.lon:.2f}")

    missile_parent = np.repeat(np.arange(len(salvos), dtype=np.int64), [s.count for s in salvos])
    warheads = np.array([s.warheads for s in salvos], dtype=np.int64)[missile_parent]
    n_aims = np.array([len(s.aim_points) for s in salvos], dtype=np.int64)[missile_parent]
    first = np.array(first_group, dtype=np.int64)[missile_parent]
    per_missile = np.array([s.warheads + s.decoys for s in salvos], dtype=np.int64)[missile_parent]
    object_missile = np.repeat(np.arange(missile_parent.size, dtype=np.int64), per_missile)
    rank_in_missile = np.arange(object_missile.size) - np.repeat(
        np.cumsum(per_missile) - per_missile, per_missile)
    object_is_decoy = rank_in_missile >= warheads[object_missile]
    # warhead w of the i-th missile of a salvo goes to aim point (i W + w) mod A; a decoy
    # flies with warhead (its rank - W) mod W of its missile
    missile_rank = np.arange(missile_parent.size) - first_missile_of(missile_parent)
    w_of_object = np.where(object_is_decoy,
                           (rank_in_missile - warheads[object_missile]) % warheads[object_missile],
                           rank_in_missile)
    object_group = first[object_missile] + (
        missile_rank[object_missile] * warheads[object_missile] + w_of_object
    ) % n_aims[object_missile]
    missile_group = first + (missile_rank * warheads) % n_aims

    n_layers, n_groups = len(layers), len(group_salvo)
    engagements = np.zeros((n_layers, n_groups), dtype=np.int64)
    salvo_pool = np.zeros((n_layers, n_groups), dtype=np.int64)
    reasons: list[NoEngagement] = []
    chains: list[SalvoKillChain] = []
    windows: dict[tuple[str, int], LayerWindow] = {}
    if any(layer.sites for layer in layers):
        for si, salvo in enumerate(salvos):
            ids = [g for g in range(n_groups) if group_salvo[g] == si]
            found_chains, found = salvo_geometry(
                scenario, salvo, [group_names[g] for g in ids],
                [(p.lat, p.lon) for p in salvo.aim_points], geometry, catalog=catalog)
            chains += found_chains
            for g, ws in zip(ids, found, strict=True):
                windows.update({(w.layer, g): w for w in ws})
    reach: list[LayerReach | None] = [
        None if layer.constellation is None
        else geometry.layer_reach(scenario, li, salvos, catalog)
        for li, layer in enumerate(layers)]
    inventory = np.array([layer.inventory or 0 for layer in layers], dtype=np.int64)
    samples = [np.zeros(0, np.int64) for _ in layers]
    for li, layer in enumerate(layers):
        lr = reach[li]
        if lr is not None:
            k = lr.salvos[0].in_reach.size if lr.salvos else 1
            pools = lr.pools if lr.pools.shape[0] else np.zeros((1, k), np.int64)
            samples[li] = pools[0] if pools.shape[0] == 1 else pools
            inventory[li] = int(lr.in_reach.max(initial=0))
        for g, si in enumerate(group_salvo):
            salvo = salvos[si]
            missile = catalog.missiles[salvo.missile]
            opportunities = layer.opportunities_for(salvo.missile)
            window = windows.get((layer.name, g))
            if window is not None:
                opportunities = window.opportunities
            if layer.phase == "boost" and not missile.has_boost_phase:
                reason = f"a {salvo.missile} missile has no rocket boost phase to engage"
            elif window is not None and opportunities == 0:
                reason = f"{window.reason} (best of {len(layer.sites)} site(s): {window.site})"
            elif opportunities == 0:
                reason = (f"no shot opportunity: the scenario gives this layer 0 opportunities "
                          f"against {salvo.missile}")
            elif lr is not None and lr.salvos[si].pool < 0:
                reason = lr.salvos[si].reason
            else:
                engagements[li, g] = min(opportunities, layer.doctrine.max_engagements)
                salvo_pool[li, g] = lr.salvos[si].pool if lr is not None else 0
                continue
            reasons.append(NoEngagement(layer.name, group_names[g], reason))

    launch_times = np.array([salvos[si].launch_time for si in group_salvo])
    salvo_wave = np.unique(launch_times, return_inverse=True)[1].astype(np.int64)
    pk = np.array([[layer.kill_probabilities(catalog)[c] for c in OBJECT_CLASSES]
                   for layer in layers], dtype=np.float64)
    return EngagementPlan(
        scenario_name=scenario.name,
        layer_names=tuple(layer.name for layer in layers),
        layer_phases=tuple(layer.phase for layer in layers),
        layer_interceptors=tuple(layer.interceptor for layer in layers),
        salvo_names=tuple(group_names),
        layer_is_boost=np.array([layer.phase == "boost" for layer in layers], dtype=np.bool_),
        inventory=inventory,
        shots=np.array([layer.doctrine.shots for layer in layers], dtype=np.int64),
        pk=pk,
        p_detect=np.array([layer.detection for layer in layers], dtype=np.float64),
        p_discriminate=np.array([layer.discrimination for layer in layers], dtype=np.float64),
        p_reliable=np.array([layer.reliability for layer in layers], dtype=np.float64),
        p_kill_assessment=np.array([layer.kill_assessment for layer in layers], dtype=np.float64),
        engagements=engagements,
        missile_salvo=missile_group,
        object_missile=object_missile,
        object_is_decoy=object_is_decoy,
        object_group=object_group,
        no_engagement=tuple(reasons),
        inventory_samples=tuple(samples),
        salvo_pool=salvo_pool,
        salvo_wave=salvo_wave,
        allocation=scenario.defender.allocation,
        constellation_layers=tuple(i for i, layer in enumerate(layers)
                                   if layer.constellation is not None),
        kill_chains=tuple(chains),
        windows=tuple(windows.values()),
        satellites=tuple(0 if r is None else r.satellites for r in reach),
        reach=tuple(reach),
    )
