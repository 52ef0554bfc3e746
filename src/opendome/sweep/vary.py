"""Scenario variants: set a path in a scenario mapping, scale a raid, thin a constellation.

One way to vary a scenario, used by sweeps (``opendome sweep``), single runs
(``opendome run --set``) and the offense-defense exchange of :mod:`opendome.stability`.

Paths address the scenario mapping *before* validation, as the file is written::

    defender.layers[midcourse-gbi].inventory          # a list item by its 'name'
    attacker.salvos[0].decoys                          # a list item by position
    defender.layers[space].constellation.shells[0].inclination
    catalog.interceptors.sbi.delta_v                   # keys that do not exist yet are created

A value is what the file would hold there: a number, text, a quantity with units
(``"30 s"``, ``"45 deg"``), a list or a mapping. The varied mapping is then validated by
:func:`opendome.scenario.scenario_from_mapping`, so a bad value gets the scenario's own
field-path message. Two paths are operations rather than places:

- ``raid_scale``: every salvo's missile count times the factor (rounded, at least 1);
- ``asat_fraction``: an anti-satellite attack destroys that fraction of each space layer before
  the raid (random satellites of a constellation; binomial thinning of a stated inventory).

The object-level variants :func:`scaled_raid`, :func:`scenario_with_attrition`,
:func:`prepared` (the plan after attrition) and :func:`force_sweep` (the engine over raid sizes,
common random numbers) live here too, so there is one way to vary a scenario.

Layering: ``sweep`` sits above ``stability`` (a sweep can compute exchanges), yet
``stability.engagement_exchange`` varies scenarios with this module. Only this module is
imported from below, and it imports nothing above the engine (scenario, catalog, plan,
engine); the import-linter contract names that one allowed import (``ignore_imports`` in
``pyproject.toml``) rather than moving variation into a lower package that cannot run the
engine.

Anti-satellite attrition of the space layer: for a layer defined by its constellation, a
random attack destroys that fraction of the satellites before the geometry is computed (the
scenario's ``constellation.attack`` can instead target the planes over the launch area, which
is worse). For a layer with a stated inventory in reach, each interceptor survives
independently with probability ``1 - fraction`` (binomial thinning).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from numpy.typing import NDArray

from opendome.catalog import Catalog, load_catalog
from opendome.engine import build_plan, simulate
from opendome.plan import EngagementPlan
from opendome.scenario import (
    Scenario,
    ScenarioError,
    builtin_names,
    builtin_text,
    parse_yaml,
    read_text_file,
    scenario_from_mapping,
)
from opendome.scenario.load import resolve_extends
from opendome.scenario.models import Attack

RAID_SCALE = "raid_scale"
"""Operation path: multiply every salvo's count."""
ASAT_FRACTION = "asat_fraction"
"""Operation path: fraction of the space interceptors destroyed before the raid."""
OPERATIONS = (RAID_SCALE, ASAT_FRACTION)

_TOKEN = re.compile(r"\[([^\[\]]*)\]|([^.\[\]]+)|(\.)")


class PathError(ValueError):
    """A path or a value cannot be set; ``path`` is where, the message says how to fix it."""

    def __init__(self, path: str, problem: str) -> None:
        self.path = path
        self.problem = problem
        super().__init__(f"{path}: {problem}")


@dataclass(frozen=True)
class Step:
    """One step of a path: a mapping key, a list position, or a list item's name."""

    key: str | None = None
    index: int | None = None
    name: str | None = None

    def __str__(self) -> str:
        if self.key is not None:
            return self.key
        return f"[{self.index if self.index is not None else self.name}]"


def parse_path(path: str) -> list[Step]:
    """Split ``a.b[0].c[name]`` into steps; raise PathError for a malformed path."""
    text = path.strip()
    if not text:
        raise PathError(path, "empty path; write e.g. defender.layers[terminal].inventory")
    steps: list[Step] = []
    pos = 0
    expect_key = True
    for m in _TOKEN.finditer(text):
        if m.start() != pos:
            break
        pos = m.end()
        selector, key, dot = m.groups()
        if dot:
            if expect_key:
                raise PathError(path, "two dots or a leading dot; write keys between dots")
            expect_key = True
        elif key is not None:
            if not expect_key:
                raise PathError(path, f"missing '.' before '{key}'")
            steps.append(Step(key=key.strip()))
            expect_key = False
        else:
            sel = (selector or "").strip()
            if not steps or expect_key:
                raise PathError(path, f"'[{sel}]' must follow a key, e.g. salvos[0]")
            if not sel:
                raise PathError(path, "empty '[]'; give a position (0, 1, ...) or a name")
            if re.fullmatch(r"-?\d+", sel):
                steps.append(Step(index=int(sel)))
            else:
                steps.append(Step(name=sel))
    if pos != len(text) or expect_key:
        raise PathError(path, "malformed path; write keys separated by dots and list items "
                        "in brackets, e.g. attacker.salvos[0].decoys")
    return steps


