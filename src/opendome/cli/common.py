"""Helpers shared by the command modules: one error style, checks, JSON output, output folders.

Bad input, in every command: one line ``error: <option or field>: <problem and fix>`` on stderr
and exit code 1 (:func:`error`); typer/click usage errors are turned into the same line by
:class:`OneLineErrorGroup`. Nothing here imports more than numpy and rich at start-up: command
modules import the rest of the package inside their command functions, so ``opendome --help``
starts fast (``benchmarks/cli_startup.py``).
"""

from __future__ import annotations

import json
import math
import os
import re
import stat
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import typer
from rich.console import Console
from typer.core import TyperGroup

try:  # typer >= 0.2x vendors click as typer._click; older typer uses click itself
    from typer._click import core as click_core
    from typer._click import exceptions as click_exc
except ImportError:  # pragma: no cover - depends on the installed typer
    from click import core as click_core  # type: ignore[no-redef]
    from click import exceptions as click_exc  # type: ignore[no-redef]

if TYPE_CHECKING:
    from opendome.scenario import Scenario

# Pipes and files get a fixed width (rich would otherwise wrap at 80 columns).
stdout = Console(highlight=False, width=None if sys.stdout.isatty() else 120)
stderr = Console(stderr=True, highlight=False, width=None if sys.stderr.isatty() else 120)

MAX_NAME_CHARS = 64
"""Longest file or folder name derived from user text (:func:`safe_name`)."""


# ----------------------------------------------------------------------------- errors


def error(where: str, problem: str) -> NoReturn:
    """Print ``error: <where>: <problem>`` on stderr and exit 1 (the one error of every command).

    ``where`` is the option (``--alt``) or the field path in a file; ``problem`` says what is
    wrong and how to fix it.
    """
    fail([f"{where}: {problem}"])


def fail(lines: list[str], code: int = 1) -> NoReturn:
    """Print one ``error: ...`` line per problem on stderr and exit 1 (no traceback).

    ``code`` is kept for old callers; bad input always exits 1.
    """
    del code
    for line in lines:
        text = line if line.startswith("error: ") else f"error: {line}"
        stderr.print(" ".join(text.split()), markup=False, soft_wrap=True)
    raise typer.Exit(1)


def _param_name(exc: click_exc.UsageError) -> str:
    param = getattr(exc, "param", None)
    if param is not None:
        opts = [o for o in getattr(param, "opts", []) if o.startswith("--")]
        if opts:
            return opts[0]
        return str(getattr(param, "human_readable_name", param.name)).upper()
    hint = getattr(exc, "param_hint", None)
    if hint:
        return str(hint).split(" / ")[0].strip("'\"")
    name = getattr(exc, "option_name", None)
    if name:
        return str(name)
    return exc.ctx.command_path if exc.ctx is not None else "opendome"


def usage_error(exc: click_exc.UsageError) -> typer.Exit:
    """Print a click usage error as the one error line; return the exit to raise."""
    where = _param_name(exc)
    message = exc.message.rstrip(".")
    if isinstance(exc, click_exc.MissingParameter):
        message = "missing; give it (see --help)"
    elif isinstance(exc, click_exc.NoSuchOption):
        message = f"no such option{'; ' + message if 'Did you mean' in message else ''}"
    path = exc.ctx.command_path if exc.ctx is not None else "opendome"
    stderr.print(f"error: {where}: {message} (see `{path} --help`)", markup=False,
                 soft_wrap=True)
    return typer.Exit(1)


class OneLineErrorGroup(TyperGroup):
    """The root command group: usage errors become the one-line error with exit code 1."""

    def make_context(self, info_name: str | None, args: list[str],
                     parent: click_core.Context | None = None, **extra: Any) -> click_core.Context:
        """Parse the root options; a usage error exits 1 with one line."""
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click_exc.UsageError as exc:
            raise usage_error(exc) from None

    def invoke(self, ctx: click_core.Context) -> Any:
        """Run the sub-command; its usage errors exit 1 with one line."""
        try:
            return super().invoke(ctx)
        except click_exc.UsageError as exc:
            raise usage_error(exc) from None


# ----------------------------------------------------------------------------- checks


