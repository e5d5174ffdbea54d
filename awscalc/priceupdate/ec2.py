"""``awscalc pricing update`` for AmazonEC2: per-region offer files → the ``ec2`` catalog.

Input: one AmazonEC2 offer file per region (JSON or CSV, as AWS serves them) and,
optionally, one AWSComputeSavingsPlan file per region. Output: ``ec2.sqlite`` written
with :func:`awscalc.catalog.write_catalog`, in the vocabulary the EC2 calculator reads:

- ``instance-hours`` (per instance-hour), dimensions ``(instance_type,
  operating_system, software, tenancy, purchase_option)``;
- ``reserved-upfront`` (per instance, one-time), same dimensions, Partial and All
  Upfront Reserved Instances only;
- ``host-hours`` (per host-hour), dimensions ``(instance_family, purchase_option)``.

Rows are selected on exact attribute values (``../shared/pricing-facts-wave2.md`` F.1,
F.2), never on substrings:

- instances: ``capacitystatus`` ``Used``; ``locationType`` ``AWS Region`` (Outposts,
  Local and Wavelength Zones are other location types) and, where the file has it,
  ``regionCode`` equal to the file's region; ``operatingSystem`` Linux / Windows / RHEL /
  SUSE / Ubuntu Pro; ``licenseModel`` "No License required" or "License Included" (BYOL
  is not imported); ``preInstalledSw`` NA / SQL Web / SQL Std / SQL Ent; ``tenancy``
  Shared / Dedicated / Host with the matching usage type ``BoxUsage`` /
  ``DedicatedUsage`` / ``HostBoxUsage`` (any region prefix);
- Dedicated Hosts: ``productFamily`` ``Dedicated Host`` with usage type
  ``HostUsage:<family>`` and ``instanceType`` ``<family>``;
- terms: OnDemand ``JRTCKXETXF`` with one 0–Inf ``Hrs`` dimension; Reserved with
  ``LeaseContractLength`` 1yr / "1 yr" / 3yr / "3 yr", ``OfferingClass`` standard /
  convertible, ``PurchaseOption`` No / Partial / All Upfront (also "AllUpfront"); its
  ``Hrs`` dimension is the recurring rate, its ``Quantity`` dimension the upfront fee.

The JSON file is read as a stream (:mod:`.stream`): one pass indexes the selected
products by SKU (a small tuple each), then a pass over each term type looks every term
up in that index; nothing is rescanned per usage key. Rates go to a staging SQLite file
beside the destination, not to memory, so a region's hundreds of thousands of rates cost
no RAM; two products that give the same rate key with different prices are *ambiguous*:
both are dropped (a missing rate is an exit-4 error at estimate time, a guessed one would
be silent) and reported.

The EBS families of the same offer (``Storage``, ``System Operation``, ``Provisioned
Throughput``, ``Storage Snapshot``) are read in the same passes and returned as a plain
dict for the hand-written EBS card (:data:`EBS_RULES`, :data:`EBS_UNCONFIRMED`).
So are its zonal NAT gateway rows (``productFamily`` ``NAT Gateway``), for the
``data-transfer`` card's ``nat-gateway-hours`` and ``nat-gateway-data``
(:data:`NAT_RULES`): rules no real offer file has confirmed yet, so a region where they
select no single product keeps its current rate and the build says why
(:attr:`Ec2Build.nat_unmatched`). The io1 and io2 rows are read the same tentative way
(:data:`EBS_TENTATIVE_RULES`; io2's per-volume IOPS ladder only when all three tier rows
are there, :data:`EBS_LADDERS`): :attr:`Ec2Build.ebs_tentative`,
:attr:`Ec2Build.ebs_unmatched`.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import sqlite3
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from awscalc.catalog import CatalogKey, CatalogRate, CatalogSource, write_catalog
from awscalc.errors import PricingError
from awscalc.priceupdate import stream
from awscalc.priceupdate.mappings import REGION_PREFIXES

SERVICE = "ec2"
TITLE = "Amazon EC2"
OFFER_CODE = "AmazonEC2"
SP_OFFER_CODE = "AWSComputeSavingsPlan"
ON_DEMAND_TERM = "JRTCKXETXF"
INSTANCE_DIMENSIONS = ("instance_type", "operating_system", "software", "tenancy",
                       "purchase_option")
KEYS = (
    CatalogKey("instance-hours", "EC2 instance usage", "instance-hour", INSTANCE_DIMENSIONS),
    CatalogKey("reserved-upfront", "Reserved Instance upfront fee (one-time)", "instance",
               INSTANCE_DIMENSIONS),
    CatalogKey("host-hours", "EC2 Dedicated Host usage", "host-hour",
               ("instance_family", "purchase_option")),
)

OPERATING_SYSTEMS = {"Linux": "linux", "Windows": "windows", "RHEL": "rhel", "SUSE": "suse",
                     "Ubuntu Pro": "ubuntu_pro"}
SOFTWARE = {"NA": "none", "SQL Web": "sql_web", "SQL Std": "sql_standard",
            "SQL Ent": "sql_enterprise"}
LICENSE_MODELS = frozenset({"No License required", "License Included"})
TENANCIES = {"Shared": "shared", "Dedicated": "dedicated", "Host": "host"}
USAGE_KINDS = {"BoxUsage": "Shared", "DedicatedUsage": "Dedicated", "HostBoxUsage": "Host"}
LEASES = {"1yr": "1yr", "1 yr": "1yr", "3yr": "3yr", "3 yr": "3yr"}
OFFERING_CLASSES = frozenset({"standard", "convertible"})
PAYMENTS = {"No Upfront": "no_upfront", "Partial Upfront": "partial_upfront",
            "All Upfront": "all_upfront", "AllUpfront": "all_upfront"}
REGION_TYPE = "AWS Region"

# A usage type is an optional run of upper-case region prefixes ("EU-", "USE1-BOS1-")
# and the usage proper, which starts with a lower-case letter or "EBS:".
_USAGE = re.compile(r"(?P<prefix>(?:[A-Z0-9]+-)*)(?P<rest>(?:EBS:|[A-Z][a-z]).*)")
_INSTANCE_USAGE = re.compile(r"(?P<kind>BoxUsage|DedicatedUsage|HostBoxUsage)"
                             r"(?::(?P<type>[a-z0-9][a-z0-9.-]*))?")
_HOST_USAGE = re.compile(r"HostUsage:(?P<family>[a-z0-9][a-z0-9-]*)")
# ASCII digits (\d also takes Arabic-Indic ones), as many as offers.py allows
_PRICE = re.compile(r"[0-9]{1,9}(\.[0-9]{1,16})?")


@dataclass(frozen=True)
class EbsRule:
    """How one EBS usage type of the offer becomes a rate of the EBS card."""

    key: str
    family: str
    volume: str  # volumeApiName; "" where the product has none (snapshots)
    unit: str  # the offer file's unit, exactly
    divisor: int = 1  # offer unit per card unit (GiBps-mo → MiB/s-month: 1024)


# Usage type (without region prefix) → card key; each confirmed on a real offer file row
# (ligoj's eu-west-1 AmazonEC2 CSV, tests/data/offers/ec2/README.md).
EBS_RULES = {
    "EBS:VolumeUsage.gp2": EbsRule("gp2-storage", "Storage", "gp2", "GB-Mo"),
    "EBS:VolumeUsage.gp3": EbsRule("gp3-storage", "Storage", "gp3", "GB-Mo"),
    "EBS:VolumeP-IOPS.gp3": EbsRule("gp3-iops", "System Operation", "gp3", "IOPS-Mo"),
    # The file prices throughput per GiB/s-month ("$0.044 per provisioned MiBps-month"
    # says the row's description, at 45.056 per GiBps-mo): the card is per MB/s-month.
    "EBS:VolumeP-Throughput.gp3": EbsRule("gp3-throughput", "Provisioned Throughput", "gp3",
                                          "GiBps-mo", 1024),
    "EBS:VolumeUsage.st1": EbsRule("st1-storage", "Storage", "st1", "GB-Mo"),
    "EBS:VolumeUsage.sc1": EbsRule("sc1-storage", "Storage", "sc1", "GB-Mo"),
    "EBS:SnapshotUsage": EbsRule("snapshot-storage", "Storage Snapshot", "", "GB-Mo"),
}
# EBS card keys with no rule yet, and why: none is guessed.
EBS_UNCONFIRMED = {
    "standard-storage": "magnetic usage type (EBS:VolumeUsage) not seen in a real offer file",
    "standard-io": "magnetic I/O usage type (EBS:VolumeIOUsage) not seen in a real offer file",
    "snapshot-archive-storage": "EBS:SnapshotArchiveStorage: attributes and unit not seen "
                                "in a real offer file",
    "snapshot-archive-retrieval": "EBS:SnapshotArchiveRetrieval: attributes and unit not "
                                  "seen in a real offer file",
    "fast-snapshot-restore": "Fast Snapshot Restore usage type and DSU-hour unit not seen in "
                             "a real offer file",
}


@dataclass(frozen=True)
class TentativeEbsRule:
    """How one EBS usage type no real offer file has shown becomes a rate of the EBS
    card, or one tier of its ladder."""

    key: str
    family: str
    volume: str  # volumeApiName
    unit: str  # the offer file's unit, exactly
    tier: int = 0  # 1, 2, 3: the tier of the key's ladder (EBS_LADDERS); 0: a flat rate


# Usage type (after the region's own prefix, REGION_PREFIXES) → EBS card key. Tentative:
# no real offer file with io1 or io2 rows has been seen. The row shape (productFamily
# "Storage" / "System Operation", volumeApiName io1 / io2, units GB-Mo / IOPS-Mo) is
# from third-party copies of Price List rows: Infracost's aws EBS volume resource code,
# and the EBS pricing page's feed row names quoted in pricing/aws/ebs.yaml's notes.
# io1's usage types say "piops", not "io1".
EBS_TENTATIVE_RULES = {
    "EBS:VolumeUsage.io2": TentativeEbsRule("io2-storage", "Storage", "io2", "GB-Mo"),
    "EBS:VolumeP-IOPS.io2": TentativeEbsRule("io2-iops", "System Operation", "io2",
                                             "IOPS-Mo", 1),
    "EBS:VolumeP-IOPS.io2.tier2": TentativeEbsRule("io2-iops", "System Operation", "io2",
                                                   "IOPS-Mo", 2),
    "EBS:VolumeP-IOPS.io2.tier3": TentativeEbsRule("io2-iops", "System Operation", "io2",
                                                   "IOPS-Mo", 3),
    "EBS:VolumeUsage.piops": TentativeEbsRule("io1-storage", "Storage", "io1", "GB-Mo"),
    "EBS:VolumeP-IOPS.piops": TentativeEbsRule("io1-iops", "System Operation", "io1",
                                               "IOPS-Mo"),
}
# Upper bounds of a tiered key's tiers but the last. The file prices each io2 IOPS tier
# as its own usage type and gives no bounds: these are the EBS pricing page's ("up to
# 32,000 IOPS", "32,001 to 64,000", "greater than 64,000"), applied per volume.
EBS_LADDERS = {"io2-iops": (32000, 64000)}


@dataclass(frozen=True)
class NatRule:
    """How one NAT gateway usage type of the offer becomes a rate of the data-transfer
    card."""

    key: str
    unit: str  # the offer file's unit, exactly


NAT_CARD = "data-transfer"
NAT_FAMILY = "NAT Gateway"
NAT_OPERATION = "NatGateway"
# Usage type (after the region's own prefix, REGION_PREFIXES) → data-transfer card key.
# Tentative: no real offer file with NAT rows has been seen. The row shape (servicecode
# AmazonEC2, productFamily "NAT Gateway", usagetype "<prefix>-NatGateway-Hours" in Hrs and
# "-NatGateway-Bytes" in GB; us-east-1 unprefixed) is from third-party code that queries
# the Price List: Infracost internal/resources/aws/nat_gateway.go, plancosts'
# providers/terraform/aws/nat_gateway.py, AlexanderWiechert/open-costcalculator
# src/resources/nat_gateway/nat_gateway_filter.py. Exact names only: the regional NAT
# gateway ("RegionalNatGateway-Hours") and provisioned bandwidth ("NatGateway-Prvd-…")
# are other products at other prices.
NAT_RULES = {
    "NatGateway-Hours": NatRule("nat-gateway-hours", "Hrs"),
    "NatGateway-Bytes": NatRule("nat-gateway-data", "GB"),
}

# CSV column → JSON attribute name, for the attributes selection reads.
CSV_ATTRIBUTES = {
    "Product Family": "productFamily", "Location": "location",
    "Location Type": "locationType", "Region Code": "regionCode",
    "Instance Type": "instanceType", "Tenancy": "tenancy",
    "Operating System": "operatingSystem", "License Model": "licenseModel",
    "Pre Installed S/W": "preInstalledSw", "usageType": "usagetype",
    "operation": "operation", "CapacityStatus": "capacitystatus",
    "Volume API Name": "volumeApiName",
}
CSV_REQUIRED = ("SKU", "OfferTermCode", "TermType", "StartingRange", "EndingRange", "Unit",
                "PricePerUnit", "Product Family", "Location Type", "usageType")


@dataclass
class Provenance:
    """Where the input files came from, for the catalog's sources.

    ``urls`` maps a file to the URL it was downloaded from (default: the file's own
    path); ``retrieved`` is when the update ran (``YYYY-MM-DD…``).
    """

    retrieved: str
    urls: dict[Path, str] = field(default_factory=dict)
    source: str = "https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AmazonEC2/"


@dataclass
class RegionReport:
    """What one region's files gave: rates per key and what was left out, by reason."""

    rates: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    skipped: dict[str, int] = field(default_factory=lambda: defaultdict(int))


