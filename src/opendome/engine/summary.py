"""Summaries of a Monte Carlo run: the figures a user reads, with their sampling uncertainty.

A :class:`Summary` is frozen and typed; ``.to_dict()`` gives the JSON of ``summary.json`` and
``opendome run --json``. It is built by a :class:`SummaryAccumulator`, which takes the trials in
blocks and keeps only integer counts (histograms of leakers and of interceptors used by layer,
sums of inventories and kills, exhaustion counts). Every figure is a function of those counts,
so a run summarized block by block, in any block sizes, gives exactly the summary of the same
trials held in memory at once, and the memory it needs does not grow with the trials.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from opendome import __version__
from opendome.engine.analytic import plan_closed_form
from opendome.engine.montecarlo import TrialResults
from opendome.engine.uncertainty import UncertaintyResult
from opendome.plan import EngagementPlan
from opendome.plan.windows import LayerWindow, SalvoKillChain

Z95 = 1.959963984540054
"""Two-sided 95 % standard-normal quantile."""

CLOSED_FORM_MAX_LAYERS = 12
"""The closed form enumerates 2^L common-mode states: skipped above this many layers."""
CLOSED_FORM_MAX_WARHEADS = 5000
"""... and above this many warheads (its convolution grows with the square of the raid)."""


def wilson_interval(successes: int, trials: int, z: float = Z95) -> tuple[float, float]:
    """Return the Wilson score interval for a binomial proportion (Wilson 1927).

    Defined for any number of trials >= 1 (for one trial, 0 or 1 success gives [0, 0.79]
    or [0.21, 1]).
    """
    if trials <= 0:
        raise ValueError("trials must be positive")
    p = successes / trials
    denom = 1.0 + z * z / trials
    centre = (p + z * z / (2 * trials)) / denom
    half = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / denom
    # the interval contains p (exactly, at p = 0 or 1, where rounding could leave it outside)
    return max(0.0, min(p, centre - half)), min(1.0, max(p, centre + half))


def mean_interval(x: NDArray[Any], z: float = Z95) -> tuple[float, float] | None:
    """Return the normal-approximation interval of a sample mean; None for fewer than 2 values.

    One value says nothing about the spread, so the interval is undefined (not infinite).
    """
    if x.size < 2:
        return None
    m = float(np.mean(x))
    half = z * float(np.std(x, ddof=1)) / math.sqrt(x.size)
    return m - half, m + half


def _interval_from_sums(total: int, squares: int, n: int,
                        z: float = Z95) -> tuple[float, float] | None:
    """Return the normal-approximation interval of a mean from exact integer sums (n >= 2)."""
    if n < 2:
        return None
    mean = total / n  # Python's int / int is correctly rounded
    variance = (n * squares - total * total) / (n * (n - 1))
    half = z * math.sqrt(max(variance, 0.0)) / math.sqrt(n)
    return mean - half, mean + half


def percentile_from_histogram(counts: NDArray[np.int64], q: float) -> float:
    """Return the q-th percentile of the values 0, 1, 2 ... with the given counts.

    Same definition as ``numpy.percentile`` (method "linear": index (n-1)·q/100 into the
    sorted values, linear interpolation), computed from the histogram alone, so it streams.
    """
    n = int(counts.sum())
    if n < 1:
        raise ValueError("percentile of no values")
    quantile = q / 100.0
    # numpy's virtual index for "linear" (alpha = beta = 1), in its order of operations
    virtual = n * quantile + (1.0 + quantile * (1.0 - 1.0 - 1.0)) - 1.0
    below = math.floor(virtual)
    prev_i = min(max(below, 0), n - 1)
    next_i = min(max(below + 1, 0), n - 1)
    cumulative = np.cumsum(counts)
    a = float(np.searchsorted(cumulative, prev_i, side="right"))
    b = float(np.searchsorted(cumulative, next_i, side="right"))
    gamma = virtual - below if 0 <= below < n - 1 else 0.0
    diff = b - a
    return b - diff * (1.0 - gamma) if gamma >= 0.5 else a + diff * gamma


@dataclass(frozen=True)
class LayerSummary:
    """One layer over the run: means over trials, the 95th percentile of use, exhaustion."""

    name: str
    inventory: float
    """Mean interceptors available (fixed, or drawn per trial, e.g. from a constellation)."""
    used_mean: float
    used_p95: float
    p_exhausted: float
    """Fraction of trials in which the layer fired all it had (and had some)."""
    warheads_killed: float
    """Mean warheads destroyed (boost: those on the missiles the layer killed)."""


@dataclass(frozen=True)
class NotEngaged:
    """A layer that can never engage a salvo, with the reason and how many targets it faces."""

    layer: str
    salvo: str
    reason: str
    objects: int


@dataclass(frozen=True)
class SpaceLayerSummary:
    """A space layer: satellites in orbit, interceptors in reach on average, absentee ratio."""

    layer: str
    satellites: int
    in_reach_mean: float
    absentee_ratio: float | None
    """Satellites per interceptor in reach; None when none is ever in reach."""


@dataclass(frozen=True)
class ClosedFormSummary:
    """Exact values of the plan with unlimited inventory (:func:`plan_closed_form`)."""

    p_no_leak: float
    expected_leakers: float
    interceptors_used: Mapping[str, float]
    note: str = ("exact for unlimited inventory; differs from the Monte Carlo where a layer "
                 "runs out (see p_inventory_exhausted)")


@dataclass(frozen=True)
class Summary:
    """What a run says: P(no leak), expected leakers, the leaker distribution, per-layer use.

    Optional parts are None when they do not apply: ``expected_leakers_ci95`` for a single
    trial (one value has no spread), ``kill_chain`` and ``windows`` without sited layers,
    ``space_layers`` without constellations, ``closed_form`` for plans too large to enumerate,
    ``resolved_scenario`` when the run was made from a plan rather than a scenario,
    ``uncertainty`` when no probability of the scenario is a distribution (or the outer loop
    was not run: :meth:`opendome.engine.Run.with_uncertainty`).
    """

    scenario: str
    trials: int
    seed: int
    allocation: str
    warheads: int
    objects: int
    p_no_leak: float
    p_no_leak_ci95: tuple[float, float]
    """95 % Wilson score interval."""
    expected_leakers: float
    expected_leakers_ci95: tuple[float, float] | None
    """95 % normal-approximation interval; None (undefined) for a single trial."""
    leaker_distribution: Mapping[int, float]
    """P(k warheads leak), for the k observed."""
    layers: tuple[LayerSummary, ...]
    not_engaged: tuple[NotEngaged, ...] = ()
    kill_chain: tuple[SalvoKillChain, ...] | None = None
    windows: tuple[LayerWindow, ...] | None = None
    space_layers: tuple[SpaceLayerSummary, ...] | None = None
    closed_form: ClosedFormSummary | None = None
    version: str = __version__
    """OpenDome version that made the run."""
    resolved_scenario: Mapping[str, Any] | None = None
    """The scenario as run (a mapping that loads again), so the run can be reproduced."""
    uncertainty: UncertaintyResult | None = None
    """The outer loop over parameter distributions (:mod:`opendome.engine.uncertainty`)."""

    def layer(self, name: str) -> LayerSummary:
        """Return the summary of the layer called ``name`` (KeyError naming the layers)."""
        for layer in self.layers:
            if layer.name == name:
                return layer
        raise KeyError(f"no layer {name!r}; layers: {[x.name for x in self.layers]}")

    def __repr__(self) -> str:
        ci = self.p_no_leak_ci95
        return (f"Summary({self.scenario!r}: {self.trials:,} trials, seed {self.seed}; "
                f"P(no leak) {self.p_no_leak:.4f} [{ci[0]:.4f}, {ci[1]:.4f}], "
                f"E[leakers] {self.expected_leakers:.4f}, {len(self.layers)} layers)")

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON-ready mapping (the keys of ``summary.json``; absent parts omitted)."""
        names = [x.name for x in self.layers]

        def by_layer(attr: str) -> dict[str, float]:
            return {x.name: getattr(x, attr) for x in self.layers}

        out: dict[str, Any] = {
            "scenario": self.scenario,
            "trials": self.trials,
            "seed": self.seed,
            "opendome_version": self.version,
            "allocation": self.allocation,
            "warheads": self.warheads,
            "objects": self.objects,
            "p_no_leak": self.p_no_leak,
            "p_no_leak_ci95": list(self.p_no_leak_ci95),
            "expected_leakers": self.expected_leakers,
            "expected_leakers_ci95": None if self.expected_leakers_ci95 is None
            else list(self.expected_leakers_ci95),
            "leaker_distribution": {str(k): p for k, p in self.leaker_distribution.items()},
            "interceptors_used": by_layer("used_mean"),
            "interceptors_used_p95": by_layer("used_p95"),
            "inventory": by_layer("inventory"),
            "p_inventory_exhausted": by_layer("p_exhausted"),
            "warheads_killed": by_layer("warheads_killed"),
            "not_engaged": [asdict(x) for x in self.not_engaged],
        }
        if self.kill_chain is not None:
            out["kill_chain"] = [asdict(c) for c in self.kill_chain]
        if self.windows is not None:
            out["windows"] = [asdict(w) for w in self.windows]
        if self.space_layers is not None:
            out["space_layers"] = {
                s.layer: {k: v for k, v in asdict(s).items() if k != "layer"}
                for s in self.space_layers}
        if self.closed_form is not None:
            cf = self.closed_form
            out["closed_form"] = {"p_no_leak": cf.p_no_leak,
                                  "expected_leakers": cf.expected_leakers,
                                  "interceptors_used": {n: cf.interceptors_used[n]
                                                        for n in names},
                                  "note": cf.note}
        if self.resolved_scenario is not None:
            out["resolved_scenario"] = dict(self.resolved_scenario)
        if self.uncertainty is not None:
            out["uncertainty"] = self.uncertainty.as_dict()
        return out


