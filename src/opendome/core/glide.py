"""Hypersonic boost-glide vehicles: boost, pull-down, equilibrium glide, terminal dive.

Phases (all relative to the rotating Earth, along the great circle from the burnout point to the
aim point, optionally bent by a cross-range manoeuvre):

1. boost (:mod:`opendome.core.boost`) to the burnout altitude with a horizontal burnout velocity;
2. pull-down: a drag-free Kepler arc (in the Earth-fixed frame) from burnout down to the glide
   altitude, gaining speed;
3. equilibrium glide: lift balances gravity less the centrifugal term,
   ``L/m = g - v^2/r = (v_c^2 - v^2)/r``, and drag ``D = L / (L/D)`` slows the vehicle::

       dv/dt = -(v_c^2 - v^2) / (r L/D)          d(sigma)/dt = v / r

   whose closed forms (Eggers, Allen & Neice, NACA TR 1382, 1958, equilibrium glide;
   Tracy & Wright, Science & Global Security 28, 2020) are, with ``v_c = sqrt(mu/r)``,
   ``tau = r (L/D) / v_c``::

       v(t)   = v_c tanh(artanh(v_0/v_c) - t/tau)
       sigma  = (L/D)/2 ln[(v_c^2 - v^2) / (v_c^2 - v_0^2)]              (range angle flown)

   The altitude follows from the lift balance in the exponential atmosphere,
   ``rho(h) = 2 (m / C_L A) (v_c^2 - v^2) / (r v^2)``, the loading ``m / C_L A`` set so that the
   glide starts at the glide altitude: it sinks as the vehicle slows;
4. a straight terminal dive at the end-of-glide speed onto the aim point.

The vehicle flies to its aim point while its speed stays above ``min_glide_speed_m_per_s``; a
farther aim point gets status 'out of range'. Coriolis and centrifugal forces of the Earth's
rotation are left to the vehicle's guidance (their effect on range is a few per cent).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from opendome.core.atmosphere import DENSITY_SCALE_HEIGHT_M
from opendome.core.ballistic import _broadcast, _n_objects
from opendome.core.boost import boost_state, burnout_position
from opendome.core.constants import EARTH_GM_M3_PER_S2, EARTH_MEAN_RADIUS_M
from opendome.core.earth import (
    enu_basis,
    geodetic_to_ecef,
    radial_altitude_m,
    surface_radius_m,
)
from opendome.core.kepler import kepler_propagate, time_to_radius_many
from opendome.core.trajectory import (
    PHASE_BOOST,
    PHASE_GLIDE,
    PHASE_NONE,
    PHASE_TERMINAL,
    STATUS_NO_SOLUTION,
    STATUS_OK,
    STATUS_OUT_OF_RANGE,
    TrajectoryBatch,
    broadcast_times,
)

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

DEFAULT_MIN_GLIDE_SPEED_M_PER_S = 1500.0
"""Notional: about Mach 5 at glide altitudes, the conventional lower bound of 'hypersonic';
the glide ends by then."""
DEFAULT_TERMINAL_DIVE_ANGLE_RAD = math.radians(30.0)
"""Notional: a steep final dive onto the target (30 deg below the horizontal); assumed."""

_TRACK_POINTS = 257  # samples of the ground track's arc length (cross-range manoeuvre)


def glide_range_angle_rad(
    start_speed_m_per_s: ArrayLike,
    end_speed_m_per_s: ArrayLike,
    lift_to_drag: ArrayLike,
    radius_m: ArrayLike,
) -> FloatArray:
    """Range angle of an equilibrium glide slowing from ``start`` to ``end`` speed."""
    vc2 = EARTH_GM_M3_PER_S2 / np.asarray(radius_m, dtype=np.float64)
    v0 = np.asarray(start_speed_m_per_s, dtype=np.float64)
    v1 = np.asarray(end_speed_m_per_s, dtype=np.float64)
    return 0.5 * np.asarray(lift_to_drag) * np.log((vc2 - v1**2) / (vc2 - v0**2))


def glide_time_s(
    start_speed_m_per_s: ArrayLike,
    end_speed_m_per_s: ArrayLike,
    lift_to_drag: ArrayLike,
    radius_m: ArrayLike,
) -> FloatArray:
    """Duration of an equilibrium glide slowing from ``start`` to ``end`` speed."""
    r = np.asarray(radius_m, dtype=np.float64)
    vc = np.sqrt(EARTH_GM_M3_PER_S2 / r)
    tau = r * np.asarray(lift_to_drag) / vc
    return tau * (
        np.arctanh(np.asarray(start_speed_m_per_s) / vc)
        - np.arctanh(np.asarray(end_speed_m_per_s) / vc)
    )


def _track_direction(
    e1: FloatArray, e2: FloatArray, nrm: FloatArray, theta: FloatArray, chi: FloatArray
) -> FloatArray:
    """Return unit vectors at along-track angle ``theta``, cross-track angle ``chi`` ``(n, m)``."""
    c = np.cos(chi)[..., None]
    return c * (
        np.cos(theta)[..., None] * e1[:, None, :] + np.sin(theta)[..., None] * e2[:, None, :]
    ) + np.sin(chi)[..., None] * nrm[:, None, :]


@dataclass(frozen=True)
class GlideTrajectories(TrajectoryBatch):
    """``n`` boost-glide flights; per-object arrays, SI, absolute times (see module docstring).

    The plane of flight is spanned by ``track_e1`` (towards the burnout point) and ``track_e2``;
    ``track_normal`` is its normal (cross-range to the left). Along-track angles are measured
    from ``track_e1``.
    """

    launch_time_s: FloatArray
    launch_position_ecef_m: FloatArray
    launch_up: FloatArray
    burn_time_s: FloatArray
    boost_lift_m: FloatArray
    burnout_time_s: FloatArray
    burnout_position_ecef_m: FloatArray
    burnout_velocity_ecef_m_per_s: FloatArray
    glide_start_time_s: FloatArray
    glide_start_angle_rad: FloatArray
    glide_start_speed_m_per_s: FloatArray
    glide_start_altitude_m: FloatArray
    glide_path_angle_rad: FloatArray
    glide_end_time_s: FloatArray
    glide_end_speed_m_per_s: FloatArray
    glide_end_altitude_m: FloatArray
    dive_start_angle_rad: FloatArray
    aim_angle_rad: FloatArray
    cross_range_angle_rad: FloatArray
    lift_to_drag: FloatArray
    glide_radius_m: FloatArray
    track_e1: FloatArray
    track_e2: FloatArray
    track_normal: FloatArray
    impact_time_s: FloatArray
    impact_position_ecef_m: FloatArray
    aim_altitude_m: FloatArray
    status: IntArray




    @property
    def burnout_speed_m_per_s(self) -> FloatArray:
        """Earth-relative burnout speed ``(n,)``."""
        return np.linalg.norm(self.burnout_velocity_ecef_m_per_s, axis=-1)

    def event_times_s(self) -> dict[str, FloatArray]:
        """Key events, name -> absolute times ``(n,)``, in flight order."""
        return {"launch": self.launch_time_s, "burnout": self.burnout_time_s,
                "glide start": self.glide_start_time_s, "dive start": self.glide_end_time_s,
                "impact": self.impact_time_s}

    def glide_speed_m_per_s(self, times_s: ArrayLike) -> FloatArray:
        """Speed of the equilibrium glide at absolute times ``(n, m)`` (NaN outside the glide)."""
        t = broadcast_times(times_s, len(self))
        dt = t - self.glide_start_time_s[:, None]
        r = self.glide_radius_m[:, None]
        vc = np.sqrt(EARTH_GM_M3_PER_S2 / r)
        tau = r * self.lift_to_drag[:, None] / vc
        v = vc * np.tanh(np.arctanh(self.glide_start_speed_m_per_s[:, None] / vc) - dt / tau)
        inside = (dt >= 0) & (t <= self.glide_end_time_s[:, None])
        return np.where(inside, v, np.nan)

    def _glide_altitude(self, v: FloatArray) -> FloatArray:
        r = self.glide_radius_m[:, None]
        vc2 = EARTH_GM_M3_PER_S2 / r
        v0 = self.glide_start_speed_m_per_s[:, None]
        ratio = ((vc2 - v**2) / v**2) / ((vc2 - v0**2) / v0**2)
        return self.glide_start_altitude_m[:, None] - DENSITY_SCALE_HEIGHT_M * np.log(ratio)

    def _track(self, sigma: FloatArray) -> tuple[FloatArray, FloatArray]:
        """Along- and cross-track angles at path angle ``sigma`` flown since the glide start."""
        theta0 = self.glide_start_angle_rad[:, None]
        span = (self.dive_start_angle_rad - self.glide_start_angle_rad)[:, None]
        chi_max = self.cross_range_angle_rad
        if not np.any(chi_max != 0):
            return theta0 + sigma, np.zeros_like(sigma)
        u_grid = np.linspace(0.0, 1.0, _TRACK_POINTS)
        theta_u = u_grid[None, :] * span
        chi_u = chi_max[:, None] * np.sin(np.pi * u_grid)[None, :]
        dtheta = np.gradient(theta_u, axis=1)
        dchi = np.gradient(chi_u, axis=1)
        ds = np.hypot(np.cos(chi_u) * dtheta, dchi)
        length = np.concatenate(
            [np.zeros((len(self), 1)), np.cumsum(0.5 * (ds[:, 1:] + ds[:, :-1]), axis=1)], axis=1
        )
        u = np.empty_like(sigma)
        for i in range(len(self)):
            u[i] = np.interp(sigma[i], length[i], u_grid)
        return theta0 + u * span, chi_max[:, None] * np.sin(np.pi * u)

    def position_ecef_m(self, times_s: ArrayLike) -> FloatArray:
        """Earth-fixed positions ``(n, m, 3)`` at absolute times, NaN outside the flight."""
        n = len(self)
        t = broadcast_times(times_s, n)
        out = np.full(t.shape + (3,), np.nan)
        ok = (self.status == STATUS_OK)[:, None]
        lt, bt = self.launch_time_s[:, None], self.burnout_time_s[:, None]
        gt, et = self.glide_start_time_s[:, None], self.glide_end_time_s[:, None]
        it = self.impact_time_s[:, None]
        boost = ok & (t >= lt) & (t < bt)
        if np.any(boost):
            with np.errstate(invalid="ignore", divide="ignore"):
                tau = np.where(boost, (t - lt) / self.burn_time_s[:, None], np.nan)
            p, _ = boost_state(tau, self.launch_position_ecef_m, self.launch_up,
                               self.burnout_velocity_ecef_m_per_s, self.burn_time_s,
                               self.boost_lift_m)
            out[boost] = p[boost]
        pull = ok & (t >= bt) & (t < gt)
        if np.any(pull):
            p, _ = kepler_propagate(
                self.burnout_position_ecef_m, self.burnout_velocity_ecef_m_per_s,
                np.where(pull, t - bt, np.nan),
            )
            out[pull] = p[pull]
        glide = ok & (t >= gt) & (t <= et)
        if np.any(glide):
            v = np.where(glide, self.glide_speed_m_per_s(t), np.nan)
            r = self.glide_radius_m[:, None]
            sigma = 0.5 * self.lift_to_drag[:, None] * np.log(
                (EARTH_GM_M3_PER_S2 / r - v**2)
                / (EARTH_GM_M3_PER_S2 / r - self.glide_start_speed_m_per_s[:, None] ** 2)
            )
            theta, chi = self._track(sigma)
            d = _track_direction(self.track_e1, self.track_e2, self.track_normal, theta, chi)
            h = self._glide_altitude(v)
            p = d * (surface_radius_m(d) + h)[..., None]
            out[glide] = p[glide]
        dive = ok & (t > et) & (t <= it)
        if np.any(dive):
            f = (t - et) / (it - et)
            theta = self.dive_start_angle_rad[:, None] + f * (
                self.aim_angle_rad - self.dive_start_angle_rad
            )[:, None]
            h = self.glide_end_altitude_m[:, None] + f * (
                self.aim_altitude_m - self.glide_end_altitude_m
            )[:, None]
            d = _track_direction(self.track_e1, self.track_e2, self.track_normal, theta,
                                 np.zeros_like(theta))
            p = d * (surface_radius_m(d) + h)[..., None]
            out[dive] = p[dive]
        return out

    def phase(self, times_s: ArrayLike) -> IntArray:
        """Phase codes ``(n, m)``: boost, glide (pull-down and glide), terminal (dive)."""
        t = broadcast_times(times_s, len(self))
        out = np.full(t.shape, PHASE_NONE, dtype=np.int64)
        ok = (self.status == STATUS_OK)[:, None]
        out[ok & (t >= self.launch_time_s[:, None]) & (t < self.burnout_time_s[:, None])] = (
            PHASE_BOOST
        )
        out[ok & (t >= self.burnout_time_s[:, None]) & (t <= self.glide_end_time_s[:, None])] = (
            PHASE_GLIDE
        )
        out[ok & (t > self.glide_end_time_s[:, None]) & (t <= self.impact_time_s[:, None])] = (
            PHASE_TERMINAL
        )
        return out


def glide_trajectory(
    launch_latitude_rad: ArrayLike,
    launch_longitude_rad: ArrayLike,
    aim_latitude_rad: ArrayLike,
    aim_longitude_rad: ArrayLike,
    *,
    burn_time_s: ArrayLike,
    burnout_speed_m_per_s: ArrayLike,
    burnout_altitude_m: ArrayLike,
    glide_altitude_m: ArrayLike,
    lift_to_drag: ArrayLike,
    cross_range_m: ArrayLike = 0.0,
    min_glide_speed_m_per_s: ArrayLike = DEFAULT_MIN_GLIDE_SPEED_M_PER_S,
    terminal_dive_angle_rad: ArrayLike = DEFAULT_TERMINAL_DIVE_ANGLE_RAD,
    launch_time_s: ArrayLike = 0.0,
    launch_altitude_m: ArrayLike = 0.0,
    aim_altitude_m: ArrayLike = 0.0,
) -> GlideTrajectories:
    """Fly ``n`` boost-glide vehicles (arguments broadcast); see the module docstring.

    ``burnout_speed_m_per_s`` is Earth-relative and horizontal at burnout. ``cross_range_m``
    bends the glide's ground track sideways by up to that distance (half a sine wave; positive
    to the left of the direct route), at the cost of a longer glide.
    """
    n = _n_objects(launch_latitude_rad, launch_longitude_rad, aim_latitude_rad,
                   aim_longitude_rad, burn_time_s, burnout_speed_m_per_s, burnout_altitude_m,
                   glide_altitude_m, lift_to_drag, cross_range_m, min_glide_speed_m_per_s,
                   terminal_dive_angle_rad, launch_time_s, launch_altitude_m, aim_altitude_m)
    (lat0, lon0, lat1, lon1, t_burn, v_bo, h_bo, h_gl, ld, xr, v_min, dive, t_launch, h0,
     h1) = _broadcast(
        n, launch_latitude_rad, launch_longitude_rad, aim_latitude_rad, aim_longitude_rad,
        burn_time_s, burnout_speed_m_per_s, burnout_altitude_m, glide_altitude_m, lift_to_drag,
        cross_range_m, min_glide_speed_m_per_s, terminal_dive_angle_rad, launch_time_s,
        launch_altitude_m, aim_altitude_m,
    )
    if (np.any(~(t_burn >= 0)) or np.any(~(v_bo > 0)) or np.any(~(ld > 0))
            or np.any(~(h_gl > 0)) or np.any(~((dive > 0) & (dive <= np.pi / 2)))):
        raise ValueError(
            "glide_trajectory: need burn_time_s >= 0, burnout_speed_m_per_s > 0, "
            "lift_to_drag > 0, glide_altitude_m > 0 and terminal_dive_angle_rad in (0, pi/2]"
        )
    p0 = geodetic_to_ecef(lat0, lon0, h0)
    up0 = enu_basis(lat0, lon0)[:, 2, :]
    aim = geodetic_to_ecef(lat1, lon1, h1)
    # boost along the great circle to the aim, horizontal at burnout (fixed point on the plane)
    p_bo = p0 + (h_bo - h0)[:, None] * up0
    lift = np.maximum(h_bo - h0, 0.0)
    v_vec = np.zeros((n, 3))
    nrm = np.zeros((n, 3))
    for _ in range(20):
        nrm = np.cross(p_bo, aim)
        nrm /= np.linalg.norm(nrm, axis=-1)[:, None]
        along = np.cross(nrm, p_bo / np.linalg.norm(p_bo, axis=-1)[:, None])
        v_vec = v_bo[:, None] * along
        p_new, lift = burnout_position(p0, up0, v_vec, t_burn, h_bo)
        moved = np.max(np.linalg.norm(p_new - p_bo, axis=-1), initial=0.0)
        p_bo = p_new
        if moved < 1e-3:
            break
    e1 = p_bo / np.linalg.norm(p_bo, axis=-1)[:, None]
    e2 = np.cross(nrm, e1)
    aim_hat = aim / np.linalg.norm(aim, axis=-1)[:, None]
    aim_angle = np.arctan2(np.sum(aim_hat * e2, axis=-1), np.sum(aim_hat * e1, axis=-1))
    # pull-down to the glide altitude (drag-free arc, Earth-fixed frame)
    r_gl_start = surface_radius_m(p_bo) + h_gl
    dt_pull = time_to_radius_many(p_bo, v_vec, r_gl_start, True, EARTH_GM_M3_PER_S2)
    dt_pull = np.where(np.isnan(dt_pull), 0.0, dt_pull)  # already at or below the glide
    p_g, v_g = kepler_propagate(p_bo, v_vec, dt_pull[:, None])
    p_g, v_g = p_g[:, 0], v_g[:, 0]
    g_hat = p_g / np.linalg.norm(p_g, axis=-1)[:, None]
    theta_g0 = np.arctan2(np.sum(g_hat * e2, axis=-1), np.sum(g_hat * e1, axis=-1))
    speed_g = np.linalg.norm(v_g, axis=-1)
    h_g0 = radial_altitude_m(p_g)
    r_glide = EARTH_MEAN_RADIUS_M + h_gl
    vc2 = EARTH_GM_M3_PER_S2 / r_glide
    # glide length: the dive covers the last h_end / tan(dive) of ground; the end-of-glide
    # altitude depends on the end speed, so iterate (two passes are plenty)
    r_mean = EARTH_MEAN_RADIUS_M
    h_end = h_gl.copy()
    v_end = speed_g.copy()
    path = np.zeros(n)
    dive_start = aim_angle.copy()
    chi_max = xr / r_mean
    status = np.full(n, STATUS_OK, dtype=np.int64)
    for _ in range(4):
        dive_ground = np.maximum(h_end - h1, 0.0) / np.tan(dive) / r_mean
        dive_start = aim_angle - dive_ground
        span = dive_start - theta_g0
        # path angle of the (possibly bent) glide track
        u_grid = np.linspace(0.0, 1.0, _TRACK_POINTS)
        th = u_grid[None, :] * span[:, None]
        ch = chi_max[:, None] * np.sin(np.pi * u_grid)[None, :]
        ds = np.hypot(np.cos(ch) * np.gradient(th, axis=1), np.gradient(ch, axis=1))
        path = np.sum(0.5 * (ds[:, 1:] + ds[:, :-1]), axis=1)
        with np.errstate(invalid="ignore"):
            v_end = np.sqrt(vc2 - (vc2 - speed_g**2) * np.exp(2.0 * path / ld))
            ratio = ((vc2 - v_end**2) / v_end**2) / ((vc2 - speed_g**2) / speed_g**2)
            h_end = h_g0 - DENSITY_SCALE_HEIGHT_M * np.log(ratio)
        h_end = np.where(np.isfinite(h_end), h_end, h_gl)
    status[~(span > 0)] = STATUS_NO_SOLUTION
    status[(status == STATUS_OK) & ~(v_end >= v_min)] = STATUS_OUT_OF_RANGE
    status[(status == STATUS_OK) & ~(speed_g < np.sqrt(vc2))] = STATUS_NO_SOLUTION
    good = status == STATUS_OK
    t_bo = t_launch + t_burn
    t_g0 = t_bo + dt_pull
    t_g1 = t_g0 + glide_time_s(speed_g, v_end, ld, r_glide)
    dive_len = np.hypot((aim_angle - dive_start) * r_mean, h_end - h1)
    t_imp = t_g1 + dive_len / v_end

    def g(x: FloatArray) -> FloatArray:
        return np.where(good if x.ndim == 1 else good[:, None], x, np.nan)

    return GlideTrajectories(
        launch_time_s=t_launch,
        launch_position_ecef_m=p0,
        launch_up=up0,
        burn_time_s=t_burn,
        boost_lift_m=lift,
        burnout_time_s=t_bo,
        burnout_position_ecef_m=p_bo,
        burnout_velocity_ecef_m_per_s=v_vec,
        glide_start_time_s=g(t_g0),
        glide_start_angle_rad=theta_g0,
        glide_start_speed_m_per_s=speed_g,
        glide_start_altitude_m=h_g0,
        glide_path_angle_rad=path,
        glide_end_time_s=g(t_g1),
        glide_end_speed_m_per_s=g(v_end),
        glide_end_altitude_m=g(h_end),
        dive_start_angle_rad=dive_start,
        aim_angle_rad=aim_angle,
        cross_range_angle_rad=chi_max,
        lift_to_drag=ld,
        glide_radius_m=r_glide,
        track_e1=e1,
        track_e2=e2,
        track_normal=nrm,
        impact_time_s=g(t_imp),
        impact_position_ecef_m=g(aim),
        aim_altitude_m=h1,
        status=status,
    )
