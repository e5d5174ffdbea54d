"""Neptune: instance hours by class and storage configuration (each Infracost Price List
golden line reproduced), CPU credits of burstable classes, cluster storage and I/O,
backup beyond the cluster's size (at the boundary), instance hours shorter than the
month, the I/O share and the I/O-Optimized comparison that cannot price, and the errors
(exit 3 for the spec, exit 4 for a rate that does not ship).

Rates: Infracost goldens neptune_cluster_instance_test and neptune_cluster_test
(eu-west-2, regenerated 2024-07-01): db.t3.medium $81.76, db.r4.large $297.84, db.t3.medium
I/O-Optimized $110.23 a 730-h month; CPU credits $0.15 per vCPU-hour; 100 GB storage
$11.60; 10 M I/Os $2.32; 1,000 GB backup $22.00.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from awscalc.errors import PricingError, SpecError
from awscalc.estimate import estimate
from awscalc.ratecards import RateBook
from awscalc.spec import parse_spec

from ..conftest import FROZEN_PRICING, SHIPPED_PRICING


def price(yaml_text: str, book: RateBook):
    return estimate(parse_spec(yaml_text, "test.yaml"), book)


def cluster(region: str = "eu-west-2", **keys: object) -> str:
    settings = {"instances": "[{instance_class: db.r4.large, count: 2}]",
                "storage": "100 GB", **keys}
    body = "".join(f"\n    {key}: {value}" for key, value in settings.items()
                   if value is not None)
    return f"region: {region}\nresources:\n  g:\n    service: neptune{body}\n"


def costs(result) -> dict[str, Decimal]:
    return {item.component.split(" (")[0]: item.cost for item in result.line_items}


@pytest.mark.parametrize("directory", [FROZEN_PRICING, SHIPPED_PRICING],
                         ids=["frozen", "shipped"])
@pytest.mark.parametrize(("cls", "monthly"), [
    ("db.t3.medium", "81.76"),   # golden dbT3Medium: 730 h × $0.112
    ("db.r4.large", "297.84"),   # golden dbR4LargeCount2[0]: 730 h × $0.408
])
def test_instance_lines_reproduce_the_price_list_golden(directory: Path, cls: str,
                                                        monthly: str) -> None:
    spec = cluster(instances=f"[{{instance_class: {cls}}}]", storage="1 GB", compare="false")
    result = price(spec, RateBook(directory, "test"))
    assert costs(result)["DB instance hours, On-Demand"] == Decimal(monthly)


@pytest.mark.parametrize("directory", [FROZEN_PRICING, SHIPPED_PRICING],
                         ids=["frozen", "shipped"])
def test_the_io_optimized_instance_rate_ships(directory: Path) -> None:
    # golden dbT3Medium-iooptimized: $110.23 / 730 h
    rate = RateBook(directory, "test").rate("neptune", "instance-hours", "eu-west-2",
                                            ("db.t3.medium", "io_optimized", "on_demand"))
    assert rate.tiers[0].rate * 730 == Decimal("110.230")


def test_a_standard_cluster_reproduces_the_cluster_golden(frozen_book: RateBook) -> None:
    # golden fiveDaysRetenPeriod: storage 100 GB $11.60, I/O 10 M $2.32; its 1,000 GB of
    # backup are billed in full there ($22.00), here beyond the 100 GB volume: 900 × 0.022
    spec = cluster(io_requests="10M", backup_storage="1000 GB")
    result = price(spec, frozen_book)
    assert costs(result) == {
        "DB instance hours, On-Demand": Decimal("595.68"),   # 2 × 730 h × $0.408
        "Cluster storage, Standard": Decimal("11.60"),
        "I/O requests, Standard": Decimal("2.32"),
        "Backup storage beyond the cluster's size": Decimal("19.80"),
    }
    assert result.monthly_total == Decimal("629.40")
    # I/O share of the Standard bill: 2.32 / 629.40 = 0.37 %
    assert result.details["g"]["io_share_percent"] == Decimal("0.4")


@pytest.mark.parametrize(("backup", "billed"), [
    ("99 GB", Decimal("0")),       # below the cluster's 100 GB: free
    ("100 GB", Decimal("0")),      # exactly 100 %: free
    ("101 GB", Decimal("0.02")),   # 1 GB beyond × $0.022 = 0.022 → $0.02
    ("600 GB", Decimal("11.00")),  # 500 GB beyond × $0.022
])
def test_backup_is_free_up_to_the_cluster_size(frozen_book, backup: str,
                                               billed: Decimal) -> None:
    result = price(cluster(backup_storage=backup, compare="false"), frozen_book)
    assert costs(result)["Backup storage beyond the cluster's size"] == billed


def test_cpu_credits_of_a_burstable_class(frozen_book) -> None:
    # golden dbT3Medium: 7,300 vCPU-hours $1,095.00 → $0.15 each; here 40 vCPU-hours
    spec = cluster(instances="[{instance_class: db.t3.medium, count: 2, cpu_credits: 40}]",
                   compare="false")
    result = price(spec, frozen_book)
    assert costs(result)["CPU credits"] == Decimal("6.00")
    assert costs(result)["DB instance hours, On-Demand"] == Decimal("163.52")  # 1,460 × 0.112


def test_instances_running_part_of_the_month(frozen_book) -> None:
    spec = cluster(instances="[{instance_class: db.r4.large, count: 3, hours: 100 h}]",
                   compare="false")
    result = price(spec, frozen_book)
    # 3 × 100 h = 300 instance-hours × $0.408
    assert costs(result)["DB instance hours, On-Demand"] == Decimal("122.40")


def test_the_io_optimized_comparison_says_why_it_cannot_price(frozen_book) -> None:
    result = price(cluster(io_requests="10M"), frozen_book)
    assert "comparisons" not in result.details["g"]
    assert ("not compared with I/O-Optimized: no source gives Neptune's I/O-Optimized "
            "storage rate, so none ships") in result.details["g"]["summary"]
    quiet = price(cluster(compare="false"), frozen_book).details.get("g", {})
    assert not any("not compared" in line for line in quiet.get("summary", []))


@pytest.mark.parametrize(("keys", "message"), [
    ({"storage_configuration": "io_optimized", "io_requests": "1M"},
     "I/O-Optimized clusters have no I/O charge"),
    ({"instances": None}, "needs 'instances' or 'serverless'"),
    ({"instances": "[{instance_class: db.r4.larg}]"},
     r"instances\[0\]\.instance_class: unknown instance class 'db\.r4\.larg' "
     r"\(did you mean 'db\.r4\.large'\?\)"),
    ({"serverless": "{average_ncus: 2, hours: 800 h}"},
     r"serverless\.hours: 800 h is more than the month"),
    ({"instances": "[{instance_class: db.r4.large, cpu_credits: 5}]"},
     r"instances\[0\]\.cpu_credits: 'db\.r4\.large' is not a burstable class"),
    ({"instances": "[{instance_class: db.r4.large, hours: 800 h}]"},
     r"instances\[0\]\.hours: 800 h is more than the month"),
    # no db.t4g class ships (nor its family's CPU-credit rate)
    ({"instances": "[{instance_class: db.t3.medium}, {instance_class: db.t4g.medium}]"},
     r"instances\[1\]\.instance_class: unknown instance class 'db\.t4g\.medium'"),
])
def test_spec_errors(frozen_book, keys: dict, message: str) -> None:
    with pytest.raises(SpecError, match=message):
        price(cluster(**keys), frozen_book)


NO_KEY = ("'awscalc pricing update --service neptune' does not fetch it (Amazon Neptune's "
          "rate card has no key for it)")


@pytest.mark.parametrize(("spec", "what", "hint"), [
    # I/O-Optimized storage has no source anywhere (and no card key an update could fill)
    (cluster(storage_configuration="io_optimized",
             instances="[{instance_class: db.t3.medium}]"),
     "no price for service 'neptune' cluster storage, I/O-Optimized in region 'eu-west-2'",
     NO_KEY),
    # db.r4.large ships Standard only
    (cluster(storage_configuration="io_optimized", compare="false"),
     "no price for service 'neptune' cluster storage, I/O-Optimized", NO_KEY),
    # no region but eu-west-2 ships (us-east-1's storage rates are recall only): the
    # catalog builder fetches it
    (cluster(region="us-east-1", compare="false"),
     "no price for service 'neptune' DB instance class 'db.r4.large', storage "
     "configuration Standard in region 'us-east-1'",
     "run 'awscalc pricing update --service neptune --region us-east-1'"),
    # Serverless: conflicting sources, no rate ships
    (cluster(instances=None, serverless="{average_ncus: 4, hours: 100 h}"),
     "no price for service 'neptune' Serverless NCU-hours (4 NCUs average × 100 h) in "
     "region 'eu-west-2'", NO_KEY),
])
def test_missing_rates_are_errors_naming_pricing_update(frozen_book, spec: str,
                                                         what: str, hint: str) -> None:
    with pytest.raises(PricingError) as caught:
        price(spec, frozen_book)
    assert what in str(caught.value)
    assert hint in str(caught.value)
