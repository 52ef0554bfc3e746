"""Ballistic missiles: boost, two-body free flight on a rotating Earth, re-entry with drag.

A flight is a chain of pieces, each exact for its own equations:

1. boost (:mod:`opendome.core.boost`), from the launch point to burnout, Earth-relative;
2. free flight: a Kepler conic (:mod:`opendome.core.kepler`) from burnout, possibly changed once
   by a speed change at a *release* time (a post-boost bus putting a warhead on its own
   trajectory, :mod:`opendome.core.bus`, or a fractional orbit's de-orbit burn,
   :mod:`opendome.core.fobs`); for a lone warhead the release is at burnout;
3. re-entry (:mod:`opendome.core.reentry`) from the entry interface (121.9 km above the
   equatorial radius) to the ground.

Targeting solves Lambert's problem (:mod:`opendome.core.lambert`) from the burnout point to the
aim point where the rotating Earth has carried it after the time of flight, and picks the time of
flight by the trajectory type:

* ``min-energy``: the least Earth-relative burnout speed (on a non-rotating Earth, the textbook
  minimum-energy trajectory, Bate, Mueller & White 1971, sec. 6.3);
* ``lofted`` / ``depressed``: the missile's full burnout speed, on the longer (higher) or shorter
  (flatter) of the two trajectories it allows to that range. At the missile's maximum range both
  coincide with the minimum-energy trajectory.

The burnout point depends on the burnout velocity through the boost model, so targeting and
boost are iterated to a fixed point (millimetres in a few passes). With drag, the warhead would
fall short of the Kepler aim point; the aim point of the free flight is moved until the impact
is within a metre of the target (``correct_for_drag``), as a guided re-entry vehicle's
targeting does.

Everything is vectorized over objects: inputs broadcast to ``(n,)``, positions are ``(n, 3)``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from numba import njit, prange
from numpy.typing import ArrayLike, NDArray

from opendome.core.atmosphere import ATMOSPHERE_TOP_M
from opendome.core.boost import burnout_position
from opendome.core.constants import (
    EARTH_EQUATORIAL_RADIUS_M,
    EARTH_GM_M3_PER_S2,
    EARTH_ROTATION_RAD_PER_S,
)
from opendome.core.earth import (
    ecef_to_eci,
    ecef_to_geodetic,
    eci_to_ecef,
    enu_basis,
    geodetic_to_ecef,
    radial_altitude_m,
    vector_angle_rad,
)
from opendome.core.earth_kernels import rotate_state_nb, rotate_z_nb
from opendome.core.kepler import (
    _fg_state,
    _initial_chi,
    apoapsis_time_many,
    kepler_propagate,
    time_to_radius_many,
)
from opendome.core.lambert import lambert_kernel, minimum_energy_tof
from opendome.core.reentry import (
    DEFAULT_WARHEAD_BALLISTIC_COEFFICIENT_KG_PER_M2,
    reentry_many,
    reentry_one,
)
from opendome.core.trajectory import (
    PHASE_BOOST,
    PHASE_MIDCOURSE,
    PHASE_NONE,
    PHASE_TERMINAL,
    STATUS_DEGENERATE_GEOMETRY,
    STATUS_DRAG_DOMINATED,
    STATUS_NO_IMPACT,
    STATUS_NO_SOLUTION,
    STATUS_OK,
    STATUS_OUT_OF_RANGE,
    TrajectoryBatch,
    broadcast_times,
)

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

TRAJECTORY_KINDS: tuple[str, ...] = ("min-energy", "lofted", "depressed")
"""Trajectory types; their index is the kind code of :func:`ballistic_trajectory`."""
KIND_MIN_ENERGY, KIND_LOFTED, KIND_DEPRESSED, KIND_MIN_DELTA_V = 0, 1, 2, 3

AIM_TOLERANCE_M = 1.0
"""Drag correction stops when every impact is within this distance of its aim point."""
ENTRY_RADIUS_M = EARTH_EQUATORIAL_RADIUS_M + ATMOSPHERE_TOP_M
"""Radius of the entry interface: the top of the model atmosphere over the equator."""
MISS_LIMIT_M = 1000.0
"""A flight whose drag correction leaves it further than this from its aim gets status
'drag dominated' (it flies so low in the atmosphere that no aim point brings it to the target)."""


class AimCorrector:
    """Moves free-flight aim points until impacts land on their targets (drag correction).

    A secant step per object: the aim moves by the miss times the ratio of the last aim move to
    the miss change it caused (1 at first, bounded to [0.5, 5]); converges in a few passes where a
    plain ``aim -= miss`` creeps when drag bends shallow re-entries strongly.
    """

    def __init__(self, aim_ecef_m: FloatArray) -> None:
        self.target = aim_ecef_m
        self.aim = aim_ecef_m.copy()
        self._last_step: FloatArray | None = None
        self._last_miss: FloatArray | None = None

    def update(self, impact_ecef_m: FloatArray, good: NDArray[np.bool_]) -> NDArray[np.bool_]:
        """Step the aims of objects off target; return which objects were off target."""
        miss = impact_ecef_m - self.target
        off = good & (np.linalg.norm(miss, axis=-1) > AIM_TOLERANCE_M)
        if not np.any(off):
            return off
        gain = np.ones(miss.shape[0])
        if self._last_step is not None and self._last_miss is not None:
            moved = np.linalg.norm(self._last_step, axis=-1)
            change = np.linalg.norm(self._last_miss - miss, axis=-1)
            with np.errstate(invalid="ignore", divide="ignore"):
                ratio = moved / change
            gain = np.where(np.isfinite(ratio) & (moved > 0), np.clip(ratio, 0.5, 5.0), 1.0)
        step = np.where(off[:, None], -gain[:, None] * miss, 0.0)
        self.aim = self.aim + step
        self._last_step, self._last_miss = step, miss
        return off


# --- textbook closed forms (non-rotating spherical Earth, burnout and impact at one radius) ----


def minimum_energy_burnout_speed_m_per_s(
    range_angle_rad: ArrayLike, radius_m: ArrayLike, mu_m3_per_s2: float = EARTH_GM_M3_PER_S2
) -> FloatArray:
    """Minimum-energy burnout speed ``v^2 = (mu/r) 2 sin(psi/2) / (1 + sin(psi/2))`` (BMW 6.3)."""
    s = np.sin(0.5 * np.asarray(range_angle_rad, dtype=np.float64))
    return np.sqrt(mu_m3_per_s2 / np.asarray(radius_m, dtype=np.float64) * 2.0 * s / (1.0 + s))


def minimum_energy_flight_path_angle_rad(range_angle_rad: ArrayLike) -> FloatArray:
    """Burnout flight-path angle of the minimum-energy trajectory, ``(pi - psi) / 4`` (BMW 6.3)."""
    return 0.25 * (np.pi - np.asarray(range_angle_rad, dtype=np.float64))


def free_flight_closed_form(
    radius_m: ArrayLike,
    speed_m_per_s: ArrayLike,
    flight_path_angle_rad: ArrayLike,
    mu_m3_per_s2: float = EARTH_GM_M3_PER_S2,
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Range angle, time of flight and apogee radius of a symmetric free flight (BMW 6.2).

    Burnout and impact at the same radius on a non-rotating Earth: the free-flight range
    equation ``cos(psi/2) = (1 - Q cos^2 g) / sqrt(1 + Q (Q - 2) cos^2 g)``, ``Q = v^2 r / mu``,
    and Kepler's equation for the time.
    """
    r = np.asarray(radius_m, dtype=np.float64)
    v = np.asarray(speed_m_per_s, dtype=np.float64)
    g = np.asarray(flight_path_angle_rad, dtype=np.float64)
    q = v * v * r / mu_m3_per_s2
    c2 = np.cos(g) ** 2
    psi = 2.0 * np.arccos((1.0 - q * c2) / np.sqrt(1.0 + q * (q - 2.0) * c2))
    a = r / (2.0 - q)
    e = np.sqrt(1.0 - q * (2.0 - q) * c2)
    ecc_anomaly = np.arccos(np.clip((1.0 - r / a) / e, -1.0, 1.0))  # ascending, in [0, pi]
    mean_anomaly = ecc_anomaly - e * np.sin(ecc_anomaly)
    tof = 2.0 * (np.pi - mean_anomaly) * np.sqrt(a**3 / mu_m3_per_s2)
    return psi, tof, a * (1.0 + e)


