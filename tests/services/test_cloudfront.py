"""CloudFront: the North America ladder, shared tiers, price-class routing and comparison,
HTTPS share, invalidations, Functions, Lambda@Edge through the Lambda card, the free-tier
pools, the other charges, and the spec checks.

Every expected dollar amount is computed by hand from the published rates in the comment
beside it (1 TB = 1,024 GB).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from awscalc.errors import SpecError
from awscalc.estimate import estimate
from awscalc.model import Estimate
from awscalc.ratecards import RateBook
from awscalc.services.cloudfront import LEAST_EXPENSIVE, PRICE_CLASSES
from awscalc.spec import parse_spec


def price(yaml_text: str, book: RateBook) -> Estimate:
    return estimate(parse_spec(yaml_text, "test.yaml"), book)


def costs(result: Estimate) -> dict[tuple[str, str, str], Decimal]:
    """(resource, key, region) → cost."""
    return {(i.resource, i.key, i.region): i.cost for i in result.line_items}


def cdn(book: RateBook, free_tier: bool = False, **keys: str) -> Estimate:
    """One distribution named ``cdn`` with ``keys`` (values are YAML text)."""
    body = "\n".join(f"    {key}: {value}" for key, value in keys.items())
    return price(f"free_tier: {str(free_tier).lower()}\nresources:\n  cdn:\n"
                 f"    service: cloudfront\n{body}\n", book)


NA = "{north_america: 100%}"


# --- data transfer out: the North America ladder --------------------------------------

@pytest.mark.parametrize(("size", "expected"), [
    # first 10 TB: 10,240 GB × $0.085 = $870.40
    ("10 TB", "870.40"),
    # + next 40 TB: 40,960 GB × $0.080 = $3,276.80 → $4,147.20
    ("50 TB", "4147.20"),
    # + next 100 TB: 102,400 GB × $0.060 = $6,144.00 → $10,291.20
    ("150 TB", "10291.20"),
    # + next 350 TB: 358,400 GB × $0.040 = $14,336.00 → $24,627.20
    ("500 TB", "24627.20"),
    # + next 524 TB: 536,576 GB × $0.030 = $16,097.28 → $40,724.48
    ("1024 TB", "40724.48"),
    # + next 4 PB: 4,194,304 GB × $0.025 = $104,857.60 → $145,582.08
    ("5 PB", "145582.08"),
    # + over 5 PB: 1 PB = 1,048,576 GB × $0.020 = $20,971.52 → $166,553.60
    ("6 PB", "166553.60"),
    # inside a tier: $870.40 + 2,048 GB × $0.080 = $163.84 → $1,034.24
    ("12 TB", "1034.24"),
])
def test_north_america_ladder(shipped_book: RateBook, size: str, expected: str) -> None:
    result = cdn(shipped_book, data_transfer_out=size, viewers=NA)
    assert costs(result) == {("cdn", "data-transfer-out", "north_america"): Decimal(expected)}


def test_tiers_are_shared_by_two_distributions(shipped_book: RateBook) -> None:
    # 6 TB + 6 TB = 12,288 GB in North America: $870.40 + 2,048 GB × $0.080 = $1,034.24,
    # half each ($517.12), not 2 × 6,144 GB × $0.085 = $1,044.48
    result = price("""
resources:
  site: {service: cloudfront, data_transfer_out: 6 TB, viewers: {north_america: 100%}}
  app: {service: cloudfront, data_transfer_out: 6 TB, viewers: {north_america: 100%}}
