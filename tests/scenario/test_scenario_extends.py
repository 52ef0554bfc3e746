"""extends: a scenario built on another, the merge rule, cycles; dump and reload."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from opendome.cli import app
from opendome.scenario import (
    ScenarioError,
    builtin_names,
    builtin_scenario,
    builtin_text,
    dump_scenario,
    load_scenario,
    merge_scenarios,
    parse_yaml,
    scenario_from_mapping,
    scenario_from_text,
    scenario_yaml,
)
from opendome.scenario.units import LENGTH, SPEED, TIME, format_quantity, parse_quantity

runner = CliRunner()


def test_extends_a_builtin_and_overrides_parts():
    sc = scenario_from_text("""
extends: golden-dome-limited
name: bigger-raid
attacker:
  salvos:
    - {name: ICBM salvo, count: 40}
    - {name: IRBMs, missile: irbm, count: 6, launch: {lat: 40, lon: 127.5},
       aim: {lat: 13.4, lon: 144.8}}
defender:
  layers:
    - {name: midcourse-gbi, inventory: 64}
    - {name: terminal, remove: true}
""")
    base = builtin_scenario("golden-dome-limited")
    assert sc.name == "bigger-raid"
    assert [s.name for s in sc.attacker.salvos] == ["ICBM salvo", "IRBMs"]
    assert sc.attacker.salvos[0].count == 40
    assert sc.attacker.salvos[0].decoys == base.attacker.salvos[0].decoys  # merged, not replaced
    assert [layer.name for layer in sc.defender.layers] == ["space", "midcourse-gbi",
                                                            "midcourse-ngi"]
    assert sc.defender.layers[1].inventory == 64
    assert sc.defender.layers[1].sites == base.defender.layers[1].sites
    assert sc.defender.sensors == base.defender.sensors  # the seven sensors, not copied


def test_null_removes_a_key_and_plain_lists_replace(tmp_path):
    sc = scenario_from_text("""
extends: golden-dome-limited
defender:
  layers:
    - {name: space, constellation: null, inventory: 5}
    - {name: terminal, sites: [{lat: 38.0, lon: -97.0}]}
