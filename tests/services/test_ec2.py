"""EC2: On-Demand spot checks, per-second and hourly billing, Reserved Instances and
Savings Plans (upfront, recurring, effective monthly, break-even), Spot, Dedicated
Instances and Hosts, CPU credits, volumes, and the errors for every new key."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from awscalc.catalog import CatalogKey, CatalogRate, CatalogSource, write_catalog
from awscalc.errors import PricingError, SpecError
from awscalc.estimate import estimate
from awscalc.ratecards import RateBook
from awscalc.spec import parse_spec

from ..conftest import FROZEN_PRICING

DIMS = ("instance_type", "operating_system", "software", "tenancy", "purchase_option")


def price(yaml_text: str, book: RateBook):
    return estimate(parse_spec(yaml_text, "test.yaml"), book)


def one(type_: str = "m5.large", **keys: object) -> str:
    extra = "".join(f"\n    {key}: {value}" for key, value in keys.items())
    return f"resources:\n  web:\n    service: ec2\n    instance_type: {type_}{extra}\n"


def book_with(tmp_path: Path, rows: list[tuple[str, str, str]]) -> RateBook:
    """The frozen cards plus a catalog of m5.large Linux rows: (key, option, rate)."""
    for card in FROZEN_PRICING.glob("*.yaml"):
        shutil.copy(card, tmp_path / card.name)
    keys = [CatalogKey("instance-hours", "Instance hours", "instance-hour", DIMS),
            CatalogKey("reserved-upfront", "Upfront", "instance", DIMS),
            CatalogKey("host-hours", "Host hours", "host-hour",
                       ("instance_family", "purchase_option"))]
    write_catalog(tmp_path / "ec2.sqlite", service="ec2", title="test", keys=keys,
                  sources=[CatalogSource("https://example.com/test", "2026-11-30")],
                  rates=[CatalogRate(key, "us-east-1", ("m5.large", "linux", "none", "shared",
                                                        option), Decimal(rate))
                         for key, option, rate in rows])
    return RateBook(tmp_path, "test")


# Test-only rates (not AWS's): round numbers so every expected value is hand-checkable.
COMMITMENTS = [
    ("instance-hours", "on_demand", "0.10"),
    ("instance-hours", "reserved:1yr:standard:no_upfront", "0.07"),
    ("instance-hours", "reserved:1yr:standard:partial_upfront", "0.03"),
    ("reserved-upfront", "reserved:1yr:standard:partial_upfront", "300"),
    ("instance-hours", "reserved:3yr:standard:all_upfront", "0"),
    ("reserved-upfront", "reserved:3yr:standard:all_upfront", "1200"),
    ("instance-hours", "savings_plan:compute:1yr:partial_upfront", "0.08"),
    ("instance-hours", "savings_plan:ec2_instance:3yr:all_upfront", "0.05"),
]


@pytest.mark.parametrize(("type_", "rate"), [
    ("t3.micro", "0.0104"), ("m5.large", "0.096"), ("c5.large", "0.085"),
    ("c5.xlarge", "0.17"), ("r6i.large", "0.126"), ("t2.micro", "0.0116"),
])
def test_on_demand_spot_checks(frozen_book: RateBook, type_: str, rate: str) -> None:
    # pricing-facts-wave2 §1.2 (Karpenter's generated table, 2026-07-20)
    result = price(one(type_, count=2), frozen_book)
    item = result.line_items[0]
    assert (item.quantity, item.rate) == (Decimal(1460), Decimal(rate))
    assert item.cost == (Decimal(1460) * Decimal(rate)).quantize(Decimal("0.01"))


def test_linux_bills_per_second_with_a_60_second_minimum_per_start(frozen_book) -> None:
    # 30 starts of 30 s each: billed 30 × 60 s = 0.5 h; one run of 30 s: 60 s
    many = price(one(hours="900 s", starts=30), frozen_book).line_items[0]
    assert many.quantity == Decimal("0.5")
    single = price(one(hours="30 s"), frozen_book).line_items[0]
    assert (single.quantity * 3600).quantize(Decimal("1e-20")) == 60
    exact = price(one(hours="90 min"), frozen_book).line_items[0]
    assert exact.quantity == Decimal("1.5")


def test_rhel_and_suse_bill_whole_hours_per_start(frozen_book: RateBook) -> None:
    with pytest.raises(PricingError) as caught:  # no RHEL rate ships: the error says so
        price(one(operating_system="rhel", hours="90 min", starts=2), frozen_book)
    assert "rhel" in str(caught.value)
    from awscalc.services.ec2 import usage

    spec = parse_spec(one(operating_system="suse", hours="90 min", starts=2), "t.yaml")
    record = usage(spec.resources[0]).records[0]
    assert record.quantity == 2  # two runs of 45 min, each billed as an hour
    assert record.dims == ("m5.large", "suse", "none", "shared", "on_demand")


def test_reserved_partial_upfront(tmp_path: Path) -> None:
    result = price(one(count=2, hours="100 h", purchase="reserved",
                       reserved="{term: 1yr, payment: partial_upfront}"),
                   book_with(tmp_path, COMMITMENTS))
    monthly, upfront = result.line_items
    # every hour of the term is billed: 2 × 730 h × $0.03, not 2 × 100 h
    assert (monthly.quantity, monthly.cost, monthly.one_time) == (
        Decimal(1460), Decimal("43.80"), False)
    assert (upfront.quantity, upfront.cost, upfront.one_time) == (
        Decimal(2), Decimal("600.00"), True)
    assert result.monthly_total == Decimal("43.80")
    assert result.one_time_total == Decimal("600.00")
    commitment = result.details["web"]["commitment"]
    # effective monthly: $600 / 12 + $43.80
    assert commitment["effective_monthly"] == Decimal("93.80")
    assert commitment["term_total"] == Decimal("1125.60")
    assert any("billed for every hour of its term" in w for w in result.warnings)


def test_reserved_all_upfront_has_a_zero_recurring_line(tmp_path: Path) -> None:
    result = price(one(purchase="reserved",
                       reserved="{term: 3yr, payment: all_upfront}"),
                   book_with(tmp_path, COMMITMENTS))
    assert [(i.cost, i.one_time) for i in result.line_items] == [
        (Decimal("0.00"), False), (Decimal("1200.00"), True)]
    assert result.details["web"]["commitment"]["effective_monthly"] == Decimal("33.33")


def test_savings_plan_partial_upfront_splits_the_commitment_in_half(tmp_path: Path) -> None:
    result = price(one(purchase="savings_plan",
                       savings_plan="{type: compute, term: 1yr, payment: partial_upfront}"),
                   book_with(tmp_path, COMMITMENTS))
    monthly, upfront = result.line_items
    assert monthly.cost == Decimal("29.20")     # 730 h × 50 % × $0.08
    assert upfront.cost == Decimal("350.40")    # 8,760 h × 50 % × $0.08
    assert upfront.one_time


def test_on_demand_is_compared_with_every_commitment_in_the_catalog(tmp_path: Path) -> None:
    result = price(one(), book_with(tmp_path, COMMITMENTS))
    rows = {row["option"]: row for row in result.details["web"]["commitments"]}
    assert set(rows) == {"reserved:1yr:standard:no_upfront",
                         "reserved:1yr:standard:partial_upfront",
                         "reserved:3yr:standard:all_upfront",
                         "savings_plan:compute:1yr:partial_upfront",
                         "savings_plan:ec2_instance:3yr:all_upfront"}
    partial = rows["reserved:1yr:standard:partial_upfront"]
    # On-Demand $73.00 a month; the RI: $300 + $21.90 a month → pays off when
    # 300 + 21.9 m ≤ 73 m, i.e. m ≥ 5.87: month 6
    assert (partial["effective_monthly"], partial["saving"], partial["break_even_month"]) == (
        Decimal("46.90"), Decimal("26.10"), 6)
    all_upfront = rows["reserved:3yr:standard:all_upfront"]
    assert all_upfront["break_even_month"] == 17      # 1,200 / 73 = 16.4
    assert rows["reserved:1yr:standard:no_upfront"]["break_even_month"] == 1
    summary = result.details["web"]["summary"][0]
    assert "3yr standard Reserved Instance, all upfront" in summary
    assert "$33.33" in summary


def test_a_commitment_that_never_pays_off_has_no_break_even_month(tmp_path: Path) -> None:
    result = price(one(hours="10 h"), book_with(tmp_path, COMMITMENTS))
    rows = {row["option"]: row for row in result.details["web"]["commitments"]}
    assert rows["reserved:1yr:standard:no_upfront"]["break_even_month"] is None


def test_a_missing_reserved_rate_names_the_command_that_fetches_it(frozen_book) -> None:
    with pytest.raises(PricingError) as caught:
        price(one(purchase="reserved", reserved="{term: 1yr}"), frozen_book)
    text = str(caught.value)
    assert "instance_type m5.large" in text and "reserved:1yr:standard:no_upfront" in text
    assert "awscalc pricing update --service ec2 --region us-east-1" in text


def test_spot_price_and_spot_discount(frozen_book: RateBook) -> None:
    given = price(one(count=2, purchase="spot", spot_price="0.035"), frozen_book)
    assert given.line_items[0].cost == Decimal("51.10")   # 1,460 h × $0.035
    assert "the Spot price you gave" in given.line_items[0].formula
    discounted = price(one(purchase="spot", spot_discount="70%"), frozen_book)
    assert discounted.line_items[0].rate == Decimal("0.0288")  # $0.096 × 30 %
    assert discounted.line_items[0].cost == Decimal("21.02")


def test_dedicated_instances_pay_the_regional_fee_once(tmp_path: Path) -> None:
    rows = [("instance-hours", "on_demand", "0.10")]
    book = book_with(tmp_path, rows)
    import sqlite3

    with sqlite3.connect(tmp_path / "ec2.sqlite") as db:  # a dedicated row for the test
        db.execute("INSERT INTO rates VALUES ('instance-hours', 'us-east-1', "
                   "'m5.large|linux|none|dedicated|on_demand', '0.11', 0)")
        db.execute("INSERT OR IGNORE INTO dimension_values VALUES ('tenancy', 'dedicated')")
    result = price("""
