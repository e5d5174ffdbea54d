"""Formatters: each turns an :class:`~awscalc.model.Estimate` into text, nothing else.

``FORMATTERS`` maps a ``--format`` name to the module that renders it; each module
provides ``render(estimate, explain=False) -> str`` and is imported only when chosen.
A module may also provide ``write(estimate, stream, explain=False)``, writing the same
text piece by piece (JSON does: a large spec's report is hundreds of megabytes).
"""

from __future__ import annotations

import importlib
from typing import Any, TextIO

FORMATTERS: dict[str, str] = {
    "table": "table",
    "json": "json_format",
    "csv": "csv_format",
    "markdown": "markdown",
    "html": "html",
}


# The width of a table written to a pipe or a file (not a terminal) when $COLUMNS does
# not say otherwise: stable output that reads well in an editor or a pull request.
FIXED_WIDTH = 100
GROUP_BY = ("group", "service", "region", "resource")


def render(estimate: Any, fmt: str, explain: bool = False, color: bool = False,
           width: int | None = None) -> str:
    """Render ``estimate`` in format ``fmt`` (a key of :data:`FORMATTERS`); ``width``:
    the terminal's (table only; default :data:`FIXED_WIDTH`)."""
    module = importlib.import_module(f"{__name__}.{FORMATTERS[fmt]}")
    if fmt == "table":
        return module.render(estimate, explain=explain, color=color,
                             width=width or FIXED_WIDTH)
    return module.render(estimate, explain=explain)


def write(estimate: Any, fmt: str, stream: TextIO, explain: bool = False,
          color: bool = False, width: int | None = None) -> None:
    """Write what :func:`render` returns to ``stream``, piece by piece where the
    format's module can."""
    module = importlib.import_module(f"{__name__}.{FORMATTERS[fmt]}")
    if hasattr(module, "write"):
        module.write(estimate, stream, explain=explain)
    else:
        stream.write(render(estimate, fmt, explain=explain, color=color, width=width))


def table_width(terminal: bool) -> int:
    """How wide a table may be: ``$COLUMNS`` when set, else the terminal's width when
    writing to one (colours or not), else :data:`FIXED_WIDTH`."""
    import os

    columns = os.environ.get("COLUMNS", "").strip()
    if columns.isascii() and columns.isdigit() and 20 <= int(columns[:5]) <= 10_000:
        return int(columns)
    if terminal:
        import shutil

        return max(shutil.get_terminal_size((FIXED_WIDTH, 24)).columns, 20)
    return FIXED_WIDTH


def group_by(estimate: Any) -> str:
    """How the report groups resources: ``estimate.group_by``, else ``group`` when any
    resource has a group, else ``resource``."""
    return estimate.group_by or ("group" if estimate.groups else "resource")


NO_GROUP = "(no group)"


def sections(estimate: Any) -> list[tuple[str | None, list[str]]]:
    """The resources that have line items, in report order, as ``(label, names)``
    sections: one per group, service or region (first seen first, spec order within),
    or a single unlabelled one when grouping by resource."""
    priced = dict.fromkeys(item.resource for item in estimate.line_items)
    by = group_by(estimate)
    if by == "resource":
        return [(None, list(priced))]
    index = {"service": 1, "region": 2}.get(by)
    found: dict[str, list[str]] = {}
    for resource in estimate.resources:
        name = resource[0]
        if name not in priced:
            continue
        label = estimate.groups.get(name, NO_GROUP) if index is None else resource[index]
        found.setdefault(label, []).append(name)
    return list(found.items())


def items_by_resource(estimate: Any) -> dict[str, list[Any]]:
    """Each resource's line items, in order."""
    found: dict[str, list[Any]] = {}
    for item in estimate.line_items:
        found.setdefault(item.resource, []).append(item)
    return found


def section_total(estimate: Any, names: list[str], one_time: bool = False) -> Any:
    """The sum of ``names``' own line items (monthly or one-time)."""
    from decimal import Decimal

    return sum((estimate.resource_total(name, one_time) for name in names), Decimal("0.00"))


def amount_text(monthly: Any, one_time: Any) -> str:
    """``$123.45``, ``$123.45 + $10.00 once`` or ``$10.00 once``."""
    from awscalc.numbers import money

    if one_time and not monthly:
        return f"{money(one_time)} once"
    return f"{money(monthly)} + {money(one_time)} once" if one_time else money(monthly)


def own_subtotal(estimate: Any, name: str, count: int) -> bool:
    """Whether resource ``name`` (with ``count`` line items) gets a subtotal row of its
    own: when it has more than one line (one line's cost is its subtotal) and is not a
    composite (whose family subtotal covers it)."""
    return count > 1 and not estimate.children(name)


UNITS_NOTE = ("Data sizes are binary (1 GB = 2^30 bytes, 1 TB = 1,024 GB); bit rates are "
              "decimal (1 Gbps = 10^9 bit/s).")


def month_note(month_hours: Any) -> str:
    """The billing-month sentence of every report footer."""
    from awscalc.numbers import plain

    return f"A month is {plain(month_hours)} hours."


def subtotal_rows(estimate: Any, order: list[str] | None = None) -> dict[str, list[str]]:
    """Where composite subtotals go: for each resource, the composites whose family
    (the composite and its children) ends with that resource's line items, innermost
    first (``order``: the resources in report order; default the line items')."""
    if order is None:
        order = list(dict.fromkeys(item.resource for item in estimate.line_items))
    closing: dict[str, list[str]] = {}
    for name in dict.fromkeys(estimate.parents.values()):
        family = {name, *estimate.children(name)}
        members = [resource for resource in order if resource in family]
        if members:
            closing.setdefault(members[-1], []).append(name)
    for names in closing.values():
        names.sort(key=lambda name: -name.count("/"))
    return closing


def subtotal_text(estimate: Any, name: str) -> str:
    """``$123.45`` (``+ $10.00 once``): a composite's total with its children's."""
    return amount_text(estimate.subtotal(name), estimate.subtotal(name, one_time=True))
