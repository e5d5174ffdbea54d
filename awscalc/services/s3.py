"""Amazon S3 and S3 Glacier: storage by class, per-object rules, requests, retrievals,
data transfer out, and a month-by-month lifecycle simulation.

The rules that surprise people on a real bill are computed here, each as its own line:

* minimum billable object size — Standard-IA, One Zone-IA and Glacier Instant Retrieval
  bill every object as at least 128 KB;
* per-object archive overhead — Glacier Flexible Retrieval and Deep Archive add 32 KB of
  metadata at the archive rate and 8 KB at the Standard rate for every object;
* minimum storage duration — deleting, overwriting or transitioning an object before 30
  (IA), 90 (Glacier IR, Flexible) or 180 (Deep Archive) days bills the remaining days;
* Intelligent-Tiering monitoring per 1,000 objects of 128 KB or more;
* LIST requests at the Standard PUT rate whatever the class; lifecycle transitions per object;
* Intelligent-Tiering's Archive and Deep Archive Access tiers: 32 KB per object at the
  Glacier Flexible Retrieval / Deep Archive rate plus 8 KB at the S3 Standard rate;
* S3 Express One Zone: per-GB upload and retrieval charges on top of its requests;
* replication: replica storage and replication PUTs at the destination region's rates,
  inter-region transfer at the source region's, Replication Time Control per GB;
  versioning's noncurrent versions as storage;
* SSE-KMS: one KMS request per object PUT, COPY, POST or GET unless S3 Bucket Keys are on
  (then the user's own count: AWS publishes no formula for the reduction).

Volume tiers (Standard and Intelligent-Tiering Frequent Access: 50 TB / 450 TB / over
500 TB) are applied by the rater to the account's aggregate in the region. Data transfer
out to the internet is metered under service ``data-transfer`` so that it shares one tier
ladder and one free allowance with every other service.

Sources: S3 User Guide, "Storage classes" and "Transitioning objects using Lifecycle"
(https://docs.aws.amazon.com/AmazonS3/latest/userguide/storage-class-intro.html,
https://docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-transition-general-considerations.html);
S3 FAQ (https://aws.amazon.com/s3/faqs/). Per-object rules need an object count: give
``objects`` or ``average_object_size``; with an average, every object is taken to be of
the average size.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from fractions import Fraction
from typing import Any

from awscalc.errors import PricingError
from awscalc.model import ResourceUsage, Usage
from awscalc.numbers import grouped
from awscalc.services.stream import MonthlyStream, lifecycle_summary, priced_month, series_costs
from awscalc.services.stream import cumulative as _cumulative
from awscalc.services.stream import shown as _shown
from awscalc.services.stream import to_decimal as _dec
from awscalc.spec import Resource
from awscalc.units import BYTES_PER_GB, Kind

KB = 1024
GB = 2**30
MIN_BILLABLE_BYTES = 128 * KB
ARCHIVE_METADATA_BYTES = 32 * KB  # billed at the archive class's rate
ARCHIVE_INDEX_BYTES = 8 * KB  # billed at the S3 Standard rate
HOURS_PER_DAY = 24
SECONDS_PER_HOUR = 3600
DEFAULT_HORIZON = 36
# Intelligent-Tiering moves an object not accessed for 30 consecutive days to Infrequent
# Access and after 90 days to Archive Instant Access (S3 User Guide,
# intelligent-tiering-overview).
IT_INFREQUENT_AFTER_DAYS = 30
IT_ARCHIVE_INSTANT_AFTER_DAYS = 90
# Lifecycle rules cannot move objects to Standard-IA or One Zone-IA before they are 30 days
# old (S3 User Guide, lifecycle-transition-general-considerations).
IA_TRANSITION_MIN_DAYS = 30
ARCHIVE_INDEX_NOTE = "incl. 8 KB per archived object"
# S3 pricing page: for each object in Intelligent-Tiering's Archive or Deep Archive Access
# tier, "8 KB of storage for the name of the object and other metadata (billed at S3
# Standard storage rates) and 32 KB of storage for index and related metadata (billed at
# S3 Glacier Flexible Retrieval and S3 Glacier Deep Archive storage rates)".
IT_ARCHIVE_TIERS = ("archive", "deep_archive")
# A same-region pair billed below the inter-region rate (Infracost data_transfer_test
# golden, 2024-09-25: "Outbound data transfer to US East regions" from us-east-1 and
# us-east-2 at $0.01/GB; other destinations $0.02/GB).
US_EAST_PAIR = frozenset({"us-east-1", "us-east-2"})
# SSE-KMS: S3 calls AWS KMS (GenerateDataKey on a write, Decrypt on a read) for each
# object operation unless S3 Bucket Keys are on; the reduction Bucket Keys bring ("up to
# 99 percent", S3 User Guide, bucket-key) is not a formula AWS publishes.
ENCRYPTIONS = ("sse_s3", "sse_c", "sse_kms")


@dataclass(frozen=True)
class StorageClass:
    """An S3 storage class and the billing rules attached to it."""

    name: str
    slug: str
    label: str
    rank: int  # position in the lifecycle waterfall; transitions only go to a higher rank
    min_days: int = 0  # minimum storage duration
    min_size: bool = False  # every object billed as at least 128 KB
    archive: bool = False  # 32 KB + 8 KB per-object overhead

    @property
    def storage_key(self) -> str:
        """Rate-card key of this class's storage (Intelligent-Tiering: Frequent Access)."""
        if self.name == "INTELLIGENT_TIERING":
            return "storage-intelligent-tiering-frequent"
        return f"storage-{self.slug}"


