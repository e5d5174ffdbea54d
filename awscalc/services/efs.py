"""Amazon EFS: storage by class, AWS's per-file metering, throughput, IA access, lifecycle.

Rules (EFS User Guide and pricing page; trust labels in ../shared/pricing-facts-wave2.md §6):

- storage is billed per average GB-month in each class: Standard, Infrequent Access (IA)
  and Archive on a Regional file system; One Zone and One Zone-IA on a One Zone file
  system, which has no Archive class;
- where ``files`` or ``average_file_size`` are given, each file is metered as AWS meters
  it: **2 KiB of metadata** (for its inode), billed in Standard whatever the file's class
  ("file metadata … is always stored in Standard", lifecycle-management-efs), and its
  data **rounded up to the next 4 KiB** (https://docs.aws.amazon.com/efs/latest/ug/
  metered-sizes.html); in IA and Archive a file is billed as **at least 128 KiB** (a
  third-party source: the report warns when the minimum raises the bill);
- Archive has a **90-day minimum storage duration** (from recall: its card key is
  unverified): data deleted or moved out earlier bills the remaining days;
- Archive requires Elastic throughput (PutLifecycleConfiguration API reference);
- IA data of a Regional file system with **Elastic** throughput is billed under its own
  usage type, ``<region>-IATimedStorage-ET-ByteHrs`` (EFS User Guide, billing and usage
  reports), at a lower rate than IA under Bursting or Provisioned throughput (key
  ``ia-storage-elastic``); One Zone-IA has one rate whatever the throughput mode;
- throughput: **Elastic** bills each GB read and written (as AWS meters them: data in
  1 KiB increments after the first 32 KiB per operation, metadata after the first 4 KiB
  — give the metered figures); **Provisioned** bills each MB/s-month above the baseline
  that Bursting includes with the Standard storage, 50 KiB/s per GiB (the "above the
  baseline" part is from a re:Post answer and recall; the report says so); **Bursting**
  has no throughput charge;
- IA (and One Zone-IA) data access bills each GB read and written; data moved into IA
  by lifecycle management is billed as IA writes (the issue's "tiering data-access
  charges"). Archive reads and tiering into Archive are not priced: no source was found.

``lifecycle`` simulates a constant stream of new files month by month with the machinery
the S3 lifecycle simulation uses (:mod:`awscalc.services.stream`): files are written to
Standard, never read again, moved to IA after ``to_ia`` and to Archive after
``to_archive``, deleted after ``delete_after``; the steady-state month is priced and
compared with keeping the stream in Standard.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import ROUND_CEILING, Decimal
from fractions import Fraction
from typing import Any

from awscalc.model import ResourceUsage, Usage
from awscalc.services.stream import (
    MonthlyStream,
    cumulative,
    last_active_month,
    lifecycle_summary,
    priced_month,
    series_costs,
    shown,
)
from awscalc.spec import Resource
from awscalc.units import Kind

SERVICE = "efs"
KIB = 1024
GIB = 2**30
METADATA_BYTES = 2 * KIB  # per file, billed in Standard (metered-sizes.html)
BLOCK_BYTES = 4 * KIB  # data is metered in 4 KiB increments
MIN_BILLABLE_BYTES = 128 * KIB  # per file in IA and Archive (third party: Vantage, 2024)
ARCHIVE_MIN_DAYS = 90  # recall
BASELINE_KIB_PER_GIB = 50  # Bursting baseline: 50 KiB/s per GiB of Standard storage
HOURS_PER_DAY = 24
SECONDS_PER_HOUR = 3600
DEFAULT_HORIZON = 36
# Transition ages AWS's LifecyclePolicy accepts (API_LifecyclePolicy: AFTER_1_DAY …
# AFTER_365_DAYS, for both TransitionToIA and TransitionToArchive).
TRANSITION_DAYS = (1, 7, 14, 30, 60, 90, 180, 270, 365)
MIN_SIZE_WARNING = ("files under 128 KiB in IA and Archive are billed as 128 KiB (a "
                    "third-party source, Vantage, January 2024; no AWS page seen)")
PROVISIONED_WARNING = ("provisioned throughput: only the part above the 50 KiB/s per GiB "
                       "of Standard storage that Bursting includes is billed (a re:Post "
                       "answer and recall; no AWS page seen)")


@dataclass(frozen=True)
class StorageClass:
    """One EFS storage class as a spec key names it, and how it is billed."""

    name: str  # spec key under storage: / files:
    regional: str  # rate-card key on a Regional file system
    one_zone: str | None  # rate-card key on a One Zone file system (None: not offered)
    label: str
    one_zone_label: str | None
    min_size: bool  # 128 KiB minimum billable file size
    # rate-card key on a Regional file system with Elastic throughput, where AWS bills
    # the class under its own usage type (None: the regional key whatever the mode)
    elastic: str | None = None

    def key(self, one_zone: bool, elastic: bool = False) -> str | None:
        """The rate-card key of this class's storage on a One Zone or Regional file
        system, the latter with Elastic throughput or not (None: not on such a file
        system)."""
        if one_zone:
            return self.one_zone
        return (self.elastic or self.regional) if elastic else self.regional

    def title(self, one_zone: bool) -> str:
        """The class's name as the report shows it."""
        return (self.one_zone_label or self.label) if one_zone else self.label


