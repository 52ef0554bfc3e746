"""Test-suite set-up: hypothesis profiles (derandomized in ``make test``, randomized in fuzz)."""

import os

import pytest
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


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip the long campaigns (marker ``campaign``) unless ``make fuzz`` asked for them."""
    if os.environ.get("OPENDOME_CAMPAIGNS") == "1":
        return
    skip = pytest.mark.skip(reason="long campaign: run by `make fuzz` (OPENDOME_CAMPAIGNS=1)")
    for item in items:
        if "campaign" in item.keywords:
            item.add_marker(skip)
