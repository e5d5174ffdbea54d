"""`service: transfer` in a spec: the planner's chosen option as one-time line items."""

from __future__ import annotations

from decimal import Decimal

import pytest

from awscalc.errors import SpecError
from awscalc.estimate import estimate
from awscalc.ratecards import RateBook
from awscalc.spec import parse_spec


def price(text: str, book: RateBook):
    return estimate(parse_spec(text, "spec.yaml"), book)


def test_auto_picks_the_cheapest_option_that_meets_the_deadline(frozen_book: RateBook
                                                                 ) -> None:
    # 300 TiB at 80 % of 1 Gbps: 300 × 2^40 × 8 / (10^9 × 0.8) s = 38.18 days — too slow
    # for 30 days. Two Snowball Edge 210 TB devices carry 210 + 90 TB: job fees $3,200
    # (101–210 TB) + $1,800 (up to 100 TB) = $5,000 (frozen catalog).
    result = price("""
resources:
  move: {service: transfer, size: 300 TB, deadline: 30 days, customer: existing}
  dns: {service: route53, hosted_zones: 1}
""", frozen_book)
    assert result.one_time_total == Decimal("5000.00")
    assert result.monthly_total == Decimal("0.50")  # the transfer adds nothing monthly
    assert [i.resource for i in result.line_items][:1] == ["move"]  # spec order kept
    assert all(i.one_time for i in result.line_items if i.resource == "move")
    details = result.details["move"]
    assert details["method"] == "snowball-edge-storage-210" and details["devices"] == 2
    assert details["total_days"] < 30


def test_network_import_is_free_and_reports_its_duration(frozen_book: RateBook) -> None:
    result = price("resources: {move: {service: transfer, size: 100 TB, method: network}}",
                   frozen_book)
    # data in is free: the line is $0.00; 100 TiB at 80 % of 1 Gbps = 12.73 days
    assert result.one_time_total == Decimal("0.00")
    assert result.details["move"]["total_days"].quantize(Decimal("0.01")) == Decimal("12.73")
    assert "12.73 days" in result.summaries()[0]


def test_network_export_crosses_the_first_tier(frozen_book: RateBook) -> None:
    # 20 TiB = 20,480 GB within one month at 10 Gbps: 10,240 × $0.09 + 10,240 × $0.085
    result = price("""
resources:
  out: {service: transfer, size: 20 TB, direction: export, bandwidth: 10 Gbps,
        method: network}
""", frozen_book)
    assert result.one_time_total == Decimal("921.60") + Decimal("870.40")


def test_a_named_retired_device_is_used_and_an_unknown_one_is_refused(
        frozen_book: RateBook) -> None:
    result = price("resources: {old: {service: transfer, size: 40 TB, method: snowball-50}}",
                   frozen_book)
    assert result.details["old"]["method"] == "snowball-50"
    with pytest.raises(SpecError) as caught:
        price("resources: {x: {service: transfer, size: 40 TB, method: floppy}}", frozen_book)
    assert "$.resources.x.method: unknown transfer method 'floppy'" in str(caught.value)
    assert "snowball-edge-storage-210" in str(caught.value)


@pytest.mark.parametrize(("body", "message"), [
    ("size: 0 TB", "$.resources.x.size: 0 TB moves nothing"),
    ("size: 5 TB, bandwidth: 0 Gbps", "$.resources.x.bandwidth: a bandwidth of zero"),
    ("size: 5 TB, direction: sideways", "$.resources.x.direction: unknown direction 'sideways'"),
    ("size: 5 TB, workstations: 0", "$.resources.x.workstations"),
])
def test_bad_transfer_resources(frozen_book: RateBook, body: str, message: str) -> None:
    with pytest.raises(SpecError, match=message.replace("$", r"\$").replace(".", r"\.")):
        price(f"resources: {{x: {{service: transfer, {body}}}}}", frozen_book)


def test_validate_checks_transfer_resources_without_prices(cli, tmp_path) -> None:
    spec = tmp_path / "t.yaml"
    spec.write_text("resources: {x: {service: transfer, size: 0 TB}}\n")
    result = cli("validate", str(spec))
    assert result.code == 3 and "0 TB moves nothing" in result.err
