"""Priced data flows: the spec's ``flows`` and ``data_transfer`` sections.

A flow is data one resource sends to another (or to the internet) each month::

    flows:
      - {from: web, to: orders-db, data: 2 TB, path: cross_az}
      - {from: web, to: internet, data: 10 TB, via: cdn}
      - {from: ingest, to: archive, data: 5 TB}            # regions differ: inter_region
      - {from: workers, to: internet, data: 300 GB, via: nat}
    data_transfer:
      nat_gateways: {us-east-1: 2}
      interface_endpoints: {us-east-1: {endpoints: 3, availability_zones: 2}}

Each flow becomes a child resource of its source (``web/flow to orders-db``), so its line
items show under the source, and its usage is metered under the same ``data-transfer``
keys other services use (``internet-out``, ``inter-region-out``…): the rater aggregates
them into the account-wide tiers and free allowance with every other transfer of the
spec. The regions come from the resources. The ``data_transfer`` section becomes one
resource, ``data_transfer``, holding the gateways' hourly charges.

How each path is billed (``pricing/aws/data-transfer.yaml`` cites every rate):

- ``internet``: data transfer out of the source's region (``internet-out``);
- ``inter_region``: billed by the source region (``inter-region-out``; US East
  (N. Virginia) ↔ US East (Ohio) has its own lower rate);
- ``cross_az``: $0.01/GB out of one AZ *and* $0.01/GB into the other, so N GB is billed
  as 2 × N GB of ``cross-az``; ``same_az``: free;
- ``via: nat``: the NAT gateway's per-GB processing charge in the source region, on top
  of the path's transfer; ``via: endpoint``: the interface endpoints' per-GB processing;
- ``via: cdn`` (or a CloudFront resource's name): origin → CloudFront is free; the data
  is delivered at the CloudFront distribution's rates (its price class and viewers),
  sharing CloudFront's tiers and free allowance;
- to a CloudFront resource: an origin fetch, free from any AWS origin, whatever its
  region; from a CloudFront resource: to the internet, its delivery at the
  distribution's rates; to a resource, data sent back to the origin (its
  ``origin_transfer`` rates);
- ``from: internet``: data transfer in is free; ``via: nat`` adds the receiving region's
  NAT processing (a NAT gateway bills every GB it processes, in either direction).

Errors (unknown resources with a did-you-mean, a path that contradicts the regions) are
exit-3 :class:`~awscalc.errors.SpecError` at ``file:line: $.flows[i].key``.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from dataclasses import replace
from decimal import Decimal
from typing import Any

from awscalc.errors import SpecError
from awscalc.model import ResourceUsage, Usage
from awscalc.numbers import grouped, money
from awscalc.spec import DEFAULT_REGION, Resource, SpecFile
from awscalc.units import BYTES_PER_GB, Kind

SERVICE = "data-transfer"
INTERNET = "internet"
NETWORK = "data_transfer"  # the resource holding the gateways' hourly charges
US_EAST_PAIR = frozenset({"us-east-1", "us-east-2"})
VIA_KINDS = ("cdn", "nat", "endpoint")
PATH_TEXT = {"cross_az": "cross-AZ", "same_az": "same AZ", "inter_region": "inter-region",
             "internet": "internet", "inbound": "inbound", "origin_fetch": "origin fetch",
             "to_origin": "origin transfer"}

# Where each spec's flows were resolved, by SpecFile identity: every resource's region
# (from the first call that saw the whole spec) and the resolved flows.
_resolved: dict[int, tuple[SpecFile, dict[str, list[Resource]], Resource | None]] = {}


def children(resource: Resource, resources: Sequence[Resource]) -> list[Resource]:
    """The flow resources whose source is ``resource`` (a top-level resource), and — after
    the spec's last resource — the ``data_transfer`` section's resource.

    ``resources`` is the list being expanded; the first call with a spec's full resource
    list resolves and checks every flow of the spec (regions come from there).
    """
    source = resource.source
    data = source.document.data
    if not isinstance(data, Mapping) or not (data.get("flows") or data.get("data_transfer")):
        return []
    found = _resolved.get(id(source))
    if found is None or found[0] is not source:
        found = _resolved[id(source)] = (source, *_resolve(source, resources))
    _, by_source, network = found
    extra = list(by_source.get(resource.name, ()))
    names = list(data["resources"])
    if network is not None and names and resource.name == names[-1]:
        extra.append(network)
    return extra


def _resolve(source: SpecFile, resources: Sequence[Resource]
             ) -> tuple[dict[str, list[Resource]], Resource | None]:
    data = source.document.data
    regions = _regions(source, resources)
    services = {name: raw.get("service") for name, raw in data["resources"].items()}
    by_source: dict[str, list[Resource]] = {}
    taken: set[str] = set()
    for index, flow in enumerate(data.get("flows") or ()):
        config = _check(source, index, flow, regions, services)
        inbound = flow["from"] == INTERNET  # shown under the resource that receives it
        owner = flow["to"] if inbound else flow["from"]
        base = "flow from internet" if inbound else f"flow to {flow['to']}"
        name = base
        number = 2
        while f"{owner}/{name}" in taken:
            name, number = f"{base} #{number}", number + 1
        full = f"{owner}/{name}"
        taken.add(full)
        by_source.setdefault(owner, []).append(Resource(
            name=full, service=SERVICE, region=regions[owner], config=config,
            source=source, parent=owner, base_path=("flows", index)))
    network = None
    if data.get("data_transfer"):
        if NETWORK in services:
            raise source.error(("resources", NETWORK), f"'{NETWORK}' is the name of the "
                               "spec's data_transfer section's line items",
                               "rename this resource")
        network = Resource(name=NETWORK, service=SERVICE, region=DEFAULT_REGION,
                           config={"network": data["data_transfer"]}, source=source,
                           base_path=("data_transfer",))
    return by_source, network


def _regions(source: SpecFile, resources: Sequence[Resource]) -> dict[str, str]:
    """Every top-level resource's region: as resolved when given, else the spec's
    default (a resource without its own ``region`` tells the default in force)."""
    data = source.document.data
    known = {r.name: r.region for r in resources if r.parent is None}
    default = next((r.region for r in resources if r.parent is None
                    and "region" not in data["resources"].get(r.name, {})),
                   data.get("region", DEFAULT_REGION))
    return {name: known.get(name) or raw.get("region", default)
            for name, raw in data["resources"].items()}


def _unknown(source: SpecFile, path: tuple[str | int, ...], what: str, value: str,
             choices: list[str]) -> SpecError:
    close = difflib.get_close_matches(value, choices, n=1)
    hint = (f"did you mean '{close[0]}'?" if close
            else f"expected one of: {', '.join(choices[:12])}")
    return source.error(path, f"unknown {what} '{value}'", hint)


def _check(source: SpecFile, index: int, flow: Mapping[str, Any], regions: dict[str, str],
           services: dict[str, Any]) -> dict[str, Any]:
    """The flow's resolved config (regions, path, via); a SpecError if it is not one."""
    at = ("flows", index)
    names = list(regions)
    sender, receiver = flow["from"], flow["to"]
    if sender not in regions and sender != INTERNET:
        raise _unknown(source, (*at, "from"), "resource", sender, [*names, INTERNET])
    if receiver != INTERNET and receiver not in regions:
        raise _unknown(source, (*at, "to"), "resource", receiver, [*names, INTERNET])
    if receiver == sender:
        raise source.error((*at, "to"), f"'{sender}' sends to itself",
                           "a flow goes from one resource to another, or to 'internet'")
    if sender == INTERNET:
        return _inbound(source, at, flow, regions, services)
    if services.get(sender) == "cloudfront" or services.get(receiver) == "cloudfront":
        return _edge(source, at, flow, regions, services)
    via, cdn = _via(source, at, flow.get("via"), services)
    if via == "endpoint" and receiver == INTERNET:
        raise source.error((*at, "via"), "an interface endpoint reaches AWS services, not "
                           "the internet", "send to the resource behind the endpoint, or "
                           "use via: nat")
    here = regions[sender]
    there = None if receiver == INTERNET else regions[receiver]
    path = flow.get("path")
    if there is None:
        implied = "internet"
    elif there != here:
        implied = "inter_region"
    else:
        implied = None
    if path is None:
        if implied is None:
            raise source.error((*at, "path"), f"'{sender}' and '{receiver}' are both in "
                               f"{here}: say how the data travels",
                               "path: cross_az ($0.01/GB each direction) or same_az (free)")
        path = implied
    elif path != (implied or path) or (implied is None and path not in ("cross_az",
                                                                      "same_az")):
        where = (f"'{receiver}' is in {there} and '{sender}' in {here}" if there
                 else f"'{sender}' sends to the internet")
        expected = implied or "cross_az or same_az"
        raise source.error((*at, "path"), f"path '{path}' does not fit: {where}",
                           f"expected {expected}")
    if via == "cdn" and receiver != INTERNET:
        raise source.error((*at, "via"), "CloudFront delivers to the internet",
                           "a flow via cdn goes to 'internet'")
    config: dict[str, Any] = {"flow": True, "from": sender, "to": receiver,
                              "data": flow["data"], "path": path, "to_region": there}
    if via:
        config["via"] = via
    if cdn:
        config["cdn"] = cdn
    return config