# --- targeting -----------------------------------------------------------------------------


@njit(cache=True, error_model="numpy")
def _deviation(
    r1: NDArray[np.float64],
    t1: float,
    p2: NDArray[np.float64],
    w: NDArray[np.float64],
    tof: float,
    theta0: float,
    omega: float,
    mu: float,
) -> tuple[float, NDArray[np.float64]]:
    """``|v1 - w|`` of the Lambert arc to the aim point after ``tof`` (inf if none) and ``v1``."""
    r2 = rotate_z_nb(p2, theta0 + omega * (t1 + tof))
    v1, _, ok = lambert_kernel(r1, r2, tof, False, mu)
    if not ok:
        return np.inf, v1
    d = math.sqrt((v1[0] - w[0]) ** 2 + (v1[1] - w[1]) ** 2 + (v1[2] - w[2]) ** 2)
    return d, v1


@njit(cache=True, error_model="numpy")
def _brent_minimum(
    r1: NDArray[np.float64],
    t1: float,
    p2: NDArray[np.float64],
    ref: NDArray[np.float64],
    theta0: float,
    omega: float,
    mu: float,
    a: float,
    b: float,
) -> float:
    """Brent's minimization of the deviation over ``x = ln(tof)`` in ``[a, b]``."""
    cgold = 0.3819660112501051
    x = wx = vx = a + cgold * (b - a)
    fx, _ = _deviation(r1, t1, p2, ref, math.exp(x), theta0, omega, mu)
    fw = fv = fx
    d = 0.0
    e = 0.0
    for _ in range(200):
        xm = 0.5 * (a + b)
        tol1 = 1e-11 * abs(x) + 1e-14
        tol2 = 2.0 * tol1
        if abs(x - xm) <= tol2 - 0.5 * (b - a):
            break
        parabolic = False
        if abs(e) > tol1:
            r = (x - wx) * (fx - fv)
            q = (x - vx) * (fx - fw)
            p = (x - vx) * q - (x - wx) * r
            q = 2.0 * (q - r)
            if q > 0.0:
                p = -p
            q = abs(q)
            if abs(p) < abs(0.5 * q * e) and p > q * (a - x) and p < q * (b - x):
                e = d
                d = p / q
                u = x + d
                if u - a < tol2 or b - u < tol2:
                    d = math.copysign(tol1, xm - x)
                parabolic = True
        if not parabolic:
            e = (a - x) if x >= xm else (b - x)
            d = cgold * e
        u = x + d if abs(d) >= tol1 else x + math.copysign(tol1, d)
        fu, _ = _deviation(r1, t1, p2, ref, math.exp(u), theta0, omega, mu)
        if fu <= fx:
            if u >= x:
                a = x
            else:
                b = x
            vx, wx, x = wx, x, u
            fv, fw, fx = fw, fx, fu
        else:
            if u < x:
                a = u
            else:
                b = u
            if fu <= fw or wx == x:
                vx, wx = wx, u
                fv, fw = fw, fu
            elif fu <= fv or vx == x or vx == wx:
                vx = u
                fv = fu
    return x


