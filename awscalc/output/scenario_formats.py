"""Renderers for ``awscalc estimate --scenarios``: a column per scenario, as a table,
JSON, CSV or Markdown.

Rows are the spec's top-level resources (a composite with its children's costs), then
the monthly, annual and one-time totals. A resource a scenario does not have is ``—`` in
the text formats and ``null``/empty in JSON/CSV. Monthly and one-time costs are never
added together: one-time costs have their own rows.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from awscalc import __version__
from awscalc.numbers import money
from awscalc.output.grid import Cell, Column, Grid, column_blocks, paragraph
from awscalc.safetext import markdown_text as _cell
from awscalc.safetext import printable
from awscalc.scenarios import ScenarioSet

SCHEMA_VERSION = 1


def render(scenarios: ScenarioSet, fmt: str, color: bool = False,
           width: int | None = None) -> str:
    """Render ``scenarios`` in ``fmt`` (table, json, csv or markdown); ``width``: the
    table's (default :data:`awscalc.output.FIXED_WIDTH`)."""
    if fmt == "table":
        return _table(scenarios, color, width)
    renderers = {"json": _json, "csv": _csv, "markdown": _markdown}
    return renderers[fmt](scenarios, color)


def _rows(scenarios: ScenarioSet) -> list[tuple[str, str, bool, list[Decimal | None]]]:
    """``(resource, service, one_time, cost per column)``: every resource's monthly row,
    and its one-time row where any column has a one-time cost."""
    rows = []
    for name, service in scenarios.resources():
        for one_time in (False, True):
            costs = [scenarios.subtotal(label, name, one_time) for label in scenarios.labels]
            if one_time and not any(costs):
                continue
            rows.append((name, service, one_time, costs))
    return rows


def _totals(scenarios: ScenarioSet) -> list[tuple[str, list[Decimal]]]:
    estimates = [estimate for _, estimate in scenarios.columns]
    return [("Monthly total", [e.monthly_total for e in estimates]),
            ("Annual (12 × monthly)", [e.annual_total for e in estimates]),
            ("One-time total", [e.one_time_total for e in estimates])]


def _text(cost: Decimal | None) -> str:
    return "—" if cost is None else money(cost)


def _title(scenarios: ScenarioSet) -> str:
    return f"Scenarios: {scenarios.name or scenarios.spec_file}"


def _table(scenarios: ScenarioSet, color: bool, width: int | None = None) -> str:
    """The side-by-side table, ``width`` cells wide (see :mod:`awscalc.output.grid`).

    What gives way when the scenarios do not fit side by side: first the headers and
    total labels wrap at their spaces; then the scenario columns are split into blocks
    printed one under the other, each with the Resource column again
    (:func:`~awscalc.output.grid.column_blocks`); when even one scenario column does not
    fit beside the resource names, each name gets a row of its own above its costs.
    Nothing is cut: names and amounts are whole."""
    from awscalc.output import FIXED_WIDTH

    width = width or FIXED_WIDTH
    lines = paragraph(printable(_title(scenarios)), width)
    blocks = column_blocks(_grid(scenarios), width)
    if not all(block.fits(width) for block in blocks):
        blocks = column_blocks(_grid(scenarios, stacked=True), width, fixed=0)
    for block in blocks:
        lines += block.render(width, color)
    for warning in scenarios.warnings():
        lines += paragraph(printable(f"warning: {warning}"), width)
    lines += paragraph("Each column is a full estimate with that scenario's overrides "
                       "(account-wide tiers re-rated), as 'awscalc estimate --scenario "
                       "NAME' prices it.", width, "dim", color)
    return "\n".join(lines) + "\n"


def _grid(scenarios: ScenarioSet, stacked: bool = False) -> Grid:
    """Resources (and totals) by scenario; ``stacked``: no Resource column, each row's
    name on a row of its own above its costs."""
    columns = [Column(printable(label), right=True, firm=True) for label in scenarios.labels]
    grid = Grid(columns if stacked else [Column("Resource", keep=True), *columns])

    def row(name: str, costs: list[str], style: str = "") -> None:
        if stacked:
            grid.add(Cell(name, len(columns), style or "bold", right=False, label=True))
            grid.add(*(Cell(cost, style=style) for cost in costs))
        else:
            grid.add(Cell(name, style=style), *(Cell(cost, style=style) for cost in costs))

    for name, _service, one_time, costs in _rows(scenarios):
        if stacked:
            grid.rule()
        row(printable(name + (" (one-time)" if one_time else "")),
            [_text(cost) for cost in costs])
    grid.rule()
    for label, totals in _totals(scenarios):
        row(label, [money(total) for total in totals], "bold")
    return grid


def _json(scenarios: ScenarioSet, color: bool) -> str:
    from awscalc.output.json_format import dumps

    labels = scenarios.labels
    document = {
        "schema_version": SCHEMA_VERSION,
        "kind": "scenarios",
        "awscalc_version": __version__,
        "name": scenarios.name,
        "spec_file": scenarios.spec_file,
        "scenarios": labels,
        "totals": {label: {"monthly": e.monthly_total, "annual": e.annual_total,
                           "one_time": e.one_time_total}
                   for label, e in scenarios.columns},
        "resources": [
            {"name": name, "service": service,
             "monthly": dict(zip(labels, (scenarios.subtotal(label, name) for label in labels),
                                 strict=True)),
             "one_time": dict(zip(labels, (scenarios.subtotal(label, name, True)
                                           for label in labels), strict=True))}
            for name, service in scenarios.resources()],
        "warnings": scenarios.warnings(),
    }
    return dumps(document) + "\n"


def _csv(scenarios: ScenarioSet, color: bool) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["resource", "service", "charge", *scenarios.labels])
    for name, service, one_time, costs in _rows(scenarios):
        writer.writerow([name, service, "one_time" if one_time else "monthly",
                         *("" if cost is None else f"{cost:.2f}" for cost in costs)])
    estimates = [estimate for _, estimate in scenarios.columns]
    writer.writerow(["TOTAL monthly", "", "monthly",
                     *(f"{e.monthly_total:.2f}" for e in estimates)])
    writer.writerow(["TOTAL one_time", "", "one_time",
                     *(f"{e.one_time_total:.2f}" for e in estimates)])
    return buffer.getvalue()


def _markdown(scenarios: ScenarioSet, color: bool) -> str:
    labels = scenarios.labels
    lines = [f"## {_cell(_title(scenarios))}", "",
             "| Resource | " + " | ".join(_cell(label) for label in labels) + " |",
             "|---|" + "---:|" * len(labels)]
    for name, _service, one_time, costs in _rows(scenarios):
        lines.append(f"| {_cell(name)}{' (one-time)' if one_time else ''} | "
                     + " | ".join(_text(cost) for cost in costs) + " |")
    for label, totals in _totals(scenarios):
        lines.append(f"| **{label}** | " + " | ".join(f"**{money(t)}**" for t in totals)
                     + " |")
    warnings = scenarios.warnings()
    if warnings:
        lines += ["", *(f"- ⚠️ {_cell(warning)}" for warning in warnings)]
    lines += ["", "<sub>Each column is a full estimate with that scenario's overrides "
                  "(account-wide tiers re-rated).</sub>", ""]
    return "\n".join(lines)