def _where(steps: list[Step]) -> str:
    out = ""
    for s in steps:
        out += f".{s}" if s.key is not None and out else str(s)
    return out or "(top level)"


def set_path(data: Mapping[str, Any], path: str, value: Any) -> dict[str, Any]:
    """Return a deep copy of the mapping with ``value`` set at ``path``; raise PathError.

    Missing mapping keys along the way are created (so a catalog override can be added to a
    scenario that has none); list items must exist, by position or by ``name``.
    """
    steps = parse_path(path)
    root = copy.deepcopy(dict(data))
    node: Any = root
    for i, step in enumerate(steps):
        last = i == len(steps) - 1
        here = _where(steps[: i + 1])
        if step.key is not None:
            if not isinstance(node, dict):
                raise PathError(_where(steps[:i]), f"is not a mapping, cannot take key "
                                f"'{step.key}'")
            if last:
                node[step.key] = copy.deepcopy(value)
            else:
                if node.get(step.key) is None:
                    node[step.key] = [] if steps[i + 1].key is None else {}
                node = node[step.key]
            continue
        if not isinstance(node, list):
            raise PathError(_where(steps[:i]), f"is not a list; '{step}' selects a list item")
        if step.index is not None:
            if not -len(node) <= step.index < len(node):
                raise PathError(here, f"no item {step.index}; {_where(steps[:i])} has "
                                f"{len(node)} item(s)")
            pos = step.index
        else:
            names = [item.get("name") for item in node if isinstance(item, dict)]
            if step.name not in names:
                known = ", ".join(str(n) for n in names if n is not None) or "none named"
                raise PathError(here, f"no item named '{step.name}' in {_where(steps[:i])}; "
                                f"names: {known}")
            pos = names.index(step.name)
        if last:
            node[pos] = copy.deepcopy(value)
        else:
            node = node[pos]
    return root


def scaled_raid_mapping(data: Mapping[str, Any], factor: float) -> dict[str, Any]:
    """Return the mapping with every salvo's count times ``factor`` (rounded, >= 1)."""
    if isinstance(factor, bool) or not isinstance(factor, int | float) or not factor > 0:
        raise PathError(RAID_SCALE, f"must be a positive number (a multiple of the raid), "
                        f"got {factor!r}")
    root = copy.deepcopy(dict(data))
    salvos = root.get("attacker", {}).get("salvos", []) if isinstance(root.get("attacker"),
                                                                       dict) else []
    for salvo in salvos:
        if isinstance(salvo, dict) and isinstance(salvo.get("count"), int):
            salvo["count"] = max(1, round(salvo["count"] * factor))
    return root


def attacked_mapping(data: Mapping[str, Any], scenario: Scenario,
                     fraction: float) -> dict[str, Any]:
    """Return the mapping with a random ASAT attack on ``fraction`` of each constellation."""
    root = copy.deepcopy(dict(data))
    if fraction == 0.0:
        return root
    for raw, layer in zip(root["defender"]["layers"], scenario.defender.layers, strict=True):
        if layer.constellation is not None:
            raw["constellation"]["attack"] = {
                "destroyed": round(fraction * layer.constellation.satellites),
                "target": "random"}
    return root


@dataclass(frozen=True)
class Variant:
    """A varied scenario: its mapping (a valid scenario file) and plan-level operations."""

    mapping: dict[str, Any]
    scenario: Scenario
    asat_fraction: float = 0.0


