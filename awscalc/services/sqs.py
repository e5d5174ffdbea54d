"""Amazon SQS: requests derived from messages (send + receive + delete), batched and chunked.

SQS bills API requests, not messages. The rules, from AWS's pricing page and developer
guide (https://aws.amazon.com/sqs/pricing/, as quoted verbatim in several public copies;
https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-batch-api.html):

- every API action is a request — SendMessage, ReceiveMessage (an *empty* receive too),
  DeleteMessage; a batch action (up to 10 messages) is one request…
- …but "each 64 KB chunk of a payload is billed as 1 request (for example, an API action
  with a 256 KB payload is billed as 4 requests)". The chunk is of the *action's*
  payload, so a batch of 10 × 20 KB messages (200 KB) is billed as 4 requests, not 1.
  64 KB here is 65,536 bytes (64 KiB): the same page's 256 KB payload was SQS's old
  maximum message size, which the developer guide gives as 262,144 bytes (256 KiB) =
  4 × 65,536 — so awscalc's binary KB is AWS's KB here. A payload of exactly 64 KB is one
  request; one byte more is two.
- the payload of a batch is at most 1,048,576 bytes (1 MiB, sqs-batch-api above, since
  2025); a message at most the same.
- "API actions for sending, receiving, deleting, and changing visibility of messages from
  FIFO queues are charged at FIFO rates"; both queue types share the 1 M free requests.

The derivation, per resource (``batch_size`` b, ``message_size`` s):

- send: ``messages`` m rounded up to whole messages, sent in ⌊m ÷ b⌋ full batches of
  ⌈b·s ÷ 64 KiB⌉ requests each, plus one last batch of the remaining messages;
- receive: the messages received (m × ``receives_per_message``, rounded up; redeliveries
  count) in batches of b, each chunked like a send — ReceiveMessage returns the payload;
- delete: one request per batch of b (a delete carries receipt handles, not the payload:
  interpretation — AWS's chunk rule speaks of the action's payload);
- plus ``empty_receives`` (one request each, no payload).

SSE-KMS adds KMS requests by AWS's formula R = B ÷ D × (2P + C) (billing period B and
data-key reuse period D in seconds, P producing and C consuming principals; SQS
developer guide, sqs-key-management). No verified KMS request rate ships, so ``kms``
makes the estimate stop (exit 4) with the request count, rather than price it as $0.
"""

from __future__ import annotations

from decimal import ROUND_CEILING, Decimal
from typing import Any

from awscalc.errors import PricingError
from awscalc.model import ResourceUsage
from awscalc.numbers import grouped
from awscalc.spec import Resource
from awscalc.units import SECONDS_PER_HOUR, Kind

SERVICE = "sqs"
CHUNK_BYTES = Decimal(65536)  # 64 KiB: "each 64 KB chunk of a payload is billed as 1 request"
MAX_PAYLOAD_BYTES = Decimal(1048576)  # 1 MiB per message and per batch call
KEYS = {"standard": "requests-standard", "fifo": "requests-fifo"}
LABELS = {"standard": "Standard queue requests", "fifo": "FIFO queue requests"}
# KMS data-key reuse period: 1 minute to 24 hours (SQS developer guide)
KMS_REUSE_RANGE = (Decimal(60), Decimal(86400))


def usage(resource: Resource) -> ResourceUsage:
    """The queue's requests: given directly (``requests``) or derived from its messages."""
    kind = resource.get("type", default="standard")
    derived = _derive(resource)
    key, label = KEYS[kind], LABELS[kind]
    if derived is None:
        total = resource.quantity("requests", kind=Kind.COUNT_PER_MONTH) or Decimal(0)
        component = f"{label} (as given)"
        details: dict[str, Any] = {}
    else:
        total = sum(derived["requests"].values(), Decimal(0))
        component = f"{label} ({derived['sums']})"
        details = {"requests": {name: int(value)
                                for name, value in derived["requests"].items()},
                   "chunks_per_call": int(derived["chunks"]),
                   "summary": [f"{derived['sums']} = {grouped(total)} requests: "
                               f"{derived['how']}"]}
    _kms_requests(resource)  # checked here (exit 3 for a bad value), priced never
    return ResourceUsage(records=(resource.usage(key, total, "request", component),),
                         details=details)


def priced_usage(resource: Resource, book: Any) -> ResourceUsage:
    """As :func:`usage`; with ``kms``, an exit-4 error naming the KMS request count (no
    verified KMS request rate ships with awscalc, and $0 would be wrong)."""
    result = usage(resource)
    kms = _kms_requests(resource)
    if kms is not None:
        raise PricingError(
            f"sqs: resource '{resource.name}': SSE-KMS adds {grouped(kms)} KMS requests a "
            f"month (B ÷ D × (2P + C)), but no verified KMS request rate ships with awscalc",
            "remove 'kms' and price them with a 'service: custom' line item")
    return result


