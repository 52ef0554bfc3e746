"""Commands about inputs: ``validate``, ``schema``, ``scenarios``, ``catalog``."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Any

import typer

from opendome.catalog import load_catalog
from opendome.cli.common import fail, print_json, stdout
from opendome.report.tables import catalog_tables
from opendome.scenario import (
    DEFAULT_SCENARIO,
    Scenario,
    ScenarioError,
    builtin_names,
    builtin_scenario,
    load_scenario,
)


def validate(file: Path = typer.Argument(..., help="Scenario YAML file to check.")) -> None:
    """Check a scenario file: a one-line summary, or one line per problem (exit 1)."""
    try:
        scenario = load_scenario(file)
    except ScenarioError as exc:
        fail([f"{exc.source}: {p}" for p in exc.problems])
    stdout.print(f"ok: {scenario.summary()}", markup=False)


def schema() -> None:
    """Print the JSON Schema of scenario files (for editors)."""
    print_json(Scenario.model_json_schema())


def scenarios(as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """List the built-in scenarios and where their numbers come from."""
    items: list[dict[str, Any]] = []
    for name in builtin_names():
        sc = builtin_scenario(name)
        items.append({"name": name, "default": name == DEFAULT_SCENARIO,
                      "summary": sc.summary(), "description": sc.description.strip(),
                      "sources": sc.sources})
    if as_json:
        print_json(items)
        return
    for item in items:
        flag = " (default)" if item["default"] else ""
        stdout.print(f"[bold]{item['name']}[/bold]{flag}")
        stdout.print(f"  {item['description']}", markup=False)
        for src in item["sources"]:
            stdout.print(f"  - {src}", markup=False)


def catalog(as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """List missile classes and interceptor types with every value's public source."""
    cat = load_catalog()
    if as_json:
        data = {
            "missiles": {k: {"name": m.name, "flight_profile": m.flight_profile,
                             "parameters": {p: asdict(v) for p, v in m.params.items()}}
                         for k, m in cat.missiles.items()},
            "interceptors": {k: {"name": i.name, "basing": i.basing, "phases": list(i.phases),
                                 "parameters": {p: asdict(v) for p, v in i.params.items()},
                                 "pk": {c: asdict(v) for c, v in i.pk.items()}}
                             for k, i in cat.interceptors.items()},
        }
        print_json(data)
        return
    for table in catalog_tables(cat):
        stdout.print(table)


def register(app: typer.Typer) -> None:
    """Add the input commands to the application."""
    app.command("validate")(validate)
    app.command("schema")(schema)
    app.command("scenarios")(scenarios)
    app.command("catalog")(catalog)
