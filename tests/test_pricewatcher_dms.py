"""DMS replication-instance hours and storage outside us-east-1 from AWS's DMS pricing-page
feed as committed in iann0036/aws-price-watcher (raw/databasemigrationsvc.json @ d65c44f0c,
published 2025-03-21; MIT; 3P-PL, unverified), written by pricing/tools/pricewatcher_dms.py.

The figures are typed from the feed by hand, the estimates are computed by hand, and the
generator's rules (the 'dms.' prefix, the deployment sets, the mapping check against the
rates priced by hand) are tested on small feeds."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from awscalc.errors import PricingError
from awscalc.ratecards import RateBook

from .catalog_checks import assert_catalogs_equal_their_sources
from .conftest import REPO, SHIPPED_PRICING, load_tool
from .pricewatcher import COMMIT, mirrored, needs_mirror, pricing_root, run_on_feed

SHIPPED = RateBook(SHIPPED_PRICING, "shipped")

# (region): dms.t2.micro Single-AZ / Multi-AZ per hour, storage Single-AZ / Multi-AZ per
# GB-month — read off the feed's rows by hand
FEED = {
    "eu-west-1": ("0.02", "0.04", "0.127", "0.254"),
    "ap-southeast-2": ("0.028", "0.056", "0.138", "0.276"),
    "sa-east-1": ("0.038", "0.076", "0.219", "0.438"),
}


@pytest.mark.parametrize("region", sorted(FEED))
def test_the_shipped_rates_are_the_feeds(region: str) -> None:
    single, multi, storage_single, storage_multi = map(Decimal, FEED[region])
    for deployment, figure in (("single_az", single), ("multi_az", multi)):
        rate = SHIPPED.rate("dms", "instance-hours", region, ("dms.t2.micro", deployment))
        assert rate.tiers[0].rate == figure and rate.verified is False
        assert "raw/databasemigrationsvc.json @ d65c44f0c" in rate.note
    for key, figure in (("storage-single-az", storage_single),
                        ("storage-multi-az", storage_multi)):
        rate = SHIPPED.rate("dms", key, region)
        assert rate.tiers[0].rate == figure and rate.verified is False


def test_other_classes_carry_the_dms_prefix() -> None:
    # 'DMS OnDemand Replication Server r5 large Multiple AZ' in EU (Ireland): $0.46
    rate = SHIPPED.rate("dms", "instance-hours", "eu-west-1", ("dms.r5.large", "multi_az"))
    assert rate.tiers[0].rate == Decimal("0.46")


def test_us_east_1_keeps_the_verified_figures() -> None:
    rate = SHIPPED.rate("dms", "instance-hours", "us-east-1", ("dms.t2.micro", "multi_az"))
    assert rate.tiers[0].rate == Decimal("0.036") and rate.verified is not False
    assert SHIPPED.rate("dms", "storage-single-az", "us-east-1").verified is not False


def test_serverless_stays_missing_outside_the_third_partys_region() -> None:
    with pytest.raises(PricingError):
        SHIPPED.rate("dms", "serverless-dcu-hours", "eu-west-1")


# database-migration: full-load (one-time) 2 × dms.t2.micro Single-AZ × 300 h = 600
# instance-hours, and (80 − 50) GB × 2 × 300 h ÷ 730 h = 24.657534… GB-month of Single-AZ
# storage; cdc 730 h Multi-AZ and (200 − 50) = 150 GB-month of Multi-AZ storage.
DATABASE_MIGRATION = {
    # 730 × 0.04 + 150 × 0.254 = 29.20 + 38.10; once: 600 × 0.02 + 24.6575 × 0.127
    "eu-west-1": ("67.30", "15.13"),
    # 730 × 0.056 + 150 × 0.276 = 40.88 + 41.40; once: 600 × 0.028 + 24.6575 × 0.138
    "ap-southeast-2": ("82.28", "20.20"),
    # 730 × 0.076 + 150 × 0.438 = 55.48 + 65.70; once: 600 × 0.038 + 24.6575 × 0.219
    "sa-east-1": ("121.18", "28.20"),
}


@pytest.mark.parametrize("region", sorted(DATABASE_MIGRATION))
def test_database_migration_by_hand(cli, region: str) -> None:
    result = cli("estimate", str(REPO / "examples" / "database-migration.yaml"), "--region",
                 region, "--format", "json")
    assert result.code == 0, result.err
    totals = json.loads(result.out)["totals"]
    monthly, once = DATABASE_MIGRATION[region]
    assert Decimal(str(totals["monthly"])) == Decimal(monthly)
    assert Decimal(str(totals["one_time"])) == Decimal(once)


def test_the_catalog_is_its_sources(tmp_path: Path) -> None:
    assert_catalogs_equal_their_sources(tmp_path, "dms", ["dms-pricewatcher.yaml"])


# --- the generator's rules -------------------------------------------------------------

@pytest.fixture(scope="module")
def generator():
    """pricing/tools/pricewatcher_dms.py as a module."""
    return load_tool("pricewatcher_dms")


def _feed(single: str = "0.0180000000", storage: str = "0.1150000000",
          instance_type: str = "t2.micro") -> dict:
    virginia = {
        "DMS OnDemand Replication Server t2 micro Single AZ": {
            "rateCode": "AAA.JRTCKXETXF.6YS6EN2CT7", "price": single,
            "Instance Type": instance_type},
        "DMS OnDemand Replication Server t2 micro Multiple AZ": {
            "rateCode": "BBB.JRTCKXETXF.6YS6EN2CT7", "price": "0.0360000000",
            "Instance Type": "t2.micro"},
        "DMS Storage Replication Storage Single AZ": {"price": storage},
        "DMS Storage Replication Storage Multiple AZ": {"price": "0.2300000000"},
    }
    ireland = {
        "DMS OnDemand Replication Server t2 micro Single AZ": {
            "rateCode": "CCC.JRTCKXETXF.6YS6EN2CT7", "price": "0.0200000000",
            "Instance Type": "t2.micro"},
        "DMS Storage Replication Storage Multiple AZ": {"price": "0.0000000000"},
    }
    return {"manifest": {"hawkFilePublicationDate": "2025-03-21T15:12:15Z"},
            "sets": {"DMS Replication Server Single AZ": ["AAA JRTCKXETXF.6YS6EN2CT7 0",
                                                          "CCC JRTCKXETXF.6YS6EN2CT7 0"],
                     "DMS Replication Server Multiple AZ": ["BBB JRTCKXETXF.6YS6EN2CT7 0"]},
            "regions": {"US East (N. Virginia)": virginia, "EU (Ireland)": ireland}}


def _root(tmp_path: Path) -> Path:
    return pricing_root(tmp_path, ("dms.yaml",), "dms.yaml")


def _run(generator, tmp_path: Path, feed: dict) -> int:
    return run_on_feed(generator.main, tmp_path / "feed.json", feed,
                       "--root", str(_root(tmp_path)))


def test_the_generator_prefixes_classes_and_skips_zeros(generator, tmp_path: Path) -> None:
    assert _run(generator, tmp_path, _feed()) == 0
    source = (tmp_path / "pricing" / "sources" / "dms-pricewatcher.yaml").read_text()
    # us-east-1's rows are the hand-entered source's: left out
    assert '[instance-hours, eu-west-1, [dms.t2.micro, single_az], "0.02", 0]' in source
    assert "us-east-1" not in source.split("rates:")[1]
    card = (tmp_path / "pricing" / "aws" / "dms.yaml").read_text()
    assert "      eu-west-1: {rate:" not in card   # a 0 is missing, never free


@pytest.mark.parametrize("feed", [_feed(single="0.0190000000"), _feed(storage="0.1200000000")],
                         ids=["instance-hours", "storage"])
def test_a_feed_that_disagrees_with_the_hand_rates_writes_nothing(
        generator, tmp_path: Path, feed: dict, capsys: pytest.CaptureFixture) -> None:
    assert _run(generator, tmp_path, feed) == 1
    assert "us-east-1" in capsys.readouterr().err
    assert not (tmp_path / "pricing" / "sources" / "dms-pricewatcher.yaml").exists()
    assert (tmp_path / "pricing" / "aws" / "dms.yaml").read_text() == (
        REPO / "pricing" / "aws" / "dms.yaml").read_text()


def test_a_row_whose_instance_type_is_not_its_name_stops_the_run(generator) -> None:
    with pytest.raises(ValueError, match="instance type"):
        generator.instance_rows(_feed(instance_type="t3.micro"))


def test_a_row_outside_its_deployment_set_stops_the_run(generator) -> None:
    feed = _feed()
    feed["sets"]["DMS Replication Server Single AZ"].remove("CCC JRTCKXETXF.6YS6EN2CT7 0")
    with pytest.raises(ValueError, match="Single AZ"):
        generator.instance_rows(feed)


@needs_mirror
def test_a_rerun_on_the_cited_feed_reproduces_the_shipped_files(generator,
                                                               tmp_path: Path) -> None:
    feed = tmp_path / "databasemigrationsvc.json"
    feed.write_bytes(mirrored("raw/databasemigrationsvc.json"))
    root = _root(tmp_path)
    assert generator.main([str(feed), "--commit", COMMIT, "--date", "2025-05-24",
                           "--root", str(root)]) == 0
    for path in ("sources/dms-pricewatcher.yaml", "aws/dms.yaml"):
        assert (root / path).read_text() == (REPO / "pricing" / path).read_text(), path
