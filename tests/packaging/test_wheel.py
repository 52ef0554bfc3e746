"""The built distribution is complete: a wheel installed outside the source tree runs a scenario.

Builds the sdist and the wheel with ``python -m build`` (PEP 517, isolated build from PyPI),
installs the wheel into a fresh virtual environment in a temporary folder, and runs the default
scenario there from a working directory outside the repository. This catches data files
(built-in scenarios, catalog YAML, templates, web assets) missing from the package, which an
editable install hides.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


def _run(cmd: list[str], cwd: Path, **kw: object) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, check=False,
                          **kw)  # type: ignore[call-overload]


def test_wheel_installs_and_runs_outside_the_tree(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    built = _run([sys.executable, "-m", "build", "--sdist", "--wheel", "--outdir", str(dist),
                  str(ROOT)], cwd=tmp_path)
    assert built.returncode == 0, built.stderr[-3000:]
    wheels = list(dist.glob("opendome-*.whl"))
    assert len(wheels) == 1 and list(dist.glob("opendome-*.tar.gz"))
    names = zipfile.ZipFile(wheels[0]).namelist()
    # the package data an editable install would hide
    assert any(n.startswith("opendome/scenario/builtin/") and n.endswith(".yaml") for n in names)
    assert any(n.startswith("opendome/catalog/data/") and n.endswith(".yaml") for n in names)

    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    py = env_dir / "bin" / "python"
    installed = _run([str(py), "-m", "pip", "install", "--quiet", str(wheels[0])], cwd=tmp_path)
    assert installed.returncode == 0, installed.stderr[-3000:]

    work = tmp_path / "elsewhere"
    work.mkdir()
    result = _run([str(env_dir / "bin" / "opendome"), "run", "--trials", "1000", "--seed", "1",
                   "--json"], cwd=work)
    assert result.returncode == 0, result.stderr[-3000:]
    summary = json.loads(result.stdout)
    assert summary["trials"] == 1000
    assert 0.0 <= summary["p_no_leak"] <= 1.0
    # the installed package is the wheel's, not the source tree's
    where = _run([str(py), "-c", "import opendome; print(opendome.__file__)"], cwd=work)
    assert str(env_dir) in where.stdout
    versions = _run([str(py), "-m", "opendome", "--version"], cwd=work)
    assert versions.returncode == 0 and "numpy" in versions.stdout
