"""OpenDome: an open, physics-based simulator of global multi-tier missile defense.

The public front door is :mod:`opendome.api`. The pipeline and the package map are described in
``docs/design.md`` of the project; SI units are used inside, names of raw numbers carry their unit.
"""

__version__ = "0.1.0"
