"""Terminal tables of ``awscalc pricing list`` and ``awscalc pricing diff`` at any width.

Like the estimate's table (:mod:`awscalc.output.grid`), nothing is cut and no rate or
count breaks: each table tries layouts from the widest to the narrowest and prints the
first that fits without breaking a word.

* ``pricing list``: one row per rate card or catalog; when a Source column does not fit
  (nearly always: a URL is long), the card's title and source go on a line of their own
  under its row, and in a narrow terminal the kind and retrieval date join them there.
* ``pricing diff``: one row per rate; when the service, region and key do not fit as
  columns, each service and region is a row of its own above its rates, and in a narrow
  terminal each rate's key is too.

``--format json`` and ``csv`` keep every field as a column of its own.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from awscalc.output.grid import Cell, Column, Grid, first_fitting, paragraph
from awscalc.safetext import printable

Layout = Callable[[], Grid]


def _regions(found: Any) -> str:
    """A card's regions: up to four by name, else how many."""
    regions = found.regions
    return ", ".join(regions) if len(regions) <= 4 else f"{len(regions)} regions"


def coverage_table(found: Sequence[Any], region: str | None, title: str,
                   note: str | None, width: int, color: bool = False) -> str:
    """``pricing list``'s table of :class:`awscalc.coverage.Coverage` records, ``width``
    cells wide (``region``: what each card prices there), with ``note`` under it."""
    # (header, cell, the same on the line under the row): the columns after Service, in
    # the order they move to that line when the table does not fit
    fields: list[tuple[str, Callable[[Any], str], Callable[[Any], str]]] = [
        ("Title", lambda c: c.title, lambda c: ""),
        ("Source", lambda c: c.source, lambda c: f"{c.title}: {c.source}"),
        ("Kind", lambda c: c.kind, lambda c: c.kind),
    ]
    if region:
        fields += [("Coverage", lambda c: c.status, lambda c: f"coverage {c.status}"),
                   ("Keys", lambda c: f"{c.keys_covered}/{c.keys}",
                    lambda c: f"keys {c.keys_covered}/{c.keys}")]
    else:
        fields += [("Retrieved", lambda c: c.retrieved, lambda c: f"retrieved {c.retrieved}"),
                   ("Regions", _regions, lambda c: f"regions: {_regions(c)}")]
    order = ["Service", "Title", "Kind", "Regions", "Coverage", "Keys", "Rates", "Unverified",
             "Retrieved", "Source"]
    amounts = {"Keys", "Rates", "Unverified"}

    def layout(moved: int) -> Layout:
        def build() -> Grid:
            shown = {name: cell for name, cell, _ in fields[moved:]}
            shown.update({"Service": lambda c: c.service,
                          "Rates": lambda c: f"{c.rates:,}",
                          "Unverified": lambda c: f"{c.unverified:,}"})
            headers = [h for h in order if h in shown]
            grid = Grid([Column(h, right=h in amounts, firm=h in amounts,
                                keep=h in ("Service", "Retrieved")) for h in headers])
            moved_out = {name: detail for name, _, detail in fields[:moved]}
            under = [moved_out[h] for h in ("Kind", "Coverage", "Keys", "Regions",
                                            "Retrieved", "Source") if h in moved_out]
            for c in found:
                if moved:
                    grid.rule()
                grid.add(*(Cell(printable(shown[h](c))) for h in headers))
                if moved:
                    text = " · ".join(t for t in (detail(c) for detail in under) if t)
                    grid.add(Cell(printable(text), len(headers), "dim", loose=True))
            return grid
        return build

    grid = first_fitting([layout(0), *(layout(n) for n in range(2, len(fields) + 1))],
                          width)
    lines = [*paragraph(printable(title), width), *grid.render(width, color)]
    if note:
        lines += paragraph(printable(note), width)
    return "\n".join(lines) + "\n"


def rate_diff_table(changes: Sequence[Any], title: str, width: int,
                    color: bool = False) -> str:
    """``pricing diff``'s table of :class:`awscalc.priceupdate.diff.Change` records,
    ``width`` cells wide."""
    def amounts(c: Any) -> list[Cell]:
        change = "" if c.change_pct is None else f"{c.change_pct:+}%"
        return [Cell(printable(c.old or "—")), Cell(printable(c.new or "—")), Cell(change)]

    tail = [Column("Per", optional=True), Column("Old", right=True, firm=True),
            Column("New", right=True, firm=True), Column("Change", right=True, firm=True)]

    def flat() -> Grid:
        grid = Grid([Column("Service", keep=True), Column("Region", keep=True),
                     Column("Key", keep=True), Column("Tier"), *tail])
        for c in changes:
            grid.add(*(Cell(printable(t)) for t in (c.service, c.region, c.key, c.tier,
                                                    c.unit)), *amounts(c))
        return grid

    def grouped(keys: bool) -> Layout:
        def build() -> Grid:
            grid = Grid([*([Column("Key", keep=True)] if keys else []), Column("Tier"),
                         *tail])
            count, last, key = len(grid.columns), None, None
            for c in sorted(changes, key=lambda c: (c.service, c.region)):
                if (c.service, c.region) != last:
                    last, key = (c.service, c.region), None
                    grid.rule()
                    grid.add(Cell(printable(f"{c.service} · {c.region}"), count, "bold",
                                  label=True))
                if not keys and c.key != key:
                    key = c.key
                    grid.add(Cell(printable(c.key), count, label=True))
                grid.add(*([Cell(printable(c.key))] if keys else []),
                         Cell(printable(c.tier)), Cell(printable(c.unit)), *amounts(c))
            return grid
        return build

    grid = first_fitting([flat, grouped(True), grouped(False)], width)
    return "\n".join([*paragraph(printable(title), width), *grid.render(width, color)]) + "\n"
