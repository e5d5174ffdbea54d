"""ElastiCache: node counting per engine, reserved nodes, serverless minimums at their
boundary, backups and their free allowance, missing-rate errors, and the catalogs.

Published examples: Infracost's goldens (AWS Price List, 2024-07-01; cost ÷ quantity in
pricing-facts-wave2 §13) — their totals are reproduced from awscalc's own rule and rates.
"""

from __future__ import annotations

import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from awscalc.catalog import CatalogKey, CatalogRate, CatalogSource, write_catalog
from awscalc.errors import PricingError, SpecError
from awscalc.estimate import estimate
from awscalc.ratecards import RateBook
from awscalc.spec import parse_spec

from ..catalog_checks import assert_catalogs_equal_their_sources
from ..conftest import FROZEN_PRICING

DIMS = ("node_type", "engine", "purchase_option")
FROZEN = RateBook(FROZEN_PRICING, "frozen")


def price(yaml_text: str, book: RateBook = FROZEN):
    return estimate(parse_spec(yaml_text, "test.yaml"), book)


def cache(engine: str = "redis", region: str = "us-east-1", **keys: object) -> str:
    extra = "".join(f"\n    {key}: {value}" for key, value in keys.items())
    return (f"region: {region}\nresources:\n  c:\n    service: elasticache\n"
            f"    engine: {engine}{extra}\n")


def costs(result) -> list[tuple[Decimal, Decimal]]:
    return [(item.quantity, item.cost) for item in result.line_items]


# --- nodes ------------------------------------------------------------------------------

def test_redis_cluster_nodes_are_shards_times_one_plus_replicas() -> None:
    # Infracost elasticache_replication_group_test "cluster": 4 node groups × (1 + 3
    # replicas) = 16 cache.m4.large nodes; 16 × 730 h = 11,680 h × $0.156 = $1,822.08
    result = price(cache(node_type="cache.m4.large", shards=4, replicas_per_shard=3))
    assert costs(result) == [(Decimal(11680), Decimal("1822.08"))]
    assert "4 shards × (1 + 3 replicas) = 16 × cache.m4.large" in result.line_items[0].component


def test_redis_without_cluster_mode_is_one_shard_with_replicas() -> None:
    # Infracost "non-cluster": 3 cache.r5.4xlarge nodes = 1 shard × (1 + 2 replicas);
    # 3 × 730 h = 2,190 h × $1.724 = $3,775.56
    result = price(cache(node_type="cache.r5.4xlarge", replicas_per_shard=2))
    assert costs(result) == [(Decimal(2190), Decimal("3775.56"))]


def test_single_redis_node() -> None:
    # Infracost elasticache_cluster_test "redis": 730 h × $3.557 = $2,596.61
    result = price(cache(node_type="cache.m6g.12xlarge"))
    assert costs(result) == [(Decimal(730), Decimal("2596.61"))]
    assert result.line_items[0].verified


def test_memcached_nodes_are_count() -> None:
    # Infracost elasticache_cluster_test "memcached": 2 × 730 h = 1,460 h × $0.156 = $227.76
    result = price(cache("memcached", node_type="cache.m4.large", count=2))
    assert costs(result) == [(Decimal(1460), Decimal("227.76"))]


@pytest.mark.parametrize(("engine", "key", "value"), [
    ("memcached", "shards", 2), ("memcached", "replicas_per_shard", 1),
    ("redis", "count", 3), ("valkey", "count", 3)])
def test_node_keys_of_the_other_engine_are_errors(engine: str, key: str, value: int) -> None:
    with pytest.raises(SpecError, match=key):
        price(cache(engine, node_type="cache.m4.large", **{key: value}))


def test_unknown_node_type_is_a_did_you_mean() -> None:
    with pytest.raises(SpecError, match=re.escape("did you mean 'cache.m4.large'")):
        price(cache(node_type="cache.m4.larg"))


def test_a_cache_needs_nodes_or_serverless() -> None:
    with pytest.raises(SpecError, match="needs 'node_type'"):
        price(cache())
    with pytest.raises(SpecError, match="'shards' applies to node-based"):
        price(cache(serverless="{storage: 1 GB}", shards=2))


# --- reserved nodes ---------------------------------------------------------------------

def test_reserved_no_upfront_bills_every_hour_and_has_no_upfront_line() -> None:
    # Infracost "redis_reserved_1yr_no_upfront": 730 h × $2.428 = $1,772.44
    result = price(cache(node_type="cache.m6g.12xlarge", purchase="reserved",
                         reserved="{term: 1yr, payment: no_upfront}"))
    assert costs(result) == [(Decimal(730), Decimal("1772.44"))]
    assert result.one_time_total == Decimal("0.00")
    # effective monthly = $0 / 12 + $1,772.44; the term: 12 × $1,772.44 = $21,269.28
    commitment = result.details["c"]["commitment"]
    assert commitment["effective_monthly"] == Decimal("1772.44")
    assert commitment["term_total"] == Decimal("21269.28")