CLASSES: dict[str, StorageClass] = {c.name: c for c in (
    StorageClass("STANDARD", "standard", "Standard", 0),
    StorageClass("REDUCED_REDUNDANCY", "rrs", "Reduced Redundancy", -1),
    StorageClass("STANDARD_IA", "standard-ia", "Standard-IA", 1, 30, min_size=True),
    StorageClass("INTELLIGENT_TIERING", "intelligent-tiering", "Intelligent-Tiering", 2),
    StorageClass("ONEZONE_IA", "onezone-ia", "One Zone-IA", 3, 30, min_size=True),
    StorageClass("GLACIER_IR", "glacier-ir", "Glacier Instant Retrieval", 4, 90, min_size=True),
    StorageClass("GLACIER", "glacier", "Glacier Flexible Retrieval", 5, 90, archive=True),
    StorageClass("DEEP_ARCHIVE", "deep-archive", "Glacier Deep Archive", 6, 180, archive=True),
    # Directory buckets only; no lifecycle transitions into or out of it.
    StorageClass("EXPRESS_ONEZONE", "express-onezone", "Express One Zone", -2),
)}
# Names used by the AWS API, consoles and IaC tools where they differ from ours.
ALIASES: dict[str, str] = {
    "GLACIER_FLEXIBLE_RETRIEVAL": "GLACIER",
    "GLACIER_INSTANT_RETRIEVAL": "GLACIER_IR",
    "GLACIER_DEEP_ARCHIVE": "DEEP_ARCHIVE",
}

# Intelligent-Tiering access tiers: spec key → (rate-card key, label)
IT_TIERS: dict[str, tuple[str, str]] = {
    "frequent": ("storage-intelligent-tiering-frequent", "Frequent Access"),
    "infrequent": ("storage-intelligent-tiering-infrequent", "Infrequent Access"),
    "archive_instant": ("storage-intelligent-tiering-archive-instant", "Archive Instant Access"),
    "archive": ("storage-intelligent-tiering-archive", "Archive Access"),
    "deep_archive": ("storage-intelligent-tiering-deep-archive", "Deep Archive Access"),
}

# Retrieval tiers per class: None means the class has a single, untiered retrieval fee.
RETRIEVAL_TIERS: dict[str, tuple[str, ...] | None] = {
    "STANDARD_IA": None,
    "ONEZONE_IA": None,
    "GLACIER_IR": None,
    "GLACIER": ("expedited", "standard", "bulk"),
    "DEEP_ARCHIVE": ("standard", "bulk"),
    # Expedited restores from the Archive Access tier are billed; Standard and Bulk
    # restores are free (S3 pricing page; S3 User Guide, restoring-objects-retrieval-options).
    "INTELLIGENT_TIERING": ("expedited", "standard", "bulk"),
}
# Transfer Acceleration spec key → (rate-card key, label). Billed in addition to data
# transfer (S3 pricing page, "S3 Transfer Acceleration pricing").
ACCELERATION: dict[str, tuple[str, str]] = {
    "in_us_europe_japan": ("transfer-acceleration-in-us-eu-jp",
                           "Transfer Acceleration, data in via US, Europe and Japan edge "
                           "locations"),
    "in_other_edges": ("transfer-acceleration-in-other",
                       "Transfer Acceleration, data in via all other edge locations"),
    "out": ("transfer-acceleration-out", "Transfer Acceleration, data out to the internet"),
    "inter_region": ("transfer-acceleration-inter-region",
                     "Transfer Acceleration, data between S3 and another AWS Region"),
}


def _meters() -> dict[str, tuple[str, str]]:
    """Every S3 usage key this calculator emits → (unit, line label)."""
    meters: dict[str, tuple[str, str]] = {}
    for c in CLASSES.values():
        if c.name != "INTELLIGENT_TIERING":
            meters[c.storage_key] = ("GB-month", f"{c.label} storage")
        meters[f"requests-{c.slug}-put"] = ("request", f"{c.label} PUT, COPY, POST requests")
        meters[f"requests-{c.slug}-get"] = ("request", f"{c.label} GET and other requests")
        if c.min_size:
            meters[f"small-objects-{c.slug}"] = (
                "GB-month", f"{c.label} minimum object size (128 KB) charge")
        if c.archive:
            meters[f"archive-metadata-{c.slug}"] = (
                "GB-month", f"{c.label} archive metadata (32 KB per object)")
        if c.min_days:
            meters[f"early-delete-{c.slug}"] = (
                "GB-month", f"{c.label} early deletion (minimum {c.min_days} days)")
        if c.rank > 0:
            meters[f"transition-{c.slug}"] = ("request", f"Lifecycle transitions to {c.label}")
        tiers = RETRIEVAL_TIERS.get(c.name, ())
        if tiers is None:
            meters[f"retrieval-{c.slug}"] = ("GB", f"{c.label} data retrieval")
        for tier in tiers or ():
            meters[f"retrieval-{c.slug}-{tier}"] = ("GB", f"{c.label} retrieval, {tier}")
            meters[f"retrieval-requests-{c.slug}-{tier}"] = (
                "request", f"{c.label} restore requests, {tier}")
    for key, label in IT_TIERS.values():
        meters[key] = ("GB-month", f"Intelligent-Tiering storage, {label}")
    for tier in IT_ARCHIVE_TIERS:
        meters[_it_metadata_key(tier)] = (
            "GB-month", f"Intelligent-Tiering {IT_TIERS[tier][1]} metadata (32 KB per object)")
    meters["upload-express-onezone"] = ("GB", "Express One Zone data upload")
    meters["retrieval-express-onezone"] = ("GB", "Express One Zone data retrieval")
    for key, label in ACCELERATION.values():
        meters[key] = ("GB", label)
    meters["replication-time-control"] = ("GB", "Replication Time Control data transfer")
    meters["provisioned-capacity"] = (
        "capacity unit-month", "Glacier provisioned capacity units (expedited retrievals)")
    meters["kms-requests"] = ("request", "AWS KMS requests (SSE-KMS)")
    meters["intelligent-tiering-monitoring"] = (
        "object-month", "Intelligent-Tiering monitoring and automation")
    meters["requests-list"] = ("request", "LIST requests (at the Standard PUT rate)")
    return meters


def _it_metadata_key(tier: str) -> str:
    """Rate-card key of the 32 KB per object in an Intelligent-Tiering archive tier."""
    return f"archive-metadata-intelligent-tiering-{tier.replace('_', '-')}"


