"""The published WTA benchmark: where its files are, which instances, their best known values.

Instances and results of Andersen, Pavlikov & Toffolo, "Weapon-target assignment problem: exact
and approximate solution algorithms", Annals of Operations Research (2022), kept in
``../shared/benchmarks/wta`` beside the repository (README.md there gives the format).
"""

from __future__ import annotations

import csv
import os
import re
from dataclasses import dataclass
from pathlib import Path

#: Environment variable naming the folder of the benchmark instances (overrides the default
#: ``<repo root>/../shared/benchmarks/wta``).
BENCHMARK_DIR_ENV = "OPENDOME_WTA_DIR"

_NAME = re.compile(r"wta_(\d+)x(\d+)x(\d+)\.txt$")


@dataclass(frozen=True)
class BestKnown:
    """Best known values of one instance over all approaches of ``results.csv``.

    ``upper`` is the smallest objective reported, ``lower`` the largest bound reported (both as
    published: some approaches report the objective of their approximate model, see
    docs/battle.md).
    """

    upper: float
    lower: float


def benchmark_dir() -> Path | None:
    """Return the folder of the shared benchmark instances, or ``None`` when it is absent.

    ``$OPENDOME_WTA_DIR`` if set, else ``<repo root>/../shared/benchmarks/wta`` where the repo
    root is the checkout holding this (editable-installed) package.
    """
    env = os.environ.get(BENCHMARK_DIR_ENV)
    if env:
        return Path(env) if Path(env).is_dir() else None
    repo_root = Path(__file__).resolve().parents[3]
    cand = repo_root.parent / "shared" / "benchmarks" / "wta"
    return cand if cand.is_dir() else None


def instance_files(folder: Path) -> list[Path]:
    """Instance files ``wta_{m}x{n}x{mu}.txt`` of ``folder``, by size then ``mu``."""

    def key(path: Path) -> tuple[int, int, int]:
        match = _NAME.search(path.name)
        assert match is not None
        m, n, mu = (int(g) for g in match.groups())
        return (m, n, mu)

    return sorted((p for p in folder.glob("wta_*.txt") if _NAME.search(p.name)), key=key)


def best_known(folder: Path) -> dict[str, BestKnown]:
    """Best known values per instance name ``"{m}x{n}x{mu}"`` from ``folder/results.csv``.

    The file holds one block per approach (a line ``Approach: NAME``, a header, then rows
    ``,m,n,mu,delta,LB,UB,Gap,Time``); the best upper value is the minimum UB over approaches,
    the best lower value the maximum LB.
    """
    upper: dict[str, float] = {}
    lower: dict[str, float] = {}
    with open(folder / "results.csv", newline="") as fh:
        for row in csv.reader(fh):
            if len(row) < 9 or not row[1].strip().isdigit():
                continue
            name = f"{int(row[1])}x{int(row[2])}x{int(row[3])}"
            lb, ub = float(row[5]), float(row[6])
            upper[name] = min(upper.get(name, ub), ub)
            lower[name] = max(lower.get(name, lb), lb)
    return {k: BestKnown(upper[k], lower[k]) for k in upper}