@njit(cache=True, error_model="numpy")
def _target_one(
    r1: NDArray[np.float64],
    t1: float,
    p2: NDArray[np.float64],
    ref: NDArray[np.float64],
    kind: int,
    speed: float,
    tof_hint: float,
    theta0: float,
    omega: float,
    mu: float,
) -> tuple[float, NDArray[np.float64], int]:
    """Time of flight and burnout velocity (ECI) for one object; status code."""
    bad = np.full(3, np.nan)
    p2_now = rotate_z_nb(p2, theta0 + omega * t1)
    cx = r1[1] * p2_now[2] - r1[2] * p2_now[1]
    cy = r1[2] * p2_now[0] - r1[0] * p2_now[2]
    cz = r1[0] * p2_now[1] - r1[1] * p2_now[0]
    cross = math.sqrt(cx * cx + cy * cy + cz * cz)
    dot = r1[0] * p2_now[0] + r1[1] * p2_now[1] + r1[2] * p2_now[2]
    ang = math.atan2(cross, dot)
    if ang < 1e-6 or ang > math.pi - 1e-3:
        return np.nan, bad, STATUS_DEGENERATE_GEOMETRY
    if kind == KIND_MIN_DELTA_V:
        lo, hi = 0.6 * tof_hint, 1.6 * tof_hint
    else:
        guess = minimum_energy_tof(r1, p2_now, False, mu)
        lo, hi = 0.25 * guess, 4.0 * guess
    x_min = _brent_minimum(r1, t1, p2, ref, theta0, omega, mu, math.log(lo), math.log(hi))
    t_min = math.exp(x_min)
    f_min, v_min = _deviation(r1, t1, p2, ref, t_min, theta0, omega, mu)
    if not f_min < np.inf:
        return np.nan, bad, STATUS_NO_SOLUTION
    if kind == KIND_MIN_ENERGY or kind == KIND_MIN_DELTA_V:
        if f_min > speed * (1.0 + 1e-9):
            return t_min, v_min, STATUS_OUT_OF_RANGE
        return t_min, v_min, STATUS_OK
    if not f_min <= speed:
        return t_min, v_min, STATUS_OUT_OF_RANGE
    # lofted: longer flight; depressed: shorter flight, at the given speed
    step = math.log(1.25) if kind == KIND_LOFTED else math.log(0.8)
    x_near = x_min
    g_near = f_min - speed
    x_far = x_min
    g_far = g_near
    found = False
    for _ in range(80):
        x_far += step
        g_far = _deviation(r1, t1, p2, ref, math.exp(x_far), theta0, omega, mu)[0] - speed
        if g_far > 0.0:
            found = True
            break
        x_near = x_far
        g_near = g_far
    if not found:
        return np.nan, bad, STATUS_NO_SOLUTION
    # Illinois false position on ln(tof), bisection where the far side is unbounded
    side = 0
    for _ in range(200):
        if g_far < np.inf and g_far - g_near > 0.0:
            x_new = x_near - g_near * (x_far - x_near) / (g_far - g_near)
        else:
            x_new = 0.5 * (x_near + x_far)
        g_new = _deviation(r1, t1, p2, ref, math.exp(x_new), theta0, omega, mu)[0] - speed
        if g_new > 0.0:
            x_far, g_far = x_new, g_new
            if side == -1:
                g_near *= 0.5
            side = -1
        else:
            x_near, g_near = x_new, g_new
            if side == 1 and g_far < np.inf:
                g_far *= 0.5
            side = 1
        if abs(x_far - x_near) < 1e-12 or abs(g_new) < 1e-9:
            break
    t_sol = math.exp(x_near if abs(g_near) <= abs(g_far) else x_far)
    _, v_sol = _deviation(r1, t1, p2, ref, t_sol, theta0, omega, mu)
    return t_sol, v_sol, STATUS_OK


