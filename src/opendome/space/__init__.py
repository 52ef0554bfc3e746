"""OpenDome space package (see docs/design.md, package map)."""
