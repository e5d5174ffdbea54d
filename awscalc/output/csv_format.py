"""CSV output: one row per line item, then subtotal and total rows; plain numbers.

Columns: the line item's fields, ``charge`` (``monthly`` or ``one_time``: the two never
add up together) and the resource's ``group``. After the line items and one empty row
come the subtotals of the report's grouping (``--group-by``: each group, service or
region, or each resource) and the totals, with ``SUBTOTAL monthly``, ``SUBTOTAL
one_time``, ``TOTAL monthly`` or ``TOTAL one_time`` in the ``resource`` column, what
they add up (``group: data``) in ``component``, and an empty ``charge`` — so that
``SUMIF(charge, "monthly", cost)`` over the whole sheet is the monthly total.

CSV is data: every cell is the exact text or number, quoted by the ``csv`` module and
never rewritten. In particular no cell is "defused" against spreadsheet formula injection
(a cell starting with ``=``, ``+``, ``-`` or ``@``): prefixing a quote would corrupt the
data every program reads — negative amounts start with ``-`` — to protect one that
already cannot be attacked this way. The only spec text in a row is the resource name
and its group: the schema requires a name to start with a letter or a digit
(``tests/test_safetext.py`` keeps that so) and a group not to start with ``=``, ``+``,
``-``, ``@`` or a space. Every other cell is awscalc's own text, an enum value, or a
rate card's.
"""

from __future__ import annotations

import csv
import io
from typing import Any, TextIO

from awscalc.model import Estimate
from awscalc.numbers import plain

COLUMNS = ["resource", "service", "region", "component", "usage_key", "quantity", "unit",
           "free_quantity", "rate", "rate_per", "cost", "charge", "one_time", "verified",
           "formula", "parent", "group"]


def render(estimate: Estimate, explain: bool = False) -> str:
    """The line items, subtotals and totals as CSV text (formulas always included)."""
    buffer = io.StringIO()
    write(estimate, buffer)
    return buffer.getvalue()


def write(estimate: Estimate, stream: TextIO, explain: bool = False) -> None:
    """Write :func:`render`'s text to ``stream`` row by row."""
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(COLUMNS)
    groups = estimate.groups
    for item in estimate.line_items:
        writer.writerow([
            item.resource, item.service, item.region, item.component, item.key,
            plain(item.quantity), item.unit, plain(item.free_quantity), plain(item.rate),
            plain(item.per), f"{item.cost:.2f}", "one_time" if item.one_time else "monthly",
            str(item.one_time).lower(), str(item.verified).lower(), item.formula,
            item.parent or "", groups.get(item.resource, ""),
        ])
    writer.writerow([])
    writer.writerows(total_rows(estimate))


def total_rows(estimate: Estimate) -> list[list[str]]:
    """The subtotal rows of the report's grouping, then ``TOTAL monthly`` and
    ``TOTAL one_time``."""
    from awscalc.output import group_by, section_total, sections

    by = group_by(estimate)
    found = sections(estimate)
    if by == "resource":
        found = [(name, [name]) for name in found[0][1]] if found else []
    rows = []
    for label, names in found:
        monthly = section_total(estimate, names)
        one_time = section_total(estimate, names, one_time=True)
        for kind, amount in (("monthly", monthly), ("one_time", one_time)):
            if kind == "monthly" or amount:
                rows.append(_total_row(f"SUBTOTAL {kind}", f"{by}: {label}", amount,
                                       **_where(estimate, by, str(label), names)))
    rows.append(_total_row("TOTAL monthly", "all resources", estimate.monthly_total))
    rows.append(_total_row("TOTAL one_time", "all resources", estimate.one_time_total))
    return rows


def _where(estimate: Estimate, by: str, label: str, names: list[str]) -> dict[str, str]:
    """The columns a subtotal row fills in besides its label: its service, region or
    group."""
    if by in ("service", "region"):
        return {by: label}
    if by == "group":
        return {"group": label}
    return {"group": estimate.groups.get(names[0], "")}


def _total_row(label: str, what: str, amount: Any, **columns: str) -> list[str]:
    row = dict.fromkeys(COLUMNS, "")
    row.update(resource=label, component=what, cost=f"{amount:.2f}", **columns)
    return list(row.values())