@dataclass
class Ec2Build:
    """The result of :func:`build_ec2`."""

    dest: Path
    count: int
    regions: dict[str, RegionReport]
    ambiguous: list[str]
    ebs: dict[str, dict[str, dict[str, Any]]]
    ebs_unconfirmed: dict[str, str]
    sources: list[CatalogSource]
    # data-transfer card rates of the NAT rules: key → region → {"rate": text}, and
    # (key, region) → why the tentative rule gave no rate there (its rate is kept).
    nat: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    nat_unmatched: dict[tuple[str, str], str] = field(default_factory=dict)
    # EBS card rates of the tentative io1/io2 rules (a ladder as {"tiers": […]}), and
    # (key, region) → why they gave no rate in a region whose file has EBS rows.
    ebs_tentative: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    ebs_unmatched: dict[tuple[str, str], str] = field(default_factory=dict)


@dataclass(frozen=True)
class _Instance:
    dims: tuple[str, str, str, str]  # instance_type, operating_system, software, tenancy


@dataclass(frozen=True)
class _Host:
    family: str


@dataclass(frozen=True)
class _Ebs:
    rule: EbsRule


@dataclass(frozen=True)
class _TentativeEbs:
    rule: TentativeEbsRule


@dataclass(frozen=True)
class _Nat:
    rule: NatRule


