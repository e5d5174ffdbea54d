"""Redshift concurrency scaling, managed storage, backup storage and Spectrum outside
us-east-1 from AWS's Redshift pricing-page feed as committed in iann0036/aws-price-watcher
(raw/redshift.json @ d65c44f0c, published 2025-05-12; MIT; 3P-PL, unverified), written by
pricing/tools/pricewatcher_redshift.py.

Concurrency scaling is billed "on a per-second basis based on the on-demand rate" of the
cluster (AWS What's New, 2022-11-15), so its node-hour rate is the node's On-Demand rate of
the same region. The figures are typed from the feed by hand, the estimates are computed
by hand, and the generator's rules (the mapping check, how the unnamed rows are
identified, the per-second sanity check) are tested on small feeds."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from pathlib import Path

import pytest

from awscalc.errors import PricingError
from awscalc.ratecards import RateBook

from .catalog_checks import assert_catalogs_equal_their_sources
from .conftest import REPO, SHIPPED_PRICING, load_tool
from .pricewatcher import (
    COMMIT,
    mirrored,
    needs_mirror,
    pricing_root,
    run_on_feed,
)

SHIPPED = RateBook(SHIPPED_PRICING, "shipped")

# region: ra3.4xlarge On-Demand per node-hour (= concurrency scaling per node-hour),
# managed storage per GB-month, backup tiers per GB-month, Spectrum per TB — read off the
# feed by hand (the unnamed rows' hash keys: see the generator's docstring)
FEED = {
    "eu-west-1": ("3.606", "0.024", ("0.023", "0.022", "0.021"), "5"),
    "ap-southeast-2": ("3.909", "0.0261", ("0.025", "0.024", "0.023"), "5"),
    "sa-east-1": ("5.195", "0.043", ("0.0405", "0.039", "0.037"), "5"),
}


@pytest.mark.parametrize("region", sorted(FEED))
def test_the_shipped_rates_are_the_feeds(region: str) -> None:
    node, storage, backup, spectrum = FEED[region]
    rate = SHIPPED.rate("redshift", "concurrency-scaling-hours", region, ("ra3.4xlarge",))
    assert rate.tiers[0].rate == Decimal(node) and rate.verified is False
    assert "amazon-redshift-concurrency-scaling-write-workloads" in rate.note
    assert SHIPPED.rate("redshift", "managed-storage", region).tiers[0].rate == Decimal(storage)
    tiers = SHIPPED.rate("redshift", "backup-storage", region).tiers
    assert [(t.up_to, t.rate) for t in tiers] == [
        (Decimal(51_200), Decimal(backup[0])), (Decimal(512_000), Decimal(backup[1])),
        (None, Decimal(backup[2]))]
    rate = SHIPPED.rate("redshift", "spectrum-scanned", region)
    assert rate.tiers[0].rate == Decimal(spectrum) and rate.verified is False
    assert "raw/redshift.json @ d65c44f0c" in rate.note


def test_concurrency_scaling_is_the_node_rate_of_every_type() -> None:
    # sa-east-1 'ra3 16xlarge OnDemand Compute Instance Current Generation': $20.78 (its
    # concurrency row says $0.00576 a node-second, rounded); eu-west-1 dc2.large: $0.3
    for region, node_type, figure in (("sa-east-1", "ra3.16xlarge", "20.78"),
                                      ("eu-west-1", "dc2.large", "0.3")):
        rate = SHIPPED.rate("redshift", "concurrency-scaling-hours", region, (node_type,))
        assert rate.tiers[0].rate == Decimal(figure)


def test_us_east_1_keeps_the_hand_entered_figures() -> None:
    rate = SHIPPED.rate("redshift", "concurrency-scaling-hours", "us-east-1", ("ds2.8xlarge",))
    assert rate.tiers[0].rate == Decimal("6.80")
    assert SHIPPED.rate("redshift", "managed-storage", "us-east-1").verified is not False


@pytest.mark.parametrize(("key", "region", "dims"), [
    # no concurrency-scaling row for RA3 in Osaka, none at all in Cape Town
    ("concurrency-scaling-hours", "ap-northeast-3", ("ra3.4xlarge",)),
    ("concurrency-scaling-hours", "af-south-1", ("dc2.large",)),
    # ra3.large has no concurrency-scaling row anywhere
    ("concurrency-scaling-hours", "eu-west-1", ("ra3.large",)),
])
def test_rates_the_feed_does_not_give_stay_missing(key: str, region: str,
                                                   dims: tuple) -> None:
    with pytest.raises(PricingError):
        SHIPPED.rate("redshift", key, region, dims)


# analytics-warehouse: 2 × ra3.4xlarge × 730 h = 1,460 node-hours; concurrency 42 h − 30 h
# of free credits = 12 h × 2 nodes = 24 node-hours at the node rate; 8 TB = 8,192 GB of
# managed storage; 60 TB = 61,440 GB of backups = 51,200 GB in the first tier + 10,240 GB
# in the second; 8 RPUs × 400 runs × 1,080 s = 960 RPU-hours; 10 TB scanned.
ANALYTICS_WAREHOUSE = {
    # 1,460 × 3.606; 24 × 3.606; 8,192 × 0.024; 51,200 × 0.023 + 10,240 × 0.022;
    # 960 × 0.387; 10 × 5
    "eu-west-1": ("5264.76", "86.54", "196.61", "1402.88", "371.52", "50.00"),
    # 1,460 × 3.909; 24 × 3.909; 8,192 × 0.0261; 51,200 × 0.025 + 10,240 × 0.024;
    # 960 × 0.419; 10 × 5
    "ap-southeast-2": ("5707.14", "93.82", "213.81", "1525.76", "402.24", "50.00"),
    # 1,460 × 5.195; 24 × 5.195; 8,192 × 0.043; 51,200 × 0.0405 + 10,240 × 0.039;
    # 960 × 0.5976; 10 × 5
    "sa-east-1": ("7584.70", "124.68", "352.26", "2472.96", "573.70", "50.00"),
}
KEYS = ("node-hours", "concurrency-scaling-hours", "managed-storage", "backup-storage",
        "serverless-rpu-hours", "spectrum-scanned")


@pytest.mark.parametrize("region", sorted(ANALYTICS_WAREHOUSE))
def test_analytics_warehouse_by_hand(cli, region: str) -> None:
    result = cli("estimate", str(REPO / "examples" / "analytics-warehouse.yaml"), "--region",
                 region, "--format", "json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    costs = {item["usage_key"]: Decimal(str(item["cost"])) for item in data["line_items"]}
    expected = dict(zip(KEYS, map(Decimal, ANALYTICS_WAREHOUSE[region]), strict=True))
    assert costs == expected
    assert Decimal(str(data["totals"]["monthly"])) == sum(expected.values())


def test_the_catalog_is_its_sources(tmp_path: Path) -> None:
    assert_catalogs_equal_their_sources(tmp_path, "redshift", [
        "redshift-ec2shop.yaml", "redshift-pricewatcher.yaml"])


# --- the generator's rules -------------------------------------------------------------

@pytest.fixture(scope="module")
def generator():
    """pricing/tools/pricewatcher_redshift.py as a module."""
    return load_tool("pricewatcher_redshift")


def _row(code: str, price: str, node_type: str = "", key: str | None = None) -> tuple:
    return key or code, {"rateCode": code, "price": price, "Instance Type": node_type,
                         "RegionlessRateCode": key or code}


def _region(node: str, per_second: str, storage: str, spectrum: str,
            backup: tuple[str, str, str], suffix: str) -> dict:
    rows = dict([
        _row(f"N{suffix}.JRTCKXETXF.6YS6EN2CT7", node, "ra3.4xlarge", "hash-node"),
        _row(f"C{suffix}.JRTCKXETXF.6YS6EN2CT7", per_second, "ra3.4xlarge", "hash-cs"),
        _row(f"F{suffix}.JRTCKXETXF.6YS6EN2CT7", "0.0000000000", "ra3.4xlarge", "hash-free"),
        _row(f"R{suffix}.JRTCKXETXF.6YS6EN2CT7", storage, "ra3.4xlarge", "hash-rms"),
        _row(f"S{suffix}.JRTCKXETXF.6YS6EN2CT7", spectrum, "", "hash-spectrum"),
        _row(f"T{suffix}.JRTCKXETXF.6YS6EN2CT7", "0.0200000000", "", "hash-transfer"),
        _row(f"B{suffix}.JRTCKXETXF.PGHJ3S3EYE", backup[0], "", "hash-b1"),
        _row(f"B{suffix}.JRTCKXETXF.D42MF2PVJS", backup[1], "", "hash-b2"),
        _row(f"B{suffix}.JRTCKXETXF.PXJDJ3YRG3", backup[2], "", "hash-b3"),
    ])
    rows["ra3 4xlarge OnDemand Compute Instance Current Generation"] = {
        **rows["hash-node"], "RegionlessRateCode": "hash-node"}
    rows["ra3 4xlarge Redshift Concurrency Scaling Current Generation RA3"] = {
        **rows["hash-cs"], "RegionlessRateCode": "hash-cs"}
    return rows


VIRGINIA = ("3.2600000000", "0.0009000000", "0.0240000000", "5.0000000000",
            ("0.0230000000", "0.0220000000", "0.0210000000"))
IRELAND = ("3.6060000000", "0.0010000000", "0.0240000000", "5.0000000000",
           ("0.0230000000", "0.0220000000", "0.0210000000"))


def _feed(virginia: tuple = VIRGINIA, ireland: tuple = IRELAND) -> dict:
    return {"manifest": {"hawkFilePublicationDate": "2025-05-12T22:29:06Z"}, "sets": {},
            "regions": {"US East (N. Virginia)": _region(*virginia, suffix="V"),
                        "EU (Ireland)": _region(*ireland, suffix="I")}}


def _root(tmp_path: Path) -> Path:
    return pricing_root(tmp_path, ("redshift.yaml", "redshift-ec2shop.yaml"), "redshift.yaml",
                        generated=False)


def _run(generator, tmp_path: Path, feed: dict) -> int:
    return run_on_feed(generator.main, tmp_path / "feed.json", feed,
                       "--root", str(_root(tmp_path)))


def test_the_generator_follows_the_hash_keys(generator, tmp_path: Path) -> None:
    assert _run(generator, tmp_path, _feed()) == 0
    source = (tmp_path / "pricing" / "sources" / "redshift-pricewatcher.yaml").read_text()
    rows = source.split("rates:\n")[1]
    assert rows == '  - [concurrency-scaling-hours, eu-west-1, [ra3.4xlarge], "3.606", 0]\n'
    card = (tmp_path / "pricing" / "aws" / "redshift.yaml").read_text()
    assert "'hash-rms'" in card and "'hash-spectrum'" in card
    assert ('eu-west-1: {tiers: [{up_to: 51200, rate: "0.023"}, {up_to: 512000, rate: '
            '"0.022"}, {rate: "0.021"}]') in card


@pytest.mark.parametrize(("index", "value"), [
    (0, "3.2700000000"),                          # node-hour ≠ Infracost's 3.26
    (1, "0.0010000000"),                          # per node-second ≠ Infracost's 0.0009
    (2, "0.0250000000"),                          # no ra3.4xlarge row at the card's 0.024
    (3, "5.5000000000"),                          # no unnamed row at the card's $5.00
])
def test_a_feed_that_disagrees_with_the_verified_figures_writes_nothing(
        generator, tmp_path: Path, index: int, value: str) -> None:
    virginia = list(copy.deepcopy(VIRGINIA))
    virginia[index] = value
    assert _run(generator, tmp_path, _feed(virginia=tuple(virginia))) == 1
    assert not (tmp_path / "pricing" / "sources" / "redshift-pricewatcher.yaml").exists()


def test_a_concurrency_row_far_from_the_node_rate_is_left_out(generator) -> None:
    ireland = list(IRELAND)
    ireland[1] = "0.0020000000"                   # twice 3.606 ÷ 3,600
    rows, dropped = generator.concurrency_rows(_feed(ireland=tuple(ireland)))
    assert [r[1] for r in rows] == ["us-east-1"] and "eu-west-1 ra3.4xlarge" in dropped[0]


def test_a_second_row_at_the_spectrum_figure_stops_the_run(generator) -> None:
    feed = _feed()
    entries = feed["regions"]["US East (N. Virginia)"]
    entries["hash-other"] = {**entries["hash-spectrum"], "rateCode":
                             "O.JRTCKXETXF.6YS6EN2CT7", "RegionlessRateCode": "hash-other"}
    card = generator.own_card(REPO / "pricing" / "aws" / "redshift.yaml")
    with pytest.raises(ValueError, match="2 rows could be Spectrum"):
        generator.hash_keys(feed, card)


@needs_mirror
def test_a_rerun_on_the_cited_feed_reproduces_the_shipped_files(generator,
                                                               tmp_path: Path) -> None:
    feed = tmp_path / "redshift.json"
    feed.write_bytes(mirrored("raw/redshift.json"))
    root = _root(tmp_path)
    assert generator.main([str(feed), "--commit", COMMIT, "--date", "2025-05-24",
                           "--root", str(root)]) == 0
    for path in ("sources/redshift-pricewatcher.yaml", "aws/redshift.yaml"):
        assert (root / path).read_text() == (REPO / "pricing" / path).read_text(), path
