"""Quantities: awscalc's own grammar for the spec's quantity strings, and their units.

A spec writes quantities as text — ``5 TB``, ``3M``, ``120 ms``, ``1 Gbps``, ``1 TB/day``,
``200 requests/s``, ``80%`` — and this module turns each into an exact ``Decimal`` in a
canonical unit, according to the *kind* of value the key expects:

===================  ==============================  =================================
kind                 accepts                         canonical result
===================  ==============================  =================================
``DATA``             ``5 TB``, ``512 MB``            bytes
``DATA_PER_MONTH``   ``2 TB``, ``1 TB/day``          bytes per billing month
``COUNT``            ``3``, ``3M``, ``10k objects``  a count
``COUNT_PER_MONTH``  ``3M``, ``200 requests/s``      a count per billing month
``DURATION``         ``120 ms``, ``30 days``         seconds
``BITRATE``          ``1 Gbps``, ``250 MB/s``        bytes per second
``PERCENT``          ``80%``, ``0.8``                a fraction between 0 and 1
===================  ==============================  =================================

The grammar, and nothing more (no powers, products, parentheses or second numbers)::

    quantity := number [k|K|M|B] [unit] [("/" | " per ") time-unit]

``number`` is plain, decimal or with an exponent (``1.5``, ``.5``, ``1e3``, ``1_000``);
``k``/``M``/``B`` multiply counts by a thousand, a million, a billion (in a data size,
``B`` is bytes); ``unit`` is one name or alias of ``units.txt`` (case-sensitive, no
automatic plurals or prefixes); ``time-unit`` one of its time units, or ``month``.

Data sizes are binary (1 GB = 2^30 bytes), bit rates decimal (1 Gbps = 10^9 bit/s); see
``units.txt``. The units come from :mod:`awscalc.unit_table`, generated from units.txt
into the package (``python -m awscalc.unitgen``): nothing outside the installed package
is read to parse a quantity, and pint — the oracle in the tests — is not imported.

Every number is bounded before any arithmetic: values and results above 10^24 and
non-zero values below 10^-24 are refused, as are texts longer than 100 characters.
"""

from __future__ import annotations

import functools
import re
from decimal import Context, Decimal, InvalidOperation
from enum import Enum
from fractions import Fraction

from awscalc.errors import SpecError
from awscalc.unit_table import UNITS

BYTES_PER_GB = Decimal(2**30)
SECONDS_PER_HOUR = Decimal(3600)
DEFAULT_MONTH_HOURS = Decimal(730)
# Anything larger is a typo or an attack, not an architecture (10^24 bytes is ~900 ZB);
# anything smaller but not zero would only cost arithmetic on huge denominators.
LARGEST_EXPONENT = 24
_LARGEST = 10**LARGEST_EXPONENT
MAX_TEXT = 100
# An int of this many bits is above 10^24 (2^80 ≈ 1.2 × 10^24): refused without str().
_MAX_INT_BITS = 80
# scaleb() in this context is exact for every exponent the grammar lets through.
_EXACT = Context(prec=MAX_TEXT + 10, Emax=10**7, Emin=-(10**7), traps=[InvalidOperation])


class Kind(Enum):
    """What a spec key expects; decides the accepted dimensions and the canonical unit."""

    DATA = ("data size", "5 TB", "a number and a data unit, e.g. '5 TB' or '512 MB'")
    DATA_PER_MONTH = ("data volume per month", "2 TB",
                      "a number and a data unit, optionally per a time unit, "
                      "e.g. '2 TB' or '1 TB/day'")
    COUNT = ("count", "3M", "a number with an optional k, M or B, e.g. '3M' or '10k objects'")
    COUNT_PER_MONTH = ("count per month", "3M",
                       "a number with an optional k, M or B, optionally per a time unit, "
                       "e.g. '3M' or '200 requests/s'")
    DURATION = ("duration", "120 ms", "a number and a time unit, e.g. '120 ms' or '30 days'")
    BITRATE = ("bit rate", "1 Gbps", "a number and a rate, e.g. '1 Gbps' or '250 MB/s'")
    PERCENT = ("percentage", "80%", "a number and '%', or a fraction, e.g. '80%' or 0.8")

    @property
    def noun(self) -> str:
        """How an error message names this kind."""
        return self.value[0]

    @property
    def example(self) -> str:
        """A valid example of this kind, for error hints."""
        return self.value[1]

    @property
    def shape(self) -> str:
        """What a quantity of this kind looks like, for error hints."""
        return self.value[2]


