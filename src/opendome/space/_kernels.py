"""Fused numba kernels of the space layer (propagation and reach counting in one pass).

The numpy path of :func:`opendome.space.coverage.count_in_reach` materializes positions
``(n_satellites, chunk, 3)``; for circular orbits this kernel propagates each satellite and tests
it against every site without storing positions: the same arithmetic, no memory traffic.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit, prange


@njit(cache=True, parallel=True)
def count_circular(
    a: np.ndarray,
    cos_i: np.ndarray,
    sin_i: np.ndarray,
    raan0: np.ndarray,
    raan_dot: np.ndarray,
    u0: np.ndarray,
    u_dot: np.ndarray,
    times: np.ndarray,
    theta: np.ndarray,
    sites: np.ndarray,
    threshold_base: np.ndarray,
    out: np.ndarray,
) -> None:  # pragma: no cover - compiled
    """Add to ``out[t, k]`` the satellites with ``p . q_k >= (|p|^2 + base_k) / 2``.

    ``base_k = |q_k|^2 - R_k^2``; positions Earth-fixed (node minus Earth rotation ``theta``).
    """
    n_sat = a.shape[0]
    n_site = sites.shape[0]
    for it in prange(times.shape[0]):
        t = times[it]
        th = theta[it]
        for s in range(n_sat):
            om = raan0[s] + raan_dot[s] * t - th
            u = u0[s] + u_dot[s] * t
            cu = math.cos(u)
            su = math.sin(u)
            co = math.cos(om)
            so = math.sin(om)
            x = a[s] * (co * cu - so * su * cos_i[s])
            y = a[s] * (so * cu + co * su * cos_i[s])
            z = a[s] * (su * sin_i[s])
            p2 = x * x + y * y + z * z
            for k in range(n_site):
                if x * sites[k, 0] + y * sites[k, 1] + z * sites[k, 2] >= 0.5 * (
                    p2 + threshold_base[k]
                ):
                    out[it, k] += 1
