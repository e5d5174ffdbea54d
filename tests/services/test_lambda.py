"""Lambda: published examples, 100 ms vs 1 ms rounding, distributions, shared free tier and
tiers, provisioned concurrency, ephemeral storage and Lambda@Edge.

Every expected dollar amount is computed by hand in the comment beside it.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from awscalc.errors import SpecError
from awscalc.estimate import estimate
from awscalc.model import Estimate
from awscalc.ratecards import RateBook
from awscalc.services.lambda_ import (
    HUNDRED_MS,
    MB,
    billed_duration,
    billed_gb_seconds,
)
from awscalc.spec import parse_spec

OLD_RATES = Path(__file__).resolve().parent.parent / "data" / "lambda_old"


def price(yaml_text: str, book: RateBook, **overrides) -> Estimate:
    return estimate(parse_spec(yaml_text, "test.yaml", **overrides), book)


def costs(result: Estimate) -> dict[tuple[str, str], Decimal]:
    return {(item.resource, item.key): item.cost for item in result.line_items}


def quantities(result: Estimate) -> dict[tuple[str, str], Decimal]:
    return {(item.resource, item.key): item.quantity for item in result.line_items}


def one_function(book: RateBook, free_tier: bool = False, **keys: str) -> Estimate:
    body = "\n".join(f"    {key}: {value}" for key, value in keys.items())
    return price(f"free_tier: {str(free_tier).lower()}\nresources:\n  f:\n"
                 f"    service: lambda\n{body}\n", book)


LAM_OLD_1 = """
free_tier: true
resources:
  f: {service: lambda, memory: 512 MB, requests: 3M, duration: 1 s}
"""


# --- AWS's published examples --------------------------------------------------------

@pytest.mark.parametrize("increment", ["1 ms", "100 ms"])
def test_lam_old_1_exactly_with_the_old_rate(increment: str) -> None:
    # 3M × 1 s × 0.5 GB = 1,500,000 GB-s − 400,000 free = 1,100,000 × $0.00001667 = $18.337
    # → $18.34; (3M − 1M free) × $0.20/M = $0.40; total $18.74. 1 s is on both increments.
    spec = LAM_OLD_1.replace("duration: 1 s", f"duration: 1 s, billing_increment: {increment}")
    result = price(spec, RateBook(OLD_RATES, "test"))
    assert costs(result) == {("f", "requests"): Decimal("0.40"),
                             ("f", "duration-x86"): Decimal("18.34")}
    assert result.monthly_total == Decimal("18.74")


def test_lam_old_1_with_todays_rate(shipped_book: RateBook) -> None:
    # 1,100,000 GB-s × $0.0000166667 = $18.33337 → $18.33; + $0.40 = $18.73 (issue 4)
    result = price(LAM_OLD_1, shipped_book)
    duration = next(i for i in result.line_items if i.key == "duration-x86")
    assert duration.quantity == Decimal(1_500_000)
    assert duration.free_quantity == Decimal(400_000)
    assert duration.cost == Decimal("18.33")
    assert result.monthly_total == Decimal("18.73")


def test_arm64_example_of_the_current_pricing_page(shipped_book: RateBook) -> None:
    # 3M × 120 ms × 1536/1024 GB = 540,000 GB-s × $0.0000133334 = $7.200036 → $7.20;
    # 3M × $0.20/M = $0.60; total $7.80 (free tier assumed used up, as on the page)
    result = one_function(shipped_book, architecture="arm64", memory="1536 MB",
                          requests="3M", duration="120 ms")
    assert quantities(result)[("f", "duration-arm64")] == Decimal(540_000)
    assert costs(result) == {("f", "requests"): Decimal("0.60"),
                             ("f", "duration-arm64"): Decimal("7.20")}
    assert result.monthly_total == Decimal("7.80")


def test_lambda_at_edge_has_its_own_prices_and_no_free_tier(shipped_book: RateBook) -> None:
    # 10M × 10 ms × 128/1024 GB = 12,500 GB-s × $0.00005001 = $0.625125 → $0.63;
    # 10M × $0.60/M = $6.00; total $6.63, free tier on but not applied
    result = one_function(shipped_book, free_tier=True, edge="true", memory="128 MB",
                          requests="10M", duration="10 ms")
    assert costs(result) == {("f", "edge-requests"): Decimal("6.00"),
                             ("f", "edge-duration"): Decimal("0.63")}
    assert all(item.free_quantity == 0 for item in result.line_items)
    assert {item.region for item in result.line_items} == {"global"}


def test_lambda_at_edge_is_metered_at_1_ms(shipped_book: RateBook) -> None:
    # 10.3 ms bills 11 ms: 10M × 0.011 s × 0.125 GB = 13,750 GB-s
    result = one_function(shipped_book, edge="true", memory="128 MB", requests="10M",
                          duration="10.3 ms")
    assert quantities(result)[("f", "edge-duration")] == Decimal(13_750)
    with pytest.raises(SpecError, match="metered at 1 ms"):
        one_function(shipped_book, edge="true", memory="128 MB", requests="10M",
                     duration="10 ms", billing_increment="100 ms")


# --- rounding to the billing increment ------------------------------------------------

def test_100_ms_billing_rounds_120_ms_up_to_200_ms(shipped_book: RateBook) -> None:
    # 10M × 0.2 s × 1 GB = 2,000,000 GB-s × $0.0000166667 = $33.3334 → $33.33, + $2.00
    coarse = one_function(shipped_book, memory="1024 MB", requests="10M", duration="120 ms",
                          billing_increment="100 ms")
    # 10M × 0.12 s × 1 GB = 1,200,000 GB-s × $0.0000166667 = $20.00004 → $20.00, + $2.00
    fine = one_function(shipped_book, memory="1024 MB", requests="10M", duration="120 ms")
    assert quantities(coarse)[("f", "duration-x86")] == Decimal(2_000_000)
    assert coarse.monthly_total == Decimal("35.33")
    assert fine.monthly_total == Decimal("22.00")
    assert fine.details == {}  # nothing to compare at 1 ms


def test_100_ms_billing_reports_the_rounding_overhead(shipped_book: RateBook) -> None:
    text = """
