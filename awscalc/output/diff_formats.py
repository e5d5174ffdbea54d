"""Renderers for ``awscalc diff``: table, JSON, CSV and Markdown, each returning text.

Names and titles come from the specs: the table (:mod:`awscalc.output.grid`, fitted to
the terminal's width) shows them through :func:`awscalc.safetext.printable`, Markdown
through :func:`~awscalc.safetext.markdown_text`.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any

from awscalc import __version__
from awscalc.diff import ADDED, REMOVED, Change, Diff, DiffLine
from awscalc.model import LineItem
from awscalc.numbers import money, plain
from awscalc.output.grid import Cell, Column, Grid, first_fitting, paragraph
from awscalc.safetext import markdown_text as _cell
from awscalc.safetext import printable
from awscalc.unverified import merged_warnings

SCHEMA_VERSION = 1
MARKS = {ADDED: "+ added", REMOVED: "− removed", "changed": "changed", "unchanged": ""}


def render(diff: Diff, fmt: str, show_all: bool = False, color: bool = False,
           width: int | None = None) -> str:
    """Render ``diff`` in ``fmt`` (table, json, csv, markdown or html); ``width``: the
    table's (default :data:`awscalc.output.FIXED_WIDTH`)."""
    if fmt == "html":
        from awscalc.output.html import render_diff

        return render_diff(diff, show_all)
    if fmt == "table":
        return _table(diff, show_all, color, width)
    renderers = {"json": _json, "csv": _csv, "markdown": _markdown}
    return renderers[fmt](diff, show_all, color)


def signed_money(amount: Decimal) -> str:
    """``+$1.20``, ``−$3.00``, ``$0.00``."""
    if amount > 0:
        return f"+{money(amount)}"
    if amount < 0:
        return f"−{money(-amount)}"
    return money(amount)


def percent_text(change: Change) -> str:
    """``+12.5%``, ``−20%``, ``new`` (before was zero), or empty when nothing changed."""
    if change.percent is None:
        return "new" if change.after else ""
    if not change.delta:
        return ""
    text = plain(change.percent)
    return f"+{text}%" if change.delta > 0 else f"−{text.lstrip('-')}%"


def _totals_rows(diff: Diff) -> list[tuple[str, Change]]:
    return [("Monthly", diff.monthly), ("Annual", diff.annual), ("One-time", diff.one_time)]


def _title(diff: Diff) -> str:
    return (f"{diff.before.name or diff.before.spec_file} → "
            f"{diff.after.name or diff.after.spec_file}")


def _table(diff: Diff, show_all: bool, color: bool, width: int | None = None) -> str:
    """The changed lines as a table ``width`` cells wide (see :mod:`awscalc.output.grid`):
    text wraps, the ``%`` column is left out when it does not fit (the totals under the
    table keep theirs), and when resource names are too long for a column each gets a
    row of its own above its lines."""
    from awscalc.output import FIXED_WIDTH

    width = width or FIXED_WIDTH
    lines = paragraph(printable(f"Cost change: {_title(diff)}"), width)
    # a narrow terminal: each resource, then each component too, on a row of its own
    grid = first_fitting([lambda: _grid(diff, show_all),
                          lambda: _grid(diff, show_all, stacked=True),
                          lambda: _grid(diff, show_all, stacked=True, components=True)],
                         width)
    lines += grid.render(width, color)
    for label, change in _totals_rows(diff):
        percent = percent_text(change)
        lines += paragraph(f"{label}: {money(change.before)} → {money(change.after)} "
                           f"({signed_money(change.delta)}"
                           + (f", {percent}" if percent else "") + ")", width)
    for resource in diff.resources:
        if resource.status in (ADDED, REMOVED):
            lines += paragraph(printable(f"{resource.name} ({resource.service}): "
                                         f"{resource.status}"), width)
    hidden = len(diff.lines) - len(diff.visible_lines(show_all))
    if hidden:
        lines += paragraph(f"{hidden} unchanged line{'s' if hidden != 1 else ''} hidden "
                           "(--all shows them)", width, "dim", color)
    return "\n".join(lines) + "\n"


def _grid(diff: Diff, show_all: bool, stacked: bool = False,
          components: bool = False) -> Grid:
    """The diff's lines, a section per resource; ``stacked``: no Resource column, each
    resource's name on a row of its own above its lines; ``components`` (with
    ``stacked``): no Component column either, each component on a row of its own above
    its amounts."""
    columns = [Column("Before", right=True, firm=True), Column("After", right=True, firm=True),
               Column("Change", right=True, firm=True), Column("%", right=True, optional=True)]
    if not components:
        columns.insert(0, Column("Component"))
    grid = Grid(columns if stacked else [Column("Resource", keep=True), *columns])
    count = len(grid.columns)
    previous = None
    for line in diff.visible_lines(show_all):
        if line.resource != previous:
            grid.rule()
            if stacked:
                grid.add(Cell(printable(line.resource), count, "bold", right=False))
        mark = MARKS[line.status]
        change = line.cost
        component = Cell(printable(line.component) + (f" [{mark}]" if mark in (
            MARKS[ADDED], MARKS[REMOVED]) else ""))
        cells = [Cell(money(change.before) if line.before else "—"),
                 Cell(money(change.after) if line.after else "—"),
                 Cell(signed_money(change.delta)), Cell(percent_text(change))]
        if components:
            grid.add(Cell(component.text, count, right=False, label=True))
        else:
            cells.insert(0, component)
        if not stacked:
            cells.insert(0, Cell(printable(line.resource), style="bold")
                         if line.resource != previous else Cell(None))
        grid.add(*cells)
        previous = line.resource
    if previous is None:
        grid.add(Cell("no cost changes", count))
    return grid


