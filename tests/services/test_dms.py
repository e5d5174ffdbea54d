"""DMS: replication instance-hours by class and deployment (Multi-AZ its own rate),
storage beyond the amount included with the class at the boundary for each class family
(and the exit-4 error for a family without a sourced allowance), serverless DCU-hours
(Multi-AZ doubles; the us-east-1 rate is missing: exit 4), one-time migrations in the
one-time total, spec errors, and the catalogs.

Rates (frozen card and catalog, pricing-facts-wave2 §16): dms.t2.micro $0.018/h
Single-AZ, $0.036/h Multi-AZ; storage $0.115 / $0.23 per GB-month (IC 2024-07-01);
serverless $0.113289353 per DCU-hour in ap-south-1 only (3P, unverified). Included
storage 50 GB (t2/t3), 100 GB (c4/r4/r5): 3P.
"""

from __future__ import annotations

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

FROZEN = RateBook(FROZEN_PRICING, "frozen")


def price(yaml_text: str, book: RateBook = FROZEN):
    return estimate(parse_spec(yaml_text, "test.yaml"), book)


def dms(region: str = "us-east-1", **keys: object) -> str:
    extra = "".join(f"\n    {key}: {value}" for key, value in keys.items())
    return f"region: {region}\nresources:\n  d:\n    service: dms{extra}\n"


def costs(result) -> list[tuple[Decimal, Decimal]]:
    return [(item.quantity, item.cost) for item in result.line_items]


# --- replication instances --------------------------------------------------------------

def test_single_az_instance_for_the_month() -> None:
    # 1 × dms.t2.micro × 730 h = 730 instance-hours × $0.018 = $13.14 (Infracost's golden)
    result = price(dms(instance_class="dms.t2.micro"))
    assert costs(result) == [(Decimal(730), Decimal("13.14"))]
    assert result.line_items[0].verified and not result.line_items[0].one_time


def test_multi_az_is_its_own_rate() -> None:
    # 730 h × $0.036 (Multi-AZ rate, looked up) = $26.28
    result = price(dms(instance_class="dms.t2.micro", deployment="multi_az"))
    assert costs(result) == [(Decimal(730), Decimal("26.28"))]


def test_count_times_hours() -> None:
    # 3 instances × 200 h = 600 instance-hours × $0.018 = $10.80
    result = price(dms(instance_class="dms.t2.micro", count=3, hours="200 h"))
    assert costs(result) == [(Decimal(600), Decimal("10.80"))]


# --- storage beyond the included amount -------------------------------------------------

def test_storage_at_the_t2_boundary_bills_nothing() -> None:
    # 50 GB allocated − 50 GB included (t2) = 0 GB: only the instance line, and a warning
    result = price(dms(instance_class="dms.t2.micro", storage="50 GB"))
    assert costs(result) == [(Decimal(730), Decimal("13.14"))]
    assert any("50 GB included with t2" in w and "third party" in w
               for w in result.warnings)


def test_storage_one_gb_past_the_t2_boundary() -> None:
    # 51 GB − 50 GB = 1 GB-month × $0.115 = $0.115 → $0.12 (rounded at the end)
    result = price(dms(instance_class="dms.t2.micro", storage="51 GB"))
    assert costs(result)[1] == (Decimal(1), Decimal("0.12"))
    assert "third party" in result.line_items[1].component


def test_multi_az_storage_rate() -> None:
    # Infracost's golden: Multi-AZ, 70 GB allocated − 50 GB = 20 GB × $0.23 = $4.60
    result = price(dms(instance_class="dms.t2.micro", deployment="multi_az", storage="70 GB"))
    assert costs(result) == [(Decimal(730), Decimal("26.28")), (Decimal(20), Decimal("4.60"))]


def test_storage_counts_every_instance_for_its_hours() -> None:
    # (80 − 50) GB × 2 instances × 365 h ÷ 730 h = 30 GB-months × $0.115 = $3.45
    result = price(dms(instance_class="dms.t2.micro", count=2, hours="365 h", storage="80 GB"))
    assert costs(result)[1] == (Decimal(30), Decimal("3.45"))


