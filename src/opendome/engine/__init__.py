"""OpenDome engine package (see DESIGN.md, package map)."""
