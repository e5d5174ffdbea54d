"""Amazon DynamoDB: request units, capacity-unit hours, storage, backups, Streams, global
tables, and a DAX cluster's node-hours (priced by the pricing-only service ``dax``).

Rules, as AWS states them (https://aws.amazon.com/dynamodb/pricing/on-demand/ and
https://aws.amazon.com/dynamodb/pricing/provisioned/, "Key terms"):

- **Read units**: "A strongly consistent read request of up to 4 KB requires one read
  request unit. For items larger than 4 KB, additional read request units are required.
  For items up to 4 KB in size, an eventually consistent read request requires one-half
  read request unit, and a transactional read request requires two" — "a strongly
  consistent read request of an 8 KB item requires two read request units, an eventually
  consistent read of an 8 KB item requires one ..., and a transactional read of an 8 KB
  item requires four". So the size is rounded up to whole 4 KB chunks *first*, then the
  chunks are multiplied by ½, 1 or 2: a 6 KB eventual read is 2 × ½ = 1 unit, a 9 KB one
  3 × ½ = 1.5 units ("Item sizes for reads are rounded up to the next 4 KB multiple",
  developer guide, read-write-operations).
- **Write units**: "A standard write request unit can write an item up to 1 KB"; a
  transactional write needs two per 1 KB ("a transactional write request of a 3 KB item
  would require six WCUs").
- **KB are binary**: "All size measurements in DynamoDB use binary-based units. DynamoDB
  denotes 1 KB = 1024 bytes" (developer guide, Constraints,
  https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Constraints.html) —
  awscalc's own KB. An item is at most 400 KB (the same page).
- **Provisioned** capacity is billed per capacity unit per hour, used or not; the same
  sizing rules say how many units a workload needs, but ``reads``/``writes`` are not
  billed on a provisioned table (they consume the provisioned units), so they are an
  error there rather than silently ignored.
- **Global tables**: every write is also written in each replica region and billed there
  as a replicated write (on demand: one replicated write request unit per 1 KB;
  provisioned: the replica provisions as many replicated WCUs as the table's WCUs), and
  each replica stores a full copy of the table. The table's own region bills its writes
  as usual. Replication's cross-Region data transfer is not priced (a warning says so).
- **Free tier** (``free_tier: true``): 25 GB of Standard storage and 25 provisioned RCUs
  and WCUs, drawn by the rater from account-wide pools (see the rate card's note for why
  account-wide and why 18,600 unit-hours).
- **DAX**: "billed by the hour based on the instance type ... per node-hour consumed, from
  the time a node is launched until it is terminated. Each partial node-hour consumed will
  be billed as a full hour. DAX charges for each node in a DAX cluster" (DynamoDB
  developer guide, *understanding your billing and usage reports*): a cluster in the spec
  runs all month, nodes × the month's hours, at the node type's rate of the ``dax``
  catalog (offer AmazonDAX). No node rate ships, so until ``awscalc pricing update
  --service dax --region R`` has built the region's, it is the standard exit-4 error
  naming that command.
"""

from __future__ import annotations

import math
from decimal import Decimal

from awscalc.errors import PricingError
from awscalc.model import ResourceUsage, Usage
from awscalc.spec import Resource
from awscalc.units import BYTES_PER_GB, SECONDS_PER_HOUR, Kind

SERVICE = "dynamodb"
BYTES_PER_KB = 1024  # "DynamoDB denotes 1 KB = 1024 bytes" (Constraints page)
READ_CHUNK = 4 * BYTES_PER_KB
WRITE_CHUNK = BYTES_PER_KB
MAX_ITEM_BYTES = 400 * BYTES_PER_KB
# Read units per 4 KB chunk, by consistency (on-demand and provisioned pages, "Key terms")
READ_FACTOR = {"eventual": Decimal("0.5"), "strong": Decimal(1), "transactional": Decimal(2)}

Path = tuple[str | int, ...]


def read_units(item_bytes: int, consistency: str) -> Decimal:
    """Read request units one read of an ``item_bytes`` item needs.

    >>> [str(read_units(b, "eventual")) for b in (1, 4096, 4097, 6144, 9216)]
    ['0.5', '0.5', '1.0', '1.0', '1.5']
    >>> str(read_units(8192, "transactional"))
    '4'
    """
    chunks = max(1, math.ceil(item_bytes / READ_CHUNK))  # a miss still reads one chunk
    return chunks * READ_FACTOR[consistency]


