"""Where awscalc keeps its cache (the help cache): one folder, chosen by environment
variables. Imports only ``os``, so the start-up path can use it."""

from __future__ import annotations

import os


def cache_dir() -> str:
    """awscalc's cache folder: ``$AWSCALC_CACHE_DIR``, ``$XDG_CACHE_HOME/awscalc`` or
    ``~/.cache/awscalc``."""
    if os.environ.get("AWSCALC_CACHE_DIR"):
        return os.environ["AWSCALC_CACHE_DIR"]
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "awscalc")
