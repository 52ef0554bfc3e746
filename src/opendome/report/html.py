"""The self-contained HTML report of a run (or of a sweep's runs), made with Jinja2.

One file: the figures are inline base64 PNGs, the run's ``summary.json`` is embedded as JSON,
and nothing is fetched from the network, so the report opens from disk anywhere.

The report is built from the summary's keys (``Summary.to_dict()`` or ``summary.json``):
``p_no_leak``, ``p_no_leak_ci95``, ``expected_leakers``, ``leaker_distribution``,
``interceptors_used``, ``inventory``, ``warheads_killed``, ``closed_form``, ``kill_chain``,
``windows``, ``space_layers``, ``not_engaged``, and ``uncertainty`` (the outer loop over
parameter distributions: :attr:`opendome.engine.Summary.uncertainty`, written into
``summary.json`` by ``opendome run``), which adds the section "Parameter uncertainty". Every
number taken from the summary is
written as ``<span class="n" data-key="PATH">`` (``PATH``: keys joined by ``/``), so a test
can check each against ``summary.json``; numbers derived from it carry ``data-derived``, and
inputs (scenario, catalog, geometry, cost) ``data-input``. The scenario, when known, adds the
assumptions table, burnout times, the space layer over its launch times (the whole orbital
pattern), a coverage map and the cost.
"""

from __future__ import annotations

import base64
import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

import opendome
from opendome.core.constants import SECONDS_PER_DAY
from opendome.economics.cost import life_cycle_cost
from opendome.economics.presets import defaults, layers_from_scenario
from opendome.engine.space_layer import build_constellation, layer_geometry
from opendome.report import figures
from opendome.report.plots import exchange_plot
from opendome.scenario import (
    Scenario,
    ScenarioError,
    builtin_names,
    builtin_scenario,
    load_scenario,
    scenario_from_mapping,
)
from opendome.scenario.distributions import Distribution, point
from opendome.space.coverage import count_in_reach, expected_in_reach_of, pattern_launch_times_s

SUMMARY_FILE = "summary.json"
SCENARIO_FILE = "scenario.yaml"
EXCHANGE_FILE = "exchange.json"

MAP_LAT_STEP_DEG = 5.0
MAP_LON_STEP_DEG = 10.0
MAP_TIMES = 12
"""Coverage map grid (degrees) and the number of times over a day it averages."""


class ReportInputError(ValueError):
    """A run or sweep folder the report cannot read (message says what is missing)."""


@dataclass
class RunInputs:
    """What a report of one run is made from."""

    summary: dict[str, Any]
    scenario: Scenario | None = None
    scenario_origin: str = "not found"
    exchange: dict[str, Any] | None = None
    notes: list[str] = field(default_factory=list)


def _as_dict(summary: Any) -> dict[str, Any]:
    to_dict = getattr(summary, "to_dict", None)
    out = to_dict() if callable(to_dict) else summary
    if not isinstance(out, dict):
        raise ReportInputError("summary: expected a mapping (summary.json) or a Summary")
    return out


def read_summary(path: Path) -> dict[str, Any]:
    """Read a ``summary.json``; raise ReportInputError saying what is wrong."""
    try:
        data = json.loads(path.read_text())
    except (OSError, UnicodeDecodeError) as exc:
        raise ReportInputError(f"{path}: cannot read ({exc.__class__.__name__})") from exc
    except json.JSONDecodeError as exc:
        raise ReportInputError(f"{path}: not JSON ({exc.msg} at line {exc.lineno})") from exc
    missing = [k for k in ("scenario", "trials", "p_no_leak", "expected_leakers",
                           "leaker_distribution", "interceptors_used", "inventory")
               if not isinstance(data, dict) or k not in data]
    if missing:
        raise ReportInputError(f"{path}: not a run summary (missing {', '.join(missing)}); "
                               "write one with `opendome run SCENARIO --out DIR`")
    return data