CLASSES: dict[str, StorageClass] = {c.name: c for c in (
    StorageClass("standard", "standard-storage", "one-zone-storage", "Standard", "One Zone",
                 False),
    # IA under Elastic throughput: usage type IATimedStorage-ET-ByteHrs, its own rate.
    StorageClass("infrequent_access", "ia-storage", "one-zone-ia-storage",
                 "Infrequent Access", "One Zone-IA", True, elastic="ia-storage-elastic"),
    StorageClass("archive", "archive-storage", None, "Archive", None, True),
)}

METERS: dict[str, tuple[str, str]] = {
    "standard-storage": ("GB-month", "Standard storage"),
    "ia-storage": ("GB-month", "Infrequent Access storage"),
    "ia-storage-elastic": ("GB-month", "Infrequent Access storage (Elastic throughput rate)"),
    "archive-storage": ("GB-month", "Archive storage"),
    "archive-early-delete": ("GB-month", "Archive early deletion (minimum 90 days)"),
    "one-zone-storage": ("GB-month", "One Zone storage"),
    "one-zone-ia-storage": ("GB-month", "One Zone-IA storage"),
    "ia-read": ("GB", "Infrequent Access reads"),
    "ia-write": ("GB", "Infrequent Access writes (incl. tiering into IA)"),
    "elastic-read": ("GB", "Elastic throughput reads"),
    "elastic-write": ("GB", "Elastic throughput writes"),
    "provisioned-throughput": ("MB/s-month", "Provisioned throughput above the bursting "
                                             "baseline"),
}


def usage(resource: Resource) -> ResourceUsage:
    """Usage records, warnings and lifecycle details for one EFS file system."""
    one_zone = bool(resource.get("one_zone", default=False))
    mode = resource.get("throughput", "mode", default="bursting")
    records: list[Usage] = []
    warnings: list[str] = []
    for cls in CLASSES.values():
        records += _class_storage(resource, cls, one_zone, mode, warnings)
    records += _archive_deletes(resource, one_zone)
    details: dict[str, Any] = {}
    if resource.get("lifecycle") is not None:
        steady, details["lifecycle"], notes = _lifecycle(resource, one_zone, mode)
        warnings += notes
        metadata = " incl. 2 KiB metadata per file" if resource.get(
            "lifecycle", "files") is not None else ""
        for key, quantity in steady.items():
            detail = "lifecycle stream, steady state"
            if key in ("standard-storage", "one-zone-storage"):
                detail += metadata
            records.append(_record(resource, key, quantity, detail))
    records += _throughput(resource, mode, records, warnings)
    for direction, key in (("reads", "ia-read"), ("writes", "ia-write")):
        amount = resource.quantity("ia_access", direction, kind=Kind.DATA_PER_MONTH)
        if amount:
            records.append(_record(resource, key, amount / GIB,
                                   f"{_number(amount / GIB)} GB as given"))
    if MIN_SIZE_WARNING in warnings:  # once, last
        warnings = [w for w in warnings if w != MIN_SIZE_WARNING] + [MIN_SIZE_WARNING]
    return ResourceUsage(records=_merged(records), warnings=tuple(warnings), details=details)


