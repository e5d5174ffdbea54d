"""``awscalc pricing update`` for the integration and analytics services (SQS, SNS, SWF,
Kinesis Data Streams, Firehose, Managed Service for Apache Flink, EMR's own charges).

Their rules (``awscalc/priceupdate/integration_mappings.py``) are tentative: no real offer
file has confirmed them. The Price List mirror serves the hand-written files of
``tests/data/offers/mirror/<Offer>/<region>.json`` (prices = the shipped cards', plus
decoys that must not be selected); each test edits a copy of them where it needs another
price, a missing product or a product in another unit.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from .test_priceupdate import (
    MIRROR_VERSION,
    TENTATIVE,
    card,
    needs_fixtures,
    offer_file,
    update,
)

pytestmark = needs_fixtures

SELECTED_NOTHING = "carried over from the shipped card (the unconfirmed Price List rule"

# service → key → region → the regional value the mirror's files give (the shipped
# cards' prices, or AWS's tiers with their bounds).
EXPECTED: dict[str, dict[str, dict[str, Any]]] = {
    "sqs": {
        "requests-standard": {"us-east-1": {"tiers": [
            {"up_to": 100_000_000_000, "rate": "0.40"},
            {"up_to": 200_000_000_000, "rate": "0.30"}, {"rate": "0.24"}]}},
        "requests-fifo": {"us-east-1": {"tiers": [
            {"up_to": 100_000_000_000, "rate": "0.50"},
            {"up_to": 200_000_000_000, "rate": "0.40"}, {"rate": "0.35"}]}},
    },
    "sns": {
        "publishes": {"us-east-1": {"rate": "0.50"}},
        "deliveries-http": {"us-east-1": {"rate": "0.60"}},
        "deliveries-email": {"us-east-1": {"rate": "2.00"}},
        "deliveries-sqs": {"us-east-1": {"rate": "0.00"}},
        "deliveries-lambda": {"us-east-1": {"rate": "0.00"}},
        "deliveries-mobile-push": {"us-east-1": {"rate": "0.50"}},
        "deliveries-firehose": {"us-east-1": {"rate": "0.19"}},
        "fifo-publishes": {"us-east-1": {"rate": "0.30"}, "eu-west-1": {"rate": "0.33"}},
        "fifo-payload": {"us-east-1": {"rate": "0.017"}, "eu-west-1": {"rate": "0.0187"}},
        "fifo-deliveries-sqs": {"us-east-1": {"rate": "0.01"}},
        "fifo-deliveries-sqs-payload": {"us-east-1": {"rate": "0.001"}},
    },
    "swf": {
        "workflow-executions": {"us-east-1": {"rate": "0.0001"}},
        "tasks": {"us-east-1": {"rate": "0.000025"}},
        "open-workflow-days": {"us-east-1": {"rate": "0.000005"}},
        "retained-workflow-days": {"us-east-1": {"rate": "0.000005"}},
    },
    "kinesis": {
        "shard-hours": {"us-east-1": {"rate": "0.015"}},
        "put-payload-units": {"us-east-1": {"rate": "0.014"}},
        "extended-retention": {"us-east-1": {"rate": "0.02"}},
        "long-term-retention": {"us-east-1": {"rate": "0.023"}},
        "efo-consumer-hours": {"us-east-1": {"rate": "0.015"}},
        "efo-data": {"us-east-1": {"rate": "0.013"}},  # not LongTermRetention-ReadBytes
        "on-demand-stream-hours": {"us-east-1": {"rate": "0.04"}},
        "on-demand-data-in": {"us-east-1": {"rate": "0.08"}},
        "on-demand-data-out": {"us-east-1": {"rate": "0.04"}},
        "on-demand-efo-data": {"us-east-1": {"rate": "0.05"}},
        "on-demand-extended-retention": {"us-east-1": {"rate": "0.10"}},
        "on-demand-long-term-retention": {"us-east-1": {"rate": "0.023"}},
    },
    "firehose": {
        "ingestion": {
            "us-east-1": {"tiers": [{"up_to": 512_000, "rate": "0.029"},
                                    {"up_to": 2_048_000, "rate": "0.025"}, {"rate": "0.02"}]},
            "eu-west-2": {"tiers": [{"up_to": 512_000, "rate": "0.035"},
                                    {"up_to": 2_048_000, "rate": "0.03"}, {"rate": "0.024"}]}},
    },
    "flink": {
        "kpu-hours": {"us-east-1": {"rate": "0.11"}, "eu-west-2": {"rate": "0.127"}},
        "running-storage": {"us-east-1": {"rate": "0.10"}, "eu-west-2": {"rate": "0.116"}},
        "backups": {"us-east-1": {"rate": "0.023"}, "eu-west-2": {"rate": "0.024"}},
    },
    "emr": {
        "emr-r5.4xlarge": {"us-east-1": {"rate": "0.252"}},
        "serverless-vcpu-x86": {"us-east-1": {"rate": "0.052624"}},
        "serverless-memory-x86": {"us-east-1": {"rate": "0.0057785"}},
        "eks-vcpu": {"us-east-1": {"rate": "0.01012"}},
        "eks-memory": {"us-east-1": {"rate": "0.00111125"}},
    },
}

# Keys no rule selects: carried over with the mapping's reason.
CARRIED = {
    "firehose": ["format-conversion", "vpc-delivery-hours", "vpc-delivery-data",
                 "dynamic-partitioning-data", "dynamic-partitioning-objects",
                 "dynamic-partitioning-jq"],
}

OFFER = {"sqs": "AWSQueueService", "sns": "AmazonSNS", "swf": "AmazonSWF",
         "kinesis": "AmazonKinesis", "firehose": "AmazonKinesisFirehose",
         "flink": "AmazonKinesisAnalytics", "emr": "ElasticMapReduce"}




def edit_offer(root: Path, code: str, region: str, change: Any) -> None:
    """Apply ``change(products, on_demand)`` to the mirror's offer file."""
    path = offer_file(root, code, region)
    document = json.loads(path.read_text())
    change(document["products"], document["terms"]["OnDemand"])
    path.write_text(json.dumps(document))


