"""Amazon EBS: volumes, provisioned IOPS and throughput, snapshots, Fast Snapshot Restore.

The same keys describe a standalone ``service: ebs`` resource and each entry of an EC2
resource's ``volumes:`` list; :func:`volume_usage` serves both, so a volume costs the same
wherever it is written. Rules (EBS pricing page, https://aws.amazon.com/ebs/pricing/):

- storage is billed per provisioned GB-month, used or not, prorated per second with a
  60-second minimum — ``hours`` is how long each volume exists in the month;
- gp3 includes 3,000 IOPS and 125 MB/s per volume; only what is provisioned above that
  is billed; io1 and io2 bill every provisioned IOPS, io2 on a ladder that applies *per
  volume* (the rate card declares ``tier_scope: item``; each volume-month is an item);
- magnetic (``standard``) volumes bill I/O requests; gp2, st1 and sc1 include I/O;
- snapshots: the standard tier bills the changed blocks stored, the archive tier full
  copies (with a 90-day minimum storage duration) plus each GB restored;
- Fast Snapshot Restore bills per snapshot per Availability Zone per hour, 1-hour minimum.
"""

from __future__ import annotations

from decimal import Decimal

from awscalc.model import ResourceUsage, Usage
from awscalc.spec import Resource
from awscalc.units import BYTES_PER_GB, SECONDS_PER_HOUR, Kind

SERVICE = "ebs"
MINIMUM_SECONDS = Decimal(60)
GP3_FREE_IOPS = 3000
GP3_FREE_THROUGHPUT = 125  # MB/s (MiB/s: "GB = 1024^3 bytes" on the EBS pricing page)
BYTES_PER_MB = Decimal(2**20)
WITH_IOPS = {"gp3", "io1", "io2"}
NEED_IOPS = {"io1", "io2"}

Path = tuple[str | int, ...]


def usage(resource: Resource) -> ResourceUsage:
    """Usage records for one standalone EBS resource."""
    return ResourceUsage(records=tuple(volume_usage(resource, ())))


def volume_usage(resource: Resource, prefix: Path, instances: Decimal = Decimal(1),
                 default_seconds: Decimal | None = None) -> list[Usage]:
    """Usage of the volume described at ``prefix`` below ``resource`` (``()`` for a
    standalone EBS resource, ``("volumes", 0)`` for an EC2 resource's first volume).

    ``instances`` multiplies the volume's ``count`` (volumes attached to each of an EC2
    resource's instances); ``default_seconds`` is how long each volume exists when the
    volume gives no ``hours`` (default: the whole month).
    """
    month_seconds = resource.source.month_hours * SECONDS_PER_HOUR

    def at(*keys: str | int) -> Path:
        return (*prefix, *keys)

    kind = resource.get(*at("type"))
    count = Decimal(resource.get(*at("count"), default=1)) * instances
    seconds = resource.seconds_in_month(*at("hours"), default=default_seconds,
                                        what="a volume")
    billed = max(seconds, MINIMUM_SECONDS) if seconds > 0 else Decimal(0)
    months = count * billed / month_seconds  # volume-months: items of per-volume ladders
    size = resource.quantity(*at("size"), kind=Kind.DATA) / BYTES_PER_GB
    _check_options(resource, prefix, kind)
    shape = f"{_number(count)} × {_number(size)} GB"
    records = [_record(resource, f"{kind}-storage", size * months, "GB-month",
                       f"EBS {kind} storage ({shape})")]
    iops = resource.get(*at("iops"))
    if kind == "gp3":
        extra = max(Decimal(iops or GP3_FREE_IOPS) - GP3_FREE_IOPS, Decimal(0))
        if extra:
            records.append(_record(resource, "gp3-iops", extra * months, "IOPS-month",
                                   f"EBS gp3 IOPS above 3,000 ({_number(count)} × "
                                   f"{_number(extra)})"))
        throughput = resource.quantity(*at("throughput"), kind=Kind.BITRATE)
        if throughput is not None:
            above = max(throughput / BYTES_PER_MB - GP3_FREE_THROUGHPUT, Decimal(0))
            if above:
                records.append(_record(resource, "gp3-throughput", above * months,
                                       "MB/s-month", f"EBS gp3 throughput above 125 MB/s "
                                       f"({_number(count)} × {_number(above)} MB/s)"))
    elif kind in NEED_IOPS:
        records.append(_record(resource, f"{kind}-iops", Decimal(iops) * months, "IOPS-month",
                               f"EBS {kind} IOPS ({_number(count)} × {_number(iops)})",
                               items=months))
    requests = resource.quantity(*at("io_requests"), kind=Kind.COUNT_PER_MONTH)
    if requests:
        records.append(_record(resource, "standard-io", requests * count, "request",
                               "EBS magnetic I/O requests"))
    records += _snapshots(resource, prefix, count)
    records += _fast_snapshot_restore(resource, prefix)
    return records


