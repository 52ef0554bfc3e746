"""A run of the engine that knows its plan: summary, per-trial table, files; streamed in blocks.

``run(scenario_or_plan, trials, seed)`` returns a :class:`Run`. Trials are simulated in blocks
(``simulate(plan, block, seed, first_trial=lo)``, which gives the same trials whatever the block
size) and each block is added to a :class:`~opendome.engine.summary.SummaryAccumulator`; with
``out`` the block's rows are appended to ``trials.parquet`` and then dropped, so memory stays
flat however many trials are run. Without ``out`` the per-trial results are kept in memory
(``keep_trials=False`` keeps only the summary), up to :data:`MEMORY_LIMIT_BYTES`.

Before a long run, a ``check`` callback can be given an :class:`Estimate` of time and output
size, measured on the run's first blocks, and refuse by raising; nothing is written before.
"""

from __future__ import annotations

import io
import json
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from opendome.engine.montecarlo import TrialResults, simulate
from opendome.engine.space_layer import build_plan
from opendome.engine.summary import Summary, SummaryAccumulator
from opendome.engine.uncertainty import UncertaintyResult
from opendome.plan import EngagementPlan
from opendome.scenario import Scenario, dump_scenario

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

MEMORY_LIMIT_BYTES = 1 << 30
"""Per-trial results kept in memory above this size are refused: stream them with ``out``."""
BLOCK_BYTES = 4 << 20
"""Target size of one block's per-trial results (bounds the memory of a streamed run)."""
BLOCK_TRIALS_MIN, BLOCK_TRIALS_MAX = 4096, 1 << 16
WARMUP_TRIALS = 16
"""First block of a checked run: loads the compiled kernel, not timed."""
CALIBRATION_OBJECT_TRIALS = 20_000_000
"""Second block of a checked run, timed for the estimate (about a second of work)."""
CONFIRM_ABOVE_S = 3600.0
"""Runs estimated longer than this need confirmation (:meth:`Estimate.problem`)."""
CONFIRM_ABOVE_BYTES = 10 * 2**30
"""... and outputs estimated larger than this; more than the free disk space is refused."""
TRIALS_FILE = "trials.parquet"
SUMMARY_FILE = "summary.json"


def bytes_per_trial(n_layers: int) -> int:
    """Return the bytes one trial's results take in memory.

    Leakers, and per layer interceptors used, warheads killed, inventory (int32) and up (bool).
    """
    return 4 + n_layers * (4 + 4 + 4 + 1)


def block_trials_for(plan: EngagementPlan) -> int:
    """Return the default block size: about :data:`BLOCK_BYTES` of results, 4,096-65,536."""
    return int(np.clip(BLOCK_BYTES // bytes_per_trial(plan.n_layers), BLOCK_TRIALS_MIN,
                       BLOCK_TRIALS_MAX))


def resolved_scenario(scenario: Scenario) -> dict[str, Any]:
    """Return the scenario as a JSON-ready mapping, to record beside the results.

    :func:`opendome.scenario.dump_scenario`: ``extends`` resolved, quantities with units, and
    loadable again to an equal scenario.
    """
    return dump_scenario(scenario)


def trials_table(plan: EngagementPlan, results: TrialResults, first_trial: int = 0) -> pa.Table:
    """Return the tidy per-trial table: trial, leakers, and per layer used/killed/up/inventory."""
    import pyarrow as pa

    columns: dict[str, Any] = {
        "trial": pa.array(np.arange(first_trial, first_trial + results.trials, dtype=np.int64)),
        "leakers": pa.array(results.leakers),
    }
    for i, name in enumerate(plan.layer_names):
        columns[f"used:{name}"] = pa.array(results.interceptors_used[:, i])
        columns[f"warheads_killed:{name}"] = pa.array(results.warheads_killed[:, i])
        columns[f"layer_up:{name}"] = pa.array(results.layer_up[:, i])
        columns[f"inventory:{name}"] = pa.array(results.inventory_available[:, i])
    table = pa.table(columns)
    meta = {"scenario": plan.scenario_name, "seed": str(results.seed)}
    return table.replace_schema_metadata(meta)


def concatenate(parts: list[TrialResults]) -> TrialResults:
    """Return the blocks of trials joined in order (every per-trial array field)."""
    if len(parts) == 1:
        return parts[0]
    values: dict[str, Any] = {f.name: (np.concatenate([getattr(p, f.name) for p in parts])
                       if isinstance(getattr(parts[0], f.name), np.ndarray)
                       else getattr(parts[0], f.name)) for f in fields(parts[0])}
    return TrialResults(**values)