def priced_details(resource: Resource, details: dict[str, Any], book: Any) -> dict[str, Any]:
    """The lifecycle stream's cost month by month and a summary (called after rating)."""
    lifecycle = details.get("lifecycle")
    if not lifecycle:
        return {}
    rows = series_costs(lifecycle, SERVICE, METERS, resource.region, book, "all_standard")
    return lifecycle_summary(rows, lifecycle["steady_state_month"], "EFS lifecycle", "Standard")


def comparisons(resource: Resource) -> dict[str, dict[str, Any]]:
    """The lifecycle stream kept in Standard, priced next to the resource."""
    lifecycle = resource.get("lifecycle")
    if not lifecycle or not (lifecycle.get("to_ia") or lifecycle.get("to_archive")):
        return {}
    kept = {k: v for k, v in lifecycle.items() if k not in ("to_ia", "to_archive")}
    return {"the lifecycle stream kept in Standard": {**resource.config, "lifecycle": kept}}


# --- storage and per-file metering ---------------------------------------------------


def _class_storage(resource: Resource, cls: StorageClass, one_zone: bool, mode: str,
                   warnings: list[str]) -> list[Usage]:
    """The storage line(s) of one class: data (metered per file when files are known) and
    the files' metadata, which is billed in Standard."""
    size = resource.quantity("storage", cls.name, kind=Kind.DATA)
    files = resource.quantity("files", cls.name, kind=Kind.COUNT)
    if files is not None and not size:
        raise resource.error(("files", cls.name), f"files given for {cls.name} but no "
                             f"storage.{cls.name}", "give the class's size under storage")
    if not size:
        return []
    key = cls.key(one_zone, mode == "elastic")
    if key is None:
        raise resource.error(("storage", cls.name), "One Zone file systems have no Archive "
                             "storage class", "use one_zone: false for Archive")
    if cls.name == "archive" and mode != "elastic":
        raise resource.error(("storage", cls.name), "Archive storage requires Elastic "
                             "throughput", "throughput: {mode: elastic}")
    title = cls.title(one_zone)
    average = _average(resource, cls, size, files)
    if average is None:
        return [_record(resource, key, size / GIB, f"{_number(size / GIB)} GB as given")]
    count = size / average
    per_file = _billed_file_bytes(average, cls.min_size)
    if cls.min_size and _ceil_block(average) < MIN_BILLABLE_BYTES:
        warnings.append(MIN_SIZE_WARNING)
    rule = "128 KiB minimum, 4 KiB increments" if per_file == MIN_BILLABLE_BYTES and \
        cls.min_size else "4 KiB increments"
    metadata_key = CLASSES["standard"].key(one_zone)
    assert metadata_key is not None
    return [
        _record(resource, key, count * per_file / GIB,
                f"{_number(count)} files of {_kib(average)} KiB billed as "
                f"{_kib(per_file)} KiB each: {rule}"),
        _record(resource, metadata_key, count * METADATA_BYTES / GIB,
                f"2 KiB metadata × {_number(count)} {title} files"),
    ]


def _average(resource: Resource, cls: StorageClass, size: Decimal,
             files: Decimal | None) -> Decimal | None:
    """The average file size in ``cls`` in bytes (None: no per-file metering)."""
    if files is not None:
        if files <= 0:
            raise resource.error(("files", cls.name), "files must be more than 0")
        return size / files
    average = resource.quantity("average_file_size", kind=Kind.DATA)
    if average is not None and average <= 0:
        raise resource.error(("average_file_size",), "average_file_size must be more than 0")
    return average


def _ceil_block(size: Decimal) -> Decimal:
    """``size`` bytes rounded up to the next 4 KiB increment (at least one increment)."""
    blocks = (size / BLOCK_BYTES).to_integral_value(rounding=ROUND_CEILING)
    return max(blocks, Decimal(1)) * BLOCK_BYTES