def _objects_of(plan: EngagementPlan, layer: str, salvo: str) -> int:
    """Return how many targets of a salvo a layer faces (missiles for boost, else objects)."""
    s = plan.salvo_names.index(salvo)
    if plan.layer_is_boost[plan.layer_names.index(layer)]:
        return int(np.count_nonzero(plan.missile_salvo == s))
    return int(np.count_nonzero(plan.object_salvo == s))


def exhausted(results: TrialResults) -> NDArray[np.bool_]:
    """Return (T, L): the layer ran short (targets it wanted to engage left, its stock gone)."""
    return results.ran_short


def _add_counts(total: NDArray[np.int64], values: NDArray[Any]) -> NDArray[np.int64]:
    """Return ``total`` plus the histogram of non-negative integer ``values`` (grown to fit)."""
    counts = np.bincount(values, minlength=total.size).astype(np.int64)
    counts[: total.size] += total
    return counts


class SummaryAccumulator:
    """Build a :class:`Summary` from blocks of trials, keeping only exact integer counts.

    ``add`` takes any :class:`TrialResults` of the plan (any block of trials, in any order);
    ``summary()`` may be called at any time. The result depends only on the multiset of
    trials added, never on how they were split into blocks.
    """

    def __init__(self, plan: EngagementPlan, seed: int) -> None:
        self.plan = plan
        self.seed = seed
        n_layers = plan.n_layers
        self.trials = 0
        self.leakers = np.zeros(1, np.int64)
        """Histogram of leakers per trial."""
        self.used = [np.zeros(1, np.int64) for _ in range(n_layers)]
        """Per layer, the histogram of interceptors used per trial."""
        self.available_sum = np.zeros(n_layers, np.int64)
        self.killed_sum = np.zeros(n_layers, np.int64)
        self.exhausted_count = np.zeros(n_layers, np.int64)

    def add(self, results: TrialResults) -> None:
        """Add a block of trials."""
        if results.seed != self.seed:
            raise ValueError(f"results of seed {results.seed} added to a run of seed {self.seed}")
        if results.interceptors_used.shape[1:] != (self.plan.n_layers,):
            raise ValueError("results of another plan: the number of layers differs")
        self.trials += results.trials
        self.leakers = _add_counts(self.leakers, results.leakers)
        for i in range(self.plan.n_layers):
            self.used[i] = _add_counts(self.used[i], results.interceptors_used[:, i])
        self.available_sum += results.inventory_available.sum(axis=0, dtype=np.int64)
        self.killed_sum += results.warheads_killed.sum(axis=0, dtype=np.int64)
        self.exhausted_count += exhausted(results).sum(axis=0, dtype=np.int64)

    def summary(self, resolved_scenario: Mapping[str, Any] | None = None) -> Summary:
        """Return the summary of the trials added so far (ValueError before any)."""
        plan, t = self.plan, self.trials
        if t < 1:
            raise ValueError("no trials added yet")
        k = np.arange(self.leakers.size)
        total = int((k * self.leakers).sum())
        squares = sum(int(v) * int(v) * int(c) for v, c in zip(k, self.leakers, strict=True) if c)
        no_leak = int(self.leakers[0])
        layers = tuple(
            LayerSummary(
                name=name,
                inventory=int(self.available_sum[i]) / t,
                used_mean=int((np.arange(self.used[i].size) * self.used[i]).sum()) / t,
                used_p95=percentile_from_histogram(self.used[i], 95),
                p_exhausted=int(self.exhausted_count[i]) / t,
                warheads_killed=int(self.killed_sum[i]) / t,
            ) for i, name in enumerate(plan.layer_names))
        space = tuple(
            SpaceLayerSummary(layer=layer.name, satellites=n, in_reach_mean=layer.inventory,
                              absentee_ratio=n / layer.inventory if layer.inventory > 0 else None)
            for layer, n in zip(layers, plan.satellites or (0,) * plan.n_layers, strict=True)
            if n)
        closed = None
        if plan.n_layers <= CLOSED_FORM_MAX_LAYERS and plan.n_warheads <= CLOSED_FORM_MAX_WARHEADS:
            cf = plan_closed_form(plan)
            closed = ClosedFormSummary(
                p_no_leak=cf.p_no_leak, expected_leakers=cf.expected_leakers,
                interceptors_used={n: float(v) for n, v in
                                   zip(plan.layer_names, cf.expected_interceptors, strict=True)})
        return Summary(
            scenario=plan.scenario_name,
            trials=t,
            seed=self.seed,
            allocation=plan.allocation,
            warheads=plan.n_warheads,
            objects=plan.n_objects,
            p_no_leak=no_leak / t,
            p_no_leak_ci95=wilson_interval(no_leak, t),
            expected_leakers=total / t,
            expected_leakers_ci95=_interval_from_sums(total, squares, t),
            leaker_distribution={int(v): int(c) / t for v, c in enumerate(self.leakers) if c},
            layers=layers,
            not_engaged=tuple(NotEngaged(r.layer, r.salvo, r.reason,
                                         _objects_of(plan, r.layer, r.salvo))
                              for r in plan.no_engagement),
            kill_chain=tuple(plan.kill_chains) if plan.kill_chains else None,
            windows=tuple(plan.windows) if plan.kill_chains else None,
            space_layers=space or None,
            closed_form=closed,
            resolved_scenario=resolved_scenario,
        )


def summarize(plan: EngagementPlan, results: TrialResults,
              resolved_scenario: Mapping[str, Any] | None = None) -> Summary:
    """Return the :class:`Summary` of a run held in memory (one block of the accumulator)."""
    acc = SummaryAccumulator(plan, results.seed)
    acc.add(results)
    return acc.summary(resolved_scenario)

