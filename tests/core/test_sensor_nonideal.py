"""Sensor non-idealities: detection probability falling with range, dropouts, latency."""

import math

import numpy as np
import pytest

from opendome.core.sensors import delay_mask, look_detection_probability, median_detection_time_s


def test_detection_probability_halves_at_the_half_range_and_falls_as_r4():
    p = look_detection_probability([0.0, 3e6, 6e6], 0.9, 3e6)
    assert p == pytest.approx([0.9, 0.45, 0.9 / 17])
    assert look_detection_probability([1e9], 0.8) == pytest.approx([0.8])  # no range fall


@pytest.mark.parametrize("p", [0.1, 0.3, 0.5, 0.9, 1.0])
def test_median_first_detection_is_the_geometric_median(p):
    """Independent looks of probability p: the first success's median is ceil(ln 2 / -ln(1-p))
    looks (the geometric distribution's median)."""
    t = np.arange(100.0) * 2.0
    looks = 1 if p == 1.0 else math.ceil(math.log(0.5) / math.log(1.0 - p) - 1e-12)
    got = median_detection_time_s(t, np.full((1, t.size), p))
    assert got[0] == t[looks - 1]
    assert np.isnan(median_detection_time_s(t, np.zeros((1, t.size)))[0])


def test_latency_shifts_what_the_kill_chain_sees():
    t = np.arange(10.0) * 2.0
    mask = np.zeros((1, 10), bool)
    mask[0, 3:6] = True
    np.testing.assert_array_equal(np.flatnonzero(delay_mask(t, mask, 5.0)[0]), [6, 7, 8])
    np.testing.assert_array_equal(delay_mask(t, mask, 0.0), mask)
