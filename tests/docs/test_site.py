"""The documentation site builds in strict mode, with its API reference and executed tutorial.

`mkdocs build --strict` fails on a broken link, a missing page in the navigation, an API name that
no longer exists and on any error in the tutorial notebook, which mkdocs-jupyter executes top to
bottom while it builds (so the notebook runs in `make test` too).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from opendome import api

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    # mkdocs-jupyter caches executed notebooks by their text: start without it, so the tutorial
    # really runs against the code as it is now
    shutil.rmtree(ROOT / ".cache" / "mkdocs-jupyter", ignore_errors=True)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", MPLBACKEND="Agg")
    built = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir",
                            str(out)], cwd=ROOT, env=env, capture_output=True, text=True,
                           check=False)
    assert built.returncode == 0, built.stdout[-2000:] + built.stderr[-4000:]
    return out


def test_every_public_name_has_its_reference_entry(site: Path) -> None:
    page = (site / "reference" / "api" / "index.html").read_text()
    documented = set(re.findall(r'id="opendome\.api\.([A-Za-z_][A-Za-z_0-9]*)"', page))
    assert set(api.__all__) <= documented


def test_tutorial_is_rendered_with_its_outputs(site: Path) -> None:
    page = (site / "tutorial" / "index.html").read_text()
    # executed cells leave their outputs (and the run's figures as images) in the page
    assert "golden-dome-limited" in page
    assert "jp-OutputArea" in page