METERS = _meters()


def usage(resource: Resource) -> ResourceUsage:
    """Usage records, warnings and lifecycle details for one S3 resource."""
    sink = _Sink(resource)
    _directory_bucket(resource)
    for index, entry in enumerate(resource.get("storage", default=[])):
        _storage(resource, sink, index, entry)
    _versioning(resource, sink)
    details: dict[str, Any] = {}
    if resource.get("lifecycle") is not None:
        steady, details["lifecycle"] = _lifecycle(resource, sink)
        for key, quantity in steady.items():
            sink.add(key, _dec(quantity))
    for index, entry in enumerate(resource.get("requests", default=[])):
        _requests(resource, sink, index, entry)
    for index, entry in enumerate(resource.get("retrievals", default=[])):
        _retrieval(resource, sink, index, entry)
    units = resource.quantity("provisioned_capacity_units", kind=Kind.COUNT)
    if units is not None and units != units.to_integral_value():
        raise resource.error(("provisioned_capacity_units",), "provisioned capacity is "
                             "bought in whole units", f"got {grouped(units)}")
    if units:
        sink.add("provisioned-capacity", units)
    _replication(resource, sink)
    _encryption(resource, sink)
    if any(r.key.startswith("archive-metadata-") for r in sink.records):
        # The 8 KB per archived object is billed as S3 Standard storage (S3 User Guide,
        # storage-class-intro); say so on the resource's Standard storage line.
        sink.note("storage-standard", ARCHIVE_INDEX_NOTE)
    out = resource.quantity("data_transfer_out", kind=Kind.DATA_PER_MONTH)
    if out is not None:
        sink.records.append(Usage(
            resource=resource.name, service="data-transfer", region=resource.region,
            key="internet-out", quantity=out / BYTES_PER_GB, unit="GB",
            component="Data transfer out to the internet"))
    _acceleration(resource, sink, out)
    return ResourceUsage(records=tuple(sink.labelled()), warnings=tuple(sink.warnings),
                         details=details)


def priced_usage(resource: Resource, book: Any) -> ResourceUsage:
    """:func:`usage`, with every rate looked up first: a rate missing in a region (a
    replica's destination region included) is an exit-4 error that names the
    ``pricing update`` command where it fetches that rate. No rate is copied from
    another region."""
    result = usage(resource)
    for record in result.records:
        try:
            book.rate(record.service, record.key, record.region, record.dims)
        except PricingError as exc:
            if not exc.message.startswith("no price"):
                raise
            hint = _update_hint(record, exc.hint)
            if record.region != resource.region:
                hint += ("; replicas are priced at the destination region's rates, never "
                         "copied from another region")
            raise PricingError(exc.message, hint) from exc
    return result


def _update_hint(record: Usage, found: str | None) -> str:
    """How to get a missing S3 or data-transfer rate."""
    from awscalc.priceupdate import mappings

    if found and "awscalc pricing update" in found:  # the rate card's hint names it
        return found
    mapping = mappings.S3 if record.service == "s3" else mappings.DATA_TRANSFER
    if record.key in mapping.rules:
        hint = (f"run 'awscalc pricing update --service {record.service} "
                f"--region {record.region}'")
    else:
        hint = (f"'awscalc pricing update' does not fetch '{record.key}' yet "
                f"({mapping.carried.get(record.key, 'no Price List rule')}); add the "
                "region's rate to the rate card or pass --pricing")
    return f"{found}; {hint}" if found else hint


def priced_details(resource: Resource, details: dict[str, Any], book: Any) -> dict[str, Any]:
    """The lifecycle's cost month by month and a compact summary (called after rating)."""
    lifecycle = details.get("lifecycle")
    if not lifecycle:
        return {}
    rows = lifecycle_costs(lifecycle, resource.region, book)
    return lifecycle_summary(rows, lifecycle.get("steady_state_month"), "lifecycle", "S3 Standard")


def comparisons(resource: Resource) -> dict[str, dict[str, Any]]:
    """Alternatives to price next to the resource: its lifecycle stream kept in S3 Standard.

    Priced by the estimate pipeline with the whole spec (shared tiers count), so the
    report says whether the lifecycle policy pays off at the steady-state month.
    """
    lifecycle = resource.get("lifecycle")
    if not lifecycle or (not lifecycle.get("transitions")
                         and lifecycle.get("start_class", "STANDARD") == "STANDARD"):
        return {}
    kept = {k: v for k, v in lifecycle.items() if k not in ("transitions", "start_class")}
    return {"the lifecycle stream kept in S3 Standard": {**resource.config, "lifecycle": kept}}


class _Sink:
    """Collects one resource's usage records, warnings and notes on line labels."""

    def __init__(self, resource: Resource) -> None:
        self.resource = resource
        self.records: list[Usage] = []
        self.warnings: list[str] = []
        self.notes: dict[tuple[str, str], list[str]] = {}  # (region, key) → notes

    def add(self, key: str, quantity: Decimal, *, region: str | None = None,
            component: str | None = None, service: str | None = None) -> None:
        """A record of ``key`` (in ``region``, default the resource's)."""
        unit, label = METERS.get(key, ("GB", "")) if service is None else ("GB", "")
        self.records.append(self.resource.usage(
            key, quantity, unit, component or label, region=region, service=service))

    def note(self, key: str, note: str, region: str | None = None) -> None:
        """Add ``note`` to the label of ``key``'s line in ``region``, e.g. "incl. 2 TB
        noncurrent versions" (the rater shows one line per key and region)."""
        notes = self.notes.setdefault((region or self.resource.region, key), [])
        if note not in notes:
            notes.append(note)

    def labelled(self) -> list[Usage]:
        """The records, with the notes on the labels of their lines."""
        out = []
        for record in self.records:
            notes = self.notes.get((record.region, record.key))
            if notes and record.service == "s3":
                base = METERS[record.key][1]
                record = replace(record, component=f"{base} ({'; '.join(notes)})")
            out.append(record)
        return out