def vary(base: Mapping[str, Any], settings: Mapping[str, Any],
         source: str = "scenario") -> Variant:
    """Apply ``settings`` (path -> value, operations last) to a scenario mapping and validate.

    Raise PathError for a bad path or operation value, ScenarioError (field paths of the
    varied scenario) for a value the scenario refuses.
    """
    data = dict(base)
    for path, value in settings.items():
        if path not in OPERATIONS:
            data = set_path(data, path, value)
    if RAID_SCALE in settings:
        data = scaled_raid_mapping(data, settings[RAID_SCALE])
    fraction = 0.0
    if ASAT_FRACTION in settings:
        f = settings[ASAT_FRACTION]
        if isinstance(f, bool) or not isinstance(f, int | float) or not 0.0 <= f <= 1.0:
            raise PathError(ASAT_FRACTION, f"must be a fraction within [0, 1], got {f!r}")
        fraction = float(f)
    scenario = scenario_from_mapping(data, source)
    if fraction:
        data = attacked_mapping(data, scenario, fraction)
        scenario = scenario_from_mapping(data, source)
    return Variant(data, scenario, fraction)


def variant_plan(variant: Variant) -> EngagementPlan:
    """Return the engine's plan of a variant (space attrition applied to stated inventories)."""
    return prepared(variant.scenario, variant.asat_fraction)


def base_mapping(spec: str, relative_to: Path | None = None) -> tuple[dict[str, Any], str]:
    """Return the mapping of a built-in scenario or scenario file, and its source label.

    A relative file path is taken from ``relative_to`` (the sweep file's folder) if it exists
    there, else from the working directory. The file is read with the scenario package's safe
    loader and its ``extends:`` chain is merged in, so paths address the whole scenario.
    Raise ScenarioError if neither a file nor a built-in is found.
    """
    candidates = [Path(spec)]
    if relative_to is not None and not Path(spec).is_absolute():
        candidates.insert(0, relative_to / spec)
    for p in candidates:
        if p.is_file():
            source = str(p)
            data = parse_yaml(read_text_file(p), source)
            folder: Path | None = p.parent
            break
    else:
        names = builtin_names()
        if spec not in names:
            raise ScenarioError([f"(file): no such file '{spec}', nor a built-in scenario of "
                                 f"that name; built-ins: {', '.join(names)}"], spec)
        source = f"builtin:{spec}"
        data = parse_yaml(builtin_text(spec), source)
        folder = None
    if not isinstance(data, dict):
        raise ScenarioError(["(top level): must be a mapping with keys 'name', 'attacker' and "
                             "'defender'"], source)
    data = resolve_extends(data, source, folder)
    return data, source


def parse_setting(text: str) -> tuple[str, Any]:
    """Split ``PATH=VALUE`` (the value read as YAML: ``22``, ``"30 s"``, ``[1, 2]``)."""
    path, sep, raw = text.partition("=")
    if not sep or not path.strip():
        raise PathError(text, "write PATH=VALUE, e.g. defender.layers[terminal].inventory=24")
    try:
        value = yaml.safe_load(raw) if raw.strip() else None
    except yaml.YAMLError:
        value = raw.strip()
    if value is None:
        raise PathError(path.strip(), "no value after '='; write PATH=VALUE")
    if path.strip() not in OPERATIONS:
        parse_path(path.strip())
    return path.strip(), value


ATTRITION_LEVELS = 64
"""Equally likely quantile levels that represent each thinned inventory value."""


def scaled_raid(scenario: Scenario, factor: float) -> Scenario:
    """Return the scenario with every salvo's missile count times ``factor`` (rounded, >= 1)."""
    salvos = [s.model_copy(update={"count": max(1, round(s.count * factor))})
              for s in scenario.attacker.salvos]
    return scenario.model_copy(
        update={"attacker": scenario.attacker.model_copy(update={"salvos": salvos})})


def space_layers(plan: EngagementPlan, catalog: Catalog | None = None) -> list[int]:
    """Return the indices of the plan's layers whose interceptors are space-based.

    ``catalog``: where the interceptor types are looked up (default: the shipped catalog).
    """
    cat = (catalog if catalog is not None else load_catalog()).interceptors
    return [i for i, key in enumerate(plan.layer_interceptors)
            if key in cat and cat[key].basing == "space"]


