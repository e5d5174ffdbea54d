"""Amazon FSx for Windows File Server outside us-east-1: SSD storage, throughput and
Multi-AZ backup rates from AWS's FSx pricing-page feed published 2025-05-16, as committed
in iann0036/aws-price-watcher (raw/fsx.json @ d65c44f0c; MIT; 3P-PL, unverified).

The feed keys its rows by opaque tokens; the figures below are typed by hand from the
tokens' rows at d65c44f0c ('tQmrtIAg…' Multi-AZ SSD, 'DDURBPI4…' Single-AZ SSD,
'usdC16Ey…' Multi-AZ throughput, 'v3Bncb47…' Single-AZ throughput, and the six tokens at
0.05 in us-east-1 for backup), not read back from the catalog; file systems are priced by
hand; the generator (pricing/tools/pricewatcher_fsx.py) refuses a feed whose tokens do
not identify as its docstring says."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from pathlib import Path

import pytest

from awscalc.catalog import read_catalog_source, write_catalog
from awscalc.ratecards import RateBook

from . import regional
from .catalog_checks import catalog_rows
from .conftest import FROZEN_PRICING, REPO, SHIPPED_PRICING, load_tool
from .pricewatcher import COMMIT, mirrored, needs_mirror, pricing_root, run_on_feed

SHIPPED = RateBook(SHIPPED_PRICING, "shipped")
SOURCE = f"https://github.com/iann0036/aws-price-watcher/blob/{COMMIT}/raw/fsx.json"

MULTI_SSD = ("storage", ("windows", "multi_az", "ssd"))
SINGLE_SSD = ("storage", ("windows", "single_az", "ssd"))
MULTI_THROUGHPUT = ("throughput", ("windows", "multi_az"))
SINGLE_THROUGHPUT = ("throughput", ("windows", "single_az"))
BACKUP = ("backup", ("windows", "multi_az"))
# region → the feed's figures: Multi-AZ SSD, Single-AZ SSD (GB-month), Multi-AZ and
# Single-AZ throughput (MBps-month), Multi-AZ backup (GB-month)
FEED = {
    "eu-west-1": ("0.253", "0.143", "4.95", "2.42", "0.05"),
    "ap-southeast-2": ("0.276", "0.156", "5.175", "2.53", "0.055"),
    "sa-east-1": ("0.437", "0.247", "6.075", "2.97", "0.068"),
}
ROWS = (MULTI_SSD, SINGLE_SSD, MULTI_THROUGHPUT, SINGLE_THROUGHPUT, BACKUP)
HOW = {MULTI_SSD: "labelled FSX_STORAGE_TYPE_MULTI_AZ_SSD",
       SINGLE_SSD: "labelled FSX_STORAGE_TYPE_SINGLE_AZ_SSD",
       MULTI_THROUGHPUT: "the only us-east-1 row of the feed at the Infracost-verified 4.50",
       SINGLE_THROUGHPUT: "the only us-east-1 row of the feed at the third-party 2.20",
       BACKUP: "all of the six tokens at the Infracost-verified 0.05"}


@pytest.mark.parametrize("region", sorted(FEED))
@pytest.mark.parametrize("row", ROWS, ids=lambda row: f"{row[0]}-{'-'.join(row[1])}")
def test_the_shipped_rows_are_the_feeds(region: str, row: tuple) -> None:
    key, dims = row
    rate = SHIPPED.rate("fsx", key, region, dims)
    assert rate.tiers[0].rate == Decimal(FEED[region][ROWS.index(row)])
    assert rate.verified is False and rate.source == SOURCE
    assert HOW[row] in rate.note
    assert "aws-price-watcher raw/fsx.json @ d65c44f0c" in rate.note
    assert "published 2025-05-16" in rate.note and "3P-PL" in rate.note


def test_us_east_1_keeps_its_hand_entered_rates() -> None:
    rate = SHIPPED.rate("fsx", "storage", "us-east-1", ("windows", "multi_az", "ssd"))
    assert rate.tiers[0].rate == Decimal("0.23") and rate.verified is not False
    assert "Infracost" in rate.note


def line_costs(data: dict) -> list[tuple[str, float]]:
    """(usage key, cost) of every line item, in report order."""
    return [(item["usage_key"], item["cost"]) for item in data["line_items"]]


def test_a_multi_az_file_system_by_hand_in_sa_east_1(cli, tmp_path: Path) -> None:
    data = regional.estimate(cli, regional.spec(tmp_path, "sa-east-1", (
        "  f: {service: fsx, file_system: windows, deployment: multi_az,"
        " storage: {type: ssd, size: 500 GB}, throughput: 32 MB/s, backups: 200 GB}\n")))
    # 500 GB × $0.437 = $218.50; 32 MB/s × $6.075 = $194.40; 200 GB × $0.068 = $13.60
    assert line_costs(data) == [("storage", 218.5), ("throughput", 194.4), ("backup", 13.6)]
    assert data["totals"]["monthly"] == 426.5


def test_a_single_az_file_system_by_hand_in_ap_southeast_2(cli, tmp_path: Path) -> None:
    data = regional.estimate(cli, regional.spec(tmp_path, "ap-southeast-2", (
        "  f: {service: fsx, file_system: windows, deployment: single_az,"
        " storage: {type: ssd, size: 100 GB}, throughput: 16 MB/s}\n")))
    # 100 GB × $0.156 = $15.60; 16 MB/s × $2.53 = $40.48
    assert line_costs(data) == [("storage", 15.6), ("throughput", 40.48)]


@pytest.mark.parametrize(("resource", "missing"), [
    # HDD is not identified
    ("{service: fsx, file_system: windows, deployment: multi_az, storage: {type: hdd, "
     "size: 2000 GB}, throughput: 32 MB/s}", "storage type 'hdd'"),
    # Single-AZ backup has no shipped figure to identify its row by
    ("{service: fsx, file_system: windows, deployment: single_az, storage: {size: 100 GB},"
     " throughput: 16 MB/s, backups: 10 GB}", "backup storage (file system 'windows', "
                                               "deployment 'single_az')"),
])
def test_what_is_not_identified_stays_missing(cli, tmp_path: Path, resource: str,
                                              missing: str) -> None:
    result = cli("estimate", str(regional.spec(tmp_path, "eu-west-1", f"  f: {resource}\n")))
    assert result.code == 4
    assert missing in result.err and "'eu-west-1'" in result.err


def test_the_catalog_is_its_sources_built(tmp_path: Path) -> None:
    """The frozen catalog is its hand-entered source; the shipped one is the hand-entered
    source merged with the generated one and keeps every frozen row (FSx has no card, so
    catalog_checks.assert_catalogs_equal_their_sources' card comparison does not apply)."""
    sources = REPO / "pricing" / "sources"
    frozen = tmp_path / "frozen.sqlite"
    write_catalog(frozen, **read_catalog_source(FROZEN_PRICING / "sources" / "fsx.yaml"))
    assert catalog_rows(frozen) == catalog_rows(FROZEN_PRICING / "fsx.sqlite")
    shipped = tmp_path / "shipped.sqlite"
    write_catalog(shipped, **load_tool("build_catalog").merged(
        [sources / "fsx.yaml", sources / "fsx-pricewatcher.yaml"]))
    assert catalog_rows(shipped) == catalog_rows(SHIPPED_PRICING / "fsx.sqlite")
    assert set(catalog_rows(frozen)) <= set(catalog_rows(shipped))


# --- the generator ------------------------------------------------------------------------

TOKENS = {MULTI_SSD: "tQmrtIAgZ-JGQyf4yDArf4sQPj9KzoFfpdCxfGf-tsM",
          SINGLE_SSD: "DDURBPI4tsBCssHtJz-pnpofARkXwk3q7_-D3R-POb0",
          MULTI_THROUGHPUT: "usdC16EyDLyBOw8tD_5fhj5fNRV-Dm9BurFFrBY4OgU",
          SINGLE_THROUGHPUT: "v3Bncb47atMSCad5rosna9AN5tGTw5wemqnaYgbDinw"}
CANDIDATES = ("-XIB0as_BHPcDfyqyxyZOX9_2bHUZ8kzP0DrhStM30I",
              "3MDYS7-S4fmJLAR5RKnEMOwIbehNcVa2SkcNxJ9BdIs",
              "AJdsxXgiJKopicgOiG1AtOM1fu2edZxWYNsb4idp0ms",
              "GjTp0gSH6NehrV1ixdy4HsSwn0RyFfC_LXQAW3OkQew",
              "aYXdDev9gnk1bQh--7kEDb5gZhNc8E8R_ovh0kt7PmI",
              "sqHkZ-aZbGM672lNSrtF6_aD-wA9EaaS-zPvT9ocwgQ")


def token(code: str, price: str) -> dict:
    """One feed row keyed by its regionless rate code."""
    return {code: {"rateCode": f"SKU{code[:4]}.JRTCKXETXF.6YS6EN2CT7", "price": price,
                   "RegionlessRateCode": code}}


def tiny_feed() -> dict:
    """us-east-1 at the shipped figures (and a row at 0.025, no identified figure), Ireland
    with every token, São Paulo without Single-AZ throughput and with a 0 Multi-AZ SSD."""
    def region(figures: tuple[str, str, str, str, str]) -> dict:
        rows: dict = {}
        for row, price in zip(ROWS[:4], figures[:4], strict=True):
            rows |= token(TOKENS[row], price)
        for code in CANDIDATES:
            rows |= token(code, figures[4])
        return rows

    virginia = region(("0.2300000000", "0.1300000000", "4.5000000000", "2.2000000000",
                       "0.0500000000")) | token("HDD", "0.0250000000")
    ireland = region(("0.2530000000", "0.1430000000", "4.9500000000", "2.4200000000",
                      "0.0500000000"))
    sao_paulo = region(("0.0000000000", "0.2470000000", "6.0750000000", "2.9700000000",
                        "0.0680000000"))
    del sao_paulo[TOKENS[SINGLE_THROUGHPUT]]
    return {"manifest": {"hawkFilePublicationDate": "2025-05-16T17:01:45Z"}, "sets": {},
            "regions": {"US East (N. Virginia)": virginia, "EU (Ireland)": ireland,
                        "South America (Sao Paulo)": sao_paulo}}


def pricing_copy(tmp_path: Path) -> Path:
    """pricing/ with the hand-entered FSx source only."""
    return pricing_root(tmp_path, ("fsx.yaml",))


def run(tmp_path: Path, feed: dict, root: Path) -> int:
    """The generator's exit code on ``feed``."""
    return run_on_feed(load_tool("pricewatcher_fsx").main, tmp_path / "fsx.json", feed,
                       "--root", str(root))


def generated(root: Path) -> list[tuple[str, str, tuple[str, ...], Decimal]]:
    """The rows the generator wrote under ``root``."""
    rows = read_catalog_source(root / "sources" / "fsx-pricewatcher.yaml")["rates"]
    return [(r.key, r.region, r.dims, r.rate) for r in rows]


def test_the_generator_rules_on_a_tiny_feed(tmp_path: Path) -> None:
    root = pricing_copy(tmp_path)
    assert run(tmp_path, tiny_feed(), root) == 0
    # us-east-1's rows are the hand-entered source's; São Paulo's 0 is missing, not free,
    # and its absent Single-AZ throughput token gives no row
    assert generated(root) == [
        ("storage", "eu-west-1", ("windows", "multi_az", "ssd"), Decimal("0.253")),
        ("storage", "eu-west-1", ("windows", "single_az", "ssd"), Decimal("0.143")),
        ("throughput", "eu-west-1", ("windows", "multi_az"), Decimal("4.95")),
        ("throughput", "eu-west-1", ("windows", "single_az"), Decimal("2.42")),
        ("backup", "eu-west-1", ("windows", "multi_az"), Decimal("0.05")),
        ("storage", "sa-east-1", ("windows", "single_az", "ssd"), Decimal("0.247")),
        ("throughput", "sa-east-1", ("windows", "multi_az"), Decimal("6.075")),
        ("backup", "sa-east-1", ("windows", "multi_az"), Decimal("0.068"))]


@pytest.mark.parametrize("change", ["one candidate differs", "one candidate missing"])
def test_a_region_whose_backup_candidates_disagree_gets_no_backup_row(
        tmp_path: Path, change: str, capsys) -> None:
    feed = tiny_feed()
    ireland = feed["regions"]["EU (Ireland)"]
    if change == "one candidate differs":
        ireland[CANDIDATES[2]]["price"] = "0.0510000000"
    else:
        del ireland[CANDIDATES[2]]
    root = pricing_copy(tmp_path)
    assert run(tmp_path, feed, root) == 0
    assert ("backup", "eu-west-1", ("windows", "multi_az"), Decimal("0.05")) not in (
        generated(root))
    assert ("throughput", "eu-west-1", ("windows", "multi_az"), Decimal("4.95")) in (
        generated(root))
    assert "no backup row: eu-west-1" in capsys.readouterr().out


# what breaks → (feed region, row, field, new value, the refusal's message)
REFUSALS = {
    # the labelled token's us-east-1 figure differs from the shipped verified one
    "label figure differs": ("US East (N. Virginia)", TOKENS[MULTI_SSD], "price",
                             "0.2400000000", "storage windows/multi_az/ssd: shipped 0.23"),
    # a second row at the verified Multi-AZ throughput figure: no longer unique
    "figure not unique": ("US East (N. Virginia)", "OTHER", "price", "4.5000000000",
                          "throughput windows/multi_az: rows at the shipped 4.50"),
    # a seventh row at the verified backup figure
    "seventh candidate": ("US East (N. Virginia)", "OTHER", "price", "0.0500000000",
                          "backup windows/multi_az: rows at the shipped 0.05"),
    # a pinned candidate is not at 0.05 in us-east-1
    "candidate moved": ("US East (N. Virginia)", CANDIDATES[0], "price", "0.0600000000",
                        "backup windows/multi_az: rows at the shipped 0.05"),
    # a token read in Ireland is not an On-Demand rate
    "not on-demand": ("EU (Ireland)", TOKENS[SINGLE_SSD], "rateCode",
                      "SKU.JRTCKXETXF.2TG2D8R56U", "is not an On-Demand row"),
}


@pytest.mark.parametrize("change", sorted(REFUSALS))
def test_an_unidentifiable_feed_is_refused(tmp_path: Path, change: str, capsys) -> None:
    where, code, field, value, message = REFUSALS[change]
    feed = copy.deepcopy(tiny_feed())
    rows = feed["regions"][where]
    rows.setdefault(code, token(code, value)[code])[field] = value
    root = pricing_copy(tmp_path)
    assert run(tmp_path, feed, root) == 1
    assert message in capsys.readouterr().err
    assert not (root / "sources" / "fsx-pricewatcher.yaml").exists()


@needs_mirror
def test_regenerating_reproduces_the_shipped_file(tmp_path: Path) -> None:
    root = pricing_copy(tmp_path)
    assert run(tmp_path, json.loads(mirrored("raw/fsx.json")), root) == 0   # identified
    path = "sources/fsx-pricewatcher.yaml"
    assert (root / path).read_bytes() == (REPO / "pricing" / path).read_bytes()
