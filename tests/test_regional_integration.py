"""Kinesis, Firehose, Flink, Kinesis Video Streams, SNS, SQS and SWF outside us-east-1
(issue 19): spot checks of the shipped regional rates against their sources' figures
(typed from the sources, not read back from the cards), estimates computed by hand in
the newly priced regions, ladders that stop where their source stops, and the exact gaps
that keep this family's shipped examples from pricing in the three check regions."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from awscalc.ratecards import load_card

from .conftest import REPO, SHIPPED_PRICING
from .regional import estimate, items, spec

FAMILY = {"kinesis", "kinesis_video", "firehose", "flink", "sns", "sqs", "swf"}
CHECK_REGIONS = ("eu-west-1", "ap-southeast-2", "sa-east-1")





# --- rates as the sources print them ----------------------------------------------------

# (card, key, region) -> the source's figure, typed from the source:
# - SNS eu-west-1: Infracost's sns_topic_test golden (2024-12-04), sns_topic_another_region:
#   "$0.50 per 1M requests", "$0.06 per 100k notifications" (HTTP), "$2.00 per 100k
#   notifications" (email), "$0.50 per 1M notifications" (mobile push), "$0.19 per 1M
#   notifications" (Firehose)
# - Kinesis us-east-2: kinesis_stream_test golden (2024-07-01), use2_* streams: "$10.95" for
#   730 shard-hours, "$0.000000014 per units", "$0.013 per GB" EFO data, "$0.015 per
#   consumer-shard hour", "$29.20" for 730 on-demand stream-hours, "$0.08 per GB" in,
#   "$0.04 per GB" out, "$0.05 per GB" EFO, "$0.10 per GB" / "$0.023 per GB" retention
SOURCE_FIGURES = {
    ("sns", "publishes", "eu-west-1"): Decimal("0.50"),
    ("sns", "deliveries-http", "eu-west-1"): Decimal("0.06") * 10,
    ("sns", "deliveries-email", "eu-west-1"): Decimal("2.00"),
    ("sns", "deliveries-mobile-push", "eu-west-1"): Decimal("0.50"),
    ("sns", "deliveries-firehose", "eu-west-1"): Decimal("0.19"),
    ("kinesis", "shard-hours", "us-east-2"): Decimal("10.95") / 730,
    ("kinesis", "put-payload-units", "us-east-2"): Decimal("0.000000014") * 1_000_000,
    ("kinesis", "efo-data", "us-east-2"): Decimal("0.013"),
    ("kinesis", "efo-consumer-hours", "us-east-2"): Decimal("0.015"),
    ("kinesis", "long-term-retention", "us-east-2"): Decimal("0.023"),
    ("kinesis", "on-demand-stream-hours", "us-east-2"): Decimal("29.20") / 730,
    ("kinesis", "on-demand-data-in", "us-east-2"): Decimal("0.08"),
    ("kinesis", "on-demand-data-out", "us-east-2"): Decimal("0.04"),
    ("kinesis", "on-demand-efo-data", "us-east-2"): Decimal("0.05"),
    ("kinesis", "on-demand-extended-retention", "us-east-2"): Decimal("0.10"),
    ("kinesis", "on-demand-long-term-retention", "us-east-2"): Decimal("0.023"),
}


@pytest.mark.parametrize("case", sorted(SOURCE_FIGURES), ids=lambda c: "-".join(c))
def test_regional_rate_matches_its_source(case: tuple[str, str, str]) -> None:
    service, key, region = case
    rate = load_card(SHIPPED_PRICING / f"{service}.yaml").rate(key, region)
    assert len(rate.tiers) == 1
    assert rate.tiers[0].rate == SOURCE_FIGURES[case]
    assert rate.verified, "an exact Infracost Price List figure ships verified"


# (Tier2, Tier3) $/M: the feed's 'Standard per Requests Tier2/Tier3' rows at d65c44f0c
UPPER_TIERS = {"us-west-2": ("0.30", "0.24"), "eu-central-1": ("0.36", "0.32"),
               "ap-northeast-2": ("0.35", "0.32")}


@pytest.mark.parametrize("region", sorted(UPPER_TIERS))
def test_sqs_standard_first_tier_from_billing_rows_then_the_feeds_tiers(region: str) -> None:
    # FOCUS sample data: "$0.40 per million Amazon SQS standard requests in Tier1 in …",
    # ListUnitPrice 0.0000004 per request; Tier1 ends at 100,000,000,000 requests. Above
    # it, the pricing-page feed (whose Tier1 row is the same $0.0000004).
    rate = load_card(SHIPPED_PRICING / "sqs.yaml").rate("requests-standard", region)
    assert not rate.verified
    second, third = UPPER_TIERS[region]
    assert [(t.up_to, t.rate) for t in rate.tiers] == [
        (Decimal(100_000_000_000), Decimal("0.0000004") * 1_000_000),
        (Decimal(200_000_000_000), Decimal(second)), (None, Decimal(third))]
    assert all("Standard per Requests Tier" in t.note for t in rate.tiers[1:])


def test_sqs_fifo_where_the_billing_rows_give_only_standard_is_the_feeds() -> None:
    rate = load_card(SHIPPED_PRICING / "sqs.yaml").rate("requests-fifo", "eu-central-1")
    assert not rate.verified and "iann0036/aws-price-watcher" in rate.note
    # the feed's FIFO rows for EU (Frankfurt): $0.0000005 / 0.00000048 / 0.00000044 a request
    assert [t.rate for t in rate.tiers] == [Decimal("0.50"), Decimal("0.48"), Decimal("0.44")]


def test_new_regional_rates_cite_their_own_source() -> None:
    for service, regions in {"sns": {"eu-west-1"}, "kinesis": {"us-east-2"},
                             "sqs": {"us-west-2", "eu-central-1", "ap-northeast-2"}}.items():
        card = load_card(SHIPPED_PRICING / f"{service}.yaml")
        for key, entry in card.rates.items():
            if key.startswith("fifo-"):
                continue  # eu-west-1 FIFO topics were priced before, under the key's source
            for region in regions & set(entry["regions"]):
                regional = entry["regions"][region]
                if regional.get("verified", True):
                    assert regional["source"].startswith("https://github.com/"), (key, region)
                    assert "golden" in regional["note"], (key, region)
                else:
                    assert regional["note"], (key, region)


# --- estimates computed by hand -----------------------------------------------------------

def test_sns_standard_topic_in_eu_west_1_by_hand(cli, tmp_path: Path) -> None:
    # 3 M publishes × $0.50/M = $1.50; 1 M HTTP × $0.60/M = $0.60; 11,000 email ×
    # $2.00/100,000 = $0.22; 2 M SQS deliveries × $0 = $0
    data = estimate(cli, spec(tmp_path, "eu-west-1", (
        "  t:\n    service: sns\n    publishes: 3M\n    message_size: 1 KB\n"
        "    deliveries: {http: 1M, email: 11k, sqs: 2M}\n")))
    assert items(data) == {"publishes": 1.50, "deliveries-http": 0.60,
                           "deliveries-email": 0.22, "deliveries-sqs": 0.0}


def test_sns_free_allowances_apply_in_eu_west_1(cli, tmp_path: Path) -> None:
    # (3 M − 1 M free) × $0.50/M = $1.00; (1 M − 100,000) × $0.60/M = $0.54;
    # (11,000 − 1,000) × $2.00/100,000 = $0.20
    data = estimate(cli, spec(tmp_path, "eu-west-1", (
        "  t:\n    service: sns\n    publishes: 3M\n    message_size: 1 KB\n"
        "    deliveries: {http: 1M, email: 11k}\n"), free_tier=True))
    assert items(data) == {"publishes": 1.00, "deliveries-http": 0.54,
                           "deliveries-email": 0.20}


def test_kinesis_provisioned_stream_in_us_east_2_by_hand(cli, tmp_path: Path) -> None:
    # 4 shards × 730 h × $0.015 = $43.80; 100 M records of 2 KB = 100 M PUT units ×
    # $0.014/M = $1.40; 1 EFO consumer × 4 shards × 730 h × $0.015 = $43.80
    data = estimate(cli, spec(tmp_path, "us-east-2", (
        "  s:\n    service: kinesis\n    shards: 4\n    records: 100M\n"
        "    record_size: 2 KB\n    enhanced_fan_out: {consumers: 1}\n")))
    found = items(data)
    assert found["shard-hours"] == 43.80
    assert found["put-payload-units"] == 1.40
    assert found["efo-consumer-hours"] == 43.80


def test_kinesis_on_demand_stream_in_us_east_2_by_hand(cli, tmp_path: Path) -> None:
    # 730 h × $0.04 = $29.20; 1,048,576 records × 1 KB = 1 GB in × $0.08 = $0.08;
    # 1 consumer reads it: 1 GB × $0.04 = $0.04
    data = estimate(cli, spec(tmp_path, "us-east-2", (
        "  s:\n    service: kinesis\n    mode: on_demand\n    records: 1048576\n"
        "    record_size: 1 KB\n    consumers: 1\n")))
    found = items(data)
    assert found["on-demand-stream-hours"] == 29.20
    assert found["on-demand-data-in"] == 0.08
    assert found["on-demand-data-out"] == 0.04


def test_sqs_standard_queue_in_eu_central_1_by_hand(cli, tmp_path: Path) -> None:
    # 11 M requests × $0.40/M = $4.40 (free tier off)
    data = estimate(cli, spec(tmp_path, "eu-central-1",
                              "  q:\n    service: sqs\n    requests: 11M\n"))
    assert items(data) == {"requests-standard": 4.40}


# --- what still keeps this family's examples from pricing in the check regions -------------

# The first missing rate of this family's resources in each shipped example (other
# services' resources are left out: their cards are other helpers'). No source states
# these regions' figures (see the cards' headers); when one is found, this table shrinks.
GAPS = {
    ("clickstream", "eu-central-2"): ("kinesis", "shard-hours"),
    ("event-pipeline", "eu-central-2"): ("kinesis", "shard-hours"),
    ("work-queues", "eu-central-2"): ("sns", "publishes"),
    ("video-analytics", "eu-central-2"): ("kinesis_video", "data-ingested"),
}
# This family's resources of these examples price in these regions (AWS's pricing-page
# feeds, tests/test_pricewatcher_cards.py and tests/test_pricewatcher_analytics.py).
PRICED = {(example, region) for example in ("clickstream", "event-pipeline", "work-queues",
                                            "video-analytics", "spark-cluster")
          for region in CHECK_REGIONS}


def family_only(example: str, tmp_path: Path) -> Path:
    """The example with only this family's resources (in their original order)."""
    data = yaml.safe_load((REPO / "examples" / f"{example}.yaml").read_text())
    data["resources"] = {name: body for name, body in data["resources"].items()
                         if body["service"] in FAMILY}
    path = tmp_path / f"{example}.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


@pytest.mark.parametrize("case", sorted(GAPS), ids=lambda c: f"{c[0]}-{c[1]}")
def test_the_first_unsourced_rate_is_an_exit_4_naming_it(cli, tmp_path: Path,
                                                          case: tuple[str, str]) -> None:
    example, region = case
    service, key = GAPS[case]
    result = cli("estimate", str(family_only(example, tmp_path)), "--region", region,
                 "--format", "json")
    assert result.code == 4, result.err
    assert f"service '{service}', region '{region}', key '{key}'" in result.err


def test_every_example_of_this_family_prices_in_every_check_region() -> None:
    examples = {path.stem for path in (REPO / "examples").glob("*.yaml")
                if FAMILY & {body["service"] for body in
                             yaml.safe_load(path.read_text())["resources"].values()}}
    assert {(e, r) for e in examples for r in CHECK_REGIONS} == PRICED


@pytest.mark.parametrize("case", sorted(PRICED), ids=lambda c: f"{c[0]}-{c[1]}")
def test_this_familys_resources_price(cli, tmp_path: Path, case: tuple[str, str]) -> None:
    example, region = case
    result = cli("estimate", str(family_only(example, tmp_path)), "--region", region,
                 "--format", "json")
    assert result.code == 0, result.err