def read_run(run_dir: Path) -> RunInputs:
    """Read a run folder: ``summary.json``, and ``scenario.yaml`` or the built-in by name."""
    summary = read_summary(run_dir / SUMMARY_FILE)
    inputs = RunInputs(summary)
    file = run_dir / SCENARIO_FILE
    if file.is_file():
        try:
            inputs.scenario = load_scenario(file)
            inputs.scenario_origin = str(file)
        except ScenarioError as exc:
            inputs.notes.append(f"{file}: not used ({exc.problems[0] if exc.problems else exc})")
    resolved = summary.get("resolved_scenario")
    if inputs.scenario is None and isinstance(resolved, dict):
        try:
            inputs.scenario = scenario_from_mapping(resolved, "summary.json")
            inputs.scenario_origin = f"{run_dir / SUMMARY_FILE} (resolved_scenario)"
        except ScenarioError:
            pass  # then the built-in of that name, if any
    if inputs.scenario is None and summary["scenario"] in builtin_names():
        inputs.scenario = builtin_scenario(summary["scenario"])
        inputs.scenario_origin = f"built-in scenario '{summary['scenario']}'"
    if inputs.scenario is not None and inputs.scenario.name != summary["scenario"]:
        inputs.notes.append(f"{inputs.scenario_origin} is named '{inputs.scenario.name}', not "
                            f"'{summary['scenario']}': not used")
        inputs.scenario, inputs.scenario_origin = None, "not found"
    exchange = run_dir / EXCHANGE_FILE
    if exchange.is_file():
        try:
            inputs.exchange = json.loads(exchange.read_text())
        except json.JSONDecodeError:
            inputs.notes.append(f"{exchange}: not JSON, exchange curve left out")
    return inputs


def find_runs(folder: Path) -> list[Path]:
    """Return the run folders of a sweep: subfolders (any depth) holding ``summary.json``."""
    return sorted(p.parent for p in folder.rglob(SUMMARY_FILE) if p.parent != folder)


# ----------------------------------------------------------------------------- formatting


def _lookup(data: Any, path: str) -> Any:
    node = data
    for part in path.split("/"):
        node = node[int(part)] if isinstance(node, list) else node[part]
    return node


def _fmt(value: Any, spec: str) -> str:
    if value is None:
        return "never"
    if isinstance(value, float) and not math.isfinite(value):
        return "unbounded" if value > 0 else "n/a"
    return format(value, spec)


class _Numbers:
    """Jinja helpers writing numbers inside spans that say where they come from."""

    def __init__(self, summary: dict[str, Any]) -> None:
        self.summary = summary

    def key(self, path: str, spec: str = ".4f") -> Markup:
        value = _lookup(self.summary, path)
        return Markup('<span class="n" data-key="{}">{}</span>').format(path, _fmt(value, spec))

    def derived(self, name: str, value: Any, spec: str = ".4f") -> Markup:
        return Markup('<span class="n" data-derived="{}">{}</span>').format(name,
                                                                          _fmt(value, spec))

    def input(self, value: Any, spec: str = "g", what: str = "scenario") -> Markup:
        text = value if isinstance(value, str) else _fmt(value, spec)
        return Markup('<span class="n" data-input="{}">{}</span>').format(what, text)

    def const(self, text: str) -> Markup:
        return Markup('<span class="n" data-const="1">{}</span>').format(text)

    def name(self, text: str) -> Markup:
        """Return a name (layer, salvo, sensor), which may hold digits that are no figures."""
        return Markup('<span class="name">{}</span>').format(text)

    def text(self, text: str) -> Markup:
        """Return free text quoted from the scenario or the catalog (sources, descriptions)."""
        return Markup('<span class="text">{}</span>').format(text)


def _img(png: bytes, alt: str) -> Markup:
    data = base64.b64encode(png).decode("ascii")
    return Markup('<img alt="{}" src="data:image/png;base64,{}">').format(alt, data)


