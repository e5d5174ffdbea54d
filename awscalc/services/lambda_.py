"""AWS Lambda: requests, billed duration, ephemeral storage, provisioned concurrency, Lambda@Edge.

One resource is one function (or several functions with the same configuration). The
calculator knows Lambda's billing *rules*:

- GB-seconds = requests × billed duration × memory (MB / 1024). The billed duration of
  each request is rounded *up* to the billing increment: 1 ms since December 2020,
  100 ms before (``billing_increment: 100 ms``). With a duration distribution the
  rounding is done per bucket, never on the average.
- Ephemeral storage above the included 512 MB: (storage − 512 MB) in GB × billed seconds.
- Provisioned concurrency: concurrency × memory × enabled time at the PC rate, plus the
  duration of the requests it serves at the PC duration rate; the other requests run
  on demand. Every request, PC or not, is billed at the request rate.
- Lambda@Edge: its own request and duration prices, metered at 1 ms, no free tier;
  metered in region ``global`` (the price is the same wherever it runs).

The duration tier ladders (x86: 6 B / 15 B GB-s; arm64: 7.5 B / 18.75 B GB-s), the shared
1M-request and 400,000 GB-s free tier, and all prices live in ``pricing/aws/lambda.yaml``
and are applied by the rater to the account's aggregate.

:func:`billed_gb_seconds` is the public helper for other calculators (CloudFront's
Lambda@Edge associations): requests, duration(s), memory and increment → billed GB-s;
:func:`billed_seconds` and :func:`billed_duration` are its building blocks.

With ``billing_increment: 100 ms`` the calculator also meters the workload at 1 ms and
puts the difference in ``ResourceUsage.details["rounding_overhead"]`` (GB-seconds and
percent) and in a warning; :func:`comparisons` asks the estimate to price the 1 ms
variant too, which gives the overhead in dollars.

Free-tier note: the issue's rule is followed — the free tier does not cover the
provisioned-concurrency keys, but the same function's requests and on-demand duration
still draw on it. AWS's pricing page words it more broadly ("does not apply to functions
that have Provisioned Concurrency enabled").
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_CEILING, Decimal
from typing import TYPE_CHECKING, Any

from awscalc.model import ResourceUsage, Usage
from awscalc.spec import Resource
from awscalc.units import BYTES_PER_GB, SECONDS_PER_HOUR, Kind

if TYPE_CHECKING:
    pass

MB = Decimal(2**20)
MIN_MEMORY = 128 * MB
MAX_MEMORY = 10_240 * MB
INCLUDED_EPHEMERAL = 512 * MB
MAX_EPHEMERAL = 10_240 * MB
# A function times out after 15 minutes at most.
MAX_DURATION = Decimal(900)
ONE_MS = Decimal("0.001")
HUNDRED_MS = Decimal("0.1")
INCREMENTS = {ONE_MS: "1 ms", HUNDRED_MS: "100 ms"}
# "Provisioned Concurrency is calculated from the time you enable it on your function
# until it is disabled, rounded up to the nearest 5 minutes" (aws.amazon.com/lambda/pricing).
PC_ROUNDING_SECONDS = Decimal(300)
EDGE_REGION = "global"

# spec value → usage-key suffix in the rate card
ARCHITECTURES = {"x86_64": "x86", "arm64": "arm64"}

Buckets = Sequence[tuple[Decimal, Decimal]]  # (share of requests 0–1, duration in seconds)


def billed_duration(seconds: Decimal, increment: Decimal = ONE_MS) -> Decimal:
    """One request's billed duration: ``seconds`` rounded *up* to ``increment``.

    >>> billed_duration(Decimal("0.120"), HUNDRED_MS)
    Decimal('0.2')
    >>> billed_duration(Decimal("0.100"), HUNDRED_MS)
    Decimal('0.1')
    >>> billed_duration(Decimal("0.1201"), ONE_MS)
    Decimal('0.121')
    """
    steps = (seconds / increment).to_integral_value(rounding=ROUND_CEILING)
    return steps * increment


def billed_seconds(requests: Decimal, duration: Decimal | Buckets,
                   increment: Decimal = ONE_MS) -> Decimal:
    """Total billed seconds of ``requests`` whose duration is one value or a distribution.

    ``duration`` is seconds per request, or ``[(share, seconds), …]`` with shares adding
    up to 1; each bucket is rounded up to ``increment`` on its own.
    """
    buckets = [(Decimal(1), duration)] if isinstance(duration, Decimal) else duration
    return sum((requests * share * billed_duration(seconds, increment)
                for share, seconds in buckets), Decimal(0))


def billed_gb_seconds(requests: Decimal, duration: Decimal | Buckets, memory_bytes: Decimal,
                      increment: Decimal = ONE_MS) -> Decimal:
    """Billed GB-seconds: requests × billed duration × memory in GB (1 GB = 1,024 MB).

    Reusable by any calculator that meters Lambda compute (CloudFront's Lambda@Edge):
    ``duration`` as in :func:`billed_seconds`, ``memory_bytes`` in bytes, ``increment``
    1 ms (Lambda@Edge and Lambda since Dec 2020) or 100 ms. AWS's old example: 3M
    requests of 1 s at 512 MB are 1,500,000 GB-s:

    >>> billed_gb_seconds(Decimal(3_000_000), Decimal(1), 512 * MB)
    Decimal('1500000')
    """
    return billed_seconds(requests, duration, increment) * memory_bytes / BYTES_PER_GB


def usage(resource: Resource) -> ResourceUsage:
    """Usage records for one Lambda function, plus the 100 ms rounding overhead if any."""
    records: list[Usage] = []
    warnings: list[str] = []
    details: dict[str, Any] = {}

    def add(key: str, quantity: Decimal, unit: str, component: str, region: str | None = None
            ) -> None:
        if quantity > 0:
            records.append(resource.usage(key, quantity, unit, component, region=region))

    edge = bool(resource.get("edge", default=False))
    architecture = resource.get("architecture", default="x86_64")
    arch = ARCHITECTURES[architecture]
    memory = _memory(resource)
    requests = resource.quantity("requests", kind=Kind.COUNT_PER_MONTH) or Decimal(0)
    duration = _duration(resource, ("duration",))
    increment = _increment(resource)
    storage = _ephemeral_storage(resource)
    pc = resource.get("provisioned_concurrency")

    if edge:
        _check_edge(resource, architecture, increment, storage, pc)
        add("edge-requests", requests, "request", "Lambda@Edge requests", EDGE_REGION)
        add("edge-duration", billed_gb_seconds(requests, duration, memory), "GB-second",
            "Lambda@Edge duration", EDGE_REGION)
        return ResourceUsage(records=tuple(records))

    pc_requests = pc_gb_seconds = Decimal(0)
    pc_duration: Decimal | Buckets = duration
    if pc is not None:
        pc_requests, pc_duration, pc_gb_seconds = _provisioned(resource, memory, requests,
                                                               duration)
    on_demand = requests - pc_requests

    def compute(step: Decimal) -> tuple[Decimal, Decimal, Decimal]:
        """(on-demand GB-s, PC duration GB-s, billed seconds) at billing increment ``step``."""
        return (billed_gb_seconds(on_demand, duration, memory, step),
                billed_gb_seconds(pc_requests, pc_duration, memory, step),
                billed_seconds(on_demand, duration, step)
                + billed_seconds(pc_requests, pc_duration, step))

    od_gbs, pc_dur_gbs, seconds = compute(increment)
    add("requests", requests, "request", "Requests")
    add(f"duration-{arch}", od_gbs, "GB-second", f"Duration ({architecture})")
    add(f"provisioned-concurrency-{arch}", pc_gb_seconds, "GB-second",
        f"Provisioned concurrency ({architecture})")
    add(f"provisioned-duration-{arch}", pc_dur_gbs, "GB-second",
        f"Duration with provisioned concurrency ({architecture})")
    storage_gbs = (storage - INCLUDED_EPHEMERAL) / BYTES_PER_GB * seconds
    add("ephemeral-storage", storage_gbs, "GB-second", "Ephemeral storage above 512 MB")

    if increment != ONE_MS:
        fine_od, fine_pc, fine_seconds = compute(ONE_MS)
        billed, fine = od_gbs + pc_dur_gbs, fine_od + fine_pc
        overhead = billed - fine
        percent = (overhead * 100 / fine).quantize(Decimal("0.01")) if fine else Decimal(0)
        details["billing_increment"] = INCREMENTS[increment]
        details["rounding_overhead"] = {
            "billed_gb_seconds": _exact(billed),
            "gb_seconds_at_1_ms": _exact(fine),
            "overhead_gb_seconds": _exact(overhead),
            "overhead_percent": percent,
            "ephemeral_storage_gb_seconds": _exact(storage_gbs),
            "ephemeral_storage_gb_seconds_at_1_ms": _exact(
                (storage - INCLUDED_EPHEMERAL) / BYTES_PER_GB * fine_seconds),
        }
        warnings.append(
            f"billed at {INCREMENTS[increment]} increments: {_num(billed)} GB-s of duration, "
            f"{_num(fine)} GB-s at 1 ms (rounding adds {_num(overhead)} GB-s, {percent}%)")
    return ResourceUsage(records=tuple(records), warnings=tuple(warnings), details=details)


def comparisons(resource: Resource) -> dict[str, dict[str, Any]]:
    """For a function billed at 100 ms: the same function billed at 1 ms.

    :func:`awscalc.estimate.estimate` prices it with the rest of the spec unchanged (so
    the shared free tier and tier ladders count) and reports the difference in dollars.
    """
    if _increment(resource) == ONE_MS:
        return {}
    return {"1 ms billing": {**resource.config, "billing_increment": "1 ms"}}


def _num(value: Decimal) -> str:
    from awscalc.numbers import grouped

    return grouped(value)


def _exact(value: Decimal) -> Decimal:
    """``value`` without trailing zeros or exponent, for the JSON details."""
    from awscalc.numbers import plain

    return Decimal(plain(value))


def _memory(resource: Resource) -> Decimal:
    memory = resource.quantity("memory", kind=Kind.DATA)
    assert memory is not None  # required by the schema
    if not MIN_MEMORY <= memory <= MAX_MEMORY:
        raise resource.error(("memory",), f"{resource.get('memory')} is outside 128 MB to "
                             "10,240 MB", "Lambda memory is 128 MB to 10,240 MB")
    if memory % MB:
        raise resource.error(("memory",), f"{resource.get('memory')} is not a whole number of "
                             "MB", "Lambda memory is set in 1 MB steps, e.g. '1536 MB'")
    return memory


def _duration(resource: Resource, keys: tuple[str | int, ...]) -> Decimal | list[
        tuple[Decimal, Decimal]]:
    """A single duration (seconds) or a validated distribution ``[(share, seconds), …]``."""
    raw = resource.get(*keys)
    if not isinstance(raw, list):
        return _one_duration(resource, keys)
    buckets = []
    for index in range(len(raw)):
        share = resource.quantity(*keys, index, "share", kind=Kind.PERCENT)
        assert share is not None  # required by the schema
        buckets.append((share, _one_duration(resource, (*keys, index, "duration"))))
    total = sum((share for share, _ in buckets), Decimal(0))
    if total != 1:
        raise resource.error(keys, f"the shares add up to {(total * 100).normalize():f}%, "
                             "not 100%", "give every bucket's share of the requests")
    return buckets


def _one_duration(resource: Resource, keys: tuple[str | int, ...]) -> Decimal:
    seconds = resource.quantity(*keys, kind=Kind.DURATION)
    assert seconds is not None  # required by the schema
    if not 0 < seconds <= MAX_DURATION:
        raise resource.error(keys, f"{resource.get(*keys)} is not a Lambda duration",
                             "a request runs more than 0 ms and at most 15 min")
    return seconds


def _increment(resource: Resource) -> Decimal:
    step = resource.quantity("billing_increment", kind=Kind.DURATION, default=ONE_MS)
    assert step is not None
    if step not in INCREMENTS:
        raise resource.error(("billing_increment",),
                             f"{resource.get('billing_increment')} is not a Lambda billing "
                             "increment", "expected '1 ms' (since Dec 2020) or '100 ms'")
    return step


def _ephemeral_storage(resource: Resource) -> Decimal:
    storage = resource.quantity("ephemeral_storage", kind=Kind.DATA, default=INCLUDED_EPHEMERAL)
    assert storage is not None
    if not INCLUDED_EPHEMERAL <= storage <= MAX_EPHEMERAL:
        raise resource.error(("ephemeral_storage",),
                             f"{resource.get('ephemeral_storage')} is outside 512 MB to "
                             "10,240 MB", "Lambda ephemeral storage is 512 MB to 10,240 MB")
    return storage


def _provisioned(resource: Resource, memory: Decimal, requests: Decimal,
                 duration: Decimal | Buckets) -> tuple[Decimal, Decimal | Buckets, Decimal]:
    """(requests served by PC, their duration, PC GB-s of configured concurrency)."""
    keys = ("provisioned_concurrency",)
    concurrency = resource.quantity(*keys, "concurrency", kind=Kind.COUNT)
    assert concurrency is not None  # required by the schema
    if concurrency != concurrency.to_integral_value() or concurrency < 1:
        raise resource.error((*keys, "concurrency"), f"{concurrency} is not a concurrency",
                             "a whole number of execution environments, at least 1")
    month_hours = resource.source.month_hours
    hours = Decimal(str(resource.get(*keys, "hours", default=month_hours)))
    if hours > month_hours:
        raise resource.error((*keys, "hours"), f"{hours} h is longer than the billing month",
                             f"at most {month_hours} h")
    enabled = hours * SECONDS_PER_HOUR
    enabled = (enabled / PC_ROUNDING_SECONDS).to_integral_value(ROUND_CEILING) \
        * PC_ROUNDING_SECONDS
    pc_requests = resource.quantity(*keys, "requests", kind=Kind.COUNT_PER_MONTH,
                                    default=Decimal(0))
    assert pc_requests is not None
    if pc_requests > requests:
        raise resource.error((*keys, "requests"),
                             "more requests served by provisioned concurrency than 'requests'",
                             "'requests' counts all requests of the function, PC ones included")
    pc_duration = (duration if resource.get(*keys, "duration") is None
                   else _duration(resource, (*keys, "duration")))
    return pc_requests, pc_duration, concurrency * memory / BYTES_PER_GB * enabled


def _check_edge(resource: Resource, architecture: str, increment: Decimal, storage: Decimal,
                pc: Any) -> None:
    # Lambda@Edge restrictions (docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/
    # edge-functions-restrictions.html): x86_64 only, no provisioned concurrency, no
    # configurable ephemeral storage; metered at 1 ms (aws.amazon.com/lambda/pricing).
    if architecture != "x86_64":
        raise resource.error(("architecture",), "Lambda@Edge functions run on x86_64 only")
    if increment != ONE_MS:
        raise resource.error(("billing_increment",), "Lambda@Edge is metered at 1 ms")
    if pc is not None:
        raise resource.error(("provisioned_concurrency",),
                             "Lambda@Edge has no provisioned concurrency")
    if storage != INCLUDED_EPHEMERAL:
        raise resource.error(("ephemeral_storage",),
                             "Lambda@Edge ephemeral storage is fixed at 512 MB")
