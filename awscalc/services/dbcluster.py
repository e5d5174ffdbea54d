"""Helpers shared by the databases built on a cluster volume (Aurora, Neptune): the
storage configuration (Standard or I/O-Optimized), the volume size, backup storage beyond
it, the what-if under the other storage configuration and the I/O share of the Standard
bill.

Both services bill the cluster volume once per GB-month, bill I/O requests only under
Standard, and give backup storage free up to the size of the cluster volume (Aurora:
``Aurora:BackupUsage``; Neptune: "free backup storage ... equal to the cluster volume
size", Neptune User Guide, *backup-restore-overview-metrics*).

Not a service: it has no schema fragment, so the registry does not list it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

from awscalc.model import Usage
from awscalc.spec import Resource
from awscalc.units import BYTES_PER_GB, Kind

CONFIGURATIONS = {"standard": "Standard", "io_optimized": "I/O-Optimized"}


def configuration(resource: Resource) -> str:
    """The cluster's storage configuration: ``standard`` (the default) or ``io_optimized``."""
    return str(resource.get("storage_configuration", default="standard"))


def volume_gb(resource: Resource, key: str = "storage") -> Decimal:
    """The data size at ``key`` (required by the schema) in GB (2^30 bytes)."""
    value = resource.quantity(key, kind=Kind.DATA)
    assert value is not None  # required by the schema
    return value / BYTES_PER_GB


def backup_beyond_volume(resource: Resource, size: Decimal) -> list[Usage]:
    """Backup storage beyond 100 % of the cluster's storage (``backup_storage`` is the
    total backup size; the cluster volume's size is free)."""
    total = resource.quantity("backup_storage", kind=Kind.DATA)
    if total is None:
        return []
    total /= BYTES_PER_GB
    billed = max(total - size, Decimal(0))
    return [resource.usage(
        "backup-storage", billed, "GB-month",
        f"Backup storage beyond the cluster's size ({number(total)} GB − {number(size)} GB "
        "free)")]


def comparisons(resource: Resource) -> dict[str, dict[str, Any]]:
    """The same cluster under the other storage configuration (``compare: false``: none).

    Going to I/O-Optimized drops ``io_requests`` (it has no I/O charge); going to Standard
    counts no I/O requests, since an I/O-Optimized spec gives none (a summary line says so).
    """
    if resource.get("compare", default=True) is False:
        return {}
    if configuration(resource) == "standard":
        config = {k: v for k, v in resource.config.items() if k != "io_requests"}
        return {"I/O-Optimized": {**config, "storage_configuration": "io_optimized"}}
    return {"Standard": {**resource.config, "storage_configuration": "standard"}}


def io_share_details(resource: Resource, records: Callable[[], Iterable[Usage]],
                     book: Any) -> dict[str, Any]:
    """The I/O share of the cluster's Standard monthly cost (a summary line); ``records``
    gives the cluster's usage records (called for a Standard cluster only)."""
    if configuration(resource) == "io_optimized":
        if resource.get("compare", default=True) is False:
            return {}
        return {"summary": ["the Standard comparison counts no I/O requests (an "
                            "I/O-Optimized spec gives none): price the cluster as standard "
                            "with io_requests to compare with them"]}
    total = io = Decimal(0)
    for record in records():
        rate = book.rate(record.service, record.key, record.region, record.dims)
        cost = record.quantity / rate.per * rate.tiers[0].rate
        total += cost
        if record.key == "io-requests":
            io += cost
    if not total:
        return {}
    share = (io * 100 / total).quantize(Decimal("0.1"))
    return {"io_share_percent": share,
            "summary": [f"I/O requests are {share}% of this cluster's Standard monthly cost "
                        f"(${io.quantize(Decimal('0.01')):,f} of "
                        f"${total.quantize(Decimal('0.01')):,f})"]}


def number(value: Decimal | int) -> str:
    """``value`` for a formula: an integer with thousands separators, else 2 decimals."""
    value = Decimal(value).normalize()
    if value == value.to_integral_value():
        return f"{value:,f}"
    return f"{value.quantize(Decimal('0.01')).normalize():,f}"