def _inbound(source: SpecFile, at: tuple[str | int, ...], flow: Mapping[str, Any],
             regions: dict[str, str], services: dict[str, Any]) -> dict[str, Any]:
    """A flow from the internet: data transfer in is free ("When your resources on the
    public internet send data into resources residing within AWS, there is no charge",
    AWS Global Network FAQs); through a NAT gateway it is processed (and billed) there.
    To a CloudFront resource it is its viewers' requests, which the distribution prices."""
    receiver, via, path = flow["to"], flow.get("via"), flow.get("path")
    if services.get(receiver) == "cloudfront":
        raise source.error((*at, "to"), "data from the internet to a CloudFront "
                           "distribution is its viewers' requests",
                           "price them on the distribution (requests, origin_transfer)")
    if via not in (None, "nat"):
        raise source.error((*at, "via"), f"via '{via}' does not fit data from the "
                           "internet", "via: nat (a NAT gateway processes it), or none")
    if path not in (None, "internet"):
        raise source.error((*at, "path"), f"path '{path}' does not fit: the data comes "
                           "from the internet", "leave path out")
    config: dict[str, Any] = {"flow": True, "from": INTERNET, "to": receiver,
                              "data": flow["data"], "path": "inbound",
                              "to_region": regions[receiver]}
    if via:
        config["via"] = via
    return config