class QuantityError(SpecError, ValueError):
    """A quantity string that does not parse or has the wrong dimension for its key.

    A ``ValueError`` too, so that jsonschema's format checker reports it as a format error.
    """


class UnknownUnitError(ValueError):
    """A unit expression outside awscalc's grammar or units."""


Dims = tuple[tuple[str, int], ...]

_QUANTITY = re.compile(
    r"""(?P<number>(?P<mantissa>[+-]?(?:[0-9][0-9_]*(?:\.[0-9]*)?|\.[0-9]+))
                   (?:[eE](?P<exponent>[+-]?[0-9]+))?)
        (?:\s*(?P<suffix>[kKMB])(?=$|[\s/]))?
        (?:\s*(?P<unit>%|[A-Za-z]+))?
        (?:(?:\s*/|\s+per\s)\s*(?P<per>[A-Za-z]+))?""",
    re.VERBOSE | re.ASCII,
)
_COUNT_SUFFIXES = {"k": Decimal(10**3), "K": Decimal(10**3), "M": Decimal(10**6),
                   "B": Decimal(10**9)}
_COUNT_KINDS = (Kind.COUNT, Kind.COUNT_PER_MONTH)
_INFO, _TIME, _MONTH = "[information]", "[time]", "[billing_month]"
_TIME_DIMS = (((_TIME, 1),), ((_MONTH, 1),))


def parse_quantity(
    value: object,
    kind: Kind,
    month_hours: Decimal = DEFAULT_MONTH_HOURS,
) -> Decimal:
    """Parse one spec value into an exact ``Decimal`` in the canonical unit of ``kind``.

    ``month_hours`` converts per-time rates into per-month amounts (``1 TB/day`` with a
    730 h month is 30.416… TB). Raises :class:`QuantityError` with a hint on bad input.

    >>> parse_quantity("5 TB", Kind.DATA)
    Decimal('5497558138880')
    >>> parse_quantity("3M", Kind.COUNT)
    Decimal('3000000')
    >>> parse_quantity("80%", Kind.PERCENT)
    Decimal('0.8')
    """
    if isinstance(value, (str, int, float, Decimal)) and not isinstance(value, bool):
        # Large specs repeat the same few quantities ("1M", "512 MB") thousands of times.
        return _parse_cached(type(value), value, kind, month_hours)
    return _parse(value, kind, month_hours)


@functools.lru_cache(maxsize=4096)
def _parse_cached(_type: type, value: object, kind: Kind, month_hours: Decimal) -> Decimal:
    return _parse(value, kind, month_hours)


def _parse(value: object, kind: Kind, month_hours: Decimal) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (str, int, float, Decimal)):
        shown = {True: "true", False: "false", None: "nothing"}.get(value) if (
            value is None or isinstance(value, bool)) else _show(value)
        raise QuantityError(
            f"{shown} is not a {kind.noun}", f"expected text such as '{kind.example}'"
        )
    if isinstance(value, str):
        return _parse_text(value, kind, month_hours)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise QuantityError(f"{_show(value)} is not a finite number")
        number = Decimal(repr(value))
    elif isinstance(value, int):
        if abs(value).bit_length() > _MAX_INT_BITS:
            raise _too_large(value)
        number = Decimal(value)
    else:
        number = value
        if not number.is_finite():
            raise QuantityError(f"{_show(value)} is not a finite number")
    _check_magnitude(number, value)
    if kind in _COUNT_KINDS or kind is Kind.PERCENT:
        return _check_range(number, value, kind)
    raise QuantityError(f"{_show(value)} has no unit",
                        f"a {kind.noun} needs one: {_suggest(str(number), kind)}")


