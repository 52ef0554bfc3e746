"""Regenerate the generated parts of docs/scenarios.md from the scenario schema.

    python scripts/scenario_reference.py          # rewrite docs/scenarios.md in place
    python scripts/scenario_reference.py --check  # exit 1 if the file is out of date

The field reference comes from ``scenario_json_schema()`` (the models' descriptions, types,
defaults and bounds; the catalog's names as enums), the worked example from
``docs/examples/two-country-raid.yaml`` and its ``opendome validate`` line. Text outside the
``<!-- BEGIN GENERATED ... -->`` / ``<!-- END GENERATED ... -->`` markers is hand-written and
kept. ``tests/docs/test_scenario_docs.py`` fails when the file differs from what this prints.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import annotated_types

from opendome.api import load_scenario, scenario_json_schema
from opendome.scenario import models, overrides

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "scenarios.md"
EXAMPLE = ROOT / "docs" / "examples" / "two-country-raid.yaml"

SECTIONS: list[tuple[str, str]] = [
    ("Scenario", "(top level)"), ("Attacker", "attacker"), ("Salvo", "attacker.salvos[]"),
    ("Point", "launch, aim, site, sites[]"), ("Defender", "defender"),
    ("Layer", "defender.layers[]"), ("Doctrine", "defender.layers[].doctrine"),
    ("Timeline", "defender.layers[].timeline"), ("KillProbabilities", "defender.layers[].pk"),
    ("Constellation", "defender.layers[].constellation"),
    ("Shell", "constellation.shells[], sensors[].shells[]"),
    ("Attack", "defender.layers[].constellation.attack"), ("Sensor", "defender.sensors[]"),
    ("KillChain", "defender.kill_chain"), ("CatalogOverrides", "catalog_overrides"),
    ("MissileOverride", "catalog_overrides.missiles.NAME"),
    ("InterceptorOverride", "catalog_overrides.interceptors.NAME"),
    ("KillProbabilityOverride", "catalog_overrides.interceptors.NAME.pk"),
    ("Distribution", "any layer probability: pk.CLASS, detection, discrimination, reliability, "
     "kill_assessment"),
    ("TestRecord", "Distribution.beta_from_tests"),
]


def _ref(schema: dict[str, Any]) -> str | None:
    ref = schema.get("$ref")
    return ref.rsplit("/", 1)[-1] if ref else None


def _type(prop: dict[str, Any]) -> str:
    """Return a short type description of one property."""
    if "anyOf" in prop:
        kinds = [_type(p) for p in prop["anyOf"] if p.get("type") != "null"]
        return " or ".join(kinds) + (" or null" if len(kinds) < len(prop["anyOf"]) else "")
    if _ref(prop):
        return f"[{_ref(prop)}](#{_ref(prop).lower()})"
    if "enum" in prop:
        return "one of " + ", ".join(f"`{v}`" for v in prop["enum"])
    if "const" in prop:
        return f"`{prop['const']}`"
    kind = prop.get("type", "any")
    if kind == "array":
        return f"list of {_type(prop.get('items', {}))}"
    if kind == "object":
        names = prop.get("propertyNames", {}).get("enum")
        key = ("name (" + ", ".join(f"`{n}`" for n in names) + ")") if names else "name"
        return f"mapping {key} -> {_type(prop.get('additionalProperties', {}))}"
    if "x-dimension" in prop:
        return f"{prop['x-dimension']} with units"
    return {"integer": "whole number", "number": "number", "string": "text",
            "boolean": "true/false"}.get(kind, kind)


def _field_bounds(model: str, field: str, prop: dict[str, Any]) -> str:
    """Bounds of a quantity field (checked after unit parsing, so absent from the schema)."""
    cls = getattr(models, model, None) or getattr(overrides, model, None)
    info = cls.model_fields.get(field) if cls is not None else None
    unit = prop.get("x-si-unit") or next((p.get("x-si-unit") for p in prop.get("anyOf", [])
                                          if p.get("x-si-unit")), None)
    if info is None or unit is None:
        return _bounds(prop)
    parts = []
    for m in info.metadata:
        for attr, op in (("ge", ">="), ("gt", ">"), ("le", "<="), ("lt", "<")):
            if isinstance(m, getattr(annotated_types, attr.capitalize())):
                parts.append(f"{op} {getattr(m, attr):g} {unit}")
    return "; ".join(parts)


def _bounds(prop: dict[str, Any]) -> str:
    parts = []
    for key, op in (("minimum", ">="), ("exclusiveMinimum", ">"), ("maximum", "<="),
                    ("exclusiveMaximum", "<"), ("minItems", "items >="),
                    ("maxItems", "items <="), ("minLength", "length >=")):
        if key in prop:
            value = prop[key]
            parts.append(f"{op} {value:,}" if isinstance(value, int) else f"{op} {value:g}")
    for sub in prop.get("anyOf", []):
        parts.extend(b for b in [_bounds(sub)] if b)
    return "; ".join(parts)


def _default(prop: dict[str, Any], required: bool) -> str:
    if required:
        return "**required**"
    if "default" not in prop:
        return ""
    value = prop["default"]
    if value is None:
        return "unset"
    if value in ({}, [], ""):
        return "empty"
    if isinstance(value, dict):
        return "see the model"
    if isinstance(value, bool):
        return str(value).lower()
    return f"`{value}`"


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def reference() -> str:
    """Return the field reference: one table per model, in the order of a scenario file."""
    schema = scenario_json_schema()
    defs = {"Scenario": schema, **schema["$defs"]}
    missing = set(defs) - {name for name, _ in SECTIONS}
    if missing:
        raise SystemExit(f"add {sorted(missing)} to SECTIONS in {__file__}")
    out = []
    for name, where in SECTIONS:
        model = defs[name]
        out.append(f"### {name}\n")
        out.append(f"Where: `{where}`. {_cell(model.get('description', ''))}\n")
        out.append("| field | type | default | bounds | description |")
        out.append("|---|---|---|---|---|")
        required = set(model.get("required", []))
        for field, prop in model["properties"].items():
            desc = prop.get("description", "")
            if "x-dimension" in prop and desc.endswith("with units, e.g. " + repr(
                    prop.get("examples", [""])[0])):
                desc = ""
            out.append(f"| `{field}` | {_cell(_type(prop))} | "
                       f"{_cell(_default(prop, field in required))} | "
                       f"{_cell(_field_bounds(name, field, prop))} | "
                       f"{_cell(desc)} |")
        out.append("")
    return "\n".join(out)


def example() -> str:
    """Return the worked example: the file and what ``opendome validate`` says of it."""
    text = EXAMPLE.read_text().rstrip("\n")
    summary = load_scenario(EXAMPLE).summary()
    return (f"```yaml\n{text}\n```\n\n"
            f"`opendome validate docs/examples/two-country-raid.yaml` prints:\n\n"
            f"```\nok: {summary}\n```\n")


def render(current: str) -> str:
    """Return ``current`` with every generated block replaced by a fresh one."""
    blocks = {"reference": reference(), "example": example()}
    for key, body in blocks.items():
        pattern = re.compile(rf"(<!-- BEGIN GENERATED {key}[^>]*-->\n).*?(<!-- END GENERATED "
                             rf"{key} -->)", re.S)
        if not pattern.search(current):
            raise SystemExit(f"{DOC}: no '<!-- BEGIN GENERATED {key} -->' block")
        current = pattern.sub(lambda m, body=body: m.group(1) + body + "\n" + m.group(2),
                              current)
    return current


def main(argv: list[str]) -> int:
    """Rewrite docs/scenarios.md, or with ``--check`` report whether it is up to date."""
    current = DOC.read_text()
    fresh = render(current)
    if "--check" in argv:
        if fresh != current:
            print(f"{DOC} is out of date: run python scripts/scenario_reference.py")
            return 1
        return 0
    DOC.write_text(fresh)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