""")
    assert sc.defender.layers[0].constellation is None and sc.defender.layers[0].inventory == 5
    assert [(p.lat, p.lon) for p in sc.defender.layers[3].sites] == [(38.0, -97.0)]


def test_extends_a_file_relative_to_the_extending_file(tmp_path):
    (tmp_path / "base").mkdir()
    (tmp_path / "base" / "common.yaml").write_text(builtin_text("glide-vehicles"))
    (tmp_path / "runs").mkdir()
    (tmp_path / "runs" / "mine.yaml").write_text(
        "extends: ../base/common.yaml\nname: mine\nattacker:\n  salvos:\n"
        "    - {name: glide salvo, count: 2}\n")
    sc = load_scenario(tmp_path / "runs" / "mine.yaml")
    assert sc.name == "mine" and sc.attacker.salvos[0].count == 2
    assert sc.attacker.salvos[0].missile == "hgv"


def test_cycles_and_unknown_names_are_refused(tmp_path):
    (tmp_path / "a.yaml").write_text("extends: b.yaml\nname: a\n")
    (tmp_path / "b.yaml").write_text("extends: a.yaml\nname: b\n")
    with pytest.raises(ScenarioError) as err:
        load_scenario(tmp_path / "a.yaml")
    assert err.value.problems[0].startswith("extends: cycle ")
    assert err.value.problems[0].count("a.yaml") == 2
    (tmp_path / "self.yaml").write_text("extends: self.yaml\nname: s\n")
    with pytest.raises(ScenarioError, match="cycle"):
        load_scenario(tmp_path / "self.yaml")
    with pytest.raises(ScenarioError) as err:
        scenario_from_text("extends: peer-raids\nname: x\n")
    assert "did you mean 'peer-raid'?" in err.value.problems[0]


def test_text_without_a_folder_cannot_extend_local_files(tmp_path, monkeypatch):
    (tmp_path / "secret.yaml").write_text("password: hunter2\n")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ScenarioError) as err:
        scenario_from_text("extends: secret.yaml\nname: x\n")
    assert err.value.problems[0].startswith("extends: no built-in scenario 'secret.yaml' (files "
                                            "can be extended only by a scenario read from a file)")
    assert "hunter2" not in str(err.value) and "password" not in str(err.value)


def test_removing_an_unknown_item_names_it():
    with pytest.raises(ScenarioError) as err:
        scenario_from_text("extends: peer-raid\ndefender:\n  layers:\n"
                           "    - {name: boost, remove: true}\n")
    assert err.value.problems == [
        "defender.layers: remove: no item named 'boost' in the extended scenario; names there: "
        "['space', 'midcourse-gbi', 'midcourse-ngi', 'terminal']"]


@given(st.recursive(st.integers() | st.text(max_size=3),
                    lambda c: st.lists(c, max_size=3) | st.dictionaries(st.text(max_size=2), c,
                                                                         max_size=3),
                    max_leaves=10))
def test_merging_onto_an_empty_mapping_or_with_itself_changes_nothing(data):
    if isinstance(data, dict):
        assert merge_scenarios({}, data) == {k: v for k, v in data.items() if v is not None}
    assert merge_scenarios(data, data) == data or not isinstance(data, dict | list)


@pytest.mark.parametrize("name", builtin_names())
def test_dump_loads_back_to_an_equal_scenario(name):
    sc = builtin_scenario(name)
    data = dump_scenario(sc)
    assert scenario_from_mapping(data) == sc
    assert scenario_from_text(scenario_yaml(sc)) == sc
    assert "extends" not in data


def test_dump_writes_units_and_resolves_extends():
    sc = scenario_from_text("extends: golden-dome-limited\nname: x\ncatalog_overrides:\n"
                            "  interceptors: {sbi: {delta_v: '3 km/s'}}\n")
    data = dump_scenario(sc)
    assert data["defender"]["sensors"][1]["max_range"] == "3200 km"
    assert data["defender"]["sensors"][1]["half_width"] == "60 deg"
    assert data["catalog_overrides"]["interceptors"]["sbi"]["delta_v"] == "3 km/s"
    assert scenario_from_mapping(data) == sc
    assert scenario_from_mapping(data).catalog.interceptors["sbi"].delta_v_m_per_s == 3000


@given(st.floats(min_value=-1e9, max_value=1e9, allow_nan=False))
def test_quantities_written_back_read_back_exactly(x):
    for dim in (LENGTH, SPEED, TIME):
        assert parse_quantity(format_quantity(x, dim), dim) == x


def test_scenarios_show_prints_a_loadable_builtin(tmp_path):
    result = runner.invoke(app, ["scenarios", "show", "peer-raid"])
    assert result.exit_code == 0
    assert result.output == builtin_text("peer-raid")
    f = tmp_path / "mine.yaml"
    f.write_text(result.output)
    assert load_scenario(f) == builtin_scenario("peer-raid")
    bad = runner.invoke(app, ["scenarios", "show", "peer-raids"])
    assert bad.exit_code == 1 and "did you mean 'peer-raid'?" in bad.output


def test_validate_accepts_builtin_names_and_suggests():
    assert runner.invoke(app, ["validate", "peer-raid"]).exit_code == 0
    result = runner.invoke(app, ["validate", "peer-raids"])
    assert result.exit_code == 1 and "did you mean 'peer-raid'?" in result.output


def test_schema_defaults_as_written_and_catalog_enums():
    from opendome.catalog import load_catalog
    from opendome.scenario.schema import scenario_json_schema
    schema = scenario_json_schema()
    sensor = schema["$defs"]["Sensor"]["properties"]
    assert sensor["half_width"]["default"] == "180 deg"
    assert sensor["max_range"]["default"] == "4000 km"
    assert parse_yaml("x: " + sensor["max_range"]["default"])["x"] == "4000 km"
    assert set(schema["$defs"]["Salvo"]["properties"]["missile"]["enum"]) == set(
        load_catalog().missiles)
    assert set(schema["$defs"]["Layer"]["properties"]["interceptor"]["enum"]) == set(
        load_catalog().interceptors)
    # every default of a quantity is a string with a unit that parses
    for model in schema["$defs"].values():
        for prop in model.get("properties", {}).values():
            if prop.get("type") == "string" and "with units" in prop.get("description", "") \
                    and "default" in prop:
                assert isinstance(prop["default"], str) and not math.isnan(len(prop["default"]))


def test_the_run_records_a_resolved_scenario_that_loads_back():
    from opendome.engine.run import resolved_scenario
    sc = load_scenario(__import__("pathlib").Path(__file__).resolve().parents[2] / "docs" /
                       "examples" / "two-country-raid.yaml")
    assert scenario_from_mapping(resolved_scenario(sc)) == sc
