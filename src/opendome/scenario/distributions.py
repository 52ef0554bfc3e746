"""Probabilities that are not known exactly: a number, or a distribution over [0, 1].

Any probability of a layer (kill probability by class, detection, discrimination, reliability,
kill assessment) may be written as a distribution instead of a number::

    pk: {warhead: {beta_from_tests: {hits: 11, trials: 20}}}
    detection: {uniform: [0.5, 0.8]}
    reliability: {beta: [9, 1]}

``beta_from_tests`` is the Bayes-Laplace posterior of a test record, ``Beta(hits + 1,
misses + 1)`` (uniform prior; e.g. Gelman et al., *Bayesian Data Analysis*, 3rd ed., 2013,
sec. 2.4). A single run uses the mean (``float(distribution)``); the outer loop of
:mod:`opendome.engine.uncertainty` draws one value per batch of trials and reports the spread of
P(no leak) over the draws beside its sampling interval.
"""

from __future__ import annotations

from typing import Annotated

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, model_validator


class TestRecord(BaseModel):
    """Intercept tests: ``hits`` successes in ``trials``."""

    __test__ = False  # not a pytest class
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    hits: int = Field(ge=0, le=100_000)
    trials: int = Field(ge=1, le=100_000)

    @model_validator(mode="after")
    def _hits_within_trials(self) -> TestRecord:
        if self.hits > self.trials:
            raise ValueError(f"hits: {self.hits} is more than the {self.trials} trials")
        return self


class Distribution(BaseModel):
    """A probability known only as a distribution; give exactly one of the three forms."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    beta_from_tests: TestRecord | None = Field(
        None, description="posterior of a test record, Beta(hits + 1, trials - hits + 1)")
    uniform: tuple[float, float] | None = Field(
        None, description="uniform between two probabilities, e.g. [0.5, 0.8]")
    beta: tuple[float, float] | None = Field(
        None, description="Beta(a, b) with a, b > 0, e.g. [9, 1]")

    @model_validator(mode="after")
    def _exactly_one(self) -> Distribution:
        given = [k for k in ("beta_from_tests", "uniform", "beta") if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError("give exactly one of beta_from_tests, uniform or beta, e.g. "
                             "{uniform: [0.5, 0.8]}")
        if self.uniform is not None:
            lo, hi = self.uniform
            if not 0.0 <= lo <= hi <= 1.0:
                raise ValueError(f"uniform: need 0 <= low <= high <= 1, got [{lo}, {hi}]")
        if self.beta is not None and not (self.beta[0] > 0 and self.beta[1] > 0):
            raise ValueError(f"beta: both shape parameters must be > 0, got {list(self.beta)}")
        return self

    def beta_shape(self) -> tuple[float, float] | None:
        """Return ``(a, b)`` of a beta distribution (``beta`` or ``beta_from_tests``), else None."""
        if self.beta is not None:
            return self.beta
        if self.beta_from_tests is not None:
            r = self.beta_from_tests
            return float(r.hits + 1), float(r.trials - r.hits + 1)
        return None

    @property
    def mean(self) -> float:
        """Mean of the distribution (the value a single run uses)."""
        shape = self.beta_shape()
        if shape is not None:
            return shape[0] / (shape[0] + shape[1])
        assert self.uniform is not None
        return 0.5 * (self.uniform[0] + self.uniform[1])

    def __float__(self) -> float:
        return self.mean

    def sample(self, rng: np.random.Generator, size: int) -> np.ndarray:
        """``size`` independent draws from ``rng``."""
        shape = self.beta_shape()
        if shape is not None:
            return rng.beta(shape[0], shape[1], size)
        assert self.uniform is not None
        return rng.uniform(self.uniform[0], self.uniform[1], size)

    def quantile(self, q: float | np.ndarray) -> np.ndarray:
        """Quantile function (scipy), for checks and reports."""
        from scipy import stats

        shape = self.beta_shape()
        if shape is not None:
            return np.asarray(stats.beta.ppf(q, shape[0], shape[1]))
        assert self.uniform is not None
        lo, hi = self.uniform
        return np.asarray(lo + (hi - lo) * np.asarray(q))


Probability = Annotated[float, Field(ge=0.0, le=1.0)] | Distribution
"""A probability: a number in [0, 1] or a :class:`Distribution`."""


def point(value: float | Distribution) -> float:
    """Return the number a single run uses: the value itself, or the distribution's mean."""
    return float(value)
