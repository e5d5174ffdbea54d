"""A bulk data transfer in a spec (``service: transfer``): one-time cost and duration.

Unlike the other calculators, choosing how the data travels needs prices — ``method:
auto`` picks the cheapest option that meets the deadline — so this module provides
``priced_usage(resource, book)``: it loads the transfer catalog next to the rate cards,
runs the transfer planner (:mod:`awscalc.transfer`) and returns the chosen option's
costs as one-time line items, already priced by the planner from the catalog, the
data-transfer-out card and (with ``objects``) the S3 card. ``usage(resource)`` checks the
keys only (``awscalc validate``).

The keys mirror ``awscalc transfer``'s options: ``method`` (auto, network, direct-connect,
datasync, terminal or a Snow device key), ``customer`` (new: devices AWS keeps for
existing customers are not offered), ``link_cost`` (the line's dollars per month, pro
rata), ``objects`` / ``average_object_size`` with ``storage_class``, ``datasync_mode`` and
``travel_days``.
"""

from __future__ import annotations

import re
from decimal import ROUND_CEILING, Decimal
from typing import Any

from awscalc.model import LineItem, ResourceUsage
from awscalc.numbers import grouped
from awscalc.spec import Resource
from awscalc.units import Kind

DEFAULT_BANDWIDTH = "1 Gbps"
SECONDS_PER_DAY = Decimal(86400)
METHODS = ("auto", "network", "direct-connect", "datasync", "terminal")
SERVICES = {"network": "data-transfer", "direct-connect": "directconnect",
            "datasync": "datasync", "terminal": "data-transfer-terminal", "device": "snow"}


def usage(resource: Resource) -> ResourceUsage:
    """Check the resource's quantities; the costs come from :func:`priced_usage`."""
    _request(resource)
    return ResourceUsage(records=())


def _positive(resource: Resource, key: str, kind: Kind, nothing: str) -> Decimal | None:
    value = resource.quantity(key, kind=kind)
    if value is not None and value <= 0:
        raise resource.error((key,), f"'{resource.get(key)}' {nothing}",
                             f"give more than zero, e.g. '{kind.example}'")
    return value


def _link_cost(resource: Resource) -> Decimal | None:
    value = resource.get("link_cost")
    if value is None:
        return None
    text = str(value).strip()
    match = re.fullmatch(r"\$?([0-9]{1,15}(\.[0-9]{1,10})?)\s*(/\s*(month|mo))?", text,
                         re.ASCII | re.IGNORECASE)
    if match is None or isinstance(value, bool):
        raise resource.error(("link_cost",), f"'{value}' is not dollars per month",
                             "e.g. '1200/month' or 1200")
    return Decimal(match.group(1))


def _objects(resource: Resource, size: Decimal) -> int | None:
    if resource.get("objects") is not None and resource.get("average_object_size") is not None:
        raise resource.error(("average_object_size",), "give objects or average_object_size, "
                             "not both", "the other follows from size")
    count = _positive(resource, "objects", Kind.COUNT, "is not a number of objects")
    if count is not None:
        if count != count.to_integral_value() or count > 10**15:
            raise resource.error(("objects",), f"'{resource.get('objects')}' is not a whole "
                                 "number of objects up to 10^15", "e.g. '50M'")
        return int(count)
    average = _positive(resource, "average_object_size", Kind.DATA, "is no size")
    if average is None:
        return None
    objects = (size / average).to_integral_value(rounding=ROUND_CEILING)
    if objects > 10**15:
        raise resource.error(("average_object_size",), f"'{resource.get('average_object_size')}'"
                             " makes more than 10^15 objects", "e.g. '2 MB'")
    return max(1, int(objects))


def _request(resource: Resource) -> Any:
    from awscalc.transfer import IMPORT, Request, export_too_long, limit_problem
    from awscalc.units import parse_quantity

    size = resource.quantity("size", kind=Kind.DATA)
    if not size:
        raise resource.error(("size",), f"{resource.get('size')} moves nothing",
                             "give a size above zero, e.g. '100 TB'")
    bandwidth = resource.quantity("bandwidth", kind=Kind.BITRATE)
    if bandwidth == 0:
        raise resource.error(("bandwidth",), "a bandwidth of zero never finishes")
    utilization = resource.quantity("utilization", kind=Kind.PERCENT, default=Decimal("0.8"))
    if not utilization:
        raise resource.error(("utilization",), "a utilization of 0% never finishes")
    deadline = resource.quantity("deadline", kind=Kind.DURATION)
    copy_rate = resource.quantity("copy_rate", kind=Kind.BITRATE)
    if copy_rate == 0:
        raise resource.error(("copy_rate",), "a copy rate of zero never finishes")
    for key, value in (("size", size), ("bandwidth", bandwidth), ("utilization", utilization),
                       ("copy_rate", copy_rate)):
        problem = None if value is None else limit_problem(key, value)
        if problem is not None:
            raise resource.error((key,), f"'{resource.get(key)}' {problem[0]}", problem[1])
    travel = resource.quantity("travel_days", kind=Kind.DURATION)
    if travel is not None and travel > 365 * SECONDS_PER_DAY:
        raise resource.error(("travel_days",), f"'{resource.get('travel_days')}' is more "
                             "than 365 days", "e.g. '2 days'")
    link = (bandwidth or parse_quantity(DEFAULT_BANDWIDTH, Kind.BITRATE))
    monthly = _link_cost(resource)
    method = resource.get("method", default="auto")
    request = Request(
        size=size, direction=resource.get("direction", default=IMPORT),
        region=resource.region, bandwidths=(link,),
        utilization=utilization or Decimal("0.8"),
        deadline_days=None if deadline is None else deadline / SECONDS_PER_DAY,
        copy_rate=copy_rate, workstations=int(resource.get("workstations", default=1)),
        # retired devices only when named: auto never picks one
        include_retired=method not in METHODS,
        customer=resource.get("customer", default="new"),
        link_costs=() if monthly is None else ((link, monthly),),
        objects=_objects(resource, size),
        storage_class=resource.get("storage_class", default="standard"),
        datasync_mode=resource.get("datasync_mode", default="basic"),
        travel_days=None if travel is None else travel / SECONDS_PER_DAY,
    )
    if export_too_long(request, request.bandwidths[0]):
        raise resource.error(("bandwidth",), f"exporting {resource.get('size')} at this "
                             "bandwidth takes more than 100 years",
                             "awscalc prices exports of up to 100 years")
    return request


