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


# --- #21: the new methods and keys -------------------------------------------------------

def test_a_new_customer_is_not_offered_snowball_edge(frozen_book: RateBook) -> None:
    # 300 TiB at 80 % of 1 Gbps takes 38.18 days; no option with a published cost meets 30
    # days (the terminal does, but its fees are not published), so auto takes the fastest
    result = price("resources: {move: {service: transfer, size: 300 TB, deadline: 30 days}}",
                   frozen_book)
    details = result.details["move"]
    assert details["method"] == "data-transfer-terminal"
    assert "no option with a published cost meets the deadline" in details["summary"][0]
    assert any(line.startswith("Not offered to new customers since 2025-11-07")
               and "customer: existing considers them" in line for line in details["summary"])
    assert result.one_time_total == Decimal("0.00")
    assert any("Port-hours (2 port(s)) not published" in w for w in result.warnings)


def test_a_named_device_for_existing_customers_only(frozen_book: RateBook) -> None:
    with pytest.raises(SpecError) as caught:
        price("resources: {x: {service: transfer, size: 40 TB, "
              "method: snowball-edge-storage-210}}", frozen_book)
    assert "$.resources.x.method: Snowball Edge Storage Optimized 210 TB is offered to " \
           "existing customers only (since 2025-11-07)" in str(caught.value)
    result = price("resources: {x: {service: transfer, size: 40 TB, customer: existing, "
                   "method: snowball-edge-storage-210}}", frozen_book)
    assert result.one_time_total == Decimal("1800.00")  # up to 100 TB, third-party figure


def test_direct_connect_with_the_line_and_requests(frozen_book: RateBook) -> None:
    # 100 TiB at 80 % of 1 Gbps: 305.42 h → 306 port-hours × $0.30 = $91.80; the line:
    # $1,200 × 1,099,511.63 s / 2,628,000 s = $502.06; 50M PUTs × $0.005/1,000 = $250.00
    result = price("""
resources:
  x: {service: transfer, size: 100 TB, method: direct-connect, link_cost: 1200/month,
      objects: 50M}
""", frozen_book)
    assert result.one_time_total == Decimal("843.86")
    assert result.details["x"]["method"] == "direct-connect-1Gbps"
    assert {i.service for i in result.line_items} == {"directconnect"}


def test_datasync_export_and_terminal_travel(frozen_book: RateBook) -> None:
    # DataSync export of 20 TiB at 10 Gbps: internet DTO $921.60 + $870.40; its per-GB fee
    # is not published (a warning, out of the total); the line is not included (a warning)
    result = price("""
resources:
  x: {service: transfer, size: 20 TB, direction: export, bandwidth: 10 Gbps, method: datasync}
""", frozen_book)
    assert result.one_time_total == Decimal("1792.00")
    assert any("DataSync copied (basic mode) not published" in w for w in result.warnings)
    assert any("line's own cost is not included" in w for w in result.warnings)
    terminal = price("resources: {x: {service: transfer, size: 100 TB, method: terminal, "
                     "travel_days: 3 days}}", frozen_book)
    # 3 days of travel + 2 h reserved (100 TiB at 200 Gbps = 1.22 h)
    assert terminal.details["x"]["total_days"] == Decimal(3) + Decimal(7200) / 86400


def test_average_object_size_and_storage_class(frozen_book: RateBook) -> None:
    # 1 TiB / 1 MiB = 1,048,576 objects × $0.05/1,000 (Deep Archive PUT) = $52.43
    result = price("resources: {x: {service: transfer, size: 1 TB, method: network, "
                   "average_object_size: 1 MB, storage_class: deep-archive}}", frozen_book)
    assert result.one_time_total == Decimal("52.43")


@pytest.mark.parametrize(("body", "message"), [
    ("size: 5 TB, customer: old", "$.resources.x.customer"),
    ("size: 5 TB, link_cost: cheap", "$.resources.x.link_cost: 'cheap' is not dollars per month"),
    ("size: 5 TB, objects: 1.5", "$.resources.x.objects: '1.5' is not a whole number"),
    ("size: 5 TB, objects: 5, average_object_size: 1 MB",
     "$.resources.x.average_object_size: give objects or average_object_size, not both"),
    ("size: 5 TB, storage_class: tape", "$.resources.x.storage_class"),
    ("size: 5 TB, datasync_mode: turbo", "$.resources.x.datasync_mode"),
    ("size: 5 TB, travel_days: 400 days",
     "$.resources.x.travel_days: '400 days' is more than 365"),
    ("size: 5 TB, method: direct-connect, bandwidth: 3 Gbps",
     "$.resources.x.bandwidth: Direct Connect has no port of this bandwidth"),
])
def test_bad_new_transfer_keys(frozen_book: RateBook, body: str, message: str) -> None:
    with pytest.raises(SpecError, match=message.replace("$", r"\$").replace(".", r"\.")):
        price(f"resources: {{x: {{service: transfer, {body}}}}}", frozen_book)