resources:
  f: {service: lambda, memory: 1024 MB, requests: 10M, duration: 120 ms,
      billing_increment: 100 ms}
"""
    result = price(text, shipped_book)
    overhead = result.details["f"]["rounding_overhead"]
    # 2,000,000 GB-s billed against 1,200,000 at 1 ms: +800,000 GB-s = +66.67 %
    assert overhead["billed_gb_seconds"] == Decimal(2_000_000)
    assert overhead["gb_seconds_at_1_ms"] == Decimal(1_200_000)
    assert overhead["overhead_gb_seconds"] == Decimal(800_000)
    assert overhead["overhead_percent"] == Decimal("66.67")
    assert any("f: billed at 100 ms increments" in w and "66.67%" in w
               for w in result.warnings)
    # In dollars: $35.33 billed, $22.00 at 1 ms, $13.33 more = 60.59 % of $22.00
    assert result.details["f"]["comparisons"] == [{
        "with": "1 ms billing", "monthly_total": Decimal("35.33"),
        "monthly_total_with": Decimal("22.00"), "difference": Decimal("13.33"),
        "difference_percent": Decimal("60.59")}]
    assert "f: as specified costs $13.33 (60.59%) a month more than with 1 ms billing" \
        in result.summaries()


@pytest.mark.parametrize(("increment", "duration", "gb_seconds"), [
    ("100 ms", "100 ms", 100_000),     # exactly on the increment: 100 ms
    ("100 ms", "101 ms", 200_000),     # just past: 200 ms
    ("100 ms", "1 ms", 100_000),       # the 100 ms minimum
    ("1 ms", "100 ms", 100_000),
    ("1 ms", "100.2 ms", 101_000),     # just past: 101 ms
    ("1 ms", "0.4 ms", 1_000),         # the 1 ms minimum
])
def test_rounding_on_and_just_past_an_increment(shipped_book: RateBook, increment: str,
                                                duration: str, gb_seconds: int) -> None:
    # 1M requests × billed duration × 1 GB
    result = one_function(shipped_book, memory="1024 MB", requests="1M", duration=duration,
                          billing_increment=increment)
    assert quantities(result)[("f", "duration-x86")] == Decimal(gb_seconds)


def test_distribution_is_rounded_per_bucket(shipped_book: RateBook) -> None:
    # 100 ms: 9M × 0.1 s + 1M × 0.9 s = 1,800,000 GB-s × $0.0000166667 = $30.00006 → $30.00.
    # Rounding the 126 ms average instead would bill 2,000,000 GB-s ($33.33).
    dist = "[{share: 90%, duration: 40 ms}, {share: 10%, duration: 900 ms}]"
    coarse = one_function(shipped_book, memory="1024 MB", requests="10M", duration=dist,
                          billing_increment="100 ms")
    assert quantities(coarse)[("f", "duration-x86")] == Decimal(1_800_000)
    assert costs(coarse)[("f", "duration-x86")] == Decimal("30.00")
    # 1 ms: 9M × 0.04 s + 1M × 0.9 s = 1,260,000 GB-s → $21.000042 → $21.00
    fine = one_function(shipped_book, memory="1024 MB", requests="10M", duration=dist)
    assert costs(fine)[("f", "duration-x86")] == Decimal("21.00")
    assert coarse.details["f"]["rounding_overhead"]["overhead_percent"] == Decimal("42.86")


def test_distribution_shares_must_add_up_to_100_percent(shipped_book: RateBook) -> None:
    with pytest.raises(SpecError) as caught:
        one_function(shipped_book, memory="1024 MB", requests="10M",
                     duration="[{share: 90%, duration: 40 ms}, {share: 5%, duration: 1 s}]")
    assert "$.resources.f.duration" in str(caught.value)
    assert "95%" in str(caught.value)


# --- account-wide free tier and tier ladders ------------------------------------------

def test_two_functions_share_one_free_tier(shipped_book: RateBook) -> None:
    # 2 × (600k × 1 s × 0.5 GB) = 600,000 GB-s − 400,000 free = 200,000 × $0.0000166667
    # = $3.33334 → $3.33, split $1.67 / $1.66; 1.2M − 1M free requests = $0.04
    result = price("""