@njit(cache=True, parallel=True, error_model="numpy")
def _target_many(
    r1: NDArray[np.float64],
    t1: NDArray[np.float64],
    p2: NDArray[np.float64],
    w: NDArray[np.float64],
    kind: NDArray[np.int64],
    speed: NDArray[np.float64],
    tof_hint: NDArray[np.float64],
    active: NDArray[np.bool_],
    theta0: float,
    omega: float,
    mu: float,
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.int64]]:
    n = r1.shape[0]
    tof = np.full(n, np.nan)
    v1 = np.full((n, 3), np.nan)
    status = np.full(n, STATUS_NO_SOLUTION, dtype=np.int64)
    for i in prange(n):
        if not active[i]:
            continue
        t, v, s = _target_one(
            r1[i], t1[i], p2[i], w[i], kind[i], speed[i], tof_hint[i], theta0, omega, mu
        )
        tof[i] = t
        v1[i] = v
        status[i] = s
    return tof, v1, status


def solve_free_flight(
    position_eci_m: ArrayLike,
    time_s: ArrayLike,
    aim_ecef_m: ArrayLike,
    reference_velocity_eci_m_per_s: ArrayLike,
    kind: ArrayLike,
    speed_m_per_s: ArrayLike,
    tof_hint_s: ArrayLike = np.nan,
    theta0_rad: float = 0.0,
    rotation_rad_per_s: float = EARTH_ROTATION_RAD_PER_S,
    mu_m3_per_s2: float = EARTH_GM_M3_PER_S2,
    active: ArrayLike = True,
) -> tuple[FloatArray, FloatArray, IntArray]:
    """Free flight from an inertial position at ``time_s`` to an Earth-fixed aim point.

    Chooses the time of flight of the Lambert arc by ``kind`` (codes of :data:`TRAJECTORY_KINDS`,
    or 3 = least speed change, for a bus release near ``tof_hint_s``) on the deviation
    ``|v1 - reference_velocity|``: least deviation, or deviation equal to ``speed_m_per_s`` on the
    long (lofted) or short (depressed) side. Returns ``(tof_s, v1_eci, status)``, ``(n,)``,
    ``(n, 3)``, ``(n,)``.
    """
    r1 = np.atleast_2d(np.asarray(position_eci_m, dtype=np.float64))
    n = r1.shape[0]

    def vec(x: ArrayLike) -> FloatArray:
        return np.ascontiguousarray(np.broadcast_to(np.asarray(x, dtype=np.float64), (n, 3)))

    def sc(x: ArrayLike, dtype: Any = np.float64) -> NDArray[Any]:
        return np.ascontiguousarray(np.broadcast_to(np.asarray(x, dtype=dtype), (n,)))

    return _target_many(
        vec(r1),
        sc(time_s),
        vec(aim_ecef_m),
        vec(reference_velocity_eci_m_per_s),
        sc(kind, np.int64),
        sc(speed_m_per_s),
        sc(tof_hint_s),
        sc(active, np.bool_),
        float(theta0_rad),
        float(rotation_rad_per_s),
        float(mu_m3_per_s2),
    )


def kind_codes(kind: str | ArrayLike, n: int) -> IntArray:
    """Trajectory type names (or codes) -> codes ``(n,)``; raises naming the allowed names."""
    arr = np.asarray(kind)
    if arr.dtype.kind in "US":
        bad = sorted({str(k) for k in np.ravel(arr)} - set(TRAJECTORY_KINDS))
        if bad:
            raise ValueError(
                f"trajectory type {bad[0]!r} is not one of {list(TRAJECTORY_KINDS)}"
            )
        arr = np.vectorize(TRAJECTORY_KINDS.index, otypes=[np.int64])(arr)
    codes = np.broadcast_to(arr.astype(np.int64), (n,)).copy()
    if np.any((codes < 0) | (codes > KIND_DEPRESSED)):
        raise ValueError(f"trajectory type codes must be 0..2 ({list(TRAJECTORY_KINDS)})")
    return codes


# --- the trajectories ----------------------------------------------------------------------


