"""HTML reports: one self-contained page per estimate, diff or transfer plan.

Each page is a single file a person can open offline, mail or attach to a ticket: the
styles are inline, the charts are inline SVG drawn here (no script, no font, no image
and no request of any kind — the page's Content-Security-Policy forbids them, so a
browser would refuse one rather than fetch it), and the layout narrows to one column on
a phone. Every text that comes from outside awscalc (a spec's names, a rate card's
titles and sources) passes through :func:`text`: HTML-escaped after
:func:`awscalc.safetext.printable`, so it can neither become markup nor reorder a line.

The totals carry their exact values for programs and tests:
``<data class="total" data-total="monthly" value="8888.94">$8,888.94</data>``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from html import escape
from typing import Any

from awscalc import __version__
from awscalc.numbers import grouped, money, plain
from awscalc.safetext import printable
from awscalc.unverified import merged_warnings

NO_GROUP = "(no group)"
POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
UNVERIFIED = ("* a rate whose only source is a third party, recall or an assumption "
              "(verified: false in its rate card)")
# Bars of a chart, then one bar for the rest: a chart of 10,000 resources stays readable.
MAX_BARS = 15
COLORS = ("#2f6db5", "#d9822b", "#3f9b5a", "#b54a4a", "#7b5cb5", "#8c6a4a", "#c45fa0",
          "#6b7d8c", "#a5a530", "#2fa5b5")

STYLE = """
:root{color-scheme:light dark;--fg:#1d2430;--muted:#5d6878;--line:#d5dbe3;--card:#f4f6f9;
--up:#b54a4a;--down:#3f8f5a;--bar:#2f6db5}
@media (prefers-color-scheme:dark){:root{--fg:#e4e8ee;--muted:#a0aab8;--line:#3a4350;
--card:#222a35;--up:#e07a7a;--down:#6cc58b;--bar:#6aa2e8}body{background:#161b22}}
*{box-sizing:border-box}
body{margin:0 auto;max-width:72rem;padding:1rem;font:15px/1.45 system-ui,-apple-system,
"Segoe UI",Roboto,sans-serif;color:var(--fg)}
h1{font-size:1.45rem;margin:.2rem 0 .4rem;overflow-wrap:anywhere}
h2{font-size:1.15rem;margin:1.6rem 0 .5rem;border-bottom:1px solid var(--line)}
.meta,.note,small{color:var(--muted)}
.cards{display:flex;flex-wrap:wrap;gap:.6rem;margin:.8rem 0}
.card{flex:1 1 11rem;background:var(--card);border-radius:.5rem;padding:.6rem .8rem}
.card .label{display:block;color:var(--muted);font-size:.85rem}
.card .was data{font-size:inherit;font-weight:400}
.card data,.card .value{font-size:1.35rem;font-weight:600;font-variant-numeric:tabular-nums}
.scroll{overflow-x:auto;-webkit-overflow-scrolling:touch}
table{border-collapse:collapse;width:100%;font-size:.92rem}
th,td{padding:.3rem .45rem;border-bottom:1px solid var(--line);text-align:left;
vertical-align:top}
th{font-weight:600;white-space:nowrap}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.name{overflow-wrap:anywhere;min-width:7rem}
td.wrap{white-space:normal;min-width:7rem}
tr.resource td{background:var(--card);font-weight:600}
tr.subtotal td{font-style:italic}
tr.section th{background:var(--line);text-align:left}
tr.formula-row td{border-top:0;padding-top:0}
tr.has-formula td{border-bottom:0}
.formula{display:block;color:var(--muted);font-size:.82rem;overflow-wrap:anywhere;
font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
.up{color:var(--up)}.down{color:var(--down)}
svg{display:block;width:100%;height:auto;max-width:32rem}
svg text{fill:var(--fg);font:13px system-ui,sans-serif}
svg .muted{fill:var(--muted)}
svg .axis{stroke:var(--line)}
ul{padding-left:1.2rem}li{overflow-wrap:anywhere}
.warning{border-left:4px solid #d9822b;padding:.1rem .6rem;margin:.3rem 0}
.unverified{color:#d9822b;font-weight:700}
@media (max-width:40rem){body{padding:.6rem;font-size:14px}
.hide-narrow{display:none}th,td{padding:.25rem .3rem}}
@media (max-width:48rem){
table.stack thead{display:none}
table.stack tr{display:flex;flex-wrap:wrap;column-gap:.8rem;border-bottom:1px solid var(--line)}
table.stack td{border:0;flex:0 1 auto;text-align:left}
table.stack td{white-space:normal}
table.stack td.name,table.stack td[colspan],table.stack th[colspan]{flex:1 1 100%}
table.stack td[data-label]::before{content:attr(data-label) ": ";color:var(--muted)}
table.stack tr.has-formula{border-bottom:0}}
@media print{.scroll{overflow:visible}}
"""


def text(value: object) -> str:
    """``value`` as HTML text: control characters shown as escapes, then ``<>&"'``
    escaped — safe in element content and in a quoted attribute."""
    return escape(printable(value), quote=True)


def _data(kind: str, amount: Decimal, shown: str | None = None) -> str:
    """A total with its exact value for programs (``data-total`` names it)."""
    return (f'<data class="total" data-total="{kind}" value="{plain(amount)}">'
            f"{shown if shown is not None else money(amount)}</data>")


def _card(label: str, body: str) -> str:
    return f'<div class="card"><span class="label">{text(label)}</span>{body}</div>'


def _page(title: str, body: Iterable[str]) -> str:
    """The whole document: head with the policy and styles, then ``body``."""
    return "".join([
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">",
        f'<meta http-equiv="Content-Security-Policy" content="{POLICY}">',
        '<meta name="viewport" content="width=device-width,initial-scale=1">',
        f'<meta name="generator" content="awscalc {text(__version__)}">',
        f"<title>{text(title)}</title><style>{STYLE}</style></head><body>\n",
        *body,
        f'\n<footer><p class="note">Made by awscalc {text(__version__)}. An estimate from the '
        "sources listed above: AWS bills may differ (taxes, credits, usage not modelled)."
        "</p></footer></body></html>\n",
    ])


def _num(label: str, content: str, css: str = "") -> str:
    """A numeric cell; ``label`` names it where a phone stacks the table's cells."""
    if not content:
        return '<td class="num"></td>'
    return f'<td class="num{" " + css if css else ""}" data-label="{text(label)}">{content}</td>'


def _formula_row(columns: int, formula: str) -> str:
    return (f'<tr class="formula-row"><td colspan="{columns}"><span class="formula">'
            f"{text(formula)}</span></td></tr>")


def _table(head: Sequence[tuple[str, bool]], rows: Iterable[str], caption: str = "",
           stack: bool = False) -> str:
    """A scrollable table; ``head`` is ``(title, numeric)`` per column, ``rows`` are
    ready ``<tr>`` elements; a ``stack`` table's cells stack on a phone."""
    cells = "".join(f'<th{" class=num" if numeric else ""} scope="col">{text(title)}</th>'
                    for title, numeric in head)
    caption = f"<caption class=note>{text(caption)}</caption>" if caption else ""
    css = ' class="stack"' if stack else ""
    return (f'<div class="scroll"><table{css}>{caption}<thead><tr>{cells}</tr></thead><tbody>'
            + "".join(rows) + "</tbody></table></div>\n")


def _list(items: Iterable[str], css: str = "") -> str:
    entries = "".join(f"<li{f' class={css}' if css else ''}>{text(i)}</li>" for i in items)
    return f"<ul>{entries}</ul>\n" if entries else ""


def _source(url: str) -> str:
    """A provenance source: a link when it is a web address, otherwise text."""
    if url.startswith(("https://", "http://")):
        return f'<a href="{text(url)}" rel="noreferrer noopener">{text(url)}</a>'
    return text(url)


def _share(part: Decimal, whole: Decimal) -> str:
    return f"{(part * 100 / whole):.1f}%" if whole else ""


# --- charts ---------------------------------------------------------------------------

def _top(rows: Sequence[tuple[str, Decimal]], limit: int = MAX_BARS
         ) -> list[tuple[str, Decimal]]:
    """The ``limit`` largest rows, then one row adding up the rest."""
    ordered = sorted(rows, key=lambda row: -abs(row[1]))
    if len(ordered) <= limit:
        return ordered
    rest = ordered[limit - 1:]
    return [*ordered[:limit - 1],
            (f"{len(rest)} others", sum((v for _, v in rest), Decimal(0)))]


def bar_chart(title: str, rows: Sequence[tuple[str, Decimal]]) -> str:
    """A horizontal bar chart (inline SVG) of amounts, largest first: each bar's label
    above it, its amount at its end. Negative amounts (a diff's savings) grow left
    from a centre line."""
    rows = _top(rows)
    if not rows:
        return ""
    width, row_height, pad = 400, 38, 6
    largest = max(abs(v) for _, v in rows) or Decimal(1)
    signed = any(v < 0 for _, v in rows)
    # leave room for the amount text after the longest bar
    span = Decimal(width - 2 * pad - (170 if signed else 95))
    zero = pad + (span / 2 + 80 if signed else 0)
    scale = (span / 2 if signed else span) / largest
    height = row_height * len(rows) + pad
    parts = [f'<svg role="img" viewBox="0 0 {width} {height}" '
             f'xmlns="http://www.w3.org/2000/svg" aria-label="{text(title)}">'
             f"<title>{text(title)}</title>"]
    for index, (label, amount) in enumerate(rows):
        top = pad + index * row_height
        length = abs(amount) * scale
        start = zero - length if amount < 0 else zero
        color = ("var(--down)" if amount < 0 else "var(--up)") if signed \
            else COLORS[index % len(COLORS)]
        shown = (("+" if amount > 0 else "−") + money(abs(amount))) if signed and amount \
            else money(amount)
        after = start - 4 if amount < 0 else start + length + 4
        anchor = "end" if amount < 0 else "start"
        parts.append(
            f'<text x="{pad}" y="{top + 12}">{text(_clip(label))}</text>'
            f'<rect x="{start:.1f}" y="{top + 17}" width="{max(length, Decimal(1)):.1f}" '
            f'height="14" rx="2" style="fill:{color}"><title>{text(label)}: {shown}'
            f"</title></rect>"
            f'<text x="{after:.1f}" y="{top + 29}" text-anchor="{anchor}" '
            f'class="muted">{shown}</text>')
    if signed:
        parts.append(f'<line class="axis" x1="{zero:.1f}" x2="{zero:.1f}" y1="{pad}" '
                     f'y2="{height}"/>')
    parts.append("</svg>")
    return "".join(parts)


def _clip(label: str, limit: int = 55) -> str:
    """A chart label short enough for its row (the tables show the full name)."""
    return label if len(label) <= limit else label[:limit - 1] + "…"


def _nice(largest: Decimal) -> tuple[Decimal, Decimal]:
    """A round axis maximum at or above ``largest`` and its tick step (5 ticks)."""
    if largest <= 0:
        return Decimal(1), Decimal("0.2")
    magnitude = Decimal(10) ** (largest.adjusted())
    for factor in (1, 2, 2.5, 5, 10):
        step = magnitude * Decimal(str(factor)) / 5
        if step * 5 >= largest:
            return step * 5, step
    return magnitude * 10, magnitude * 2


def scatter_chart(title: str, points: Sequence[tuple[str, Decimal, Decimal, bool]],
                  x_label: str, y_label: str, x_line: Decimal | None = None) -> str:
    """Numbered points ``(number, x, y, complete)`` on linear axes from zero; a hollow
    point is a lower bound (``complete`` false); ``x_line`` draws a dashed limit."""
    if not points:
        return ""
    width, height, left, bottom, top, right = 440, 300, 64, 40, 12, 16
    x_max, x_step = _nice(max([p[1] for p in points] + [x_line or Decimal(0)]))
    y_max, y_step = _nice(max(p[2] for p in points))
    plot_w, plot_h = width - left - right, height - top - bottom

    def x_at(value: Decimal) -> float:
        return left + float(value / x_max) * plot_w

    def y_at(value: Decimal) -> float:
        return top + plot_h - float(value / y_max) * plot_h

    parts = [f'<svg role="img" viewBox="0 0 {width} {height}" '
             f'xmlns="http://www.w3.org/2000/svg" aria-label="{text(title)}">'
             f"<title>{text(title)}</title>"]
    for i in range(6):
        x, y = x_step * i, y_step * i
        parts.append(
            f'<line class="axis" x1="{x_at(x):.1f}" x2="{x_at(x):.1f}" y1="{top}" '
            f'y2="{top + plot_h}"/><text class="muted" x="{x_at(x):.1f}" '
            f'y="{top + plot_h + 16}" text-anchor="middle">{grouped(x, 2)}</text>'
            f'<line class="axis" x1="{left}" x2="{left + plot_w}" y1="{y_at(y):.1f}" '
            f'y2="{y_at(y):.1f}"/><text class="muted" x="{left - 6}" y="{y_at(y) + 4:.1f}"'
            f' text-anchor="end">{_short_money(y)}</text>')
    parts.append(f'<text class="muted" x="{left + plot_w / 2:.0f}" y="{height - 4}" '
                 f'text-anchor="middle">{text(x_label)}</text>'
                 f'<text class="muted" x="12" y="{top + plot_h / 2:.0f}" '
                 f'transform="rotate(-90 12 {top + plot_h / 2:.0f})" text-anchor="middle">'
                 f"{text(y_label)}</text>")
    if x_line is not None:
        parts.append(f'<line x1="{x_at(x_line):.1f}" x2="{x_at(x_line):.1f}" y1="{top}" '
                     f'y2="{top + plot_h}" style="stroke:var(--up);stroke-dasharray:4 3"/>')
    for cluster, (lx, ly) in _labels([(n, x_at(x), y_at(y), c) for n, x, y, c in points]):
        for number, px, py, complete in cluster:
            fill = "var(--bar)" if complete else "var(--card)"
            parts.append(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="5" '
                         f'style="fill:{fill};stroke:var(--bar);stroke-width:2">'
                         f"<title>{text(number)}</title></circle>")
        parts.append(f'<text x="{lx:.1f}" y="{ly:.1f}" style="font-size:11px;'
                     f'font-weight:700">{text(", ".join(c[0] for c in cluster))}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _labels(points: Sequence[tuple[str, float, float, bool]]
            ) -> list[tuple[list[tuple[str, float, float, bool]], tuple[float, float]]]:
    """Points that would overlap share one label (``3, 9, 10``); each label sits right
    of its first point, moved up until it overlaps no other label."""
    clusters: list[list[tuple[str, float, float, bool]]] = []
    for point in points:
        for cluster in clusters:
            if abs(cluster[0][1] - point[1]) < 10 and abs(cluster[0][2] - point[2]) < 10:
                cluster.append(point)
                break
        else:
            clusters.append([point])
    placed: list[tuple[float, float, float]] = []  # x, y, width of each label
    found = []
    for cluster in clusters:
        width = 7.0 * len(", ".join(c[0] for c in cluster))
        x, y = cluster[0][1] + 8, cluster[0][2] + 4
        while any(x < ox + ow and ox < x + width and abs(y - oy) < 13 for ox, oy, ow in placed):
            y -= 13
        placed.append((x, y, width))
        found.append((cluster, (x, y)))
    return found


def _short_money(amount: Decimal) -> str:
    """An axis label: ``$1.5k``, ``$20M``, ``$0.25``."""
    for size, suffix in ((10**6, "M"), (10**3, "k")):
        if amount >= size:
            return f"${plain((amount / size).quantize(Decimal('0.01')))}{suffix}"
    return f"${plain(amount.quantize(Decimal('0.01')))}"


# --- estimate -----------------------------------------------------------------------

def resource_groups(estimate: Any) -> dict[str, str]:
    """Each resource's ``group:`` where the spec gives one (``{}`` when none does).

    Read from ``estimate.groups`` (resource → group) or a resource's details, so the
    report works whether or not the estimate carries groups."""
    groups = getattr(estimate, "groups", None)
    found = {str(k): str(v) for k, v in groups.items() if v} \
        if isinstance(groups, Mapping) else {}
    for name, details in getattr(estimate, "details", {}).items():
        if isinstance(details, Mapping) and details.get("group") and name not in found:
            found[name] = str(details["group"])
    return found


def _descriptions(estimate: Any) -> dict[str, str]:
    descriptions = getattr(estimate, "descriptions", None)
    found = {str(k): str(v) for k, v in descriptions.items() if v} \
        if isinstance(descriptions, Mapping) else {}
    for name, details in getattr(estimate, "details", {}).items():
        if isinstance(details, Mapping) and details.get("description") and name not in found:
            found[name] = str(details["description"])
    return found


def _sums(estimate: Any, key_of: Mapping[str, str]) -> dict[str, tuple[Decimal, Decimal]]:
    """``(monthly, one_time)`` per key (a group, a service), in first-seen order."""
    sums: dict[str, tuple[Decimal, Decimal]] = {}
    for item in estimate.line_items:
        key = key_of.get(item.resource, NO_GROUP)
        monthly, once = sums.get(key, (Decimal("0.00"), Decimal("0.00")))
        sums[key] = (monthly, once + item.cost) if item.one_time \
            else (monthly + item.cost, once)
    return sums


def _subtotal_table(title: str, sums: Mapping[str, tuple[Decimal, Decimal]],
                    total: Decimal, kind: str) -> str:
    rows = [f'<tr data-{kind}="{text(name)}"><td class="name">{text(name)}</td>'
            + _num("Monthly", money(monthly)) + _num("Share", _share(monthly, total))
            + _num("One-time", money(once) if once else "") + "</tr>"
            for name, (monthly, once) in sums.items()]
    return (f"<h2>{text(title)}</h2>"
            + _table(((kind.capitalize(), False), ("Monthly", True), ("Share", True),
                      ("One-time", True)), rows, stack=True))


def grouping(estimate: Any) -> tuple[str, dict[str, str]]:
    """How the report groups resources — ``estimate.group_by`` (``--group-by``), else
    ``group`` when any resource has one, else ``resource`` — and each resource's section
    label (``{}`` by resource)."""
    groups = resource_groups(estimate)
    by = getattr(estimate, "group_by", None) or ("group" if groups else "resource")
    column = {"service": 1, "region": 2}.get(by)
    if by == "group":
        return by, {r[0]: groups.get(r[0], NO_GROUP) for r in estimate.resources}
    if column is not None:
        return by, {r[0]: r[column] for r in estimate.resources}
    return "resource", {}


def render(estimate: Any, explain: bool = False) -> str:
    """The estimate as one self-contained HTML page (formulas are always shown;
    ``explain`` is accepted for symmetry with the other formats)."""
    from awscalc.output import UNITS_NOTE, month_note

    title = estimate.name or estimate.spec_file
    services = {name: service for name, service, _ in estimate.resources}
    by, labels = grouping(estimate)
    monthly = estimate.monthly_total
    body = [f"<header><h1>AWS cost estimate: {text(title)}</h1>",
            f'<p class="meta">{text(estimate.spec_file)} · region {text(estimate.region)} · '
            f"free tier {'on' if estimate.free_tier else 'off'} · "
            f"{text(estimate.currency)}</p></header>",
            '<section class="cards" aria-label="Totals">',
            _card("Monthly", _data("monthly", monthly)),
            _card("Annual (12 × monthly)", _data("annual", estimate.annual_total)),
            _card("One-time", _data("one_time", estimate.one_time_total)),
            "</section>\n"]
    if estimate.ranges is not None:
        body.append(_ranges(estimate.ranges))
    by_service = _sums(estimate, services)
    by_section = _sums(estimate, labels) if labels else by_service
    chart = f"Monthly cost by {by if labels else 'service'}"
    body.append(f"<h2>{text(chart)}</h2>"
                + bar_chart(chart, [(k, m) for k, (m, _) in by_section.items()]))
    resources = [(n, estimate.resource_total(n)) for n in services]
    if len(resources) > 1:
        body.append("<h2>Monthly cost by resource</h2>"
                    + bar_chart("Monthly cost by resource", resources))
    if labels and by != "service":
        body.append(_subtotal_table(f"Subtotals by {by}", by_section, monthly, by))
    groups = resource_groups(estimate)
    if groups and by != "group":  # grouped by something else: the groups' sums too
        by_group = _sums(estimate, {n: groups.get(n, NO_GROUP) for n in services})
        body.append(_subtotal_table("Subtotals by group", by_group, monthly, "group"))
    body.append(_subtotal_table("Subtotals by service", by_service, monthly, "service"))
    body.append(_line_items(estimate, labels, by))
    body.append(_notes(estimate, UNITS_NOTE, month_note(estimate.month_hours)))
    body.append(_provenance(estimate.pricing))
    return _page(f"AWS cost estimate: {title}", body)


def _ranges(report: Any) -> str:
    """The monthly total at the ranges' low, expected and high ends, and how much each
    range alone swings it (a tornado, largest first)."""
    cards = "".join(_card(f"Monthly, {end}", f'<span class="value" data-range="{end}">'
                                            f"{money(report.monthly[end])}</span>")
                    for end in ("low", "expected", "high"))
    swings = [(f"{s.range.label} ({s.range.text})", s.swing) for s in report.ranking]
    return (f'<section class="cards" aria-label="Ranges">{cards}</section>\n'
            + ("<h2>What moves the monthly total</h2>"
               + bar_chart("Monthly swing of each range, low to high", swings)
               if swings else ""))


def _closing(estimate: Any, order: Sequence[str]) -> dict[str, list[str]]:
    """For each resource, the composites whose family (the composite and its children)
    ends with it in ``order``, innermost first."""
    closing: dict[str, list[str]] = {}
    for name in dict.fromkeys(estimate.parents.values()):
        family = {name, *estimate.children(name)}
        members = [resource for resource in order if resource in family]
        if members:
            closing.setdefault(members[-1], []).append(name)
    for names in closing.values():
        names.sort(key=lambda name: -name.count("/"))
    return closing


def _sections(estimate: Any, labels: Mapping[str, str]) -> list[tuple[str | None, list[Any]]]:
    """The line items in report order: ``(label, items)`` per section (first seen first,
    spec order within), or one unlabelled section when grouping by resource."""
    if not labels:
        return [(None, list(estimate.line_items))]
    found: dict[str, list[Any]] = {}
    by_resource: dict[str, list[Any]] = {}
    for item in estimate.line_items:
        by_resource.setdefault(item.resource, []).append(item)
    for name, _, _ in estimate.resources:
        if name in by_resource:
            found.setdefault(labels.get(name, NO_GROUP), []).extend(by_resource.pop(name))
    for name, items in by_resource.items():  # not among the resources: kept, last
        found.setdefault(labels.get(name, NO_GROUP), []).extend(items)
    return list(found.items())


def _line_items(estimate: Any, labels: Mapping[str, str], by: str) -> str:
    """Every line item under its resource's heading row — in sections by group, service
    or region when the report groups so — with the resource's subtotal (and a
    composite's, with its children's) after its lines, and each section's subtotal."""
    from awscalc.output import subtotal_text

    groups = resource_groups(estimate)
    descriptions = _descriptions(estimate)
    sections = _sections(estimate, labels)
    order = list(dict.fromkeys(i.resource for _, items in sections for i in items))
    closing = _closing(estimate, order)
    services = {name: service for name, service, _ in estimate.resources}
    rows: list[str] = []
    previous: str | None = None

    def close(name: str) -> None:
        once = estimate.resource_total(name, one_time=True)
        rows.append(f'<tr class="subtotal"><td colspan="3">{text(name)} subtotal</td>'
                    + _num("Subtotal", money(estimate.resource_total(name))
                           + (f" + {money(once)} once" if once else ""), "wrap") + "</tr>")
        for composite in closing.get(name, ()):
            amount = text(subtotal_text(estimate, composite))
            rows.append(f'<tr class="subtotal"><td colspan="3">{text(composite)} with its '
                        "parts</td>" + _num("Subtotal", amount, "wrap") + "</tr>")

    for label, items in sections:
        if previous is not None:
            close(previous)
            previous = None
        if label is not None:
            monthly = sum((i.cost for i in items if not i.one_time), Decimal("0.00"))
            once = sum((i.cost for i in items if i.one_time), Decimal("0.00"))
            rows.append(f'<tr class="section" data-section="{text(label)}"><th colspan="3" '
                        f'scope="rowgroup">{text(by)}: {text(label)}</th>'
                        + _num("Subtotal", money(monthly)
                               + (f" + {money(once)} once" if once else ""), "wrap") + "</tr>")
        _items(items, rows, close, services, groups, descriptions)
        previous = items[-1].resource
    if previous is not None:
        close(previous)
    legend = f'<p class="note">{text(UNVERIFIED)}</p>' \
        if any(not i.verified for i in estimate.line_items) else ""
    return ("<h2>Line items</h2>"
            + _table((("Component and formula", False), ("Quantity", True), ("Rate", True),
                      ("Cost", True)), rows, stack=True) + legend)


def _items(items: Sequence[Any], rows: list[str], close: Any,
           services: Mapping[str, str], groups: Mapping[str, str],
           descriptions: Mapping[str, str]) -> None:
    """One section's rows: each resource's heading, its line items with their formulas,
    and (through ``close``) the subtotals of each resource but the last."""
    previous: str | None = None
    for item in items:
        if item.resource != previous:
            if previous is not None:
                close(previous)
            extra = [services.get(item.resource, item.service), item.region]
            if item.resource in groups:
                extra.insert(0, f"group {groups[item.resource]}")
            if item.parent:
                extra.append(f"part of {item.parent}")
            description = descriptions.get(item.resource)
            rows.append(f'<tr class="resource" data-resource="{text(item.resource)}">'
                        f'<td colspan="4" class="name">{text(item.resource)} '
                        f'<small>({text(" · ".join(extra))})</small>'
                        + (f"<br><small>{text(description)}</small>" if description else "")
                        + "</td></tr>")
            previous = item.resource
        mark = '<span class="unverified" title="unverified rate"> *</span>' \
            if not item.verified else ""
        rows.append(f'<tr class="has-formula"><td class="name">{text(item.component)}</td>'
                    + _num("Quantity", text(item.quantity_text))
                    + _num("Rate", text(item.rate_text) + mark, "wrap")
                    + _num("One-time" if item.one_time else "Monthly", money(item.cost)
                           + (" <small>one-time</small>" if item.one_time else ""))
                    + "</tr>" + _formula_row(4, item.formula))


def _notes(estimate: Any, *notes: str) -> str:
    parts = []
    if estimate.warnings:
        parts.append("<h2>Warnings</h2>" + _list(estimate.warnings, "warning"))
    summaries = estimate.summaries()
    parts.append("<h2>Notes</h2>" + _list([*summaries, *notes]))
    return "".join(parts)


def _provenance(pricing: Iterable[Any]) -> str:
    rows = [f"<tr><td>{text(i.service)}</td><td class=name>{text(i.title)}<br><small>"
            f'{_source(i.source)}</small></td><td data-label="Retrieved">{text(i.retrieved)}'
            f'</td><td data-label="Origin">{text(i.origin)}</td></tr>' for i in pricing]
    return ("<h2>Where the rates come from</h2>"
            + _table((("Service", False), ("Rate card and source", False),
                      ("Retrieved", False), ("Origin", False)), rows, stack=True))


# --- diff -----------------------------------------------------------------------------

def render_diff(diff: Any, show_all: bool = False) -> str:
    """``awscalc diff`` as one HTML page: totals before and after, a chart of what
    changed by resource, the changed lines, and the rates' provenance."""
    from awscalc.diff import ADDED, REMOVED
    from awscalc.output.diff_formats import percent_text, signed_money

    title = (f"{diff.before.name or diff.before.spec_file} → "
             f"{diff.after.name or diff.after.spec_file}")
    body = [f"<header><h1>AWS cost change: {text(title)}</h1>",
            f'<p class="meta">{text(diff.before.spec_file)} → {text(diff.after.spec_file)}'
            "</p></header>", '<section class="cards" aria-label="Totals">']
    for kind, label, change in (("monthly", "Monthly", diff.monthly),
                                ("annual", "Annual", diff.annual),
                                ("one_time", "One-time", diff.one_time)):
        css = "up" if change.delta > 0 else ("down" if change.delta < 0 else "")
        percent = percent_text(change)
        body.append(_card(label, _data(f"{kind}_delta", change.delta,
                                       signed_money(change.delta))
                          + f'<br><span class="was {css}">{money(change.before)} → '
                          f"{_data(kind, change.after)}"
                          + (f" ({percent})" if percent else "") + "</span>"))
    body.append("</section>\n")
    changed = [(r.name, r.monthly.delta) for r in diff.resources if r.monthly.delta]
    body.append("<h2>Monthly change by resource</h2>"
                + (bar_chart("Monthly change by resource", changed)
                   or '<p class="note">No monthly cost changes.</p>'))
    once = [(r.name, r.one_time.delta) for r in diff.resources if r.one_time.delta]
    if once:
        body.append("<h2>One-time change by resource</h2>"
                    + bar_chart("One-time change by resource", once))
    marks = {ADDED: " (added)", REMOVED: " (removed)"}
    rows = []
    lines = diff.visible_lines(show_all)
    for line in lines:
        change = line.cost
        css = "up" if change.delta > 0 else ("down" if change.delta < 0 else "")
        item = line.after or line.before
        rows.append(f'<tr class="has-formula"><td class="name">{text(line.resource)}</td>'
                    f'<td class="name">{text(line.component)}{marks.get(line.status, "")}'
                    f'{" <small>(one-time)</small>" if line.one_time else ""}</td>'
                    + _num("Before", money(change.before) if line.before else "—")
                    + _num("After", money(change.after) if line.after else "—")
                    + _num("Change", signed_money(change.delta), css)
                    + _num("%", percent_text(change)) + "</tr>"
                    + _formula_row(6, item.formula if item else ""))
    body.append("<h2>Changed lines</h2>" + (_table(
        (("Resource", False), ("Component", False), ("Before", True), ("After", True),
         ("Change", True), ("%", True)), rows, stack=True) if rows else
        '<p class="note">No cost changes.</p>'))
    hidden = len(diff.lines) - len(lines)
    if hidden:
        body.append(f'<p class="note">{hidden} unchanged line{"s" if hidden != 1 else ""} '
                    "hidden (--all shows them).</p>")
    status = [f"{r.name} ({r.service}): {r.status}" for r in diff.resources
              if r.status in (ADDED, REMOVED)]
    if status:
        body.append("<h2>Resources added or removed</h2>" + _list(status))
    warnings = merged_warnings((diff.before, diff.after))
    if warnings:
        body.append("<h2>Warnings</h2>" + _list(warnings, "warning"))
    body.append(_provenance(diff.after.pricing))
    return _page(f"AWS cost change: {title}", body)


# --- transfer -------------------------------------------------------------------------

def render_transfer(plan: Any) -> str:
    """``awscalc transfer`` as one HTML page: every option's days against its cost as a
    chart, the options table, the recommendation, assumptions and sources."""
    from awscalc.output import transfer_formats as tf

    title = tf._title(plan)
    deadline = plan.request.deadline_days
    body = [f"<header><h1>{text(title)}</h1>",
            f'<p class="meta">{text(plan.request.direction)} · region '
            f"{text(plan.request.region)}"
            + (f" · deadline {text(tf._days_text(deadline))} days" if deadline is not None
               else "") + "</p></header>", '<section class="cards" aria-label="Totals">']
    for kind, label, option in (("fastest", "Fastest", plan.fastest),
                                ("cheapest", "Cheapest", plan.cheapest),
                                ("cheapest_within_deadline", "Cheapest within deadline",
                                 plan.cheapest_in_deadline if deadline is not None else None)):
        if option is not None:
            body.append(_card(label, f'<span class="value">{text(option.name)}</span><br>'
                              f'<data data-option="{text(option.key)}" data-{kind}="1" '
                              f'value="{plain(option.cost)}">{text(tf._cost(option))}</data>'
                              f" · {text(tf._days_text(option.total_days))} days"))
    body.append("</section>\n")
    points = [(str(number), option.total_days, option.cost, option.cost_complete)
              for number, option in enumerate(plan.options, 1)]
    body.append("<h2>Days and cost of each option</h2>"
                + scatter_chart("Days and cost of each option", points, "days",
                                "cost (USD)", deadline)
                + '<p class="note">Numbers are the options below; a hollow point is a lower '
                "bound (a fee is not published)"
                + ("; the dashed line is the deadline" if deadline is not None else "")
                + ".</p>")
    rows = []
    for number, option in enumerate(plan.options, 1):
        columns = 7 if deadline is not None else 6
        rows.append(f'<tr class="has-formula" data-option="{text(option.key)}">'
                    f'<td class="num">{number}</td>'
                    f'<td class="name">{text(tf._name(option))}</td>'
                    + _num("Devices", "" if option.devices is None else str(option.devices))
                    + f'<td class="hide-narrow">{text(tf._timeline(option))}</td>'
                    + _num("Days", text(tf._days_text(option.total_days)))
                    + _num("Cost", f'<data value="{plain(option.cost)}">'
                           f"{text(tf._cost(option))}</data>", "wrap")
                    + (_num("Meets deadline", tf._deadline(option)) if deadline is not None
                       else "")
                    + "</tr>" + _formula_row(columns, "; ".join(
                        f"{p.label}: {p.formula}" for p in option.parts)))
    head = [("#", True), ("Option", False), ("Devices", True), ("Timeline (days)", False),
            ("Total days", True), ("Cost", True)]
    head += [("Meets deadline", False)] if deadline is not None else []
    body.append("<h2>Options</h2>" + _table(head, rows, stack=True))
    body.append("<h2>Summary</h2>" + _list(tf._summary_lines(plan)))
    if plan.warnings:
        body.append("<h2>Warnings</h2>" + _list(plan.warnings, "warning"))
    if plan.notes:
        body.append("<h2>Notes</h2>" + _list(plan.notes))
    if any(not o.verified for o in plan.options):
        body.append(f'<p class="note">{text(tf.UNVERIFIED)}</p>')
    body.append("<h2>Assumptions</h2>" + _list(plan.assumptions))
    rows = [f"<tr><td class=name>{text(s.get('title', ''))}<br><small>"
            f"{_source(s.get('source', ''))}</small></td><td>{text(s.get('retrieved', ''))}"
            "</td></tr>" for s in plan.sources]
    body.append("<h2>Where the prices and devices come from</h2>"
                + _table((("Source", False), ("Retrieved", False)), rows))
    return _page(title, body)