free_tier: true
resources:
  a: {service: lambda, memory: 512 MB, requests: 600k, duration: 1 s}
  b: {service: lambda, memory: 512 MB, requests: 600k, duration: 1 s}
""", shipped_book)
    assert costs(result) == {
        ("a", "requests"): Decimal("0.02"), ("a", "duration-x86"): Decimal("1.67"),
        ("b", "requests"): Decimal("0.02"), ("b", "duration-x86"): Decimal("1.66"),
    }
    assert result.monthly_total == Decimal("3.37")


def test_x86_and_arm64_share_the_400k_gb_seconds(shipped_book: RateBook) -> None:
    result = price("""
free_tier: true
resources:
  a: {service: lambda, memory: 512 MB, requests: 600k, duration: 1 s}
  b: {service: lambda, architecture: arm64, memory: 512 MB, requests: 600k, duration: 1 s}
""", shipped_book)
    free = sum(i.free_quantity for i in result.line_items if i.key.startswith("duration"))
    assert free == Decimal(400_000)  # once for the account, not once per architecture
    # 300,000 GB-s each, 200,000 billed in all: x86 first → arm64 200,000 × $0.0000133334
    # = $2.67; arm64 first → x86 200,000 × $0.0000166667 = $3.33
    duration = sum(i.cost for i in result.line_items if i.key.startswith("duration"))
    assert duration in (Decimal("2.67"), Decimal("3.33"))


def test_two_functions_share_one_tier_ladder(shipped_book: RateBook) -> None:
    # 2 × 4 B GB-s (400M × 1 s × 10 GB): 6 B × $0.0000166667 + 2 B × $0.000015
    # = $100,000.20 + $30,000.00 = $130,000.20, split $65,000.10 each
    # (separate ladders would bill 2 × $66,666.80)
    result = price("""
resources:
  a: {service: lambda, memory: 10240 MB, requests: 400M, duration: 1 s}
  b: {service: lambda, memory: 10240 MB, requests: 400M, duration: 1 s}
