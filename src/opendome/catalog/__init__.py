"""OpenDome catalog package (see DESIGN.md, package map)."""