def priced_usage(resource: Resource, book: Any) -> ResourceUsage:
    """Plan the transfer and return the chosen option's one-time line items."""
    from awscalc.snow import catalog_path, load_catalog
    from awscalc.transfer import EXPORT, NOT_INCLUDED, plan, s3_rates

    request = _request(resource)
    catalog = load_catalog(catalog_path(book.directory))
    dto_rate = (book.rate("data-transfer", "internet-out", request.region)
                if request.direction == EXPORT else None)
    s3 = (s3_rates(book, request.region, request.storage_class, request.direction)
          if request.objects is not None else None)
    result = plan(request, catalog, dto_rate, s3=s3)
    option, why = _choose(resource, result, catalog)
    service = SERVICES[option.kind]
    items = tuple(
        LineItem(resource=resource.name, service=service, region=request.region,
                 component=f"{option.name}: {part.label}", key=f"{option.key}:{index}",
                 quantity=Decimal(1), unit="transfer", rate=part.amount, per=Decimal(1),
                 cost=part.amount, formula=part.formula, one_time=True,
                 verified=part.verified)
        for index, part in enumerate(option.parts) if part.amount is not None)
    warnings = [f"{option.name}: {part.label} not published by AWS; left out of the "
                "one-time total (a lower bound)"
                for part in option.parts
                if part.amount is None and part.provenance != NOT_INCLUDED]
    warnings += [f"{option.name}: the line's own cost is not included (give link_cost, "
                 "e.g. '1200/month')" for part in option.parts
                 if part.provenance == NOT_INCLUDED]
    unverified = [f"{part.label} ({part.provenance})" for part in option.parts
                  if not part.verified and part.amount is not None]
    if unverified:
        warnings.append(f"{option.name}: {', '.join(unverified)} — not an AWS figure "
                        "(verified: false in the transfer catalog or rate card)")
    if option.meets_deadline is False:
        warnings.append(f"{option.name} takes {grouped(option.total_days, 2)} days, past the "
                        f"{grouped(request.deadline_days, 2)}-day deadline")
    phases = " + ".join(f"{p.name.lower()} {grouped(p.days, 2)}" for p in option.phases)
    summary = [f"{request.direction} of {grouped(request.size / 2**40, 2)} TB by "
               f"{option.name} ({why}): {grouped(option.total_days, 2)} days ({phases})"]
    if option.kind != "network":
        summary.append(f"transfer prices: {catalog.title} — {catalog.source} "
                       f"(retrieved {catalog.retrieved})")
    if resource.get("method", default="auto") == "auto":
        summary += [line.replace("--existing-customer shows them", "customer: existing "
                                 "considers them")
                    for line in result.hidden if line.startswith("Not offered")]
    details = {"method": option.key, "option": option.name, "devices": option.devices,
               "total_days": option.total_days,
               "phases": [{"name": p.name, "days": p.days} for p in option.phases],
               "summary": summary}
    return ResourceUsage(records=(), warnings=tuple(warnings), details=details,
                         priced=items)


def _choose(resource: Resource, result: Any, catalog: Any) -> tuple[Any, str]:
    from awscalc.transfer import offered

    method = resource.get("method", default="auto")
    if method == "auto":
        if result.cheapest_in_deadline is not None:
            return result.cheapest_in_deadline, "the cheapest that meets the deadline"
        if result.request.deadline_days is not None:
            return result.fastest, ("the fastest; no option with a published cost meets "
                                    "the deadline")
        return result.cheapest, "the cheapest"
    kinds = {"network": "network", "direct-connect": "direct-connect", "datasync": "datasync",
             "terminal": "terminal"}
    for option in result.options:
        if option.kind == kinds.get(method) or (option.kind == "device"
                                                  and option.key == method):
            return option, "as specified"
    device = next((d for d in catalog.devices if d.key == method), None)
    if device is not None and not offered(result.request, device):
        raise resource.error(("method",), f"{device.name} is offered to existing customers "
                             f"only (since {device.status_since or 'late 2025'})",
                             "set customer: existing if you are one")
    if method == "direct-connect":
        raise resource.error(("bandwidth",), "Direct Connect has no port of this bandwidth",
                             "use a port capacity: 1 Gbps, 10 Gbps, 100 Gbps (dedicated) or "
                             "a hosted one (50 Mbps to 25 Gbps)")
    keys = ", ".join([*METHODS, *(d.key for d in catalog.devices)])
    raise resource.error(("method",), f"unknown transfer method '{method}'",
                         f"expected one of: {keys}")
