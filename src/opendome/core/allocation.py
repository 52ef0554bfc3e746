"""The names of the engine's allocation rules: one type for scenario, plan and engine.

The rules themselves are in ``opendome.battle.doctrine``; this type sits in ``core`` so that the
scenario schema (which may not import ``battle``) can use it too.
"""

from __future__ import annotations

from enum import StrEnum

MAX_ENGAGEMENTS = 16
"""Most engagements of one object by one layer (shoot-look-shoot): the scenario's limit on
opportunities and shots, the kernel's rounds and the random-number slots of
``opendome.core.counter_rng`` are laid out for it. It lives here, beside the allocation type and
free of numba, so that validating a scenario does not compile or load the kernels."""


class Allocation(StrEnum):
    """How a layer shares its interceptors among the targets it sees."""

    MANAGER = "manager"
    """Battle manager: stock budgeted across waves, even spread within a round."""
    FIXED = "fixed"
    """First come, first served."""


__all__ = ["MAX_ENGAGEMENTS", "Allocation"]