_Selected = _Instance | _Host | _Ebs | _TentativeEbs | _Nat


@dataclass
class _CardRates:
    """Card rates read beside the catalog (EBS, NAT): key → region → {"rate": text};
    a (key, region) given two different prices is dropped and remembered."""

    rates: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    conflicts: set[tuple[str, str]] = field(default_factory=set)

    def add(self, key: str, region: str, text: str) -> None:
        """Record one rate; a different second one makes the (key, region) ambiguous."""
        if (key, region) in self.conflicts:
            return
        entry = self.rates.setdefault(key, {})
        previous = entry.get(region)
        if previous is not None and previous["rate"] != text:
            del entry[region]
            if not entry:
                del self.rates[key]
            self.conflicts.add((key, region))
            return
        entry[region] = {"rate": text}


class _Staging:
    """Rates on disk while the files are read: one row per rate key, ambiguity marked."""

    BATCH = 20_000

    def __init__(self, path: Path) -> None:
        self.path = path
        path.unlink(missing_ok=True)
        self.connection = sqlite3.connect(path)
        self.connection.executescript(
            "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;"
            "CREATE TABLE staged(key TEXT, region TEXT, dims TEXT, rate TEXT, source INT,"
            " ambiguous INT NOT NULL DEFAULT 0, PRIMARY KEY(key, region, dims))"
            " WITHOUT ROWID;")
        self.pending: list[tuple[str, str, str, str, int]] = []

    def add(self, key: str, region: str, dims: tuple[str, ...], rate: str,
            source: int) -> None:
        """Stage one rate (``rate`` is normalised decimal text)."""
        self.pending.append((key, region, "|".join(dims), rate, source))
        if len(self.pending) >= self.BATCH:
            self.flush()

    def flush(self) -> None:
        """Write the pending rates; an equal duplicate is ignored, a different one marks
        the key ambiguous."""
        self.connection.executemany(
            "INSERT INTO staged(key, region, dims, rate, source) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT(key, region, dims) DO UPDATE SET ambiguous = 1 "
            "WHERE staged.rate != excluded.rate", self.pending)
        self.pending.clear()

    def ambiguous(self) -> list[str]:
        """Every ambiguous rate key, as text."""
        self.flush()
        return [f"{key} {region} {dims}" for key, region, dims in self.connection.execute(
            "SELECT key, region, dims FROM staged WHERE ambiguous = 1 ORDER BY 1, 2, 3")]

    def counts(self) -> list[tuple[str, str, int]]:
        """(region, key, number of unambiguous rates)."""
        self.flush()
        return list(self.connection.execute(
            "SELECT region, key, count(*) FROM staged WHERE ambiguous = 0 GROUP BY 1, 2"))

    def rates(self) -> Iterator[CatalogRate]:
        """The unambiguous rates, in key order."""
        self.flush()
        for key, region, dims, rate, source in self.connection.execute(
                "SELECT key, region, dims, rate, source FROM staged WHERE ambiguous = 0 "
                "ORDER BY key, region, dims"):
            yield CatalogRate(key, region, tuple(dims.split("|")), Decimal(rate), source)

    def close(self) -> None:
        """Close and delete the staging file."""
        self.connection.close()
        self.path.unlink(missing_ok=True)


