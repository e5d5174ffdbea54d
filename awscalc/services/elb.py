"""Elastic Load Balancing: Application, Network, Gateway and Classic Load Balancers.

Billing rules (ELB pricing page, https://aws.amazon.com/elasticloadbalancing/pricing/,
read through third-party transcriptions; ``../shared/pricing-facts-wave2.md`` §3):

- every load balancer is billed **per hour or partial hour**: a partial hour is a whole
  hour, per load balancer (``hours: 100.5 h`` bills 101 LB-hours);
- an ALB is also billed per **LCU-hour**, where an hour's LCUs are the **largest** (not
  the sum) of four dimensions, each averaged over the hour: new connections (25 a second
  per LCU), active connections (3,000, sampled each minute), bytes processed (1 GB an
  hour for instance/IP targets, 0.4 GB for Lambda targets) and rule evaluations (1,000 a
  second, where evaluations = request rate × (rules processed − **10 free**));
- an NLB's NLCU and a GWLB's GLCU take the largest of new flows, active flows and bytes
  processed, with their own figures per unit (NLB: TCP 800 new a second and 100,000
  active, UDP 400 and 50,000, TLS 50 and 3,000; GWLB 600 and 60,000; 1 GB an hour for
  both) — third-party transcriptions of the AWS page (2026-09-20), so the rate card says
  so next to the rates;
- a Classic Load Balancer is billed per hour and per GB processed;
- public IPv4 addresses are billed per address-hour since 2024-02-01 (by Amazon VPC; a
  third-party rate, ``verified: false``), for the hours the load balancer runs.

awscalc takes the traffic as **steady over the hours the load balancer runs**: a rate
(``25/s``, ``1 GB/h``) is the average while it runs, a plain amount (``2M``, ``720 GB``)
the total of those hours. Because AWS takes the maximum *each hour*, traffic that varies
from hour to hour costs more than its monthly average suggests. In a partial last hour
the capacity units are that hour's share of the traffic (LCUs measure traffic), while the
load balancer hour itself is billed whole. GB is 2^30 bytes, as everywhere in awscalc
(AWS's page examples convert KB to GB decimally: write their "1.08 GB" as ``1.08 GB/h``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from awscalc.model import ResourceUsage
from awscalc.numbers import grouped
from awscalc.spec import Resource
from awscalc.units import BYTES_PER_GB, SECONDS_PER_HOUR, Kind, QuantityError, parse_quantity

SERVICE = "elb"
FREE_RULES = 10  # the first 10 rules processed per request are free (ALB)
SECONDS_PER_MINUTE = Decimal(60)

# type → (meter prefix, name, capacity unit)
TYPES: dict[str, tuple[str, str, str]] = {
    "application": ("alb", "Application Load Balancer", "LCU"),
    "network": ("nlb", "Network Load Balancer", "NLCU"),
    "gateway": ("gwlb", "Gateway Load Balancer", "GLCU"),
    "classic": ("clb", "Classic Load Balancer", ""),
}

# What one capacity unit holds: new connections a second, active connections (a level),
# GB processed an hour, rule evaluations a second.
ALB_UNIT = {"new_connections": Decimal(25), "active_connections": Decimal(3000),
            "processed": Decimal(1), "rule_evaluations": Decimal(1000)}
LAMBDA_TARGET_GB = Decimal("0.4")
NLB_UNITS = {"tcp": (Decimal(800), Decimal(100_000)), "udp": (Decimal(400), Decimal(50_000)),
             "tls": (Decimal(50), Decimal(3000))}
GWLB_UNIT = (Decimal(600), Decimal(60_000))

DIMENSION_NAMES = {"new_connections": "new connections", "active_connections":
                   "active connections", "processed": "processed bytes",
                   "rule_evaluations": "rule evaluations"}
FLOW_NAMES = {"new_connections": "new flows", "active_connections": "active flows",
              "processed": "processed bytes"}
ALB_ONLY = ("rule_evaluations", "requests", "rules")

Path = tuple[str | int, ...]


def usage(resource: Resource) -> ResourceUsage:
    """Usage records (and a warning when no traffic is given) for one ELB resource."""
    plan = _Plan(resource)
    prefix, name, unit = TYPES[plan.type]
    records = [resource.usage(f"{prefix}-hours", plan.billed_hours * plan.count, "LB-hour",
                              f"{name} hours ({_describe(plan)})")]
    warnings: list[str] = []
    if plan.type == "classic":
        gb = plan.per_hour("processed", Kind.DATA_PER_MONTH)
        if gb is None:
            warnings.append("no traffic.processed given: only the load balancer hours are "
                            "priced")
        else:
            gb = gb / BYTES_PER_GB * plan.hours * plan.count
            records.append(resource.usage("clb-data", gb, "GB",
                                          "Classic Load Balancer data processed"))
    else:
        found = plan.capacity_units()
        if not found:
            warnings.append(f"no traffic given: {unit}-hours are not estimated, only the "
                            "load balancer hours")
        else:
            units = max(found.values())
            records.append(resource.usage(
                f"{prefix}-lcu", units * plan.hours * plan.count, f"{unit}-hour",
                f"{unit}-hours: {_won(found, unit, plan.type)}"))
    addresses = resource.get("public_ipv4_addresses")
    if addresses:
        records.append(resource.usage(
            "public-ipv4", Decimal(addresses) * plan.hours * plan.count, "address-hour",
            f"Public IPv4 addresses ({_number(plan.count)} × {addresses} addresses)"))
    return ResourceUsage(records=tuple(records), warnings=tuple(warnings))


@dataclass
class _Plan:
    """One ELB resource's settings, checked, in billing terms."""

    resource: Resource

    def __post_init__(self) -> None:
        resource = self.resource
        self.type: str = resource.get("type")
        self.count = Decimal(resource.get("count", default=1))
        self.month_seconds = resource.source.month_hours * SECONDS_PER_HOUR
        seconds = resource.seconds_in_month("hours", what="a load balancer")
        self.seconds = seconds
        self.hours = seconds / SECONDS_PER_HOUR
        # "each hour or partial hour": whole hours per load balancer
        self.billed_hours = Decimal(math.ceil(self.hours))
        self.traffic: dict[str, Any] = resource.get("traffic", default={}) or {}
        self._check_keys()

    def _check_keys(self) -> None:
        resource, kind = self.resource, self.type
        if resource.get("targets") is not None and kind != "application":
            raise resource.error(("targets",), "'targets' applies to application load "
                                 "balancers", "remove it, or set type: application")
        if resource.get("protocol") is not None and kind != "network":
            raise resource.error(("protocol",), "'protocol' applies to network load "
                                 "balancers", "remove it, or set type: network")
        for key in ALB_ONLY:
            if key in self.traffic and kind != "application":
                raise resource.error(("traffic", key), f"{key.replace('_', ' ')} apply to "
                                     f"application load balancers, not {kind}",
                                     "remove it, or set type: application")
        if kind == "classic":
            for key in ("new_connections", "active_connections"):
                if key in self.traffic:
                    raise resource.error(("traffic", key), "a classic load balancer is "
                                         "billed per GB processed, not by connections",
                                         "give traffic.processed only")
        if "rule_evaluations" in self.traffic and ("requests" in self.traffic
                                                   or "rules" in self.traffic):
            raise resource.error(("traffic", "rule_evaluations"), "give rule_evaluations, "
                                 "or requests and rules, not both")
        given = [key for key in ("requests", "rules") if key in self.traffic]
        if len(given) == 1:
            other = "rules" if given[0] == "requests" else "requests"
            raise resource.error(("traffic", given[0]), f"'{given[0]}' needs '{other}' to "
                                 "compute the rule evaluations",
                                 "e.g. requests: 5/s, rules: 60 (10 free per request)")

    def per_hour(self, key: str, kind: Kind) -> Decimal | None:
        """``traffic.<key>`` as an average per **hour** of running: a rate (``1 GB/h``)
        as given; a plain amount (the month's total) spread over the hours it runs."""
        value = self.traffic.get(key)
        if value is None:
            return None
        path = ("traffic", key)
        amount = self.resource.quantity(*path, kind=kind)
        if amount is None or amount < 0:
            raise self.resource.error(path, f"{_show(value)} is negative")
        if _is_rate(value, kind):
            return amount / self.resource.source.month_hours
        if not self.seconds:
            raise self.resource.error(path, "a monthly amount needs hours above 0",
                                      "give a rate such as '25/s', or hours")
        return amount / self.hours

    def active_connections(self) -> Decimal | None:
        """Concurrent connections: a plain number as given; a rate (``3000/min``) per
        minute, as AWS's page words it."""
        value = self.traffic.get("active_connections")
        if value is None:
            return None
        path = ("traffic", "active_connections")
        amount = self.resource.quantity(*path, kind=Kind.COUNT_PER_MONTH)
        if amount is None or amount < 0:
            raise self.resource.error(path, f"{_show(value)} is negative")
        if _is_rate(value, Kind.COUNT_PER_MONTH):
            return amount / (self.resource.source.month_hours * 60)
        return amount

    def capacity_units(self) -> dict[str, Decimal]:
        """Each given traffic dimension in capacity units per hour (LCU, NLCU, GLCU)."""
        kind = self.type
        if kind == "application":
            new_unit, active_unit = ALB_UNIT["new_connections"], ALB_UNIT["active_connections"]
            lambda_targets = self.resource.get("targets") == "lambda"
            gb_unit = LAMBDA_TARGET_GB if lambda_targets else ALB_UNIT["processed"]
        elif kind == "network":
            new_unit, active_unit = NLB_UNITS[self.resource.get("protocol", default="tcp")]
            gb_unit = Decimal(1)
        else:
            (new_unit, active_unit), gb_unit = GWLB_UNIT, Decimal(1)
        found: dict[str, Decimal] = {}
        new = self.per_hour("new_connections", Kind.COUNT_PER_MONTH)
        if new is not None:
            found["new_connections"] = new / SECONDS_PER_HOUR / new_unit
        active = self.active_connections()
        if active is not None:
            found["active_connections"] = active / active_unit
        processed = self.per_hour("processed", Kind.DATA_PER_MONTH)
        if processed is not None:
            found["processed"] = processed / BYTES_PER_GB / gb_unit
        evaluations = self._rule_evaluations_per_second()
        if evaluations is not None:
            found["rule_evaluations"] = evaluations / ALB_UNIT["rule_evaluations"]
        return found

    def _rule_evaluations_per_second(self) -> Decimal | None:
        direct = self.per_hour("rule_evaluations", Kind.COUNT_PER_MONTH)
        if direct is not None:
            return direct / SECONDS_PER_HOUR
        requests = self.per_hour("requests", Kind.COUNT_PER_MONTH)
        if requests is None:
            return None
        billed_rules = max(int(self.traffic["rules"]) - FREE_RULES, 0)
        return requests / SECONDS_PER_HOUR * billed_rules


