"""Built-in example sweeps (``opendome sweep NAME``); see ``docs/studies.md``."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def builtin_sweep_names() -> list[str]:
    """Return the names of the built-in sweeps."""
    folder = resources.files("opendome.sweep").joinpath("builtin")
    return sorted(f.name.removesuffix(".yaml") for f in folder.iterdir()
                  if f.name.endswith(".yaml"))


def builtin_sweep_text(name: str) -> str:
    """Return the YAML text of a built-in sweep."""
    return resources.files("opendome.sweep").joinpath("builtin", f"{name}.yaml").read_text()


def builtin_folder() -> Path:
    """Return the folder of the built-in sweeps (their bases are relative to it)."""
    return Path(str(resources.files("opendome.sweep").joinpath("builtin")))
