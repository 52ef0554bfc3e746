"""Allocation rules the engine calls in every trial: how a layer shares its stock among targets.

A rule decides, for one engagement round, how many interceptors each target still to be engaged
gets, from the round's budget and the doctrine's shots per engagement: ``rule(j, n, budget,
shots, u)`` is the j-th target's share, so the kernel fires while it walks the targets. The
Monte Carlo kernel (``opendome.engine.kernel``) calls the numba functions; the plain per-object loop
(``opendome.engine.reference``) calls the same definitions as plain Python (``.py_func``).

- ``fixed``, first come, first served: targets in allocation order get the doctrine's shots
  until the budget runs out (a last, short salvo fires what is left). One budget for the whole
  raid: the layer's stock.
- ``manager``, the battle manager: the stock is budgeted across waves (salvos launched together)
  by :func:`wave_budget`, and each round spreads the budget evenly over the targets, up to the
  doctrine's shots each, the odd shots going to targets from a random starting point. For
  identical interceptors against targets that look alike, the even spread is the
  marginal-return optimum (den Broeder, Ellison & Emerling, Operations Research 7, 1959).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from numba import njit

from opendome.core.allocation import MAX_ENGAGEMENTS, Allocation

FIRST_COME = 0
"""Kernel code of the first-come, first-served rule."""
EVEN_SPREAD = 1
"""Kernel code of the battle manager's even spread."""


@njit(cache=True, nogil=True, inline="always")
def first_come(j: int, n_targets: int, budget: int, shots: int, u: float) -> int:
    """Return the shots of the j-th of ``n_targets`` targets in a round with ``budget``.

    The doctrine's shots to each target in order while the budget lasts (a last, short salvo
    fires what is left). ``u`` (a uniform) is unused: the rule is deterministic.
    """
    left = budget - j * shots
    if left <= 0:
        return 0
    return shots if shots < left else left


@njit(cache=True, nogil=True, inline="always")
def even_spread(j: int, n_targets: int, budget: int, shots: int, u: float) -> int:
    """Return the shots of the j-th of ``n_targets`` targets in a round with ``budget``.

    The budget spread evenly, at most ``shots`` per target; the ``budget mod n_targets`` odd
    shots go to the targets from ``int(u * n_targets)`` on (cyclically), so that no target is
    favoured by its place in the list.
    """
    each = budget // n_targets
    if each >= shots:
        return shots
    pos = j - int(u * n_targets)
    if pos < 0:
        pos += n_targets
    return each + (1 if pos < budget - each * n_targets else 0)


@njit(cache=True, nogil=True, inline="always")
def wave_budget(stock: int, seen: int, later: float) -> int:
    """Return the manager's budget for a wave of ``seen`` targets.

    The stock times the wave's share of the targets it and the later waves are expected to
    bring (``later``), at least one shot per target while stock lasts.
    """
    budget = int(stock * seen / (seen + later))
    floor = seen if seen < stock else stock
    return budget if budget > floor else floor


@dataclass(frozen=True)
class AllocationRule:
    """One allocation rule and what it does.

    ``allocate(j, n, budget, shots, u)``: the shots of the j-th of n targets still to be
    engaged in a round with ``budget`` interceptors and the doctrine's ``shots`` per
    engagement (``u``: a uniform for the rule's random choices). ``code``: the kernel's integer
    for it; ``by_wave``: budgets the stock across waves
    (:func:`wave_budget`) instead of spending it first come; ``random_start``: draws one uniform
    per round (where the odd shots start).
    """

    name: Allocation
    code: int
    allocate: Any
    by_wave: bool
    random_start: bool
    description: str


RULES: dict[Allocation, AllocationRule] = {
    r.name: r
    for r in (
        AllocationRule(Allocation.FIXED, FIRST_COME, first_come, by_wave=False,
                       random_start=False,
                       description="first come, first served: the doctrine's shots to targets "
                       "in allocation order while the stock lasts"),
        AllocationRule(Allocation.MANAGER, EVEN_SPREAD, even_spread, by_wave=True,
                       random_start=True,
                       description="battle manager: stock budgeted across waves, even spread "
                       "over the targets of a round (marginal-return optimum for identical "
                       "shots)"),
    )
}
"""The rules the engine can call, by name."""


def rule(name: str) -> AllocationRule:
    """Return the rule called ``name``; ValueError naming the known rules otherwise."""
    try:
        return RULES[Allocation(name)]
    except ValueError:
        raise ValueError(f"allocation must be one of {sorted(str(r) for r in RULES)}, "
                         f"got {name!r}") from None


__all__ = ["EVEN_SPREAD", "FIRST_COME", "MAX_ENGAGEMENTS", "RULES", "Allocation",
           "AllocationRule", "even_spread", "first_come", "rule", "wave_budget"]
