"""First-strike stability index of Kent & Thaler (RAND R-3765, 1989) for two abstract postures.

Cost of an exchange to side X (Kent & Thaler, through PUBLISHED.md):
``C_X = D_X**0.75 + 0.3 (1 - D_Y**0.75)``, D the share of a side's value destroyed. The index is
the product over both sides of (cost of striking first / cost of being struck first): 1 when
neither side gains by going first, smaller the more going first pays.

Exchange model (OpenDome's abstraction; no geography). A posture has survivable warheads (not
targetable), vulnerable warheads on launchers (``warheads_per_launcher`` each), a kill
probability per attacking warhead against a launcher, and the number of delivered warheads
that destroys ``1 - 1/e`` (63 %) of its value, ``D = 1 - exp(-delivered / value_warheads)``.
When X strikes first it aims r warheads at each of Y's vulnerable launchers
and every other warhead at Y's value, choosing r (from 0 to ``max_attack_warheads_per_launcher``
in steps of 1/4, within the warheads it has) to minimize its own cost of the exchange; Y
retaliates on X's value with everything that survives. A side's missile defense protects its
value: it meets the warheads aimed at that value with the closed form of
:mod:`opendome.stability.exchange`, so it makes a ragged retaliation leak less than a full first
strike (defenses enter as leakage of the retaliatory strike). Launchers are not defended.
An index above 1 means going first costs more than being struck first (for both sides when
both ratios exceed 1).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from opendome.stability.exchange import expected_delivered

DAMAGE_EXPONENT = 0.75
"""Kent & Thaler (1989): exponent of the share of value destroyed in the cost of an exchange."""
UNDESTROYED_ENEMY_WEIGHT = 0.3
"""Kent & Thaler (1989): weight of the enemy value left undestroyed in the cost of an exchange."""


@dataclass(frozen=True)
class Defense:
    """A missile defense of a side's value: interceptors, shots per object, kill probability."""

    interceptors: float = 0.0
    shots: float = 2.0
    pk: float = 0.7
    decoys: float = 0.0
    track_probability: float = 1.0

    def delivered(self, warheads: float | np.ndarray) -> np.ndarray:
        """Return the expected warheads that get through this defense."""
        if self.interceptors <= 0:
            return np.asarray(warheads, dtype=np.float64)
        return expected_delivered(warheads, self.interceptors, self.shots, self.pk, self.decoys,
                                  self.track_probability)


@dataclass(frozen=True)
class Posture:
    """One side's forces (abstract, no geography) and the defense of its value."""

    survivable_warheads: float
    vulnerable_warheads: float
    warheads_per_launcher: float
    kill_probability: float
    value_warheads: float
    max_attack_warheads_per_launcher: float = 2.0
    defense: Defense = field(default_factory=Defense)

    def __post_init__(self) -> None:
        """Check the posture (raise ValueError naming the field and the fix)."""
        if self.survivable_warheads < 0 or self.vulnerable_warheads < 0:
            raise ValueError("survivable_warheads and vulnerable_warheads must be >= 0")
        if self.warheads_per_launcher <= 0:
            raise ValueError("warheads_per_launcher must be > 0")
        if not 0.0 <= self.kill_probability <= 1.0:
            raise ValueError("kill_probability must be within [0, 1]")
        if self.value_warheads <= 0:
            raise ValueError("value_warheads must be > 0")
        if self.max_attack_warheads_per_launcher < 0:
            raise ValueError("max_attack_warheads_per_launcher must be >= 0")

    @property
    def warheads(self) -> float:
        """Return the total warheads."""
        return self.survivable_warheads + self.vulnerable_warheads

    @property
    def launchers(self) -> float:
        """Return the vulnerable launchers."""
        return self.vulnerable_warheads / self.warheads_per_launcher

    def with_interceptors(self, interceptors: float) -> Posture:
        """Return the posture with a defense of another size."""
        return replace(self, defense=replace(self.defense, interceptors=interceptors))


def surviving_fraction(warheads_per_target: float, kill_probability: float) -> float:
    """Return the expected share of targets surviving ``r`` warheads each (r may be fractional).

    With r = k + f, a share f of the targets gets k + 1 warheads and the rest k:
    ``(1 - p)**k (1 - f p)``.
    """
    k = np.floor(warheads_per_target)
    f = warheads_per_target - k
    return float((1.0 - kill_probability) ** k * (1.0 - f * kill_probability))


def damage(delivered: float, value_warheads: float) -> float:
    """Return the share of value destroyed, ``1 - exp(-delivered / value_warheads)``."""
    return float(1.0 - np.exp(-max(delivered, 0.0) / value_warheads))


def exchange_cost(d_own: float, d_other: float) -> float:
    """Return Kent & Thaler's cost of an exchange to a side: ``D_X**.75 + .3 (1 - D_Y**.75)``."""
    e = DAMAGE_EXPONENT
    return float(d_own**e + UNDESTROYED_ENEMY_WEIGHT * (1.0 - d_other**e))


