"""ElastiCache Serverless outside us-east-1 (issue 19): the card's rates from AWS's
ElastiCache pricing-page feed published 2025-03-14, as committed in yeo/ec2.shop
(data/elasticache/elasticache.json @ 73696e380; 3P-PL, unverified). Figures are typed
from the feed's rows 'OnDemand ElastiCache Serverless <Engine> per GB-Hours' and
'… per ElastiCacheProcessingUnit' (per ECPU there, per million in the card)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from awscalc.ratecards import RateBook

from . import regional
from .conftest import SHIPPED_PRICING, load_tool

FEED_FIGURES = {
    # (key, region): the feed's figure in the card's unit
    ("serverless-storage-valkey", "eu-west-1"): "0.094",
    ("serverless-ecpus-valkey", "eu-west-1"): "0.0025",        # 0.0000000025 per ECPU
    ("serverless-storage-redis", "ap-southeast-2"): "0.15",
    ("serverless-ecpus-redis", "ap-southeast-2"): "0.0041",    # 0.0000000041 per ECPU
    ("serverless-storage-memcached", "sa-east-1"): "0.199",
    ("serverless-ecpus-valkey", "sa-east-1"): "0.0037",        # 0.0000000037 per ECPU
}


@pytest.mark.parametrize(("key", "region"), sorted(FEED_FIGURES))
def test_serverless_rates_are_the_feeds(key: str, region: str) -> None:
    rate = RateBook(SHIPPED_PRICING, "shipped").rate("elasticache", key, region)
    assert rate.tiers[0].rate == Decimal(FEED_FIGURES[(key, region)])
    assert not rate.verified
    assert "yeo/ec2.shop" in rate.note and "2025-03-14" in rate.note


def test_the_third_party_us_east_1_figures_stay() -> None:
    # the card's own us-east-1 entries (third-party summaries) are kept; the feed's
    # us-east-1 figures are the same ($0.084 per GB-hour, $0.0023 per million ECPUs)
    book = RateBook(SHIPPED_PRICING, "shipped")
    rate = book.rate("elasticache", "serverless-storage-valkey", "us-east-1")
    assert rate.tiers[0].rate == Decimal("0.084") and "ec2.shop" not in (rate.note or "")


def test_a_serverless_valkey_cache_by_hand_in_sa_east_1(cli, tmp_path: Path) -> None:
    data = regional.estimate(cli, regional.spec(tmp_path, "sa-east-1", (
        "  c: {service: elasticache, engine: valkey, "
        "serverless: {storage: 50 MB, ecpus: 300M}}\n")))
    # billed at least 100 MB: 100/1,024 GB × 730 h = 71.2890625 GB-hours × $0.133 = $9.48;
    # 300 M ECPUs × $0.0037 per million = $1.11
    assert regional.items(data) == {"serverless-storage-valkey": 9.48,
                                    "serverless-ecpus-valkey": 1.11}


def test_the_generator_reads_per_ecpu_rows_into_per_million_rates() -> None:
    tool = load_tool("ec2shop_elasticache")
    feed = {"manifest": {"hawkFilePublicationDate": "2025-03-14T00:00:00Z"}, "regions": {
        "EU (Ireland)": {
            "OnDemand ElastiCache Serverless Valkey per ElastiCacheProcessingUnit":
                {"price": "0.0000000025"},
            "OnDemand ElastiCache Serverless Redis per GB-Hours": {"price": "0.0000000000"}}}}
    # a zero is missing, never free; per ECPU × 1,000,000 = per million
    assert tool.serverless_rates(feed) == {
        "serverless-ecpus-valkey": {"eu-west-1": Decimal("0.0025")}}
