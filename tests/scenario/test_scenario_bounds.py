"""Inputs that would change results silently, or exhaust the machine, are refused by field."""

import pytest
from typer.testing import CliRunner

from opendome.cli import app
from opendome.scenario import ScenarioError, scenario_from_text
from opendome.scenario.limits import MAX_OBJECTS, MAX_SATELLITE_SAMPLES, MAX_SATELLITES

runner = CliRunner()

BASE = """name: bounds
attacker:
  salvos:
    - name: s
      missile: {missile}
      count: {count}
      launch: {{lat: 40, lon: 127}}
      aim: {{lat: 39, lon: -98}}
      launch_time: {launch_time}
      warheads: {warheads}
      decoys: {decoys}
defender:
  sensors:
    - {{name: r, type: radar, site: {{lat: 52, lon: 174}}, max_range: {max_range},
       half_width: {half_width}}}
  kill_chain: {{latency: {latency}}}
  layers:
    - name: space
      phase: boost
      interceptor: sbi
      constellation:
        shells: [{{altitude: "300 km", inclination: "45 deg", planes: {planes},
                  per_plane: {per_plane}}}]
        detection_delay: {detection_delay}
        launch_time_samples: {samples}
    - {{name: mid, phase: midcourse, interceptor: gbi, inventory: 8}}
"""
GOOD = dict(missile="icbm-solid", count=10, launch_time='"0 s"', warheads=1, decoys=3,
            max_range='"3200 km"', half_width='"60 deg"', latency='"10 s"', planes=78,
            per_plane=100, detection_delay='"45 s"', samples=1440)


def _problems(**change) -> list[str]:
    with pytest.raises(ScenarioError) as err:
        scenario_from_text(BASE.format(**{**GOOD, **change}))
    return err.value.problems


def test_the_base_is_valid():
    assert scenario_from_text(BASE.format(**GOOD)).attacker.salvos[0].count == 10


@pytest.mark.parametrize("change,line", [
    ({"launch_time": '"nan s"'}, "attacker.salvos[0].launch_time: 'nan s' is not a finite time"),
    ({"launch_time": '"inf s"'}, "attacker.salvos[0].launch_time: 'inf s' is not a finite time"),
    ({"launch_time": '"-1 day"'}, "attacker.salvos[0].launch_time: must be >= 0"),
    ({"half_width": '"720 deg"'}, "defender.sensors[0].half_width: must be <= 3.14"),
    ({"half_width": '"0 deg"'}, "defender.sensors[0].half_width: must be > 0"),
    ({"max_range": '"-3200 km"'}, "defender.sensors[0].max_range: must be > 0"),
    ({"latency": '"-10 s"'}, "defender.kill_chain.latency: must be >= 0"),
    ({"detection_delay": '"-5 s"'},
     "defender.layers[0].constellation.detection_delay: must be >= 0"),
    ({"missile": "cruise", "decoys": 2},
     "attacker.salvos[0].decoys: a cruise missile releases no decoys, got 2; set decoys: 0"),
    ({"missile": "cruise", "decoys": 0, "warheads": 3},
     "attacker.salvos[0].warheads: a cruise missile carries one warhead"),
    ({"planes": 10_000, "per_plane": 10_000},
     "defender.layers[0].constellation.shells[0]: planes x per_plane: 10,000 x 10,000 = "
     f"100,000,000 satellites is above the limit of {MAX_SATELLITES:,}"),
    ({"planes": 400, "per_plane": 400, "samples": 100_000},
     "defender.layers[0].constellation: shells: 160,000 satellites x 100,000 "
     f"launch_time_samples = 16,000,000,000 positions, above the limit of "
     f"{MAX_SATELLITE_SAMPLES:,}"),
    ({"count": 100_000, "warheads": 64, "decoys": 1000},
     "attacker.salvos: the raid has 106,400,000 objects (missiles x (warheads + decoys)), above "
     f"the limit of {MAX_OBJECTS:,}; use fewer missiles, warheads or decoys"),
])
def test_refused_with_the_field_path_and_the_fix(change, line):
    problems = _problems(**change)
    assert len(problems) == 1, problems
    assert problems[0].startswith(line), problems[0]


def test_the_largest_built_in_raid_is_far_below_the_object_limit():
    from opendome.scenario import builtin_names, builtin_scenario
    largest = max(sum(s.count * (s.warheads + s.decoys)
                      for s in builtin_scenario(n).attacker.salvos) for n in builtin_names())
    assert largest * 100 < MAX_OBJECTS


@pytest.mark.parametrize("change", [{"launch_time": '"-1 day"'}, {"half_width": '"720 deg"'},
                                    {"count": 100_000, "warheads": 64, "decoys": 1000}])
def test_cli_one_line_exit_1_nothing_written(tmp_path, change):
    f = tmp_path / "s.yaml"
    f.write_text(BASE.format(**{**GOOD, **change}))
    result = runner.invoke(app, ["validate", str(f)])
    assert result.exit_code == 1
    assert len(result.output.strip().splitlines()) == 1, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.yaml"]
