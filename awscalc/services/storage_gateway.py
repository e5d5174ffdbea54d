"""AWS Storage Gateway (``service: storage_gateway``): one gateway — S3 File, Volume
(cached or stored) or Tape — and what it stores and writes in AWS.

Billing components (AWS re:Post Knowledge Center, "Why is my Storage Gateway bill high or
increasing?", https://aws.amazon.com/premiumsupport/knowledge-center/storage-gateway-bill-
increasing/; rates: ``../shared/pricing-facts-wave2.md`` §8):

- **Data written to AWS** by the gateway, per GB, "up to a maximum of $125.00 per gateway
  per month", and "the first 100 GB written to AWS per account is free" (the pricing
  page, https://aws.amazon.com/storagegateway/pricing/, as transcribed verbatim on
  2026-09-20). The cap is a dollar amount, so it is applied in the priced phase
  (:func:`priced_usage`): the gateway is billed for at most ``cap ÷ rate`` GB, both read
  from the card. The free 100 GB (``free_tier: true``) is one account-wide pool taken
  from what is billed after the cap.
- **Storage**: a cached volume's data in S3 (billed on the data stored, not the volume
  size); volume snapshots, billed as EBS snapshots (metered under ``ebs``); virtual
  tapes in the tape library (S3). A stored volume keeps its primary data on premises:
  only its snapshots are in AWS.
- **Tape archive**: tapes archived to S3 Glacier Flexible Retrieval or S3 Glacier Deep
  Archive, per GB-month; retrieving a tape back to the library, per GB; and the archives'
  minimum storage durations (90 and 180 days): a tape deleted earlier is charged the
  days it did not stay, prorated (``early_deletes`` with ``deleted_after``, as the
  ``glacier`` vault calculator does).
- **S3 requests made on the user's behalf** (S3 File Gateway): the gateway's PUT/GET/LIST
  requests are billed as S3 requests, so they are metered under ``s3`` and priced from
  the S3 card. The file share's objects are plain S3 objects in the user's bucket: price
  their storage with a ``service: s3`` resource.
- **Data transfer out** to an on-premises gateway, at the internet rates
  (``data-transfer``).
- A **hardware appliance** is a one-time purchase only if the user names it. AWS
  publishes no price awscalc can cite, so ``hardware_appliance: true`` is an exit-4
  error, and ``hardware_appliance: {price: …}`` adds the user's quote as a one-time,
  user-supplied line (like ``service: custom``).
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal
from typing import Any

from awscalc.errors import PricingError
from awscalc.model import LineItem, ResourceUsage, Usage
from awscalc.numbers import money, money_rate
from awscalc.services.s3 import storage_class
from awscalc.spec import Resource
from awscalc.units import BYTES_PER_GB, SECONDS_PER_HOUR, Kind

SERVICE = "storage_gateway"
GATEWAYS = {"s3_file": "S3 File Gateway", "volume_cached": "Volume Gateway (cached)",
            "volume_stored": "Volume Gateway (stored)", "tape": "Tape Gateway"}
# storage key → (gateways that have it, rate key or (service, key), line label)
STORAGE: dict[str, tuple[tuple[str, ...], tuple[str, str], str]] = {
    "volume": (("volume_cached",), (SERVICE, "volume-storage"),
               "Cached volume data stored in S3"),
    "snapshots": (("volume_cached", "volume_stored"), ("ebs", "snapshot-storage"),
                  "Volume snapshots (billed as EBS snapshots)"),
    "tapes": (("tape",), (SERVICE, "tape-storage"), "Virtual tapes in the tape library (S3)"),
}
# tape archive pool → (label, minimum storage days)
ARCHIVES = {"glacier": ("S3 Glacier Flexible Retrieval", 90),
            "deep_archive": ("S3 Glacier Deep Archive", 180)}
SECONDS_PER_DAY = SECONDS_PER_HOUR * 24
LARGEST_PRICE = Decimal(10**9)
_PRICE = re.compile(r"^\s*\$?\s*([0-9][0-9,]*(?:\.[0-9]{1,2})?)\s*$")


def usage(resource: Resource) -> ResourceUsage:
    """Usage records of one gateway; data written is uncapped here (the cap needs prices:
    see :func:`priced_usage`)."""
    gateway = resource.get("gateway")
    records: list[Usage] = []
    warnings: list[str] = []
    written = resource.quantity("data_written", kind=Kind.DATA_PER_MONTH)
    if written:
        records.append(resource.usage("data-written", written / BYTES_PER_GB, "GB",
                                      f"Data written to AWS ({GATEWAYS[gateway]})"))
    records += _storage(resource, gateway)
    records += _tape_archive(resource, gateway, warnings)
    records += _requests(resource, gateway)
    out = resource.quantity("data_transfer_out", kind=Kind.DATA_PER_MONTH)
    if out:
        records.append(resource.usage("internet-out", out / BYTES_PER_GB, "GB",
                                      "Data transfer out to the gateway",
                                      service="data-transfer"))
    _appliance_price(resource)  # checked here too, so that 'validate' finds a bad price
    return ResourceUsage(records=tuple(records), warnings=tuple(warnings))


def priced_usage(resource: Resource, book: Any) -> ResourceUsage:
    """:func:`usage` with the data written capped at the card's per-gateway monthly
    maximum, and the hardware appliance (when named) as a one-time line."""
    result = usage(resource)
    records = [_capped(resource, record, book) if record.key == "data-written"
               and record.service == SERVICE else record for record in result.records]
    priced = _appliance(resource, book)
    warnings = list(result.warnings)
    if priced:
        warnings.append(f"hardware appliance {money(priced[0].cost)}: the price you gave, "
                        "not an AWS rate — user-supplied and unverified")
    return ResourceUsage(records=tuple(records), warnings=tuple(warnings),
                         details=result.details, priced=tuple(priced))


def _capped(resource: Resource, record: Usage, book: Any) -> Usage:
    """The data-written record limited to what the per-gateway dollar cap allows.

    Where AWS publishes no cap but its feed bounds it from below (Tokyo's and Seoul's
    free-above points are labelled only "11.6 TB", "10.6 TB": the card's
    ``data-written-cap-at-least``), a gateway billed no more than that bound is billed in
    full, exactly; one billed more needs the cap, and is a missing price (exit 4)."""
    rate = book.rate(SERVICE, "data-written", resource.region).tiers[0].rate
    try:
        cap = book.rate(SERVICE, "data-written-cap", resource.region).tiers[0].rate
    except PricingError as error:
        if not error.missing_rate:
            raise
        floor = _cap_floor(resource, book)
        if floor is None:
            raise
        if record.quantity * rate <= floor:
            return record
        raise PricingError(
            f"no price for service '{SERVICE}' monthly maximum per gateway in region "
            f"'{resource.region}': {resource.name} writes {_number(record.quantity)} GB, "
            f"{money(record.quantity * rate)} at {money_rate(rate)}/GB, above the "
            f"{money(floor)} the cap is known to be at least",
            "AWS publishes no cap for this region: add its 'data-written-cap' to the rate "
            "card or pass --pricing") from error
    if not rate:
        return record
    most = cap / rate  # GB billed at most in a month (the cap ÷ the per-GB rate)
    if record.quantity <= most:
        return record
    return replace(record, quantity=most, component=(
        f"{record.component}: {_number(record.quantity)} GB written, billed up to the "
        f"{money(cap)} monthly maximum per gateway ({_number(most)} GB)"))


def _cap_floor(resource: Resource, book: Any) -> Decimal | None:
    """The least the region's unpublished cap can be, or None where the card has none."""
    try:
        return book.rate(SERVICE, "data-written-cap-at-least", resource.region).tiers[0].rate
    except PricingError as error:
        if not error.missing_rate:
            raise
        return None