def _billed_file_bytes(size: Decimal, min_size: bool) -> Decimal:
    """The billed data size of one file of ``size`` bytes (metadata apart)."""
    billed = _ceil_block(size)
    return max(billed, Decimal(MIN_BILLABLE_BYTES)) if min_size else billed


def _archive_deletes(resource: Resource, one_zone: bool) -> list[Usage]:
    """Archive data removed before the 90-day minimum: the remaining days, billed."""
    if resource.get("archive_deletes") is None:
        return []
    if one_zone:
        raise resource.error(("archive_deletes",), "One Zone file systems have no Archive "
                             "storage class")
    size = resource.quantity("archive_deletes", "size", kind=Kind.DATA_PER_MONTH)
    age = resource.quantity("archive_deletes", "age", kind=Kind.DURATION)
    minimum = Decimal(ARCHIVE_MIN_DAYS * HOURS_PER_DAY * SECONDS_PER_HOUR)
    if not size or age >= minimum:
        return []
    month = resource.source.month_hours * SECONDS_PER_HOUR
    days = (minimum - age) / (HOURS_PER_DAY * SECONDS_PER_HOUR)
    return [_record(resource, "archive-early-delete", size / GIB * (minimum - age) / month,
                    f"{_number(size / GIB)} GB × the {_number(days)} days left of "
                    "the 90-day minimum")]


# --- throughput ----------------------------------------------------------------------


def _throughput(resource: Resource, mode: str, records: list[Usage],
                warnings: list[str]) -> list[Usage]:
    where = ("throughput",)
    given = {key for key in ("reads", "writes", "provisioned")
             if resource.get(*where, key) is not None}
    allowed = {"elastic": {"reads", "writes"}, "provisioned": {"provisioned"},
               "bursting": set()}[mode]
    for key in sorted(given - allowed):
        raise resource.error((*where, key), f"'{key}' does not apply to {mode} throughput",
                             "reads/writes: elastic; provisioned: provisioned")
    if mode == "elastic":
        out = []
        for direction, key in (("reads", "elastic-read"), ("writes", "elastic-write")):
            amount = resource.quantity(*where, direction, kind=Kind.DATA_PER_MONTH)
            if amount:
                out.append(_record(resource, key, amount / GIB))
        return out
    if mode == "provisioned":
        if "provisioned" not in given:
            raise resource.error(where, "provisioned throughput needs 'provisioned'",
                                 "e.g. provisioned: 100 MB/s")
        rate = resource.quantity(*where, "provisioned", kind=Kind.BITRATE) / 2**20
        standard_gib = sum((r.quantity for r in records
                            if r.key in ("standard-storage", "one-zone-storage")), Decimal(0))
        baseline = standard_gib * BASELINE_KIB_PER_GIB / KIB  # MiB/s
        warnings.append(PROVISIONED_WARNING)
        above = max(rate - baseline, Decimal(0))
        return [_record(resource, "provisioned-throughput", above,
                        f"{_number(rate)} MB/s − "
                        f"{_number(baseline.quantize(Decimal('0.01')))} MB/s baseline of "
                        f"{_number(standard_gib.quantize(Decimal('0.01')))} GB Standard")]
    return []


# --- lifecycle simulation ------------------------------------------------------------


