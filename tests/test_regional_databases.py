"""Database services outside us-east-1 (issue 19): spot checks of the regional rates
against their sources' figures (typed by hand from the source, not read back from a
card), the ElastiCache importer's rules, hand-computed estimates in the three check
regions, and the example × region combinations that must still fail because no source
states a rate (exit 4 naming the missing key)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from awscalc.ratecards import RateBook

from .conftest import SHIPPED_PRICING, load_tool

SHIPPED = RateBook(SHIPPED_PRICING, "shipped")
CHECK_REGIONS = ("eu-west-1", "ap-southeast-2", "sa-east-1")
REGIONS_21 = (
    "us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1", "sa-east-1",
    "eu-west-1", "eu-west-2", "eu-west-3", "eu-central-1", "eu-north-1", "eu-south-1",
    "ap-south-1", "ap-southeast-1", "ap-southeast-2", "ap-northeast-1", "ap-northeast-2",
    "ap-northeast-3", "ap-east-1", "me-south-1", "af-south-1",
)
LEANERCLOUD = ("https://github.com/LeanerCloud/ec2-instances-info/blob/"
               "f9eafba8b0c94eb59a852a52c2f3c2da8370dcc5/data/elasticache-instances.json")


def _tool():
    return load_tool("leanercloud_elasticache")


# --- ElastiCache node hours: LeanerCloud/ec2-instances-info@f9eafba (3P-PL) ------------

# (region, node type, engine, purchase option) → $/h as data/elasticache-instances.json
# prints it at f9eafba (pricing[region][Engine]["ondemand"] / reserved "yrTerm1Standard.
# noUpfront" / "yrTerm3Standard.noUpfront").
NODE_RATES = {
    ("eu-west-1", "cache.m4.large", "redis", "on_demand"): "0.172",
    ("eu-west-1", "cache.m4.large", "memcached", "on_demand"): "0.172",
    ("eu-west-1", "cache.m4.large", "valkey", "on_demand"): "0.1376",
    ("ap-southeast-2", "cache.m4.large", "redis", "on_demand"): "0.218",
    ("ap-southeast-2", "cache.m4.large", "valkey", "on_demand"): "0.1744",
    ("sa-east-1", "cache.m4.large", "memcached", "on_demand"): "0.223",
    ("sa-east-1", "cache.m4.large", "valkey", "on_demand"): "0.1784",
    ("us-east-1", "cache.m6g.12xlarge", "valkey", "on_demand"): "2.8456",
    ("us-east-1", "cache.m6g.12xlarge", "valkey", "reserved:1yr:no_upfront"): "1.9424",
    ("us-east-1", "cache.m6g.12xlarge", "valkey", "reserved:3yr:no_upfront"): "1.4752",
    ("ca-central-1", "cache.m6g.2xlarge", "redis", "reserved:1yr:no_upfront"): "0.448",
    ("ca-central-1", "cache.m6g.2xlarge", "redis", "reserved:3yr:no_upfront"): "0.342",
}


@pytest.mark.parametrize("case", sorted(NODE_RATES), ids=lambda c: "-".join(c))
def test_elasticache_node_rates_are_the_tables(case: tuple[str, str, str, str]) -> None:
    region, node_type, engine, option = case
    rate = SHIPPED.rate("elasticache", "node-hours", region, (node_type, engine, option))
    assert rate.tiers[0].rate == Decimal(NODE_RATES[case])
    assert rate.verified is False and rate.source == LEANERCLOUD


def test_the_infracost_rows_keep_their_verified_source() -> None:
    """us-east-1 cache.m4.large Redis: Infracost's golden (0.156), verified, not the table's
    row (the same figure: the importer skips it and would stop on a different one)."""
    rate = SHIPPED.rate("elasticache", "node-hours", "us-east-1",
                        ("cache.m4.large", "redis", "on_demand"))
    assert rate.tiers[0].rate == Decimal("0.156") and rate.verified is True
    assert "infracost" in rate.source


def test_no_partial_or_all_upfront_rate_is_taken_from_the_table() -> None:
    from awscalc.errors import PricingError

    for option in ("reserved:1yr:partial_upfront", "reserved:3yr:all_upfront"):
        with pytest.raises(PricingError):
            SHIPPED.rate("elasticache", "node-hours", "ca-central-1",
                         ("cache.m6g.2xlarge", "redis", option))


@pytest.mark.parametrize("region", REGIONS_21)
def test_elasticache_backup_is_the_all_regions_figure(region: str) -> None:
    # "$0.085 per GB-month ... for all Regions" (AWS ElastiCache user guide, backups)
    rate = SHIPPED.rate("elasticache", "backup-storage", region)
    assert rate.tiers[0].rate == Decimal("0.085")


def test_importer_skips_zero_and_reads_no_upfront_only() -> None:
    tool = _tool()
    rows = tool.parse([{"instance_type": "cache.x9.large", "pricing": {
        "eu-west-1": {"Redis": {"ondemand": 0.0, "reserved": {
            "yrTerm1Standard.noUpfront": 0.5, "yrTerm1Standard.partialUpfront": 0.41,
            "yrTerm3Standard.allUpfront": 0.3}},
            "Valkey": {"ondemand": 0.1376, "reserved": {}}},
        "us-gov-west-1": {"Redis": {"ondemand": 0.9, "reserved": {}}}}}])
    assert rows == [
        ("node-hours", "eu-west-1", ("cache.x9.large", "redis", "reserved:1yr:no_upfront"),
         Decimal("0.5")),
        ("node-hours", "eu-west-1", ("cache.x9.large", "valkey", "on_demand"),
         Decimal("0.1376")),
    ]


@pytest.mark.parametrize(("item", "message"), [
    ({"instance_type": "m5.large", "pricing": {}}, "unexpected node type"),
    ({"instance_type": "cache.m5.large",
      "pricing": {"eu-west-1": {"Redis7": {"ondemand": 1}}}}, "unknown engine"),
    ({"instance_type": "cache.m5.large",
      "pricing": {"eu-west-1": {"Redis": {"ondemand": -1}}}}, "not a price"),
    ({"instance_type": "cache.m5.large",
      "pricing": {"eu-west-1": {"Redis": {"ondemand": "0.1x"}}}}, "not a price"),
])
def test_importer_refuses_an_unexpected_shape(item: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        _tool().parse([item])


def test_importer_stops_when_a_hand_row_differs(tmp_path: Path) -> None:
    tool = _tool()
    hand = tmp_path / "hand.yaml"
    hand.write_text(
        "service: elasticache\ntitle: t\nsources:\n  - {source: x, retrieved: '2024-07-01'}\n"
        "keys:\n  - {key: node-hours, description: d, unit: node-hour,\n"
        "     dimensions: [node_type, engine, purchase_option]}\n"
        "rates:\n  - [node-hours, us-east-1, [cache.m4.large, redis, on_demand], '0.156', 0]\n",
        encoding="utf-8")
    same = [("node-hours", "us-east-1", ("cache.m4.large", "redis", "on_demand"),
             Decimal("0.156"))]
    assert tool.without_hand_rows(same, hand) == []
    other = [(*same[0][:3], Decimal("0.157"))]
    with pytest.raises(SystemExit, match=r"0\.157"):
        tool.without_hand_rows(other, hand)


# --- estimates in the check regions -----------------------------------------------------

def _estimate(cli, tmp_path: Path, region: str, resource: str) -> dict:
    path = tmp_path / "spec.yaml"
    path.write_text(f"name: t\nregion: {region}\nfree_tier: false\nresources:\n{resource}",
                    encoding="utf-8")
    result = cli("estimate", str(path), "--format", "json")
    assert result.code == 0, result.err
    return json.loads(result.out)


# cache-tier's node-based clusters: 2 shards × (1 + 1 replica) = 4 Redis nodes and
# 2 Memcached nodes of cache.m4.large, 730 h each.
NODES = ("  sessions:\n    service: elasticache\n    engine: redis\n"
         "    node_type: cache.m4.large\n    shards: 2\n    replicas_per_shard: 1\n"
         "  fragments:\n    service: elasticache\n    engine: memcached\n"
         "    node_type: cache.m4.large\n    count: 2\n")
NODE_TOTALS = {
    # (4 + 2) × 730 h × $0.172 = $753.36
    "eu-west-1": 753.36,
    # (4 + 2) × 730 h × $0.218 = $954.84
    "ap-southeast-2": 954.84,
    # (4 + 2) × 730 h × $0.223 = $976.74
    "sa-east-1": 976.74,
}


@pytest.mark.parametrize("region", CHECK_REGIONS)
def test_cache_tier_node_clusters_by_hand(cli, tmp_path: Path, region: str) -> None:
    data = _estimate(cli, tmp_path, region, NODES)
    assert Decimal(str(data["totals"]["monthly"])) == Decimal(str(NODE_TOTALS[region]))


def test_redis_backups_by_hand_in_sa_east_1(cli, tmp_path: Path) -> None:
    # 1 Redis node: 730 h × $0.223 = $162.79; 7 backups of 3 GB, one free: 18 GB × $0.085
    # = $1.53
    data = _estimate(cli, tmp_path, "sa-east-1", (
        "  c:\n    service: elasticache\n    engine: redis\n    node_type: cache.m4.large\n"
        "    shards: 1\n    replicas_per_shard: 0\n"
        "    backup_storage: {size: 3 GB, count: 7}\n"))
    assert Decimal(str(data["totals"]["monthly"])) == Decimal("164.32")


# --- RDS / Aurora card rates ------------------------------------------------------------

CARD_RATES = {
    # Infracost rds_cluster_test golden, aws_rds_cluster.my_sql_brazil (sa-east-1)
    ("aurora", "storage", "sa-east-1"): ("0.19", True),
    ("aurora", "io-requests", "sa-east-1"): ("0.28", True),
    ("aurora", "snapshot-export", "sa-east-1"): ("0.015", True),
    ("aurora", "backup-storage", "sa-east-1"): ("0.037", False),
    # AWS Price List AmazonRDS eu-west-1 2018 rows copied in ligoj/plugin-prov-aws
    ("aurora", "storage", "eu-west-1"): ("0.11", False),
    ("aurora", "io-requests", "eu-west-1"): ("0.22", False),
    ("aurora", "backtrack", "eu-west-1"): ("0.013", False),
    ("rds", "gp2-storage", "eu-west-1"): ("0.127", False),
    ("rds", "gp2-storage-multi-az", "eu-west-1"): ("0.253", False),
    ("rds", "io1-storage", "eu-west-1"): ("0.138", False),
    ("rds", "io1-iops", "eu-west-1"): ("0.11", False),
    ("rds", "magnetic-storage", "eu-west-1"): ("0.11", False),
    ("rds", "magnetic-io", "eu-west-1"): ("0.11", False),
    ("rds", "backup-storage", "eu-west-1"): ("0.095", False),
}


@pytest.mark.parametrize("case", sorted(CARD_RATES), ids=lambda c: "-".join(c))
def test_rds_and_aurora_card_rates(case: tuple[str, str, str]) -> None:
    service, key, region = case
    figure, verified = CARD_RATES[case]
    rate = SHIPPED.rate(service, key, region)
    assert rate.tiers[0].rate == Decimal(figure) and rate.verified is verified


@pytest.mark.parametrize(("service", "key", "region"), [
    # AWS's 2025 Aurora feed has no Backtrack row for sa-east-1 and no I/O-Optimized rate
    # ships outside us-east-1 (tests/test_pricewatcher_aurora.py)
    ("aurora", "backtrack", "sa-east-1"),
    ("aurora", "serverless-v2-io-optimized", "ap-southeast-2"),
])
def test_unsourced_card_rates_stay_missing(service: str, key: str, region: str) -> None:
    from awscalc.errors import PricingError

    with pytest.raises(PricingError):
        SHIPPED.rate(service, key, region)


# --- RDS / Aurora instance hours: vantage-sh/ec2instances.info@14ede5a5 (3P-PL) ------------

VANTAGE = ("https://github.com/vantage-sh/ec2instances.info/blob/"
           "14ede5a54df6e33be6ccf96ae9cb60e168635844/www/rds/instances.json")

# (service, region, dimensions) → $/h as www/rds/instances.json prints it at 14ede5a5
# (pricing[region][engineCode]["ondemand"], Single-AZ rows only). MySQL, MariaDB and
# PostgreSQL rows now come from AWS's 2024 pricing-page feeds instead
# (tests/test_regional_databases_s4.py), Aurora rows from AWS's 2025 Aurora feed
# (tests/test_pricewatcher_aurora.py).
INSTANCE_RATES = {
    ("rds", "eu-west-1", ("db.t3.large", "sqlserver_web", "included", "single_az",
                          "on_demand")): "0.242",
    ("rds", "eu-west-1", ("db.t3.large", "sqlserver_ex", "included", "single_az",
                          "on_demand")): "0.173",
    ("rds", "eu-west-1", ("db.t3.large", "oracle_se2", "included", "single_az",
                          "on_demand")): "0.308",
}


@pytest.mark.parametrize("case", sorted(INSTANCE_RATES), ids=lambda c: "-".join((c[0], c[1],
                                                                                  *c[2][:2])))
def test_rds_and_aurora_instance_rates_are_the_tables(case) -> None:
    service, region, dims = case
    rate = SHIPPED.rate(service, "instance-hours", region, dims)
    assert rate.tiers[0].rate == Decimal(INSTANCE_RATES[case])
    assert rate.verified is False and rate.source == VANTAGE


@pytest.mark.parametrize(("service", "region", "dims"), [
    # no source gives a Multi-AZ row of a licence-included engine outside us-east-1
    ("rds", "eu-west-1", ("db.t3.large", "sqlserver_web", "included", "multi_az",
                          "on_demand")),
    # Oracle BYOL engine codes are not read (no golden pins them down)
    ("rds", "eu-west-1", ("db.t3.large", "oracle_ee", "byol", "single_az", "on_demand")),
    # no I/O-Optimized rows at all (the 2021 table predates them)
    ("aurora", "eu-west-1", ("db.r6g.large", "postgresql", "io_optimized", "on_demand")),
    ("aurora", "eu-west-1", ("db.r4.large", "mysql", "io_optimized", "on_demand")),
])
def test_unsourced_instance_rates_stay_missing(service: str, region: str,
                                               dims: tuple[str, ...]) -> None:
    from awscalc.errors import PricingError

    with pytest.raises(PricingError):
        SHIPPED.rate(service, "instance-hours", region, dims)


def test_the_goldens_keep_their_rows_in_us_east_1() -> None:
    rate = SHIPPED.rate("rds", "instance-hours", "us-east-1",
                        ("db.t3.large", "mysql", "none", "single_az", "on_demand"))
    assert rate.tiers[0].rate == Decimal("0.136") and rate.verified is True


def _vantage():
    return load_tool("vantage_rds")


def test_vantage_importer_reads_engine_codes_only() -> None:
    rds, aurora = _vantage().parse([{"instance_type": "db.r5.2xlarge.tpc2.mem4x", "pricing": {
        "eu-west-1": {"2": {"ondemand": 1.5}, "MySQL": {"ondemand": 9.9},
                      "3": {"ondemand": 1.1}, "14": {"ondemand": 0}, "21": {"ondemand": 2}},
        "us-gov-west-1": {"2": {"ondemand": 1.7}}}}])
    assert rds == [("instance-hours", "eu-west-1", ("db.r5.2xlarge.tpc2.mem4x", "mysql", "none",
                                                    "single_az", "on_demand"), Decimal("1.5"))]
    assert aurora == [("instance-hours", "eu-west-1", ("db.r5.2xlarge.tpc2.mem4x",
                                                       "postgresql", "standard", "on_demand"),
                       Decimal("2"))]


def test_vantage_importer_keeps_a_differing_hand_row_and_says_so(tmp_path: Path) -> None:
    hand = tmp_path / "rds.yaml"
    hand.write_text(
        "service: rds\ntitle: t\nsources:\n  - {source: x, retrieved: '2026-05-03'}\n"
        "keys:\n  - {key: instance-hours, description: d, unit: instance-hour,\n"
        "     dimensions: [instance_class, engine, license, deployment, purchase_option]}\n"
        "rates:\n  - [instance-hours, us-east-1, [db.t3.large, mysql, none, single_az, "
        "on_demand], '0.136', 0]\n", encoding="utf-8")
    dims = ("db.t3.large", "mysql", "none", "single_az", "on_demand")
    kept, differing = _vantage().without_hand_rows(
        [("instance-hours", "us-east-1", dims, Decimal("0.137")),
         ("instance-hours", "eu-west-1", dims, Decimal("0.144"))], hand)
    assert kept == [("instance-hours", "eu-west-1", dims, Decimal("0.144"))]
    assert len(differing) == 1 and "0.137" in differing[0] and "kept 0.136" in differing[0]


def test_rds_single_az_by_hand_in_eu_west_1(cli, tmp_path: Path) -> None:
    # 730 h × $0.144 = $105.12; 100 GB gp2 × $0.127 = $12.70 → $117.82
    data = _estimate(cli, tmp_path, "eu-west-1", (
        "  d:\n    service: rds\n    engine: mysql\n    instance_class: db.t3.large\n"
        "    storage: {type: gp2, size: 100 GB}\n"))
    assert Decimal(str(data["totals"]["monthly"])) == Decimal("117.82")


def test_aurora_mysql_by_hand_in_eu_west_1(cli, tmp_path: Path) -> None:
    # 730 h × $0.32 = $233.60; 100 GB × $0.11 = $11.00; 10 M I/Os × $0.22 = $2.20 → $246.80
    data = _estimate(cli, tmp_path, "eu-west-1", (
        "  a:\n    service: aurora\n    engine: mysql\n    compare: false\n"
        "    instances:\n      - {instance_class: db.r4.large}\n"
        "    storage: 100 GB\n    io_requests: 10M\n"))
    assert Decimal(str(data["totals"]["monthly"])) == Decimal("246.80")


def test_reserved_no_upfront_node_by_hand_in_ca_central_1(cli, tmp_path: Path) -> None:
    # 3-year No Upfront cache.m6g.2xlarge Redis: 730 h × $0.342 = $249.66, no upfront fee
    data = _estimate(cli, tmp_path, "ca-central-1", (
        "  c:\n    service: elasticache\n    engine: redis\n    node_type: cache.m6g.2xlarge\n"
        "    shards: 1\n    replicas_per_shard: 0\n    purchase: reserved\n"
        "    reserved: {term: 3yr, payment: no_upfront}\n"))
    assert Decimal(str(data["totals"]["monthly"])) == Decimal("249.66")
    assert Decimal(str(data["totals"]["one_time"])) == 0