def _storage(resource: Resource, gateway: str) -> list[Usage]:
    if gateway == "s3_file" and resource.get("storage") is not None:
        raise resource.error(("storage",), "an S3 File Gateway stores files as objects in "
                             "your own S3 bucket", "price them with a 'service: s3' "
                             "resource, where S3's storage classes and per-object rules "
                             "apply")
    records = []
    for key, (gateways, (service, rate_key), label) in STORAGE.items():
        size = resource.quantity("storage", key, kind=Kind.DATA)
        if size is None:
            continue
        if gateway not in gateways:
            kinds = " or ".join(GATEWAYS[g] for g in gateways)
            raise resource.error(("storage", key), f"{_a(gateway)} has no "
                                 f"'{key}' storage", f"storage.{key} is for a {kinds}")
        if size:
            records.append(resource.usage(rate_key, size / BYTES_PER_GB, "GB-month", label,
                                          service=service))
    return records


def _tape_archive(resource: Resource, gateway: str, warnings: list[str]) -> list[Usage]:
    archive = resource.get("tape_archive")
    if archive is None:
        return []
    if gateway != "tape":
        raise resource.error(("tape_archive",), f"{_a(gateway)} archives no tapes",
                             "tape_archive is for gateway: tape")
    records = []
    for pool, (label, _) in ARCHIVES.items():
        size = resource.quantity("tape_archive", pool, kind=Kind.DATA)
        if size:
            records.append(resource.usage(f"tape-archive-{_slug(pool)}", size / BYTES_PER_GB,
                                          "GB-month", f"Tapes archived in {label}"))
    for pool, size in _by_pool(resource, "retrievals").items():
        if size:
            records.append(resource.usage(
                f"tape-retrieval-{_slug(pool)}", size / BYTES_PER_GB, "GB",
                f"Tapes retrieved from {ARCHIVES[pool][0]} to the library"))
    records += _early_deletes(resource, warnings)
    return records


