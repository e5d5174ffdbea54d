"""Managed Service for Apache Flink: Infracost's Price List golden, AWS's per-second
billing examples and the ten-minute minimum at its boundary, the orchestration KPU per
application, running storage (50 GB per KPU, prorated), backups, and the unverified
us-east-1 rates."""

from __future__ import annotations

from decimal import Decimal

import pytest
import yaml

from awscalc.errors import PricingError, SpecError
from awscalc.estimate import estimate
from awscalc.ratecards import RateBook
from awscalc.spec import parse_spec


def price(text: str, book: RateBook):
    return estimate(parse_spec(text, "test.yaml"), book)


def spec(region: str = "eu-west-2", **resources: dict) -> str:
    return yaml.safe_dump({"region": region, "resources": resources}, sort_keys=False)


def flink(**keys: object) -> dict:
    return {"service": "flink", **keys}


def lines(result) -> dict[str, tuple[Decimal, Decimal]]:
    return {i.key: (i.quantity, i.cost) for i in result.line_items}


def test_infracost_price_list_golden(shipped_book: RateBook) -> None:
    # infracost kinesisanalyticsv2_application_test (eu-west-2, 2024-07-01): 10 KPUs and
    # 100 GB of backups: "Processing (stream) 10 KPU $927.10", "Processing
    # (orchestration) 1 KPU $92.71", "Running storage 500 GB $58.00", "Backup 100 GB
    # $2.40" — 11 KPUs × 730 h = 8,030 KPU-hours, $927.10 + $92.71 = $1,019.81.
    result = price(spec(app=flink(kpus=10, backups="100 GB")), shipped_book)
    assert lines(result) == {"kpu-hours": (Decimal(8030), Decimal("1019.81")),
                             "running-storage": (Decimal(500), Decimal("58.00")),
                             "backups": (Decimal(100), Decimal("2.40"))}
    assert result.monthly_total == Decimal("1080.21")
    assert all(item.verified for item in result.line_items)


@pytest.mark.parametrize(("hours", "billed_seconds"), [
    # https://docs.aws.amazon.com/managed-flink/latest/java/how-pricing.html: "an
    # application running for 20 minutes and 10 seconds will be charged for 20 minutes
    # and 10 seconds"; "running for 5 minutes will be charged the ten-minute minimum";
    # "15 minutes corresponds to 0.25 hours".
    ("20 min", 1200), ("1210 s", 1210), ("5 min", 600), ("15 min", 900),
    # the minimum at its boundary, and whole seconds
    ("599 s", 600), ("600 s", 600), ("601 s", 601), ("600.2 s", 601), ("1 s", 600)])
def test_per_second_with_a_ten_minute_minimum(frozen_book: RateBook, hours: str,
                                              billed_seconds: int) -> None:
    result = price(spec(app=flink(kpus=1, hours=hours)), frozen_book)
    # 1 KPU + 1 orchestration KPU
    assert lines(result)["kpu-hours"][0] == Decimal(2 * billed_seconds) / 3600


def test_fifteen_minutes_is_a_quarter_hour_per_kpu(frozen_book: RateBook) -> None:
    # 3 KPUs + 1 orchestration for 0.25 h = 1 KPU-hour = $0.127
    result = price(spec(app=flink(kpus=3, hours="15 min")), frozen_book)
    assert lines(result)["kpu-hours"] == (Decimal(1), Decimal("0.13"))


@pytest.mark.parametrize(("runs", "billed_seconds"), [
    (6, 3600),   # 6 × 10 min: exactly the minimum each
    (12, 7200),  # 12 × 5 min: each billed 10 min
    (7, 4200),   # 7 × 8.57 min: each billed 10 min
    (5, 3600)])  # 5 × 12 min: above the minimum, billed as run
def test_each_run_is_billed_at_least_ten_minutes(frozen_book: RateBook, runs: int,
                                                 billed_seconds: int) -> None:
    result = price(spec(app=flink(kpus=1, hours="1 h", runs=runs)), frozen_book)
    assert lines(result)["kpu-hours"][0] == Decimal(2 * billed_seconds) / 3600


def test_each_application_has_its_own_orchestration_kpu(frozen_book: RateBook) -> None:
    # 3 applications × (2 + 1) KPUs × 730 h = 6,570 KPU-hours × $0.127 = $834.39;
    # storage 3 × 2 × 50 GB = 300 GB × $0.116 = $34.80; backups 3 × 10 GB × $0.024
    result = price(spec(app=flink(kpus=2, applications=3, backups="10 GB")), frozen_book)
    assert lines(result) == {"kpu-hours": (Decimal(6570), Decimal("834.39")),
                             "running-storage": (Decimal(300), Decimal("34.80")),
                             "backups": (Decimal(30), Decimal("0.72"))}


def test_running_storage_follows_the_hours_run(frozen_book: RateBook) -> None:
    # 4 KPUs → 200 GB, for 365 of 730 h = 100 GB-months
    result = price(spec(app=flink(kpus=4, hours="365 h")), frozen_book)
    assert lines(result)["running-storage"] == (Decimal(100), Decimal("11.60"))


def test_a_stopped_application_pays_only_for_backups(frozen_book: RateBook) -> None:
    result = price(spec(app=flink(kpus=4, hours="0 h", backups="20 GB")), frozen_book)
    assert lines(result) == {"backups": (Decimal(20), Decimal("0.48"))}


def test_more_hours_than_the_month_is_an_error(frozen_book: RateBook) -> None:
    with pytest.raises(SpecError, match="more than the month"):
        price(spec(app=flink(kpus=1, hours="800 h")), frozen_book)


def test_us_east_1_rates_are_third_party_and_flagged(frozen_book: RateBook) -> None:
    # (4 + 1) × 730 h × $0.11 = $401.50; 200 GB × $0.10 = $20.00; 50 GB × $0.023 = $1.15
    result = price(spec(region="us-east-1", app=flink(kpus=4, backups="50 GB")),
                   frozen_book)
    assert lines(result) == {"kpu-hours": (Decimal(3650), Decimal("401.50")),
                             "running-storage": (Decimal(200), Decimal("20.00")),
                             "backups": (Decimal(50), Decimal("1.15"))}
    assert not any(item.verified for item in result.line_items)


def test_other_regions_have_no_rate(frozen_book: RateBook) -> None:
    with pytest.raises(PricingError, match="region 'eu-west-1'"):
        price(spec(region="eu-west-1", app=flink(kpus=1)), frozen_book)
