"""Amazon CloudFront: viewer geography, price classes, requests, invalidations, edge compute.

One resource is one distribution (or several with the same traffic). The calculator knows
CloudFront's billing *rules*; the prices live in ``pricing/aws/cloudfront.yaml`` (Lambda@Edge
in ``lambda.yaml``):

- Data transfer out, HTTP/HTTPS requests and data sent to the origin are priced by the
  *pricing region* of the edge that serves the viewer (``north_america``, ``europe``,
  ``africa_middle_east``, ``south_america``, ``japan``, ``australia``, ``asia``,
  ``india``). The spec gives each region's share of the traffic; the usage records carry
  the region, so the rater applies each region's tier ladder to the account's aggregate
  across all distributions.
- Price class: a class excludes some regions; their viewers are served from edges inside
  the class and billed at the rate of the class's least expensive region
  (:data:`LEAST_EXPENSIVE`). Their usage is metered in that region, so it also counts
  towards that region's tiers. A note states the latency caveat.
- Invalidation paths, CloudFront Functions, dedicated-IP certificates, real-time log lines
  and field-level encryption are account-wide (region ``global``); the first 1,000
  invalidation paths of each month are free for every account (the rate card's first
  tier). Origin Shield requests are priced by the AWS region Origin Shield runs in.
- Lambda@Edge is metered with :func:`awscalc.services.lambda_.billed_gb_seconds` at 1 ms
  and emitted as ``lambda`` usage (``edge-requests``, ``edge-duration`` in ``global``), so
  it shares the Lambda card and the aggregate with Lambda resources marked ``edge: true``.
- Origin fetches from AWS origins (S3, EC2, ELB) are free: nothing is metered for them.
  TTLs are validated only.
- Free tier (1 TB out, 10M requests, 2M Functions invocations a month): account-wide
  pools in the rate card. The rater draws a pool in the order the usage first appears;
  records come out in :data:`REGIONS` order (North America first, HTTPS before HTTP), so
  the free terabyte offsets the first distribution's first region. AWS does not say which
  region's usage its free allowance offsets.

:func:`comparisons` prices the same distribution under the two other price classes, so
the report shows all three side by side.
"""

from __future__ import annotations

import itertools
from decimal import Decimal
from typing import Any

from awscalc.model import ResourceUsage, Usage
from awscalc.services.lambda_ import MB, ONE_MS, billed_gb_seconds
from awscalc.spec import Resource
from awscalc.units import BYTES_PER_GB, Kind

GLOBAL = "global"

# pricing region (rate-card region key) → name on the report; also the canonical order
REGIONS: dict[str, str] = {
    "north_america": "North America",
    "europe": "Europe",
    "africa_middle_east": "Africa & Middle East",
    "south_america": "South America",
    "japan": "Japan",
    "australia": "Australia & NZ",
    "asia": "Asia Pacific",
    "india": "India",
}

# Regions served by each price class: CloudFront Developer Guide, "Choosing the price class
# for a CloudFront distribution" (docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/
# PriceClass.html; awsdocs commit 5999c0d, 2023-03-31). PriceClass_200 leaves out South
# America and Australia & New Zealand; PriceClass_100 keeps North America and Europe.
PRICE_CLASSES: dict[str, frozenset[str]] = {
    "PriceClass_All": frozenset(REGIONS),
    "PriceClass_200": frozenset(REGIONS) - {"south_america", "australia"},
    "PriceClass_100": frozenset({"north_america", "europe"}),
}
ALIASES = {"All": "PriceClass_All", "200": "PriceClass_200", "100": "PriceClass_100"}
DEFAULT_PRICE_CLASS = "PriceClass_All"

