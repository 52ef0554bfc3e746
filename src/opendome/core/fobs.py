"""Fractional-orbital bombardment: part of a low circular orbit, a de-orbit burn, re-entry.

The booster puts the warhead on a circular orbit at its burnout altitude, in the plane through
the burnout point and the aim point (where the rotating Earth will have carried it at impact).
By default the orbit goes the *long way* round, so the warhead arrives from the direction
opposite to the direct route (from the south, over the South Pole, for a launch from the
northern hemisphere aimed at another northern-hemisphere target): it is not seen by sensors
facing the direct route. A tangential retro-burn ``deorbit_range_angle_rad`` before the aim point
puts it on an ellipse with apogee at the orbit that meets the ground at the aim point
(Bate, Mueller & White 1971, ch. 2 and 6); re-entry with drag follows, and the aim point of the
ellipse is corrected for drag as for ballistic warheads.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike, NDArray

from opendome.core.ballistic import (
    AimCorrector,
    BallisticTrajectories,
    _broadcast,
    _n_objects,
    coast_to_ground,
)
from opendome.core.boost import burnout_position
from opendome.core.constants import EARTH_GM_M3_PER_S2, EARTH_ROTATION_RAD_PER_S
from opendome.core.earth import (
    ecef_to_eci,
    eci_to_ecef,
    enu_basis,
    geodetic_to_ecef,
    radial_altitude_m,
)
from opendome.core.reentry import (
    DEFAULT_WARHEAD_BALLISTIC_COEFFICIENT_KG_PER_M2,
)
from opendome.core.trajectory import (
    PHASE_MIDCOURSE,
    STATUS_DEGENERATE_GEOMETRY,
    STATUS_NO_IMPACT,
    STATUS_NO_SOLUTION,
    STATUS_OK,
)

FloatArray = NDArray[np.float64]

DEFAULT_DEORBIT_RANGE_ANGLE_RAD = math.radians(30.0)
"""Notional: de-orbit about a twelfth of a revolution (30 deg, about 3,300 km) before the target,
a retro-burn of about 0.6 km/s from a 150 km orbit; the open literature on the Soviet R-36orb
gives no figure we could cite."""


def deorbit_ellipse(
    orbit_radius_m: ArrayLike, target_radius_m: ArrayLike, range_angle_rad: ArrayLike
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Ellipse with apogee at the orbit meeting ``target_radius`` ``range_angle`` later.

    Returns ``(speed after the burn (m/s), eccentricity, descent time (s))``.
    ``r_a (1 - e) = r_t (1 - e cos psi)`` gives ``e``; the time is Kepler's from apogee.
    """
    ra = np.asarray(orbit_radius_m, dtype=np.float64)
    rt = np.asarray(target_radius_m, dtype=np.float64)
    psi = np.asarray(range_angle_rad, dtype=np.float64)
    e = (ra - rt) / (ra - rt * np.cos(psi))
    a = ra / (1.0 + e)
    speed = np.sqrt(EARTH_GM_M3_PER_S2 * (1.0 - e) / ra)
    cos_e = np.clip((1.0 - rt / a) / e, -1.0, 1.0)
    ecc_anomaly = 2.0 * np.pi - np.arccos(cos_e)  # descending branch, in (pi, 2 pi)
    mean = ecc_anomaly - e * np.sin(ecc_anomaly)
    return speed, e, (mean - np.pi) * np.sqrt(a**3 / EARTH_GM_M3_PER_S2)


