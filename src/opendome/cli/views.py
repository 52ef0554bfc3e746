"""``opendome report``, ``opendome czml`` and ``opendome serve``: the views of a run."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import typer

from opendome.cli.common import (
    error,
    progress_status,
    safe_name,
    scenario_or_exit,
    show_progress,
    stdout,
)

WEB_EXTRA = "install the web extra: pip install 'opendome[web]' (make run and make test do)"


def _need_web(option: str) -> None:
    for module in ("czml3", "fastapi", "uvicorn"):
        if importlib.util.find_spec(module) is None:
            error(option, f"the package '{module}' is missing; {WEB_EXTRA}")


def report(
    folder: Path = typer.Argument(..., help="A run folder (summary.json, from `opendome run "
                                  "--out DIR`) or a sweep folder (run folders inside)."),
    out: Path | None = typer.Option(None, "--out", "-o",
                                    help="HTML file to write (default: FOLDER/report.html)."),
) -> None:
    """Write one self-contained HTML report (figures inline, opens with no network)."""
    from opendome.report.html import ReportInputError, report_for  # here: fast start-up

    target = out or folder / "report.html"
    if target.exists() and target.is_dir():
        error("--out", f"{target} is a folder; give a file name such as report.html")
    try:
        with progress_status("writing the report", show_progress(False)):
            html = report_for(folder)
    except ReportInputError as exc:
        error("FOLDER", str(exc))
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(html, encoding="utf-8")
    stdout.print(f"wrote {target}", markup=False)


def czml(
    scenario: str = typer.Argument(..., help="Scenario file, or the name of a built-in one."),
    out: Path | None = typer.Option(None, "--out", "-o",
                                    help="CZML file to write (default: SCENARIO-NAME.czml)."),
    max_satellites: int = typer.Option(
        1000, "--max-satellites", min=0, max=100_000,
        help="Satellites drawn per constellation, evenly thinned (all of them can be slow)."),
) -> None:
    """Write the scenario as CZML: trajectories, sites, sensors, orbits, windows, a clock."""
    _need_web("czml")
    from opendome.web.czml import scenario_czml

    sc = scenario_or_exit(scenario)
    target = out or Path(f"{safe_name(sc.name)}.czml")
    if target.exists() and target.is_dir():
        error("--out", f"{target} is a folder; give a file name such as {sc.name}.czml")
    with progress_status(f"CZML of {sc.name}", show_progress(False)):
        doc, stats = scenario_czml(sc, max_satellites=max_satellites)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(doc.dumps(), encoding="utf-8")
    stdout.print(f"wrote {target}: {stats.salvos} salvo(s), {stats.sites} interceptor site(s), "
                 f"{stats.sensors} radar(s), {stats.satellites} satellite(s), {stats.windows} "
                 f"engagement window(s) over {stats.span_s:.0f} s", markup=False)


def serve(
    port: int = typer.Option(8000, "--port", "-p", min=1, max=65535, help="TCP port."),
    host: str = typer.Option("127.0.0.1", "--host",
                             help="Address to listen on (default loopback only)."),
    results: Path = typer.Option(Path("out/serve"), "--results",
                                 help="The server's own results folder (runs are written here "
                                 "only)."),
) -> None:
    """Serve the web view: scenarios, runs with progress, reports, and an offline 3-D globe."""
    _need_web("serve")
    import uvicorn

    from opendome.web.app import CESIUM_DIR, create_app

    if host not in ("127.0.0.1", "localhost", "::1"):
        stdout.print(f"warning: listening on {host}: anyone who can reach this address can run "
                     "scenarios on this machine (the server has no authentication)",
                     markup=False)
    if not (CESIUM_DIR / "Cesium.js").is_file():
        stdout.print(f"warning: CesiumJS is not installed ({CESIUM_DIR}); the globe page needs "
                     "it: run `npm ci` in the project folder (make test does)", markup=False)
    app = create_app(results)
    stdout.print(f"OpenDome at http://{host}:{port}/ (results in {results}); Ctrl-C stops",
                 markup=False)
    uvicorn.run(app, host=host, port=port, log_level="warning")


def register(app: typer.Typer) -> None:
    """Add ``report``, ``czml`` and ``serve`` to the application."""
    app.command("report")(report)
    app.command("czml")(czml)
    app.command("serve")(serve)
