"""Priced data flows (awscalc/flows.py): cross-AZ in both directions, NAT gateways,
interface endpoints, inter-region pairs, CloudFront in front, the internet egress tiers
and free allowance shared with other services' egress, the flow summary, and errors.
Every expected amount is computed by hand in the comments from the frozen
data-transfer card (Infracost's Price List goldens, cited in the card)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from awscalc.errors import PricingError, SpecError
from awscalc.estimate import estimate
from awscalc.ratecards import RateBook
from awscalc.spec import parse_spec

# Resources with no usage of their own: custom amounts of $0 in any region.
NODES = """resources:
  web: {service: custom, monthly: 0}
  db: {service: custom, monthly: 0}
  far: {service: custom, monthly: 0, region: eu-west-1}
"""


def price(text: str, book: RateBook, **options):
    return estimate(parse_spec(text, "test.yaml", **options), book)


def costs(result, resource: str) -> dict[str, Decimal]:
    return {item.key: item.cost for item in result.line_items if item.resource == resource}


def flows(*lines: str, head: str = NODES) -> str:
    return head + "flows:\n" + "".join(f"  - {line}\n" for line in lines)


def test_cross_az_is_charged_in_each_direction(frozen_book: RateBook) -> None:
    # 1 TB = 1,024 GB out of one AZ ($0.01) and 1,024 GB into the other ($0.01): $20.48
    result = price(flows("{from: web, to: db, data: 1 TB, path: cross_az}"), frozen_book)
    item, = [i for i in result.line_items if i.resource == "web/flow to db"]
    assert (item.key, item.quantity, item.cost) == ("cross-az", Decimal(2048), Decimal("20.48"))
    assert item.region == "us-east-1"
    assert result.parents["web/flow to db"] == "web"  # a line item under its source


def test_both_directions_as_two_flows_add_up(frozen_book: RateBook) -> None:
    # 500 GB each way: (2 × 500 + 2 × 500) GB × $0.01 = $20.00, split between the flows
    result = price(flows("{from: web, to: db, data: 500 GB, path: cross_az}",
                         "{from: db, to: web, data: 500 GB, path: cross_az}"), frozen_book)
    assert costs(result, "web/flow to db") == {"cross-az": Decimal("10.00")}
    assert costs(result, "db/flow to web") == {"cross-az": Decimal("10.00")}


def test_same_az_is_free(frozen_book: RateBook) -> None:
    result = price(flows("{from: web, to: db, data: 5 TB, path: same_az}"), frozen_book)
    assert costs(result, "web/flow to db") == {}
    assert result.details["web/flow to db"]["flow"]["monthly_cost"] == Decimal("0.00")


def test_nat_gateway_hours_processing_and_egress(frozen_book: RateBook) -> None:
    # IC nat_gateway_test: 730 h × $0.045 = $32.85 per gateway; 100 GB × $0.045 = $4.50
    # processed; then the egress itself: 100 GB × $0.09 = $9.00 (no free tier)
    text = flows("{from: web, to: internet, data: 100 GB, via: nat}") + \
        "data_transfer: {nat_gateways: {us-east-1: 2}}\n"
    result = price(text, frozen_book)
    assert costs(result, "web/flow to internet") == {
        "nat-gateway-data": Decimal("4.50"), "internet-out": Decimal("9.00")}
    assert costs(result, "data_transfer") == {"nat-gateway-hours": Decimal("65.70")}


def test_nat_gateway_in_sa_east_1(frozen_book: RateBook) -> None:
    # hclprovider_alias golden: $67.89 / 730 h = $0.093 per hour and per GB in São Paulo
    text = ("resources:\n  w: {service: custom, monthly: 0, region: sa-east-1}\n"
            "flows: [{from: w, to: internet, data: 10 GB, via: nat}]\n"
            "data_transfer: {nat_gateways: {sa-east-1: 1}}\n")
    result = price(text, frozen_book)
    # 10 GB × $0.093 = $0.93 processed; 10 GB × $0.15 (sa-east-1 first 10 TB) = $1.50
    assert costs(result, "w/flow to internet") == {
        "nat-gateway-data": Decimal("0.93"), "internet-out": Decimal("1.50")}
    assert costs(result, "data_transfer") == {"nat-gateway-hours": Decimal("67.89")}


def test_nat_gateway_where_no_rate_ships_is_exit_4(frozen_book: RateBook) -> None:
    text = NODES + "data_transfer: {nat_gateways: {eu-west-1: 1}}\n"
    with pytest.raises(PricingError, match="nat-gateway-hours"):
        price(text, frozen_book)


def test_interface_endpoints_per_az_hour_and_per_gb(frozen_book: RateBook) -> None:
    # 2 endpoints × 3 AZs × 730 h × $0.01 = $43.80; 100 GB × $0.01 = $1.00 processed
    text = flows("{from: web, to: db, data: 100 GB, path: same_az, via: endpoint}") + \
        "data_transfer: {interface_endpoints: {us-east-1: {endpoints: 2, availability_zones: 3}}}\n"
    result = price(text, frozen_book)
    assert costs(result, "web/flow to db") == {"endpoint-data": Decimal("1.00")}
    assert costs(result, "data_transfer") == {"endpoint-hours": Decimal("43.80")}


def test_interface_endpoint_data_tiers_start_at_one_pebibyte(frozen_book: RateBook) -> None:
    # 1,048,576 GB × $0.01 + 1,048,576 GB × $0.006 = $10,485.76 + $6,291.456 = $16,777.22
    result = price(flows("{from: web, to: db, data: 2 PB, path: same_az, via: endpoint}"),
                   frozen_book)
    assert costs(result, "web/flow to db") == {"endpoint-data": Decimal("16777.22")}


@pytest.mark.parametrize(("source", "target", "key", "cost"), [
    # 1 TB = 1,024 GB, billed by the source region
    ("us-east-1", "us-east-2", "inter-region-out-us-east", "10.24"),    # × $0.01
    ("us-east-2", "us-east-1", "inter-region-out-us-east", "10.24"),    # × $0.01
    ("us-east-1", "eu-west-1", "inter-region-out", "20.48"),            # × $0.02
    ("us-east-2", "us-west-2", "inter-region-out", "20.48"),            # × $0.02
    ("eu-west-1", "us-east-1", "inter-region-out", "20.48"),            # × $0.02
    ("ap-southeast-2", "us-east-1", "inter-region-out", "100.35"),      # × $0.098 = 100.352
    ("sa-east-1", "us-east-1", "inter-region-out", "141.31"),           # × $0.138 = 141.312
    ("ap-northeast-1", "ap-southeast-1", "inter-region-out", "92.16"),  # × $0.09
    ("me-south-1", "eu-west-1", "inter-region-out", "113.15"),          # × $0.1105 = 113.152
])
def test_inter_region_pairs(frozen_book: RateBook, source: str, target: str, key: str,
                            cost: str) -> None:
    text = (f"resources:\n  a: {{service: custom, monthly: 0, region: {source}}}\n"
            f"  b: {{service: custom, monthly: 0, region: {target}}}\n"
            "flows: [{from: a, to: b, data: 1 TB}]\n")
    result = price(text, frozen_book)
    item, = [i for i in result.line_items if i.resource == "a/flow to b"]
    assert (item.key, item.region, item.cost) == (key, source, Decimal(cost))
    assert result.details["a/flow to b"]["flow"]["path"] == "inter_region"


def test_regions_come_from_the_resources_and_follow_region_override(
        frozen_book: RateBook) -> None:
    # web takes the default region, which --region ap-southeast-2 makes Sydney; far stays
    # in eu-west-1: Sydney → Ireland, billed by Sydney at $0.098 × 1,024 GB = $100.352
    text = flows("{from: web, to: far, data: 1 TB}")
    result = price(text, frozen_book, region="ap-southeast-2")
    item, = [i for i in result.line_items if i.resource == "web/flow to far"]
    assert (item.region, item.cost) == ("ap-southeast-2", Decimal("100.35"))  # × $0.098


def test_internet_egress_shares_the_account_tiers_with_other_services(
        frozen_book: RateBook) -> None:
    # EC2's own 1 TB + the flow's 10 TB = 11,264 GB out of us-east-1, one ladder:
    # 10,240 × $0.09 + 1,024 × $0.085 = $921.60 + $87.04 = $1,008.64, in proportion
    text = ("resources:\n  web: {service: ec2, instance_type: t3.micro, hours: 0 h, "
            "data_transfer_out: 1 TB}\n"
            "flows: [{from: web, to: internet, data: 10 TB}]\n")
    result = price(text, frozen_book)
    egress = [i for i in result.line_items if i.key == "internet-out"]
    assert sum(i.cost for i in egress) == Decimal("1008.64")
    assert {i.resource for i in egress} == {"web", "web/flow to internet"}
    # 10/11 of $1,008.64 = $916.945… → $916.95; 1/11 → $91.69
    assert costs(result, "web/flow to internet")["internet-out"] == Decimal("916.95")


def test_free_allowance_is_shared_with_other_egress(frozen_book: RateBook) -> None:
    # 60 GB from EC2 + 60 GB of the flow = 120 GB; 100 GB free account-wide → 20 GB × $0.09
    text = ("free_tier: true\n"
            "resources:\n  web: {service: ec2, instance_type: t3.micro, hours: 0 h, "
            "data_transfer_out: 60 GB}\n"
            "flows: [{from: web, to: internet, data: 60 GB}]\n")
    result = price(text, frozen_book)
    egress = [i for i in result.line_items if i.key == "internet-out"]
    assert sum(i.cost for i in egress) == Decimal("1.80")
    assert sum(i.free_quantity for i in egress) == Decimal(100)


def test_free_allowance_is_shared_across_regions(frozen_book: RateBook) -> None:
    # 80 GB out of us-east-1 and 80 GB out of eu-west-1, both $0.09: one 100 GB pool,
    # drawn at equal rates in region order — eu-west-1's 80 GB free, then 20 of
    # us-east-1's: 60 GB × $0.09 = $5.40, whichever flow is written first
    text = ("free_tier: true\n" + NODES +
            "flows:\n  - {from: web, to: internet, data: 80 GB}\n"
            "  - {from: far, to: internet, data: 80 GB}\n")
    result = price(text, frozen_book)
    assert costs(result, "far/flow to internet") == {"internet-out": Decimal("0.00")}
    assert costs(result, "web/flow to internet") == {"internet-out": Decimal("5.40")}


def test_cdn_origin_fetch_is_free_and_cloudfront_delivers(frozen_book: RateBook) -> None:
    # 2 TB through CloudFront to North American viewers: 2,048 GB × $0.085 = $174.08;
    # no internet-out line (origin → CloudFront is free)
    text = ("resources:\n  web: {service: custom, monthly: 0}\n"
            "  site: {service: cloudfront, viewers: {north_america: 100%}}\n"
            "flows: [{from: web, to: internet, data: 2 TB, via: cdn}]\n")
    result = price(text, frozen_book)
    assert costs(result, "web/flow to internet") == {"data-transfer-out": Decimal("174.08")}
    direct = price(text.replace(", via: cdn", ""), frozen_book)
    # the same 2 TB straight out of us-east-1: 2,048 GB × $0.09 = $184.32
    assert costs(direct, "web/flow to internet") == {"internet-out": Decimal("184.32")}


def test_cdn_shares_cloudfronts_free_terabyte(frozen_book: RateBook) -> None:
    # the distribution's own 600 GB + the flow's 600 GB = 1,200 GB; 1,024 GB free:
    # 176 GB × $0.085 = $14.96 (Europe rate = North America's first tier)
    text = ("free_tier: true\nresources:\n  web: {service: custom, monthly: 0}\n"
            "  site: {service: cloudfront, data_transfer_out: 600 GB, "
            "viewers: {europe: 100%}}\n"
            "flows: [{from: web, to: internet, data: 600 GB, via: site}]\n")
    result = price(text, frozen_book)
    delivered = [i for i in result.line_items if i.key == "data-transfer-out"]
    assert sum(i.cost for i in delivered) == Decimal("14.96")


@pytest.mark.parametrize(("free_tier", "saving"), [
    # 10 TB to North American viewers: CloudFront 10,240 GB × $0.085 = $870.40 against
    # 10,240 GB × $0.09 = $921.60 straight out of us-east-1
    (False, "51.20"),
    # free tier: CloudFront's 1,024 GB free, (10,240 − 1,024) × $0.085 = $783.36, against
    # the internet's 100 GB free, (10,240 − 100) × $0.09 = $912.60
    (True, "129.24"),
])
def test_a_flow_through_cloudfront_shows_its_saving(frozen_book: RateBook, free_tier: bool,
                                                    saving: str) -> None:
    text = (f"free_tier: {str(free_tier).lower()}\n"
            "resources:\n  web: {service: custom, monthly: 0}\n"
            "  site: {service: cloudfront, viewers: {north_america: 100%}}\n"
            "flows: [{from: web, to: internet, data: 10 TB, via: cdn}]\n")
    details = price(text, frozen_book).details["web/flow to internet"]
    [comparison] = details["comparisons"]
    assert comparison["with"] == "direct to the internet"
    assert comparison["difference"] == -Decimal(saving)
    assert f"costs ${saving}" in details["summary"][-1]


def test_flows_not_through_cloudfront_are_not_compared(frozen_book: RateBook) -> None:
    result = price(flows("{from: web, to: internet, data: 1 TB}",
                         "{from: web, to: far, data: 1 TB}"), frozen_book)
    assert not any("comparisons" in result.details.get(name, {})
                   for name in ("web/flow to internet", "web/flow to far"))


def test_the_flow_summary_says_where_the_transfer_bill_comes_from(
        frozen_book: RateBook) -> None:
    text = flows("{from: web, to: db, data: 1 TB, path: cross_az}",
                 "{from: web, to: far, data: 1 TB}",
                 "{from: web, to: internet, data: 100 GB, via: nat}") + \
        "data_transfer: {nat_gateways: {us-east-1: 1}}\n"
    result = price(text, frozen_book)
    summary = result.details["data transfer"]
    # cross-AZ $20.48; inter-region $20.48; NAT $32.85 + $4.50; egress 100 GB × $0.09
    assert summary["by_kind"] == {"NAT gateways": Decimal("37.35"),
                                  "cross-AZ": Decimal("20.48"),
                                  "inter-region": Decimal("20.48"),
                                  "internet egress": Decimal("9.00")}
    assert summary["monthly_total"] == Decimal("87.31")
    assert [f["name"] for f in summary["flows"]] == [
        "web/flow to db", "web/flow to far", "web/flow to internet"]
    assert any(line.startswith("data transfer: $87.31 a month") for line in result.summaries())


def test_two_flows_between_the_same_pair_get_distinct_names(frozen_book: RateBook) -> None:
    result = price(flows("{from: web, to: internet, data: 1 GB}",
                         "{from: web, to: internet, data: 2 GB}"), frozen_book)
    names = [name for name, _, _ in result.resources]
    assert names[:3] == ["web", "web/flow to internet", "web/flow to internet #2"]


@pytest.mark.parametrize(("line", "message", "hint"), [
    ("{from: wbe, to: db, data: 1 GB, path: cross_az}",
     "test.yaml:6: $.flows[0].from: unknown resource 'wbe'", "did you mean 'web'?"),
    ("{from: web, to: dbb, data: 1 GB, path: cross_az}",
     "test.yaml:6: $.flows[0].to: unknown resource 'dbb'", "did you mean 'db'?"),
    ("{from: web, to: db, data: 1 GB}", "test.yaml:6: $.flows[0].path: 'web' and 'db' are "
     "both in us-east-1", "path: cross_az"),
    ("{from: web, to: far, data: 1 GB, path: cross_az}",
     "test.yaml:6: $.flows[0].path: path 'cross_az' does not fit", "expected inter_region"),
])
def test_flows_naming_unknown_resources_or_wrong_paths(frozen_book: RateBook, line: str,
                                                       message: str, hint: str) -> None:
    with pytest.raises(SpecError) as found:
        price(flows(line), frozen_book)
    assert str(found.value).startswith(message)
    assert hint in found.value.hint


def test_validate_reports_flow_errors_exit_3(cli, tmp_path) -> None:
    spec = tmp_path / "s.yaml"
    spec.write_text(flows("{from: web, to: internt, data: 1 GB}"), encoding="utf-8")
    result = cli("validate", str(spec))
    assert result.code == 3
    assert "did you mean 'internet'?" in result.err


def test_a_flow_through_nat_without_a_gateway_there_warns(frozen_book: RateBook) -> None:
    # the NAT processing is priced; the gateway's hours are not, so the report says so
    text = flows("{from: web, to: internet, data: 10 GB, via: nat}")
    result = price(text, frozen_book)
    assert any("passes a NAT gateway in us-east-1 but data_transfer.nat_gateways has none"
               in warning for warning in result.warnings)
    with_gateway = price(text + "data_transfer: {nat_gateways: {us-east-1: 1}}\n",
                         frozen_book)
    assert not any("NAT gateway" in warning for warning in with_gateway.warnings)


def test_a_flow_from_the_internet_is_shown_under_its_receiver(frozen_book: RateBook) -> None:
    # data in is free: no line item, a $0.00 flow line under 'web'
    result = price(flows("{from: internet, to: web, data: 2 TB}"), frozen_book)
    assert result.parents["web/flow from internet"] == "web"
    assert not [i for i in result.line_items if i.resource == "web/flow from internet"]
    assert result.details["web/flow from internet"]["summary"] == [
        "2,048 GB a month from the internet: $0.00"]


def test_the_transfer_summary_counts_a_distributions_own_delivery(frozen_book: RateBook
                                                                  ) -> None:
    # "where does my transfer bill come from?" includes CloudFront's own data transfer out,
    # not only the CloudFront delivery of flows
    text = flows("{from: web, to: db, data: 100 GB, path: cross_az}",
                 head=NODES + "  www: {service: cloudfront, data_transfer_out: 1 TB,"
                              " viewers: {north_america: 100%}}\n")
    result = price(text, frozen_book)
    delivery = sum(i.cost for i in result.line_items
                   if i.resource == "www" and i.key == "data-transfer-out")
    summary = result.details["data transfer"]
    assert delivery > 0
    assert summary["by_kind"]["CloudFront delivery"] == delivery
    assert summary["by_resource"]["www"] == delivery
    # 100 GB cross-AZ: 2 × 100 GB × $0.01 = $2.00
    assert summary["by_kind"]["cross-AZ"] == Decimal("2.00")
    assert summary["monthly_total"] == delivery + Decimal("2.00")