def _lifecycle(resource: Resource, one_zone: bool, mode: str
               ) -> tuple[dict[str, Decimal], dict[str, Any], list[str]]:
    """Simulate the stream; return the steady-state month's usage, details and warnings."""
    where = ("lifecycle",)
    ingest = resource.quantity(*where, "ingest", kind=Kind.DATA_PER_MONTH)
    if ingest is None or ingest <= 0:
        raise resource.error((*where, "ingest"), "ingest must be more than 0")
    files = resource.quantity(*where, "files", kind=Kind.COUNT_PER_MONTH)
    if files is not None and files <= 0:
        raise resource.error((*where, "files"), "files must be more than 0")
    to_ia = _transition(resource, "to_ia")
    to_archive = _transition(resource, "to_archive")
    if to_archive is not None:
        if one_zone:
            raise resource.error((*where, "to_archive"), "One Zone file systems have no "
                                 "Archive storage class")
        if mode != "elastic":
            raise resource.error((*where, "to_archive"), "Archive storage requires Elastic "
                                 "throughput", "throughput: {mode: elastic}")
        if to_ia is not None and to_archive <= to_ia:
            # PutLifecycleConfiguration: TransitionToArchive must be later than
            # TransitionToIA.
            raise resource.error((*where, "to_archive"), "to_archive must be later than "
                                 "to_ia", "AWS rejects such a lifecycle policy")
    delete = resource.quantity(*where, "delete_after", kind=Kind.DURATION)
    expire = None if delete is None else Fraction(delete) / SECONDS_PER_HOUR
    if expire is not None and expire <= 0:
        raise resource.error((*where, "delete_after"), "delete_after must be more than 0")
    months = int(resource.get(*where, "months", default=DEFAULT_HORIZON))
    month = Fraction(resource.source.month_hours)
    stream = MonthlyStream(month, months)
    warnings: list[str] = []
    gib = Fraction(ingest) / GIB
    average = None if files is None else Fraction(ingest) / Fraction(files)
    if average is not None and _ceil_block(_dec_of(average)) < MIN_BILLABLE_BYTES and (
            to_ia is not None or to_archive is not None):
        warnings.append(MIN_SIZE_WARNING)
    stays = _stays(to_ia, to_archive, expire, warnings)
    elastic = mode == "elastic"
    policy = _cohort(stream, stays, gib, files, average, expire, one_zone, elastic)
    kept = _cohort(stream, [("standard", Fraction(0), expire)], gib, files, average,
                   expire, one_zone, elastic)
    policy_series, kept_series = cumulative(policy), cumulative(kept)
    steady = expire is not None and expire // month < months
    steady_month = last_active_month(policy) if steady else months
    if expire is None:
        warnings.append("lifecycle: no delete_after, so storage grows every month; the "
                        f"estimate uses month {months}, the end of the horizon")
    elif not steady:
        warnings.append(f"lifecycle: files live longer than the {months}-month horizon; "
                        f"the estimate uses month {months}, before the steady state")
    details = {
        "ingest_gb_per_month": _dec_of(gib),
        "files_per_month": None if files is None else files,
        "month_hours": _dec_of(month),
        "months": months,
        "steady_state": steady,
        "steady_state_month": steady_month,
        "assumptions": ("each month's files are written at the start of the month to "
                        "Standard and never read again, so they move at to_ia / to_archive "
                        "after being written; files are of the average size"),
        "series": [{"month": j + 1, "usage": shown(policy_series[j]),
                    "all_standard_usage": shown(kept_series[j])} for j in range(months)],
        "steady_state_usage": shown(policy_series[steady_month - 1]),
        "all_standard_steady_state_usage": shown(kept_series[steady_month - 1]),
    }
    priced = priced_month(resource, steady_month, months)
    steady_usage = {key: _dec_of(value) for key, value in
                    policy_series[priced - 1].items() if value}
    return steady_usage, details, warnings


def _transition(resource: Resource, key: str) -> Fraction | None:
    """A lifecycle transition age in hours, checked against AWS's allowed values."""
    seconds = resource.quantity("lifecycle", key, kind=Kind.DURATION)
    if seconds is None:
        return None
    days = seconds / (HOURS_PER_DAY * SECONDS_PER_HOUR)
    if days not in TRANSITION_DAYS:
        raise resource.error(("lifecycle", key), f"EFS lifecycle policies transition after "
                             f"1, 7, 14, 30, 60, 90, 180, 270 or 365 days, not "
                             f"{_number(days.quantize(Decimal('0.01')))}",
                             "e.g. 30 days")
    return Fraction(int(days) * HOURS_PER_DAY)


Stay = tuple[str, Fraction, Fraction | None]  # class name, from age, to age (hours)