@dataclass(frozen=True)
class Estimate:
    """What a run will take, from its timed first block."""

    trials: int
    calibration_trials: int
    trials_per_second: float
    seconds: float
    """Estimated time of the whole run (including the calibration)."""
    parquet_bytes: int | None
    """Estimated size of ``trials.parquet`` (None when no file is written)."""
    out_dir: Path | None

    def __str__(self) -> str:
        size = ("" if self.parquet_bytes is None
                else f", trials.parquet about {_size(self.parquet_bytes)}")
        return (f"{self.trials:,} trials: about {_duration(self.seconds)} at "
                f"{self.trials_per_second:,.0f} trials/s{size}")

    def out_of_disk(self) -> str | None:
        """Return the problem when ``trials.parquet`` would not fit on the disk (else None)."""
        if self.parquet_bytes is None or self.out_dir is None:
            return None
        free = shutil.disk_usage(_existing(self.out_dir)).free
        if self.parquet_bytes <= free:
            return None
        return f"more than the {_size(free)} free in {self.out_dir}"

    def needs_confirmation(self) -> bool:
        """Return whether the run is over :data:`CONFIRM_ABOVE_S` or :data:`CONFIRM_ABOVE_BYTES`."""
        big = self.parquet_bytes is not None and self.parquet_bytes > CONFIRM_ABOVE_BYTES
        return self.seconds > CONFIRM_ABOVE_S or big


def _duration(seconds: float) -> str:
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


def _size(n: int) -> str:
    return f"{n / 2**30:.1f} GiB" if n >= 2**30 else f"{n / 2**20:.0f} MiB"


def _existing(path: Path) -> Path:
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


@dataclass(frozen=True, repr=False)
class Run:
    """A finished run: its plan, seed and trials, the summary, and where its trials are.

    ``summary()`` is always there. Per-trial rows are in memory (``results``), in
    ``trials_path`` (a streamed run), or not kept (``keep_trials=False``).
    """

    plan: EngagementPlan
    seed: int
    trials: int
    scenario: Scenario | None
    results: TrialResults | None
    trials_path: Path | None
    _summary: Summary = field(repr=False)

    def summary(self) -> Summary:
        """Return the run's :class:`Summary`."""
        return self._summary

    def with_uncertainty(self, uncertainty: UncertaintyResult | None) -> Run:
        """Return this run with the outer loop's result in its summary (None: unchanged).

        ``save`` (and :func:`opendome.report.files.write_run`) then write it into
        ``summary.json`` under ``uncertainty``, where ``opendome report`` finds it.
        """
        if uncertainty is None:
            return self
        return replace(self, _summary=replace(self._summary, uncertainty=uncertainty))

    def trials_table(self) -> pa.Table:
        """Return one row per trial as a pyarrow Table (from memory or ``trials.parquet``)."""
        if self.results is not None:
            return trials_table(self.plan, self.results)
        if self.trials_path is not None:
            import pyarrow.parquet as pq

            return pq.read_table(self.trials_path)
        raise ValueError("this run kept no per-trial rows: run it with out=DIR (streamed to "
                         "Parquet) or keep_trials=True")

    def to_pandas(self) -> pd.DataFrame:
        """Return one row per trial as a pandas DataFrame."""
        return self.trials_table().to_pandas()

    def save(self, out_dir: Path | str) -> list[Path]:
        """Write ``summary.json`` and ``trials.parquet`` (if rows are kept) into ``out_dir``."""
        import pyarrow.parquet as pq

        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        written = [write_summary(out / SUMMARY_FILE, self._summary)]
        target = out / TRIALS_FILE
        if self.trials_path is not None and self.trials_path.resolve() == target.resolve():
            written.append(target)
        elif self.results is not None or self.trials_path is not None:
            pq.write_table(self.trials_table(), target)
            written.append(target)
        return written

    def __repr__(self) -> str:
        s = self._summary
        where = ("in memory" if self.results is not None else
                 str(self.trials_path) if self.trials_path is not None else "not kept")
        return (f"Run({self.plan.scenario_name!r}, {self.trials:,} trials, seed {self.seed}, "
                f"P(no leak) {s.p_no_leak:.4f}, E[leakers] {s.expected_leakers:.4f}; "
                f"trials {where})")


def write_summary(path: Path, summary: Summary) -> Path:
    """Write the summary as strict JSON (non-finite numbers as null)."""
    path.write_text(json.dumps(_finite(summary.to_dict()), indent=2, allow_nan=False) + "\n")
    return path


def _finite(x: Any) -> Any:
    if isinstance(x, float) and not np.isfinite(x):
        return None
    if isinstance(x, dict):
        return {k: _finite(v) for k, v in x.items()}
    if isinstance(x, list):
        return [_finite(v) for v in x]
    return x


def _blocks(start: int, trials: int, size: int) -> Iterator[tuple[int, int]]:
    for lo in range(start, trials, size):
        yield lo, min(size, trials - lo)


