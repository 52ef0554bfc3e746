"""What ``opendome --help`` and ``opendome validate`` load: nothing they do not use.

The start-up time itself is measured in ``benchmarks/cli_startup.py`` (no timing here); these
tests hold the cause in place: a fresh interpreter runs the command and reports which of the
heavy packages it imported.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = ("numba", "scipy", "pint", "matplotlib", "highspy", "dask", "duckdb", "pyarrow",
         "pandas", "fastapi", "opendome.engine", "opendome.api")
"""Packages neither command needs (the kernels, units registry, solvers, views, stores)."""

_PROBE = """
import json, sys
from opendome.cli import main
try:
    main()
except SystemExit:
    pass
heavy = {heavy!r}
print(json.dumps(sorted(h for h in heavy if h in sys.modules)), file=sys.stderr)
"""


def _heavy_imports(*args: str) -> list[str]:
    proc = subprocess.run([sys.executable, "-c", _PROBE.format(heavy=HEAVY), *args],
                          capture_output=True, text=True, timeout=120, check=False)
    return list(json.loads(proc.stderr.strip().splitlines()[-1]))


@pytest.mark.parametrize("args", [("--help",), ("validate", "cruise-missiles"),
                                  ("validate", "golden-dome-limited")])
def test_help_and_validate_import_no_heavy_package(args: tuple[str, ...]) -> None:
    assert _heavy_imports(*args) == []


def test_validate_of_a_good_file_prints_without_rich() -> None:
    # rich renders help, tables and errors; a one-line "ok" needs none of it
    proc = subprocess.run([sys.executable, "-c", _PROBE.format(heavy=("rich",)), "validate",
                           "cruise-missiles"], capture_output=True, text=True, timeout=120,
                          check=False)
    assert proc.stdout.startswith("ok: cruise-missiles")
    assert json.loads(proc.stderr.strip().splitlines()[-1]) == []
