"""The aws-price-watcher copy the pricewatcher_* generator tests cite: its commit, and the
mirror their re-run tests re-read the feeds from (skipped where it is absent, as in CI)."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from decimal import Decimal
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


def run_on_feed(main: Callable[[list[str]], int], path: Path, feed: dict, *extra: str) -> int:
    """A generator's ``main`` on ``feed``, written as JSON to ``path``, with the cited
    commit and date and the ``extra`` arguments (e.g. ``--root``): its exit code."""
    path.write_text(json.dumps(feed), encoding="utf-8")
    return main([str(path), "--commit", COMMIT, "--date", "2025-05-24", *extra])


def without_generated_lines(text: str) -> str:
    """A rate card's text without the entries the generators mark ``# pricewatcher``."""
    return "\n".join(line for line in text.splitlines()
                     if not line.endswith("  # pricewatcher")) + "\n"


def assert_is_the_feeds(rate, figure: str) -> None:
    """``rate`` (a shipped card's) is ``figure``, unverified, with the feed's provenance."""
    assert rate.tiers[0].rate == Decimal(figure)
    assert not rate.verified
    assert "iann0036/aws-price-watcher" in rate.note and "3P-PL" in rate.note


def pricing_root(tmp_path: Path, sources: tuple[str, ...], card: str | None = None,
                 generated: bool = True) -> Path:
    """A pricing/ directory in ``tmp_path`` for a generator's ``--root``: the repository's
    ``sources`` (pricing/sources/…) and its rate ``card`` (pricing/aws/…), with or without
    the card's generated entries."""
    repo = Path(__file__).resolve().parent.parent / "pricing"
    root = tmp_path / "pricing"
    (root / "sources").mkdir(parents=True)
    (root / "aws").mkdir()
    for name in sources:
        shutil.copy(repo / "sources" / name, root / "sources")
    if card is not None:
        text = (repo / "aws" / card).read_text(encoding="utf-8")
        (root / "aws" / card).write_text(text if generated else without_generated_lines(text),
                                         encoding="utf-8")
    return root
