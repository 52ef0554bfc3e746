"""Time grids shared by every flight model."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from opendome.core.trajectory import STATUS_OK, STATUS_OUT_OF_RANGE, flight_time_grid, time_grid


def test_grids_run_from_launch_to_impact_and_skip_failed_objects() -> None:
    flights = SimpleNamespace(
        status=np.array([STATUS_OK, STATUS_OK, STATUS_OUT_OF_RANGE]),
        launch_time_s=np.array([0.0, 5.0, 0.0]),
        impact_time_s=np.array([3.0, 7.5, np.nan]),
    )
    per_object = flight_time_grid(flights, 1.0)  # type: ignore[arg-type]
    np.testing.assert_array_equal(per_object[0], [0.0, 1.0, 2.0, 3.0, np.nan])
    np.testing.assert_array_equal(per_object[1], [5.0, 6.0, 7.0, 7.5, np.nan])
    assert np.all(np.isnan(per_object[2]))
    shared = time_grid(flights, 1.0)  # type: ignore[arg-type]
    np.testing.assert_array_equal(shared, [0, 1, 2, 3, 4, 5, 6, 7, 7.5])
