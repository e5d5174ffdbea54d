"""Regional rates of the hand-written cards from AWS's pricing-page feeds as committed in
iann0036/aws-price-watcher (raw/<feed>.json @ d65c44f0c, MIT; 3P-PL, unverified), written
by pricing/tools/pricewatcher_cards.py (issue 19).

The figures below are typed from the feeds by hand (per single unit there; the card's
unit in the comment), the estimates are computed by hand, and the generator's rules (a
0 is missing unless the meter is free, tiers take the card's bounds, a row that
disagrees with the card stops the run) are tested on small feeds."""

from __future__ import annotations

import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from awscalc.errors import PricingError
from awscalc.ratecards import RateBook

from . import regional
from .conftest import REPO, SHIPPED_PRICING, load_tool
from .pricewatcher import COMMIT, assert_is_the_feeds, mirrored, needs_mirror

FEED_FIGURES = {
    # (card, key, region): the feed's figure in the card's unit
    ("elb", "alb-hours", "sa-east-1"): "0.034",
    ("elb", "alb-lcu", "sa-east-1"): "0.011",
    ("elb", "public-ipv4", "eu-west-1"): "0.005",                  # vpc feed
    ("lambda", "provisioned-concurrency-arm64", "ap-southeast-2"): "0.0000041888",
    ("lambda", "provisioned-duration-arm64", "ap-southeast-2"): "0.0000097738",
    ("dynamodb", "read-request-units", "eu-west-1"): "0.1415",     # 0.0000001415 each
    ("dynamodb", "write-request-units", "eu-west-1"): "0.705",     # 0.0000007050 each
    ("dynamodb", "storage", "eu-west-1"): "0.283",
    ("kinesis", "shard-hours", "ap-southeast-2"): "0.0184",
    ("kinesis", "put-payload-units", "ap-southeast-2"): "0.0195",  # 0.0000000195 each
    ("storage_gateway", "tape-archive-deep-archive", "sa-east-1"): "0.0032",
    ("efs", "standard-storage", "sa-east-1"): "0.57",
    ("data-transfer", "endpoint-hours", "sa-east-1"): "0.021",
    ("kinesis_video", "data-ingested", "sa-east-1"): "0.023",
    ("ecs", "fargate-ephemeral-storage", "ap-southeast-2"): "0.000133",
    ("sns", "deliveries-email", "ap-southeast-2"): "2",            # 0.00002 each, per 100k
    ("s3", "kms-requests", "sa-east-1"): "0.03",                   # kms feed, per 10k
    ("ecs", "fargate-vcpu-windows", "sa-east-1"): "0.08004",
    ("ecs", "fargate-memory-windows", "ap-southeast-2"): "0.006118",
    ("ecs", "fargate-windows-os-licence", "sa-east-1"): "0.046",
    ("glacier", "storage", "sa-east-1"): "0.00765",
    ("glacier", "retrieval-requests-expedited", "ap-southeast-2"): "12",  # 0.012 each, per 1k
}


@pytest.mark.parametrize(("card", "key", "region"), sorted(FEED_FIGURES))
def test_regional_rates_are_the_feeds(shipped_book: RateBook, card: str, key: str,
                                      region: str) -> None:
    assert_is_the_feeds(shipped_book.rate(card, key, region), FEED_FIGURES[(card, key, region)])


def test_sqs_tiers_take_the_feeds_rates_and_the_cards_bounds(shipped_book: RateBook) -> None:
    # 'Standard per Requests' / 'Tier2' / 'Tier3' in São Paulo: $0.40 / $0.39 / $0.38 per
    # million; the bounds (100 B, 200 B requests a month) are us-east-1's
    rate = shipped_book.rate("sqs", "requests-standard", "sa-east-1")
    assert [(t.up_to, t.rate) for t in rate.tiers] == [
        (Decimal(100_000_000_000), Decimal("0.40")),
        (Decimal(200_000_000_000), Decimal("0.39")), (None, Decimal("0.38"))]


def test_hand_entries_win_over_the_feed(shipped_book: RateBook) -> None:
    # us-east-2's Kinesis figures come from an Infracost golden and stay so
    assert "infracost" in shipped_book.rate("kinesis", "shard-hours", "us-east-2").note.lower()


def test_sns_deliveries_to_sqs_are_free_where_the_feed_lists_them_at_zero(
        shipped_book: RateBook) -> None:
    rate = shipped_book.rate("sns", "deliveries-sqs", "ap-southeast-2")
    assert rate.tiers[0].rate == 0 and "AWS lists the meter at $0" in rate.note


