"""Renderers for ``awscalc transfer``: table (rich), json, csv and markdown.

Each takes a :class:`~awscalc.transfer.Plan` and returns text; nothing else. JSON is
versioned (``schema_version`` 1) and written with :func:`awscalc.output.json_format.dumps`,
so money is exact (``7987.20``). Durations are given in days, rounded to 4 decimal places
(about 9 seconds) in JSON and CSV and to 2 places for people. A fee that is not published
is ``null`` in JSON, empty in CSV and "not published" for people — never a zero; the
user's line without ``--link-cost`` is "not included". Each cost part's ``provenance``
says where its figure comes from; ``published`` is true only for an AWS figure.

Names, notes and sources come from the device catalog and rate cards, which ``--pricing``
can point anywhere: the table shows them through :func:`awscalc.safetext.rich_text`,
Markdown through :func:`awscalc.safetext.markdown_text`.
"""

from __future__ import annotations

import csv
import io
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from awscalc.numbers import money, plain
from awscalc.safetext import markdown_text, rich_text
from awscalc.transfer import Option, Plan, data_rate_text, rate_text, size_text

SCHEMA_VERSION = 1
DAY_PLACES = Decimal("0.0001")
PHASE_COLUMNS = {
    "Transfer": "transfer_days",
    "AWS loading": "aws_loading_days",
    "Order & delivery": "order_delivery_days",
    "On-site copy": "onsite_copy_days",
    "Return shipping": "return_shipping_days",
    "AWS ingest": "aws_ingest_days",
    "Travel to terminal": "travel_days",
    "Terminal reservations": "terminal_days",
    "Travel back": "travel_back_days",
}
UNVERIFIED = ("* a figure whose only source is a third party, recall or an assumption "
              "contributed (verified: false in the device catalog or rate card)")
STATUS_TEXT = {"existing-customers-only": "existing customers only", "retired": "retired"}
LINE_EXCLUDED = "line not included"


def render(plan: Plan, fmt: str, color: bool = False) -> str:
    """Render ``plan`` as ``table``, ``json``, ``csv``, ``markdown`` or ``html`` text."""
    if fmt == "html":
        from awscalc.output.html import render_transfer

        return render_transfer(plan)
    if fmt == "table":
        return render_table(plan, color=color)
    return {"json": render_json, "csv": render_csv, "markdown": render_markdown}[fmt](plan)


def _days(value: Decimal) -> Decimal:
    return value.quantize(DAY_PLACES, rounding=ROUND_HALF_UP)


def _days_text(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):,}"


def _key(option: Option | None) -> str | None:
    return option.key if option is not None else None


def document(plan: Plan) -> dict[str, Any]:
    """The plan as JSON-ready data (Decimals kept exact)."""
    from awscalc import __version__

    request = plan.request
    return {
        "schema_version": SCHEMA_VERSION,
        "awscalc_version": __version__,
        "command": "transfer",
        "request": {
            "size_bytes": request.size,
            "size": size_text(request.size),
            "direction": request.direction,
            "region": request.region,
            "bandwidths_bps": [b * 8 for b in request.bandwidths],
            "utilization": request.utilization,
            "deadline_days": request.deadline_days if request.deadline_days is None
            else _days(request.deadline_days),
            "copy_rate_bytes_per_s": request.copy_rate,
            "workstations": request.workstations,
            "include_retired": request.include_retired,
            "customer": request.customer,
            "link_costs": [{"bandwidth_bps": b * 8, "per_month": cost}
                           for b, cost in request.link_costs],
            "objects": request.objects,
            "storage_class": request.storage_class,
            "datasync_mode": request.datasync_mode,
            "travel_days": request.travel_days,
        },
        "currency": "USD",
        "options": [_option(option) for option in plan.options],
        "recommendation": {
            "fastest": _key(plan.fastest),
            "cheapest": _key(plan.cheapest),
            "cheapest_within_deadline": _key(plan.cheapest_in_deadline),
        },
        "break_even": [
            {"bandwidth_bps": item.bandwidth * 8, "bandwidth": rate_text(item.bandwidth),
             "size_bytes": item.size, "size": size_text(item.size) if item.size else None,
             "device": item.device}
            for item in plan.break_even
        ],
        "assumptions": list(plan.assumptions),
        "warnings": list(plan.warnings),
        "notes": list(plan.notes),
        "hidden": list(plan.hidden),
        "pricing": [dict(source) for source in plan.sources],
    }


