"""The names of the engine's allocation rules: one type for scenario, plan and engine.

The rules themselves are in ``opendome.battle.doctrine``; this type sits in ``core`` so that the
scenario schema (which may not import ``battle``) can use it too.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any


class Allocation(StrEnum):
    """How a layer shares its interceptors among the targets it sees."""

    MANAGER = "manager"
    """Battle manager: stock budgeted across waves, even spread within a round."""
    FIXED = "fixed"
    """First come, first served."""


def __getattr__(name: str) -> Any:
    """Return ``MAX_ENGAGEMENTS`` of ``counter_rng``, imported lazily (numba; fast CLI start)."""
    if name == "MAX_ENGAGEMENTS":
        from opendome.core.counter_rng import MAX_ENGAGEMENTS

        return MAX_ENGAGEMENTS
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["MAX_ENGAGEMENTS", "Allocation"]  # noqa: F822 (MAX_ENGAGEMENTS via __getattr__)
