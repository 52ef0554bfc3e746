"""Parameter uncertainty in the sweep store, through a real Dask LocalCluster.

A GBI layer whose kill probability is the posterior of a test record, Beta(a, b), fires n
shots at one warhead: over the parameter draws P(no leak) = 1 - E[(1 - p)^n] with
E[(1 - p)^n] = prod_{k<n} (b + k) / (a + b + k) (beta moments, e.g. Johnson, Kotz &
Balakrishnan, Continuous Univariate Distributions vol. 2, ch. 25). The stored mixture must
match it within its sampling error; points without distributions carry nulls.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from opendome.engine.uncertainty import scenario_uncertainty
from opendome.scenario import scenario_from_mapping
from opendome.sweep.plot import plot_data
from opendome.sweep.run import compute_point, dask_client, run_points
from opendome.sweep.spec import UNCERTAINTY_COLUMNS, load_study
from opendome.sweep.store import Store, query
from opendome.sweep.vary import prepared
from tests.plans import one_icbm_against_gbis

PK_RECORD = "{beta_from_tests: {hits: 11, trials: 20}}"
GBI_RECORD = one_icbm_against_gbis(PK_RECORD)


SWEEP = """\
base: gbi.yaml
trials: 3000
seed: 5
draws: 150
axes:
  - {path: "defender.layers[gmd].doctrine.shots", values: [1, 2, 3]}
  - {path: "defender.layers[gmd].pk.warhead",
     values: [{beta_from_tests: {hits: 11, trials: 20}}, 0.6]}
"""

PK = "defender.layers[gmd].pk.warhead"
SHOTS = "defender.layers[gmd].doctrine.shots"


def beta_mixture(a: float, b: float, shots: int) -> float:
    """1 - E[(1 - p)^n] for p ~ Beta(a, b)."""
    return 1.0 - math.prod((b + k) / (a + b + k) for k in range(shots))


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("uncertain")
    (folder / "gbi.yaml").write_text(GBI_RECORD)
    (folder / "sweep.yaml").write_text(SWEEP)
    study = load_study(str(folder / "sweep.yaml"))
    with dask_client(workers=2) as client:
        report = run_points(study, Store.open(folder / "out", study), client)
    assert report.workers == 2 and report.computed == 6 and not report.failed
    return folder / "out"


def rows(folder: Path) -> list[dict]:
    names, data = query(folder, "SELECT * FROM points ORDER BY point")
    return [dict(zip(names, r, strict=True)) for r in data]


def test_stored_mixture_matches_the_beta_closed_form(store: Path) -> None:
    uncertain = [r for r in rows(store) if r[PK].startswith("{")]
    assert [r[SHOTS] for r in uncertain] == [1, 2, 3]
    for r in uncertain:
        closed = beta_mixture(12.0, 10.0, r[SHOTS])
        half = (r["p_no_leak_mixture_hi"] - r["p_no_leak_mixture_lo"]) / 2
        assert 0 < half < 0.03
        # within 3 standard errors (half the 95 % interval is 1.96 of them)
        assert abs(r["p_no_leak_mixture"] - closed) < 3 * half / 1.96, (r[SHOTS], closed)
        assert r["parameter_draws"] == 150 and r["trials_per_draw"] == 20
        assert r["uncertain_parameters"] == 1
        assert r["p_no_leak_over_draws_p5"] <= r["p_no_leak_over_draws_p50"] \
            <= r["p_no_leak_over_draws_p95"]
        # the spread over draws is far wider than the mixture's sampling interval
        assert r["p_no_leak_over_draws_p95"] - r["p_no_leak_over_draws_p5"] > 4 * half


def test_points_without_distributions_store_nulls_that_duckdb_types(store: Path) -> None:
    names, data = query(store, f'SELECT "{PK}", ' + ", ".join(
        f'{c} IS NULL, typeof({c})' for c in UNCERTAINTY_COLUMNS) + " FROM points")
    assert len(data) == 6
    for row in data:
        nulls, types = row[1::2], row[2::2]
        assert all(nulls) == (row[0] == "0.6") and any(nulls) == (row[0] == "0.6")
        assert list(types) == [{"double": "DOUBLE", "int64": "BIGINT"}[t]
                               for t in UNCERTAINTY_COLUMNS.values()]
    # a fixed pk at the other points: the plain run still there, no fake zero
    _, fixed = query(store, f'SELECT {SHOTS!r}, p_no_leak FROM points WHERE "{PK}" = \'0.6\''
                     .replace(repr(SHOTS), f'"{SHOTS}"'))
    for shots, p in fixed:
        exact = 1 - 0.4 ** shots
        assert abs(p - exact) < 4 * math.sqrt(exact * (1 - exact) / 3000) + 1e-9


def test_a_stored_point_is_the_outer_loop_run_in_process(store: Path) -> None:
    study = load_study(str(store.parent / "sweep.yaml"))
    p = study.points[2]  # shots 2, Beta pk
    sc = scenario_from_mapping(p.variant.mapping)
    u = scenario_uncertainty(sc, prepared(sc, p.variant.asat_fraction), 3000, 150, p.seed)
    assert u is not None
    got = rows(store)[2]
    assert got["p_no_leak_mixture"] == u.p_no_leak
    assert got["p_no_leak_over_draws_p50"] == u.spread()[50.0]
    # and compute_point (what a worker runs) agrees with the store column for column
    direct = compute_point(p.variant.mapping, p.variant.asat_fraction, 3000, p.seed,
                           None, 150)["metrics"]
    assert {k: direct[k] for k in UNCERTAINTY_COLUMNS} == {k: got[k] for k in UNCERTAINTY_COLUMNS}


def test_plot_data_carries_the_spread_band_where_there_is_one(store: Path) -> None:
    data = plot_data(store, SHOTS, "p_no_leak_mixture", hue=PK)
    assert data.spread_lo is not None and data.spread_hi is not None
    fixed = np.array([h == "0.6" for h in data.hue])
    assert np.isnan(data.spread_lo[fixed]).all() and np.isfinite(data.spread_lo[~fixed]).all()
    assert (data.spread_lo[~fixed] <= data.y[~fixed]).all()
    assert (data.y[~fixed] <= data.spread_hi[~fixed]).all()
    plain = plot_data(store, SHOTS, "expected_leakers", hue=PK)
    assert plain.spread_lo is None


def test_compare_gives_the_mixture_beside_the_run_at_the_mean(tmp_path: Path) -> None:
    from opendome.scenario import scenario_from_text
    from opendome.sweep.compare import compare_one, compare_plot

    two = one_icbm_against_gbis(PK_RECORD, shots=2)
    record = compare_one(scenario_from_text(two), 4000, 2)
    fixed = compare_one(scenario_from_text(two.replace(
        "{beta_from_tests: {hits: 11, trials: 20}}", "0.6")), 4000, 2)
    assert fixed.p_no_leak_mixture is None and fixed.p_no_leak_over_draws is None
    assert record.p_no_leak_mixture is not None and record.p_no_leak_mixture_ci95 is not None
    lo, hi = record.p_no_leak_mixture_ci95
    assert abs(record.p_no_leak_mixture - beta_mixture(12.0, 10.0, 2)) < 3 * (hi - lo) / 2 / 1.96
    assert record.p_no_leak_over_draws is not None
    assert set(record.p_no_leak_over_draws) == {"p5", "p50", "p95"}
    assert record.to_dict()["p_no_leak_over_draws"] == record.p_no_leak_over_draws
    assert compare_plot(tmp_path / "c.png", [fixed, record]).stat().st_size > 0
