"""Amazon ElastiCache: node-based Valkey, Redis OSS and Memcached clusters (On-Demand or
reserved nodes), serverless caches, and backup storage.

Node hours are catalog rates (:mod:`awscalc.catalog`) found by the dimensions
``(node_type, engine, purchase_option)``; serverless and backup rates are in the card.
Billing rules:

- **Nodes**: every node of a cluster is billed per node-hour at its node type's rate for
  the engine (Valkey, Redis OSS and Memcached nodes have their own rates). A Valkey or
  Redis OSS cluster has ``shards × (1 + replicas_per_shard)`` nodes (Infracost's
  replication-group rule from the AWS Price List, pricing-facts-wave2 §13: 4 node groups
  × (1 + 3 replicas) = 16 cache.m4.large nodes, 11,680 h a month); a Memcached cluster
  has ``count`` nodes and no shards or replicas. Nodes are priced for the whole month.
- **Reserved nodes** are "charged an up front fee that depends upon the node type and
  the length of reservation" (ElastiCache user guide, *Reserved nodes*,
  https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheNodes.Reserved.html) and
  a discounted hourly rate for every hour of the term, used or not: the recurring part is
  billed for the whole month, the upfront fee is a one-time line.
- **Serverless**: data stored is billed in GB-hours of the hourly average, and "each
  ElastiCache Serverless cache is metered for a minimum of 1 GB of data stored for
  ElastiCache for Memcached or Redis, and 100 MB for Valkey" (AWS pricing page, as
  quoted for the ``CachedData`` usage type; the Italian AWS page says the same:
  https://aws.eu/it/elasticache/pricing). The minimum is per cache, so it is applied to
  the resource's average before the GB-hours are counted. MB and GB are binary here, as
  everywhere in awscalc (100 MB = 100 × 2^20 bytes); AWS does not say which it means.
  ECPUs are billed per million: "Reads and writes require 1 ECPU for each kilobyte (KB)
  of data transferred" — awscalc takes the ECPU count as given.
- **Backups** are "$0.085/GB per month for all regions", with one backup per active
  Redis cluster free and no transfer charge for creating or restoring one (ElastiCache
  user guide, *Backup and restore*, 2023 archive:
  https://docs.aws.amazon.com/AmazonElastiCache/latest/red-ug/backups.html). The free
  backup is subtracted for node-based Redis OSS clusters only, when ``backup_storage``
  gives ``{size, count}``: the source predates Valkey and serverless caches, so neither
  gets it. Node-based Memcached clusters cannot be backed up (serverless Memcached can).

A missing rate is an exit-4 error naming node type, engine and region; ``awscalc pricing
update`` does not build ElastiCache rates yet.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from awscalc.model import ResourceUsage, Usage
from awscalc.services.commitment import effective_summary, summary
from awscalc.services.ratecheck import require_rates
from awscalc.spec import Resource
from awscalc.units import BYTES_PER_GB, Kind

SERVICE = "elasticache"
ENGINE_TEXT = {"valkey": "Valkey", "redis": "Redis OSS", "memcached": "Memcached"}
# Minimum data stored billed per serverless cache (AWS pricing page, see the docstring).
SERVERLESS_MINIMUM_BYTES = {"valkey": 100 * 2**20, "redis": BYTES_PER_GB,
                            "memcached": BYTES_PER_GB}
PAYMENT_TEXT = {"no_upfront": "no upfront", "partial_upfront": "partial upfront",
                "all_upfront": "all upfront"}
NODE_KEYS = ("node_type", "shards", "replicas_per_shard", "count", "purchase", "reserved")

def usage(resource: Resource) -> ResourceUsage:
    """Usage records and warnings for one ElastiCache cache."""
    engine: str = resource.get("engine")
    records: list[Usage] = []
    warnings: list[str] = []
    serverless = resource.get("serverless") is not None
    if serverless:
        for key in NODE_KEYS:
            if resource.get(key) is not None:
                raise resource.error((key,), f"'{key}' applies to node-based clusters, not "
                                     "to a serverless cache",
                                     "remove it, or remove 'serverless'")
        records += _serverless(resource, engine)
    else:
        if resource.get("node_type") is None:
            raise resource.error((), "an ElastiCache cache needs 'node_type' (node-based) "
                                 "or 'serverless'",
                                 "e.g. node_type: cache.m6g.large, or serverless: "
                                 "{storage: 5 GB, ecpus: 300M}")
        records += _nodes(resource, engine)
    backup, warning = _backups(resource, engine, serverless)
    records += backup
    warnings += warning
    return ResourceUsage(records=tuple(records), warnings=tuple(warnings))


def priced_usage(resource: Resource, book: Any) -> ResourceUsage:
    """:func:`usage`, with every rate looked up first, so that a missing one is an error
    naming the node type, engine and region (and not a ``pricing update`` command that
    cannot fetch it)."""
    result = usage(resource)
    engine = resource.get("engine")

    def describe(record: Usage) -> str:
        if record.dims:
            node_type, _, option = record.dims
            return f"node type '{node_type}', engine '{engine}', purchase '{option}'"
        return f"engine '{engine}', key '{record.key}'"

    require_rates(result.records, book, SERVICE, "ElastiCache", describe)
    return result


def priced_details(resource: Resource, details: dict[str, Any], book: Any
                   ) -> dict[str, Any]:
    """Reserved nodes: the effective monthly cost (upfront spread over the term plus the
    recurring part) and what the term commits in all."""
    if resource.get("purchase", default="on_demand") != "reserved":
        return {}
    plan = _NodePlan(resource, resource.get("engine"))
    option = plan.option
    hourly = _rate(book, resource, "node-hours", plan.dims(option))
    monthly = hourly * plan.nodes * resource.source.month_hours
    upfront = Decimal(0)
    if not option.endswith(":no_upfront"):
        upfront = _rate(book, resource, "reserved-upfront", plan.dims(option)) * plan.nodes
    found = {"option": option, **summary(upfront, monthly, resource.get("reserved", "term"))}
    return {"commitment": found, "summary": [effective_summary(found)]}


def _rate(book: Any, resource: Resource, key: str, dims: tuple[str, ...]) -> Decimal:
    rate = book.rate(SERVICE, key, resource.region, dims)
    return rate.tiers[0].rate / rate.per


class _NodePlan:
    """A node-based cluster's nodes and purchase option, checked."""

    def __init__(self, resource: Resource, engine: str) -> None:
        self.resource = resource
        self.engine = engine
        self.node_type: str = resource.get("node_type")
        if engine == "memcached":
            for key in ("shards", "replicas_per_shard"):
                if resource.get(key) is not None:
                    raise resource.error((key,), "Memcached clusters have no "
                                         f"{key.replace('_', ' ')}",
                                         "give the number of nodes as 'count'")
            self.nodes = Decimal(resource.get("count", default=1))
            self.text = f"{_number(self.nodes)} × {self.node_type}"
        else:
            if resource.get("count") is not None:
                raise resource.error(("count",), f"'count' is for Memcached; a "
                                     f"{ENGINE_TEXT[engine]} cluster has shards and replicas",
                                     "use shards and replicas_per_shard")
            shards = resource.get("shards", default=1)
            replicas = resource.get("replicas_per_shard", default=0)
            self.nodes = Decimal(shards * (1 + replicas))
            replica_text = "replica" if replicas == 1 else "replicas"
            self.text = (f"{shards} shard{'s' if shards != 1 else ''} × (1 + {replicas} "
                         f"{replica_text}) = {_number(self.nodes)} × {self.node_type}"
                         if self.nodes > 1 else f"1 × {self.node_type}")
        purchase = resource.get("purchase", default="on_demand")
        reserved = resource.get("reserved")
        if reserved is not None and purchase != "reserved":
            raise resource.error(("reserved",), "'reserved' applies to purchase: reserved",
                                 "set purchase: reserved or remove 'reserved'")
        if purchase == "reserved" and reserved is None:
            raise resource.error(("purchase",), "purchase: reserved needs 'reserved'",
                                 "e.g. reserved: {term: 1yr, payment: no_upfront}")
        self.purchase = purchase

    @property
    def option(self) -> str:
        """``on_demand`` or ``reserved:1yr:no_upfront``."""
        if self.purchase == "on_demand":
            return "on_demand"
        settings = self.resource.get("reserved")
        return f"reserved:{settings['term']}:{settings.get('payment', 'no_upfront')}"

    def dims(self, option: str) -> tuple[str, ...]:
        """The catalog dimensions of this cluster's nodes under ``option``."""
        return (self.node_type, self.engine, option)


