"""Renderers for ``awscalc transfer``: table, json, csv and markdown.

Each takes a :class:`~awscalc.transfer.Plan` and returns text; nothing else. JSON is
versioned (``schema_version`` 1) and written with :func:`awscalc.output.json_format.dumps`,
so money is exact (``7987.20``). Durations are given in days, rounded to 4 decimal places
(about 9 seconds) in JSON and CSV and to 2 places for people. A fee that is not published
is ``null`` in JSON, empty in CSV and "not published" for people — never a zero; the
user's line without ``--link-cost`` is "not included". Each cost part's ``provenance``
says where its figure comes from; ``published`` is true only for an AWS figure.

Names, notes and sources come from the device catalog and rate cards, which ``--pricing``
can point anywhere: the table (:mod:`awscalc.output.grid`, fitted to the terminal's width)
shows them through :func:`awscalc.safetext.printable`, Markdown through
:func:`awscalc.safetext.markdown_text`.
"""

from __future__ import annotations

import csv
import io
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from awscalc.numbers import money, plain
from awscalc.output.grid import Cell, Column, Grid, _style, paragraph
from awscalc.safetext import markdown_text, printable
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


def render(plan: Plan, fmt: str, color: bool = False, width: int | None = None) -> str:
    """Render ``plan`` as ``table``, ``json``, ``csv``, ``markdown`` or ``html`` text;
    ``width``: the table's (default :data:`awscalc.output.FIXED_WIDTH`)."""
    if fmt == "html":
        from awscalc.output.html import render_transfer

        return render_transfer(plan)
    if fmt == "table":
        return render_table(plan, color=color, width=width)
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
    status = _status(option)
    return option.name if status is None else f"{option.name} ({status})"


def _status(option: Option) -> str | None:
    """``retired 2024-11-12``, ``existing customers only since 2025-11-07`` or None."""
    status = STATUS_TEXT.get(option.status)
    if status is None:
        return None
    if option.status == "retired":
        return f"retired {option.status_since or 'date not published'}"
    return status + (f" since {option.status_since}" if option.status_since else "")


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


def render_table(plan: Plan, color: bool = False, width: int | None = None) -> str:
    """The plan as a table ``width`` cells wide (see :mod:`awscalc.output.grid`), with the
    recommendation and assumptions under it. Text wraps, nothing is cut; an option's
    status (retired, existing customers only) is a line under its name. When the names
    are too long for a column (or a column of them would squeeze the others into more
    lines than a row of their own takes) each name gets a row of its own above its
    figures."""
    from awscalc.output import FIXED_WIDTH

    width = width or FIXED_WIDTH
    lines = paragraph(printable(_title(plan)), width)
    flat = _grid(plan)
    table = flat.render(width, color) if flat.fits(width) else None
    stacked = _grid(plan, stacked=True).render(width, color)
    lines += stacked if table is None or len(stacked) < len(table) else table
    for line in _summary_lines(plan):
        lines += paragraph(printable(line), width)
    for kind, style, texts in (("note:", "bold", plan.notes),
                               ("warning:", "yellow", plan.warnings)):
        for text in texts:
            wrapped = paragraph(f"{kind} {printable(text)}", width)
            wrapped[0] = _style(kind, style, color) + wrapped[0][len(kind):]
            lines += wrapped
    if any(not o.verified for o in plan.options):
        lines += paragraph(UNVERIFIED, width)
    lines += paragraph("Assumptions:", width, "dim", color)
    for line in plan.assumptions:
        lines += paragraph(printable(f"- {line}"), width, "dim", color)
    if plan.request.copy_rate is None:
        rates = sorted({o.rate for o in plan.options if o.kind == "device"})
        if rates:
            lines += paragraph("- On-site copy rates used: "
                               f"{', '.join(data_rate_text(r) for r in rates)}.", width,
                               "dim", color)
    for source in plan.sources:
        lines += paragraph(printable(f"Prices and devices: {source['title']} — "
                                     f"{source['source']} (retrieved {source['retrieved']})"),
                           width, "dim", color)
    return "\n".join(lines) + "\n"


def _grid(plan: Plan, stacked: bool = False) -> Grid:
    """The options, a section per kind (per option when ``stacked``: no Option column,
    each name on a row of its own above its figures)."""
    deadline = plan.request.deadline_days
    # days and costs never break mid-word ("not included", "published)")
    columns = [Column("Timeline (days)"), Column("Total days", right=True, firm=True),
               Column("Cost", right=True, firm=True)]
    if deadline is not None:
        # '≤ 30 d', not '≤ 30.00 d': a header as narrow as its 'yes'/'no' where it must
        columns.append(Column(f"≤ {_days_text(deadline).rstrip('0').rstrip('.')} d",
                              firm=True))
    if not stacked:  # stacked: the devices go with the option's name
        columns = [Column("Option", keep=True), Column("Devices", right=True), *columns]
    grid = Grid(columns)
    previous = None
    for option in plan.options:
        if stacked or option.kind != previous:
            grid.rule()
        status = _status(option)
        title = option.name
        if stacked and option.devices is not None:
            title += f" × {option.devices} device{'s' if option.devices != 1 else ''}"
        name = Cell(printable(title), len(grid.columns) if stacked else 1, "bold",
                    right=False, lines=[printable(f"({status})")] if status else [])
        if stacked:
            grid.add(name)
        cells = [Cell(printable(_timeline(option))), Cell(_days_text(option.total_days)),
                 Cell(printable(_cost(option)))]
        if not stacked:
            cells.insert(0, Cell("" if option.devices is None else str(option.devices)))
        cells += [Cell(_deadline(option))] if deadline is not None else []
        grid.add(*([] if stacked else [name]), *cells)
        previous = option.kind
    return grid
