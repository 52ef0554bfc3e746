"""Unit-free vectorized kernels on SI floats and arrays.

Nothing here imports anything else of OpenDome, nor units, validation, CLI or plotting libraries.
Axis convention: objects/trials first, xyz last.
"""
