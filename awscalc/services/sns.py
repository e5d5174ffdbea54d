"""Amazon SNS: publishes and notification deliveries by endpoint type, FIFO topics, SMS.

Rules (https://aws.amazon.com/sns/pricing/ and the SNS FAQ, as quoted verbatim in
public copies; pricing-facts-wave2 §23):

- "Each 64KB chunk of published data is billed as 1 request. For example, a single API
  call with a 256KB payload will be billed as four requests" — and likewise for
  deliveries: "a single notification with a 256KB payload will be billed as four
  deliveries". 64 KB is 65,536 bytes (SNS's 256 KB maximum is 262,144 bytes), so a
  message of exactly 64 KB is one request, one byte more is two.
- each endpoint type has its own rate and free allowance (HTTP/S 100,000, email 1,000,
  mobile push 1 M a month; publishes 1 M), applied account-wide by the rater when the
  spec's ``free_tier`` is on; deliveries to SQS and Lambda have no SNS charge.
- FIFO topics bill publish requests and the published payload per GB, and deliveries to
  SQS queues (the only subscribers of a FIFO topic) per request and per GB of payload.
- SMS is priced per message and destination country; no per-country rate has a
  verified source, so SMS needs ``sms_price_per_message`` (reported as user-supplied and
  unverified) or the estimate stops with exit 4.
"""

from __future__ import annotations

import re
from decimal import ROUND_CEILING, Decimal
from typing import Any

from awscalc.errors import PricingError
from awscalc.model import LineItem, ResourceUsage, Usage
from awscalc.numbers import grouped, money, money_rate, round_cents
from awscalc.spec import Resource
from awscalc.units import BYTES_PER_GB, Kind

SERVICE = "sns"
CHUNK_BYTES = Decimal(65536)  # 64 KiB: "each 64KB chunk of published data is 1 request"
MAX_MESSAGE_BYTES = Decimal(262144)  # 256 KiB, SNS's largest message (SMS aside)
# delivery key → (rate-card key, label)
DELIVERIES: dict[str, tuple[str, str]] = {
    "http": ("deliveries-http", "HTTP/S notifications"),
    "email": ("deliveries-email", "Email/Email-JSON notifications"),
    "sqs": ("deliveries-sqs", "SQS deliveries (no SNS charge)"),
    "lambda": ("deliveries-lambda", "Lambda deliveries (no SNS charge)"),
    "mobile_push": ("deliveries-mobile-push", "Mobile push notifications"),
    "firehose": ("deliveries-firehose", "Firehose notifications"),
}
LARGEST_PRICE = Decimal(1000)
_PRICE = re.compile(r"^\s*\$?\s*([0-9]+(?:\.[0-9]+)?|\.[0-9]+)\s*$")


def usage(resource: Resource) -> ResourceUsage:
    """Usage records for one SNS topic (SMS is priced in :func:`priced_usage`)."""
    fifo = resource.get("topic_type", default="standard") == "fifo"
    size = resource.quantity("message_size", kind=Kind.DATA)
    if size is not None and not 0 < size <= MAX_MESSAGE_BYTES:
        raise resource.error(("message_size",), "an SNS message is 1 byte to 256 KB "
                             "(262,144 bytes)", "larger payloads go to S3 (extended client)")
    chunks = _chunks(size)
    shown = "" if size is None else f", {grouped(chunks)} × 64 KiB chunk" \
        f"{'s' if chunks > 1 else ''} per message of {grouped(size / 1024, 3)} KiB"
    records: list[Usage] = []

    def add(key: str, quantity: Decimal, unit: str, component: str) -> None:
        records.append(resource.usage(key, quantity, unit, component))

    publishes = resource.quantity("publishes", kind=Kind.COUNT_PER_MONTH)
    deliveries = resource.get("deliveries") or {}
    needs_size = publishes is not None or any(k != "sms" for k in deliveries)
    if needs_size and size is None:
        raise resource.error((), "'message_size' is needed with publishes and deliveries "
                             "(each 64 KB of a message is billed as one request)",
                             "e.g. message_size: 4 KB")
    if fifo:
        wrong = [k for k in deliveries if k != "sqs"]
        if wrong:
            raise resource.error(("deliveries", wrong[0]), f"a FIFO topic delivers only to "
                                 f"SQS queues, not {wrong[0]}", "use a standard topic")
    if publishes is not None:
        messages = _up(publishes)
        if fifo:
            add("fifo-publishes", messages * chunks, "request",
                f"FIFO publish requests ({grouped(messages)} publishes{shown})")
            add("fifo-payload", messages * size / BYTES_PER_GB, "GB",
                f"FIFO published payload ({grouped(messages)} × {grouped(size / 1024, 3)} "
                "KiB)")
        else:
            add("publishes", messages * chunks, "request",
                f"Publish requests ({grouped(messages)} publishes{shown})")
    for name, (key, label) in DELIVERIES.items():
        count = resource.quantity("deliveries", name, kind=Kind.COUNT_PER_MONTH)
        if count is None:
            continue
        count = _up(count)
        if fifo:
            add("fifo-deliveries-sqs", count * chunks, "notification",
                f"FIFO deliveries to SQS ({grouped(count)} deliveries{shown})")
            add("fifo-deliveries-sqs-payload", count * size / BYTES_PER_GB, "GB",
                f"FIFO delivered payload to SQS ({grouped(count)} × "
                f"{grouped(size / 1024, 3)} KiB)")
        else:
            add(key, count * chunks, "notification",
                f"{label} ({grouped(count)} deliveries{shown})")
    _sms(resource)  # checked here (exit 3), priced in priced_usage
    if not records and "sms" not in deliveries:
        raise resource.error((), "an SNS topic needs publishes or deliveries",
                             "e.g. publishes: 10M")
    return ResourceUsage(records=tuple(records))


