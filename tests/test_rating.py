"""The rater: account-wide aggregation, tier boundaries, shared free tiers, exact allocation."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from awscalc.errors import PricingError
from awscalc.model import Usage
from awscalc.ratecards import RateBook, Tier, split_tiers
from awscalc.rating import allocate, rate_usage

# The start of every card here: the widget service and its first rate, "widgets".
HEADER = """\
service: widget
title: Widgets
source: https://example.com/widget-pricing
retrieved: "2026-01-01"
currency: USD
rates:
  widgets:
    description: Widgets
    unit: widget
"""

# A tiny frozen card: 10 units at $1.00, the next 90 at $0.50, then $0.25; 5 units free.
CARD = HEADER + """\
    free_tier: {pool: widgets-free, quantity: 5}
    regions:
      us-east-1:
        tiers:
          - {up_to: 10, rate: "1.00"}
          - {up_to: 100, rate: "0.50"}
          - {rate: "0.25"}
  gadgets:
    description: Gadgets share the widgets' free pool
    unit: widget
    per: 1000
    free_tier: {pool: widgets-free, quantity: 5}
    verified: false
    note: a recalled price
    regions:
      us-east-1: {rate: "3.00"}
"""


@pytest.fixture
def book(tmp_path: Path) -> RateBook:
    (tmp_path / "widget.yaml").write_text(CARD)
    return RateBook(tmp_path, "test")


def use(resource: str, quantity: str, key: str = "widgets", region: str = "us-east-1") -> Usage:
    return Usage(resource, "widget", region, key, Decimal(quantity), "widget", key.title())


def costs(items) -> list[str]:
    return [str(item.cost) for item in items]


@pytest.mark.parametrize(
    ("quantity", "expected"),
    [
        ("0", "0.00"),
        ("9.99", "9.99"),
        ("10", "10.00"),          # exactly at the first boundary: all at $1.00
        ("10.01", "10.01"),       # just above: 10 × 1.00 + 0.01 × 0.50 = 10.005 → 10.01 (half-up)
        ("100", "55.00"),         # 10 × 1.00 + 90 × 0.50
        ("101", "55.25"),         # + 1 × 0.25
    ],
)
def test_tier_boundaries(book: RateBook, quantity: str, expected: str) -> None:
    items, _ = rate_usage([use("a", quantity)], book, free_tier=False)
    assert costs(items) == [expected]


def test_tiers_apply_to_the_aggregate_of_all_resources(book: RateBook) -> None:
    # 60 + 60 = 120: 10 × 1.00 + 90 × 0.50 + 20 × 0.25 = 60.00, split in proportion
    items, _ = rate_usage([use("a", "60"), use("b", "60")], book, free_tier=False)
    assert costs(items) == ["30.00", "30.00"]
    assert "account-wide" in items[0].formula


def test_regions_have_separate_ladders(book: RateBook, tmp_path: Path) -> None:
    (tmp_path / "widget.yaml").write_text(CARD.replace(
        "      us-east-1:\n        tiers:",
        "      eu-west-1:\n        tiers:\n          - {rate: \"2.00\"}\n"
        "      us-east-1:\n        tiers:", 1))
    items, _ = rate_usage([use("a", "10"), use("b", "10", region="eu-west-1")],
                          RateBook(tmp_path, "test"), free_tier=False)
    assert costs(items) == ["10.00", "20.00"]


def test_free_tier_is_shared_by_resources_and_keys_of_one_pool(book: RateBook) -> None:
    usages = [use("a", "3"), use("b", "3"), use("c", "2000", key="gadgets")]
    items, _ = rate_usage(usages, book, free_tier=True)
    # widgets: 6 − 5 free = 1 × $1.00; the pool is then empty for gadgets: 2000 × $3/1000
    assert costs(items) == ["0.50", "0.50", "6.00"]
    assert items[0].free_quantity + items[1].free_quantity == Decimal(5)
    assert items[2].free_quantity == 0


def test_free_tier_off_charges_everything(book: RateBook) -> None:
    items, _ = rate_usage([use("a", "3")], book, free_tier=False)
    assert costs(items) == ["3.00"]


def test_unverified_rate_warns_only_when_it_costs_something(book: RateBook) -> None:
    _, warnings = rate_usage([use("c", "1000", key="gadgets")], book, free_tier=False)
    assert warnings and "unverified rate widget/gadgets" in warnings[0]
    _, warnings = rate_usage([use("c", "1000", key="gadgets")], book, free_tier=True)
    assert warnings == [] or "a recalled price" in warnings[0]


def test_missing_region_is_a_pricing_error_naming_service_region_and_key(book: RateBook) -> None:
    with pytest.raises(PricingError) as caught:
        rate_usage([use("a", "1", region="ap-south-1")], book, free_tier=False)
    text = str(caught.value)
    assert "service 'widget'" in text and "region 'ap-south-1'" in text
    assert "key 'widgets'" in text


def test_unit_mismatch_between_calculator_and_card_is_refused(book: RateBook) -> None:
    wrong = Usage("a", "widget", "us-east-1", "widgets", Decimal(1), "GB", "Widgets")
    with pytest.raises(PricingError, match="meters it in 'GB'"):
        rate_usage([wrong], book, free_tier=False)


def test_allocation_keeps_cents_exact() -> None:
    shares = allocate(Decimal("100.00"), [Decimal(1), Decimal(1), Decimal(1)])
    assert shares == [Decimal("33.34"), Decimal("33.33"), Decimal("33.33")]
    assert sum(shares) == Decimal("100.00")


@pytest.mark.parametrize("quantity", ["0", "0.5", "10", "10.5", "99.999", "100", "12345.678"])
def test_tier_split_conserves_quantity(quantity: str) -> None:
    ladder = (Tier(Decimal(10), Decimal(1)), Tier(Decimal(100), Decimal("0.5")),
              Tier(None, Decimal("0.25")))
    parts = split_tiers(Decimal(quantity), ladder)
    assert sum(p.quantity for p in parts) == Decimal(quantity)


def test_an_unverified_tier_warns_only_when_reached(tmp_path: Path) -> None:
    card = CARD.replace('          - {rate: "0.25"}',
                        '          - {rate: "0.25", verified: false, note: "recalled top tier"}')
    (tmp_path / "widget.yaml").write_text(card)
    book = RateBook(tmp_path, "test")
    below, warnings = rate_usage([use("a", "100")], book, free_tier=False)
    assert warnings == [] and below[0].verified
    above, warnings = rate_usage([use("a", "101")], book, free_tier=False)
    assert not above[0].verified
    assert warnings == ["unverified rate widget/widgets (us-east-1) contributed to this "
                        "estimate: recalled top tier"]


def allow(resource: str, quantity: str, allowance: str, region: str = "us-east-1") -> Usage:
    record = use(resource, quantity, region=region)
    record.allowance = Decimal(allowance)
    return record


def test_an_allowance_is_free_whatever_the_free_tier_setting(book: RateBook) -> None:
    # 120 widgets = 10 @ 1.00 + 90 @ 0.50 + 20 @ 0.25; the 30 allowed come off the lowest
    # tiers first, like a free tier: 70 × 0.50 + 20 × 0.25 = 40.00
    items, _ = rate_usage([allow("a", "120", "30")], book, free_tier=False)
    assert costs(items) == ["40.00"]
    assert items[0].free_quantity == 30


def test_allowance_only_records_add_to_the_group_and_make_no_line(book: RateBook) -> None:
    items, _ = rate_usage([allow("a", "120", "30"), allow("b", "0", "70")], book,
                          free_tier=False)
    # 100 of the 120 allowed: the 20 left are the third tier's, 20 × 0.25
    assert [(i.resource, str(i.cost)) for i in items] == [("a", "5.00")]


def test_an_allowance_stays_in_its_region(book: RateBook, tmp_path: Path) -> None:
    (tmp_path / "widget.yaml").write_text(CARD.replace(
        "      us-east-1: {rate: \"3.00\"}",
        "      us-east-1: {rate: \"3.00\"}").replace(
        "    regions:\n      us-east-1:\n        tiers:",
        "    regions:\n      eu-west-1: {rate: \"2.00\"}\n      us-east-1:\n        tiers:"))
    items, _ = rate_usage([allow("a", "20", "0", region="eu-west-1"),
                           allow("b", "0", "70")], RateBook(tmp_path, "test"), free_tier=False)
    assert costs(items) == ["40.00"]   # b's allowance is in us-east-1: none for a


def test_the_free_tier_applies_after_the_allowance(book: RateBook) -> None:
    # 20 widgets = 10 @ 1.00 + 10 @ 0.50; 12 allowed, then 5 of the free tier: 3 @ 0.50
    items, _ = rate_usage([allow("a", "20", "12")], book, free_tier=True)
    assert costs(items) == ["1.50"]
    assert items[0].free_quantity == 17


def test_monthly_total_equals_the_line_items_with_allowances(book: RateBook) -> None:
    from awscalc.rating import group_totals, monthly_total

    records = [allow("a", "120", "30"), allow("b", "0", "70"), use("c", "7", "gadgets")]
    items, _ = rate_usage(records, book, free_tier=True)
    assert monthly_total(group_totals(records), book, True) == sum(i.cost for i in items)


REGIONAL_POOL = HEADER + """\
    free_tier: {pool: widgets-free, quantity: 5, scope: region}
    regions:
      us-east-1: {rate: "1.00"}
      eu-west-1: {rate: "2.00"}
