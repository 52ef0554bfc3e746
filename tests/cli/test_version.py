"""`opendome --version` and `python -m opendome --version`: versions for bug reports."""

import subprocess
import sys

import numpy
import pydantic
import scipy

import opendome


def test_version_names_opendome_and_its_key_dependencies():
    out = subprocess.run([sys.executable, "-m", "opendome", "--version"], capture_output=True,
                         text=True, check=True).stdout.splitlines()
    versions = dict(line.split(" ", 1) for line in out)
    assert versions["opendome"] == opendome.__version__
    # the versions the running interpreter imports (an independent source)
    assert versions["numpy"] == numpy.__version__
    assert versions["scipy"] == scipy.__version__
    assert versions["pydantic"] == pydantic.VERSION
    assert "numba" in versions
