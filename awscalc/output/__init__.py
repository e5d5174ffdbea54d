"""Formatters: each turns an :class:`~awscalc.model.Estimate` into text, nothing else.

``FORMATTERS`` maps a ``--format`` name to the module that renders it; each module
provides ``render(estimate, explain=False) -> str`` and is imported only when chosen.
A module may also provide ``write(estimate, stream, explain=False)``, writing the same
text piece by piece (JSON does: a large spec's report is hundreds of megabytes).
"""

from __future__ import annotations

import importlib
from typing import Any, TextIO

FORMATTERS: dict[str, str] = {
    "table": "table",
    "json": "json_format",
    "csv": "csv_format",
    "markdown": "markdown",
    "html": "html",
}


def render(estimate: Any, fmt: str, explain: bool = False, color: bool = False) -> str:
    """Render ``estimate`` in format ``fmt`` (a key of :data:`FORMATTERS`)."""
    module = importlib.import_module(f"{__name__}.{FORMATTERS[fmt]}")
    if fmt == "table":
        return module.render(estimate, explain=explain, color=color)
    return module.render(estimate, explain=explain)


def write(estimate: Any, fmt: str, stream: TextIO, explain: bool = False,
          color: bool = False) -> None:
    """Write what :func:`render` returns to ``stream``, piece by piece where the
    format's module can."""
    module = importlib.import_module(f"{__name__}.{FORMATTERS[fmt]}")
    if hasattr(module, "write"):
        module.write(estimate, stream, explain=explain)
    else:
        stream.write(render(estimate, fmt, explain=explain, color=color))


def text_console(color: bool) -> tuple[Any, Any]:
    """A rich console that renders into a string buffer: ``(console, buffer)``.

    With ``color`` (stdout is a terminal) it uses the terminal's width and colours;
    otherwise plain text 120 columns wide, so piped and golden output is stable.
    """
    import io
    import shutil

    from rich.console import Console

    width = shutil.get_terminal_size((120, 24)).columns if color else 120
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=color, no_color=not color, width=width,
                      highlight=False, soft_wrap=False)
    return console, buffer


UNITS_NOTE = ("Data sizes are binary (1 GB = 2^30 bytes, 1 TB = 1,024 GB); bit rates are "
              "decimal (1 Gbps = 10^9 bit/s).")


def month_note(month_hours: Any) -> str:
    """The billing-month sentence of every report footer."""
    from awscalc.numbers import plain

    return f"A month is {plain(month_hours)} hours."


def subtotal_rows(estimate: Any) -> dict[str, list[str]]:
    """Where composite subtotals go: for each resource, the composites whose family
    (the composite and its children) ends with that resource's line items, innermost
    first."""
    order = list(dict.fromkeys(item.resource for item in estimate.line_items))
    closing: dict[str, list[str]] = {}
    for name in dict.fromkeys(estimate.parents.values()):
        family = {name, *estimate.children(name)}
        members = [resource for resource in order if resource in family]
        if members:
            closing.setdefault(members[-1], []).append(name)
    for names in closing.values():
        names.sort(key=lambda name: -name.count("/"))
    return closing


def subtotal_text(estimate: Any, name: str) -> str:
    """``$123.45`` (``+ $10.00 once``): a composite's total with its children's."""
    from awscalc.numbers import money

    one_time = estimate.subtotal(name, one_time=True)
    text = money(estimate.subtotal(name))
    return f"{text} + {money(one_time)} once" if one_time else text