resources:
  a: {service: ec2, instance_type: m5.large, tenancy: dedicated, count: 3}
  b: {service: ec2, instance_type: m5.large, tenancy: dedicated, hours: 100 h}
""", book)
    fees = [item for item in result.line_items if item.key == "dedicated-region-fee"]
    # one fee for the region's 730 hours, not 830: split 730 : 100
    assert sum(item.cost for item in fees) == Decimal("1460.00")
    assert not fees[0].verified


def test_dedicated_hosts_bill_host_hours_of_the_family(frozen_book: RateBook) -> None:
    result = price(one("c5.large", tenancy="host", hosts=2, count=10), frozen_book)
    assert [(i.key, i.quantity, i.cost) for i in result.line_items] == [
        ("host-hours", Decimal(1460), Decimal("4914.36"))]  # 2 × 730 h × $3.366


def test_t4g_credits_are_priced_at_their_own_rate(shipped_book: RateBook) -> None:
    # AWS: $0.04 per vCPU-hour for T4g, $0.05 for T2/T3: 100 × 0.04 = $4.00
    result = price(one("t4g.micro", cpu_credits="'100 vCPU-hours'"), shipped_book)
    costs = {item.key: item.cost for item in result.line_items}
    assert costs["cpu-credits-linux-t4g"] == Decimal("4.00")
    assert "cpu-credits-linux" not in costs


def test_cpu_credits_and_volumes_and_data_transfer(frozen_book: RateBook) -> None:
    result = price(one("t3.micro", count=2, cpu_credits="'100 vCPU-hours'",
                       volumes="[{type: gp3, size: 20 GB}]", data_transfer_out="10 GB"),
                   frozen_book)
    costs = {item.key: item.cost for item in result.line_items}
    assert costs["cpu-credits-linux"] == Decimal("5.00")
    assert costs["gp3-storage"] == Decimal("3.20")        # 2 × 20 GB × $0.08
    assert costs["internet-out"] == Decimal("0.90")
    ebs = next(item for item in result.line_items if item.key == "gp3-storage")
    assert (ebs.resource, ebs.service) == ("web", "ebs")


def test_volumes_cost_the_same_as_standalone_volumes(frozen_book: RateBook) -> None:
    volume = "{type: io2, size: 50 GB, iops: 40000, count: 2, snapshots: {size: 5 GB}}"
    attached = price(one(volumes=f"[{volume}]"), frozen_book)
    standalone = price(f"resources: {{v: {{service: ebs, {volume[1:-1]}}}}}", frozen_book)
    assert ([i.cost for i in attached.line_items if i.service == "ebs"]
            == [i.cost for i in standalone.line_items])


@pytest.mark.parametrize(("keys", "message"), [
    ({"purchase": "scheduled_reserved"}, "Scheduled Reserved Instances can no longer"),
    ({"purchase": "spot"}, "needs exactly one of spot_price or spot_discount"),
    ({"spot_price": "0.01"}, "'spot_price' applies to purchase: spot"),
    ({"purchase": "reserved"}, "purchase: reserved needs 'reserved'"),
    ({"sql_server": "web"}, "SQL Server is priced on Windows only"),
    ({"hours": "800 h"}, "800 h is more than the month"),
    ({"hosts": 2}, "'hosts' applies to tenancy: host"),
    ({"cpu_credits": "'ten'"}, "is not a number of vCPU-hours"),
    ({"purchase": "spot", "spot_price": ".nan"}, "spot_price"),
    ({"purchase": "spot", "spot_price": "'1e400'"}, "'1e400' is not a price"),
])
def test_invalid_combinations_are_spec_errors(frozen_book: RateBook, keys: dict,
                                              message: str) -> None:
    with pytest.raises(SpecError, match=message):
        price(one(**keys), frozen_book)


def test_an_unknown_instance_type_is_a_spec_error_with_a_suggestion(frozen_book) -> None:
    with pytest.raises(SpecError) as caught:
        price(one("m5.larg"), frozen_book)
    assert "$.resources.web.instance_type: unknown instance type 'm5.larg'" in str(caught.value)
    assert "did you mean 'm5.large'?" in str(caught.value)
