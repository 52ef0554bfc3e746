"""Limits on scenario inputs, checked before anything is allocated.

The size of the work is estimated from the inputs and refused above these figures
(``docs/reliability.md`` lists them).

Each limit is far above the published cases the tool reproduces (the largest built-in raid has
3,150 objects; CBO 2026's constellation 7,800 satellites) and below what a 2-core, 8 GiB machine
runs in minutes.
"""

from __future__ import annotations

MAX_FILE_BYTES = 1_000_000
"""Largest scenario file read (1 MB; the largest built-in is about 6 kB)."""

MAX_NESTING = 64
"""Deepest nesting of YAML mappings and lists (a scenario needs 6)."""

MAX_NODES = 200_000
"""Most YAML nodes after expanding aliases (``*anchor``): refuses 'billion laughs' files."""

MAX_OBJECTS = 2_000_000
"""Most objects (warheads and decoys) in a raid: the engine holds a few arrays per object and
runs about 20-40 M object-trials per second, so 2 M objects cost about 0.1 s per trial."""

MAX_SATELLITES = 200_000
"""Most satellites in one scenario constellation (five times the largest filed LEO plans)."""

MAX_SATELLITE_SAMPLES = 300_000_000
"""Most satellite positions (satellites x launch_time_samples) a constellation layer counts."""

MAX_SALVOS = 1_000
"""Most salvos in a raid (each is flown and assessed on its own)."""

MAX_LAYERS = 64
"""Most defensive layers."""

MAX_SENSORS = 256
"""Most sensors."""

MAX_SITES = 1_000
"""Most interceptor sites per layer."""

MAX_SHELLS = 100
"""Most Walker shells per constellation."""

MAX_LAUNCH_TIME_S = 7 * 86_400.0
"""Latest launch time of a salvo after the raid starts (a week)."""

MAX_DELAY_S = 86_400.0
"""Longest delay, dwell or latency of a kill chain or timeline (a day)."""

MAX_EXTENDS_DEPTH = 16
"""Longest chain of ``extends:`` (a scenario extending one extending another ...)."""