def _option(option: Option) -> dict[str, Any]:
    return {
        "kind": option.kind,
        "key": option.key,
        "name": option.name,
        "status": option.status,
        "status_since": option.status_since,
        "devices": option.devices,
        "rate_bytes_per_s": Decimal(plain(option.rate)),
        "phases": [{"name": p.name, "days": _days(p.days)} for p in option.phases],
        "total_days": _days(option.total_days),
        "cost": option.cost,
        "cost_complete": option.cost_complete,
        "line_included": not option.line_excluded,
        "verified": option.verified,
        "meets_deadline": option.meets_deadline,
        "cost_parts": [
            {"label": p.label, "amount": p.amount, "provenance": p.provenance,
             "published": p.provenance == "published", "formula": p.formula,
             "verified": p.verified}
            for p in option.parts
        ],
        "notes": list(option.notes),
    }


def render_json(plan: Plan) -> str:
    """The plan as a JSON document."""
    from awscalc.output.json_format import dumps

    return dumps(document(plan)) + "\n"


CSV_COLUMNS = ["kind", "key", "name", "status", "devices", *PHASE_COLUMNS.values(),
               "total_days", "cost", "cost_complete", "verified", "meets_deadline"]


def render_csv(plan: Plan) -> str:
    """One row per option, with a header row; plain numbers, no $ or separators."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for option in plan.options:
        phases = {PHASE_COLUMNS[p.name]: plain(_days(p.days)) for p in option.phases}
        writer.writerow([
            option.kind, option.key, option.name, option.status,
            "" if option.devices is None else option.devices,
            *(phases.get(column, "") for column in PHASE_COLUMNS.values()),
            plain(_days(option.total_days)), f"{option.cost:.2f}",
            str(option.cost_complete).lower(), str(option.verified).lower(),
            "" if option.meets_deadline is None else str(option.meets_deadline).lower(),
        ])
    return buffer.getvalue()


def _title(plan: Plan) -> str:
    request = plan.request
    where = "into" if request.direction == "import" else "out of"
    return f"Moving {size_text(request.size)} {where} AWS ({request.region})"


def _name(option: Option) -> str:
    status = STATUS_TEXT.get(option.status)
    if status is None:
        return option.name
    if option.status == "retired":
        since = option.status_since or "date not published"
        return f"{option.name} (retired {since})"
    since = f" since {option.status_since}" if option.status_since else ""
    return f"{option.name} ({status}{since})"


def _timeline(option: Option) -> str:
    if option.kind in ("network", "direct-connect", "datasync"):
        return f"at {rate_text(option.rate)} effective"
    short = {"AWS loading": "load", "Order & delivery": "arrive", "On-site copy": "copy",
             "Return shipping": "return", "AWS ingest": "ingest",
             "Travel to terminal": "travel", "Terminal reservations": "on site",
             "Travel back": "back"}
    return " + ".join(f"{short[p.name]} {_days_text(p.days)}" for p in option.phases)


def _cost(option: Option) -> str:
    mark = "" if option.verified else " *"
    line = f" + {LINE_EXCLUDED}" if option.line_excluded else ""
    if option.cost_complete:
        return money(option.cost) + line + mark
    if option.cost == 0:
        return "not published" + line + mark
    return f"≥ {money(option.cost)} (fees not published){line}{mark}"


def _deadline(option: Option) -> str:
    return {None: "", True: "yes", False: "no"}[option.meets_deadline]


def _summary_lines(plan: Plan) -> list[str]:
    lines = []
    if plan.fastest:
        lines.append(f"Fastest: {plan.fastest.name}, {_days_text(plan.fastest.total_days)} days, "
                     f"{_cost(plan.fastest)}")
    if plan.cheapest:
        lines.append(f"Cheapest: {plan.cheapest.name}, {_cost(plan.cheapest)}, "
                     f"{_days_text(plan.cheapest.total_days)} days")
    if plan.request.deadline_days is not None:
        deadline = _days_text(plan.request.deadline_days)
        best = plan.cheapest_in_deadline
        lines.append(f"Cheapest within {deadline} days: {best.name}, {_cost(best)}, "
                     f"{_days_text(best.total_days)} days" if best else
                     f"No option with a published cost meets the {deadline}-day deadline")
    for item in plan.break_even:
        if item.size is None:
            lines.append(f"Break-even at {rate_text(item.bandwidth)}: the network is faster "
                         "at every size up to 1,024 PB")
        else:
            lines.append(f"Break-even at {rate_text(item.bandwidth)}: from {size_text(item.size)}"
                         f" a device is faster ({item.device})")
    return lines + list(plan.hidden)


def render_markdown(plan: Plan) -> str:
    """The plan as Markdown (for pull requests and wikis)."""
    cell = markdown_text
    deadline = plan.request.deadline_days is not None
    head = ["Option", "Devices", "Timeline (days)", "Total days", "Cost"]
    head += ["Meets deadline"] if deadline else []
    lines = [f"## {cell(_title(plan))}", "", "| " + " | ".join(head) + " |",
             "|" + "|".join(["---", "---:", "---", "---:", "---:"] + (["---"] if deadline
                                                                    else [])) + "|"]
    for option in plan.options:
        row = [_name(option), "" if option.devices is None else str(option.devices),
               _timeline(option), _days_text(option.total_days), _cost(option)]
        row += [_deadline(option)] if deadline else []
        lines.append("| " + " | ".join(cell(c) for c in row) + " |")
    lines.append("")
    lines += [f"- {cell(line)}" for line in _summary_lines(plan)]
    lines += ["", "**Assumptions**", ""] + [f"- {cell(line)}" for line in plan.assumptions]
    if plan.warnings:
        lines += ["", "**Warnings**", ""] + [f"- {cell(line)}" for line in plan.warnings]
    if any(not o.verified for o in plan.options):
        lines += ["", cell(UNVERIFIED)]
    if plan.notes:
        lines += [""] + [f"> {cell(line)}" for line in plan.notes]
    lines += [""] + [cell(f"Prices and devices: {s['title']} — {s['source']} (retrieved "
                          f"{s['retrieved']})") for s in plan.sources]
    return "\n".join(lines) + "\n"


def render_table(plan: Plan, color: bool = False) -> str:
    """The plan as a rich table, with the recommendation and assumptions under it."""
    from rich.table import Table

    from awscalc.output import text_console

    console, buffer = text_console(color)
    deadline = plan.request.deadline_days is not None
    table = Table(title=rich_text(_title(plan)), title_justify="left")
    table.add_column("Option", style="bold")
    table.add_column("Devices", justify="right")
    table.add_column("Timeline (days)")
    table.add_column("Total days", justify="right")
    table.add_column("Cost", justify="right")
    if deadline:
        table.add_column(f"≤ {_days_text(plan.request.deadline_days)} d")
    previous = None
    for option in plan.options:
        if previous is not None and option.kind != previous:
            table.add_section()
        row = [_name(option), "" if option.devices is None else str(option.devices),
               _timeline(option), _days_text(option.total_days), _cost(option)]
        row += [_deadline(option)] if deadline else []
        table.add_row(*map(rich_text, row))
        previous = option.kind
    console.print(table)
    for line in _summary_lines(plan):
        console.print(rich_text(line))
    for line in plan.notes:
        console.print(rich_text("note:", "bold") + " " + rich_text(line))
    for line in plan.warnings:
        console.print(rich_text("warning:", "yellow") + " " + rich_text(line))
    if any(not o.verified for o in plan.options):
        console.print(rich_text(UNVERIFIED))
    console.print(rich_text("Assumptions:", "dim"))
    for line in plan.assumptions:
        console.print(rich_text(f"- {line}", "dim"))
    if plan.request.copy_rate is None:
        rates = sorted({o.rate for o in plan.options if o.kind == "device"})
        if rates:
            console.print(rich_text("- On-site copy rates used: "
                                    f"{', '.join(data_rate_text(r) for r in rates)}.", "dim"))
    for source in plan.sources:
        console.print(rich_text(f"Prices and devices: {source['title']} — {source['source']} "
                                f"(retrieved {source['retrieved']})", "dim"))
    return buffer.getvalue()
