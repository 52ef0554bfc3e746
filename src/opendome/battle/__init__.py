"""OpenDome battle package (see DESIGN.md, package map)."""
