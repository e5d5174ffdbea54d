"""``pricing update`` of the DynamoDB card (``database_mappings.DYNAMODB``, tentative rules)
from the hand-written AmazonDynamoDB files of ``tests/data/offers/mirror/`` — us-east-2 (the
card's main region), us-east-1 (Standard-IA, and the Standard provisioned rows), us-west-1
(a global-table replica) and the other target regions (provisioned RCU / WCU / rWCU only,
the card's awslabs figures), with decoys that must not be selected: Standard-IA rows that
look like a us-east-1 prefix, another region's row, a ``Global-`` free-tier SKU at location
"Any". Prices are the shipped card's, so an update changes labels (``verified: false`` and
the selection) only; the $0 first tiers of capacity and storage become the free-tier pools.
"""

from __future__ import annotations

import json
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from awscalc.errors import PricingError
from awscalc.priceupdate.fetch import RawFile
from awscalc.priceupdate.mappings import MAPPINGS, Rule, mapping_named, select
from awscalc.priceupdate.offers import Offer

from .conftest import REPO

FILES = REPO / "tests" / "data" / "offers" / "mirror"
AWS = "offers/v1.0/aws"
VERSION = "20261101000000"
# (through the declaration: importing database_mappings before mappings is circular)
DYNAMODB = mapping_named("database_mappings:DYNAMODB")
SHIPPED = yaml.safe_load((REPO / "pricing" / "aws" / "dynamodb.yaml").read_text("utf-8"))


def mirror(root: Path, *codes: str, edit: Any = None) -> Path:
    """A ``--source`` folder laid out like the Bulk API serving the hand-written files of
    ``codes`` (``edit(code, region, document)`` may change one first)."""
    base = root / AWS
    offers = {}
    for code in codes:
        regions = sorted(path.stem for path in (FILES / code).glob("*.json"))
        offers[code] = {"offerCode": code,
                        "currentVersionUrl": f"/{AWS}/{code}/current/index.json",
                        "currentRegionIndexUrl": f"/{AWS}/{code}/current/region_index.json"}
        index = {"formatVersion": "v1.0", "publicationDate": "2026-11-01T00:00:00Z",
                 "regions": {r: {"regionCode": r, "currentVersionUrl":
                                 f"/{AWS}/{code}/{VERSION}/{r}/index.json"} for r in regions}}
        (base / code / "current").mkdir(parents=True)
        (base / code / "current" / "region_index.json").write_text(json.dumps(index))
        for region in regions:
            document = json.loads((FILES / code / f"{region}.json").read_text("utf-8"))
            if edit is not None:
                edit(code, region, document)
            target = base / code / VERSION / region / "index.json"
            target.parent.mkdir(parents=True)
            target.write_text(json.dumps(document), encoding="utf-8")
    (base / "index.json").write_text(json.dumps({
        "formatVersion": "v1.0", "publicationDate": "2026-11-01T00:00:00Z", "offers": offers}))
    return root


def update(cli, tmp_path: Path, source: Path, *args: str) -> dict[str, Any]:
    """Run the DynamoDB update into ``tmp_path/cards``; the updated card's data."""
    dest = tmp_path / "cards"
    result = cli("pricing", "update", "--service", "dynamodb", "--source", str(source),
                 "--dest", str(dest), "--quiet", *args)
    assert result.code == 0, result.err
    return yaml.safe_load((dest / "dynamodb.yaml").read_text("utf-8"))


def offer_of(region: str) -> Offer:
    """The hand-written AmazonDynamoDB file of ``region``, parsed."""
    path = FILES / "AmazonDynamoDB" / f"{region}.json"
    raw = RawFile(path=f"/{AWS}/AmazonDynamoDB/{VERSION}/{region}/index.json",
                  url=str(path), data=b"", sha256="", retrieved="")
    return Offer.parse(raw, json.loads(path.read_text("utf-8")), "AmazonDynamoDB")


