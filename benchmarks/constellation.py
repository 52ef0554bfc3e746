"""Benchmark: propagation plus reach counting for a large constellation, against SGP4.

10,000 satellites x 1,440 time steps (one day at one minute) x 10 launch sites. OpenDome's
vectorized two-body + J2 secular propagation with reach counting (``count_in_reach``) runs
against python-sgp4's ``SatrecArray`` propagating the same orbits over the same grid (C++,
one call), and against SGP4 followed by the same reach counting. Prints the times and ratios;
``docs/space.md`` records them.

    .venv/bin/python benchmarks/constellation.py [--satellites N] [--steps N] [--sites N]
"""

from __future__ import annotations

import argparse
import platform
import time

import numpy as np
from sgp4.api import WGS84, Satrec, SatrecArray

from opendome.core.constants import EARTH_ROTATION_RAD_PER_S
from opendome.core.earth import SPHERE
from opendome.space.coverage import count_in_reach
from opendome.space.propagation import kozai_mean_motion_rad_per_min
from opendome.space.walker import walker


def satrecs(c) -> list[Satrec]:
    n_kozai = kozai_mean_motion_rad_per_min(c.semi_major_axis_m, c.eccentricity, c.inclination_rad)
    out = []
    for k in range(c.n_satellites):
        s = Satrec()
        s.sgp4init(WGS84, "i", k % 99999, 25000.0, 0.0, 0.0, 0.0, 0.0, 0.0,
                   float(c.inclination_rad[k]), float(c.mean_anomaly_rad[k]), float(n_kozai[k]),
                   float(c.raan_rad[k]))
        out.append(s)
    return out


def count_from_positions(pos_eci_km, times_s, sites_ecef_m, reach_m, chunk=32):
    """Reach counting on given inertial positions (same arithmetic as count_in_reach)."""
    q = sites_ecef_m
    q2 = np.sum(q * q, axis=-1)
    out = np.zeros((times_s.size, q.shape[0]), dtype=np.int64)
    for start in range(0, times_s.size, chunk):
        sl = slice(start, start + chunk)
        p = pos_eci_km[:, sl] * 1e3
        th = EARTH_ROTATION_RAD_PER_S * times_s[sl]
        c, s = np.cos(th), np.sin(th)
        e = np.empty_like(p)
        e[..., 0] = c * p[..., 0] + s * p[..., 1]
        e[..., 1] = -s * p[..., 0] + c * p[..., 1]
        e[..., 2] = p[..., 2]
        p2 = np.einsum("stk,stk->st", e, e)
        out[sl] = np.sum(e @ q.T >= 0.5 * (p2[..., None] + q2 - reach_m**2), axis=0)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--satellites", type=int, default=10_000)
    ap.add_argument("--steps", type=int, default=1_440)
    ap.add_argument("--sites", type=int, default=10)
    args = ap.parse_args()

    planes = 100
    per_plane = max(1, args.satellites // planes)
    c = walker(550e3, np.radians(53.0), planes, per_plane, 17)
    times = np.arange(args.steps) * 60.0
    rng = np.random.default_rng(0)
    lat = np.radians(rng.uniform(-50, 50, args.sites))
    lon = np.radians(rng.uniform(-180, 180, args.sites))
    reach_m, target_alt_m = 1000e3, 200e3
    sites = SPHERE.point_m(lat, lon, target_alt_m)
    n = c.n_satellites
    print(f"{n} satellites x {times.size} steps x {args.sites} sites "
          f"({platform.processor() or platform.machine()}, numpy {np.__version__})")

    def timed(fn):
        w, cpu = time.perf_counter(), time.process_time()
        result = fn()
        return result, time.perf_counter() - w, time.process_time() - cpu

    kw = dict(target_altitude_m=target_alt_m)
    _, t_jit, _ = timed(lambda: count_in_reach(c.subset([0]), times[:2], lat, lon, reach_m, **kw))
    ours, w_ours, c_ours = timed(lambda: count_in_reach(c, times, lat, lon, reach_m, **kw))
    plain, w_np, c_np = timed(
        lambda: count_in_reach(c, times, lat, lon, reach_m, method="numpy", **kw)
    )
    first = satrecs(c.subset([0]))[0]
    arr, w_init, _ = timed(lambda: SatrecArray(satrecs(c)))
    jd = np.full(times.size, first.jdsatepoch)
    fr = first.jdsatepochF + times / 86400.0
    out, w_sgp4, c_sgp4 = timed(lambda: arr.sgp4(jd, fr))
    err, r_km = out[0], out[1]
    assert not err.any()
    theirs, w_count, c_count = timed(lambda: count_from_positions(r_km, times, sites, reach_m))

    print(f"{'':38s} {'wall s':>8s} {'cpu s':>8s}")
    print(f"{'opendome propagate+count (numba)':38s} {w_ours:8.2f} {c_ours:8.2f}"
          f"   (first-call compile/load {t_jit:.2f} s)")
    print(f"{'opendome propagate+count (numpy)':38s} {w_np:8.2f} {c_np:8.2f}")
    print(f"{'sgp4 SatrecArray propagate':38s} {w_sgp4:8.2f} {c_sgp4:8.2f}"
          f"   (+ {w_init:.2f} s sgp4init)")
    print(f"{'sgp4 propagate + same counting':38s} {w_sgp4 + w_count:8.2f} "
          f"{c_sgp4 + c_count:8.2f}")
    print(f"ratio sgp4 propagate / opendome (numba), wall: {w_sgp4 / w_ours:6.2f}  "
          f"cpu: {c_sgp4 / c_ours:6.2f}")
    print(f"ratio sgp4 propagate / opendome (numpy), wall: {w_sgp4 / w_np:6.2f}  "
          f"cpu: {c_sgp4 / c_np:6.2f}")
    print(f"ratio sgp4+counting / opendome (numba),  wall: {(w_sgp4 + w_count) / w_ours:6.2f}  "
          f"cpu: {(c_sgp4 + c_count) / c_ours:6.2f}")
    diff = np.abs(ours - theirs)
    print(f"numba vs numpy counts identical: {bool(np.all(np.abs(ours - plain) <= 1))} "
          f"(max diff {int(np.abs(ours - plain).max())}); vs SGP4 positions: mean in reach "
          f"{ours.mean():.2f} vs {theirs.mean():.2f}, mean |diff| {diff.mean():.2f}, "
          f"max {int(diff.max())} (SGP4's short-periodic terms move satellites across the edge)")


if __name__ == "__main__":
    main()