def write_units(item_bytes: int, consistency: str) -> Decimal:
    """Write request units one write of an ``item_bytes`` item needs (transactions: ×2).

    >>> [write_units(b, "strong") for b in (1, 1024, 1025, 3072)]
    [Decimal('1'), Decimal('1'), Decimal('2'), Decimal('3')]
    >>> write_units(3072, "transactional")
    Decimal('6')
    """
    chunks = max(1, math.ceil(item_bytes / WRITE_CHUNK))
    return Decimal(chunks * (2 if consistency == "transactional" else 1))


def usage(resource: Resource) -> ResourceUsage:
    """Usage records for one DynamoDB table."""
    table_class = resource.get("table_class", default="standard")
    capacity = resource.get("capacity", default="on_demand")
    prefix = "ia-" if table_class == "standard_ia" else ""
    class_text = "Standard-IA" if prefix else "Standard"
    replicas = _replica_regions(resource)
    records: list[Usage] = []
    warnings: list[str] = []

    if capacity == "on_demand":
        replicated = _on_demand(resource, records, table_class)
        for region in replicas:
            if replicated:
                records.append(resource.usage(
                    "replicated-write-request-units", replicated, "replicated write request unit",
                    f"Global table replica ({region}): replicated write request units",
                    region=region))
    else:
        wcu_hours = _provisioned(resource, records, prefix, class_text)
        for region in replicas:
            if wcu_hours:
                records.append(resource.usage(
                    "replicated-write-capacity-unit-hours", wcu_hours, "rWCU-hour",
                    f"Global table replica ({region}): replicated WCUs", region=region))

    storage = resource.quantity("storage", kind=Kind.DATA)
    gb = storage / BYTES_PER_GB if storage is not None else None
    if gb:
        for region in (resource.region, *replicas):
            where = "" if region == resource.region else f"Global table replica ({region}): "
            records.append(resource.usage(f"{prefix}storage", gb, "GB-month",
                                          f"{where}Data storage ({class_text})",
                                          region=region))
    records += _backups(resource, gb)
    streams = resource.quantity("streams", "read_requests", kind=Kind.COUNT_PER_MONTH)
    if streams:
        records.append(resource.usage("streams-read-request-units", streams,
                                      "streams read request unit", "Streams read request units"))
    if replicas:
        warnings.append("global-table replication's cross-Region data transfer is not "
                        "priced")
    records += _dax(resource)
    return ResourceUsage(records=tuple(records), warnings=tuple(warnings))


def _on_demand(resource: Resource, records: list[Usage], table_class: str) -> Decimal:
    """Read and write request units; returns the write units each replica region gets."""
    if resource.get("provisioned") is not None:
        raise resource.error(("provisioned",), "provisioned capacity needs "
                             "capacity: provisioned", "or remove 'provisioned'")
    reads = resource.quantity("reads", kind=Kind.COUNT_PER_MONTH)
    writes = resource.quantity("writes", kind=Kind.COUNT_PER_MONTH)
    if not reads and not writes:
        return Decimal(0)
    if table_class == "standard_ia":
        raise PricingError(
            f"no price for service '{SERVICE}', region '{resource.region}', key "
            "'table_class: standard_ia' with capacity: on_demand",
            "no Standard-IA on-demand request rate was found in a trusted source; use "
            "capacity: provisioned, or table_class: standard")
    item_bytes = _item_bytes(resource)
    consistency = resource.get("consistency", default="eventual")
    size = _size_text(item_bytes)
    replicated = Decimal(0)
    if reads:
        per_read = read_units(item_bytes, consistency)
        records.append(resource.usage(
            "read-request-units", reads * per_read, "read request unit",
            f"Read request units ({size} item, {consistency} → {_number(per_read)} RRU "
            f"per read)"))
    if writes:
        per_write = write_units(item_bytes, consistency)
        kind = "transactional" if consistency == "transactional" else "standard"
        records.append(resource.usage(
            "write-request-units", writes * per_write, "write request unit",
            f"Write request units ({size} item, {kind} → {_number(per_write)} WRU per "
            f"write)"))
        # Replicas apply each write as a standard replicated write of the same size.
        replicated = writes * write_units(item_bytes, "strong")
    return replicated


