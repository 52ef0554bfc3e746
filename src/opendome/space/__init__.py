"""OpenDome space package (see DESIGN.md, package map)."""
