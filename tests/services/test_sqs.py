"""SQS: AWS's 64 KB chunk example, the chunk boundary (64 KiB exactly and one byte more),
batching with chunking, request tiers, FIFO rates, the free tier shared by two queues,
SSE-KMS (exit 4) and the spec errors. Values are computed by hand in the comments."""

from __future__ import annotations

from decimal import Decimal

import pytest

from awscalc.errors import PricingError, SpecError
from awscalc.estimate import estimate
from awscalc.ratecards import RateBook
from awscalc.services import sqs
from awscalc.spec import parse_spec


def spec(text: str):
    return parse_spec(text, "test.yaml")


def requests_of(queue: str) -> dict[str, int]:
    """The derived send/receive/delete/empty requests of one queue (its details)."""
    resource = spec(f"resources:\n  q: {queue}\n").resources[0]
    return dict(sqs.usage(resource).details["requests"])


def price(text: str, book: RateBook):
    return estimate(spec(text), book)


def test_aws_example_a_256_kb_payload_is_billed_as_4_requests() -> None:
    # SQS pricing page: "an API action with a 256 KB payload is billed as 4 requests".
    found = requests_of("{service: sqs, messages: 1, message_size: 256 KB, "
                        "receives_per_message: 0}")
    assert found == {"send": 4, "receive": 0, "delete": 1, "empty_receive": 0}


@pytest.mark.parametrize(("size", "chunks"), [
    ("1 B", 1), ("64 KB", 1), ("65536 B", 1),   # 64 KiB exactly: one request
    ("65537 B", 2),                              # one byte more: two
    ("128 KB", 2), ("131073 B", 3), ("1 MiB", 16),
])
def test_chunk_boundaries_of_one_message(size: str, chunks: int) -> None:
    found = requests_of(f"{{service: sqs, messages: 1000, message_size: {size}}}")
    # 1,000 messages, one per call: sends and receives are chunked, deletes are not
    assert found == {"send": 1000 * chunks, "receive": 1000 * chunks, "delete": 1000,
                     "empty_receive": 0}


@pytest.mark.parametrize(("size", "per_call"), [
    ("6.4 KB", 1),      # 10 × 6,553.6 B = 65,536 B: exactly one chunk
    ("6554 B", 2),      # 10 × 6,554 B = 65,540 B: just above
    ("20 KB", 4),       # 200 KiB ÷ 64 KiB = 3.125 → 4
    ("100 KB", 16),     # 1,000 KiB = 15.6 chunks → 16 (just under the 1 MiB batch limit)
])
def test_a_batch_payload_is_chunked_as_a_whole(size: str, per_call: int) -> None:
    found = requests_of(f"{{service: sqs, messages: 1000, message_size: {size}, "
                        "batch_size: 10}")
    # 100 full calls of 10 messages each; deletes: 1,000 ÷ 10 = 100 calls, one request each
    assert found == {"send": 100 * per_call, "receive": 100 * per_call, "delete": 100,
                     "empty_receive": 0}


def test_the_last_partial_batch_is_chunked_by_its_own_payload() -> None:
    # 25 messages of 20 KiB in batches of 10: 2 full calls × ⌈200/64⌉ = 4 → 8, then one
    # call of 5 × 20 = 100 KiB → 2; send = 10. Deletes ⌈25 ÷ 10⌉ = 3.
    found = requests_of("{service: sqs, messages: 25, message_size: 20 KB, batch_size: 10}")
    assert found == {"send": 10, "receive": 10, "delete": 3, "empty_receive": 0}


def test_receives_per_message_and_empty_receives() -> None:
    # 30 M messages of 200 KiB: 4 chunks each. Send 120 M; received 30 M × 1.2 = 36 M
    # → 144 M; delete 30 M; empty 5 M. Total 299 M requests × $0.40/M = $119.60.
    found = requests_of("{service: sqs, messages: 30M, message_size: 200 KB, "
                        "receives_per_message: 1.2, empty_receives: 5M}")
    assert found == {"send": 120_000_000, "receive": 144_000_000, "delete": 30_000_000,
                     "empty_receive": 5_000_000}


