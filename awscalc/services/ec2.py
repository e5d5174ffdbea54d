"""Amazon EC2: instances (On-Demand, Reserved, Savings Plans, Spot; shared, dedicated or
host tenancy), their EBS volumes, CPU credits and data transfer out.

Instance hours are catalog rates (:mod:`awscalc.catalog`) found by the dimensions
``(instance_type, operating_system, software, tenancy, purchase_option)``. Billing rules:

- **Per-second billing, 60-second minimum per start** for Linux, Windows (with or without
  SQL Server) and Ubuntu; **whole hours** for the commercial Linux distributions RHEL and
  SUSE ("Per-second billing is available for instances using an open-source Linux
  distribution, such as Amazon Linux and Ubuntu. Per-hour billing is used for commercial
  Linux distributions, such as Red Hat Enterprise Linux and SUSE Linux Enterprise
  Server", AWS whitepaper *Cost optimization: reservation models*, "Usage billing";
  Windows per second: EC2 On-Demand pricing page). ``starts`` splits ``hours`` into runs.
- **Reserved Instances and Savings Plans** are paid for every hour of the term, used or
  not: the recurring part is billed for the whole month whatever ``hours`` says; an
  upfront payment is a one-time line. A Savings Plan's upfront share follows the AWS
  Pricing Calculator (partial upfront = 50 % of the term's commitment, all upfront =
  100 %; from a third-party copy of its output, so the report says so).
- **Spot**: AWS publishes no fixed Spot price; the user gives ``spot_price`` ($/hour) or
  ``spot_discount`` (off the On-Demand rate) — never a default.
- **Dedicated Instances** pay the dedicated hourly rate plus a per-region fee while any
  runs (an unverified rate); **Dedicated Hosts** pay per host-hour by family, and the
  instances on a host nothing more.
- **Scheduled Reserved Instances** can no longer be bought (EC2 User Guide,
  "Scheduled Reserved Instances": "We do not have any capacity for purchasing Scheduled
  Reserved Instances or any plans to make it available in the future").

For an On-Demand resource the priced phase compares every Reserved Instance and Savings
Plan whose rates the catalog has: effective monthly cost and the month it pays off.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal
from typing import Any

from awscalc.errors import PricingError
from awscalc.model import LineItem, ResourceUsage, Usage
from awscalc.numbers import money, money_rate, round_cents
from awscalc.services import ebs
from awscalc.services.commitment import (
    PAYMENT_TEXT,
    compare,
    effective_summary,
    summary,
    years,
)
from awscalc.spec import Resource
from awscalc.units import BYTES_PER_GB, SECONDS_PER_HOUR, Kind

SERVICE = "ec2"
DIMENSIONS = ("instance_type", "operating_system", "software", "tenancy", "purchase_option")
HOURS_PER_YEAR = Decimal(8760)
PER_SECOND = {"linux", "windows", "ubuntu_pro"}
MINIMUM_SECONDS = Decimal(60)
SOFTWARE = {None: "none", "web": "sql_web", "standard": "sql_standard",
            "enterprise": "sql_enterprise"}
# The AWS Pricing Calculator's upfront share of a Savings Plan's commitment (3P-calc).
SP_UPFRONT_SHARE = {"no_upfront": Decimal(0), "partial_upfront": Decimal("0.5"),
                    "all_upfront": Decimal(1)}
SP_TEXT = {"compute": "Compute Savings Plan", "ec2_instance": "EC2 Instance Savings Plan"}
_CREDITS = re.compile(r"^\s*([0-9]+(?:\.[0-9]+)?)\s*(?:vCPU-hours?)?\s*$")


def usage(resource: Resource) -> ResourceUsage:
    """Usage records and warnings for one EC2 resource (Spot hours are priced by
    :func:`priced_usage`)."""
    plan = _Plan.of(resource)
    records: list[Usage] = []
    warnings: list[str] = []
    if plan.tenancy == "host":
        records.append(plan.host_hours())
    elif plan.purchase == "on_demand":
        records.append(plan.instance_hours("on_demand", plan.billed_hours,
                                           "Instance hours, On-Demand"))
    elif plan.purchase == "reserved":
        records += plan.reserved()
        warnings += plan.idle_commitment_warning("Reserved Instance")
    elif plan.purchase == "savings_plan":
        records += plan.savings_plan()
        warnings += plan.idle_commitment_warning("Savings Plan commitment")
    if plan.tenancy == "dedicated":
        records.append(resource.usage("dedicated-region-fee", plan.hours, "region-hour",
                                      "Dedicated Instances per-region fee"))
    records += _cpu_credits(resource, plan)
    for index, _ in enumerate(resource.get("volumes", default=[])):
        records += ebs.volume_usage(resource, ("volumes", index), plan.count, plan.seconds)
    out = resource.quantity("data_transfer_out", kind=Kind.DATA_PER_MONTH)
    if out is not None:
        records.append(resource.usage("internet-out", out / BYTES_PER_GB, "GB",
                                      "Data transfer out to the internet",
                                      service="data-transfer"))
    return ResourceUsage(records=tuple(records), warnings=tuple(warnings))


def priced_usage(resource: Resource, book: Any) -> ResourceUsage:
    """:func:`usage`, plus the Spot hours priced at the user's Spot price or discount."""
    result = usage(resource)
    plan = _Plan.of(resource)
    if plan.purchase != "spot" or plan.tenancy == "host":
        return result
    item, summary = _spot(resource, plan, book)
    result.priced = (item,)
    result.details = {**result.details, "summary": [summary]}
    return result


