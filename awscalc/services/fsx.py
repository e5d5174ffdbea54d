"""Amazon FSx: Windows File Server, Lustre, NetApp ONTAP and OpenZFS file systems.

Every rate is a catalog rate (:mod:`awscalc.catalog`, ``pricing/sources/fsx.yaml``) found
by file system, deployment and storage type; trust labels in pricing-facts-wave2 §7. Rules:

- **Provisioned, prorated by the second**: "pricing is quoted on a monthly basis, your
  usage is prorated by the second, and you are billed for your average usage over a
  month" (https://aws.amazon.com/fsx/lustre/pricing/). Storage capacity, throughput
  capacity and SSD IOPS are billed for what is *provisioned*, whatever is stored; a file
  system that runs part of the month gives ``hours`` (default: the whole month).
- **Sizes are GiB**: the FSx API sizes storage in GiB (awscalc's GB is 2^30 bytes too), in
  whole GiB, within each file system's limits (CreateFileSystem ``StorageCapacity``,
  https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/fsx/aws.sdk.kotlin.services.fsx.
  model/-create-file-system-request/storage-capacity.html): Windows SSD 32–65,536 GiB,
  HDD 2,000–65,536 GiB; Lustre SSD (scratch is SCRATCH_2, persistent) 1,200 GiB,
  2,400 GiB, then multiples of 2,400 GiB; Lustre persistent HDD multiples of 6,000 GiB at
  12 MB/s/TiB and of 1,800 GiB at 40 MB/s/TiB; ONTAP at least 1,024 GiB (per HA pair;
  the facts' third-party table says the same); OpenZFS 64–524,288 GiB. A size outside
  them is an error, not a bill.
- **Windows**: storage (SSD or HDD), throughput capacity per MB/s-month, backups. AWS's
  pricing examples assume savings from data deduplication; awscalc shows a saving only
  when the spec states ``deduplication_ratio`` (storage then needs size × (1 − ratio),
  rounded up to whole GiB and at least the minimum size), and otherwise says in the
  formula that none was applied.
- **Lustre**: one storage rate per deployment, storage type and throughput per TiB
  (throughput is included; persistent SSD at 50/100/200 MB/s/TiB is Persistent 1, at
  125/250/500/1000 Persistent 2; HDD at 12 or 40 is Persistent 1). The whole Lustre
  table is from recall (unverified).
- **ONTAP and OpenZFS**: SSD storage, throughput capacity, and SSD IOPS provisioned above
  the **3 IOPS per GB** included (ONTAP User Guide, *File system storage capacity and
  IOPS*); ONTAP also bills capacity pool storage per GB-month and capacity pool read and
  write requests (per 1,000). ONTAP needs at least 128 MB/s of throughput (a third-party
  table, pricing-facts-wave2 §7).
- **Backups** are billed per GB-month of backup storage consumed (incremental), as given.

A rate that does not ship (ONTAP Multi-AZ throughput, any backup rate but Windows
Multi-AZ, every region but the few priced) is an exit-4 error naming file system,
deployment, storage type and region. ``awscalc pricing update --service fsx --region R``
builds the Windows and OpenZFS Single-AZ rows from the AmazonFSx offer (third-party
selections, unverified; :mod:`awscalc.priceupdate.fsx`) and keeps the other rows as shipped.
"""

from __future__ import annotations

from decimal import ROUND_CEILING, Decimal
from typing import Any

from awscalc.model import ResourceUsage, Usage
from awscalc.services.ratecheck import require_rates
from awscalc.spec import Resource
from awscalc.units import BYTES_PER_GB, SECONDS_PER_HOUR, Kind

SERVICE = "fsx"
TITLE = "FSx"
FILE_SYSTEMS = {"windows": "Windows File Server", "lustre": "Lustre",
                "ontap": "NetApp ONTAP", "openzfs": "OpenZFS"}
DEPLOYMENTS = {"single_az": "Single-AZ", "multi_az": "Multi-AZ", "scratch": "Scratch",
               "persistent": "Persistent"}
STORAGE_TYPES = {"windows": ("ssd", "hdd"), "lustre": ("ssd", "hdd"), "ontap": ("ssd",),
                 "openzfs": ("ssd",)}
