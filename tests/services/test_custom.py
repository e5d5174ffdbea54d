"""Custom line items: the user's amounts, exact from the text written, marked
user-supplied (unverified) in every format, in the right totals; bad amounts refused."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

import pytest

from awscalc.errors import SpecError
from awscalc.estimate import estimate
from awscalc.output import render
from awscalc.ratecards import RateBook
from awscalc.spec import parse_spec

SPEC = """
resources:
  support: {service: custom, monthly: 100.00, description: AWS Business Support (estimate)}
  licence: {service: custom, one_time: "$5,000", hourly: 0.25, hours: 100 h}
  web: {service: elb, type: classic, traffic: {processed: 100 GB}}
"""


def price(yaml_text: str, book: RateBook):
    return estimate(parse_spec(yaml_text, "test.yaml"), book)


def test_amounts_and_totals(frozen_book: RateBook) -> None:
    result = price(SPEC, frozen_book)
    costs = {(i.resource, i.key): i.cost for i in result.line_items}
    assert costs[("support", "monthly")] == Decimal("100.00")
    assert costs[("licence", "hourly")] == Decimal("25.00")       # 100 h × $0.25
    assert costs[("licence", "one-time")] == Decimal("5000.00")
    # monthly: $100 + $25 + CLB $18.25 (730 h × $0.025) + $0.80 (100 GB × $0.008)
    assert result.monthly_total == Decimal("144.05")
    assert result.one_time_total == Decimal("5000.00")
    assert result.resource_total("licence") == Decimal("25.00")


def test_hourly_defaults_to_the_month(frozen_book: RateBook) -> None:
    # 720 h × $0.0225 = $16.20
    result = price("month: 720 h\nresources: {s: {service: custom, hourly: '0.0225'}}",
                   frozen_book)
    item = result.line_items[0]
    assert (item.quantity, item.cost) == (Decimal(720), Decimal("16.20"))
    assert item.formula == "720 hours × $0.0225 (the hourly rate you gave) = $16.20"


def test_every_item_is_unverified_with_a_warning(frozen_book: RateBook) -> None:
    result = price(SPEC, frozen_book)
    custom = [i for i in result.line_items if i.service == "custom"]
    assert len(custom) == 3 and not any(i.verified for i in custom)
    assert all("you gave" in i.formula for i in custom)
    assert custom[0].component == "AWS Business Support (estimate) (monthly)"
    assert [w for w in result.warnings if w.startswith("support: monthly $100.00: amount "
                                                       "you gave")]
    assert next(i for i in result.line_items if i.service == "elb").verified


def test_json_and_csv_mark_them_user_supplied(frozen_book: RateBook) -> None:
    result = price(SPEC, frozen_book)
    data = json.loads(render(result, "json"))
    custom = [i for i in data["line_items"] if i["service"] == "custom"]
    assert [i["verified"] for i in custom] == [False, False, False]
    assert [i["cost"] for i in custom] == [100, 25, 5000]
    assert data["totals"]["monthly"] == sum(i["cost"] for i in data["line_items"]
                                            if not i["one_time"])
    assert any("not an AWS rate" in w for w in data["warnings"])
    rows = list(csv.DictReader(io.StringIO(render(result, "csv"))))
    flags = {(r["resource"], r["usage_key"]): r["verified"] for r in rows}
    assert flags[("support", "monthly")] == "false"
    assert flags[("web", "clb-hours")] == "true"
    assert "amount you gave" in render(result, "markdown", explain=True)


@pytest.mark.parametrize(("value", "expected"), [
    ("100", "100.00"), ("100.5", "100.50"), ("'$1,234.56'", "1234.56"), ("0", "0.00"),
    ("'1_000'", "1000.00"), ("1000000000", "1000000000.00"),
])
def test_amounts_are_exact(frozen_book: RateBook, value: str, expected: str) -> None:
    item = price(f"resources: {{s: {{service: custom, monthly: {value}}}}}",
                 frozen_book).line_items[0]
    assert item.cost == Decimal(expected) and str(item.cost) == expected


@pytest.mark.parametrize(("value", "message"), [
    (".nan", "not a finite number"), ("-5", "'-5' is negative"), ("'-$5'", "is negative"),
    ("1e400", "'1e400' is not an amount"), ("ten", "'ten' is not an amount"),
    ("0.001", "more than 2 decimals"), ("1000000000.01", "is too large"),
    ("true", "expected"),
])
def test_bad_amounts_are_refused(frozen_book: RateBook, value: str, message: str) -> None:
    with pytest.raises(SpecError, match=message):
        price(f"resources: {{s: {{service: custom, monthly: {value}}}}}", frozen_book)


def test_hourly_rates_allow_ten_decimals(frozen_book: RateBook) -> None:
    # 730 h × $0.0000000001 = $0.000000073 → $0.00
    item = price("resources: {s: {service: custom, hourly: '0.0000000001'}}",
                 frozen_book).line_items[0]
    assert item.cost == Decimal("0.00")
    with pytest.raises(SpecError, match="more than 10 decimals"):
        price("resources: {s: {service: custom, hourly: '0.00000000001'}}", frozen_book)
