"""Streaming, messaging and storage cards outside us-east-1, round 2 of issue 19: spot
checks of the regional rates this round added against their source's figures (typed here
from the source, not read back from the card), a hand-computed estimate, and the rates that
stay missing in the three check regions because no citable source states them (each must
stop with exit 4 naming service, key and region — never a rate borrowed from elsewhere)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from awscalc.ratecards import load_card

from .conftest import SHIPPED_PRICING
from .regional import estimate, items, spec

# EFS Standard storage, $/GB-month: the AmazonEFS Price List CSV of 2017-07-21 (effective
# 2017-06-01) as first copied in ligoj/plugin-prov-aws@80aeb26,
# src/test/resources/mock-server/aws/pricing-efs.csv — rows APS2-, EUC1-, USE2- and
# USW2-TimedStorage-ByteHrs.
LIGOJ_EFS = "80aeb26ba0e3d1c91cbfcbf578d6d36be7a2e7df"
EFS_STANDARD = {
    "ap-southeast-2": "0.36",
    "eu-central-1": "0.36",
    "us-east-2": "0.30",
    "us-west-2": "0.30",
}


@pytest.mark.parametrize("region", sorted(EFS_STANDARD))
def test_efs_standard_storage_is_the_csv_row_and_unverified(region: str) -> None:
    rate = load_card(SHIPPED_PRICING / "efs.yaml").rate("standard-storage", region)
    assert rate.tiers[0].rate == Decimal(EFS_STANDARD[region])
    assert rate.verified is False
    assert "ligoj/plugin-prov-aws@80aeb26" in rate.note
    card = yaml.safe_load((SHIPPED_PRICING / "efs.yaml").read_text(encoding="utf-8"))
    assert LIGOJ_EFS in card["rates"]["standard-storage"]["regions"][region]["source"]


def test_efs_standard_storage_in_sydney_by_hand(cli, tmp_path: Path) -> None:
    # 1,536 GB × $0.36 = $552.96
    path = spec(tmp_path, "ap-southeast-2",
                "  fs:\n    service: efs\n    storage: {standard: 1536 GB}\n")
    assert items(estimate(cli, path)) == {"standard-storage": pytest.approx(552.96)}


def test_efs_other_classes_in_sydney_come_from_the_feed_not_the_csv() -> None:
    # the CSV copy has no Sydney row for Infrequent Access: that rate is AWS's
    # pricing-page feed's, never borrowed from the CSV's other regions
    rate = load_card(SHIPPED_PRICING / "efs.yaml").rate("ia-storage", "ap-southeast-2")
    assert "aws-price-watcher" in rate.note and "ligoj" not in rate.note


# The first rate each family example needs, in a region beyond the 21 targets (eu-central-2):
# no source gives it there, so it stays the one-line exit-4 error. (In the check regions
# these rates now come from AWS's pricing-page feeds: tests/test_pricewatcher_cards.py.)
UNSOURCED = {
    "kinesis": ("  s:\n    service: kinesis\n    mode: provisioned\n    shards: 1\n",
                "shard-hours", ("eu-central-2",)),
    "kinesis_video": ("  v:\n    service: kinesis_video\n    ingested: 10 GB\n",
                      "data-ingested", ("eu-central-2",)),
    "sns": ("  t:\n    service: sns\n    topic_type: standard\n    publishes: 5M\n"
            "    message_size: 2 KB\n",
            "publishes", ("eu-central-2",)),
    "sqs": ("  q:\n    service: sqs\n    type: standard\n    messages: 5M\n"
            "    message_size: 2 KB\n",
            "requests-standard", ("eu-central-2",)),
    "storage_gateway": ("  g:\n    service: storage_gateway\n    gateway: tape\n"
                        "    data_written: 10 GB\n",
                        "data-written", ("eu-central-2",)),
}
CASES = [(service, region) for service, (_, _, regions) in sorted(UNSOURCED.items())
         for region in regions]


@pytest.mark.parametrize(("service", "region"), CASES,
                         ids=[f"{service}-{region}" for service, region in CASES])
def test_an_unsourced_regional_rate_stays_an_error(cli, tmp_path: Path, service: str,
                                                   region: str) -> None:
    resources, key, _ = UNSOURCED[service]
    result = cli("estimate", str(spec(tmp_path, region, resources)), "--format", "json")
    assert result.code == 4, result.err
    (line,) = result.err.splitlines()
    assert line.startswith("awscalc: error: no price for service")
    assert f"'{service}'" in line and f"'{key}'" in line and f"'{region}'" in line