class _Region:
    """Selection and term handling for one region's offer file."""

    def __init__(self, region: str, source: int, staging: _Staging,
                 report: RegionReport, ebs: _CardRates, nat: _CardRates,
                 tentative: _CardRates) -> None:
        self.region = region
        self.source = source
        self.staging = staging
        self.report = report
        self.ebs = ebs
        self.nat = nat
        # the tentative EBS rules' rates, a tier under "<key> tier <n>" (_tier_part)
        self.tentative = tentative
        self.products: dict[str, _Selected] = {}
        # What the file itself says, for mapping Savings Plan rates (see savings_plans).
        self.operations: dict[str, set[tuple[str, str]]] = defaultdict(set)
        self.prefixes: set[str] = set()

    # -- products ---------------------------------------------------------------------

    def select(self, attributes: dict[str, str], family: str) -> _Selected | None:
        """The rate family of a product, or None (counted under the reason)."""
        if attributes.get("locationType") != REGION_TYPE:
            return self._skip("not an AWS Region (Outposts, Local or Wavelength Zone)")
        code = attributes.get("regionCode")
        if code and code != self.region:
            return self._skip("another region's product")
        match = _USAGE.fullmatch(attributes.get("usagetype", ""))
        if match is None:
            return self._skip("other usage type")
        prefix, usage = match.group("prefix"), match.group("rest")
        if family == "Compute Instance":
            return self._instance(attributes, prefix, usage)
        if family == "Dedicated Host":
            return self._host(attributes, usage)
        if usage in NAT_RULES:
            return self._nat(attributes, family, prefix, NAT_RULES[usage])
        rule = EBS_RULES.get(usage)
        if rule is not None:
            if family != rule.family or attributes.get("volumeApiName", "") != rule.volume:
                return self._skip("EBS usage type with other attributes")
            return _Ebs(rule)
        tentative = EBS_TENTATIVE_RULES.get(usage)
        if tentative is not None:
            return self._tentative_ebs(attributes, family, prefix, tentative)
        return None

    def _instance(self, attributes: dict[str, str], prefix: str,
                  usage: str) -> _Selected | None:
        usage_match = _INSTANCE_USAGE.fullmatch(usage)
        if usage_match is None:
            return self._skip("instance usage type other than BoxUsage, DedicatedUsage, "
                              "HostBoxUsage (reservations, spot …)")
        if attributes.get("capacitystatus") != "Used":
            return self._skip("capacitystatus other than Used")
        tenancy = attributes.get("tenancy", "")
        if USAGE_KINDS[usage_match.group("kind")] != tenancy:
            return self._skip("tenancy does not match the usage type")
        instance_type = attributes.get("instanceType", "")
        named = usage_match.group("type")
        if not instance_type or (named is not None and named != instance_type):
            return self._skip("instance type does not match the usage type")
        system = OPERATING_SYSTEMS.get(attributes.get("operatingSystem", ""))
        if system is None:
            return self._skip("operating system not imported")
        if attributes.get("licenseModel") not in LICENSE_MODELS:
            return self._skip("licence model not imported (BYOL)")
        software = SOFTWARE.get(attributes.get("preInstalledSw", ""))
        if software is None:
            return self._skip("pre-installed software not imported")
        self.operations[attributes.get("operation", "")].add((system, software))
        self.prefixes.add(prefix)
        return _Instance((instance_type, system, software, TENANCIES[tenancy]))

    def _host(self, attributes: dict[str, str], usage: str) -> _Selected | None:
        host = _HOST_USAGE.fullmatch(usage)
        if host is None:
            return self._skip("Dedicated Host usage type other than HostUsage")
        if attributes.get("capacitystatus", "Used") not in ("Used", "AllocatedHost"):
            return self._skip("capacitystatus of a reservation")
        if attributes.get("instanceType") != host.group("family"):
            return self._skip("host family does not match the usage type")
        return _Host(host.group("family"))

    def _own_prefix(self, prefix: str) -> bool:
        """Whether ``prefix`` is this region's billing prefix: "USE1-BOS1-" (a Local Zone)
        or another region's prefix is another place's product."""
        return prefix in REGION_PREFIXES.get(self.region, ())

    def _nat(self, attributes: dict[str, str], family: str, prefix: str,
             rule: NatRule) -> _Selected | None:
        if not self._own_prefix(prefix):
            return self._skip("NAT gateway usage type without the region's own prefix")
        if family != NAT_FAMILY or attributes.get("operation") != NAT_OPERATION:
            return self._skip("NAT gateway usage type with other attributes")
        return _Nat(rule)

    def _tentative_ebs(self, attributes: dict[str, str], family: str, prefix: str,
                       rule: TentativeEbsRule) -> _Selected | None:
        if not self._own_prefix(prefix):
            return self._skip("EBS usage type without the region's own prefix")
        if family != rule.family or attributes.get("volumeApiName", "") != rule.volume:
            return self._skip("EBS usage type with other attributes")
        return _TentativeEbs(rule)

    def _skip(self, reason: str) -> None:
        self.report.skipped[reason] += 1
        return None

    # -- terms ------------------------------------------------------------------------

    def dimension(self, product: _Selected, term_type: str, term_code: str,
                  term_attributes: dict[str, str], unit: str, price: str, begin: str,
                  end: str, where: str) -> None:
        """Turn one price dimension of a selected product into a rate (or skip it)."""
        if term_type == "OnDemand":
            if term_code != ON_DEMAND_TERM:
                self._skip("OnDemand term other than JRTCKXETXF")
                return
            if begin not in ("0", "") or end not in ("Inf", ""):
                self._skip("tiered OnDemand dimension")
                return
            if isinstance(product, _Ebs):
                self._ebs(product.rule, unit, price, where)
            elif isinstance(product, _TentativeEbs):
                self._tentative_rate(product.rule, unit, price, where)
            elif isinstance(product, _Nat):
                self._nat_rate(product.rule, unit, price, where)
            elif unit != "Hrs":
                self._skip("OnDemand dimension not in Hrs")
            elif isinstance(product, _Instance):
                self._stage("instance-hours", (*product.dims, "on_demand"), price, where)
            else:
                self._stage("host-hours", (product.family, "on_demand"), price, where)
            return
        if term_type != "Reserved" or not isinstance(product, _Instance):
            if term_type == "Reserved":
                self._skip("Reserved term of a host, EBS or NAT gateway product")
            return
        lease = LEASES.get(term_attributes.get("LeaseContractLength", ""))
        offering = term_attributes.get("OfferingClass", "")
        payment = PAYMENTS.get(term_attributes.get("PurchaseOption", ""))
        if lease is None or offering not in OFFERING_CLASSES or payment is None:
            self._skip("Reserved term with other attributes")
            return
        option = f"reserved:{lease}:{offering}:{payment}"
        if unit == "Hrs":
            self._stage("instance-hours", (*product.dims, option), price, where)
        elif unit == "Quantity":
            if payment == "no_upfront":
                self._skip("upfront fee of a No Upfront term")
            else:
                self._stage("reserved-upfront", (*product.dims, option), price, where)
        else:
            self._skip("Reserved dimension in another unit")

    def _stage(self, key: str, dims: tuple[str, ...], price: str, where: str) -> None:
        self.staging.add(key, self.region, dims, _price(price, where), self.source)

    def _ebs(self, rule: EbsRule, unit: str, price: str, where: str) -> None:
        if unit != rule.unit:
            self._skip("EBS dimension in another unit")
            return
        value = Decimal(_price(price, where)) / rule.divisor
        self.ebs.add(rule.key, self.region, format(value.normalize(), "f"))

    def _tentative_rate(self, rule: TentativeEbsRule, unit: str, price: str,
                        where: str) -> None:
        if unit != rule.unit:
            self._skip("EBS dimension in another unit")
            return
        self.tentative.add(_tier_part(rule), self.region, _price(price, where))

    def _nat_rate(self, rule: NatRule, unit: str, price: str, where: str) -> None:
        if unit != rule.unit:
            self._skip("NAT gateway dimension in another unit")
            return
        self.nat.add(rule.key, self.region, _price(price, where))