""", shipped_book)
    assert costs(result)[("a", "duration-x86")] == Decimal("65000.10")
    assert costs(result)[("b", "duration-x86")] == Decimal("65000.10")


def test_tier_boundary_exactly_at_6_billion_gb_seconds(shipped_book: RateBook) -> None:
    # 600M × 1 s × 10 GB = 6,000,000,000 GB-s × $0.0000166667 = $100,000.20, one tier
    at = one_function(shipped_book, memory="10240 MB", requests="600M", duration="1 s")
    item = next(i for i in at.line_items if i.key == "duration-x86")
    assert item.cost == Decimal("100000.20")
    assert len(item.tiers) == 1
    # 10,000 GB-s more: + 10,000 × $0.000015 = $0.15 → $100,000.35
    # (all at the first rate it would be $100,000.37)
    above = one_function(shipped_book, memory="10240 MB", requests="600001000",
                         duration="1 s")
    assert costs(above)[("f", "duration-x86")] == Decimal("100000.35")


def test_infracost_15b_check(shipped_book: RateBook) -> None:
    # pricing-facts §2.1: 6 B × 0.0000166667 = $100,000.20; 9 B × 0.000015 = $135,000.00;
    # 46.44 B × 0.0000133334 = $619,203.096; total $854,203.296 → $854,203.30
    result = one_function(shipped_book, memory="10240 MB", requests="6144M", duration="1 s")
    item = next(i for i in result.line_items if i.key == "duration-x86")
    assert [t.quantity for t in item.tiers] == [Decimal("6e9"), Decimal("9e9"), Decimal("46.44e9")]
    assert item.cost == Decimal("854203.30")


def test_arm64_is_20_percent_cheaper_and_tiers_at_7_5_billion(shipped_book: RateBook) -> None:
    # 1M × 1 s × 1 GB = 1,000,000 GB-s: x86 × $0.0000166667 = $16.67, arm64 × $0.0000133334
    # = $13.33 (0.0000133334 / 0.0000166667 = 0.8000)
    x86 = one_function(shipped_book, memory="1024 MB", requests="1M", duration="1 s")
    arm = one_function(shipped_book, architecture="arm64", memory="1024 MB", requests="1M",
                       duration="1 s")
    assert costs(x86)[("f", "duration-x86")] == Decimal("16.67")
    assert costs(arm)[("f", "duration-arm64")] == Decimal("13.33")
    # 7.5 B GB-s: arm64 all in its first tier, $100,000.50; x86 crosses 6 B:
    # $100,000.20 + 1.5 B × $0.000015 = $122,500.20
    arm_big = one_function(shipped_book, architecture="arm64", memory="10240 MB",
                           requests="750M", duration="1 s")
    x86_big = one_function(shipped_book, memory="10240 MB", requests="750M", duration="1 s")
    assert costs(arm_big)[("f", "duration-arm64")] == Decimal("100000.50")
    assert costs(x86_big)[("f", "duration-x86")] == Decimal("122500.20")


# --- provisioned concurrency and ephemeral storage ------------------------------------

PC = """
free_tier: {free}
resources:
  f:
    service: lambda
    memory: 1024 MB
    requests: 3M
    duration: 100 ms
    provisioned_concurrency: {{concurrency: 10, hours: {hours}, requests: 1M}}