def test_the_storage_gateway_cap_holds_where_the_upload_rows_are_us_east_1s(
        shipped_book: RateBook) -> None:
    rate = shipped_book.rate("storage_gateway", "data-written-cap", "sa-east-1")
    assert rate.tiers[0].rate == Decimal("125.00")
    assert "us-east-1's prices" in rate.note


@needs_mirror
@pytest.mark.parametrize(("region", "location", "first", "over"), [
    ("ap-northeast-1", "Asia Pacific (Tokyo)", "First 11.6 TB", "Over 11.6 TB"),
    ("ap-northeast-2", "Asia Pacific (Seoul)", "First first 10.6 TB", "Over 10.6 TB"),
])
def test_tokyo_and_seoul_uploads_are_the_feeds_rows_by_hand(
        shipped_book: RateBook, region: str, location: str, first: str, over: str) -> None:
    """The hand entries' rate is the feed's first-tier row, its bound the least value the
    rounded label can have, and the card has no cap there (the feed's bound is not
    us-east-1's 12.2 TB)."""
    rows = json.loads(mirrored("raw/storagegateway.json"))["regions"][location]
    assert Decimal(rows[f"StorageGateway UploadedBytes {first}"]["price"]) == Decimal("0.01")
    assert Decimal(rows[f"StorageGateway UploadedBytes {over}"]["price"]) == 0
    assert "StorageGateway UploadedBytes First 12.2 TB" not in rows
    rate = shipped_book.rate("storage_gateway", "data-written", region)
    assert [(tier.up_to, tier.rate) for tier in rate.tiers] == [(None, Decimal("0.01"))]
    assert not rate.verified and first in rate.note
    with pytest.raises(PricingError, match="no price"):
        shipped_book.rate("storage_gateway", "data-written-cap", region)
    # the least the rounded bound can be (e.g. 11.55 TB read as 11,550 GB) × $0.01
    floor = shipped_book.rate("storage_gateway", "data-written-cap-at-least", region)
    assert floor.tiers[0].rate == (Decimal(first.split()[-2]) * 1000 - 50) * Decimal("0.01")


def test_a_load_balancer_by_hand_in_sa_east_1(cli, tmp_path: Path) -> None:
    data = regional.estimate(cli, regional.spec(tmp_path, "sa-east-1", (
        "  lb: {service: elb, type: application, traffic: {processed: 1 GB/h},"
        " public_ipv4_addresses: 2}\n")))
    # 730 h × $0.034 = $24.82; 1 LCU (1 GB/h processed) × 730 h × $0.011 = $8.03;
    # 2 addresses × 730 h × $0.005 = $7.30
    assert regional.items(data) == {"alb-hours": 24.82, "alb-lcu": 8.03,
                                    "public-ipv4": 7.30}


def test_on_demand_dynamodb_by_hand_in_eu_west_1(cli, tmp_path: Path) -> None:
    data = regional.estimate(cli, regional.spec(tmp_path, "eu-west-1", (
        "  t: {service: dynamodb, capacity: on_demand, storage: 100 GB, item_size: 1 KB,"
        " consistency: strong, reads: 10M, writes: 2M}\n")))
    # 10 M RRU × $0.1415/M = $1.415 → $1.42 (rounded half-up at the line);
    # 2 M WRU × $0.705/M = $1.41; 100 GB × $0.283 = $28.30
    assert regional.items(data) == {"read-request-units": 1.42,
                                    "write-request-units": 1.41, "storage": 28.30}


def test_sqs_standard_requests_by_hand_in_sa_east_1(cli, tmp_path: Path) -> None:
    data = regional.estimate(cli, regional.spec(tmp_path, "sa-east-1", (
        "  q: {service: sqs, type: standard, requests: 150_000_000_000}\n")))
    # 100 B × $0.40/M = $40,000 + 50 B × $0.39/M = $19,500
    assert regional.items(data) == {"requests-standard": 59500.0}


def test_sqs_billing_row_regions_take_the_feeds_upper_tiers(cli, tmp_path: Path) -> None:
    data = regional.estimate(cli, regional.spec(tmp_path, "eu-central-1", (
        "  q: {service: sqs, type: standard, requests: 250_000_000_000}\n")))
    # first 100 B at the billing rows' $0.40/M = $40,000; 'Tier2' $0.36/M × 100 B =
    # $36,000; 'Tier3' $0.32/M × 50 B = $16,000
    assert regional.items(data) == {"requests-standard": 92000.0}