def _is_rate(value: object, kind: Kind) -> bool:
    """True when ``value`` carries its own time unit (``25/s``, ``1 GB/h``): it does not
    parse as a plain amount of the same kind."""
    plain = Kind.COUNT if kind is Kind.COUNT_PER_MONTH else Kind.DATA
    try:
        parse_quantity(value, plain)
    except QuantityError:
        return True
    return False


def _won(found: dict[str, Decimal], unit: str, kind: str) -> str:
    """Which dimension set the hour's capacity units, and the others it beat:
    ``processed bytes won (1.08 LCU) over rule evaluations (0.25), …``."""
    names = DIMENSION_NAMES if kind == "application" else FLOW_NAMES
    top = max(found.values())
    winners = [key for key, value in found.items() if value == top]
    others = sorted((key for key in found if key not in winners),
                    key=lambda key: (-found[key], key))
    head = " and ".join(names[key] for key in winners)
    verb = "tie" if len(winners) > 1 else "won"
    text = f"{head} {verb} ({_units(top)} {unit} an hour)"
    if others:
        text += " over " + ", ".join(f"{names[key]} ({_units(found[key])})"
                                     for key in others)
    elif len(winners) == 1:
        text += ", the only dimension given"
    return text


def _describe(plan: _Plan) -> str:
    billed = f"{_number(plan.billed_hours)} h"
    if plan.billed_hours != plan.hours:
        billed += f" for {_hours(plan.seconds)} h, partial hours billed whole"
    return f"{_number(plan.count)} × {billed}"


def _units(value: Decimal) -> str:
    return grouped(value, 4)


def _number(value: Decimal) -> str:
    value = value.normalize()
    return f"{value:,f}" if value == value.to_integral_value() else f"{value:f}"


def _hours(seconds: Decimal) -> str:
    return _number((seconds / SECONDS_PER_HOUR).quantize(Decimal("0.01")))


def _show(value: object) -> str:
    return f"'{value}'" if isinstance(value, str) else str(value)
