"""Session 7 review: bugs found in this session's engine changes (flows to and from
CloudFront, ``from: internet``, the dearest-first free-tier order, not-offered errors,
Storage Gateway's bounded rate), each fixed since (the tests stay as regression tests).

Expected figures are worked out by hand in the comments from the shipped rate cards
(pricing/aws/*.yaml, key and rate cited) and AWS's billing rules, never from awscalc's
own formulas. Data sizes are binary (1 TB = 1,024 GB).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from awscalc.errors import AwscalcError, SpecError
from awscalc.estimate import estimate
from awscalc.ratecards import RateBook
from awscalc.scenarios import price_scenarios
from awscalc.spec import parse_spec


def _total(text: str, book: RateBook) -> Decimal:
    """The monthly total of the spec ``text``."""
    return estimate(parse_spec(text, "review.yaml"), book).monthly_total


ASIA_BEHIND_PRICE_CLASS_100 = """\
free_tier: false
resources:
  www: {service: cloudfront, price_class: PriceClass_100, viewers: {asia: 100%}}
  web: {service: custom, monthly: 0, region: us-east-1}
flows: [{from: web, to: internet, data: 1 TB, via: www}]
"""


def test_price_class_comparison_equals_a_full_estimate_with_that_class(
        shipped_book: RateBook) -> None:
    """cloudfront.yaml data-transfer-out: PriceClass_100 bills Asia's viewers at the
    North America rate, $0.085 first 10 TB: 1,024 GB × $0.085 = $87.04. With
    PriceClass_All they are billed at Asia's $0.120: 1,024 GB × $0.120 = $122.88. The
    comparison's figure must be that full estimate's total."""
    result = estimate(parse_spec(ASIA_BEHIND_PRICE_CLASS_100, "review.yaml"), shipped_book)
    assert result.monthly_total == Decimal("87.04")
    direct = _total(ASIA_BEHIND_PRICE_CLASS_100.replace("PriceClass_100", "PriceClass_All"),
                    shipped_book)
    assert direct == Decimal("122.88")
    compared = {entry["with"]: entry["monthly_total_with"]
                for entry in result.details["www"]["comparisons"]}
    assert compared["PriceClass_All"] == direct


def test_nat_does_not_process_data_from_the_internet_into_cloudfront(
        shipped_book: RateBook) -> None:
    """A flow to or from a CloudFront resource refuses ``via`` (_edge); the inbound path
    must too: data from the internet reaches a CloudFront edge directly (free), so the
    spec is an exit-3 error at the flow's ``via`` rather than a $0.045/GB NAT charge."""
    text = ("region: us-east-1\nresources:\n  www: {service: cloudfront}\n"
            "flows:\n  - {from: internet, to: www, data: 100 GB, via: nat}\n")
    with pytest.raises(SpecError) as caught:
        _total(text, shipped_book)
    assert "$.flows[0]." in caught.value.message  # refused at the flow (its 'to')


def test_bounded_storage_gateway_rate_is_per_gateway(shipped_book: RateBook) -> None:
    """storage_gateway.yaml data-written ap-northeast-1: $0.01/GB up to 11,550 GB (AWS's
    feed row 'First 11.6 TB', the per-gateway point above which data written is free,
    like us-east-1's $125-per-gateway cap). Each gateway writes 6,000 GB, under its own
    bound: 2 × 6,000 GB × $0.01 = $120.00 (free tier off), as us-east-1 prices it."""
    text = ("free_tier: false\nregion: ap-northeast-1\nresources:\n"
            "  gw1: {service: storage_gateway, gateway: tape, data_written: 6000 GB}\n"
            "  gw2: {service: storage_gateway, gateway: tape, data_written: 6000 GB}\n")
    assert _total(text.replace("ap-northeast-1", "us-east-1"),
                  shipped_book) == Decimal("120.00")
    assert _total(text, shipped_book) == Decimal("120.00")


def _two_regions(first: str, second: str) -> str:
    """Two resources in regions with the same first egress tier ($0.09), written in the
    given order, sending 150.05 GB (a, us-east-1) and 0.05 GB (b, us-east-2) out."""
    nodes = {"a": "  a: {service: custom, monthly: 0, region: us-east-1}\n",
             "b": "  b: {service: custom, monthly: 0, region: us-east-2}\n"}
    return ("free_tier: true\nresources:\n" + nodes[first] + nodes[second]
            + "flows:\n  - {from: a, to: internet, data: 150.05 GB}\n"
            "  - {from: b, to: internet, data: 0.05 GB}\n")


def test_bill_does_not_depend_on_resource_order_at_equal_rates(
        shipped_book: RateBook) -> None:
    """data-transfer.yaml internet-out: $0.09 first 10 TB in both us-east-1 and
    us-east-2, 100 GB free across regions. 150.10 GB − 100 GB free = 50.10 GB × $0.09 =
    $4.509: whichever rounding AWS applies, writing the two resources the other way
    round must give the same bill and the same per-resource costs (eedd6f5: "a bill no
    longer depends on the order its resources are written in")."""
    bills = []
    for order in (("a", "b"), ("b", "a")):
        result = estimate(parse_spec(_two_regions(*order), "review.yaml"), shipped_book)
        by_resource = {item.resource: item.cost for item in result.line_items}
        bills.append((result.monthly_total, by_resource))
    assert bills[0] == bills[1]


def test_not_offered_in_a_scenario_names_the_scenario(shipped_book: RateBook) -> None:
    """Redshift Serverless prices in us-east-1 as written; scenario 'bahrain' moves it to
    me-south-1, where it is not offered. --scenarios must say which scenario failed, as
    scenarios._priced_in does for a missing rate."""
    text = ("region: us-east-1\nresources:\n  w:\n    service: redshift\n"
            "    serverless: {base_rpus: 8, hours: 10 h}\n"
            "scenarios:\n  bahrain: {region: me-south-1}\n")
    with pytest.raises(AwscalcError) as caught:
        price_scenarios(text, "review.yaml", shipped_book)
    assert "bahrain" in caught.value.message
