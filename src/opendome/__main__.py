"""``python -m opendome``: the command line."""

from opendome.cli import main

main()
