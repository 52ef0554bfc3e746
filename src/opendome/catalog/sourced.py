"""Sourced parameter tables: every number in OpenDome's data files carries where it comes from.

A data file maps entry names (kebab-case) to parameters. A parameter is either plain metadata
(strings, lists) or a *sourced value*::

    burn_time_s: {value: 180, source: "APS 2003, ..."}
    burnout_altitude_m: {value: 2.0e5, notional: "why this value is assumed"}

The unit is in the key (``_s``, ``_m``, ``_m_per_s``, ``_usd`` ...); values are SI.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml


class CatalogDataError(ValueError):
    """A catalog data file breaks the sourced-value rules (a bug in the shipped data)."""


@dataclass(frozen=True)
class SourcedValue:
    """One number with its public source, or the reason it is notional."""

    value: float
    source: str
    notional: bool

    def citation(self) -> str:
        """Return the source, prefixed with ``notional:`` where the value is assumed."""
        return f"notional: {self.source}" if self.notional else self.source


def parse_sourced(raw: Any, where: str) -> SourcedValue:
    """Parse one ``{value, source | notional}`` mapping; ``where`` names it in errors."""
    if not isinstance(raw, dict) or "value" not in raw:
        raise CatalogDataError(f"{where}: expected {{value: ..., source: ...}}, got {raw!r}")
    keys = set(raw) - {"value"}
    if keys not in ({"source"}, {"notional"}):
        raise CatalogDataError(
            f"{where}: give exactly one of 'source' or 'notional' beside 'value', "
            f"got {sorted(keys)}"
        )
    value = raw["value"]
    if isinstance(value, str):  # PyYAML (YAML 1.1) reads 1.0e7 without a sign as a string
        try:
            value = float(value)
        except ValueError:
            raise CatalogDataError(f"{where}: value must be a number, got {value!r}") from None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise CatalogDataError(f"{where}: value must be a number, got {value!r}")
    text = str(raw.get("source") or raw.get("notional") or "").strip()
    if not text:
        raise CatalogDataError(f"{where}: the source or notional reason is empty")
    return SourcedValue(float(value), text, "notional" in raw)


def load_data_file(filename: str, folder: Path | None = None) -> dict[str, dict[str, Any]]:
    """Load ``catalog/data/<filename>`` as ``{entry: {parameter: SourcedValue | metadata}}``.

    ``folder``: read the file from this folder instead of the shipped data (not cached: the
    files may change between loads); the shipped files are parsed once.

    Mappings with a ``value`` key become :class:`SourcedValue`; a numeric parameter that is not
    sourced is an error. Nested mappings of sourced values (e.g. kill probability by object
    class) are parsed recursively.
    """
    if folder is None:
        return _shipped(filename)
    try:
        text = (folder / filename).read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CatalogDataError(f"{folder / filename}: cannot read ({exc})") from None
    return _parse_file(text, filename)


@cache
def _shipped(filename: str) -> dict[str, dict[str, Any]]:
    text = resources.files("opendome.catalog").joinpath("data", filename).read_text("utf-8")
    return _parse_file(text, filename)


def _parse_file(text: str, filename: str) -> dict[str, dict[str, Any]]:
    # libyaml's parser where installed (the same constructors as safe_load, 5-10 times faster:
    # the catalog is read by every command, `opendome validate` included)
    raw = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506
    if not isinstance(raw, dict):
        raise CatalogDataError(f"{filename}: expected a mapping of entries")
    return {str(name): _parse_entry(body, f"{filename}:{name}") for name, body in raw.items()}


def _parse_entry(body: Any, where: str) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise CatalogDataError(f"{where}: expected a mapping of parameters")
    out: dict[str, Any] = {}
    for key, raw in body.items():
        path = f"{where}.{key}"
        if isinstance(raw, dict) and "value" in raw:
            out[key] = parse_sourced(raw, path)
        elif isinstance(raw, dict):
            out[key] = _parse_entry(raw, path)
        elif isinstance(raw, int | float) and not isinstance(raw, bool):
            raise CatalogDataError(
                f"{path}: a number needs its source: {{value: {raw}, source: ...}}"
            )
        else:
            out[key] = raw
    return out
