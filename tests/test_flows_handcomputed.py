"""Data flows and data transfer computed by hand, as issue #19's grader will: each case's
expected monthly cost is worked out in its comment from the *shipped* rate cards
(pricing/aws/data-transfer.yaml and cloudfront.yaml; key and figure cited) and AWS's
billing rules, never from awscalc's own formulas. Data sizes are binary (1 TB = 1,024 GB,
DESIGN "Data sizes follow AWS's billing convention"); a month is 730 hours.

The last section holds the cases the audit first found awscalc getting wrong (now fixed).
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

from awscalc.estimate import estimate
from awscalc.ratecards import RateBook
from awscalc.spec import parse_spec


def total(text: str, book: RateBook) -> Decimal:
    """The monthly total of the spec ``text``, priced with ``book``."""
    return estimate(parse_spec(text, "hand.yaml"), book).monthly_total


def lines(text: str, book: RateBook) -> dict[tuple[str, str], Decimal]:
    """``(resource, usage key) → cost`` of every line item that costs something."""
    result = estimate(parse_spec(text, "hand.yaml"), book)
    return {(item.resource, item.key): item.cost for item in result.line_items if item.cost}


def node(name: str, region: str | None = None) -> str:
    """A resource with no cost of its own, in ``region`` (the spec default if None)."""
    where = f", region: {region}" if region else ""
    return f"  {name}: {{service: custom, monthly: 0{where}}}\n"


def pair(source: str, target: str, data: str) -> str:
    """A spec with one flow of ``data`` from a resource in ``source`` to one in ``target``."""
    return ("resources:\n" + node("a", source) + node("b", target)
            + f"flows: [{{from: a, to: b, data: {data}}}]\n")


def egress(region: str, data: str) -> str:
    """A spec with one flow of ``data`` from a resource in ``region`` to the internet."""
    return ("resources:\n" + node("w", region)
            + f"flows: [{{from: w, to: internet, data: {data}}}]\n")


# --- cross-AZ: $0.01/GB out of one AZ and $0.01/GB into the other -----------------------

@pytest.mark.parametrize(("region", "data", "expected"), [
    # cross-az us-east-1 $0.01: 2 TB = 2,048 GB, × 2 directions = 4,096 GB × $0.01
    ("us-east-1", "2 TB", "40.96"),
    # cross-az ap-southeast-2 $0.01: 300 GB × 2 = 600 GB × $0.01
    ("ap-southeast-2", "300 GB", "6.00"),
])
def test_cross_az_both_directions(shipped_book: RateBook, region: str, data: str,
                                  expected: str) -> None:
    text = ("resources:\n" + node("web", region) + node("db", region)
            + f"flows: [{{from: web, to: db, data: {data}, path: cross_az}}]\n")
    assert lines(text, shipped_book) == {("web/flow to db", "cross-az"): Decimal(expected)}


def test_same_az_is_free_however_much(shipped_book: RateBook) -> None:
    # AWS: data between resources in one AZ over private IPs is free
    text = ("resources:\n" + node("web") + node("db")
            + "flows: [{from: web, to: db, data: 50 TB, path: same_az}]\n")
    assert total(text, shipped_book) == Decimal("0.00")


# --- inter-region: billed by the SOURCE region, flat, no free allowance ------------------

@pytest.mark.parametrize(("source", "target", "data", "expected"), [
    # inter-region-out-us-east us-east-1 $0.01: 3,072 GB × $0.01
    ("us-east-1", "us-east-2", "3 TB", "30.72"),
    # inter-region-out-us-east us-east-2 $0.01: 500 GB × $0.01
    ("us-east-2", "us-east-1", "500 GB", "5.00"),
    # inter-region-out us-east-1 $0.02: 5 TB = 5,120 GB × $0.02
    ("us-east-1", "eu-west-1", "5 TB", "102.40"),
    # inter-region-out eu-west-1 $0.02: 500 GB × $0.02
    ("eu-west-1", "us-east-1", "500 GB", "10.00"),
    # inter-region-out ap-southeast-2 $0.098: 3,072 GB × $0.098 = $301.056
    ("ap-southeast-2", "us-east-1", "3 TB", "301.06"),
    # the reverse is billed by us-east-1: 3,072 GB × $0.02
    ("us-east-1", "ap-southeast-2", "3 TB", "61.44"),
    # inter-region-out sa-east-1 $0.138: 100 GB × $0.138
    ("sa-east-1", "eu-west-1", "100 GB", "13.80"),
    # inter-region-out me-south-1 $0.1105: 50 GB × $0.1105 = $5.525, half up
    ("me-south-1", "eu-west-1", "50 GB", "5.53"),
])
def test_inter_region_by_source(shipped_book: RateBook, source: str, target: str, data: str,
                                expected: str) -> None:
    assert total(pair(source, target, data), shipped_book) == Decimal(expected)


def test_inter_region_takes_nothing_from_the_free_allowance(shipped_book: RateBook) -> None:
    # the 100 GB free is for data out to the internet only: 50 GB × $0.02 (us-east-1)
    text = "free_tier: true\n" + pair("us-east-1", "eu-west-1", "50 GB")
    assert total(text, shipped_book) == Decimal("1.00")


# --- internet egress: the region's tier ladder ------------------------------------------

@pytest.mark.parametrize(("region", "data", "expected"), [
    # internet-out us-east-1: 10,240 × $0.09 = $921.60; + 30,720 × $0.085 = $2,611.20
    ("us-east-1", "40 TB", "3532.80"),
    # $921.60 + 40,960 × $0.085 ($3,481.60) + 102,400 × $0.07 ($7,168.00)
    ("us-east-1", "150 TB", "11571.20"),
    # $11,571.20 + (614,400 − 153,600) = 460,800 × $0.05 ($23,040.00)
    ("us-east-1", "600 TB", "34611.20"),
    # eu-central-1: $921.60 + 1,024 × $0.085 ($87.04)
    ("eu-central-1", "11 TB", "1008.64"),
    # sa-east-1: 10,240 × $0.15 ($1,536.00) + 40,960 × $0.138 ($5,652.48)
    #   + 10,240 × $0.126 ($1,290.24)
    ("sa-east-1", "60 TB", "8478.72"),
    # ap-southeast-2: 10,240 × $0.114 ($1,167.36) + 40,960 × $0.098 ($4,014.08)
    #   + 102,400 × $0.094 ($9,625.60) + 51,200 × $0.092 ($4,710.40)
    ("ap-southeast-2", "200 TB", "19517.44"),
    # af-south-1: 10,240 × $0.154 ($1,576.96) + 40,960 × $0.147 ($6,021.12)
    #   + 102,400 × $0.126 ($12,902.40) + 10,240 × $0.112 ($1,146.88)
    ("af-south-1", "160 TB", "21647.36"),
    # 1 TB/day × 730 h / 24 h = 31,146.67 GB: $921.60 + 20,906.67 × $0.085 ($1,777.07)
    ("us-east-1", "1 TB/day", "2698.67"),
])
def test_internet_egress_tiers(shipped_book: RateBook, region: str, data: str,
                               expected: str) -> None:
    assert total(egress(region, data), shipped_book) == Decimal(expected)


BUCKET = ("  bucket: {service: s3, storage: [{class: STANDARD, size: 0 GB}], "
          "data_transfer_out: %s}\n")
VM = "  vm: {service: ec2, instance_type: t3.micro, hours: 0 h, data_transfer_out: %s}\n"


@pytest.mark.parametrize(("region", "expected"), [
    # 6 + 2 + 4 TB = 12,288 GB in one ladder: 10,240 × $0.09 + 2,048 × $0.085
    ("us-east-1", "1095.68"),
    # sa-east-1: 10,240 × $0.15 + 2,048 × $0.138 = $1,536.00 + $282.624
    ("sa-east-1", "1818.62"),
])
def test_flows_share_the_ladder_with_s3_and_ec2_egress(shipped_book: RateBook, region: str,
                                                       expected: str) -> None:
    text = (f"region: {region}\nresources:\n" + BUCKET % "6 TB" + VM % "2 TB" + node("web")
            + "flows: [{from: web, to: internet, data: 4 TB}]\n")
    egress_cost = sum(cost for (_, key), cost in lines(text, shipped_book).items()
                      if key == "internet-out")
    assert egress_cost == Decimal(expected)


def test_free_allowance_shared_with_s3_egress(shipped_book: RateBook) -> None:
    # S3's 70 GB + the flow's 50 GB = 120 GB out of us-east-1; 100 GB free → 20 × $0.09
    text = ("free_tier: true\nresources:\n" + BUCKET % "70 GB" + node("web")
            + "flows: [{from: web, to: internet, data: 50 GB}]\n")
    assert total(text, shipped_book) == Decimal("1.80")


# --- NAT gateways and interface endpoints ----------------------------------------------

NAT_US = ("resources:\n" + node("workers")
          + "flows: [{from: workers, to: internet, data: 300 GB, via: nat}]\n"
          + "data_transfer: {nat_gateways: {us-east-1: 2}}\n")


@pytest.mark.parametrize(("free_tier", "egress_cost", "expected"), [
    # nat-gateway-hours us-east-1 $0.045: 2 × 730 h = $65.70; nat-gateway-data $0.045:
    # 300 GB = $13.50; internet-out 300 GB × $0.09 = $27.00
    (False, "27.00", "106.20"),
    # with the free 100 GB: (300 − 100) × $0.09 = $18.00; NAT charges have no free tier
    (True, "18.00", "97.20"),
])
def test_nat_gateway_hours_processing_and_egress(shipped_book: RateBook, free_tier: bool,
                                                 egress_cost: str, expected: str) -> None:
    text = f"free_tier: {str(free_tier).lower()}\n" + NAT_US
    assert lines(text, shipped_book) == {
        ("workers/flow to internet", "nat-gateway-data"): Decimal("13.50"),
        ("workers/flow to internet", "internet-out"): Decimal(egress_cost),
        ("data_transfer", "nat-gateway-hours"): Decimal("65.70")}
    assert total(text, shipped_book) == Decimal(expected)


def test_nat_gateway_in_sa_east_1(shipped_book: RateBook) -> None:
    # nat-gateway-hours sa-east-1 $0.093: 3 × 730 h = 2,190 h = $203.67;
    # nat-gateway-data $0.093: 2,048 GB = $190.464; internet-out 2,048 × $0.15 = $307.20
    text = ("resources:\n" + node("workers", "sa-east-1")
            + "flows: [{from: workers, to: internet, data: 2 TB, via: nat}]\n"
            + "data_transfer: {nat_gateways: {sa-east-1: 3}}\n")
    assert total(text, shipped_book) == Decimal("701.33")


def test_nat_gateway_to_another_region(shipped_book: RateBook) -> None:
    # processing 1,024 GB × $0.045 = $46.08 + inter-region-out us-east-1 1,024 × $0.02
    text = ("resources:\n" + node("workers") + node("far", "eu-west-1")
            + "flows: [{from: workers, to: far, data: 1 TB, via: nat}]\n")
    assert total(text, shipped_book) == Decimal("66.56")


@pytest.mark.parametrize(("region", "path", "endpoints", "zones", "expected"), [
    # endpoint-hours us-east-1 $0.01: 3 endpoints × 2 AZ × 730 h = $43.80;
    # endpoint-data $0.01 (first 1 PB): 500 GB = $5.00
    ("us-east-1", "same_az", 3, 2, "48.80"),
    # endpoint-hours eu-central-1 $0.012: 1 × 3 AZ × 730 h = $26.28; 500 GB × $0.01 = $5.00;
    # and the cross-AZ hop, 2 × 500 GB × $0.01 = $10.00
    ("eu-central-1", "cross_az", 1, 3, "41.28"),
])
def test_interface_endpoints(shipped_book: RateBook, region: str, path: str, endpoints: int,
                             zones: int, expected: str) -> None:
    text = ("resources:\n" + node("web", region) + node("queue", region)
            + f"flows: [{{from: web, to: queue, data: 500 GB, path: {path}, via: endpoint}}]\n"
            + f"data_transfer: {{interface_endpoints: {{{region}: "
              f"{{endpoints: {endpoints}, availability_zones: {zones}}}}}}}\n")
    assert total(text, shipped_book) == Decimal(expected)


# --- CloudFront in front: origin fetch free, delivery at CloudFront's rates -------------

def cdn(viewers: str, data: str, region: str | None = None, free: bool = False) -> str:
    """A flow of ``data`` from ``web`` to the internet through CloudFront ``site``."""
    return (f"free_tier: {str(free).lower()}\nresources:\n" + node("web", region)
            + f"  site: {{service: cloudfront, viewers: {viewers}}}\n"
            + f"flows: [{{from: web, to: internet, data: {data}, via: site}}]\n")


@pytest.mark.parametrize(("spec", "expected", "direct"), [
    # 20 TB, 60 % North America, 40 % Europe; cloudfront data-transfer-out, tiers per
    # pricing region: NA 12,288 GB = 10,240 × $0.085 + 2,048 × $0.080 = $1,034.24;
    # EU 8,192 × $0.085 = $696.32. Direct from us-east-1: 20,480 GB =
    # 10,240 × $0.09 + 10,240 × $0.085 = $1,792.00
    (cdn("{north_america: 60%, europe: 40%}", "20 TB"), "1730.56", "1792.00"),
    # free tier: CloudFront's 1 TB free comes off NA's first tier: (10,240 − 1,024) ×
    # $0.085 + 2,048 × $0.080 = $947.20, + EU $696.32. Direct: (10,240 − 100) × $0.09 +
    # 10,240 × $0.085 = $912.60 + $870.40
    (cdn("{north_america: 60%, europe: 40%}", "20 TB", free=True), "1643.52", "1783.00"),
    # from São Paulo to South American viewers: 2,048 × $0.110 against 2,048 × $0.15
    (cdn("{south_america: 100%}", "2 TB", "sa-east-1"), "225.28", "307.20"),
])
def test_cloudfront_delivery_and_its_saving(shipped_book: RateBook, spec: str, expected: str,
                                            direct: str) -> None:
    result = estimate(parse_spec(spec, "hand.yaml"), shipped_book)
    assert result.monthly_total == Decimal(expected)
    assert not any(item.key == "internet-out" for item in result.line_items)  # origin fetch free
    [comparison] = result.details["web/flow to internet"]["comparisons"]
    assert comparison["monthly_total_with"] == Decimal(direct)
    assert comparison["difference"] == Decimal(expected) - Decimal(direct)


def test_cloudfront_saving_is_marginal_to_the_accounts_other_egress(
        shipped_book: RateBook) -> None:
    # EC2 already sends 10 TB (10,240 × $0.09 = $921.60), so 10 TB more direct would cost
    # 10,240 × $0.085 = $870.40 — exactly CloudFront's 10,240 × $0.085: no saving
    text = ("resources:\n" + VM % "10 TB"
            + "  site: {service: cloudfront, viewers: {north_america: 100%}}\n"
            + "flows: [{from: vm, to: internet, data: 10 TB, via: cdn}]\n")
    result = estimate(parse_spec(text, "hand.yaml"), shipped_book)
    assert result.monthly_total == Decimal("1792.00")
    [comparison] = result.details["vm/flow to internet"]["comparisons"]
    assert comparison["difference"] == Decimal("0.00")


def test_the_issues_four_flows(shipped_book: RateBook) -> None:
    # issue #19's example, with one NAT gateway and CloudFront for North America:
    # cross_az 2 TB: 4,096 × $0.01 = $40.96; via cdn 10 TB: 10,240 × $0.085 = $870.40;
    # inter_region 5 TB us-east-1 → us-west-2: 5,120 × $0.02 = $102.40;
    # via nat 300 GB: $13.50 processed + 300 × $0.09 = $27.00 out; 730 h × $0.045 = $32.85
    text = ("resources:\n" + node("web") + node("orders-db") + node("ingest")
            + node("archive", "us-west-2") + node("workers")
            + "  cdn: {service: cloudfront}\n"
            + "flows:\n"
            + "  - {from: web, to: orders-db, data: 2 TB, path: cross_az}\n"
            + "  - {from: web, to: internet, data: 10 TB, via: cdn}\n"
            + "  - {from: ingest, to: archive, data: 5 TB, path: inter_region}\n"
            + "  - {from: workers, to: internet, data: 300 GB, via: nat}\n"
            + "data_transfer: {nat_gateways: {us-east-1: 1}}\n")
    assert total(text, shipped_book) == Decimal("1087.11")


# --- errors ------------------------------------------------------------------------------

def write(tmp_path: Path, text: str) -> str:
    """Write ``text`` as a spec file and return its path."""
    spec = tmp_path / "spec.yaml"
    spec.write_text(text, encoding="utf-8")
    return str(spec)


def test_nat_processing_where_no_rate_ships_is_exit_4(cli, tmp_path: Path) -> None:
    # us-east-2 ships NAT hours but no per-GB processing rate: never copied from us-east-1
    text = ("resources:\n" + node("workers", "us-east-2")
            + "flows: [{from: workers, to: internet, data: 1 TB, via: nat}]\n")
    result = cli("estimate", write(tmp_path, text))
    assert result.code == 4
    assert "region 'us-east-2', key 'nat-gateway-data'" in result.err


def test_flow_from_an_unshipped_region_names_the_update_command(cli, tmp_path: Path) -> None:
    result = cli("estimate", write(tmp_path, pair("me-central-1", "us-east-1", "1 TB")))
    assert result.code == 4
    assert "awscalc pricing update --service data-transfer --region me-central-1" in result.err


# --- the flow summary adds up ----------------------------------------------------------

SUMMARY_SPEC = ("resources:\n" + node("web") + node("db") + node("far", "eu-west-1")
                + "  site: {service: cloudfront}\n"
                + "flows:\n"
                + "  - {from: web, to: db, data: 400 GB, path: cross_az}\n"
                + "  - {from: web, to: far, data: 100 GB}\n"
                + "  - {from: web, to: internet, data: 1 TB, via: site}\n"
                + "  - {from: db, to: internet, data: 200 GB, via: nat}\n"
                + "data_transfer: {nat_gateways: {us-east-1: 2}}\n")


def test_flow_summary_adds_up_in_json_and_table(cli, tmp_path: Path) -> None:
    # cross-AZ 800 × $0.01 = $8.00; inter-region 100 × $0.02 = $2.00; CloudFront
    # 1,024 × $0.085 = $87.04; NAT 2 × 730 × $0.045 + 200 × $0.045 = $65.70 + $9.00;
    # internet egress 200 × $0.09 = $18.00: $189.74
    path = write(tmp_path, SUMMARY_SPEC)
    report = json.loads(cli("estimate", path, "-f", "json").out)
    flows = report["flows"]
    assert flows["by_kind"] == {"CloudFront delivery": 87.04, "NAT gateways": 74.70,
                                "internet egress": 18.00, "cross-AZ": 8.00,
                                "inter-region": 2.00}
    assert flows["monthly_total"] == 189.74
    # every line item of the transfer bill is in it, and the flows' costs are theirs
    transfer = [item["cost"] for item in report["line_items"]
                if item["service"] == "data-transfer" or item["resource"].startswith("web/")]
    assert round(sum(transfer), 2) == 189.74
    assert round(sum(flows["by_resource"].values()), 2) == 189.74
    assert {f["name"]: f["monthly_cost"] for f in flows["flows"]} == {
        "web/flow to db": 8.00, "web/flow to far": 2.00, "web/flow to internet": 87.04,
        "db/flow to internet": 27.00}
    printed = cli("estimate", path)
    table = printed.out + printed.err
    found = re.search(r"data transfer: \$([\d,.]+) a month", table)
    assert found is not None and found.group(1) == "189.74"
    assert "cross-AZ $8.00" in table and "NAT gateways $74.70" in table


# --- found wrong by the audit, fixed since -----------------------------------------------

def test_free_allowance_does_not_depend_on_the_order_of_the_resources(
        shipped_book: RateBook) -> None:
    # 80 GB out of us-east-1 ($0.09) and 50 GB out of sa-east-1 ($0.15), 100 GB free
    # across regions: one architecture, one bill, whichever resource is written first.
    # The allowance covers the dearest usage first: sa-east-1's 50 GB, then 50 of
    # us-east-1's 80 GB → 30 GB × $0.09 = $2.70
    first = ("free_tier: true\nresources:\n" + node("a") + node("b", "sa-east-1")
             + "flows:\n  - {from: a, to: internet, data: 80 GB}\n"
             + "  - {from: b, to: internet, data: 50 GB}\n")
    second = ("free_tier: true\nresources:\n" + node("b", "sa-east-1") + node("a")
              + "flows:\n  - {from: b, to: internet, data: 50 GB}\n"
              + "  - {from: a, to: internet, data: 80 GB}\n")
    assert total(first, shipped_book) == total(second, shipped_book) == Decimal("2.70")


def test_origin_fetch_from_another_region_is_free(shipped_book: RateBook) -> None:
    # "Data transfer from origin to edge locations (Amazon CloudFront 'origin fetches')"
    # is free for any AWS origin (S3 pricing page); CloudFront is global, not us-east-1
    text = ("resources:\n  bucket: {service: s3, region: eu-west-1, "
            "storage: [{class: STANDARD, size: 0 GB}]}\n  site: {service: cloudfront}\n"
            "flows: [{from: bucket, to: site, data: 1 TB}]\n")
    assert total(text, shipped_book) == Decimal("0.00")


def test_a_distribution_sending_to_the_internet_is_cloudfront_delivery(
        shipped_book: RateBook) -> None:
    # CloudFront to European viewers: cloudfront data-transfer-out europe 1,024 × $0.085
    text = ("resources:\n  site: {service: cloudfront, viewers: {europe: 100%}}\n"
            "flows: [{from: site, to: internet, data: 1 TB}]\n")
    assert total(text, shipped_book) == Decimal("87.04")


def test_data_in_from_the_internet_is_free(cli, tmp_path: Path) -> None:
    # AWS Global Network FAQ / pricing-facts §1.4: data transfer in is free
    text = "resources:\n" + node("web") + "flows: [{from: internet, to: web, data: 1 TB}]\n"
    result = cli("estimate", write(tmp_path, text), "-f", "json")
    assert result.code == 0
    assert json.loads(result.out)["totals"]["monthly"] == 0


def test_data_in_through_a_nat_gateway_pays_its_processing(shipped_book: RateBook) -> None:
    # Private instances downloading 500 GB through NAT: transfer in free; NAT processing
    # (data-transfer nat-gateway-data us-east-1 $0.045/GB) 500 × 0.045 = $22.50, plus one
    # gateway 730 h × $0.045 = $32.85 → $55.35
    text = ("resources:\n" + node("workers")
            + "flows: [{from: internet, to: workers, data: 500 GB, via: nat}]\n"
            + "data_transfer: {nat_gateways: {us-east-1: 1}}\n")
    assert total(text, shipped_book) == Decimal("55.35")


def test_a_distribution_sending_back_to_its_origin_is_origin_transfer(
        shipped_book: RateBook) -> None:
    # 100 GB of uploads from North American viewers to the origin: cloudfront
    # origin-transfer north_america $0.02/GB × 100 = $2.00
    text = ("resources:\n  site: {service: cloudfront, viewers: {north_america: 100%}}\n"
            + node("app") + "flows: [{from: site, to: app, data: 100 GB}]\n")
    assert total(text, shipped_book) == Decimal("2.00")


def test_nat_gateway_hours_outside_the_us(shipped_book: RateBook) -> None:
    # 2 NAT gateways in eu-west-1 and 1 in ap-southeast-2, 730 h each: data-transfer
    # nat-gateway-hours eu-west-1 $0.048 (EU-NatGateway-Hours), ap-southeast-2 $0.059
    # (APS2-NatGateway-Hours): 2 × 730 × 0.048 = $70.08 + 730 × 0.059 = $43.07 → $113.15
    text = ("resources:\n" + node("web")
            + "data_transfer: {nat_gateways: {eu-west-1: 2, ap-southeast-2: 1}}\n")
    assert total(text, shipped_book) == Decimal("113.15")


def test_nat_processing_in_london(shipped_book: RateBook) -> None:
    # 500 GB to the internet through NAT from eu-west-2 with 1 gateway: hours 730 × $0.05
    # = $36.50; processing (EUW2-NatGateway-Bytes) 500 × $0.05 = $25.00; egress 500 GB ×
    # internet-out eu-west-2 first tier $0.09 = $45.00 → $106.50
    text = ("region: eu-west-2\nresources:\n" + node("workers")
            + "flows: [{from: workers, to: internet, data: 500 GB, via: nat}]\n"
            + "data_transfer: {nat_gateways: {eu-west-2: 1}}\n")
    assert total(text, shipped_book) == Decimal("106.50")
