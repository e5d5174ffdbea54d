"""Kinesis Data Streams: PUT payload units at the 25 KB (decimal) boundary, on-demand 1 KB
rounding at its boundary, shard sizing with each limit deciding, retention tiers, enhanced
fan-out, AWS's pricing-page examples, month length, and errors."""

from __future__ import annotations

from decimal import Decimal

import pytest

from awscalc.errors import PricingError, SpecError
from awscalc.estimate import estimate
from awscalc.ratecards import RateBook
from awscalc.spec import parse_spec


def price(yaml_text: str, book: RateBook):
    return estimate(parse_spec(yaml_text, "test.yaml"), book)


def items(result) -> dict[str, object]:
    return {item.key: item for item in result.line_items}


def stream(keys: str, month: str = "730 h", region: str = "us-east-1") -> str:
    return (f"month: {month}\nregion: {region}\n"
            f"resources:\n  s: {{service: kinesis, {keys}}}\n")


# -- PUT payload units: 25 KB = 25,000 bytes, rounded up per record -------------------

@pytest.mark.parametrize(("size", "units"), [
    ("1 B", 1),
    ("25000 B", 1),      # exactly one 25 KB (decimal) chunk
    ("25001 B", 2),      # one byte above: a second unit
    ("25 KB", 2),        # awscalc's 25 KB is 25,600 bytes: above 25,000 → 2 units
    ("50000 B", 2),
    ("50001 B", 3),
])
def test_put_payload_units_at_the_25_kb_boundary(frozen_book: RateBook, size: str,
                                                 units: int) -> None:
    # 1M records a month × units per record; × $0.014 per 1M units
    found = items(price(stream(f"records: 1M, record_size: {size}, shards: 1"),
                        frozen_book))
    put = found["put-payload-units"]
    assert put.quantity == Decimal(units) * 1_000_000
    assert put.cost == (Decimal("0.014") * units).quantize(Decimal("0.01"))
    assert "25 KB = 25,000 bytes" in put.component


@pytest.mark.parametrize(("size", "units"), [
    # AWS's page (http://aws.amazon.com/kinesis/pricing/): "a 5KB record contains one PUT
    # Payload Unit, a 45KB record contains two PUT Payload Units, and a 1MB record contains
    # 40 PUT Payload Units". 5 KB = 5,120 B → 1; 45 KB = 46,080 B → 2; 1 MB as AWS means it
    # there is 1,000,000 B → 40 (written in bytes: awscalc's 1 MB is 2^20 bytes → 42).
    ("5 KB", 1), ("45 KB", 2), ("1000000 B", 40), ("1 MB", 42),
])
def test_aws_page_put_payload_unit_examples(shipped_book: RateBook, size: str,
                                            units: int) -> None:
    found = items(price(stream(f"records: 1M, record_size: {size}, shards: 1"),
                        shipped_book))
    assert found["put-payload-units"].quantity == Decimal(units) * 1_000_000


# -- on-demand: each record rounded up to 1 KB = 1,024 bytes --------------------------

@pytest.mark.parametrize(("size", "billed_kb"), [
    ("1 B", 1),
    ("1024 B", 1),       # exactly 1 KB
    ("1025 B", 2),       # just above
    ("4.5 KB", 5),       # the pricing page's example: 4.5 KB records count as 5 KB
    ("5 KB", 5),
])
def test_on_demand_rounds_each_record_up_to_1_kb(frozen_book: RateBook, size: str,
                                                 billed_kb: int) -> None:
    # 1,048,576 (2^20) records × billed_kb × 1,024 B ÷ 2^30 = billed_kb GB exactly
    found = items(price(stream(f"mode: on_demand, records: 1048576, record_size: {size}"),
                        frozen_book))
    data_in = found["on-demand-data-in"]
    assert data_in.quantity == Decimal(billed_kb)
    assert data_in.cost == (Decimal("0.08") * billed_kb).quantize(Decimal("0.01"))
    # one standard consumer by default reads the same billed GB at $0.04
    assert found["on-demand-data-out"].quantity == Decimal(billed_kb)
    # 730 stream-hours × $0.04 = $29.20
    assert found["on-demand-stream-hours"].cost == Decimal("29.20")
    assert "shard-hours" not in found and "put-payload-units" not in found


def test_on_demand_consumers_and_enhanced_fan_out(frozen_book: RateBook) -> None:
    # 2^20 records × 2 KB = 2 GB in; 3 standard consumers read 6 GB × $0.04 = $0.24;
    # 2 EFO consumers retrieve 4 GB × $0.05 = $0.20
    found = items(price(stream("mode: on_demand, records: 1048576, record_size: 2 KB, "
                               "consumers: 3, enhanced_fan_out: {consumers: 2}"),
                        frozen_book))
    assert found["on-demand-data-out"].quantity == Decimal(6)
    assert found["on-demand-data-out"].cost == Decimal("0.24")
    assert found["on-demand-efo-data"].quantity == Decimal(4)
    assert found["on-demand-efo-data"].cost == Decimal("0.20")


