"""The one JSON helper of the command line and the web app: strict JSON (RFC 8259 has no NaN)."""

from __future__ import annotations

import json

import numpy as np
import pytest

from opendome.report.jsonable import json_safe, json_text


def test_numpy_values_become_python_numbers_and_lists() -> None:
    data = {"a": np.float64(1.5), "b": np.int64(3), "c": np.array([1.0, 2.0]), 4: (np.bool_(True),)}
    out = json_safe(data)
    assert out == {"a": 1.5, "b": 3, "c": [1.0, 2.0], "4": [True]}
    assert type(out["b"]) is int and type(out["a"]) is float


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), -np.inf, np.float32("nan")])
def test_non_finite_numbers_become_null(bad: float) -> None:
    assert json.loads(json_text({"x": [bad, 1.0]})) == {"x": [None, 1.0]}


def test_what_json_cannot_hold_is_refused_not_written() -> None:
    with pytest.raises(TypeError):
        json_text({"x": object()})
