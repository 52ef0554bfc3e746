"""What the commands print and write: strict JSON, progress on stderr, output folders.

``--json`` prints JSON only on stdout (:func:`print_json`, through the package's one JSON
helper :func:`opendome.report.jsonable.json_safe`); progress and messages go to stderr, and
only on a terminal (:func:`show_progress`). Outputs go through :func:`output_folder` (refuses an
existing file or an unwritable path) and names made from user text through :func:`safe_name`.
Nothing here imports more than rich at start-up.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from opendome.cli.errors import error, stderr, stdout
from opendome.report.jsonable import json_safe, json_text

__all__ = ["MAX_NAME_CHARS", "json_safe", "output_folder", "print_json", "progress_bar",
           "progress_status", "safe_name", "show_progress", "stderr", "stdout",
           "stdout_to_stderr", "writing"]

MAX_NAME_CHARS = 64
"""Longest file or folder name derived from user text (:func:`safe_name`)."""


def print_json(data: Any) -> None:
    """Print ``data`` as strict JSON on stdout (and nothing else); see :func:`json_safe`."""
    sys.stdout.write(json_text(data) + "\n")


@contextmanager
def stdout_to_stderr() -> Iterator[None]:
    """Send what C libraries print on file descriptor 1 to stderr (keeps ``--json`` clean)."""
    sys.stdout.flush()
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # captured stdout (tests): nothing to redirect
        yield
        return
    saved = os.dup(fd)
    try:
        os.dup2(sys.stderr.fileno(), fd)
        yield
    finally:
        sys.stdout.flush()
        os.dup2(saved, fd)
        os.close(saved)


@contextmanager
def progress_bar(description: str, total: int, show: bool) -> Iterator[Callable[[int], None]]:
    """Show a transient progress bar on stderr (if ``show``); yield ``advance(n)``."""
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(TextColumn("{task.description}"), BarColumn(),
                  TextColumn("{task.completed:,}/{task.total:,}"), TimeRemainingColumn(),
                  console=stderr.console, transient=True, disable=not show) as bar:
        task = bar.add_task(description, total=total)
        yield lambda n: bar.advance(task, n)


@contextmanager
def progress_status(description: str, show: bool) -> Iterator[Callable[[str], None]]:
    """Show a transient spinner with a changing message (work of unknown length)."""
    from rich.progress import Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("{task.description}"), TimeElapsedColumn(), console=stderr.console,
                  transient=True, disable=not show) as bar:
        task = bar.add_task(description, total=None)
        yield lambda message: bar.update(task, description=f"{description}: {message}")


def show_progress(as_json: bool) -> bool:
    """Return whether to draw progress: on a terminal, and not when printing JSON."""
    return not as_json and stderr.is_terminal


def safe_name(text: str, fallback: str = "scenario") -> str:
    """Return a file or folder name made from user text: letters, digits, ``-``, ``_``.

    Path separators, dots (``..``), control characters and anything else become ``-``; the
    result is at most :data:`MAX_NAME_CHARS` long and never empty, so it cannot leave the
    folder it is joined to.
    """
    name = re.sub(r"[^A-Za-z0-9_-]+", "-", text).strip("-_")[:MAX_NAME_CHARS].strip("-_")
    return name or fallback


def output_folder(path: Path, option: str = "--out") -> Path:
    """Check that ``path`` can be the output folder, without creating it; exit if it cannot.

    Refuses an existing file, a path below a file, and a place where no folder can be made
    (probed with a temporary folder in the nearest existing parent, removed at once). The folder
    itself is made by whoever writes the first output, so a run refused later writes nothing.
    """
    if path.exists() and not path.is_dir():
        error(option, f"{path} exists and is not a folder; give a new or existing folder")
    parent = path
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    if not parent.is_dir():
        error(option, f"{parent} is not a folder; give a folder path")
    try:
        probe = tempfile.mkdtemp(prefix=".opendome-probe-", dir=parent)
    except OSError as exc:
        error(option, f"cannot write in {parent} ({exc.strerror}); give a writable folder")
    os.rmdir(probe)
    return path


@contextmanager
def writing(option: str = "--out") -> Iterator[None]:
    """Turn an OS error while writing outputs into the one error line."""
    try:
        yield
    except OSError as exc:
        error(option, f"cannot write {exc.filename or 'the output'} ({exc.strerror}); "
              "give a writable folder")