# The spec keys each file system takes beyond file_system, deployment, storage, hours
# and backups.
KEYS = {
    "windows": ("throughput", "deduplication_ratio"),
    "lustre": ("throughput_per_tib",),
    "ontap": ("throughput", "iops", "capacity_pool", "capacity_pool_requests"),
    "openzfs": ("throughput", "iops"),
}
OPTIONAL = ("throughput", "deduplication_ratio", "throughput_per_tib", "iops",
            "capacity_pool", "capacity_pool_requests")
# Lustre persistent throughput tiers (MB/s per TiB) → deployment type (pricing-facts §7).
LUSTRE_TIERS = {
    ("ssd", 50): "persistent_1", ("ssd", 100): "persistent_1", ("ssd", 200): "persistent_1",
    ("ssd", 125): "persistent_2", ("ssd", 250): "persistent_2", ("ssd", 500): "persistent_2",
    ("ssd", 1000): "persistent_2", ("hdd", 12): "persistent_1", ("hdd", 40): "persistent_1",
}
# CreateFileSystem StorageCapacity (GiB), see the module docstring.
SIZE_RANGES = {("windows", "ssd"): (32, 65_536), ("windows", "hdd"): (2_000, 65_536),
               ("ontap", "ssd"): (1_024, None), ("openzfs", "ssd"): (64, 524_288)}
LUSTRE_SSD_STEP = 2_400
LUSTRE_HDD_STEPS = {12: 6_000, 40: 1_800}
INCLUDED_IOPS_PER_GB = 3  # ONTAP and OpenZFS SSD
ONTAP_MIN_THROUGHPUT = 128  # MB/s (third party, pricing-facts-wave2 §7)
MIB = Decimal(2**20)
NO_DEDUP = ("no deduplication saving applied: AWS's pricing examples assume one; give "
            "deduplication_ratio to show it")


def usage(resource: Resource) -> ResourceUsage:
    """Usage records and warnings for one FSx file system."""
    system: str = resource.get("file_system")
    _check_keys(resource, system)
    share = _share_of_month(resource)
    warnings: list[str] = []
    storage_type = resource.get("storage", "type", default="ssd")
    if storage_type not in STORAGE_TYPES[system]:
        raise resource.error(("storage", "type"), f"{FILE_SYSTEMS[system]} file systems have "
                             f"no {storage_type.upper()} storage",
                             f"use type: {' or '.join(STORAGE_TYPES[system])}")
    if system == "lustre":
        records = [_lustre_storage(resource, storage_type, share)]
    else:
        _check_az_deployment(resource, system)
        gib, text = _provisioned_gib(resource, system, storage_type)
        records = [_storage(resource, system, storage_type, gib, text, share),
                   _throughput(resource, system, share)]
        records += _iops(resource, system, gib, share, warnings)
        records += _capacity_pool(resource)
    records += _backups(resource, system)
    return ResourceUsage(records=tuple(records), warnings=tuple(warnings))


def priced_usage(resource: Resource, book: Any) -> ResourceUsage:
    """:func:`usage`, with every rate looked up first, so that a missing one is an error
    naming file system, deployment, storage type and region."""
    result = usage(resource)
    require_rates(result.records, book, SERVICE, TITLE, _describe)
    return result


def _describe(record: Usage) -> str:
    """What a missing rate was for, in the spec's words."""
    dims = record.dims
    if record.key == "storage":
        return (f"storage (file system '{dims[0]}', deployment '{dims[1]}', storage type "
                f"'{dims[2]}')")
    if record.key == "lustre-storage":
        tier = "" if dims[2] == "-" else f", {dims[2]} MB/s/TiB"
        return f"Lustre storage (deployment '{dims[0]}', storage type '{dims[1]}'{tier})"
    names = {"throughput": "throughput capacity", "ssd-iops": "SSD IOPS",
             "backup": "backup storage"}
    if record.key in names:
        return f"{names[record.key]} (file system '{dims[0]}', deployment '{dims[1]}')"
    what = record.key.replace("-", " ")
    return f"{what} (file system 'ontap', deployment '{dims[0]}')"


