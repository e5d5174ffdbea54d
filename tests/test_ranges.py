"""Ranges: ``low..high@expected`` quantities, the low/expected/high totals (each a full
estimate) and the sensitivity ranking."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from awscalc.ranges import find_ranges

RANGED = """\
name: ranged
resources:
  api:
    service: lambda
    requests: 3M..30M@10M
    duration: 100 ms..300 ms
    memory: 512 MB
  media:
    service: s3
    storage:
      - {class: STANDARD, size: 2 TB..20 TB}
  dns:
    service: route53
    hosted_zones: 1
"""


def write(tmp_path: Path, text: str, name: str = "arch.yaml") -> str:
    path = tmp_path / name
    path.write_text(text)
    return str(path)


def totals(cli, spec: str, *args: str) -> dict:
    result = cli("estimate", spec, "-f", "json", *args)
    assert result.code == 0, result.err
    return json.loads(result.out, parse_float=Decimal)


def plain(text: str, **values: str) -> str:
    """The ranged spec with each range replaced by one value."""
    for ranged, value in values.items():
        text = text.replace(ranged, value)
    return text


def test_the_estimate_is_priced_at_the_expected_values(cli, tmp_path: Path) -> None:
    ranged = totals(cli, write(tmp_path, RANGED))
    fixed = totals(cli, write(tmp_path, plain(
        RANGED, **{"3M..30M@10M": "10M", "100 ms..300 ms": "200 ms",
                   "2 TB..20 TB": "11 TB"}), "fixed.yaml"))
    assert ranged["totals"] == fixed["totals"]
    assert ranged["ranges"]["monthly"]["expected"] == fixed["totals"]["monthly"]
    assert "ranges" not in fixed


@pytest.mark.parametrize("end", ["low", "high"])
def test_each_end_is_a_full_estimate_at_that_end(cli, tmp_path: Path, end: str) -> None:
    values = {"low": {"3M..30M@10M": "3M", "100 ms..300 ms": "100 ms", "2 TB..20 TB": "2 TB"},
              "high": {"3M..30M@10M": "30M", "100 ms..300 ms": "300 ms",
                       "2 TB..20 TB": "20 TB"}}[end]
    ranged = totals(cli, write(tmp_path, RANGED))
    fixed = totals(cli, write(tmp_path, plain(RANGED, **values), "fixed.yaml"))
    assert ranged["ranges"]["monthly"][end] == fixed["totals"]["monthly"]


def test_low_by_hand(cli, tmp_path: Path) -> None:
    # 3M requests × $0.20/M = $0.60; 3M × 0.1 s × 0.5 GB = 150,000 GB-s × $0.0000166667
    # = $2.50; 2,048 GB × $0.023 = $47.10 (47.104); a hosted zone $0.50 → $50.70
    report = totals(cli, write(tmp_path, RANGED))["ranges"]
    assert report["monthly"]["low"] == Decimal("50.70")
    assert report["monthly"]["low"] <= report["monthly"]["expected"] \
        <= report["monthly"]["high"]


def test_the_sensitivity_ranking_puts_the_largest_swing_first(cli, tmp_path: Path) -> None:
    # storage 2..20 TB moves the bill by 18,432 GB × $0.023 ≈ $424; requests 3M..30M by
    # 27M × $0.20/M + 27M × 0.2 s × 0.5 GB × $0.0000166667 ≈ $50; duration 100..300 ms at
    # 10M requests by 1,000,000 GB-s × $0.0000166667 ≈ $16.67
    report = totals(cli, write(tmp_path, RANGED))["ranges"]
    ranking = report["sensitivity"]
    assert [s["path"] for s in ranking] == [
        "resources.media.storage[0].size", "resources.api.requests", "resources.api.duration"]
    assert ranking[0]["swing"] == ranking[0]["monthly_high"] - ranking[0]["monthly_low"]
    assert ranking[2]["swing"] == Decimal("16.67")
    assert [s["swing"] for s in ranking] == sorted((s["swing"] for s in ranking), reverse=True)


def test_the_midpoint_is_the_default_expected_value() -> None:
    found = find_ranges({"a": "3M..30M", "b": "2 TB..20 TB", "c": "1.5 GB..2.5 GB",
                         "d": "100 requests/s..300 requests/s"}, _fail)
    assert [(r.label, r.expected) for r in found] == [
        ("a", "16500000"), ("b", "11 TB"), ("c", "2 GB"), ("d", "200 requests/s")]


def test_text_with_two_dots_that_is_no_range_is_left_alone() -> None:
    assert find_ranges({"name": "v1..v2", "notes": "see ..", "x": "..3", "y": "3.."},
                       _fail) == []


def test_ranges_inside_scenarios_are_not_ranges_of_the_spec() -> None:
    assert find_ranges({"scenarios": {"g": {"resources.a.requests": "1M..2M"}}}, _fail) == []


def _fail(path, message, hint):
    return ValueError(message)


def test_a_range_set_from_the_command_line(cli, tmp_path: Path) -> None:
    spec = write(tmp_path, "resources: {d: {service: route53, hosted_zones: 1}}\n")
    report = totals(cli, spec, "--set", "resources.d.hosted_zones=1..30@20")["ranges"]
    # 1 zone $0.50; 20 zones $10.00; 30 zones = 25 × $0.50 + 5 × $0.10 = $13.00
    assert report["monthly"] == {"low": Decimal("0.50"), "expected": Decimal("10.00"),
                                 "high": Decimal("13.00")}


def test_a_range_in_a_scenario(cli, tmp_path: Path) -> None:
    spec = write(tmp_path, "resources: {d: {service: route53, hosted_zones: 1}}\n"
                           "scenarios: {big: {resources.d.hosted_zones: 20..30}}\n")
    report = totals(cli, spec, "--scenario", "big")["ranges"]
    assert report["monthly"]["expected"] == Decimal("12.50")     # 25 zones


@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_text_reports_show_the_ranges(cli, tmp_path: Path, fmt: str) -> None:
    out = cli("estimate", write(tmp_path, RANGED), "-f", fmt).out
    assert "$50.70" in out and "low" in out and "high" in out
    label = "resources.media.storage[0].size"
    # Markdown escapes the brackets (no link can come out of text): the same to a reader
    assert (label if fmt == "table" else label.replace("[", "\\[").replace("]", "\\]")) in out


def test_csv_keeps_line_items_and_notes_the_ranges_on_stderr(cli, tmp_path: Path) -> None:
    result = cli("estimate", write(tmp_path, RANGED), "-f", "csv")
    assert "ranges" not in result.out
    assert "note: ranges: monthly $50.70 low" in result.err


@pytest.mark.parametrize(("value", "message"), [
    ("3X..30M@10M", "{spec}:5: the low value of the range '3X..30M@10M' at "
     "$.resources.api.requests: '3X' is not a count per month"),
    ("3M..30M@1Y", "{spec}:5: the expected value of the range '3M..30M@1Y' at "
     "$.resources.api.requests: '1Y' is not a count per month"),
    ("3M..3 GB", "{spec}:5: $.resources.api.requests: '3M..3 GB' needs its expected value"),
])
def test_a_bad_range_is_an_error_at_its_line(cli, tmp_path: Path, value: str,
                                             message: str) -> None:
    spec = write(tmp_path, RANGED.replace("3M..30M@10M", value))
    for command in ("estimate", "validate"):
        result = cli(command, spec)
        assert result.code == 3, result.err
        assert message.format(spec=spec) in result.err


def test_long_texts_with_two_dots_are_scanned_quickly() -> None:
    import time

    texts = ["1.1." * 50_000 + ".." + " " * 100_000 + "a",
             "1 " * 150 + ".." + " 2" * 150, "1" * 200_000 + ".." + "2" * 200_000]
    started = time.process_time()
    assert find_ranges({"k": texts}, _fail) == []
    assert time.process_time() - started < 0.1
