"""Amazon Redshift: provisioned clusters (node-hours, RA3 managed storage, On-Demand or
reserved nodes), serverless workgroups (RPU-hours), Redshift Spectrum scans and backup
storage.

Node hours are catalog rates (:mod:`awscalc.catalog`) found by the dimensions
``(node_type, purchase_option)``; every other rate is in the card. Rates and their trust
labels: pricing-facts-wave2 §15. Billing rules:

- **Nodes**: ``nodes`` × ``hours`` node-hours at the node type's rate (the hours are
  taken as given, no rounding rule is applied). **Reserved nodes** are paid for every
  hour of the term: the recurring part for the whole month, the upfront fee as a
  one-time line; no reserved rate ships, so a reserved purchase is an exit-4 error
  unless ``--pricing`` gives a catalog that has it.
- **Managed storage** (RA3 node types only) is billed per GB-month of the average stored.
- **Serverless**: "You pay for the workloads you run in RPU-hours on a per-second basis,
  with a 60-second minimum charge" (Amazon Redshift management guide, *Billing for
  Amazon Redshift Serverless*, 2023-04-24:
  https://docs.aws.amazon.com/redshift/latest/mgmt/serverless-billing.html). The
  ``hours`` active are split evenly into ``runs`` periods of activity (default 1); each
  is rounded up to the whole second and billed at least 60 seconds.
- **Spectrum** is billed per TB scanned (binary, 1 TB = 2^40 bytes, as everywhere in
  awscalc). AWS's 10 MB-per-query minimum is recalled, not sourced: awscalc does **not**
  apply it and warns when ``queries`` scan less than 10 MB each on average.
- **Backup storage** is tiered per GB-month (first 50 TB, next 450 TB, over 500 TB); the
  tiers are in the card and apply to the account's total in the region.
- **Concurrency scaling** clusters are the size of the main cluster and billed per
  second at its On-Demand rate, beyond free credits: one hour accrues for every 24 hours
  the main cluster runs, up to 30 hours (pricing-facts-wave2 §15, a recalled rule: its
  catalog rows ship ``verified: false``). Credits are per cluster, so they are taken off
  here, not pooled by the rater.

A missing rate is an exit-4 error naming node type and region; ``awscalc pricing
update`` does not build Redshift rates yet.
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

from awscalc.model import ResourceUsage, Usage
from awscalc.services.commitment import PAYMENT_TEXT, effective_summary, summary
from awscalc.services.ratecheck import require_rates
from awscalc.spec import Resource
from awscalc.units import BYTES_PER_GB, SECONDS_PER_HOUR, Kind

SERVICE = "redshift"
NODE_KEYS = ("node_type", "nodes", "hours", "managed_storage", "purchase", "reserved",
             "concurrency_scaling")
# "per-second basis, with a 60-second minimum charge" (AWS docs, see the docstring)
SERVERLESS_MINIMUM_SECONDS = Decimal(60)
BYTES_PER_TB = BYTES_PER_GB * 1024
# Concurrency scaling credits (pricing-facts-wave2 §15, RECALL): one hour per 24 hours
# the main cluster runs, at most 30 hours accrued.
CREDIT_EVERY_HOURS = 24
CREDIT_CAP_HOURS = 30
# Recalled only (pricing-facts-wave2 §15, RECALL): warned about, never applied.
SPECTRUM_RECALLED_MINIMUM_BYTES = Decimal(10 * 2**20)

def usage(resource: Resource) -> ResourceUsage:
    """Usage records and warnings for one Redshift warehouse."""
    records: list[Usage] = []
    warnings: list[str] = []
    if resource.get("serverless") is not None:
        for key in NODE_KEYS:
            if resource.get(key) is not None:
                raise resource.error((key,), f"'{key}' applies to provisioned clusters, not "
                                     "to a serverless workgroup",
                                     "remove it, or remove 'serverless'")
        records.append(_serverless(resource))
    elif resource.get("node_type") is not None:
        records += _nodes(resource)
    elif resource.get("spectrum") is None and resource.get("backup_storage") is None:
        raise resource.error((), "a Redshift warehouse needs 'node_type' (provisioned) or "
                             "'serverless'", "e.g. node_type: ra3.4xlarge, or serverless: "
                             "{base_rpus: 8, hours: 100 h}")
    else:
        for key in NODE_KEYS[1:]:
            if resource.get(key) is not None:
                raise resource.error((key,), f"'{key}' needs 'node_type'",
                                     "e.g. node_type: ra3.4xlarge")
    spectrum, warning = _spectrum(resource)
    records += spectrum
    warnings += warning
    backup = resource.quantity("backup_storage", kind=Kind.DATA)
    if backup:
        records.append(resource.usage("backup-storage", backup / BYTES_PER_GB, "GB-month",
                                      f"Backup storage ({_gb(backup)} GB)"))
    return ResourceUsage(records=tuple(records), warnings=tuple(warnings))


def priced_usage(resource: Resource, book: Any) -> ResourceUsage:
    """:func:`usage`, with every rate looked up first, so that a missing one is an error
    naming the node type and region (and not a ``pricing update`` command that does not
    build Redshift rates)."""
    result = usage(resource)
    require_rates(result.records, book, SERVICE, "Redshift", _describe)
    return result


def _describe(record: Usage) -> str:
    if len(record.dims) == 2:
        node_type, option = record.dims
        return f"node type '{node_type}', purchase '{option}'"
    if record.dims:
        return f"concurrency scaling of node type '{record.dims[0]}'"
    return f"key '{record.key}'"


def priced_details(resource: Resource, details: dict[str, Any], book: Any
                   ) -> dict[str, Any]:
    """Reserved nodes: the effective monthly cost (upfront spread over the term plus the
    recurring part) and what the term commits in all."""
    if resource.get("serverless") is not None or resource.get("node_type") is None:
        return {}
    option = _option(resource)
    if option == "on_demand":
        return {}
    node_type = resource.get("node_type")
    nodes = Decimal(resource.get("nodes", default=1))
    hourly = _rate(book, resource, "node-hours", (node_type, option))
    monthly = hourly * nodes * resource.source.month_hours
    upfront = Decimal(0)
    if not option.endswith(":no_upfront"):
        upfront = _rate(book, resource, "reserved-upfront", (node_type, option)) * nodes
    found = {"option": option, **summary(upfront, monthly, resource.get("reserved", "term"))}
    return {"commitment": found, "summary": [effective_summary(found)]}


def _rate(book: Any, resource: Resource, key: str, dims: tuple[str, ...]) -> Decimal:
    rate = book.rate(SERVICE, key, resource.region, dims)
    return rate.tiers[0].rate / rate.per


def _option(resource: Resource) -> str:
    """``on_demand`` or ``reserved:1yr:no_upfront``, checked against ``reserved``."""
    purchase = resource.get("purchase", default="on_demand")
    reserved = resource.get("reserved")
    if reserved is not None and purchase != "reserved":
        raise resource.error(("reserved",), "'reserved' applies to purchase: reserved",
                             "set purchase: reserved or remove 'reserved'")
    if purchase == "on_demand":
        return "on_demand"
    if reserved is None:
        raise resource.error(("purchase",), "purchase: reserved needs 'reserved'",
                             "e.g. reserved: {term: 1yr, payment: no_upfront}")
    return f"reserved:{reserved['term']}:{reserved.get('payment', 'no_upfront')}"


def _nodes(resource: Resource) -> list[Usage]:
    node_type: str = resource.get("node_type")
    nodes = Decimal(resource.get("nodes", default=1))
    option = _option(resource)
    described = f"{_number(nodes)} × {node_type}"
    dims = (node_type, option)
    if option == "on_demand":
        hours = resource.seconds_in_month("hours", what="a node") / SECONDS_PER_HOUR
        records = [resource.usage("node-hours", nodes * hours, "node-hour",
                                  f"Node hours, On-Demand ({described} × {_number(hours)} h)",
                                  dims=dims)]
    else:
        if resource.get("hours") is not None:
            raise resource.error(("hours",), "reserved nodes are paid for every hour of the "
                                 "term", "remove 'hours', or use purchase: on_demand")
        _, term, payment = option.split(":")
        text = f"{term}, {PAYMENT_TEXT[payment]}"
        # Reserved nodes are paid for every hour of the term: the whole month, always.
        records = [resource.usage("node-hours", nodes * resource.source.month_hours,
                                  "node-hour", f"Reserved node hours ({text}; {described})",
                                  dims=dims)]
        if payment != "no_upfront":
            records.append(resource.usage("reserved-upfront", nodes, "node",
                                          f"Reserved node upfront fee ({text}; {described})",
                                          dims=dims, one_time=True))
    records += _concurrency_scaling(resource, node_type, nodes, option)
    stored = resource.quantity("managed_storage", kind=Kind.DATA)
    if stored is not None:
        if not node_type.startswith("ra3."):
            raise resource.error(("managed_storage",), f"'{node_type}' nodes have no "
                                 "Redshift Managed Storage", "only RA3 node types do; "
                                 "remove managed_storage")
        if stored:
            records.append(resource.usage("managed-storage", stored / BYTES_PER_GB,
                                          "GB-month",
                                          f"Redshift Managed Storage ({_gb(stored)} GB)"))
    return records


def _concurrency_scaling(resource: Resource, node_type: str, nodes: Decimal,
                         option: str) -> list[Usage]:
    """Concurrency scaling node-hours beyond the cluster's free credits for the month."""
    if resource.get("concurrency_scaling") is None:
        return []
    seconds = resource.seconds_in_month("concurrency_scaling", "hours",
                                        what="concurrency scaling")
    used = Decimal(math.ceil(seconds)) / SECONDS_PER_HOUR  # per second
    if option == "on_demand":
        running = resource.seconds_in_month("hours", what="a node") / SECONDS_PER_HOUR
    else:
        running = resource.source.month_hours
    credits = min(Decimal(int(running // CREDIT_EVERY_HOURS)), Decimal(CREDIT_CAP_HOURS))
    billed = max(used - credits, Decimal(0))
    return [resource.usage(
        "concurrency-scaling-hours", billed * nodes, "node-hour",
        f"Concurrency scaling ({_hours(used)} h − {_number(credits)} h free credits "
        f"for {_hours(running)} h running = {_hours(billed)} h × {_number(nodes)} "
        f"{node_type})", dims=(node_type,))]


def _serverless(resource: Resource) -> Usage:
    rpus = Decimal(resource.get("serverless", "base_rpus"))
    runs = resource.get("serverless", "runs", default=1)
    seconds = resource.seconds_in_month("serverless", "hours", what="a workgroup")
    if not seconds:
        raise resource.error(("serverless", "hours"), "0 hours active: nothing to bill",
                             "give the time the workgroup is active, e.g. '100 h'")
    # Per second, rounded up to the whole second, at least 60 s per period of activity.
    each = Decimal(math.ceil(seconds / runs))
    billed = max(each, SERVERLESS_MINIMUM_SECONDS) * runs
    run_text = f"{runs:,} runs × " if runs != 1 else ""
    minimum = ", the 60-second minimum" if each < SERVERLESS_MINIMUM_SECONDS else ""
    return resource.usage("serverless-rpu-hours", rpus * billed / SECONDS_PER_HOUR,
                          "RPU-hour", f"Serverless RPU hours ({_number(rpus)} RPUs × "
                          f"{run_text}{_number(max(each, SERVERLESS_MINIMUM_SECONDS))} s"
                          f"{minimum})")


def _spectrum(resource: Resource) -> tuple[list[Usage], list[str]]:
    if resource.get("spectrum") is None:
        return [], []
    scanned = resource.quantity("spectrum", "scanned", kind=Kind.DATA_PER_MONTH)
    queries = resource.quantity("spectrum", "queries", kind=Kind.COUNT_PER_MONTH)
    warnings = []
    if queries and scanned / queries < SPECTRUM_RECALLED_MINIMUM_BYTES:
        warnings.append("spectrum: the queries scan less than 10 MB each on average; AWS "
                        "may bill a 10 MB minimum per query (unverified, not applied)")
    if not scanned:
        return [], warnings
    tb = scanned / BYTES_PER_TB
    return [resource.usage("spectrum-scanned", tb, "TB",
                           f"Spectrum data scanned ({_number(tb.quantize(Decimal('0.001')))}"
                           " TB)")], warnings


def _hours(value: Decimal) -> str:
    return _number(value.quantize(Decimal("0.001")))


def _gb(value: Decimal) -> str:
    return _number((value / BYTES_PER_GB).quantize(Decimal("0.001")))


def _number(value: Decimal) -> str:
    number = value.normalize()
    return f"{number:,f}"
