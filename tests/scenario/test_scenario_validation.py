"""Scenario files: units at the boundary and one clear line per problem."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from opendome.cli import app
from opendome.scenario import (
    ScenarioError,
    builtin_names,
    builtin_scenario,
    scenario_from_text,
)
from opendome.scenario.units import ACCELERATION, LENGTH, SPEED, TIME, parse_quantity

runner = CliRunner()

GOOD = """
name: t
attacker:
  salvos:
    - {missile: icbm-solid, count: 2, launch: {lat: 40, lon: 127}, aim: {lat: 39, lon: -98},
       launch_time: "1 min"}
defender:
  layers:
    - {name: mid, phase: midcourse, interceptor: gbi, inventory: 8}
"""


def test_quantities_are_parsed_to_si():
    assert parse_quantity("300 km", LENGTH) == 300e3
    assert parse_quantity("7.2 km/s", SPEED) == pytest.approx(7200)
    assert parse_quantity("3 min", TIME) == 180
    assert parse_quantity("10 g0", ACCELERATION) == pytest.approx(98.0665)
    assert parse_quantity("1 nmi", LENGTH) == pytest.approx(1852)  # international nautical mile


@pytest.mark.parametrize("value,needle", [
    (170, "bare number 170"), ("170 km", "dimension [length]"), ("fast", "cannot read"),
    ("170", "no unit"), ([1], "got a list"),
])
def test_bad_quantities_say_what_is_expected(value, needle):
    with pytest.raises(ValueError, match="expected a time|cannot read") as err:
        parse_quantity(value, TIME)
    assert needle in str(err.value)


def test_builtins_are_valid_and_cite_sources():
    assert "golden-dome-limited" in builtin_names()
    for name in builtin_names():
        sc = builtin_scenario(name)
        assert sc.sources, name


def test_good_text_and_launch_time_unit():
    sc = scenario_from_text(GOOD)
    assert sc.attacker.salvos[0].launch_time == 60.0


def _problems(text):
    with pytest.raises(ScenarioError) as err:
        scenario_from_text(text)
    return err.value.problems


@pytest.mark.parametrize("old,new,expected", [
    ("inventory: 8", "inventory: -4", "defender.layers[0].inventory: must be >= 0, got -4"),
    ("inventory: 8", "inventroy: 8",
     "defender.layers[0].inventroy: unknown key; did you mean 'inventory'?"),
    ("icbm-solid", "icbm-sold", "attacker.salvos[0].missile: unknown missile 'icbm-sold'; "
                                "did you mean 'icbm-solid'?"),
    ('"1 min"', "60", "attacker.salvos[0].launch_time: expected a time with units"),
    ('"1 min"', '"60 km"', "attacker.salvos[0].launch_time: expected a time"),
    ("interceptor: gbi", "interceptor: gbx", "defender.layers[0].interceptor: unknown interceptor"),
    ("phase: midcourse", "phase: boost", "defender.layers[0]: interceptor 'gbi' engages in "
                                         "midcourse, not in boost"),
    ("phase: midcourse", "phase: orbit", "defender.layers[0].phase: must be one of"),
    ("count: 2", "count: two", "attacker.salvos[0].count: must be a whole number"),
    ("aim: {lat: 39, lon: -98}", "aim: [39, -98]", "attacker.salvos[0].aim: must be a mapping"),
    ("lat: 40,", "lat: 95,", "attacker.salvos[0].launch.lat: must be <= 90"),
    ("name: t\n", "", "name: required"),
])
def test_each_problem_named_with_its_path(old, new, expected):
    assert old in GOOD
    problems = _problems(GOOD.replace(old, new, 1))
    assert any(p.startswith(expected) for p in problems), problems


def test_layer_order_and_unique_names():
    text = GOOD.replace(
        "    - {name: mid, phase: midcourse, interceptor: gbi, inventory: 8}",
        "    - {name: mid, phase: terminal, interceptor: thaad, inventory: 8}\n"
        "    - {name: mid, phase: midcourse, interceptor: gbi, inventory: 8}")
    problems = _problems(text)
    assert any("flight order" in p or "unique" in p for p in problems)


@pytest.mark.parametrize("content,needle", [
    (b"", "is empty"), (b"\x00\x01binary", "binary content"), (b"caf\xe9: 1\n", "not UTF-8"),
    (b"\xff\xfen\x00a\x00", "UTF-16 text; save the scenario as UTF-8"),
    (b"name: x\nattacker: [1, 2\n", "not valid YAML"), (b"- a\n- b\n", "must be a mapping"),
])
def test_validate_bad_files_exit_1_without_traceback(tmp_path: Path, content, needle):
    f = tmp_path / "s.yaml"
    f.write_bytes(content)
    result = runner.invoke(app, ["validate", str(f)])
    assert result.exit_code == 1
    assert needle in result.output
    assert "Traceback" not in result.output


def test_validate_good_file(tmp_path: Path):
    f = tmp_path / "s.yaml"
    f.write_text(GOOD)
    result = runner.invoke(app, ["validate", str(f)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("ok: t: 2 missiles, 2 warheads")


def test_schema_is_json_schema_with_units_hint():
    result = runner.invoke(app, ["schema"])
    schema = json.loads(result.output)
    assert schema["title"] == "Scenario"
    salvo = schema["$defs"]["Salvo"]["properties"]["launch_time"]
    assert salvo["type"] == "string" and salvo["examples"] == ["170 s"]
