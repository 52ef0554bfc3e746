"""Test-suite set-up: hypothesis profiles (derandomized in ``make test``, randomized in fuzz)."""

import os

from hypothesis import HealthCheck, settings

# `make test` (and CI): the same examples on every run, no wall-clock deadline (numba kernels
# compile on their first call in a fresh clone), no "too slow" health check on loaded machines.
settings.register_profile(
    "ci",
    derandomize=True,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
# `make fuzz`: randomized and longer; failures are kept in .hypothesis/ to replay.
settings.register_profile(
    "fuzz",
    deadline=None,
    max_examples=2_000,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