EXPECTED = {  # key → region → rate, as the shipped card has them
    "read-request-units": {"us-east-2": "0.125"},
    "write-request-units": {"us-east-2": "0.625"},
    "read-capacity-unit-hours": {"us-east-2": "0.00013"},
    "write-capacity-unit-hours": {"us-east-2": "0.00065"},
    "ia-read-capacity-unit-hours": {"us-east-1": "0.00016"},
    "ia-write-capacity-unit-hours": {"us-east-1": "0.00081"},
    "storage": {"us-east-2": "0.25"},
    "ia-storage": {"us-east-1": "0.10"},
    "pitr-storage": {"us-east-2": "0.20"},
    "backup-storage": {"us-east-2": "0.10"},
    "restore": {"us-east-2": "0.15"},
    "streams-read-request-units": {"us-east-2": "0.02"},
    "replicated-write-request-units": {"us-east-2": "0.625"},
    "replicated-write-capacity-unit-hours": {"us-east-2": "0.00065", "us-west-1": "0.000725"},
}
# The shipped card's provisioned rates elsewhere (region → RCU, WCU, rWCU per hour), as the
# price table of awslabs/amazon-dynamodb-tools archived/reco/src/ddb_rc_reco/config.py
# @b3ef85a5 prints them ('rcu', 'wcu', 'rwcu'); ap-east-1's rwcu predates the 2024-11 cut.
AWSLABS = {
    "us-east-1": ("0.00013", "0.00065", "0.00065"),
    "us-west-1": ("0.000145", "0.000725", None),      # rWCU: the golden's (same figure)
    "us-west-2": ("0.00013", "0.00065", "0.00065"),
    "ca-central-1": ("0.000143", "0.000715", "0.000715"),
    "sa-east-1": ("0.000195", "0.000975", "0.000975"),
    "eu-west-1": ("0.000147", "0.000735", "0.000735"),
    "eu-west-2": ("0.0001544", "0.000772", "0.000772"),
    "eu-west-3": ("0.0001544", "0.000772", "0.000772"),
    "eu-central-1": ("0.0001586", "0.000793", "0.000793"),
    "eu-north-1": ("0.00014", "0.000698", "0.000698"),
    "eu-south-1": ("0.00015435", "0.00077175", "0.00077175"),
    "ap-south-1": ("0.000148", "0.00074", "0.00074"),
    "ap-southeast-1": ("0.000148", "0.00074", "0.00074"),
    "ap-southeast-2": ("0.000148", "0.00074", "0.00074"),
    "ap-northeast-1": ("0.0001484", "0.000742", "0.000742"),
    "ap-northeast-2": ("0.00014098", "0.0007049", "0.0007049"),
    "ap-northeast-3": ("0.0001484", "0.000742", "0.000742"),
    "ap-east-1": ("0.0001628", "0.000814", None),
    "me-south-1": ("0.0001617", "0.0008085", "0.0008085"),
    "af-south-1": ("0.00017493", "0.00087465", "0.00087465"),
}
for _region, _figures in AWSLABS.items():
    for _key, _figure in zip(("read-capacity-unit-hours", "write-capacity-unit-hours",
                              "replicated-write-capacity-unit-hours"), _figures, strict=True):
        if _figure is not None:
            EXPECTED[_key][_region] = _figure


def test_the_mapping_is_declared_and_every_rule_is_tentative() -> None:
    assert MAPPINGS["dynamodb"] is DYNAMODB
    assert set(DYNAMODB.rules) == set(SHIPPED["rates"]) and not DYNAMODB.carried
    assert not any(rule.confirmed for rule in DYNAMODB.rules.values())
    # the shipped card's rates are exactly what the hand-written files hold (beyond the
    # regions of AWS's pricing-page feed, which the files do not cover)
    assert {key: {r: v["rate"] for r, v in entry["regions"].items() if not _from_feed(v)}
            for key, entry in SHIPPED["rates"].items()} == EXPECTED


def _from_feed(entry: dict) -> bool:
    """A card entry of pricing/tools/pricewatcher_cards.py (AWS's pricing-page feed)."""
    return "aws-price-watcher" in entry.get("source", "")


def test_update_takes_each_keys_one_product_unverified_with_its_selection(
        cli, tmp_path: Path) -> None:
    card = update(cli, tmp_path, mirror(tmp_path / "m", "AmazonDynamoDB"))
    got = {key: {r: v["rate"] for r, v in entry["regions"].items() if r in EXPECTED[key]}
           for key, entry in card["rates"].items()}
    # the same regions as shipped: no decoy added a region (us-east-1's "IA-" rows are not
    # Standard rows, us-west-2's and the "Any" free-tier row are not us-east-2's); the
    # pricing-page feed's regions, which the files do not cover, keep the shipped rate
    assert got == EXPECTED
    for key, entry in card["rates"].items():
        for region, value in entry["regions"].items():
            assert value["verified"] is False, (key, region)
            if region not in EXPECTED[key]:
                assert value["rate"] == SHIPPED["rates"][key]["regions"][region]["rate"]
                assert value["note"].startswith("carried over from the shipped card (the "
                                                "unconfirmed Price List rule"), value["note"]
                continue
            assert value["note"].startswith("AmazonDynamoDB price selected by usagetype=")
            assert value["source"] == ("https://pricing.us-east-1.amazonaws.com/offers/v1.0/"
                                       f"aws/AmazonDynamoDB/{VERSION}/{region}/index.json")
    rates = card["rates"]
    assert "group=DDB-ReadUnits" in rates["read-capacity-unit-hours"]["regions"][
        "us-east-2"]["note"]
    assert "volumeType=Amazon DynamoDB - Indexed DataStore," in rates["storage"]["regions"][
        "us-east-2"]["note"]
    assert card["provenance"]["keys_carried_over"] == []
    text = yaml.safe_dump(card)
    for decoy in ("0.000999", "0.999", "9.99"):  # every decoy's price starts so
        assert decoy not in text


