"""Offense-defense exchange in closed form: delivered warheads, warheads needed, cost exchange.

The defense has ``I`` interceptors and fires ``n`` shots at each object it engages, each with
single-shot kill probability ``p``, so an engaged object is killed with ``k = 1 - (1 - p)**n``.
It tracks each object with probability ``T`` and fires only at objects it tracks (as the Monte
Carlo engine does: an object not detected draws no shot). Each warhead comes with ``d`` decoys
the defense cannot discriminate, so it engages tracked objects in an order that tells warheads
and decoys apart no better than chance, and can engage at most ``M = floor(I / n)`` of them.
With ``N = W (1 + d)`` objects and ``X ~ Binomial(N, T)`` tracked, the expected number of
warheads delivered is

    E(W, I) = W - k E[min(X, M)] / (1 + d),

``E[min(X, M)] = M P(X >= M) + N T P(Y <= M - 2)``, ``Y ~ Binomial(N - 1, T)``
(:func:`expected_engaged`; linear in N between whole numbers of objects). With ``T = 1`` this
is ``W - k min(W, M / (1 + d))``.

This assumes the defense serves tracked objects in an order that tells warheads and decoys apart
no better than chance, and fires whole salvos only; :func:`expected_delivered_in_allocation_order`
is the form for the engine's fixed allocation order (each missile's warheads before its decoys,
a last short salvo), for checking the engine exactly.

Two regimes: *leakage* while the tracked objects ``T W (1 + d) <= M`` (E = (1 - q) W with the
negation probability ``q = T k``: only tracking and the kill probability let warheads through)
and *exhaustion* beyond (every extra warhead is delivered; the defense stops at most
``k M / (1 + d)`` warheads in all). All functions broadcast over array arguments (force sizes,
defense sizes); these closed forms are the checks of the Monte Carlo engine's exchange over
force sizes.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

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
    interceptors: ArrayLike, shots: ArrayLike, decoys: ArrayLike = 0.0,
    track_probability: ArrayLike = 1.0,
) -> FloatArray:
    """Return ``M / (T (1 + d))``: the attack size (warheads) whose tracked objects are M."""
    d = np.asarray(decoys, dtype=np.float64)
    t = np.asarray(track_probability, dtype=np.float64)
    with np.errstate(divide="ignore"):
        return np.asarray(objects_engageable(interceptors, shots) / (t * (1.0 + d)),
                          dtype=np.float64)


def _binom_cdf(k: FloatArray, n: FloatArray, t: FloatArray) -> FloatArray:
    """``P(X <= k)``, ``X ~ Binomial(n, t)``, for whole n >= 0 and any k (0 below 0)."""
    from scipy import special  # lazily: keeps the command line quick to start

    whole = np.maximum(n, 0.0)
    inside = special.bdtr(np.clip(k, 0.0, whole), whole.astype(np.int64), t)
    out = np.where(k < 0, 0.0, np.where(k >= n, 1.0, inside))
    return np.asarray(out, dtype=np.float64)


def _engaged_whole(objects: FloatArray, m: FloatArray, t: FloatArray) -> FloatArray:
    """``E[min(X, m)]``, ``X ~ Binomial(objects, t)``, for whole ``objects >= 0``."""
    tail = 1.0 - _binom_cdf(m - 1.0, objects, t)
    body = objects * t * _binom_cdf(m - 2.0, np.maximum(objects - 1.0, 0.0), t)
    out = np.where((objects <= 0) | (m <= 0), 0.0, m * tail + body)
    return np.asarray(out, dtype=np.float64)


def expected_engaged(objects: ArrayLike, engageable: ArrayLike,
                     track_probability: ArrayLike = 1.0) -> FloatArray:
    """Return ``E[min(X, M)]``, ``X ~ Binomial(N, T)``: the objects the defense engages.

    N objects, each tracked with probability T; the defense engages the tracked ones, at most
    M. Linear in N between whole numbers (a fractional number of objects, e.g. 1.5 decoys per
    warhead). With T = 1 it is ``min(N, M)``.
    """
    n, m, t = np.broadcast_arrays(*(np.asarray(a, dtype=np.float64)
                                    for a in (objects, engageable, track_probability)))
    if np.all(t >= 1.0):  # every object tracked: no binomial needed
        return np.asarray(np.clip(np.minimum(n, m), 0.0, None), dtype=np.float64)
    lo = np.floor(n + 1e-9)
    frac = np.clip(n - lo, 0.0, 1.0)
    out = (1.0 - frac) * _engaged_whole(lo, m, t) + frac * _engaged_whole(lo + 1.0, m, t)
    return np.asarray(out, dtype=np.float64)


def _tail_beyond(objects: ArrayLike, m: ArrayLike, t: ArrayLike) -> FloatArray:
    """``P(X > m)``, ``X ~ Binomial(N, T)`` (interpolated in N like expected_engaged)."""
    n, mm, tt = np.broadcast_arrays(*(np.asarray(a, dtype=np.float64) for a in (objects, m, t)))
    lo = np.floor(n + 1e-9)
    frac = np.clip(n - lo, 0.0, 1.0)
    if np.all(tt >= 1.0):
        return np.asarray((1.0 - frac) * (lo > mm) + frac * (lo + 1.0 > mm), dtype=np.float64)
    beyond = ((1.0 - frac) * (1.0 - _binom_cdf(mm, lo, tt))
              + frac * (1.0 - _binom_cdf(mm, lo + 1.0, tt)))
    return np.asarray(beyond, dtype=np.float64)


def expected_delivered(
    warheads: ArrayLike,
    interceptors: ArrayLike,
    shots: ArrayLike,
    pk: ArrayLike,
    decoys: ArrayLike = 0.0,
    track_probability: ArrayLike = 1.0,
) -> FloatArray:
    """Return the expected warheads delivered, ``W - k E[min(X, M)] / (1 + d)`` (broadcasts)."""
    w = np.asarray(warheads, dtype=np.float64)
    d = np.asarray(decoys, dtype=np.float64)
    k = negation_probability(pk, shots)
    engaged = expected_engaged(w * (1.0 + d), objects_engageable(interceptors, shots),
                               track_probability)
    return np.asarray(w - k * engaged / (1.0 + d), dtype=np.float64)


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

    Inverse of :func:`expected_delivered` (non-decreasing in W), found by bisection over whole
    numbers: with ``T = 1``, ``R / (1 - q)`` in the leakage regime, else ``R + q M / (1 + d)``,
    rounded up.
    """
    r = np.asarray(deliver, dtype=np.float64)
    d = np.asarray(decoys, dtype=np.float64)
    k = negation_probability(pk, shots)
    # E(W) >= W - k M / (1 + d): W = R + k M / (1 + d) always delivers R
    hi = np.ceil(np.maximum(r, 0.0) + k * objects_engageable(interceptors, shots) / (1.0 + d))
    return _smallest(lambda w: expected_delivered(w, interceptors, shots, pk, decoys,
                                                  track_probability) >= r - 1e-9,
                     np.zeros_like(hi), hi)


