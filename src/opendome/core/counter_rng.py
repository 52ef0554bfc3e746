"""Counter-based uniform random numbers: each number addressed by (key, trial, stream, index).

``u = mix(trial_key(key, trial) + (1 + counter) * golden)`` with SplitMix64's increment and
output mix (Steele, Lea & Flood, "Fast splittable pseudorandom number generators", OOPSLA
2014); ``counter`` packs the layer (8 bits), the slot (8 bits: reliability, detection,
discrimination, kill round r, look after round r, ...) and the entity index (48 bits). The key
comes from a ``numpy.random.SeedSequence``. Because a number depends only on its address:

- results do not depend on chunking, block size or the number of workers;
- only the numbers a trial needs are computed (a dead object draws nothing);
- two scenario variants see the same draws for the same trial, layer and object (common
  random numbers), which sharpens comparisons between architectures.

The numba functions here and the pure-Python :func:`uniform_py` are the same function; tests
check them against each other and the output for uniformity.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numba import njit, uint64

from opendome.core.allocation import MAX_ENGAGEMENTS

_MASK64 = (1 << 64) - 1
_GOLDEN = 0x9E3779B97F4A7C15
_M1 = 0xBF58476D1CE4E5B9
_M2 = 0x94D049BB133111EB
_TWO_M53 = 2.0**-53


SLOT_RELIABILITY = 0
SLOT_DETECT = 1
SLOT_DISCRIMINATE = 2
SLOT_KILL = 3
"""Kill round r uses slot ``SLOT_KILL + r`` (r < MAX_ENGAGEMENTS)."""
SLOT_ASSESS = SLOT_KILL + MAX_ENGAGEMENTS
"""The look after round r (kill assessment) uses slot ``SLOT_ASSESS + r``."""
SLOT_ALLOCATION = 254
"""The battle manager's random starting point in pool p, wave w, round r: entity
``p * 2**32 + MAX_ENGAGEMENTS * w + r``."""
SLOT_INVENTORY = 255
"""Draw of a layer's inventory in a trial, where it is random (e.g. interceptors in reach)."""
MAX_LAYERS = 256
"""Layers a plan may have (8 bits of the counter)."""


def key_from_seed(seed: int) -> int:
    """Return the 64-bit key of a seed, from ``numpy.random.SeedSequence(seed)``."""
    return int(np.random.SeedSequence(seed).generate_state(1, dtype=np.uint64)[0])


@njit(uint64(uint64), cache=True, inline="always")
def _mix(z: Any) -> Any:
    z = (z ^ (z >> uint64(30))) * uint64(_M1)
    z = (z ^ (z >> uint64(27))) * uint64(_M2)
    return z ^ (z >> uint64(31))


@njit(cache=True, inline="always")
def trial_key(key: Any, trial: int) -> Any:
    """Return the key of one trial (a 64-bit hash of the run key and the trial index)."""
    return _mix(uint64(key) + (uint64(trial) + uint64(1)) * uint64(_GOLDEN))


@njit(cache=True, inline="always")
def uniform(tkey: Any, layer: int, slot: int, entity: int) -> float:
    """Return the uniform in [0, 1) at (layer, slot, entity) of a trial key; 53-bit resolution."""
    counter = (uint64(layer) << uint64(56)) | (uint64(slot) << uint64(48)) | uint64(entity)
    z = _mix(uint64(tkey) + (counter + uint64(1)) * uint64(_GOLDEN))
    return float(z >> uint64(11)) * _TWO_M53


def uniform_py(key: int, trial: int, layer: int, slot: int, entity: int) -> float:
    """Pure-Python twin of ``uniform(trial_key(key, trial), layer, slot, entity)``."""

    def mix(z: int) -> int:
        z = ((z ^ (z >> 30)) * _M1) & _MASK64
        z = ((z ^ (z >> 27)) * _M2) & _MASK64
        return z ^ (z >> 31)

    tkey = mix((key + (trial + 1) * _GOLDEN) & _MASK64)
    counter = (layer << 56) | (slot << 48) | entity
    return (mix((tkey + (counter + 1) * _GOLDEN) & _MASK64) >> 11) * _TWO_M53
