"""EC2 outside us-east-1, round 2 (issue 19): On-Demand and No Upfront Reserved Instance
hours (Linux, shared tenancy) from AWS's EC2 pricing-page feeds as committed in
yeo/ec2.shop (label 3P-PL), spot-checked against the feeds' figures (typed by hand from
data/ec2/<region>-*.json at 73696e380, not read back from the catalog); the catalog's
precedence (Karpenter's us-east-1 table, then these feeds, then libcloud's 2022 table);
the generator's rules (pricing/tools/ec2shop_ec2.py); and an ap-northeast-3 estimate
priced by hand."""

from __future__ import annotations

import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest

from awscalc.errors import PricingError
from awscalc.ratecards import RateBook

from .conftest import REPO, SHIPPED_PRICING, load_tool
from .regional import estimate, items, spec

SHIPPED = RateBook(SHIPPED_PRICING, "shipped")
EC2SHOP = "https://github.com/yeo/ec2.shop/tree/73696e380ae600b175f859850a726edebd1de72f/data/ec2"
LIBCLOUD = "https://github.com/apache/libcloud/blob/"
KARPENTER = "https://github.com/aws/karpenter-provider-aws/blob/6fc13b5236fd"
STANDARD_1Y = "reserved:1yr:standard:no_upfront"
STANDARD_3Y = "reserved:3yr:standard:no_upfront"
CONVERTIBLE_1Y = "reserved:1yr:convertible:no_upfront"
CONVERTIBLE_3Y = "reserved:3yr:convertible:no_upfront"


def _tool(name: str):
    return load_tool(name)


def _rate(region: str, instance_type: str, option: str):
    return SHIPPED.rate("ec2", "instance-hours", region,
                        (instance_type, "linux", "none", "shared", option))


# --- On-Demand: <region>-ondemand.json, published 2025-04-04 ------------------------------

# (region, type) → the "price" of the "<family> <size> <Region words> Linux" row.
ON_DEMAND = {
    ("eu-west-1", "m5.large"): "0.107",
    ("eu-west-1", "c7g.large"): "0.0775",        # a 2022 type libcloud's table lacks
    ("eu-west-1", "c5.xlarge"): "0.192",
    ("ap-southeast-2", "m5.large"): "0.12",
    ("ap-southeast-2", "m7g.large"): "0.102",
    ("ap-southeast-2", "t3.medium"): "0.0528",
    ("sa-east-1", "c5.large"): "0.131",
    ("sa-east-1", "m6i.xlarge"): "0.306",
    ("ap-northeast-3", "m5.large"): "0.124",     # a region libcloud's table never had
    ("ap-northeast-3", "t3.micro"): "0.0136",
    ("ap-northeast-3", "c6g.large"): "0.086",
    ("me-south-1", "m5.large"): "0.118",         # likewise
    ("me-south-1", "c5.large"): "0.106",
    ("us-east-2", "r3.xlarge"): "0.332",         # previousgen-ondemand.json; libcloud 0.333
}


@pytest.mark.parametrize("case", sorted(ON_DEMAND), ids="-".join)
def test_on_demand_rates_are_the_feeds(case: tuple[str, str]) -> None:
    rate = _rate(*case, "on_demand")
    assert rate.tiers[0].rate == Decimal(ON_DEMAND[case])
    assert rate.verified is False and rate.source == EC2SHOP
    assert rate.retrieved == "2025-04-04"


# --- Reserved, No Upfront: <region>-reservedinstance[-convertible]-<1y|3y>.json ---------

# (region, type, option) → the "price" of the "… Shared Linux No License required
# <1|3> year No Upfront" row of the standard / convertible feed.
RESERVED = {
    ("eu-west-1", "m5.large", STANDARD_1Y): "0.067",
    ("eu-west-1", "m5.large", STANDARD_3Y): "0.046",
    ("eu-west-1", "m5.large", CONVERTIBLE_1Y): "0.086",
    ("eu-west-1", "m5.large", CONVERTIBLE_3Y): "0.061",
    ("eu-west-1", "c5.xlarge", STANDARD_1Y): "0.121",
    ("eu-west-1", "t3.micro", CONVERTIBLE_3Y): "0.0066",
    ("ap-southeast-2", "m5.large", STANDARD_1Y): "0.076",
    ("ap-southeast-2", "m7g.large", STANDARD_3Y): "0.0463",
    ("ap-southeast-2", "t3.medium", CONVERTIBLE_1Y): "0.0412",
    ("ap-southeast-2", "c5.large", CONVERTIBLE_3Y): "0.057",
    ("sa-east-1", "m6i.xlarge", STANDARD_1Y): "0.18963",
    ("sa-east-1", "m6i.xlarge", STANDARD_3Y): "0.13835",
    ("sa-east-1", "c5.large", CONVERTIBLE_1Y): "0.107",
    ("sa-east-1", "m5.large", CONVERTIBLE_3Y): "0.079",
    ("ap-northeast-3", "m5.large", STANDARD_1Y): "0.078",
    ("ap-northeast-3", "m5.large", STANDARD_3Y): "0.054",
    ("ap-northeast-3", "m5.large", CONVERTIBLE_1Y): "0.099",
    ("ap-northeast-3", "m5.large", CONVERTIBLE_3Y): "0.072",
    ("ap-northeast-3", "t3.micro", CONVERTIBLE_3Y): "0.0077",
    ("me-south-1", "m5.large", STANDARD_1Y): "0.074",
    ("me-south-1", "c5.large", STANDARD_3Y): "0.046",
    ("me-south-1", "c5.large", CONVERTIBLE_1Y): "0.084",
    ("me-south-1", "m5.large", CONVERTIBLE_3Y): "0.067",
    ("us-east-1", "m5.large", STANDARD_1Y): "0.06",     # On-Demand stays Karpenter's
    ("us-east-1", "c5.large", CONVERTIBLE_3Y): "0.041",
}


