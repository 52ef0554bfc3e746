"""OpenDome scenario package (see DESIGN.md, package map)."""
