"""A shared check of a catalog-backed service's data files: the frozen test catalog is its
hand-entered source, the shipped catalog is that source merged with generated third-party
tables, and the shipped card prices every rate the frozen card has the same way."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import yaml

from awscalc.catalog import read_catalog_source, write_catalog

from .conftest import FROZEN_PRICING, REPO, SHIPPED_PRICING, load_tool


def catalog_rows(path: Path) -> list[tuple]:
    """Every rate row of a catalog file, sorted."""
    with sqlite3.connect(path) as connection:
        return sorted(connection.execute("SELECT key, region, dims, rate FROM rates"))


def assert_catalogs_equal_their_sources(tmp_path: Path, service: str,
                                        generated: list[str]) -> None:
    """``service``'s frozen catalog equals its frozen source; the shipped one equals the
    hand-entered source merged with the ``generated`` source files (build_catalog.py's
    merge), keeps every frozen row unchanged, and the shipped card keeps every frozen
    card rate (it only adds regions)."""
    module = load_tool("build_catalog")
    sources = REPO / "pricing" / "sources"
    frozen = tmp_path / "frozen.sqlite"
    write_catalog(frozen, **read_catalog_source(FROZEN_PRICING / "sources" / f"{service}.yaml"))
    assert catalog_rows(frozen) == catalog_rows(FROZEN_PRICING / f"{service}.sqlite")
    shipped = tmp_path / "shipped.sqlite"
    write_catalog(shipped, **module.merged([sources / f"{service}.yaml",
                                            *(sources / name for name in generated)]))
    assert catalog_rows(shipped) == catalog_rows(SHIPPED_PRICING / f"{service}.sqlite")
    assert set(catalog_rows(FROZEN_PRICING / f"{service}.sqlite")) <= set(catalog_rows(shipped))
    frozen_card, shipped_card = (
        yaml.safe_load((directory / f"{service}.yaml").read_text(encoding="utf-8"))["rates"]
        for directory in (FROZEN_PRICING, SHIPPED_PRICING))
    for key, entry in frozen_card.items():
        for region, rate in entry["regions"].items():
            assert shipped_card[key]["regions"][region] == rate, (key, region)