def book_with(tmp_path: Path, rows: list[tuple[str, str, str]]) -> RateBook:
    """The frozen card plus a test-only catalog of cache.m4.large Redis rows."""
    for card in FROZEN_PRICING.glob("*.yaml"):
        shutil.copy(card, tmp_path / card.name)
    keys = [CatalogKey("node-hours", "Node hours", "node-hour", DIMS),
            CatalogKey("reserved-upfront", "Upfront", "node", DIMS)]
    write_catalog(tmp_path / "elasticache.sqlite", service="elasticache", title="test",
                  keys=keys, sources=[CatalogSource("https://example.com/test", "2026-11-30")],
                  rates=[CatalogRate(key, "us-east-1", ("cache.m4.large", "redis", option),
                                     Decimal(rate)) for key, option, rate in rows])
    return RateBook(tmp_path, "test")


# Test-only rates (not AWS's): round numbers so every value is hand-checkable.
RESERVED = [("node-hours", "on_demand", "2.00"),
            ("node-hours", "reserved:1yr:partial_upfront", "1.00"),
            ("reserved-upfront", "reserved:1yr:partial_upfront", "3000"),
            ("node-hours", "reserved:3yr:all_upfront", "0"),
            ("reserved-upfront", "reserved:3yr:all_upfront", "36000")]


def test_reserved_partial_upfront_splits_recurring_and_one_time(tmp_path: Path) -> None:
    result = price(cache(node_type="cache.m4.large", replicas_per_shard=1, purchase="reserved",
                         reserved="{term: 1yr, payment: partial_upfront}"),
                   book_with(tmp_path, RESERVED))
    monthly, upfront = result.line_items
    # 2 nodes × 730 h × $1.00 = $1,460.00 a month; 2 × $3,000 = $6,000.00 once
    assert (monthly.quantity, monthly.cost, monthly.one_time) == (
        Decimal(1460), Decimal("1460.00"), False)
    assert (upfront.quantity, upfront.cost, upfront.one_time) == (
        Decimal(2), Decimal("6000.00"), True)
    # effective monthly: $6,000 / 12 + $1,460 = $1,960.00
    assert result.details["c"]["commitment"]["effective_monthly"] == Decimal("1960.00")


def test_reserved_all_upfront_3yr(tmp_path: Path) -> None:
    result = price(cache(node_type="cache.m4.large", purchase="reserved",
                         reserved="{term: 3yr, payment: all_upfront}"),
                   book_with(tmp_path, RESERVED))
    assert [(i.cost, i.one_time) for i in result.line_items] == [
        (Decimal("0.00"), False), (Decimal("36000.00"), True)]
    # $36,000 / 36 months = $1,000.00
    assert result.details["c"]["commitment"]["effective_monthly"] == Decimal("1000.00")


def test_reserved_needs_its_settings() -> None:
    with pytest.raises(SpecError, match="needs 'reserved'"):
        price(cache(node_type="cache.m4.large", purchase="reserved"))
    with pytest.raises(SpecError, match="applies to purchase: reserved"):
        price(cache(node_type="cache.m4.large", reserved="{term: 1yr}"))


# --- serverless -------------------------------------------------------------------------

@pytest.mark.parametrize(("stored", "gb_hours", "cost"), [
    # 100 MB = 100/1,024 GB; × 730 h = 71.2890625 GB-h × $0.084 = $5.988… → $5.99
    ("0 GB", Decimal("71.2890625"), Decimal("5.99")),
    ("99 MB", Decimal("71.2890625"), Decimal("5.99")),
    ("100 MB", Decimal("71.2890625"), Decimal("5.99")),
    # 101/1,024 GB × 730 h = 72.0019531… GB-h × $0.084 = $6.048… → $6.05
    ("101 MB", Decimal(101) / 1024 * 730, Decimal("6.05")),
])
def test_valkey_serverless_minimum_is_100_mb(stored: str, gb_hours: Decimal,
                                             cost: Decimal) -> None:
    result = price(cache("valkey", serverless=f"{{storage: {stored}}}"))
    (item,) = result.line_items
    assert (item.quantity, item.cost) == (gb_hours, cost)
    assert not item.verified  # third-party rate, flagged


@pytest.mark.parametrize("engine", ["redis", "memcached"])
@pytest.mark.parametrize(("stored", "cost"), [
    ("100 MB", Decimal("91.25")),   # billed 1 GB: 730 GB-h × $0.125
    ("1023 MB", Decimal("91.25")),
    ("1 GB", Decimal("91.25")),
    ("2 GB", Decimal("182.50")),    # 1,460 GB-h × $0.125
])
def test_redis_and_memcached_serverless_minimum_is_1_gb(engine: str, stored: str,
                                                        cost: Decimal) -> None:
    result = price(cache(engine, serverless=f"{{storage: {stored}}}"))
    assert result.line_items[0].cost == cost


