"""Fuzzing the loader and validator with structured mutations of every built-in scenario.

Every mutated input must either validate (and then dump and load back to an equal scenario) or
raise ScenarioError with one line per problem; anything else (a traceback, a hang) is a bug.
`make test` runs a few hundred cases per target (derandomized); `make fuzz` (hypothesis profile
"fuzz") runs 10,000 per target. Inputs that once broke the loader are kept in
``tests/scenario/regressions/`` and replayed by ``test_regressions_give_one_line_or_load``.
"""

from __future__ import annotations

import copy
import math
import os
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from opendome.scenario import (
    ScenarioError,
    builtin_names,
    builtin_text,
    dump_scenario,
    load_scenario,
    parse_yaml,
    scenario_from_mapping,
    scenario_from_text,
)

CASES = 10_000 if os.environ.get("HYPOTHESIS_PROFILE") == "fuzz" else 150
"""Cases per target: 10,000 in `make fuzz`, a few hundred in `make test` (two targets)."""
CASE_SECONDS = 20
"""Hang guard per case (an alarm, not a timing assertion: a normal case takes milliseconds)."""
REGRESSIONS = Path(__file__).parent / "regressions"
BUILTINS = {name: parse_yaml(builtin_text(name)) for name in builtin_names()}

JUNK = st.one_of(
    st.none(), st.booleans(), st.integers(-10**12, 10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(["", "-1 day", "nan s", "inf km", "1e400 m", "720 deg", "-3 km/s", "10 g0",
                     "300 km", "0 s", "3 furlongs", "1/0 s", "1 s s", "km", "{}", "[[", "sbi",
                     "icbm-solid", "cruise", "radar", "manager", "shoot-look-shoot", "\x00",
                     "x" * 300, "__class__", "1e6", "-0 deg", "9**9**9 s", "[30 m",
                     "m**99", "1e308 km"]),
    st.text(max_size=12),
    st.lists(st.integers(0, 3), max_size=3),
    st.dictionaries(st.sampled_from(["name", "lat", "lon", "count", "x"]),
                    st.integers(-5, 5), max_size=3),
)


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield prefix
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _paths(v, (*prefix, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _paths(v, (*prefix, i))


def _get(data: Any, path: tuple[Any, ...]) -> Any:
    for p in path:
        data = data[p]
    return data


@st.composite
def mutated(draw: st.DrawFn) -> Any:
    """A built-in scenario's mapping with 1-4 structured mutations."""
    data = copy.deepcopy(BUILTINS[draw(st.sampled_from(sorted(BUILTINS)))])
    for _ in range(draw(st.integers(1, 4))):
        paths = [p for p in _paths(data) if p]
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent, key = _get(data, path[:-1]), path[-1]
        op = draw(st.sampled_from(["replace", "delete", "duplicate", "swap", "add", "scale"]))
        if op == "replace":
            parent[key] = draw(JUNK)
        elif op == "delete":
            del parent[key]
        elif op == "duplicate" and isinstance(parent, list):
            parent.insert(key, copy.deepcopy(parent[key]))
        elif op == "swap":
            other = draw(st.sampled_from(paths))
            parent[key] = copy.deepcopy(_get(data, other)) if other[:len(path)] != path else None
        elif op == "add" and isinstance(parent[key], dict):
            parent[key][draw(st.sampled_from(["extends", "remove", "name", "x", "pk"]))] = \
                draw(JUNK)
        elif op == "scale" and isinstance(parent[key], int | float) and \
                not isinstance(parent[key], bool):
            parent[key] = parent[key] * draw(st.sampled_from([-1, 0, 10**6, 1e300, math.nan]))
    return data


@contextmanager
def _hang_guard() -> Iterator[None]:
    def _alarm(signum: int, frame: Any) -> None:
        raise TimeoutError(f"a case ran longer than {CASE_SECONDS} s")
    old = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(CASE_SECONDS)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def _check(load: Any, *args: Any) -> None:
    with _hang_guard():
        try:
            sc = load(*args)
        except ScenarioError as exc:
            assert exc.problems and all(p and "\n" not in p for p in exc.problems), exc.problems
            return
        assert scenario_from_mapping(dump_scenario(sc)) == sc


@settings(max_examples=CASES, suppress_health_check=[HealthCheck.too_slow,
                                                     HealthCheck.data_too_large])
@given(mutated())
def test_structured_mutations_of_builtins(data):
    _check(scenario_from_mapping, data)


@st.composite
def mutated_text(draw: st.DrawFn) -> str:
    """A built-in scenario's YAML text with 1-6 character-level edits."""
    text = builtin_text(draw(st.sampled_from(sorted(BUILTINS))))
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(text)))
        op = draw(st.sampled_from(["insert", "delete", "replace"]))
        piece = draw(st.sampled_from(["[", "]", "{", "}", ":", "-", "&a", "*a", "'", '"', "\n",
                                      "  ", "#", "!!python/object:os.system", "<<: *a", ",",
                                      "\t", "\x00", "\ufeff", "é", "1e999", "- "])
                     | st.text(max_size=3))
        if op == "insert":
            text = text[:at] + piece + text[at:]
        elif op == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 40)):]
        else:
            text = text[:at] + piece + text[at + len(piece):]
    return text


@settings(max_examples=CASES, suppress_health_check=[HealthCheck.too_slow,
                                                     HealthCheck.data_too_large])
@given(mutated_text())
def test_text_mutations_of_builtins(text):
    _check(scenario_from_text, text)


def test_mutations_round_trip_through_yaml_text():
    """A valid scenario dumped as YAML text loads back equal (the fuzz oracle's other path)."""
    for name in sorted(BUILTINS):
        sc = scenario_from_mapping(BUILTINS[name])
        assert scenario_from_text(yaml.safe_dump(dump_scenario(sc))) == sc


@pytest.mark.parametrize("path", sorted(REGRESSIONS.glob("*.yaml")), ids=lambda p: p.name)
def test_regressions_give_one_line_or_load(path):
    _check(load_scenario, path)