def run(
    source: Scenario | EngagementPlan,
    trials: int,
    seed: int = 0,
    *,
    threads: int | None = None,
    progress: Callable[[int], None] | None = None,
    out: Path | str | None = None,
    keep_trials: bool = True,
    block_trials: int | None = None,
    check: Callable[[Estimate], None] | None = None,
    scenario: Scenario | None = None,
) -> Run:
    """Run ``trials`` Monte Carlo trials of a scenario (or a prepared plan) with ``seed``.

    - ``out``: a folder; per-trial rows stream to ``out/trials.parquet`` block by block and
      the summary goes to ``out/summary.json`` (memory does not grow with trials).
    - ``keep_trials``: without ``out``, keep per-trial results in memory (refused above
      :data:`MEMORY_LIMIT_BYTES`), or only the summary (False; any number of trials).
    - ``threads``: passed to the kernel (None: its default).
    - ``progress(n)``: told of every n trials done.
    - ``check(estimate)``: called once, after a timed first block and before anything is
      written, when trials remain; raise in it to refuse the run.
    - ``scenario``: with a plan as ``source``, the scenario it was prepared from, recorded in
      the summary (a scenario ``source`` is recorded by itself).

    Raises ValueError for bad counts, or per-trial results too large for memory.
    """
    if trials < 1:
        raise ValueError(f"trials: must be >= 1, got {trials}")
    if isinstance(source, Scenario):
        scenario, plan = source, build_plan(source)
    else:
        plan = source
    out_dir = None if out is None else Path(out)
    keep = keep_trials and out_dir is None
    need = trials * bytes_per_trial(plan.n_layers)
    if keep and need > MEMORY_LIMIT_BYTES:
        raise ValueError(f"trials: {trials:,} trials keep {need / 2**30:.1f} GiB of per-trial "
                         f"results in memory (limit {MEMORY_LIMIT_BYTES / 2**30:.0f} GiB): "
                         "stream them to Parquet with out=DIR, or keep only the summary with "
                         "keep_trials=False")
    block = block_trials or block_trials_for(plan)
    if block < 1:
        raise ValueError(f"block_trials: must be >= 1, got {block}")
    options: dict[str, Any] = {} if threads is None else {"threads": threads}

    def simulate_block(lo: int, n: int) -> TrialResults:
        return simulate(plan, n, seed, first_trial=lo, progress=progress, **options)

    acc = SummaryAccumulator(plan, seed)
    pending: list[tuple[int, TrialResults]] = []
    done = 0
    if check is not None:
        warm = min(trials, WARMUP_TRIALS)
        pending.append((0, simulate_block(0, warm)))
        calib = min(trials - warm, max(256, CALIBRATION_OBJECT_TRIALS // max(plan.n_objects, 1)))
        if calib > 0:
            started = time.perf_counter()
            pending.append((warm, simulate_block(warm, calib)))
            rate = calib / max(time.perf_counter() - started, 1e-9)
            parquet_bytes = None
            if out_dir is not None:
                parquet_bytes = int(_parquet_size(plan, pending) / (warm + calib) * trials)
            check(Estimate(trials=trials, calibration_trials=calib, trials_per_second=rate,
                           seconds=trials / rate, parquet_bytes=parquet_bytes, out_dir=out_dir))
        done = warm + max(calib, 0)
    writer: Any = None
    trials_path = None if out_dir is None else out_dir / TRIALS_FILE
    kept: list[TrialResults] = []

    def take(lo: int, results: TrialResults) -> None:
        nonlocal writer
        acc.add(results)
        if trials_path is not None:
            table = trials_table(plan, results, lo)
            if writer is None:
                import pyarrow.parquet as pq

                trials_path.parent.mkdir(parents=True, exist_ok=True)
                # an earlier run's summary must not sit beside this run's rows if it stops
                (trials_path.parent / SUMMARY_FILE).unlink(missing_ok=True)
                writer = pq.ParquetWriter(trials_path, table.schema)
            writer.write_table(table)
        if keep:
            kept.append(results)

    try:
        for lo, results in pending:
            take(lo, results)
        pending.clear()
        if keep and done == 0 and block_trials is None:  # one call (chunked inside for progress)
            take(0, simulate_block(0, trials))
        else:
            for lo, n in _blocks(done, trials, block):
                take(lo, simulate_block(lo, n))
    finally:
        if writer is not None:
            writer.close()
    summary = acc.summary(None if scenario is None else resolved_scenario(scenario))
    if out_dir is not None:
        write_summary(out_dir / SUMMARY_FILE, summary)
    return Run(plan=plan, seed=seed, trials=trials, scenario=scenario,
               results=concatenate(kept) if keep else None, trials_path=trials_path,
               _summary=summary)


def _parquet_size(plan: EngagementPlan, blocks: list[tuple[int, TrialResults]]) -> int:
    """Return the bytes the blocks take as Parquet (written to memory)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.concat_tables([trials_table(plan, r, lo) for lo, r in blocks])
    buffer = io.BytesIO()
    pq.write_table(table, buffer)
    return buffer.tell()