def test_serverless_ecpus_per_million() -> None:
    result = price(cache("redis", serverless="{storage: 5 GB, ecpus: 300M}"))
    # 5 GB × 730 h = 3,650 GB-h × $0.125 = $456.25; 300 M × $0.0034 / 1 M = $1.02
    assert costs(result) == [(Decimal(3650), Decimal("456.25")),
                             (Decimal(300_000_000), Decimal("1.02"))]


def test_eu_central_1_valkey_serverless_ships_flagged() -> None:
    result = price(cache("valkey", "eu-central-1", serverless="{storage: 1 GB, ecpus: 1B}"))
    # 730 GB-h × $0.101 = $73.73; 1,000 M × $0.0027 / 1 M = $2.70
    assert costs(result) == [(Decimal(730), Decimal("73.73")),
                             (Decimal(1_000_000_000), Decimal("2.70"))]


# --- backups ----------------------------------------------------------------------------

def test_one_redis_backup_is_free() -> None:
    result = price(cache(node_type="cache.m4.large", backup_storage="{size: 10 GB, count: 3}"))
    backup = result.line_items[1]
    # 3 × 10 GB stored, one free: 20 GB-month × $0.085 = $1.70
    assert (backup.quantity, backup.cost) == (Decimal(20), Decimal("1.70"))


def test_valkey_and_serverless_backups_get_no_free_backup() -> None:
    # the 2023 doc's free backup is for an active Redis cluster only
    result = price(cache("valkey", serverless="{storage: 1 GB}",
                         backup_storage="{size: 10 GB, count: 3}"))
    # 30 GB-month × $0.085 = $2.55
    assert costs(result)[-1] == (Decimal(30), Decimal("2.55"))


def test_a_total_backup_size_is_billed_whole_with_a_warning() -> None:
    result = price(cache(node_type="cache.m4.large", backup_storage="10 GB"))
    assert costs(result)[-1] == (Decimal(10), Decimal("0.85"))  # 10 × $0.085
    assert any("give {size, count}" in w for w in result.warnings)


def test_a_single_redis_backup_costs_nothing() -> None:
    result = price(cache(node_type="cache.m4.large", backup_storage="{size: 10 GB, count: 1}"))
    assert len(result.line_items) == 1


def test_memcached_nodes_have_no_backups() -> None:
    with pytest.raises(SpecError, match="no backups"):
        price(cache("memcached", node_type="cache.m4.large", backup_storage="5 GB"))
    # serverless Memcached can be backed up: 5 × $0.085 = $0.43 (0.425 half-up)
    result = price(cache("memcached", serverless="{storage: 1 GB}", backup_storage="5 GB"))
    assert costs(result)[-1] == (Decimal(5), Decimal("0.43"))


# --- missing rates ----------------------------------------------------------------------

@pytest.mark.parametrize(("spec", "names"), [
    (cache(node_type="cache.m4.large", region="eu-west-1"),
     "node type 'cache.m4.large', engine 'redis', purchase 'on_demand' in region 'eu-west-1'"),
    (cache("valkey", node_type="cache.m4.large"),
     "node type 'cache.m4.large', engine 'valkey', purchase 'on_demand' in region 'us-east-1'"),
    (cache(node_type="cache.m6g.12xlarge", purchase="reserved",
           reserved="{term: 1yr, payment: partial_upfront}"),
     "purchase 'reserved:1yr:partial_upfront'"),
    (cache("valkey", "eu-west-1", serverless="{storage: 1 GB}"),
     "engine 'valkey', key 'serverless-storage-valkey' in region 'eu-west-1'"),
])
def test_a_missing_rate_names_node_type_engine_and_region(spec: str, names: str) -> None:
    with pytest.raises(PricingError) as caught:
        price(spec)
    assert names in caught.value.message
    if "serverless" in names:  # a card key the builder carries over: no command fetches it
        assert "does not fetch it" in caught.value.hint
        assert caught.value.hint.count("awscalc pricing update") == 1  # said once
    else:  # a node rate: the AmazonElastiCache builder fetches it
        region = "eu-west-1" if "eu-west-1" in names else "us-east-1"
        assert (f"awscalc pricing update --service elasticache --region {region}"
                in caught.value.hint)
    assert caught.value.exit_code == 4


# --- catalogs ---------------------------------------------------------------------------

def test_catalogs_equal_their_sources_and_each_other(tmp_path: Path) -> None:
    """The frozen catalog is its hand-entered source; the shipped one is the same source
    plus the generated third-party table
    (pricing/tools/leanercloud_elasticache.py), so it holds every frozen row
    unchanged; the shipped card prices every rate the frozen card has the same way."""
    assert_catalogs_equal_their_sources(tmp_path, "elasticache", ["elasticache-leanercloud.yaml"])
