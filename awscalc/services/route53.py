"""Amazon Route 53: hosted zones, DNS queries by routing policy, health checks, Traffic Flow.

Route 53 is a global service, so every usage record is in region ``global``. Query
tiers (the first 1 B queries a month of each policy type) and the hosted-zone tier (the
first 25 zones) are applied by the rater to the account's aggregate.
"""

from __future__ import annotations

from decimal import Decimal

from awscalc.model import ResourceUsage, Usage
from awscalc.spec import Resource
from awscalc.units import Kind

REGION = "global"

# spec key under `queries` → (rate-card key, line label)
QUERY_TYPES: dict[str, tuple[str, str]] = {
    "standard": ("dns-queries-standard", "Standard queries"),
    "latency": ("dns-queries-latency", "Latency-based routing queries"),
    "geo": ("dns-queries-geo", "Geo DNS and geoproximity queries"),
    "ip_based": ("dns-queries-ip-based", "IP-based routing queries"),
    "alias": ("dns-queries-alias", "Alias queries to AWS resources"),
}

ENDPOINT_LABELS = {"aws": "AWS endpoints", "non_aws": "non-AWS endpoints"}


def usage(resource: Resource) -> ResourceUsage:
    """Usage records for one Route 53 resource."""
    records: list[Usage] = []

    def add(key: str, quantity: Decimal, unit: str, component: str) -> None:
        records.append(resource.usage(key, quantity, unit, component, region=REGION))

    zones = resource.quantity("hosted_zones", kind=Kind.COUNT)
    if zones is not None:
        add("hosted-zone", _whole(resource, ("hosted_zones",), zones), "hosted zone-month",
            "Hosted zones")
    for name, (key, label) in QUERY_TYPES.items():
        queries = resource.quantity("queries", name, kind=Kind.COUNT_PER_MONTH)
        if queries is not None:
            add(key, queries, "query", label)
    for index, check in enumerate(resource.get("health_checks", default=[])):
        endpoint = check.get("endpoint", "aws")
        suffix = endpoint.replace("_", "-")
        count_keys = ("health_checks", index, "count")
        count = _whole(resource, count_keys,
                       resource.quantity(*count_keys, kind=Kind.COUNT, default=Decimal(0)))
        label = ENDPOINT_LABELS[endpoint]
        add(f"health-check-{suffix}", count, "health check-month", f"Health checks, {label}")
        features = check.get("features", [])
        if features:
            add(f"health-check-feature-{suffix}", count * len(features), "feature-month",
                f"Health-check optional features, {label}")
    policies = resource.quantity("traffic_policies", kind=Kind.COUNT)
    if policies is not None:
        add("traffic-policy-record", _whole(resource, ("traffic_policies",), policies),
            "policy record-month", "Traffic Flow policy records")
    return ResourceUsage(records=tuple(records))


def _whole(resource: Resource, keys: tuple[str | int, ...], value: Decimal | None) -> Decimal:
    """Zones, checks and policy records are billed whole: reject fractions."""
    value = value or Decimal(0)
    if value != value.to_integral_value():
        raise resource.error(keys, f"{value} is not a whole number", "count whole items")
    return value
