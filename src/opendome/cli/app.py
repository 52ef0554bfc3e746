"""The typer application: one module per command group, registered here."""

from __future__ import annotations

import typer

import opendome
from opendome.cli.errors import OneLineErrorGroup

app = typer.Typer(
    cls=OneLineErrorGroup,
    name="opendome",
    help="OpenDome: open, physics-based analysis of global multi-tier missile defense.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


KEY_DEPENDENCIES = ("numpy", "numba", "scipy", "pydantic", "pint", "pyarrow", "highspy")
"""Packages whose versions ``--version`` prints beside OpenDome's (for bug reports)."""


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        typer.echo(f"opendome {opendome.__version__}")
        for name in KEY_DEPENDENCIES:
            try:
                typer.echo(f"{name} {version(name)}")
            except PackageNotFoundError:
                typer.echo(f"{name} not installed")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True,
        help="Print the versions of OpenDome and its key dependencies, and exit."
    ),
) -> None:
    """OpenDome: open, physics-based analysis of global multi-tier missile defense."""


# Command groups register themselves below, one line each (keep alphabetical).
# Pattern: `from opendome.cli.<name> import register as _register_<name>`, then
# `_register_<name>(app)`, where `register(app: typer.Typer) -> None` adds the commands
# (see CONTRIBUTING.md). A command module imports only typer and cli.common at the top and the
# rest of the package inside its command functions, so that `opendome --help` stays fast
# (benchmarks/cli_startup.py).
from opendome.cli.assign import register as _register_assign  # noqa: E402

_register_assign(app)
from opendome.cli.compare import register as _register_compare  # noqa: E402

_register_compare(app)
from opendome.cli.constellation import register as _register_constellation  # noqa: E402

_register_constellation(app)
from opendome.cli.inputs import register as _register_inputs  # noqa: E402

_register_inputs(app)
from opendome.cli.run import register as _register_run  # noqa: E402

_register_run(app)
from opendome.cli.cost import register as _register_cost  # noqa: E402

_register_cost(app)
from opendome.cli.stability import register as _register_stability  # noqa: E402

_register_stability(app)
from opendome.cli.studies import register as _register_studies  # noqa: E402

_register_studies(app)
from opendome.cli.sweep import register as _register_sweep  # noqa: E402

_register_sweep(app)
from opendome.cli.trajectory import register as _register_trajectory  # noqa: E402

_register_trajectory(app)
from opendome.cli.views import register as _register_views  # noqa: E402

_register_views(app)