"""


def test_a_regional_free_tier_is_one_allowance_in_each_region(tmp_path: Path) -> None:
    (tmp_path / "widget.yaml").write_text(REGIONAL_POOL)
    book = RateBook(tmp_path, "test")
    usages = [use("a", "3"), use("b", "4"), use("c", "7", region="eu-west-1")]
    items, _ = rate_usage(usages, book, True)
    # us-east-1: 3 + 4 = 7, 5 free → 2 × $1.00; eu-west-1: its own 5 free → 2 × $2.00
    assert sum(item.cost for item in items if item.region == "us-east-1") == Decimal("2.00")
    assert sum(item.cost for item in items if item.region == "eu-west-1") == Decimal("4.00")
    # without scope: region the two regions share one allowance of 5, taken by the dearer
    # eu-west-1 usage first: us-east-1 7 × $1.00 + eu-west-1 (7 − 5) × $2.00
    (tmp_path / "widget.yaml").write_text(REGIONAL_POOL.replace(", scope: region", ""))
    items, _ = rate_usage(usages, RateBook(tmp_path, "test"), True)
    assert sum(item.cost for item in items) == Decimal("7.00") + Decimal("4.00")
    # …whichever resource is written first
    items, _ = rate_usage(usages[::-1], RateBook(tmp_path, "test"), True)
    assert sum(item.cost for item in items) == Decimal("11.00")
