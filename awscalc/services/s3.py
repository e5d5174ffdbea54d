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
* LIST requests at the Standard PUT rate whatever the class; lifecycle transitions per object.

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

from awscalc.model import ResourceUsage, Usage
from awscalc.numbers import grouped
from awscalc.services.stream import MonthlyStream, lifecycle_summary, series_costs
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
ARCHIVE_INDEX_LABEL = "Standard storage (incl. 8 KB per archived object)"


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
    meters["intelligent-tiering-monitoring"] = (
        "object-month", "Intelligent-Tiering monitoring and automation")
    meters["requests-list"] = ("request", "LIST requests (at the Standard PUT rate)")
    return meters


METERS = _meters()


def usage(resource: Resource) -> ResourceUsage:
    """Usage records, warnings and lifecycle details for one S3 resource."""
    sink = _Sink(resource)
    for index, entry in enumerate(resource.get("storage", default=[])):
        _storage(resource, sink, index, entry)
    details: dict[str, Any] = {}
    if resource.get("lifecycle") is not None:
        steady, details["lifecycle"] = _lifecycle(resource, sink)
        for key, quantity in steady.items():
            sink.add(key, _dec(quantity))
    for index, entry in enumerate(resource.get("requests", default=[])):
        _requests(resource, sink, index, entry)
    for index, entry in enumerate(resource.get("retrievals", default=[])):
        _retrieval(resource, sink, index, entry)
    if any(r.key.startswith("archive-metadata-") for r in sink.records):
        # The 8 KB per archived object is billed as S3 Standard storage (S3 User Guide,
        # storage-class-intro); say so on the resource's Standard storage line.
        sink.records = [replace(r, component=ARCHIVE_INDEX_LABEL)
                        if r.key == "storage-standard" else r for r in sink.records]
    out = resource.quantity("data_transfer_out", kind=Kind.DATA_PER_MONTH)
    if out is not None:
        sink.records.append(Usage(
            resource=resource.name, service="data-transfer", region=resource.region,
            key="internet-out", quantity=out / BYTES_PER_GB, unit="GB",
            component="Data transfer out to the internet"))
    return ResourceUsage(records=tuple(sink.records), warnings=tuple(sink.warnings),
                         details=details)


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
    """Collects one resource's usage records and warnings."""

    def __init__(self, resource: Resource) -> None:
        self.resource = resource
        self.records: list[Usage] = []
        self.warnings: list[str] = []

    def add(self, key: str, quantity: Decimal) -> None:
        unit, component = METERS[key]
        self.records.append(self.resource.usage(key, quantity, unit, component))


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
    if objects is None:
        sink.warnings.append(f"{label}: monitoring fee not included; give 'objects' or "
                             "'average_object_size'")
    elif not small and objects:
        sink.add("intelligent-tiering-monitoring", objects)


def _requests(resource: Resource, sink: _Sink, index: int, entry: dict[str, Any]) -> None:
    where: tuple[str | int, ...] = ("requests", index)
    cls = storage_class(resource, (*where, "class"))
    for name in ("put", "get"):
        count = resource.quantity(*where, name, kind=Kind.COUNT_PER_MONTH)
        if count is not None:
            sink.add(f"requests-{cls.slug}-{name}", count)
    count = resource.quantity(*where, "list", kind=Kind.COUNT_PER_MONTH)
    if count is not None:
        # LIST requests against any class bill at the S3 Standard PUT rate (AWS S3 pricing).
        sink.add("requests-list", count)


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
    return policy_series[steady_month - 1], details


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