def test_a_windows_fargate_task_by_hand_in_sa_east_1(cli, tmp_path: Path) -> None:
    data = regional.estimate(cli, regional.spec(tmp_path, "sa-east-1", (
        "  r: {service: ecs, platform: windows, tasks: 2, vcpu: 1, memory: 2 GB}\n")))
    # 2 tasks × 730 h = 1,460 vCPU-hours × $0.08004 = $116.8584 → $116.86;
    # 2,920 GB-hours × $0.00874 = $25.5208 → $25.52; OS licence 1,460 × $0.046 = $67.16
    assert regional.items(data) == {"fargate-vcpu-windows": 116.86,
                                    "fargate-memory-windows": 25.52,
                                    "fargate-windows-os-licence": 67.16}


def test_sse_kms_requests_by_hand_in_ap_southeast_2(cli, tmp_path: Path) -> None:
    data = regional.estimate(cli, regional.spec(tmp_path, "ap-southeast-2", (
        "  b: {service: s3, storage: [{class: STANDARD, size: 1 GB}], encryption: sse_kms,"
        " kms_requests: 130k}\n"), free_tier=True))
    # KMS feed 'API request - Non Free Tier' $0.000003 each = $0.03 per 10k; the free
    # 20,000 requests first: 110,000 × $0.03 / 10,000 = $0.33
    assert regional.items(data)["kms-requests"] == 0.33


def test_a_glacier_vault_by_hand_in_sa_east_1(cli, tmp_path: Path) -> None:
    data = regional.estimate(cli, regional.spec(tmp_path, "sa-east-1", (
        "  v: {service: glacier, storage: 10 TB, retrievals: [{tier: expedited, size: 100 GB,"
        " requests: 1000}]}\n")))
    # 10,240 GB × $0.00765 = $78.34 (78.336); 100 GB × $0.042 = $4.20;
    # 1,000 requests × $0.014 each = $14.00
    assert regional.items(data) == {"storage": 78.34, "retrieval-expedited": 4.2,
                                    "retrieval-requests-expedited": 14.0}


def test_vault_uploads_and_free_bulk_retrievals_by_hand_in_eu_west_1(cli,
                                                                     tmp_path: Path) -> None:
    data = regional.estimate(cli, regional.spec(tmp_path, "eu-west-1", (
        "  v: {service: glacier, storage: 1 TB, uploads: 100k, retrievals: [{tier: bulk,"
        " size: 500 GB, requests: 2000}]}\n")))
    # 'API Request Standard' $0.000033 each = $0.033 per 1,000: 100 × $0.033 = $3.30;
    # 'Bulk-Retrieval per GB' and 'API Request Bulk' are $0; 1,024 GB × $0.0036 = $3.69
    assert regional.items(data) == {"storage": 3.69, "upload-requests": 3.3,
                                    "retrieval-bulk": 0.0, "retrieval-requests-bulk": 0.0}
    (upload,) = [i for i in data["line_items"] if i["usage_key"] == "upload-requests"]
    assert "identified as the upload rate" in upload["rate_note"]


# -- the generator's rules, on small feeds -------------------------------------------


def _feed(regions: dict[str, dict[str, str]]) -> dict:
    """A feed with ``regions``: display name → row → price."""
    return {"manifest": {"hawkFilePublicationDate": "2025-03-11T16:45:48Z"},
            "regions": {name: {row: {"price": price, "rateCode": "X.Y.Z"}
                               for row, price in rows.items()}
                        for name, rows in regions.items()}}


CARD = """\
service: demo
title: Demo
source: https://aws.amazon.com/
retrieved: "2026-12-01"
currency: USD
rates:
  flat:
    description: A flat rate
    unit: request
    per: 1_000_000
    regions:
      us-east-1: {rate: "0.40"}
  ladder:
    description: A ladder
    unit: GB
    regions:
      us-east-1:
        tiers:
          - {up_to: 10, rate: "0.03"}
          - {rate: "0.02"}
  zero:
    description: Free meter
    unit: message
    regions:
      us-east-1: {rate: "0"}
"""


@pytest.fixture
def generator():
    """The generator module."""
    return load_tool("pricewatcher_cards")