""", shipped_book)
    assert costs(result) == {("site", "data-transfer-out", "north_america"): Decimal("517.12"),
                             ("app", "data-transfer-out", "north_america"): Decimal("517.12")}
    assert result.monthly_total == Decimal("1034.24")


def test_each_region_has_its_own_ladder(shipped_book: RateBook) -> None:
    # 30 TB, half in North America and half in Europe: 15,360 GB each, both
    # $870.40 + 5,120 × $0.080 = $1,280.00; one shared ladder would give $2,508.80
    result = cdn(shipped_book, data_transfer_out="30 TB",
                 viewers="{north_america: 50%, europe: 50%}")
    assert costs(result) == {("cdn", "data-transfer-out", "north_america"): Decimal("1280.00"),
                             ("cdn", "data-transfer-out", "europe"): Decimal("1280.00")}


def test_every_region_first_tier(shipped_book: RateBook) -> None:
    # 8 TB, 1 TB (1,024 GB) per region, each at its first-tier rate
    result = cdn(shipped_book, data_transfer_out="8 TB", viewers="""
      north_america: 12.5%
      europe: 12.5%
      africa_middle_east: 12.5%
      south_america: 12.5%
      japan: 12.5%
      australia: 12.5%
      asia: 12.5%
      india: 12.5%""")
    assert {region: cost for (_, _, region), cost in costs(result).items()} == {
        "north_america": Decimal("87.04"),       # 1,024 × 0.085
        "europe": Decimal("87.04"),              # 1,024 × 0.085
        "africa_middle_east": Decimal("112.64"),  # 1,024 × 0.110
        "south_america": Decimal("112.64"),      # 1,024 × 0.110
        "japan": Decimal("116.74"),              # 1,024 × 0.114 = 116.736
        "australia": Decimal("116.74"),          # 1,024 × 0.114
        "asia": Decimal("122.88"),               # 1,024 × 0.120
        "india": Decimal("111.62"),              # 1,024 × 0.109 = 111.616
    }


# --- price classes --------------------------------------------------------------------

AUSTRALIA_10 = "{north_america: 90%, australia: 10%}"


@pytest.mark.parametrize("price_class", ["PriceClass_100", "100", "PriceClass_200", "200"])
def test_australian_viewers_outside_the_class_pay_north_american_rates(
        shipped_book: RateBook, price_class: str) -> None:
    # 50 TB = 51,200 GB all billed in North America: $870.40 + 40,960 × $0.080 = $4,147.20;
    # 10M HTTPS requests × $0.0100/10k = $10.00 (Australia's rate would be $0.0125)
    result = cdn(shipped_book, price_class=price_class, data_transfer_out="50 TB",
                 requests="10M", viewers=AUSTRALIA_10)
    assert costs(result) == {
        ("cdn", "data-transfer-out", "north_america"): Decimal("4147.20"),
        ("cdn", "requests-https", "north_america"): Decimal("10.00"),
    }
    item = result.line_items[0]
    assert item.quantity == Decimal(51_200)
    assert "incl. Australia & NZ viewers" in item.component
    assert any("billed at the North America rate, with more latency" in line
               for line in result.summaries())
    assert result.details["cdn"]["viewers"][1] == {
        "region": "australia", "share_percent": Decimal(10), "billed_as": "north_america"}


def test_australian_viewers_in_price_class_all_pay_australian_rates(
        shipped_book: RateBook) -> None:
    # North America 46,080 GB: $870.40 + 35,840 × $0.080 = $3,737.60;
    # Australia 5,120 GB × $0.114 = $583.68; requests 9M × $0.0100/10k = $9.00 and
    # 1M × $0.0125/10k = $1.25
    result = cdn(shipped_book, price_class="All", data_transfer_out="50 TB", requests="10M",
                 viewers=AUSTRALIA_10)
    assert costs(result) == {
        ("cdn", "data-transfer-out", "north_america"): Decimal("3737.60"),
        ("cdn", "data-transfer-out", "australia"): Decimal("583.68"),
        ("cdn", "requests-https", "north_america"): Decimal("9.00"),
        ("cdn", "requests-https", "australia"): Decimal("1.25"),
    }
    assert not any("latency" in line for line in result.summaries() + list(result.warnings))


def test_price_class_200_keeps_japan(shipped_book: RateBook) -> None:
    # 10 TB, 20% Japan: 2,048 GB × $0.114 = $233.47 (233.472) under PriceClass_200, and
    # under PriceClass_100 all 10,240 GB × $0.085 = $870.40 in North America
    keys = {"data_transfer_out": "10 TB", "viewers": "{north_america: 80%, japan: 20%}"}
    in_200 = costs(cdn(shipped_book, price_class="200", **keys))
    assert in_200[("cdn", "data-transfer-out", "japan")] == Decimal("233.47")
    # 8,192 GB × $0.085 = $696.32
    assert in_200[("cdn", "data-transfer-out", "north_america")] == Decimal("696.32")
    assert costs(cdn(shipped_book, price_class="100", **keys)) == {
        ("cdn", "data-transfer-out", "north_america"): Decimal("870.40")}


def test_rerouted_viewers_share_the_north_american_ladder(shipped_book: RateBook) -> None:
    # PriceClass_100, 10 TB North America + 10 TB South America: 20,480 GB in North America
    # = $870.40 + 10,240 × $0.080 = $1,689.60 (not 2 × $870.40)
    result = cdn(shipped_book, price_class="100", data_transfer_out="20 TB",
                 viewers="{north_america: 50%, south_america: 50%}")
    assert costs(result) == {("cdn", "data-transfer-out", "north_america"): Decimal("1689.60")}


ISSUE_EXAMPLE = """
resources:
  cdn:
    service: cloudfront
    price_class: PriceClass_100
    data_transfer_out: 50 TB
    requests: 100M
    https: 90%
    viewers: {north_america: 50%, europe: 30%, japan: 10%, australia: 10%}
    origin_transfer: 500 GB
    invalidation_paths: 5000
    functions: 10M
    lambda_edge: {requests: 10M, duration: 10 ms, memory: 128 MB}
    origin_shield: {region: us-east-1, requests: 10M}
    dedicated_ip_certificates: 0
    realtime_log_lines: 0
    field_level_encryption_requests: 0
    ttl: {min: 0 s, default: 24 h, max: 365 days}
