"""Sizing: the analytic formula and the Walker search, and how the size grows."""

import numpy as np
import pytest
from scipy.stats import binom

from opendome.core.earth import SPHERE
from opendome.space.coverage import cap_fraction
from opendome.space.reach import KillVehicle, reach_central_angle_rad
from opendome.space.sizing import (
    analytic_size,
    candidate_designs,
    cap_evaluator,
    size_walker,
)

LAT, INC, ALT = np.radians(30.0), np.radians(50.0), 500e3
TIMES = np.arange(0.0, 3 * 3600.0, 60.0)


def _cap(reach_m):
    return float(reach_central_angle_rad(reach_m, SPHERE.radius_m_at(ALT), SPHERE.radius_m))


def test_analytic_size_is_k_times_absentee_ratio():
    cap = _cap(1500e3)
    one = analytic_size(1, LAT, INC, cap)
    three = analytic_size(3, LAT, INC, cap)
    assert one.absentee_ratio == pytest.approx(1 / cap_fraction(LAT, INC, cap))
    assert three.satellites_mean == pytest.approx(3 * one.satellites_mean)
    assert one.satellites_binomial is None


def test_analytic_binomial_size_is_the_smallest_meeting_the_fraction():
    cap = _cap(1500e3)
    a = analytic_size(2, LAT, INC, cap, coverage=0.9)
    p = a.fraction_in_reach
    n = a.satellites_binomial
    assert binom.sf(1, n, p) >= 0.9 > binom.sf(1, n - 1, p)
    assert n > a.satellites_mean  # 90 % of the time needs more than the mean


def test_candidate_designs_cover_the_size():
    for n in (10, 97, 1000):
        ds = candidate_designs(n)
        assert ds and all(d.total >= n for d in ds)
        assert [d.total for d in ds] == sorted(d.total for d in ds)


@pytest.fixture(scope="module")
def sized():
    reach = 1500e3
    ev = cap_evaluator(LAT, 0.0, reach, TIMES)
    out = {}
    for k in (1, 3):
        a = analytic_size(k, LAT, INC, _cap(reach))
        out[k] = (size_walker(ev, k, ALT, INC, n_start=int(a.satellites_mean)), a, ev)
    return out


def test_sized_constellation_meets_the_requirement(sized):
    for k, (r, _, ev) in sized.items():
        counts = ev(r.design.build(ALT, INC))
        assert counts.min() >= k
        assert r.coverage_achieved == 1.0 and r.stats.minimum >= k
        # the search bracketed it: a smaller size was tried and failed
        assert any(n < r.satellites and cov < 1.0 for n, cov in r.history)


def test_size_grows_about_in_proportion_to_simultaneous_launches(sized):
    n1, n3 = sized[1][0].satellites, sized[3][0].satellites
    assert 1.5 < n3 / n1 < 4.5
    # every moment covered needs more than the mean-based analytic count
    for r, a, _ in sized.values():
        assert r.satellites >= 0.9 * a.satellites_mean


def test_shorter_time_available_needs_more_satellites():
    kv = KillVehicle.from_km_s_and_g(6.0, 10.0)
    sizes = []
    for t in (300.0, 200.0):
        reach = float(kv.reach_m(t))
        ev = cap_evaluator(LAT, 0.0, reach, TIMES)
        a = analytic_size(1, LAT, INC, _cap(reach))
        sizes.append(size_walker(ev, 1, ALT, INC, n_start=int(a.satellites_mean)).satellites)
    assert sizes[1] > 1.5 * sizes[0]


def test_bad_inputs():
    with pytest.raises(ValueError, match="k"):
        analytic_size(0, LAT, INC, 0.1)
    with pytest.raises(ValueError, match="coverage"):
        analytic_size(1, LAT, INC, 0.1, coverage=1.5)
