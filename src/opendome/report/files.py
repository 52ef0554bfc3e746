"""Write a run's results: ``summary.json`` and per-trial ``trials.parquet``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from opendome.engine import TrialResults
from opendome.plan import EngagementPlan


def trials_table(plan: EngagementPlan, results: TrialResults) -> pa.Table:
    """Return the tidy per-trial table: trial, leakers, and per layer used/killed/up columns."""
    columns: dict[str, Any] = {
        "trial": pa.array(range(results.trials), type=pa.int64()),
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


def write_run(out_dir: Path, plan: EngagementPlan, results: TrialResults,
              summary: dict[str, Any]) -> list[Path]:
    """Write ``summary.json`` and ``trials.parquet`` into ``out_dir``; return the paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    summary_path = out_dir / "summary.json"
    summary_path.write_text(json.dumps(summary, indent=2) + "\n")
    trials_path = out_dir / "trials.parquet"
    pq.write_table(trials_table(plan, results), trials_path)
    return [summary_path, trials_path]
