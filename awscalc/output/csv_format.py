"""CSV output: one row per line item, a header row, plain numbers (no $ or separators).

CSV is data: every cell is the exact text or number, quoted by the ``csv`` module and
never rewritten. In particular no cell is "defused" against spreadsheet formula injection
(a cell starting with ``=``, ``+``, ``-`` or ``@``): prefixing a quote would corrupt the
data every program reads — negative amounts start with ``-`` — to protect one that
already cannot be attacked this way. The only spec text in a row is the resource name,
and the schema requires it to start with a letter or a digit (``tests/test_safetext.py``
keeps that so); every other cell is awscalc's own text, an enum value, or a rate card's.
"""

from __future__ import annotations

import csv
import io
from typing import TextIO

from awscalc.model import Estimate
from awscalc.numbers import plain

COLUMNS = ["resource", "service", "region", "component", "usage_key", "quantity", "unit",
           "free_quantity", "rate", "rate_per", "cost", "one_time", "verified", "formula",
           "parent"]


def render(estimate: Estimate, explain: bool = False) -> str:
    """The line items as CSV text (formulas always included)."""
    buffer = io.StringIO()
    write(estimate, buffer)
    return buffer.getvalue()


def write(estimate: Estimate, stream: TextIO, explain: bool = False) -> None:
    """Write :func:`render`'s text to ``stream`` row by row."""
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(COLUMNS)
    for item in estimate.line_items:
        writer.writerow([
            item.resource, item.service, item.region, item.component, item.key,
            plain(item.quantity), item.unit, plain(item.free_quantity), plain(item.rate),
            plain(item.per), f"{item.cost:.2f}", str(item.one_time).lower(),
            str(item.verified).lower(), item.formula, item.parent or "",
        ])