def sku_of(products: dict[str, Any], usagetype: str) -> str:
    """The SKU whose usage type is exactly ``usagetype``."""
    (sku,) = [s for s, p in products.items() if p["attributes"]["usagetype"] == usagetype]
    return sku


def dimensions(on_demand: dict[str, Any], sku: str) -> list[dict[str, Any]]:
    """The price dimensions of ``sku``'s one OnDemand term."""
    (term,) = on_demand[sku].values()
    return list(term["priceDimensions"].values())


def run_update(cli, root: Path, service: str, *args: str) -> None:
    result = update(cli, str(root), "--service", service, *args)
    assert result.code == 0, result.err
    assert service in result.out


@pytest.mark.parametrize("service", sorted(EXPECTED))
def test_each_service_is_rebuilt_from_its_offer_unverified(
        cli, mirror: Path, data_dir: Path, service: str) -> None:
    run_update(cli, mirror, service)
    rates = card(data_dir, service)["rates"]
    for key, regions in EXPECTED[service].items():
        for region, expected in regions.items():
            value = rates[key]["regions"][region]
            got = {name: value[name] for name in ("rate", "tiers") if name in value}
            assert got == expected, (key, region, value)
            # the AWS price is taken, but the selection is unconfirmed: never verified
            assert value["verified"] is False, (key, region)
            assert TENTATIVE in value["note"] and OFFER[service] in value["note"]
            assert value["source"].endswith(
                f"/{OFFER[service]}/{MIRROR_VERSION}/{region}/index.json")
    for key in CARRIED.get(service, []):
        assert "no source names" in rates[key]["note"], key
    provenance = card(data_dir, service)["provenance"]
    assert provenance["offers"][0]["offer_code"] == OFFER[service]
    assert sorted(provenance["keys_carried_over"]) == sorted(CARRIED.get(service, []))


def test_decoys_and_free_tier_skus_are_not_prices(cli, mirror: Path,
                                                  data_dir: Path) -> None:
    run_update(cli, mirror, "sqs")
    sqs = card(data_dir, "sqs")["rates"]
    # Global-Requests (location "Any", $0) is not the free tier's source either: the
    # card's pool and note stay as shipped
    assert sqs["requests-standard"]["free_tier"]["quantity"] == 1_000_000
    assert "Global-Requests" in sqs["requests-standard"]["free_tier"]["note"]
    # the EU- decoy in us-east-1's file is not eu-west-1's price: that comes from its own file
    assert sqs["requests-standard"]["regions"]["eu-west-1"]["source"].endswith(
        "/AWSQueueService/20261101000000/eu-west-1/index.json")
    run_update(cli, mirror, "sns")
    sns = card(data_dir, "sns")["rates"]
    # the $0 first tiers of the regional products are the free allowances
    assert sns["publishes"]["free_tier"]["quantity"] == 1_000_000
    assert sns["deliveries-http"]["free_tier"]["quantity"] == 100_000
    assert sns["deliveries-email"]["free_tier"]["quantity"] == 1_000
    assert "AmazonSNS" in sns["deliveries-http"]["free_tier"]["note"]
    # no $0 tier in the APNS product: the shipped allowance stays
    assert sns["deliveries-mobile-push"]["free_tier"]["quantity"] == 1_000_000
    # the eu-west-1 file has FIFO products only (and a US East decoy): standard topics
    # keep the shipped eu-west-1 rate (Infracost's golden), carried with the reason
    publishes_eu = sns["publishes"]["regions"]["eu-west-1"]
    assert publishes_eu["rate"] == "0.50"
    assert "sns_topic_test" in publishes_eu["source"]
    run_update(cli, mirror, "emr")
    emr = card(data_dir, "emr")["rates"]
    assert emr["emr-r5.4xlarge"]["regions"]["us-east-1"]["rate"] == "0.252"  # not Hunk


