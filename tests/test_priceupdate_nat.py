"""``pricing update --service ec2`` also reads the AmazonEC2 offer's zonal NAT gateway rows
into the data-transfer card (``nat-gateway-hours``, ``nat-gateway-data``), and a missing
NAT rate names that command.

The offer files are hand-made in AWS's layout with fake prices
(tests/data/offers/ec2/README.md): no real offer file with NAT rows is available, so the
rules are tentative and these tests check selection, never a rate.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from awscalc.errors import PricingError
from awscalc.priceupdate.ec2 import NAT_RULES, Provenance, build_ec2

from .conftest import FROZEN_PRICING, SHIPPED_PRICING
from .ec2_offers import add_ec2_offers, edited_offer, set_on_demand_price
from .test_priceupdate import needs_fixtures

DATA = Path(__file__).resolve().parent / "data" / "offers" / "ec2"
EU_JSON = DATA / "AmazonEC2_eu-west-1_nat-handmade.json"
US_CSV = DATA / "AmazonEC2_us-east-1_nat-handmade.csv"
WHEN = Provenance(retrieved="2026-12-01T12:00:00Z")
# The fake prices of the zonal rows, as the fixtures' README lists them.
ZONAL = {
    "nat-gateway-hours": {"eu-west-1": {"rate": "0.0123"}, "us-east-1": {"rate": "0.0234"}},
    "nat-gateway-data": {"eu-west-1": {"rate": "0.0456"}, "us-east-1": {"rate": "0.0567"}},
}
NAT_SPEC = ("resources: {web: {service: sqs, requests: 1M}}\n"
            "data_transfer: {nat_gateways: {eu-west-1: 1}}\n")


def without_nat_rows(target: Path) -> Path:
    """The us-east-1 CSV with every NAT gateway row removed (the instance row stays)."""
    lines = US_CSV.read_text(encoding="utf-8").splitlines(keepends=True)
    target.write_text("".join(line for line in lines if "NatGateway" not in line),
                      encoding="utf-8")
    return target


def edited_json(target: Path, change: Any) -> Path:
    """The eu-west-1 JSON file, edited by ``change(document)``."""
    return edited_offer(EU_JSON, target, change)


# -- the builder ---------------------------------------------------------------------------

def test_only_the_zonal_rows_of_json_and_csv_files(tmp_path: Path) -> None:
    """Regional NAT gateway, provisioned bandwidth and Local Zone rows are other products."""
    result = build_ec2({"eu-west-1": EU_JSON, "us-east-1": US_CSV}, {},
                       tmp_path / "ec2.sqlite", WHEN)
    assert result.nat == ZONAL
    assert result.nat_unmatched == {} and result.ambiguous == []
    # the instance row of each file still goes to the catalog
    assert result.count == 2
    assert result.regions["us-east-1"].skipped == {
        "not an AWS Region (Outposts, Local or Wavelength Zone)": 1}


def test_a_region_without_nat_rows_reports_the_tentative_rule(tmp_path: Path) -> None:
    result = build_ec2({"us-east-1": without_nat_rows(tmp_path / "us.csv")}, {},
                       tmp_path / "ec2.sqlite", WHEN)
    assert result.nat == {} and result.count == 1
    assert set(result.nat_unmatched) == {("nat-gateway-hours", "us-east-1"),
                                         ("nat-gateway-data", "us-east-1")}
    why = result.nat_unmatched[("nat-gateway-hours", "us-east-1")]
    assert why.startswith("the unconfirmed Price List rule usagetype=NatGateway-Hours with "
                          "prefix USE1- or none, productFamily=NAT Gateway")
    assert why.endswith("selected nothing usable: no product matched")


def test_another_prefix_or_family_selects_nothing(tmp_path: Path) -> None:
    """Exact usage types of the region's own prefix, in the NAT Gateway family only."""
    def change(document: dict[str, Any]) -> None:
        products = document["products"]
        products["HANDMADENATHRS01"]["attributes"]["usagetype"] = "EUW2-NatGateway-Hours"
        products["HANDMADENATGB001"]["productFamily"] = "Data Transfer"

    result = build_ec2({"eu-west-1": edited_json(tmp_path / "eu.json", change)}, {},
                       tmp_path / "ec2.sqlite", WHEN)
    assert result.nat == {}
    assert set(result.nat_unmatched) == {("nat-gateway-hours", "eu-west-1"),
                                         ("nat-gateway-data", "eu-west-1")}
    assert result.regions["eu-west-1"].skipped == {
        "NAT gateway usage type without the region's own prefix": 1,
        "NAT gateway usage type with other attributes": 1}