def _by_pool(resource: Resource, key: str) -> dict[str, Decimal]:
    """``tape_archive.<key>``: a size (when tapes are archived in one pool only) or a
    size per pool (``{glacier: …, deep_archive: …}``)."""
    value = resource.get("tape_archive", key)
    if value is None:
        return {}
    if isinstance(value, dict):
        return {pool: resource.quantity("tape_archive", key, pool, kind=Kind.DATA_PER_MONTH,
                                        default=Decimal(0)) for pool in ARCHIVES}
    size = resource.quantity("tape_archive", key, kind=Kind.DATA_PER_MONTH)
    assert size is not None
    used = [pool for pool in ARCHIVES if resource.get("tape_archive", pool) is not None]
    if len(used) != 1:
        raise resource.error(("tape_archive", key), "which archive pool? "
                             f"{'both are' if used else 'none is'} given",
                             f"give {key}: {{glacier: SIZE, deep_archive: SIZE}}")
    return {used[0]: size}


def _early_deletes(resource: Resource, warnings: list[str]) -> list[Usage]:
    """Tapes deleted from an archive before its minimum duration: the days they did not
    stay, prorated, in GB-months of the spec's month."""
    deleted = _by_pool(resource, "early_deletes")
    age = resource.quantity("tape_archive", "deleted_after", kind=Kind.DURATION)
    if not deleted:
        if age is not None:
            raise resource.error(("tape_archive", "deleted_after"), "deleted_after applies "
                                 "to early_deletes", "add early_deletes: the tape data "
                                 "deleted before the archive's minimum duration")
        return []
    if age is None:
        warnings.append("tape_archive.early_deletes: no deleted_after, so the tapes are "
                        "taken to be deleted right after archiving (the whole minimum "
                        "duration charged, the most it can cost)")
        age = Decimal(0)
    month = resource.source.month_hours * SECONDS_PER_HOUR
    records = []
    for pool, size in deleted.items():
        label, days = ARCHIVES[pool]
        remaining = Decimal(days) * SECONDS_PER_DAY - age
        if not size or remaining <= 0:
            continue
        gb = size / BYTES_PER_GB
        records.append(resource.usage(
            f"tape-early-delete-{_slug(pool)}", gb * remaining / month, "GB-month",
            f"Early deletion from {label} ({_number(gb)} GB × "
            f"{_number(remaining / SECONDS_PER_DAY)} days of the {days}-day minimum not "
            f"stayed, in months of {_number(resource.source.month_hours)} h)"))
    if all(Decimal(ARCHIVES[pool][1]) * SECONDS_PER_DAY <= age for pool in deleted):
        warnings.append(f"tape_archive.early_deletes: tapes deleted after "
                        f"{_number(age / SECONDS_PER_DAY)} days have stayed their archive's "
                        "minimum; no early-deletion charge")
    return records


