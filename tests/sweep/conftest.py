"""Small scenarios and sweep files for the sweep tests (stated inventories: fast to plan)."""

from __future__ import annotations

from pathlib import Path

import pytest

SMALL_SCENARIO = """\
name: small
attacker:
  salvos:
    - name: raid
      missile: icbm-solid
      count: 6
      launch: {lat: 40.0, lon: 127.5}
      aim: {lat: 39.0, lon: -98.0}
      launch_time: "0 s"
      warheads: 1
      decoys: 1
defender:
  layers:
    - {name: space, phase: boost, interceptor: sbi, inventory: 3, detection: 0.9}
    - {name: midcourse-gbi, phase: midcourse, interceptor: gbi, inventory: 8,
       doctrine: {type: salvo, shots: 2}, discrimination: 0.5}
    - {name: terminal, phase: terminal, interceptor: thaad, inventory: 6}
"""


def sweep_text(trials: int = 400, extra_axis: str = "", seed: int = 7,
               crn: bool = True) -> str:
    """A sweep of the small scenario: 3 inventories x 2 decoy counts (+ an optional axis)."""
    return f"""\
base: small.yaml
trials: {trials}
seed: {seed}
common_random_numbers: {str(crn).lower()}
axes:
  - {{path: "defender.layers[midcourse-gbi].inventory", values: [2, 4, 8]}}
  - {{path: "attacker.salvos[0].decoys", values: [0, 3]}}
{extra_axis}"""


@pytest.fixture
def study_dir(tmp_path: Path) -> Path:
    """A folder with the small scenario, where sweep files can be written."""
    (tmp_path / "small.yaml").write_text(SMALL_SCENARIO)
    return tmp_path