def priced_details(resource: Resource, details: dict[str, Any], book: Any) -> dict[str, Any]:
    """After rating: the effective monthly cost of a commitment, or — for an On-Demand
    resource — what each Reserved Instance and Savings Plan in the catalog would cost."""
    plan = _Plan.of(resource)
    if plan.tenancy == "host" or plan.purchase == "spot":
        return {}
    if plan.purchase in ("reserved", "savings_plan"):
        option = plan.reserved_option if plan.purchase == "reserved" else plan.sp_option
        found, _, _ = _commitment(plan, option, book)
        return {"commitment": found, "summary": [effective_summary(found)]}
    return _compare_commitments(plan, book)


class _Plan:
    """A resource's EC2 settings, checked and in billing terms."""

    def __init__(self, resource: Resource) -> None:
        self.resource = resource
        self.instance_type: str = resource.get("instance_type")
        self.count = Decimal(resource.get("count", default=1))
        self.operating_system: str = resource.get("operating_system", default="linux")
        sql = resource.get("sql_server")
        if sql is not None and self.operating_system != "windows":
            raise resource.error(("sql_server",), "SQL Server is priced on Windows only",
                                 "add operating_system: windows")
        self.software = SOFTWARE[sql]
        self.tenancy: str = resource.get("tenancy", default="shared")
        self.purchase: str = resource.get("purchase", default="on_demand")
        self._check_purchase()
        self.month_hours = resource.source.month_hours
        seconds = resource.seconds_in_month("hours", what="an instance")
        self.seconds = seconds
        self.hours = seconds / SECONDS_PER_HOUR
        self.billed_hours = self._billed_hours(Decimal(resource.get("starts", default=1)))

    @classmethod
    def of(cls, resource: Resource) -> _Plan:
        """The plan of ``resource``."""
        return cls(resource)

    def _check_purchase(self) -> None:
        resource, purchase = self.resource, self.purchase
        if purchase == "scheduled_reserved":
            raise resource.error(("purchase",), "Scheduled Reserved Instances can no longer "
                                 "be purchased (AWS has no capacity for them)",
                                 "use On-Demand Capacity Reservations (purchase: on_demand) "
                                 "or a Savings Plan (purchase: savings_plan)")
        for key, needed in (("reserved", "reserved"), ("savings_plan", "savings_plan")):
            if resource.get(key) is not None and purchase != needed:
                raise resource.error((key,), f"'{key}' applies to purchase: {needed}",
                                     f"set purchase: {needed} or remove '{key}'")
            if purchase == needed and resource.get(key) is None:
                raise resource.error(("purchase",), f"purchase: {needed} needs '{key}'",
                                     "e.g. {term: 1yr, payment: partial_upfront}")
        spot_keys = [k for k in ("spot_price", "spot_discount") if resource.get(k) is not None]
        if spot_keys and purchase != "spot":
            raise resource.error((spot_keys[0],), f"'{spot_keys[0]}' applies to purchase: spot")
        if purchase == "spot" and len(spot_keys) != 1:
            raise resource.error(("purchase",), "purchase: spot needs exactly one of "
                                 "spot_price or spot_discount",
                                 "AWS publishes no fixed Spot price: give the price you "
                                 "expect ($/hour) or the discount off On-Demand")
        if self.tenancy == "host" and purchase != "on_demand":
            raise resource.error(("purchase",), "Dedicated Hosts are priced On-Demand only",
                                 "remove purchase, or use tenancy: dedicated")
        if resource.get("hosts") is not None and self.tenancy != "host":
            raise resource.error(("hosts",), "'hosts' applies to tenancy: host")

    def _billed_hours(self, starts: Decimal) -> Decimal:
        """Hours billed per instance: per second with a 60-second minimum per start, or
        whole hours per start (RHEL, SUSE)."""
        if not self.seconds:
            return Decimal(0)
        run = self.seconds / starts
        if self.operating_system in PER_SECOND:
            return max(run, MINIMUM_SECONDS) * starts / SECONDS_PER_HOUR
        return Decimal(math.ceil(run / SECONDS_PER_HOUR)) * starts

    def dims(self, option: str) -> tuple[str, ...]:
        """The catalog dimensions of this resource's instances under ``option``."""
        return (self.instance_type, self.operating_system, self.software, self.tenancy,
                option)

    def instance_hours(self, option: str, hours: Decimal, label: str,
                       one_time: bool = False) -> Usage:
        """``hours`` per instance of instance hours under purchase ``option``."""
        return self.resource.usage("instance-hours", hours * self.count, "instance-hour",
                                   f"{label} ({self.describe()})", dims=self.dims(option),
                                   one_time=one_time)

    def describe(self) -> str:
        """``4 × m5.large, Linux``."""
        software = "" if self.software == "none" else f" + {self.software.replace('_', ' ')}"
        tenancy = "" if self.tenancy == "shared" else f", {self.tenancy}"
        return (f"{_number(self.count)} × {self.instance_type}, {self.operating_system}"
                f"{software}{tenancy}")

    def host_hours(self) -> Usage:
        """Dedicated Host hours of the instance type's family."""
        hosts = Decimal(self.resource.get("hosts", default=1))
        family = self.instance_type.split(".")[0]
        return self.resource.usage("host-hours", hosts * self.billed_hours, "host-hour",
                                   f"Dedicated Host hours ({_number(hosts)} × {family} host)",
                                   dims=(family, "on_demand"))

    @property
    def reserved_option(self) -> str:
        """``reserved:1yr:standard:partial_upfront``."""
        settings = self.resource.get("reserved")
        return (f"reserved:{settings['term']}:{settings.get('class', 'standard')}:"
                f"{settings.get('payment', 'no_upfront')}")

    @property
    def sp_option(self) -> str:
        """``savings_plan:compute:3yr:no_upfront``."""
        settings = self.resource.get("savings_plan")
        return (f"savings_plan:{settings.get('type', 'compute')}:{settings['term']}:"
                f"{settings.get('payment', 'no_upfront')}")

    def reserved(self) -> list[Usage]:
        """The recurring hours of every hour of the month, and the upfront fee."""
        option = self.reserved_option
        _, term, offering, payment = option.split(":")
        text = f"{term} {offering}, {PAYMENT_TEXT[payment]}"
        records = [self.instance_hours(option, self.month_hours,
                                       f"Reserved Instance hours ({text})")]
        if payment != "no_upfront":
            records.append(self.resource.usage(
                "reserved-upfront", self.count, "instance",
                f"Reserved Instance upfront fee ({text}; {self.describe()})",
                dims=self.dims(option), one_time=True))
        return records

    def savings_plan(self) -> list[Usage]:
        """The Savings Plan's commitment: the monthly part and the upfront part, both at
        the plan's rate for these instances."""
        option = self.sp_option
        _, kind, term, payment = option.split(":")
        share = SP_UPFRONT_SHARE[payment]
        text = f"{SP_TEXT[kind]}, {term}, {PAYMENT_TEXT[payment]}"
        records = []
        if share < 1:
            records.append(self.instance_hours(option, self.month_hours * (1 - share),
                                               f"Savings Plan commitment ({text})"))
        if share > 0:
            hours = HOURS_PER_YEAR * years(term) * share
            records.append(self.instance_hours(
                option, hours, f"Savings Plan upfront ({text}: {share:.0%} of the term's "
                "commitment, as the AWS Pricing Calculator splits it)", one_time=True))
        return records

    def idle_commitment_warning(self, what: str) -> list[str]:
        """A warning when the instances run less than the month they are paid for."""
        if self.hours >= self.month_hours:
            return []
        return [f"a {what} is billed for every hour of its term: {_hours(self.seconds)} h "
                f"of use a month still pays {_number(self.month_hours)} h"]


