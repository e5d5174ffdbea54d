"""Terminal output: a rich table grouped by resource, totals, warnings and provenance.

Every text that reaches the console is a rich ``Text`` (never markup to parse), and text
from the spec or a rate card goes through :func:`awscalc.safetext.printable` first.
"""

from __future__ import annotations

from typing import Any

from awscalc.model import Estimate
from awscalc.numbers import money
from awscalc.safetext import printable, rich_text


def render(estimate: Estimate, explain: bool = False, color: bool = False) -> str:
    """The estimate as a rich table; ``explain`` prints each line's formula under it."""
    from rich.table import Table
    from rich.text import Text

    from awscalc.output import UNITS_NOTE, month_note, subtotal_rows, subtotal_text, text_console

    console, buffer = text_console(color)
    title = rich_text(f"AWS cost estimate: {estimate.name or estimate.spec_file}")
    table = Table(title=title, title_justify="left", show_footer=True, expand=False)
    table.add_column("Resource", footer="Monthly total", style="bold")
    table.add_column("Component")
    table.add_column("Quantity", justify="right")
    table.add_column("Rate", justify="right")
    table.add_column("Cost", justify="right", footer=money(estimate.monthly_total))
    previous = None
    closing = subtotal_rows(estimate)
    for item in estimate.line_items:
        if previous is not None and item.resource != previous:
            for name in closing.get(previous, ()):  # a composite's family ends here
                table.add_row(Text(f"{printable(name)} subtotal", style="italic"), None, None,
                              None, Text(subtotal_text(estimate, name), style="italic"))
            table.add_section()
        cost = money(item.cost) + (" once" if item.one_time else "")
        # Text cells, not markup strings: nothing to parse, and a few times faster for
        # the thousands of rows of a large spec
        table.add_row(Text(printable(item.resource) if item.resource != previous else ""),
                      Text(printable(item.component) + ("" if item.verified else " *")),
                      Text(printable(item.quantity_text)), Text(printable(item.rate_text)),
                      Text(cost))
        if explain:
            table.add_row(None, Text(printable(item.formula), style="dim"))
        previous = item.resource
    for name in closing.get(previous, ()) if previous is not None else ():
        table.add_row(Text(f"{printable(name)} subtotal", style="italic"), None, None, None,
                      Text(subtotal_text(estimate, name), style="italic"))
    console.print(table)
    console.print(Text.assemble("Monthly ", (money(estimate.monthly_total), "bold"),
                                f" · annual {money(estimate.annual_total)} · "
                                f"one-time {money(estimate.one_time_total)}"))
    if estimate.ranges is not None:
        _ranges(console, estimate.ranges)
    for line in estimate.summaries():
        console.print(Text.assemble(("note:", "cyan"), " ", printable(line)))
    for warning in estimate.warnings:
        console.print(Text.assemble(("warning:", "yellow"), " ", printable(warning)))
    if any(not item.verified for item in estimate.line_items):
        console.print(Text("* not a verified AWS rate: a third party's or recalled figure "
                           "(verified: false in its rate card), or one you gave"))
    free = "free tier applied" if estimate.free_tier else "free tier not applied"
    console.print(Text(f"{estimate.currency}, {free}. {UNITS_NOTE} "
                       f"{month_note(estimate.month_hours)}", style="dim"))
    for info in estimate.pricing:
        console.print(rich_text(f"Prices: {info.title} — {info.source} "
                                f"(retrieved {info.retrieved}, {info.origin})", style="dim"))
    return buffer.getvalue()


def _ranges(console: Any, report: Any) -> None:
    """The range totals and the sensitivity (tornado) table."""
    from rich.table import Table
    from rich.text import Text

    monthly = report.monthly
    console.print(Text.assemble(
        "Ranges: monthly ", (money(monthly["low"]), "bold"), " low · ",
        (money(monthly["expected"]), "bold"), " expected · ",
        (money(monthly["high"]), "bold"), " high"))
    table = Table(title="Sensitivity: each range alone from its low to its high end",
                  title_justify="left")
    for column, justify in (("Input", "left"), ("Range", "left"), ("Monthly at low", "right"),
                            ("Monthly at high", "right"), ("Swing", "right")):
        table.add_column(column, justify=justify)  # type: ignore[arg-type]
    for found in report.ranking:
        table.add_row(Text(printable(found.range.label)), Text(printable(
            f"{found.range.low}..{found.range.high} @ {found.range.expected}")),
            money(found.monthly_low), money(found.monthly_high), money(found.swing))
    console.print(table)