def _price(text: str, where: str) -> str:
    if not isinstance(text, str) or not _PRICE.fullmatch(text):
        from awscalc.priceupdate.offers import _shown

        raise PricingError(f"{where}: price {_shown(text)} is not a USD amount")
    try:
        return format(Decimal(text).normalize(), "f")
    except InvalidOperation as exc:  # pragma: no cover - the pattern prevents it
        raise PricingError(f"{where}: price {text!r} is not a USD amount") from exc


# -- JSON ---------------------------------------------------------------------------------

def _read_json(path: Path, region: _Region, offer_code: str = OFFER_CODE
               ) -> stream.FileHeader:
    """Stream a per-region offer file's products and terms into ``region`` (any region
    collector with ``select`` and ``products``: the database builders use it too)."""
    header, _first = stream.json_header(path, ("products", "terms"))
    _check_header(path, header, offer_code)
    where = str(path)

    def handle(part: str, objects: list[Any]) -> None:
        if part == "products":
            for sku, product in objects:
                if not isinstance(product, dict) or not isinstance(
                        product.get("attributes"), dict):
                    raise PricingError(f"{path}: product {sku} has no attributes")
                attributes = {k: str(v) for k, v in product["attributes"].items()}
                selected = region.select(attributes, str(product.get("productFamily", "")))
                if selected is not None:
                    region.products[sku] = selected
            return
        term_type = "OnDemand" if part == "on_demand" else "Reserved"
        for sku, terms in objects:
            product = region.products.get(sku)
            if product is None:
                continue
            if not isinstance(terms, dict):
                raise PricingError(f"{path}: malformed {term_type} terms of SKU {sku}")
            for term in terms.values():
                _json_term(region, product, term_type, term, f"{where}: SKU {sku}")

    stream.stream_json(path, {"products": "products", "on_demand": "terms.OnDemand",
                              "reserved": "terms.Reserved"}, handle)
    return header


