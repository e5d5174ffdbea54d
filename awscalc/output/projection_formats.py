"""Renderers for ``awscalc estimate --months N``: months × resources, as a table, JSON,
CSV or Markdown.

Each month's row has every top-level resource's cost (monthly and one-time charges
billed that month), the month's total and the running total; a subtotal row closes each
year. JSON and CSV have one record per month and resource, for spreadsheets.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any

from awscalc import __version__
from awscalc.numbers import money
from awscalc.output.grid import RULE, Cell, Column, Grid, column_blocks, paragraph
from awscalc.projection import Projection
from awscalc.safetext import markdown_text as _cell
from awscalc.safetext import printable

SCHEMA_VERSION = 1


def render(projection: Projection, fmt: str, color: bool = False,
           width: int | None = None) -> str:
    """Render ``projection`` in ``fmt`` (table, json, csv or markdown); ``width``: the
    table's (default :data:`awscalc.output.FIXED_WIDTH`)."""
    if fmt == "table":
        return _table(projection, color, width)
    renderers = {"json": _json, "csv": _csv, "markdown": _markdown}
    return renderers[fmt](projection, color)


def _cost(projection: Projection, month: int, name: str) -> Decimal:
    index = month - 1
    return (projection.monthly[index].get(name, Decimal("0.00"))
            + projection.one_time[index].get(name, Decimal("0.00")))


def _rows(projection: Projection) -> list[tuple[str, list[str], bool]]:
    """Text rows ``(label, cells, is_subtotal)``: the months, and each year's subtotal."""
    names = [name for name, _ in projection.resources]
    rows: list[tuple[str, list[str], bool]] = []
    years = dict(projection.years())
    for month in range(1, projection.months + 1):
        once = sum(projection.one_time[month - 1].values(), Decimal("0.00"))
        label = f"{month}" + (" (incl. one-time)" if once else "")
        rows.append((label, [money(_cost(projection, month, name)) for name in names]
                     + [money(projection.total(month)), money(projection.cumulative(month))],
                     False))
        if month % 12 == 0 or month == projection.months:
            year = (month + 11) // 12
            first = year * 12 - 11
            rows.append((f"Year {year}", [money(sum((_cost(projection, m, name)
                                                     for m in range(first, month + 1)),
                                                    Decimal("0.00"))) for name in names]
                         + [money(years[year]), money(projection.cumulative(month))], True))
    return rows


def _title(projection: Projection) -> str:
    return (f"Projection: {projection.name or projection.spec_file}, "
            f"{projection.months} month{'s' if projection.months != 1 else ''}")


def _table(projection: Projection, color: bool, width: int | None = None) -> str:
    """Months down, a column per resource, then the month's total and the running total,
    ``width`` cells wide (see :mod:`awscalc.output.grid`).

    What gives way when the columns do not fit side by side: first the headers and month
    labels wrap at their spaces; then the columns are split into blocks printed one under
    the other, each with the Month column again (in order, so Total and Cumulative close
    the last block; :func:`~awscalc.output.grid.column_blocks`). The months stay rows:
    a 120-month projection is as long at any width. Nothing is cut: a resource name is
    a column's header, whole unless it is longer than a line holds."""
    from awscalc.output import FIXED_WIDTH

    width = width or FIXED_WIDTH
    lines = paragraph(printable(_title(projection)), width)
    grid = Grid([Column("Month"),
                 *(Column(printable(name), right=True, firm=True)
                   for name, _ in projection.resources),
                 Column("Total", right=True, firm=True),
                 Column("Cumulative", right=True, firm=True)])
    for label, cells, subtotal in _rows(projection):
        style = "bold" if subtotal else ""
        grid.add(Cell(label, style=style), *(Cell(cell, style=style) for cell in cells))
        if subtotal:
            grid.rule()
    if grid.rows and grid.rows[-1] is RULE:
        grid.rows.pop()
    for block in column_blocks(grid, width):
        lines += block.render(width, color)
    lines += paragraph(f"Total over {projection.months} months: "
                       f"{money(projection.cumulative(projection.months))}", width)
    for line in projection.assumptions:
        lines += paragraph(printable(f"assumption: {line}"), width)
    for warning in projection.warnings:
        lines += paragraph(printable(f"warning: {warning}"), width)
    lines += paragraph("Every month is rated on its own usage: tiers and free tiers apply "
                       "to that month's aggregate.", width, "dim", color)
    return "\n".join(lines) + "\n"


def _json(projection: Projection, color: bool) -> str:
    from awscalc.output.json_format import dumps

    document: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "kind": "projection",
        "awscalc_version": __version__,
        "name": projection.name,
        "spec_file": projection.spec_file,
        "months": [
            {"month": month,
             "resources": [
                 {"name": name, "service": service,
                  "monthly": projection.monthly[month - 1].get(name, Decimal("0.00")),
                  "one_time": projection.one_time[month - 1].get(name, Decimal("0.00"))}
                 for name, service in projection.resources],
             "total": projection.total(month),
             "cumulative": projection.cumulative(month)}
            for month in range(1, projection.months + 1)],
        "years": [{"year": year, "total": total} for year, total in projection.years()],
        "total": projection.cumulative(projection.months),
        "assumptions": list(projection.assumptions),
        "warnings": list(projection.warnings),
    }
    return dumps(document) + "\n"


def _csv(projection: Projection, color: bool) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["month", "year", "resource", "service", "monthly", "one_time", "total"])
    for month in range(1, projection.months + 1):
        for name, service in projection.resources:
            monthly = projection.monthly[month - 1].get(name, Decimal("0.00"))
            once = projection.one_time[month - 1].get(name, Decimal("0.00"))
            writer.writerow([month, (month + 11) // 12, name, service, f"{monthly:.2f}",
                             f"{once:.2f}", f"{monthly + once:.2f}"])
    for year, total in projection.years():
        writer.writerow(["", year, f"TOTAL year {year}", "", "", "", f"{total:.2f}"])
    writer.writerow(["", "", "TOTAL", "", "", "",
                     f"{projection.cumulative(projection.months):.2f}"])
    return buffer.getvalue()


def _markdown(projection: Projection, color: bool) -> str:
    names = [name for name, _ in projection.resources]
    lines = [f"## {_cell(_title(projection))}", "",
             "| Month | " + " | ".join(_cell(n) for n in names) + " | Total | Cumulative |",
             "|---|" + "---:|" * (len(names) + 2)]
    for label, cells, subtotal in _rows(projection):
        if subtotal:
            lines.append(f"| **{label}** | " + " | ".join(f"**{c}**" for c in cells) + " |")
        else:
            lines.append(f"| {label} | " + " | ".join(cells) + " |")
    lines += ["", f"**Total over {projection.months} months: "
                  f"{money(projection.cumulative(projection.months))}**"]
    if projection.assumptions:
        lines += ["", *(f"- {_cell(line)}" for line in projection.assumptions)]
    if projection.warnings:
        lines += ["", *(f"- ⚠️ {_cell(w)}" for w in projection.warnings)]
    lines += ["", "<sub>Every month is rated on its own usage: tiers and free tiers apply "
                  "to that month's aggregate.</sub>", ""]
    return "\n".join(lines)