@pytest.mark.parametrize("case", sorted(RESERVED), ids="-".join)
def test_reserved_rates_are_the_feeds(case: tuple[str, str, str]) -> None:
    rate = _rate(*case)
    assert rate.tiers[0].rate == Decimal(RESERVED[case])
    assert rate.verified is False and rate.source == EC2SHOP
    # The reserved feeds carry no publication date: the commit that wrote them (UTC).
    assert rate.retrieved == "2025-04-05"


@pytest.mark.parametrize(("region", "instance_type", "option"), [
    ("ap-northeast-3", "m5.large", "reserved:1yr:standard:partial_upfront"),
    ("eu-west-1", "m5.large", "reserved:3yr:convertible:all_upfront"),
    ("sa-east-1", "m5.large", "savings_plan:compute:1yr:no_upfront"),
])
def test_options_the_feeds_lack_stay_missing(region: str, instance_type: str,
                                             option: str) -> None:
    with pytest.raises(PricingError, match=f"region '{region}'"):
        _rate(region, instance_type, option)


def test_other_operating_systems_stay_missing() -> None:
    """The feeds are Linux only; nothing is derived for Windows."""
    with pytest.raises(PricingError, match="pricing update --service ec2 --region eu-west-1"):
        SHIPPED.rate("ec2", "instance-hours", "eu-west-1",
                     ("m5.large", "windows", "none", "shared", "on_demand"))


# --- precedence ---------------------------------------------------------------------------

def test_karpenters_us_east_1_rows_still_win() -> None:
    """us-east-1 On-Demand figures do not change: Karpenter's generated table (2026)."""
    for instance_type, figure in (("c5.large", "0.085"), ("m5.large", "0.096"),
                                  ("p5.48xlarge", "55.04")):   # the 2025 feed: 98.32
        rate = _rate("us-east-1", instance_type, "on_demand")
        assert rate.tiers[0].rate == Decimal(figure)
        assert rate.source.startswith(KARPENTER) and rate.verified is True


def test_a_reserved_rate_priced_against_a_superseded_on_demand_rate_is_left_out() -> None:
    """The us-east-1 feed prices p5.48xlarge 3-year Standard at $43.15701 against an
    On-Demand $98.32; the catalog's On-Demand rate is Karpenter's newer $55.04, so the
    feed's reserved rate is not shipped."""
    with pytest.raises(PricingError):
        _rate("us-east-1", "p5.48xlarge", STANDARD_3Y)


def test_libcloud_fills_only_what_the_feeds_lack() -> None:
    """hs1.8xlarge is in no 2025 feed; libcloud's 2022 (or 2020) row stays."""
    rate = _rate("ap-southeast-2", "hs1.8xlarge", "on_demand")
    assert rate.source.startswith(LIBCLOUD) and rate.verified is False
    assert _rate("eu-west-1", "m5.large", "on_demand").source == EC2SHOP


# --- an estimate in ap-northeast-3, by hand -----------------------------------------------

def test_ap_northeast_3_estimate_by_hand(cli, tmp_path: Path) -> None:
    """2 × m5.large On-Demand: 1,460 h × $0.124 = $181.04; t3.micro 3-year Convertible
    No Upfront: 730 h × $0.0077 = $5.621 → $5.62; total $186.66. The On-Demand pair's
    cheapest commitment is 3-year Standard: 1,460 h × $0.054 = $78.84 a month."""
    data = estimate(cli, spec(tmp_path, "ap-northeast-3",
                              "  app: {service: ec2, instance_type: m5.large, count: 2}\n"
                              "  batch: {service: ec2, instance_type: t3.micro, purchase: "
                              "reserved, reserved: {term: 3yr, class: convertible}}\n"))
    by_resource = {item["resource"]: item for item in data["line_items"]}
    assert by_resource["app"]["cost"] == 181.04
    assert by_resource["batch"]["cost"] == 5.62
    assert data["totals"]["monthly"] == 186.66
    assert not any(item["verified"] for item in data["line_items"])
    app = next(r for r in data["resources"] if r["name"] == "app")
    monthly = {row["option"]: row["monthly"] for row in app["details"]["commitments"]}
    assert monthly == {STANDARD_1Y: 113.88, CONVERTIBLE_1Y: 144.54, STANDARD_3Y: 78.84,
                       CONVERTIBLE_3Y: 105.12}
    batch = next(r for r in data["resources"] if r["name"] == "batch")
    assert batch["details"]["commitment"]["term_total"] == 202.36   # 36 × $5.621


