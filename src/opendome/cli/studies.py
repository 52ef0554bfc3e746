"""``opendome studies``: published figures beside OpenDome's values, each judged by a tolerance."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from opendome.cli.common import error, print_json, progress_status, show_progress, stdout

if TYPE_CHECKING:
    from opendome.api import StudyResult


def _print(results: list[StudyResult]) -> None:
    from opendome.validation.studies import format_value

    for r in results:
        verdict = "PASS" if r.passed else "FAIL"
        stdout.print(f"{verdict}  {r.name}: {r.title}", markup=False)
        stdout.print(f"      source:    {r.source}", markup=False)
        stdout.print(
            f"      published {format_value(r.published, r.unit)}  "
            f"opendome {format_value(r.opendome, r.unit)}  {r.unit}  ratio {r.ratio:.3f}  "
            f"({r.tolerance}){'  [slow]' if r.slow else ''}",
            markup=False,
        )
        for d in r.differences:
            stdout.print(f"      differs:   {d}", markup=False, soft_wrap=True)
    n_pass = sum(r.passed for r in results)
    stdout.print(f"{n_pass} of {len(results)} studies within tolerance", markup=False)


def studies(
    names: list[str] = typer.Argument(
        None, help="Studies to run (default: all). Unknown names list the known ones."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print a JSON list on stdout."),
) -> None:
    """Reproduce the published figures OpenDome can compute (docs/validation.md)."""
    from opendome.api import UnknownStudyError, run_studies

    try:
        with progress_status("studies", show_progress(as_json)) as say:
            results = run_studies(names or None, progress=say)
    except UnknownStudyError as exc:
        error("NAME", str(exc))
    if as_json:
        print_json([r.to_dict() for r in results])
    else:
        _print(results)


def register(app: typer.Typer) -> None:
    """Add the ``studies`` command."""
    app.command("studies")(studies)