def _json_term(region: _Region, product: _Selected, term_type: str, term: Any,
               where: str) -> None:
    if not isinstance(term, dict) or not isinstance(term.get("priceDimensions"), dict):
        raise PricingError(f"{where}: malformed {term_type} term")
    attributes = term.get("termAttributes") or {}
    if not isinstance(attributes, dict):
        raise PricingError(f"{where}: malformed termAttributes")
    attributes = {k: str(v) for k, v in attributes.items()}
    code = str(term.get("offerTermCode", ""))
    for dimension in term["priceDimensions"].values():
        if not isinstance(dimension, dict) or not isinstance(dimension.get("pricePerUnit"),
                                                             dict):
            raise PricingError(f"{where}: malformed price dimension")
        region.dimension(product, term_type, code, attributes, str(dimension.get("unit", "")),
                         dimension["pricePerUnit"].get("USD"),
                         str(dimension.get("beginRange", "")),
                         str(dimension.get("endRange", "")), where)


def _check_header(path: Path, header: stream.FileHeader, code: str) -> None:
    if header.offer_code and header.offer_code != code:
        raise PricingError(f"{path}: not the {code} offer file (offerCode "
                           f"{header.offer_code!r})")


# -- CSV ----------------------------------------------------------------------------------

def _read_csv(path: Path, region: _Region, offer_code: str = OFFER_CODE,
              columns: dict[str, str] = CSV_ATTRIBUTES) -> stream.FileHeader:
    """Read a per-region CSV offer file into ``region``; ``columns`` maps the CSV column
    names to the JSON attribute names the region's rules select on."""
    with stream.open_text(path) as handle:
        table = stream.read_csv(path, handle, CSV_REQUIRED)
        _check_header(path, table.header, offer_code)
        present = {column: name for column, name in columns.items()
                   if column in table.columns}
        cache: dict[str, _Selected | None] = {}
        for row in table.rows:
            sku = row["SKU"]
            if sku in cache:
                product = cache[sku]
            else:
                attributes = {name: row[column] for column, name in present.items()}
                product = region.select(attributes, attributes.get("productFamily", ""))
                cache[sku] = product
            if product is None:
                continue
            term_attributes = {name: row.get(name, "") for name in
                               ("LeaseContractLength", "OfferingClass", "PurchaseOption")}
            region.dimension(product, row["TermType"], row["OfferTermCode"], term_attributes,
                             row["Unit"], row["PricePerUnit"], row["StartingRange"],
                             row["EndingRange"], f"{path}: SKU {sku}")
    return table.header


# -- the entry point ---------------------------------------------------------------------

def sha256_of(path: Path) -> str:
    """The sha256 of a file, read in chunks."""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            while chunk := handle.read(stream.CHUNK):
                digest.update(chunk)
    except OSError as exc:
        raise PricingError(f"cannot read {path}: {exc.strerror or exc}") from exc
    return digest.hexdigest()


