"""Constellations: Walker-delta, Walker-star and randomly phased shells, several in one.

A :class:`Constellation` is a structure of arrays, one entry per satellite: mean orbital
elements at the epoch (time 0 of every propagation) plus the shell and orbital-plane index of
each satellite. Elements are *mean* elements in the sense of :mod:`opendome.space.propagation`
(two-body plus J2 secular drift). Altitudes are above the space layer's one datum,
:data:`opendome.core.earth.SPHERE` (the mean-radius sphere): a shell "300 km up" has
semi-major axis ``SPHERE.radius_m_at(300e3)``, and sites and threats of the same nominal
height sit at the same radius.

Walker notation ``i: T/P/F`` (Walker 1984, "Satellite constellations", J. Br. Interplanet. Soc.
37, 559-572): ``T`` satellites in ``P`` equally spaced planes of inclination ``i``, ``T/P`` per
plane equally spaced in argument of latitude, and a phase offset of ``2*pi*F/T`` between
satellites of adjacent planes. A *delta* pattern spreads the ascending nodes over 360 deg, a
*star* pattern (polar constellations) over 180 deg.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields

import numpy as np
from numpy.typing import ArrayLike, NDArray

from opendome.core.earth import SPHERE

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

_ELEMENT_FIELDS = (
    "semi_major_axis_m",
    "eccentricity",
    "inclination_rad",
    "raan_rad",
    "arg_perigee_rad",
    "mean_anomaly_rad",
)


@dataclass(frozen=True, eq=False)
class Constellation:
    """Mean elements of ``n`` satellites at the epoch, as arrays of shape ``(n,)``.

    ``shell`` and ``plane`` are integer labels (planes numbered across the whole
    constellation). For circular orbits ``arg_perigee_rad`` is 0 and ``mean_anomaly_rad`` is
    the argument of latitude.
    """

    semi_major_axis_m: FloatArray
    eccentricity: FloatArray
    inclination_rad: FloatArray
    raan_rad: FloatArray
    arg_perigee_rad: FloatArray
    mean_anomaly_rad: FloatArray
    shell: IntArray
    plane: IntArray

    def __post_init__(self) -> None:
        n = None
        for f in fields(self):
            dtype = np.int64 if f.name in ("shell", "plane") else np.float64
            arr = np.atleast_1d(np.asarray(getattr(self, f.name), dtype=dtype))
            if arr.ndim != 1:
                raise ValueError(f"Constellation.{f.name}: expected a 1-D array, got {arr.shape}")
            if n is None:
                n = arr.shape[0]
            elif arr.shape[0] != n:
                raise ValueError(
                    f"Constellation.{f.name}: has {arr.shape[0]} entries, the others {n}; "
                    "give one value per satellite"
                )
            object.__setattr__(self, f.name, arr)
        if np.any(SPHERE.height_m_at_radius(self.semi_major_axis_m) <= 0):
            raise ValueError(
                "Constellation.semi_major_axis_m: orbits must lie above the Earth's surface "
                f"({SPHERE.radius_m:.0f} m, {SPHERE.name}); did you pass an altitude?"
            )
        if np.any((self.eccentricity < 0) | (self.eccentricity >= 1)):
            raise ValueError("Constellation.eccentricity: must be in [0, 1) (closed orbits)")

    @property
    def n_satellites(self) -> int:
        """Number of satellites."""
        return int(self.semi_major_axis_m.shape[0])

    def __len__(self) -> int:
        return self.n_satellites

    @property
    def n_planes(self) -> int:
        """Number of distinct orbital planes."""
        return int(np.unique(self.plane).size)

    @property
    def altitude_m(self) -> FloatArray:
        """Mean altitude above :data:`~opendome.core.earth.SPHERE` (the space layer's datum).

        Circular orbits: the orbit altitude, semi-major axis minus the mean radius.
        """
        return SPHERE.height_m_at_radius(self.semi_major_axis_m)

    def subset(self, index: ArrayLike) -> Constellation:
        """Return the satellites selected by a boolean mask or integer index (labels kept)."""
        idx = np.asarray(index)
        return Constellation(**{f.name: getattr(self, f.name)[idx] for f in fields(self)})


def combine(*constellations: Constellation) -> Constellation:
    """One constellation of several, with shell and plane labels made unique."""
    if not constellations:
        raise ValueError("combine: give at least one constellation")
    parts: dict[str, list[NDArray[np.generic]]] = {f.name: [] for f in fields(Constellation)}
    shell_offset = 0
    plane_offset = 0
    for c in constellations:
        for name in _ELEMENT_FIELDS:
            parts[name].append(getattr(c, name))
        _, shell = np.unique(c.shell, return_inverse=True)
        _, plane = np.unique(c.plane, return_inverse=True)
        parts["shell"].append(shell + shell_offset)
        parts["plane"].append(plane + plane_offset)
        shell_offset += int(shell.max(initial=-1)) + 1
        plane_offset += int(plane.max(initial=-1)) + 1
    return Constellation(**{k: np.concatenate(v) for k, v in parts.items()})


def walker(
    altitude_m: float,
    inclination_rad: float,
    planes: int,
    sats_per_plane: int,
    phasing: int = 1,
    *,
    raan_spread_rad: float = 2 * np.pi,
    raan0_rad: float = 0.0,
    anomaly0_rad: float = 0.0,
    shell: int = 0,
) -> Constellation:
    """Walker pattern of circular orbits: ``planes`` x ``sats_per_plane`` satellites.

    ``altitude_m`` is above :data:`~opendome.core.earth.SPHERE` (the space layer's datum).

    ``phasing`` is Walker's ``F`` (0 <= F < planes): satellite ``j`` of plane ``k`` has argument
    of latitude ``2*pi*j/S + 2*pi*F*k/T``. ``raan_spread_rad`` is 2*pi for a delta pattern
    and pi for a star pattern.
    """
    if planes < 1 or sats_per_plane < 1:
        raise ValueError(
            f"walker: planes and sats_per_plane must be >= 1, got {planes} and {sats_per_plane}"
        )
    if not 0 <= phasing < max(planes, 1):
        raise ValueError(f"walker: phasing F must be in [0, planes-1], got {phasing}")
    if altitude_m <= 0:
        raise ValueError(f"walker: altitude_m must be positive, got {altitude_m}")
    total = planes * sats_per_plane
    k = np.repeat(np.arange(planes), sats_per_plane)
    j = np.tile(np.arange(sats_per_plane), planes)
    raan = raan0_rad + raan_spread_rad * k / planes
    u = anomaly0_rad + 2 * np.pi * j / sats_per_plane + 2 * np.pi * phasing * k / total
    n = total
    return Constellation(
        semi_major_axis_m=np.full(n, SPHERE.radius_m_at(altitude_m)),
        eccentricity=np.zeros(n),
        inclination_rad=np.full(n, inclination_rad),
        raan_rad=np.mod(raan, 2 * np.pi),
        arg_perigee_rad=np.zeros(n),
        mean_anomaly_rad=np.mod(u, 2 * np.pi),
        shell=np.full(n, shell),
        plane=k,
    )


def walker_delta(
    altitude_m: float, inclination_rad: float, total: int, planes: int, phasing: int = 1
) -> Constellation:
    """Walker-delta ``i: T/P/F`` (nodes over 360 deg); ``total`` must divide by ``planes``."""
    if planes < 1 or total % planes:
        raise ValueError(
            f"walker_delta: total {total} must be a multiple of planes {planes}; "
            f"try total={planes * max(1, round(total / max(planes, 1)))}"
        )
    return walker(altitude_m, inclination_rad, planes, total // planes, phasing)


def walker_star(
    altitude_m: float, inclination_rad: float, total: int, planes: int, phasing: int = 1
) -> Constellation:
    """Walker-star ``i: T/P/F`` (nodes over 180 deg, for near-polar orbits)."""
    if planes < 1 or total % planes:
        raise ValueError(f"walker_star: total {total} must be a multiple of planes {planes}")
    return walker(
        altitude_m, inclination_rad, planes, total // planes, phasing, raan_spread_rad=np.pi
    )


def random_shell(
    altitude_m: float,
    inclination_rad: float,
    n_satellites: int,
    rng: np.random.Generator,
    *,
    shell: int = 0,
) -> Constellation:
    """Circular orbits with independent uniform node and argument of latitude.

    The model behind the analytic density formula (each satellite its own plane).
    """
    if n_satellites < 1:
        raise ValueError(f"random_shell: n_satellites must be >= 1, got {n_satellites}")
    n = n_satellites
    return Constellation(
        semi_major_axis_m=np.full(n, SPHERE.radius_m_at(altitude_m)),
        eccentricity=np.zeros(n),
        inclination_rad=np.full(n, inclination_rad),
        raan_rad=rng.uniform(0, 2 * np.pi, n),
        arg_perigee_rad=np.zeros(n),
        mean_anomaly_rad=rng.uniform(0, 2 * np.pi, n),
        shell=np.full(n, shell),
        plane=np.arange(n),
    )


@dataclass(frozen=True)
class ShellSpec:
    """One uniformly phased shell: Walker pattern parameters in SI."""

    altitude_m: float
    inclination_rad: float
    planes: int
    sats_per_plane: int
    phasing: int = 1
    raan_spread_rad: float = 2 * np.pi

    @property
    def total(self) -> int:
        """Number of satellites of the shell."""
        return self.planes * self.sats_per_plane


def build(shells: Sequence[ShellSpec]) -> Constellation:
    """One constellation of several Walker shells."""
    return combine(
        *(
            walker(
                s.altitude_m,
                s.inclination_rad,
                s.planes,
                s.sats_per_plane,
                s.phasing,
                raan_spread_rad=s.raan_spread_rad,
                shell=i,
            )
            for i, s in enumerate(shells)
        )
    )
