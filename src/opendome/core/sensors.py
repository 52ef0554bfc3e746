"""Sensors: radar horizon, line of sight past the Earth's limb, radar coverage, kill-chain times.

Geometry kernels return visibility masks ``(n_objects, n_times)`` from positions; the event
functions turn masks into the times the kill chain needs, per object:

* first detection (any sensor; for space-based infrared early warning, the booster's plume
  after it clears the clouds, plus the reporting delay),
* first fire-control-quality track (a fire-control sensor has followed the object without a
  break for the track-formation time),
* when discrimination becomes possible (a discriminating sensor has tracked the object for its
  dwell time, or the atmosphere has started to strip light decoys during re-entry).

Times that never come are NaN. Shapes: objects first, times second, xyz last; a sensor's
positions are ``(3,)`` (fixed) or ``(n_times, 3)`` (moving, sampled at the same times).
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
from numba import njit, prange
from numpy.typing import ArrayLike, NDArray

from opendome.core.constants import EARTH_MEAN_RADIUS_M, EFFECTIVE_EARTH_RADIUS_FACTOR
from opendome.core.earth import (
    A_M,
    B_M,
    azimuth_elevation_range,
    ecef_to_geodetic,
    ground_angle_rad,
)
from opendome.core.trajectory import PHASE_BOOST, PHASE_TERMINAL

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]


# --- horizon and line of sight -------------------------------------------------------------


def radar_horizon_range_m(
    radar_altitude_m: ArrayLike,
    target_altitude_m: ArrayLike,
    k: float = EFFECTIVE_EARTH_RADIUS_FACTOR,
    radius_m: float = EARTH_MEAN_RADIUS_M,
) -> FloatArray:
    """Radar horizon distance ``sqrt(2 k R h_r) + sqrt(2 k R h_t)`` (Skolnik; small heights)."""
    hr = np.maximum(np.asarray(radar_altitude_m, dtype=np.float64), 0.0)
    ht = np.maximum(np.asarray(target_altitude_m, dtype=np.float64), 0.0)
    return np.sqrt(2.0 * k * radius_m * hr) + np.sqrt(2.0 * k * radius_m * ht)


def effective_earth_geometry(
    radar_ecef_m: ArrayLike,
    target_ecef_m: ArrayLike,
    k: float = EFFECTIVE_EARTH_RADIUS_FACTOR,
    radius_m: float = EARTH_MEAN_RADIUS_M,
) -> tuple[BoolArray, FloatArray]:
    """Whether targets are above the radar horizon, and their refracted elevation angle.

    Standard refraction bends rays with the curvature that makes the Earth look ``k`` times
    larger: on a sphere of radius ``k R`` with the same heights and ground distance, rays are
    straight. A target is above the horizon when the ground angle (on that sphere) is within
    the sum of the two horizon angles ``acos(kR / (kR + h))``; for small heights that is
    :func:`radar_horizon_range_m`. Returns ``(visible, elevation_rad)``.
    """
    radar = np.asarray(radar_ecef_m, dtype=np.float64)
    target = np.asarray(target_ecef_m, dtype=np.float64)
    hr = ecef_to_geodetic(radar)[2]
    ht = ecef_to_geodetic(target)[2]
    kr = k * radius_m
    theta = ground_angle_rad(radar, target) / k
    r1 = kr + hr
    r2 = kr + ht
    with np.errstate(invalid="ignore"):
        horizon = np.arccos(np.clip(kr / r1, -1.0, 1.0)) + np.arccos(np.clip(kr / r2, -1.0, 1.0))
    visible = (ht >= 0.0) & (theta <= horizon)
    elevation = np.arctan2(r2 * np.cos(theta) - r1, r2 * np.sin(theta))
    return visible, elevation


def line_of_sight_clear(
    observer_ecef_m: ArrayLike, target_ecef_m: ArrayLike, grazing_altitude_m: float = 0.0
) -> BoolArray:
    """Whether the straight line between observer and target passes above the Earth's limb.

    Exact for the WGS-84 ellipsoid inflated by ``grazing_altitude_m`` (the lowest altitude the
    line may graze, e.g. to keep an infrared line of sight above the dense atmosphere): scaling
    z by a/b turns the ellipsoid into a sphere, and straight lines into straight lines.
    """
    a = A_M + grazing_altitude_m
    b = B_M + grazing_altitude_m
    scale = np.array([1.0 / a, 1.0 / a, 1.0 / b])
    p = np.asarray(observer_ecef_m, dtype=np.float64) * scale
    q = np.asarray(target_ecef_m, dtype=np.float64) * scale
    d = q - p
    dd = np.sum(d * d, axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        s = np.clip(-np.sum(p * d, axis=-1) / dd, 0.0, 1.0)
    s = np.where(dd > 0, s, 0.0)
    closest = p + s[..., None] * d
    return np.sum(closest * closest, axis=-1) >= 1.0


def radar_coverage(
    radar_ecef_m: ArrayLike,
    target_ecef_m: ArrayLike,
    max_range_m: float,
    boresight_azimuth_rad: float = 0.0,
    azimuth_half_width_rad: float = math.pi,
    min_elevation_rad: float = -math.pi / 2,
    max_elevation_rad: float = math.pi / 2,
    k: float = EFFECTIVE_EARTH_RADIUS_FACTOR,
) -> BoolArray:
    """Which targets ``(..., 3)`` a ground or sea radar sees: range, field of view, horizon.

    The field of view is an azimuth sector ``boresight +- half_width`` (``pi``: all round) and an
    elevation band (refracted elevation, 4/3-Earth); beyond the radar horizon nothing is seen.
    NaN positions are not seen.
    """
    radar = np.asarray(radar_ecef_m, dtype=np.float64)
    target = np.asarray(target_ecef_m, dtype=np.float64)
    az, _, rng = azimuth_elevation_range(radar, target)
    above, elevation = effective_earth_geometry(radar, target, k)
    off_axis = np.abs(np.mod(az - boresight_azimuth_rad + np.pi, 2.0 * np.pi) - np.pi)
    return (
        above
        & (rng <= max_range_m)
        & (off_axis <= azimuth_half_width_rad)
        & (elevation >= min_elevation_rad)
        & (elevation <= max_elevation_rad)
    )


@njit(cache=True, parallel=True, error_model="numpy")
def _count_visible(
    sensors: NDArray[np.float64],
    targets: NDArray[np.float64],
    max_range: float,
    a: float,
    b: float,
) -> NDArray[np.int64]:
    n_s, m, _ = sensors.shape
    n = targets.shape[0]
    out = np.zeros((n, m), dtype=np.int64)
    max_r2 = max_range * max_range
    for i in prange(n):
        for j in range(m):
            tx, ty, tz = targets[i, j, 0], targets[i, j, 1], targets[i, j, 2]
            if math.isnan(tx):
                continue
            count = 0
            for s in range(n_s):
                sx, sy, sz = sensors[s, j, 0], sensors[s, j, 1], sensors[s, j, 2]
                dx, dy, dz = tx - sx, ty - sy, tz - sz
                if dx * dx + dy * dy + dz * dz > max_r2:
                    continue
                px, py, pz = sx / a, sy / a, sz / b
                qx, qy, qz = dx / a, dy / a, dz / b
                qq = qx * qx + qy * qy + qz * qz
                u = 0.0
                if qq > 0.0:
                    u = -(px * qx + py * qy + pz * qz) / qq
                    u = min(max(u, 0.0), 1.0)
                cx, cy, cz = px + u * qx, py + u * qy, pz + u * qz
                if cx * cx + cy * cy + cz * cz >= 1.0:
                    count += 1
            out[i, j] = count
    return out


def space_sensor_count(
    sensor_positions_ecef_m: ArrayLike,
    target_positions_ecef_m: ArrayLike,
    max_range_m: float = np.inf,
    grazing_altitude_m: float = 0.0,
) -> NDArray[np.int64]:
    """How many space sensors see each object at each time: ``(n_objects, n_times)``.

    ``sensor_positions_ecef_m`` ``(n_sensors, n_times, 3)`` (satellites moving, sampled at the
    objects' times); ``target_positions_ecef_m`` ``(n_objects, n_times, 3)``. A sensor sees an
    object within ``max_range_m`` when the line of sight clears the limb (the ellipsoid plus
    ``grazing_altitude_m``, see :func:`line_of_sight_clear`). Two or more give a stereo track.
    """
    sensors = np.ascontiguousarray(np.asarray(sensor_positions_ecef_m, dtype=np.float64))
    targets = np.ascontiguousarray(np.asarray(target_positions_ecef_m, dtype=np.float64))
    if sensors.ndim != 3 or targets.ndim != 3 or sensors.shape[1] != targets.shape[1]:
        raise ValueError(
            "space_sensor_count: sensors (n_sensors, n_times, 3) and targets "
            f"(n_objects, n_times, 3) on the same times; got {sensors.shape} and {targets.shape}"
        )
    return _count_visible(sensors, targets, float(max_range_m), A_M + grazing_altitude_m,
                          B_M + grazing_altitude_m)


# --- events from visibility ------------------------------------------------------------------


def _times_2d(times_s: ArrayLike, shape: tuple[int, ...]) -> FloatArray:
    t = np.asarray(times_s, dtype=np.float64)
    return np.ascontiguousarray(np.broadcast_to(t, shape))


def first_visible_time_s(times_s: ArrayLike, visible: ArrayLike) -> FloatArray:
    """First time each object is visible ``(n,)`` (NaN: never). Times ``(m,)`` or ``(n, m)``."""
    vis = np.asarray(visible, dtype=bool)
    t = _times_2d(times_s, vis.shape)
    has = vis.any(axis=-1)
    first = np.argmax(vis, axis=-1)
    return np.where(has, np.take_along_axis(t, first[..., None], axis=-1)[..., 0], np.nan)


@njit(cache=True, error_model="numpy")
def _sustained(
    t: NDArray[np.float64], vis: NDArray[np.bool_], duration: float
) -> NDArray[np.float64]:
    n, m = vis.shape
    out = np.full(n, np.nan)
    for i in range(n):
        start = np.nan
        for j in range(m):
            if vis[i, j] and not math.isnan(t[i, j]):
                if math.isnan(start):
                    start = t[i, j]
                if t[i, j] - start >= duration:
                    out[i] = start + duration
                    break
            else:
                start = np.nan
    return out


def sustained_visibility_time_s(
    times_s: ArrayLike, visible: ArrayLike, duration_s: float
) -> FloatArray:
    """First time each object has been seen without a break for ``duration_s`` ``(n,)``.

    Visibility between consecutive samples is taken to hold when both samples see the object;
    the returned time is the start of that run plus ``duration_s``.
    """
    if not duration_s >= 0:
        raise ValueError(f"duration_s must be >= 0, got {duration_s}")
    vis = np.ascontiguousarray(np.asarray(visible, dtype=bool))
    if vis.ndim != 2:
        raise ValueError(f"visible must be (n_objects, n_times), got shape {vis.shape}")
    return _sustained(_times_2d(times_s, vis.shape), vis, float(duration_s))


def infrared_detection_time_s(
    times_s: ArrayLike,
    phase: ArrayLike,
    altitude_m: ArrayLike,
    reporting_delay_s: float,
    plume_altitude_m: float,
    visible: ArrayLike = True,
) -> FloatArray:
    """Space-based infrared early warning: when the booster's launch is reported ``(n,)``.

    The plume is seen once the booster, still burning, climbs above ``plume_altitude_m`` (the
    cloud tops) while a warning satellite has it in view (``visible`` mask, default: always, as
    for a geostationary/HEO constellation covering the launch area); the report follows
    ``reporting_delay_s`` later. Objects without a boost phase (cruise missiles) are never
    detected this way (NaN).
    """
    ph = np.asarray(phase)
    seen = (ph == PHASE_BOOST) & (np.asarray(altitude_m) >= plume_altitude_m)
    seen = seen & np.broadcast_to(np.asarray(visible, dtype=bool), seen.shape)
    return first_visible_time_s(times_s, seen) + reporting_delay_s


class SensorEvents(NamedTuple):
    """Kill-chain times of each object ``(n,)``, absolute seconds; NaN if never."""

    detection_s: FloatArray
    fire_control_track_s: FloatArray
    discrimination_s: FloatArray


def kill_chain_events(
    times_s: ArrayLike,
    detect: ArrayLike,
    fire_control: ArrayLike,
    discriminate: ArrayLike,
    phase: ArrayLike,
    *,
    track_formation_s: float,
    discrimination_dwell_s: float,
    latency_s: float = 0.0,
    early_warning_s: ArrayLike | None = None,
) -> SensorEvents:
    """Combine visibility masks ``(n, m)`` into detection, track and discrimination times.

    ``detect``: any sensor sees the object; ``fire_control``: a fire-control-quality sensor
    (fire-control radar, stereo space track) sees it; ``discriminate``: a sensor able to tell
    warheads from decoys sees it. A track forms after ``track_formation_s`` of unbroken
    fire-control coverage; discrimination after ``discrimination_dwell_s`` of unbroken
    discriminating coverage, or once the object is in re-entry (the atmosphere slows light
    decoys) while fire-control tracked. ``latency_s`` is added to every event (reporting and
    processing); ``early_warning_s`` ``(n,)`` (e.g. :func:`infrared_detection_time_s`) counts as
    a detection. A track implies a detection and discrimination a track.
    """
    fc = np.asarray(fire_control, dtype=bool)
    detection = first_visible_time_s(times_s, np.asarray(detect, dtype=bool) | fc) + latency_s
    if early_warning_s is not None:
        detection = np.fmin(detection, np.asarray(early_warning_s, dtype=np.float64))
    track = sustained_visibility_time_s(times_s, fc, track_formation_s) + latency_s
    dwell = sustained_visibility_time_s(
        times_s, np.asarray(discriminate, dtype=bool), discrimination_dwell_s
    ) + latency_s
    atmospheric = first_visible_time_s(times_s, fc & (np.asarray(phase) == PHASE_TERMINAL))
    discrimination = np.maximum(np.fmin(dwell, atmospheric + latency_s), track)
    detection = np.fmin(detection, track)
    return SensorEvents(detection, track, discrimination)


# --- sensor non-idealities -------------------------------------------------------------------


def look_detection_probability(
    range_m: ArrayLike,
    detection_probability: float = 1.0,
    half_detection_range_m: float | None = None,
) -> FloatArray:
    """Probability that one look detects an object at ``range_m`` (broadcasts).

    ``detection_probability`` at short range, falling as ``1 / (1 + (r / r_half)^4)`` with
    range: the received signal falls as ``r^-4`` (radar equation), and ``r_half`` is the range
    where a look detects half as often (notional functional form; ``None``: no fall with range).
    """
    r = np.asarray(range_m, dtype=np.float64)
    if half_detection_range_m is None:
        return np.full(r.shape, float(detection_probability))
    return np.asarray(detection_probability / (1.0 + (r / half_detection_range_m) ** 4),
                      dtype=np.float64)


def median_detection_time_s(times_s: ArrayLike, look_probability: ArrayLike) -> FloatArray:
    """Median time of first detection ``(n,)``, one look per sample (NaN: below one half).

    Looks are independent: the probability of a detection by sample j is
    ``1 - prod_{i <= j} (1 - p_i)``; the median is the first sample where it reaches 1/2.
    """
    p = np.clip(np.asarray(look_probability, dtype=np.float64), 0.0, 1.0)
    with np.errstate(divide="ignore"):
        log_miss = np.cumsum(np.log1p(-np.where(p >= 1.0, 1.0 - 1e-300, p)), axis=-1)
    return first_visible_time_s(times_s, log_miss <= math.log(0.5))


def delay_mask(times_s: ArrayLike, mask: ArrayLike, latency_s: float) -> BoolArray:
    """Shift a visibility mask ``(..., m)`` later by ``latency_s`` (to the next sample).

    Times must be evenly spaced; what a sensor sees at ``t`` reaches the kill chain at
    ``t + latency_s``.
    """
    vis = np.asarray(mask, dtype=bool)
    t = np.asarray(times_s, dtype=np.float64)
    if latency_s <= 0 or t.size < 2:
        return vis
    shift = int(math.ceil(latency_s / (t[1] - t[0]) - 1e-9))
    out = np.zeros_like(vis)
    if shift < vis.shape[-1]:
        out[..., shift:] = vis[..., : vis.shape[-1] - shift]
    return out