def build_ec2(files: dict[str, Path], sp_files: dict[str, Path], dest: Path,
              provenance: Provenance) -> Ec2Build:
    """Build the ``ec2`` catalog at ``dest`` from per-region offer files.

    ``files`` maps a region code to its AmazonEC2 offer file (``.json`` or ``.csv``);
    ``sp_files`` maps a region code to its AWSComputeSavingsPlan file (a region in
    ``sp_files`` must also be in ``files``: the offer file says which operation code is
    which operating system). ``dest`` is written atomically. A malformed file is a
    :class:`PricingError` naming it; nothing is written then.
    """
    from awscalc.priceupdate.savings_plans import read_savings_plans

    unknown = sorted(set(sp_files) - set(files))
    if unknown:
        raise PricingError(f"Savings Plan files for {', '.join(unknown)} without the "
                           "region's AmazonEC2 offer file")
    sources = [CatalogSource(
        source=provenance.source, retrieved=provenance.retrieved[:10], verified=True,
        note="AWS Price List Bulk API: AmazonEC2 and AWSComputeSavingsPlan per-region "
             "files, read by 'awscalc pricing update'")]
    staging = _Staging(dest.with_name(f".{dest.name}.staging-{os.getpid()}"))
    reports: dict[str, RegionReport] = {}
    ebs, nat, tentative = _CardRates(), _CardRates(), _CardRates()
    try:
        for region_code in sorted(files):
            path = files[region_code]
            report = reports[region_code] = RegionReport()
            region = _Region(region_code, len(sources), staging, report, ebs, nat,
                             tentative)
            reader = _read_json if stream.file_format(path) == "json" else _read_csv
            header = reader(path, region)
            sources.append(_source(path, header, OFFER_CODE, provenance))
            sp_path = sp_files.get(region_code)
            if sp_path is not None:
                region.source = len(sources)
                sp_header = read_savings_plans(sp_path, region)
                sources.append(_source(sp_path, sp_header, SP_OFFER_CODE, provenance))
            region.products.clear()
        ambiguous = staging.ambiguous()
        try:
            count = write_catalog(dest, service=SERVICE, title=TITLE, sources=sources,
                                  keys=KEYS, rates=staging.rates())
        except ValueError as exc:  # a row the catalog refuses: a price of $10^7 or more…
            raise PricingError(f"{dest.name}: {str(exc)[:200]}") from exc
        for region_code, key, number in staging.counts():
            reports[region_code].rates[key] = number
    finally:
        with contextlib.suppress(sqlite3.Error):
            staging.close()
    for card, rates in (("ebs", ebs), ("ebs", tentative), (NAT_CARD, nat)):
        ambiguous += [f"{card} {key} {region_code}"
                      for key, region_code in sorted(rates.conflicts)]
    ebs_tentative, ebs_unmatched = tentative_ebs(tentative, _ebs_regions(ebs, tentative))
    return Ec2Build(dest=dest, count=count, regions=reports, ambiguous=ambiguous,
                    ebs=ebs.rates, ebs_unconfirmed=dict(EBS_UNCONFIRMED), sources=sources,
                    nat=nat.rates, nat_unmatched=nat_unmatched(nat, sorted(files)),
                    ebs_tentative=ebs_tentative, ebs_unmatched=ebs_unmatched)


def _tier_part(rule: TentativeEbsRule) -> str:
    """The name a tentative rule's rate is collected under: its key, or a tier of it."""
    return f"{rule.key} tier {rule.tier}" if rule.tier else rule.key


def _ebs_regions(ebs: _CardRates, tentative: _CardRates) -> list[str]:
    """The regions whose file gave some EBS price: a file with no EBS row at all (an
    excerpt) says nothing about io1 or io2 there."""
    regions = {region for regional in (*ebs.rates.values(), *tentative.rates.values())
               for region in regional}
    regions |= {region for _key, region in (*ebs.conflicts, *tentative.conflicts)}
    return sorted(regions)


def tentative_ebs(parts: _CardRates, regions: list[str]
                  ) -> tuple[dict[str, dict[str, dict[str, Any]]], dict[tuple[str, str], str]]:
    """The EBS card rates of the tentative rules for ``regions`` (a ladder only when every
    tier's row gave one price), and (key, region) → why there is none."""
    rules: dict[str, list[tuple[str, TentativeEbsRule]]] = defaultdict(list)
    for usage, rule in EBS_TENTATIVE_RULES.items():
        rules[rule.key].append((usage, rule))
    rates: dict[str, dict[str, dict[str, Any]]] = {}
    why: dict[tuple[str, str], str] = {}
    for key, used in rules.items():
        used.sort(key=lambda pair: pair[1].tier)  # a ladder's tiers, lowest first
        for region in regions:
            found = [parts.rates.get(_tier_part(rule), {}).get(region) for _u, rule in used]
            if all(found):
                rates.setdefault(key, {})[region] = _ebs_value(key, [f["rate"] for f in found])
                continue
            missing = [rule for (_u, rule), value in zip(used, found, strict=True)
                       if value is None]
            why[(key, region)] = _tentative_why(parts, region, used, missing)
    return rates, why


def _ebs_value(key: str, prices: list[str]) -> dict[str, Any]:
    """A flat rate, or the ladder of a tiered key (its bounds from EBS_LADDERS)."""
    bounds = EBS_LADDERS.get(key)
    if bounds is None:
        return {"rate": prices[0]}
    tiers: list[dict[str, Any]] = [{"up_to": bound, "rate": price}
                                   for bound, price in zip(bounds, prices, strict=False)]
    return {"tiers": [*tiers, {"rate": prices[-1]}]}


def _tentative_why(parts: _CardRates, region: str, used: list[tuple[str, TentativeEbsRule]],
                   missing: list[TentativeEbsRule]) -> str:
    """Why the tentative rules of one key gave no rate in ``region`` (no "; " in it)."""
    first = used[0][1]
    usages = " / ".join(usage for usage, _rule in used)
    problems = [(f"tier {rule.tier}: " if rule.tier else "")
                + _what_was_found(parts, _tier_part(rule), region) for rule in missing]
    whole = " (a partial ladder is never written)" if len(used) > 1 else ""
    return _unconfirmed(usages, region, f"productFamily={first.family}, volumeApiName="
                        f"{first.volume}, OnDemand in {first.unit}",
                        ", ".join(problems) + whole)


