"""AWS Database Migration Service (DMS): replication instances by class and deployment,
their storage beyond the amount included with the class, and DMS Serverless capacity —
each billed by the month, or once for a migration (``one_time: true``).

Instance hours are catalog rates (:mod:`awscalc.catalog`) found by the dimensions
``(instance_class, deployment)``; storage and serverless rates are in the card. Rates and
their trust labels: pricing-facts-wave2 §16. Billing rules:

- **Instances**: ``count`` × ``hours`` instance-hours at the class's rate for the
  deployment. A Multi-AZ rate is looked up, never computed as 2 × Single-AZ (the AWS
  Price List via Infracost: dms.t2.micro $0.018 Single-AZ, $0.036 Multi-AZ).
- **Storage**: ``storage`` is the storage allocated to each instance; only what exceeds
  the amount included with the class is billed, per GB-month at the deployment's rate
  (Single-AZ $0.115, Multi-AZ $0.23, IC 2024-07-01). The included amount — **50 GB for
  t2/t3 classes, 100 GB for c4/r4/r5** — comes from a third party only (Infracost's
  ``dms_replication_instance.go``, label 3P; AWS's wording is recall): awscalc applies it,
  says so in the formula and warns. A class of any other family has no sourced
  allowance: storage on it is an exit-4 error. The storage lives as long as its
  instance: it is billed for the instance's ``hours`` (GB × hours ÷ the month's hours).
- **Serverless**: DMS Capacity Units (1 DCU = 2 GB of memory) per DCU-hour; Multi-AZ
  doubles the DCU-hours (third party, label 3P: warned). Only an ap-south-1 rate ships
  (3P, unverified); **the us-east-1 DCU rate was not found**, so serverless anywhere else
  is an exit-4 error naming key and region.
- **One-time migrations** (``one_time: true``): every line item is one-time (counted in
  the estimate's one-time total, like ``service: transfer``), for the migration's
  ``hours`` (required, and not limited to the month).

A missing rate is an exit-4 error naming class, deployment and region; ``awscalc pricing
update`` does not build DMS rates yet.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from awscalc.errors import PricingError
from awscalc.model import ResourceUsage, Usage
from awscalc.services.ratecheck import require_rates
from awscalc.spec import Resource
from awscalc.units import BYTES_PER_GB, SECONDS_PER_HOUR, Kind

SERVICE = "dms"
# Storage included with a replication instance, in GB, by class family — a third party's
# figures (Infracost's dms_replication_instance.go; pricing-facts-wave2 §16, label 3P).
INCLUDED_GB = {"t2": 50, "t3": 50, "c4": 100, "r4": 100, "r5": 100}
INCLUDED_SOURCE = "a third party's figure (unverified)"
DEPLOYMENT_TEXT = {"single_az": "Single-AZ", "multi_az": "Multi-AZ"}
INSTANCE_KEYS = ("instance_class", "count", "hours", "storage")
# A one-time migration runs at most ten years (a bound on nonsense, not an AWS rule).
ONE_TIME_LIMIT_HOURS = Decimal(87_600)

def usage(resource: Resource) -> ResourceUsage:
    """Usage records and warnings for one DMS replication setup."""
    deployment: str = resource.get("deployment", default="single_az")
    one_time = bool(resource.get("one_time", default=False))
    if resource.get("serverless") is not None:
        for key in INSTANCE_KEYS:
            if resource.get(key) is not None:
                raise resource.error((key,), f"'{key}' applies to replication instances, "
                                     "not to DMS Serverless",
                                     "remove it, or remove 'serverless'")
        return _serverless(resource, deployment, one_time)
    if resource.get("instance_class") is None:
        for key in INSTANCE_KEYS[1:]:
            if resource.get(key) is not None:
                raise resource.error((key,), f"'{key}' needs 'instance_class'",
                                     "e.g. instance_class: dms.t3.medium")
        raise resource.error((), "a DMS resource needs 'instance_class' (replication "
                             "instances) or 'serverless'",
                             "e.g. instance_class: dms.t3.medium, or serverless: "
                             "{dcus: 4, hours: 100 h}")
    return _instances(resource, deployment, one_time)


def priced_usage(resource: Resource, book: Any) -> ResourceUsage:
    """:func:`usage`, with every rate looked up first, so that a missing one is an error
    naming the class, deployment and region (and not a ``pricing update`` command that
    does not build DMS rates)."""
    result = usage(resource)
    require_rates(result.records, book, SERVICE, "DMS", _describe)
    return result


def _describe(record: Usage) -> str:
    if record.dims:
        instance_class, deployment = record.dims
        return f"instance class '{instance_class}', deployment '{deployment}'"
    return f"key '{record.key}'"


def _hours(resource: Resource, keys: tuple[str, ...], one_time: bool, what: str
           ) -> Decimal:
    """The hours at ``keys``: within the month (default the month), or, for a one-time
    migration, required and up to :data:`ONE_TIME_LIMIT_HOURS`."""
    if one_time:
        seconds = resource.quantity(*keys, kind=Kind.DURATION)
        if seconds is None:
            raise resource.error(("one_time",), "a one-time migration needs its duration "
                                 f"('{'.'.join(keys)}')",
                                 "e.g. hours: 300 h (it may exceed the month)")
        hours = seconds / SECONDS_PER_HOUR
        if hours > ONE_TIME_LIMIT_HOURS:
            raise resource.error(keys, f"{_number(hours.quantize(Decimal('0.01')))} h is "
                                 "more than ten years", "awscalc prices migrations of up "
                                 "to 87,600 h")
    else:
        hours = resource.seconds_in_month(*keys, what=what) / SECONDS_PER_HOUR
    if not hours:
        raise resource.error(keys, "0 hours: nothing to bill",
                             "give the time it runs, e.g. '100 h'")
    return hours


def _instances(resource: Resource, deployment: str, one_time: bool) -> ResourceUsage:
    instance_class: str = resource.get("instance_class")
    count = Decimal(resource.get("count", default=1))
    hours = _hours(resource, ("hours",), one_time, "a replication instance")
    deployed = DEPLOYMENT_TEXT[deployment]
    described = f"{_number(count)} × {instance_class}, {deployed}"
    label = "one-time migration, " if one_time else ""
    records = [resource.usage("instance-hours", count * hours, "instance-hour",
                              f"Replication instance hours ({label}{described} × "
                              f"{_number(hours)} h)", dims=(instance_class, deployment),
                              one_time=one_time)]
    warnings: list[str] = []
    stored = resource.quantity("storage", kind=Kind.DATA)
    if stored:
        family = _family(instance_class)
        included = INCLUDED_GB.get(family)
        if included is None:
            raise PricingError(
                f"no included storage for service '{SERVICE}' instance class "
                f"'{instance_class}' (family '{family}'): only t2/t3 (50 GB) and c4/r4/r5 "
                "(100 GB) have a source", "remove 'storage', or price it with a "
                "'service: custom' line")
        allocated = stored / BYTES_PER_GB
        billed = max(allocated - included, Decimal(0))
        warnings.append(f"storage: the {included} GB included with {family} classes comes "
                        f"from a third party (Infracost's code), not from AWS; unverified")
        if billed:
            month = resource.source.month_hours
            whole = hours == month
            share = "" if whole else f" × {_number(hours)} h ÷ {_number(month)} h"
            count_text = f" × {_number(count)} instances" if count != 1 else ""
            records.append(resource.usage(
                f"storage-{deployment.replace('_', '-')}", billed * count * hours / month,
                "GB-month", f"Storage beyond the included {included} GB, {INCLUDED_SOURCE} "
                f"({label}{deployed}: {_number(allocated.quantize(Decimal('0.001')))} GB − "
                f"{included} GB = {_number(billed.quantize(Decimal('0.001')))} GB"
                f"{count_text}{share})",
                one_time=one_time))
    return ResourceUsage(records=tuple(records), warnings=tuple(warnings))


def _serverless(resource: Resource, deployment: str, one_time: bool) -> ResourceUsage:
    dcus = Decimal(str(resource.get("serverless", "dcus")))
    hours = _hours(resource, ("serverless", "hours"), one_time, "a serverless replication")
    factor = Decimal(2) if deployment == "multi_az" else Decimal(1)
    label = "one-time migration, " if one_time else ""
    doubled = " × 2 (Multi-AZ)" if factor == 2 else ""
    warnings = (["serverless: Multi-AZ doubling the DCU-hours is a third party's rule "
                 "(unverified)"] if factor == 2 else [])
    record = resource.usage("serverless-dcu-hours", dcus * hours * factor, "DCU-hour",
                            f"Serverless DCU hours ({label}{_number(dcus)} DCUs × "
                            f"{_number(hours)} h{doubled})", one_time=one_time)
    return ResourceUsage(records=(record,), warnings=tuple(warnings))


def _family(instance_class: str) -> str:
    """``t3`` for ``dms.t3.medium``."""
    parts = instance_class.split(".")
    return parts[1] if len(parts) == 3 else instance_class


def _number(value: Decimal) -> str:
    number = value.normalize()
    return f"{number:,f}"