def _item(item: LineItem | None) -> dict[str, Any] | None:
    if item is None:
        return None
    return {"component": item.component, "usage_key": item.key, "quantity": item.quantity,
            "unit": item.unit, "rate": item.rate, "rate_per": item.per, "cost": item.cost,
            "formula": item.formula}


def _change(change: Change) -> dict[str, Any]:
    return {"before": change.before, "after": change.after, "delta": change.delta,
            "delta_percent": change.percent}


def _json(diff: Diff, show_all: bool, color: bool) -> str:
    from awscalc.output.json_format import dumps

    document = {
        "schema_version": SCHEMA_VERSION,
        "kind": "diff",
        "awscalc_version": __version__,
        "before": {"name": diff.before.name, "spec_file": diff.before.spec_file},
        "after": {"name": diff.after.name, "spec_file": diff.after.spec_file},
        "currency": diff.after.currency,
        "totals": {label.lower().replace("-", "_"): _change(change)
                   for label, change in _totals_rows(diff)},
        "resources": [{"name": r.name, "service": r.service, "status": r.status,
                       "monthly": _change(r.monthly), "one_time": _change(r.one_time)}
                      for r in diff.resources],
        "lines": [{"resource": line.resource, "component": line.component,
                   "status": line.status, "one_time": line.one_time,
                   **_change(line.cost),
                   # each side's line item: "before"/"after" are the line's costs
                   "before_line": _item(line.before), "after_line": _item(line.after)}
                  for line in diff.lines],
        "warnings": merged_warnings((diff.before, diff.after)),
        "pricing": [{"service": i.service, "source": i.source, "retrieved": i.retrieved,
                     "origin": i.origin} for i in diff.after.pricing],
    }
    return dumps(document) + "\n"


def _csv(diff: Diff, show_all: bool, color: bool) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["resource", "component", "status", "one_time", "quantity_before",
                     "quantity_after", "unit", "cost_before", "cost_after", "delta",
                     "delta_percent"])
    for line in diff.visible_lines(show_all):
        change = line.cost
        item = line.after or line.before
        writer.writerow([
            line.resource, line.component, line.status, str(line.one_time).lower(),
            plain(line.before.quantity) if line.before else "",
            plain(line.after.quantity) if line.after else "",
            item.unit if item else "", f"{change.before:.2f}", f"{change.after:.2f}",
            f"{change.delta:.2f}", "" if change.percent is None else plain(change.percent),
        ])
    return buffer.getvalue()


def _md_line(line: DiffLine) -> str:
    change = line.cost
    mark = {ADDED: " **(added)**", REMOVED: " **(removed)**"}.get(line.status, "")
    return (f"| {_cell(line.resource)} | {_cell(line.component)}{mark} | "
            f"{money(change.before) if line.before else '—'} | "
            f"{money(change.after) if line.after else '—'} | {signed_money(change.delta)} | "
            f"{percent_text(change)} |")


def _markdown(diff: Diff, show_all: bool, color: bool) -> str:
    monthly = diff.monthly
    arrow = "📈" if monthly.delta > 0 else ("📉" if monthly.delta < 0 else "➖")
    lines = [
        f"## {arrow} AWS cost change: {signed_money(monthly.delta)} a month",
        "",
        f"**{money(monthly.before)} → {money(monthly.after)}** a month "
        f"({percent_text(monthly) or 'no change'}) · annual {signed_money(diff.annual.delta)}"
        f" · one-time {signed_money(diff.one_time.delta)}",
        "",
    ]
    shown = diff.visible_lines(show_all)
    if shown:
        lines += ["| Resource | Component | Before | After | Change | % |",
                  "|---|---|---:|---:|---:|---:|"]
        lines += [_md_line(line) for line in shown]
    else:
        lines.append("No cost changes.")
    hidden = len(diff.lines) - len(shown)
    if hidden:
        lines += ["", f"<sub>{hidden} unchanged line{'s' if hidden != 1 else ''} hidden."
                      "</sub>"]
    changed = [r for r in diff.resources if r.status in (ADDED, REMOVED)]
    if changed:
        lines += ["", *[f"- `{_cell(r.name)}` ({r.service}) {r.status}" for r in changed]]
    lines += ["", f"<sub>{_cell(_title(diff))} · prices: "
                  + _cell("; ".join(f"{i.service} retrieved {i.retrieved}"
                                    for i in diff.after.pricing))
                  + "</sub>", ""]
    return "\n".join(lines)
