"""Amazon Neptune outside eu-west-2 (issue 19): instance hours, storage, I/O and backup
rates from AWS's Neptune pricing-page feed published 2025-04-29, as committed in
iann0036/aws-price-watcher (raw/neptune.json @ d65c44f0c; MIT; 3P-PL, unverified).
Figures are typed by hand from the feed's rows ('Neptune Memory Optimized Current
Generation db r4.large', 'Storage Rate', 'IO Rate' per I/O, 'Storage Snapshot Rate', …),
not read back from a card; clusters are priced by hand; the generator's mapping check
(pricing/tools/pricewatcher_neptune.py) refuses a feed whose eu-west-2 figures differ from
the shipped verified ones."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from awscalc.ratecards import RateBook

from . import regional
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
SOURCE = f"https://github.com/iann0036/aws-price-watcher/blob/{COMMIT}/raw/neptune.json"

# (region, class, configuration) → $/h, the feed's rows at d65c44f0c
INSTANCES = {
    ("eu-west-1", "db.r4.large", "standard"): "0.384",
    ("eu-west-1", "db.t3.medium", "standard"): "0.106",
    ("eu-west-1", "db.t3.medium", "io_optimized"): "0.143",
    ("ap-southeast-2", "db.r4.large", "standard"): "0.42",
    ("ap-southeast-2", "db.t3.medium", "standard"): "0.15",
    ("ap-southeast-2", "db.r6g.large", "io_optimized"): "0.535",
    ("sa-east-1", "db.r5.large", "standard"): "0.72",
    ("sa-east-1", "db.t3.medium", "standard"): "0.2016",
    ("sa-east-1", "db.t3.medium", "io_optimized"): "0.272",
    # only a set member, '22XPAGFND3V3Z5MH JRTCKXETXF.6YS6EN2CT7 0' (no descriptive row
    # names the r7g classes)
    ("eu-west-1", "db.r7g.large", "standard"): "0.3045",
}
# (key, region) → the feed's figure in the card's unit (IO Rate: per I/O × 1,000,000)
CARD = {
    ("storage", "eu-west-1"): "0.1",
    ("io-requests", "eu-west-1"): "0.22",          # 0.0000002200 per I/O
    ("backup-storage", "eu-west-1"): "0.021",
    ("storage", "ap-southeast-2"): "0.11",
    ("io-requests", "ap-southeast-2"): "0.22",
    ("backup-storage", "ap-southeast-2"): "0.023",
    ("storage", "sa-east-1"): "0.19",
    ("io-requests", "sa-east-1"): "0.28",          # 0.0000002800 per I/O
    ("backup-storage", "sa-east-1"): "0.037",
}


@pytest.mark.parametrize("case", sorted(INSTANCES), ids="-".join)
def test_instance_rates_are_the_feeds(case: tuple[str, str, str]) -> None:
    region, klass, configuration = case
    rate = SHIPPED.rate("neptune", "instance-hours", region,
                        (klass, configuration, "on_demand"))
    assert rate.tiers[0].rate == Decimal(INSTANCES[case])
    assert rate.verified is False and rate.source == SOURCE


@pytest.mark.parametrize("case", sorted(CARD), ids="-".join)
def test_card_rates_are_the_feeds(case: tuple[str, str]) -> None:
    key, region = case
    rate = SHIPPED.rate("neptune", key, region)
    assert rate.tiers[0].rate == Decimal(CARD[case])
    assert rate.verified is False
    assert "aws-price-watcher raw/neptune.json @ d65c44f0c" in rate.note
    assert "published 2025-04-29" in rate.note and "3P-PL" in rate.note


def test_eu_west_2_keeps_its_verified_rates() -> None:
    rate = SHIPPED.rate("neptune", "instance-hours", "eu-west-2",
                        ("db.r4.large", "standard", "on_demand"))
    assert rate.tiers[0].rate == Decimal("0.408") and rate.verified is not False
    assert SHIPPED.rate("neptune", "io-requests", "eu-west-2").verified is not False


def line_costs(data: dict) -> list[tuple[str, float]]:
    """(usage key, cost) of every line item, in report order."""
    return [(item["usage_key"], item["cost"]) for item in data["line_items"]]


CLUSTER = ("  g:\n    service: neptune\n    instances:\n"
           "      - {{instance_class: {big}, count: 2}}\n"
           "      - {{instance_class: db.t3.medium, hours: 360 h}}\n"
           "    storage: 100 GB\n    io_requests: 10M\n    backup_storage: 1000 GB\n")
# graph-db without its CPU credits, by hand; backup: 1,000 GB − the 100 GB volume = 900 GB
BY_HAND = {
    # 2 × 730 h × 0.384; 360 h × 0.106; 100 × 0.10; 10 M × 0.22; 900 × 0.021
    "eu-west-1": ("db.r4.large", [560.64, 38.16, 10.0, 2.2, 18.9]),
    # 2 × 730 h × 0.42; 360 h × 0.15; 100 × 0.11; 10 M × 0.22; 900 × 0.023
    "ap-southeast-2": ("db.r4.large", [613.2, 54.0, 11.0, 2.2, 20.7]),
    # db.r5.large (no r4 row for São Paulo): 2 × 730 h × 0.72; 360 h × 0.2016 = 72.576;
    # 100 × 0.19; 10 M × 0.28; 900 × 0.037
    "sa-east-1": ("db.r5.large", [1051.2, 72.58, 19.0, 2.8, 33.3]),
}


@pytest.mark.parametrize("region", sorted(BY_HAND))
def test_a_standard_cluster_by_hand(cli, tmp_path: Path, region: str) -> None:
    big, costs = BY_HAND[region]
    data = regional.estimate(cli, regional.spec(tmp_path, region, CLUSTER.format(big=big)))
    keys = ["instance-hours", "instance-hours", "storage", "io-requests", "backup-storage"]
    assert line_costs(data) == list(zip(keys, costs, strict=True))


@pytest.mark.parametrize(("region", "resource", "missing"), [
    # db.t4g credits are not identified (their probable row is listed where no db.t4g
    # class is offered)
    ("eu-west-1", "{service: neptune, instances: [{instance_class: db.t4g.medium, "
                  "cpu_credits: 40}], storage: 10 GB, compare: false}",
     "CPU credits of family 'db.t4g'"),
    # São Paulo's feed has no db.r4.large row; none is copied from another region
    ("sa-east-1", "{service: neptune, instances: [{instance_class: db.r4.large}], "
                  "storage: 10 GB, compare: false}", "DB instance class 'db.r4.large'"),
])
def test_what_the_feed_lacks_stays_missing(cli, tmp_path: Path, region: str, resource: str,
                                           missing: str) -> None:
    spec = regional.spec(tmp_path, region, f"  g: {resource}\n")
    result = cli("estimate", str(spec))
    assert result.code == 4
    assert missing in result.err and f"'{region}'" in result.err


# the unnamed row kw0E_e8Bh… ('Instance Type' empty), per vCPU-hour, at d65c44f0c
CREDITS = {"eu-west-1": "0.15", "ap-southeast-2": "0.15", "sa-east-1": "0.15",
           "us-east-1": "0.15"}


@pytest.mark.parametrize("region", sorted(CREDITS))
def test_db_t3_cpu_credits_are_the_identified_row(region: str) -> None:
    rate = SHIPPED.rate("neptune", "cpu-credits", region, ("db.t3",))
    assert rate.tiers[0].rate == Decimal(CREDITS[region]) and rate.verified is False
    assert "kw0E_e8BhDZ0Xpry1VsERuI1Orir7AdWXqSkAreeBwY" in rate.note


def test_t3_credits_by_hand_in_ap_southeast_2(cli, tmp_path: Path) -> None:
    data = regional.estimate(cli, regional.spec(tmp_path, "ap-southeast-2", (
        "  g: {service: neptune, instances: [{instance_class: db.t3.medium, hours: 360 h,"
        " cpu_credits: 40}], storage: 10 GB, compare: false}\n")))
    # 360 h × $0.15 = $54.00; 40 vCPU-hours × $0.15 = $6.00; 10 GB × $0.11 = $1.10
    assert line_costs(data) == [("instance-hours", 54.0), ("cpu-credits", 6.0),
                                ("storage", 1.1)]


def test_the_catalog_is_its_sources_built(tmp_path: Path) -> None:
    assert_catalogs_equal_their_sources(tmp_path, "neptune", ["neptune-pricewatcher.yaml",
                                                              "neptune-pricewatcher-credits.yaml"])


# --- the generator ------------------------------------------------------------------------

def tiny_feed(r4_large: str) -> dict:
    """A feed with eu-west-2 and eu-west-1 rows of every kind the generator reads (eu-west-2
    at the shipped verified figures, except db.r4.large at ``r4_large``)."""
    def member(sku: str, n: int) -> str:
        return f"{sku} JRTCKXETXF.6YS6EN2CT7 {n}"

    def entry(sku: str, price: str, klass: str | None = None) -> dict:
        found = {"rateCode": f"{sku}.JRTCKXETXF.6YS6EN2CT7", "price": price}
        return found if klass is None else {**found, "Instance Type": klass}

    def unnamed(code: str, price: str) -> dict:
        return {code: {"rateCode": f"U{code}.JRTCKXETXF.6YS6EN2CT7", "price": price,
                       "RegionlessRateCode": code, "Instance Type": ""}}

    london = {**unnamed("C3", "0.1500000000"), **unnamed("C4G", "0.1500000000"),
              "T4G": entry("T4G", "0.1000000000", "db.t4g.medium"),
              member("R4", 0): entry("R4", r4_large, "db.r4.large"),
              member("T3", 0): entry("T3", "0.1120000000", "db.t3.medium"),
              member("T3IO", 1): entry("T3IO", "0.1510000000", "db.t3.medium"),
              "Storage Rate": entry("S", "0.1160000000"),
              "IO Rate": entry("I", "0.0000002320"),
              "Storage Snapshot Rate": entry("B", "0.0220000000")}
    cape_town = {**unnamed("C3", "0.1500000000"),
                 "T3ZA": entry("T3ZA", "0.1000000000", "db.t3.medium")}
    ireland = {**unnamed("C3", "0.1600000000"), **unnamed("C4G", "0.1600000000"),
               member("R4IE", 0): entry("R4IE", "0.3840000000", "db.r4.large"),
               member("T3IE", 0): entry("T3IE", "0.0000000000", "db.t3.medium"),
               "IO Rate": entry("IIE", "0.0000002200")}
    return {"manifest": {"hawkFilePublicationDate": "2025-04-29T17:49:36Z"},
            "sets": {"Neptune Memory Optimized Current Generation": [
                         member("R4", 0), member("R4IE", 0)],
                     "Neptune General purpose Current Generation": [
                         member("T3", 0), member("T3IE", 0)],
                     "Neptune IO optimized General purpose Current Generation": [
                         member("T3IO", 1)]},
            "regions": {"EU (London)": london, "EU (Ireland)": ireland,
                        "Africa (Cape Town)": cape_town}}


def pricing_copy(tmp_path: Path) -> Path:
    """pricing/ with the hand-entered Neptune source and the card without generated lines."""
    return pricing_root(tmp_path, ("neptune.yaml",), "neptune.yaml", generated=False)


def run(tmp_path: Path, feed: dict, root: Path) -> int:
    """The generator's exit code on ``feed``."""
    return run_on_feed(load_tool("pricewatcher_neptune").main, tmp_path / "neptune.json",
                       feed, "--root", str(root))