def _smallest(ok: Any, lo: FloatArray, hi: FloatArray) -> FloatArray:
    """Return the smallest whole x in [lo, hi] with ok(x), for ok monotone and ok(hi) true."""
    lo, hi = np.broadcast_arrays(np.asarray(lo, dtype=np.float64),
                                 np.asarray(hi, dtype=np.float64))
    lo, hi = lo.copy(), hi.copy()
    first = np.asarray(ok(lo), dtype=bool)
    hi = np.where(first, lo, hi)
    lo = np.where(first, lo, lo + 1.0)  # invariant: ok(hi), and not ok(x) for x < lo
    while np.any(lo < hi):
        mid = np.floor((lo + hi) / 2.0)
        good = np.asarray(ok(mid), dtype=bool) & (lo < hi)
        hi = np.where(good, mid, hi)
        lo = np.where(good | (lo >= hi), lo, mid + 1.0)
    return np.asarray(hi, dtype=np.float64)


def decoys_needed(
    deliver: ArrayLike,
    warheads: ArrayLike,
    interceptors: ArrayLike,
    shots: ArrayLike,
    pk: ArrayLike,
    track_probability: ArrayLike = 1.0,
) -> FloatArray:
    """Return the smallest whole number of decoys per warhead with ``E(W, I) >= R`` (broadcasts).

    0 if the warheads alone deliver R; else the smallest d (bisection; E grows with d) up to
    ``ceil(k M / (W - R))``, at which the defense engages at most ``M / (1 + d) <= (W - R) / k``
    warheads; ``inf`` when no number of decoys does it (``W <= R`` against a defense that stops
    any). With ``T = 1``: ``d = ceil(q M / (W - R) - 1)``.
    """
    r = np.asarray(deliver, dtype=np.float64)
    w = np.asarray(warheads, dtype=np.float64)
    k = negation_probability(pk, shots)
    m = objects_engageable(interceptors, shots)
    enough = expected_delivered(w, interceptors, shots, pk, 0.0, track_probability) >= r - 1e-9
    with np.errstate(divide="ignore", invalid="ignore"):
        hi = np.where(w > r, np.maximum(np.ceil(k * m / (w - r)), 0.0), 0.0)
    d = _smallest(lambda x: expected_delivered(w, interceptors, shots, pk, x,
                                               track_probability) >= r - 1e-9,
                  np.zeros_like(hi), hi)
    d = np.where(w > r, d, np.inf)
    return np.asarray(np.where(enough, 0.0, d), dtype=np.float64)


