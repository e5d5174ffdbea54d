"""Route 53: hosted-zone and query tiers across resources, health checks, policy records."""

from __future__ import annotations

from decimal import Decimal

import pytest

from awscalc.errors import SpecError
from awscalc.estimate import estimate
from awscalc.ratecards import RateBook
from awscalc.spec import parse_spec


def price(yaml_text: str, book: RateBook, **overrides):
    return estimate(parse_spec(yaml_text, "test.yaml", **overrides), book)


def test_two_resources_share_one_query_ladder(shipped_book: RateBook) -> None:
    # The check: 1,000M × $0.40/M + 200M × $0.20/M = $440.00, split $220.00 / $220.00
    result = price("""
resources:
  dns-a: {service: route53, queries: {standard: 600M}}
  dns-b: {service: route53, queries: {standard: 600M}}
""", shipped_book)
    assert [item.cost for item in result.line_items] == [Decimal("220.00"), Decimal("220.00")]
    assert result.monthly_total == Decimal("440.00")


def test_one_resource_exactly_at_the_query_tier(shipped_book: RateBook) -> None:
    at = price("resources: {d: {service: route53, queries: {standard: 1B}}}", shipped_book)
    above = price("resources: {d: {service: route53, queries: {standard: 1000000001}}}",
                  shipped_book)
    assert at.monthly_total == Decimal("400.00")
    assert above.monthly_total == Decimal("400.00")  # + 1 query × $0.20/M rounds away
    big = price("resources: {d: {service: route53, queries: {latency: 1.1B}}}", shipped_book)
    assert big.monthly_total == Decimal("630.00")  # 1,000M × 0.60/M + 100M × 0.30/M


def test_hosted_zone_tier_counts_zones_across_resources(shipped_book: RateBook) -> None:
    result = price("""
resources:
  a: {service: route53, hosted_zones: 20}
  b: {service: route53, hosted_zones: 10}
""", shipped_book)
    # 25 × $0.50 + 5 × $0.10 = $13.00, allocated 20 : 10
    assert result.monthly_total == Decimal("13.00")
    assert [item.cost for item in result.line_items] == [Decimal("8.67"), Decimal("4.33")]


def test_health_checks_and_features(shipped_book: RateBook) -> None:
    result = price("""
resources:
  d:
    service: route53
    health_checks:
      - {endpoint: non_aws, count: 1,
         features: [https, string_matching, fast_interval, latency_measurement]}
      - {count: 3, features: [https]}
""", shipped_book)
    by_key = {item.key: item.cost for item in result.line_items}
    # Infracost's golden: 4 optional features on a non-AWS endpoint = $8.00
    assert by_key["health-check-feature-non-aws"] == Decimal("8.00")
    assert by_key["health-check-non-aws"] == Decimal("0.75")
    assert by_key["health-check-aws"] == Decimal("0.00")  # within the first 50: free
    assert by_key["health-check-feature-aws"] == Decimal("3.00")


def test_first_50_aws_health_checks_are_free_without_the_free_tier(shipped_book: RateBook
                                                                    ) -> None:
    # AWS Price List (AmazonRoute53 20151209101342): Health-Check-AWS 0-50 at $0 "First 50
    # Health Checks of AWS endpoints are free of charge" in the OnDemand price, then $0.50:
    # 60 checks = 10 × $0.50 = $5.00 whatever the free-tier setting; 50 = $0.00
    spec = "resources: {d: {service: route53, health_checks: [{count: 60}]}}"
    assert price(spec, shipped_book).monthly_total == Decimal("5.00")
    assert price(spec, shipped_book, free_tier=True).monthly_total == Decimal("5.00")
    assert price(spec.replace("60", "50"), shipped_book).monthly_total == Decimal("0.00")
    # account-wide: 30 + 30 checks in two resources = 10 billed
    two = ("resources: {a: {service: route53, health_checks: [{count: 30}]}, "
           "b: {service: route53, health_checks: [{count: 30}]}}")
    assert price(two, shipped_book).monthly_total == Decimal("5.00")
    # non-AWS endpoints have no free checks: 1 × $0.75
    assert price("resources: {d: {service: route53, health_checks: [{endpoint: non_aws, "
                 "count: 1}]}}", shipped_book).monthly_total == Decimal("0.75")


def test_alias_queries_are_a_zero_line(shipped_book: RateBook) -> None:
    result = price("resources: {d: {service: route53, queries: {alias: 50M}}}", shipped_book)
    assert [(i.component, i.cost) for i in result.line_items] == [
        ("Alias queries to AWS resources", Decimal("0.00"))]


def test_route53_is_global_whatever_the_region(shipped_book: RateBook) -> None:
    result = price("resources: {d: {service: route53, region: ap-south-1, hosted_zones: 1}}",
                   shipped_book)
    assert result.line_items[0].region == "global"


def test_fractional_zone_count_is_rejected(shipped_book: RateBook) -> None:
    with pytest.raises(SpecError, match=r"test.yaml:1: \$.resources.d.hosted_zones: 1.5"):
        price("resources: {d: {service: route53, hosted_zones: 1.5}}", shipped_book)
