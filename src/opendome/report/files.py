"""Write a run's files: ``summary.json``, per-trial ``trials.parquet`` and ``summary.png``.

A run made with ``out`` (:func:`opendome.engine.run.run`) has streamed its trials and summary
there already; :func:`write_run` then writes the summary again (it may have gained the outer
loop over parameter distributions since, :meth:`opendome.engine.Run.with_uncertainty`) and adds
the plot.
"""

from __future__ import annotations

from pathlib import Path

from opendome.engine import Run, trials_table
from opendome.engine.run import SUMMARY_FILE, TRIALS_FILE, write_summary

__all__ = ["PLOT_FILE", "SUMMARY_FILE", "TRIALS_FILE", "trials_table", "write_run"]

PLOT_FILE = "summary.png"


def write_run(out_dir: Path, run: Run, plot: bool = True) -> list[Path]:
    """Write ``summary.json``, ``trials.parquet`` (if the run kept rows) and ``summary.png``.

    Returns the paths of the run's files in ``out_dir``.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    streamed_here = (run.trials_path is not None
                     and run.trials_path.resolve() == (out_dir / TRIALS_FILE).resolve())
    if streamed_here:
        written = [write_summary(out_dir / SUMMARY_FILE, run.summary()), out_dir / TRIALS_FILE]
    else:
        written = run.save(out_dir)
    if plot:
        from opendome.report.plots import run_plot

        written.append(run_plot(out_dir / PLOT_FILE, run.summary()))
    return written