def test_two_prices_for_one_rate_are_dropped_not_guessed(tmp_path: Path) -> None:
    def change(document: dict[str, Any]) -> None:
        twin = json.loads(json.dumps(document["products"]["HANDMADENATHRS01"]))
        twin["sku"] = "HANDMADENATHRS02"
        document["products"]["HANDMADENATHRS02"] = twin
        terms = json.dumps(document["terms"]["OnDemand"]["HANDMADENATHRS01"])
        document["terms"]["OnDemand"]["HANDMADENATHRS02"] = json.loads(
            terms.replace("HANDMADENATHRS01", "HANDMADENATHRS02").replace("0.0123", "0.0124"))

    result = build_ec2({"eu-west-1": edited_json(tmp_path / "eu.json", change)}, {},
                       tmp_path / "ec2.sqlite", WHEN)
    assert result.nat == {"nat-gateway-data": {"eu-west-1": {"rate": "0.0456"}}}
    assert result.ambiguous == ["data-transfer nat-gateway-hours eu-west-1"]
    assert result.nat_unmatched[("nat-gateway-hours", "eu-west-1")].endswith(
        "two products gave different prices")


def test_a_bad_nat_price_is_an_error_and_writes_nothing(tmp_path: Path) -> None:
    bad = edited_json(tmp_path / "eu.json", set_on_demand_price("HANDMADENATGB001", "0.04x"))
    with pytest.raises(PricingError, match=re.escape("SKU HANDMADENATGB001: price '0.04x' is not")):
        build_ec2({"eu-west-1": bad}, {}, tmp_path / "ec2.sqlite", WHEN)
    assert list(tmp_path.iterdir()) == [bad]


def test_the_declaration_names_the_builder_of_every_nat_key() -> None:
    from awscalc.services import declarations

    declared = declarations()["data-transfer"]
    assert declared.price_list_fetched_by == {"nat-gateway-hours": "ec2",
                                              "nat-gateway-data": "ec2"}
    assert {rule.key for rule in NAT_RULES.values()} == set(declared.price_list_fetched_by)
    assert set(declared.price_list_fetched_by) <= set(declared.meters)


# -- the missing-rate hint -----------------------------------------------------------------

def test_a_missing_nat_rate_names_the_ec2_update(cli, tmp_path: Path) -> None:
    spec = tmp_path / "nat.yaml"
    spec.write_text(NAT_SPEC, encoding="utf-8")
    result = cli("estimate", str(spec), "--pricing", str(FROZEN_PRICING))
    assert result.code == 4
    assert result.err.rstrip().endswith(
        "run 'awscalc pricing update --service ec2 --region eu-west-1')"), result.err


def test_other_data_transfer_keys_keep_their_hint() -> None:
    from awscalc.ratecards import card_update_hint

    assert card_update_hint("data-transfer", "nat-gateway-data", "ap-south-1") == (
        "run 'awscalc pricing update --service ec2 --region ap-south-1'")
    assert card_update_hint("data-transfer", "internet-out", "ap-south-1") == (
        "run 'awscalc pricing update --service data-transfer --region ap-south-1'")
    assert card_update_hint("data-transfer", "cross-az", "ap-south-1").startswith(
        "'awscalc pricing update' does not fetch it (")


# -- pricing update ------------------------------------------------------------------------

def add_ec2(root: Path, eu: Path = EU_JSON, us: Path = US_CSV) -> Path:
    """Put AmazonEC2 files for eu-west-1 (JSON) and us-east-1 (CSV, as a user may have
    downloaded it) and an empty Savings Plan index into the mirror at ``root``."""
    return add_ec2_offers(root, {"eu-west-1": eu, "us-east-1": us})


def update(cli, root: Path, dest: Path, *args: str) -> Any:
    """``awscalc pricing update`` from the mirror at ``root`` into ``dest``."""
    return cli("pricing", "update", "--source", str(root), "--dest", str(dest),
               "--timeout", "5", "--quiet", *args)


def rates_of(dest: Path) -> dict[str, Any]:
    """The rates of the data-transfer card of the active set at ``dest``."""
    from awscalc.yamlfile import load_yaml

    return load_yaml((dest / "data-transfer.yaml").read_text(encoding="utf-8")).data["rates"]