def _what_was_found(rates: _CardRates, key: str, region: str) -> str:
    """Why a rule gave no rate for ``key`` in ``region``."""
    return ("two products gave different prices" if (key, region) in rates.conflicts
            else "no product matched")


def _unconfirmed(usages: str, region: str, attributes: str, problem: str) -> str:
    """Why an unconfirmed rule selecting ``usages`` (with the region's own prefix) and
    ``attributes`` gave no rate in ``region`` (no "; " in it: a kept rate's note)."""
    prefixes = " or ".join(p or "none" for p in REGION_PREFIXES.get(region, ()))
    return (f"the unconfirmed Price List rule usagetype={usages} with prefix "
            f"{prefixes or 'unknown'}, {attributes} selected nothing usable: {problem}")


def nat_unmatched(nat: _CardRates, regions: list[str]) -> dict[tuple[str, str], str]:
    """(key, region) → why the tentative NAT rule gave no rate for a region read."""
    why: dict[tuple[str, str], str] = {}
    for usage, rule in NAT_RULES.items():
        for region in regions:
            if region in nat.rates.get(rule.key, {}):
                continue
            why[(rule.key, region)] = _unconfirmed(
                usage, region, f"productFamily={NAT_FAMILY}, operation={NAT_OPERATION}, "
                f"OnDemand in {rule.unit}", _what_was_found(nat, rule.key, region))
    return why


def _source(path: Path, header: stream.FileHeader, code: str,
            provenance: Provenance) -> CatalogSource:
    url = provenance.urls.get(path, str(path))
    return CatalogSource(
        source=url, retrieved=provenance.retrieved[:10], verified=True,
        note=f"{code} version {header.version or '?'}, published "
             f"{header.publication_date or '?'}, sha256 {sha256_of(path)}")


# -- reading the Bulk API (or a folder laid out like it) -----------------------------------

def _region_urls(source: Any, path: str, what: str) -> dict[str, str]:
    """Region code → file path, from an offer or Savings Plan region index."""
    raw, document = source.fetch_json(path)
    regions = document.get("regions")
    if isinstance(regions, list):  # Savings Plan region indexes: [{regionCode, versionUrl}]
        return {str(r.get("regionCode")): r["versionUrl"] for r in regions
                if isinstance(r, dict) and isinstance(r.get("versionUrl"), str)}
    if not isinstance(regions, dict):
        raise PricingError(f"{raw.url}: region index of {what} has no 'regions'")
    return {code: entry["currentVersionUrl"] for code, entry in regions.items()
            if isinstance(entry, dict) and isinstance(entry.get("currentVersionUrl"), str)}


def _fetch_offer(source: Any, path: str) -> Any:
    """Fetch a per-region file; in a ``--source`` folder, ``index.csv`` stands in for a
    missing ``index.json`` (a user may have downloaded either)."""
    if source.directory is not None and path.endswith(".json"):
        csv_path = path[:-len(".json")] + ".csv"
        if (not Path(source.url_of(path)).is_file()
                and Path(source.url_of(csv_path)).is_file()):
            path = csv_path
    return source.fetch(path)


def update_ec2(source: Any, offers_index: dict[str, Any], regions: list[str],
               dest: Path, retrieved: str) -> Ec2Build:
    """Fetch the selected regions' AmazonEC2 and AWSComputeSavingsPlan files from
    ``source`` (an :class:`awscalc.priceupdate.fetch.Source`) and build ``dest``.

    ``offers_index`` is the ``offers`` object of ``/offers/v1.0/aws/index.json``. Only
    the selected regions' files are fetched. The Savings Plan files are optional: an
    index without ``currentSavingsPlanIndexUrl`` (or a region missing from it) gives a
    catalog without Savings Plan rates for that region.
    """
    entry = offers_index.get(OFFER_CODE)
    if not isinstance(entry, dict) or not isinstance(entry.get("currentRegionIndexUrl"), str):
        raise PricingError("the Price List index has no AmazonEC2 region index")
    if not regions:
        raise PricingError("service 'ec2': choose the regions to fetch with --region "
                           "(each AmazonEC2 region file is hundreds of MB)")
    offer_paths = _region_urls(source, entry["currentRegionIndexUrl"], OFFER_CODE)
    sp_index = entry.get("currentSavingsPlanIndexUrl")
    sp_paths = (_region_urls(source, sp_index, SP_OFFER_CODE)
                if isinstance(sp_index, str) else {})
    files: dict[str, Path] = {}
    sp_files: dict[str, Path] = {}
    urls: dict[Path, str] = {}
    for region in regions:
        if region not in offer_paths:
            raise PricingError(f"service 'ec2': the AmazonEC2 region index has no region "
                               f"'{region}'")
        raw = _fetch_offer(source, offer_paths[region])
        files[region] = raw.file
        urls[raw.file] = source.canonical_url(raw.path)
        if region in sp_paths:
            raw = _fetch_offer(source, sp_paths[region])
            sp_files[region] = raw.file
            urls[raw.file] = source.canonical_url(raw.path)
    return build_ec2(files, sp_files, dest, Provenance(retrieved=retrieved, urls=urls))
