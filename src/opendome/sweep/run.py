"""Run a sweep's points on Dask distributed: a local cluster, or any scheduler by address.

Each point is one task, :func:`compute_point`: validate the point's scenario, run the engine,
flatten the summary into metrics; where the point's scenario gives probabilities as
distributions, run the outer loop over parameter draws too
(:func:`opendome.engine.uncertainty.scenario_uncertainty`, with the point's seed) and add its
columns (:func:`uncertainty_metrics`). Its result depends only on the scenario, the trials and the
point's seed (the engine's random numbers are addressed by seed, trial, layer, slot and
target), so a point gives the same numbers on one worker or many, in any order. The client
writes each result as it arrives (:class:`opendome.sweep.store.Store`), so workers need no
shared file system and a sweep killed midway keeps every point it finished.

Dask is imported when a sweep runs, not when this module is imported.
"""

from __future__ import annotations

import logging
import os
import socket
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from opendome.engine import Summary
from opendome.engine.run import run as run_engine
from opendome.engine.uncertainty import DEFAULT_DRAWS, UncertaintyResult, scenario_uncertainty
from opendome.scenario import scenario_from_mapping
from opendome.sweep.spec import METRIC_FAMILIES, UNCERTAINTY_COLUMNS, Study
from opendome.sweep.store import Store
from opendome.sweep.vary import prepared


def point_metrics(summary: Summary, leakers: np.ndarray,
                  families: list[str] | None = None) -> dict[str, float | int]:
    """Flatten a run's summary into one row of metrics (names as in ``METRIC_FAMILIES``)."""
    keep = set(families or METRIC_FAMILIES) | {"p_no_leak", "expected_leakers"}
    lo, hi = summary.p_no_leak_ci95
    elo, ehi = summary.expected_leakers_ci95 or (float("nan"), float("nan"))
    n = int(leakers.size)
    row: dict[str, float | int] = {
        "p_no_leak": float(summary.p_no_leak), "p_no_leak_lo": float(lo),
        "p_no_leak_hi": float(hi),
        "expected_leakers": float(summary.expected_leakers),
        "expected_leakers_lo": float(elo), "expected_leakers_hi": float(ehi),
        "expected_leakers_se": float(leakers.std(ddof=1) / np.sqrt(n)) if n > 1 else float("nan"),
        "trials": n,
    }
    if "raid" in keep:
        row["warheads"] = int(summary.warheads)
        row["objects"] = int(summary.objects)
    if "interceptors_used" in keep:
        row["interceptors_used"] = float(sum(x.used_mean for x in summary.layers))
    fields = {"interceptors_used": "used_mean", "inventory": "inventory",
              "p_inventory_exhausted": "p_exhausted", "warheads_killed": "warheads_killed"}
    for fam, attr in fields.items():
        if fam in keep:
            for layer in summary.layers:
                row[f"{fam}.{layer.name}"] = float(getattr(layer, attr))
    if "in_reach" in keep:
        for sp in summary.space_layers or ():
            row[f"in_reach.{sp.layer}"] = float(sp.in_reach_mean)
            row[f"satellites.{sp.layer}"] = int(sp.satellites)
    return row


def uncertainty_metrics(u: UncertaintyResult | None) -> dict[str, float | int | None]:
    """Return the ``uncertainty`` columns of a point (all None when it has no distributions)."""
    if u is None:
        return dict.fromkeys(UNCERTAINTY_COLUMNS)
    lo, hi = u.sampling_interval()
    spread = u.spread((5.0, 50.0, 95.0))
    return {
        "p_no_leak_mixture": u.p_no_leak,
        "p_no_leak_mixture_lo": lo,
        "p_no_leak_mixture_hi": hi,
        "p_no_leak_over_draws_p5": spread[5.0],
        "p_no_leak_over_draws_p50": spread[50.0],
        "p_no_leak_over_draws_p95": spread[95.0],
        "parameter_draws": u.draws,
        "trials_per_draw": u.trials_per_draw,
        "uncertain_parameters": len(u.params),
    }


