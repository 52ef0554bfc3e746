"""``opendome assign FILE``: solve one static weapon-target assignment instance."""

from __future__ import annotations

from pathlib import Path

import typer

from opendome.cli.common import error, number, print_json, read_text, stdout_to_stderr

MAX_CELLS = 10_000_000
"""Largest weapons x targets instance read (a dense 10 M-cell matrix is 80 MB)."""


def assign(
    file: Path | None = typer.Argument(
        None,
        help="Instance file: the first line 'm n mu', then the values V_j, then the kill "
        "probabilities p_ij, row by row (docs/battle.md); or the bare name of a benchmark "
        "instance, e.g. wta_50x100x2.",
        show_default=False,
    ),
    solver: str = typer.Option("heuristic", "--solver", "-s", help="Solver name (see --list)."),
    time_limit: float = typer.Option(10.0, "--time-limit",
                                     help="Wall-time limit in seconds (0 < limit <= 86,400)."),
    seed: int = typer.Option(0, "--seed", min=0, help="Seed of the stochastic solvers."),
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
    from opendome.battle.problem import WTAFormatError, parse_instance
    from opendome.battle.registry import SOLVERS, get_solver

    if list_solvers:
        for spec in SOLVERS.values():
            kind = "exact" if spec.exact else "heuristic"
            size = "any size" if spec.max_cells is None else f"m*n <= {spec.max_cells}"
            typer.echo(f"{spec.name:12s} {kind:9s} {size:15s} {spec.description}")
        raise typer.Exit()

    if file is None:
        error("FILE", "missing; give an instance file or a benchmark name (or --list)")
    number(time_limit, "--time-limit", low=0, low_open=True, high=86_400, unit="s")
    try:
        spec = get_solver(solver)
    except ValueError as exc:
        error("--solver", f"{exc}; see --list")
    path = file
    if not path.exists() and not path.is_symlink():
        bench = benchmark_dir()
        cand = None if bench is None else bench / f"{file.name.removesuffix('.txt')}.txt"
        if cand is None or not cand.exists():
            error("FILE", f"{file}: no such file or benchmark instance; check the path")
        path = cand
    text = read_text(path, "FILE")
    head = text.split(None, 2)[:2]
    if len(head) == 2 and all(h.isdigit() for h in head) and int(head[0]) * int(head[1]) > \
            MAX_CELLS:
        error("FILE", f"{path}: {int(head[0]):,} x {int(head[1]):,} is over the limit of "
              f"{MAX_CELLS:,} weapon-target cells")
    try:
        inst = parse_instance(text, name=path.stem, source=str(path))
    except (WTAFormatError, ValueError) as exc:
        error("FILE", str(exc))
    m, n = inst.n_weapons, inst.n_targets
    if not spec.suits(m, n, inst.inventory):
        error("--solver", f"{spec.name!r} does not suit a {m}x{n} instance: use 'heuristic'")
    with stdout_to_stderr():  # HiGHS prints its banner on file descriptor 1
        res = spec.solve(inst.values, inst.p, inst.inventory, time_limit_s=time_limit,
                         seed=seed)
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
