"""JSON output: stable, versioned (``schema_version``), with money as exact JSON numbers.

``json`` cannot write ``Decimal`` exactly, so this module serializes the document itself:
a Decimal is written as its plain decimal text (``18.74``, never ``18.739999``), which
``jq`` and spreadsheets read as a number.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from json.encoder import encode_basestring  # type: ignore[attr-defined]
from typing import Any, TextIO

from awscalc import __version__
from awscalc.model import Estimate, LineItem

SCHEMA_VERSION = 1


def render(estimate: Estimate, explain: bool = False) -> str:
    """The estimate as a JSON document (``explain`` is accepted for symmetry; formulas
    are always included)."""
    return dumps(document(estimate)) + "\n"


def write(estimate: Estimate, stream: TextIO, explain: bool = False) -> None:
    """Write :func:`render`'s text to ``stream`` a few thousand pieces at a time, so that
    the report of a large spec is never held whole (it can be hundreds of megabytes)."""

    def flush(pieces: list[str]) -> None:
        stream.write("".join(pieces))
        pieces.clear()

    pieces: list[str] = []
    _write(document(estimate), 2, 0, pieces, flush)
    pieces.append("\n")
    flush(pieces)


def document(estimate: Estimate) -> dict[str, Any]:
    """The JSON document as Python data (Decimals kept exact; the line items as a
    :class:`LazyArray`, made one by one as :func:`dumps` writes them)."""
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
        **_subtotals(estimate),
        "resources": [
            {
                "name": name, "service": service, "region": region,
                "monthly": estimate.resource_total(name),
                "one_time": estimate.resource_total(name, one_time=True),
                **_labels(estimate, name),
                **_family(estimate, name),
                **({"details": estimate.details[name]} if name in estimate.details else {}),
            }
            for name, service, region in estimate.resources
        ],
        "line_items": LazyArray(estimate.line_items, _item),
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
        **({"ranges": _ranges(estimate.ranges)} if estimate.ranges is not None else {}),
        # where the transfer bill comes from (awscalc.flows), when the spec has flows
        **({"flows": estimate.details["data transfer"]}
           if "data transfer" in estimate.details else {}),
    }


def _ranges(report: Any) -> dict[str, Any]:
    return {
        "monthly": dict(report.monthly),
        "one_time": dict(report.one_time),
        "sensitivity": [
            {"path": s.range.label, "range": s.range.text, "low": s.range.low,
             "expected": s.range.expected, "high": s.range.high,
             "monthly_low": s.monthly_low, "monthly_high": s.monthly_high,
             "swing": s.swing}
            for s in report.ranking],
    }


def _labels(estimate: Estimate, name: str) -> dict[str, str]:
    """A resource's ``group`` and ``description``, where it has them."""
    found = {}
    if name in estimate.groups:
        found["group"] = estimate.groups[name]
    if name in estimate.descriptions:
        found["description"] = estimate.descriptions[name]
    return found


def _subtotals(estimate: Estimate) -> dict[str, Any]:
    """``group_by`` and ``subtotals``: each group's (service's, region's) monthly and
    one-time total and resources, when the report groups by one (``--group-by``)."""
    from awscalc.output import group_by, section_total, sections

    by = group_by(estimate)
    if by == "resource":
        return {}
    return {"group_by": by, "subtotals": [
        {by: label, "monthly": section_total(estimate, names),
         "one_time": section_total(estimate, names, one_time=True), "resources": names}
        for label, names in sections(estimate)]}


def _family(estimate: Estimate, name: str) -> dict[str, Any]:
    """A child's parent; a composite's children and its subtotal (its own lines and all
    its children's: ``monthly`` and ``one_time`` are its own only)."""
    found: dict[str, Any] = {}
    if name in estimate.parents:
        found["parent"] = estimate.parents[name]
    children = estimate.children(name)
    if children:
        found["children"] = children
        found["subtotal"] = {"monthly": estimate.subtotal(name),
                             "one_time": estimate.subtotal(name, one_time=True)}
    return found


def _item(item: LineItem) -> dict[str, Any]:
    record: dict[str, Any] = {
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
        # a catalog rate's dimensions (instance type, operating system…); {} for a card's
        "dimensions": dict(item.dimensions),
        # the composite resource this line's resource is part of (null: none)
        "parent": item.parent,
    }
    if not item.verified:  # where the unverified rate comes from, as its card says
        if item.rate_note:
            record["rate_note"] = item.rate_note
        if item.rate_source:
            record["rate_source"] = item.rate_source
    return record


class LazyArray:
    """A JSON array whose elements are made from ``items`` only as they are written.

    A report of 100,000 resources has hundreds of thousands of line items; as dicts all
    at once they would take hundreds of megabytes, and the time to write them grows
    faster than their number (the processor's caches).
    """

    __slots__ = ("items", "make")

    def __init__(self, items: Sequence[Any], make: Callable[[Any], Any]) -> None:
        self.items = items
        self.make = make

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self) -> Iterator[Any]:
        return map(self.make, self.items)


