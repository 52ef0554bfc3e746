"""Attrition: kill masks, gap detection, and the holes an attack opens."""

import numpy as np
import pytest

from opendome.core.earth import SPHERE
from opendome.space.attrition import (
    coverage_gaps,
    exposure_per_satellite,
    plane_attrition,
    random_attrition,
    summarize_gaps,
)
from opendome.space.coverage import count_in_reach
from opendome.space.walker import walker


def test_random_attrition_kills_exactly_n():
    alive = random_attrition(100, 30, np.random.default_rng(0))
    assert alive.sum() == 70
    np.testing.assert_array_equal(alive, random_attrition(100, 30, np.random.default_rng(0)))
    with pytest.raises(ValueError, match="n_killed"):
        random_attrition(10, 11, np.random.default_rng(0))


def test_plane_attrition_takes_the_most_exposed_planes_first():
    c = walker(500e3, 1.0, 4, 5, 1)
    exposure = np.zeros(20)
    exposure[c.plane == 2] = 5.0
    exposure[c.plane == 0] = 3.0
    exposure[(c.plane == 0) & (np.arange(20) % 5 == 4)] = 9.0  # one hot satellite in plane 0
    alive = plane_attrition(c, 7, exposure)
    dead = ~alive
    assert dead.sum() == 7
    assert np.all(dead[c.plane == 2])  # whole plane 2 (score 25) first
    # then plane 0 (score 21), its most exposed satellite first
    assert dead[(c.plane == 0) & (np.arange(20) % 5 == 4)].all()
    assert set(c.plane[dead]) == {0, 2}


def test_coverage_gaps_by_hand():
    t = np.arange(0.0, 60.0, 10.0)
    counts = np.array([2, 0, 0, 1, 2, 0])
    gaps = coverage_gaps(t, counts, k=1)
    assert [(g.start_s, g.end_s, g.min_count) for g in gaps] == [(10, 30, 0), (50, 60, 0)]
    assert [(g.start_s, g.end_s) for g in coverage_gaps(t, counts, k=2)] == [(10, 40), (50, 60)]
    s = summarize_gaps(gaps, 60.0)
    assert s.n_gaps == 2 and s.longest_gap_s == 20 and s.unengaged_fraction == pytest.approx(0.5)
    assert coverage_gaps(t, np.full(6, 3), k=1) == []


def test_attack_on_exposed_planes_opens_holes():
    # a 45: 800/20/10 shell over a launch site at 40 N covers it all the time with reach 600 km;
    # destroying a quarter of it opens gaps, more when the planes over the site are chosen.
    lat, lon = np.radians(40.0), np.radians(127.0)
    c = walker(300e3, np.radians(45), 20, 40, 10)
    t = np.arange(0.0, 6 * 3600.0, 30.0)
    reach, tgt = 600e3, 200e3
    before = count_in_reach(c, t, lat, lon, reach, target_altitude_m=tgt)
    assert before.min() >= 1
    site = SPHERE.point_m(lat, lon, tgt)
    exposure = exposure_per_satellite(c, t, site, reach)
    # exposure is time in reach per satellite: it adds up to the counts over time
    assert exposure.sum() == before.sum()
    n_killed = c.n_satellites // 4
    planes = plane_attrition(c, n_killed, exposure)
    rand = random_attrition(c.n_satellites, n_killed, np.random.default_rng(1))
    lost = {}
    for name, alive in (("planes", planes), ("random", rand)):
        counts = count_in_reach(c, t, lat, lon, reach, target_altitude_m=tgt, alive=alive)
        lost[name] = summarize_gaps(coverage_gaps(t, counts), t.size * 30.0).unengaged_fraction
    assert lost["planes"] > 0.05
    assert lost["planes"] > lost["random"]