def _edge(source: SpecFile, at: tuple[str | int, ...], flow: Mapping[str, Any],
          regions: dict[str, str], services: dict[str, Any]) -> dict[str, Any]:
    """A flow to or from a CloudFront resource. To it: an origin fetch, free from any
    AWS origin whatever its region ("Data transferred from origin to edge locations
    (Amazon CloudFront 'origin fetches')" is free, S3 and EC2 pricing pages). From it: to
    the internet, its own delivery; to a resource, data sent back to the origin at the
    distribution's ``origin_transfer`` rates. CloudFront is global: no region applies."""
    sender, receiver = flow["from"], flow["to"]
    if flow.get("via") is not None:
        raise source.error((*at, "via"), "a flow to or from a CloudFront resource goes "
                           "straight between it and the other end", "leave via out")
    if flow.get("path") not in (None, "internet" if receiver == INTERNET else None):
        raise source.error((*at, "path"), f"path '{flow['path']}' does not fit a "
                           "CloudFront distribution (global, not in a region)",
                           "leave path out")
    config: dict[str, Any] = {"flow": True, "from": sender, "to": receiver,
                              "data": flow["data"],
                              "to_region": None if receiver == INTERNET
                              or services.get(receiver) == "cloudfront"
                              else regions[receiver]}
    if services.get(sender) != "cloudfront":
        return {**config, "path": "origin_fetch"}
    if receiver == INTERNET:
        return {**config, "path": "internet", "via": "cdn", "cdn": sender}
    if services.get(receiver) == "cloudfront":
        raise source.error((*at, "to"), "one CloudFront distribution does not send to "
                           "another", "send to the internet or to an origin resource")
    return {**config, "path": "to_origin", "cdn": sender}