# "If you choose a price class that doesn't include all edge locations, CloudFront might
# still occasionally serve requests from an edge location in a region that is not included
# in your price class. When this happens, you are not charged the rate for the more
# expensive region. Instead, you're charged the rate for the least expensive region in
# your price class." (PriceClass.html, as above.) The calculator does not see prices, so the
# least expensive region is a documented constant: North America has the lowest rate of
# every class at every data-transfer tier (tied with Europe) and for HTTP, HTTPS and
# origin-transfer (aws.amazon.com/cloudfront/pricing; ../shared/pricing-facts.md §3.2-3.3).
# tests/services/test_cloudfront.py checks this against the shipped rate card.
LEAST_EXPENSIVE: dict[str, str] = {
    "PriceClass_All": "north_america",
    "PriceClass_200": "north_america",
    "PriceClass_100": "north_america",
}

# CloudFront's largest maximum TTL: 31,536,000 seconds (issue 6).
MAX_TTL = Decimal(365 * 24 * 3600)

# Lambda@Edge quotas (docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/
# cloudfront-limits.html#limits-lambda-at-edge): viewer triggers 128 MB and 5 s, origin
# triggers up to Lambda's 10,240 MB and 30 s.
EDGE_MIN_MEMORY = 128 * MB
EDGE_MAX_MEMORY = 10_240 * MB
EDGE_TIMEOUT = {"viewer": Decimal(5), "origin": Decimal(30)}


def usage(resource: Resource) -> ResourceUsage:
    """Usage records for one CloudFront distribution, with price-class warnings and details."""
    records: list[Usage] = []
    warnings: list[str] = []

    def add(key: str, quantity: Decimal, unit: str, component: str, region: str) -> None:
        if quantity > 0:
            records.append(resource.usage(key, quantity, unit, component, region=region))

    price_class = canonical_price_class(resource.get("price_class", default=DEFAULT_PRICE_CLASS))
    viewers = _viewers(resource)
    billed = route(viewers, price_class)
    _check_ttl(resource)

    out = resource.quantity("data_transfer_out", kind=Kind.DATA_PER_MONTH, default=Decimal(0))
    requests = resource.quantity("requests", kind=Kind.COUNT_PER_MONTH, default=Decimal(0))
    https = resource.quantity("https", kind=Kind.PERCENT, default=Decimal(1))
    to_origin = resource.quantity("origin_transfer", kind=Kind.DATA_PER_MONTH,
                                  default=Decimal(0))
    assert out is not None and requests is not None and https is not None
    assert to_origin is not None
    if "viewers" not in resource.config and (out or requests or to_origin):
        warnings.append("no 'viewers' given: all traffic is priced at North America rates")

    for what, key, total, unit in (
        ("Data transfer out", "data-transfer-out", out / BYTES_PER_GB, "GB"),
        ("HTTPS requests", "requests-https", requests * https, "request"),
        ("HTTP requests", "requests-http", requests * (1 - https), "request"),
        ("Data transfer to origin", "origin-transfer", to_origin / BYTES_PER_GB, "GB"),
    ):
        for region, (share, served) in billed.items():
            add(key, total * share, unit, _label(what, region, served), region)

    paths = resource.quantity("invalidation_paths", kind=Kind.COUNT_PER_MONTH)
    add("invalidation-paths", paths or Decimal(0), "path", "Invalidation paths", GLOBAL)
    functions = resource.quantity("functions", kind=Kind.COUNT_PER_MONTH)
    add("functions", functions or Decimal(0), "invocation", "CloudFront Functions invocations",
        GLOBAL)
    records.extend(_lambda_edge(resource))
    if resource.get("origin_shield") is not None:
        shield = resource.quantity("origin_shield", "requests", kind=Kind.COUNT_PER_MONTH)
        region = resource.get("origin_shield", "region")
        add("origin-shield-requests", shield or Decimal(0), "request",
            f"Origin Shield requests ({region})", region)
    certificates = _whole(resource, "dedicated_ip_certificates")
    add("dedicated-ip-certificate", certificates, "certificate-month",
        "Dedicated IP custom SSL certificates", GLOBAL)
    lines = resource.quantity("realtime_log_lines", kind=Kind.COUNT_PER_MONTH)
    add("realtime-log-lines", lines or Decimal(0), "log line", "Real-time log lines", GLOBAL)
    encrypted = resource.quantity("field_level_encryption_requests", kind=Kind.COUNT_PER_MONTH)
    add("field-level-encryption", encrypted or Decimal(0), "request",
        "Field-level encryption requests", GLOBAL)

    outside = [(region, share) for region, share in viewers
               if region not in PRICE_CLASSES[price_class]]
    notes = []
    if outside:
        cheapest = REGIONS[LEAST_EXPENSIVE[price_class]]
        names = ", ".join(f"{REGIONS[r]} {_percent(s)}%" for r, s in outside)
        notes.append(
            f"{price_class} has no edge locations for {names} of viewers: they are served "
            f"from edges in the class and billed at the {cheapest} rate, with more latency "
            "than from their own region")
    details: dict[str, Any] = {
        "price_class": price_class,
        "viewers": [{"region": region, "share_percent": Decimal(_percent(share)),
                     "billed_as": region if region in PRICE_CLASSES[price_class]
                     else LEAST_EXPENSIVE[price_class]}
                    for region, share in viewers],
    }
    if notes:
        details["summary"] = notes
    return ResourceUsage(records=tuple(records), warnings=tuple(warnings), details=details)