def _derive(resource: Resource) -> dict[str, Any] | None:
    """Send/receive/delete/empty-receive requests from the messages, or None when the
    resource gives ``requests`` directly."""
    given = resource.get("requests") is not None
    message_keys = [k for k in ("messages", "message_size", "receives_per_message",
                                "empty_receives", "batch_size") if resource.get(k) is not None]
    if given and message_keys:
        raise resource.error((message_keys[0],), f"'{message_keys[0]}' and 'requests' "
                             "exclude each other", "give either the messages or the requests")
    if given:
        return None
    if resource.get("messages") is None:
        if message_keys:
            raise resource.error((), "the queue's messages are needed", "e.g. messages: 30M")
        raise resource.error((), "an SQS queue needs 'messages' (or 'requests')",
                             "e.g. messages: 30M, message_size: 8 KB")
    messages = _up(resource.quantity("messages", kind=Kind.COUNT_PER_MONTH) or Decimal(0))
    size = resource.quantity("message_size", kind=Kind.DATA)
    if size is None:
        raise resource.error((), "'message_size' is needed with 'messages' (each 64 KB of "
                             "a call's payload is billed as one request)", "e.g. 8 KB")
    if size <= 0:
        raise resource.error(("message_size",), "a message has at least 1 byte")
    if size > MAX_PAYLOAD_BYTES:
        raise resource.error(("message_size",), "a message is at most 1 MiB (1,048,576 "
                             "bytes)", "larger payloads go to S3 (extended client)")
    batch = Decimal(resource.get("batch_size", default=1))
    if batch * size > MAX_PAYLOAD_BYTES:
        raise resource.error(("batch_size",), f"{batch} messages of {_kib(size)} KiB exceed "
                             "the 1 MiB (1,048,576-byte) payload of one batch call",
                             "lower batch_size")
    received = _up(messages * Decimal(str(resource.get("receives_per_message", default=1))))
    empty = _up(resource.quantity("empty_receives", kind=Kind.COUNT_PER_MONTH) or Decimal(0))
    chunks = _chunks(batch, size)
    requests = {
        "send": _batched(messages, batch, size),
        "receive": _batched(received, batch, size),
        "delete": _up(messages / batch),
        "empty_receive": empty,
    }
    sums = (f"send {grouped(requests['send'])} + receive {grouped(requests['receive'])} + "
            f"delete {grouped(requests['delete'])}"
            + (f" + empty receives {grouped(empty)}" if empty else ""))
    calls = f"in batches of {_number(batch)}" if batch > 1 else "one per call"
    how = (f"{grouped(messages)} messages of {_kib(size)} KiB {calls}"
           + (f" ({grouped(received)} received)" if received != messages else "")
           + f"; a full call's payload is {_number(chunks)} × 64 KiB chunk"
           + ("s" if chunks > 1 else "") + f" = {_number(chunks)} request"
           + ("s" if chunks > 1 else "") + "; deletes 1 per call")
    return {"requests": requests, "chunks": chunks, "sums": sums, "how": how}


def _chunks(messages: Decimal, size: Decimal) -> Decimal:
    """Requests one call of ``messages`` messages of ``size`` bytes is billed as: each
    64 KiB of its payload is one request (64 KiB exactly: 1; one byte more: 2)."""
    return max(_up(messages * size / CHUNK_BYTES), Decimal(1))


def _batched(messages: Decimal, batch: Decimal, size: Decimal) -> Decimal:
    """Requests to move ``messages`` whole messages in calls of ``batch``: the full calls
    and one last call with the rest, each chunked by its own payload."""
    full, rest = divmod(messages, batch)
    return full * _chunks(batch, size) + (_chunks(rest, size) if rest else Decimal(0))


def _kms_requests(resource: Resource) -> Decimal | None:
    """KMS requests a month by AWS's formula R = B ÷ D × (2P + C), or None without kms."""
    kms = resource.get("kms")
    if kms is None:
        return None
    reuse = resource.quantity("kms", "data_key_reuse", kind=Kind.DURATION,
                              default=Decimal(300))
    low, high = KMS_REUSE_RANGE
    if not low <= reuse <= high:
        raise resource.error(("kms", "data_key_reuse"), "the data-key reuse period is 1 "
                             "minute to 24 hours", "AWS's default is 5 min")
    month = resource.source.month_hours * SECONDS_PER_HOUR
    producers = Decimal(kms.get("producers", 1))
    consumers = Decimal(kms.get("consumers", 1))
    return _up(month / reuse * (2 * producers + consumers))


def _up(value: Decimal) -> Decimal:
    return value.to_integral_value(rounding=ROUND_CEILING)


def _kib(size: Decimal) -> str:
    return grouped(size / 1024, 3)


def _number(value: Decimal) -> str:
    return grouped(value)
