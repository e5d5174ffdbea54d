"""Quantities: the single pint registry and the parser for the spec's quantity strings.

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

Data sizes are binary (1 GB = 2^30 bytes), bit rates decimal (1 Gbps = 10^9 bit/s); see
``units.txt``. Counts take the suffixes ``k``, ``M`` and ``B`` (thousand, million, billion).
pint is imported on first use only, so commands that parse no quantity never pay for it.
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import json
import os
import re
import tempfile
from decimal import Decimal, InvalidOperation
from enum import Enum
from fractions import Fraction
from pathlib import Path
from typing import Any

from awscalc.cachedir import cache_dir
from awscalc.errors import SpecError

BYTES_PER_GB = Decimal(2**30)
SECONDS_PER_HOUR = Decimal(3600)
DEFAULT_MONTH_HOURS = Decimal(730)
# Anything larger is a typo or an attack, not an architecture (10^24 bytes is ~900 ZB).
_LARGEST = Decimal(10) ** 24


class Kind(Enum):
    """What a spec key expects; decides the accepted dimensions and the canonical unit."""

    DATA = ("data size", "5 TB")
    DATA_PER_MONTH = ("data volume per month", "2 TB")
    COUNT = ("count", "3M")
    COUNT_PER_MONTH = ("count per month", "3M")
    DURATION = ("duration", "120 ms")
    BITRATE = ("bit rate", "1 Gbps")
    PERCENT = ("percentage", "80%")

    @property
    def noun(self) -> str:
        """How an error message names this kind."""
        return self.value[0]

    @property
    def example(self) -> str:
        """A valid example of this kind, for error hints."""
        return self.value[1]


class QuantityError(SpecError, ValueError):
    """A quantity string that does not parse or has the wrong dimension for its key.

    A ``ValueError`` too, so that jsonschema's format checker reports it as a format error.
    """


_NUMBER = re.compile(
    r"""^\s*(?P<number>[+-]?(?:\d[\d_]*(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)
        \s*(?P<suffix>[kKMB](?=$|[\s/]))?
        \s*(?P<unit>.*?)\s*$""",
    re.VERBOSE,
)
_COUNT_SUFFIXES = {"k": Decimal(10**3), "K": Decimal(10**3), "M": Decimal(10**6),
                   "B": Decimal(10**9)}
_COUNT_KINDS = (Kind.COUNT, Kind.COUNT_PER_MONTH)


@functools.cache
def registry() -> Any:
    """The program's one pint ``UnitRegistry``, built from ``units.txt`` on first use."""
    import pint

    ureg = pint.UnitRegistry(
        filename=str(Path(__file__).with_name("units.txt")),
        # Exact rational arithmetic inside pint: "1 GB/day" over 744 h is exactly 31 GB.
        non_int_type=Fraction,
        cache_folder=None,
    )
    # units.txt spells out every plural it accepts; pint's automatic "strip a trailing s"
    # would read the typo '5 TBs' as 5 TB, which we would rather report.
    ureg._suffixes = {"": ""}
    return ureg


def _units_of_kind(kind: Kind) -> list[str]:
    """Unit names whose dimension suits ``kind`` (for "did you mean" hints)."""
    ureg = registry()
    accepted = {dims for dims, _ in _DIMENSIONS[kind]}
    names = []
    for name in sorted(ureg._units):
        base = ureg.Quantity(Fraction(1), name).to_base_units()
        dims = tuple(sorted((str(n), int(p)) for n, p in dict(base.dimensionality).items()))
        if dims in accepted:
            names.append(name)
    return names


def _to_decimal(text: str) -> Decimal:
    try:
        number = Decimal(text.replace("_", ""))
    except InvalidOperation as exc:  # pragma: no cover - the regex admits only numbers
        raise QuantityError(f"'{text}' is not a number") from exc
    return number


def _describe(dims: Dims) -> str:
    names = {
        (): "a plain number",
        (("[information]", 1),): "a data size",
        (("[time]", 1),): "a duration",
        (("[information]", 1), ("[time]", -1)): "a data rate",
        (("[time]", -1),): "a rate per time",
        (("[billing_month]", -1),): "a count per month",
        (("[information]", 1), ("[billing_month]", -1)): "a data volume per month",
    }
    return names.get(dims, "a quantity of " + " × ".join(
        f"{name}^{power}" if power != 1 else name for name, power in dims))


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
    Decimal('0.80')
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
        raise QuantityError(
            f"{_show(value)} is not a {kind.noun}", f"expected text such as '{kind.example}'"
        )
    if isinstance(value, (int, float, Decimal)):
        return _plain_number(Decimal(str(value)), value, kind)

    match = _NUMBER.match(value)
    if match is None:
        raise QuantityError(f"'{value}' is not a {kind.noun}", f"try '{kind.example}'")
    number = _to_decimal(match["number"])
    if not number.is_finite() or abs(number) > _LARGEST:
        raise QuantityError(f"'{value}' is too large", "values above 10^24 are not accepted")
    suffix, unit_text = match["suffix"], match["unit"]
    if suffix:
        if kind not in _COUNT_KINDS:
            # "5 B" in a data size means bytes; the k/M/B count suffixes apply to counts only.
            unit_text = f"{suffix} {unit_text}".strip()
        else:
            number *= _COUNT_SUFFIXES[suffix]
    if not unit_text:
        return _plain_number(number, value, kind)
    return _with_unit(number, unit_text, value, kind, month_hours)


def _show(value: object) -> str:
    return f"'{value}'" if isinstance(value, str) else repr(value)


def _check_range(result: Decimal, original: object, kind: Kind) -> Decimal:
    if not result.is_finite() or abs(result) > _LARGEST:
        raise QuantityError(f"{_show(original)} is too large",
                            "values above 10^24 are not accepted")
    if result < 0:
        raise QuantityError(f"{_show(original)} is negative", f"expected a {kind.noun} ≥ 0")
    if kind is Kind.PERCENT and result > 1:
        raise QuantityError(
            f"{_show(original)} is more than 100%", "write a percentage such as '80%' or 0.8"
        )
    return result


def _plain_number(number: Decimal, original: object, kind: Kind) -> Decimal:
    if not number.is_finite():
        raise QuantityError(f"{_show(original)} is not a finite number")
    if kind in _COUNT_KINDS or kind is Kind.PERCENT:
        return _check_range(number, original, kind)
    raise QuantityError(
        f"{_show(original)} has no unit", f"a {kind.noun} needs one, e.g. '{kind.example}'"
    )


def _with_unit(
    number: Decimal, unit_text: str, original: object, kind: Kind, month_hours: Decimal
) -> Decimal:
    text = re.sub(r"(^|\s+)per\s+", "/", unit_text.strip())
    try:
        factor, dims = unit_factor(text)
    except UnknownUnitError as exc:
        close = difflib.get_close_matches(text, _units_of_kind(kind), n=1)
        hint = f"try '{match_number_text(original)} {close[0]}'" if close else (
            f"expected a {kind.noun} such as '{kind.example}'")
        raise QuantityError(f"{_show(original)} is not a {kind.noun}", hint) from exc
    value = Fraction(number) * factor
    for accepted, per_second in _DIMENSIONS[kind]:
        if dims == accepted:
            if per_second:  # "1 TB/day": a rate, converted with the spec's month length
                value *= Fraction(month_hours * SECONDS_PER_HOUR)
            return _check_range(_fraction_to_decimal(value), original, kind)
    raise QuantityError(f"{_show(original)} is {_describe(dims)}, not a {kind.noun}",
                        f"try '{kind.example}'")


class UnknownUnitError(ValueError):
    """A unit expression the registry cannot parse."""


Dims = tuple[tuple[str, int], ...]


def unit_factor(text: str) -> tuple[Fraction, Dims]:
    """The factor from the unit expression ``text`` to base units, and its dimensions.

    Base units are byte, second and billing month (units.txt). ``"TB/day"`` →
    ``(Fraction(2**40, 86400), (("[information]", 1), ("[time]", -1)))``. Computed by
    the pint registry; remembered in a small on-disk cache keyed by the content of
    units.txt and the installed pint, so that later runs need not import pint at all.
    """
    cache = _factor_cache()
    hit = cache.entries.get(text)
    if hit is not None:
        try:
            return Fraction(hit[0]), tuple((str(name), int(power)) for name, power in hit[1])
        except (TypeError, ValueError, IndexError, ZeroDivisionError):
            pass  # an entry awscalc did not write: computed again below, and replaced
    import pint

    ureg = registry()
    inverted = text.startswith("/")
    try:
        units = ureg.parse_units(text[1:] if inverted else text)
    except (pint.errors.UndefinedUnitError, pint.errors.DefinitionSyntaxError,
            AttributeError, TypeError, ValueError, SyntaxError, KeyError) as exc:
        raise UnknownUnitError(text) from exc
    base = ureg.Quantity(Fraction(1), 1 / units if inverted else units).to_base_units()
    factor = Fraction(base.magnitude)
    dims = tuple(sorted((str(name), int(power))
                        for name, power in dict(base.dimensionality).items()))
    cache.add(text, factor, dims)
    return factor, dims


class _FactorCache:
    """Unit expression → (factor, dimensions), persisted as JSON; never stale, because
    its file name carries a hash of units.txt and of the installed pint."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.entries: dict[str, Any] = {}
        if path is not None:
            try:
                entries = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                entries = {}
            self.entries = entries if isinstance(entries, dict) else {}

    def add(self, text: str, factor: Fraction, dims: Dims) -> None:
        self.entries[text] = [str(factor), [list(d) for d in dims]]
        if self.path is None:
            return
        try:  # best effort and atomic: a cache that cannot be written is just not used
            self.path.parent.mkdir(parents=True, exist_ok=True)
            descriptor, temporary = tempfile.mkstemp(dir=self.path.parent, suffix=".tmp")
            with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
                json.dump(self.entries, handle)
            os.replace(temporary, self.path)
        except OSError:
            pass


@functools.cache
def _factor_cache() -> _FactorCache:
    import importlib.util

    definitions = Path(__file__).with_name("units.txt").read_bytes()
    spec = importlib.util.find_spec("pint")
    if spec is None or spec.origin is None:  # no pint to key on: no persistent cache
        return _FactorCache(None)
    # The installed pint, identified without importing it (importlib.metadata alone costs
    # about as much as starting Python): where it is and when it was installed.
    stat = os.stat(spec.origin)
    installed = f"{spec.origin}:{stat.st_size}:{stat.st_mtime_ns}".encode()
    key = hashlib.sha256(definitions + installed).hexdigest()[:16]
    return _FactorCache(Path(cache_dir()) / f"units-{key}.json")


def _fraction_to_decimal(value: Fraction) -> Decimal:
    """Exact when the fraction terminates; otherwise rounded to Decimal's 28 digits."""
    return Decimal(value.numerator) / Decimal(value.denominator)


def match_number_text(original: object) -> str:
    """The number part of a quantity string as the user wrote it (for hints)."""
    match = _NUMBER.match(str(original))
    return match["number"] if match else str(original)


_INFO, _TIME, _MONTH = "[information]", "[time]", "[billing_month]"
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