# --- checks ------------------------------------------------------------------------------


def _check_keys(resource: Resource, system: str) -> None:
    """Refuse a key that does not apply to ``system``, and require throughput where it is
    provisioned separately."""
    for key in OPTIONAL:
        if resource.get(key) is not None and key not in KEYS[system]:
            users = [FILE_SYSTEMS[s] for s, keys in KEYS.items() if key in keys]
            raise resource.error((key,), f"'{key}' does not apply to {FILE_SYSTEMS[system]} "
                                 "file systems", f"only to {' and '.join(users)}")
    if "throughput" in KEYS[system] and resource.get("throughput") is None:
        raise resource.error((), f"an FSx for {FILE_SYSTEMS[system]} file system needs "
                             "'throughput' (its provisioned throughput capacity)",
                             "e.g. throughput: 128 MB/s")


def _check_az_deployment(resource: Resource, system: str) -> None:
    deployment = resource.get("deployment")
    if deployment not in ("single_az", "multi_az"):
        raise resource.error(("deployment",), f"{FILE_SYSTEMS[system]} file systems are "
                             f"single_az or multi_az, not {deployment}",
                             "scratch and persistent are Lustre deployments")


def _share_of_month(resource: Resource) -> Decimal:
    """The part of the month the file system exists (``hours``; default 1)."""
    month = resource.source.month_hours * SECONDS_PER_HOUR
    seconds = resource.seconds_in_month("hours", what="a file system")
    if not seconds:
        raise resource.error(("hours",), "0 hours: nothing is provisioned",
                             "give how long the file system exists, e.g. '200 h'")
    return seconds / month


def _whole_gib(resource: Resource, whole: bool = True) -> Decimal:
    """``storage.size`` in GiB, which must be whole (the API takes an integer) unless it
    is data before deduplication (``whole=False``)."""
    size = resource.quantity("storage", "size", kind=Kind.DATA)
    assert size is not None  # the schema requires it
    gib = size / BYTES_PER_GB
    if gib <= 0:
        raise resource.error(("storage", "size"), "storage size must be more than 0")
    if whole and gib != gib.to_integral_value():
        raise resource.error(("storage", "size"), f"FSx provisions storage in whole GiB, "
                             f"not {_number(gib.quantize(Decimal('0.01')))} GiB",
                             "1 TB is 1,024 GiB here; e.g. write '1200 GB' for 1,200 GiB")
    return gib


def _in_range(resource: Resource, system: str, storage_type: str, gib: Decimal) -> None:
    low, high = SIZE_RANGES[(system, storage_type)]
    if gib < low or (high is not None and gib > high):
        limits = f"{_number(Decimal(low))} to {_number(Decimal(high))} GiB" if high \
            else f"at least {_number(Decimal(low))} GiB"
        raise resource.error(("storage", "size"), f"FSx for {FILE_SYSTEMS[system]} "
                             f"{storage_type.upper()} storage is {limits}, not "
                             f"{_number(gib)} GiB", "AWS's CreateFileSystem limits")


# --- storage -----------------------------------------------------------------------------


def _provisioned_gib(resource: Resource, system: str, storage_type: str
                     ) -> tuple[Decimal, str]:
    """The storage capacity to provision, in GiB, and how it was found."""
    if system != "windows" or resource.get("deduplication_ratio") is None:
        gib = _whole_gib(resource)
        _in_range(resource, system, storage_type, gib)
        text = f"{_number(gib)} GB"
        return gib, (f"{text}; {NO_DEDUP}" if system == "windows" else text)
    data = _whole_gib(resource, whole=False)
    ratio = resource.quantity("deduplication_ratio", kind=Kind.PERCENT)
    assert ratio is not None
    if ratio >= 1:
        raise resource.error(("deduplication_ratio",), "a deduplication saving is less than "
                             "100%", "e.g. deduplication_ratio: 50%")
    low, high = SIZE_RANGES[(system, storage_type)]
    needed = (data * (1 - ratio)).to_integral_value(rounding=ROUND_CEILING)
    gib = max(needed, Decimal(low))
    text = (f"{_number(_round(data))} GB of data × (1 − {_percent(ratio)} deduplication saving, as "
            f"given) = {_number(needed)} GB")
    if gib > needed:
        text += f" → {_number(Decimal(low))} GB, the minimum size"
    if high is not None and gib > high:
        _in_range(resource, system, storage_type, gib)
    return gib, text


