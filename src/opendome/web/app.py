"""The local web view: a FastAPI app over :mod:`opendome.api` (``opendome serve``).

Pages: ``/`` (pick a built-in scenario or paste / upload one, run it with live progress, see the
summary and the report) and ``/globe`` (a 3-D globe: CesiumJS from the npm package, served from
``node_modules``, with the Natural Earth II imagery that ships inside it, so nothing is fetched
from another machine). A JSON API under ``/api`` does the same, described at ``/openapi.json``.

Safety: request bodies are limited (:data:`MAX_BODY_BYTES`), runs are bounded in trials and in
time, the client never names a file (runs are addressed by ids the server makes), and the server
writes only into its own results folder.
"""

from __future__ import annotations

import json
import os
import re
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from fastapi import FastAPI, HTTPException
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, ConfigDict, Field, model_validator
from starlette.types import ASGIApp, Message, Receive, Scope, Send

import opendome
from opendome import api

STATIC_DIR = Path(__file__).with_name("static")
CESIUM_DIR = Path(os.environ.get(
    "OPENDOME_CESIUM_DIR",
    Path(__file__).resolve().parents[3] / "node_modules" / "cesium" / "Build" / "Cesium"))
"""CesiumJS's built files, installed by ``npm ci`` in the project folder (never committed)."""

MAX_BODY_BYTES = 256 * 1024
MAX_TRIALS = 200_000
MAX_RUN_S = 120.0
MAX_RUNS_KEPT = 50
MAX_SCENARIO_OBJECTS = 100_000
MAX_SALVOS = 64
MAX_ORBIT_SAMPLES = 50_000_000
"""Limits: request body, trials and wall time of a run, runs remembered, and the size of a
pasted scenario (objects, salvos, satellites x launch-time samples), which bound the plan's
geometry before the Monte Carlo starts."""

RUN_ID = re.compile(r"^[0-9a-f]{12}$")


class RunTimeout(Exception):
    """A run went past its time bound."""


class ScenarioRequest(BaseModel):
    """A scenario: the name of a built-in one, or the text of a scenario file (YAML)."""

    model_config = ConfigDict(extra="forbid")

    scenario: str | None = Field(None, max_length=100,
                                 description="name of a built-in scenario (GET /api/scenarios)")
    text: str | None = Field(None, max_length=MAX_BODY_BYTES,
                             description="a scenario file's text (YAML), pasted or uploaded")

    @model_validator(mode="after")
    def _one_of(self) -> ScenarioRequest:
        if (self.scenario is None) == (self.text is None):
            raise ValueError("give either 'scenario' (a built-in name) or 'text' (YAML)")
        return self


class RunRequest(ScenarioRequest):
    """A run: a scenario, trials and seed."""

    trials: int = Field(20_000, ge=1, le=MAX_TRIALS, description="Monte Carlo trials")
    seed: int = Field(0, ge=0, le=2**63 - 1, description="seed of the random streams")


class Problems(BaseModel):
    """Validation result: the problems found, each with its field path."""

    valid: bool
    name: str | None = None
    problems: list[str]


class ScenarioInfo(BaseModel):
    """A built-in scenario."""

    name: str
    summary: str
    description: str


class RunStatus(BaseModel):
    """Where a run is: queued, running, done or failed, with progress and results."""

    id: str
    status: Literal["queued", "running", "done", "failed"]
    scenario: str
    trials: int
    seed: int
    done_trials: int
    elapsed_s: float
    error: str | None = None
    summary: dict[str, Any] | None = None


@dataclass
class _Run:
    id: str
    scenario: api.Scenario
    text: str
    trials: int
    seed: int
    status: str = "queued"
    done_trials: int = 0
    started: float = field(default_factory=time.monotonic)
    finished: float | None = None
    error: str | None = None
    summary: dict[str, Any] | None = None
    plan: api.EngagementPlan | None = None

    def public(self) -> RunStatus:
        end = self.finished or time.monotonic()
        return RunStatus(id=self.id, status=self.status,
                         scenario=self.scenario.name, trials=self.trials, seed=self.seed,
                         done_trials=self.done_trials, elapsed_s=round(end - self.started, 3),
                         error=self.error, summary=self.summary)