def _nodes(resource: Resource, engine: str) -> list[Usage]:
    plan = _NodePlan(resource, engine)
    hours = resource.source.month_hours
    described = f"{plan.text}, {ENGINE_TEXT[engine]}"
    option = plan.option
    if option == "on_demand":
        return [resource.usage("node-hours", plan.nodes * hours, "node-hour",
                               f"Node hours, On-Demand ({described})", dims=plan.dims(option))]
    _, term, payment = option.split(":")
    text = f"{term}, {PAYMENT_TEXT[payment]}"
    # Reserved nodes are paid for every hour of the term: the whole month, always.
    records = [resource.usage("node-hours", plan.nodes * hours, "node-hour",
                              f"Reserved node hours ({text}; {described})",
                              dims=plan.dims(option))]
    if payment != "no_upfront":
        records.append(resource.usage("reserved-upfront", plan.nodes, "node",
                                      f"Reserved node upfront fee ({text}; {described})",
                                      dims=plan.dims(option), one_time=True))
    return records


def _serverless(resource: Resource, engine: str) -> list[Usage]:
    hours = resource.source.month_hours
    stored = resource.quantity("serverless", "storage", kind=Kind.DATA, default=Decimal(0))
    minimum = Decimal(SERVERLESS_MINIMUM_BYTES[engine])
    name = ENGINE_TEXT[engine]
    if stored < minimum:
        # Metered at the engine's minimum per cache, however little is stored.
        how = (f"{_size(stored)} average, billed at the {_size(minimum)} minimum per "
               f"{name} cache")
        billed = minimum
    else:
        how = f"{_size(stored)} average"
        billed = stored
    records = [resource.usage(f"serverless-storage-{engine}", billed / BYTES_PER_GB * hours,
                              "GB-hour", f"Serverless data stored ({name}: {how} × "
                              f"{_number(hours)} h)")]
    ecpus = resource.quantity("serverless", "ecpus", kind=Kind.COUNT_PER_MONTH)
    if ecpus:
        records.append(resource.usage(f"serverless-ecpus-{engine}", ecpus, "ECPU",
                                      f"Serverless ElastiCache Processing Units ({name})"))
    return records


