"""Property tests (hypothesis): valid specs generated from awscalc's own JSON Schema go
through the whole pipeline, and the numbers obey basic arithmetic."""

from __future__ import annotations

import copy
import csv
import io
import json
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from awscalc.errors import AwscalcError
from awscalc.estimate import estimate
from awscalc.output import render
from awscalc.ratecards import RateBook, Tier, split_tiers
from awscalc.schema import spec_schema
from awscalc.spec import parse_spec

from .conftest import FROZEN_PRICING

hypothesis_jsonschema = pytest.importorskip("hypothesis_jsonschema")

# Quantity formats become patterns of small, valid quantities, so that generated specs
# exercise the calculators rather than the quantity parser (tested on its own).
QUANTITY_PATTERNS = {
    "awscalc-data": r"^[1-9][0-9]{0,2} (KB|MB|GB|TB)$",
    "awscalc-data-per-month": r"^[1-9][0-9]{0,2} (MB|GB|TB)(/day)?$",
    "awscalc-count": r"^[0-9]{1,3}(k|M)?$",
    "awscalc-count-per-month": r"^[0-9]{1,3}(k|M)?$",
    "awscalc-duration": r"^[1-9][0-9]{0,2} (ms|days)$",
    "awscalc-bitrate": r"^[1-9][0-9]{0,2} (Mbps|Gbps)$",
    "awscalc-percent": r"^(100|[1-9]?[0-9])%$",
}
# Keys whose valid range is narrower than their kind's (checked by the calculators).
KEY_PATTERNS = {
    "memory": r"^(128|256|512|1024|1536|2048|10240) MB$",
    "ephemeral_storage": r"^(512|1024|2048) MB$",
    "duration": r"^[1-9][0-9]{0,2} ms$",
    "billing_increment": r"^(1|100) ms$",
}
BOOK = RateBook(FROZEN_PRICING, "frozen")


def _inline(node: Any, defs: dict[str, Any]) -> Any:
    """The schema with every local $ref inlined and quantity formats turned into patterns."""
    if isinstance(node, dict):
        if "$ref" in node:
            target: Any = {"$defs": defs}
            for part in node["$ref"].removeprefix("#/").split("/"):
                target = target[part]
            merged = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
            return _inline(merged, defs)
        if node.get("format") in QUANTITY_PATTERNS:
            return {"type": "string", "pattern": QUANTITY_PATTERNS[node["format"]]}
        inlined = {k: _inline(v, defs) for k, v in node.items() if k != "description"}
        for key, pattern in KEY_PATTERNS.items():
            if key in inlined.get("properties", {}):
                inlined["properties"][key] = {"type": "string", "pattern": pattern}
        return inlined
    if isinstance(node, list):
        return [_inline(item, defs) for item in node]
    return node


def _resource_schemas() -> dict[str, dict[str, Any]]:
    schema = spec_schema()
    defs = schema["$defs"]
    schemas = {name.removeprefix("service_"): _inline(copy.deepcopy(body), defs)
               for name, body in defs.items() if name.startswith("service_")}
    for body in schemas.values():
        body["properties"].pop("region")  # the frozen cards price us-east-1 only
    return schemas


RESOURCE_SCHEMAS = _resource_schemas()


@st.composite
def specs(draw: st.DrawFn, services: list[str] | None = None) -> dict[str, Any]:
    """A spec of one to three resources, each drawn from its service's schema (of
    ``services``, default all)."""
    names = draw(st.lists(st.sampled_from(["a", "b", "c"]), min_size=1, max_size=3,
                          unique=True))
    resources = {}
    for name in names:
        service = draw(st.sampled_from(services or sorted(RESOURCE_SCHEMAS)))
        resources[name] = draw(hypothesis_jsonschema.from_schema(RESOURCE_SCHEMAS[service]))
    return {"region": "us-east-1", "free_tier": draw(st.booleans()), "resources": resources}


def price(spec: dict[str, Any], **overrides: Any):
    """Estimate a generated spec; invalid combinations must be awscalc errors only."""
    try:
        return estimate(parse_spec(json.dumps(spec), "generated.yaml", **overrides), BOOK)
    except AwscalcError:
        return None


# Generated specs are large and many are (rightly) rejected by the calculators: the
# health checks about size, speed and filtering would only make the run flaky.
SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))