def _env() -> Environment:
    return Environment(loader=PackageLoader("opendome.report", "templates"),
                       autoescape=select_autoescape(["html", "j2"]),
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)


# ----------------------------------------------------------------------------- sections


def _funnel(summary: dict[str, Any]) -> list[dict[str, Any]]:
    """Warheads arriving at each layer (mean), killed there, passed on (from the summary)."""
    rows = []
    arriving = float(summary["warheads"])
    not_engaged: dict[str, list[str]] = {}
    for item in summary.get("not_engaged", []):
        not_engaged.setdefault(item["layer"], []).append(item["salvo"])
    for name, killed in summary["warheads_killed"].items():
        rows.append({"layer": name, "arriving": arriving, "killed": float(killed),
                     "passed": arriving - float(killed),
                     "not_engaged": not_engaged.get(name, [])})
        arriving -= float(killed)
    return rows


def _assumptions(scenario: Scenario) -> dict[str, Any]:
    """Return the scenario's raid, layers, sensors and the catalog values they use (sourced)."""
    catalog = scenario.catalog
    missiles = sorted({s.missile for s in scenario.attacker.salvos})
    interceptors = sorted({layer.interceptor for layer in scenario.defender.layers})
    catalog_rows = []
    for kind, keys, table in (("missile", missiles, catalog.missiles),
                              ("interceptor", interceptors, catalog.interceptors)):
        for key in keys:
            entry = table[key]
            values = {**{k: v for k, v in entry.params.items()},
                      **{f"pk.{c}": v for c, v in getattr(entry, "pk", {}).items()}}
            for param, sv in values.items():
                catalog_rows.append({"kind": kind, "key": key, "parameter": param,
                                     "value": sv.value, "source": sv.source,
                                     "notional": sv.notional})
    layers = []
    for layer in scenario.defender.layers:
        pk = layer.kill_probabilities(catalog)
        layers.append({
            "name": layer.name, "phase": layer.phase, "interceptor": layer.interceptor,
            "inventory": layer.inventory,
            "satellites": None if layer.constellation is None else layer.constellation.satellites,
            "doctrine": layer.doctrine.type, "shots": layer.doctrine.shots,
            "looks": layer.doctrine.looks, "sites": len(layer.sites),
            "detection": point(layer.detection), "discrimination": point(layer.discrimination),
            "reliability": point(layer.reliability),
            "distributions": {name for name in ("detection", "discrimination", "reliability")
                              if isinstance(getattr(layer, name), Distribution)}
            | {f"pk.{c}" for c in pk if isinstance(getattr(layer.pk, c), Distribution)},
            "pk": pk, "pk_from_scenario": {c: getattr(layer.pk, c) is not None for c in pk},
        })
    return {"salvos": scenario.attacker.salvos, "layers": layers,
            "sensors": scenario.defender.sensors, "catalog": catalog_rows,
            "sources": scenario.sources, "description": scenario.description.strip(),
            "summary": scenario.summary()}


