"""Validation against published studies (``studies.py``).

A registry of studies, each a published figure reproduced with OpenDome's own functions, its
ratio to the published value and a stated tolerance; ``opendome studies`` prints them.
"""
