"""docs/scenarios.md: the generated field reference and worked example are up to date."""

import importlib.util
from pathlib import Path

from typer.testing import CliRunner

from opendome.api import load_scenario
from opendome.cli import app

ROOT = Path(__file__).resolve().parents[2]


def _generator():
    spec = importlib.util.spec_from_file_location("scenario_reference",
                                                  ROOT / "scripts" / "scenario_reference.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_scenario_docs_are_generated_from_the_current_schema():
    gen = _generator()
    current = (ROOT / "docs" / "scenarios.md").read_text()
    assert gen.render(current) == current, "run: python scripts/scenario_reference.py"


def test_every_schema_model_and_field_is_documented():
    from opendome.api import scenario_json_schema
    text = (ROOT / "docs" / "scenarios.md").read_text()
    schema = scenario_json_schema()
    for name, model in {"Scenario": schema, **schema["$defs"]}.items():
        assert f"### {name}\n" in text
        for field in model["properties"]:
            assert f"| `{field}` |" in text


def test_the_worked_example_validates_as_documented():
    example = ROOT / "docs" / "examples" / "two-country-raid.yaml"
    sc = load_scenario(example)
    assert len({(s.launch.lat, s.launch.lon) for s in sc.attacker.salvos}) == 2
    result = CliRunner().invoke(app, ["validate", str(example)])
    assert result.exit_code == 0
    assert f"ok: {sc.summary()}" in (ROOT / "docs" / "scenarios.md").read_text()
    assert " ".join(result.output.split()) == " ".join(f"ok: {sc.summary()}".split())