"""


def test_the_issue_example_and_its_three_price_classes(shipped_book: RateBook) -> None:
    result = price(ISSUE_EXAMPLE, shipped_book)
    assert costs(result) == {
        # North America 70% (50 + Japan 10 + Australia 10) = 35,840 GB:
        # $870.40 + 25,600 × $0.080 = $2,918.40; Europe 15,360 GB: $870.40 + $409.60
        ("cdn", "data-transfer-out", "north_america"): Decimal("2918.40"),
        ("cdn", "data-transfer-out", "europe"): Decimal("1280.00"),
        # HTTPS 63M × $0.0100/10k; 27M × $0.0120/10k
        ("cdn", "requests-https", "north_america"): Decimal("63.00"),
        ("cdn", "requests-https", "europe"): Decimal("32.40"),
        # HTTP 7M × $0.0075/10k; 3M × $0.0090/10k
        ("cdn", "requests-http", "north_america"): Decimal("5.25"),
        ("cdn", "requests-http", "europe"): Decimal("2.70"),
        # to origin 350 GB and 150 GB × $0.020
        ("cdn", "origin-transfer", "north_america"): Decimal("7.00"),
        ("cdn", "origin-transfer", "europe"): Decimal("3.00"),
        # (5,000 − 1,000 free) × $0.005
        ("cdn", "invalidation-paths", "global"): Decimal("20.00"),
        # 10M × $0.10/1M
        ("cdn", "functions", "global"): Decimal("1.00"),
        # 10M × $0.60/1M; 10M × 0.010 s × 0.125 GB = 12,500 GB-s × $0.00005001 = $0.625125
        ("cdn", "edge-requests", "global"): Decimal("6.00"),
        ("cdn", "edge-duration", "global"): Decimal("0.63"),
        # 10M × $0.0075/10k
        ("cdn", "origin-shield-requests", "us-east-1"): Decimal("7.50"),
    }
    assert result.monthly_total == Decimal("4346.88")
    # PriceClass_All: DTO NA 25,600 GB $2,099.20 + EU $1,280.00 + Japan 5,120 × $0.114
    # $583.68 + Australia $583.68 = $4,546.56; requests NA $45.00 + $3.75, EU $32.40 + $2.70,
    # Japan 9M × $0.012/10k $10.80 + $0.90, Australia 9M × $0.0125/10k $11.25 + $0.90 =
    # $107.70; origin NA $5.00 + EU $3.00 + Japan 50 × $0.06 $3.00 + Australia 50 × $0.08
    # $4.00 = $15.00; the rest $35.13 → $4,704.39.
    # PriceClass_200 (Japan in, Australia out): DTO NA 30,720 GB $2,508.80 + EU $1,280.00 +
    # Japan $583.68 = $4,372.48; requests NA $54.00 + $4.50, EU $35.10, Japan $11.70 =
    # $105.30; origin $6.00 + $3.00 + $3.00 = $12.00; the rest $35.13 → $4,524.91.
    compared = {c["with"]: c for c in result.details["cdn"]["comparisons"]}
    assert set(compared) == {"PriceClass_All", "PriceClass_200"}
    assert compared["PriceClass_All"]["monthly_total_with"] == Decimal("4704.39")
    assert compared["PriceClass_All"]["difference"] == Decimal("-357.51")
    assert compared["PriceClass_200"]["monthly_total_with"] == Decimal("4524.91")
    assert compared["PriceClass_200"]["difference"] == Decimal("-178.03")
    # the saving as a share of the alternative: 357.51 / 4,704.39 = 7.60%; 178.03 / 4,524.91
    # = 3.93%
    assert "cdn: as specified costs $357.51 (7.60%) a month less than with PriceClass_All" \
        in result.summaries()
    assert "cdn: as specified costs $178.03 (3.93%) a month less than with PriceClass_200" \
        in result.summaries()


def test_default_price_class_is_all_and_compares_with_100_and_200(
        shipped_book: RateBook) -> None:
    result = cdn(shipped_book, data_transfer_out="10 TB", viewers=NA)
    assert result.details["cdn"]["price_class"] == "PriceClass_All"
    labels = [c["with"] for c in result.details["cdn"]["comparisons"]]
    assert labels == ["PriceClass_200", "PriceClass_100"]
    # all viewers in North America: every class costs the same, so no saving is reported
    assert all(c["difference"] == 0 for c in result.details["cdn"]["comparisons"])
    assert not any("as specified costs" in line for line in result.summaries())


def test_least_expensive_region_of_each_class_matches_the_rate_card(
        shipped_book: RateBook) -> None:
    # The constant LEAST_EXPENSIVE must name a region whose rate is the lowest of its class
    # for every re-routed charge, tier by tier, in the shipped card.
    card = shipped_book.card("cloudfront")
    for price_class, cheapest in LEAST_EXPENSIVE.items():
        assert cheapest in PRICE_CLASSES[price_class]
        for key in ("data-transfer-out", "requests-http", "requests-https", "origin-transfer"):
            best = card.rate(key, cheapest).tiers
            for region in PRICE_CLASSES[price_class]:
                tiers = card.rate(key, region).tiers
                assert [t.up_to for t in tiers] == [t.up_to for t in best]
                assert all(b.rate <= t.rate for b, t in zip(best, tiers, strict=True)), \
                    (price_class, key, region)


# --- requests -------------------------------------------------------------------------

def test_https_share(shipped_book: RateBook) -> None:
    # 100M requests, 90% HTTPS: 90M × $0.0100/10k = $90.00; 10M × $0.0075/10k = $7.50
    result = cdn(shipped_book, requests="100M", https="90%", viewers=NA)
    assert costs(result) == {("cdn", "requests-https", "north_america"): Decimal("90.00"),
                             ("cdn", "requests-http", "north_america"): Decimal("7.50")}


def test_https_share_in_europe_and_default_all_https(shipped_book: RateBook) -> None:
    # Europe: 75M × $0.0120/10k = $90.00; 25M × $0.0090/10k = $22.50
    result = cdn(shipped_book, requests="100M", https="0.75", viewers="{europe: 100%}")
    assert costs(result) == {("cdn", "requests-https", "europe"): Decimal("90.00"),
                             ("cdn", "requests-http", "europe"): Decimal("22.50")}
    # no 'https': all HTTPS, 100M × $0.0100/10k = $100.00
    assert costs(cdn(shipped_book, requests="100M", viewers=NA)) == {
        ("cdn", "requests-https", "north_america"): Decimal("100.00")}


def test_no_viewers_means_north_america_with_a_warning(shipped_book: RateBook) -> None:
    result = cdn(shipped_book, data_transfer_out="10 TB")
    assert costs(result) == {("cdn", "data-transfer-out", "north_america"): Decimal("870.40")}
    assert "cdn: no 'viewers' given: all traffic is priced at North America rates" \
        in result.warnings


# --- invalidations --------------------------------------------------------------------

@pytest.mark.parametrize(("paths", "expected"), [
    ("999", "0.00"),
    ("1000", "0.00"),     # the first 1,000 paths a month are free
    ("1001", "0.01"),     # 1 × $0.005 = $0.005 → $0.01 (half-up)
    ("1002", "0.01"),     # 2 × $0.005
    ("1200", "1.00"),     # 200 × $0.005
    ("5000", "20.00"),    # 4,000 × $0.005
])
def test_invalidation_paths(shipped_book: RateBook, paths: str, expected: str) -> None:
    result = cdn(shipped_book, invalidation_paths=paths)
    assert costs(result) == {("cdn", "invalidation-paths", "global"): Decimal(expected)}


def test_free_invalidations_are_account_wide_and_not_the_free_tier(
        shipped_book: RateBook) -> None:
    # 600 + 600 paths: 200 past the free 1,000 × $0.005 = $1.00, $0.50 each; the same with
    # the free tier off (the 1,000 free paths are not part of the free-tier programme)
    result = price("""
