"""Tentative Price List rules of the wave-1 cards (S3, CloudFront, data transfer), run by
``awscalc pricing update --source DIR`` against the test mirror (the real 2015/2016 files
plus ``tests/data/offers/*-supplement.json``).

Each new rule selects its hand-written product (priced at the shipped card's value) and
writes it ``verified: false`` with the selection in its note; the decoys next to them
(another operation, a ``Global-`` free-tier SKU, an ``EU-`` usage type for a global rule,
an ``XZ-`` infix that looks like a region prefix) are never selected. Route 53 gained no
rule: no source names the usage types of IP-based queries or traffic policy records.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from awscalc.priceupdate.build import build_card
from awscalc.priceupdate.fetch import RawFile
from awscalc.priceupdate.mappings import CLOUDFRONT, DATA_TRANSFER, ROUTE53, S3, ServiceMapping
from awscalc.priceupdate.offers import Offer
from awscalc.ratecards import card_update_hint, load_card

from .conftest import SHIPPED_PRICING
from .test_priceupdate import AWS, TENTATIVE, build_mirror, card, needs_fixtures, update

DT_FILE = f"{AWS}/AWSDataTransfer/20160107021538/us-east-1/index.json"[1:]




def _regional(entry: dict[str, Any], region: str) -> dict[str, Any]:
    return entry["regions"][region]


def _assert_tentative(value: dict[str, Any], selection: str) -> None:
    assert value["verified"] is False
    assert f"selected by {selection}, {TENTATIVE}" in value["note"]


# key → (selection as described in the note, the card's rate = the mirror's price)
S3_NEW = {
    "storage-express-onezone": ("usagetype=TimedStorage-XZ-ByteHrs", "0.11"),
    "intelligent-tiering-monitoring": ("usagetype=Monitoring-Automation-INT", "0.0025"),
    "requests-glacier-get": ("usagetype=Requests-GLACIER-Tier2", "0.0004"),
    "requests-deep-archive-get": ("usagetype=Requests-GDA-Tier2", "0.0004"),
    "requests-express-onezone-put": ("usagetype=Requests-XZ-Tier1", "0.00113"),
    "requests-express-onezone-get": ("usagetype=Requests-XZ-Tier2", "0.00003"),
    "transition-intelligent-tiering": (
        "usagetype=Requests-Tier4, operation=S3-INTTransition", "0.01"),
    "transition-onezone-ia": ("usagetype=Requests-Tier4, operation=S3-ZIATransition", "0.01"),
    "transition-glacier-ir": ("usagetype=Requests-Tier4, operation=S3-GIRTransition", "0.02"),
    "transition-glacier": ("usagetype=Requests-Tier3, operation=S3-GlacierTransition", "0.03"),
    "transition-deep-archive": ("usagetype=Requests-Tier3, operation=S3-GDATransition", "0.05"),
    "retrieval-glacier-standard": (
        "usagetype=Standard-Retrieval-Bytes, operation=RestoreObject", "0.01"),
    "retrieval-deep-archive-standard": (
        "usagetype=Standard-Retrieval-Bytes, operation=DeepArchiveRestoreObject", "0.02"),
    "retrieval-glacier-expedited": ("usagetype=Expedited-Retrieval-Bytes", "0.03"),
    "retrieval-requests-glacier-standard": (
        "usagetype=Requests-Tier3, operation=RestoreObject", "0.05"),
    "retrieval-requests-glacier-expedited": ("usagetype=Requests-Tier6", "10.00"),
    "retrieval-requests-glacier-bulk": ("usagetype=Requests-Tier5", "0"),  # "0.00" updated
    "upload-express-onezone": ("usagetype=Upload-XZ", "0.0032"),
    "retrieval-express-onezone": ("usagetype=Retrieval-XZ", "0.0006"),
}


@needs_fixtures
def test_s3_new_rules_select_their_product_and_ship_it_unverified(
        cli, mirror: Path, data_dir: Path) -> None:
    result = update(cli, str(mirror), "--service", "s3", "--region", "us-east-1")
    assert result.code == 0, result.err
    rates = card(data_dir, "s3")["rates"]
    for key, (selection, rate) in S3_NEW.items():
        value = _regional(rates[key], "us-east-1")
        assert Decimal(value["rate"]) == Decimal(rate), key
        _assert_tentative(value, selection)
    # The confirmed Requests-Tier3 / -Tier4 rules now name the empty operation: the 2016
    # products (operation "") are still theirs, the new per-operation products are not.
    assert _regional(rates["requests-glacier-put"], "us-east-1")["rate"] == "0.05"
    assert "verified" not in _regional(rates["requests-glacier-put"], "us-east-1")
    assert _regional(rates["transition-standard-ia"], "us-east-1")["rate"] == "0.01"
    # Billed at the Glacier Flexible Retrieval storage rate, read from the 2016 file.
    metadata = _regional(rates["archive-metadata-intelligent-tiering-archive"], "us-east-1")
    assert metadata["rate"] == _regional(rates["storage-glacier"], "us-east-1")["rate"]
    assert metadata["note"] == "billed at the 'storage-glacier' rate"
    load_card(data_dir / "pricing" / "s3.yaml", "updated", "s3")


@needs_fixtures
def test_s3_keys_no_source_names_stay_carried_with_their_reason(
        cli, mirror: Path, data_dir: Path) -> None:
    assert update(cli, str(mirror), "-s", "s3", "-r", "us-east-1").code == 0
    data = card(data_dir, "s3")
    rates = data["rates"]
    for key, why in (("storage-deep-archive", "AmazonS3GlacierDeepArchive offer"),
                     ("retrieval-deep-archive-bulk", "AmazonS3GlacierDeepArchive offer"),
                     ("retrieval-glacier-bulk", "Bulk-Retrieval-Bytes is shared"),
                     ("provisioned-capacity", "no source names its Price List usage type"),
                     ("transfer-acceleration-in-us-eu-jp", "billed per region pair"),
                     ("replication-time-control", "S3RTC-Out-Bytes"),
                     ("retrieval-intelligent-tiering-expedited", "no source names")):
        assert rates[key]["note"].startswith("carried over from the shipped card"), key
        assert why in rates[key]["note"], key
        assert key in data["provenance"]["keys_carried_over"]
    # The decoys priced like real products were not taken: Glacier bulk stays free (the
    # Deep Archive Bulk-Retrieval-Bytes product is $0.0025) and no key got $0.009.
    assert _regional(rates["retrieval-glacier-bulk"], "us-east-1")["rate"] == "0"
    assert "0.009" not in json.dumps(rates)


@needs_fixtures
def test_a_default_update_changes_no_s3_or_cloudfront_price(
        cli, mirror: Path, data_dir: Path) -> None:
    """The mirror's prices are the shipped cards': new rules change labels, not rates."""
    from awscalc.yamlfile import load_yaml

    assert update(cli, str(mirror), "-s", "s3", "-s", "cloudfront",
                  "-r", "us-east-1").code == 0
    for service, keys in (("s3", S3_NEW), ("cloudfront", ("functions", "realtime-log-lines"))):
        shipped = load_yaml((SHIPPED_PRICING / f"{service}.yaml").read_text()).data["rates"]
        updated = card(data_dir, service)["rates"]
        for key in keys:
            for region, value in shipped[key]["regions"].items():
                new = updated[key]["regions"][region]["rate"]
                assert Decimal(new) == Decimal(value["rate"]), key


@needs_fixtures
def test_cloudfront_functions_and_realtime_logs(cli, mirror: Path, data_dir: Path) -> None:
    assert update(cli, str(mirror), "--service", "cloudfront").code == 0
    rates = card(data_dir, "cloudfront")["rates"]
    functions = rates["functions"]
    # $0 for the first 2,000,000 invocations, then $0.0000001 each: the card's free tier
    # and $0.10 per 1,000,000; the Global- free-tier SKU is not a price.
    assert _regional(functions, "global")["rate"] == "0.10"
    assert functions["free_tier"]["quantity"] == 2000000
    _assert_tentative(_regional(functions, "global"),
                      "usagetype=Executions-CloudFrontFunctions")
    logs = _regional(rates["realtime-log-lines"], "global")
    assert logs["rate"] == "0.01"  # not the EU-prefixed decoy's $0.09
    _assert_tentative(logs, "usagetype=RealTimeLog-KinesisDataStream, operation=RealTimeLog")
    for key, why in (("origin-shield-requests", "priced per AWS region"),
                     ("field-level-encryption", "no source names")):
        assert rates[key]["note"].startswith("carried over from the shipped card"), key
        assert why in rates[key]["note"]


@needs_fixtures
def test_cloudfront_functions_without_a_product_are_carried(
        cli, mirror: Path, data_dir: Path) -> None:
    path = mirror / f"{AWS}/AmazonCloudFront/current/index.json"[1:]
    document = json.loads(path.read_text())
    for sku, product in list(document["products"].items()):
        if product["attributes"]["usagetype"] == "Executions-CloudFrontFunctions":
            del document["products"][sku]
    path.write_text(json.dumps(document))
    assert update(cli, str(mirror), "--service", "cloudfront").code == 0
    value = _regional(card(data_dir, "cloudfront")["rates"]["functions"], "global")
    assert value["rate"] == "0.10"
    assert value["note"].startswith("carried over from the shipped card (the unconfirmed "
                                    "Price List rule usagetype=Executions-CloudFrontFunctions "
                                    "selected nothing usable")
    assert "no product matches" in value["note"]


def _add_transfer(root: Path, *products: tuple[str, str, str, str]) -> None:
    """Add (usagetype, from, to, USD) InterRegion Outbound products to the mirror's
    AWSDataTransfer file (the 2016 one has no us-east-2 pair)."""
    path = root / DT_FILE
    document = json.loads(path.read_text())
    for usagetype, source, dest, usd in products:
        sku = f"TEST{usagetype}"
        document["products"][sku] = {"sku": sku, "productFamily": "Data Transfer",
                                     "attributes": {
                                         "servicecode": "AWSDataTransfer",
                                         "transferType": "InterRegion Outbound",
                                         "fromLocation": source, "toLocation": dest,
                                         "usagetype": usagetype, "operation": ""}}
        document["terms"]["OnDemand"][sku] = {f"{sku}.T": {"priceDimensions": {
            f"{sku}.T.R": {"beginRange": "0", "endRange": "Inf", "unit": "GB",
                           "pricePerUnit": {"USD": usd}}}}}
    path.write_text(json.dumps(document))


@needs_fixtures
def test_inter_region_transfer_reads_the_pair_to_oregon_and_us_east(
        cli, mirror: Path, data_dir: Path) -> None:
    # Without a us-east-2 product (the 2016 file predates Ohio) that key is carried over.
    assert update(cli, str(mirror), "-s", "data-transfer", "-r", "us-east-1").code == 0
    rates = card(data_dir, "data-transfer")["rates"]
    out = _regional(rates["inter-region-out"], "us-east-1")
    assert out["rate"] == "0.02"  # the real 2016 USE1-USW2-AWS-Out-Bytes, $0.02
    _assert_tentative(out, "usagetype=USW2-AWS-Out-Bytes, transferType=InterRegion Outbound, "
                           "toLocation=US West (Oregon)")
    east = _regional(rates["inter-region-out-us-east"], "us-east-1")
    assert east["rate"] == "0.01"
    assert "no product matches" in east["note"]

    _add_transfer(mirror, ("USE1-USE2-AWS-Out-Bytes", "US East (N. Virginia)",
                           "US East (Ohio)", "0.015"))
    assert update(cli, str(mirror), "-s", "data-transfer", "-r", "us-east-1").code == 0
    east = _regional(card(data_dir, "data-transfer")["rates"]["inter-region-out-us-east"],
                     "us-east-1")
    assert east["rate"] == "0.015"
    _assert_tentative(east, "usagetype=USE2-AWS-Out-Bytes|USE1-AWS-Out-Bytes, "
                            "transferType=InterRegion Outbound")


@needs_fixtures
def test_the_2015_index_reads_inter_region_transfer_from_amazon_s3(
        cli, tmp_path: Path, data_dir: Path) -> None:
    root = tmp_path / "old"
    build_mirror(root, old_index=True)
    assert update(cli, str(root), "-s", "data-transfer", "-r", "us-east-1").code == 0
    rates = card(data_dir, "data-transfer")["rates"]
    # The S3 supplement's USE1-USE2 pair is selected; its inbound twin is not.
    east = _regional(rates["inter-region-out-us-east"], "us-east-1")
    assert east["rate"] == "0.01"
    assert east["verified"] is False


# --- selection details, on small in-memory offers ---------------------------------------


def _offer(*products: dict[str, Any]) -> Offer:
    document: dict[str, Any] = {"offerCode": "AmazonS3", "version": "20261101000000",
                                "publicationDate": "2026-11-01T00:00:00Z",
                                "products": {}, "terms": {"OnDemand": {}}}
    for number, attributes in enumerate(products):
        sku = f"SKU{number}"
        unit = attributes.pop("unit", "Requests")
        usd = attributes.pop("usd")
        document["products"][sku] = {"sku": sku, "attributes": attributes}
        document["terms"]["OnDemand"][sku] = {f"{sku}.T": {"priceDimensions": {
            f"{sku}.T.R": {"beginRange": "0", "endRange": "Inf", "unit": unit,
                           "pricePerUnit": {"USD": usd}}}}}
    raw = RawFile(path="/offers/v1.0/aws/AmazonS3/20261101000000/us-east-1/index.json",
                  url="mirror/x.json", data=b"{}", sha256="", retrieved="")
    return Offer.parse(raw, document, "AmazonS3")


US = {"location": "US East (N. Virginia)", "regionCode": "us-east-1"}
SHIPPED = {"service": "s3", "title": "S3", "source": "https://aws.amazon.com/s3/pricing/",
           "retrieved": "2026-11-01", "currency": "USD",
           "rates": {"transition-glacier-ir": {
               "description": "x", "unit": "request", "per": 1000,
               "regions": {"us-east-1": {"rate": "0.02"}}}}}


def _build(offer: Offer) -> Any:
    mapping = ServiceMapping(service="s3", offers=("AmazonS3",),
                             rules={"transition-glacier-ir": S3.rules["transition-glacier-ir"]})
    return build_card(mapping, SHIPPED, {"us-east-1": offer}, ["us-east-1"],
                      "2026-11-30T00:00:00Z", {})


def test_a_prefix_shaped_infix_is_kept_out_by_the_operation() -> None:
    """mappings._PREFIX lets "XZ-Requests-Tier4" pass as "Requests-Tier4" with a region
    prefix; the operation the rule names is what excludes it."""
    offer = _offer({**US, "usagetype": "Requests-Tier4", "operation": "S3-GIRTransition",
                    "usd": "0.00003"},
                   {**US, "usagetype": "XZ-Requests-Tier4", "operation": "S3-XZTransition",
                    "usd": "0.009"},
                   {**US, "usagetype": "Requests-Tier4", "operation": "S3-SIATransition",
                    "usd": "0.00001"})
    value = _build(offer).data["rates"]["transition-glacier-ir"]["regions"]["us-east-1"]
    assert value["rate"] == "0.03"


def test_a_prefix_shaped_decoy_is_not_the_region_s_row() -> None:
    """"IA-Requests-Tier4" is not us-east-1's "Requests-Tier4" behind a prefix (us-east-1
    takes only "" and "USE1-"): the real row is taken, the decoy's price never is."""
    offer = _offer({**US, "usagetype": "Requests-Tier4", "operation": "S3-GIRTransition",
                    "usd": "0.00003"},
                   {**US, "usagetype": "IA-Requests-Tier4", "operation": "S3-GIRTransition",
                    "usd": "0.009"})
    value = _build(offer).data["rates"]["transition-glacier-ir"]["regions"]["us-east-1"]
    assert value["rate"] == "0.03"  # $0.00003 a request × 1,000
    assert value["verified"] is False


def test_route53_has_no_new_rule_and_says_why() -> None:
    for key in ("dns-queries-ip-based", "traffic-policy-record"):
        assert key not in ROUTE53.rules
        assert "no source names its Price List usage type" in ROUTE53.carried[key]
    assert "UNCONFIRMED" not in json.dumps([S3.carried, ROUTE53.carried,
                                            DATA_TRANSFER.carried, CLOUDFRONT.carried])
    assert "no real offer file" not in json.dumps([S3.carried, ROUTE53.carried,
                                                   DATA_TRANSFER.carried, CLOUDFRONT.carried])


def test_a_missing_region_names_the_update_command_for_new_rules() -> None:
    assert card_update_hint("s3", "storage-express-onezone", "eu-west-1") == (
        "run 'awscalc pricing update --service s3 --region eu-west-1'")
    assert card_update_hint("data-transfer", "inter-region-out", "eu-west-3") == (
        "run 'awscalc pricing update --service data-transfer --region eu-west-3'")
    hint = card_update_hint("s3", "provisioned-capacity", "eu-west-1")
    assert hint.startswith("'awscalc pricing update' does not fetch it (no source names")
