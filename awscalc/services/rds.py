"""Amazon RDS (MySQL, MariaDB, PostgreSQL, Oracle, SQL Server): DB instances, read
replicas, storage and provisioned IOPS, backup storage, Extended Support.

DB instance hours are catalog rates (:mod:`awscalc.catalog`) found by the dimensions
``(instance_class, engine, license, deployment, purchase_option)``; storage, IOPS, backup
and Extended Support are rate-card keys. Billing rules:

- **Per second, 10-minute minimum** per run ("Amazon RDS usage is billed in one-second
  increments, with a minimum of 10 minutes", RDS User Guide, *On-Demand DB instances*,
  https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_OnDemandDBInstances.html).
  ``starts`` splits ``hours`` into runs. A stopped instance pays storage and backups only,
  so storage is billed for the whole month whatever ``hours`` says.
- **Deployments**: a Multi-AZ DB instance is a primary and a standby, "billed per DB
  instance-hour for both the primary and standby instances" and for "the storage
  provisioned for both" (same page). The Price List sells both as one Multi-AZ rate
  (usage types ``Multi-AZUsage:<class>``, ``RDS:Multi-AZ-GP3-Storage``…), so awscalc looks
  up that rate — never 2 × Single-AZ (db.t4g.small MySQL: $0.032 vs $0.065). A Multi-AZ
  DB cluster (a writer and two readable standbys) likewise has its own rows.
- **Read replicas** are priced as Single-AZ DB instances of the same class, engine and
  licence, each with storage like its source's (awscalc's model: a replica is a DB
  instance with its own volume).
- **gp3** includes a baseline that depends on the allocated size: 3,000 IOPS and 125 MB/s
  below 400 GB, 12,000 IOPS and 500 MB/s from 400 GB (MySQL, MariaDB and PostgreSQL;
  Infracost's ``db_instance.go``, and its Price List golden bills a 400 GB volume's IOPS
  above 12,000). Only what is provisioned above it is billed. Oracle's and SQL Server's
  baselines have no trusted source here: provisioning IOPS or throughput on them is an
  exit-4 error.
- **Backup storage** "up to 100 % of total provisioned database storage in the Region" is
  free (RDS User Guide, *Working with backups*): one allowance per account and region,
  shared by every RDS resource there (each DB instance's and replica's allocated size, a
  Multi-AZ standby's copy not counted twice), whether or not the resource has backups of
  its own — the rater's always-on group allowance (:class:`awscalc.model.Usage`).
- **Extended Support** is billed per vCPU-hour of every instance running a major version
  past its end of standard support; "RDS Extended Support charges apply to standby
  instances in Multi-AZ deployments" (RDS User Guide, *Amazon RDS Extended Support
  charges*). Read replicas run the same version and pay it too. The rate depends on the
  version: the RDS pricing pages' feeds price MySQL 8.0 and PostgreSQL 13–15 lower than
  MySQL 5.7 and PostgreSQL 10–12, and give no year-3 rate for MySQL 8.0, so other
  versions (and MySQL 8.0's year 3) are exit-4 errors.
- **Reserved DB instances** are paid for every hour of the term (the recurring part for
  the whole month, the upfront part as a one-time line), as EC2's Reserved Instances
  (:mod:`awscalc.services.commitment`).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from awscalc.errors import PricingError
from awscalc.model import ResourceUsage, Usage
from awscalc.services import commitment, declaration
from awscalc.spec import Resource
from awscalc.units import BYTES_PER_GB, SECONDS_PER_HOUR, Kind

SERVICE = "rds"
DIMENSIONS = ("instance_class", "engine", "license", "deployment", "purchase_option")
MINIMUM_SECONDS = Decimal(600)
OPEN_SOURCE = {"mysql", "mariadb", "postgresql"}
EXTENDED_SUPPORT_ENGINES = {"mysql", "postgresql"}
# (engine, major version) → the card's Extended Support key prefix: each group has its own
# rates in the RDS pricing pages' feeds (pricing/aws/rds.yaml cites them).
EXTENDED_SUPPORT_GROUPS = {
    ("mysql", "5.7"): "extended-support", ("mysql", "8.0"): "extended-support-newer",
    **{("postgresql", v): "extended-support" for v in ("10", "11", "12")},
    **{("postgresql", v): "extended-support-newer" for v in ("13", "14", "15")},
}
NO_YEAR_3 = {("mysql", "8.0")}  # no feed row prices MySQL 8.0's third year
ENGINE_TEXT = {"mysql": "MySQL", "mariadb": "MariaDB", "postgresql": "PostgreSQL",
               "oracle_se2": "Oracle SE2", "oracle_ee": "Oracle EE",
               "sqlserver_ex": "SQL Server Express", "sqlserver_web": "SQL Server Web",
               "sqlserver_se": "SQL Server Standard", "sqlserver_ee": "SQL Server Enterprise"}
DEPLOYMENT_TEXT = {"single_az": "Single-AZ", "multi_az": "Multi-AZ: primary + standby",
                   "multi_az_cluster": "Multi-AZ DB cluster: writer + 2 readable standbys"}
# Instances a deployment runs (Extended Support bills each one's vCPUs).
INSTANCES = {"single_az": 1, "multi_az": 2, "multi_az_cluster": 3}
# Card-key suffix of a deployment's storage rates; the cluster's storage has no shipped rate.
STORAGE_SUFFIX = {"single_az": "", "multi_az": "-multi-az",
                  "multi_az_cluster": "-multi-az-cluster"}
# gp3's included performance by allocated size (see the module docstring).
GP3_STEP_GB = Decimal(400)
GP3_SMALL = (Decimal(3000), Decimal(125))
GP3_LARGE = (Decimal(12000), Decimal(500))
BYTES_PER_MB = Decimal(2**20)
# vCPUs of the classes whose count a trusted source shows (Infracost's Price List golden
# bills db.t3.large Extended Support as 1,460 vCPU-hours for 730 h, and db.m5.large
# Performance Insights as 2 vCPU-months); any other class needs extended_support.vcpus.
VCPUS = {"db.t3.large": 2, "db.m5.large": 2}


def usage(resource: Resource) -> ResourceUsage:
    """Usage records and warnings of one RDS resource."""
    plan = _Plan(resource)
    records = plan.instance_records()
    records += plan.storage_records()
    records += plan.backup_records()
    records += plan.extended_support_records()
    warnings: list[str] = []
    if plan.purchase == "reserved" and plan.seconds < plan.month_hours * SECONDS_PER_HOUR:
        warnings.append("a Reserved DB instance is billed for every hour of its term: "
                        f"{_number(plan.seconds / SECONDS_PER_HOUR)} h of use a month still "
                        f"pays {_number(plan.month_hours)} h")
    return ResourceUsage(records=tuple(records), warnings=tuple(warnings))


def priced_usage(resource: Resource, book: Any) -> ResourceUsage:
    """:func:`usage`, with every rate checked first, so that a missing one is an exit-4
    error naming the class, engine, deployment, region and the command that fetches it."""
    result = usage(resource)
    plan = _Plan(resource)
    for record in result.records:
        if record.allowance is not None and not record.quantity:
            continue  # only adds to the region's backup allowance: no rate needed
        try:
            book.rate(record.service, record.key, record.region, record.dims)
        except PricingError as exc:
            deployment = record.dims[3] if record.dims else plan.deployment
            raise plan.missing(record.component.split(" (")[0], record.region,
                               deployment) from exc
    return result


def priced_details(resource: Resource, details: dict[str, Any], book: Any) -> dict[str, Any]:
    """After rating: a reservation's effective monthly cost, or — On-Demand — what each
    Reserved DB instance option in the catalog would cost instead."""
    plan = _Plan(resource)
    if plan.purchase == "reserved":
        found, _, _ = plan.commitment(plan.reserved_option, book)
        return {"commitment": found, "summary": [commitment.effective_summary(found)]}
    return plan.compare(book)


class _Plan:
    """One RDS resource's settings, checked and in billing terms."""

    def __init__(self, resource: Resource) -> None:
        self.resource = resource
        self.region = resource.region
        self.engine: str = resource.get("engine")
        self.instance_class: str = resource.get("instance_class")
        self.deployment: str = resource.get("deployment", default="single_az")
        self.count = Decimal(resource.get("count", default=1))
        self.replicas = Decimal(resource.get("read_replicas", default=0))
        self.license = self._license()
        self.purchase: str = resource.get("purchase", default="on_demand")
        self._check_purchase()
        self.month_hours = resource.source.month_hours
        self.seconds = resource.seconds_in_month("hours", what="a DB instance")
        self.billed_hours = self._billed_hours(Decimal(resource.get("starts", default=1)))

    def _license(self) -> str:
        given = self.resource.get("license")
        if self.engine in OPEN_SOURCE:
            if given is not None:
                raise self.resource.error(("license",), f"{ENGINE_TEXT[self.engine]} has no "
                                          "licence model (AWS: 'No license required')",
                                          "remove license")
            return "none"
        return given or "included"

    def _check_purchase(self) -> None:
        given = self.resource.get("reserved")
        if self.purchase == "reserved" and given is None:
            raise self.resource.error(("purchase",), "purchase: reserved needs 'reserved'",
                                      "e.g. {term: 1yr, payment: partial_upfront}")
        if given is not None and self.purchase != "reserved":
            raise self.resource.error(("reserved",), "'reserved' applies to purchase: "
                                      "reserved", "set purchase: reserved or remove 'reserved'")

    def _billed_hours(self, starts: Decimal) -> Decimal:
        """Hours billed per instance: per second, at least 10 minutes per run."""
        if not self.seconds:
            return Decimal(0)
        return max(self.seconds / starts, MINIMUM_SECONDS) * starts / SECONDS_PER_HOUR

    @property
    def reserved_option(self) -> str:
        """``reserved:1yr:partial_upfront``."""
        settings = self.resource.get("reserved")
        return f"reserved:{settings['term']}:{settings.get('payment', 'no_upfront')}"

    @property
    def option(self) -> str:
        """The catalog's purchase option of these instances."""
        return self.reserved_option if self.purchase == "reserved" else "on_demand"

    def dims(self, deployment: str, option: str) -> tuple[str, ...]:
        """Catalog dimensions of this resource's instances in ``deployment``."""
        return (self.instance_class, self.engine, self.license, deployment, option)

    def describe(self, instances: Decimal, deployment: str) -> str:
        """``1 × db.t3.large MySQL, Multi-AZ: primary + standby``."""
        licence = {"none": "", "included": ", licence included", "byol": ", BYOL"}
        return (f"{_number(instances)} × {self.instance_class} {ENGINE_TEXT[self.engine]}"
                f"{licence[self.license]}, {DEPLOYMENT_TEXT[deployment]}")

    def groups(self) -> list[tuple[str, Decimal, str]]:
        """``(deployment, instances, label)`` of the primaries and of the read replicas."""
        found = [(self.deployment, self.count, "DB instance hours")]
        if self.replicas:
            found.append(("single_az", self.replicas, "Read replica hours"))
        return found

    def instance_records(self) -> list[Usage]:
        """Instance hours (On-Demand: the hours run; reserved: every hour of the month)
        and a reservation's upfront fee."""
        records = []
        option = self.option
        for deployment, instances, label in self.groups():
            dims = self.dims(deployment, option)
            shape = self.describe(instances, deployment)
            if self.purchase == "on_demand":
                records.append(self.resource.usage(
                    "instance-hours", self.billed_hours * instances, "instance-hour",
                    f"{label}, On-Demand ({shape})", dims=dims))
                continue
            _, term, payment = option.split(":")
            text = f"{term}, {commitment.PAYMENT_TEXT[payment]}"
            records.append(self.resource.usage(
                "instance-hours", self.month_hours * instances, "instance-hour",
                f"{label}, Reserved ({text}; {shape})", dims=dims))
            if payment != "no_upfront":
                records.append(self.resource.usage(
                    "reserved-upfront", instances, "instance",
                    f"Reserved DB instance upfront fee ({text}; {shape})", dims=dims,
                    one_time=True))
        return records

    # -- storage -----------------------------------------------------------------------

    @property
    def size(self) -> Decimal:
        """Allocated storage of each DB instance, in GB."""
        return self.resource.quantity("storage", "size", kind=Kind.DATA) / BYTES_PER_GB

    def storage_records(self) -> list[Usage]:
        """Storage, provisioned IOPS and magnetic I/O of the primaries and the replicas."""
        if self.resource.get("storage") is None:
            return []
        kind: str = self.resource.get("storage", "type")
        self._check_storage(kind)
        size = self.size
        records = []
        for deployment, instances, label in self.groups():
            owner = "read replicas" if label.startswith("Read") else DEPLOYMENT_TEXT[deployment]
            suffix = STORAGE_SUFFIX[deployment]
            shape = f"{_number(instances)} × {_number(size)} GB"
            records.append(self._card(f"{kind}-storage{suffix}", size * instances, "GB-month",
                                      f"{kind} storage, {owner} ({shape})"))
            iops = self.resource.get("storage", "iops")
            if kind == "gp3":
                records += self._gp3_above_baseline(size, instances, suffix, owner)
            elif kind in ("io1", "io2"):
                records.append(self._card(f"{kind}-iops{suffix}", Decimal(iops) * instances,
                                          "IOPS-month", f"{kind} provisioned IOPS, {owner} "
                                          f"({_number(instances)} × {_number(iops)})"))
            requests = self.resource.quantity("storage", "io_requests",
                                              kind=Kind.COUNT_PER_MONTH)
            if requests:
                records.append(self._card(f"magnetic-io{suffix}", requests * instances,
                                          "request", f"Magnetic storage I/O requests, {owner}"))
        return records

    def baseline(self, size: Decimal) -> tuple[Decimal, Decimal]:
        """gp3's included (IOPS, MB/s) for an allocated ``size`` in GB."""
        return GP3_LARGE if size >= GP3_STEP_GB else GP3_SMALL

    def _gp3_above_baseline(self, size: Decimal, instances: Decimal, suffix: str,
                            owner: str) -> list[Usage]:
        included_iops, included_mbps = self.baseline(size)
        where = "from 400 GB" if size >= GP3_STEP_GB else "below 400 GB"
        records = []
        iops = self.resource.get("storage", "iops")
        if iops is not None and Decimal(iops) > included_iops:
            extra = Decimal(iops) - included_iops
            records.append(self._card(
                f"gp3-iops{suffix}", extra * instances, "IOPS-month",
                f"gp3 IOPS above the {_number(included_iops)} included {where}, {owner} "
                f"({_number(instances)} × {_number(extra)})"))
        throughput = self.resource.quantity("storage", "throughput", kind=Kind.BITRATE)
        if throughput is not None and throughput / BYTES_PER_MB > included_mbps:
            # RDS bills gp3 throughput above the baseline, but no trusted rate was found
            raise self.missing(f"gp3 throughput above the {_number(included_mbps)} MB/s "
                               f"included {where}", self.region, fetched=False)
        return records

    def _check_storage(self, kind: str) -> None:
        """Keys that do not apply to the storage type are errors, not ignored."""
        resource, size = self.resource, self.size
        iops = resource.get("storage", "iops")
        if iops is not None and kind not in ("gp3", "io1", "io2"):
            raise resource.error(("storage", "iops"), f"{kind} storage has no provisioned "
                                 "IOPS", "iops applies to gp3, io1 and io2")
        if iops is None and kind in ("io1", "io2"):
            raise resource.error(("storage",), f"{kind} storage needs 'iops'",
                                 "e.g. iops: 3000")
        throughput = resource.get("storage", "throughput")
        if throughput is not None and kind != "gp3":
            raise resource.error(("storage", "throughput"), f"{kind} storage has no "
                                 "provisioned throughput", "throughput applies to gp3")
        if resource.get("storage", "io_requests") is not None and kind != "magnetic":
            raise resource.error(("storage", "io_requests"), f"{kind} storage includes I/O",
                                 "io_requests applies to magnetic storage")
        if kind != "gp3" or (iops is None and throughput is None):
            return
        if self.engine not in OPEN_SOURCE:
            raise PricingError(f"{resource.name}: the gp3 baseline (included IOPS and "
                               f"throughput) of RDS for {ENGINE_TEXT[self.engine]} has no "
                               "trusted source in awscalc",
                               "omit storage.iops and storage.throughput to price the gp3 "
                               "storage alone")
        included_iops, included_mbps = self.baseline(size)
        if iops is not None and Decimal(iops) < included_iops:
            raise resource.error(("storage", "iops"), f"gp3 storage of {_number(size)} GB "
                                 f"includes {_number(included_iops)} IOPS; {iops} is less",
                                 "omit iops for the included baseline")
        mbps = resource.quantity("storage", "throughput", kind=Kind.BITRATE)
        if mbps is not None and mbps / BYTES_PER_MB < included_mbps:
            raise resource.error(("storage", "throughput"), f"gp3 storage of {_number(size)} "
                                 f"GB includes {_number(included_mbps)} MB/s",
                                 "omit throughput for the included baseline")

    def _card(self, key: str, quantity: Decimal, unit: str, component: str) -> Usage:
        """A rate-card record; a key the card does not declare has no shipped rate."""
        if key not in declaration(SERVICE).meters:
            raise self.missing(component.split(" (")[0], self.region, fetched=False)
        return self.resource.usage(key, quantity, unit, component)

    # -- backup and Extended Support ---------------------------------------------------

    def backup_records(self) -> list[Usage]:
        """Backup storage, with this resource's provisioned storage as its share of the
        region's free allowance (a storage-only record when no backup is given)."""
        total = self.resource.quantity("backup_storage", kind=Kind.DATA)
        provisioned = Decimal(0)
        if self.resource.get("storage") is not None:
            provisioned = self.size * (self.count + self.replicas)
        if total is None:
            if not provisioned:
                return []
            return [self.resource.usage(
                "backup-storage", Decimal(0), "GB-month",
                f"Backup storage allowance ({_number(provisioned)} GB provisioned)",
                allowance=provisioned)]
        total /= BYTES_PER_GB
        return [self.resource.usage(
            "backup-storage", total, "GB-month",
            f"Backup storage ({_number(total)} GB; free up to 100 % of the region's "
            f"provisioned RDS storage, this resource's {_number(provisioned)} GB included)",
            allowance=provisioned)]

    def extended_support_records(self) -> list[Usage]:
        """vCPU-hours of every instance running a version in Extended Support."""
        settings = self.resource.get("extended_support")
        if settings is None:
            return []
        if self.engine not in EXTENDED_SUPPORT_ENGINES:
            raise self.resource.error(("extended_support",), "RDS Extended Support applies "
                                      f"to MySQL and PostgreSQL, not {ENGINE_TEXT[self.engine]}")
        vcpus = settings.get("vcpus") or VCPUS.get(self.instance_class)
        if vcpus is None:
            raise self.resource.error(("extended_support",), "awscalc does not know the "
                                      f"vCPUs of {self.instance_class}",
                                      "give extended_support.vcpus")
        instances = self.count * INSTANCES[self.deployment] + self.replicas
        year = settings["year"]
        key = f"{self._extended_support_group(settings['engine_version'], year)}-" + (
            "yr3" if year == 3 else "yr1-2")
        return [self.resource.usage(
            key, Decimal(vcpus) * instances * self.billed_hours, "vCPU-hour",
            f"Extended Support, {ENGINE_TEXT[self.engine]} {settings['engine_version']} year "
            f"{year} ({_number(instances)} instances incl. standbys and replicas × {vcpus} "
            "vCPUs)")]

    def _extended_support_group(self, version: str, year: int) -> str:
        """The card key prefix of ``version``'s Extended Support rates; exit 4 for a
        version (or year) no published rate covers."""
        parts = version.split(".")
        major = ".".join(parts[:2]) if self.engine == "mysql" else parts[0]
        group = EXTENDED_SUPPORT_GROUPS.get((self.engine, major))
        known = ", ".join(v for e, v in EXTENDED_SUPPORT_GROUPS if e == self.engine)
        if group is None:
            raise PricingError(
                f"{self.resource.name}: no price for RDS Extended Support of "
                f"{ENGINE_TEXT[self.engine]} {version}",
                f"AWS's RDS pricing lists Extended Support rates for "
                f"{ENGINE_TEXT[self.engine]} {known}")
        if year == 3 and (self.engine, major) in NO_YEAR_3:
            raise PricingError(
                f"{self.resource.name}: no price for RDS Extended Support year 3 of "
                f"{ENGINE_TEXT[self.engine]} {major}",
                "AWS's RDS pricing lists years 1 and 2 only for this version")
        return group

    # -- errors and commitments --------------------------------------------------------

    def missing(self, what: str, region: str, deployment: str | None = None,
                fetched: bool = True) -> PricingError:
        """The exit-4 error for a rate awscalc does not have: the ``pricing update``
        command that fetches it, or (``fetched`` false) that no rule of it does."""
        from awscalc.catalog import update_hint

        return PricingError(
            f"{self.resource.name}: no price for RDS {what} ({self.instance_class}, "
            f"engine {self.engine}, licence {self.license}, deployment "
            f"{deployment or self.deployment}, "
            f"{self.option.replace('_', '-')}) in region '{region}'",
            update_hint(SERVICE, region) if fetched else
            "awscalc has no rate for it and 'awscalc pricing update' does not fetch it; "
            "price it with a 'service: custom' line")

    def commitment(self, option: str, book: Any) -> tuple[dict[str, Any], Decimal, Decimal]:
        """The cost of reserving every instance (:func:`commitment.summary`), and its
        exact upfront and monthly amounts."""
        _, term, payment = option.split(":")
        upfront = monthly = Decimal(0)
        for deployment, instances, _ in self.groups():
            dims = self.dims(deployment, option)
            hourly = book.rate(SERVICE, "instance-hours", self.region, dims).tiers[0].rate
            monthly += hourly * instances * self.month_hours
            if payment != "no_upfront":
                upfront += book.rate(SERVICE, "reserved-upfront", self.region,
                                     dims).tiers[0].rate * instances
        return {"option": option, **commitment.summary(upfront, monthly, term)}, upfront, monthly

    def compare(self, book: Any) -> dict[str, Any]:
        """Every Reserved DB instance option of the catalog compared with On-Demand."""
        on_demand = sum((book.rate(SERVICE, "instance-hours", self.region,
                                   self.dims(deployment, "on_demand")).tiers[0].rate
                         * instances * self.billed_hours
                         for deployment, instances, _ in self.groups()), Decimal(0))
        options = [f"reserved:{term}:{payment}" for term in ("1yr", "3yr")
                   for payment in commitment.PAYMENT_TEXT]
        return commitment.compare(
            options, lambda option: self.commitment(option, book), on_demand,
            "Reserved DB instance", _reserved_text,
            f"no Reserved DB instance rates for these instances in {self.region} in the "
            f"rate catalog ('awscalc pricing update --service rds --region {self.region}' "
            "fetches them)")


def _reserved_text(option: str) -> str:
    """``reserved:1yr:no_upfront`` → ``1yr, no upfront``."""
    _, term, payment = option.split(":")
    return f"{term}, {commitment.PAYMENT_TEXT[payment]}"

def _number(value: Decimal | int) -> str:
    number = Decimal(value).normalize()
    if number == number.to_integral_value():
        return f"{number:,f}"
    return f"{number.quantize(Decimal('0.01')).normalize():,f}"