def with_space_attrition(plan: EngagementPlan, fraction: float) -> EngagementPlan:
    """Return the plan after an attack destroys ``fraction`` of the space interceptors.

    Each interceptor in reach survives independently with probability ``1 - fraction``; a layer
    with a fixed inventory I then has Binomial(I, 1 - fraction) in each trial (represented by
    its quantiles at ``ATTRITION_SAMPLES`` equally likely levels); a layer with inventory
    samples has each sample thinned the same way.
    """
    from scipy import stats  # imported here: scipy.stats is slow to import

    if not 0.0 <= fraction <= 1.0:
        raise ValueError(f"attrition fraction must be within [0, 1], got {fraction}")
    layers = space_layers(plan)
    if fraction == 0.0 or not layers:
        return plan
    samples = list(plan.inventory_samples or tuple(np.zeros(0, np.int64)
                                                   for _ in plan.layer_names))
    for layer in layers:
        base = samples[layer] if samples[layer].size else plan.inventory[layer : layer + 1]
        q = (np.arange(ATTRITION_LEVELS) + 0.5) / ATTRITION_LEVELS
        thinned = stats.binom.ppf(q[None, :], base[:, None], 1.0 - fraction)
        samples[layer] = np.sort(thinned.ravel()).astype(np.int64)
    return replace(plan, inventory_samples=tuple(samples))


@dataclass(frozen=True)
class ForceSweep:
    """Expected delivered warheads over attacker force sizes (K points)."""

    factors: NDArray[np.float64]
    missiles: NDArray[np.int64]
    warheads: NDArray[np.int64]
    delivered: NDArray[np.float64]
    """(K,) expected warheads delivered with the defense."""
    delivered_se: NDArray[np.float64]
    p_no_leak: NDArray[np.float64]
    interceptors_used: NDArray[np.float64]
    """(K, L) mean interceptors used by layer."""

    def warheads_needed(self, deliver: float) -> float | None:
        """Return warheads the attacker needs to deliver ``deliver`` (interpolated), or None."""
        above = np.flatnonzero(self.delivered >= deliver)
        if above.size == 0:
            return None
        i = int(above[0])
        if i == 0:
            return float(self.warheads[0] * deliver / max(self.delivered[0], 1e-12))
        w0, w1 = self.warheads[i - 1], self.warheads[i]
        d0, d1 = self.delivered[i - 1], self.delivered[i]
        return float(w0 + (deliver - d0) * (w1 - w0) / (d1 - d0))


def scenario_with_attrition(scenario: Scenario, fraction: float) -> Scenario:
    """Return the scenario with a random attack destroying ``fraction`` of each constellation."""
    if fraction == 0.0:
        return scenario
    layers = []
    for layer in scenario.defender.layers:
        c = layer.constellation
        if c is not None:
            attack = Attack(destroyed=round(fraction * c.satellites), target="random")
            c = c.model_copy(update={"attack": attack})
            layer = layer.model_copy(update={"constellation": c})
        layers.append(layer)
    return scenario.model_copy(
        update={"defender": scenario.defender.model_copy(update={"layers": layers})})


def prepared(scenario: Scenario, attrition: float) -> EngagementPlan:
    """Return the engine's plan after attrition: geometric for constellations, else thinning."""
    plan = build_plan(scenario_with_attrition(scenario, attrition))
    stated = [i for i in space_layers(plan) if i not in plan.constellation_layers]
    if not stated or attrition == 0.0:
        return plan
    thinned = with_space_attrition(plan, attrition)
    keep = list(thinned.inventory_samples)
    for i in plan.constellation_layers:
        keep[i] = plan.inventory_samples[i]
    return replace(thinned, inventory_samples=tuple(keep))


def force_sweep(scenario: Scenario, factors: NDArray[np.float64] | list[float], trials: int,
                seed: int, attrition: float = 0.0,
                progress: Callable[[int], None] | None = None) -> ForceSweep:
    """Run the engine on the scenario's raid scaled by each factor (common random numbers).

    ``progress(1)`` is called after each force size.
    """
    fs = np.asarray(factors, dtype=np.float64)
    rows = []
    for f in fs:
        plan = prepared(scaled_raid(scenario, float(f)), attrition)
        r = simulate(plan, trials, seed)
        rows.append((plan.n_missiles, plan.n_warheads, r.leakers.mean(),
                     r.leakers.std(ddof=1) / np.sqrt(trials), (r.leakers == 0).mean(),
                     r.interceptors_used.mean(axis=0)))
        if progress is not None:
            progress(1)
    return ForceSweep(
        factors=fs,
        missiles=np.array([r[0] for r in rows], dtype=np.int64),
        warheads=np.array([r[1] for r in rows], dtype=np.int64),
        delivered=np.array([r[2] for r in rows]),
        delivered_se=np.array([r[3] for r in rows]),
        p_no_leak=np.array([r[4] for r in rows]),
        interceptors_used=np.array([r[5] for r in rows]),
    )
