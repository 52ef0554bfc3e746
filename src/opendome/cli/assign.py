"""``opendome assign FILE``: solve one static weapon-target assignment instance."""

from __future__ import annotations

from pathlib import Path

import typer

from opendome.cli.common import print_json


def assign(
    file: Path = typer.Argument(
        ...,
        help="Instance file in the format of shared/benchmarks/wta/README.md "
        "(or the bare name of a benchmark instance, e.g. wta_50x100x2).",
        show_default=False,
    ),
    solver: str = typer.Option("heuristic", "--solver", "-s", help="Solver name (see --list)."),
    time_limit: float = typer.Option(10.0, "--time-limit", help="Wall-time limit in seconds."),
    seed: int = typer.Option(0, "--seed", help="Seed of the stochastic solvers."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
    show_assignment: bool = typer.Option(
        False, "--assignment", help="Also print the assignment (weapon, target, units)."
    ),
    list_solvers: bool = typer.Option(
        False, "--list", help="List the registered solvers and exit (FILE is ignored)."
    ),
) -> None:
    """Minimise the expected surviving value of a static weapon-target assignment instance."""
    # imported here so that other commands do not pay for numba / HiGHS at start-up
    from opendome.battle.benchmark import benchmark_dir
    from opendome.battle.problem import WTAFormatError, read_instance
    from opendome.battle.registry import SOLVERS, get_solver

    if list_solvers:
        for spec in SOLVERS.values():
            kind = "exact" if spec.exact else "heuristic"
            size = "any size" if spec.max_cells is None else f"m*n <= {spec.max_cells}"
            typer.echo(f"{spec.name:12s} {kind:9s} {size:15s} {spec.description}")
        raise typer.Exit()

    def fail(msg: str) -> typer.Exit:
        typer.echo(f"error: {msg}", err=True)
        return typer.Exit(1)

    try:
        spec = get_solver(solver)
    except ValueError as exc:
        raise fail(str(exc)) from None
    path = file
    if not path.exists():
        bench = benchmark_dir()
        cand = None if bench is None else bench / f"{file.name.removesuffix('.txt')}.txt"
        if cand is None or not cand.exists():
            raise fail(f"{file}: no such file")
        path = cand
    try:
        inst = read_instance(path)
    except WTAFormatError as exc:
        raise fail(str(exc)) from None
    m, n = inst.n_weapons, inst.n_targets
    if not spec.suits(m, n, inst.inventory):
        raise fail(f"solver {spec.name!r} does not suit a {m}x{n} instance: use 'heuristic'")
    res = spec.solve(inst.values, inst.p, inst.inventory, time_limit_s=time_limit, seed=seed)
    entries = [[int(i), int(j), int(res.x[i, j])] for i, j in zip(*res.x.nonzero(), strict=True)]
    if as_json:
        out = {"instance": str(path), "weapons": m, "targets": n, **res.as_dict()}
        if show_assignment:
            out["assignment"] = entries
        print_json(out)
        return
    typer.echo(f"instance   {path} ({m} weapons, {n} targets, {int(inst.inventory.sum())} units)")
    typer.echo(f"solver     {res.solver}")
    typer.echo(f"objective  {res.objective:.6f}")
    if res.bound is not None:
        gap = 100.0 * (res.gap or 0.0)
        typer.echo(f"bound      {res.bound:.6f} (gap {gap:.4f} %, optimal: {res.optimal})")
    typer.echo(f"seconds    {res.seconds:.3f}")
    if show_assignment:
        typer.echo("weapon target units")
        for i, j, k in entries:
            typer.echo(f"{i} {j} {k}")


def register(app: typer.Typer) -> None:
    """Add the ``assign`` command to the application."""
    app.command("assign")(assign)