def storage_class(resource: Resource, keys: tuple[str | int, ...]) -> StorageClass:
    """The storage class named at ``keys`` (AWS API aliases accepted)."""
    name = resource.get(*keys)
    return CLASSES[ALIASES.get(name, name)]


def _storage(resource: Resource, sink: _Sink, index: int, entry: dict[str, Any]) -> None:
    where: tuple[str | int, ...] = ("storage", index)
    cls = storage_class(resource, (*where, "class"))
    size = resource.quantity(*where, "size", kind=Kind.DATA, default=Decimal(0))
    size_gb = size / BYTES_PER_GB
    objects = _objects(resource, where, size)
    label = f"storage[{index}] {cls.name}"
    if cls.name == "INTELLIGENT_TIERING":
        _intelligent_tiering(resource, sink, where, size_gb, size, objects, label)
    else:
        if "access_tiers" in entry:
            raise resource.error((*where, "access_tiers"),
                                 "access_tiers applies to INTELLIGENT_TIERING only")
        sink.add(cls.storage_key, size_gb)
    billable_gb = size_gb
    if cls.min_size:
        if objects is None:
            sink.warnings.append(f"{label}: minimum billable object size (128 KB) not checked; "
                                 "give 'objects' or 'average_object_size'")
        elif objects and size < objects * MIN_BILLABLE_BYTES:
            # S3 FAQ: "a 6KB object in S3 Standard-IA will incur S3 Standard-IA storage
            # charges for 6KB and an additional minimum object size fee equivalent to 122KB".
            extra = objects * MIN_BILLABLE_BYTES - size
            sink.add(f"small-objects-{cls.slug}", extra / BYTES_PER_GB)
            billable_gb += extra / BYTES_PER_GB
            average_kb = size / objects / KB
            percent = (extra * 100 / size).quantize(Decimal(1))  # size > 0: see _objects
            sink.warnings.append(
                f"{label}: objects average {grouped(average_kb, 1)} KB, under the 128 KB "
                "minimum billable object size; each is billed as 128 KB, adding "
                f"{grouped(percent)}% to its storage charge")
    if cls.archive:
        if objects is None:
            sink.warnings.append(f"{label}: per-object archive overhead (32 KB + 8 KB) not "
                                 "included; give 'objects' or 'average_object_size'")
        elif objects:
            metadata = objects * ARCHIVE_METADATA_BYTES / BYTES_PER_GB
            sink.add(f"archive-metadata-{cls.slug}", metadata)
            sink.add("storage-standard", objects * ARCHIVE_INDEX_BYTES / BYTES_PER_GB)
            billable_gb += metadata
    lifetime = resource.quantity(*where, "deleted_after", kind=Kind.DURATION)
    if lifetime is not None:
        if lifetime <= 0:
            raise resource.error((*where, "deleted_after"), "must be more than 0 days")
        minimum = Decimal(cls.min_days * HOURS_PER_DAY * SECONDS_PER_HOUR)
        if lifetime < minimum:
            # Stored size S with lifetime L: S/L is deleted per unit of time, each deleted
            # GB billed the (minimum − L) days it did not stay, so the early-deletion charge
            # is S × (minimum − L) / L GB-months, whatever the month's length. S3 User Guide:
            # "If you delete ... before the end of the minimum storage duration period, you
            # are charged for" the whole period.
            sink.add(f"early-delete-{cls.slug}", billable_gb * (minimum - lifetime) / lifetime)


def _objects(resource: Resource, where: tuple[str | int, ...], size: Decimal
             ) -> Decimal | None:
    """The object count of a storage entry, from ``objects`` or ``average_object_size``."""
    objects = resource.quantity(*where, "objects", kind=Kind.COUNT)
    average = resource.quantity(*where, "average_object_size", kind=Kind.DATA)
    if objects is not None and average is not None:
        raise resource.error((*where, "average_object_size"),
                             "give either 'objects' or 'average_object_size', not both")
    if average is not None:
        if average <= 0:
            raise resource.error((*where, "average_object_size"), "must be more than 0 bytes")
        return size / average
    if objects is not None and objects > 0 and size == 0:
        raise resource.error((*where, "size"), "objects are given but the size is 0")
    return objects


def _intelligent_tiering(resource: Resource, sink: _Sink, where: tuple[str | int, ...],
                         size_gb: Decimal, size: Decimal, objects: Decimal | None,
                         label: str) -> None:
    shares: dict[str, Decimal] = {}
    for name in IT_TIERS:
        share = resource.quantity(*where, "access_tiers", name, kind=Kind.PERCENT)
        if share is not None:
            shares[name] = share
    if shares and sum(shares.values()) != 1:
        raise resource.error((*where, "access_tiers"),
                             f"the access tiers add up to {grouped(sum(shares.values()) * 100)}%",
                             "they must add up to 100%")
    small = objects is not None and objects > 0 and size < objects * MIN_BILLABLE_BYTES
    if small or not shares:
        # Objects under 128 KB are not monitored: always Frequent Access, no monitoring
        # fee (S3 User Guide, intelligent-tiering-overview).
        if small and any(name != "frequent" and share for name, share in shares.items()):
            sink.warnings.append(f"{label}: objects average under 128 KB, so they stay in "
                                 "Frequent Access; access_tiers ignored")
        shares = {"frequent": Decimal(1)}
    for name, share in shares.items():
        if share:
            sink.add(IT_TIERS[name][0], size_gb * share)
    archived = [name for name in IT_ARCHIVE_TIERS if shares.get(name)]
    if objects is None:
        overhead = (" and the archive tiers' per-object overhead (32 KB + 8 KB)"
                    if archived else "")
        sink.warnings.append(f"{label}: monitoring fee{overhead} not included; give "
                             "'objects' or 'average_object_size'")
    elif not small and objects:
        sink.add("intelligent-tiering-monitoring", objects)
        for name in archived:
            # Objects are taken to be spread over the tiers as the data is.
            count = objects * shares[name]
            sink.add(_it_metadata_key(name), count * ARCHIVE_METADATA_BYTES / BYTES_PER_GB)
            sink.add("storage-standard", count * ARCHIVE_INDEX_BYTES / BYTES_PER_GB)