def comparisons(resource: Resource) -> dict[str, dict[str, Any]]:
    """The same distribution under each other price class (labelled by the class name).

    :func:`awscalc.estimate.estimate` prices each with the rest of the spec unchanged, so
    the report shows the three classes side by side and what the choice saves.
    """
    current = canonical_price_class(resource.get("price_class", default=DEFAULT_PRICE_CLASS))
    return {name: {**resource.config, "price_class": name}
            for name in PRICE_CLASSES if name != current}


def canonical_price_class(value: object) -> str:
    """``PriceClass_100``, ``100`` and ``"100"`` → ``PriceClass_100`` (likewise 200, All).

    >>> canonical_price_class(200)
    'PriceClass_200'
    >>> canonical_price_class("PriceClass_All")
    'PriceClass_All'
    """
    text = str(value)
    return ALIASES.get(text, text)


def route(viewers: list[tuple[str, Decimal]], price_class: str
          ) -> dict[str, tuple[Decimal, list[str]]]:
    """Billed pricing region → (share of the traffic, viewer regions billed there).

    Viewers in a region outside ``price_class`` are billed in the class's least expensive
    region (:data:`LEAST_EXPENSIVE`). Regions come out in :data:`REGIONS` order.

    >>> route([("north_america", Decimal("0.9")), ("australia", Decimal("0.1"))],
    ...       "PriceClass_100")
    {'north_america': (Decimal('1.0'), ['north_america', 'australia'])}
    """
    members = PRICE_CLASSES[price_class]
    billed: dict[str, tuple[Decimal, list[str]]] = {}
    for region, share in viewers:
        target = region if region in members else LEAST_EXPENSIVE[price_class]
        total, served = billed.get(target, (Decimal(0), []))
        billed[target] = (total + share, [*served, region])
    return {region: billed[region] for region in REGIONS if region in billed}


def _viewers(resource: Resource) -> list[tuple[str, Decimal]]:
    """``[(pricing region, share 0–1), …]`` in :data:`REGIONS` order, zero shares dropped."""
    raw = resource.get("viewers")
    if raw is None:
        return [("north_america", Decimal(1))]
    shares = []
    for region in REGIONS:
        if region in raw:
            share = resource.quantity("viewers", region, kind=Kind.PERCENT)
            assert share is not None
            shares.append((region, share))
    total = sum((share for _, share in shares), Decimal(0))
    if total != 1:
        raise resource.error(("viewers",), f"the shares add up to {_percent(total)}%, not 100%",
                             "give every pricing region's share of the viewers")
    return [(region, share) for region, share in shares if share > 0]


def _label(what: str, region: str, served: list[str]) -> str:
    """``Data transfer out, North America`` (+ the viewer regions re-routed to it, if any)."""
    label = f"{what}, {REGIONS[region]}"
    others = [REGIONS[r] for r in served if r != region]
    if others:
        label += f" (incl. {', '.join(others)} viewers)"
    return label