def _cpu_credits(resource: Resource, plan: _Plan) -> list[Usage]:
    value = resource.get("cpu_credits")
    if value is None:
        return []
    match = _CREDITS.match(str(value)) if not isinstance(value, bool) else None
    if match is None:
        raise resource.error(("cpu_credits",), f"'{value}' is not a number of vCPU-hours",
                             "e.g. '100 vCPU-hours'")
    if not plan.instance_type.startswith("t"):
        raise resource.error(("cpu_credits",), f"{plan.instance_type} is not a burstable "
                             "(T-family) instance type")
    if plan.operating_system != "linux":
        raise PricingError(f"{resource.name}: surplus CPU credits are priced for Linux only",
                           "the EC2 card holds the Linux credit rates only")
    # T4g credits cost less than T2/T3 ones ($0.04 against $0.05 a vCPU-hour, EC2
    # On-Demand pricing page, "T2/T3/T4g Unlimited Mode Pricing").
    if plan.instance_type.startswith("t4g."):
        return [resource.usage("cpu-credits-linux-t4g", Decimal(match.group(1)), "vCPU-hour",
                               "Surplus CPU credits (T4g unlimited)")]
    return [resource.usage("cpu-credits-linux", Decimal(match.group(1)), "vCPU-hour",
                           "Surplus CPU credits (T-family unlimited)")]