def _requests(resource: Resource, sink: _Sink, index: int, entry: dict[str, Any]) -> None:
    where: tuple[str | int, ...] = ("requests", index)
    cls = storage_class(resource, (*where, "class"))
    counts: dict[str, Decimal] = {}
    for name in ("put", "get"):
        count = resource.quantity(*where, name, kind=Kind.COUNT_PER_MONTH)
        if count is not None:
            counts[name] = count
            sink.add(f"requests-{cls.slug}-{name}", count)
    count = resource.quantity(*where, "list", kind=Kind.COUNT_PER_MONTH)
    if count is not None:
        # LIST requests against any class bill at the S3 Standard PUT rate (AWS S3 pricing).
        sink.add("requests-list", count)
    _express_data(resource, sink, where, cls, counts)


def _express_data(resource: Resource, sink: _Sink, where: tuple[str | int, ...],
                  cls: StorageClass, counts: dict[str, Decimal]) -> None:
    """S3 Express One Zone's per-GB upload and retrieval charges, on the whole size of
    each request (AWS's S3 FAQ examples: "10 KB / 1,048,576 x 1,000,000 x $0.0032")."""
    names = ("uploaded", "retrieved", "average_request_size")
    given = [name for name in names if resource.get(*where, name) is not None]
    if cls.name != "EXPRESS_ONEZONE":
        if given:
            raise resource.error((*where, given[0]), f"'{given[0]}' applies to "
                                 "EXPRESS_ONEZONE only", "other classes bill no per-GB "
                                 "upload; retrievals go under 'retrievals'")
        return
    average = resource.quantity(*where, "average_request_size", kind=Kind.DATA)
    for name, key, count_name, what in (
            ("uploaded", "upload-express-onezone", "put", "upload"),
            ("retrieved", "retrieval-express-onezone", "get", "retrieval")):
        size = resource.quantity(*where, name, kind=Kind.DATA_PER_MONTH)
        if size is not None and average is not None:
            raise resource.error((*where, name), f"give either '{name}' or "
                                 "'average_request_size', not both")
        if size is None and average is not None and count_name in counts:
            size = counts[count_name] * average
        if size is not None:
            sink.add(key, size / BYTES_PER_GB)
        elif counts.get(count_name):
            sink.warnings.append(
                f"{_path(where)} EXPRESS_ONEZONE: per-GB data {what} charge not "
                f"included; give '{name}' or 'average_request_size'")


def _path(where: tuple[str | int, ...]) -> str:
    """``requests[0]`` for ``("requests", 0)``."""
    return f"{where[0]}[{where[1]}]"


def _retrieval(resource: Resource, sink: _Sink, index: int, entry: dict[str, Any]) -> None:
    where: tuple[str | int, ...] = ("retrievals", index)
    cls = storage_class(resource, (*where, "class"))
    size = resource.quantity(*where, "size", kind=Kind.DATA_PER_MONTH, default=Decimal(0))
    requests = resource.quantity(*where, "requests", kind=Kind.COUNT_PER_MONTH)
    tiers = RETRIEVAL_TIERS[cls.name]
    tier = entry.get("tier")
    if tiers is None:
        if tier is not None:
            raise resource.error((*where, "tier"), f"{cls.name} has no retrieval tiers",
                                 "tiers apply to GLACIER and DEEP_ARCHIVE")
        if requests is not None:
            raise resource.error((*where, "requests"),
                                 f"{cls.name} bills no restore requests",
                                 "count its GET requests under 'requests'")
        sink.add(f"retrieval-{cls.slug}", size / BYTES_PER_GB)
        return
    tier = tier or "standard"
    if tier not in tiers:
        raise resource.error((*where, "tier"), f"{cls.name} has no '{tier}' retrieval tier",
                             f"expected one of: {', '.join(tiers)}")
    sink.add(f"retrieval-{cls.slug}-{tier}", size / BYTES_PER_GB)
    if requests is None:
        sink.warnings.append(f"retrievals[{index}] {cls.name}: restore requests not included; "
                             "give 'requests' (one per object restored)")
    else:
        sink.add(f"retrieval-requests-{cls.slug}-{tier}", requests)


def _directory_bucket(resource: Resource) -> None:
    """S3 Express One Zone lives in directory buckets, which hold no other class and
    have no versioning, replication, Transfer Acceleration or lifecycle transitions
    (S3 User Guide, s3-express-differences)."""
    lists = ("storage", "requests")
    express = [(name, index) for name in lists
               for index, _ in enumerate(resource.get(name, default=[]))
               if storage_class(resource, (name, index, "class")).name == "EXPRESS_ONEZONE"]
    if not express:
        return
    for name in lists:
        for index, _ in enumerate(resource.get(name, default=[])):
            if storage_class(resource, (name, index, "class")).name != "EXPRESS_ONEZONE":
                raise resource.error((name, index, "class"), "a bucket with EXPRESS_ONEZONE "
                                     "is a directory bucket and holds no other class",
                                     "put the other classes in another resource")
    for key in ("versioning", "replication", "transfer_acceleration", "lifecycle",
                "retrievals"):
        if resource.get(key) is not None:
            raise resource.error((key,), f"'{key}' does not apply to a directory bucket "
                                 "(EXPRESS_ONEZONE)", "put it in another resource")


def _versioning(resource: Resource, sink: _Sink) -> None:
    """Noncurrent versions kept by versioning, stored (and billed) like any object."""
    if resource.get("versioning") is None:
        return
    where = ("versioning",)
    size = resource.quantity(*where, "noncurrent_versions", kind=Kind.DATA)
    cls = (storage_class(resource, (*where, "class")) if resource.get(*where, "class")
           else CLASSES["STANDARD"])
    if size:
        # S3 FAQ: "Normal Amazon S3 rates apply for every version of an object stored or
        # requested"; the class's volume tiers count them with the current versions.
        sink.add(cls.storage_key, size / BYTES_PER_GB)
        sink.note(cls.storage_key, f"incl. {_size(size)} noncurrent versions")
        if cls.min_size or cls.archive:
            sink.warnings.append(f"versioning: per-object rules of {cls.name} (minimum "
                                 "object size, archive overhead) not applied to the "
                                 "noncurrent versions")


