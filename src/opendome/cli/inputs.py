"""Commands about inputs: ``validate``, ``schema``, ``scenarios`` (list, show), ``catalog``."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

import typer

from opendome.cli.common import fail, print_json, stdout


def validate(
    file: str = typer.Argument(..., help="Scenario YAML file, or a built-in scenario's name."),
) -> None:
    """Check a scenario: a one-line summary, or one line per problem (exit 1)."""
    from opendome.scenario import ScenarioError, resolve_scenario
    try:
        scenario = resolve_scenario(file)
    except ScenarioError as exc:
        fail([f"{exc.source}: {p}" for p in exc.problems])
    typer.echo(f"ok: {scenario.summary()}")  # plain: rich is not needed (fast start)


def schema() -> None:
    """Print the JSON Schema of scenario files (for editors; catalog names as enums)."""
    from opendome.catalog import load_catalog
    from opendome.scenario.schema import scenario_json_schema

    print_json(scenario_json_schema(load_catalog()))


scenarios_app = typer.Typer(
    help="The built-in scenarios: list them (no subcommand), or show one's YAML.",
    no_args_is_help=False, invoke_without_command=True)


@scenarios_app.callback()
def scenarios(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """List the built-in scenarios and where their numbers come from."""
    if ctx.invoked_subcommand is not None:
        return
    from opendome.scenario import DEFAULT_SCENARIO, builtin_names, builtin_scenario

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


@scenarios_app.command("show")
def show(name: str = typer.Argument(..., help="Name of a built-in scenario.")) -> None:
    """Print a built-in scenario's YAML, to start a scenario of your own from."""
    from opendome.scenario import ScenarioError, builtin_text

    try:
        text = builtin_text(name)
    except ScenarioError as exc:
        fail([f"NAME: {p.split(': ', 1)[-1]}" for p in exc.problems])
    typer.echo(text, nl=not text.endswith("\n"))


def catalog(as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """List missile classes and interceptor types with every value's public source."""
    from opendome.catalog import load_catalog
    from opendome.report.tables import catalog_tables

    cat = load_catalog()
    if as_json:
        data = {
            "missiles": {k: {"name": m.name, "kind": m.kind, "flight_profile": m.flight_profile,
                             "parameters": {p: asdict(v) for p, v in m.params.items()}}
                         for k, m in cat.missiles.items()},
            "interceptors": {k: {"name": i.name, "kind": i.kind, "basing": i.basing,
                                 "phases": list(i.phases),
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
    app.add_typer(scenarios_app, name="scenarios")
    app.command("catalog")(catalog)