def _parse_text(text: str, kind: Kind, month_hours: Decimal) -> Decimal:
    if len(text) > MAX_TEXT:
        if re.match(r"\s*[+-]?[0-9][0-9_]{25}", text, re.ASCII):  # 26 digits: > 10^24
            raise _too_large(text)
        raise QuantityError(f"{_show(text)} is too long for a {kind.noun}",
                            f"at most {MAX_TEXT} characters: {kind.shape}")
    match = _QUANTITY.fullmatch(text.strip())
    if match is None:
        raise QuantityError(f"{_show(text)} is not a {kind.noun}", f"write {kind.shape}")
    number = _number(match, text)
    _check_magnitude(number, text)
    suffix, unit, per = match["suffix"], match["unit"], match["per"]
    if suffix:
        if kind in _COUNT_KINDS:
            number *= _COUNT_SUFFIXES[suffix]
        elif unit is None:  # "5 B" in a data size is bytes: k/M/B are for counts only
            unit, suffix = suffix, None
        else:
            raise QuantityError(f"{_show(text)} is not a {kind.noun}", f"write {kind.shape}")
    if unit is None and per is None:
        if kind in _COUNT_KINDS or kind is Kind.PERCENT:
            return _check_range(number, text, kind)
        raise QuantityError(f"{_show(text)} has no unit",
                            f"a {kind.noun} needs one: {_suggest(match['number'], kind)}")
    try:
        factor, dims = _unit(unit, per)
    except UnknownUnitError as exc:
        raise QuantityError(f"{_show(text)} is not a {kind.noun}",
                            _unit_hint(match, suffix, unit, per, kind)) from exc
    value = Fraction(number) * factor
    for accepted, per_second in _DIMENSIONS[kind]:
        if dims == accepted:
            if per_second:  # "1 TB/day": a rate, converted with the spec's month length
                value *= Fraction(month_hours * SECONDS_PER_HOUR)
            return _check_range(value, text, kind)
    raise QuantityError(f"{_show(text)} is {_describe(dims)}, not a {kind.noun}",
                        _suggest(match["number"], kind))


# Units a hint offers for a number written with the wrong kind of unit: "128 ms" where a
# data size is expected suggests "128 MB or 128 GB" (the user's number, this kind's units).
_SUGGESTED_UNITS = {
    Kind.DATA: (" MB", " GB"), Kind.DATA_PER_MONTH: (" GB", " GB/day"),
    Kind.COUNT: ("", "k"), Kind.COUNT_PER_MONTH: ("M", "/s"),
    Kind.DURATION: (" ms", " s", " days"), Kind.BITRATE: (" Mbps", " Gbps"),
    Kind.PERCENT: ("%",),
}


def _suggest(number: str, kind: Kind) -> str:
    """``try '128 MB' or '128 GB'``: the number as written, in units that suit ``kind``."""
    one = number.strip("+") in ("1", "1.0")
    options = [f"'{number}{unit[:-1] if one and unit == ' days' else unit}'"
               for unit in _SUGGESTED_UNITS[kind]]
    return f"try {', '.join(options[:-1])} or {options[-1]}" if len(options) > 1 else (
        f"try {options[0]}")


def unit_factor(text: str) -> tuple[Fraction, Dims]:
    """The factor from the unit expression ``text`` to base units, and its dimensions.

    ``text`` is one unit, optionally followed by ``/`` (or `` per ``) and a time unit, or
    ``/`` and a time unit alone. Base units are byte, second and billing month
    (units.txt): ``"TB/day"`` → ``(Fraction(2**40, 86400), (("[information]", 1),
    ("[time]", -1)))``. Raises :class:`UnknownUnitError` for anything else.
    """
    match = re.fullmatch(r"(%|[A-Za-z]+)?(?:(?:\s*/|\s+per\s|^per\s)\s*([A-Za-z]+))?",
                         text.strip(), re.ASCII)
    if match is None or not text.strip():
        raise UnknownUnitError(text)
    return _unit(match[1], match[2])


