"""The JSON writer: exact Decimals, one line per flat record, and text json reads back."""

from __future__ import annotations

import json
from decimal import Decimal
from enum import Enum
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from awscalc.output.json_format import dumps


@pytest.mark.parametrize(("value", "text"), [
    (Decimal("501.80"), "501.80"),        # the scale money carries is kept
    (Decimal("1E+3"), "1000"),            # never an exponent
    (Decimal("1.0E-7"), "0.00000010"),
    (Decimal("-0.00"), "-0.00"),
    (Decimal("NaN"), "null"),
    (Decimal("-Infinity"), "null"),
    (True, "true"), (None, "null"), (7, "7"), ("a\"b\\c\n", '"a\\"b\\\\c\\n"'),
    ("café ✓", '"café ✓"'),                # not escaped to \\u
])
def test_scalars(value: Any, text: str) -> None:
    assert dumps({"record": {"v": value}}) == '{\n  "record": {"v": ' + text + "}\n}"


def test_flat_records_take_one_line_and_nested_ones_are_indented() -> None:
    document = {"items": [{"a": Decimal("1.50"), "tiers": [{"q": 1}, {"q": 2}]},
                          {"a": 1, "flat": {"b": 2}},
                          {"a": 1, "nested": {"b": {"c": 2}}}]}
    assert dumps(document) == (
        '{\n  "items": [\n'
        '    {"a": 1.50, "tiers": [{"q": 1}, {"q": 2}]},\n'
        '    {"a": 1, "flat": {"b": 2}},\n'
        '    {\n      "a": 1,\n      "nested": {\n        "b": {"c": 2}\n      }\n    }\n'
        "  ]\n}")


class Colour(str, Enum):
    RED = "red"


class Money(Decimal):
    pass


def test_other_scalar_types_are_written_as_json_writes_them() -> None:
    assert dumps({"r": {"c": Colour.RED, "f": 0.5, "m": Money("0.10"), "e": [], "d": {}}}) == (
        '{\n  "r": {"c": "red", "f": 0.5, "m": 0.10, "e": [], "d": {}}\n}')


def test_what_json_cannot_write_is_an_error() -> None:
    with pytest.raises(TypeError):
        dumps({"r": {"v": object()}})


JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text()
    | st.decimals(allow_nan=False, allow_infinity=False),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=25)


@settings(max_examples=300, deadline=None)
@given(JSONISH)
def test_json_reads_back_exactly_what_was_written(value: Any) -> None:
    assert json.loads(dumps(value), parse_float=Decimal) == value


@pytest.mark.parametrize("example", ["media-archive", "serverless-api", "static-website"])
def test_writing_piece_by_piece_gives_the_rendered_text(example: str, monkeypatch,
                                                         frozen_book) -> None:
    from awscalc.estimate import estimate
    from awscalc.output import json_format, write
    from awscalc.spec import load_spec

    from .conftest import REPO

    result = estimate(load_spec(str(REPO / "examples" / f"{example}.yaml")), frozen_book)
    monkeypatch.setattr(json_format, "FLUSH_PIECES", 3)  # flush between every few items
    written: list[str] = []

    class Stream:
        def write(self, text: str) -> None:
            written.append(text)

    write(result, "json", Stream())  # type: ignore[arg-type]
    assert len(written) > 2
    assert "".join(written) == json_format.render(result)
