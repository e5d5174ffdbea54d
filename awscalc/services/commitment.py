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
from decimal import Decimal

from awscalc.numbers import round_cents

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
