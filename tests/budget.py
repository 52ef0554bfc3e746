"""How many examples a property test runs: its budget in `make test`, more in `make fuzz`.

`make test` loads the derandomized hypothesis profile "ci"; `make fuzz` sets
``HYPOTHESIS_PROFILE=fuzz`` and runs the same properties randomized with a larger budget. A test
that sets ``max_examples`` itself asks for ``examples(n)`` so that the fuzz campaign scales it.
"""

from __future__ import annotations

import os

FUZZ = os.environ.get("HYPOTHESIS_PROFILE") == "fuzz"
FUZZ_FACTOR = 40


def examples(ci: int, fuzz: int | None = None) -> int:
    """Return ``ci`` examples in `make test`, ``fuzz`` (default 40 x ci) in `make fuzz`."""
    if not FUZZ:
        return ci
    return fuzz if fuzz is not None else ci * FUZZ_FACTOR
