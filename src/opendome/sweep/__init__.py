"""OpenDome sweep package (see DESIGN.md, package map)."""