def _check_options(resource: Resource, prefix: Path, kind: str) -> None:
    """Keys that do not apply to the volume type are errors, not silently ignored."""
    iops = resource.get(*prefix, "iops")
    if iops is not None and kind not in WITH_IOPS:
        raise resource.error((*prefix, "iops"), f"{kind} volumes have no provisioned IOPS",
                             "iops applies to gp3, io1 and io2")
    if iops is None and kind in NEED_IOPS:
        raise resource.error((*prefix,), f"an {kind} volume needs 'iops'",
                             "e.g. iops: 10000")
    if kind == "gp3" and iops is not None and iops < GP3_FREE_IOPS:
        raise resource.error((*prefix, "iops"), f"gp3 volumes have at least 3,000 IOPS, "
                             f"not {iops}", "omit iops for the included 3,000")
    throughput = resource.get(*prefix, "throughput")
    if throughput is not None and kind != "gp3":
        raise resource.error((*prefix, "throughput"),
                             f"{kind} volumes have no provisioned throughput",
                             "throughput applies to gp3")
    if throughput is not None:
        value = resource.quantity(*prefix, "throughput", kind=Kind.BITRATE)
        if value is not None and value / BYTES_PER_MB < GP3_FREE_THROUGHPUT:
            raise resource.error((*prefix, "throughput"), "gp3 volumes have at least "
                                 "125 MB/s", "omit throughput for the included 125 MB/s")
    if resource.get(*prefix, "io_requests") is not None and kind != "standard":
        raise resource.error((*prefix, "io_requests"), f"{kind} volumes include I/O",
                             "io_requests applies to magnetic (standard) volumes")


def _snapshots(resource: Resource, prefix: Path, count: Decimal) -> list[Usage]:
    records = []
    for key, meter, label in (("size", "snapshot-storage", "EBS snapshots, standard tier"),
                              ("archive_size", "snapshot-archive-storage",
                               "EBS snapshots, archive tier (90-day minimum)")):
        stored = resource.quantity(*prefix, "snapshots", key, kind=Kind.DATA)
        if stored:
            records.append(_record(resource, meter, stored / BYTES_PER_GB * count, "GB-month",
                                   label))
    restored = resource.quantity(*prefix, "snapshots", "restores", kind=Kind.DATA_PER_MONTH)
    if restored:
        records.append(_record(resource, "snapshot-archive-retrieval",
                               restored / BYTES_PER_GB * count, "GB",
                               "EBS snapshot restores from the archive tier"))
    return records


def _fast_snapshot_restore(resource: Resource, prefix: Path) -> list[Usage]:
    settings = resource.get(*prefix, "fast_snapshot_restore")
    if not settings:
        return []
    seconds = resource.seconds_in_month(*prefix, "fast_snapshot_restore", "hours",
                                        what="Fast Snapshot Restore")
    # billed per minute with a 1-hour minimum (EBS pricing page, Fast Snapshot Restore)
    hours = max(seconds, SECONDS_PER_HOUR) / SECONDS_PER_HOUR if seconds > 0 else Decimal(0)
    zones = settings["availability_zones"] * settings.get("snapshots", 1)
    return [_record(resource, "fast-snapshot-restore", hours * zones, "DSU-hour",
                    f"EBS Fast Snapshot Restore ({zones} snapshot-AZs)")]


def _record(resource: Resource, key: str, quantity: Decimal, unit: str, component: str,
            items: Decimal | None = None) -> Usage:
    return resource.usage(key, quantity, unit, component, service=SERVICE, items=items)


def _number(value: object) -> str:
    number = Decimal(str(value))
    return f"{number.normalize():,f}" if number == number.to_integral_value() else str(number)