class BodyLimit:
    """ASGI middleware: refuse request bodies over ``limit`` bytes with 413 (also chunked)."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on, refusing it once its body exceeds the limit."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.limit):
            await _too_large(send, self.limit)
            return
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise _BodyTooLarge
            return message

        try:
            await self.app(scope, limited, send)
        except _BodyTooLarge:
            await _too_large(send, self.limit)


class _BodyTooLarge(Exception):
    pass


async def _too_large(send: Send, limit: int) -> None:
    body = json.dumps({"detail": f"request body over {limit} bytes"}).encode()
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


def _builtin_text(name: str) -> str:
    return resources.files("opendome.scenario").joinpath("builtin", f"{name}.yaml").read_text()


def _scenario_of(req: ScenarioRequest) -> tuple[api.Scenario, str]:
    """Return the scenario of a request and its text; raise ScenarioError with field paths."""
    if req.scenario is not None:
        if req.scenario not in api.builtin_names():
            raise api.ScenarioError([f"scenario: no built-in scenario '{req.scenario}'; known: "
                                     f"{', '.join(api.builtin_names())}"], "request")
        return api.builtin_scenario(req.scenario), _builtin_text(req.scenario)
    assert req.text is not None
    sc = api.scenario_from_text(req.text, "text")
    problems = []
    objects = sum(s.count * (s.warheads + s.decoys) for s in sc.attacker.salvos)
    if objects > MAX_SCENARIO_OBJECTS:
        problems.append(f"attacker.salvos: {objects:,} objects; this server runs at most "
                        f"{MAX_SCENARIO_OBJECTS:,} (use the command line for larger raids)")
    if len(sc.attacker.salvos) > MAX_SALVOS:
        problems.append(f"attacker.salvos: {len(sc.attacker.salvos)} salvos; this server runs "
                        f"at most {MAX_SALVOS} (use the command line)")
    for i, layer in enumerate(sc.defender.layers):
        c = layer.constellation
        if c is not None and c.satellites * c.launch_time_samples > MAX_ORBIT_SAMPLES:
            problems.append(f"defender.layers[{i}].constellation: {c.satellites:,} satellites x "
                            f"{c.launch_time_samples:,} launch times is over this server's "
                            f"{MAX_ORBIT_SAMPLES:,}; lower launch_time_samples or use the "
                            "command line")
    for i, sensor in enumerate(sc.defender.sensors):
        n = sum(shell.satellites for shell in sensor.shells)
        if n * len(sc.attacker.salvos) > MAX_SALVOS * 1000:
            problems.append(f"defender.sensors[{i}].shells: {n:,} satellites is over this "
                            "server's bound for space tracking; use the command line")
    if problems:
        raise api.ScenarioError(problems, "text")
    return sc, req.text


def create_app(results_dir: Path | str = Path("out/serve"), *, max_run_s: float = MAX_RUN_S,
               cesium_dir: Path | None = None) -> FastAPI:
    """Return the web app; runs are written under ``results_dir`` (and nowhere else)."""
    results = Path(results_dir).resolve()
    cesium = Path(cesium_dir or CESIUM_DIR)
    runs: OrderedDict[str, _Run] = OrderedDict()
    lock = threading.Lock()
    worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="opendome-run")
    czml_cache: dict[str, str] = {}
    stopping = threading.Event()

    def shutdown() -> None:
        """Stop the running run (at its next chunk) and drop queued ones."""
        stopping.set()
        worker.shutdown(wait=True, cancel_futures=True)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        shutdown()

    app = FastAPI(title="OpenDome", version=opendome.__version__, lifespan=lifespan,
                  description="Run OpenDome scenarios, read their summaries and reports, and "
                  "get their CZML. Runs are bounded: at most "
                  f"{MAX_TRIALS:,} trials and {max_run_s:.0f} s each.")
    app.state.shutdown = shutdown
    app.add_middleware(BodyLimit, limit=MAX_BODY_BYTES)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    if cesium.is_dir():
        app.mount("/cesium", StaticFiles(directory=cesium), name="cesium")

    def execute(run: _Run) -> None:
        run.status = "running"
        run.started = time.monotonic()
        deadline = run.started + max_run_s

        def advance(n: int) -> None:
            run.done_trials += n
            if time.monotonic() > deadline or stopping.is_set():
                raise RunTimeout

        try:
            plan = api.build_plan(run.scenario)
            run.plan = plan
            result = api.run(plan, run.trials, run.seed, progress=advance, keep_trials=False,
                             block_trials=max(1_000, run.trials // 40), scenario=run.scenario)
            summary = api.json_safe(result.summary().to_dict())
            folder = results / run.id
            folder.mkdir(parents=True, exist_ok=True)
            (folder / "scenario.yaml").write_text(run.text, encoding="utf-8")
            (folder / "summary.json").write_text(json.dumps(summary, indent=2) + "\n")
            run.summary = summary
            run.status = "done"
        except RunTimeout:
            run.status, run.error = "failed", (
                "stopped: the server is shutting down" if stopping.is_set() else
                f"stopped after {max_run_s:g} s (the server's bound); use fewer trials or "
                "the command line")
        except Exception as exc:  # noqa: BLE001 - report any failure of a run to its client
            run.status, run.error = "failed", f"{exc.__class__.__name__}: {exc}"
        finally:
            run.finished = time.monotonic()

    def get_run(run_id: str) -> _Run:
        if not RUN_ID.match(run_id) or run_id not in runs:
            raise HTTPException(404, f"no run '{run_id[:40]}'")
        return runs[run_id]

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC_DIR / "index.html")

    @app.get("/globe", response_class=HTMLResponse, include_in_schema=False)
    def globe() -> FileResponse:
        return FileResponse(STATIC_DIR / "globe.html")

    @app.get("/api/scenarios", response_model=list[ScenarioInfo])
    def scenarios() -> list[ScenarioInfo]:
        """List the built-in scenarios."""
        out = []
        for name in api.builtin_names():
            sc = api.builtin_scenario(name)
            out.append(ScenarioInfo(name=name, summary=sc.summary(),
                                    description=sc.description.strip()))
        return out

    @app.get("/api/scenarios/{name}/text", response_class=Response,
             responses={200: {"content": {"text/plain": {}}}, 404: {}})
    def scenario_text(name: str) -> Response:
        """Return a built-in scenario's file (YAML), to edit and run."""
        if name not in api.builtin_names():
            raise HTTPException(404, f"no built-in scenario '{name[:40]}'")
        return Response(_builtin_text(name), media_type="text/plain; charset=utf-8")

    @app.post("/api/validate", response_model=Problems)
    def validate(req: ScenarioRequest) -> Problems:
        """Validate a scenario with the scenario schema: problems with their field paths."""
        try:
            sc, _ = _scenario_of(req)
        except api.ScenarioError as exc:
            return Problems(valid=False, problems=exc.problems)
        return Problems(valid=True, name=sc.name, problems=[])

    @app.post("/api/runs", response_model=RunStatus, status_code=202,
              responses={422: {"model": Problems}})
    def start_run(req: RunRequest) -> RunStatus | JSONResponse:
        """Start a Monte Carlo run; poll ``GET /api/runs/{id}`` for progress and the summary."""
        try:
            sc, text = _scenario_of(req)
        except api.ScenarioError as exc:
            return JSONResponse(Problems(valid=False, problems=exc.problems).model_dump(),
                                status_code=422)
        run = _Run(uuid.uuid4().hex[:12], sc, text, req.trials, req.seed)
        with lock:
            runs[run.id] = run
            while len(runs) > MAX_RUNS_KEPT:
                runs.popitem(last=False)
        worker.submit(execute, run)
        return run.public()

    @app.get("/api/runs/{run_id}", response_model=RunStatus, responses={404: {}})
    def run_status(run_id: str) -> RunStatus:
        """Return a run's status, progress and, once done, its summary."""
        return get_run(run_id).public()

    @app.get("/api/runs/{run_id}/report", response_class=HTMLResponse,
             responses={404: {}, 409: {}})
    def run_report(run_id: str) -> HTMLResponse:
        """Return the run's self-contained HTML report."""
        run = get_run(run_id)
        if run.summary is None:
            raise HTTPException(409, f"run {run_id} is {run.status}; no report yet")
        path = results / run.id / "report.html"
        if not path.is_file():
            html = api.run_report(run.summary, run.scenario,
                                  scenario_origin="the scenario of this run")
            path.write_text(html, encoding="utf-8")
        return HTMLResponse(path.read_text(encoding="utf-8"))

    def czml_of(key: str, sc: api.Scenario, plan: api.EngagementPlan | None = None) -> Response:
        from opendome.web.czml import czml_text

        if key not in czml_cache:
            if len(czml_cache) > 16:
                czml_cache.clear()
            czml_cache[key] = czml_text(sc, plan=plan)
        return Response(czml_cache[key], media_type="application/json")

    @app.get("/api/runs/{run_id}/czml", response_class=Response, responses={404: {}})
    def run_czml(run_id: str) -> Response:
        """Return the CZML of a run's scenario (trajectories, sites, orbits, windows)."""
        run = get_run(run_id)
        return czml_of(f"run:{run.id}", run.scenario, run.plan)

    @app.get("/api/scenarios/{name}/czml", response_class=Response, responses={404: {}})
    def scenario_czml(name: str) -> Response:
        """Return the CZML of a built-in scenario."""
        if name not in api.builtin_names():
            raise HTTPException(404, f"no built-in scenario '{name[:40]}'")
        return czml_of(f"builtin:{name}", api.builtin_scenario(name))

    @app.get("/api/limits")
    def limits() -> dict[str, float]:
        """Return the server's bounds on requests and runs."""
        return {"max_body_bytes": MAX_BODY_BYTES, "max_trials": MAX_TRIALS,
                "max_run_s": max_run_s, "max_scenario_objects": MAX_SCENARIO_OBJECTS}

    return app
