"""Markdown output: a table that reads well as a pull-request comment.

Every text goes through :func:`awscalc.safetext.markdown_text`: a spec's names cannot
become HTML, a code span or a new table cell. A report longer than :data:`BUDGET`
characters (GitHub refuses a comment over 65,536) shows the subtotals — by group and by
resource — and folds the line items into ``<details>`` blocks, as many as fit; the rest
are named as left out (CSV and JSON have every one).
"""

from __future__ import annotations

from typing import Any

from awscalc.model import Estimate
from awscalc.numbers import money
from awscalc.safetext import markdown_text as _cell

# Characters a report may take: under GitHub's 65,536 for a comment, with room for a
# bot's own header or footer around it.
BUDGET = 60_000
# Of which notes and warnings may take, in a report over the budget.
NOTES_BUDGET = 8_000
UNVERIFIED_MARK = " \\*"  # escaped: not the start of emphasis
UNVERIFIED = ("\\* not a verified AWS rate: a third party's or recalled figure "
              "(verified: false in its rate card), or one you gave")


def render(estimate: Estimate, explain: bool = False, budget: int = BUDGET) -> str:
    """The estimate as GitHub-flavoured Markdown; ``explain`` adds each line's formula.
    Over ``budget`` characters, the compact form (see the module docstring)."""
    head = [f"## AWS cost estimate: {_cell(estimate.name or estimate.spec_file)}", ""]
    full = "\n".join([*head, *_section_table(estimate), *line_item_table(estimate, explain),
                      *_totals(estimate), *_tail(estimate, None)])
    if len(full) <= budget:
        return full
    return _compact(estimate, explain, budget, head)


def _header(explain: bool) -> list[str]:
    header = "| Resource | Component | Quantity | Rate | Cost |"
    rule = "|---|---|---:|---:|---:|"
    return [header + (" Formula |" if explain else ""), rule + ("---|" if explain else "")]


def _row(cells: list[str], explain: bool) -> str:
    """A table row of 5 cells (and an empty formula cell when ``explain``)."""
    return "|" + "|".join(f" {cell} " if cell else " " for cell in cells) + "|" + (
        " |" if explain else "")


def line_item_table(estimate: Estimate, explain: bool,
                    only: list[tuple[str | None, list[str]]] | None = None) -> list[str]:
    """The line items by section and resource with their subtotals (``only``: those
    sections, without the table's header)."""
    from awscalc.output import group_by, items_by_resource, sections, subtotal_rows

    found = sections(estimate) if only is None else only
    items = items_by_resource(estimate)
    closing = subtotal_rows(estimate, [name for _, names in sections(estimate)
                                       for name in names])
    by = group_by(estimate)
    lines = _header(explain) if only is None else []
    for label, names in found:
        if label is not None and only is None:
            lines.append(_row([f"**{_cell(f'{by}: {label}')}**", "", "", "", ""], explain))
        for name in names:
            lines += _resource_rows(estimate, name, items[name], explain)
            lines += [_subtotal(f"{parent} subtotal", estimate.subtotal(parent),
                                estimate.subtotal(parent, one_time=True), explain)
                      for parent in closing.get(name, ())]
        if label is not None and only is None:
            lines.append(_section_subtotal(estimate, label, names, explain))
    return lines


def _section_subtotal(estimate: Estimate, label: str, names: list[str], explain: bool) -> str:
    from awscalc.output import section_total

    return _subtotal(f"{label} subtotal", section_total(estimate, names),
                     section_total(estimate, names, one_time=True), explain, "**")


def _resource_rows(estimate: Estimate, name: str, items: list[Any], explain: bool
                   ) -> list[str]:
    """One resource's line items (its name and description on the first) and its own
    subtotal when it has several."""
    from awscalc.output import own_subtotal

    description = estimate.descriptions.get(name)
    first = _cell(name) + (f"<br><sub>{_cell(description)}</sub>" if description else "")
    lines = []
    for index, item in enumerate(items):
        cost = money(item.cost) + (" (one-time)" if item.one_time else "")
        mark = "" if item.verified else UNVERIFIED_MARK
        row = (f"| {first if index == 0 else _cell(name)} | {_cell(item.component)}{mark} | "
               f"{_cell(item.quantity_text)} | {_cell(item.rate_text)} | {cost} |")
        lines.append(row + (f" {_cell(item.formula)} |" if explain else ""))
    if own_subtotal(estimate, name, len(items)):
        lines.append(_subtotal(f"{name} subtotal", estimate.resource_total(name),
                               estimate.resource_total(name, one_time=True), explain))
    return lines


def _subtotal(label: str, monthly: Any, one_time: Any, explain: bool, mark: str = "*"
              ) -> str:
    from awscalc.output import amount_text

    return _row([f"{mark}{_cell(label)}{mark}", "", "", "",
                 f"{mark}{amount_text(monthly, one_time)}{mark}"], explain)


def _section_table(estimate: Estimate) -> list[str]:
    """A table of each group's (service's, region's) subtotal, when grouped by one."""
    from awscalc.output import group_by, section_total, sections

    by = group_by(estimate)
    if by == "resource":
        return []
    lines = [f"| {by.capitalize()} | Resources | Monthly | One-time |", "|---|---:|---:|---:|"]
    lines += [f"| {_cell(label)} | {len(names)} | {money(section_total(estimate, names))} | "
              f"{money(section_total(estimate, names, one_time=True))} |"
              for label, names in sections(estimate)]
    return [*lines, ""]