resources:
  a: {service: cloudfront, invalidation_paths: 600}
  b: {service: cloudfront, invalidation_paths: 600}
""", shipped_book)
    assert costs(result) == {("a", "invalidation-paths", "global"): Decimal("0.50"),
                             ("b", "invalidation-paths", "global"): Decimal("0.50")}


# --- Functions and Lambda@Edge --------------------------------------------------------

def test_functions(shipped_book: RateBook) -> None:
    # 10M × $0.10/1M = $1.00; with the free tier (2M free): 8M × $0.10/1M = $0.80
    assert costs(cdn(shipped_book, functions="10M")) == {
        ("cdn", "functions", "global"): Decimal("1.00")}
    assert costs(cdn(shipped_book, free_tier=True, functions="10M")) == {
        ("cdn", "functions", "global"): Decimal("0.80")}


def test_lambda_edge_through_the_lambda_card(shipped_book: RateBook) -> None:
    # 10M × $0.60/1M = $6.00; 10M × 0.010 s × 128/1024 GB = 12,500 GB-s × $0.00005001
    # = $0.625125 → $0.63; no free tier for Lambda@Edge, even with the free tier on
    result = cdn(shipped_book, free_tier=True,
                 lambda_edge="{requests: 10M, duration: 10 ms, memory: 128 MB}")
    assert costs(result) == {("cdn", "edge-requests", "global"): Decimal("6.00"),
                             ("cdn", "edge-duration", "global"): Decimal("0.63")}
    duration = next(i for i in result.line_items if i.key == "edge-duration")
    assert duration.service == "lambda"
    assert duration.quantity == Decimal(12_500)
    assert duration.free_quantity == 0
    assert "lambda" in [card.service for card in shipped_book.used()]


def test_lambda_edge_list_rounds_each_invocation_up_to_1_ms(shipped_book: RateBook) -> None:
    # viewer request: 1M × 0.013 s (12.3 ms → 13 ms) × 0.125 GB = 1,625 GB-s;
    # origin response: 2M × 0.200 s × 1 GB = 400,000 GB-s; 401,625 GB-s × $0.00005001
    # = $20.08526625 → $20.09; 3M requests × $0.60/1M = $1.80
    result = cdn(shipped_book, lambda_edge="""
      - {requests: 1M, duration: 12.3 ms, trigger: viewer_request}
      - {requests: 2M, duration: 200 ms, memory: 1024 MB, trigger: origin_response}""")
    assert costs(result) == {("cdn", "edge-requests", "global"): Decimal("1.80"),
                             ("cdn", "edge-duration", "global"): Decimal("20.09")}
    duration = next(i for i in result.line_items if i.key == "edge-duration")
    assert duration.quantity == Decimal(401_625)


def test_lambda_edge_shares_the_aggregate_with_lambda_edge_functions(
        shipped_book: RateBook) -> None:
    # cdn: 10M × 10 ms × 0.125 GB = 12,500 GB-s; auth (a Lambda resource, edge: true):
    # 25M × 4 ms × 0.125 GB = 12,500 GB-s. One group: 25,000 × $0.00005001 = $1.25025 →
    # $1.25, split $0.63 / $0.62 (equal shares, the leftover cent to the first).
    # Requests: 35M × $0.60/1M = $21.00 → $6.00 and $15.00.
    result = price("""