def priced_usage(resource: Resource, book: Any) -> ResourceUsage:
    """As :func:`usage`, plus SMS at the price the user gave (a line item marked
    user-supplied), or an exit-4 error when SMS has no price: no verified per-country
    rate ships with awscalc."""
    result = usage(resource)
    sms = _sms(resource)
    if sms is None:
        return result
    country, messages = sms
    price = _price(resource)
    if price is None:
        raise PricingError(
            f"sns: resource '{resource.name}': no verified SMS rate for country "
            f"'{country}' ships with awscalc (SMS prices differ per country and carrier)",
            "give sms_price_per_message: PRICE (reported as user-supplied)")
    cost = round_cents(messages * price)
    item = LineItem(
        resource=resource.name, service=SERVICE, region=resource.region,
        component=f"SMS messages to {country} (price you gave)", key="sms",
        quantity=messages, unit="message", rate=price, per=Decimal(1), cost=cost,
        formula=f"{grouped(messages)} messages × {money_rate(price)} (the price per "
                f"message you gave) = {money(cost)}", verified=False)
    warning = (f"SMS to {country} at {money_rate(price)} per message: "
               "price you gave (sms_price_per_message), not an AWS rate — user-supplied "
               "and unverified")
    return ResourceUsage(records=result.records, warnings=(*result.warnings, warning),
                         details=result.details, priced=(*result.priced, item))


def _sms(resource: Resource) -> tuple[str, Decimal] | None:
    """(country, whole messages) of the SMS deliveries, or None; checks the price key."""
    sms = resource.get("deliveries", "sms")
    if sms is None:
        if resource.get("sms_price_per_message") is not None:
            raise resource.error(("sms_price_per_message",), "there are no SMS deliveries "
                                 "to price", "add deliveries: {sms: {country: US, "
                                 "messages: 10k}}")
        return None
    if resource.get("topic_type") == "fifo":
        raise resource.error(("deliveries", "sms"), "a FIFO topic delivers only to SQS "
                             "queues, not sms", "use a standard topic")
    messages = resource.quantity("deliveries", "sms", "messages", kind=Kind.COUNT_PER_MONTH)
    _price(resource)
    return sms["country"], _up(messages or Decimal(0))


def _price(resource: Resource) -> Decimal | None:
    """``sms_price_per_message`` as an exact Decimal (dollars, ≤ 10 decimals), or None."""
    value = resource.get("sms_price_per_message")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise resource.error(("sms_price_per_message",), "expected a price in dollars, "
                             "e.g. 0.00645")
    text = repr(value) if isinstance(value, float) else str(value)
    match = _PRICE.match(text) if len(text) <= 40 else None
    if match is None:
        raise resource.error(("sms_price_per_message",), f"'{text[:40]}' is not a price "
                             "in dollars", "e.g. 0.00645 or '$0.00645'")
    price = Decimal(match.group(1))
    if price > LARGEST_PRICE:
        raise resource.error(("sms_price_per_message",), f"'{text}' is too large",
                             f"at most {LARGEST_PRICE} a message")
    if -price.as_tuple().exponent > 10:  # type: ignore[operator]
        raise resource.error(("sms_price_per_message",), f"'{text}' has more than 10 "
                             "decimals")
    return price


def _chunks(size: Decimal | None) -> Decimal:
    """Requests one message of ``size`` bytes is billed as (64 KiB exactly: 1)."""
    if size is None:
        return Decimal(1)
    return max(_up(size / CHUNK_BYTES), Decimal(1))


def _up(value: Decimal) -> Decimal:
    return value.to_integral_value(rounding=ROUND_CEILING)
