"""Figures of merit of a constellation: interceptors in reach, absentee ratio, engagement.

Two ways to the same numbers, checked against each other in the tests:

* **analytic** -- satellites in circular orbits of inclination ``i`` with uniformly spread
  nodes and phases put their sub-satellite points at the density
  ``sigma(phi) = N / (2 pi^2 sqrt(sin^2 i - sin^2 phi))`` per steradian (``|phi| < i``). The
  expected number within a reach cap of angular radius ``theta`` is ``sigma * Omega`` with
  ``Omega = 2 pi (1 - cos theta)`` for small caps away from ``phi = i``
  (:func:`cap_fraction_small_cap`); :func:`cap_fraction` integrates the density over the cap
  and holds for any cap (it is exact for random nodes and phases).
* **simulated** -- the propagated constellation counted against the launch site(s) over a
  time grid (:func:`count_in_reach`), or the full boost-phase engagement with a moving threat
  and moving carriers (:func:`engageable_counts`).

The absentee ratio is the number of satellites per satellite in reach: ``N / mean count``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import maximum_bipartite_matching

from opendome.core.constants import (
    EARTH_GM_M3_PER_S2,
    EARTH_ROTATION_RAD_PER_S,
    SECONDS_PER_DAY,
)
from opendome.core.earth import SPHERE, earth_rotation_angle_rad
from opendome.space._kernels import count_circular
from opendome.space.propagation import (
    iter_chunks,
    j2_secular_rates,
    propagate,
    propagate_each,
)
from opendome.space.reach import reach_central_angle_rad
from opendome.space.walker import Constellation

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

# ---------------------------------------------------------------------------------- analytic


def density_per_sr(
    lat_rad: ArrayLike, inclination_rad: ArrayLike, n: ArrayLike = 1.0
) -> FloatArray:
    """Sub-satellite point density ``N / (2 pi^2 sqrt(sin^2 i - sin^2 phi))`` per steradian.

    Zero poleward of the inclination, infinite at ``|phi| = i`` (an integrable singularity).
    """
    lat = np.asarray(lat_rad, dtype=np.float64)
    inc = np.asarray(inclination_rad, dtype=np.float64)
    d = np.sin(inc) ** 2 - np.sin(lat) ** 2
    with np.errstate(divide="ignore", invalid="ignore"):
        sigma = np.asarray(n, dtype=np.float64) / (2 * np.pi**2 * np.sqrt(d))
    return np.where(d > 0, sigma, np.where(d == 0, np.inf, 0.0))


def cap_solid_angle_sr(cap_angle_rad: ArrayLike) -> FloatArray:
    """Solid angle ``2 pi (1 - cos theta)`` of a spherical cap of angular radius ``theta``."""
    th = np.asarray(cap_angle_rad, dtype=np.float64)
    return 4 * np.pi * np.sin(th / 2) ** 2


def cap_fraction_small_cap(
    lat_rad: ArrayLike, inclination_rad: ArrayLike, cap_angle_rad: ArrayLike
) -> FloatArray:
    """Fraction of satellites in the cap by the density formula: ``sigma(phi)/N * Omega``.

    Good for caps small against the distance to the turning latitude ``i``; see
    :func:`cap_fraction` for the integrated form and ``docs/space.md`` for where they part.
    """
    return density_per_sr(lat_rad, inclination_rad) * cap_solid_angle_sr(cap_angle_rad)


_GL_X, _GL_W = np.polynomial.legendre.leggauss(128)


def cap_fraction(
    lat_rad: ArrayLike, inclination_rad: ArrayLike, cap_angle_rad: ArrayLike
) -> FloatArray:
    """Probability that one satellite with random node and phase is within the cap.

    Integrates the density over the cap exactly: with the argument of latitude ``u`` uniform,
    ``sin phi = sin i sin u``, and the node uniform, the fraction of longitudes within the cap
    at latitude ``phi`` is ``dlambda(phi) / 2 pi``; the integral over ``u`` (Gauss-Legendre on
    the part of the orbit that crosses the cap's latitude band) is free of the density's
    singularity at ``phi = i``. Inputs broadcast; NaN cap angles give 0.
    """
    lat, inc, th = np.broadcast_arrays(
        np.asarray(lat_rad, dtype=np.float64),
        np.asarray(inclination_rad, dtype=np.float64),
        np.asarray(cap_angle_rad, dtype=np.float64),
    )
    valid = np.isfinite(th) & (th > 0)
    th = np.where(valid, th, 0.0)
    si = np.abs(np.sin(inc))
    lo = np.maximum(lat - th, -np.pi / 2)
    hi = np.minimum(lat + th, np.pi / 2)
    with np.errstate(divide="ignore", invalid="ignore"):
        u1 = np.arcsin(np.clip(np.sin(lo) / si, -1.0, 1.0))
        u2 = np.arcsin(np.clip(np.sin(hi) / si, -1.0, 1.0))
    half = 0.5 * (u2 - u1)
    u = (0.5 * (u1 + u2))[..., None] + half[..., None] * _GL_X
    phi = np.arcsin(np.clip(si[..., None] * np.sin(u), -1.0, 1.0))
    cos_lat = np.maximum(np.cos(lat), 1e-15)[..., None]
    x = (np.cos(th)[..., None] - np.sin(phi) * np.sin(lat)[..., None]) / (
        np.maximum(np.cos(phi), 1e-15) * cos_lat
    )
    dlam = 2 * np.arccos(np.clip(x, -1.0, 1.0))
    integral = half * np.sum(_GL_W * dlam, axis=-1)
    frac = integral / (2 * np.pi) / np.pi
    return np.where(valid & (si > 0), frac, 0.0)


def expected_in_reach(
    n_satellites: ArrayLike,
    lat_rad: ArrayLike,
    inclination_rad: ArrayLike,
    cap_angle_rad: ArrayLike,
    *,
    method: str = "integrated",
) -> FloatArray:
    """Return the expected number in the cap, ``N * fraction`` (method: integrated|small)."""
    if method == "integrated":
        f = cap_fraction(lat_rad, inclination_rad, cap_angle_rad)
    elif method == "small":
        f = cap_fraction_small_cap(lat_rad, inclination_rad, cap_angle_rad)
    else:
        raise ValueError(f"method: expected 'integrated' or 'small', got {method!r}")
    return np.asarray(n_satellites, dtype=np.float64) * f


def absentee_ratio(
    lat_rad: ArrayLike,
    inclination_rad: ArrayLike,
    cap_angle_rad: ArrayLike,
    *,
    method: str = "integrated",
) -> FloatArray:
    """Satellites in orbit per satellite in reach, ``1 / fraction`` (inf if none can reach)."""
    f = expected_in_reach(1.0, lat_rad, inclination_rad, cap_angle_rad, method=method)
    with np.errstate(divide="ignore"):
        return np.where(f > 0, 1.0 / np.where(f > 0, f, 1.0), np.inf)


def expected_in_reach_of(
    constellation: Constellation,
    lat_rad: ArrayLike,
    reach_m: float,
    *,
    target_altitude_m: float = 0.0,
    method: str = "integrated",
) -> FloatArray:
    """Analytic mean count in reach for a constellation of several shells.

    Satellites are grouped by (semi-major axis, inclination); each group contributes
    ``N_group * fraction`` with its own cap angle (the reach sphere cuts a different cap at each
    altitude). Treats every group as uniformly spread in node and phase.
    """
    keys = np.stack([constellation.semi_major_axis_m, constellation.inclination_rad], axis=1)
    groups, counts = np.unique(keys, axis=0, return_counts=True)
    total = np.zeros(np.shape(lat_rad), dtype=np.float64)
    r_target = SPHERE.radius_m_at(target_altitude_m)
    for (a, inc), n in zip(groups, counts, strict=True):
        cap = reach_central_angle_rad(reach_m, a, r_target)
        total = total + expected_in_reach(n, lat_rad, inc, cap, method=method)
    return total


# --------------------------------------------------------------------------------- simulated


def _sites(
    site_lat_rad: ArrayLike, site_lon_rad: ArrayLike, altitude_m: ArrayLike
) -> tuple[FloatArray, bool]:
    lat = np.asarray(site_lat_rad, dtype=np.float64)
    lon = np.asarray(site_lon_rad, dtype=np.float64)
    scalar = lat.ndim == 0 and lon.ndim == 0
    lat, lon = np.broadcast_arrays(np.atleast_1d(lat), np.atleast_1d(lon))
    alt = np.broadcast_to(np.asarray(altitude_m, dtype=np.float64), lat.shape)
    return SPHERE.point_m(lat, lon, alt), scalar


def count_in_reach(
    constellation: Constellation,
    times_s: ArrayLike,
    site_lat_rad: ArrayLike,
    site_lon_rad: ArrayLike,
    reach_m: ArrayLike,
    *,
    target_altitude_m: ArrayLike = 0.0,
    gmst0_rad: float = 0.0,
    alive: ArrayLike | None = None,
    chunk: int = 32,
    method: str = "auto",
) -> IntArray:
    """Satellites within 3-D distance ``reach_m`` of each target, at each time.

    Targets sit at ``target_altitude_m`` above the sites (arrays of shape ``(n_sites,)`` or
    scalars). ``alive`` is an optional boolean mask of surviving satellites. Returns
    ``(n_times, n_sites)`` counts (``(n_times,)`` for a scalar site).

    ``method``: ``"numpy"`` propagates in chunks of ``chunk`` time steps and counts with array
    operations; ``"numba"`` (circular orbits only) fuses propagation and counting in one
    compiled pass; ``"auto"`` takes numba when every orbit is circular.
    """
    if method not in ("auto", "numpy", "numba"):
        raise ValueError(f"method: expected 'auto', 'numpy' or 'numba', got {method!r}")
    sats = constellation if alive is None else constellation.subset(np.asarray(alive, bool))
    t = np.atleast_1d(np.asarray(times_s, dtype=np.float64))
    q, scalar = _sites(site_lat_rad, site_lon_rad, target_altitude_m)
    r2 = np.broadcast_to(np.asarray(reach_m, dtype=np.float64) ** 2, (q.shape[0],))
    q2 = np.sum(q * q, axis=-1)
    out = np.zeros((t.size, q.shape[0]), dtype=np.int64)
    if sats.n_satellites == 0:
        return out[:, 0] if scalar else out
    circular = not np.any(sats.eccentricity)
    if method == "numba" and not circular:
        raise ValueError("method='numba' handles circular orbits only; use 'numpy' or 'auto'")
    if method != "numpy" and circular:
        raan_dot, argp_dot, m_dot = j2_secular_rates(
            sats.semi_major_axis_m, sats.eccentricity, sats.inclination_rad
        )
        count_circular(
            sats.semi_major_axis_m,
            np.cos(sats.inclination_rad),
            np.sin(sats.inclination_rad),
            sats.raan_rad,
            raan_dot,
            sats.arg_perigee_rad + sats.mean_anomaly_rad,
            argp_dot + m_dot,
            t,
            earth_rotation_angle_rad(t, gmst0_rad),
            np.ascontiguousarray(q),
            np.ascontiguousarray(q2 - r2),
            out,
        )
        return out[:, 0] if scalar else out
    # |p - q|^2 <= R^2  <=>  p.q >= (|p|^2 + |q|^2 - R^2) / 2
    for sl, pos in iter_chunks(sats, t, chunk=chunk, frame="ecef", gmst0_rad=gmst0_rad):
        p2 = np.einsum("stk,stk->st", pos, pos)
        dots = pos @ q.T
        out[sl] = np.sum(dots >= 0.5 * (p2[..., None] + q2 - r2), axis=0)
    return out[:, 0] if scalar else out


def interceptors_in_reach_at_random_times(
    constellation: Constellation,
    launch_lat_rad: ArrayLike,
    launch_lon_rad: ArrayLike,
    reach_m: ArrayLike,
    n_samples: int,
    rng: np.random.Generator,
    *,
    alive: ArrayLike | None = None,
    target_altitude_m: ArrayLike = 0.0,
    time_span_s: float = 86400.0,
    gmst0_rad: float = 0.0,
) -> IntArray:
    """Interceptors in reach of a launch at ``n_samples`` random times (for the engine).

    Launch times are drawn uniformly over ``[0, time_span_s)`` from ``rng`` (one draw of
    ``n_samples`` numbers, so results depend only on the generator state). ``reach_m`` is the
    3-D distance a kill vehicle covers in the time available, to a target at
    ``target_altitude_m`` above the site (use the intercept altitude, e.g. the burnout altitude).
    ``alive`` masks satellites lost to attrition. Returns ``(n_samples,)`` counts for a scalar
    site, ``(n_samples, n_sites)`` for arrays of sites.
    """
    if n_samples < 0:
        raise ValueError(f"n_samples must be >= 0, got {n_samples}")
    times = rng.uniform(0.0, time_span_s, size=n_samples)
    return count_in_reach(
        constellation,
        times,
        launch_lat_rad,
        launch_lon_rad,
        reach_m,
        target_altitude_m=target_altitude_m,
        gmst0_rad=gmst0_rad,
        alive=alive,
    )


def pattern_span_s(constellation: Constellation) -> float:
    """Time for the nodes of every shell to turn once relative to the Earth, ``2 pi/|dOmega - w|``.

    Over this span a Walker shell's state crosses its pattern torus once per plane spacing
    (:mod:`opendome.space.pattern`); the slowest shell sets the span (about a day in LEO).
    """
    raan_dot, _, _ = j2_secular_rates(
        constellation.semi_major_axis_m, constellation.eccentricity, constellation.inclination_rad
    )
    rel = np.abs(raan_dot - EARTH_ROTATION_RAD_PER_S)
    return float(2 * np.pi / rel.min()) if rel.size else SECONDS_PER_DAY


def pattern_launch_times_s(constellation: Constellation, n_samples: int) -> FloatArray:
    """Launch times that sample the whole pattern: the sampling rule of the engine.

    ``n_samples`` times evenly spaced over :func:`pattern_span_s` (one full turn of every
    shell's nodes relative to the Earth, not a window of it). The counts at these times follow
    the long-run distribution over launch times; ``tests/space/test_space_pattern.py`` checks
    that a day of samples reproduces the distribution over the pattern torus.
    """
    if n_samples < 1:
        raise ValueError(f"n_samples must be >= 1, got {n_samples}")
    return np.arange(n_samples, dtype=np.float64) * (pattern_span_s(constellation) / n_samples)


@dataclass(frozen=True)
class CoverageStats:
    """Summary of counts in reach over time (one launch site or the worst of several)."""

    minimum: int
    mean: float
    percentiles: dict[float, float]
    fraction_at_least_k: float
    k: int
    absentee_ratio: float

    def as_dict(self) -> dict[str, object]:
        """Plain-Python dictionary (JSON-ready)."""
        return {
            "min": self.minimum,
            "mean": self.mean,
            "percentiles": {str(k): v for k, v in self.percentiles.items()},
            "fraction_at_least_k": self.fraction_at_least_k,
            "k": self.k,
            "absentee_ratio": self.absentee_ratio,
        }


def coverage_stats(
    counts: ArrayLike,
    n_satellites: int,
    *,
    k: int = 1,
    percentiles: tuple[float, ...] = (1.0, 5.0, 50.0, 95.0),
) -> CoverageStats:
    """Minimum, mean, percentiles, fraction of time with at least ``k`` in reach.

    ``counts`` of shape ``(n_times,)``, or ``(n_times, n_launch)`` reduced to the worst launch
    at each time. The simulated absentee ratio is ``n_satellites / mean``.
    """
    c = np.asarray(counts)
    if c.ndim == 2:
        c = c.min(axis=1)
    if c.ndim != 1 or c.size == 0:
        raise ValueError(f"counts: expected (n_times,) or (n_times, n_launch), got {c.shape}")
    mean = float(c.mean())
    return CoverageStats(
        minimum=int(c.min()),
        mean=mean,
        percentiles={p: float(np.percentile(c, p)) for p in percentiles},
        fraction_at_least_k=float(np.mean(c >= k)),
        k=k,
        absentee_ratio=n_satellites / mean if mean > 0 else float("inf"),
    )


# ------------------------------------------------------------------------ boost engagement


@dataclass(frozen=True)
class Engagements:
    """Which carriers can engage which launch, at each launch epoch.

    ``counts[e, l]``: carriers able to engage launch ``l`` fired at ``epochs_s[e]``; the
    triples ``(epoch, satellite, launch)`` list every such pair (satellite indices into the
    constellation as given, before any ``alive`` mask).
    """

    epochs_s: FloatArray
    counts: IntArray
    epoch: IntArray
    satellite: IntArray
    launch: IntArray

    def capacity(self) -> IntArray:
        """Simultaneous launches engageable at each epoch, one carrier per launch.

        The maximum bipartite matching of launches to carriers (a carrier fires one KV); equals
        ``min(n_launch, count)`` when all launches share one site.
        """
        n_ep, n_launch = self.counts.shape
        out = np.zeros(n_ep, dtype=np.int64)
        order = np.argsort(self.epoch, kind="stable")
        ep, sat, lau = self.epoch[order], self.satellite[order], self.launch[order]
        bounds = np.searchsorted(ep, np.arange(n_ep + 1))
        for e in range(n_ep):
            lo, hi = bounds[e], bounds[e + 1]
            if lo == hi:
                continue
            s_local, s_idx = np.unique(sat[lo:hi], return_inverse=True)
            graph = csr_matrix(
                (np.ones(hi - lo, dtype=np.int8), (lau[lo:hi], s_idx)),
                shape=(n_launch, s_local.size),
            )
            graph.sum_duplicates()
            match = maximum_bipartite_matching(graph, perm_type="column")
            out[e] = int(np.sum(match >= 0))
        return out


def engageable_counts(
    constellation: Constellation,
    epochs_s: ArrayLike,
    threat_ecef_m: ArrayLike,
    offsets_s: ArrayLike,
    reach_m: ArrayLike,
    *,
    gmst0_rad: float = 0.0,
    alive: ArrayLike | None = None,
    chunk: int = 256,
) -> Engagements:
    """Carriers that can put a KV on each threat, for launches at each epoch.

    ``threat_ecef_m`` ``(n_launch, n_off, 3)`` is the Earth-fixed threat position at
    ``offsets_s`` ``(n_off,)`` after launch, and ``reach_m`` ``(n_off,)`` the KV reach at those
    offsets (zero before the KV leaves). A carrier engages launch ``l`` fired at epoch ``t0`` if
    at some offset ``k`` it is within ``reach_m[k]`` of the threat, both taken at
    ``t0 + offsets_s[k]``: the KV keeps its carrier's orbital motion, so this is the reach
    sphere about the moving carrier. Distances are frame-independent, so the test is done in
    the Earth-fixed frame.

    Satellite-epoch pairs are screened first by the distance from the threat's mean position,
    so the exact test runs on the few carriers near the launch.
    """
    epochs = np.atleast_1d(np.asarray(epochs_s, dtype=np.float64))
    thr = np.asarray(threat_ecef_m, dtype=np.float64)
    if thr.ndim == 2:
        thr = thr[None]
    offs = np.atleast_1d(np.asarray(offsets_s, dtype=np.float64))
    reach = np.broadcast_to(np.asarray(reach_m, dtype=np.float64), offs.shape)
    if thr.shape[1:] != (offs.size, 3):
        raise ValueError(
            f"threat_ecef_m: expected (n_launch, {offs.size}, 3) for {offs.size} offsets, "
            f"got {thr.shape}"
        )
    n_launch = thr.shape[0]
    idx_all = np.arange(constellation.n_satellites)
    if alive is not None:
        idx_all = idx_all[np.asarray(alive, dtype=bool)]
    sats = constellation.subset(idx_all)
    use = reach > 0
    counts = np.zeros((epochs.size, n_launch), dtype=np.int64)
    empty = np.zeros(0, dtype=np.int64)
    if sats.n_satellites == 0 or not np.any(use):
        return Engagements(epochs, counts, empty, empty.copy(), empty.copy())
    offs_u, thr_u, reach_u = offs[use], thr[:, use], reach[use]
    # Screening: carrier position at the middle offset within this distance of the centre.
    centre = thr_u.mean(axis=(0, 1))
    speed_max = float(np.sqrt(EARTH_GM_M3_PER_S2 / np.min(sats.semi_major_axis_m)))
    half_span = 0.5 * float(offs_u.max() - offs_u.min())
    t_mid = 0.5 * float(offs_u.max() + offs_u.min())
    screen = (
        float(reach_u.max())
        + float(np.max(np.linalg.norm(thr_u - centre, axis=-1)))
        + speed_max * half_span * 1.05
        + 50_000.0
    )
    ep_l: list[IntArray] = []
    sat_l: list[IntArray] = []
    lau_l: list[IntArray] = []
    for start in range(0, epochs.size, chunk):
        ep = epochs[start : start + chunk]
        mid = propagate(sats, ep + t_mid, frame="ecef", gmst0_rad=gmst0_rad)
        near = np.sum((mid - centre) ** 2, axis=-1) <= screen**2
        s_i, e_i = np.nonzero(near)
        if s_i.size == 0:
            continue
        times = ep[e_i][:, None] + offs_u[None, :]
        pos = propagate_each(sats.subset(s_i), times, frame="ecef", gmst0_rad=gmst0_rad)
        d2 = np.sum((pos[:, None] - thr_u[None]) ** 2, axis=-1)  # (pairs, launch, offsets)
        hit = np.any(d2 <= reach_u**2, axis=-1)
        pe, pl = np.nonzero(hit)
        e_glob = e_i[pe] + start
        ep_l.append(e_glob)
        sat_l.append(idx_all[s_i[pe]])
        lau_l.append(pl)
        np.add.at(counts, (e_glob, pl), 1)
    if not ep_l:
        return Engagements(epochs, counts, empty, empty.copy(), empty.copy())
    return Engagements(
        epochs,
        counts,
        np.concatenate(ep_l).astype(np.int64),
        np.concatenate(sat_l).astype(np.int64),
        np.concatenate(lau_l).astype(np.int64),
    )

