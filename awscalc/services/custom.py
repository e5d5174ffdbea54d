"""Custom line items (``service: custom``): amounts the user gives for what awscalc does not
price — a support plan, a Marketplace licence, a third-party service — so that no
architecture is blocked.

These are not rate-card rates: :func:`priced_usage` returns them as pre-priced line items
(``verified=False``, a formula that says the amount is the user's) and a warning, so that
every format shows them as user-supplied. Amounts are exact decimals read from the text
the user wrote (``100.00``, ``"100.00"``, ``"$100"``):

- ``monthly`` and ``one_time`` are amounts of money: whole cents (at most 2 decimals),
  like the bill they stand for;
- ``hourly`` is a rate: at most 10 decimals (``0.0225``), times ``hours`` (default the
  spec's month), rounded to the cent like any line item;
- each is at least 0 and at most 1,000,000,000; NaN, infinities, negatives, exponents
  and other text are refused (exit 3) — an amount is written the way a bill shows it.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from awscalc.model import LineItem, ResourceUsage
from awscalc.numbers import grouped, money, money_rate, round_cents
from awscalc.spec import Resource
from awscalc.units import SECONDS_PER_HOUR

SERVICE = "custom"
LARGEST = Decimal(10**9)
CENT = Decimal("0.01")
# key → (most decimals, what it is)
AMOUNTS = {"monthly": (2, "an amount in dollars a month"),
           "one_time": (2, "a one-time amount in dollars"),
           "hourly": (10, "a rate in dollars per hour")}
_AMOUNT = re.compile(r"^\s*\$?\s*([0-9][0-9,_]*(?:\.[0-9]+)?|\.[0-9]+)\s*$")


def usage(resource: Resource) -> ResourceUsage:
    """Check the resource's amounts; they are priced by :func:`priced_usage`."""
    _items(resource)
    return ResourceUsage(records=())


def priced_usage(resource: Resource, book: Any) -> ResourceUsage:
    """The user's amounts as line items marked user-supplied (``book`` is not used: there
    is no rate to look up)."""
    items = _items(resource)
    given = ", ".join(f"{item.key} {money_rate(item.rate)}" for item in items)
    warning = (f"{given}: amount you gave (custom line item), not an AWS rate — "
               "user-supplied and unverified")
    return ResourceUsage(records=(), warnings=(warning,), priced=tuple(items))


def _items(resource: Resource) -> list[LineItem]:
    amounts = {key: _amount(resource, key) for key in AMOUNTS if resource.get(key) is not None}
    if not amounts:
        raise resource.error((), "a custom line item needs monthly, one_time or hourly",
                             "e.g. monthly: 100.00")
    if resource.get("hours") is not None and "hourly" not in amounts:
        raise resource.error(("hours",), "'hours' applies to an hourly amount",
                             "add hourly: RATE, or remove hours")
    seconds = resource.seconds_in_month("hours", what="an hourly amount")
    label = resource.get("description") or "Custom line item"
    items = []
    if "monthly" in amounts:
        amount = amounts["monthly"]
        items.append(_item(resource, f"{label} (monthly)", "monthly", Decimal(1), "month",
                           amount, amount, f"{money(amount)} a month: amount you gave"))
    if "hourly" in amounts:
        rate = amounts["hourly"]
        hours = seconds / SECONDS_PER_HOUR
        cost = round_cents(hours * rate)
        items.append(_item(resource, f"{label} (hourly)", "hourly", hours, "hour", rate, cost,
                           f"{grouped(hours)} hours × {money_rate(rate)} (the hourly rate "
                           f"you gave) = {money(cost)}"))
    if "one_time" in amounts:
        amount = amounts["one_time"]
        items.append(_item(resource, f"{label} (one-time)", "one-time", Decimal(1), "payment",
                           amount, amount, f"{money(amount)} once: amount you gave",
                           one_time=True))
    return items


def _item(resource: Resource, component: str, key: str, quantity: Decimal, unit: str,
          rate: Decimal, cost: Decimal, formula: str, one_time: bool = False) -> LineItem:
    return LineItem(resource=resource.name, service=SERVICE, region=resource.region,
                    component=component, key=key, quantity=quantity, unit=unit, rate=rate,
                    per=Decimal(1), cost=cost, formula=formula, one_time=one_time,
                    verified=False)


def _amount(resource: Resource, key: str) -> Decimal:
    """``key``'s amount as an exact Decimal from the text written (a YAML float's
    shortest repr), or a spec error."""
    places, what = AMOUNTS[key]
    value = resource.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise resource.error((key,), f"expected {what}, e.g. 100.00")
    if isinstance(value, float) and value != value:
        raise resource.error((key,), "NaN is not an amount", f"give {what}, e.g. 100.00")
    if isinstance(value, float) and value in (float("inf"), float("-inf")):
        raise resource.error((key,), f"{value!r} is not a finite amount",
                             f"at most {LARGEST:,}")
    text = repr(value) if isinstance(value, float) else str(value)
    if len(text) > 40:
        raise resource.error((key,), f"'{text[:40]}…' is too long for an amount")
    if text.strip().lstrip("$").strip().startswith("-"):
        raise resource.error((key,), f"'{text}' is negative", "amounts are at least 0")
    match = _AMOUNT.match(text)
    if match is None:
        raise resource.error((key,), f"'{text}' is not {what}", "e.g. 100.00 or '$100'")
    amount = Decimal(match.group(1).replace(",", "").replace("_", ""))
    if amount > LARGEST:
        raise resource.error((key,), f"'{text}' is too large", f"at most {LARGEST:,}")
    if -amount.as_tuple().exponent > places:  # type: ignore[operator]
        raise resource.error((key,), f"'{text}' has more than {places} decimals",
                             "amounts are in whole cents" if places == 2 else
                             f"rates have at most {places} decimals")
    # money to the cent as a bill shows it (100 → 100.00); a rate as written
    return amount.quantize(CENT) if places == 2 else amount