def fobs_trajectory(
    launch_latitude_rad: ArrayLike,
    launch_longitude_rad: ArrayLike,
    aim_latitude_rad: ArrayLike,
    aim_longitude_rad: ArrayLike,
    *,
    burn_time_s: ArrayLike,
    orbit_altitude_m: ArrayLike,
    deorbit_range_angle_rad: ArrayLike = DEFAULT_DEORBIT_RANGE_ANGLE_RAD,
    long_way: ArrayLike = True,
    launch_time_s: ArrayLike = 0.0,
    launch_altitude_m: ArrayLike = 0.0,
    aim_altitude_m: ArrayLike = 0.0,
    ballistic_coefficient_kg_per_m2: ArrayLike = DEFAULT_WARHEAD_BALLISTIC_COEFFICIENT_KG_PER_M2,
    theta0_rad: float = 0.0,
    rotation_rad_per_s: float = EARTH_ROTATION_RAD_PER_S,
) -> BallisticTrajectories:
    """Fly ``n`` fractional-orbit warheads (arguments broadcast); see the module docstring.

    ``long_way=False`` flies the short way round (a low, fast orbit along the direct route). The
    result is a :class:`~opendome.core.ballistic.BallisticTrajectories` whose *release* is the
    de-orbit burn; the orbital coast is in the midcourse phase.
    """
    n = _n_objects(launch_latitude_rad, launch_longitude_rad, aim_latitude_rad,
                   aim_longitude_rad, burn_time_s, orbit_altitude_m, deorbit_range_angle_rad,
                   long_way, launch_time_s, launch_altitude_m, aim_altitude_m,
                   ballistic_coefficient_kg_per_m2)
    lat0, lon0, lat1, lon1, t_burn, h_orb, psi_d, t_launch, h0, h1, beta = _broadcast(
        n, launch_latitude_rad, launch_longitude_rad, aim_latitude_rad, aim_longitude_rad,
        burn_time_s, orbit_altitude_m, deorbit_range_angle_rad, launch_time_s,
        launch_altitude_m, aim_altitude_m, ballistic_coefficient_kg_per_m2,
    )
    lw = np.broadcast_to(np.asarray(long_way, dtype=bool), (n,))
    if np.any(~(t_burn >= 0)) or np.any(~(h_orb > 0)) or np.any(~((psi_d > 0) & (psi_d < np.pi))):
        raise ValueError(
            "fobs_trajectory: burn_time_s must be >= 0, orbit_altitude_m > 0 and "
            "deorbit_range_angle_rad within (0, pi)"
        )
    p0 = geodetic_to_ecef(lat0, lon0, h0)
    up0 = enu_basis(lat0, lon0)[:, 2, :]
    aim = geodetic_to_ecef(lat1, lon1, h1)
    t_bo = t_launch + t_burn
    p_bo = p0 + (h_orb - h0)[:, None] * up0
    lift = np.maximum(h_orb - h0, 0.0)
    corrector = AimCorrector(aim)
    tof = np.zeros(n)
    status = np.full(n, STATUS_OK, dtype=np.int64)

    def geometry(p_burnout: FloatArray, flight_s: FloatArray) -> tuple[FloatArray, ...]:
        r1 = ecef_to_eci(p_burnout, t_bo, None, theta0_rad, rotation_rad_per_s)[0]
        r2 = ecef_to_eci(corrector.aim, t_bo + flight_s, None, theta0_rad, rotation_rad_per_s)[0]
        normal = np.cross(r1, r2)
        sin_a = np.linalg.norm(normal, axis=-1)
        angle = np.arctan2(sin_a, np.sum(r1 * r2, axis=-1))
        with np.errstate(invalid="ignore", divide="ignore"):
            normal = normal / sin_a[:, None]
        normal = np.where(lw[:, None], -normal, normal)
        angle = np.where(lw, 2.0 * np.pi - angle, angle)
        rc = np.linalg.norm(r1, axis=-1)
        v_c = np.sqrt(EARTH_GM_M3_PER_S2 / rc)
        v1 = v_c[:, None] * np.cross(normal, r1 / rc[:, None])
        rt = np.linalg.norm(r2, axis=-1)
        v_d, _, t_d = deorbit_ellipse(rc, rt, psi_d)
        coast_angle = angle - psi_d
        t_c = coast_angle / np.sqrt(EARTH_GM_M3_PER_S2 / rc**3)
        return r1, v1, t_c, t_d, v_d / v_c, sin_a / (rc * rt), coast_angle

    r1 = v1 = np.zeros((n, 3))
    t_c = t_d = ratio = np.zeros(n)
    r_e = v_e = impact = np.zeros((n, 3))
    t_e = t_imp = np.zeros(n)
    r_d = v_d = np.zeros((n, 3))
    for _ in range(12):  # drag correction
        for _ in range(40):  # boost <-> orbit plane <-> flight time fixed point
            r1, v1, t_c, t_d, ratio, sin_rel, coast_angle = geometry(p_bo, tof)
            v_rel = eci_to_ecef(r1, t_bo, v1, theta0_rad, rotation_rad_per_s)[1]
            assert v_rel is not None
            p_new, lift = burnout_position(p0, up0, v_rel, t_burn, h_orb)
            new_tof = t_burn * 0.0 + t_c + t_d
            change = np.nanmax(np.abs(new_tof - tof), initial=0.0) + np.nanmax(
                np.linalg.norm(p_new - p_bo, axis=-1), initial=0.0
            )
            p_bo, tof = p_new, new_tof
            if change < 1e-4:
                break
        r1, v1, t_c, t_d, ratio, sin_rel, coast_angle = geometry(p_bo, tof)
        status = np.where(sin_rel < 1e-9, STATUS_DEGENERATE_GEOMETRY, STATUS_OK)
        status = np.where((status == STATUS_OK) & ~(coast_angle >= 0), STATUS_NO_SOLUTION, status)
        good = status == STATUS_OK
        # de-orbit state: the circular orbit turned by the coast angle, speed scaled down
        r_hat = r1 / np.linalg.norm(r1, axis=-1)[:, None]
        t_hat = v1 / np.linalg.norm(v1, axis=-1)[:, None]
        ca, sa = np.cos(coast_angle)[:, None], np.sin(coast_angle)[:, None]
        rc = np.linalg.norm(r1, axis=-1)[:, None]
        r_d = rc * (ca * r_hat + sa * t_hat)
        v_d = np.linalg.norm(v1, axis=-1)[:, None] * ratio[:, None] * (-sa * r_hat + ca * t_hat)
        r_d = np.where(good[:, None], r_d, np.nan)
        v_d = np.where(good[:, None], v_d, np.nan)
        t_e, r_e, v_e, t_imp, impact = coast_to_ground(
            r_d, v_d, t_bo + t_c, aim, beta, theta0_rad, rotation_rad_per_s
        )
        if not np.any(corrector.update(impact, good)):
            break
    status = np.where((status == STATUS_OK) & np.isnan(t_imp), STATUS_NO_IMPACT, status)
    good = status == STATUS_OK
    nan3 = np.full((n, 3), np.nan)
    v_rel = eci_to_ecef(r1, t_bo, v1, theta0_rad, rotation_rad_per_s)[1]
    assert v_rel is not None

    def g3(x: FloatArray) -> FloatArray:
        return np.where(good[:, None], x, nan3)

    return BallisticTrajectories(
        launch_time_s=t_launch,
        launch_position_ecef_m=p0,
        launch_up=up0,
        burn_time_s=t_burn,
        boost_lift_m=lift,
        burnout_velocity_ecef_m_per_s=g3(v_rel),
        burnout_time_s=t_bo,
        burnout_position_eci_m=g3(r1),
        burnout_velocity_eci_m_per_s=g3(v1),
        release_time_s=np.where(good, t_bo + t_c, np.nan),
        release_position_eci_m=g3(r_d),
        release_velocity_eci_m_per_s=g3(v_d),
        entry_time_s=np.where(good, t_e, np.nan),
        entry_position_eci_m=g3(r_e),
        entry_velocity_eci_m_per_s=g3(v_e),
        impact_time_s=np.where(good, t_imp, np.nan),
        impact_position_ecef_m=g3(impact),
        aim_position_ecef_m=aim,
        ground_altitude_m=radial_altitude_m(aim),
        ballistic_coefficient_kg_per_m2=beta,
        coast_phase=np.full(n, PHASE_MIDCOURSE, dtype=np.int64),
        status=status,
        theta0_rad=float(theta0_rad),
        rotation_rad_per_s=float(rotation_rad_per_s),
    )
