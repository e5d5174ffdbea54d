"""Entry point for ``python -m awscalc``."""

from awscalc.entrypoint import main

main()