def _spot(resource: Resource, plan: _Plan, book: Any) -> tuple[LineItem, str]:
    hours = plan.billed_hours * plan.count
    given = resource.get("spot_price")
    if given is not None:
        rate = _spot_price(resource, given)
        basis = "the Spot price you gave"
    else:
        discount = resource.quantity("spot_discount", kind=Kind.PERCENT)
        if not 0 <= discount < 1:
            raise resource.error(("spot_discount",), "a Spot discount is between 0% and 100%")
        on_demand = book.rate(SERVICE, "instance-hours", resource.region,
                              plan.dims("on_demand")).tiers[0].rate
        rate = on_demand * (1 - discount)
        basis = f"On-Demand {money_rate(on_demand)} less the {discount:.0%} discount you gave"
    cost = round_cents(hours * rate)
    formula = f"{_number(hours)} instance-hours × ${rate.normalize():f} ({basis}) = {money(cost)}"
    item = LineItem(resource=resource.name, service=SERVICE, region=resource.region,
                    component=f"Spot instance hours ({plan.describe()})", key="spot-hours",
                    quantity=hours, unit="instance-hour", rate=rate, per=Decimal(1), cost=cost,
                    formula=formula, verified=True,
                    dimensions=tuple(zip(DIMENSIONS, plan.dims("spot"), strict=True)))
    summary = ("Spot: AWS publishes no fixed Spot price; priced at "
               f"${rate.normalize():f} an hour ({basis})")
    return item, summary