def dumps(value: Any, indent: int = 2) -> str:
    """Serialize ``value`` as indented JSON, writing Decimals exactly.

    Flat records (a line item with its tiers and dimensions, a comparison: scalars, lists
    of scalars or of mappings of scalars, and — beside a scalar — mappings of scalars) are
    written on one line each, which keeps
    thousands of line items fast to write and easy to grep; everything else is indented.
    """
    pieces: list[str] = []
    _write(value, indent, 0, pieces)
    return "".join(pieces)


def _decimal(value: Decimal) -> str:
    # Exact text, keeping the scale the value carries: money stays "501.80". str() is
    # the same text, faster, unless it chose an exponent (or the value is not finite).
    text = str(value)
    if "E" in text or not value.is_finite():
        return f"{value:f}" if value.is_finite() else "null"
    return text


# Writers of the scalar types a document holds, by exact type; anything else (a str
# subclass, a float) goes through the json module's encoder.
_WRITERS: dict[type, Callable[[Any], str]] = {
    str: encode_basestring,
    Decimal: _decimal,
    bool: lambda value: "true" if value else "false",
    int: int.__repr__,
    type(None): lambda _: "null",
}
_CONTAINERS = (dict, list, tuple)


def _key(key: Any) -> str:
    return encode_basestring(key if type(key) is str else str(key))


_MEMBER_PREFIXES: dict[Any, str] = {}


def _member(key: Any) -> str:
    """``"key": `` (remembered: the same few keys recur on every record)."""
    prefix = _MEMBER_PREFIXES.get(key)
    if prefix is None:
        prefix = f"{_key(key)}: "
        if len(_MEMBER_PREFIXES) < 10_000:
            _MEMBER_PREFIXES[key] = prefix
    return prefix


def _scalar(value: Any) -> str:
    writer = _WRITERS.get(type(value))
    if writer is not None:
        return writer(value)
    if isinstance(value, Decimal):  # a subclass: still exact
        return _decimal(value)
    return json.dumps(value, ensure_ascii=False)


def _one_line(record: dict[str, Any]) -> str | None:
    """``record`` on one line if it is flat (see :func:`dumps`), else ``None``."""
    parts = []
    mappings = scalars = 0
    for key, value in record.items():
        writer = _WRITERS.get(type(value))
        if writer is not None:
            scalars += 1
            parts.append(_member(key) + writer(value))
        elif type(value) in (list, tuple):
            elements = []
            for element in value:
                if type(element) is dict:
                    text = _scalars_line(element)
                    if text is None:
                        return None
                elif isinstance(element, _CONTAINERS):
                    return None
                else:
                    text = _scalar(element)
                elements.append(text)
            parts.append(f"{_member(key)}[{', '.join(elements)}]")
        elif type(value) is dict:  # a mapping of scalars (a line item's dimensions)
            text = _scalars_line(value)
            if text is None:
                return None
            mappings += 1
            parts.append(_member(key) + text)
        elif isinstance(value, _CONTAINERS):
            return None
        else:
            scalars += 1
            parts.append(_member(key) + _scalar(value))
    if mappings and not scalars:
        return None  # a mapping of mappings (diff totals) reads better indented
    return "{" + ", ".join(parts) + "}"


def _scalars_line(record: dict[str, Any]) -> str | None:
    """A mapping of scalars on one line, else ``None``."""
    parts = []
    for key, value in record.items():
        if isinstance(value, _CONTAINERS):
            return None
        parts.append(_member(key) + _scalar(value))
    return "{" + ", ".join(parts) + "}"


# Pieces to gather before ``write`` passes them on: about a megabyte of text.
FLUSH_PIECES = 4096


def _write(value: Any, indent: int, level: int, out: list[str],
           flush: Callable[[list[str]], None] | None = None) -> None:
    """Append the text of ``value`` at nesting ``level`` to ``out`` (joined once by the
    caller: no copy per level); ``flush`` takes the pieces so far between array items."""
    if isinstance(value, dict) and value:
        if level > 0:
            line = _one_line(value)
            if line is not None:
                out.append(line)
                return
        separator = "{\n" + " " * (indent * (level + 1))
        following = ",\n" + " " * (indent * (level + 1))
        for key, item in value.items():
            out.append(separator)
            out.append(_member(key))
            _write(item, indent, level + 1, out, flush)
            separator = following
        out.append("\n" + " " * (indent * level) + "}")
    elif isinstance(value, (list, tuple, LazyArray)) and len(value):
        separator = "[\n" + " " * (indent * (level + 1))
        following = ",\n" + " " * (indent * (level + 1))
        for item in value:
            out.append(separator)
            _write(item, indent, level + 1, out, flush)
            separator = following
            if flush is not None and len(out) >= FLUSH_PIECES:
                flush(out)
        out.append("\n" + " " * (indent * level) + "]")
    elif isinstance(value, dict):
        out.append("{}")
    elif isinstance(value, (list, tuple, LazyArray)):
        out.append("[]")
    else:
        out.append(_scalar(value))