@pytest.mark.parametrize(("region", "cost"), [
    ("eu-west-1", 78.11),         # 730 h × $0.107 = $78.11
    ("ap-southeast-2", 87.6),     # 730 h × $0.12
    ("sa-east-1", 111.69),        # 730 h × $0.153 = $111.69
    ("me-south-1", 86.14),        # 730 h × $0.118 = $86.14
])
def test_m5_large_prices_in_each_region(cli, tmp_path: Path, region: str, cost: float) -> None:
    data = estimate(cli, spec(tmp_path, region,
                              "  w: {service: ec2, instance_type: m5.large}\n"))
    assert items(data)["instance-hours"] == cost


# --- the generator's rules ----------------------------------------------------------------

@pytest.fixture(scope="module")
def tool():
    return _tool("ec2shop_ec2")


def _feed(tool, suffix: str, entries: dict) -> object:
    data = {"manifest": {"source": "x"}, "regions": {"EU (Ireland)": entries}}
    return tool.Feed(suffix, "eu-west-1", "0" * 40, "2025-04-05", "2025-04-04", data)


def _od(price: str, sku: str = "SKU1") -> dict:
    return {"Instance Type": "m5.large", "Operating System": "Linux",
            "Pre Installed S/W": "NA", "License Model": "No License required",
            "rateCode": f"{sku}.JRTCKXETXF.6YS6EN2CT7", "price": price}


def _ri(price: str, sku: str = "SKU1", tenancy: str = "Shared",
        on_demand: str = "0.107") -> dict:
    return {"Instance Type": "m5.large", "OnDemand:InstanceType": "m5.large",
            "Operating System": "Linux", "Pre Installed S/W": "NA", "Tenancy": tenancy,
            "PurchaseOption": "No Upfront", "LeaseContractLength": "1yr",
            "OnDemand:RateCode": f"{sku}.JRTCKXETXF.6YS6EN2CT7",
            "OnDemand:PricePerUnit": on_demand, "price": price}


def test_a_zero_price_is_missing_not_free(tool) -> None:
    rows = tool.region_rows([_feed(tool, "ondemand", {"a": _od("0.0000000000")}),
                             _feed(tool, "reservedinstance-1y", {"b": _ri("0.067")})])
    assert [(row.option, row.price) for row in rows] == [(STANDARD_1Y, Decimal("0.067"))]


def test_a_reserved_sku_other_than_the_on_demand_one_stops_the_script(tool) -> None:
    """The On-Demand feed names no tenancy: its rows are shared only because their SKU is
    the reserved feed's Shared-tenancy On-Demand SKU."""
    with pytest.raises(ValueError, match="On-Demand SKU"):
        tool.region_rows([_feed(tool, "ondemand", {"a": _od("0.107", "SKU1")}),
                          _feed(tool, "reservedinstance-1y", {"b": _ri("0.067", "SKU2")})])


def test_an_unexpected_attribute_stops_the_script(tool) -> None:
    with pytest.raises(ValueError, match="Tenancy 'Dedicated'"):
        tool.region_rows([_feed(tool, "reservedinstance-1y",
                                {"b": _ri("0.067", tenancy="Dedicated")})])


def test_reserved_rows_ship_only_beside_their_own_on_demand_rate(tool) -> None:
    feeds = [_feed(tool, "ondemand", {"a": _od("0.107")}),
             _feed(tool, "reservedinstance-1y", {"b": _ri("0.067", on_demand="0.11")})]
    kept, left = tool.consistent(tool.region_rows(feeds), {})
    assert [row.option for row in kept] == ["on_demand"]
    assert len(left) == 1 and "priced against On-Demand 0.11" in left[0]


def test_the_catalog_holds_every_row_of_the_source_file() -> None:
    """The generator leaves out what would never ship (Karpenter's us-east-1 rows, stale
    reserved rows), so after a rebuild every row of ec2-ec2shop.yaml is in the catalog —
    counted by line, without parsing the 6 MB file."""
    text = (REPO / "pricing" / "sources" / "ec2-ec2shop.yaml").read_text(encoding="utf-8")
    written = sum(1 for line in text.splitlines() if line.startswith("  - [instance-hours, "))
    with sqlite3.connect(SHIPPED_PRICING / "ec2.sqlite") as connection:
        shipped = connection.execute(
            "SELECT count(*) FROM rates r JOIN sources s ON s.id = r.source "
            "WHERE s.source LIKE 'https://github.com/yeo/ec2.shop/%'").fetchone()[0]
    assert written == shipped > 50_000