def _via(source: SpecFile, at: tuple[str | int, ...], via: str | None,
         services: dict[str, Any]) -> tuple[str | None, str | None]:
    """``(kind, CloudFront resource)`` of a flow's ``via``."""
    if via is None:
        return None, None
    distributions = [name for name, service in services.items() if service == "cloudfront"]
    if via in distributions:
        return "cdn", via
    if via == "cdn":
        if len(distributions) != 1:
            hint = (f"name one: via: {distributions[0]}" if distributions
                    else "add a 'service: cloudfront' resource, or send the data directly")
            raise source.error((*at, "via"), f"via cdn needs one CloudFront resource in the "
                               f"spec; it has {len(distributions)}", hint)
        return "cdn", distributions[0]
    if via in VIA_KINDS:
        return via, None
    raise _unknown(source, (*at, "via"), "via", via, [*VIA_KINDS, *distributions])


def usage(resource: Resource) -> ResourceUsage:
    """Usage records of one flow, or of the ``data_transfer`` section's gateways."""
    if "network" in resource.config:
        return _network(resource)
    config = resource.config
    gb = resource.quantity("data", kind=Kind.DATA_PER_MONTH) / BYTES_PER_GB
    receiver, path, via = config["to"], config["path"], config.get("via")
    records: list[Usage] = []
    def add(key: str, quantity: Decimal, component: str) -> None:
        if quantity > 0:
            records.append(resource.usage(key, quantity, "GB", component))

    sender = config["from"]
    warnings = _nat_warning(resource) if via == "nat" else ()
    if via == "nat":
        add("nat-gateway-data", gb, f"NAT gateway data processed (from {sender})"
            if sender == INTERNET else f"NAT gateway data processed (to {receiver})")
    elif via == "endpoint":
        add("endpoint-data", gb, f"Interface endpoint data processed (to {receiver})")
    if path in ("inbound", "origin_fetch"):
        pass  # data in from the internet, and origin fetches: free
    elif path == "to_origin":
        records.extend(_cdn(resource, gb, "origin_transfer", "origin-transfer"))
    elif via == "cdn":
        records.extend(_cdn(resource, gb))
    elif path == "internet":
        add("internet-out", gb, "Data transfer out to the internet")
    elif path == "inter_region":
        pair = {resource.region, config["to_region"]} == US_EAST_PAIR
        add("inter-region-out-us-east" if pair else "inter-region-out", gb,
            f"Data transfer to {receiver} ({config['to_region']})")
    elif path == "cross_az":
        # AWS charges the sending AZ for data out and the receiving AZ for data in.
        add("cross-az", 2 * gb, f"Cross-AZ data transfer to {receiver} (out + in)")
    edge = sender == config.get("cdn")  # sent by the CloudFront resource itself
    details = {"flow": {"from": sender, "to": receiver, "data_gb": gb,
                        "path": path, "via": None if edge else config.get("cdn") or via,
                        "from_region": None if sender == INTERNET or edge
                        else resource.region,
                        "to_region": config["to_region"]}}
    return ResourceUsage(records=tuple(records), details=details, warnings=tuple(warnings))


