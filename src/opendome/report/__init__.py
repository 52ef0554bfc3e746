"""OpenDome report package (see DESIGN.md, package map)."""
