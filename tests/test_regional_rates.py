"""S3 and Lambda outside us-east-1 (issue 19): the shipped examples the regional rates
cover, hand-computed estimates per newly priced region, and tier ladders whose upper part
no source gives (``unpriced_above``), which must fail rather than reuse the last rate."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from awscalc.errors import PricingError
from awscalc.ratecards import load_card

from .conftest import REPO, SHIPPED_PRICING
from .regional import estimate, items, spec

# Shipped examples that S3 and Lambda's regional rates fully cover, with the regions they
# cover them in (every other example needs a card still priced in us-east-1 only).
COVERED = [
    ("static-website", "sa-east-1"),
    ("static-website", "eu-west-1"),
]



@pytest.mark.parametrize(("example", "region"), COVERED, ids=[f"{e}-{r}" for e, r in COVERED])
def test_shipped_example_is_priced_in_the_region(cli, example: str, region: str) -> None:
    data = estimate(cli, REPO / "examples" / f"{example}.yaml", "--region", region)
    assert data["region"] == region
    assert Decimal(str(data["totals"]["monthly"])) > 0




# Every expected figure below is computed by hand from the card's rates.
S3_CASES = {
    # 1 TB Standard: 1,024 GB × $0.0405 = $41.472 → $41.47
    "sa-east-1 standard": ("sa-east-1", "STANDARD", "storage-standard", 41.47),
    # 1 TB Glacier Flexible: 1,024 × $0.00765 = $7.8336 → $7.83
    "sa-east-1 glacier": ("sa-east-1", "GLACIER", "storage-glacier", 7.83),
    # 1 TB Standard-IA: 1,024 × $0.0125 = $12.80
    "eu-west-1 standard-ia": ("eu-west-1", "STANDARD_IA", "storage-standard-ia", 12.80),
    # 1 TB One Zone-IA: 1,024 × $0.01 = $10.24
    "eu-west-1 onezone-ia": ("eu-west-1", "ONEZONE_IA", "storage-onezone-ia", 10.24),
}


@pytest.mark.parametrize("case", sorted(S3_CASES))
def test_s3_storage_by_hand(cli, tmp_path: Path, case: str) -> None:
    region, storage_class, key, cost = S3_CASES[case]
    resource = ("  b:\n    service: s3\n    storage:\n"
                f"      - {{class: {storage_class}, size: 1 TB}}\n")
    data = estimate(cli, spec(tmp_path, region, resource))
    assert items(data)[key] == cost


def test_s3_requests_by_hand_in_sa_east_1(cli, tmp_path: Path) -> None:
    data = estimate(cli, spec(tmp_path, "sa-east-1", (
        "  b:\n    service: s3\n    requests:\n"
        "      - {class: STANDARD, put: 200k, get: 5M, list: 10k}\n")))
    # 200,000 × $0.007/1,000 = $1.40; 5,000,000 × $0.00056/1,000 = $2.80;
    # 10,000 × $0.007/1,000 = $0.07
    assert items(data) == {"requests-standard-put": 1.40, "requests-standard-get": 2.80,
                           "requests-list": 0.07}


def test_s3_standard_in_eu_west_1_climbs_the_whole_ladder(cli, tmp_path: Path) -> None:
    data = estimate(cli, spec(tmp_path, "eu-west-1", (
        "  b:\n    service: s3\n    storage:\n      - {class: STANDARD, size: 600 TB}\n")))
    # 51,200 × 0.023 = 1,177.60; 460,800 × 0.022 = 10,137.60; 102,400 × 0.021 = 2,150.40
    assert items(data)["storage-standard"] == 13465.60


def test_s3_standard_in_sa_east_1_climbs_the_whole_ladder(cli, tmp_path: Path) -> None:
    # first tier from the 2026-09 Price List transcript, upper tiers from the 2024-09-25
    # price-feed copy: 51,200 × 0.0405 = 2,073.60; 460,800 × 0.039 = 17,971.20;
    # 102,400 × 0.037 = 3,788.80 → 23,833.60
    data = estimate(cli, spec(tmp_path, "sa-east-1", (
        "  b:\n    service: s3\n    storage:\n      - {class: STANDARD, size: 600 TB}\n")))
    assert items(data)["storage-standard"] == 23833.60


LAMBDA = ("  fn:\n    service: lambda\n    architecture: {arch}\n    memory: {memory}\n"
          "    requests: {requests}\n    duration: {duration}\n")
LAMBDA_CASES = {
    # 10 M requests × $0.20/M = $2.00; 10 M × 0.1 s × 1 GB = 1,000,000 GB-s
    # × $0.0000166667 = $16.6667 → $16.67
    "sa-east-1 x86": ("sa-east-1", "x86_64", "1024 MB", "10M", "100 ms",
                      {"requests": 2.00, "duration-x86": 16.67}),
    # same usage on arm64: 1,000,000 × $0.0000133334 = $13.3334 → $13.33
    "eu-west-1 arm64": ("eu-west-1", "arm64", "1024 MB", "10M", "100 ms",
                        {"requests": 2.00, "duration-arm64": 13.33}),
    # 5 M × $0.20/M = $1.00; 5 M × 0.2 s × 2 GB = 2,000,000 GB-s × $0.0000166667 = $33.33
    "ap-southeast-2 x86": ("ap-southeast-2", "x86_64", "2048 MB", "5M", "200 ms",
                           {"requests": 1.00, "duration-x86": 33.33}),
    # 4 M × $0.27/M = $1.08; 4 M × 0.25 s × 0.5 GB = 500,000 GB-s × $0.0000221 = $11.05
    "af-south-1 x86": ("af-south-1", "x86_64", "512 MB", "4M", "250 ms",
                       {"requests": 1.08, "duration-x86": 11.05}),
}


@pytest.mark.parametrize("case", sorted(LAMBDA_CASES))
def test_lambda_by_hand(cli, tmp_path: Path, case: str) -> None:
    region, arch, memory, requests, duration, expected = LAMBDA_CASES[case]
    data = estimate(cli, spec(tmp_path, region, LAMBDA.format(
        arch=arch, memory=memory, requests=requests, duration=duration)))
    assert items(data) == expected


def test_lambda_duration_tiers_outside_us_east_1_are_the_feeds() -> None:
    # eu-west-1: the calculator map's first tier, then AWS's pricing-page feed rows
    # 'Lambda Duration Tier2' $0.0000150000 and 'Tier3' $0.0000133334 (2025-04-17)
    rate = load_card(SHIPPED_PRICING / "lambda.yaml").rate("duration-x86", "eu-west-1")
    charges = rate.split(Decimal(20_000_000_000))
    assert [(c.quantity, str(c.rate)) for c in charges] == [
        (Decimal(6_000_000_000), "0.0000166667"), (Decimal(9_000_000_000), "0.000015"),
        (Decimal(5_000_000_000), "0.0000133334")]
    assert "Lambda Duration Tier2" in rate.tiers[1].note


def test_new_regional_rates_are_all_unverified_and_cite_a_source() -> None:
    for service in ("s3", "lambda"):
        card = load_card(SHIPPED_PRICING / f"{service}.yaml")
        for key, entry in card.rates.items():
            for region, regional in entry["regions"].items():
                if region in ("us-east-1", "global"):
                    continue
                assert regional.get("verified") is False, (service, key, region)
                assert regional["source"].startswith("https://"), (service, key, region)
                assert "not re-checked" in regional["note"], (service, key, region)


def test_pricing_list_shows_the_new_coverage(cli) -> None:
    result = cli("pricing", "list", "--region", "sa-east-1", "--format", "json")
    assert result.code == 0, result.err
    rows = {row["service"]: row for row in json.loads(result.out)}
    # S3: 79 keys less the 14 no sa-east-1 source gives (RRS storage and requests (3),
    # Deep Archive GET, Express One Zone (5), Transfer Acceleration (4), provisioned
    # capacity) = 65, all unverified (SSE-KMS requests from the KMS page's feed);
    # Lambda: requests, x86 and arm64 duration, ephemeral storage, provisioned x86 and
    # arm64 (4; arm64 from AWS's pricing-page feed), plus Lambda@Edge's two global rates
    assert (rows["s3"]["coverage"], rows["s3"]["keys_covered"], rows["s3"]["unverified"]) == (
        "partial", 65, 65)
    assert (rows["lambda"]["coverage"], rows["lambda"]["keys_covered"]) == ("full", 10)
    assert "sa-east-1" in rows["s3"]["regions"] and "sa-east-1" in rows["lambda"]["regions"]


# --- the card format: a ladder with an unknown upper part ------------------------------

CARD = """service: widget
title: Widgets
source: https://example.com/
retrieved: "2026-01-01"
currency: USD
rates:
  widgets:
    description: Widgets
    unit: widget
    regions:
      r1:
        tiers:
          - {up_to: 10, rate: "1"}
          - {up_to: 20, rate: "0.5"}
        unpriced_above: true
"""


def test_unpriced_above_prices_up_to_the_bound_and_refuses_beyond(tmp_path: Path) -> None:
    path = tmp_path / "widget.yaml"
    path.write_text(CARD)
    rate = load_card(path).rate("widgets", "r1")
    assert [(c.quantity, c.rate) for c in rate.split(Decimal(20))] == [
        (Decimal(10), Decimal(1)), (Decimal(10), Decimal("0.5"))]
    with pytest.raises(PricingError) as raised:
        rate.split(Decimal("20.5"))
    assert "no price for service 'widget', region 'r1', key 'widgets' above 20" in str(
        raised.value)


@pytest.mark.parametrize(("change", "message"), [
    (("          - {up_to: 20, rate: \"0.5\"}", "          - {rate: \"0.5\"}"),
     "with 'unpriced_above: true' the last tier must have an 'up_to'"),
    (("        unpriced_above: true\n", ""), "the last tier must have no 'up_to'"),
])
def test_unpriced_above_must_match_the_ladder(tmp_path: Path, change: tuple[str, str],
                                              message: str) -> None:
    path = tmp_path / "widget.yaml"
    path.write_text(CARD.replace(*change))
    with pytest.raises(PricingError, match=message):
        load_card(path)