def _requests(resource: Resource, gateway: str) -> list[Usage]:
    """S3 requests a File Gateway makes on the user's behalf, metered as S3 requests."""
    entries = resource.get("requests", default=[])
    if entries and gateway != "s3_file":
        raise resource.error(("requests",), f"{_a(gateway)} makes no S3 requests "
                             "billed to you", "requests is for gateway: s3_file")
    records = []
    for index, _ in enumerate(entries):
        where: tuple[str | int, ...] = ("requests", index)
        cls = storage_class(resource, (*where, "class"))
        for name, key, label in (("put", f"requests-{cls.slug}-put", "PUT, COPY, POST"),
                                 ("get", f"requests-{cls.slug}-get", "GET and other"),
                                 ("list", "requests-list", "LIST")):
            count = resource.quantity(*where, name, kind=Kind.COUNT_PER_MONTH)
            if count:
                records.append(resource.usage(
                    key, count, "request", f"S3 {label} requests made by the gateway "
                    f"({cls.label})", service="s3"))
    return records


def _appliance(resource: Resource, book: Any) -> list[LineItem]:
    """The hardware appliance as a one-time, user-priced line item (or an exit-4 error)."""
    value = resource.get("hardware_appliance")
    if value is None or value is False:
        return []
    price = _appliance_price(resource)
    if price is None:
        raise PricingError(
            f"{resource.name}: no price for the Storage Gateway Hardware Appliance in "
            f"region '{resource.region}': AWS publishes none that awscalc can cite",
            "give hardware_appliance: {price: AMOUNT}, your quote, for a one-time "
            "user-supplied line; or remove hardware_appliance")
    return [LineItem(
        resource=resource.name, service=SERVICE, region=resource.region,
        component="Hardware appliance (one-time, the price you gave)",
        key="hardware-appliance", quantity=Decimal(1), unit="appliance", rate=price,
        per=Decimal(1), cost=price, formula=f"{money(price)} once: amount you gave",
        one_time=True, verified=False)]


def _appliance_price(resource: Resource) -> Decimal | None:
    """The appliance price the user gave, in whole cents (None: not given)."""
    value = resource.get("hardware_appliance", "price")
    if value is None or not isinstance(resource.get("hardware_appliance"), dict):
        return None
    where = ("hardware_appliance", "price")
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise resource.error(where, "expected an amount in dollars, e.g. 12000.00")
    text = repr(value) if isinstance(value, float) else str(value)
    match = _PRICE.match(text[:40])
    if match is None or len(text) > 40:
        raise resource.error(where, f"'{text[:40]}' is not an amount in whole cents",
                             "e.g. 12000.00 or '$12,000'")
    price = Decimal(match.group(1).replace(",", ""))
    if price > LARGEST_PRICE:
        raise resource.error(where, f"'{text}' is too large", f"at most {LARGEST_PRICE:,}")
    return price.quantize(Decimal("0.01"))


def _a(gateway: str) -> str:
    """The gateway's name with its article: 'an S3 File Gateway', 'a Tape Gateway'."""
    name = GATEWAYS[gateway]
    return f"{'an' if name.startswith('S3') else 'a'} {name}"


def _slug(pool: str) -> str:
    return pool.replace("_", "-")


def _number(value: Decimal) -> str:
    number = Decimal(value).normalize()
    if number == number.to_integral_value():
        return f"{number:,f}"
    return f"{number.quantize(Decimal('0.01')).normalize():,f}"
