"""Reserved-term arithmetic shared by the calculators that sell reservations (EC2 —
Reserved Instances and Savings Plans —, RDS, ElastiCache).

A reservation is paid for every hour of its term, used or not: an upfront part (a
one-time line) and a recurring hourly part billed for the whole month. Its *effective
monthly* cost spreads the upfront part over the term's months; it *pays off* in the
first month whose cumulative cost is no more than On-Demand's.

Not a service: it has no schema fragment, so the registry does not list it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

from awscalc.errors import PricingError
from awscalc.numbers import money, round_cents

PAYMENT_TEXT = {"no_upfront": "no upfront", "partial_upfront": "partial upfront",
                "all_upfront": "all upfront"}


def years(term: str) -> int:
    """``1yr`` → 1, ``3yr`` → 3."""
    return int(term.removesuffix("yr"))


def summary(upfront: Decimal, monthly: Decimal, term: str) -> dict[str, object]:
    """Upfront, monthly, effective monthly and term total, each rounded to the cent.

    >>> summary(Decimal(300), Decimal("21.9"), "1yr")["effective_monthly"]
    Decimal('46.90')
    """
    months = 12 * years(term)
    return {"upfront": round_cents(upfront), "monthly": round_cents(monthly),
            "effective_monthly": round_cents(upfront / months + monthly), "months": months,
            "term_total": round_cents(upfront + monthly * months)}


def break_even_month(upfront: Decimal, monthly: Decimal, on_demand: Decimal, months: int
                     ) -> int | None:
    """The first month whose cumulative cost is no more than On-Demand's, within the term.

    >>> break_even_month(Decimal(300), Decimal("21.9"), Decimal(73), 12)
    6
    """
    if on_demand <= monthly:
        return None
    month = max(1, math.ceil(upfront / (on_demand - monthly)))
    return month if month <= months else None


def effective_summary(found: dict[str, Any]) -> str:
    """The report line of a reservation's :func:`summary`."""
    return (f"effective monthly cost {money(found['effective_monthly'])} "
            f"({money(found['upfront'])} upfront spread over {found['months']} months + "
            f"{money(found['monthly'])} a month); the term commits "
            f"{money(found['term_total'])} in all")


Costing = Callable[[str], tuple[dict[str, Any], Decimal, Decimal]]


def compare(options: Iterable[str], cost: Costing, on_demand: Decimal, what: str,
            describe: Callable[[str], str], missing: str) -> dict[str, Any]:
    """Every reservation option the catalog prices, against On-Demand's monthly cost.

    ``cost(option)`` gives the option's :func:`summary` (with its ``option``) and its
    exact upfront and monthly amounts, or raises :class:`PricingError` when the catalog
    has no rate for it (then it is left out). Returns the priced details: each option's
    row with its saving and break-even month, and a summary line naming the cheapest
    (``what`` and ``describe(option)`` word it), or ``missing`` when none is priced.
    """
    rows = []
    for option in options:
        try:
            found, upfront, monthly = cost(option)
        except PricingError:
            continue  # not in the catalog: nothing to compare
        found["saving"] = round_cents(on_demand) - found["effective_monthly"]
        found["break_even_month"] = break_even_month(upfront, monthly, on_demand,
                                                     found["months"])
        rows.append(found)
    if not rows:
        return {"commitments": [], "summary": [missing]}
    best = min(rows, key=lambda row: (row["effective_monthly"], row["option"]))
    when = (f", pays off in month {best['break_even_month']}"
            if best["break_even_month"] else "")
    return {"commitments": rows, "summary": [
        f"cheapest {what} in the catalog: {describe(best['option'])} — effective "
        f"{money(best['effective_monthly'])} a month vs {money(round_cents(on_demand))} "
        f"On-Demand{when}"]}