def test_a_region_the_update_does_not_know_is_carried_over_with_the_reason(
        cli, mirror: Path, data_dir: Path) -> None:
    run_update(cli, mirror, "swf")
    rates = card(data_dir, "swf")["rates"]
    gov = rates["workflow-executions"]["regions"]["us-gov-west-1"]
    assert gov["rate"] == "0.00012"  # AWS's GovCloud page, as shipped
    assert gov["source"] == "https://aws.amazon.com/govcloud-us/pricing/swf/"
    assert gov["note"].startswith(SELECTED_NOTHING)
    assert "region 'us-gov-west-1' is not known" in gov["note"]
    assert "verified" not in gov


def _drop(usagetype: str) -> Any:
    def change(products: dict[str, Any], on_demand: dict[str, Any]) -> None:
        sku = sku_of(products, usagetype)
        del products[sku], on_demand[sku]
    return change


def _per(usagetype: str, unit: str) -> Any:
    def change(products: dict[str, Any], on_demand: dict[str, Any]) -> None:
        for dimension in dimensions(on_demand, sku_of(products, usagetype)):
            dimension["unit"] = unit
    return change


def _twice(usagetype: str, copy_as: str) -> Any:
    def change(products: dict[str, Any], on_demand: dict[str, Any]) -> None:
        sku = sku_of(products, usagetype)
        other = json.loads(json.dumps(products[sku]))
        other["sku"] = "DUPLICATE0000001"
        other["attributes"]["usagetype"] = copy_as
        products[other["sku"]] = other
        on_demand[other["sku"]] = {"DUPLICATE0000001.JRTCKXETXF": next(
            iter(json.loads(json.dumps(on_demand[sku])).values()))}
    return change


@pytest.mark.parametrize(("service", "code", "change", "key", "shipped", "why"), [
    ("kinesis", "AmazonKinesis", _drop("Extended-ShardHour"), "extended-retention",
     {"rate": "0.02"}, "no product matches usagetype=Extended-ShardHour"),
    # Infracost labels extended retention per GB; the card bills it per shard-hour
    ("kinesis", "AmazonKinesis", _per("Extended-ShardHour", "GB"), "extended-retention",
     {"rate": "0.02"}, "is priced per GB; expected"),
    ("sqs", "AWSQueueService", _twice("Requests-RBP", "USE1-Requests-RBP"),
     "requests-standard", None, "2 products match"),
    ("flink", "AmazonKinesisAnalytics", _drop("KPU-Hour-Java"), "kpu-hours",
     {"rate": "0.11"}, "no product matches usagetype=KPU-Hour-Java"),
], ids=["missing", "other-unit", "several", "flink-missing"])
def test_an_unusable_selection_carries_the_shipped_rate_with_the_reason(
        cli, mirror: Path, data_dir: Path, service: str, code: str, change: Any,
        key: str, shipped: dict[str, Any] | None, why: str) -> None:
    edit_offer(mirror, code, "us-east-1", change)
    result = update(cli, str(mirror), "--service", service)
    assert result.code == 0, result.err  # the update goes on, and says what it kept
    assert f"note: {service}: 1 rate kept as shipped because an unconfirmed" in result.err
    rates = card(data_dir, service)["rates"]
    value = rates[key]["regions"]["us-east-1"]
    if shipped is not None:
        assert {k: value[k] for k in shipped} == shipped
    assert value["note"].startswith(SELECTED_NOTHING), value["note"]
    assert why in value["note"]
    # the other keys of the card were still read from the file
    others = [k for k in EXPECTED[service] if k != key]
    assert all(rates[k]["regions"]["us-east-1"].get("verified") is False for k in others)


def test_tiers_come_from_the_file(cli, mirror: Path, data_dir: Path) -> None:
    def four_tiers(products: dict[str, Any], on_demand: dict[str, Any]) -> None:
        top = max(dimensions(on_demand, sku_of(products, "USE1-BilledBytes")),
                  key=lambda d: Decimal(d["beginRange"]))
        (term,) = on_demand[sku_of(products, "USE1-BilledBytes")].values()
        top["endRange"] = "5120000"
        extra = dict(top, beginRange="5120000", endRange="Inf",
                     pricePerUnit={"USD": "0.0150000000"}, rateCode=top["rateCode"] + "X")
        term["priceDimensions"][extra["rateCode"]] = extra
    edit_offer(mirror, "AmazonKinesisFirehose", "us-east-1", four_tiers)
    run_update(cli, mirror, "firehose")
    ingestion = card(data_dir, "firehose")["rates"]["ingestion"]
    assert ingestion["regions"]["us-east-1"]["tiers"] == [
        {"up_to": 512_000, "rate": "0.029"}, {"up_to": 2_048_000, "rate": "0.025"},
        {"up_to": 5_120_000, "rate": "0.02"}, {"rate": "0.015"}]
    assert "tier_scope" not in ingestion  # the account's aggregate, as shipped


