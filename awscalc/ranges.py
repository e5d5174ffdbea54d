"""Ranges: a quantity written ``low..high`` (optionally ``@expected``) instead of one value.

``requests: 3M..30M@10M`` says the API will see 3 to 30 million requests, 10 million
expected. The spec is priced at the expected values (the midpoint where no ``@`` is
given and both ends have the same unit); the report adds the totals with every range at
its low and at its high end — each a full estimate, account-wide tiers re-rated, never
a total scaled — and a **sensitivity ranking**: each range moved from its low to its
high end alone (the others at their expected values), largest swing of the monthly
total first (a tornado table).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from awscalc.yamlfile import Document, JsonPath, format_path

# A quantity is at most 100 characters; a longer text is no range (and is not scanned).
MAX_RANGE_TEXT = 300
# A number with an optional k/M/B and the rest of the quantity (its unit).
_NUMBER = re.compile(r"([0-9]+(?:\.[0-9]+)?|\.[0-9]+)\s*([kMB]?)(?![A-Za-z])\s*(.*)")
_SCALE = {"": 1, "k": 1000, "M": 10**6, "B": 10**9}
ENDS = ("low", "expected", "high")
# Keys whose values are free text, never quantities: '2024..2025' there is no range.
TEXT_KEYS = frozenset({"name", "description", "group"})


@dataclass(frozen=True)
class RangeInput:
    """One ranged value of the spec: where it is and its three values as written."""

    path: JsonPath
    text: str
    low: str
    expected: str
    high: str

    @property
    def label(self) -> str:
        """The value's spec path as people read it: ``resources.api.requests``."""
        return format_path(self.path).removeprefix("$.")


@dataclass(frozen=True)
class Sensitivity:
    """The monthly total with one range at its low and at its high end."""

    range: RangeInput
    monthly_low: Decimal
    monthly_high: Decimal

    @property
    def swing(self) -> Decimal:
        """How far this range alone moves the monthly total."""
        return abs(self.monthly_high - self.monthly_low)


@dataclass(frozen=True)
class RangeReport:
    """Low, expected and high monthly (and one-time) totals, and the ranking."""

    monthly: Mapping[str, Decimal]      # low / expected / high
    one_time: Mapping[str, Decimal]
    ranking: tuple[Sensitivity, ...]    # largest swing first


def find_ranges(data: Any, fail: Callable[[JsonPath, str, str], Exception]
                ) -> list[RangeInput]:
    """Every ranged value of the spec's data outside ``scenarios`` and the free-text
    keys (``name``, ``description``, ``group``), in document order.

    ``fail(path, message, hint)`` makes the error for a range that is not one (no
    expected value where the ends' units differ).
    """
    found: list[RangeInput] = []
    stack: list[tuple[JsonPath, Any]] = [((), data)]
    while stack:
        path, node = stack.pop()
        if isinstance(node, dict):
            stack.extend(reversed([((*path, key), value) for key, value in node.items()
                                   if (path or key != "scenarios") and key not in TEXT_KEYS]))
        elif isinstance(node, list):
            stack.extend(reversed([((*path, index), value)
                                   for index, value in enumerate(node)]))
        elif isinstance(node, str) and ".." in node:
            parts = split_range(node)
            if parts is not None:
                low, high, expected = parts
                if expected is None:
                    expected = _midpoint(low, high)
                    if expected is None:
                        raise fail(path, f"'{node}' needs its expected value: the ends "
                                   "have different units", f"e.g. '{low}..{high}@{low}'")
                problem = _disorder(low, expected, high)
                if problem is not None:
                    raise fail(path, f"'{node}': {problem}",
                               "write low..high@expected, e.g. '3M..30M@10M'")
                found.append(RangeInput(path, node, low, expected, high))
    return found


