"""Sweep speed on Dask: points per second on 1 and 2 local workers, speed-up, scheduler overhead.

A sweep of 64 points (8 midcourse inventories x 8 decoy counts of a small scenario with stated
inventories) runs through ``opendome.sweep.run.run_points`` on a LocalCluster of 1, then 2,
worker processes. Cluster start-up and the workers' first import of the engine are done before
the clock starts (one warm-up point per worker). Per-point overhead of the scheduler = (wall
time x workers - sum of the points' own compute times) / points, against the mean compute time
of a point. The ratio is measured in the same run. Usage::

    .venv/bin/python benchmarks/sweep.py [--trials 200000] [--points 64]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from opendome.sweep.run import compute_point, dask_client, run_points
from opendome.sweep.spec import load_study
from opendome.sweep.store import Store

SCENARIO = """\
name: bench
attacker:
  salvos:
    - {name: raid, missile: icbm-solid, count: 20, launch: {lat: 40.0, lon: 127.5},
       aim: {lat: 39.0, lon: -98.0}, launch_time: "0 s", warheads: 1, decoys: 2}
defender:
  layers:
    - {name: space, phase: boost, interceptor: sbi, inventory: 8, detection: 0.9}
    - {name: midcourse-gbi, phase: midcourse, interceptor: gbi, inventory: 44,
       doctrine: {type: salvo, shots: 2}, discrimination: 0.5}
    - {name: terminal, phase: terminal, interceptor: thaad, inventory: 48}
"""


def sweep_file(folder: Path, trials: int, points: int) -> Path:
    side = max(1, round(points ** 0.5))
    rows = max(1, -(-points // side))
    (folder / "bench.yaml").write_text(SCENARIO)
    spec = folder / "sweep.yaml"
    spec.write_text(f"""\
base: bench.yaml
trials: {trials}
seed: 1
axes:
  - {{path: "defender.layers[midcourse-gbi].inventory", range: {{start: 4, stop: {4 * rows},
     step: 4}}}}
  - {{path: "attacker.salvos[0].decoys", range: {{start: 0, stop: {side - 1}, step: 1}}}}
""")
    return spec


def timed(spec: Path, workers: int, out: Path) -> tuple[float, int, float]:
    """Return wall time, points computed and the sum of their compute times on N workers."""
    study = load_study(str(spec))
    first = study.points[0]
    with dask_client(workers=workers) as client:
        warm = [client.submit(compute_point, first.variant.mapping, 0.0, 1000, 0, pure=False,
                              workers=[w]) for w in client.scheduler_info()["workers"]]
        client.gather(warm)
        store = Store.open(out, study, force=True)
        t0 = time.perf_counter()
        report = run_points(study, store, client)
        wall = time.perf_counter() - t0
    return wall, report.computed, sum(report.compute_s)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=200_000)
    parser.add_argument("--points", type=int, default=64)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        spec = sweep_file(Path(tmp), args.trials, args.points)
        results = {}
        for n in (1, 2):
            wall, done, compute = timed(spec, n, Path(tmp) / f"out{n}")
            results[n] = (wall, done, compute)
            overhead = (wall * n - compute) / done
            print(f"{n} worker(s): {done} points in {wall:.2f} s = {done / wall:.2f} points/s; "
                  f"point compute {compute / done * 1e3:.1f} ms, scheduler overhead "
                  f"{overhead * 1e3:.1f} ms per point ({overhead / (compute / done):.1%} of a "
                  "point)")
        speedup = results[1][0] / results[2][0]
        print(f"speed-up 2 workers / 1 worker: {speedup:.2f}x (aim >= 1.7x on two free cores)")


if __name__ == "__main__":
    main()
