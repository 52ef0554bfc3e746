"""The one error of every command, and the command groups that turn usage errors into it.

Bad input: one line ``error: <option or field>: <problem and fix>`` on stderr, exit code 1, no
traceback (:func:`error`). Typer/click usage errors (unknown option, missing argument, a value
outside ``min=``/``max=``) become ``error: <option>: <problem> (see `<command> --help`)``
(:class:`OneLineErrorGroup`). The two consoles live here too, so that printing an error needs
nothing else; they are made on first use, so a command that prints nothing through rich
(``opendome validate`` of a good file) never imports it.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any, NoReturn

import typer
from typer.core import TyperGroup

if TYPE_CHECKING:
    from rich.console import Console

try:  # typer >= 0.2x vendors click as typer._click; older typer uses click itself
    from typer._click import core as click_core
    from typer._click import exceptions as click_exc
except ImportError:  # pragma: no cover - depends on the installed typer
    from click import core as click_core  # type: ignore[no-redef]
    from click import exceptions as click_exc  # type: ignore[no-redef]


class LazyConsole:
    """A rich console for stdout or stderr, made on first use (rich is not imported before).

    Pipes and files get a fixed width of 120 columns (rich would otherwise wrap at 80).
    """

    def __init__(self, stderr: bool) -> None:
        self._stderr = stderr
        self._console: Console | None = None

    @property
    def console(self) -> Console:
        """Return the rich console itself (made now if not yet)."""
        if self._console is None:
            from rich.console import Console

            stream = sys.stderr if self._stderr else sys.stdout
            self._console = Console(stderr=self._stderr, highlight=False,
                                    width=None if stream.isatty() else 120)
        return self._console

    def __getattr__(self, name: str) -> Any:
        """Return the console's attribute (``print``, ``is_terminal`` ...)."""
        return getattr(self.console, name)


stdout = LazyConsole(stderr=False)
stderr = LazyConsole(stderr=True)


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


def default_command_group(command: str) -> type[TyperGroup]:
    """Return a group class where an unknown first word is the argument of ``command``.

    ``opendome sweep SPEC`` runs ``sweep run SPEC``; ``opendome stability NAME`` runs
    ``stability scenario NAME``.
    """

    class DefaultCommandGroup(TyperGroup):
        def resolve_command(self, ctx: Any, args: list[str]) -> Any:
            """Route ``GROUP WORD ...`` to ``GROUP <command> WORD ...`` for an unknown WORD."""
            if args and args[0] not in self.commands and not args[0].startswith("-"):
                return command, self.commands[command], args
            return super().resolve_command(ctx, args)

    DefaultCommandGroup.__name__ = f"DefaultTo{command.title()}Group"
    return DefaultCommandGroup
