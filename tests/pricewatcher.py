"""The aws-price-watcher copy the pricewatcher_* generator tests cite: its commit, and the
mirror their re-run tests re-read the feeds from (skipped where it is absent, as in CI)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

COMMIT = "d65c44f0cbfbfc8bf647809576a504ecf1587e8d"
MIRROR = Path("/work/.mirror/iann0036+aws-price-watcher/repo")
needs_mirror = pytest.mark.skipif(
    not (MIRROR / "HEAD").exists(),
    reason="needs the aws-price-watcher mirror (fetch github:iann0036/aws-price-watcher) "
           "to re-read the feeds")


def mirrored(path: str) -> bytes:
    """The mirror's file ``path`` (e.g. ``raw/neptune.json``) at :data:`COMMIT`."""
    return subprocess.run(["git", "-C", str(MIRROR), "show", f"{COMMIT}:{path}"],
                          check=True, capture_output=True).stdout