def _nat_warning(resource: Resource) -> tuple[str, ...]:
    """A flow through a NAT gateway in a region where the spec has none: the gateway's
    hours are then missing from the estimate."""
    data = resource.source.document.data
    gateways = (data.get("data_transfer") or {}).get("nat_gateways") or {}
    if gateways.get(resource.region):
        return ()
    return (f"a flow passes a NAT gateway in {resource.region} but data_transfer."
            f"nat_gateways has none there: add {{{resource.region}: N}} to price its "
            "hours",)


def comparisons(resource: Resource) -> dict[str, dict[str, Any]]:
    """A flow through CloudFront is also priced as sent straight to the internet from its
    source region, so the report says what putting CloudFront in front saves (or costs)."""
    config = resource.config
    if config.get("via") != "cdn" or config["from"] == config.get("cdn"):
        return {}
    return {"direct to the internet": {key: value for key, value in config.items()
                                       if key not in ("via", "cdn")}}


def delivered_by(resources: Sequence[Resource]) -> dict[str, dict[int, Resource]]:
    """CloudFront resource name → the flows (by position in ``resources``) it delivers or
    sends: their usage follows its price class and viewers, so a what-if of the
    distribution re-prices them too (:func:`through`)."""
    found: dict[str, dict[int, Resource]] = {}
    for index, resource in enumerate(resources):
        if resource.service == SERVICE and resource.config.get("cdn"):
            found.setdefault(resource.config["cdn"], {})[index] = resource
    return found


def through(flow: Resource, distribution: dict[str, Any]) -> Resource:
    """``flow`` delivered by its CloudFront resource configured as ``distribution``."""
    return replace(flow, config={**flow.config, "cdn_config": distribution})


def _cdn(resource: Resource, gb: Decimal, spec_key: str = "data_transfer_out",
         key: str = "data-transfer-out") -> list[Usage]:
    """CloudFront's delivery of ``gb`` to viewers (or, with ``origin_transfer``, the
    edges' sending of it to the origin), priced with the distribution's price class and
    viewers (origin → CloudFront is free: "Data transferred from origin to edge locations
    (Amazon CloudFront 'origin fetches')" is free, S3 and EC2 pricing pages), metered as
    the flow's usage so it joins CloudFront's account-wide tiers."""
    from awscalc.services.cloudfront import usage as cloudfront_usage

    name = resource.config["cdn"]
    # the distribution as written, or as a what-if of it prices it (its comparisons)
    raw = resource.config.get("cdn_config") or resource.source.document.data["resources"][name]
    config = {key: raw[key] for key in ("price_class", "viewers") if key in raw}
    config[spec_key] = f"{gb} GB"
    delivery = Resource(name=resource.name, service="cloudfront", region=resource.region,
                        config=config, source=resource.source, parent=resource.parent,
                        base_path=("resources", name))
    return [record for record in cloudfront_usage(delivery).records if record.key == key]


def _network(resource: Resource) -> ResourceUsage:
    """The hourly charges of the ``data_transfer`` section's gateways."""
    section = resource.config["network"]
    hours = resource.source.month_hours
    records: list[Usage] = []
    for region, count in (section.get("nat_gateways") or {}).items():
        if count:
            records.append(resource.usage(
                "nat-gateway-hours", count * hours, "gateway-hour",
                f"NAT gateways ({count} × {grouped(hours)} h)", region=region))
    for region, endpoints in (section.get("interface_endpoints") or {}).items():
        zones = endpoints.get("availability_zones", 1)
        if endpoints["endpoints"]:
            records.append(resource.usage(
                "endpoint-hours", endpoints["endpoints"] * zones * hours, "endpoint-hour",
                f"Interface endpoints ({endpoints['endpoints']} × {zones} AZ × "
                f"{grouped(hours)} h)", region=region))
    return ResourceUsage(records=tuple(records))