def _run(generator, tmp_path: Path, regions: dict[str, dict[str, str]],
         meters: dict) -> tuple[int, str]:
    """Run the generator on a one-card pricing root; its exit code and the card."""
    (tmp_path / "aws").mkdir(exist_ok=True)
    card = tmp_path / "aws" / "demo.yaml"
    if not card.exists():
        card.write_text(CARD)
    (tmp_path / "feeds").mkdir(exist_ok=True)
    (tmp_path / "feeds" / "demo.json").write_text(json.dumps(_feed(regions)))
    code = generator.main([str(tmp_path / "feeds"), "--commit", COMMIT, "--date",
                           "2025-05-24", "--root", str(tmp_path)],
                          cards={"demo": generator.Card("demo", meters)})
    return code, card.read_text()


def _meters(generator) -> dict:
    return {"flat": generator.meter("F"), "ladder": generator.meter("L1", "L2"),
            "zero": generator.meter("Z", free=True)}


def test_the_generator_scales_tiers_and_keeps_free_meters(generator, tmp_path: Path) -> None:
    code, card = _run(generator, tmp_path, {
        "US East (N. Virginia)": {"F": "0.0000004", "L1": "0.03", "L2": "0.02", "Z": "0"},
        "EU (Ireland)": {"F": "0.00000045", "L1": "0.033", "L2": "0.022", "Z": "0.0"}},
        _meters(generator))
    assert code == 0
    lines = [line for line in card.splitlines() if line.endswith("# pricewatcher")]
    assert len(lines) == 3
    assert lines[0].startswith('      eu-west-1: {rate: "0.45", verified: false,')
    assert lines[1].startswith('      eu-west-1: {tiers: [{up_to: 10, rate: "0.033"}, '
                               '{rate: "0.022"}], verified: false,')
    assert lines[2].startswith('      eu-west-1: {rate: "0", verified: false,')
    # the card still loads, and a second run replaces its own lines only
    assert _run(generator, tmp_path, {
        "US East (N. Virginia)": {"F": "0.0000004", "L1": "0.03", "L2": "0.02", "Z": "0"},
        "EU (Ireland)": {"F": "0.00000045", "L1": "0.033", "L2": "0.022", "Z": "0"}},
        _meters(generator)) == (0, card)


def test_a_zero_is_missing_unless_the_meter_is_free(generator, tmp_path: Path) -> None:
    code, card = _run(generator, tmp_path, {
        "US East (N. Virginia)": {"F": "0.0000004", "L1": "0.03", "L2": "0.02", "Z": "0"},
        "EU (Ireland)": {"F": "0.0000000000", "L1": "0.033"}}, _meters(generator))
    # eu-west-1: F is 0 (missing), the ladder lacks its second row, Z is absent
    assert code == 0 and "# pricewatcher" not in card


def test_a_row_that_disagrees_with_the_card_stops_the_run(generator, tmp_path: Path,
                                                          capsys) -> None:
    code, card = _run(generator, tmp_path, {
        "US East (N. Virginia)": {"F": "0.0000005", "L1": "0.03", "L2": "0.02", "Z": "0"},
        "EU (Ireland)": {"F": "0.00000045", "L1": "0.033", "L2": "0.022", "Z": "0"}},
        _meters(generator))
    assert code == 1 and card == CARD
    assert "demo flat us-east-1: card 0.40, feed 0.5" in capsys.readouterr().err


def test_the_shipped_mapping_names_only_keys_the_cards_have(generator) -> None:
    for name, card in generator.CARDS.items():
        rates = generator.parsed_card(SHIPPED_PRICING / f"{name}.yaml")
        assert set(card.meters) <= set(rates), name


@needs_mirror
def test_a_rerun_on_the_cited_feeds_reproduces_the_shipped_cards(generator,
                                                                 tmp_path: Path) -> None:
    feeds = tmp_path / "feeds"
    feeds.mkdir()
    names = {card.feed for card in generator.CARDS.values()} | {
        meter.feed for card in generator.CARDS.values() for meter in card.meters.values()
        if meter.feed}
    for name in names:
        (feeds / f"{name}.json").write_bytes(mirrored(f"raw/{name}.json"))
    shutil.copytree(REPO / "pricing" / "aws", tmp_path / "aws",
                    ignore=shutil.ignore_patterns("*.sqlite", "catalog"))
    assert generator.main([str(feeds), "--commit", COMMIT, "--date", "2025-05-24",
                           "--root", str(tmp_path)]) == 0
    for name in generator.CARDS:
        shipped = (REPO / "pricing" / "aws" / f"{name}.yaml").read_text()
        assert (tmp_path / "aws" / f"{name}.yaml").read_text() == shipped, name
