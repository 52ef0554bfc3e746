"""Numba twins of :mod:`opendome.core.earth` for compiled kernels (one vector per call).

Kept in their own module so that importing the Earth model does not import numba (the command
line starts without it). Each twin is checked against its numpy original in
``tests/core/test_flight_earth.py``.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit
from numpy.typing import NDArray


@njit(cache=True, error_model="numpy")
def rotate_z_nb(p: NDArray[np.float64], angle_rad: float) -> NDArray[np.float64]:
    """Twin of :func:`opendome.core.earth.rotate_z` for one vector ``(3,)``."""
    c = math.cos(angle_rad)
    s = math.sin(angle_rad)
    out = np.empty(3)
    out[0] = c * p[0] - s * p[1]
    out[1] = s * p[0] + c * p[1]
    out[2] = p[2]
    return out


@njit(cache=True, error_model="numpy")
def rotate_state_nb(
    r: NDArray[np.float64],
    v: NDArray[np.float64],
    th: float,
    omega: float,
    to_ecef: bool,
    r_out: NDArray[np.float64],
    v_out: NDArray[np.float64],
) -> None:
    """Twin of :func:`~opendome.core.earth.eci_to_ecef` / ``ecef_to_eci`` for one state.

    Rotates position and velocity between ECI and ECEF at rotation angle ``th`` with the
    transport term ``omega x r``; writes into ``r_out`` and ``v_out``.
    """
    c = math.cos(th)
    s = math.sin(th)
    if to_ecef:
        x = c * r[0] + s * r[1]
        y = -s * r[0] + c * r[1]
        vx = c * v[0] + s * v[1] + omega * y
        vy = -s * v[0] + c * v[1] - omega * x
    else:
        vx0 = v[0] - omega * r[1]
        vy0 = v[1] + omega * r[0]
        x = c * r[0] - s * r[1]
        y = s * r[0] + c * r[1]
        vx = c * vx0 - s * vy0
        vy = s * vx0 + c * vy0
    r_out[0] = x
    r_out[1] = y
    r_out[2] = r[2]
    v_out[0] = vx
    v_out[1] = vy
    v_out[2] = v[2]


@njit(cache=True, error_model="numpy")
def sphere_point_nb(
    radius_m: float, lat_rad: float, lon_rad: float, height_m: float
) -> NDArray[np.float64]:
    """Twin of ``Geoid.point_m`` on a sphere of ``radius_m``, for one point ``(3,)``."""
    r = radius_m + height_m
    cl = math.cos(lat_rad)
    out = np.empty(3)
    out[0] = r * cl * math.cos(lon_rad)
    out[1] = r * cl * math.sin(lon_rad)
    out[2] = r * math.sin(lat_rad)
    return out