@pytest.mark.parametrize(("instance_class", "included"), [
    ("dms.t3.medium", 50), ("dms.c4.large", 100), ("dms.r4.large", 100),
    ("dms.r5.large", 100)])
def test_included_storage_boundary_per_family(tmp_path: Path, instance_class: str,
                                              included: int) -> None:
    # Test-only $1.00/h rates for the class, so each family's boundary can be priced:
    # at the boundary no storage line; 1 GB past it, 1 GB-month × $0.115 = $0.12
    book = _book_with(tmp_path, instance_class)
    at = price(dms(instance_class=instance_class, storage=f"{included} GB"), book)
    assert costs(at) == [(Decimal(730), Decimal("730.00"))]
    past = price(dms(instance_class=instance_class, storage=f"{included + 1} GB"), book)
    assert costs(past)[1] == (Decimal(1), Decimal("0.12"))
    assert f"included {included} GB" in past.line_items[1].component


def test_storage_on_a_family_without_a_sourced_allowance_is_exit_4(tmp_path: Path) -> None:
    book = _book_with(tmp_path, "dms.c5.large")
    with pytest.raises(PricingError, match=r"no included storage .*dms\.c5\.large.*'c5'"):
        price(dms(instance_class="dms.c5.large", storage="200 GB"), book)
    # without storage, the instance alone is priced
    assert price(dms(instance_class="dms.c5.large"), book).monthly_total == Decimal("730.00")


# --- serverless -------------------------------------------------------------------------

def test_serverless_dcu_hours_ship_unverified_in_ap_south_1() -> None:
    # 4 DCUs × 100 h = 400 DCU-hours × $0.113289353 = $45.3157412 → $45.32
    result = price(dms("ap-south-1", serverless="{dcus: 4, hours: 100 h}"))
    assert costs(result) == [(Decimal(400), Decimal("45.32"))]
    assert not result.line_items[0].verified


def test_serverless_multi_az_doubles() -> None:
    # 4 DCUs × 100 h × 2 = 800 DCU-hours × $0.113289353 = $90.6314824 → $90.63
    result = price(dms("ap-south-1", deployment="multi_az",
                       serverless="{dcus: 4, hours: 100 h}"))
    assert costs(result) == [(Decimal(800), Decimal("90.63"))]
    assert any("Multi-AZ doubling" in w for w in result.warnings)


def test_serverless_rate_missing_in_us_east_1_is_exit_4() -> None:
    with pytest.raises(PricingError, match="no price for service 'dms' key "
                       "'serverless-dcu-hours' in region 'us-east-1'") as caught:
        price(dms(serverless="{dcus: 4, hours: 100 h}"))
    assert caught.value.exit_code == 4


# --- one-time migrations ----------------------------------------------------------------

def test_one_time_migration_lands_in_the_one_time_total() -> None:
    # 2 × 1,000 h = 2,000 instance-hours × $0.018 = $36.00, once (beyond the month is fine)
    # storage: (80 − 50) GB × 2 × 1,000 h ÷ 730 h = 82.1917… GB-months × $0.115 = $9.45…
    result = price(dms(instance_class="dms.t2.micro", count=2, hours="1000 h",
                       storage="80 GB", one_time="true"))
    assert all(item.one_time for item in result.line_items)
    assert result.monthly_total == 0
    # 60,000 ÷ 730 × 0.115 = 9.4520547… ; 36 + 9.4520547 = 45.4520547 → $45.45
    assert result.one_time_total == Decimal("45.45")
    assert result.line_items[0].cost == Decimal("36.00")


def test_one_time_serverless() -> None:
    # 2 DCUs × 1,000 h = 2,000 DCU-hours × $0.113289353 = $226.578706 → $226.58, once
    result = price(dms("ap-south-1", one_time="true", serverless="{dcus: 2, hours: 1000 h}"))
    assert result.one_time_total == Decimal("226.58") and result.monthly_total == 0


def test_one_time_needs_hours() -> None:
    with pytest.raises(SpecError, match="one-time migration needs its duration"):
        price(dms(instance_class="dms.t2.micro", one_time="true"))


