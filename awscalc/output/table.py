"""Terminal output: a table of line items by resource (and group), subtotals, totals,
warnings and provenance, fitted to the terminal's width (see :mod:`awscalc.output.grid`).

Nothing is cut: resource names, quantities, rates and costs wrap or, in a narrow
terminal, the Rate column is left out; ``--explain``'s formula is a line of its own under
its line item. Text from the spec or a rate card goes through
:func:`awscalc.safetext.printable` first.
"""

from __future__ import annotations

from typing import Any

from awscalc.model import Estimate
from awscalc.numbers import money
from awscalc.output.grid import Cell, Column, Grid, first_fitting, paragraph
from awscalc.safetext import printable


def render(estimate: Estimate, explain: bool = False, color: bool = False,
           width: int = 100) -> str:
    """The estimate as a table ``width`` cells wide; ``explain`` prints each line's
    formula under it; ``color``: ANSI styles."""
    from awscalc.output import UNITS_NOTE, month_note

    lines = paragraph(printable(f"AWS cost estimate: {estimate.name or estimate.spec_file}"),
                      width)
    # names too long for a column: each on a row of its own
    grid = first_fitting([lambda: line_item_grid(estimate, explain),
                          lambda: line_item_grid(estimate, explain, stacked=True)], width)
    lines += grid.render(width, color)
    lines += paragraph(f"Monthly {money(estimate.monthly_total)} · annual "
                       f"{money(estimate.annual_total)} · one-time "
                       f"{money(estimate.one_time_total)}", width)
    if estimate.ranges is not None:
        lines += _ranges(estimate.ranges, width, color)
    lines += _notes(estimate, width, color)
    free = "free tier applied" if estimate.free_tier else "free tier not applied"
    lines += paragraph(f"{estimate.currency}, {free}. {UNITS_NOTE} "
                       f"{month_note(estimate.month_hours)}", width)
    for info in estimate.pricing:
        lines += paragraph(printable(f"Prices: {info.title} — {info.source} "
                                     f"(retrieved {info.retrieved}, {info.origin})"), width)
    return "\n".join(lines) + "\n"


def line_item_grid(estimate: Estimate, explain: bool, stacked: bool = False) -> Grid:
    """The line items by section (group, service or region) and resource, with the
    resources', composites' and sections' subtotals and the monthly total. ``stacked``:
    no Resource column, each resource's name on a row of its own above its lines (for
    a terminal too narrow for a column of names)."""
    from awscalc.output import group_by, items_by_resource, sections, subtotal_rows

    columns = [Column("Component"), Column("Quantity", right=True),
               Column("Rate", right=True, optional=True), Column("Cost", right=True, firm=True)]
    grid = Grid(columns if stacked else [Column("Resource", keep=True), *columns])
    count = len(grid.columns)
    items = items_by_resource(estimate)
    found = sections(estimate)
    closing = subtotal_rows(estimate, [name for _, names in found for name in names])
    by = group_by(estimate)
    for label, names in found:
        if label is not None:
            grid.rule()
            grid.add(Cell(printable(f"{by}: {label}"), count, "bold"))
        for name in names:
            grid.rule()
            _resource_rows(grid, estimate, name, items[name], explain, stacked)
            for parent in closing.get(name, ()):
                _subtotal(grid, f"{parent} subtotal", estimate.subtotal(parent),
                          estimate.subtotal(parent, one_time=True))
        if label is not None:
            from awscalc.output import section_total

            grid.rule()
            _subtotal(grid, f"{label} subtotal", section_total(estimate, names),
                      section_total(estimate, names, one_time=True), "bold")
    grid.footer = [Cell("Monthly total", count - 1, "bold"),
                   Cell(money(estimate.monthly_total), style="bold")]
    return grid


def _resource_rows(grid: Grid, estimate: Estimate, name: str, items: list[Any],
                   explain: bool, stacked: bool) -> None:
    """One resource's line items (its name and description on the first, or on a row
    of their own when ``stacked``), its formulas and its subtotal."""
    from awscalc.output import own_subtotal

    count = len(grid.columns)
    description = estimate.descriptions.get(name)
    title = Cell(printable(name), count if stacked else 1, "bold",
                 lines=[printable(description)] if description else [])
    if stacked:
        grid.add(title)
    for index, item in enumerate(items):
        cost = money(item.cost) + (" once" if item.one_time else "")
        cells = [Cell(printable(item.component) + ("" if item.verified else " *")),
                 Cell(printable(item.quantity_text)), Cell(printable(item.rate_text)),
                 Cell(cost)]
        if not stacked:
            cells.insert(0, title if index == 0 else Cell(None))
        grid.add(*cells)
        if explain:
            formula = Cell(printable(item.formula), count - 1, "dim")
            grid.add(*([Cell(None), formula] if not stacked else
                       [Cell("  " + printable(item.formula), count, "dim")]))
    if own_subtotal(estimate, name, len(items)):
        _subtotal(grid, f"{name} subtotal", estimate.resource_total(name),
                  estimate.resource_total(name, one_time=True))


def _subtotal(grid: Grid, label: str, monthly: Any, one_time: Any,
              style: str = "italic") -> None:
    from awscalc.output import amount_text

    grid.add(Cell(printable(label), len(grid.columns) - 1, style),
             Cell(amount_text(monthly, one_time), style=style))


def _notes(estimate: Estimate, width: int, color: bool) -> list[str]:
    """Notes, warnings and the unverified-rate footnote."""
    from awscalc.output.grid import _style

    lines = []
    for kind, style, texts in (("note:", "cyan", estimate.summaries()),
                               ("warning:", "yellow", estimate.warnings)):
        for text in texts:
            wrapped = paragraph(f"{kind} {printable(text)}", width)
            wrapped[0] = _style(kind, style, color) + wrapped[0][len(kind):]
            lines += wrapped
    if any(not item.verified for item in estimate.line_items):
        lines += paragraph("* not a verified AWS rate: a third party's or recalled figure "
                           "(verified: false in its rate card), or one you gave", width)
    return lines


def _ranges(report: Any, width: int, color: bool) -> list[str]:
    """The range totals and the sensitivity (tornado) table."""
    monthly = report.monthly
    lines = paragraph(f"Ranges: monthly {money(monthly['low'])} low · "
                      f"{money(monthly['expected'])} expected · {money(monthly['high'])} high",
                      width)
    lines += paragraph("Sensitivity: each range alone from its low to its high end", width)
    grid = Grid([Column("Input", keep=True), Column("Range"),
                 Column("Monthly at low", right=True), Column("Monthly at high", right=True),
                 Column("Swing", right=True)])
    for found in report.ranking:
        grid.add(Cell(printable(found.range.label)), Cell(printable(
            f"{found.range.low}..{found.range.high} @ {found.range.expected}")),
            Cell(money(found.monthly_low)), Cell(money(found.monthly_high)),
            Cell(money(found.swing)))
    return lines + grid.render(width, color)