def _unit(unit: str | None, per: str | None) -> tuple[Fraction, Dims]:
    """(factor, dims) of ``unit`` [/ ``per``]; ``per`` must be a time unit."""
    factor, dims = Fraction(1), ()
    if unit is not None:
        factor, dims = _lookup(unit)
    if per is None:
        return factor, dims
    per_factor, per_dims = _lookup(per)
    if per_dims not in _TIME_DIMS or dims in _TIME_DIMS:
        raise UnknownUnitError(per)  # a rate is per a time unit, of something not a time
    (dimension, _), = per_dims
    powers = dict(dims)
    powers[dimension] = powers.get(dimension, 0) - 1
    return factor / per_factor, tuple(sorted((d, p) for d, p in powers.items() if p))


@functools.cache
def _lookup(name: str) -> tuple[Fraction, Dims]:
    entry = UNITS.get(name)
    if entry is None:
        raise UnknownUnitError(name)
    numerator, denominator, dims = entry
    return Fraction(numerator, denominator), dims


def _unit_hint(match: re.Match[str], suffix: str | None, unit: str | None,
               per: str | None, kind: Kind) -> str:
    """"try '5 TB'" for the closest known unit, else what a quantity of ``kind`` looks like."""
    import difflib

    number = match["number"] + (suffix or "")
    if unit is not None and unit not in UNITS:
        close = difflib.get_close_matches(unit, _units_of_kind(kind, per is not None), n=1)
        if close:
            return f"try '{number} {_readable(close[0], number)}{'/' + per if per else ''}'"
    elif per is not None and per not in UNITS:
        times = [name for name, (_, _, dims) in UNITS.items() if dims in _TIME_DIMS]
        close = difflib.get_close_matches(per, times, n=1)
        if close:
            return f"try '{number}{' ' + unit if unit else ''}/{_readable(close[0], '1')}'"
    return f"write {kind.shape}"


# Time units by their full name in hints ('1wek' → try '1 week', not the cryptic '1 wk').
_TIME_WORDS = {"wk": "week", "d": "day", "h": "hour", "hr": "hour", "mo": "month",
               "min": "minute", "sec": "second", "s": "second"}


def _readable(name: str, number: str) -> str:
    """A time unit's full name (plural unless ``number`` is 1); other units as they are."""
    word = _TIME_WORDS.get(name.removesuffix("s") if name.endswith("s") and
                           name.removesuffix("s") in _TIME_WORDS else name)
    if word is None:
        return name
    try:
        one = Decimal(number.replace("_", "")) == 1
    except InvalidOperation:
        one = False
    return word if one else word + "s"


def _units_of_kind(kind: Kind, rate: bool) -> list[str]:
    """Unit names that suit ``kind`` (as the part before '/' when ``rate``): for hints."""
    names = []
    for name, (_, _, dims) in UNITS.items():
        for accepted, _ in _DIMENSIONS[kind]:
            options = [_unit_dims_per(dims, time) for time in _TIME_DIMS] if rate else [dims]
            if accepted in options:
                names.append(name)
                break
    return sorted(names)


def _unit_dims_per(dims: Dims, per: Dims) -> Dims:
    powers = dict(dims)
    for dimension, power in per:
        powers[dimension] = powers.get(dimension, 0) - power
    return tuple(sorted((d, p) for d, p in powers.items() if p))


def _number(match: re.Match[str], text: str) -> Decimal:
    """The exact number of a quantity text (an exponent past Decimal's range is refused)."""
    mantissa = Decimal(match["mantissa"].replace("_", ""))
    exponent = match["exponent"]
    if exponent is None or not mantissa:
        return mantissa
    if len(exponent.lstrip("+-").lstrip("0")) > 6:  # beyond any bound: say which one
        if exponent.startswith("-"):
            raise _too_small(text)
        raise _too_large(text)
    return mantissa.scaleb(int(exponent), _EXACT)


