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


@njit(cache=True)
def row_intervals(
    a: float,
    cos_i: float,
    sin_i: float,
    node_rate_rel: float,
    u_rate: float,
    offsets: np.ndarray,
    reach: np.ndarray,
    rho_t: np.ndarray,
    phi_t: np.ndarray,
    z_t: np.ndarray,
    start: np.ndarray,
    end: np.ndarray,
) -> None:  # pragma: no cover - compiled
    """Fill ``start/end[row, launch, :]`` with the merged node intervals that engage.

    Row ``r`` is the argument of latitude ``2 pi r / n_rows`` at launch; at offset ``t`` the
    satellite has moved to ``u + u_rate t`` and its node by ``node_rate_rel t`` (Earth-fixed).
    The distance to the threat depends on the node through ``cos(node + alpha - phi_t)``, so
    each offset gives one interval of nodes (half-width ``acos(c)``); intervals are merged,
    sorted and kept within one turn (half-open, NaN-padded).
    """
    n_rows = start.shape[0]
    n_launch = rho_t.shape[0]
    n_off = offsets.shape[0]
    two_pi = 2.0 * math.pi
    for r in range(n_rows):
        u0 = two_pi * r / n_rows
        lo = np.empty(n_off)
        hi = np.empty(n_off)
        for ll in range(n_launch):
            n = 0
            ref = 0.0
            for o in range(n_off):
                big_r = reach[o]
                if big_r <= 0.0:
                    continue
                t = offsets[o]
                u = u0 + u_rate * t
                px = a * math.cos(u)
                py = a * math.sin(u) * cos_i
                zs = a * math.sin(u) * sin_i
                rho_s = math.hypot(px, py)
                dz = zs - z_t[ll, o]
                rt = rho_t[ll, o]
                if rho_s * rt < 1e-6:
                    d2 = rho_s * rho_s + rt * rt + dz * dz
                    if d2 > big_r * big_r:
                        continue
                    w = math.pi
                    centre = 0.0
                else:
                    c = (rho_s * rho_s + rt * rt + dz * dz - big_r * big_r) / (2.0 * rho_s * rt)
                    if c > 1.0:
                        continue
                    w = math.pi if c <= -1.0 else math.acos(c)
                    centre = phi_t[ll, o] - math.atan2(py, px) - node_rate_rel * t
                if n == 0:
                    ref = centre
                else:
                    centre = ref + ((centre - ref + math.pi) % two_pi) - math.pi
                lo[n] = centre - w
                hi[n] = centre + w
                n += 1
            if n == 0:
                continue
            order = np.argsort(lo[:n])
            q = 0
            cur_lo = lo[order[0]]
            cur_hi = hi[order[0]]
            first = cur_lo
            for jj in range(1, n):
                s = lo[order[jj]]
                e = hi[order[jj]]
                if s <= cur_hi:
                    if e > cur_hi:
                        cur_hi = e
                else:
                    start[r, ll, q] = cur_lo
                    end[r, ll, q] = min(cur_hi, first + two_pi)
                    q += 1
                    cur_lo = s
                    cur_hi = e
            if cur_lo < first + two_pi:
                start[r, ll, q] = cur_lo
                end[r, ll, q] = min(cur_hi, first + two_pi)


@njit(cache=True)
def fold_pattern(
    start: np.ndarray,
    end: np.ndarray,
    planes: int,
    n_a: int,
    m: int,
    phasing: int,
    h_a: float,
    out: np.ndarray,
) -> None:  # pragma: no cover - compiled
    """Add every raster point of the engaging set to the torus state it belongs to.

    Raster: node ``i h_a`` (``P n_a`` columns), argument of latitude row ``r`` (``T m`` rows).
    Point ``(i, r)`` is satellite ``(k, j)`` of state ``(ia, ib)`` with ``k = i // n_a``,
    ``ia = i % n_a`` and ``ib = (r - F k m) mod (P m)``; ``out[ia, ib, launch] += 1``.
    """
    n_rows = start.shape[0]
    n_launch = start.shape[1]
    n_off = start.shape[2]
    n_omega = planes * n_a
    pm = planes * m
    for ll in range(n_launch):
        for r in range(n_rows):
            for q in range(n_off):
                s = start[r, ll, q]
                if math.isnan(s):
                    break
                i0 = math.ceil(s / h_a)
                i1 = math.ceil(end[r, ll, q] / h_a)
                for i in range(i0, i1):
                    io = i % n_omega
                    k = io // n_a
                    ia = io - k * n_a
                    ib = (r - phasing * k * m) % pm
                    out[ia, ib, ll] += 1


@njit(cache=True)
def screen_designs(
    start: np.ndarray,
    end: np.ndarray,
    total: int,
    planes_list: np.ndarray,
    m: int,
    h: float,
    k: int,
    early_exit: bool,
    min_out: np.ndarray,
    frac_out: np.ndarray,
) -> None:  # pragma: no cover - compiled
    """Fold every design ``(P, F)`` of ``total`` satellites; worst-launch minimum and fraction.

    Designs are listed plane count by plane count, phasing 0..P-1 (the order of
    ``min_out``/``frac_out``). Same grid as :func:`fold_pattern` with ``n_a = ceil(2 pi/(P h))``.
    With ``early_exit`` launches are folded one at a time and a design is dropped at the first
    launch with a state below ``k`` (its fraction is then reported as 0).
    """
    n_launch = start.shape[1]
    idx = 0
    for pi in range(planes_list.shape[0]):
        planes = planes_list[pi]
        n_a = max(1, math.ceil(2.0 * math.pi / (planes * h)))
        h_a = 2.0 * math.pi / (planes * n_a)
        pm = planes * m
        worst = np.empty((n_a, pm), dtype=np.int32)
        buf = np.zeros((n_a, pm, 1), dtype=np.int32)
        for f in range(planes):
            worst[:] = 1 << 30
            lo = 1 << 30
            for ll in range(n_launch):
                buf[:] = 0
                fold_pattern(
                    start[:, ll : ll + 1], end[:, ll : ll + 1], planes, n_a, m, f, h_a, buf
                )
                for ia in range(n_a):
                    for ib in range(pm):
                        c = buf[ia, ib, 0]
                        if c < worst[ia, ib]:
                            worst[ia, ib] = c
                        if c < lo:
                            lo = c
                if early_exit and lo < k:
                    break
            good = 0
            if not (early_exit and lo < k):
                for ia in range(n_a):
                    for ib in range(pm):
                        if worst[ia, ib] >= k:
                            good += 1
            min_out[idx] = lo
            frac_out[idx] = good / (n_a * pm)
            idx += 1