@dataclass(frozen=True)
class BallisticTrajectories(TrajectoryBatch):
    """``n`` ballistic flights (boost, coast, optional release, coast, re-entry); SI, ``(n, ...)``.

    Inertial states are ECI (x axis on Greenwich at rotation angle ``theta0_rad``); times are
    absolute scenario seconds. ``coast_phase`` is the phase code between burnout and release
    (post-boost for a bus, midcourse for a fractional orbit).
    """

    launch_time_s: FloatArray
    launch_position_ecef_m: FloatArray
    launch_up: FloatArray
    burn_time_s: FloatArray
    boost_lift_m: FloatArray
    burnout_velocity_ecef_m_per_s: FloatArray
    burnout_time_s: FloatArray
    burnout_position_eci_m: FloatArray
    burnout_velocity_eci_m_per_s: FloatArray
    release_time_s: FloatArray
    release_position_eci_m: FloatArray
    release_velocity_eci_m_per_s: FloatArray
    entry_time_s: FloatArray
    entry_position_eci_m: FloatArray
    entry_velocity_eci_m_per_s: FloatArray
    impact_time_s: FloatArray
    impact_position_ecef_m: FloatArray
    aim_position_ecef_m: FloatArray
    ground_altitude_m: FloatArray
    ballistic_coefficient_kg_per_m2: FloatArray
    coast_phase: IntArray
    status: IntArray
    theta0_rad: float = 0.0
    rotation_rad_per_s: float = EARTH_ROTATION_RAD_PER_S



    # -- derived per-object numbers --
    @property
    def burnout_position_ecef_m(self) -> FloatArray:
        """Burnout position, ECEF ``(n, 3)``."""
        return self._ecef(self.burnout_position_eci_m, self.burnout_time_s)

    @property
    def burnout_speed_m_per_s(self) -> FloatArray:
        """Earth-relative burnout speed ``(n,)``."""
        return np.linalg.norm(self.burnout_velocity_ecef_m_per_s, axis=-1)

    @property
    def burnout_inertial_speed_m_per_s(self) -> FloatArray:
        """Inertial burnout speed ``(n,)``."""
        return np.linalg.norm(self.burnout_velocity_eci_m_per_s, axis=-1)

    @property
    def burnout_altitude_m(self) -> FloatArray:
        """Geodetic burnout altitude ``(n,)``."""
        return ecef_to_geodetic(self.burnout_position_ecef_m)[2]

    @property
    def burnout_flight_path_angle_rad(self) -> FloatArray:
        """Earth-relative flight-path angle at burnout (above the local horizontal)."""
        p = self.burnout_position_ecef_m
        v = self.burnout_velocity_ecef_m_per_s
        sin_g = np.sum(p * v, axis=-1) / (
            np.linalg.norm(p, axis=-1) * np.linalg.norm(v, axis=-1)
        )
        return np.arcsin(np.clip(sin_g, -1.0, 1.0))


    def event_times_s(self) -> dict[str, FloatArray]:
        """Key events, name -> absolute times ``(n,)``, in flight order.

        Launch, burnout, release (NaN for a lone warhead released at burnout), atmospheric
        entry, impact; the apogee is :meth:`apogee`.
        """
        release = np.where(self.release_time_s > self.burnout_time_s, self.release_time_s, np.nan)
        return {"launch": self.launch_time_s, "burnout": self.burnout_time_s,
                "release": release, "atmospheric entry": self.entry_time_s,
                "impact": self.impact_time_s}

    def apogee(self) -> tuple[FloatArray, FloatArray]:
        """Highest point of the flight: ``(time_s, geodetic altitude_m)`` ``(n,)``.

        From the apoapses of the free-flight arcs when they fall inside them, else the highest of
        burnout, release and entry (re-entry never climbs).
        """
        mu = EARTH_GM_M3_PER_S2
        cand_t = [self.burnout_time_s, self.release_time_s, self.entry_time_s]
        cand_p = [self.burnout_position_eci_m, self.release_position_eci_m,
                  self.entry_position_eci_m]
        for r, v, t0, t1 in (
            (self.burnout_position_eci_m, self.burnout_velocity_eci_m_per_s,
             self.burnout_time_s, self.release_time_s),
            (self.release_position_eci_m, self.release_velocity_eci_m_per_s,
             self.release_time_s, self.entry_time_s),
        ):
            dt = apoapsis_time_many(r, v, mu)
            inside = np.isfinite(dt) & (t0 + dt <= t1)
            dt = np.where(inside, dt, np.nan)
            pos, _ = kepler_propagate(r, v, dt[:, None])
            cand_t.append(t0 + dt)
            cand_p.append(pos[:, 0])
        times = np.stack(cand_t, axis=1)
        alts = np.stack(
            [ecef_to_geodetic(self._ecef(p, t))[2] for p, t in zip(cand_p, cand_t, strict=True)],
            axis=1,
        )
        alts = np.where(np.isfinite(alts), alts, -np.inf)
        k = np.argmax(alts, axis=1)
        i = np.arange(len(self))
        best = alts[i, k]
        ok = np.isfinite(best)
        return np.where(ok, times[i, k], np.nan), np.where(ok, best, np.nan)

    def _ecef(self, pos_eci: FloatArray, time_s: ArrayLike) -> FloatArray:
        return eci_to_ecef(pos_eci, time_s, None, self.theta0_rad, self.rotation_rad_per_s)[0]

    # -- sampling --
    def _sample(self, times_s: ArrayLike, ecef: bool) -> tuple[FloatArray, FloatArray]:
        t = broadcast_times(times_s, len(self))
        return _sample_kernel(
            t, ecef, self.status == STATUS_OK, self.launch_time_s, self.launch_position_ecef_m,
            self.launch_up, self.burn_time_s, self.boost_lift_m,
            self.burnout_velocity_ecef_m_per_s, self.burnout_time_s,
            self.burnout_position_eci_m, self.burnout_velocity_eci_m_per_s,
            self.release_time_s, self.release_position_eci_m,
            self.release_velocity_eci_m_per_s, self.entry_time_s, self.entry_position_eci_m,
            self.entry_velocity_eci_m_per_s, self.impact_time_s,
            self.ballistic_coefficient_kg_per_m2, self.ground_altitude_m, self.theta0_rad,
            self.rotation_rad_per_s, EARTH_GM_M3_PER_S2,
        )

    def state_eci(self, times_s: ArrayLike) -> tuple[FloatArray, FloatArray]:
        """Inertial ``(position, velocity)`` ``(n, m, 3)`` at absolute times, NaN outside flight."""
        return self._sample(times_s, False)

    def state_ecef(self, times_s: ArrayLike) -> tuple[FloatArray, FloatArray]:
        """Earth-fixed ``(position, velocity)`` ``(n, m, 3)`` at absolute times."""
        return self._sample(times_s, True)

    def position_ecef_m(self, times_s: ArrayLike) -> FloatArray:
        """Earth-fixed positions ``(n, m, 3)`` at absolute times, NaN outside the flight."""
        return self.state_ecef(times_s)[0]

    def phase(self, times_s: ArrayLike) -> IntArray:
        """Phase codes ``(n, m)`` at absolute times."""
        t = broadcast_times(times_s, len(self))
        out = np.full(t.shape, PHASE_NONE, dtype=np.int64)
        ok = (self.status == STATUS_OK)[:, None]
        lt, bt = self.launch_time_s[:, None], self.burnout_time_s[:, None]
        rt, et = self.release_time_s[:, None], self.entry_time_s[:, None]
        it = self.impact_time_s[:, None]
        out[ok & (t >= lt) & (t < bt)] = PHASE_BOOST
        coast = ok & (t >= bt) & (t < rt)
        out[coast] = np.broadcast_to(self.coast_phase[:, None], t.shape)[coast]
        out[ok & (t >= rt) & (t < et)] = PHASE_MIDCOURSE
        out[ok & (t >= et) & (t <= it)] = PHASE_TERMINAL
        return out


