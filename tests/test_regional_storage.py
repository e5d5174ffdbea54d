"""Storage, serverless and network cards outside us-east-1 (issue 19): spot checks of the
regional rates against their sources' figures (typed here from the source, not read back
from the card), hand-computed estimates, and the shipped examples these cards let price in
the three check regions."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from awscalc.ratecards import load_card

from .conftest import REPO, SHIPPED_PRICING
from .regional import estimate, items, spec

# (card, key, region) -> the source's figure for the card's unit.
# S3: StephenWetzel/aws_s3_pricing_scraper outputs/*_2024-09-25*.csv @a83df26 — the AWS S3
# pricing page's price feed, per GB-month / per GB / per request (× 1,000 for the card).
SPOT = {
    ("s3", "storage-glacier", "ap-southeast-2"): "0.0045",
    ("s3", "storage-deep-archive", "ap-southeast-2"): "0.002",
    ("s3", "storage-glacier-ir", "ap-southeast-2"): "0.005",
    ("s3", "storage-standard-ia", "ap-southeast-2"): "0.0138",
    ("s3", "storage-intelligent-tiering-infrequent", "ap-southeast-2"): "0.0138",
    ("s3", "requests-standard-put", "ap-southeast-2"): "0.0055",    # 0.0000055 per request
    ("s3", "requests-standard-get", "ap-southeast-2"): "0.00044",   # 0.00000044 per request
    ("s3", "transition-glacier-ir", "ap-southeast-2"): "0.02",
    ("s3", "transition-deep-archive", "ap-southeast-2"): "0.06",
    ("s3", "retrieval-glacier-expedited", "ap-southeast-2"): "0.036",
    ("s3", "retrieval-requests-glacier-expedited", "ap-southeast-2"): "12",  # 0.012 each
    ("s3", "retrieval-deep-archive-bulk", "ap-southeast-2"): "0.005",
    ("s3", "intelligent-tiering-monitoring", "ap-southeast-2"): "0.0025",
    ("s3", "storage-glacier", "eu-west-1"): "0.0036",
    ("s3", "storage-deep-archive", "eu-west-1"): "0.00099",
    ("s3", "retrieval-requests-glacier-expedited", "eu-west-1"): "11",     # 0.011 each
    ("s3", "retrieval-requests-glacier-standard", "eu-west-1"): "0.055",
    ("s3", "storage-deep-archive", "sa-east-1"): "0.0032",
    ("s3", "retrieval-deep-archive-bulk", "sa-east-1"): "0.008",
    ("s3", "requests-deep-archive-put", "sa-east-1"): "0.1",
    ("s3", "retrieval-requests-glacier-expedited", "me-south-1"): "12.1",
    # ELB eu-west-1: Infracost elastic_beanstalk_environment_test golden (2024-07-01),
    # $20.44 / 730 h, $80.00 / 10,000 GB, ≈ $18.40 / 730 h, ≈ $4.38 / 730 h
    ("elb", "clb-hours", "eu-west-1"): "0.028",
    ("elb", "clb-data", "eu-west-1"): "0.008",
    ("elb", "nlb-hours", "eu-west-1"): "0.0252",
    ("elb", "nlb-lcu", "eu-west-1"): "0.006",
}


def _rate(card: str, key: str, region: str) -> Decimal:
    rate = load_card(SHIPPED_PRICING / f"{card}.yaml").rate(key, region)
    return rate.tiers[0].rate


@pytest.mark.parametrize("case", sorted(SPOT),
                         ids=lambda c: "-".join(c))
def test_regional_rate_is_the_sources_figure(case: tuple[str, str, str]) -> None:
    assert _rate(*case) == Decimal(SPOT[case])


def test_elb_eu_west_1_rates_from_cents_are_unverified() -> None:
    card = load_card(SHIPPED_PRICING / "elb.yaml")
    assert card.rate("nlb-hours", "eu-west-1").verified is False
    assert card.rate("nlb-lcu", "eu-west-1").verified is False
    assert card.rate("clb-hours", "eu-west-1").verified is True
    # the eu-west-1 ALB rate is AWS's pricing-page feed's ($0.0252 an hour)
    alb = card.rate("alb-hours", "eu-west-1")
    assert alb.tiers[0].rate == Decimal("0.0252") and "aws-price-watcher" in alb.note


def test_nlb_and_clb_by_hand_in_eu_west_1(cli, tmp_path: Path) -> None:
    data = estimate(cli, spec(tmp_path, "eu-west-1", (
        "  n: {service: elb, type: network}\n"
        "  c: {service: elb, type: classic, traffic: {processed: 1000 GB}}\n")))
    got = {(i["resource"], i["usage_key"]): i["cost"] for i in data["line_items"]}
    # 730 h × $0.0252 = $18.396 → $18.40; 730 h × $0.028 = $20.44; 1,000 GB × $0.008 = $8.00
    assert got[("n", "nlb-hours")] == 18.40
    assert got[("c", "clb-hours")] == 20.44
    assert got[("c", "clb-data")] == 8.00


def test_s3_standard_ladders_from_the_feed() -> None:
    card = load_card(SHIPPED_PRICING / "s3.yaml")
    ladders = {
        "ap-southeast-2": ["0.025", "0.024", "0.023"],
        "af-south-1": ["0.0274", "0.0262", "0.025"],
        "us-west-1": ["0.026", "0.025", "0.024"],
        "eu-central-1": ["0.0245", "0.0235", "0.0225"],
    }
    for region, rates in ladders.items():
        tiers = card.rate("storage-standard", region).tiers
        assert [t.rate for t in tiers] == [Decimal(r) for r in rates], region
        assert [t.up_to for t in tiers] == [Decimal(51200), Decimal(512000), None], region


def test_s3_covers_the_issue_regions_and_no_others() -> None:
    card = load_card(SHIPPED_PRICING / "s3.yaml")
    regions = set(card.rates["storage-glacier"]["regions"])
    assert len(regions) == 21 and "ap-south-2" not in regions
    # no source for Deep Archive GET outside us-east-1: still an error there
    assert set(card.rates["requests-deep-archive-get"]["regions"]) == {"us-east-1"}


def test_s3_feed_zero_is_never_used_alone() -> None:
    """Every $0 regional S3 rate cites an AWS statement, not only the feed's 0."""
    card = load_card(SHIPPED_PRICING / "s3.yaml")
    for key, entry in card.rates.items():
        for region, regional in entry["regions"].items():
            if region == "us-east-1" or "rate" not in regional:
                continue
            if Decimal(regional["rate"]) == 0:
                assert regional["source"].startswith(("https://docs.aws.amazon.com/",
                                                      "https://aws.amazon.com/")), (key, region)





def test_s3_glacier_and_deep_archive_by_hand_in_ap_southeast_2(cli, tmp_path: Path) -> None:
    data = estimate(cli, spec(tmp_path, "ap-southeast-2", (
        "  b:\n    service: s3\n    storage:\n"
        "      - {class: GLACIER, size: 1 TB}\n      - {class: DEEP_ARCHIVE, size: 10 TB}\n")))
    got = items(data)
    # 1,024 GB × $0.0045 = $4.608 → $4.61; 10,240 GB × $0.002 = $20.48
    assert got["storage-glacier"] == 4.61
    assert got["storage-deep-archive"] == 20.48


# Shipped examples whose S3 / Glacier / ... rates these cards now give in the region.
COVERED = [(example, region) for example in ("static-website", "media-archive")
           for region in ("eu-west-1", "ap-southeast-2", "sa-east-1")]


@pytest.mark.parametrize(("example", "region"), COVERED, ids=[f"{e}-{r}" for e, r in COVERED])
def test_shipped_example_is_priced_in_the_region(cli, example: str, region: str) -> None:
    data = estimate(cli, REPO / "examples" / f"{example}.yaml", "--region", region)
    assert data["region"] == region
    assert Decimal(str(data["totals"]["monthly"])) > 0