def _check_magnitude(number: Decimal, original: object) -> None:
    """Refuse numbers above 10^24, and non-zero ones below 10^-24, before arithmetic."""
    if not number:
        return
    # adjusted() and copy_abs() are exact: no context, so no Overflow on 1e99999999
    if number.adjusted() > LARGEST_EXPONENT or number.copy_abs() > _LARGEST:
        raise _too_large(original)
    if number.adjusted() < -LARGEST_EXPONENT:
        raise _too_small(original)


def _too_small(original: object) -> QuantityError:
    return QuantityError(f"{_show(original)} is too small",
                         f"values below 10^-{LARGEST_EXPONENT} are not accepted; "
                         "write 0 for none")


def _too_large(original: object) -> QuantityError:
    return QuantityError(f"{_show(original)} is too large",
                         f"values above 10^{LARGEST_EXPONENT} are not accepted")


def _show(value: object) -> str:
    """The value as an error message shows it: quoted text, at most 40 characters."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 128:
        if value.bit_length() > 14_000:  # past Python's limit of 4,300 digits for str()
            return "a number of more than 4,000 digits"
        return f"a number of {len(str(abs(value))):,} digits"
    text = value if isinstance(value, str) else repr(value)
    if len(text) > 40:
        text = text[:40] + "…"
    if not text.isprintable():  # a newline or a terminal escape stays visible, on one line
        text = "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)
    return f"'{text}'" if isinstance(value, str) else text


def _check_range(result: Decimal | Fraction, original: object, kind: Kind) -> Decimal:
    """``result`` as a Decimal, if it is within the range of ``kind``.

    A plain number keeps the Decimal it was written as (``1.4B`` is ``1400000000.0``, as
    the goldens show it); a converted one is the exact quotient of its fraction.
    """
    if abs(result) > _LARGEST:
        raise _too_large(original)
    if result < 0:
        raise QuantityError(f"{_show(original)} is negative", f"expected a {kind.noun} ≥ 0")
    if kind is Kind.PERCENT and result > 1:
        raise QuantityError(
            f"{_show(original)} is more than 100%", "write a percentage such as '80%' or 0.8"
        )
    return result if isinstance(result, Decimal) else _fraction_to_decimal(result)


def _fraction_to_decimal(value: Fraction) -> Decimal:
    """Exact when the fraction terminates; otherwise rounded to Decimal's 28 digits."""
    return Decimal(value.numerator) / Decimal(value.denominator)


def _describe(dims: Dims) -> str:
    names = {
        (): "a plain number",
        ((_INFO, 1),): "a data size",
        ((_TIME, 1),): "a duration",
        ((_INFO, 1), (_TIME, -1)): "a data rate",
        ((_TIME, -1),): "a rate per time",
        ((_MONTH, -1),): "a count per month",
        ((_MONTH, -1), (_INFO, 1)): "a data volume per month",
        ((_MONTH, 1),): "a number of billing months",
    }
    return names.get(dims, "a quantity of " + " × ".join(
        f"{name}^{power}" if power != 1 else name for name, power in dims))


def match_number_text(original: object) -> str:
    """The number part of a quantity string as the user wrote it (for hints)."""
    match = _QUANTITY.match(str(original).strip())
    return match["number"] if match else str(original)


# The dimensions each kind accepts, tried in order, and whether the value is a rate per
# second to be multiplied by the month's seconds. Canonical results: bytes, seconds,
# counts, fractions — per month where the kind says so.
_DIMENSIONS: dict[Kind, list[tuple[Dims, bool]]] = {
    Kind.DATA: [(((_INFO, 1),), False)],
    Kind.DATA_PER_MONTH: [(((_INFO, 1),), False), (((_MONTH, -1), (_INFO, 1)), False),
                          (((_INFO, 1), (_TIME, -1)), True)],
    Kind.COUNT: [((), False)],
    Kind.COUNT_PER_MONTH: [((), False), (((_MONTH, -1),), False), (((_TIME, -1),), True)],
    Kind.DURATION: [(((_TIME, 1),), False)],
    Kind.BITRATE: [(((_INFO, 1), (_TIME, -1)), False)],
    Kind.PERCENT: [((), False)],
}