@needs_fixtures
def test_update_writes_the_zonal_rates_and_keeps_the_rest(cli, mirror: Path,
                                                          tmp_path: Path) -> None:
    """us-east-1's file has no NAT rows: its shipped rate stays, and the update says so."""
    from awscalc.yamlfile import load_yaml

    add_ec2(mirror, us=without_nat_rows(tmp_path / "us.csv"))
    dest = tmp_path / "cards"
    result = update(cli, mirror, dest, "-s", "ec2", "-r", "eu-west-1", "-r", "us-east-1")
    assert result.code == 0, result.err
    assert ("note: data-transfer: 2 rates kept as shipped because an unconfirmed Price "
            "List rule selected no single product") in result.err
    rates = rates_of(dest)
    shipped = load_yaml((SHIPPED_PRICING / "data-transfer.yaml").read_text(
        encoding="utf-8")).data["rates"]
    for key, rate in (("nat-gateway-hours", "0.0123"), ("nat-gateway-data", "0.0456")):
        value = rates[key]["regions"]["eu-west-1"]
        assert (value["rate"], value["verified"]) == (rate, False)
        assert value["source"].startswith("https://pricing.us-east-1.amazonaws.com/")
        kept = dict(rates[key]["regions"]["us-east-1"])
        assert kept.pop("note").startswith("kept as it was (the unconfirmed Price List rule")
        assert kept == shipped[key]["regions"]["us-east-1"]
        others = {r: v for r, v in rates[key]["regions"].items()
                  if r not in ("eu-west-1", "us-east-1")}
        assert others == {r: v for r, v in shipped[key]["regions"].items()
                          if r not in ("eu-west-1", "us-east-1")}
    assert {k: v for k, v in rates.items() if not k.startswith("nat-")} == {
        k: v for k, v in shipped.items() if not k.startswith("nat-")}
    # a second update replaces its reason, it does not repeat it
    again = update(cli, mirror, dest, "-s", "ec2", "-r", "us-east-1")
    assert again.code == 0, again.err
    assert rates_of(dest)["nat-gateway-hours"]["regions"]["us-east-1"]["note"] == (
        rates["nat-gateway-hours"]["regions"]["us-east-1"]["note"])
    spec = tmp_path / "nat.yaml"
    spec.write_text(NAT_SPEC, encoding="utf-8")
    priced = cli("estimate", str(spec), "--pricing", str(dest), "--format", "json")
    assert priced.code == 0, priced.err
    items = json.loads(priced.out)["line_items"]
    hours = next(i for i in items if i["usage_key"] == "nat-gateway-hours")
    assert Decimal(str(hours["rate"])) == Decimal("0.0123")


@needs_fixtures
def test_a_data_transfer_update_keeps_the_nat_rates_of_an_ec2_update(
        cli, mirror: Path, tmp_path: Path) -> None:
    add_ec2(mirror)
    dest = tmp_path / "cards"
    first = update(cli, mirror, dest, "-s", "ec2", "-r", "eu-west-1", "-r", "us-east-1")
    assert first.code == 0, first.err
    assert "kept as shipped" not in first.err
    later = update(cli, mirror, dest, "-s", "data-transfer", "-r", "us-east-1")
    assert later.code == 0, later.err
    rates = rates_of(dest)
    assert {key: {region: rates[key]["regions"][region]["rate"] for region in regional}
            for key, regional in ZONAL.items()} == {
        key: {region: value["rate"] for region, value in regional.items()}
        for key, regional in ZONAL.items()}
    # both in one run: the data-transfer card rebuilt from its offer gets the NAT rates
    both = update(cli, mirror, dest, "-s", "data-transfer", "-s", "ec2", "-r", "us-east-1")
    assert both.code == 0, both.err
    rates = rates_of(dest)
    assert rates["nat-gateway-data"]["regions"]["us-east-1"]["rate"] == "0.0567"
    assert rates["nat-gateway-data"]["regions"]["eu-west-1"]["rate"] == "0.0456"


@needs_fixtures
def test_a_failed_update_leaves_the_cards_as_they_were(cli, mirror: Path,
                                                        tmp_path: Path) -> None:
    add_ec2(mirror)
    dest = tmp_path / "cards"
    assert update(cli, mirror, dest, "-s", "ec2", "-r", "eu-west-1").code == 0
    before = (dest / "data-transfer.yaml").read_text(encoding="utf-8")
    add_ec2(mirror, eu=edited_json(tmp_path / "bad.json",
                                   set_on_demand_price("HANDMADENATHRS01", "-1")))
    result = update(cli, mirror, dest, "-s", "ec2", "-r", "eu-west-1")
    assert result.code == 4
    assert "SKU HANDMADENATHRS01: price '-1' is not a USD amount" in result.err
    assert (dest / "data-transfer.yaml").read_text(encoding="utf-8") == before
