"""``opendome sweep``: run a sweep file on Dask, query and plot its results folder."""

from __future__ import annotations

import csv
import math
import sys
from pathlib import Path
from typing import Any

import typer

from opendome.cli.common import (
    error,
    fail,
    json_safe,
    print_json,
    progress_bar,
    show_progress,
    stdout,
)
from opendome.cli.errors import default_command_group

sweep_app = typer.Typer(
    cls=default_command_group("run"), no_args_is_help=True,
    help="Parameter sweeps: `opendome sweep SPEC.yaml` runs a sweep file on Dask (a local "
    "cluster, or --scheduler); `query` and `plot` read its results folder.")


def run_sweep(
    spec: str = typer.Argument(..., help="Sweep file (YAML), or a built-in sweep's name."),
    workers: int | None = typer.Option(None, "--workers", "-w", min=1, max=1024,
                                       help="Worker processes of the local cluster "
                                       "(default: the machine's cores)."),
    scheduler: str | None = typer.Option(None, "--scheduler", help="Address of a running Dask "
                                         "scheduler, e.g. tcp://10.0.0.5:8786, instead of a "
                                         "local cluster."),
    out: Path | None = typer.Option(None, "--out", "-o", help="Results folder (default: "
                                    "out/sweep-NAME). Run again on it to resume."),
    force: bool = typer.Option(False, "--force", help="Discard the folder's results of a "
                               "different sweep and start afresh."),
    as_json: bool = typer.Option(False, "--json", help="Print the run's report as JSON."),
) -> None:
    """Run every point of a sweep file that is not yet in the results folder."""
    from opendome.sweep.spec import SweepError, load_study
    from opendome.sweep.store import Store, StoreError

    if workers is not None and scheduler is not None:
        error("--workers", "give --workers (a local cluster) or --scheduler (a running one), "
              "not both")
    try:
        study = load_study(spec)
    except SweepError as exc:
        fail([f"{exc.source}: {p}" for p in exc.problems])
    name = study.spec.name or Path(spec).stem
    folder = out if out is not None else Path("out") / f"sweep-{name}"
    try:
        store = Store.open(folder, study, force=force)
    except StoreError as exc:
        error("--out", str(exc))
    except OSError as exc:
        error("--out", f"cannot write {folder}: {exc.strerror}")
    from opendome.sweep.run import dask_client, run_points

    show = show_progress(as_json)
    try:
        with dask_client(workers, scheduler) as client, \
                progress_bar(f"sweep {name} (points)", len(study.points), show) as advance:
            report = run_points(study, store, client, progress=advance)
    except OSError as exc:
        error("--scheduler" if scheduler else "--workers",
              f"cannot reach the Dask scheduler: {exc}")
    rate = report.computed / report.elapsed_s if report.elapsed_s > 0 else math.nan
    result = {
        "folder": str(folder), "points": report.points, "computed": report.computed,
        "already_done": report.already_done, "failed": [
            {"point": i, "error": e} for i, e in report.failed],
        "workers": report.workers, "elapsed_s": report.elapsed_s, "points_per_s": rate,
    }
    if as_json:
        print_json(result)
    else:
        stdout.print(f"{name}: {report.points} points ({report.already_done} already done, "
                     f"{report.computed} computed on {report.workers} worker(s) in "
                     f"{report.elapsed_s:.1f} s, {rate:.2f} points/s)", markup=False)
        stdout.print(f"results in {folder}; e.g. opendome sweep query {folder} "
                     "\"SELECT * FROM points\"", markup=False)
    if report.failed:
        fail([f"point {i}: {e}" for i, e in report.failed[:10]])