def test_the_mapping_check_refuses_a_differing_verified_figure(tmp_path: Path, capsys) -> None:
    root = pricing_copy(tmp_path)
    card = (root / "aws" / "neptune.yaml").read_text(encoding="utf-8")
    assert run(tmp_path, tiny_feed("0.4090000000"), root) == 1
    assert "eu-west-2 db.r4.large/standard/on_demand: shipped 0.408, feed 0.409" in (
        capsys.readouterr().err)
    assert not (root / "sources" / "neptune-pricewatcher.yaml").exists()
    assert (root / "aws" / "neptune.yaml").read_text(encoding="utf-8") == card


def test_the_generator_rules_on_a_tiny_feed(tmp_path: Path) -> None:
    root = pricing_copy(tmp_path)
    assert run(tmp_path, tiny_feed("0.4080000000"), root) == 0
    from awscalc.catalog import read_catalog_source

    rows = read_catalog_source(root / "sources" / "neptune-pricewatcher.yaml")["rates"]
    # eu-west-2's rows are the hand-entered source's; eu-west-1's zero is missing, not free
    assert [(r.region, r.dims, r.rate) for r in rows] == [
        ("eu-west-1", ("db.r4.large", "standard", "on_demand"), Decimal("0.384"))]
    book = RateBook(root / "aws", "tiny")
    assert book.rate("neptune", "io-requests", "eu-west-1").tiers[0].rate == Decimal("0.22")
    assert book.rate("neptune", "io-requests", "eu-west-2").verified is not False


