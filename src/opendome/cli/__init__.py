"""The ``opendome`` command line (imported by nothing else of the package)."""

from opendome.cli.app import app


def main() -> None:
    """Entry point of the ``opendome`` console script."""
    app()


__all__ = ["app", "main"]
