"""How awscalc rounds money and writes numbers for people: one place for both rules.

Money is rounded to the cent, half-up, per line item (AWS's published examples round
each line and add the rounded lines: $18.34 + $0.40 = $18.74).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def round_cents(amount: Decimal) -> Decimal:
    """Round ``amount`` to the cent, half-up: ``18.335`` → ``18.34``."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def plain(number: Decimal) -> str:
    """Exact decimal text without exponent or trailing zeros: ``1E+3`` → ``1000``."""
    if number == number.to_integral_value():
        return f"{number.quantize(Decimal(1)):f}"
    return f"{number.normalize():f}"


def grouped(number: Decimal, max_places: int = 4) -> str:
    """A quantity for people: thousands separators, at most ``max_places`` decimals."""
    if number != number.to_integral_value():
        number = number.quantize(Decimal(1).scaleb(-max_places), rounding=ROUND_HALF_UP)
        text = f"{number:,f}".rstrip("0").rstrip(".")
        return text
    return f"{number.quantize(Decimal(1)):,f}"


def money(amount: Decimal) -> str:
    """Dollars to the cent with separators: ``$1,215.00``."""
    return f"${round_cents(amount):,.2f}"


def money_rate(rate: Decimal) -> str:
    """A unit price with all its significant digits: ``$0.0000166667``, ``$0.50``."""
    text = plain(rate)
    if "." not in text:
        return f"${int(text):,}.00" if text else "$0.00"
    whole, frac = text.split(".")
    return f"${int(whole):,}.{frac.ljust(2, '0')}"


def per_text(per: Decimal, unit: str) -> str:
    """How many units a rate is for: ``1000000, 'query'`` → ``1M queries``.

    A rate per single unit reads as the unit alone: ``1, 'GB-month'`` → ``GB-month``.
    """
    if per == 1:
        return unit
    for size, suffix in ((10**9, "B"), (10**6, "M"), (10**3, "k")):
        if per % size == 0:
            return f"{plain(per / size)}{suffix} {plural(unit)}"
    return f"{grouped(per)} {plural(unit)}"


def plural(unit: str) -> str:
    """English plural of a unit label: ``query`` → ``queries``; ``GB-month`` unchanged."""
    if unit[:1].isupper() or "-" in unit:
        return unit
    if unit.endswith("y") and unit[-2:-1] not in "aeiou":
        return unit[:-1] + "ies"
    if unit.endswith(("s", "x", "ch", "sh")):
        return unit + "es"
    return unit + "s"
