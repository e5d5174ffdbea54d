"""Amazon S3 Glacier vaults (``service: glacier``): the original vault API of 2012 —
archives in vaults, upload requests, retrieval jobs by tier, provisioned capacity units,
and the 90-day minimum storage duration.

Billing rules (``../shared/pricing-facts-wave2.md`` §9):

- **Storage** per GB-month of archive data.
- **Per-archive overhead**: every archive adds 32 KB of index and metadata billed at the
  Glacier storage rate and 8 KB billed at the **S3 Standard** rate (the 8 KB is metered
  under ``s3``'s ``storage-standard``, so it is priced from the S3 card and shares S3
  Standard's tier ladder in the region). Third-party notes on the vault API mention only
  the 32 KB; the 8 KB follows pricing-facts-wave2 §9 and issue 18.
- **Upload requests** per 1,000 (``uploads``), and **retrieval jobs**: per GB retrieved
  and per 1,000 retrieval requests, by tier (expedited, standard, bulk).
- **Provisioned capacity units** per unit-month (they guarantee expedited capacity).
- **Minimum storage duration 90 days**: an archive deleted earlier is charged for the
  days it did not stay, prorated ("A prorated charge (per GB) also applies for items
  deleted prior to 90 days' passage", AWS Storage Services Overview whitepaper, *Cost
  Model*). ``early_deletes`` is the data deleted in the month before its 90 days,
  ``deleted_after`` its age then: the charge is ``early_deletes × (90 days −
  deleted_after)`` in GB-months of the spec's month. Without ``deleted_after`` the
  archives are taken to be deleted right after upload — the most it can cost — and a
  warning says so.
- Data transfer out to the internet is metered under ``data-transfer`` as S3's is.

:func:`comparisons` asks the estimate to price the same data in the S3 Glacier Flexible
Retrieval storage class (where bulk retrievals are free): the same usage emitted as
``s3`` usage — storage, the same 32 KB + 8 KB per object, PUT requests for the uploads,
restores by tier, early deletion — and priced with the S3 card, never a figure written
here. Provisioned capacity units are one product for both (bought with the Glacier
API), so the variant keeps them as they are.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from awscalc.model import ResourceUsage, Usage
from awscalc.services.s3 import ARCHIVE_INDEX_BYTES, ARCHIVE_METADATA_BYTES, CLASSES
from awscalc.spec import Resource
from awscalc.units import BYTES_PER_GB, SECONDS_PER_HOUR, Kind

SERVICE = "glacier"
TIERS = ("expedited", "standard", "bulk")
MIN_DAYS = 90
SECONDS_PER_DAY = SECONDS_PER_HOUR * 24
# The comparison's variant carries this marker: the same keys, metered as the S3 Glacier
# Flexible Retrieval storage class (never set by a spec: the schema has no such key).
AS_S3_CLASS = "_as_s3_storage_class"
COMPARED = "the same data in the S3 Glacier Flexible Retrieval storage class"


def usage(resource: Resource) -> ResourceUsage:
    """Usage records of one vault (or, in the comparison's variant, of the same data in
    the S3 Glacier Flexible Retrieval storage class)."""
    meter = _S3Meter(resource) if resource.get(AS_S3_CLASS) else _VaultMeter(resource)
    warnings: list[str] = []
    size = _gb(resource, "storage")
    if size:
        meter.storage(size)
    archives = resource.quantity("archives", kind=Kind.COUNT)
    if archives is not None and archives and not size:
        raise resource.error(("archives",), "archives are given but the storage is 0",
                             "give storage: the archives' total size")
    if archives:
        meter.overhead(archives)
    elif size:
        warnings.append("per-archive overhead (32 KB + 8 KB an archive) not included; "
                        "give 'archives'")
    uploads = resource.quantity("uploads", kind=Kind.COUNT_PER_MONTH)
    if uploads:
        meter.uploads(uploads)
    for index, _ in enumerate(resource.get("retrievals", default=[])):
        _retrieval(resource, meter, index, warnings)
    units = resource.get("provisioned_capacity_units", default=0)
    if units:
        meter.records.append(resource.usage(
            "provisioned-capacity", Decimal(units), "unit-month",
            f"Provisioned capacity units ({units})", service=SERVICE))
    _early_deletes(resource, meter, warnings)
    out = resource.quantity("data_transfer_out", kind=Kind.DATA_PER_MONTH)
    if out:
        meter.records.append(resource.usage(
            "internet-out", out / BYTES_PER_GB, "GB", "Data transfer out to the internet",
            service="data-transfer"))
    return ResourceUsage(records=tuple(meter.records), warnings=tuple(warnings))


def comparisons(resource: Resource) -> dict[str, dict[str, Any]]:
    """The same data in the S3 Glacier Flexible Retrieval storage class (``compare:
    false``: none)."""
    if resource.get("compare", default=True) is False:
        return {}
    return {COMPARED: {**resource.config, AS_S3_CLASS: True}}


class _VaultMeter:
    """Meters a vault's usage with the Glacier card (the 8 KB per archive with S3's)."""

    def __init__(self, resource: Resource) -> None:
        self.resource = resource
        self.records: list[Usage] = []

    def add(self, key: str, quantity: Decimal, unit: str, component: str,
            service: str = SERVICE) -> None:
        self.records.append(self.resource.usage(key, quantity, unit, component,
                                                service=service))

    def storage(self, gb: Decimal) -> None:
        self.add("storage", gb, "GB-month", "Vault storage")

    def overhead(self, archives: Decimal) -> None:
        self.add("archive-metadata", archives * ARCHIVE_METADATA_BYTES / BYTES_PER_GB,
                 "GB-month", f"Archive index and metadata (32 KB × {_count(archives)} "
                 "archives, at the Glacier rate)")
        self.add("storage-standard", archives * ARCHIVE_INDEX_BYTES / BYTES_PER_GB,
                 "GB-month", f"Archive names and metadata (8 KB × {_count(archives)} "
                 "archives, at the S3 Standard rate)", service="s3")

    def uploads(self, count: Decimal) -> None:
        self.add("upload-requests", count, "request", "Upload requests")

    def retrieval(self, tier: str, gb: Decimal, requests: Decimal | None) -> None:
        self.add(f"retrieval-{tier}", gb, "GB", f"Data retrieval, {tier}")
        if requests is not None:
            self.add(f"retrieval-requests-{tier}", requests, "request",
                     f"Retrieval requests, {tier}")

    def early_delete(self, gb_months: Decimal, text: str) -> None:
        self.add("early-delete", gb_months, "GB-month", f"Early deletion ({text})")


class _S3Meter(_VaultMeter):
    """The same usage metered as S3 Glacier Flexible Retrieval storage-class usage."""

    slug = CLASSES["GLACIER"].slug

    def add(self, key: str, quantity: Decimal, unit: str, component: str,
            service: str = "s3") -> None:
        self.records.append(self.resource.usage(key, quantity, unit, component,
                                                service="s3"))

    def storage(self, gb: Decimal) -> None:
        self.add(f"storage-{self.slug}", gb, "GB-month", "S3 Glacier Flexible Retrieval storage")

    def overhead(self, archives: Decimal) -> None:
        self.add(f"archive-metadata-{self.slug}",
                 archives * ARCHIVE_METADATA_BYTES / BYTES_PER_GB, "GB-month",
                 "Archive metadata (32 KB an object)")
        self.add("storage-standard", archives * ARCHIVE_INDEX_BYTES / BYTES_PER_GB,
                 "GB-month", "S3 Standard storage (8 KB an object)")

    def uploads(self, count: Decimal) -> None:
        self.add(f"requests-{self.slug}-put", count, "request", "PUT requests")

    def retrieval(self, tier: str, gb: Decimal, requests: Decimal | None) -> None:
        self.add(f"retrieval-{self.slug}-{tier}", gb, "GB", f"Restores, {tier}")
        if requests is not None:
            self.add(f"retrieval-requests-{self.slug}-{tier}", requests, "request",
                     f"Restore requests, {tier}")

    def early_delete(self, gb_months: Decimal, text: str) -> None:
        self.add(f"early-delete-{self.slug}", gb_months, "GB-month",
                 f"Early deletion ({text})")


def _retrieval(resource: Resource, meter: _VaultMeter, index: int,
               warnings: list[str]) -> None:
    where: tuple[str | int, ...] = ("retrievals", index)
    tier = resource.get(*where, "tier", default="standard")
    size = resource.quantity(*where, "size", kind=Kind.DATA_PER_MONTH, default=Decimal(0))
    requests = resource.quantity(*where, "requests", kind=Kind.COUNT_PER_MONTH)
    if requests is None:
        warnings.append(f"retrievals[{index}] {tier}: retrieval requests not included; give "
                        "'requests' (one per archive retrieved)")
    elif requests and not size:
        raise resource.error((*where, "size"), "retrieval requests are given but the size "
                             "is 0", "give size: the data the jobs retrieve")
    meter.retrieval(tier, size / BYTES_PER_GB, requests)


def _early_deletes(resource: Resource, meter: _VaultMeter, warnings: list[str]) -> None:
    """Archives deleted before 90 days: the remaining days, prorated, in GB-months."""
    deleted = resource.quantity("early_deletes", kind=Kind.DATA_PER_MONTH)
    age = resource.quantity("deleted_after", kind=Kind.DURATION)
    if deleted is None:
        if age is not None:
            raise resource.error(("deleted_after",), "deleted_after applies to "
                                 "early_deletes", "add early_deletes: the data deleted "
                                 "before 90 days")
        return
    minimum = Decimal(MIN_DAYS) * SECONDS_PER_DAY
    if age is None:
        warnings.append("early_deletes: no deleted_after, so the archives are taken to be "
                        "deleted right after upload (the full 90 days charged, the most "
                        "it can cost)")
        age = Decimal(0)
    if age >= minimum:
        warnings.append(f"early_deletes: archives deleted after {_count(age / SECONDS_PER_DAY)}"
                        " days have stayed the 90-day minimum; no early-deletion charge")
        return
    if not deleted:
        return
    month = resource.source.month_hours * SECONDS_PER_HOUR
    remaining = minimum - age
    gb = deleted / BYTES_PER_GB
    meter.early_delete(gb * remaining / month,
                       f"{_count(gb)} GB × {_count(remaining / SECONDS_PER_DAY)} days of "
                       f"the 90-day minimum not stayed, in months of "
                       f"{_count(resource.source.month_hours)} h")


def _gb(resource: Resource, key: str) -> Decimal:
    return resource.quantity(key, kind=Kind.DATA, default=Decimal(0)) / BYTES_PER_GB


def _count(value: Decimal) -> str:
    number = Decimal(value).normalize()
    if number == number.to_integral_value():
        return f"{number:,f}"
    return f"{number.quantize(Decimal('0.01')).normalize():,f}"