def regime(
    warheads: ArrayLike, interceptors: ArrayLike, shots: ArrayLike, decoys: ArrayLike = 0.0,
    track_probability: ArrayLike = 1.0,
) -> NDArray[np.str_]:
    """Return ``"leakage"`` where the expected tracked objects fit in M, else ``"exhaustion"``."""
    w = np.asarray(warheads, dtype=np.float64)
    limit = warheads_to_exhaust(interceptors, shots, decoys, track_probability)
    return np.where(w > limit + 1e-9, EXHAUSTION, LEAKAGE)


def marginal_warheads_per_interceptor(
    warheads: ArrayLike,
    interceptors: ArrayLike,
    shots: ArrayLike,
    pk: ArrayLike,
    decoys: ArrayLike = 0.0,
    track_probability: ArrayLike = 1.0,
) -> FloatArray:
    """Return ``-dE/dI``: warheads the attacker must add per interceptor added, to keep E.

    ``k P(X > M) / (n (1 + d))``: n more interceptors engage one more object when more than M
    are tracked. With ``T = 1``: ``q / (n (1 + d))`` in the exhaustion regime (each added
    warhead is delivered), 0 in the leakage regime (an added interceptor has no object to
    engage at n shots each).
    """
    w = np.asarray(warheads, dtype=np.float64)
    k = negation_probability(pk, shots)
    n = np.asarray(shots, dtype=np.float64)
    d = np.asarray(decoys, dtype=np.float64)
    beyond = _tail_beyond(w * (1.0 + d), objects_engageable(interceptors, shots),
                          track_probability)
    return np.asarray(k * beyond / (n * (1.0 + d)), dtype=np.float64)


def _delivered_per_warhead(
    warheads: ArrayLike, interceptors: ArrayLike, shots: ArrayLike, pk: ArrayLike,
    decoys: ArrayLike, track_probability: ArrayLike,
) -> FloatArray:
    """Return ``dE/dW``: ``1 - k T P(X <= M - 1)`` (1 in exhaustion, ``1 - q`` in leakage)."""
    w = np.asarray(warheads, dtype=np.float64)
    d = np.asarray(decoys, dtype=np.float64)
    t = np.asarray(track_probability, dtype=np.float64)
    m = objects_engageable(interceptors, shots)
    room = 1.0 - _tail_beyond(w * (1.0 + d), m - 1.0, t)
    return np.asarray(1.0 - negation_probability(pk, shots) * t * room, dtype=np.float64)


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
    d = np.asarray(decoys, dtype=np.float64)
    de_dw = _delivered_per_warhead(w, interceptors, shots, pk, decoys, track_probability)
    with np.errstate(divide="ignore", invalid="ignore"):
        attacker = (np.asarray(warhead_cost_usd) + d * np.asarray(decoy_cost_usd)) / de_dw
        rate = marginal_warheads_per_interceptor(w, interceptors, shots, pk, decoys,
                                                 track_probability)
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
        de_dw = float(_delivered_per_warhead(w, interceptors, shots, pk, decoys,
                                             track_probability))
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
        warheads_to_exhaust=float(warheads_to_exhaust(interceptors, shots, decoys,
                                                      track_probability)),
        warheads_needed=w,
        warheads_needed_without_defense=float(np.ceil(deliver - 1e-9)),
        expected_delivered=float(expected_delivered(w, interceptors, shots, pk, decoys,
                                                    track_probability)),
        regime=str(regime(w, interceptors, shots, decoys, track_probability)),
        warheads_per_interceptor=rate,
        defender_cost_per_warhead_stopped_usd=defender,
        attacker_cost_per_warhead_delivered_usd=attacker,
        cost_exchange_ratio=cer,
    )
