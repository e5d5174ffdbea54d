"""Entry point for ``python -m awscalc``."""

from awscalc.cli import main

main()
