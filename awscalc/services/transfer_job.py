"""A bulk data transfer in a spec (``service: transfer``): one-time cost and duration.

Unlike the other calculators, choosing how the data travels needs prices — ``method:
auto`` picks the cheapest option that meets the deadline — so this module provides
``priced_usage(resource, book)``: it loads the Snow device catalog next to the rate cards,
runs the transfer planner (:mod:`awscalc.transfer`) and returns the chosen option's
costs as one-time line items, already priced by the planner from the catalog and the
data-transfer-out card. ``usage(resource)`` checks the keys only (``awscalc validate``).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from awscalc.model import LineItem, ResourceUsage
from awscalc.numbers import grouped
from awscalc.spec import Resource
from awscalc.units import Kind

DEFAULT_BANDWIDTH = "1 Gbps"
SECONDS_PER_DAY = Decimal(86400)


def usage(resource: Resource) -> ResourceUsage:
    """Check the resource's quantities; the costs come from :func:`priced_usage`."""
    _request(resource)
    return ResourceUsage(records=())


def _request(resource: Resource) -> Any:
    from awscalc.transfer import IMPORT, Request

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
    from awscalc.transfer import export_too_long, limit_problem
    from awscalc.units import parse_quantity

    for key, value in (("size", size), ("bandwidth", bandwidth), ("utilization", utilization),
                       ("copy_rate", copy_rate)):
        problem = None if value is None else limit_problem(key, value)
        if problem is not None:
            raise resource.error((key,), f"'{resource.get(key)}' {problem[0]}", problem[1])
    request = Request(
        size=size, direction=resource.get("direction", default=IMPORT),
        region=resource.region,
        bandwidths=(bandwidth or parse_quantity(DEFAULT_BANDWIDTH, Kind.BITRATE),),
        utilization=utilization or Decimal("0.8"),
        deadline_days=None if deadline is None else deadline / SECONDS_PER_DAY,
        copy_rate=copy_rate, workstations=int(resource.get("workstations", default=1)),
        # retired devices only when named: auto never picks one
        include_retired=resource.get("method", default="auto") not in ("auto", "network"),
    )
    if export_too_long(request, request.bandwidths[0]):
        raise resource.error(("bandwidth",), f"exporting {resource.get('size')} at this "
                             "bandwidth takes more than 100 years",
                             "awscalc prices exports of up to 100 years")
    return request


def priced_usage(resource: Resource, book: Any) -> ResourceUsage:
    """Plan the transfer and return the chosen option's one-time line items."""
    from awscalc.snow import catalog_path, load_catalog
    from awscalc.transfer import EXPORT, plan

    request = _request(resource)
    catalog = load_catalog(catalog_path(book.directory))
    dto_rate = (book.rate("data-transfer", "internet-out", request.region)
                if request.direction == EXPORT else None)
    result = plan(request, catalog, dto_rate)
    option, why = _choose(resource, result, catalog)
    service = "data-transfer" if option.kind == "network" else "snow"
    items = tuple(
        LineItem(resource=resource.name, service=service, region=request.region,
                 component=f"{option.name}: {part.label}", key=f"{option.key}:{index}",
                 quantity=Decimal(1), unit="transfer", rate=part.amount, per=Decimal(1),
                 cost=part.amount, formula=part.formula, one_time=True,
                 verified=part.verified)
        for index, part in enumerate(option.parts) if part.amount is not None)
    warnings = [f"{option.name}: {part.label} not published by AWS; left out of the "
                "one-time total (a lower bound)"
                for part in option.parts if part.amount is None]
    unverified = [part.label for part in option.parts
                  if not part.verified and part.amount is not None]
    if unverified:
        warnings.append(f"{option.name}: {', '.join(unverified)} from a third party, recall "
                        "or an assumption (verified: false in the device catalog)")
    if option.meets_deadline is False:
        warnings.append(f"{option.name} takes {grouped(option.total_days, 2)} days, past the "
                        f"{grouped(request.deadline_days, 2)}-day deadline")
    phases = " + ".join(f"{p.name.lower()} {grouped(p.days, 2)}" for p in option.phases)
    summary = [f"{request.direction} of {grouped(request.size / 2**40, 2)} TB by "
               f"{option.name} ({why}): {grouped(option.total_days, 2)} days ({phases})"]
    if option.kind == "device":
        summary.append(f"device prices: {catalog.title} — {catalog.source} "
                       f"(retrieved {catalog.retrieved})")
    details = {"method": option.key, "option": option.name, "devices": option.devices,
               "total_days": option.total_days,
               "phases": [{"name": p.name, "days": p.days} for p in option.phases],
               "summary": summary}
    return ResourceUsage(records=(), warnings=tuple(warnings), details=details,
                         priced=items)


def _choose(resource: Resource, result: Any, catalog: Any) -> tuple[Any, str]:
    method = resource.get("method", default="auto")
    if method == "auto":
        if result.cheapest_in_deadline is not None:
            return result.cheapest_in_deadline, "the cheapest that meets the deadline"
        if result.request.deadline_days is not None:
            return result.fastest, "the fastest; no option meets the deadline"
        return result.cheapest, "the cheapest"
    if method == "network":
        return result.options[0], "network"
    for option in result.options:
        if option.kind == "device" and option.key == method:
            return option, "as specified"
    keys = ", ".join(["auto", "network", *(d.key for d in catalog.devices)])
    raise resource.error(("method",), f"unknown transfer method '{method}'",
                         f"expected one of: {keys}")
