import numpy as np
import pytest

from opendome.core.earth import SPHERE
from opendome.space.walker import (
    Constellation,
    ShellSpec,
    build,
    combine,
    random_shell,
    walker,
    walker_delta,
    walker_star,
)


def test_walker_delta_pattern_follows_walker_notation():
    # 53: 24/4/1 -- Walker (1984): planes 90 deg apart, 6 per plane 60 deg apart,
    # adjacent planes shifted by 360 F / T = 15 deg.
    c = walker_delta(550e3, np.radians(53), 24, 4, 1)
    assert c.n_satellites == 24 and c.n_planes == 4
    np.testing.assert_allclose(np.unique(np.degrees(c.raan_rad)), [0, 90, 180, 270])
    u = np.degrees(c.mean_anomaly_rad).reshape(4, 6)
    np.testing.assert_allclose(np.diff(u[0]), 60.0)
    np.testing.assert_allclose(u[1, 0] - u[0, 0], 15.0)
    np.testing.assert_allclose(c.altitude_m, 550e3)
    assert np.all(c.eccentricity == 0)


def test_walker_star_spreads_nodes_over_half_circle():
    c = walker_star(780e3, np.radians(86.4), 66, 6, 2)  # Iridium-like
    np.testing.assert_allclose(np.unique(np.degrees(c.raan_rad)), np.arange(6) * 30.0)


def test_combine_relabels_shells_and_planes():
    a = walker(550e3, np.radians(53), 4, 5, 1)
    b = walker(1100e3, np.radians(87), 3, 2, 0)
    c = combine(a, b)
    assert c.n_satellites == 26
    assert set(c.shell) == {0, 1}
    assert c.n_planes == 7
    shells = build([ShellSpec(550e3, np.radians(53), 4, 5, 1), ShellSpec(1100e3, 1.5, 3, 2, 0)])
    assert shells.n_satellites == 26 and set(shells.shell) == {0, 1}


def test_subset_keeps_labels():
    c = walker(500e3, 1.0, 5, 4, 1)
    s = c.subset(c.plane == 3)
    assert s.n_satellites == 4 and set(s.plane) == {3}


def test_random_shell_is_reproducible():
    a = random_shell(500e3, 1.0, 10, np.random.default_rng(3))
    b = random_shell(500e3, 1.0, 10, np.random.default_rng(3))
    np.testing.assert_array_equal(a.raan_rad, b.raan_rad)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        (dict(semi_major_axis_m=[500e3]), "above the Earth"),
        (dict(eccentricity=[1.2]), "eccentricity"),
        (dict(raan_rad=[0.0, 1.0]), "one value per satellite"),
    ],
)
def test_constellation_rejects_bad_input(kwargs, match):
    base = dict(
        semi_major_axis_m=[SPHERE.radius_m_at(5e5)], eccentricity=[0.0],
        inclination_rad=[1.0], raan_rad=[0.0], arg_perigee_rad=[0.0], mean_anomaly_rad=[0.0],
        shell=[0], plane=[0],
    )
    base.update(kwargs)
    with pytest.raises(ValueError, match=match):
        Constellation(**base)


def test_walker_rejects_bad_pattern():
    with pytest.raises(ValueError, match="multiple of planes"):
        walker_delta(500e3, 1.0, 25, 4)
    with pytest.raises(ValueError, match="phasing"):
        walker(500e3, 1.0, 4, 4, phasing=4)
