"""OpenDome sweep package (see docs/design.md, package map)."""
