"""Renderers for ``awscalc diff``: table, JSON, CSV and Markdown, each returning text.

Names and titles come from the specs: the table shows them as rich ``Text`` through
:func:`awscalc.safetext.printable`, Markdown through :func:`~awscalc.safetext.markdown_text`.
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
from awscalc.safetext import markdown_text as _cell
from awscalc.safetext import rich_text

SCHEMA_VERSION = 1
MARKS = {ADDED: "+ added", REMOVED: "− removed", "changed": "changed", "unchanged": ""}


def render(diff: Diff, fmt: str, show_all: bool = False, color: bool = False) -> str:
    """Render ``diff`` in ``fmt`` (table, json, csv, markdown or html)."""
    if fmt == "html":
        from awscalc.output.html import render_diff

        return render_diff(diff, show_all)
    renderers = {"table": _table, "json": _json, "csv": _csv, "markdown": _markdown}
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


def _table(diff: Diff, show_all: bool, color: bool) -> str:
    from rich.table import Table
    from rich.text import Text

    from awscalc.output import text_console

    console, buffer = text_console(color)
    table = Table(title=rich_text(f"Cost change: {_title(diff)}"), title_justify="left")
    for column, justify in (("Resource", "left"), ("Component", "left"), ("Before", "right"),
                            ("After", "right"), ("Change", "right"), ("%", "right")):
        table.add_column(column, justify=justify)  # type: ignore[arg-type]
    lines = diff.visible_lines(show_all)
    previous = None
    for line in lines:
        if previous is not None and line.resource != previous:
            table.add_section()
        mark = MARKS[line.status]
        resource = line.resource if line.resource != previous else ""
        change = line.cost
        table.add_row(rich_text(resource), rich_text(line.component + (f" [{mark}]" if mark in (
            MARKS[ADDED], MARKS[REMOVED]) else "")),
            money(change.before) if line.before else "—",
            money(change.after) if line.after else "—",
            signed_money(change.delta), percent_text(change))
        previous = line.resource
    if not lines:
        table.add_row("", "no cost changes", "", "", "", "")
    console.print(table)
    for label, change in _totals_rows(diff):
        console.print(Text(f"{label}: {money(change.before)} → {money(change.after)} "
                           f"({signed_money(change.delta)}"
                           + (f", {percent_text(change)}" if percent_text(change) else "")
                           + ")"))
    for resource in diff.resources:
        if resource.status in (ADDED, REMOVED):
            console.print(rich_text(f"{resource.name} ({resource.service}): {resource.status}"))
    hidden = len(diff.lines) - len(lines)
    if hidden:
        console.print(Text(f"{hidden} unchanged line{'s' if hidden != 1 else ''} hidden "
                           "(--all shows them)", style="dim"))
    return buffer.getvalue()


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
                   "before": _item(line.before), "after": _item(line.after),
                   **_change(line.cost)} for line in diff.lines],
        "warnings": sorted(set(diff.before.warnings) | set(diff.after.warnings)),
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