def _backups(resource: Resource, engine: str, serverless: bool
             ) -> tuple[list[Usage], list[str]]:
    value = resource.get("backup_storage")
    if value is None:
        return [], []
    if engine == "memcached" and not serverless:
        raise resource.error(("backup_storage",), "node-based Memcached clusters have no "
                             "backups", "only Valkey, Redis OSS and serverless Memcached "
                             "caches can be backed up")
    free_applies = engine == "redis" and not serverless
    if isinstance(value, dict):
        size = resource.quantity("backup_storage", "size", kind=Kind.DATA)
        count = int(value["count"])
        if count < 1:
            raise resource.error(("backup_storage", "count"), f"{count} backups: give at "
                                 "least 1", "or remove backup_storage")
        total = size * count
        if free_applies:
            # "one backup per active Redis cluster" is free (AWS docs, 2023)
            billed, text = size * (count - 1), (f"{count} × {_size(size)}, one free for an "
                                                "active Redis OSS cluster")
        else:
            billed, text = total, f"{count} × {_size(size)}"
        warnings: list[str] = []
    else:
        billed = resource.quantity("backup_storage", kind=Kind.DATA)
        text = f"{_size(billed)} in all"
        warnings = (["backup_storage: one backup of an active Redis OSS cluster is free; "
                     "give {size, count} to have it subtracted"] if free_applies else [])
    if not billed:
        return [], warnings
    return [resource.usage("backup-storage", billed / BYTES_PER_GB, "GB-month",
                           f"Backup storage ({text})")], warnings


def _size(value: Decimal) -> str:
    """``5 GB`` or ``100 MB`` (binary), for formulas."""
    gb = value / BYTES_PER_GB
    if gb >= 1 or not gb:
        return f"{_number(gb.quantize(Decimal('0.001')))} GB"
    return f"{_number((value / 2**20).quantize(Decimal('0.001')))} MB"


def _number(value: Decimal) -> str:
    number = value.normalize()
    return f"{number:,f}"
