"""OpenDome stability package (see DESIGN.md, package map)."""