def _storage(resource: Resource, system: str, storage_type: str, gib: Decimal, text: str,
             share: Decimal) -> Usage:
    deployment = resource.get("deployment")
    return resource.usage(
        "storage", gib * share, "GB-month",
        f"{storage_type.upper()} storage ({FILE_SYSTEMS[system]}, {DEPLOYMENTS[deployment]}; "
        f"{text}{_share_text(resource, share)})", dims=(system, deployment, storage_type))


def _lustre_storage(resource: Resource, storage_type: str, share: Decimal) -> Usage:
    """Lustre storage at its deployment's and throughput tier's rate."""
    deployment = resource.get("deployment")
    if deployment not in ("scratch", "persistent"):
        raise resource.error(("deployment",), f"Lustre file systems are scratch or "
                             f"persistent, not {deployment}",
                             "single_az and multi_az are for Windows, ONTAP and OpenZFS")
    tier = resource.get("throughput_per_tib")
    gib = _whole_gib(resource)
    if deployment == "scratch":
        if tier is not None:
            raise resource.error(("throughput_per_tib",), "scratch file systems have no "
                                 "throughput tier", "remove it, or use deployment: persistent")
        if storage_type == "hdd":
            raise resource.error(("storage", "type"), "Lustre HDD storage is for persistent "
                                 "file systems", "use deployment: persistent")
        dims, label = ("scratch", "ssd", "-"), "Scratch"
    else:
        if tier is None:
            raise resource.error((), "a persistent Lustre file system needs "
                                 "'throughput_per_tib'", "e.g. throughput_per_tib: 125")
        kind = LUSTRE_TIERS.get((storage_type, tier))
        if kind is None:
            tiers = sorted(t for s, t in LUSTRE_TIERS if s == storage_type)
            listed = ", ".join(str(t) for t in tiers[:-1]) + f" or {tiers[-1]}"
            raise resource.error(("throughput_per_tib",), f"persistent Lustre "
                                 f"{storage_type.upper()} storage comes at {listed} MB/s per "
                                 f"TiB, not {tier}")
        dims = (kind, storage_type, str(tier))
        label = f"Persistent {kind[-1]}, {tier} MB/s/TiB"
    _lustre_size(resource, storage_type, tier, gib)
    return resource.usage(
        "lustre-storage", gib * share, "GB-month",
        f"{storage_type.upper()} storage (Lustre {label}, throughput included; "
        f"{_number(gib)} GB{_share_text(resource, share)})", dims=dims)


