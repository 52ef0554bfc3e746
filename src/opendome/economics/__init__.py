"""OpenDome economics package (see DESIGN.md, package map)."""