@njit(cache=True, parallel=True, error_model="numpy")
def _sample_kernel(
    t: NDArray[np.float64],
    to_ecef: bool,
    ok: NDArray[np.bool_],
    t_launch: NDArray[np.float64],
    p0: NDArray[np.float64],
    up: NDArray[np.float64],
    t_burn: NDArray[np.float64],
    lift: NDArray[np.float64],
    v_bo_rel: NDArray[np.float64],
    t_bo: NDArray[np.float64],
    r_bo: NDArray[np.float64],
    v_bo: NDArray[np.float64],
    t_rel: NDArray[np.float64],
    r_rel: NDArray[np.float64],
    v_rel: NDArray[np.float64],
    t_e: NDArray[np.float64],
    r_e: NDArray[np.float64],
    v_e: NDArray[np.float64],
    t_imp: NDArray[np.float64],
    beta: NDArray[np.float64],
    ground: NDArray[np.float64],
    theta0: float,
    omega: float,
    mu: float,
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """States of every object at every time ``(n, m)`` in one pass, no temporaries."""
    n, m = t.shape
    pos = np.full((n, m, 3), np.nan)
    vel = np.full((n, m, 3), np.nan)
    for i in prange(n):
        if not ok[i]:
            continue
        rr = np.empty(3)
        vv = np.empty(3)
        seg_r = (r_bo[i], r_rel[i])
        seg_v = (v_bo[i], v_rel[i])
        seg_t = (t_bo[i], t_rel[i])
        seg_end = (t_rel[i], t_e[i])
        consts = np.empty((2, 3))
        chis = np.full(2, np.nan)
        last = np.zeros(2)
        for k in range(2):
            rk = seg_r[k]
            vk = seg_v[k]
            rn = math.sqrt(rk[0] ** 2 + rk[1] ** 2 + rk[2] ** 2)
            consts[k, 0] = rn
            consts[k, 1] = (rk[0] * vk[0] + rk[1] * vk[1] + rk[2] * vk[2]) / math.sqrt(mu)
            consts[k, 2] = 2.0 / rn - (vk[0] ** 2 + vk[1] ** 2 + vk[2] ** 2) / mu
        n_re = 0
        for j in range(m):
            tj = t[i, j]
            if not (tj >= t_launch[i] and tj <= t_imp[i]):
                continue
            th = theta0 + omega * tj
            if tj < t_bo[i]:  # the polynomial of boost.boost_state, inlined
                tau = (tj - t_launch[i]) / t_burn[i]
                a = tau**3 * t_burn[i] / 3.0
                b = lift[i] * (3.0 * tau**2 - 2.0 * tau**3)
                rate = 6.0 * lift[i] / t_burn[i] * (tau - tau**2)
                for c in range(3):
                    rr[c] = p0[i, c] + a * v_bo_rel[i, c] + b * up[i, c]
                    vv[c] = tau**2 * v_bo_rel[i, c] + rate * up[i, c]
                if to_ecef:
                    pos[i, j] = rr
                    vel[i, j] = vv
                else:
                    rotate_state_nb(rr, vv, th, omega, False, pos[i, j], vel[i, j])
                continue
            if tj >= t_e[i]:
                n_re += 1
                continue
            k = 0 if tj < seg_end[0] else 1
            d = tj - seg_t[k]
            if math.isnan(chis[k]) or last[k] == 0.0:
                guess = _initial_chi(consts[k, 0], consts[k, 1], consts[k, 2], d, mu)
            else:
                guess = chis[k] * d / last[k]
            chis[k] = _fg_state(seg_r[k], seg_v[k], consts[k, 0], consts[k, 1], consts[k, 2], d,
                                mu, guess, rr, vv)
            last[k] = d
            if to_ecef:
                rotate_state_nb(rr, vv, th, omega, True, pos[i, j], vel[i, j])
            else:
                pos[i, j] = rr
                vel[i, j] = vv
        if n_re == 0:
            continue
        cols = np.empty(n_re, dtype=np.int64)
        q = 0
        for j in range(m):
            tj = t[i, j]
            if tj >= t_e[i] and tj <= t_imp[i]:
                cols[q] = j
                q += 1
        times = np.empty(n_re)
        for q in range(n_re):
            times[q] = t[i, cols[q]]
        order = np.argsort(times)
        ts = times[order]
        out = np.full((n_re, 6), np.nan)
        reentry_one(r_e[i], v_e[i], t_e[i], beta[i], ground[i], omega, mu, ts, out)
        for q in range(n_re):
            j = cols[order[q]]
            if to_ecef:
                rotate_state_nb(out[q, :3], out[q, 3:], theta0 + omega * ts[q], omega, True,
                          pos[i, j], vel[i, j])
            else:
                pos[i, j] = out[q, :3]
                vel[i, j] = out[q, 3:]
    return pos, vel


def _broadcast(n: int, *values: ArrayLike) -> list[FloatArray]:
    return [np.broadcast_to(np.asarray(v, dtype=np.float64), (n,)).copy() for v in values]


def _n_objects(*values: ArrayLike) -> int:
    return int(np.broadcast(*[np.asarray(v) for v in values]).size)


def coast_to_ground(
    position_eci_m: FloatArray,
    velocity_eci_m_per_s: FloatArray,
    time_s: FloatArray,
    aim_ecef_m: FloatArray,
    ballistic_coefficient_kg_per_m2: FloatArray,
    theta0_rad: float,
    rotation_rad_per_s: float,
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray, FloatArray]:
    """From a free-flight state, find the entry interface and integrate re-entry to the ground.

    The ground is the aim point's radial altitude. The entry interface is the sphere
    :data:`ENTRY_RADIUS_M`, above the top of the atmosphere everywhere (at the poles 21 km above
    it), so that the drag-free conic never skims air the re-entry integration would feel.
    Returns ``(entry_time, entry_r, entry_v, impact_time, impact_ecef)``.
    """
    n = position_eci_m.shape[0]
    r_ei = np.full(n, ENTRY_RADIUS_M)
    dt_ei = time_to_radius_many(position_eci_m, velocity_eci_m_per_s, r_ei, True,
                                EARTH_GM_M3_PER_S2)
    # never above the interface on the way down: re-entry starts at once
    dt_ei = np.where(np.isnan(dt_ei) & np.isfinite(position_eci_m[:, 0]), 0.0, dt_ei)
    r_e, v_e = kepler_propagate(position_eci_m, velocity_eci_m_per_s, dt_ei[:, None])
    r_e, v_e = r_e[:, 0], v_e[:, 0]
    t_e = time_s + dt_ei
    ground = radial_altitude_m(aim_ecef_m)
    t_imp, s_imp = reentry_many(
        np.ascontiguousarray(r_e), np.ascontiguousarray(v_e), t_e,
        np.ascontiguousarray(ballistic_coefficient_kg_per_m2), ground, rotation_rad_per_s,
        EARTH_GM_M3_PER_S2,
    )
    impact = eci_to_ecef(s_imp[:, :3], t_imp, None, theta0_rad, rotation_rad_per_s)[0]
    return t_e, r_e, v_e, t_imp, impact


def ballistic_trajectory(
    launch_latitude_rad: ArrayLike,
    launch_longitude_rad: ArrayLike,
    aim_latitude_rad: ArrayLike,
    aim_longitude_rad: ArrayLike,
    *,
    burn_time_s: ArrayLike,
    burnout_altitude_m: ArrayLike,
    burnout_speed_m_per_s: ArrayLike = np.inf,
    kind: str | ArrayLike = "min-energy",
    launch_time_s: ArrayLike = 0.0,
    launch_altitude_m: ArrayLike = 0.0,
    aim_altitude_m: ArrayLike = 0.0,
    ballistic_coefficient_kg_per_m2: ArrayLike = DEFAULT_WARHEAD_BALLISTIC_COEFFICIENT_KG_PER_M2,
    correct_for_drag: bool = True,
    theta0_rad: float = 0.0,
    rotation_rad_per_s: float = EARTH_ROTATION_RAD_PER_S,
) -> BallisticTrajectories:
    """Fly ``n`` ballistic missiles from launch points to aim points (arguments broadcast).

    ``burnout_speed_m_per_s`` is the missile's Earth-relative burnout speed: the most a
    minimum-energy flight may need (else status out of range) and the speed of lofted and
    depressed flights. ``kind``: a name of :data:`TRAJECTORY_KINDS` (or an array of them).
    ``ballistic_coefficient_kg_per_m2`` = m / (C_D A); ``np.inf`` for no drag.
    ``rotation_rad_per_s = 0`` gives a non-rotating Earth.
    """
    n = _n_objects(launch_latitude_rad, launch_longitude_rad, aim_latitude_rad, aim_longitude_rad,
                   burn_time_s, burnout_altitude_m, burnout_speed_m_per_s, launch_time_s,
                   launch_altitude_m, aim_altitude_m, ballistic_coefficient_kg_per_m2,
                   np.asarray(kind) if not isinstance(kind, str) else 0)
    lat0, lon0, lat1, lon1, t_burn, h_bo, speed, t_launch, h0, h1, beta = _broadcast(
        n, launch_latitude_rad, launch_longitude_rad, aim_latitude_rad, aim_longitude_rad,
        burn_time_s, burnout_altitude_m, burnout_speed_m_per_s, launch_time_s,
        launch_altitude_m, aim_altitude_m, ballistic_coefficient_kg_per_m2,
    )
    codes = kind_codes(kind, n)
    if np.any(~(t_burn >= 0)) or np.any(~(speed > 0)) or np.any(~(beta > 0)):
        raise ValueError(
            "ballistic_trajectory: burn_time_s must be >= 0, burnout_speed_m_per_s and "
            "ballistic_coefficient_kg_per_m2 > 0 (np.inf allowed)"
        )
    p0 = geodetic_to_ecef(lat0, lon0, h0)
    up0 = enu_basis(lat0, lon0)[:, 2, :]
    aim = geodetic_to_ecef(lat1, lon1, h1)
    t_bo = t_launch + t_burn
    p_bo = p0 + (h_bo - h0)[:, None] * up0
    lift = np.maximum(h_bo - h0, 0.0)
    corrector = AimCorrector(aim)
    status = np.full(n, STATUS_OK, dtype=np.int64)
    w_axis = np.array([0.0, 0.0, rotation_rad_per_s])
    r1, v1, v_rel, r_e, v_e, impact = (np.full((n, 3), np.nan) for _ in range(6))
    t_e, t_imp = np.full(n, np.nan), np.full(n, np.nan)

    def target(sub: IntArray, p_burnout: FloatArray) -> tuple[Any, ...]:
        r = ecef_to_eci(p_burnout, t_bo[sub], None, theta0_rad, rotation_rad_per_s)[0]
        _, v, st = solve_free_flight(
            r, t_bo[sub], corrector.aim[sub], np.cross(w_axis, r), codes[sub], speed[sub],
            np.nan, theta0_rad, rotation_rad_per_s,
        )
        v_ecef = eci_to_ecef(r, t_bo[sub], v, theta0_rad, rotation_rad_per_s)[1]
        return r, v, v_ecef, st

    same = vector_angle_rad(p0, aim) < 1e-5
    status[same] = STATUS_DEGENERATE_GEOMETRY
    todo = np.flatnonzero(~same)
    for _ in range(12):  # drag correction of the aim point (objects still off target)
        for _ in range(12):  # boost <-> targeting fixed point
            _, _, v_sub, st = target(todo, p_bo[todo])
            good = st == STATUS_OK
            p_new, lift_new = burnout_position(
                p0[todo], up0[todo], np.where(good[:, None], v_sub, 0.0), t_burn[todo],
                h_bo[todo],
            )
            moved = np.where(good, np.linalg.norm(p_new - p_bo[todo], axis=-1), 0.0)
            p_bo[todo] = np.where(good[:, None], p_new, p_bo[todo])
            lift[todo] = np.where(good, lift_new, lift[todo])
            if np.max(moved, initial=0.0) < 1e-2:
                break
        r_sub, v_sub, vr_sub, st = target(todo, p_bo[todo])
        good = st == STATUS_OK
        status[todo] = st
        r1[todo] = np.where(good[:, None], r_sub, np.nan)
        v1[todo] = np.where(good[:, None], v_sub, np.nan)
        v_rel[todo] = vr_sub
        t_e[todo], r_e[todo], v_e[todo], t_imp[todo], impact[todo] = coast_to_ground(
            r1[todo], v1[todo], t_bo[todo], aim[todo], beta[todo], theta0_rad,
            rotation_rad_per_s,
        )
        if not correct_for_drag:
            break
        off = corrector.update(impact, status == STATUS_OK)
        if not np.any(off):
            break
        todo = np.flatnonzero(off)
    status = np.where((status == STATUS_OK) & np.isnan(t_imp), STATUS_NO_IMPACT, status)
    if correct_for_drag:
        far = np.linalg.norm(impact - aim, axis=-1) > MISS_LIMIT_M
        status = np.where((status == STATUS_OK) & far, STATUS_DRAG_DOMINATED, status)
    good = status == STATUS_OK
    nan3 = np.full((n, 3), np.nan)
    return BallisticTrajectories(
        launch_time_s=t_launch,
        launch_position_ecef_m=p0,
        launch_up=up0,
        burn_time_s=t_burn,
        boost_lift_m=lift,
        burnout_velocity_ecef_m_per_s=np.where(good[:, None], v_rel, nan3),
        burnout_time_s=t_bo,
        burnout_position_eci_m=np.where(good[:, None], r1, nan3),
        burnout_velocity_eci_m_per_s=np.where(good[:, None], v1, nan3),
        release_time_s=t_bo.copy(),
        release_position_eci_m=np.where(good[:, None], r1, nan3),
        release_velocity_eci_m_per_s=np.where(good[:, None], v1, nan3),
        entry_time_s=np.where(good, t_e, np.nan),
        entry_position_eci_m=np.where(good[:, None], r_e, nan3),
        entry_velocity_eci_m_per_s=np.where(good[:, None], v_e, nan3),
        impact_time_s=np.where(good, t_imp, np.nan),
        impact_position_ecef_m=np.where(good[:, None], impact, nan3),
        aim_position_ecef_m=aim,
        ground_altitude_m=radial_altitude_m(aim),
        ballistic_coefficient_kg_per_m2=beta,
        coast_phase=np.full(n, PHASE_MIDCOURSE, dtype=np.int64),
        status=status,
        theta0_rad=float(theta0_rad),
        rotation_rad_per_s=float(rotation_rad_per_s),
    )