def number(value: float, option: str, *, low: float | None = None, high: float | None = None,
           low_open: bool = False, unit: str = "") -> float:
    """Return ``value`` if finite and within ``[low, high]`` (``(low, ...`` if ``low_open``).

    NaN and infinity are refused here (click's ranges let NaN through).
    """
    unit_s = f" {unit}" if unit else ""
    bounds = []
    if low is not None:
        bounds.append(f"{'>' if low_open else '>='} {low:g}{unit_s}")
    if high is not None:
        bounds.append(f"<= {high:g}{unit_s}")
    want = f"give a number {' and '.join(bounds)}" if bounds else "give a finite number"
    ok = math.isfinite(value)
    if ok and low is not None:
        ok = value > low if low_open else value >= low
    if ok and high is not None:
        ok = value <= high
    if not ok:
        error(option, f"{want}, got {value:g}")
    return value


def regular_file(path: Path, option: str, max_bytes: int = 100_000_000) -> Path:
    """Return ``path`` if it is an existing regular file (not a folder, FIFO or device)."""
    try:
        st = path.stat()
    except OSError:
        error(option, f"{path}: no such file; check the path")
    if stat.S_ISDIR(st.st_mode):
        error(option, f"{path} is a folder; give a file")
    if not stat.S_ISREG(st.st_mode):
        error(option, f"{path} is not a regular file (a pipe or device?); give a file")
    if st.st_size > max_bytes:
        error(option, f"{path} is {st.st_size:,} bytes, over the limit of {max_bytes:,}")
    return path


def read_text(path: Path, option: str) -> str:
    """Read a regular UTF-8 text file, or exit with the one error line."""
    data = regular_file(path, option).read_bytes()
    if b"\x00" in data[:4096]:
        error(option, f"{path} is a binary file; give a UTF-8 text file")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        error(option, f"{path} is not UTF-8 text (byte {exc.start}); save it as UTF-8")


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


# ----------------------------------------------------------------------------- output


def json_safe(x: Any) -> Any:
    """Return ``x`` with numpy scalars as Python numbers and non-finite floats as None."""
    if hasattr(x, "item") and type(x).__module__ == "numpy":
        x = x.item()
    if isinstance(x, float) and not math.isfinite(x):
        return None
    if isinstance(x, dict):
        return {str(k): json_safe(v) for k, v in x.items()}
    if isinstance(x, list | tuple):
        return [json_safe(v) for v in x]
    return x


def print_json(data: Any) -> None:
    """Print ``data`` as strict JSON on stdout (and nothing else); see :func:`json_safe`."""
    sys.stdout.write(json.dumps(json_safe(data), indent=2, allow_nan=False) + "\n")


def scenario_or_exit(spec: str | None) -> Scenario:
    """Resolve a scenario path or built-in name; on a problem, print it and exit 1."""
    from opendome.scenario import ScenarioError, resolve_scenario

    try:
        return resolve_scenario(spec)
    except ScenarioError as exc:
        fail([f"{exc.source}: {p}" for p in exc.problems])


@contextmanager
def progress_bar(description: str, total: int, show: bool) -> Iterator[Callable[[int], None]]:
    """Show a transient progress bar on stderr (if ``show``); yield ``advance(n)``."""
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(TextColumn("{task.description}"), BarColumn(),
                  TextColumn("{task.completed:,}/{task.total:,}"), TimeRemainingColumn(),
                  console=stderr, transient=True, disable=not show) as bar:
        task = bar.add_task(description, total=total)
        yield lambda n: bar.advance(task, n)


@contextmanager
def progress_status(description: str, show: bool) -> Iterator[Callable[[str], None]]:
    """Show a transient spinner with a changing message (work of unknown length)."""
    from rich.progress import Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("{task.description}"), TimeElapsedColumn(), console=stderr,
                  transient=True, disable=not show) as bar:
        task = bar.add_task(description, total=None)
        yield lambda message: bar.update(task, description=f"{description}: {message}")


def show_progress(as_json: bool) -> bool:
    """Return whether to draw progress: on a terminal, and not when printing JSON."""
    return not as_json and stderr.is_terminal
