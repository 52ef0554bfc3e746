"""Setting paths in a scenario mapping, and the raid / ASAT operations."""

from __future__ import annotations

import pytest

from opendome.scenario import builtin_scenario
from opendome.sweep.vary import (
    PathError,
    base_mapping,
    parse_path,
    parse_setting,
    scaled_raid,
    scenario_with_attrition,
    set_path,
    vary,
)


def golden() -> dict:
    return base_mapping("golden-dome-limited")[0]


def test_paths_by_name_position_and_nested_key():
    base = golden()
    v = vary(base, {"defender.layers[midcourse-gbi].inventory": 22,
                    "attacker.salvos[0].decoys": 0,
                    "defender.layers[space].constellation.shells[0].inclination": "60 deg",
                    "attacker.salvos[-1].launch_time": "30 s"}).scenario
    layers = {la.name: la for la in v.defender.layers}
    assert layers["midcourse-gbi"].inventory == 22
    assert v.attacker.salvos[0].decoys == 0
    assert layers["space"].constellation.shells[0].inclination == pytest.approx(1.0471975511965976)
    assert v.attacker.salvos[0].launch_time == 30.0
    # the base mapping is not changed
    assert base["defender"]["layers"][1]["inventory"] == 44


def test_set_path_creates_missing_keys_and_copies():
    data = {"a": {"b": 1}}
    out = set_path(data, "c.d.e", 5)
    assert out == {"a": {"b": 1}, "c": {"d": {"e": 5}}}
    assert data == {"a": {"b": 1}}


@pytest.mark.parametrize("path, where, words", [
    ("defender.layers[midcourse-gbx].inventory", "defender.layers[midcourse-gbx]",
     "names: space, midcourse-gbi"),
    ("attacker.salvos[4].decoys", "attacker.salvos[4]", "has 1 item(s)"),
    ("attacker.salvos.decoys[0]", "attacker.salvos", "is not a mapping"),
    ("name[0]", "name", "is not a list"),
])
def test_bad_paths_name_where_they_fail(path, where, words):
    with pytest.raises(PathError) as err:
        set_path(golden(), path, 1)
    assert err.value.path == where
    assert words in err.value.problem


@pytest.mark.parametrize("path", ["", "a..b", ".a", "a[]", "[0]", "a]b", "a[0]b"])
def test_malformed_paths(path):
    with pytest.raises(PathError):
        parse_path(path)


def test_parse_setting_reads_values_as_yaml():
    assert parse_setting("attacker.salvos[0].launch_time=30 s") == (
        "attacker.salvos[0].launch_time", "30 s")
    assert parse_setting("defender.layers[terminal].inventory=24") == (
        "defender.layers[terminal].inventory", 24)
    assert parse_setting("raid_scale=1.5") == ("raid_scale", 1.5)
    with pytest.raises(PathError):
        parse_setting("no-equals-sign")


def test_raid_scale_matches_scaled_raid():
    sc = builtin_scenario()
    for factor in (0.05, 0.5, 1.0, 2.5):
        mine = vary(golden(), {"raid_scale": factor}).scenario
        assert mine == scaled_raid(sc, factor)


def test_asat_fraction_matches_scenario_with_attrition():
    sc = builtin_scenario()
    v = vary(golden(), {"asat_fraction": 0.25})
    assert v.asat_fraction == 0.25
    assert v.scenario == scenario_with_attrition(sc, 0.25)
    assert v.mapping["defender"]["layers"][0]["constellation"]["attack"] == {
        "destroyed": 1950, "target": "random"}


@pytest.mark.parametrize("settings", [{"asat_fraction": 1.5}, {"raid_scale": 0},
                                      {"raid_scale": "x"}])
def test_bad_operation_values(settings):
    with pytest.raises(PathError):
        vary(golden(), settings)


def test_paths_reach_through_extends_and_into_catalog_overrides(tmp_path):
    (tmp_path / "child.yaml").write_text(
        "extends: golden-dome-limited\nname: child\n"
        "defender:\n  layers:\n    - {name: terminal, inventory: 12}\n")
    base, source = base_mapping(str(tmp_path / "child.yaml"))
    assert "extends" not in base and source.endswith("child.yaml")
    v = vary(base, {"defender.layers[midcourse-gbi].inventory": 5,
                    "catalog_overrides.interceptors.sbi.delta_v": "3 km/s"}).scenario
    layers = {la.name: la for la in v.defender.layers}
    assert (layers["midcourse-gbi"].inventory, layers["terminal"].inventory) == (5, 12)
    assert v.name == "child"
    assert "sbi" in v.model_dump()["catalog_overrides"]["interceptors"]