def _resource_table(estimate: Estimate, budget: int) -> list[str]:
    """Each resource's subtotal (a composite's with its children), within ``budget``
    characters."""
    from awscalc.output import sections

    groups = estimate.groups
    lines = ["| Resource | Group | Monthly | One-time |" if groups else
             "| Resource | Monthly | One-time |",
             "|---|---|---:|---:|" if groups else "|---|---:|---:|"]
    names = [name for _, found in sections(estimate) for name in found]
    used = sum(len(line) + 1 for line in lines)
    for shown, name in enumerate(names):
        group = f" {_cell(groups.get(name, ''))} |" if groups else ""
        line = (f"| {_cell(name)} |{group} {money(estimate.resource_total(name))} | "
                f"{money(estimate.resource_total(name, one_time=True))} |")
        if used + len(line) + 1 > budget:
            lines.append(f"\n{len(names) - shown} more resources are left out to fit a "
                         "comment; `--format csv` or `json` lists them all.")
            break
        lines.append(line)
        used += len(line) + 1
    return [*lines, ""]


def _totals(estimate: Estimate) -> list[str]:
    return ["", f"**Monthly total: {money(estimate.monthly_total)}** · "
                f"Annual: {money(estimate.annual_total)} · "
                f"One-time: {money(estimate.one_time_total)}"]


def _tail(estimate: Estimate, budget: int | None) -> list[str]:
    """Ranges, notes, warnings, the unverified-rate footnote and the footer (notes and
    warnings within ``budget`` characters, when given)."""
    from awscalc.output import UNITS_NOTE, month_note

    lines = _ranges(estimate.ranges) if estimate.ranges is not None else []
    for title, prefix, texts in (("Notes", "- ", estimate.summaries()),
                                 ("Warnings", "- ⚠️ ", list(estimate.warnings))):
        if texts:
            lines += ["", f"**{title}**", ""]
            lines += _capped([prefix + _cell(text) for text in texts], budget)
    if any(not item.verified for item in estimate.line_items):
        lines += ["", UNVERIFIED]
    sources = "; ".join(f"{info.title}: {info.source} (retrieved {info.retrieved})"
                        for info in estimate.pricing)
    free = "free tier applied" if estimate.free_tier else "free tier not applied"
    return [*lines, "", f"<sub>Prices in {estimate.currency}, {free}. {UNITS_NOTE} "
                        f"{month_note(estimate.month_hours)} Rate cards — "
                        f"{_cell(sources)}</sub>", ""]


def _capped(lines: list[str], budget: int | None) -> list[str]:
    """``lines`` within ``budget`` characters (half each for notes and warnings), the
    rest counted."""
    if budget is None:
        return lines
    kept: list[str] = []
    used = 0
    for line in lines:
        if used + len(line) + 1 > budget // 2:
            return [*kept, f"- … and {len(lines) - len(kept)} more (`--format json` "
                           "has them all)"]
        kept.append(line)
        used += len(line) + 1
    return kept


def _compact(estimate: Estimate, explain: bool, budget: int, head: list[str]) -> str:
    """The report over budget: subtotals, then line items folded, as many as fit."""
    tail = _tail(estimate, NOTES_BUDGET)
    note = ("The report is too long for a pull-request comment: subtotals below, line "
            "items folded (expand each group), as many as fit.")
    top = [*head, note, "", *_section_table(estimate)]
    fixed = sum(len(line) + 1 for line in (*top, *_totals(estimate), *tail))
    top += _resource_table(estimate, (budget - fixed) // 2)
    room = budget - fixed - sum(len(line) + 1 for line in top[len(head) + 2:]) - 200
    folded, left_out = _folded(estimate, explain, room)
    if left_out:
        folded += ["", f"{left_out} line items are left out to fit a comment; "
                       "`--format csv` or `json` has every one."]
    return "\n".join([*top, *folded, *_totals(estimate), *tail])


def _folded(estimate: Estimate, explain: bool, room: int) -> tuple[list[str], int]:
    """``<details>`` blocks of line items, one per section (group), resource by resource
    within ``room`` characters; and how many line items did not fit."""
    from awscalc.output import items_by_resource, sections

    counts = {name: len(found) for name, found in items_by_resource(estimate).items()}
    lines: list[str] = []
    used = left_out = 0
    for label, names in sections(estimate):
        summary = f"{_cell(label)}: line items" if label is not None else "Line items"
        block = ["", f"<details><summary>{summary}</summary>", "", *_header(explain)]
        used += sum(len(line) + 1 for line in block) + 14
        shown = 0
        for name in names:
            rows = line_item_table(estimate, explain, [(None, [name])])
            size = sum(len(line) + 1 for line in rows)
            if used + size > room:
                break
            block += rows
            used += size
            shown += 1
        left_out += sum(counts[name] for name in names[shown:])
        if shown:
            lines += [*block, "", "</details>"]
    return lines, left_out


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