@functools.lru_cache(maxsize=4096)  # every variant of a ranged spec checks them again
def _disorder(low: str, expected: str, high: str) -> str | None:
    """What is out of order among a range's values (``30M..3M``), or None; values whose
    units the unit table cannot compare are left to the calculator."""
    from fractions import Fraction

    from awscalc.errors import AwscalcError
    from awscalc.units import unit_factor

    values = []
    for text in (low, expected, high):
        match = _NUMBER.fullmatch(text)
        if match is None:
            return None
        try:
            factor, dims = unit_factor(match[3]) if match[3] else (Fraction(1), ())
            number = Fraction(Decimal(match[1])) * _SCALE[match[2]] * factor
        except (AwscalcError, ValueError, ArithmeticError):
            return None
        values.append((number, dims))
    if len({dims for _, dims in values}) != 1:
        return None
    (lowest, _), (middle, _), (highest, _) = values
    if lowest > highest:
        return "the low end is above the high end"
    if not lowest <= middle <= highest:
        return "the expected value is outside the range"
    return None


def split_range(text: str) -> tuple[str, str, str | None] | None:
    """``3M..30M@10M`` → ``("3M", "30M", "10M")``; None for a text that is no range.

    Both ends (and the expected value) start with a digit or a point, so ordinary text
    with ``..`` is left alone. Split by hand, not by a regular expression: the ends may
    hold spaces, and a pattern allowing them backtracks badly on long texts.
    """
    if len(text) > MAX_RANGE_TEXT or text.count("..") != 1 or text.count("@") > 1:
        return None
    ends, _, expected = text.partition("@")
    low, _, high = (part.strip() for part in ends.partition(".."))
    values = [low, high] + ([expected.strip()] if "@" in text else [])
    if not all(value[:1].isascii() and (value[:1].isdigit() or value[:1] == ".")
               for value in values):
        return None
    return low, high, values[2] if len(values) == 3 else None


def _midpoint(low: str, high: str) -> str | None:
    """``3M`` and ``30M`` → ``16500000``; ``2 TB`` and ``20 TB`` → ``11 TB``; None when
    the ends do not share a unit."""
    ends = [_NUMBER.fullmatch(text) for text in (low, high)]
    if not all(ends) or ends[0][3] != ends[1][3]:  # type: ignore[index]
        return None
    try:
        values = [Decimal(m[1]) * _SCALE[m[2]] for m in ends]  # type: ignore[index]
    except InvalidOperation:
        return None
    middle = ((values[0] + values[1]) / 2).normalize()
    unit = ends[0][3]  # type: ignore[index]
    return f"{middle:f}" + (f" {unit}" if unit else "")


def resolve(document: Document, ranges: Sequence[RangeInput],
            ends: Mapping[JsonPath, str]) -> None:
    """Put each range's chosen end (``ends[path]``, default ``expected``) in its place."""
    for found in ranges:
        node = document.data
        for key in found.path[:-1]:
            node = node[key]
        node[found.path[-1]] = getattr(found, ends.get(found.path, "expected"))


def price_ranges(price: Callable[[Mapping[JsonPath, str]], Any],
                 ranges: Sequence[RangeInput], expected: Any) -> RangeReport:
    """The range report: ``price(ends)`` estimates the spec with the given ends chosen;
    ``expected`` is the estimate at every expected value."""
    every = {end: ({r.path: end for r in ranges} if end != "expected" else {})
             for end in ENDS}
    estimates = {end: expected if end == "expected" else price(chosen)
                 for end, chosen in every.items()}
    ranking = []
    for found in ranges:
        low = price({found.path: "low"}).monthly_total
        high = price({found.path: "high"}).monthly_total
        ranking.append(Sensitivity(found, low, high))
    ranking.sort(key=lambda s: -s.swing)  # stable: spec order on a tie
    return RangeReport({end: e.monthly_total for end, e in estimates.items()},
                       {end: e.one_time_total for end, e in estimates.items()},
                       tuple(ranking))


def range_report(text: str, name: str, book: Any, expected: Any, *, region: str | None,
                 free_tier: bool | None, overrides: Sequence[str], scenario: str | None,
                 ranges: Sequence[RangeInput]) -> RangeReport:
    """:func:`price_ranges` for spec ``text`` as the CLI read it (same options)."""
    from awscalc.estimate import estimate
    from awscalc.spec import parse_spec

    def price(ends: Mapping[JsonPath, str]) -> Any:
        return estimate(parse_spec(text, name, region=region, free_tier=free_tier,
                                   overrides=overrides, scenario=scenario, range_ends=ends),
                        book)

    return price_ranges(price, ranges, expected)
