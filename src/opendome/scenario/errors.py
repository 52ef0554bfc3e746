"""Turn validation problems into one line each: the field path, what is wrong, how to fix it."""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any

from pydantic import BaseModel, ValidationError


class FieldProblem(ValueError):
    """A validator's problem with a field below the model it checks.

    ``path`` (dotted, relative to that model) is appended to the location in the message.
    """

    def __init__(self, path: str, problem: str) -> None:
        self.path = path
        self.problem = problem
        super().__init__(f"{path}: {problem}")


class ScenarioError(ValueError):
    """A scenario file or mapping is invalid; ``problems`` holds one message per problem."""

    def __init__(self, problems: list[str], source: str = "scenario") -> None:
        self.problems = problems
        self.source = source
        super().__init__(f"{source}: {len(problems)} problem(s)\n" + "\n".join(problems))


def field_path(loc: tuple[int | str, ...]) -> str:
    """Format a pydantic location as ``defender.layers[1].inventory``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "(top level)"


def _model_at(root: type[BaseModel], loc: tuple[int | str, ...]) -> type[BaseModel] | None:
    """Return the model class found by walking ``loc`` from ``root`` (None if not a model)."""
    current: Any = root
    for part in loc:
        current = _unwrap(current)
        if isinstance(part, int):
            args = typing.get_args(current)
            if not args:
                return None
            current = args[0]
        elif isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(part)
            if field is None:
                return None
            current = field.annotation
        else:
            return None
    current = _unwrap(current)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _unwrap(tp: Any) -> Any:
    """Strip Optional[...] so that ``X | None`` walks like ``X``."""
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return tp


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return repr(value)


def _message(err: dict[str, Any], root: type[BaseModel]) -> str:
    kind = err["type"]
    ctx = err.get("ctx") or {}
    got = err.get("input")
    loc = tuple(err["loc"])
    if kind == "missing":
        return "required; add this key"
    if kind == "extra_forbidden":
        model = _model_at(root, loc[:-1])
        allowed = sorted(model.model_fields) if model else []
        close = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
        hint = f"did you mean '{close[0]}'? " if close else ""
        return f"unknown key; {hint}allowed keys here: {', '.join(allowed)}"
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        op = {"greater_than_equal": ">=", "greater_than": ">", "less_than_equal": "<=",
              "less_than": "<"}[kind]
        bound = next(iter(ctx.values()))
        return f"must be {op} {bound}, got {got!r}"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"must be a whole number, got {_describe(got)}"
    if kind in ("float_parsing", "float_type"):
        return f"must be a number, got {_describe(got)}"
    if kind in ("string_type",):
        return f"must be text, got {_describe(got)}"
    if kind in ("bool_parsing", "bool_type"):
        return f"must be true or false, got {_describe(got)}"
    if kind == "literal_error":
        return f"must be one of {ctx.get('expected')}, got {got!r}"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"must be a mapping of keys to values, got {_describe(got)}"
    if kind == "list_type":
        return f"must be a list (items starting with '- '), got {_describe(got)}"
    if kind == "too_short":
        return f"needs at least {ctx.get('min_length')} item(s), got {_describe(got)}"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "value_error":
        error = ctx.get("error")
        if isinstance(error, FieldProblem):
            return error.problem
        return str(error if error is not None else err["msg"])
    return str(err["msg"])


def format_validation_error(exc: ValidationError, root: type[BaseModel]) -> list[str]:
    """Return one ``path: message`` line per problem of a pydantic validation error."""
    lines = []
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        path = field_path(loc)
        problem = (err.get("ctx") or {}).get("error")
        if isinstance(problem, FieldProblem):
            path = problem.path if path == "(top level)" else f"{path}.{problem.path}"
        lines.append(f"{path}: {_message(dict(err), root)}")
    return lines