@SETTINGS
@given(specs())
def test_pipeline_properties(spec: dict[str, Any]) -> None:
    result = price(spec)
    assume(result is not None)
    assert all(item.cost >= 0 for item in result.line_items)
    assert result.monthly_total == sum(i.cost for i in result.line_items if not i.one_time)
    document = json.loads(render(result, "json"), parse_float=Decimal)
    assert document["totals"]["monthly"] == result.monthly_total
    # every line item comes back from the JSON text with its exact numbers
    assert [(i["resource"], i["usage_key"], i["quantity"], i["rate"], i["cost"])
            for i in document["line_items"]] == [
        (i.resource, i.key, i.quantity, i.rate, i.cost) for i in result.line_items]
    rows = list(csv.DictReader(io.StringIO(render(result, "csv"))))
    total = sum((Decimal(row["cost"]) for row in rows if row["one_time"] == "false"),
                Decimal(0))
    assert total == result.monthly_total


@SETTINGS
@given(specs())
def test_free_tier_never_raises_the_total(spec: dict[str, Any]) -> None:
    off, on = price(spec, free_tier=False), price(spec, free_tier=True)
    assume(off is not None and on is not None)
    assert on.monthly_total <= off.monthly_total


# The usage quantities of each service: raising one is using more. Not in the list, on
# purpose: S3 storage size and object counts (an Intelligent-Tiering object under 128 KB
# is billed differently, so the average size moving across 128 KB can lower a bill),
# and Lambda's provisioned-concurrency requests (a share of the requests, not more).
USAGE_PATHS = {
    "cloudfront": ["data_transfer_out", "requests", "origin_transfer", "invalidation_paths",
                   "functions", "origin_shield.requests", "dedicated_ip_certificates",
                   "realtime_log_lines", "field_level_encryption_requests"],
    "lambda": ["requests", "duration"],
    "route53": ["hosted_zones", "queries.standard", "queries.latency", "queries.geo",
                "queries.ip_based", "queries.alias", "health_checks.*.count",
                "traffic_policies"],
    "s3": ["requests.*.put", "requests.*.get", "requests.*.list", "retrievals.*.size",
           "retrievals.*.requests", "data_transfer_out"],
    "ebs": ["size", "count", "snapshots.size", "snapshots.archive_size"],
    "ec2": ["count", "data_transfer_out", "volumes.*.size"],
    "sqs": ["messages", "requests"],
    "dynamodb": ["reads", "writes", "storage"],
}


def _raised(text: str) -> str:
    """``"12 ms"`` → ``"19 ms"``, ``"3k"`` → ``"10k"``: the number raised by 7."""
    number, space, unit = text.partition(" ")
    digits = number.rstrip("kM")
    return f"{int(digits) + 7}{number[len(digits):]}{space}{unit}"


def _raise_at(node: Any, path: list[str]) -> bool:
    """Raise every quantity at ``path`` (``*`` = each list item); whether any was."""
    if not path:
        return False
    key, rest = path[0], path[1:]
    children = (list(enumerate(node)) if key == "*" and isinstance(node, list)
                else [(key, node[key])] if isinstance(node, dict) and key in node else [])
    touched = False
    for index, child in children:
        if rest:
            touched |= _raise_at(child, rest)
        elif isinstance(child, str) and child[:1].isdigit():
            node[index] = _raised(child)
            touched = True
        elif isinstance(child, int) and not isinstance(child, bool):
            node[index] = child + 7
            touched = True
    return touched


@SETTINGS
@given(specs(services=sorted(USAGE_PATHS)), st.data())  # only services with known quantities
def test_raising_a_usage_quantity_never_lowers_the_total(spec: dict[str, Any],
                                                         data: st.DataObject) -> None:
    base = price(spec)
    assume(base is not None)
    changed = copy.deepcopy(spec)
    name = data.draw(st.sampled_from(sorted(changed["resources"])))
    resource = changed["resources"][name]
    path = data.draw(st.sampled_from(USAGE_PATHS[resource["service"]]))
    assume(_raise_at(resource, path.split(".")))
    more = price(changed)
    assume(more is not None)
    assert more.monthly_total >= base.monthly_total, f"{name}.{path}"


@given(st.decimals(min_value=0, max_value=10**15, places=4),
       st.lists(st.integers(min_value=1, max_value=10**12), min_size=0, max_size=5,
                unique=True))
def test_tier_split_conserves_quantity(quantity: Decimal, bounds: list[int]) -> None:
    ladder = tuple(Tier(Decimal(b), Decimal(1)) for b in sorted(bounds))
    ladder += (Tier(None, Decimal(1)),)
    parts = split_tiers(quantity, ladder)
    assert sum(part.quantity for part in parts) == quantity
    assert all(part.quantity >= 0 for part in parts)