def test_the_zero_first_tiers_become_the_free_tier_pools(cli, tmp_path: Path) -> None:
    rates = update(cli, tmp_path, mirror(tmp_path / "m", "AmazonDynamoDB"))["rates"]
    for key, pool, quantity in (("read-capacity-unit-hours", "dynamodb-rcu", 18600),
                                ("write-capacity-unit-hours", "dynamodb-wcu", 18600),
                                ("storage", "dynamodb-storage", 25)):
        free = rates[key]["free_tier"]
        assert (free["pool"], free["quantity"]) == (pool, quantity)
        assert "priced at $0 in the AWS Price List (AmazonDynamoDB 20261101000000)" in \
            free["note"]
        regional = rates[key]["regions"]["us-east-2"]
        assert "tiers" not in regional  # the $0 tier is the pool, not a price
    # entries without a pool get none; Streams' per-region pool stays as shipped (the
    # file's Streams product has a single tier)
    assert "free_tier" not in rates["replicated-write-request-units"]
    assert rates["streams-read-request-units"]["free_tier"]["quantity"] == 2500000


def test_a_missing_product_is_carried_over_with_the_reason(cli, tmp_path: Path) -> None:
    def drop_restore(code: str, region: str, document: dict[str, Any]) -> None:
        for sku, product in list(document["products"].items()):
            if product["attributes"]["usagetype"] == "USE2-RestoreDataSize-Bytes":
                del document["products"][sku], document["terms"]["OnDemand"][sku]

    card = update(cli, tmp_path, mirror(tmp_path / "m", "AmazonDynamoDB", edit=drop_restore))
    restore = card["rates"]["restore"]["regions"]["us-east-2"]
    assert restore["rate"] == "0.15" and "verified" not in restore
    assert restore["note"].startswith(
        "carried over from the shipped card (the unconfirmed Price List rule "
        "usagetype=RestoreDataSize-Bytes selected nothing usable: service 'dynamodb', key "
        "'restore', region 'us-east-2': no product matches")
    assert card["rates"]["backup-storage"]["regions"]["us-east-2"]["verified"] is False


def test_an_ia_row_is_not_a_standard_row_behind_a_prefix() -> None:
    """"IA-ReadCapacityUnit-Hrs" is not us-east-1's "ReadCapacityUnit-Hrs" behind a
    two-letter prefix: us-east-1 takes only "" and "USE1-"; the group keeps it out too —
    the Standard row ("USE1-ReadCapacityUnit-Hrs") is the one selected, with or without
    the group."""
    us_east_1 = offer_of("us-east-1")
    rule = DYNAMODB.rules["read-capacity-unit-hours"]
    without_group = Rule(rule.usagetype, rule.units, confirmed=False)
    for chosen in (rule, without_group):
        product = select(us_east_1, "dynamodb", "read-capacity-unit-hours", chosen,
                         "us-east-1")
        assert product.attributes["usagetype"] == "USE1-ReadCapacityUnit-Hrs"
    # the storage rule's volumeType keeps IA-TimedStorage-ByteHrs and the "Any" row out
    with pytest.raises(PricingError, match="no product matches"):
        select(us_east_1, "dynamodb", "storage", DYNAMODB.rules["storage"], "us-east-1")