def _replication(resource: Resource, sink: _Sink) -> None:
    """Replica storage and replication PUTs in the destination region, inter-region
    transfer and Replication Time Control in the source region.

    S3 pricing page: "you pay the S3 charges for storage in the selected destination S3
    storage classes, for the primary copy, for replication PUT requests ... For CRR, you
    also pay for inter-region Data Transfer OUT from S3 to each destination region ...
    Storage and PUT request pricing for the replicated copy is based on the selected
    destination AWS Regions, while pricing for inter-region data transfers is based on
    the source AWS Region."
    """
    if resource.get("replication") is None:
        return
    where = ("replication",)
    if resource.get("versioning") is None:
        raise resource.error(where, "replication requires versioning on the bucket",
                             "add versioning: {noncurrent_versions: <size>} (S3 User Guide, "
                             "replication-requirements)")
    source, target = resource.region, resource.get(*where, "destination_region")
    cls = storage_class(resource, (*where, "class"))
    replicated = resource.quantity(*where, "replicated", kind=Kind.DATA_PER_MONTH)
    objects = resource.quantity(*where, "replicated_objects", kind=Kind.COUNT_PER_MONTH)
    stored = resource.quantity(*where, "storage", kind=Kind.DATA)
    if stored is None:
        stored = sum((resource.quantity("storage", i, "size", kind=Kind.DATA,
                                        default=Decimal(0))
                      for i, _ in enumerate(resource.get("storage", default=[]))),
                     Decimal(0))
        stored += resource.quantity("versioning", "noncurrent_versions", kind=Kind.DATA,
                                    default=Decimal(0))
        origin = "this bucket's storage and noncurrent versions"
    else:
        origin = "as given"
    within = "incl. " if target == source else ""
    replica = f"{within}replica of {_size(stored)} ({origin}) from {source}"
    if stored:
        key = cls.storage_key
        sink.add(key, stored / BYTES_PER_GB, region=target)
        sink.note(key, replica, target)
        average = replicated / objects if replicated and objects else None
        _replica_object_rules(sink, cls, stored, average, target)
    if objects is None:
        sink.warnings.append("replication: replication PUT requests not included; give "
                             "'replicated_objects' (objects replicated per month)")
    elif objects:
        key = f"requests-{cls.slug}-put"
        sink.add(key, objects, region=target)
        sink.note(key, f"{within}{grouped(objects)} replication PUTs from {source}", target)
    if replicated and target != source:
        key = "inter-region-out-us-east" if {source, target} == US_EAST_PAIR \
            else "inter-region-out"
        sink.add(key, replicated / BYTES_PER_GB, service="data-transfer",
                 component=f"Inter-region data transfer out to {target} (replication, "
                           f"{_size(replicated)})")
    if resource.get(*where, "replication_time_control", default=False):
        sink.add("replication-time-control", (replicated or Decimal(0)) / BYTES_PER_GB)
        sink.warnings.append("replication: Replication Time Control turns on S3 "
                             "Replication Metrics, billed as Amazon CloudWatch custom "
                             "metrics (not included)")
    if any(storage_class(resource, ("storage", i, "class")).min_size
           for i, _ in enumerate(resource.get("storage", default=[]))):
        sink.warnings.append("replication: retrieval fees for replicating objects out of "
                             "infrequent-access classes are not included")


def _replica_object_rules(sink: _Sink, cls: StorageClass, stored: Decimal,
                          average: Decimal | None, region: str) -> None:
    """The destination class's per-object rules, with the replicated objects' average
    size (replicated ÷ replicated_objects) standing for every replica."""
    label = f"replication to {cls.name} in {region}"
    if not (cls.min_size or cls.archive or cls.name == "INTELLIGENT_TIERING"):
        return
    if average is None:
        sink.warnings.append(f"{label}: per-object rules not checked; give 'replicated' "
                             "and 'replicated_objects'")
        return
    objects = stored / average
    if cls.min_size and average < MIN_BILLABLE_BYTES:
        sink.add(f"small-objects-{cls.slug}",
                 objects * (MIN_BILLABLE_BYTES - average) / BYTES_PER_GB, region=region)
    if cls.archive:
        sink.add(f"archive-metadata-{cls.slug}",
                 objects * ARCHIVE_METADATA_BYTES / BYTES_PER_GB, region=region)
        sink.add("storage-standard", objects * ARCHIVE_INDEX_BYTES / BYTES_PER_GB,
                 region=region)
        sink.note("storage-standard", ARCHIVE_INDEX_NOTE, region)
    if cls.name == "INTELLIGENT_TIERING" and average >= MIN_BILLABLE_BYTES:
        sink.add("intelligent-tiering-monitoring", objects, region=region)