# -- shard sizing: each limit deciding -----------------------------------------------

@pytest.mark.parametrize(("keys", "shards", "decided"), [
    # ingress: 1,000/s × 3 KB = 3,072,000 B/s ÷ 1,048,576 = 2.93 → 3; records 1;
    # egress 1 consumer × 2.93 ÷ 2 = 1.46 → 2
    ("records: 1000/s, record_size: 3 KB", 3, "ingress decided"),
    # records: 5,000/s ÷ 1,000 = 5; ingress 500,000 B/s → 1; egress → 1
    ("records: 5000/s, record_size: 100 B", 5, "records/s decided"),
    # egress: 500/s × 1 KB = 0.49 MB/s; 5 consumers × 0.49 ÷ 2 = 1.22 → 2; ingress 1,
    # records 1
    ("records: 500/s, record_size: 1 KB, consumers: 5", 2, "egress decided"),
    # exactly at every limit: 512/s × 2 KB = 1,048,576 B/s = 1 MB/s → 1; 512/s → 1;
    # 1 consumer × 1 MB/s ÷ 2 → 1
    ("records: 512/s, record_size: 2 KB", 1, "ingress and records/s and egress decided"),
    # one byte above the ingress limit: 512 × 2,049 B/s > 1 MB/s → 2
    ("records: 512/s, record_size: 2049 B", 2, "ingress decided"),
    # exactly 1,000 records/s → 1 shard; 1,001/s → 2
    ("records: 1000/s, record_size: 10 B", 1, "decided"),
    ("records: 1001/s, record_size: 10 B", 2, "records/s decided"),
])
def test_shards_auto_takes_the_largest_need(frozen_book: RateBook, keys: str, shards: int,
                                            decided: str) -> None:
    found = items(price(stream(keys), frozen_book))
    hours = found["shard-hours"]
    assert hours.quantity == Decimal(shards * 730)
    assert hours.cost == (Decimal(shards * 730) * Decimal("0.015")).quantize(Decimal("0.01"))
    assert hours.component.startswith(f"Shard hours ({shards} shard")
    assert decided in hours.component


def test_per_second_rates_convert_back_exactly_with_any_month(frozen_book: RateBook) -> None:
    # 1,000/s in a 744 h month is 2,678,400,000 records: ÷ 2,678,400 s = exactly 1,000/s →
    # 1 shard, not 2; 744 shard-hours × $0.015 = $11.16
    found = items(price(stream("records: 1000/s, record_size: 10 B", month="744 h"),
                        frozen_book))
    assert found["shard-hours"].quantity == Decimal(744)
    assert found["shard-hours"].cost == Decimal("11.16")
    # a month's total (no time unit) is averaged over the month: 2,628,001 records in
    # 730 h is just above 1/s — still 1 shard — and 2,628,000,001 just above 1,000/s → 2
    assert items(price(stream("records: 2628000001, record_size: 10 B"), frozen_book))[
        "shard-hours"].quantity == Decimal(1460)


def test_aws_page_shard_example(shipped_book: RateBook) -> None:
    # AWS's example (http://aws.amazon.com/kinesis/pricing/): "100 records per second …
    # each record is 35KB … the total data input rate is 3.4MB/sec" — 3,500 KB ÷ 1,024 —
    # so 4 shards of 1 MB/s. 35 KB = 35,840 B → 2 PUT payload units per record.
    # In a 31-day month (744 h): 4 × 744 = 2,976 shard-hours × $0.015 = $44.64;
    # 100 × 2,678,400 s = 267,840,000 records × 2 = 535,680,000 units × $0.014/1M = $7.50
    found = items(price(stream("records: 100/s, record_size: 35 KB", month="744 h"),
                        shipped_book))
    assert found["shard-hours"].quantity == Decimal(2976)
    assert "ingress 3.42 MB/s → 4" in found["shard-hours"].component
    assert found["shard-hours"].cost == Decimal("44.64")
    assert found["put-payload-units"].quantity == Decimal(535_680_000)
    assert found["put-payload-units"].cost == Decimal("7.50")


def test_too_few_shards_warns(frozen_book: RateBook) -> None:
    result = price(stream("records: 5000/s, record_size: 100 B, shards: 2"), frozen_book)
    assert items(result)["shard-hours"].quantity == Decimal(1460)
    assert any("2 shards are fewer than the 5 the traffic needs" in w
               for w in result.warnings)


def test_shards_alone_prices_only_shard_hours(frozen_book: RateBook) -> None:
    found = items(price(stream("shards: 4"), frozen_book))
    assert set(found) == {"shard-hours"}
    assert found["shard-hours"].cost == Decimal("43.80")  # 4 × 730 × $0.015