def _space(scenario: Scenario, summary: dict[str, Any]) -> list[dict[str, Any]]:
    """Per constellation layer: interceptors in reach over the pattern's launch times, a map."""
    out = []
    for i, layer in enumerate(scenario.defender.layers):
        if layer.constellation is None:
            continue
        geo = layer_geometry(scenario, i)
        k = geo.in_reach.size
        # the layer's launch times: evenly over the whole pattern (engine/space_layer.py)
        times = pattern_launch_times_s(build_constellation(layer.constellation), max(k, 1))[:k]
        item: dict[str, Any] = {
            "layer": layer.name, "in_summary": layer.name in summary.get("space_layers", {}),
            "reach_km": geo.reach_m / 1e3, "samples": k,
            "min": int(geo.in_reach.min(initial=0)), "max": int(geo.in_reach.max(initial=0)),
            "mean": float(geo.in_reach.mean()) if k else 0.0,
            "day_png": figures.in_reach_over_day(times, geo.in_reach, layer.name),
        }
        if geo.reach_m > 0:
            sats = build_constellation(layer.constellation)
            lat = np.arange(-80.0, 80.0 + 1e-9, MAP_LAT_STEP_DEG)
            lon = np.arange(-180.0, 180.0 + 1e-9, MAP_LON_STEP_DEG)
            glat, glon = np.meshgrid(np.radians(lat), np.radians(lon), indexing="ij")
            map_times = np.arange(MAP_TIMES) * (SECONDS_PER_DAY / MAP_TIMES)
            salvo = next(s for s in scenario.attacker.salvos)
            burnout_alt = getattr(scenario.catalog.missiles[salvo.missile],
                                  "burnout_altitude_m", 0.0)
            counts = count_in_reach(sats, map_times, glat.ravel(), glon.ravel(), geo.reach_m,
                                    target_altitude_m=burnout_alt)
            mean = counts.mean(axis=0).reshape(glat.shape)
            expected = expected_in_reach_of(sats, np.radians(lat), geo.reach_m,
                                            target_altitude_m=burnout_alt)
            item["map_png"] = figures.coverage_map(lat, lon, mean, expected, layer.name,
                                                   (salvo.launch.lat, salvo.launch.lon))
        out.append(item)
    return out


def _cost(scenario: Scenario) -> dict[str, Any] | None:
    """20-year cost by layer with the catalog's and costs.yaml's defaults."""
    dflt = defaults()
    horizon = dflt["horizon_yr"].value
    try:
        result = life_cycle_cost(layers_from_scenario(scenario, None, horizon), horizon,
                                 int(dflt["base_year"].value))
    except (KeyError, ValueError):
        return None
    names = [lc.name for lc in result.layers]
    elements = {label: [getattr(lc, attr) for lc in result.layers] for label, attr in (
        ("development", "development_usd"), ("procurement", "procurement_usd"),
        ("launch", "launch_usd"), ("replacement", "replacement_usd"),
        ("operations", "operations_usd"))}
    return {"horizon_yr": horizon, "base_year": result.base_year,
            "layers": [{"name": lc.name, "units": lc.units, "total_usd": lc.total_usd,
                        "acquisition_usd": lc.acquisition_usd,
                        "operations_usd": lc.operations_usd} for lc in result.layers],
            "total_usd": result.total_usd, "png": figures.cost_by_layer(names, elements)}


def _uncertainty(summary: dict[str, Any]) -> dict[str, Any] | None:
    """Return the figure of the outer loop over parameter draws (None without one)."""
    u = summary.get("uncertainty")
    if not isinstance(u, dict):
        return None
    try:
        by_draw = np.asarray(u["no_leak_by_draw"], dtype=np.float64) / float(u["trials_per_draw"])
        png = figures.over_parameter_draws(by_draw, float(u["p_no_leak"]),
                                           u["p_no_leak_interval_95"], u["p_no_leak_spread"])
    except (KeyError, TypeError, ValueError, ZeroDivisionError):
        png = None  # a summary from before the draws were recorded: the figures, no plot
    return {"png": None if png is None else _img(png, "P(no leak) over parameter draws")}


def _exchange_png(exchange: dict[str, Any]) -> bytes | None:
    force = exchange.get("force")
    if not isinstance(force, dict):
        return None
    try:
        warheads = np.asarray(force["warheads"], dtype=np.int64)
        delivered = np.asarray(force["delivered"], dtype=np.float64)
        se = np.asarray(force["delivered_se"], dtype=np.float64)
    except (KeyError, TypeError, ValueError):
        return None
    return figures.png_of(lambda p: exchange_plot(
        p, f"{exchange.get('scenario', '')}: offense-defense exchange", warheads, delivered, se,
        exchange.get("defender_cost_usd"), None))


# ----------------------------------------------------------------------------- reports