def test_the_credit_row_is_the_one_listed_alone_where_only_db_t3_is_offered(
        tmp_path: Path) -> None:
    root = pricing_copy(tmp_path)
    assert run(tmp_path, tiny_feed("0.4080000000"), root) == 0
    from awscalc.catalog import read_catalog_source

    rows = read_catalog_source(root / "sources" / "neptune-pricewatcher-credits.yaml")["rates"]
    # eu-west-2's figure is the hand-entered source's; Ireland's C3 at 0.16, Cape Town's
    assert [(r.region, r.dims, r.rate) for r in rows] == [
        ("af-south-1", ("db.t3",), Decimal("0.15")), ("eu-west-1", ("db.t3",), Decimal("0.16"))]


@pytest.mark.parametrize("change", ["third row", "lone row differs", "t4g where alone"])
def test_an_unidentifiable_credit_row_is_refused(change: str) -> None:
    feed = tiny_feed("0.4080000000")
    regions = feed["regions"]
    if change == "third row":      # three unnamed rows at the verified figure
        regions["EU (London)"]["C5"] = {**regions["EU (London)"]["C3"], "RegionlessRateCode": "C5"}
    elif change == "lone row differs":   # another region lists only the other row
        regions["EU (Paris)"] = {"C4G": regions["EU (London)"]["C4G"],
                                 "T3FR": regions["Africa (Cape Town)"]["T3ZA"]}
    else:                          # where one row is listed alone, db.t4g is offered
        regions["Africa (Cape Town)"]["T4GZA"] = regions["EU (London)"]["T4G"]
    with pytest.raises(ValueError):
        load_tool("pricewatcher_neptune").credit_key(feed, Decimal("0.15"))


def test_a_set_member_that_is_not_on_demand_is_refused() -> None:
    feed = tiny_feed("0.4080000000")
    feed["regions"]["EU (Ireland)"]["R4IE JRTCKXETXF.6YS6EN2CT7 0"]["rateCode"] = (
        "R4IE.JRTCKXETXF.2TG2D8R56U")
    with pytest.raises(ValueError, match="rate code"):
        load_tool("pricewatcher_neptune").instance_rows(feed)


def test_an_unknown_set_is_refused() -> None:
    feed = tiny_feed("0.4080000000")
    feed["sets"]["Neptune Serverless"] = []
    with pytest.raises(ValueError, match="unknown feed set"):
        load_tool("pricewatcher_neptune").instance_rows(feed)


@needs_mirror
def test_regenerating_reproduces_the_shipped_files(tmp_path: Path) -> None:
    feed = mirrored("raw/neptune.json")
    root = pricing_copy(tmp_path)
    assert run(tmp_path, json.loads(feed), root) == 0   # so the mapping check held
    for path in ("sources/neptune-pricewatcher.yaml", "sources/neptune-pricewatcher-credits.yaml",
                 "aws/neptune.yaml"):
        assert (root / path).read_bytes() == (REPO / "pricing" / path).read_bytes(), path