@dataclass(frozen=True)
class Exchange:
    """Outcome of one side striking first: damages and the costs to the two sides."""

    attack_warheads_per_launcher: float
    counterforce_warheads: float
    countervalue_warheads: float
    retaliation_warheads: float
    damage_to_attacker: float
    damage_to_defender: float
    cost_to_attacker: float
    cost_to_defender: float


ALLOCATION_STEP = 0.25
"""Step of the first striker's search over warheads per enemy launcher."""


def _exchange(attacker: Posture, target: Posture, cf: float) -> Exchange:
    launchers = target.launchers
    r = cf / launchers if launchers > 0 else 0.0
    surv = surviving_fraction(r, attacker.kill_probability) if launchers > 0 else 1.0
    cv = attacker.warheads - cf
    retaliation = target.survivable_warheads + target.vulnerable_warheads * surv
    d_attacker = damage(float(attacker.defense.delivered(retaliation)), attacker.value_warheads)
    d_target = damage(float(target.defense.delivered(cv)), target.value_warheads)
    return Exchange(
        attack_warheads_per_launcher=float(r),
        counterforce_warheads=float(cf),
        countervalue_warheads=float(cv),
        retaliation_warheads=float(retaliation),
        damage_to_attacker=d_attacker,
        damage_to_defender=d_target,
        cost_to_attacker=exchange_cost(d_attacker, d_target),
        cost_to_defender=exchange_cost(d_target, d_attacker),
    )


def first_strike(attacker: Posture, target: Posture) -> Exchange:
    """Return the exchange in which ``attacker`` strikes ``target`` first, at its best allocation.

    The attacker takes the warheads per enemy launcher (0 to its maximum, step 1/4, within its
    force) that minimize its own cost; ties go to the smaller counterforce attack.
    """
    launchers = target.launchers
    steps = np.arange(0.0, attacker.max_attack_warheads_per_launcher + 1e-9, ALLOCATION_STEP)
    candidates = sorted({min(r * launchers, attacker.warheads) for r in steps})
    best: Exchange | None = None
    for cf in candidates:
        ex = _exchange(attacker, target, cf)
        if best is None or ex.cost_to_attacker < best.cost_to_attacker - 1e-15:
            best = ex
    assert best is not None  # candidates always holds 0
    return best


@dataclass(frozen=True)
class StabilityResult:
    """Each side's ratio (cost of striking first / cost of being struck first) and the index."""

    ratio_a: float
    ratio_b: float
    index: float
    a_first: Exchange
    b_first: Exchange


def stability_index(a: Posture, b: Posture) -> StabilityResult:
    """Return Kent & Thaler's first-strike stability index of postures ``a`` and ``b``.

    ``(C_A(A first) / C_A(B first)) * (C_B(B first) / C_B(A first))``; NaN where a cost of
    being struck first is zero (no exchange to compare with).
    """
    a_first = first_strike(a, b)
    b_first = first_strike(b, a)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio_a = float(np.divide(a_first.cost_to_attacker, b_first.cost_to_defender))
        ratio_b = float(np.divide(b_first.cost_to_attacker, a_first.cost_to_defender))
    if b_first.cost_to_defender == 0.0 or a_first.cost_to_defender == 0.0:
        return StabilityResult(float("nan"), float("nan"), float("nan"), a_first, b_first)
    return StabilityResult(ratio_a, ratio_b, ratio_a * ratio_b, a_first, b_first)


def index_vs_defense(a: Posture, b: Posture, interceptors_a: list[float]) -> list[StabilityResult]:
    """Return the stability results as side A's defense takes each size in ``interceptors_a``."""
    return [stability_index(a.with_interceptors(i), b) for i in interceptors_a]


# Default postures: abstract, of the order of forces under the New START limits; every number is
# notional (the reason beside it). Not any country's actual posture.
DEFAULT_POSTURE_NOTES: dict[str, str] = {
    "warheads": "1,550 deployed warheads per side: the New START limit (treaty of 2010), used as "
                "the order of magnitude of a peer's force",
    "posture_a": "A: 1,150 survivable (sea-based), 400 vulnerable single-warhead silos (notional)",
    "posture_b": "B: 750 survivable (mobile/sea), 800 vulnerable on 4-warhead silos (notional)",
    "kill_probability": "0.8 per attacking warhead against a silo (notional planning value)",
    "value_warheads": "300 delivered warheads destroy 63 % of a side's value (notional scale)",
    "defense": "2 shots per object, single-shot kill probability 0.7, no decoys (notional; "
               "of the order of the catalog's midcourse interceptors)",
}


def default_postures() -> tuple[Posture, Posture]:
    """Return the two notional default postures A and B (see ``DEFAULT_POSTURE_NOTES``)."""
    defense = Defense(interceptors=0.0, shots=2.0, pk=0.7)
    a = Posture(survivable_warheads=1150, vulnerable_warheads=400, warheads_per_launcher=1,
                kill_probability=0.8, value_warheads=300, defense=defense)
    b = Posture(survivable_warheads=750, vulnerable_warheads=800, warheads_per_launcher=4,
                kill_probability=0.8, value_warheads=300, defense=defense)
    return a, b
