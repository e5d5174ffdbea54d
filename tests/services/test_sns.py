"""SNS: AWS's 256 KB = 4 requests (and 4 deliveries) rule at its 64 KiB boundary, free
allowances per endpoint shared by two topics, FIFO publish/payload/SQS-delivery charges,
regions without rates, and SMS at a user-supplied price (or exit 4). Values are computed
by hand in the comments."""

from __future__ import annotations

from decimal import Decimal

import pytest

from awscalc.errors import PricingError, SpecError
from awscalc.estimate import estimate
from awscalc.ratecards import RateBook
from awscalc.services import sns
from awscalc.spec import parse_spec


def price(text: str, book: RateBook):
    return estimate(parse_spec(text, "test.yaml"), book)


def costs(result) -> dict[str, Decimal]:
    return {item.key: item.cost for item in result.line_items}


def test_aws_example_a_256_kb_publish_is_4_requests_and_4_deliveries(
        frozen_book: RateBook) -> None:
    # SNS pricing page: "a single API call with a 256KB payload will be billed as four
    # requests" and "a single notification with a 256KB payload will be billed as four
    # deliveries". 1 M publishes → 4 M requests × $0.50/M = $2.00; 1 M HTTP deliveries →
    # 4 M × $0.60/M = $2.40 (free tier off).
    result = price("""
resources:
  t: {service: sns, publishes: 1M, message_size: 256 KB, deliveries: {http: 1M}}
""", frozen_book)
    quantities = {item.key: item.quantity for item in result.line_items}
    assert quantities == {"publishes": 4_000_000, "deliveries-http": 4_000_000}
    assert costs(result) == {"publishes": Decimal("2.00"), "deliveries-http": Decimal("2.40")}


@pytest.mark.parametrize(("size", "chunks"), [
    ("1 B", 1), ("64 KB", 1), ("65537 B", 2), ("128 KB", 2), ("131073 B", 3), ("256 KB", 4)])
def test_chunk_boundaries(size: str, chunks: int) -> None:
    resource = parse_spec(f"resources: {{t: {{service: sns, publishes: 1000, message_size: "
                          f"{size}, deliveries: {{email: 10}}}}}}\n", "t.yaml").resources[0]
    found = {r.key: r.quantity for r in sns.usage(resource).records}
    assert found == {"publishes": 1000 * chunks, "deliveries-email": 10 * chunks}


def test_free_allowances_are_shared_by_two_topics(frozen_book: RateBook) -> None:
    # HTTP: 60 k + 60 k = 120 k − 100 k free = 20 k × $0.60/M = $0.012 → $0.01 (half each:
    # the cents are allocated, $0.01 + $0.00). Email: 800 + 800 = 1,600 − 1,000 free = 600
    # × $2.00/100 k = $0.012 → $0.01. Publishes: 2 × 400 k < 1 M free → $0.
    result = price("""
free_tier: true
resources:
  a: {service: sns, publishes: 400k, message_size: 1 KB, deliveries: {http: 60k, email: 800}}
  b: {service: sns, publishes: 400k, message_size: 1 KB, deliveries: {http: 60k, email: 800}}
""", frozen_book)
    by_key: dict[str, Decimal] = {}
    for item in result.line_items:
        by_key[item.key] = by_key.get(item.key, Decimal(0)) + item.cost
    assert by_key == {"publishes": Decimal("0.00"), "deliveries-http": Decimal("0.01"),
                      "deliveries-email": Decimal("0.01")}
    http = [i for i in result.line_items if i.key == "deliveries-http"]
    assert [i.free_quantity for i in http] == [Decimal(50_000), Decimal(50_000)]


def test_endpoints_without_charge_and_firehose(frozen_book: RateBook) -> None:
    # SQS and Lambda: $0 (unverified, but free, so no warning); Firehose 4 M × $0.19/M =
    # $0.76; mobile push 5 M × $0.50/M = $2.50 (free tier off).
    result = price("""
resources:
  t: {service: sns, message_size: 2 KB,
      deliveries: {sqs: 10M, lambda: 10M, firehose: 4M, mobile_push: 5M}}
""", frozen_book)
    assert costs(result) == {"deliveries-sqs": Decimal("0.00"),
                             "deliveries-lambda": Decimal("0.00"),
                             "deliveries-mobile-push": Decimal("2.50"),
                             "deliveries-firehose": Decimal("0.76")}
    assert not result.warnings


