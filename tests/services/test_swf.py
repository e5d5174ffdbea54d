"""SWF: AWS's published GovCloud example, executions, tasks, the open-day rule (each
24 hours begun after the first), retention in whole days, the free tier shared by the
account, and the flagged us-east-1 rates."""

from __future__ import annotations

from decimal import Decimal

import pytest
import yaml

from awscalc.errors import PricingError, SpecError
from awscalc.estimate import estimate
from awscalc.ratecards import RateBook
from awscalc.spec import parse_spec

from ..conftest import FROZEN_PRICING, SHIPPED_PRICING
from ..pricewatcher import without_generated_lines


def price(text: str, book: RateBook):
    return estimate(parse_spec(text, "test.yaml"), book)


def spec(free_tier: bool = False, region: str = "us-east-1", **resources: dict) -> str:
    return yaml.safe_dump({"free_tier": free_tier, "region": region,
                           "resources": resources}, sort_keys=False)


def swf(**keys: object) -> dict:
    return {"service": "swf", "executions": 10000, **keys}


def lines(result) -> dict[str, tuple[Decimal, Decimal]]:
    return {i.key: (i.quantity, i.cost) for i in result.line_items}


def test_aws_govcloud_example(shipped_book: RateBook) -> None:
    # https://aws.amazon.com/govcloud-us/pricing/swf/, "Example Cost Calculation": 10,000
    # video-encoding executions of 3 tasks each, each completing within 24 hours:
    # "$1.20 for starting 10,000 workflow executions (10,000 x $0.00012)" and "$0.90 for
    # initiating tasks ($0.000030 per task x 3 tasks ... x 10,000 ...)" = $2.10, with
    # "no ongoing workflow execution charge".
    result = price(spec(region="us-gov-west-1",
                        video=swf(tasks_per_execution=3, open_for="23 h")), shipped_book)
    assert lines(result) == {"workflow-executions": (Decimal(10000), Decimal("1.20")),
                             "tasks": (Decimal(30000), Decimal("0.90"))}
    assert result.monthly_total == Decimal("2.10")
    assert all(item.verified for item in result.line_items)


def test_govcloud_retention_for_7_days(shipped_book: RateBook) -> None:
    # The same page goes on to retain the executions for 7 days after they complete:
    # 10,000 × 7 days × $0.000006 = $0.42 (awscalc's arithmetic at the page's rate).
    result = price(spec(region="us-gov-west-1",
                        video=swf(tasks_per_execution=3, retention="7 days")), shipped_book)
    assert lines(result)["retained-workflow-days"] == (Decimal(70000), Decimal("0.42"))


@pytest.mark.parametrize(("open_for", "billed"), [
    ("0 h", 0), ("1 s", 0), ("24 h", 0), ("86401 s", 1), ("36 h", 1), ("48 h", 1),
    ("49 h", 2), ("30 days", 29)])
def test_each_24_hours_begun_after_the_first_is_billed(
        frozen_book: RateBook, open_for: str, billed: int) -> None:
    result = price(spec(w=swf(open_for=open_for)), frozen_book)
    open_days = lines(result).get("open-workflow-days", (Decimal(0), Decimal(0)))
    assert open_days[0] == Decimal(10000 * billed)


def test_us_east_1_rates_are_recall_and_flagged(frozen_book: RateBook) -> None:
    result = price(spec(w=swf(tasks="1M", open_for="3 days", retention="30 days")),
                   frozen_book)
    # 10,000 × $0.0001 = $1.00; 1,000,000 × $0.000025 = $25.00;
    # 10,000 × 2 open days × $0.000005 = $0.10; 10,000 × 30 × $0.000005 = $1.50
    assert lines(result) == {
        "workflow-executions": (Decimal(10000), Decimal("1.00")),
        "tasks": (Decimal(1000000), Decimal("25.00")),
        "open-workflow-days": (Decimal(20000), Decimal("0.10")),
        "retained-workflow-days": (Decimal(300000), Decimal("1.50"))}
    assert not any(item.verified for item in result.line_items)


def test_the_free_tier_is_one_pool_for_the_account(frozen_book: RateBook) -> None:
    # two domains: 600 + 600 executions share 1,000 free → 200 billed × $0.0001 = $0.02;
    # workflow-days: 600 × 20 + 600 × 20 retained = 24,000 and open 600 × 9 × 2 = 10,800
    # → 34,800 days, 30,000 free (open and retained share it) → 4,800 × $0.000005 = $0.024
    result = price(spec(free_tier=True,
                        a=swf(executions=600, retention="20 days", open_for="10 days"),
                        b=swf(executions=600, retention="20 days", open_for="10 days")),
                   frozen_book)
    executions = [i for i in result.line_items if i.key == "workflow-executions"]
    assert sum(i.cost for i in executions) == Decimal("0.02")
    assert sum(i.free_quantity for i in executions) == Decimal(1000)
    days = [i for i in result.line_items if i.key.endswith("workflow-days")]
    assert sum(i.free_quantity for i in days) == Decimal(30000)
    assert sum(i.quantity for i in days) == Decimal(34800)


def test_tasks_below_the_free_tier_cost_nothing(frozen_book: RateBook) -> None:
    result = price(spec(free_tier=True, w=swf(executions=1000, tasks_per_execution=10)),
                   frozen_book)
    assert result.monthly_total == Decimal("0.00")
    result = price(spec(free_tier=True, w=swf(executions=1000, tasks=10001)), frozen_book)
    assert lines(result)["tasks"][1] == Decimal("0.00")  # 1 × $0.000025 rounds to $0.00


@pytest.mark.parametrize(("keys", "message"), [
    ({"retention": "7.5 days"}, "7.5 days is not an SWF retention period"),
    ({"retention": "91 days"}, "91 days is not an SWF retention period"),
    ({"open_for": "366 days"}, "366 days is longer than a workflow execution may run"),
    ({"tasks": 10, "tasks_per_execution": 1}, "give 'tasks' or 'tasks_per_execution'"),
])
def test_spec_errors(frozen_book: RateBook, keys: dict, message: str) -> None:
    with pytest.raises(SpecError, match=message):
        price(spec(w=swf(**keys)), frozen_book)


def test_other_regions_are_pricing_errors(frozen_book: RateBook) -> None:
    with pytest.raises(PricingError, match="region 'eu-west-1'"):
        price(spec(region="eu-west-1", w=swf()), frozen_book)
    with pytest.raises(PricingError, match="region 'us-gov-east-1'"):
        price(spec(region="us-gov-east-1", w=swf()), frozen_book)


def test_the_frozen_card_is_the_shipped_card_less_its_generated_lines() -> None:
    # the shipped card adds the regions pricing/tools/pricewatcher_analytics.py writes
    shipped = without_generated_lines((SHIPPED_PRICING / "swf.yaml").read_text())
    assert yaml.safe_load((FROZEN_PRICING / "swf.yaml").read_text()) == yaml.safe_load(
        shipped)
