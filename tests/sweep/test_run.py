"""Sweeps through a real Dask LocalCluster: values, determinism, common random numbers, resume."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
import pytest

from opendome.engine import build_plan, simulate, summarize
from opendome.scenario import load_scenario
from opendome.sweep.run import compute_point, dask_client, run_points
from opendome.sweep.spec import load_study
from opendome.sweep.store import Store, StoreError, query
from tests.sweep.conftest import sweep_text


@pytest.fixture(scope="module")
def client():
    with dask_client(workers=2) as c:
        yield c


def rows(folder: Path) -> list[dict]:
    names, data = query(folder, "SELECT * FROM points ORDER BY point")
    return [dict(zip(names, r, strict=True)) for r in data]


def run(study_dir: Path, text: str, out: str, client) -> tuple[list[dict], object]:
    (study_dir / f"{out}.yaml").write_text(text)
    study = load_study(str(study_dir / f"{out}.yaml"))
    store = Store.open(study_dir / out, study)
    report = run_points(study, store, client)
    return rows(study_dir / out), report


def test_points_equal_the_engine_run_directly(study_dir, client):
    got, report = run(study_dir, sweep_text(), "a", client)
    assert report.workers == 2 and report.computed == 6 and not report.failed
    base = load_scenario(study_dir / "small.yaml")
    for row in got:
        layers = list(base.defender.layers)
        layers[1] = layers[1].model_copy(
            update={"inventory": row["defender.layers[midcourse-gbi].inventory"]})
        salvo = base.attacker.salvos[0].model_copy(
            update={"decoys": row["attacker.salvos[0].decoys"]})
        sc = base.model_copy(update={
            "defender": base.defender.model_copy(update={"layers": layers}),
            "attacker": base.attacker.model_copy(update={"salvos": [salvo]})})
        plan = build_plan(sc)
        summary = summarize(plan, simulate(plan, 400, 7))
        assert row["p_no_leak"] == summary.p_no_leak
        assert row["expected_leakers"] == summary.expected_leakers
        assert row["interceptors_used.midcourse-gbi"] == summary.layer("midcourse-gbi").used_mean
        assert row["objects"] == 6 * (2 + row["attacker.salvos[0].decoys"]) - 6


def test_same_numbers_on_one_worker_two_workers_and_in_reverse_order(study_dir, client):
    two, _ = run(study_dir, sweep_text(), "two", client)
    with dask_client(workers=1) as one_client:
        one, report = run(study_dir, sweep_text(), "one", one_client)
    assert report.workers == 1
    assert one == two
    study = load_study(str(study_dir / "two.yaml"))
    for p in reversed(study.points):
        direct = compute_point(p.variant.mapping, p.variant.asat_fraction, 400, p.seed)
        expected = {k: v for k, v in two[p.index].items() if k in direct["metrics"]}
        assert direct["metrics"] == expected


def test_common_random_numbers_make_equal_scenarios_equal(study_dir, client):
    # An axis that changes nothing the engine sees: with common random numbers the points are
    # identical; with a seed per point they differ by sampling noise only.
    extra = '  - {path: "description", values: ["first", "second"]}\n'
    crn, _ = run(study_dir, sweep_text(extra_axis=extra), "crn", client)
    ind, _ = run(study_dir, sweep_text(extra_axis=extra, crn=False), "ind", client)
    for rows_ in (crn, ind):
        assert len(rows_) == 12
    pairs = [(crn[i], crn[i + 1]) for i in range(0, 12, 2)]
    assert all(a["expected_leakers"] == b["expected_leakers"] for a, b in pairs)
    assert all(a["seed"] == 7 for a in crn)
    ipairs = [(ind[i], ind[i + 1]) for i in range(0, 12, 2)]
    assert len({r["seed"] for r in ind}) == 12
    assert any(a["expected_leakers"] != b["expected_leakers"] for a, b in ipairs)


def test_resume_computes_only_missing_points(study_dir, client):
    full, _ = run(study_dir, sweep_text(), "r", client)
    for i in (1, 4):
        (study_dir / "r" / "points" / f"point-0000{i}.parquet").unlink()
    again, report = run(study_dir, sweep_text(), "r", client)
    assert report.already_done == 4 and report.computed == 2
    assert again == full
    meta = pq.read_schema(study_dir / "r" / "points" / "point-00001.parquet").metadata
    assert b"opendome.meta" in meta


def test_changed_sweep_is_refused_unless_forced(study_dir, client):
    run(study_dir, sweep_text(), "c", client)
    (study_dir / "c.yaml").write_text(sweep_text(trials=300))
    study = load_study(str(study_dir / "c.yaml"))
    with pytest.raises(StoreError, match="different sweep"):
        Store.open(study_dir / "c", study)
    store = Store.open(study_dir / "c", study, force=True)
    assert store.done() == set()
    report = run_points(study, store, client)
    assert report.computed == 6
    assert {r["trials"] for r in rows(study_dir / "c")} == {300}
