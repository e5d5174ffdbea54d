"""The spec's JSON Schema: assembled from the base schema and each service's fragment.

``awscalc schema`` prints what :func:`spec_schema` returns; editors can use it through
``# yaml-language-server: $schema=...``. Quantity keys use awscalc's own ``format``
names (``awscalc-data``, ``awscalc-count``…), checked by :mod:`awscalc.units`.
"""

from __future__ import annotations

import copy
import functools
import json
from pathlib import Path
from typing import Any

from awscalc.fastschema import SchemaChecker
from awscalc.services import schema_fragment, spec_services
from awscalc.units import Kind

FORMAT_KINDS: dict[str, Kind] = {
    "awscalc-data": Kind.DATA,
    "awscalc-data-per-month": Kind.DATA_PER_MONTH,
    "awscalc-count": Kind.COUNT,
    "awscalc-count-per-month": Kind.COUNT_PER_MONTH,
    "awscalc-duration": Kind.DURATION,
    "awscalc-bitrate": Kind.BITRATE,
    "awscalc-percent": Kind.PERCENT,
}


@functools.cache
def _spec_schema() -> dict[str, Any]:
    schema = json.loads(Path(__file__).with_name("spec.schema.json").read_text("utf-8"))
    resource = schema["$defs"]["resource"]
    services = spec_services()
    resource["properties"]["service"]["enum"] = services
    branches = []
    for service in services:
        fragment = schema_fragment(service)
        definition = {
            "type": "object",
            "title": fragment.get("title", service),
            "description": fragment.get("description", ""),
            "additionalProperties": False,
            "required": ["service", *fragment.get("required", [])],
            "properties": {
                "service": {"const": service},
                "region": {"$ref": "#/$defs/region",
                           "description": "Region of this resource (default: the spec's)."},
                **schema["$defs"]["resource_keys"]["properties"],
                **fragment["properties"],
            },
        }
        schema["$defs"][f"service_{service}"] = definition
        for name, shared in fragment.get("$defs", {}).items():
            if name in schema["$defs"]:
                raise ValueError(f"{service}.schema.json: $defs name '{name}' is taken")
            schema["$defs"][name] = shared
        branches.append({
            "if": {"properties": {"service": {"const": service}}, "required": ["service"]},
            "then": {"$ref": f"#/$defs/service_{service}"},
        })
    resource["allOf"] = branches
    _merge_flows(schema)
    return schema


def _merge_flows(schema: dict[str, Any]) -> None:
    """Add the spec-level ``flows`` and ``data_transfer`` keys (awscalc/flows.py)."""
    fragment = json.loads(Path(__file__).with_name("flows.schema.json").read_text("utf-8"))
    schema["properties"].update(fragment["properties"])
    schema["$defs"].update(fragment["$defs"])


def spec_schema() -> dict[str, Any]:
    """The complete spec schema (a fresh copy the caller may change)."""
    return copy.deepcopy(_spec_schema())


@functools.cache
def validator() -> SchemaChecker:
    """The spec's checker (draft 2020-12, with awscalc's quantity formats): a compiled
    yes/no check for the common valid case, jsonschema's errors when invalid."""
    return SchemaChecker(_spec_schema(), {name: _format_check(kind)
                                          for name, kind in FORMAT_KINDS.items()})


def _format_check(kind: Kind) -> Any:
    from awscalc.units import parse_quantity

    def check(instance: object) -> bool:
        parse_quantity(instance, kind)
        return True

    return check