def _lustre_size(resource: Resource, storage_type: str, tier: int | None,
                 gib: Decimal) -> None:
    """Lustre's storage sizes: SSD 1,200, 2,400 GiB or a multiple of 2,400 GiB; HDD a
    multiple of 6,000 GiB (12 MB/s/TiB) or 1,800 GiB (40 MB/s/TiB)."""
    if storage_type == "ssd":
        if gib in (1_200, 2_400) or gib % LUSTRE_SSD_STEP == 0:
            return
        step = Decimal(LUSTRE_SSD_STEP)
        rule = "1,200 GiB, 2,400 GiB or a multiple of 2,400 GiB"
    else:
        assert tier is not None
        step = Decimal(LUSTRE_HDD_STEPS[tier])
        if gib % step == 0:
            return
        rule = f"a multiple of {_number(step)} GiB at {tier} MB/s/TiB"
    below = max((gib // step) * step, Decimal(1_200) if storage_type == "ssd" else step)
    above = (gib // step + 1) * step
    nearest = " or ".join(_number(v) for v in sorted({below, above}))
    raise resource.error(("storage", "size"), f"Lustre {storage_type.upper()} storage is "
                         f"{rule}, not {_number(gib)} GiB", f"e.g. {nearest} GiB")


# --- throughput, IOPS, capacity pool, backups ----------------------------------------------


def _throughput(resource: Resource, system: str, share: Decimal) -> Usage:
    rate = resource.quantity("throughput", kind=Kind.BITRATE)
    assert rate is not None
    mbps = rate / MIB
    if mbps <= 0:
        raise resource.error(("throughput",), "throughput capacity must be more than 0")
    if system == "ontap" and mbps < ONTAP_MIN_THROUGHPUT:
        raise resource.error(("throughput",), f"FSx for ONTAP needs at least "
                             f"{ONTAP_MIN_THROUGHPUT} MB/s of throughput capacity, not "
                             f"{_number(mbps)} MB/s", "a third-party figure (pricing facts)")
    deployment = resource.get("deployment")
    return resource.usage(
        "throughput", mbps * share, "MB/s-month",
        f"Throughput capacity ({FILE_SYSTEMS[system]}, {DEPLOYMENTS[deployment]}; "
        f"{_number(mbps)} MB/s{_share_text(resource, share)})", dims=(system, deployment))


def _iops(resource: Resource, system: str, gib: Decimal, share: Decimal,
          warnings: list[str]) -> list[Usage]:
    """SSD IOPS provisioned above the 3 per GB included."""
    iops = resource.quantity("iops", kind=Kind.COUNT)
    if iops is None:
        return []
    included = gib * INCLUDED_IOPS_PER_GB
    above = iops - included
    if above <= 0:
        warnings.append(f"iops: {_number(iops)} IOPS are within the {_number(included)} "
                        f"included with {_number(gib)} GB of SSD (3 per GB): none billed")
        return []
    deployment = resource.get("deployment")
    return [resource.usage(
        "ssd-iops", above * share, "IOPS-month",
        f"SSD IOPS above the included ({FILE_SYSTEMS[system]}, {DEPLOYMENTS[deployment]}; "
        f"{_number(iops)} − 3 × {_number(gib)} GB = {_number(above)} IOPS"
        f"{_share_text(resource, share)})", dims=(system, deployment))]


def _capacity_pool(resource: Resource) -> list[Usage]:
    """ONTAP capacity pool storage and requests (the key check keeps other systems out)."""
    deployment = resource.get("deployment")
    records = []
    size = resource.quantity("capacity_pool", kind=Kind.DATA)
    if size:
        gb = size / BYTES_PER_GB
        records.append(resource.usage(
            "capacity-pool", gb, "GB-month",
            f"Capacity pool storage ({DEPLOYMENTS[deployment]}; {_number(_round(gb))} GB)",
            dims=(deployment,)))
    for direction in ("reads", "writes"):
        count = resource.quantity("capacity_pool_requests", direction,
                                  kind=Kind.COUNT_PER_MONTH)
        if count:
            records.append(resource.usage(
                f"capacity-pool-{direction}", count, "request",
                f"Capacity pool {direction[:-1]} requests ({DEPLOYMENTS[deployment]})",
                dims=(deployment,)))
    return records


def _backups(resource: Resource, system: str) -> list[Usage]:
    size = resource.quantity("backups", kind=Kind.DATA)
    if not size:
        return []
    deployment = resource.get("deployment")
    gb = size / BYTES_PER_GB
    return [resource.usage(
        "backup", gb, "GB-month",
        f"Backup storage ({FILE_SYSTEMS[system]}, {DEPLOYMENTS[deployment]}; "
        f"{_number(_round(gb))} GB)", dims=(system, deployment))]


# --- helpers -----------------------------------------------------------------------------


def _share_text(resource: Resource, share: Decimal) -> str:
    """How much of the month the file system existed, for a formula ('' for all of it)."""
    if share == 1:
        return ""
    month = resource.source.month_hours
    return f"; for {_number(_round(share * month))} h of the {_number(month)} h month"


def _round(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"))


def _percent(fraction: Decimal) -> str:
    return f"{_number(_round(fraction * 100))}%"


def _number(value: Decimal) -> str:
    """A figure for a component label: grouped, without trailing zeros."""
    text = f"{value.normalize():,f}"
    return text.rstrip("0").rstrip(".") if "." in text else text
