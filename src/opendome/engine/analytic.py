"""Closed forms of the layered-defense model, beside the Monte Carlo that they test.

The standard form (e.g. APS 2003; Wilkening 2000): a layer that tracks an object with
probability T and fires n shots of single-shot kill probability p negates it with
``T [1 - (1 - p)^n]``; layers multiply leakage; with a system reliability P_sys,
``P(zero leakers) = P_sys * prod_objects (1 - leakage)``.

:func:`plan_closed_form` is exact for a whole :class:`~opendome.plan.EngagementPlan` when no
layer runs out of interceptors: it enumerates the 2^L common-mode states of the layers and, in
each, convolves the per-missile leaker distributions (a boost kill removes all warheads of a
missile together, so warheads of one missile are not independent).

Shoot-look-shoot with imperfect kill assessment (probability ``a`` that the look reports a
target's state correctly) is a two-state chain per target: after each engagement a killed
target is declared killed with probability ``a`` (else engaged again, wasting shots) and a
survivor is declared alive with probability ``a`` (else it passes). With kill probability
``k`` per engagement and m engagements allowed, the survival probability is
``S_1 = 1 - k``, ``S_m = (1 - k) [(1 - a) + a S_{m-1}]`` (:func:`sls_engagement`).

A pool whose samples are all 0 (nothing in reach at any launch time) engages nothing: the
closed form treats its salvos as not engaged by the layer.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from opendome.plan import CLASS_BOOSTER, CLASS_DECOY, CLASS_WARHEAD, EngagementPlan


def layer_negation(p_detect: ArrayLike, pk: ArrayLike, shots: ArrayLike) -> NDArray[np.float64]:
    """Return ``T [1 - (1 - p)^n]``: probability a layer negates an object (broadcasts)."""
    t, p, n = np.broadcast_arrays(*(np.asarray(a, dtype=np.float64) for a in (p_detect, pk, shots)))
    return np.asarray(t * (1.0 - (1.0 - p) ** n), dtype=np.float64)


def leakage_through_layers(negations: ArrayLike, axis: int = -1) -> NDArray[np.float64]:
    """Return ``prod (1 - P_layer)`` along ``axis``: probability an object leaks through all."""
    return np.asarray(np.prod(1.0 - np.asarray(negations, dtype=np.float64), axis=axis))


def p_zero_leakers(leak_per_object: ArrayLike, p_system: float = 1.0) -> float:
    """Return ``P_sys * prod_i (1 - leak_i)``: probability that no object leaks."""
    return float(p_system * np.prod(1.0 - np.asarray(leak_per_object, dtype=np.float64)))


def shots_needed(p_target: float, pk: float, p_detect: float = 1.0) -> int:
    """Return the smallest n with ``T [1 - (1 - p)^n] >= p_target``.

    Raises ValueError when no number of shots reaches the target (T <= target with p < 1 ...).
    """
    if not (0.0 <= p_target < 1.0 and 0.0 < pk <= 1.0 and 0.0 <= p_detect <= 1.0):
        raise ValueError(
            f"need 0 <= p_target < 1, 0 < pk <= 1, 0 <= p_detect <= 1; got "
            f"p_target={p_target}, pk={pk}, p_detect={p_detect}"
        )
    if p_target <= 0.0:
        return 0
    if pk == 1.0:
        if p_detect >= p_target:
            return 1
    elif p_detect > p_target:
        n = math.log(1.0 - p_target / p_detect) / math.log(1.0 - pk)
        k = max(1, math.ceil(n - 1e-12))
        return k if p_detect * (1.0 - (1.0 - pk) ** k) >= p_target else k + 1
    raise ValueError(
        f"no number of shots reaches {p_target}: detection {p_detect} caps the layer's negation"
    )


def expected_shots(pk: float, shots: int, engagements: int) -> float:
    """Return expected interceptors fired at one engaged object by shoot-look-shoot.

    ``shots`` per engagement, up to ``engagements`` engagements, stopping after a kill:
    ``n * sum_{k<m} q^k`` with ``q = (1 - p)^n``. (A salvo is the case m = 1.)
    """
    q = (1.0 - pk) ** shots
    return float(shots * sum(q**k for k in range(engagements)))


def sls_engagement(
    kill: ArrayLike, shots: ArrayLike, engagements: ArrayLike, assess: ArrayLike = 1.0
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    """Return (P(kill), expected shots if the layer works, expected shots if it does not).

    One engaged target: up to ``engagements`` engagements of ``shots`` interceptors, each
    killing with ``kill``; the look between engagements right with probability ``assess``.
    A layer that does not work kills nothing, and re-engages while the look reports the
    (living) target alive. Broadcasts; ``assess = 1`` gives ``expected_shots``.
    """
    k, n, m, a = np.broadcast_arrays(*(np.asarray(x, dtype=np.float64)
                                       for x in (kill, shots, engagements, assess)))
    alive_engaged = np.ones_like(k)  # P(engaged in round j, target alive)
    dead_engaged = np.zeros_like(k)  # P(engaged in round j, target already killed)
    down_engaged = np.ones_like(k)
    survive = np.ones_like(k)
    shots_up = np.zeros_like(k)
    shots_down = np.zeros_like(k)
    for j in range(int(m.max(initial=0))):
        fire = j < m
        shots_up += np.where(fire, n * (alive_engaged + dead_engaged), 0.0)
        shots_down += np.where(fire, n * down_engaged, 0.0)
        killed_now = alive_engaged * k
        survive -= np.where(fire, killed_now, 0.0)
        look = j + 1 < m
        alive_next = a * alive_engaged * (1.0 - k)
        dead_next = (1.0 - a) * (dead_engaged + killed_now)
        alive_engaged = np.where(look, alive_next, 0.0)
        dead_engaged = np.where(look, dead_next, 0.0)
        down_engaged = np.where(look, a * down_engaged, 0.0)
    return 1.0 - survive, shots_up, shots_down


@dataclass(frozen=True)
class ClosedForm:
    """Exact results of a plan with unlimited inventory."""

    p_no_leak: float
    expected_leakers: float
    leaker_pmf: NDArray[np.float64]
    """(W+1,) probability of 0..W warheads leaking."""
    expected_interceptors: NDArray[np.float64]
    """(L,) expected interceptors fired by each layer."""


def plan_closed_form(plan: EngagementPlan) -> ClosedForm:
    """Return the exact leaker distribution and interceptor use of a plan (no inventory limit).

    Cost: 2^L states x M missiles x W convolution; meant for plans of modest size (tests,
    cross-checks, the summary's closed-form column).
    """
    n_layers = plan.n_layers
    if n_layers > 12:
        raise ValueError(f"the closed form enumerates 2^L layer states; L={n_layers} is too many")
    boost = plan.layer_is_boost
    engagements = _engaging(plan)
    eng_missile = engagements[:, plan.missile_salvo].astype(np.float64)  # (L, M)
    eng_object = engagements[:, plan.object_salvo].astype(np.float64)  # (L, N)
    n = plan.shots.astype(np.float64)[:, None]
    assess = _kill_assessment(plan)[:, None]
    pk_booster = plan.pk[:, CLASS_BOOSTER][:, None]
    object_class = np.where(plan.object_is_decoy, CLASS_DECOY, CLASS_WARHEAD)
    pk_object = plan.pk[:, object_class]  # (L, N)
    engage_missile = plan.p_detect[:, None] * (eng_missile > 0)
    engage_object = (plan.p_detect[:, None] * (eng_object > 0)
                     * np.where(plan.object_is_decoy[None, :], 1.0 - plan.p_discriminate[:, None],
                                1.0))
    # given engaged: kill if the layer works, shots if it works / does not
    kill_missile, shots_up_missile, shots_down_missile = sls_engagement(
        1.0 - (1.0 - pk_booster) ** n, n, eng_missile, assess)
    kill_object, shots_up_object, shots_down_object = sls_engagement(
        1.0 - (1.0 - pk_object) ** n, n, eng_object, assess)

    n_warheads = plan.n_warheads
    pmf_total = np.zeros(n_warheads + 1)
    interceptors = np.zeros(n_layers)
    warhead = ~plan.object_is_decoy
    for state in itertools.product((True, False), repeat=n_layers):
        up = np.array(state)
        weight = float(np.prod(np.where(up, plan.p_reliable, 1.0 - plan.p_reliable)))
        if weight == 0.0:
            continue
        # Boost layers act on missiles, in order.
        alive_missile = np.ones(plan.n_missiles)
        for layer in np.flatnonzero(boost):
            engaged = alive_missile * engage_missile[layer]
            per_engaged = (shots_up_missile if up[layer] else shots_down_missile)[layer]
            interceptors[layer] += weight * float(np.sum(engaged * per_engaged))
            if up[layer]:
                alive_missile = alive_missile * (1.0 - engage_missile[layer] * kill_missile[layer])
        # Later layers act on objects, independent given the missile survived boost.
        alive_object = np.ones(plan.n_objects)  # conditional on the missile surviving boost
        for layer in np.flatnonzero(~boost):
            engaged = alive_object * engage_object[layer]
            per_engaged = (shots_up_object if up[layer] else shots_down_object)[layer]
            interceptors[layer] += weight * float(
                np.sum(alive_missile[plan.object_missile] * engaged * per_engaged))
            if up[layer]:
                alive_object = alive_object * (1.0 - engage_object[layer] * kill_object[layer])
        pmf = np.zeros(n_warheads + 1)
        pmf[0] = 1.0
        for m in range(plan.n_missiles):
            leak = alive_object[(plan.object_missile == m) & warhead]
            missile_pmf = _poisson_binomial(leak) * alive_missile[m]
            missile_pmf[0] += 1.0 - alive_missile[m]
            pmf = np.convolve(pmf, missile_pmf)[: n_warheads + 1]
        pmf_total += weight * pmf
    expected = float(np.dot(np.arange(n_warheads + 1), pmf_total))
    return ClosedForm(float(pmf_total[0]), expected, pmf_total, interceptors)


def _engaging(plan: EngagementPlan) -> NDArray[np.int64]:
    """Return ``(L, S)`` engagements, 0 where the salvo's pool never has an interceptor.

    A pool never has one when all its samples are 0, or the layer's fixed inventory is 0 (a
    layer filled from a constellation later, by ``prepare_plan``, keeps its engagements).
    """
    out = plan.engagements.copy()
    pools = (np.zeros_like(out) if plan.salvo_pool is None
             else np.asarray(plan.salvo_pool, dtype=np.int64))
    for layer in range(plan.n_layers):
        samples = plan.inventory_samples[layer] if plan.inventory_samples else None
        if samples is not None and samples.size:
            stock = np.asarray(samples).reshape(-1, samples.shape[-1])
            empty = np.asarray(np.all(stock == 0, axis=1))
            out[layer, empty[pools[layer]]] = 0
        elif plan.inventory[layer] == 0 and layer not in plan.constellation_layers:
            out[layer] = 0
    return out


def _kill_assessment(plan: EngagementPlan) -> NDArray[np.float64]:
    """Return ``(L,)`` kill-assessment probabilities (1.0 when the plan has none)."""
    if plan.p_kill_assessment is None:
        return np.ones(plan.n_layers)
    return np.asarray(plan.p_kill_assessment, dtype=np.float64)


def _poisson_binomial(p: NDArray[np.float64]) -> NDArray[np.float64]:
    """Return the distribution of the number of successes of independent Bernoulli(p_i)."""
    pmf = np.array([1.0])
    for pi in p:
        pmf = np.convolve(pmf, [1.0 - pi, pi])
    return pmf
