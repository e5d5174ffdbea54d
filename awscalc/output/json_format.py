"""JSON output: stable, versioned (``schema_version``), with money as exact JSON numbers.

``json`` cannot write ``Decimal`` exactly, so this module serializes the document itself:
a Decimal is written as its plain decimal text (``18.74``, never ``18.739999``), which
``jq`` and spreadsheets read as a number.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from awscalc import __version__
from awscalc.model import Estimate, LineItem

SCHEMA_VERSION = 1


def render(estimate: Estimate, explain: bool = False) -> str:
    """The estimate as a JSON document (``explain`` is accepted for symmetry; formulas
    are always included)."""
    return dumps(document(estimate)) + "\n"


def document(estimate: Estimate) -> dict[str, Any]:
    """The JSON document as Python data (Decimals kept exact)."""
    from awscalc.output import UNITS_NOTE, month_note

    return {
        "schema_version": SCHEMA_VERSION,
        "awscalc_version": __version__,
        "name": estimate.name,
        "spec_file": estimate.spec_file,
        "region": estimate.region,
        "free_tier": estimate.free_tier,
        "month_hours": estimate.month_hours,
        "currency": estimate.currency,
        "totals": {
            "monthly": estimate.monthly_total,
            "annual": estimate.annual_total,
            "one_time": estimate.one_time_total,
        },
        "resources": [
            {
                "name": name, "service": service, "region": region,
                "monthly": estimate.resource_total(name),
                "one_time": estimate.resource_total(name, one_time=True),
                **({"details": estimate.details[name]} if name in estimate.details else {}),
            }
            for name, service, region in estimate.resources
        ],
        "line_items": [_item(item) for item in estimate.line_items],
        "warnings": list(estimate.warnings),
        "pricing": [
            {
                "service": info.service, "title": info.title, "source": info.source,
                "retrieved": info.retrieved, "currency": info.currency,
                "origin": info.origin, "path": info.path,
            }
            for info in estimate.pricing
        ],
        "notes": [UNITS_NOTE, month_note(estimate.month_hours)],
    }


def _item(item: LineItem) -> dict[str, Any]:
    return {
        "resource": item.resource,
        "service": item.service,
        "region": item.region,
        "component": item.component,
        "usage_key": item.key,
        "quantity": item.quantity,
        "unit": item.unit,
        "free_quantity": item.free_quantity,
        "rate": item.rate,
        "rate_per": item.per,
        "cost": item.cost,
        "one_time": item.one_time,
        "tiers": [{"quantity": t.quantity, "rate": t.rate} for t in item.tiers],
        "verified": item.verified,
        "formula": item.formula,
    }


def dumps(value: Any, indent: int = 2, _level: int = 0) -> str:
    """Serialize ``value`` like ``json.dumps(indent=2)``, writing Decimals exactly."""
    pad = " " * (indent * (_level + 1))
    end = " " * (indent * _level)
    if isinstance(value, Decimal):
        # Exact text, keeping the scale the value carries: money stays "501.80".
        return f"{value:f}" if value.is_finite() else "null"
    if isinstance(value, dict):
        if not value:
            return "{}"
        body = ",\n".join(f"{pad}{json.dumps(str(k))}: {dumps(v, indent, _level + 1)}"
                          for k, v in value.items())
        return "{\n" + body + "\n" + end + "}"
    if isinstance(value, (list, tuple)):
        if not value:
            return "[]"
        body = ",\n".join(f"{pad}{dumps(v, indent, _level + 1)}" for v in value)
        return "[\n" + body + "\n" + end + "]"
    return json.dumps(value, ensure_ascii=False)