_PRICE = re.compile(r"^\s*\$?([0-9]{1,6}(?:\.[0-9]{1,10})?)\s*$")


def _spot_price(resource: Resource, value: object) -> Decimal:
    """A Spot price in $ per instance-hour: 0 to 999,999 with up to 10 decimals."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise resource.error(("spot_price",), "expected a price in $ per hour, e.g. 0.035")
    text = repr(value) if isinstance(value, float) else str(value)
    match = _PRICE.match(text)
    if match is None:
        raise resource.error(("spot_price",), f"'{text}' is not a price in $ per hour",
                             "e.g. 0.035 or '$0.035'")
    return Decimal(match.group(1))


def _commitment(plan: _Plan, option: str, book: Any
                ) -> tuple[dict[str, Any], Decimal, Decimal]:
    """The cost of ``option`` for the resource — upfront, monthly, effective monthly and
    term total (:func:`awscalc.services.commitment.summary`) — and the exact upfront and
    monthly amounts."""
    kind, first, second, payment = option.split(":")
    term = first if kind == "reserved" else second
    hourly = book.rate(SERVICE, "instance-hours", plan.resource.region,
                       plan.dims(option)).tiers[0].rate
    if kind == "reserved":
        upfront = Decimal(0)
        if payment != "no_upfront":
            upfront = book.rate(SERVICE, "reserved-upfront", plan.resource.region,
                                plan.dims(option)).tiers[0].rate * plan.count
        monthly = hourly * plan.count * plan.month_hours
    else:
        share = SP_UPFRONT_SHARE[payment]
        upfront = hourly * plan.count * HOURS_PER_YEAR * years(term) * share
        monthly = hourly * plan.count * plan.month_hours * (1 - share)
    return {"option": option, **summary(upfront, monthly, term)}, upfront, monthly


def _compare_commitments(plan: _Plan, book: Any) -> dict[str, Any]:
    """Every Reserved Instance and Savings Plan option the catalog prices, compared with
    On-Demand: effective monthly cost, saving and the month it pays off."""
    region = plan.resource.region
    on_demand_rate = book.rate(SERVICE, "instance-hours", region,
                               plan.dims("on_demand")).tiers[0].rate
    on_demand = on_demand_rate * plan.count * plan.billed_hours
    options = [f"reserved:{t}:{c}:{p}" for t in ("1yr", "3yr")
               for c in ("standard", "convertible") for p in PAYMENT_TEXT]
    options += [f"savings_plan:{k}:{t}:{p}" for k in SP_TEXT for t in ("1yr", "3yr")
                for p in PAYMENT_TEXT]
    return compare(options, lambda option: _commitment(plan, option, book), on_demand,
                   "commitment", _option_text,
                   f"no Reserved Instance or Savings Plan rates for {plan.instance_type} in "
                   f"{region} in the rate catalog ('awscalc pricing update --service ec2 "
                   f"--region {region}' fetches them)")


def _option_text(option: str) -> str:
    kind, *rest = option.split(":")
    if kind == "reserved":
        term, offering, payment = rest
        return f"{term} {offering} Reserved Instance, {PAYMENT_TEXT[payment]}"
    plan, term, payment = rest
    return f"{term} {SP_TEXT[plan]}, {PAYMENT_TEXT[payment]}"


def _number(value: Decimal) -> str:
    value = value.normalize()
    return f"{value:,f}" if value == value.to_integral_value() else f"{value:f}"


def _hours(seconds: Decimal) -> str:
    return _number((seconds / SECONDS_PER_HOUR).quantize(Decimal("0.01")))