def _check_ttl(resource: Resource) -> None:
    """min ≤ default ≤ max ≤ 365 days, comparing the TTLs that are given."""
    given = []
    for name in ("min", "default", "max"):
        seconds = resource.quantity("ttl", name, kind=Kind.DURATION)
        if seconds is None:
            continue
        if seconds < 0:
            raise resource.error(("ttl", name), f"{resource.get('ttl', name)} is negative")
        if seconds > MAX_TTL:
            raise resource.error(("ttl", name),
                                 f"{resource.get('ttl', name)} is longer than 365 days",
                                 "CloudFront TTLs are at most 31,536,000 seconds, i.e. 365 days")
        given.append((name, seconds))
    for (low_name, low), (high_name, high) in itertools.pairwise(given):
        if low > high:
            raise resource.error(
                ("ttl", low_name),
                f"the {low_name} TTL ({resource.get('ttl', low_name)}) is longer than the "
                f"{high_name} TTL ({resource.get('ttl', high_name)})",
                "CloudFront needs min ≤ default ≤ max")


def _lambda_edge(resource: Resource) -> list[Usage]:
    """Lambda@Edge ``edge-requests`` and ``edge-duration`` records, priced by lambda.yaml."""
    raw = resource.get("lambda_edge")
    if raw is None:
        return []
    paths: list[tuple[str | int, ...]] = (
        [("lambda_edge", index) for index in range(len(raw))] if isinstance(raw, list)
        else [("lambda_edge",)])
    requests = gb_seconds = Decimal(0)
    for keys in paths:
        count = resource.quantity(*keys, "requests", kind=Kind.COUNT_PER_MONTH)
        assert count is not None  # required by the schema
        trigger = str(resource.get(*keys, "trigger", default="origin_request"))
        kind = trigger.split("_")[0]
        memory = resource.quantity(*keys, "memory", kind=Kind.DATA, default=EDGE_MIN_MEMORY)
        assert memory is not None
        highest = EDGE_MIN_MEMORY if kind == "viewer" else EDGE_MAX_MEMORY
        if not EDGE_MIN_MEMORY <= memory <= highest or memory % MB:
            limit = "128 MB" if kind == "viewer" else "128 MB to 10,240 MB in 1 MB steps"
            raise resource.error((*keys, "memory"),
                                 f"{resource.get(*keys, 'memory')} is not a Lambda@Edge memory "
                                 f"size for {kind} triggers", f"expected {limit}")
        seconds = resource.quantity(*keys, "duration", kind=Kind.DURATION)
        assert seconds is not None  # required by the schema
        if not 0 < seconds <= EDGE_TIMEOUT[kind]:
            raise resource.error((*keys, "duration"),
                                 f"{resource.get(*keys, 'duration')} is not a Lambda@Edge "
                                 f"duration for {kind} triggers",
                                 f"more than 0 ms and at most {EDGE_TIMEOUT[kind]} s")
        requests += count
        gb_seconds += billed_gb_seconds(count, seconds, memory, ONE_MS)
    records = []
    for key, quantity, unit, component in (
        ("edge-requests", requests, "request", "Lambda@Edge requests"),
        ("edge-duration", gb_seconds, "GB-second", "Lambda@Edge duration"),
    ):
        if quantity > 0:
            records.append(Usage(resource=resource.name, service="lambda", region=GLOBAL,
                                 key=key, quantity=quantity, unit=unit, component=component))
    return records


def _whole(resource: Resource, key: str) -> Decimal:
    """A count of things billed whole (certificates): reject fractions."""
    value = resource.quantity(key, kind=Kind.COUNT, default=Decimal(0))
    assert value is not None
    if value != value.to_integral_value() or value < 0:
        raise resource.error((key,), f"{resource.get(key)} is not a whole number",
                             "count whole certificates")
    return value


def _percent(fraction: Decimal) -> str:
    """A fraction as percent text without trailing zeros: ``0.95`` → ``95``."""
    return f"{(fraction * 100).normalize():f}"