def test_derivation_is_shown_and_priced(frozen_book: RateBook) -> None:
    result = price("""
resources:
  jobs: {service: sqs, messages: 30M, message_size: 200 KB, receives_per_message: 1.2,
         empty_receives: 5M}
""", frozen_book)
    (item,) = result.line_items
    assert item.quantity == Decimal(299_000_000)
    assert item.cost == Decimal("119.60")  # 299 × $0.40
    assert "send 120,000,000 + receive 144,000,000 + delete 30,000,000" in item.component
    summary = result.details["jobs"]["summary"][0]
    assert "4 × 64 KiB chunks" in summary and "= 299,000,000 requests" in summary


def test_fifo_rates(frozen_book: RateBook) -> None:
    # 3 M FIFO requests × $0.50/M = $1.50
    result = price("resources: {q: {service: sqs, type: fifo, requests: 3M}}\n", frozen_book)
    assert [(i.key, i.cost) for i in result.line_items] == [("requests-fifo", Decimal("1.50"))]


def test_tier_boundary_at_100_billion_requests(frozen_book: RateBook) -> None:
    # exactly 100 B: 100,000 × $0.40 = $40,000.00, all verified
    result = price("resources: {q: {service: sqs, requests: 100B}}\n", frozen_book)
    assert result.line_items[0].cost == Decimal("40000.00")
    assert result.line_items[0].verified and not result.warnings
    # 1 M more falls in the second (third-party, unverified) tier: + $0.30
    result = price("resources: {q: {service: sqs, requests: 100001M}}\n", frozen_book)
    assert result.line_items[0].cost == Decimal("40000.30")
    assert not result.line_items[0].verified
    assert any("sqs/requests-standard" in w for w in result.warnings)


def test_two_queues_share_the_tiers(frozen_book: RateBook) -> None:
    # 60 B + 60 B = 120 B: 100 B × $0.40/M = $40,000 + 20 B × $0.30/M = $6,000 → $46,000,
    # half each
    result = price("""
resources:
  a: {service: sqs, requests: 60B}
  b: {service: sqs, requests: 60B}
""", frozen_book)
    assert [i.cost for i in result.line_items] == [Decimal("23000.00")] * 2


def test_free_tier_is_shared_by_standard_and_fifo_queues(frozen_book: RateBook) -> None:
    # 600 k standard + 600 k FIFO = 1.2 M; 1 M free for both, the dearer FIFO requests
    # first: FIFO's 600 k are free, the standard queue pays for 200 k × $0.40/M = $0.08
    result = price("""
free_tier: true
resources:
  a: {service: sqs, requests: 600k}
  b: {service: sqs, type: fifo, requests: 600k}
""", frozen_book)
    assert [(i.free_quantity, i.cost) for i in result.line_items] == [
        (Decimal(400_000), Decimal("0.08")), (Decimal(600_000), Decimal("0.00"))]
    assert sum(i.cost for i in result.line_items) == Decimal("0.08")


def test_kms_is_an_exit_4_error_with_the_request_count(frozen_book: RateBook) -> None:
    # R = B ÷ D × (2P + C) = 2,628,000 s ÷ 300 s × (2 × 1 + 1) = 8,760 × 3 = 26,280
    with pytest.raises(PricingError, match="26,280 KMS requests"):
        price("resources: {q: {service: sqs, requests: 1M, kms: {data_key_reuse: 5 min}}}\n",
              frozen_book)


@pytest.mark.parametrize(("queue", "message"), [
    ("{service: sqs, messages: 10, message_size: 200 KB, batch_size: 10}",
     "exceed the 1 MiB"),
    ("{service: sqs, messages: 10, message_size: 2 MB}", "at most 1 MiB"),
    ("{service: sqs, messages: 10}", "'message_size' is needed"),
    ("{service: sqs, messages: 10, message_size: 1 KB, requests: 5}", "exclude each other"),
    ("{service: sqs}", "needs 'messages'"),
    ("{service: sqs, requests: 1M, kms: {data_key_reuse: 30 s}}", "1 minute to 24 hours"),
])
def test_spec_errors(queue: str, message: str) -> None:
    resource = spec(f"resources:\n  q: {queue}\n").resources[0]
    with pytest.raises(SpecError, match=message):
        sqs.usage(resource)