def _encryption(resource: Resource, sink: _Sink) -> None:
    """SSE-KMS: the AWS KMS requests S3 makes for the bucket's object operations."""
    encryption = resource.get("encryption", default="sse_s3")
    bucket_key = resource.get("bucket_key")
    given = resource.quantity("kms_requests", kind=Kind.COUNT_PER_MONTH)
    if encryption != "sse_kms":
        for name, value in (("bucket_key", bucket_key), ("kms_requests", given)):
            if value is not None:
                raise resource.error((name,), f"'{name}' applies to encryption: sse_kms "
                                     "only", f"this bucket uses {encryption}")
        return
    if resource.get("replication") is not None:
        sink.warnings.append("encryption: the KMS requests replication makes (decrypting "
                             "in the source, encrypting in the destination region) are not "
                             "included")
    if given is not None:
        which = ("with S3 Bucket Keys, which reduce KMS requests" if bucket_key
                 else "without S3 Bucket Keys")
        sink.add("kms-requests", given,
                 component=f"AWS KMS requests (SSE-KMS {which}: {grouped(given)} as given)")
        return
    if bucket_key:
        raise resource.error(("bucket_key",), "S3 Bucket Keys cut the KMS requests by an "
                             "amount AWS does not publish as a formula (\"up to 99 "
                             "percent\")", "give kms_requests: the KMS requests per month")
    puts = gets = Decimal(0)
    for index, _ in enumerate(resource.get("requests", default=[])):
        puts += resource.quantity("requests", index, "put", kind=Kind.COUNT_PER_MONTH,
                                  default=Decimal(0))
        gets += resource.quantity("requests", index, "get", kind=Kind.COUNT_PER_MONTH,
                                  default=Decimal(0))
    if resource.get("lifecycle") is not None:
        puts += resource.quantity("lifecycle", "objects", kind=Kind.COUNT_PER_MONTH)
    if not puts and not gets:
        sink.warnings.append("encryption: sse_kms but no PUT or GET requests given, so no "
                             "KMS requests counted; give 'requests' or 'kms_requests'")
        return
    # One GenerateDataKey per object written, one Decrypt per object read (S3 User Guide,
    # UsingKMSEncryption); HEAD requests, counted with GETs, are taken as reads too.
    sink.add("kms-requests", puts + gets,
             component=f"AWS KMS requests (SSE-KMS: one per PUT, COPY, POST and GET; "
                       f"{grouped(puts)} writes + {grouped(gets)} reads)")


def _acceleration(resource: Resource, sink: _Sink, out: Decimal | None) -> None:
    """Transfer Acceleration per GB, by direction and edge location."""
    if resource.get("transfer_acceleration") is None:
        return
    for name, (key, _label) in ACCELERATION.items():
        size = resource.quantity("transfer_acceleration", name, kind=Kind.DATA_PER_MONTH)
        if size:
            sink.add(key, size / BYTES_PER_GB)
    accelerated = resource.quantity("transfer_acceleration", "out", kind=Kind.DATA_PER_MONTH)
    if accelerated and (out is None or accelerated > out):
        # "S3 Transfer Acceleration pricing is in addition to Data Transfer pricing."
        sink.warnings.append("transfer_acceleration: accelerated downloads also pay data "
                             "transfer out; include them in 'data_transfer_out'")


def _size(size: Decimal) -> str:
    """A size for a label: '2 TB', '500 GB', '1.5 GB'."""
    gb = size / BYTES_PER_GB
    if gb >= 1024 and gb % 1024 == 0:
        return f"{grouped(gb / 1024)} TB"
    return f"{grouped(gb, 2)} GB"


# --- lifecycle simulation -------------------------------------------------------------


@dataclass(frozen=True)
class _Segment:
    """One stay of a cohort in one class, by age in hours; ``end`` None: never leaves."""

    cls: StorageClass
    start: Fraction
    end: Fraction | None
    to: StorageClass | None  # the next class, or None when the stay ends by expiry


def _lifecycle(resource: Resource, sink: _Sink
               ) -> tuple[dict[str, Fraction], dict[str, Any]]:
    """Simulate the lifecycle stream; return the steady-state month's usage and details."""
    where = ("lifecycle",)
    ingest = Fraction(resource.quantity(*where, "ingest", kind=Kind.DATA_PER_MONTH))
    objects = Fraction(resource.quantity(*where, "objects", kind=Kind.COUNT_PER_MONTH))
    if ingest <= 0 or objects <= 0:
        raise resource.error(where, "ingest and objects must both be more than 0")
    months = int(resource.get(*where, "months", default=DEFAULT_HORIZON))
    month = Fraction(resource.source.month_hours)
    expire = _hours(resource, (*where, "expire_after"))
    start = storage_class(resource, (*where, "start_class")) if resource.get(
        *where, "start_class") else CLASSES["STANDARD"]
    average = ingest / objects
    segments = _segments(resource, sink, start, expire, average)
    stream = _Stream(ingest / GB, objects, average, month, months)
    policy = stream.cohort(segments)
    standard = stream.cohort([_Segment(CLASSES["STANDARD"], Fraction(0), expire, None)])
    policy_series, standard_series = _cumulative(policy), _cumulative(standard)
    steady = expire is not None and expire // month < months
    last = max((j for j, month_usage in enumerate(policy) if any(month_usage.values())),
               default=0)
    steady_month = last + 1 if steady else months
    if expire is None:
        sink.warnings.append("lifecycle: no expire_after, so storage grows every month; "
                             f"the estimate uses month {months}, the end of the horizon")
    elif not steady:
        sink.warnings.append(f"lifecycle: objects live longer than the {months}-month horizon; "
                             f"the estimate uses month {months}, before the steady state")
    details = {
        "start_class": start.name,
        "ingest_gb_per_month": _dec(stream.gb),
        "objects_per_month": _dec(objects),
        "month_hours": _dec(month),
        "months": months,
        "steady_state": steady,
        "steady_state_month": steady_month,
        "assumptions": (
            "each month's ingest arrives at the start of the month; objects are of the "
            "average size; Intelligent-Tiering objects are not accessed after upload"),
        "series": [
            {"month": index + 1, "usage": _shown(policy_series[index]),
             "all_standard_usage": _shown(standard_series[index])}
            for index in range(months)
        ],
        "steady_state_usage": _shown(policy_series[steady_month - 1]),
        "all_standard_steady_state_usage": _shown(standard_series[steady_month - 1]),
    }
    return policy_series[priced_month(resource, steady_month, months) - 1], details


def _hours(resource: Resource, keys: tuple[str | int, ...]) -> Fraction | None:
    seconds = resource.quantity(*keys, kind=Kind.DURATION)
    return None if seconds is None else Fraction(seconds) / SECONDS_PER_HOUR


