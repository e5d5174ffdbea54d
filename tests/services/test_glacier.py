"""S3 Glacier vaults: AWS's Knowledge Center retrieval example by tier, the per-archive
overhead (32 KB at the Glacier rate, 8 KB at S3 Standard's from the S3 card), the 90-day
minimum prorated at its boundaries, and the comparison with the same data in the S3
Glacier Flexible Retrieval storage class (bulk free there)."""

from __future__ import annotations

from decimal import Decimal

import pytest
import yaml

from awscalc.errors import PricingError, SpecError
from awscalc.estimate import estimate
from awscalc.ratecards import RateBook
from awscalc.spec import parse_spec


def price(text: str, book: RateBook, compare: bool = True):
    return estimate(parse_spec(text, "test.yaml"), book, compare=compare)


def spec(region: str = "us-east-1", month: str | None = None, **resources: dict) -> str:
    document: dict = {"region": region, "resources": resources}
    if month:
        document["month"] = month
    return yaml.safe_dump(document, sort_keys=False)


def vault(**keys: object) -> dict:
    return {"service": "glacier", **keys}


def lines(result) -> dict[str, tuple[Decimal, Decimal]]:
    return {i.key: (i.quantity, i.cost) for i in result.line_items}


# AWS re:Post Knowledge Center, "s3-manage-data-retrieval": "you retrieve 15,000,000
# objects ... The total amount of retrieved data is 100 TB (102,400 GB)". Standard: "the
# data retrieval request charges are 15,000,000 / 1000 * $0.05 = $750", "the per GB data
# retrieval charges are 102,400 * $0.01 = $1,024", "The total cost is $1,774"; Expedited:
# "15,000,000 / 1000 * $10 = $150,000" plus 102,400 × $0.03. The vault API's rates for
# these tiers are the same figures (pricing-facts-wave2 §9); bulk is the vault's own
# $0.0025/GB + $0.025 per 1,000 (recall): 102,400 × 0.0025 = $256, 15,000 × 0.025 = $375.
@pytest.mark.parametrize(("tier", "per_gb", "requests"), [
    ("standard", "1024.00", "750.00"),
    ("expedited", "3072.00", "150000.00"),
    ("bulk", "256.00", "375.00"),
])
def test_knowledge_center_retrieval_example(frozen_book: RateBook, tier: str, per_gb: str,
                                            requests: str) -> None:
    result = price(spec(v=vault(retrievals=[
        {"tier": tier, "size": "100 TB", "requests": "15M"}])), frozen_book)
    assert lines(result) == {
        f"retrieval-{tier}": (Decimal(102400), Decimal(per_gb)),
        f"retrieval-requests-{tier}": (Decimal(15000000), Decimal(requests))}


def test_standard_is_the_default_tier(frozen_book: RateBook) -> None:
    result = price(spec(v=vault(retrievals=[{"size": "1 TB", "requests": 1000}])),
                   frozen_book)
    assert lines(result) == {"retrieval-standard": (Decimal(1024), Decimal("10.24")),
                             "retrieval-requests-standard": (Decimal(1000), Decimal("0.05"))}


def test_per_archive_overhead(frozen_book: RateBook) -> None:
    # 1,048,576 archives: 32 KB each = 32 GB at $0.0036 = $0.1152 → $0.12; 8 KB each = 8 GB
    # at S3 Standard's $0.023 = $0.184 → $0.18 (priced from the S3 card, service s3)
    result = price(spec(v=vault(storage="1 TB", archives=1048576)), frozen_book,
                   compare=False)
    assert lines(result) == {"storage": (Decimal(1024), Decimal("3.69")),
                             "archive-metadata": (Decimal(32), Decimal("0.12")),
                             "storage-standard": (Decimal(8), Decimal("0.18"))}
    standard = next(i for i in result.line_items if i.key == "storage-standard")
    assert standard.service == "s3"


def test_the_8_kb_shares_s3_standard_tiers_with_buckets(frozen_book: RateBook) -> None:
    # A bucket holding exactly 50 TB fills S3 Standard's first tier: the vault's 8 GB of
    # archive names are billed in the second ($0.022), as one account's S3 Standard.
    result = price(spec(
        bucket={"service": "s3", "storage": [{"class": "STANDARD", "size": "50 TB"}]},
        v=vault(storage="1 TB", archives=1048576)), frozen_book, compare=False)
    mine = next(i for i in result.line_items
                if i.resource == "v" and i.key == "storage-standard")
    assert mine.quantity == Decimal(8)
    assert mine.cost == Decimal("0.18")  # 8 × 0.022 = 0.176
    bucket = next(i for i in result.line_items if i.resource == "bucket")
    assert bucket.cost == Decimal("1177.60")  # 51,200 × 0.023


def test_no_archive_count_warns(frozen_book: RateBook) -> None:
    result = price(spec(v=vault(storage="1 TB")), frozen_book, compare=False)
    assert any("per-archive overhead" in w for w in result.warnings)