"""


def test_provisioned_concurrency(shipped_book: RateBook) -> None:
    # 10 × 1 GB × 100 h × 3,600 s = 3,600,000 GB-s × $0.0000041667 = $15.00012 → $15.00
    # 1M PC requests × 0.1 s × 1 GB = 100,000 GB-s × $0.0000097222 = $0.97222 → $0.97
    # 2M on-demand × 0.1 s × 1 GB = 200,000 GB-s × $0.0000166667 = $3.33334 → $3.33
    # 3M requests (PC ones included) × $0.20/M = $0.60; total $19.90
    result = price(PC.format(free="false", hours=100), shipped_book)
    assert costs(result) == {
        ("f", "requests"): Decimal("0.60"),
        ("f", "duration-x86"): Decimal("3.33"),
        ("f", "provisioned-concurrency-x86"): Decimal("15.00"),
        ("f", "provisioned-duration-x86"): Decimal("0.97"),
    }
    assert result.monthly_total == Decimal("19.90")


def test_provisioned_concurrency_gets_no_free_tier(shipped_book: RateBook) -> None:
    # requests (3M − 1M) × $0.20/M = $0.40; on-demand 200,000 GB-s all free;
    # PC lines unchanged: $15.00 + $0.97; total $16.37
    result = price(PC.format(free="true", hours=100), shipped_book)
    assert costs(result)[("f", "duration-x86")] == Decimal("0.00")
    assert result.monthly_total == Decimal("16.37")


def test_provisioned_concurrency_time_rounds_up_to_5_minutes(shipped_book: RateBook) -> None:
    # 100.01 h = 360,036 s → 360,300 s; 10 × 1 GB × 360,300 = 3,603,000 GB-s
    # × $0.0000041667 = $15.0126 → $15.01
    result = price(PC.format(free="false", hours=100.01), shipped_book)
    assert quantities(result)[("f", "provisioned-concurrency-x86")] == Decimal(3_603_000)
    assert costs(result)[("f", "provisioned-concurrency-x86")] == Decimal("15.01")


def test_provisioned_concurrency_defaults_to_the_whole_month(shipped_book: RateBook) -> None:
    # 10 × 1 GB × 730 h × 3,600 = 26,280,000 GB-s × $0.0000041667 = $109.500876 → $109.50
    text = PC.format(free="false", hours=1).replace(", hours: 1", "")
    result = price(text, shipped_book)
    assert costs(result)[("f", "provisioned-concurrency-x86")] == Decimal("109.50")


def test_provisioned_requests_cannot_exceed_all_requests(shipped_book: RateBook) -> None:
    with pytest.raises(SpecError, match=r"provisioned_concurrency\.requests"):
        price(PC.format(free="false", hours=100).replace("requests: 3M", "requests: 500k"),
              shipped_book)


def test_ephemeral_storage_above_512_mb(shipped_book: RateBook) -> None:
    # (10,240 − 512) MB = 9.5 GB × 10M × 1 s = 95,000,000 GB-s × $0.0000000309 = $2.9355
    # → $2.94
    result = one_function(shipped_book, memory="1024 MB", requests="10M", duration="1 s",
                          ephemeral_storage="10240 MB")
    assert costs(result)[("f", "ephemeral-storage")] == Decimal("2.94")
    included = one_function(shipped_book, memory="1024 MB", requests="10M", duration="1 s",
                            ephemeral_storage="512 MB")
    assert ("f", "ephemeral-storage") not in costs(included)


# --- the reusable helper and input checks ---------------------------------------------

def test_billed_gb_seconds_helper() -> None:
    assert billed_duration(Decimal("0.12"), HUNDRED_MS) == Decimal("0.2")
    assert billed_gb_seconds(Decimal(1_000_000), Decimal("0.12"), 1024 * MB,
                             HUNDRED_MS) == Decimal(200_000)
    buckets = [(Decimal("0.9"), Decimal("0.04")), (Decimal("0.1"), Decimal("0.9"))]
    assert billed_gb_seconds(Decimal(10_000_000), buckets, 1024 * MB,
                             HUNDRED_MS) == Decimal(1_800_000)


@pytest.mark.parametrize(("keys", "message"), [
    ({"memory": "64 MB"}, "outside 128 MB"),
    ({"memory": "10241 MB"}, "outside 128 MB"),
    ({"memory": "1.5 GB", "requests": "1M"}, None),
    ({"billing_increment": "50 ms"}, "not a Lambda billing increment"),
    ({"duration": "16 min"}, "not a Lambda duration"),
    ({"ephemeral_storage": "256 MB"}, "outside 512 MB"),
    ({"edge": "true", "architecture": "arm64"}, "x86_64 only"),
    ({"timeout": "3 s"}, "unknown key 'timeout'"),
])
def test_invalid_input(shipped_book: RateBook, keys: dict[str, str],
                       message: str | None) -> None:
    spec = {"memory": "1024 MB", "requests": "1M", "duration": "100 ms", **keys}
    if message is None:  # 1.5 GB = 1,536 MB: valid
        assert one_function(shipped_book, **spec).monthly_total > 0
        return
    with pytest.raises(SpecError, match=message):
        one_function(shipped_book, **spec)


@pytest.mark.parametrize(("duration", "message"), [
    ("120 mss", "$.resources.f.duration: '120 mss' is not a duration (try '120 ms')"),
    ("[{share: 90%, duration: 40 ms}, {share: 10%, duration: 9 mss}]",
     "$.resources.f.duration[1].duration: '9 mss' is not a duration"),
    ("[{share: 90%, duration: 40 ms}, {share: 10%, durat: 1 s}]",
     "$.resources.f.duration[1].durat: unknown key 'durat' (did you mean 'duration'?)"),
])
def test_duration_errors_name_the_path(shipped_book: RateBook, duration: str,
                                       message: str) -> None:
    with pytest.raises(SpecError) as caught:
        one_function(shipped_book, memory="1024 MB", requests="1M", duration=duration)
    assert message in str(caught.value)


def test_provisioned_concurrency_hours_fit_in_the_month(shipped_book: RateBook) -> None:
    with pytest.raises(SpecError, match=r"provisioned_concurrency\.hours: 800 h is longer"):
        price(PC.format(free="false", hours=800), shipped_book)


def test_provisioned_concurrency_on_arm64(shipped_book: RateBook) -> None:
    # 10 × 1 GB × 100 h × 3,600 = 3,600,000 GB-s × $0.0000033334 = $12.00024 → $12.00;
    # 1M × 0.1 s × 1 GB = 100,000 GB-s × $0.0000077778 = $0.77778 → $0.78
    text = PC.format(free="false", hours=100).replace("memory:", "architecture: arm64\n"
                                                      "    memory:")
    result = price(text, shipped_book)
    assert costs(result)[("f", "provisioned-concurrency-arm64")] == Decimal("12.00")
    assert costs(result)[("f", "provisioned-duration-arm64")] == Decimal("0.78")
    assert any("unverified rate lambda/provisioned-concurrency-arm64" in w
               for w in result.warnings)