def test_estimate_with_the_updated_card(cli, tmp_path: Path) -> None:
    update(cli, tmp_path, mirror(tmp_path / "m", "AmazonDynamoDB"))
    spec = tmp_path / "tables.yaml"
    spec.write_text("""
region: us-east-2
free_tier: true
resources:
  prov:
    service: dynamodb
    capacity: provisioned
    provisioned: {rcu: 100, wcu: 50}
    storage: 120 GB
  od:
    service: dynamodb
    reads: 40M
    item_size: 6 KB
    writes: 5M
    storage: 10 GB
    streams: {read_requests: 10M}
    backups: {pitr: true, on_demand: 300 GB, restores: 50 GB}
""", encoding="utf-8")
    result = cli("estimate", str(spec), "--pricing", str(tmp_path / "cards"),
                 "--format", "json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    cost = {(i["resource"], i["usage_key"]): Decimal(str(i["cost"])) for i in data["line_items"]}
    # 100 RCU × 730 h = 73,000 RCU-hours, 18,600 free: 54,400 × $0.00013 = $7.072
    assert cost[("prov", "read-capacity-unit-hours")] == Decimal("7.07")
    # 50 WCU × 730 h = 36,500, 18,600 free: 17,900 × $0.00065 = $11.635
    assert cost[("prov", "write-capacity-unit-hours")] == Decimal("11.64")
    # 130 GB of Standard storage in the account, 25 free: 105 × $0.25 = $26.25, shared
    assert cost[("prov", "storage")] + cost[("od", "storage")] == Decimal("26.25")
    # 6 KB eventual: 1 RRU a read, 6 WRU a write
    assert cost[("od", "read-request-units")] == Decimal("5.00")      # 40 M × $0.125/M
    assert cost[("od", "write-request-units")] == Decimal("18.75")    # 30 M × $0.625/M
    # 10 M reads − 2.5 M free in the region = 75 × 100,000 × $0.02
    assert cost[("od", "streams-read-request-units")] == Decimal("1.50")
    assert cost[("od", "pitr-storage")] == Decimal("2.00")            # 10 GB × $0.20
    assert cost[("od", "backup-storage")] == Decimal("30.00")         # 300 GB × $0.10
    assert cost[("od", "restore")] == Decimal("7.50")                 # 50 GB × $0.15
    # 7.072 + 11.635 + 26.25 + 5 + 18.75 + 1.5 + 2 + 30 + 7.5 = 109.707
    assert Decimal(str(data["totals"]["monthly"])) == Decimal("109.71")
    assert not any(item["verified"] for item in data["line_items"])


def test_a_missing_region_names_the_update_command(cli, tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text("resources: {t: {service: dynamodb, region: eu-central-2, reads: 1M, "
                    "item_size: 1 KB}}\n", encoding="utf-8")
    result = cli("estimate", str(spec))
    assert result.code == 4, result.err
    assert "region 'eu-central-2', key 'read-request-units'" in result.err
    assert "run 'awscalc pricing update --service dynamodb --region eu-central-2'" in result.err


def test_an_update_of_a_new_region_adds_it(cli, tmp_path: Path) -> None:
    """--region us-east-1 alone: the IA keys and the provisioned Standard rows are taken
    again; the other Standard rules select nothing there (the file has no such rows), so
    no us-east-1 storage rate is made up."""
    source = mirror(tmp_path / "m", "AmazonDynamoDB")
    card = update(cli, tmp_path, source, "--region", "us-east-1")
    rates = card["rates"]
    assert rates["ia-storage"]["regions"]["us-east-1"]["verified"] is False
    # us-east-1's storage rate is the shipped card's (AWS's pricing-page feed), carried
    assert rates["storage"]["regions"]["us-east-1"]["note"].startswith(
        "carried over from the shipped card")
    # the other regions' rates are carried over as shipped
    assert rates["storage"]["regions"]["us-east-2"]["note"].startswith(
        "carried over from the shipped card (region not updated)")


@pytest.mark.skipif(not (REPO.parent / "shared" / "fixtures" / "aws-price-list").is_dir(),
                    reason="../shared/fixtures/aws-price-list/ is not on this machine")
def test_a_plain_update_fetches_dynamodb(cli, tmp_path: Path) -> None:
    from .test_priceupdate import build_mirror

    root = tmp_path / "all"
    build_mirror(root)
    shutil.rmtree(tmp_path / "cards", ignore_errors=True)
    # (the mirror's real files have us-east-1 only, as in test_priceupdate.py)
    result = cli("pricing", "update", "--source", str(root), "--dest", str(tmp_path / "cards"),
                 "--region", "us-east-1", "--quiet")
    assert result.code == 0, result.err
    assert "dynamodb" in result.out
    card = yaml.safe_load((tmp_path / "cards" / "dynamodb.yaml").read_text("utf-8"))
    assert card["rates"]["ia-storage"]["regions"]["us-east-1"]["verified"] is False