def run_report(summary: Any, scenario: Scenario | None = None, *,
               exchange: dict[str, Any] | None = None, scenario_origin: str = "given",
               notes: list[str] | None = None) -> str:
    """Return the report of one run as one self-contained HTML string."""
    s = _as_dict(summary)
    burnout: dict[str, float | None] = {}
    if scenario is not None:
        catalog = scenario.catalog
        for chain, salvo in zip(s.get("kill_chain", []),
                                sorted(scenario.attacker.salvos, key=lambda x: x.launch_time),
                                strict=False):
            burnout[chain["salvo"]] = getattr(catalog.missiles[salvo.missile], "burn_time_s",
                                              None)
    context = {
        "s": s, "n": _Numbers(s), "version": opendome.__version__,
        "scenario": None if scenario is None else _assumptions(scenario),
        "scenario_origin": scenario_origin, "notes": notes or [],
        "run_png": _img(figures.leakers_and_interceptors(s), "leakers and interceptors"),
        "funnel": _funnel(s),
        "funnel_png": _img(figures.funnel(
            list(s["warheads_killed"]), [r["arriving"] for r in _funnel(s)],
            [r["killed"] for r in _funnel(s)]), "funnel"),
        "chain_png": _img(figures.kill_chain_timeline(s["kill_chain"], s.get("windows", []),
                                                      burnout), "kill chain")
        if s.get("kill_chain") else None,
        "burnout": burnout,
        "space": [] if scenario is None else _space(scenario, s),
        "cost": None if scenario is None else _cost(scenario),
        "exchange_png": None,
        "uncertainty": _uncertainty(s),
        "dist_flag": Markup(' <span class="flag">distribution</span>'),
        "summary_json": Markup(json.dumps(s).replace("</", "<\\/")),
        "img": _img,
        "map_times": MAP_TIMES,
    }
    if exchange is not None:
        png = _exchange_png(exchange)
        context["exchange_png"] = None if png is None else _img(png, "exchange")
    return _env().get_template("report.html.j2").render(**context)


def _spread(summary: dict[str, Any]) -> tuple[float, float, float] | None:
    """Return (mixture, p5, p95) of a run's outer loop over parameter draws, or None."""
    u = summary.get("uncertainty")
    try:
        return (float(u["p_no_leak"]), float(u["p_no_leak_spread"]["p5"]),
                float(u["p_no_leak_spread"]["p95"])) if isinstance(u, dict) else None
    except (KeyError, TypeError, ValueError):
        return None


def sweep_report(folder: Path, runs: list[Path]) -> str:
    """Return the report of a sweep folder: one row per run, and P(no leak) by point."""
    points = [(str(r.relative_to(folder)), read_summary(r / SUMMARY_FILE)) for r in runs]
    if not points:
        raise ReportInputError(f"{folder}: no {SUMMARY_FILE} in it or in its subfolders; "
                               "give a run folder (`opendome run ... --out DIR`) or a sweep's")
    spreads = [_spread(s) for _, s in points]
    png = figures.sweep_points([p[0] for p in points], [p[1]["p_no_leak"] for p in points],
                               [p[1]["p_no_leak_ci95"] for p in points], spreads)
    rows = [{"label": label, "s": s, "n": _Numbers(s)} for label, s in points]
    return _env().get_template("sweep.html.j2").render(
        folder=str(folder), rows=rows, png=_img(png, "sweep"), version=opendome.__version__,
        any_uncertainty=any(x is not None for x in spreads),
        summaries_json=Markup(json.dumps({label: s for label, s in points})
                              .replace("</", "<\\/")))


def report_for(folder: Path) -> str:
    """Return the HTML report of a run folder or of a sweep folder (runs in subfolders)."""
    if not folder.is_dir():
        raise ReportInputError(f"{folder}: not a folder; give a run folder (with "
                               f"{SUMMARY_FILE}) or a sweep folder")
    if (folder / SUMMARY_FILE).is_file():
        run = read_run(folder)
        return run_report(run.summary, run.scenario, exchange=run.exchange,
                          scenario_origin=run.scenario_origin, notes=run.notes)
    return sweep_report(folder, find_runs(folder))

