"""Sweep files: the issue's form, ranges with units, Latin hypercube, errors before running."""

from __future__ import annotations

import numpy as np
import pytest

from opendome.sweep.spec import SweepError, load_spec_text, load_study, point_seed, resolve

ISSUE_FORM = """\
base: golden-dome-limited          # built-in name or a scenario file
trials: 2000
seed: 1
axes:
  - {path: "defender.layers[midcourse-gbi].inventory", values: [11, 22, 44]}
  - {path: "attacker.salvos[0].decoys", values: [0, 3]}
"""


def study_of(text: str, folder=None):
    return resolve(load_spec_text(text, "test.yaml"), text, "test.yaml", folder)


def test_issue_form_gives_the_grid_first_axis_slowest():
    study = study_of(ISSUE_FORM)
    assert study.spec.trials == 2000 and study.spec.seed == 1
    got = [(p.settings["defender.layers[midcourse-gbi].inventory"],
            p.settings["attacker.salvos[0].decoys"]) for p in study.points]
    assert got == [(11, 0), (11, 3), (22, 0), (22, 3), (44, 0), (44, 3)]
    for p in study.points:
        gbi = p.variant.scenario.defender.layers[1]
        assert gbi.inventory == p.settings["defender.layers[midcourse-gbi].inventory"]
        assert p.variant.scenario.attacker.salvos[0].decoys == p.settings[
            "attacker.salvos[0].decoys"]


def test_ranges_with_and_without_units():
    text = """\
base: golden-dome-limited
axes:
  - {path: "defender.layers[space].constellation.shells[0].inclination",
     range: {start: "30 deg", stop: "60 deg", num: 4}}
  - {path: "attacker.salvos[0].decoys", range: {start: 0, stop: 6, step: 2}}
"""
    study = study_of(text)
    inc, dec = study.axes
    assert inc.unit == "degree"
    assert [inc.number(v) for v in inc.written] == pytest.approx([30, 40, 50, 60])
    assert dec.written == [0, 2, 4, 6] and dec.unit is None
    assert len(study.points) == 16
    radians = {p.variant.scenario.defender.layers[0].constellation.shells[0].inclination
               for p in study.points}
    assert sorted(radians) == pytest.approx(np.radians([30, 40, 50, 60]))


def test_latin_hypercube_puts_one_sample_in_each_stratum():
    text = """\
base: golden-dome-limited
seed: 3
samples: 10
axes:
  - {path: "defender.layers[terminal].discrimination", lhs: {low: 0.0, high: 1.0}}
  - {path: "attacker.salvos[0].launch_time", lhs: {low: "0 s", high: "100 s"}}
"""
    study = study_of(text)
    assert len(study.points) == 10
    disc = np.array([p.settings["defender.layers[terminal].discrimination"]
                     for p in study.points])
    times = np.array([p.variant.scenario.attacker.salvos[0].launch_time for p in study.points])
    # Latin hypercube (McKay, Beckman & Conover 1979): each of n equal strata holds one sample.
    assert sorted(np.floor(disc * 10).astype(int)) == list(range(10))
    assert sorted(np.floor(times / 10).astype(int)) == list(range(10))


@pytest.mark.parametrize("axis, words", [
    ('{path: "defender.layers[midcourse-gbx].inventory", values: [1]}',
     "axes[0].values[0] (defender.layers[midcourse-gbx].inventory = 1): "
     "defender.layers[midcourse-gbx]: no item named"),
    ('{path: "defender.layers[midcourse-gbi].inventory", values: [4, -1]}',
     "axes[0].values[1] (defender.layers[midcourse-gbi].inventory = -1): "
     "defender.layers[1].inventory: must be >= 0"),
    ('{path: "attacker.salvos[0].launch_time", values: [30]}',
     "expected a time with units"),
    ('{path: "defender.layers[terminal].inventry", values: [3]}',
     "did you mean 'inventory'?"),
    ('{path: "a..b", values: [1]}', "axes[0]: path: two dots"),
    ('{path: "attacker.salvos[0].decoys"}', "give exactly one of 'values', 'range' or 'lhs'"),
])
def test_bad_axes_name_the_field(axis, words):
    text = f"base: golden-dome-limited\naxes:\n  - {axis}\n"
    with pytest.raises(SweepError) as err:
        study_of(text)
    assert any(words in p for p in err.value.problems), err.value.problems


def test_bad_combination_names_the_point():
    text = """\
base: golden-dome-limited
axes:
  - {path: "defender.layers[space].constellation.shells[0].planes", values: [78, 2]}
  - {path: "defender.layers[space].constellation.shells[0].phasing", values: [1, 5]}
"""
    with pytest.raises(SweepError) as err:
        study_of(text)
    assert err.value.problems[0].startswith("point 3 (")
    assert "phasing" in err.value.problems[0]


def test_base_file_relative_to_the_sweep_file(study_dir):
    (study_dir / "s.yaml").write_text(
        "base: small.yaml\naxes:\n  - {path: raid_scale, values: [1, 2]}\n")
    study = load_study(str(study_dir / "s.yaml"))
    assert [p.variant.scenario.attacker.salvos[0].count for p in study.points] == [6, 12]


def test_point_seeds_common_or_keyed_by_point():
    a, b = {"x": 1}, {"x": 2}
    assert point_seed(5, a, True) == point_seed(5, b, True) == 5
    assert point_seed(5, a, False) != point_seed(5, b, False)
    assert point_seed(5, a, False) == point_seed(5, dict(a), False)
    assert point_seed(5, a, False) != point_seed(6, a, False)