def _estimate(cli, tmp_path: Path, text: str) -> dict[str, Any]:
    spec = tmp_path / "spec.yaml"
    spec.write_text(text)
    result = cli("estimate", str(spec), "--format", "json")
    assert result.code == 0, result.err
    return json.loads(result.out)


def test_estimate_uses_the_updated_tiers_for_the_accounts_aggregate(
        cli, mirror: Path, data_dir: Path, tmp_path: Path) -> None:
    def cheaper_second_tier(products: dict[str, Any], on_demand: dict[str, Any]) -> None:
        for dimension in dimensions(on_demand, sku_of(products, "Requests-RBP")):
            if dimension["beginRange"] == "100000000000":
                dimension["pricePerUnit"]["USD"] = "0.0000002000"
    edit_offer(mirror, "AWSQueueService", "us-east-1", cheaper_second_tier)
    run_update(cli, mirror, "sqs")
    # Two queues of 60 B requests each cross the 100 B tier together (neither alone
    # would): 120 B - 1 M free = 99,999 M at $0.40/M + 20,000 M at the file's $0.20/M
    # = $39,999.60 + $4,000.00.
    report = _estimate(cli, tmp_path, """\
name: queues
region: us-east-1
free_tier: true
resources:
  a: {service: sqs, type: standard, requests: 60000M}
  b: {service: sqs, type: standard, requests: 60000M}
""")
    assert Decimal(str(report["totals"]["monthly"])) == Decimal("43999.60")
    assert [r["monthly"] for r in report["resources"]] == [21999.8, 21999.8]


def test_estimate_uses_the_free_allowance_the_file_gives(
        cli, mirror: Path, data_dir: Path, tmp_path: Path) -> None:
    def http(products: dict[str, Any], on_demand: dict[str, Any]) -> None:
        for dimension in dimensions(on_demand, sku_of(products, "DeliveryAttempts-HTTP")):
            if dimension["beginRange"] == "0":
                dimension["endRange"] = "200000"
            else:
                dimension["beginRange"] = "200000"
                dimension["pricePerUnit"]["USD"] = "0.0000007000"
    edit_offer(mirror, "AmazonSNS", "us-east-1", http)
    run_update(cli, mirror, "sns", "--region", "us-east-1")
    # publishes: (3 M - 1 M free) × $0.50/M = $1.00; HTTP/S: (1.1 M - the file's 200,000
    # free) × $0.70/M = $0.63; SQS deliveries $0.
    report = _estimate(cli, tmp_path, """\
name: topic
region: us-east-1
free_tier: true
resources:
  t:
    service: sns
    topic_type: standard
    publishes: 3M
    message_size: 1 KB
    deliveries: {http: 1.1M, sqs: 3M}
""")
    assert Decimal(str(report["totals"]["monthly"])) == Decimal("1.63")


@pytest.mark.parametrize(("service", "resource", "fragment"), [
    ("sqs", "{service: sqs, type: standard, requests: 5M}",
     "run 'awscalc pricing update --service sqs --region eu-central-2'"),
    ("kinesis", "{service: kinesis, mode: on_demand, records: 1M, record_size: 1 KB}",
     "run 'awscalc pricing update --service kinesis --region eu-central-2'"),
], ids=["sqs", "kinesis"])
def test_a_missing_region_names_the_update_command(cli, tmp_path: Path, service: str,
                                                   resource: str, fragment: str) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(f"name: x\nregion: eu-central-2\nresources:\n  r: {resource}\n")
    result = cli("estimate", str(spec))
    assert result.code == 4, result.err
    assert fragment in result.err


def test_keys_without_a_rule_say_why_the_update_does_not_fetch_them() -> None:
    from awscalc.ratecards import card_update_hint

    assert card_update_hint("firehose", "ingestion", "eu-west-1") == (
        "run 'awscalc pricing update --service firehose --region eu-west-1'")
    hint = card_update_hint("firehose", "format-conversion", "eu-west-1")
    assert "does not fetch it (no source names the Price List usage type" in hint
    # Kinesis Video Streams has no mapping at all
    assert "does not fetch it (no Price List rule)" in card_update_hint(
        "kinesis_video", "data-ingested", "eu-west-1")
