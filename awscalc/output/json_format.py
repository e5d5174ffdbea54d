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
        # how the whole account's usage of this key and region fell into the price tiers
        "account_tiers": [{"quantity": t.quantity, "rate": t.rate} for t in item.tiers],
        "verified": item.verified,
        "formula": item.formula,
    }


def dumps(value: Any, indent: int = 2) -> str:
    """Serialize ``value`` as indented JSON, writing Decimals exactly.

    Flat records (a line item with its tiers, a comparison: no nested mapping, lists of
    scalars or of mappings of scalars at most) are written on one line each, which keeps
    thousands of
    line items fast to write and easy to grep; everything else is indented. The standard
    encoder cannot write a Decimal as a number, so each one is written as a marked string
    and the marks are removed at the end; the marker starts with a NUL character, which
    no text awscalc reads can contain (a spec with one is refused).
    """
    return _pretty(value, indent, 0)


def _mark_decimal(value: Any) -> str:
    if isinstance(value, Decimal):
        # Exact text, keeping the scale the value carries: money stays "501.80".
        return f"\0{value:f}\0" if value.is_finite() else "\0null\0"
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


_COMPACT = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": "), default=_mark_decimal)


def _encode(value: Any) -> str:
    """One value on one line, marked Decimals unmarked (small strings: cheap to scan)."""
    text = _COMPACT.encode(value)
    if "\\u0000" in text:
        text = text.replace('"\\u0000', "").replace('\\u0000"', "")
    return text


def _is_flat(record: dict[str, Any]) -> bool:
    """No nested mapping; lists hold scalars or mappings of scalars only."""
    for value in record.values():
        if isinstance(value, dict):
            return False
        if isinstance(value, list):
            for item in value:
                if isinstance(item, list) or (isinstance(item, dict) and any(
                        isinstance(v, (dict, list)) for v in item.values())):
                    return False
    return True


def _pretty(value: Any, indent: int, level: int) -> str:
    if level > 0 and isinstance(value, dict) and _is_flat(value):
        return _encode(value)
    if isinstance(value, dict) and value:
        pad = " " * (indent * (level + 1))
        body = ",\n".join(f"{pad}{_encode(str(k))}: {_pretty(v, indent, level + 1)}"
                          for k, v in value.items())
        return "{\n" + body + "\n" + " " * (indent * level) + "}"
    if isinstance(value, (list, tuple)) and value:
        pad = " " * (indent * (level + 1))
        body = ",\n".join(f"{pad}{_pretty(v, indent, level + 1)}" for v in value)
        return "[\n" + body + "\n" + " " * (indent * level) + "]"
    return _encode(value)
