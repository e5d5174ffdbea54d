"""Firehose: the 5 KB record rounding at its boundary (and AWS's examples), ingestion tiers
across the account's streams at the 500 TB boundary, format conversion, VPC delivery,
dynamic partitioning, vended logs and regions without rates."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest

from awscalc.errors import PricingError, SpecError
from awscalc.estimate import estimate
from awscalc.ratecards import RateBook
from awscalc.spec import parse_spec

CENT = Decimal("0.01")


def price(yaml_text: str, book: RateBook):
    return estimate(parse_spec(yaml_text, "test.yaml"), book)


def items(result) -> dict[str, object]:
    return {item.key: item for item in result.line_items}


def firehose(keys: str, region: str = "eu-west-2", month: str = "730 h") -> str:
    return (f"month: {month}\nregion: {region}\n"
            f"resources:\n  f: {{service: firehose, {keys}}}\n")


@pytest.mark.parametrize(("size", "billed_kb"), [
    ("1 B", 5),
    ("3 KB", 5),         # AWS: "a 3 KB record is billed as 5 KB"
    ("5 KB", 5),         # exactly 5 KB = 5,120 bytes
    ("5121 B", 10),      # one byte above
    ("12 KB", 15),       # AWS: "a 12 KB record is billed as 15 KB"
    ("10 KB", 10),
])
def test_each_record_is_rounded_up_to_5_kb(frozen_book: RateBook, size: str,
                                          billed_kb: int) -> None:
    # 1,048,576 (2^20) records × billed_kb × 1,024 B ÷ 2^30 = billed_kb GB exactly;
    # eu-west-2 first tier $0.035/GB
    found = items(price(firehose(f"records: 1048576, record_size: {size}"), frozen_book))
    ingestion = found["ingestion"]
    assert ingestion.quantity == Decimal(billed_kb)
    # money is rounded half-up: 15 × $0.035 = $0.525 → $0.53
    assert ingestion.cost == (Decimal("0.035") * billed_kb).quantize(CENT, ROUND_HALF_UP)
    assert ingestion.verified


def test_rounding_is_per_record_not_per_batch(frozen_book: RateBook) -> None:
    # AWS: a PutRecordBatch of two 1 KB records is 10 KB (5 KB per record): 2 records of
    # 1 KB → 10 KB billed = 10,240 B ÷ 2^30 GB
    found = items(price(firehose("records: 2, record_size: 1 KB"), frozen_book))
    assert found["ingestion"].quantity == Decimal(10240) / Decimal(2**30)


def test_the_kinesis_source_is_rounded_too(frozen_book: RateBook) -> None:
    found = items(price(firehose("source: kinesis, records: 1048576, record_size: 3 KB"),
                        frozen_book))
    assert found["ingestion"].quantity == Decimal(5)
    assert "Kinesis Data Streams source" in found["ingestion"].component


# 512,000 GB (500 TB) in 5 KB records: 512,000 × 2^30 ÷ 5,120 = 107,374,182,400 records
TIER_ONE_RECORDS = 107_374_182_400


def test_first_tier_boundary_exactly_and_one_record_above(frozen_book: RateBook) -> None:
    # exactly 512,000 GB: all at $0.035 = $17,920.00
    found = items(price(firehose(f"records: {TIER_ONE_RECORDS}, record_size: 5 KB"),
                        frozen_book))
    assert found["ingestion"].quantity == Decimal(512_000)
    assert found["ingestion"].cost == Decimal("17920.00")
    assert len(found["ingestion"].tiers) == 1
    # one more record: 5,120 B ÷ 2^30 GB at the second tier ($0.030)
    above = items(price(firehose(f"records: {TIER_ONE_RECORDS + 1}, record_size: 5 KB"),
                        frozen_book))["ingestion"]
    assert [tier.rate for tier in above.tiers] == [Decimal("0.035"), Decimal("0.030")]
    assert above.tiers[1].quantity == Decimal(5120) / Decimal(2**30)


def test_tiers_are_shared_by_the_accounts_streams_in_a_region(frozen_book: RateBook) -> None:
    # two streams of 300,000 GB each (62,914,560,000 records of 5 KB): 600,000 GB climb
    # one ladder: 512,000 × $0.035 = $17,920 + 88,000 × $0.030 = $2,640 → $20,560, half
    # each: $10,280.00
    records = 62_914_560_000
    spec = ("region: eu-west-2\nresources:\n"
            f"  a: {{service: firehose, records: {records}, record_size: 5 KB}}\n"
            f"  b: {{service: firehose, source: kinesis, records: {records}, "
            "record_size: 5 KB}\n")
    result = price(spec, frozen_book)
    costs = [item.cost for item in result.line_items if item.key == "ingestion"]
    assert costs == [Decimal("10280.00"), Decimal("10280.00")]


def test_third_tier_beyond_2_pb(frozen_book: RateBook) -> None:
    # 2,048,000 GB + 1,000 GB: 512,000 × 0.035 + 1,536,000 × 0.030 + 1,000 × 0.024 =
    # 17,920 + 46,080 + 24 = $64,024.00. Records: 2,049,000 × 2^30 ÷ 5,120
    records = 2_049_000 * 2**30 // 5120
    found = items(price(firehose(f"records: {records}, record_size: 5 KB"), frozen_book))
    assert found["ingestion"].cost == Decimal("64024.00")


def test_options_in_eu_west_2(frozen_book: RateBook) -> None:
    # 2^20 records of 3 KB: 5 GB billed, 3 GB actual. Format conversion 5 GB × $0.021 =
    # $0.105 → $0.11; VPC 2 AZs × 730 h × $0.011 = $16.06, 3 GB × $0.01 = $0.03
    found = items(price(firehose("records: 1048576, record_size: 3 KB, "
                                 "format_conversion: true, vpc_delivery: "
                                 "{availability_zones: 2}"), frozen_book))
    assert found["format-conversion"].quantity == Decimal(5)
    assert found["format-conversion"].cost == Decimal("0.11")
    assert found["vpc-delivery-hours"].quantity == Decimal(1460)
    assert found["vpc-delivery-hours"].cost == Decimal("16.06")
    assert found["vpc-delivery-data"].quantity == Decimal(3)
    assert found["vpc-delivery-data"].cost == Decimal("0.03")


def test_vpc_hours_bill_a_partial_hour_whole(frozen_book: RateBook) -> None:
    # a 730.5 h month: 731 hours × 1 AZ
    found = items(price(firehose("records: 1, record_size: 1 KB, vpc_delivery: "
                                 "{availability_zones: 1}", month="730.5 h"), frozen_book))
    assert found["vpc-delivery-hours"].quantity == Decimal(731)


def test_dynamic_partitioning_is_unverified_in_us_east_1(frozen_book: RateBook) -> None:
    # 2^20 records × 2 KB = 2 GB × $0.020 = $0.04; 1M objects × $0.005/1,000 = $5.00;
    # 10 JQ hours × $0.07 = $0.70
    result = price(firehose("records: 1048576, record_size: 2 KB, dynamic_partitioning: "
                            "{objects: 1M, jq_hours: 10}", region="us-east-1"), frozen_book)
    found = items(result)
    assert found["dynamic-partitioning-data"].quantity == Decimal(2)
    assert found["dynamic-partitioning-data"].cost == Decimal("0.04")
    assert found["dynamic-partitioning-objects"].cost == Decimal("5.00")
    assert found["dynamic-partitioning-jq"].cost == Decimal("0.70")
    assert not any(item.verified for item in result.line_items)
    assert any("unverified rate firehose/dynamic-partitioning-jq" in w
               for w in result.warnings)


def test_dynamic_partitioning_without_a_rate_is_a_pricing_error(frozen_book: RateBook) -> None:
    with pytest.raises(PricingError, match="region 'eu-west-2', key "
                                           "'dynamic-partitioning-data'"):
        price(firehose("records: 1M, record_size: 1 KB, dynamic_partitioning: "
                       "{objects: 1k}"), frozen_book)


def test_vended_logs_have_no_rate(frozen_book: RateBook) -> None:
    with pytest.raises(PricingError, match="region 'eu-west-2', key "
                                           "'ingestion-vended-logs'"):
        price(firehose("source: vended_logs, records: 1M, record_size: 1 KB"), frozen_book)


def test_fractional_bytes_are_a_spec_error(frozen_book: RateBook) -> None:
    with pytest.raises(SpecError, match="is not a whole number of bytes"):
        price(firehose("records: 1M, record_size: 1.3 KB"), frozen_book)
