"""Start-up time of the command line, as a ratio to ``python -c "import numpy"``.

Times ``opendome --help`` (and ``opendome validate FILE`` on a built-in scenario file) in fresh
processes, alternating with the baseline ``python -c "import numpy"`` in the same run, and
prints the medians and their ratios (issue 9 aims at a ``--help`` ratio of 3 or less). Usage::

    .venv/bin/python benchmarks/cli_startup.py [--repeats 7]

Each process is a fresh interpreter with the same ``sys.executable``; the opendome command is
run as ``python -m opendome.cli`` equivalent to the console script (no shell, no shims). The
processes may write bytecode (into a temporary ``PYTHONPYCACHEPREFIX``, not the source tree),
as an installed package has it: with ``PYTHONDONTWRITEBYTECODE`` set, every run would compile
the package's own modules again, which no user of an installed OpenDome pays.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CLI = "from opendome.cli import main; main()"


def _time(argv: list[str], env: dict[str, str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env=env)
    return time.perf_counter() - t0


def main() -> int:
    """Measure and print the ratios."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeats", type=int, default=7, help="runs of each command (median)")
    args = ap.parse_args()
    scenario = next((ROOT / "src" / "opendome" / "scenario" / "builtin").glob("*.yaml"))
    cases = {
        "python -c 'import numpy'": [sys.executable, "-c", "import numpy"],
        "opendome --help": [sys.executable, "-c", CLI, "--help"],
        f"opendome validate {scenario.name}": [sys.executable, "-c", CLI, "validate",
                                               str(scenario)],
    }
    with tempfile.TemporaryDirectory(prefix="opendome-pycache-") as cache:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = cache
        for argv in cases.values():  # warm the file cache and the bytecode
            _time(argv, env)
        runs: dict[str, list[float]] = {k: [] for k in cases}
        for _ in range(args.repeats):
            for name, argv in cases.items():
                runs[name].append(_time(argv, env))
    base = statistics.median(runs["python -c 'import numpy'"])
    print(f"{'command':<44}{'median s':>10}{'ratio':>8}")
    for name, times in runs.items():
        med = statistics.median(times)
        print(f"{name:<44}{med:>10.3f}{med / base:>8.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
