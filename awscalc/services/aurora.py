"""Amazon Aurora (Aurora MySQL, Aurora PostgreSQL): provisioned DB instances or
Serverless v2 capacity, cluster storage, I/O requests, backup storage, Backtrack and
snapshot export.

Provisioned DB instance hours are catalog rates (:mod:`awscalc.catalog`) found by the
dimensions ``(instance_class, engine, storage_configuration, purchase_option)``; the rest
are rate-card keys. Billing rules (``../shared/pricing-facts-wave2.md`` §11):

- **Storage configurations**: *Standard* bills storage per GB-month plus I/O requests per
  1 M; *I/O-Optimized* bills higher instance, Serverless v2 and storage rates and no I/O
  (``InstanceUsageIOOptimized:<class>``, ``Aurora:IO-OptimizedStorageUsage``). The
  instance rate of one configuration is looked up, never derived from the other's.
  ``io_requests`` under ``io_optimized`` is an error, not ignored.
- The cluster volume is billed once per GB-month (its six copies across three AZs are not
  billed separately); instances run the whole month (awscalc's model).
- **Serverless v2** is billed per ACU-hour (the ``ServerlessDatabaseCapacity`` metric):
  ``average_acus × hours``.
- **Backup storage** up to 100 % of the cluster's storage is free; only what exceeds it is
  billed (``Aurora:BackupUsage``).
- **Backtrack** (Aurora MySQL): change records are stored for the target window and
  "you pay an hourly rate for storing them" (Aurora User Guide,
  *AuroraMySQL.Managing.Backtrack*): stored = records per hour × window hours, billed per
  1 M stored records for every hour of the month. Where AWS says Backtrack is not offered
  and no rate is there (the fragment's ``not_offered``; AWS's 2025 feed still prices it in
  Hong Kong, Stockholm and Bahrain), asking for it is an exit-3 spec error, not a missing
  price.
- **Snapshot export** to S3 is billed per GB of snapshot exported.
- **Global Database** replicated write I/Os have no trusted rate (recall only): asking
  for them is an exit-4 error.

:func:`comparisons` asks the estimate to price the same cluster under the other storage
configuration; :func:`priced_details` adds the I/O share of the Standard bill (AWS
suggests I/O-Optimized when I/O is more than about a quarter of the Aurora bill: the
figure is shown, the advice is left to the reader).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from awscalc.errors import PricingError
from awscalc.model import ResourceUsage, Usage
from awscalc.services import dbcluster
from awscalc.services.dbcluster import number
from awscalc.spec import Resource
from awscalc.units import BYTES_PER_GB, SECONDS_PER_HOUR, Kind

SERVICE = "aurora"
CONFIGURATIONS = dbcluster.CONFIGURATIONS
ENGINE_TEXT = {"mysql": "Aurora MySQL", "postgresql": "Aurora PostgreSQL"}
MAX_BACKTRACK_HOURS = Decimal(72)  # Aurora MySQL's longest target backtrack window


def usage(resource: Resource) -> ResourceUsage:
    """Usage records of one Aurora cluster."""
    engine: str = resource.get("engine")
    configuration = dbcluster.configuration(resource)
    optimized = configuration == "io_optimized"
    suffix = "-io-optimized" if optimized else ""
    label = CONFIGURATIONS[configuration]
    instances = resource.get("instances") or []
    serverless = resource.get("serverless_v2")
    if not instances and serverless is None:
        raise resource.error((), "an Aurora cluster needs 'instances' or 'serverless_v2'",
                             "e.g. instances: [{instance_class: db.r6g.large, count: 2}]")
    if resource.get("global_database") is not None:
        raise PricingError(
            f"{resource.name}: no price for Aurora Global Database replicated write I/Os "
            f"({ENGINE_TEXT[engine]}, {label}) in region '{resource.region}': its rate has "
            "no trusted source (recall only) and does not ship",
            "remove global_database to price the primary cluster alone")
    month_hours = resource.source.month_hours
    records: list[Usage] = []
    for item in instances:
        count = Decimal(item.get("count", 1))
        cls = item["instance_class"]
        records.append(resource.usage(
            "instance-hours", count * month_hours, "instance-hour",
            f"DB instance hours, On-Demand ({number(count)} × {cls} {ENGINE_TEXT[engine]}, "
            f"{label})", dims=(cls, engine, configuration, "on_demand")))
    if serverless is not None:
        seconds = resource.seconds_in_month("serverless_v2", "hours",
                                            what="Serverless v2 capacity")
        hours = seconds / SECONDS_PER_HOUR
        acus = Decimal(str(serverless["average_acus"]))
        records.append(resource.usage(
            f"serverless-v2{suffix}", acus * hours, "ACU-hour",
            f"Serverless v2 capacity, {label} ({number(acus)} ACUs average × "
            f"{number(hours)} h)"))
    size = dbcluster.volume_gb(resource)
    records.append(resource.usage(
        "storage-io-optimized" if optimized else "storage", size, "GB-month",
        f"Cluster storage, {label} ({number(size)} GB)"))
    requests = resource.quantity("io_requests", kind=Kind.COUNT_PER_MONTH)
    if requests is not None:
        if optimized:
            raise resource.error(("io_requests",), "I/O-Optimized clusters have no I/O "
                                 "charge", "remove io_requests or use storage_configuration: "
                                 "standard")
        records.append(resource.usage("io-requests", requests, "request",
                                      "I/O requests, Standard"))
    records += dbcluster.backup_beyond_volume(resource, size)
    records += _backtrack(resource, engine, month_hours)
    exported = resource.quantity("snapshot_export", kind=Kind.DATA_PER_MONTH)
    if exported is not None:
        gb = exported / BYTES_PER_GB
        records.append(resource.usage("snapshot-export", gb, "GB",
                                      f"Snapshot export to Amazon S3 ({number(gb)} GB)"))
    return ResourceUsage(records=tuple(records))


def priced_usage(resource: Resource, book: Any) -> ResourceUsage:
    """:func:`usage`, with every rate checked first, so that a missing one is an exit-4
    error naming the class, engine, storage configuration and region (instance classes
    are checked against the catalog before, by the declaration's ``catalog_values``)."""
    result = usage(resource)
    for record in result.records:
        try:
            book.rate(record.service, record.key, record.region, record.dims)
        except PricingError as exc:
            raise _missing(resource, record) from exc
    # The other storage configuration's rates may be missing: the estimate then notes
    # that it could not compare, and prices what was specified.
    return result


def comparisons(resource: Resource) -> dict[str, dict[str, Any]]:
    """The same cluster under the other storage configuration (see
    :func:`awscalc.services.dbcluster.comparisons`)."""
    return dbcluster.comparisons(resource)


def priced_details(resource: Resource, details: dict[str, Any], book: Any) -> dict[str, Any]:
    """The I/O share of the cluster's Standard monthly cost (a summary line)."""
    return dbcluster.io_share_details(resource, lambda: usage(resource).records, book)


def _missing(resource: Resource, record: Usage) -> PricingError:
    engine = ENGINE_TEXT[resource.get("engine")]
    what = record.component.split(" (")[0]
    if record.dims:
        cls, _, configuration, _ = record.dims
        shape = f"{cls}, engine {engine}, storage configuration {CONFIGURATIONS[configuration]}"
    else:
        configuration = "io_optimized" if "I/O-Optimized" in what else "standard"
        shape = f"engine {engine}, storage configuration {CONFIGURATIONS[configuration]}"
    from awscalc.catalog import update_hint

    hint = update_hint(SERVICE, record.region)
    return PricingError(f"{resource.name}: no price for Aurora {what} ({shape}) in region "
                        f"'{record.region}'", hint)


def _backtrack(resource: Resource, engine: str, month_hours: Decimal) -> list[Usage]:
    """Change records stored for the window, for every hour of the month."""
    if resource.get("backtrack") is None:
        return []
    if engine != "mysql":
        raise resource.error(("backtrack",), "Backtrack is an Aurora MySQL feature",
                             "remove backtrack or use engine: mysql")
    per_month = resource.quantity("backtrack", "change_records", kind=Kind.COUNT_PER_MONTH)
    window = resource.quantity("backtrack", "window", kind=Kind.DURATION)
    assert per_month is not None and window is not None  # required by the schema
    window_hours = window / SECONDS_PER_HOUR
    if not 0 < window_hours <= MAX_BACKTRACK_HOURS:
        raise resource.error(("backtrack", "window"), f"{number(window_hours)} h is not a "
                             "backtrack window", "Aurora MySQL keeps more than 0 and at most "
                             "72 h")
    per_hour = per_month / month_hours
    stored = per_hour * window_hours
    return [resource.usage(
        "backtrack", stored * month_hours, "change-record-hour",
        f"Backtrack change records stored ({number(per_hour / 1_000_000)} M/h × "
        f"{number(window_hours)} h window = {number(stored / 1_000_000)} M stored, × "
        f"{number(month_hours)} h)")]