TRANSFER_KEYS = {
    "internet-out": "internet egress", "inter-region-out": "inter-region",
    "inter-region-out-us-east": "inter-region", "cross-az": "cross-AZ",
    "nat-gateway-hours": "NAT gateways", "nat-gateway-data": "NAT gateways",
    "endpoint-hours": "interface endpoints", "endpoint-data": "interface endpoints",
}


# A distribution's own transfer (its data_transfer_out and origin_transfer keys) and
# the CloudFront delivery of flows.
CLOUDFRONT_KEYS = {"data-transfer-out": "CloudFront delivery",
                   "origin-transfer": "CloudFront to origin"}

SUMMARY_KEY = "data transfer"  # not a resource name (those have no spaces)


def summarize(estimate: Any, details: dict[str, Any]) -> None:
    """Add the flow summary — "where does my transfer bill come from?" — to ``details``:
    each flow's monthly cost and a one-line summary under it, and, under
    :data:`SUMMARY_KEY`, the spec's whole transfer bill by kind and by resource (every
    ``data-transfer`` line item, flows or not, and CloudFront's delivery and transfer to
    origins, a distribution's own or a flow's)."""
    flows = [name for name, service, _ in estimate.resources
             if service == SERVICE and "flow" in details.get(name, {})]
    if not flows:
        return
    by_kind: dict[str, Decimal] = {}
    by_resource: dict[str, Decimal] = {}
    flow_costs = dict.fromkeys(flows, Decimal("0.00"))
    for item in estimate.line_items:
        if item.one_time:
            continue
        if item.resource in flow_costs:
            flow_costs[item.resource] += item.cost
        kind = (TRANSFER_KEYS.get(item.key) if item.service == SERVICE
                else CLOUDFRONT_KEYS.get(item.key) if item.service == "cloudfront"
                else None)
        if kind is not None:
            by_kind[kind] = by_kind.get(kind, Decimal("0.00")) + item.cost
            by_resource[item.resource] = (by_resource.get(item.resource, Decimal("0.00"))
                                          + item.cost)
    for name in flows:
        flow = details[name]["flow"]
        flow["monthly_cost"] = flow_costs[name]
        details[name].setdefault("summary", []).append(_flow_line(flow))
    total = sum(by_kind.values(), Decimal("0.00"))
    kinds = ", ".join(f"{kind} {money(cost)}" for kind, cost in
                      sorted(by_kind.items(), key=lambda kv: -kv[1]))
    top = sorted(by_resource.items(), key=lambda kv: -kv[1])[:3]
    sources = ", ".join(f"{name} {money(cost)}" for name, cost in top)
    details[SUMMARY_KEY] = {
        "monthly_total": total,
        "by_kind": dict(sorted(by_kind.items(), key=lambda kv: -kv[1])),
        "by_resource": dict(sorted(by_resource.items(), key=lambda kv: -kv[1])),
        "flows": [{"name": name, **details[name]["flow"]} for name in flows],
        "summary": [f"{money(total)} a month: {kinds or 'nothing'}"
                    + (f"; largest: {sources}" if sources else "")],
    }


def _flow_line(flow: Mapping[str, Any]) -> str:
    """``2,048 GB a month cross-AZ to orders-db: $40.96``."""
    data = grouped(flow["data_gb"].quantize(Decimal("0.01")).normalize())
    where = ("from the internet" if flow["from"] == INTERNET else "to the internet"
             if flow["to"] == INTERNET else f"to {flow['to']}")
    how = "" if flow["path"] in ("internet", "inbound") else f"{PATH_TEXT[flow['path']]} "
    via = (" via CloudFront " + repr(flow["via"]) + " (origin fetch free)"
           if flow["via"] not in (None, "nat", "endpoint") else
           f" via {'a NAT gateway' if flow['via'] == 'nat' else 'an interface endpoint'}"
           if flow["via"] else "")
    return f"{data} GB a month {how}{where}{via}: {money(flow['monthly_cost'])}"
