"""Markdown output: a table that reads well as a pull-request comment.

Every text goes through :func:`awscalc.safetext.markdown_text`: a spec's names cannot
become HTML, a code span or a new table cell.
"""

from __future__ import annotations

from typing import Any

from awscalc.model import Estimate
from awscalc.numbers import money
from awscalc.safetext import markdown_text as _cell


def _subtotals(estimate: Estimate, names: list[str] | tuple[str, ...],
               explain: bool) -> list[str]:
    """The subtotal rows of the composites whose families end here."""
    from awscalc.output import subtotal_text

    return [f"| *{_cell(name)} subtotal* | | | | *{subtotal_text(estimate, name)}* |"
            + (" |" if explain else "") for name in names]


def render(estimate: Estimate, explain: bool = False) -> str:
    """The estimate as GitHub-flavoured Markdown; ``explain`` adds each line's formula."""
    from awscalc.output import UNITS_NOTE, month_note

    title = estimate.name or estimate.spec_file
    lines = [f"## AWS cost estimate: {_cell(title)}", ""]
    header = "| Resource | Component | Quantity | Rate | Cost |"
    rule = "|---|---|---:|---:|---:|"
    if explain:
        header += " Formula |"
        rule += "---|"
    lines += [header, rule]
    from awscalc.output import subtotal_rows

    closing = subtotal_rows(estimate)
    previous = None
    for item in estimate.line_items:
        if previous is not None and item.resource != previous:
            lines += _subtotals(estimate, closing.get(previous, ()), explain)
        previous = item.resource
        cost = money(item.cost) + (" (one-time)" if item.one_time else "")
        row = (f"| {_cell(item.resource)} | {_cell(item.component)} | "
               f"{_cell(item.quantity_text)} | "
               f"{_cell(item.rate_text)} | {cost} |")
        if explain:
            row += f" {_cell(item.formula)} |"
        lines.append(row)
    if previous is not None:
        lines += _subtotals(estimate, closing.get(previous, ()), explain)
    lines += [
        "",
        f"**Monthly total: {money(estimate.monthly_total)}** · "
        f"Annual: {money(estimate.annual_total)} · One-time: {money(estimate.one_time_total)}",
    ]
    if estimate.ranges is not None:
        lines += _ranges(estimate.ranges)
    if estimate.summaries():
        lines += ["", "**Notes**", ""]
        lines += [f"- {_cell(line)}" for line in estimate.summaries()]
    if estimate.warnings:
        lines += ["", "**Warnings**", ""]
        lines += [f"- ⚠️ {_cell(w)}" for w in estimate.warnings]
    sources = "; ".join(f"{info.title}: {info.source} (retrieved {info.retrieved})"
                        for info in estimate.pricing)
    free = "free tier applied" if estimate.free_tier else "free tier not applied"
    lines += ["", f"<sub>Prices in {estimate.currency}, {free}. {UNITS_NOTE} "
                  f"{month_note(estimate.month_hours)} Rate cards — {_cell(sources)}</sub>", ""]
    return "\n".join(lines)


def _ranges(report: Any) -> list[str]:
    """The range totals and the sensitivity (tornado) table."""
    monthly = report.monthly
    lines = ["", f"**Ranges:** monthly {money(monthly['low'])} low · "
                 f"{money(monthly['expected'])} expected · {money(monthly['high'])} high",
             "", "| Input | Range | Monthly at low | Monthly at high | Swing |",
             "|---|---|---:|---:|---:|"]
    lines += [f"| {_cell(s.range.label)} | "
              f"{_cell(f'{s.range.low}..{s.range.high} @ {s.range.expected}')} | "
              f"{money(s.monthly_low)} | {money(s.monthly_high)} | {money(s.swing)} |"
              for s in report.ranking]
    return lines
