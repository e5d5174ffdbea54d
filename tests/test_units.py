"""Quantity parsing: binary data sizes, decimal bit rates, counts, rates per time, errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from awscalc.unit_table import UNITS
from awscalc.units import Kind, QuantityError, parse_quantity, unit_factor

from . import pint_oracle
from .conftest import REPO


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        # AWS's own example: "100 TB (109,951,162,777,600 bytes)"
        ("100 TB", Kind.DATA, Decimal("109951162777600")),
        ("5 TB", Kind.DATA, Decimal(5 * 2**40)),
        ("5TiB", Kind.DATA, Decimal(5 * 2**40)),
        ("1 GB", Kind.DATA, Decimal(1_073_741_824)),
        ("64 KB", Kind.DATA, Decimal(65_536)),
        ("500 B", Kind.DATA, Decimal(500)),
        ("1.5 PB", Kind.DATA, Decimal(3 * 2**50) / 2),
        ("1 Gbps", Kind.BITRATE, Decimal(125_000_000)),  # 10^9 bit/s ÷ 8
        ("100 Mbps", Kind.BITRATE, Decimal(12_500_000)),
        ("250 MB/s", Kind.BITRATE, Decimal(250 * 2**20)),
        ("3M", Kind.COUNT, Decimal(3_000_000)),
        ("10k", Kind.COUNT, Decimal(10_000)),
        ("1.4B", Kind.COUNT, Decimal(1_400_000_000)),
        ("3 M", Kind.COUNT, Decimal(3_000_000)),
        (25, Kind.COUNT, Decimal(25)),
        ("2 requests", Kind.COUNT, Decimal(2)),
        ("120 ms", Kind.DURATION, Decimal("0.12")),
        ("30 days", Kind.DURATION, Decimal(30 * 86_400)),
        ("730 h", Kind.DURATION, Decimal(2_628_000)),
        ("2w", Kind.DURATION, Decimal(14 * 86_400)),
        ("1 week", Kind.DURATION, Decimal(7 * 86_400)),
        ("80%", Kind.PERCENT, Decimal("0.8")),
        (0.25, Kind.PERCENT, Decimal("0.25")),
        ("3M", Kind.COUNT_PER_MONTH, Decimal(3_000_000)),
        ("100k/month", Kind.COUNT_PER_MONTH, Decimal(100_000)),
        # 200 per second over a 730-hour month: 200 × 2,628,000 s
        ("200 requests/s", Kind.COUNT_PER_MONTH, Decimal(525_600_000)),
        ("10 per second", Kind.COUNT_PER_MONTH, Decimal(26_280_000)),
        ("2 TB", Kind.DATA_PER_MONTH, Decimal(2 * 2**40)),
        ("1 TB/month", Kind.DATA_PER_MONTH, Decimal(2**40)),
        # 1 TB a day over 730 h = 730/24 days
        ("1 TB/day", Kind.DATA_PER_MONTH, Decimal(2**40) * 730 / 24),
    ],
)
def test_parses_to_canonical_units(text: object, kind: Kind, expected: Decimal) -> None:
    assert parse_quantity(text, kind) == expected


def test_month_length_changes_per_time_rates_only() -> None:
    assert parse_quantity("1 GB/day", Kind.DATA_PER_MONTH, Decimal(744)) == Decimal(31 * 2**30)
    # a quantity already per month is not rescaled by the month length
    assert parse_quantity("1 GB/month", Kind.DATA_PER_MONTH, Decimal(744)) == Decimal(2**30)


@pytest.mark.parametrize(
    ("text", "kind", "message"),
    [
        ("5 TBs", Kind.DATA, "'5 TBs' is not a data size (try '5 TB')"),
        ("5 apples", Kind.COUNT, "'5 apples' is not a count"),
        ("5 km", Kind.DATA, "'5 km' is not a data size"),
        ("5 s", Kind.DATA, "'5 s' is a duration, not a data size"),
        ("5", Kind.DATA, "'5' has no unit"),
        ("-1", Kind.COUNT, "'-1' is negative"),
        (-3, Kind.COUNT, "-3 is negative"),
        ("1e400 TB", Kind.DATA, "'1e400 TB' is too large"),
        (".nan", Kind.COUNT, "'.nan' is not a count"),
        (float("inf"), Kind.COUNT, "inf is not a finite number"),
        (True, Kind.COUNT, "true is not a count"),
        ("150%", Kind.PERCENT, "'150%' is more than 100%"),
        ("3 dayz", Kind.DURATION, "'3 dayz' is not a duration (try '3 day')"),
        ("1 TB/dya", Kind.DATA_PER_MONTH, "'1 TB/dya' is not a data volume per month "
         "(try '1 TB/day')"),
        ("1 TB/day", Kind.DATA, "'1 TB/day' is a data rate, not a data size"),
    ],
)
def test_rejects_bad_quantities_with_a_hint(text: object, kind: Kind, message: str) -> None:
    with pytest.raises(QuantityError) as caught:
        parse_quantity(text, kind)
    assert str(caught.value).startswith(message)


SHAPE = "write a number"

# Today's pint expression language accepted these (or crashed on them); awscalc's grammar
# is a number, one unit and optionally '/' one time unit — nothing else.
OUTSIDE_THE_GRAMMAR = [
    "1 GB**1.5", "1 GB^2", "5 TB**", "5 TB**1e9", "5 TB/0", "5 (TB", "(5 TB)", "5 1e400^TB",
    "2 * 3 TB", "5 TB TB", "5 5 TB", "5 TB * 2", "5 TB/day/day", "1 TB/month/day",
    "5 TB/1 day", "5 GB/GB", "1e3e3 TB", "5 TB - 1 GB", "5 TB + 1", "sqrt(5) TB", "5 TB;",
    "5 TB # comment", "0x10 TB", "5 ٥ TB", "5 TB/", "/s", "5 per", "1 s**-1",
]


@pytest.mark.parametrize("text", OUTSIDE_THE_GRAMMAR)
@pytest.mark.parametrize("kind", [Kind.DATA, Kind.DATA_PER_MONTH, Kind.COUNT_PER_MONTH])
def test_anything_outside_the_grammar_is_a_quantity_error(text: str, kind: Kind) -> None:
    with pytest.raises(QuantityError) as caught:
        parse_quantity(text, kind)
    message = str(caught.value)
    assert message.startswith(f"'{text}' is ") and "\n" not in message


@pytest.mark.parametrize("text", ["5 TB/0", "5 (TB", "1 GB**1.5", "5 TB**1e9"])
def test_the_message_says_what_a_quantity_looks_like(text: str) -> None:
    with pytest.raises(QuantityError) as caught:
        parse_quantity(text, Kind.DATA)
    assert str(caught.value) == (f"'{text}' is not a data size "
                                 "(write a number and a data unit, e.g. '5 TB' or '512 MB')")


@pytest.mark.parametrize(("value", "kind", "message"), [
    ("1e99999999", Kind.COUNT, "'1e99999999' is too large"),
    ("1e999999999999999999999", Kind.COUNT, "'1e999999999999999999999' is too large"),
    ("1e-999999999999999999999", Kind.COUNT, "'1e-999999999999999999999' is too small"),
    ("1e-99999999 TB", Kind.DATA, "'1e-99999999 TB' is too small"),
    ("1.5e24", Kind.COUNT, "'1.5e24' is too large"),
    ("1e24 KB", Kind.DATA, "'1e24 KB' is too large"),
    ("9" * 401, Kind.COUNT, "'" + "9" * 40 + "…' is too large"),
    ("9" * 401 + " h", Kind.DURATION, "'" + "9" * 40 + "…' is too large"),
    ("5 " + "T" * 200, Kind.DATA, "'5 " + "T" * 38 + "…' is too long for a data size"),
    (10**401 - 1, Kind.COUNT, "a number of 401 digits is too large"),
    (10**5000, Kind.COUNT, "a number of more than 4,000 digits is too large"),
    (2**80, Kind.COUNT, "1208925819614629174706176 is too large"),
    (1e300, Kind.COUNT, "1e+300 is too large"),
    (float("nan"), Kind.COUNT, "nan is not a finite number"),
    (float("-inf"), Kind.PERCENT, "-inf is not a finite number"),
    (Decimal("NaN"), Kind.COUNT, "Decimal('NaN') is not a finite number"),
    (Decimal("1E+99999999"), Kind.COUNT, "Decimal('1E+99999999') is too large"),
], ids=lambda value: f"int of {value.bit_length()} bits" if isinstance(value, int) else None)
def test_numbers_are_bounded_before_any_arithmetic(value: object, kind: Kind,
                                                   message: str) -> None:
    started = time.process_time()
    with pytest.raises(QuantityError) as caught:
        parse_quantity(value, kind)
    assert str(caught.value).startswith(message)
    assert time.process_time() - started < 0.1


@pytest.mark.parametrize(("text", "kind", "expected"), [
    ("1e24", Kind.COUNT, Decimal(10**24)),
    ("1e-24 TB", Kind.DATA, Decimal(2**40) / Decimal(10**24)),
    ("0e-99999999999999999999", Kind.COUNT, Decimal(0)),
    ("25/s", Kind.COUNT_PER_MONTH, Decimal(25 * 2_628_000)),
    ("1 TB per day", Kind.DATA_PER_MONTH, Decimal(2**40) * 730 / 24),
    ("1 TB / day", Kind.DATA_PER_MONTH, Decimal(2**40) * 730 / 24),
    ("5 B/s", Kind.BITRATE, Decimal(5)),
    ("1.4B", Kind.DATA, Decimal("1.4")),  # in a data size, B is bytes
    ("1_000 GB", Kind.DATA, Decimal(1000 * 2**30)),
    (".5 TB", Kind.DATA, Decimal(2**39)),
    ("80 %", Kind.PERCENT, Decimal("0.8")),
    ("  5 TB  ", Kind.DATA, Decimal(5 * 2**40)),
])
def test_the_grammar_accepts_every_documented_form(text: str, kind: Kind,
                                                   expected: Decimal) -> None:
    assert parse_quantity(text, kind) == expected


TIME_UNITS = sorted(name for name, (_, _, dims) in UNITS.items()
                    if dims in ((("[time]", 1),), (("[billing_month]", 1),)))
KINDS = list(Kind)


@settings(max_examples=300, deadline=None)
@given(number=st.decimals(min_value=0, max_value=10**6, places=3),
       unit=st.sampled_from(sorted(UNITS)) | st.none(),
       per=st.sampled_from(TIME_UNITS) | st.none(),
       slash=st.sampled_from(["/", " / ", " per "]), kind=st.sampled_from(KINDS))
def test_every_accepted_quantity_agrees_with_pint(number: Decimal, unit: str | None,
                                                  per: str | None, slash: str,
                                                  kind: Kind) -> None:
    """pint, from the same units.txt, is the oracle for whatever the grammar accepts."""
    text = f"{number} {unit or ''}{slash + per if per else ''}"
    try:
        result = parse_quantity(text, kind)
    except QuantityError:
        return
    scale = 1
    if unit == "B" and kind in (Kind.COUNT, Kind.COUNT_PER_MONTH):
        unit, scale = None, 10**9  # in a count, B is a billion
    expression = f"{unit or ''}{'/' + per if per else ''}"
    if expression:
        factor, dims = pint_oracle.factor(expression)
        assert unit_factor(f"{unit or ''}{slash + per if per else ''}") == (factor, dims)
    else:
        factor, dims = Fraction(1), ()
    expected = Fraction(number) * scale * factor
    if kind in (Kind.DATA_PER_MONTH, Kind.COUNT_PER_MONTH) and ("[time]", -1) in dims:
        expected *= 730 * 3600
    assert Fraction(result) == expected or abs(Fraction(result) - expected) <= (
        expected / 10**26), text


@settings(max_examples=500, deadline=None)
@given(text=st.text(alphabet="0123456789.eE+-_ kMB/%()*^TGbpsdayhrmonthper\t", max_size=30)
       | st.text(max_size=30), kind=st.sampled_from(KINDS))
def test_no_text_raises_anything_but_a_quantity_error(text: str, kind: Kind) -> None:
    started = time.process_time()
    try:
        result = parse_quantity(text, kind)
    except QuantityError as exc:
        assert "\n" not in str(exc)
    else:
        assert result.is_finite() and 0 <= result <= 10**24
    assert time.process_time() - started < 0.5


def test_no_file_in_the_cache_folder_can_change_a_quantity(tmp_path) -> None:
    """Poisoned unit caches (a factor × 1,000, a 'km' entry, a FIFO, a link to /dev/zero)
    in the cache folder change nothing: awscalc reads no unit cache at all."""
    spec = tmp_path / "spec.yaml"
    spec.write_text("resources:\n  b:\n    service: s3\n"
                    "    storage: [{class: STANDARD, size: 5 TB}]\n")
    cache = tmp_path / "cache"
    env = {**os.environ, "AWSCALC_CACHE_DIR": str(cache)}

    def estimate(size: str) -> subprocess.CompletedProcess[str]:
        spec.write_text(spec.read_text().replace("5 TB", size).replace("5 km", size))
        return subprocess.run([sys.executable, "-m", "awscalc", "estimate", str(spec), "-f",
                               "json"], capture_output=True, text=True, env=env, cwd=REPO,
                              timeout=60)

    clean = estimate("5 TB")
    assert clean.returncode == 0, clean.stderr
    poison = {"TB": [str(2**43 * 1000), [["[information]", 1]]],
              "km": [str(2**40), [["[information]", 1]]]}
    cache.mkdir(exist_ok=True)
    for name in [path.name for path in cache.glob("units-*.json")] or ["units-x.json"]:
        (cache / name).write_text(json.dumps(poison))
    os.mkfifo(cache / "units-fifo.json")
    os.symlink("/dev/zero", cache / "units-zero.json")
    again = estimate("5 TB")
    assert (again.returncode, again.stdout) == (0, clean.stdout), again.stderr
    km = estimate("5 km")
    assert km.returncode == 3 and "'5 km' is not a data size" in km.stderr
