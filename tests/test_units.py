"""Quantity parsing: binary data sizes, decimal bit rates, counts, rates per time, errors."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from awscalc.units import Kind, QuantityError, parse_quantity


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
        (True, Kind.COUNT, "True is not a count"),
        ("150%", Kind.PERCENT, "'150%' is more than 100%"),
        ("3 dayz", Kind.DURATION, "'3 dayz' is not a duration (try '3 day')"),
        ("1 TB/day", Kind.DATA, "'1 TB/day' is a data rate, not a data size"),
    ],
)
def test_rejects_bad_quantities_with_a_hint(text: object, kind: Kind, message: str) -> None:
    with pytest.raises(QuantityError) as caught:
        parse_quantity(text, kind)
    assert str(caught.value).startswith(message)


def test_unit_factors_are_remembered_on_disk(tmp_path, monkeypatch) -> None:
    import json

    from awscalc import units

    monkeypatch.setenv("AWSCALC_CACHE_DIR", str(tmp_path))
    units._factor_cache.cache_clear()
    units._parse_cached.cache_clear()
    try:
        assert parse_quantity("3 GB/week", Kind.DATA_PER_MONTH) == Decimal(3 * 2**30) * 730 / 168
        (cache_file,) = tmp_path.glob("units-*.json")
        factor, dims = json.loads(cache_file.read_text())["GB/week"]
        assert factor == str(Fraction(2**30, 7 * 86400))
        assert dims == [["[information]", 1], ["[time]", -1]]
        # a damaged cache is ignored and rewritten, never trusted
        for damaged in ("{not json", "[1, 2]", '{"GB/week": ["x", 5]}', '{"GB/week": 7}'):
            cache_file.write_text(damaged)
            units._factor_cache.cache_clear()
            units._parse_cached.cache_clear()
            assert parse_quantity("3 GB/week", Kind.DATA_PER_MONTH) == (
                Decimal(3 * 2**30) * 730 / 168), damaged
            assert json.loads(cache_file.read_text())["GB/week"][0] == factor
    finally:
        units._factor_cache.cache_clear()
        units._parse_cached.cache_clear()