def query_cmd(
    folder: Path = typer.Argument(..., help="Results folder of a sweep."),
    sql: str = typer.Argument(..., help="SQL on the views points, axes and metrics, e.g. "
                              "\"SELECT * FROM points\" (quote axis paths: \"attacker.salvos[0]"
                              ".decoys\")."),
    as_csv: bool = typer.Option(False, "--csv", help="Print CSV."),
    as_json: bool = typer.Option(False, "--json", help="Print a JSON list of row objects."),
) -> None:
    """Query a results folder with DuckDB SQL; print a table, CSV or JSON."""
    from opendome.sweep.store import StoreError, query

    if as_csv and as_json:
        error("--csv", "give --csv or --json, not both")
    try:
        names, rows = query(folder, sql)
    except StoreError as exc:
        error("DIR", str(exc))
    except Exception as exc:  # duckdb raises its own error classes; one line for the user
        error("SQL", str(exc).splitlines()[0])
    if as_json:
        print_json([dict(zip(names, row, strict=True)) for row in rows])
        return
    if as_csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(names)
        writer.writerows(json_safe([list(r) for r in rows]))
        return
    from rich.table import Table

    table = Table(*names, show_lines=False)
    for row in rows:
        table.add_row(*(_cell(v) for v in row))
    stdout.print(table)


def _cell(v: Any) -> str:
    if isinstance(v, float):
        return f"{v:.6g}" if math.isfinite(v) else "nan"
    return "" if v is None else str(v)


def plot_cmd(
    folder: Path = typer.Argument(..., help="Results folder of a sweep."),
    x: str = typer.Option(..., "--x", help="Axis path for the x axis (or its unique ending)."),
    y: str = typer.Option("p_no_leak", "--y", help="Metric, e.g. p_no_leak, expected_leakers."),
    hue: str | None = typer.Option(None, "--hue", help="Second axis: one line per value, or "
                                   "the rows of a heat map."),
    kind: str = typer.Option("line", "--kind", help="'line' (with the 95 % band) or 'heat'."),
    where: str | None = typer.Option(None, "--where", help="SQL condition fixing other axes, "
                                     "e.g. '\"attacker.salvos[0].decoys\" = 3'."),
    out: Path | None = typer.Option(None, "--out", "-o", help="Figure file, .png or .svg "
                                    "(default: DIR/plot-Y-vs-X.png)."),
) -> None:
    """Plot a metric against an axis (95 % band), one line per --hue value, or a heat map."""
    from opendome.sweep.plot import PlotError, sweep_plot
    from opendome.sweep.store import StoreError

    if kind not in ("line", "heat"):
        error("--kind", f"give 'line' or 'heat', got '{kind}'")
    target = out or folder / f"plot-{_slug(y)}-vs-{_slug(x)}.png"
    try:
        path = sweep_plot(folder, target, x, y, hue, kind, where)
    except StoreError as exc:
        error("DIR", str(exc))
    except PlotError as exc:
        error(exc.option, exc.problem)
    stdout.print(f"wrote {path}", markup=False)


def _slug(text: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in text.split(".")[-1]).strip("-")


def schema_cmd() -> None:
    """Print the JSON Schema of sweep files (for editors)."""
    from opendome.sweep.spec import sweep_schema

    print_json(sweep_schema())


def list_cmd(as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """List the built-in example sweeps."""
    import yaml

    from opendome.sweep.builtin import builtin_sweep_names, builtin_sweep_text

    items = []
    for name in builtin_sweep_names():
        data = yaml.safe_load(builtin_sweep_text(name))
        items.append({"name": name, "description": " ".join(str(data.get("description",
                                                                         "")).split())})
    if as_json:
        print_json(items)
        return
    for item in items:
        stdout.print(f"[bold]{item['name']}[/bold]: {item['description']}")


sweep_app.command("run")(run_sweep)
sweep_app.command("query")(query_cmd)
sweep_app.command("plot")(plot_cmd)
sweep_app.command("schema")(schema_cmd)
sweep_app.command("list")(list_cmd)


def register(app: typer.Typer) -> None:
    """Add the ``sweep`` group to the application."""
    app.add_typer(sweep_app, name="sweep")
