"""The closed-form stability figures as typed results: what ``opendome stability`` prints.

:func:`exchange_report` is the exchange at one operating point with its costs (the attacker's
warheads needed, the regime, the marginal costs of both sides), optionally the decoys a given
force needs and delivered warheads over a list of attack sizes; :func:`first_strike_table` is
Kent & Thaler's first-strike stability index as one side's defense grows. Each result has
``to_dict()`` for JSON; the command line only parses, calls these and prints.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import TYPE_CHECKING, Any

import numpy as np

from opendome.stability.exchange import (
    ExchangePoint,
    decoys_needed,
    exchange_point,
    expected_delivered,
)
from opendome.stability.first_strike import (
    DEFAULT_POSTURE_NOTES,
    Defense,
    Posture,
    StabilityResult,
    default_postures,
    index_vs_defense,
)

if TYPE_CHECKING:
    from opendome.catalog import Catalog

__all__ = ["ExchangeReport", "FirstStrikeTable", "exchange_report", "first_strike_table",
           "interceptor_defaults"]


def interceptor_defaults(catalog: Catalog, name: str) -> tuple[float, float]:
    """Return ``(single-shot kill probability, unit cost in USD)`` of a catalog interceptor.

    The kill probability is against boosters for a boost-phase interceptor, against warheads
    otherwise. Raises KeyError naming the known types for an unknown ``name``.
    """
    types = catalog.interceptors
    if name not in types:
        raise KeyError(f"unknown type {name!r}; choose one of {sorted(types)}")
    entry = types[name]
    target = "booster" if "boost" in entry.phases else "warhead"
    return entry.pk[target].value, entry.unit_cost_usd


@dataclass(frozen=True)
class ExchangeReport:
    """The exchange at one operating point, its cost inputs, and the optional tables."""

    point: ExchangePoint
    interceptor_cost_usd: float | None
    """Cost of one interceptor (before the absentee ratio); None: no defender cost."""
    absentee_ratio: float
    """Interceptors deployed per one able to engage (space-based interceptors)."""
    warhead_cost_usd: float | None
    decoy_cost_usd: float
    warheads: float | None = None
    """The attack size for :attr:`decoys_needed` (None: not asked)."""
    decoys_needed: float | None = None
    """Decoys per warhead that ``warheads`` warheads need to deliver ``point.deliver``."""
    force_sizes: tuple[float, ...] = ()
    delivered_with_defense: tuple[float, ...] = ()
    """Expected warheads delivered, one per :attr:`force_sizes` entry."""

    @property
    def cost_per_interceptor_able_to_engage_usd(self) -> float | None:
        """Return the interceptor cost times the absentee ratio (None without a cost)."""
        if self.interceptor_cost_usd is None:
            return None
        return self.interceptor_cost_usd * self.absentee_ratio

    def to_dict(self) -> dict[str, Any]:
        """Return JSON-ready data (``opendome stability exchange --json``)."""
        out: dict[str, Any] = self.point.as_dict()
        out.update(interceptor_cost_usd=self.interceptor_cost_usd,
                   absentee_ratio=self.absentee_ratio,
                   cost_per_interceptor_able_to_engage_usd=(
                       self.cost_per_interceptor_able_to_engage_usd),
                   warhead_cost_usd=self.warhead_cost_usd, decoy_cost_usd=self.decoy_cost_usd)
        if self.warheads is not None:
            out.update(warheads=self.warheads, decoys_needed=self.decoys_needed)
        if self.force_sizes:
            out["force_sizes"] = [
                {"warheads": w, "delivered_without_defense": w, "delivered_with_defense": d}
                for w, d in zip(self.force_sizes, self.delivered_with_defense, strict=True)]
        return out


def exchange_report(
    interceptors: float, shots: int, pk: float, deliver: float, *, decoys: float = 0.0,
    track_probability: float = 1.0, interceptor_cost_usd: float | None = None,
    absentee_ratio: float = 1.0, warhead_cost_usd: float | None = None,
    decoy_cost_usd: float = 0.0, warheads: float | None = None,
    force_sizes: Sequence[float] = (),
) -> ExchangeReport:
    """Return the closed-form exchange (:func:`~opendome.stability.exchange.exchange_point`).

    The defender's cost per interceptor able to engage is ``interceptor_cost_usd`` times
    ``absentee_ratio``. With ``warheads``: the decoys per warhead that force needs to deliver
    ``deliver``; with ``force_sizes``: the warheads delivered for each attack size.
    """
    engage_cost = None if interceptor_cost_usd is None else interceptor_cost_usd * absentee_ratio
    point = exchange_point(interceptors, shots, pk, deliver, decoys, track_probability,
                           engage_cost, warhead_cost_usd, decoy_cost_usd)
    needed = None
    if warheads is not None:
        needed = float(decoys_needed(deliver, warheads, interceptors, shots, pk,
                                     track_probability))
    sizes = tuple(float(w) for w in force_sizes)
    delivered: tuple[float, ...] = ()
    if sizes:
        delivered = tuple(float(d) for d in np.atleast_1d(expected_delivered(
            np.asarray(sizes), interceptors, shots, pk, decoys, track_probability)))
    return ExchangeReport(point, interceptor_cost_usd, absentee_ratio, warhead_cost_usd,
                          decoy_cost_usd, warheads, needed, sizes, delivered)


@dataclass(frozen=True)
class FirstStrikeTable:
    """Kent & Thaler's first-strike stability index for each size of side A's defense."""

    posture_a: Posture
    posture_b: Posture
    """Side B, with its defense; side A's defense size varies along :attr:`interceptors_a`."""
    interceptors_a: tuple[float, ...]
    results: tuple[StabilityResult, ...]
    notes: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_POSTURE_NOTES))
    """Where the default postures' numbers come from (all notional)."""

    def rows(self) -> list[dict[str, float]]:
        """Return one row per defense size: the ratios, the index and the four damages."""
        return [{
            "interceptors_a": size, "ratio_a": r.ratio_a, "ratio_b": r.ratio_b,
            "index": r.index,
            "damage_to_a_if_a_first": r.a_first.damage_to_attacker,
            "damage_to_a_if_b_first": r.b_first.damage_to_defender,
            "damage_to_b_if_a_first": r.a_first.damage_to_defender,
            "damage_to_b_if_b_first": r.b_first.damage_to_attacker,
        } for size, r in zip(self.interceptors_a, self.results, strict=True)]

    def to_dict(self) -> dict[str, Any]:
        """Return JSON-ready data (``opendome stability first-strike --json``)."""
        return {"posture_a": asdict(self.posture_a), "posture_b": asdict(self.posture_b),
                "notes": self.notes, "rows": self.rows()}


def first_strike_table(interceptors_a: Sequence[float], interceptors_b: float = 0.0,
                       shots: int = 2, pk: float = 0.7, decoys: float = 0.0) -> FirstStrikeTable:
    """Return the index as side A's defense takes each size of ``interceptors_a``.

    Both sides have the default postures (:func:`~opendome.stability.first_strike.
    default_postures`); both defenses fire ``shots`` shots of kill probability ``pk`` per
    object and face ``decoys`` undiscriminated decoys per warhead; side B has
    ``interceptors_b`` interceptors.
    """
    a, b = default_postures()
    a = replace(a, defense=Defense(0.0, shots, pk, decoys))
    b = replace(b, defense=Defense(interceptors_b, shots, pk, decoys))
    sizes = tuple(float(s) for s in interceptors_a)
    return FirstStrikeTable(a, b, sizes, tuple(index_vs_defense(a, b, list(sizes))))
