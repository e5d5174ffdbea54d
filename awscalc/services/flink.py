"""Amazon Managed Service for Apache Flink: KPU-hours, running storage, durable backups.

Billing rules (AWS's developer guide, https://docs.aws.amazon.com/managed-flink/latest/
java/how-pricing.html, undated; ``../shared/pricing-facts-wave2.md`` §20):

- an application is billed per **KPU-hour** (1 KPU = 1 vCPU and 4 GB of memory), "in
  one-second increments", with "a ten-minute minimum charge per application": "an
  application that is running for 5 minutes will be charged the ten-minute minimum,
  multiplied by the resources it used". awscalc bills each application's ``runs`` (one
  by default) as equal runs of ``hours`` ÷ ``runs``, each rounded up to whole seconds and
  to at least ten minutes.
- "For Apache Flink applications, you are charged a **single additional KPU per
  application**, used for orchestration": KPU-hours = applications × (kpus + 1) × the
  billed hours.
- **running application storage**: 50 GB per KPU, per GB-month (the orchestration KPU
  has none: Infracost's Price List golden bills 500 GB for 10 KPUs + 1 orchestration).
  awscalc prorates it by the billed hours ÷ the month's hours, as the KPUs it belongs to.
- **durable application backups** (optional snapshots) per GB-month of what is held.

Managed Service for Apache Flink Studio notebooks (two extra KPUs per Studio application
in interactive mode) are not modelled: the facts file gives no rule or rate for them.
"""

from __future__ import annotations

import math
from decimal import Decimal

from awscalc.model import ResourceUsage, Usage
from awscalc.numbers import grouped
from awscalc.spec import Resource
from awscalc.units import BYTES_PER_GB, SECONDS_PER_HOUR, Kind

SERVICE = "flink"
MINIMUM_SECONDS = 600  # ten-minute minimum charge per application (run)
STORAGE_GB_PER_KPU = Decimal(50)  # running application storage allocated per KPU
ORCHESTRATION_KPUS = Decimal(1)  # one extra KPU per Apache Flink application


def usage(resource: Resource) -> ResourceUsage:
    """KPU-hours (with orchestration), running storage and backups of N applications."""
    kpus = Decimal(str(resource.get("kpus")))
    applications = Decimal(resource.get("applications", default=1))
    seconds, how = _billed_seconds(resource)
    hours = seconds / SECONDS_PER_HOUR
    apps = _applications(applications)
    records: list[Usage] = []
    if seconds:
        kpu_seconds = applications * (kpus + ORCHESTRATION_KPUS) * seconds
        records.append(resource.usage(
            "kpu-hours", kpu_seconds / SECONDS_PER_HOUR, "KPU-hour",
            f"KPU-hours ({apps} × ({grouped(kpus)} KPU{_s(kpus)} + 1 orchestration KPU) "
            f"× {grouped(hours, 4)} h{how})"))
        month_hours = resource.source.month_hours
        storage_gb = applications * kpus * STORAGE_GB_PER_KPU
        records.append(resource.usage(
            "running-storage", storage_gb * seconds / (month_hours * SECONDS_PER_HOUR),
            "GB-month",
            f"Running application storage (50 GB per KPU: {grouped(storage_gb)} GB for "
            f"{grouped(hours, 4)} of {grouped(month_hours)} h)"))
    backups = resource.quantity("backups", kind=Kind.DATA)
    if backups:
        records.append(resource.usage(
            "backups", applications * backups / BYTES_PER_GB, "GB-month",
            f"Durable application backups ({apps} × {grouped(backups / BYTES_PER_GB, 2)} GB)"))
    return ResourceUsage(records=tuple(records))


def _billed_seconds(resource: Resource) -> tuple[Decimal, str]:
    """Each application's billed seconds: its runs rounded up to whole seconds and to at
    least ten minutes each; and what the rounding did, for the line's label."""
    seconds = resource.seconds_in_month("hours", what="an application")
    runs = int(resource.get("runs", default=1))
    if not seconds:  # a stopped application: only its backups are billed
        return Decimal(0), ""
    per_run = seconds / runs
    billed_run = max(Decimal(math.ceil(per_run)), Decimal(MINIMUM_SECONDS))
    billed = billed_run * runs
    how = ""
    if billed_run == MINIMUM_SECONDS and per_run < MINIMUM_SECONDS:
        what = "each run" if runs > 1 else "the run"
        how = f": {what} billed the 10-minute minimum"
    elif runs > 1:
        how = f" in {runs:,} runs"
    return billed, how


def _applications(count: Decimal) -> str:
    return f"{grouped(count)} application{_s(count)}"


def _s(count: Decimal) -> str:
    return "" if count == 1 else "s"