def _provisioned(resource: Resource, records: list[Usage], prefix: str, class_text: str
                 ) -> Decimal:
    """RCU- and WCU-hours; returns the WCU-hours each replica region provisions."""
    for key in ("reads", "writes"):
        if resource.get(key) is not None:
            raise resource.error((key,), f"{key} are billed only on on-demand tables",
                                 "a provisioned table pays for provisioned.rcu/wcu; "
                                 "size them from the same rules")
    settings = resource.get("provisioned")
    if not settings or ("rcu" not in settings and "wcu" not in settings):
        raise resource.error(("provisioned",) if settings else (),
                             "capacity: provisioned needs provisioned capacity",
                             "e.g. provisioned: {rcu: 100, wcu: 50}")
    hours = resource.seconds_in_month("provisioned", "hours",
                                      what="provisioned capacity") / SECONDS_PER_HOUR
    wcu_hours = Decimal(0)
    for unit, meter, label in (("rcu", "read", "RCU"), ("wcu", "write", "WCU")):
        units = settings.get(unit)
        if units is None:
            continue
        units = Decimal(str(units))
        quantity = units * hours
        records.append(resource.usage(
            f"{prefix}{meter}-capacity-unit-hours", quantity, f"{label}-hour",
            f"Provisioned {meter} capacity ({class_text}, {_number(units)} {label} × "
            f"{_number(hours)} h)"))
        if unit == "wcu":
            wcu_hours = quantity
    return wcu_hours


def _backups(resource: Resource, gb: Decimal | None) -> list[Usage]:
    records = []
    if resource.get("backups", "pitr"):
        if not gb:
            raise resource.error(("backups", "pitr"), "point-in-time recovery is billed on "
                                 "the table's size: give 'storage'", "e.g. storage: 120 GB")
        records.append(resource.usage("pitr-storage", gb, "GB-month",
                                      "Point-in-time recovery (table size)"))
    backup = resource.quantity("backups", "on_demand", kind=Kind.DATA)
    if backup:
        records.append(resource.usage("backup-storage", backup / BYTES_PER_GB, "GB-month",
                                      "On-demand backup storage"))
    restored = resource.quantity("backups", "restores", kind=Kind.DATA_PER_MONTH)
    if restored:
        records.append(resource.usage("restore", restored / BYTES_PER_GB, "GB",
                                      "Table data restored"))
    return records


def _item_bytes(resource: Resource) -> int:
    size = resource.quantity("item_size", kind=Kind.DATA)
    if size is None:
        raise resource.error((), "reads and writes need 'item_size' to size their request "
                             "units", "e.g. item_size: 6 KB")
    if size > MAX_ITEM_BYTES:
        raise resource.error(("item_size",), f"{_size_text(math.ceil(size))} is more than "
                             "DynamoDB's 400 KB item size limit")
    return math.ceil(size)  # a fraction of a byte is still a byte


def _replica_regions(resource: Resource) -> list[str]:
    regions = list(resource.get("global_tables", "replica_regions", default=[]))
    for index, region in enumerate(regions):
        if region == resource.region:
            raise resource.error(("global_tables", "replica_regions", index),
                                 f"'{region}' is the table's own region",
                                 "list only the other regions holding a replica")
    return regions


def _dax(resource: Resource) -> list[Usage]:
    """The DAX cluster's node-hours (every node, the whole month), rated by the ``dax``
    catalog by node type."""
    dax = resource.get("dax")
    if dax is None:
        return []
    nodes = Decimal(dax["nodes"])
    hours = resource.source.month_hours
    node_type: str = dax["node_type"]
    return [resource.usage(
        "node-hours", nodes * hours, "node-hour",
        f"DAX node hours ({_number(nodes)} × {node_type}, {_number(hours)} h)",
        dims=(node_type,), service="dax")]


def _size_text(item_bytes: int) -> str:
    if item_bytes % BYTES_PER_KB == 0:
        return f"{item_bytes // BYTES_PER_KB:,} KB"
    return f"{item_bytes:,} bytes"


def _number(value: Decimal) -> str:
    number = value.normalize()
    return f"{number:,f}"