# --- errors -----------------------------------------------------------------------------

def test_monthly_hours_beyond_the_month() -> None:
    with pytest.raises(SpecError, match="800 h is more than the month"):
        price(dms(instance_class="dms.t2.micro", hours="800 h"))


def test_unknown_class_is_a_did_you_mean() -> None:
    with pytest.raises(SpecError, match=r"unknown instance class 'dms.t2.micr'") as caught:
        price(dms(instance_class="dms.t2.micr"))
    assert "did you mean 'dms.t2.micro'" in (caught.value.hint or "")


def test_class_without_a_rate_in_the_region_is_exit_4() -> None:
    with pytest.raises(PricingError, match=r"no price for service 'dms' instance class "
                       r"'dms\.t2\.micro', deployment 'single_az' in region 'eu-west-1'"):
        price(dms("eu-west-1", instance_class="dms.t2.micro"))


def test_a_class_not_sold_in_the_region_names_those_that_are(tmp_path: Path) -> None:
    """The error names the classes the region prices for the same deployment: a
    previous-generation class is often not sold in newer regions."""
    catalog = CatalogKey("instance-hours", "Replication instance hours", "instance-hour",
                         ("instance_class", "deployment"))
    write_catalog(tmp_path / "dms.sqlite", service="dms", title="t",
                  sources=[CatalogSource("https://example.com/dms", "2026-12-01")],
                  keys=[catalog],
                  rates=[CatalogRate("instance-hours", "eu-north-1", (name, deployment),
                                     Decimal("0.1"))
                         for name, deployment in (("dms.t3.micro", "single_az"),
                                                  ("dms.t3.small", "single_az"),
                                                  ("dms.t2.micro", "multi_az"))])
    with pytest.raises(PricingError) as caught:
        price(dms("eu-north-1", instance_class="dms.t2.micro"), RateBook(tmp_path, "test"))
    assert caught.value.hint == (
        "run 'awscalc pricing update --service dms --region eu-north-1'; eu-north-1 prices 2 "
        "other instance classes with the same deployment, the nearest: dms.t3.micro, "
        "dms.t3.small")


def test_needs_an_instance_class_or_serverless() -> None:
    with pytest.raises(SpecError, match="needs 'instance_class'"):
        price(dms(storage="100 GB"))
    with pytest.raises(SpecError, match="a DMS resource needs"):
        price(dms(deployment="multi_az"))


def test_instance_keys_do_not_apply_to_serverless() -> None:
    with pytest.raises(SpecError, match="'storage' applies to replication instances"):
        price(dms("ap-south-1", storage="100 GB", serverless="{dcus: 2, hours: 1 h}"))


def test_zero_hours_bill_nothing_and_say_so() -> None:
    with pytest.raises(SpecError, match="0 hours: nothing to bill"):
        price(dms(instance_class="dms.t2.micro", hours="0 h"))


# --- catalogs ---------------------------------------------------------------------------

def _book_with(tmp_path: Path, instance_class: str) -> RateBook:
    directory = tmp_path / "pricing"
    directory.mkdir()
    (directory / "dms.yaml").write_text((FROZEN_PRICING / "dms.yaml").read_text("utf-8"),
                                        encoding="utf-8")
    write_catalog(directory / "dms.sqlite", service="dms", title="t",
                  sources=[CatalogSource("test", "2026-11-30", True, "test-only rate")],
                  keys=[CatalogKey("instance-hours", "Replication instance hours",
                                   "instance-hour", ("instance_class", "deployment"))],
                  rates=[CatalogRate("instance-hours", "us-east-1",
                                     (instance_class, "single_az"), Decimal(1), 0)])
    return RateBook(directory, "test")


def test_catalogs_equal_their_sources_and_each_other(tmp_path: Path) -> None:
    """The frozen catalog is its hand-entered source; the shipped one is the same source
    plus the generated pricing-page feed table (pricing/tools/pricewatcher_dms.py), so it
    holds every frozen row unchanged; the shipped card prices every rate the frozen card
    has the same way."""
    assert_catalogs_equal_their_sources(tmp_path, "dms", ["dms-pricewatcher.yaml"])
