"""awscalc diff and --set: line pairing, deltas, the CI gate, and the example pair's goldens."""

from __future__ import annotations

import json
import os
from decimal import Decimal
from pathlib import Path

import pytest

from awscalc.diff import ADDED, CHANGED, REMOVED, UNCHANGED, compare
from awscalc.errors import SpecError
from awscalc.estimate import estimate
from awscalc.output.diff_formats import render
from awscalc.ratecards import RateBook
from awscalc.spec import parse_spec

from .conftest import REPO

LAMBDAS = """
resources:
  api: {service: lambda, memory: 1024 MB, requests: 10M, duration: 120 ms}
  worker: {service: lambda, memory: 2048 MB, requests: 1M, duration: 2 s}
"""


def priced(text: str, book: RateBook, *overrides: str):
    return estimate(parse_spec(text, "spec.yaml", overrides=overrides), book)


def test_switching_one_function_to_arm64_changes_only_its_duration(
        shipped_book: RateBook) -> None:
    before = priced(LAMBDAS, shipped_book)
    after = priced(LAMBDAS, shipped_book, "resources.api.architecture=arm64")
    result = compare(before, after)
    changed = [line for line in result.lines if line.status != UNCHANGED]
    assert [(line.resource, line.component) for line in changed] == [
        ("api", "Duration (x86_64 → arm64)")]
    # 10M × 0.12 s × 1 GB = 1,200,000 GB-s: × $0.0000166667 = $20.00 (x86),
    # × $0.0000133334 = $16.00 (arm64) — AWS's published 20 % lower arm64 price
    (line,) = changed
    assert (line.cost.before, line.cost.after) == (Decimal("20.00"), Decimal("16.00"))
    assert line.cost.percent == Decimal("-20.00")
    assert result.monthly.delta == Decimal("-4.00")


def test_a_spec_against_itself_changes_nothing(shipped_book: RateBook) -> None:
    one = priced(LAMBDAS, shipped_book)
    result = compare(one, priced(LAMBDAS, shipped_book))
    assert all(line.status == UNCHANGED for line in result.lines)
    assert result.visible_lines() == []
    assert result.monthly.delta == result.one_time.delta == 0
    assert "no cost changes" in render(result, "table")


def test_swapping_before_and_after_negates_every_delta(shipped_book: RateBook) -> None:
    before = priced(LAMBDAS, shipped_book)
    after = priced(LAMBDAS, shipped_book, "resources.api.architecture=arm64",
                   "resources.worker.memory=1024 MB",
                   "resources.extra.service=route53", "resources.extra.hosted_zones=2")
    forward, backward = compare(before, after), compare(after, before)
    deltas = {(line.resource, line.before.key if line.before else None,
               line.after.key if line.after else None): line.cost.delta
              for line in forward.lines}
    reverse = {(line.resource, line.after.key if line.after else None,
                line.before.key if line.before else None): line.cost.delta
               for line in backward.lines}
    assert deltas == {key: -value for key, value in reverse.items()}
    assert forward.monthly.delta == -backward.monthly.delta
    statuses = {r.name: r.status for r in forward.resources}
    assert statuses == {"api": CHANGED, "worker": CHANGED, "extra": ADDED}
    assert {r.name: r.status for r in backward.resources}["extra"] == REMOVED


def test_set_overrides_are_validated_like_the_file(shipped_book: RateBook) -> None:
    with pytest.raises(SpecError) as caught:
        priced(LAMBDAS, shipped_book, "resources.api.memory=5 km")
    assert str(caught.value).startswith(
        "--set resources.api.memory=5 km: $.resources.api.memory: '5 km' is not a data size")
    with pytest.raises(SpecError, match="unknown key 'architectur'"):
        priced(LAMBDAS, shipped_book, "resources.api.architectur=arm64")


def test_set_on_estimate_and_the_fail_above_gate(cli, tmp_path: Path) -> None:
    spec = tmp_path / "arch.yaml"
    spec.write_text(LAMBDAS)
    plain = json.loads(cli("estimate", str(spec), "-f", "json").out)
    arm = json.loads(cli("estimate", str(spec), "-f", "json",
                         "--set", "resources.api.architecture=arm64").out)
    assert arm["totals"]["monthly"] == plain["totals"]["monthly"] - 4
    bigger = ["diff", str(spec), str(spec), "--set-after", "resources.api.requests=20M"]
    # +10M requests: $2.00 + 1,200,000 GB-s × $0.0000166667 = $20.00 → +$22.00
    assert cli(*bigger, "--fail-above", "25").code == 0
    gated = cli(*bigger, "--fail-above", "$21.99")
    assert gated.code == 5
    assert "rises by $22.00, more than --fail-above $21.99" in gated.err
    assert cli(*bigger, "--fail-above", "lots").code == 2
    assert cli("diff", str(spec), str(spec), "--set", "oops").code == 2


DIFF_FORMATS = {"table": "txt", "json": "json", "csv": "csv", "markdown": "md"}


def test_json_lines_carry_both_costs_and_both_line_items(shipped_book) -> None:
    import json

    before = priced(LAMBDAS, shipped_book)
    after = priced(LAMBDAS, shipped_book, "resources.api.architecture=arm64")
    document = json.loads(render(compare(before, after), "json"))
    line = next(line for line in document["lines"] if line["status"] == "changed")
    # the line's costs, and each side's own line item (its key, quantity and rate)
    assert (line["before"], line["after"]) == (20.0, 16.0)
    assert line["before_line"]["usage_key"] != line["after_line"]["usage_key"]
    assert line["before_line"]["cost"] == 20.0 and line["after_line"]["cost"] == 16.0


@pytest.mark.parametrize("fmt", DIFF_FORMATS)
def test_example_pair_matches_golden(fmt: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    book = RateBook(Path("tests/data/pricing"), "frozen")
    before, after = (estimate(parse_spec((REPO / f"examples/diff/{side}.yaml").read_text(),
                                         f"examples/diff/{side}.yaml"), book)
                     for side in ("before", "after"))
    text = render(compare(before, after), fmt)
    golden = REPO / "tests" / "golden" / f"diff.{DIFF_FORMATS[fmt]}"
    if os.environ.get("AWSCALC_UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")
