"""Kill a running sweep with SIGKILL, restart it: no point lost or duplicated, same values."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq

from opendome.sweep.run import compute_point
from opendome.sweep.spec import load_study
from tests.sweep.conftest import sweep_text

CLI = "from opendome.cli import main; main()"


def start(spec: Path, out: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", CLI, "sweep", str(spec), "--workers", "2", "--out", str(out)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)


def test_sigkill_midway_then_resume(study_dir):
    extra = '  - {path: raid_scale, values: [1, 2, 3, 4]}\n'
    spec = study_dir / "kill.yaml"
    spec.write_text(sweep_text(trials=20_000, extra_axis=extra))
    out = study_dir / "out"
    points = out / "points"
    total = 24

    proc = start(spec, out)
    deadline = time.monotonic() + 240
    done_at_kill = 0
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            done_at_kill = len(list(points.glob("point-*.parquet"))) if points.is_dir() else 0
            if done_at_kill >= 2:
                break
            time.sleep(0.02)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)  # the sweep, its scheduler and its workers
        proc.communicate()
    assert proc.returncode == -signal.SIGKILL, "the sweep ended before it could be killed"
    after_kill = {p.name for p in points.glob("point-*.parquet")}
    assert 2 <= len(after_kill) < total

    proc = start(spec, out)
    stdout, stderr = proc.communicate(timeout=300)
    assert proc.returncode == 0, stderr.decode()
    assert f"{len(after_kill)} already done, {total - len(after_kill)} computed" in \
        stdout.decode()

    files = sorted(points.glob("point-*.parquet"))
    assert [f.name for f in files] == [f"point-{i:05d}.parquet" for i in range(total)]
    assert not list(out.rglob(".*.tmp-*"))
    study = load_study(str(spec))
    for f, p in zip(files, study.points, strict=True):
        row = pq.read_table(f).to_pylist()
        assert len(row) == 1 and row[0]["point"] == p.index
        fresh = compute_point(p.variant.mapping, p.variant.asat_fraction, 20_000, p.seed)
        assert {k: v for k, v in row[0].items() if k != "point"} == fresh["metrics"]