def _stays(to_ia: Fraction | None, to_archive: Fraction | None, expire: Fraction | None,
           warnings: list[str]) -> list[Stay]:
    """The classes a cohort passes through, by age."""
    steps = [(age, name) for age, name in ((to_ia, "infrequent_access"),
                                           (to_archive, "archive")) if age is not None]
    if expire is not None:
        dropped = [step for step in steps if step[0] >= expire]
        if dropped:
            warnings.append(f"lifecycle: {len(dropped)} transition(s) at or after "
                            "delete_after never happen")
        steps = [step for step in steps if step[0] < expire]
    stays: list[Stay] = []
    begin, current = Fraction(0), "standard"
    for age, name in steps:
        stays.append((current, begin, age))
        begin, current = age, name
    stays.append((current, begin, expire))
    return stays


def _cohort(stream: MonthlyStream, stays: list[Stay], gib: Fraction,
            files: Decimal | None, average: Fraction | None, expire: Fraction | None,
            one_zone: bool, elastic: bool) -> list[dict[str, Fraction]]:
    """One month's files through their stays: storage per class (metered per file when
    files are known; IA at its Elastic-throughput key when ``elastic``), metadata in
    Standard, tiering into IA, Archive's minimum."""
    usage = stream.empty()
    moved = gib  # the data lifecycle management moves, as metered in 4 KiB increments
    if average is not None and files is not None:
        moved = Fraction(files) * Fraction(_ceil_block(_dec_of(average))) / GIB
    for name, start, end in stays:
        cls = CLASSES[name]
        key = cls.key(one_zone, elastic)
        assert key is not None
        billed = gib
        if average is not None and files is not None:
            per_file = Fraction(_billed_file_bytes(_dec_of(average), cls.min_size))
            billed = Fraction(files) * per_file / GIB
        stream.spread(usage, key, billed, start, end)
        if name == "infrequent_access":
            # Data moved into IA by lifecycle management: billed as IA writes (tiering).
            stream.at(usage, "ia-write", moved, start)
        if name == "archive" and end is not None:
            minimum = Fraction(ARCHIVE_MIN_DAYS * HOURS_PER_DAY)
            if end - start < minimum:
                stream.at(usage, "archive-early-delete",
                          billed * (minimum - (end - start)) / stream.month, end)
    if files is not None:
        metadata_key = CLASSES["standard"].key(one_zone)
        assert metadata_key is not None
        stream.spread(usage, metadata_key, Fraction(files) * METADATA_BYTES / GIB,
                      Fraction(0), expire)
    return usage


# --- helpers -------------------------------------------------------------------------


def _record(resource: Resource, key: str, quantity: Decimal, detail: str | None = None
            ) -> Usage:
    """A usage record; ``detail`` (how the quantity was metered) is joined to the meter's
    label by :func:`_merged`."""
    return resource.usage(key, quantity, METERS[key][0], detail or "", service=SERVICE)


def _merged(records: list[Usage]) -> tuple[Usage, ...]:
    """One record per rate-card key (the report shows one line per key and resource),
    its component the meter's label with every part's detail, so that the formula says
    how the quantity was metered."""
    by_key: dict[str, list[Usage]] = {}
    for record in records:
        by_key.setdefault(record.key, []).append(record)
    merged = []
    for key, parts in by_key.items():
        details = [p.component for p in parts if p.component]
        if len(parts) == 1 and details and details[0].endswith(" as given"):
            details = []
        label = METERS[key][1] + (f" ({'; '.join(details)})" if details else "")
        merged.append(replace(parts[0], quantity=sum((p.quantity for p in parts), Decimal(0)),
                              component=label))
    return tuple(merged)


def _dec_of(value: Fraction) -> Decimal:
    return Decimal(value.numerator) / Decimal(value.denominator)


def _kib(size: Decimal) -> str:
    return _number((size / KIB).quantize(Decimal("0.01")))


def _number(value: object) -> str:
    """A figure for a component label: grouped, at most two decimals."""
    number = Decimal(str(value)).quantize(Decimal("0.01"))
    text = f"{number:,f}"
    return text.rstrip("0").rstrip(".") if "." in text else text
