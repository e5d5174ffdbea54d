"""Amazon Neptune (Neptune Database): provisioned DB instances, CPU credits of burstable
classes, cluster storage, I/O requests and backup storage.

DB instance hours and CPU credits are catalog rates (:mod:`awscalc.catalog`) found by
``(instance_class, storage_configuration, purchase_option)`` and ``(instance_family)``;
the rest are rate-card keys. Billing rules (``../shared/pricing-facts-wave2.md`` §14 and
the shared cluster-volume rules of :mod:`awscalc.services.dbcluster`):

- **Storage configurations**: *Standard* bills storage per GB-month plus I/O requests per
  1 M; *I/O-Optimized* bills its own instance rates (``InstanceUsageIOOptimized:<class>``)
  and storage rate and no I/O. ``io_requests`` under ``io_optimized`` is an error. No
  source gives the I/O-Optimized storage rate in any region, so an I/O-Optimized cluster
  is an exit-4 error, and a Standard cluster is not compared with I/O-Optimized (a
  summary line says why).
- The cluster volume is billed once per GB-month ("The size of your cluster volume is
  checked on an hourly basis to determine your storage costs", Neptune User Guide,
  *manage-console-performance-scaling*); each instance for the hours it runs.
- **CPU credits**: burstable classes (``db.t3``, ``db.t4g``) bill surplus credits per
  vCPU-hour (the Price List's ``CPUCredits:<family>`` rows): ``cpu_credits`` is how many
  vCPU-hours of surplus an entry spends a month. Each family has its own rate.
- **Backup storage**: "free backup storage ... equal to the cluster volume size" (Neptune
  User Guide, *backup-restore-overview-metrics*); only what exceeds it is billed.
- **Serverless** (NCU-hours): the rate's sources conflict (0.1128 from third-party code,
  0.1608 from recall), so none ships: asking for it is an exit-4 error.

Rates ship for eu-west-2 (Infracost's Price List goldens, 2024-07-01: instance hours, CPU
credits, storage, I/O, backup) and, from AWS's Neptune pricing-page feed (2025-04-29) as
committed in iann0036/aws-price-watcher (``pricing/tools/pricewatcher_neptune.py``,
``verified: false``), Standard and I/O-Optimized instance hours, storage, I/O and backup
in 20 of the 21 target regions (not eu-south-1; São Paulo has no db.r4.large). CPU
credits ship for eu-west-2 only. A missing rate is an exit-4 error naming what is
missing and ``awscalc pricing update --service neptune --region R``, which builds the
region's instance and CPU-credit rates and the card's storage, I/O and backup rates from
the AmazonNeptune offer (:mod:`awscalc.priceupdate.databases`). I/O-Optimized storage and
Serverless NCU-hours have no card key, so no update fetches them.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from awscalc.errors import PricingError
from awscalc.model import ResourceUsage, Usage
from awscalc.services import dbcluster
from awscalc.services.dbcluster import CONFIGURATIONS, number
from awscalc.services.ratecheck import require_rates
from awscalc.spec import Resource
from awscalc.units import SECONDS_PER_HOUR, Kind

SERVICE = "neptune"
TITLE = "Amazon Neptune"
BURSTABLE_FAMILIES = ("db.t3", "db.t4g")
# No source gives the I/O-Optimized storage rate: until one ships (then add the meter),
# such a cluster is an exit-4 error and a Standard one is not compared with it.
IO_OPTIMIZED_STORAGE_SHIPS = False


def usage(resource: Resource) -> ResourceUsage:
    """Usage records of one Neptune cluster."""
    configuration = dbcluster.configuration(resource)
    instances = resource.get("instances") or []
    if not instances and resource.get("serverless") is None:
        raise resource.error((), "a Neptune cluster needs 'instances' or 'serverless'",
                             "e.g. instances: [{instance_class: db.r4.large, count: 2}]")
    records: list[Usage] = []
    for index, item in enumerate(instances):
        records += _instance(resource, index, item, configuration)
    requests = resource.quantity("io_requests", kind=Kind.COUNT_PER_MONTH)
    if requests is not None and configuration == "io_optimized":
        raise resource.error(("io_requests",), "I/O-Optimized clusters have no I/O "
                             "charge", "remove io_requests or use storage_configuration: "
                             "standard")
    _serverless(resource)
    size = dbcluster.volume_gb(resource)
    records.append(_storage(resource, configuration, size))
    if requests is not None:
        records.append(resource.usage("io-requests", requests, "request",
                                      "I/O requests, Standard"))
    records += dbcluster.backup_beyond_volume(resource, size)
    return ResourceUsage(records=tuple(records))


def priced_usage(resource: Resource, book: Any) -> ResourceUsage:
    """:func:`usage`, with every rate looked up first, so that a missing one is an exit-4
    error naming the class, storage configuration or family and the region (instance
    classes are checked against the catalog before, by the declaration's
    ``catalog_values``)."""
    result = usage(resource)
    label = CONFIGURATIONS[dbcluster.configuration(resource)]

    def describe(record: Usage) -> str:
        if record.key == "instance-hours":
            return f"DB instance class '{record.dims[0]}', storage configuration {label}"
        if record.key == "cpu-credits":
            return f"CPU credits of family '{record.dims[0]}'"
        return f"key '{record.key}'"

    require_rates(result.records, book, SERVICE, TITLE, describe)
    return result


def comparisons(resource: Resource) -> dict[str, dict[str, Any]]:
    """The same cluster under the other storage configuration (see
    :func:`awscalc.services.dbcluster.comparisons`) — except Standard → I/O-Optimized,
    which could never price while no I/O-Optimized storage rate ships (a summary line of
    :func:`priced_details` says so instead)."""
    if not IO_OPTIMIZED_STORAGE_SHIPS and dbcluster.configuration(resource) == "standard":
        return {}
    return dbcluster.comparisons(resource)


def priced_details(resource: Resource, details: dict[str, Any], book: Any) -> dict[str, Any]:
    """The I/O share of the cluster's Standard monthly cost, and why it is not compared
    with I/O-Optimized (summary lines)."""
    found = dbcluster.io_share_details(resource, lambda: usage(resource).records, book)
    if (not IO_OPTIMIZED_STORAGE_SHIPS and resource.get("compare", default=True) is not False
            and dbcluster.configuration(resource) == "standard"):
        found.setdefault("summary", []).append(
            "not compared with I/O-Optimized: no source gives Neptune's I/O-Optimized "
            "storage rate, so none ships")
    return found


def _instance(resource: Resource, index: int, item: dict[str, Any],
              configuration: str) -> list[Usage]:
    """One ``instances`` entry: its instance hours and, for a burstable class, the CPU
    credits it spends."""
    count = Decimal(item.get("count", 1))
    cls: str = item["instance_class"]
    seconds = resource.seconds_in_month("instances", index, "hours", what="a DB instance")
    hours = seconds / SECONDS_PER_HOUR
    records = [resource.usage(
        "instance-hours", count * hours, "instance-hour",
        f"DB instance hours, On-Demand ({number(count)} × {cls}, "
        f"{CONFIGURATIONS[configuration]}, {number(hours)} h)",
        dims=(cls, configuration, "on_demand"))]
    credits = item.get("cpu_credits")
    if credits is not None:
        family = cls.rsplit(".", 1)[0]
        if family not in BURSTABLE_FAMILIES:
            raise resource.error(("instances", index, "cpu_credits"),
                                 f"'{cls}' is not a burstable class: only "
                                 f"{' and '.join(BURSTABLE_FAMILIES)} classes spend CPU "
                                 "credits", "remove cpu_credits")
        vcpu_hours = Decimal(str(credits))
        records.append(resource.usage(
            "cpu-credits", vcpu_hours, "vCPU-hour",
            f"CPU credits ({cls}, {number(vcpu_hours)} surplus vCPU-hours)",
            dims=(family,)))
    return records


def _serverless(resource: Resource) -> None:
    """Serverless capacity, checked, then refused: its NCU-hour rate does not ship."""
    if resource.get("serverless") is None:
        return
    seconds = resource.seconds_in_month("serverless", "hours", what="Serverless capacity")
    ncus = Decimal(str(resource.get("serverless", "average_ncus")))
    raise PricingError(
        f"no price for service '{SERVICE}' Serverless NCU-hours ({number(ncus)} NCUs "
        f"average × {number(seconds / SECONDS_PER_HOUR)} h) in region '{resource.region}': "
        "the NCU-hour rate's sources conflict (third-party code vs recall) and none ships",
        _no_rate_hint("price provisioned 'instances' instead"))


def _storage(resource: Resource, configuration: str, size: Decimal) -> Usage:
    """The cluster volume, Standard; I/O-Optimized storage has no rate anywhere."""
    if configuration == "io_optimized":
        raise PricingError(
            f"no price for service '{SERVICE}' cluster storage, I/O-Optimized in region "
            f"'{resource.region}': no source gives Neptune's I/O-Optimized storage rate",
            _no_rate_hint("use storage_configuration: standard"))
    return resource.usage("storage", size, "GB-month",
                          f"Cluster storage, Standard ({number(size)} GB)")


def _no_rate_hint(instead: str) -> str:
    """The hint of a rate that ships nowhere (no card or catalog can supply it)."""
    return (f"'awscalc pricing update --service {SERVICE}' does not fetch it ({TITLE}'s "
            f"rate card has no key for it); {instead}, or price it with a 'service: "
            "custom' line")