# -- retention tiers -------------------------------------------------------------------

@pytest.mark.parametrize(("retention", "extended", "long_term"), [
    ("24 h", False, False),
    ("25 h", True, False),
    ("7 days", True, False),
    ("169 h", True, True),
    ("365 days", True, True),
])
def test_provisioned_retention_tiers(frozen_book: RateBook, retention: str, extended: bool,
                                     long_term: bool) -> None:
    found = items(price(stream(f"records: 1000/s, record_size: 1 KB, retention: {retention}"),
                        frozen_book))
    assert ("extended-retention" in found) is extended
    assert ("long-term-retention" in found) is long_term
    if extended:  # per shard-hour, whatever the length: 1 shard × 730 h × $0.02 = $14.60
        assert found["extended-retention"].quantity == Decimal(730)
        assert found["extended-retention"].cost == Decimal("14.60")
        assert not found["extended-retention"].verified


def test_long_term_retention_is_the_data_older_than_7_days(frozen_book: RateBook) -> None:
    # 1,000/s × 1 KB = 1,024,000 B/s; 8 days keeps 1 day beyond 7: 1,024,000 × 86,400 =
    # 88,473,600,000 B ÷ 2^30 = 82.3974609375 GB-month × $0.023 = $1.895… → $1.90
    found = items(price(stream("records: 1000/s, record_size: 1 KB, retention: 8 days"),
                        frozen_book))
    assert found["long-term-retention"].quantity == Decimal("82.3974609375")
    assert found["long-term-retention"].cost == Decimal("1.90")


def test_on_demand_retention_tiers(frozen_book: RateBook) -> None:
    # 1,000/s × 1 KB (billed 1 KB): 30 days keeps 6 days extended (24 h to 7 days) and
    # 23 days long-term. 1,024,000 B/s × 518,400 s ÷ 2^30 = 494.384765625 GB-month ×
    # $0.10 = $49.44; × 1,987,200 s ÷ 2^30 = 1,895.1416015625 GB-month × $0.023 = $43.59
    found = items(price(stream("mode: on_demand, records: 1000/s, record_size: 1 KB, "
                               "retention: 30 days"), frozen_book))
    assert found["on-demand-extended-retention"].quantity == Decimal("494.384765625")
    assert found["on-demand-extended-retention"].cost == Decimal("49.44")
    assert found["on-demand-long-term-retention"].quantity == Decimal("1895.1416015625")
    assert found["on-demand-long-term-retention"].cost == Decimal("43.59")
    none = items(price(stream("mode: on_demand, records: 1000/s, record_size: 1 KB"),
                       frozen_book))
    assert "on-demand-extended-retention" not in none


# -- enhanced fan-out ------------------------------------------------------------------

def test_enhanced_fan_out_does_not_size_the_stream(frozen_book: RateBook) -> None:
    # 500/s × 1 KB: 1 shard (EFO consumers have their own 2 MB/s each). 2 consumers × 1
    # shard × 730 h = 1,460 consumer-shard-hours × $0.015 = $21.90; data: 500 × 2,628,000
    # × 1,024 B ÷ 2^30 = 1,253.1280517578125 GB × 2 = 2,506.256103515625 GB × $0.013 =
    # $32.58
    found = items(price(stream("records: 500/s, record_size: 1 KB, "
                               "enhanced_fan_out: {consumers: 2}"), frozen_book))
    assert found["shard-hours"].quantity == Decimal(730)
    assert found["efo-consumer-hours"].quantity == Decimal(1460)
    assert found["efo-consumer-hours"].cost == Decimal("21.90")
    assert found["efo-data"].quantity == Decimal("2506.256103515625")
    assert found["efo-data"].cost == Decimal("32.58")


# -- errors ------------------------------------------------------------------------------

@pytest.mark.parametrize(("keys", "message"), [
    ("records: 1000/s", "'records' needs 'record_size'"),
    ("record_size: 1 KB", "'record_size' needs 'records'"),
    ("shards: auto", "shards: auto needs records and record_size"),
    ("records: 1M, record_size: 1 KB, retention: 12 h", "is outside 24 h to 365 days"),
    ("records: 1M, record_size: 1 KB, retention: 366 days", "is outside 24 h to 365 days"),
    ("mode: on_demand, shards: 2", "an on-demand stream has no shards to set"),
    ("records: 1M, record_size: 0 B", "a record has at least 1 byte"),
])
def test_spec_errors(frozen_book: RateBook, keys: str, message: str) -> None:
    with pytest.raises(SpecError, match=message):
        price(stream(keys), frozen_book)


def test_a_region_without_rates_is_a_pricing_error(frozen_book: RateBook) -> None:
    with pytest.raises(PricingError, match="region 'eu-west-1', key 'shard-hours'"):
        price(stream("shards: 1", region="eu-west-1"), frozen_book)
