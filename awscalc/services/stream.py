"""A constant monthly stream of new data, simulated month by month — the machinery shared
by the lifecycle simulations of S3 (``lifecycle:`` on ``service: s3``) and EFS
(``lifecycle:`` on ``service: efs``).

Each month a new *cohort* of data arrives at the start of the month; a calculator
describes one cohort's life (which class it is in at which age, one-off charges at given
ages) with :meth:`MonthlyStream.spread` and :meth:`MonthlyStream.at`; :func:`cumulative`
turns that into the usage of months 1…N, when cohorts of every age coexist; and
:func:`series_costs` prices each month with the rate book. Exact arithmetic throughout
(:class:`fractions.Fraction`), converted to Decimal at the end.

Not a service: it has no schema fragment, so the registry never declares it.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from fractions import Fraction
from typing import Any

from awscalc.model import Usage

MonthUsage = dict[str, Fraction]


class MonthlyStream:
    """The months of a simulation: ``month`` hours each, ``months`` of them."""

    def __init__(self, month: Fraction, months: int) -> None:
        self.month, self.months = month, months

    def empty(self) -> list[MonthUsage]:
        """One cohort's (still empty) usage in each month of the horizon."""
        return [defaultdict(Fraction) for _ in range(self.months)]

    def spread(self, usage: list[MonthUsage], key: str, per_month: Fraction,
               start: Fraction, end: Fraction | None) -> None:
        """Add ``per_month`` × the fraction of each month within [start, end) (ages in
        hours; ``end`` None: to the end of the horizon)."""
        stop = self.month * self.months if end is None else end
        j = int(start // self.month)
        while j < self.months and j * self.month < stop:
            low, high = max(start, j * self.month), min(stop, (j + 1) * self.month)
            if high > low:
                usage[j][key] += per_month * (high - low) / self.month
            j += 1

    def at(self, usage: list[MonthUsage], key: str, amount: Fraction, age: Fraction) -> None:
        """Add a one-off ``amount`` in the month that contains ``age`` (hours)."""
        j = int(age // self.month)
        if j < self.months:
            usage[j][key] += amount


def cumulative(cohort: list[MonthUsage]) -> list[MonthUsage]:
    """Month m holds the cohorts that arrived in months 1…m: cohort ages 0…m−1."""
    series: list[MonthUsage] = []
    total: MonthUsage = {}
    for month_usage in cohort:
        total = dict(total)
        for key, value in month_usage.items():
            total[key] = total.get(key, Fraction(0)) + value
        series.append(total)
    return series


def priced_month(resource: Any, steady_month: int, months: int) -> int:
    """The simulated month an estimate prices: the steady state (or the horizon's end) —
    or, in a month-by-month projection, the resource's own month, the horizon's last one
    beyond it (:mod:`awscalc.projection`)."""
    month = resource.source.projection_month
    return steady_month if month is None else min(month, months)


def last_active_month(cohort: list[MonthUsage]) -> int:
    """The 1-based month after which a cohort has no usage left (0: none at all)."""
    return max((j + 1 for j, month_usage in enumerate(cohort) if any(month_usage.values())),
               default=0)


def to_decimal(value: Fraction) -> Decimal:
    """A Fraction as a Decimal (exact when it terminates, else to 28 digits)."""
    return Decimal(value.numerator) / Decimal(value.denominator)


def shown(usage: MonthUsage) -> dict[str, Decimal]:
    """A month's usage as Decimals, without the zero entries."""
    return {key: to_decimal(value) for key, value in usage.items() if value}


def series_costs(details: dict[str, Any], service: str, meters: dict[str, tuple[str, str]],
                 region: str, book: Any, baseline: str) -> list[dict[str, Any]]:
    """Price each month of a simulated series with ``book``.

    ``details["series"]`` holds ``{"month", "usage", "<baseline>_usage"}`` rows (usage
    by ``service``'s rate-card keys, whose units and labels ``meters`` gives); the stream
    is priced on its own (its own tier ladders, no free tier), once as simulated and once
    as the baseline (kept in the warmest class). Returns one row per month:
    ``{"month", "cost", "<baseline>_cost", "saving"}``.
    """
    from awscalc.rating import group_totals, monthly_total

    memo: dict[Any, Decimal] = {}

    def price(usage: dict[str, Decimal]) -> Decimal:
        records = [Usage(resource="lifecycle", service=service, region=region, key=key,
                         quantity=quantity, unit=meters[key][0], component=meters[key][1])
                   for key, quantity in usage.items()]
        return monthly_total(group_totals(records), book, free_tier=False, memo=memo)

    rows = []
    for row in details["series"]:
        cost, kept = price(row["usage"]), price(row[f"{baseline}_usage"])
        rows.append({"month": row["month"], "cost": cost, f"{baseline}_cost": kept,
                     "saving": kept - cost})
    return rows


# The months a lifecycle summary shows (and always the last one simulated).
SHOWN_MONTHS = (1, 3, 6, 12, 24, 36, 60, 96)


def lifecycle_summary(rows: list[dict[str, Any]], steady: int | None, label: str,
                      kept_in: str) -> dict[str, Any]:
    """The priced details of a lifecycle stream: every month's cost (``rows`` from
    :func:`series_costs`) and two summary lines — the cost at a few months, and the
    steady-state month against keeping everything in ``kept_in``."""
    from awscalc.numbers import money

    shown_rows = [row for row in rows if row["month"] in SHOWN_MONTHS or row is rows[-1]]
    steady = steady or rows[-1]["month"]
    at_steady = next(row for row in rows if row["month"] == steady)
    return {
        "lifecycle_costs": rows,
        "summary": [
            f"{label} cost by month (the stream alone): " + ", ".join(
                f"m{row['month']} {money(row['cost'])}" for row in shown_rows),
            f"{label} steady state from month {steady}: {money(at_steady['cost'])} a month "
            f"vs {money(at_steady['all_standard_cost'])} kept in {kept_in} "
            f"(saves {money(at_steady['saving'])})",
        ],
    }
