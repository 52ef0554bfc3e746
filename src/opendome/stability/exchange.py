"""Offense-defense exchange in closed form: delivered warheads, warheads needed, cost exchange.

The defense has ``I`` interceptors and fires ``n`` shots at each object it engages, each with
single-shot kill probability ``p``; it tracks an object with probability ``T``, so an engaged
object is negated with ``q = T [1 - (1 - p)**n]`` (the standard layered form). Each warhead comes
with ``d`` decoys the defense cannot discriminate, so it engages objects in an order that tells
warheads and decoys apart no better than chance, and can engage at most ``M = floor(I / n)``
objects. Against ``W`` warheads (``W (1 + d)`` objects), the expected number delivered is

    E(W, I) = W - q min(W, M / (1 + d)).

This assumes the defense serves objects in an order that tells warheads and decoys apart no
better than chance, and fires whole salvos only; :func:`expected_delivered_in_allocation_order`
is the form for the engine's fixed allocation order (each missile's warheads before its decoys,
a last short salvo), for checking the engine exactly.

Two regimes: *leakage* while ``W (1 + d) <= M`` (E = (1 - q) W: every object is engaged and
only the kill probability lets warheads through) and *exhaustion* beyond (every extra warhead
is delivered; the defense stops ``q M / (1 + d)`` warheads in all). All functions broadcast
over array arguments (force sizes, defense sizes); these closed forms are the checks of the
Monte Carlo engine's exchange over force sizes.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

FloatArray = NDArray[np.float64]

LEAKAGE = "leakage"
EXHAUSTION = "exhaustion"


def negation_probability(
    pk: ArrayLike, shots: ArrayLike, track_probability: ArrayLike = 1.0
) -> FloatArray:
    """Return ``T [1 - (1 - p)**n]``: the probability an engaged object is negated."""
    p = np.asarray(pk, dtype=np.float64)
    n = np.asarray(shots, dtype=np.float64)
    t = np.asarray(track_probability, dtype=np.float64)
    return np.asarray(t * (1.0 - (1.0 - p) ** n), dtype=np.float64)


def objects_engageable(interceptors: ArrayLike, shots: ArrayLike) -> FloatArray:
    """Return ``M = floor(I / n)``: how many objects the defense can engage with n shots each."""
    i = np.asarray(interceptors, dtype=np.float64)
    n = np.asarray(shots, dtype=np.float64)
    return np.asarray(np.floor(i / n + 1e-12), dtype=np.float64)


def warheads_to_exhaust(
    interceptors: ArrayLike, shots: ArrayLike, decoys: ArrayLike = 0.0
) -> FloatArray:
    """Return ``M / (1 + d)``: the attack size (warheads) at which the defense runs out."""
    d = np.asarray(decoys, dtype=np.float64)
    return np.asarray(objects_engageable(interceptors, shots) / (1.0 + d), dtype=np.float64)


def expected_delivered(
    warheads: ArrayLike,
    interceptors: ArrayLike,
    shots: ArrayLike,
    pk: ArrayLike,
    decoys: ArrayLike = 0.0,
    track_probability: ArrayLike = 1.0,
) -> FloatArray:
    """Return the expected warheads delivered, ``W - q min(W, M / (1 + d))`` (broadcasts)."""
    w = np.asarray(warheads, dtype=np.float64)
    q = negation_probability(pk, shots, track_probability)
    stopped = q * np.minimum(w, warheads_to_exhaust(interceptors, shots, decoys))
    return np.asarray(w - stopped, dtype=np.float64)


def expected_delivered_in_allocation_order(
    warheads: ArrayLike,
    interceptors: ArrayLike,
    shots: ArrayLike,
    pk: ArrayLike,
    decoys: ArrayLike = 0,
    track_probability: ArrayLike = 1.0,
    warheads_per_missile: ArrayLike = 1,
) -> FloatArray:
    """Return the expected warheads delivered when objects are served in a fixed order.

    The Monte Carlo engine's allocation rule (``docs/engine.md``): missiles one after the other,
    each missile's ``k`` warheads then its ``k d`` decoys; full salvos of ``n`` while the
    inventory lasts, then one short salvo of the ``I mod n`` interceptors left. With
    ``g = k (1 + d)`` objects per missile and ``M = floor(I / n)`` full salvos, the warheads
    engaged by full salvos are ``k floor(M' / g) + min(M' mod g, k)`` with ``M' = min(M, W(1+d))``,
    and the object ``M`` (0-based) gets the short salvo if it is a warhead. ``decoys`` and
    ``warheads_per_missile`` are whole numbers; ``W`` a multiple of ``k``. The engine spends no
    shot on an object it does not detect, so compare with it at ``track_probability = 1``.
    """
    w = np.asarray(warheads, dtype=np.float64)
    i = np.asarray(interceptors, dtype=np.float64)
    n = np.asarray(shots, dtype=np.float64)
    p = np.asarray(pk, dtype=np.float64)
    t = np.asarray(track_probability, dtype=np.float64)
    d = np.asarray(decoys, dtype=np.float64)
    k = np.asarray(warheads_per_missile, dtype=np.float64)
    g = k * (1.0 + d)
    objects = w * (1.0 + d)
    m = objects_engageable(i, n)
    left = i - n * m
    full = np.minimum(m, objects)
    engaged = k * np.floor(full / g + 1e-12) + np.minimum(np.mod(full, g), k)
    short = (m < objects) & (left > 0) & (np.mod(m, g) < k)
    q_short = t * (1.0 - (1.0 - p) ** left)
    stopped = t * (1.0 - (1.0 - p) ** n) * engaged + np.where(short, q_short, 0.0)
    return np.asarray(w - stopped, dtype=np.float64)


def warheads_needed(
    deliver: ArrayLike,
    interceptors: ArrayLike,
    shots: ArrayLike,
    pk: ArrayLike,
    decoys: ArrayLike = 0.0,
    track_probability: ArrayLike = 1.0,
) -> FloatArray:
    """Return the smallest whole number of warheads W with ``E(W, I) >= R`` (broadcasts).

    Inverse of :func:`expected_delivered`: ``R / (1 - q)`` in the leakage regime, else
    ``R + q M / (1 + d)``, rounded up to a whole warhead.
    """
    r = np.asarray(deliver, dtype=np.float64)
    q = negation_probability(pk, shots, track_probability)
    w_exh = warheads_to_exhaust(interceptors, shots, decoys)
    leak_max = (1.0 - q) * w_exh  # the most the attack delivers before the defense runs out
    with np.errstate(divide="ignore", invalid="ignore"):
        w_leak = r / (1.0 - q)
    w_cont = np.where(r <= leak_max, w_leak, r + q * w_exh)
    w_cont = np.where(r <= 0.0, 0.0, w_cont)
    return np.asarray(np.ceil(w_cont - 1e-9), dtype=np.float64)


def decoys_needed(
    deliver: ArrayLike,
    warheads: ArrayLike,
    interceptors: ArrayLike,
    shots: ArrayLike,
    pk: ArrayLike,
    track_probability: ArrayLike = 1.0,
) -> FloatArray:
    """Return the smallest whole number of decoys per warhead with ``E(W, I) >= R`` (broadcasts).

    0 if the warheads alone deliver R; else the defense must be held to ``(W - R) / q``
    warheads engaged, ``M / (1 + d) <= (W - R) / q``, so ``d = ceil(q M / (W - R) - 1)``;
    ``inf`` when no number of decoys does it (``W <= R`` against a defense that stops any).
    """
    r = np.asarray(deliver, dtype=np.float64)
    w = np.asarray(warheads, dtype=np.float64)
    q = negation_probability(pk, shots, track_probability)
    m = objects_engageable(interceptors, shots)
    enough = expected_delivered(w, interceptors, shots, pk, 0.0, track_probability) >= r - 1e-9
    with np.errstate(divide="ignore", invalid="ignore"):
        d = np.ceil(q * m / (w - r) - 1.0 - 1e-9)
    d = np.where(w > r, np.maximum(d, 0.0), np.inf)
    return np.asarray(np.where(enough, 0.0, d), dtype=np.float64)


def regime(
    warheads: ArrayLike, interceptors: ArrayLike, shots: ArrayLike, decoys: ArrayLike = 0.0
) -> NDArray[np.str_]:
    """Return ``"leakage"`` where every object is engaged, else ``"exhaustion"``."""
    w = np.asarray(warheads, dtype=np.float64)
    exhausted = w > warheads_to_exhaust(interceptors, shots, decoys) + 1e-9
    return np.where(exhausted, EXHAUSTION, LEAKAGE)


def marginal_warheads_per_interceptor(
    warheads: ArrayLike,
    interceptors: ArrayLike,
    shots: ArrayLike,
    pk: ArrayLike,
    decoys: ArrayLike = 0.0,
    track_probability: ArrayLike = 1.0,
) -> FloatArray:
    """Return ``-dE/dI``: warheads the attacker must add per interceptor added, to keep E.

    ``q / (n (1 + d))`` in the exhaustion regime (the defense stops that many more warheads per
    added interceptor, so the attacker adds as many, since each added warhead is delivered),
    0 in the leakage regime (an added interceptor has no object to engage at n shots each).
    """
    q = negation_probability(pk, shots, track_probability)
    n = np.asarray(shots, dtype=np.float64)
    d = np.asarray(decoys, dtype=np.float64)
    rate = q / (n * (1.0 + d))
    exhausted = regime(warheads, interceptors, shots, decoys) == EXHAUSTION
    return np.asarray(np.where(exhausted, rate, 0.0), dtype=np.float64)


def cost_exchange_ratio(
    warheads: ArrayLike,
    interceptors: ArrayLike,
    shots: ArrayLike,
    pk: ArrayLike,
    interceptor_cost_usd: ArrayLike,
    warhead_cost_usd: ArrayLike,
    decoys: ArrayLike = 0.0,
    decoy_cost_usd: ArrayLike = 0.0,
    track_probability: ArrayLike = 1.0,
) -> FloatArray:
    """Return the cost-exchange ratio at the margin: defender's cost over attacker's cost.

    The defender's marginal cost of stopping one delivered warhead over the attacker's marginal
    cost of delivering one more (Nitze: the defense is cost-effective at the margin if the ratio
    is below 1).

    Attacker: ``(c_w + d c_d) / (dE/dW)``; defender: ``c_i / (-dE/dI)``. In the exhaustion regime
    this is ``c_i n (1 + d) / (q (c_w + d c_d))``; in the leakage regime an added interceptor
    stops nothing at fixed doctrine and the ratio is ``inf``. Give the interceptor cost per
    interceptor *available to engage* (life-cycle cost times the absentee ratio for SBIs).
    """
    w = np.asarray(warheads, dtype=np.float64)
    q = negation_probability(pk, shots, track_probability)
    d = np.asarray(decoys, dtype=np.float64)
    exhausted = regime(w, interceptors, shots, decoys) == EXHAUSTION
    de_dw = np.where(exhausted, 1.0, 1.0 - q)
    attacker = (np.asarray(warhead_cost_usd) + d * np.asarray(decoy_cost_usd)) / de_dw
    rate = marginal_warheads_per_interceptor(w, interceptors, shots, pk, decoys, track_probability)
    with np.errstate(divide="ignore", invalid="ignore"):
        c_i = np.asarray(interceptor_cost_usd, dtype=np.float64)
        defender = np.where(rate > 0, c_i / rate, np.inf)
        return np.asarray(defender / attacker, dtype=np.float64)


@dataclass(frozen=True)
class ExchangePoint:
    """The exchange at one operating point: the attack that delivers ``deliver`` warheads."""

    interceptors: float
    shots: float
    pk: float
    decoys: float
    track_probability: float
    deliver: float
    negation_probability: float
    warheads_to_exhaust: float
    warheads_needed: float
    warheads_needed_without_defense: float
    expected_delivered: float
    regime: str
    warheads_per_interceptor: float
    defender_cost_per_warhead_stopped_usd: float | None
    attacker_cost_per_warhead_delivered_usd: float | None
    cost_exchange_ratio: float | None

    def as_dict(self) -> dict[str, float | str | None]:
        """Return the fields as a JSON-ready dict."""
        return dict(asdict(self))


def exchange_point(
    interceptors: float,
    shots: float,
    pk: float,
    deliver: float,
    decoys: float = 0.0,
    track_probability: float = 1.0,
    interceptor_cost_usd: float | None = None,
    warhead_cost_usd: float | None = None,
    decoy_cost_usd: float = 0.0,
) -> ExchangePoint:
    """Return the exchange for delivering ``deliver`` warheads against the defense.

    The defender's marginal cost per warhead stopped (``c_i / (-dE/dI)``, ``inf`` in the leakage
    regime) is given with the interceptor cost, the attacker's marginal cost per warhead
    delivered (``(c_w + d c_d) / (dE/dW)``) with the warhead cost, and their ratio with both.
    """
    w = float(warheads_needed(deliver, interceptors, shots, pk, decoys, track_probability))
    rate = float(marginal_warheads_per_interceptor(
        w, interceptors, shots, pk, decoys, track_probability))
    defender: float | None = None
    if interceptor_cost_usd is not None:
        defender = interceptor_cost_usd / rate if rate > 0 else float("inf")
    attacker: float | None = None
    if warhead_cost_usd is not None:
        q = float(negation_probability(pk, shots, track_probability))
        de_dw = 1.0 if rate > 0 else 1.0 - q
        cost = warhead_cost_usd + decoys * decoy_cost_usd
        attacker = cost / de_dw if de_dw > 0 else float("inf")
    cer: float | None = None
    if interceptor_cost_usd is not None and warhead_cost_usd is not None:
        cer = float(cost_exchange_ratio(
            w, interceptors, shots, pk, interceptor_cost_usd, warhead_cost_usd, decoys,
            decoy_cost_usd, track_probability,
        ))
    return ExchangePoint(
        interceptors=float(interceptors),
        shots=float(shots),
        pk=float(pk),
        decoys=float(decoys),
        track_probability=float(track_probability),
        deliver=float(deliver),
        negation_probability=float(negation_probability(pk, shots, track_probability)),
        warheads_to_exhaust=float(warheads_to_exhaust(interceptors, shots, decoys)),
        warheads_needed=w,
        warheads_needed_without_defense=float(np.ceil(deliver - 1e-9)),
        expected_delivered=float(expected_delivered(w, interceptors, shots, pk, decoys,
                                                    track_probability)),
        regime=str(regime(w, interceptors, shots, decoys)),
        warheads_per_interceptor=rate,
        defender_cost_per_warhead_stopped_usd=defender,
        attacker_cost_per_warhead_delivered_usd=attacker,
        cost_exchange_ratio=cer,
    )
