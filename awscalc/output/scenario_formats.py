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
from awscalc.safetext import markdown_text as _cell
from awscalc.safetext import rich_text
from awscalc.scenarios import ScenarioSet

SCHEMA_VERSION = 1


def render(scenarios: ScenarioSet, fmt: str, color: bool = False) -> str:
    """Render ``scenarios`` in ``fmt`` (table, json, csv or markdown)."""
    renderers = {"table": _table, "json": _json, "csv": _csv, "markdown": _markdown}
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


def _table(scenarios: ScenarioSet, color: bool) -> str:
    from rich.table import Table
    from rich.text import Text

    from awscalc.output import text_console

    console, buffer = text_console(color)
    table = Table(title=rich_text(_title(scenarios)), title_justify="left")
    table.add_column("Resource")
    for label in scenarios.labels:
        table.add_column(rich_text(label), justify="right")
    for name, _service, one_time, costs in _rows(scenarios):
        table.add_row(rich_text(name + (" (one-time)" if one_time else "")),
                      *(_text(cost) for cost in costs))
    table.add_section()
    for label, totals in _totals(scenarios):
        table.add_row(Text(label, style="bold"), *(Text(money(t), style="bold")
                                                   for t in totals))
    console.print(table)
    for warning in scenarios.warnings():
        console.print(rich_text(f"warning: {warning}"))
    console.print(Text("Each column is a full estimate with that scenario's overrides "
                       "(account-wide tiers re-rated), as 'awscalc estimate --scenario "
                       "NAME' prices it.", style="dim"))
    return buffer.getvalue()


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