@pytest.mark.parametrize(("deleted_after", "gb_months", "cost"), [
    # 1 TB deleted, 720-hour (30-day) months: the days not stayed of the 90 → GB-months
    ("30 days", "2048", "7.37"),       # 60 days = 2 months: 2,048 × $0.0036 = $7.3728
    ("89 days", "34.1333333333", "0.12"),  # 1 day: 1,024 / 30 = 34.13; × 0.0036 = $0.1229
    ("1 s", None, "11.06"),            # almost the full 90 days: ≈ 3,072 × $0.0036
])
def test_early_deletion_is_prorated(frozen_book: RateBook, deleted_after: str,
                                    gb_months: str | None, cost: str) -> None:
    result = price(spec(month="720 h", v=vault(early_deletes="1 TB",
                                               deleted_after=deleted_after)),
                   frozen_book, compare=False)
    quantity, charged = lines(result)["early-delete"]
    if gb_months is not None:
        assert quantity.quantize(Decimal("1e-10")) == Decimal(gb_months)
    assert charged == Decimal(cost)


def test_early_deletion_at_the_default_730_hour_month(frozen_book: RateBook) -> None:
    # 1,024 GB × 60 days × 24 h / 730 h = 2,019.945 GB-months × $0.0036 = $7.27
    result = price(spec(v=vault(early_deletes="1 TB", deleted_after="30 days")),
                   frozen_book, compare=False)
    assert lines(result)["early-delete"][1] == Decimal("7.27")


def test_early_deletion_without_age_charges_the_full_minimum(frozen_book: RateBook) -> None:
    result = price(spec(month="720 h", v=vault(early_deletes="1 TB")), frozen_book,
                   compare=False)
    # 3 months × 1,024 GB × $0.0036 = $11.0592
    assert lines(result)["early-delete"] == (Decimal(3072), Decimal("11.06"))
    assert any("right after upload" in w for w in result.warnings)


def test_no_early_deletion_charge_at_90_days(frozen_book: RateBook) -> None:
    result = price(spec(v=vault(early_deletes="1 TB", deleted_after="90 days")),
                   frozen_book, compare=False)
    assert "early-delete" not in lines(result)
    assert any("stayed the 90-day minimum" in w for w in result.warnings)


def test_provisioned_capacity_and_uploads(frozen_book: RateBook) -> None:
    result = price(spec(v=vault(provisioned_capacity_units=2, uploads="100k")),
                   frozen_book, compare=False)
    assert lines(result) == {"provisioned-capacity": (Decimal(2), Decimal("200.00")),
                             "upload-requests": (Decimal(100000), Decimal("5.00"))}
    # both recalled for the vault API: flagged
    assert not any(item.verified for item in result.line_items)


def test_recalled_and_verified_rates_are_told_apart(shipped_book: RateBook) -> None:
    result = price(spec(v=vault(storage="1 TB", retrievals=[
        {"tier": "bulk", "size": "1 TB", "requests": 1000}])), shipped_book, compare=False)
    verified = {item.key: item.verified for item in result.line_items}
    assert verified == {"storage": True, "retrieval-bulk": False,
                        "retrieval-requests-bulk": False}
    # free bulk retrieval (AWS's feed lists both meters at $0) costs nothing: no warning
    assert not any("glacier/retrieval-bulk" in w for w in result.warnings)


def test_comparison_with_the_s3_storage_class_bulk_is_free(frozen_book: RateBook) -> None:
    # The vault's bulk retrieval costs $256 + $375 = $631 (see the Knowledge Center case);
    # in S3 Glacier Flexible Retrieval bulk restores are free. Storage is $0.0036 in both,
    # so the vault costs exactly $631.00 more.
    result = price(spec(v=vault(storage="50 TB", retrievals=[
        {"tier": "bulk", "size": "100 TB", "requests": "15M"}])), frozen_book)
    compared = result.details["v"]["comparisons"][0]
    assert compared["with"] == "the same data in the S3 Glacier Flexible Retrieval storage class"
    assert compared["monthly_total"] == Decimal("815.32")  # 184.32 + 256 + 375
    assert compared["monthly_total_with"] == Decimal("184.32")
    assert compared["difference"] == Decimal("631.00")
    assert any("$631.00" in line and "more than with the same data" in line
               for line in result.details["v"]["summary"])


def test_comparison_prices_uploads_as_s3_puts(frozen_book: RateBook) -> None:
    # 100,000 uploads: $5.00 in the vault (recalled $0.05/1k); the S3 class's PUT rate
    # ($0.03/1k) from the S3 card: $3.00. Overhead and early deletion are the same.
    result = price(spec(v=vault(storage="1 TB", archives=1048576, uploads="100k",
                                early_deletes="1 TB", deleted_after="30 days",
                                provisioned_capacity_units=1)), frozen_book)
    compared = result.details["v"]["comparisons"][0]
    assert compared["difference"] == Decimal("2.00")


def test_compare_false_prices_no_alternative(frozen_book: RateBook) -> None:
    result = price(spec(v=vault(storage="1 TB", compare=False)), frozen_book)
    assert "comparisons" not in result.details.get("v", {})


def test_missing_region_is_a_pricing_error(frozen_book: RateBook) -> None:
    with pytest.raises(PricingError, match="glacier"):
        price(spec(region="eu-west-1", v=vault(storage="1 TB")), frozen_book)


@pytest.mark.parametrize(("keys", "message"), [
    ({"archives": 10}, "archives are given but the storage is 0"),
    ({"deleted_after": "30 days"}, "deleted_after applies to early_deletes"),
    ({"retrievals": [{"size": "0 GB", "requests": 10}]}, "retrieval requests are given"),
])
def test_inconsistent_keys_are_spec_errors(frozen_book: RateBook, keys: dict,
                                           message: str) -> None:
    with pytest.raises(SpecError, match=message):
        price(spec(v=vault(**keys)), frozen_book)