def _segments(resource: Resource, sink: _Sink, start: StorageClass, expire: Fraction | None,
              average: Fraction) -> list[_Segment]:
    """The classes a cohort passes through, checked against AWS's lifecycle constraints."""
    steps: list[tuple[Fraction, StorageClass]] = []
    for index, _ in enumerate(resource.get("lifecycle", "transitions", default=[])):
        keys = ("lifecycle", "transitions", index)
        after = _hours(resource, (*keys, "after"))
        to = storage_class(resource, (*keys, "to"))
        if to.name in ("ONEZONE_IA", "STANDARD_IA") and after < IA_TRANSITION_MIN_DAYS * 24:
            raise resource.error((*keys, "after"),
                                 f"objects must be at least 30 days old to move to {to.name}",
                                 "AWS rejects such a lifecycle rule")
        steps.append((after, to))
    steps.sort(key=lambda step: step[0])
    current = start
    for index, (after, to) in enumerate(steps):
        if index and after == steps[index - 1][0]:
            raise resource.error(("lifecycle", "transitions"),
                                 "two transitions at the same age")
        # Lifecycle transitions only go down the waterfall, and One Zone-IA cannot move
        # to Glacier Instant Retrieval (S3 User Guide, lifecycle-transition-general-
        # considerations).
        if to.rank <= current.rank or (current.name, to.name) == ("ONEZONE_IA", "GLACIER_IR"):
            raise resource.error(("lifecycle", "transitions"),
                                 f"lifecycle rules cannot move objects from {current.name} "
                                 f"to {to.name}", "transitions only go to colder classes")
        current = to
    if steps and average < MIN_BILLABLE_BYTES:
        # Since September 2024 lifecycle rules by default do not transition objects smaller
        # than 128 KB (S3 User Guide, lifecycle-transition-general-considerations).
        sink.warnings.append("lifecycle: objects average under 128 KB and are not "
                             "transitioned (AWS's default); they stay in "
                             f"{start.name}")
        steps = []
    if expire is not None:
        dropped = [step for step in steps if step[0] >= expire]
        if dropped:
            sink.warnings.append(f"lifecycle: {len(dropped)} transition(s) at or after "
                                 "expire_after never happen")
        steps = [step for step in steps if step[0] < expire]
    segments = []
    begin, cls = Fraction(0), start
    for after, to in steps:
        segments.append(_Segment(cls, begin, after, to))
        begin, cls = after, to
    segments.append(_Segment(cls, begin, expire, None))
    return segments


class _Stream(MonthlyStream):
    """A constant monthly stream of new objects, one cohort per month (the shared
    :class:`awscalc.services.stream.MonthlyStream`)."""

    def __init__(self, gb: Fraction, objects: Fraction, average: Fraction, month: Fraction,
                 months: int) -> None:
        super().__init__(month, months)
        self.gb, self.objects, self.average = gb, objects, average

    def cohort(self, segments: list[_Segment]) -> list[dict[str, Fraction]]:
        """One cohort's usage in each month of its life (index 0: the month it arrives)."""
        usage = self.empty()
        n, gb = self.objects, self.gb
        self.at(usage, f"requests-{segments[0].cls.slug}-put", n, Fraction(0))
        for seg in segments:
            cls, billable = seg.cls, gb
            if cls.name == "INTELLIGENT_TIERING":
                self._intelligent_tiering(usage, seg)
            else:
                self.spread(usage, cls.storage_key, gb, seg.start, seg.end)
            if cls.min_size and self.average < MIN_BILLABLE_BYTES:
                extra = n * (MIN_BILLABLE_BYTES - self.average) / GB
                self.spread(usage, f"small-objects-{cls.slug}", extra, seg.start, seg.end)
                billable += extra
            if cls.archive:
                metadata = n * ARCHIVE_METADATA_BYTES / GB
                self.spread(usage, f"archive-metadata-{cls.slug}", metadata, seg.start,
                             seg.end)
                self.spread(usage, "storage-standard", n * ARCHIVE_INDEX_BYTES / GB,
                             seg.start, seg.end)
                billable += metadata
            if seg.end is None:
                continue
            if seg.to is not None:
                # One transition request per object moved (S3 User Guide, lifecycle).
                self.at(usage, f"transition-{seg.to.slug}", n, seg.end)
            stayed, minimum = seg.end - seg.start, Fraction(cls.min_days * HOURS_PER_DAY)
            if stayed < minimum:
                self.at(usage, f"early-delete-{cls.slug}",
                         billable * (minimum - stayed) / self.month, seg.end)
        return usage

    def _intelligent_tiering(self, usage: list[dict[str, Fraction]], seg: _Segment) -> None:
        if self.average < MIN_BILLABLE_BYTES:
            self.spread(usage, IT_TIERS["frequent"][0], self.gb, seg.start, seg.end)
            return
        self.spread(usage, "intelligent-tiering-monitoring", self.objects, seg.start, seg.end)
        infrequent = seg.start + IT_INFREQUENT_AFTER_DAYS * HOURS_PER_DAY
        archive = seg.start + IT_ARCHIVE_INSTANT_AFTER_DAYS * HOURS_PER_DAY
        stays: tuple[tuple[str, Fraction, Fraction | None], ...] = (
            ("frequent", seg.start, infrequent), ("infrequent", infrequent, archive),
            ("archive_instant", archive, None))
        for tier, low, high in stays:
            end = seg.end if high is None else (high if seg.end is None else min(high, seg.end))
            if seg.end is None or low < seg.end:
                self.spread(usage, IT_TIERS[tier][0], self.gb, low, end)

def lifecycle_costs(details: dict[str, Any], region: str, book: Any) -> list[dict[str, Any]]:
    """Price each month of a lifecycle series (from :func:`usage`'s details) with ``book``.

    The stream is priced on its own (its own tier ladders, no free tier), once with the
    lifecycle policy and once kept in S3 Standard. Returns one row per month:
    ``{"month", "cost", "all_standard_cost", "saving"}``. A hook for the core: calculators
    have no prices, so the estimate pipeline has to call this to show costs per month.
    """
    return series_costs(details, "s3", METERS, region, book, "all_standard")