resources:
  cdn:
    service: cloudfront
    lambda_edge: {requests: 10M, duration: 10 ms}
  auth: {service: lambda, edge: true, memory: 128 MB, requests: 25M, duration: 4 ms}
""", shipped_book)
    assert costs(result) == {
        ("cdn", "edge-requests", "global"): Decimal("6.00"),
        ("cdn", "edge-duration", "global"): Decimal("0.63"),
        ("auth", "edge-requests", "global"): Decimal("15.00"),
        ("auth", "edge-duration", "global"): Decimal("0.62"),
    }
    assert result.monthly_total == Decimal("22.25")


# --- free tier ------------------------------------------------------------------------

def test_free_tier_data_transfer_pool_is_account_wide(shipped_book: RateBook) -> None:
    # 600 GB + 600 GB = 1,200 GB − 1,024 GB free = 176 GB × $0.085 = $14.96, $7.48 each;
    # without the free tier 1,200 × $0.085 = $102.00
    spec = """
free_tier: {free}
resources:
  a: {{service: cloudfront, data_transfer_out: 600 GB, viewers: {{north_america: 100%}}}}
  b: {{service: cloudfront, data_transfer_out: 600 GB, viewers: {{north_america: 100%}}}}
"""
    result = price(spec.format(free="true"), shipped_book)
    assert costs(result) == {("a", "data-transfer-out", "north_america"): Decimal("7.48"),
                             ("b", "data-transfer-out", "north_america"): Decimal("7.48")}
    assert price(spec.format(free="false"), shipped_book).monthly_total == Decimal("102.00")


def test_free_tier_data_transfer_pool_spans_regions(shipped_book: RateBook) -> None:
    # 2 TB, half North America and half Europe (1,024 GB each): the 1 TB pool covers one
    # region's 1,024 GB, the other pays 1,024 × $0.085 = $87.04 — 1 TB free in total
    result = cdn(shipped_book, free_tier=True, data_transfer_out="2 TB",
                 viewers="{north_america: 50%, europe: 50%}")
    assert result.monthly_total == Decimal("87.04")
    assert sum(i.free_quantity for i in result.line_items) == Decimal(1024)


def test_free_tier_requests_pool_covers_http_and_https(shipped_book: RateBook) -> None:
    # 12M requests, half HTTPS: 10M free across both; the HTTPS group comes first and takes
    # 6M, HTTP takes 4M; 2M HTTP × $0.0075/10k = $1.50
    result = cdn(shipped_book, free_tier=True, requests="12M", https="50%", viewers=NA)
    assert costs(result) == {("cdn", "requests-https", "north_america"): Decimal("0.00"),
                             ("cdn", "requests-http", "north_america"): Decimal("1.50")}
    assert sum(i.free_quantity for i in result.line_items) == Decimal(10_000_000)


def test_free_tier_does_not_cover_origin_transfer_or_invalidations(
        shipped_book: RateBook) -> None:
    # 100 GB to origin × $0.020 = $2.00; 1,400 paths: 400 × $0.005 = $2.00
    result = cdn(shipped_book, free_tier=True, origin_transfer="100 GB",
                 invalidation_paths="1400", viewers=NA)
    assert costs(result) == {("cdn", "origin-transfer", "north_america"): Decimal("2.00"),
                             ("cdn", "invalidation-paths", "global"): Decimal("2.00")}


# --- other charges --------------------------------------------------------------------

def test_origin_transfer_follows_the_viewers(shipped_book: RateBook) -> None:
    # 500 GB, 10% Australia, PriceClass_All: 450 × $0.020 = $9.00; 50 × $0.080 = $4.00
    result = cdn(shipped_book, origin_transfer="500 GB", viewers=AUSTRALIA_10)
    assert costs(result) == {("cdn", "origin-transfer", "north_america"): Decimal("9.00"),
                             ("cdn", "origin-transfer", "australia"): Decimal("4.00")}


@pytest.mark.parametrize(("region", "expected"), [
    ("us-east-1", "7.50"),    # 10M × $0.0075/10k
    ("eu-central-1", "9.00"),  # 10M × $0.0090/10k
    ("sa-east-1", "16.00"),   # 10M × $0.0160/10k
])
def test_origin_shield(shipped_book: RateBook, region: str, expected: str) -> None:
    result = cdn(shipped_book, origin_shield=f"{{region: {region}, requests: 10M}}")
    assert costs(result) == {("cdn", "origin-shield-requests", region): Decimal(expected)}


def test_certificates_logs_and_field_level_encryption(shipped_book: RateBook) -> None:
    result = cdn(shipped_book, dedicated_ip_certificates="2", realtime_log_lines="50M",
                 field_level_encryption_requests="3M")
    assert costs(result) == {
        ("cdn", "dedicated-ip-certificate", "global"): Decimal("1200.00"),  # 2 × $600
        ("cdn", "realtime-log-lines", "global"): Decimal("0.50"),  # 50M × $0.01/1M
        ("cdn", "field-level-encryption", "global"): Decimal("6.00"),  # 3M × $0.02/10k
    }


def test_an_empty_distribution_costs_nothing(shipped_book: RateBook) -> None:
    result = cdn(shipped_book, ttl="{default: 1 h}")
    assert result.line_items == ()
    assert result.monthly_total == 0


# --- spec checks ----------------------------------------------------------------------

def check_error(yaml_keys: dict[str, str], expected: str, book: RateBook) -> None:
    with pytest.raises(SpecError) as caught:
        cdn(book, **yaml_keys)
    assert expected in str(caught.value)


@pytest.mark.parametrize(("viewers", "expected"), [
    ("{north_america: 50%, europe: 45%}",
     "$.resources.cdn.viewers: the shares add up to 95%, not 100%"),
    ("{north_america: 60%, europe: 50%}",
     "$.resources.cdn.viewers: the shares add up to 110%, not 100%"),
    ("{north_america: 0.5, asia: 0.25}",
     "$.resources.cdn.viewers: the shares add up to 75%, not 100%"),
    ("{north_america: 50%, austrlia: 50%}",
     "$.resources.cdn.viewers.austrlia: unknown key 'austrlia'"),
])
def test_viewer_errors(shipped_book: RateBook, viewers: str, expected: str) -> None:
    check_error({"viewers": viewers, "data_transfer_out": "1 TB"}, expected, shipped_book)


def test_unknown_region_suggests_the_closest(shipped_book: RateBook) -> None:
    check_error({"viewers": "{north_america: 50%, austrlia: 50%}"},
                "(did you mean 'australia'?)", shipped_book)


@pytest.mark.parametrize(("ttl", "expected"), [
    ("{min: 2 days, max: 1 day}",
     "$.resources.cdn.ttl.min: the min TTL (2 days) is longer than the max TTL (1 day)"),
    ("{min: 0 s, default: 2 days, max: 1 day}",
     "$.resources.cdn.ttl.default: the default TTL (2 days) is longer than the max TTL"),
    ("{min: 1 h, default: 30 min}",
     "$.resources.cdn.ttl.min: the min TTL (1 h) is longer than the default TTL (30 min)"),
    ("{max: 366 days}", "$.resources.cdn.ttl.max: 366 days is longer than 365 days"),
    ("{mx: 1 day}", "$.resources.cdn.ttl.mx: unknown key 'mx'"),
])
def test_ttl_errors(shipped_book: RateBook, ttl: str, expected: str) -> None:
    check_error({"ttl": ttl}, expected, shipped_book)


def test_ttl_at_the_limits_is_accepted(shipped_book: RateBook) -> None:
    cdn(shipped_book, ttl="{min: 0 s, default: 365 days, max: 365 days}")
    cdn(shipped_book, ttl="{min: 1 day, default: 1 day, max: 31536000 s}")


@pytest.mark.parametrize(("value", "canonical"), [
    ("PriceClass_All", "PriceClass_All"), ("All", "PriceClass_All"),
    ("PriceClass_200", "PriceClass_200"), ("200", "PriceClass_200"), ("'200'", "PriceClass_200"),
    ("PriceClass_100", "PriceClass_100"), ("100", "PriceClass_100"), ("'100'", "PriceClass_100"),
])
def test_price_class_aliases(shipped_book: RateBook, value: str, canonical: str) -> None:
    result = cdn(shipped_book, price_class=value)
    assert result.details["cdn"]["price_class"] == canonical


def test_unknown_price_class(shipped_book: RateBook) -> None:
    check_error({"price_class": "PriceClass_50"},
                "$.resources.cdn.price_class: unknown price class 'PriceClass_50'", shipped_book)


@pytest.mark.parametrize(("edge", "expected"), [
    ("{requests: 1M, duration: 6 s, trigger: viewer_request}",
     "lambda_edge.duration: 6 s is not a Lambda@Edge duration for viewer triggers"),
    ("{requests: 1M, duration: 31 s}",
     "lambda_edge.duration: 31 s is not a Lambda@Edge duration for origin triggers"),
    ("[{requests: 1M, duration: 1 s, memory: 256 MB, trigger: viewer_response}]",
     "lambda_edge[0].memory: 256 MB is not a Lambda@Edge memory size for viewer triggers"),
    ("{requests: 1M, duration: 1 s, memory: 100 MB}",
     "lambda_edge.memory: 100 MB is not a Lambda@Edge memory size"),
    ("{requests: 1M}", "$.resources.cdn.lambda_edge: missing required key 'duration'"),
])
def test_lambda_edge_errors(shipped_book: RateBook, edge: str, expected: str) -> None:
    check_error({"lambda_edge": edge}, expected, shipped_book)


def test_other_errors(shipped_book: RateBook) -> None:
    check_error({"dedicated_ip_certificates": "1.5"},
                "$.resources.cdn.dedicated_ip_certificates: 1.5 is not a whole number",
                shipped_book)
    check_error({"origin_shield": "{region: us-west-1, requests: 1M}"},
                "$.resources.cdn.origin_shield.region: unknown region 'us-west-1'", shipped_book)
    check_error({"https": "120%"}, "$.resources.cdn.https", shipped_book)
    check_error({"data_transfr_out": "1 TB"}, "did you mean 'data_transfer_out'?", shipped_book)


@pytest.mark.parametrize(("keys", "expected"), [
    ("viewers: {north_america: 50%, europe: 45%}",
     "cdn.yaml:4: $.resources.cdn.viewers: the shares add up to 95%, not 100%"),
    ("viewers: {north_america: 50%, mars: 50%}",
     "cdn.yaml:4: $.resources.cdn.viewers.mars: unknown key 'mars'"),
    ("ttl: {min: 2 days, max: 1 day}",
     "cdn.yaml:4: $.resources.cdn.ttl.min: the min TTL (2 days) is longer than the max TTL"),
])
def test_cli_exit_code_3_with_the_path(cli, tmp_path, keys: str, expected: str) -> None:
    spec = tmp_path / "cdn.yaml"
    spec.write_text(f"resources:\n  cdn:\n    service: cloudfront\n    {keys}\n",
                    encoding="utf-8")
    for command in ("estimate", "validate"):
        result = cli(command, str(spec))
        assert result.code == 3
        assert expected in result.err