def test_fifo_topic(frozen_book: RateBook) -> None:
    # 1 M publishes of 1 KiB: 1 M × $0.30/M = $0.30; payload 1,000,000 KiB =
    # 0.95367431640625 GB × $0.017 = $0.0162 → $0.02. 3 M deliveries to SQS: 3 M ×
    # $0.01/M = $0.03; payload 2.86102294921875 GB × $0.001 = $0.0029 → $0.00.
    result = price("""
resources:
  t: {service: sns, topic_type: fifo, publishes: 1M, message_size: 1 KB,
      deliveries: {sqs: 3M}}
""", frozen_book)
    assert costs(result) == {"fifo-publishes": Decimal("0.30"), "fifo-payload": Decimal("0.02"),
                             "fifo-deliveries-sqs": Decimal("0.03"),
                             "fifo-deliveries-sqs-payload": Decimal("0.00")}


def test_fifo_in_eu_west_1_and_standard_there_is_exit_4(frozen_book: RateBook) -> None:
    # eu-west-1 FIFO: 10 M × $0.33/M = $3.30; 10 M × 10 KiB = 95.367431640625 GB ×
    # $0.0187 = $1.7833… → $1.78
    result = price("""
region: eu-west-1
resources:
  t: {service: sns, topic_type: fifo, publishes: 10M, message_size: 10 KB}
""", frozen_book)
    assert costs(result) == {"fifo-publishes": Decimal("3.30"), "fifo-payload": Decimal("1.78")}
    with pytest.raises(PricingError, match="eu-west-1"):
        price("region: eu-west-1\nresources: {t: {service: sns, publishes: 1M, "
              "message_size: 1 KB}}\n", frozen_book)


def test_sms_needs_a_price(frozen_book: RateBook) -> None:
    text = "resources: {t: {service: sns, deliveries: {sms: {country: US, messages: 10k}}}}\n"
    with pytest.raises(PricingError, match="no verified SMS rate for country 'US'"):
        price(text, frozen_book)


def test_sms_at_the_price_given_is_marked_user_supplied(frozen_book: RateBook) -> None:
    # 10,000 × $0.00645 = $64.50
    result = price("""
resources:
  t: {service: sns, sms_price_per_message: 0.00645,
      deliveries: {sms: {country: US, messages: 10k}}}
""", frozen_book)
    (item,) = result.line_items
    assert (item.key, item.cost, item.verified) == ("sms", Decimal("64.50"), False)
    assert "price per message you gave" in item.formula
    assert any("user-supplied" in warning for warning in result.warnings)


@pytest.mark.parametrize(("topic", "message"), [
    ("{service: sns, topic_type: fifo, publishes: 1, message_size: 1 KB, "
     "deliveries: {http: 5}}", "delivers only to SQS"),
    ("{service: sns, publishes: 1}", "'message_size' is needed"),
    ("{service: sns, publishes: 1, message_size: 257 KB}", "1 byte to 256 KB"),
    ("{service: sns, message_size: 1 KB}", "needs publishes or deliveries"),
    ("{service: sns, publishes: 1, message_size: 1 KB, sms_price_per_message: 0.01}",
     "no SMS deliveries"),
    ("{service: sns, sms_price_per_message: -1, deliveries: {sms: {country: US, "
     "messages: 1}}}", "is not a price"),
    ("{service: sns, sms_price_per_message: '0.00000000001', deliveries: {sms: "
     "{country: US, messages: 1}}}", "more than 10 decimals"),
])
def test_spec_errors(topic: str, message: str) -> None:
    resource = parse_spec(f"resources:\n  t: {topic}\n", "t.yaml").resources[0]
    with pytest.raises(SpecError, match=message):
        sns.usage(resource)
