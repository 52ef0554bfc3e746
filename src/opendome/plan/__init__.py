"""OpenDome plan package (see DESIGN.md, package map)."""