def compute_point(mapping: dict[str, Any], asat_fraction: float, trials: int, seed: int,
                  families: list[str] | None = None,
                  draws: int = DEFAULT_DRAWS) -> dict[str, Any]:
    """Run one point: its scenario mapping through the engine; return metrics and timing.

    With the ``uncertainty`` family (kept by default), a point whose scenario gives
    probabilities as distributions also runs ``draws`` parameter draws with its seed.
    Returns ``{"metrics": {...}, "compute_s": float, "worker": "host:pid"}``.
    """
    start = time.perf_counter()
    scenario = scenario_from_mapping(mapping)
    plan = prepared(scenario, asat_fraction)
    result = run_engine(plan, trials, seed, scenario=scenario)
    assert result.results is not None  # kept in memory (no out folder)
    metrics: dict[str, Any] = point_metrics(result.summary(), result.results.leakers, families)
    if "raid" in (families or METRIC_FAMILIES):
        metrics["missiles"] = int(plan.n_missiles)
    if "uncertainty" in (families or METRIC_FAMILIES):
        metrics.update(uncertainty_metrics(
            scenario_uncertainty(scenario, plan, trials, draws, seed)))
    return {"metrics": metrics, "compute_s": time.perf_counter() - start,
            "worker": f"{socket.gethostname()}:{os.getpid()}"}


@dataclass
class SweepRun:
    """What one invocation did."""

    points: int
    computed: int = 0
    already_done: int = 0
    failed: list[tuple[int, str]] = field(default_factory=list)
    elapsed_s: float = 0.0
    workers: int = 0
    compute_s: list[float] = field(default_factory=list)


@contextmanager
def dask_client(workers: int | None = None, scheduler: str | None = None) -> Iterator[Any]:
    """Yield a Dask client: of a running scheduler, or of a new local cluster.

    The local cluster has ``workers`` worker processes (default: the machine's cores), one
    thread each (the engine's kernel is single-threaded), no dashboard.
    """
    from dask.distributed import Client, LocalCluster

    if scheduler is not None:
        with Client(scheduler, timeout="20s") as client:
            yield client
        return
    n = workers or os.cpu_count() or 1
    with LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                      dashboard_address=":0", silence_logs=logging.ERROR) as cluster, \
            Client(cluster) as client:
        yield client


def run_points(study: Study, store: Store, client: Any,
               progress: Callable[[int], None] | None = None) -> SweepRun:
    """Compute the study's points missing from the store on the client's cluster.

    ``progress(1)`` is called as each point completes (already stored points count first).
    A point that fails is reported in ``failed`` and not written; the others go on.
    """
    from dask.distributed import as_completed

    start = time.perf_counter()
    done = store.done()
    report = SweepRun(points=len(study.points), already_done=len(done),
                      workers=len(client.scheduler_info(n_workers=-1)["workers"]))
    if progress is not None and done:
        progress(len(done))
    todo = [p for p in study.points if p.index not in done]
    families = study.spec.metrics
    futures: list[Any] = []
    index_of: dict[str, int] = {}
    for p in todo:
        fut = client.submit(compute_point, p.variant.mapping, p.variant.asat_fraction,
                            study.spec.trials, p.seed, families, study.spec.draws,
                            key=f"opendome-point-{study.fingerprint[:12]}-{p.index}",
                            pure=False)
        futures.append(fut)
        index_of[fut.key] = p.index
    for fut in as_completed(futures):
        index = index_of[fut.key]
        try:
            result = fut.result()
        except Exception as exc:  # a point's failure must not stop the others
            report.failed.append((index, f"{type(exc).__name__}: {exc}"))
        else:
            store.write_point(index, result["metrics"],
                              {"compute_s": result["compute_s"], "worker": result["worker"]})
            report.computed += 1
            report.compute_s.append(float(result["compute_s"]))
        fut.release()
        if progress is not None:
            progress(1)
    report.elapsed_s = time.perf_counter() - start
    return report
