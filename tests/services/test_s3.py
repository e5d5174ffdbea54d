"""Amazon S3: AWS's published examples, tier boundaries, per-object rules, lifecycle months.

Expected figures are written out by hand from the rates in ../shared/pricing-facts.md §1
(the shipped card for AWS's published examples, the frozen card for the rest).
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from awscalc.errors import SpecError
from awscalc.estimate import estimate
from awscalc.model import Estimate, LineItem
from awscalc.ratecards import RateBook
from awscalc.services import s3
from awscalc.spec import Spec, parse_spec

GB = 2**30


def price(yaml_text: str, book: RateBook, **overrides) -> Estimate:
    return estimate(parse_spec(yaml_text, "test.yaml", **overrides), book)


def item(result: Estimate, key: str, resource: str | None = None) -> LineItem:
    found = [i for i in result.line_items
             if i.key == key and (resource is None or i.resource == resource)]
    assert len(found) == 1, f"{key}: {found}"
    return found[0]


def keys(result: Estimate) -> set[str]:
    return {i.key for i in result.line_items}


def bucket(body: str, month: str = "730 h") -> str:
    """A one-bucket spec in us-east-1 whose S3 keys are ``body`` (indented 4 spaces)."""
    return f"region: us-east-1\nmonth: {month}\nresources:\n  b:\n    service: s3\n{body}"


# --- AWS's published examples ------------------------------------------------------------


def test_faq_storage_example_52900_gb_months(shipped_book: RateBook) -> None:
    # S3 FAQ: 51,200 GB × $0.023 = $1,177.60; 1,700 GB × $0.022 = $37.40; total $1,215.00
    result = price(bucket("    storage: [{class: STANDARD, size: 52900 GB}]\n"), shipped_book)
    line = item(result, "storage-standard")
    assert [(t.quantity, t.rate) for t in line.tiers] == [
        (Decimal(51200), Decimal("0.023")), (Decimal(1700), Decimal("0.022"))]
    assert line.cost == Decimal("1215.00")
    assert result.monthly_total == Decimal("1215.00")


def test_faq_storage_example_from_byte_hours(shipped_book: RateBook) -> None:
    # The FAQ's own derivation: 42,259,901,212,262,400 byte-hours in March (744 h)
    # = 52,900 GB-months; written as an average size in bytes.
    average_bytes = 42_259_901_212_262_400 // 744
    assert average_bytes * 744 == 42_259_901_212_262_400
    result = price(bucket(f"    storage: [{{class: STANDARD, size: {average_bytes} B}}]\n",
                          month="744 h"), shipped_book)
    assert item(result, "storage-standard").quantity == Decimal(52900)
    assert result.monthly_total == Decimal("1215.00")


def test_faq_six_kb_object_in_standard_ia_is_billed_as_128_kb(shipped_book: RateBook) -> None:
    # S3 FAQ: "a 6KB object in S3 Standard-IA will incur S3 Standard-IA storage charges
    # for 6KB and an additional minimum object size fee equivalent to 122KB".
    result = price(bucket("    storage: [{class: STANDARD_IA, size: 6 KB, objects: 1}]\n"),
                   shipped_book)
    assert item(result, "storage-standard-ia").quantity * GB == 6 * 1024
    assert item(result, "small-objects-standard-ia").quantity * GB == 122 * 1024
    assert any("6 KB" in w and "2,033%" in w for w in result.warnings)


def test_a_million_six_kb_objects_cost_as_much_as_128_kb_ones(shipped_book: RateBook) -> None:
    result = price(bucket(
        "    storage: [{class: STANDARD_IA, size: 6000000 KB, average_object_size: 6 KB}]\n"),
        shipped_book)
    storage = item(result, "storage-standard-ia")
    small = item(result, "small-objects-standard-ia")
    assert storage.quantity + small.quantity == Decimal("122.0703125")  # 1M × 128 KB in GB
    assert storage.cost == Decimal("0.07")  # 5.7220458984375 GB × $0.0125
    assert small.cost == Decimal("1.45")  # 116.3482666015625 GB × $0.0125 = 1.4543…


def test_faq_glacier_archive_overhead_per_object(shipped_book: RateBook) -> None:
    # S3 FAQ: 100,000 objects of 1 GB in Glacier add 100,000 × 32 KB at the Glacier rate
    # and 100,000 × 8 KB at the Standard rate. (The FAQ writes 32 KB as 0.000032 GB; AWS
    # meters bytes, and this tool's KB is 1,024 bytes, so 3.0517578125 GB, not 3.2 GB.)
    result = price(bucket("    storage: [{class: GLACIER, size: 100000 GB, objects: 100k}]\n"),
                   shipped_book)
    assert item(result, "storage-glacier").cost == Decimal("360.00")
    metadata = item(result, "archive-metadata-glacier")
    assert metadata.quantity == Decimal("3.0517578125")
    assert metadata.rate == Decimal("0.0036")
    index = item(result, "storage-standard")
    assert index.quantity == Decimal("0.762939453125")
    assert index.rate == Decimal("0.023")
    assert result.monthly_total == Decimal("360.00") + Decimal("0.01") + Decimal("0.02")


@pytest.mark.parametrize(("days", "expected_months"), [(30, 2), (60, Decimal("0.5"))])
def test_faq_glacier_early_deletion(shipped_book: RateBook, days: int,
                                    expected_months: Decimal) -> None:
    # S3 FAQ: deleting 1 GB 30 days after upload bills 60 more days of Glacier storage;
    # after 60 days, 30 more days. Here 1 GB is stored on average and every object is
    # deleted at that age; in a 30-day month, 30/days GB are deleted, each billed
    # (90 − days) days: 1 GB × 60 days = 2 GB-months; 0.5 GB × 30 days = 0.5 GB-month.
    result = price(bucket(f"    storage: [{{class: GLACIER, size: 1 GB, "
                          f"deleted_after: {days} days}}]\n", month="720 h"), shipped_book)
    early = item(result, "early-delete-glacier")
    assert early.quantity == expected_months
    assert early.rate == Decimal("0.0036")
    assert early.component.startswith("Glacier Flexible Retrieval early deletion")


def test_published_request_and_transfer_rates(shipped_book: RateBook) -> None:
    result = price(bucket("""    requests:
      - {class: STANDARD, put: 1M, get: 20M}
    data_transfer_out: 10 TB
"""), shipped_book)
    assert item(result, "requests-standard-put").cost == Decimal("5.00")
    assert item(result, "requests-standard-get").cost == Decimal("8.00")
    # Infracost data_transfer_test: 10,240 GB → $921.60, metered under data-transfer
    out = item(result, "internet-out")
    assert (out.service, out.quantity, out.cost) == ("data-transfer", Decimal(10240),
                                                     Decimal("921.60"))


# --- tiers shared across buckets ----------------------------------------------------------


@pytest.mark.parametrize(("gb", "cost"), [
    ("51199", "1177.58"),  # just below 50 TB: 51,199 × 0.023 = 1,177.577
    ("51200", "1177.60"),  # exactly 50 TB: one tier
    ("51201", "1177.62"),  # just above: + 1 GB × 0.022
    ("512000", "11315.20"),  # exactly 500 TB: 1,177.60 + 460,800 × 0.022
    ("512001", "11315.22"),  # just above: + 1 GB × 0.021
])
def test_standard_tier_boundaries(frozen_book: RateBook, gb: str, cost: str) -> None:
    result = price(bucket(f"    storage: [{{class: STANDARD, size: {gb} GB}}]\n"), frozen_book)
    assert result.monthly_total == Decimal(cost)


def test_two_buckets_share_one_ladder(frozen_book: RateBook) -> None:
    # 30 TB + 30 TB = 61,440 GB: 51,200 × 0.023 + 10,240 × 0.022 = 1,177.60 + 225.28
    result = price("""
region: us-east-1
resources:
  a: {service: s3, storage: [{class: STANDARD, size: 30 TB}]}
  b: {service: s3, storage: [{class: STANDARD, size: 30 TB}]}
""", frozen_book)
    assert result.monthly_total == Decimal("1402.88")
    assert result.resource_total("a") == result.resource_total("b") == Decimal("701.44")


def test_intelligent_tiering_frequent_tier_shares_its_own_ladder(frozen_book: RateBook) -> None:
    # 40 TB + 20 TB frequent = 61,440 GB → 1,402.88; the ladder is not Standard's
    result = price("""
region: us-east-1
resources:
  a: {service: s3, storage: [{class: INTELLIGENT_TIERING, size: 40 TB}]}
  b: {service: s3, storage: [{class: INTELLIGENT_TIERING, size: 20 TB},
                             {class: STANDARD, size: 1 TB}]}
""", frozen_book)
    frequent = sum(i.cost for i in result.line_items
                   if i.key == "storage-intelligent-tiering-frequent")
    assert frequent == Decimal("1402.88")
    assert item(result, "storage-standard").cost == Decimal("23.55")  # 1,024 × 0.023


def test_data_transfer_out_shares_tiers_and_free_allowance(frozen_book: RateBook) -> None:
    text = """
region: us-east-1
resources:
  a: {service: s3, data_transfer_out: 8 TB}
  b: {service: s3, data_transfer_out: 4 TB}
"""
    # 12,288 GB: 10,240 × 0.09 + 2,048 × 0.085 = 921.60 + 174.08
    assert price(text, frozen_book).monthly_total == Decimal("1095.68")
    small = "region: us-east-1\nresources:\n  a: {service: s3, data_transfer_out: 2 TB}\n" \
            "  b: {service: s3, data_transfer_out: 1 TB}\n"
    # free tier: (3,072 − 100) GB × 0.09, shared by both buckets
    assert price(small, frozen_book, free_tier=True).monthly_total == Decimal("267.48")


def test_free_data_transfer_counts_inside_the_first_tier(frozen_book: RateBook) -> None:
    text = """
region: us-east-1
resources:
  a: {service: s3, data_transfer_out: 12 TB}
"""
    # 100 GB free + 10,140 GB × 0.09 + 2,048 GB × 0.085 = 912.60 + 174.08
    assert price(text, frozen_book, free_tier=True).monthly_total == Decimal("1086.68")


# --- minimums: just below, at, above ------------------------------------------------------


@pytest.mark.parametrize(("cls", "days", "expected"), [
    ("STANDARD_IA", 29, Fraction(1, 29)),  # 1 GB × (30 − 29) / 29
    ("STANDARD_IA", 30, None),
    ("STANDARD_IA", 31, None),
    ("ONEZONE_IA", 10, Fraction(2)),  # 1 GB × 20 / 10
    ("GLACIER_IR", 89, Fraction(1, 89)),
    ("GLACIER_IR", 90, None),
    ("DEEP_ARCHIVE", 179, Fraction(1, 179)),
    ("DEEP_ARCHIVE", 180, None),
    ("DEEP_ARCHIVE", 181, None),
    ("STANDARD", 1, None),  # no minimum
])
def test_minimum_storage_duration(frozen_book: RateBook, cls: str, days: int,
                                  expected: Fraction | None) -> None:
    result = price(bucket(f"    storage: [{{class: {cls}, size: 1 GB, "
                          f"deleted_after: {days} days}}]\n"), frozen_book)
    early = [i for i in result.line_items if i.key.startswith("early-delete-")]
    if expected is None:
        assert early == []
    else:
        assert len(early) == 1
        assert abs(Fraction(early[0].quantity) - expected) < Fraction(1, 10**20)


@pytest.mark.parametrize(("kb", "extra_kb"), [(127, 1), (128, 0), (129, 0)])
def test_minimum_billable_size_boundary(frozen_book: RateBook, kb: int, extra_kb: int) -> None:
    result = price(bucket(f"    storage: [{{class: GLACIER_IR, size: {kb * 1000} KB, "
                          f"average_object_size: {kb} KB}}]\n"), frozen_book)
    small = [i for i in result.line_items if i.key == "small-objects-glacier-ir"]
    if extra_kb:
        assert small[0].quantity * GB == 1000 * extra_kb * 1024
        assert any("128 KB" in w for w in result.warnings)
    else:
        assert small == []
        assert result.warnings == () or all("128 KB" not in w for w in result.warnings)


def test_intelligent_tiering_monitoring_and_access_tiers(frozen_book: RateBook) -> None:
    # Infracost s3_bucket_test: 20,000 objects → $0.05 monitoring
    result = price(bucket("""    storage:
      - class: INTELLIGENT_TIERING
        size: 20000 GB
        objects: 20k
        access_tiers: {frequent: 50%, infrequent: 30%, archive_instant: 20%}
"""), frozen_book)
    assert item(result, "intelligent-tiering-monitoring").cost == Decimal("0.05")
    assert item(result, "storage-intelligent-tiering-frequent").cost == Decimal("230.00")
    assert item(result, "storage-intelligent-tiering-infrequent").cost == Decimal("75.00")
    assert item(result, "storage-intelligent-tiering-archive-instant").cost == Decimal("16.00")


def test_intelligent_tiering_small_objects_not_monitored(frozen_book: RateBook) -> None:
    result = price(bucket("""    storage:
      - {class: INTELLIGENT_TIERING, size: 100 GB, average_object_size: 100 KB,
         access_tiers: {frequent: 10%, infrequent: 90%}}
"""), frozen_book)
    assert keys(result) == {"storage-intelligent-tiering-frequent"}
    assert item(result, "storage-intelligent-tiering-frequent").quantity == 100
    assert any("Frequent Access" in w for w in result.warnings)


def test_list_requests_bill_at_the_standard_put_rate(frozen_book: RateBook) -> None:
    result = price(bucket("    requests: [{class: GLACIER, put: 1000, list: 1M}]\n"),
                   frozen_book)
    assert item(result, "requests-glacier-put").cost == Decimal("0.03")
    assert item(result, "requests-list").cost == Decimal("5.00")


def test_retrieval_tiers(frozen_book: RateBook) -> None:
    result = price(bucket("""    retrievals:
      - {class: GLACIER_FLEXIBLE_RETRIEVAL, size: 1000 GB, requests: 1000}
      - {class: GLACIER, size: 100 GB, tier: expedited, requests: 100}
      - {class: DEEP_ARCHIVE, size: 1000 GB, tier: bulk, requests: 1000}
      - {class: STANDARD_IA, size: 50 GB}
"""), frozen_book)
    # Knowledge Center: standard $0.01/GB + $0.05 per 1,000 requests
    assert item(result, "retrieval-glacier-standard").cost == Decimal("10.00")
    assert item(result, "retrieval-requests-glacier-standard").cost == Decimal("0.05")
    assert item(result, "retrieval-glacier-expedited").cost == Decimal("3.00")
    assert item(result, "retrieval-requests-glacier-expedited").cost == Decimal("1.00")
    assert item(result, "retrieval-deep-archive-bulk").cost == Decimal("2.50")
    assert item(result, "retrieval-requests-deep-archive-bulk").cost == Decimal("0.03")
    assert item(result, "retrieval-standard-ia").cost == Decimal("0.50")


@pytest.mark.parametrize(("body", "message"), [
    ("    retrievals: [{class: DEEP_ARCHIVE, size: 1 GB, tier: expedited}]\n",
     "no 'expedited' retrieval tier"),
    ("    retrievals: [{class: STANDARD_IA, size: 1 GB, tier: bulk}]\n", "no retrieval tiers"),
    ("    storage: [{class: STANDARD_IA, size: 1 GB, objects: 1, average_object_size: 1 KB}]\n",
     "not both"),
    ("    storage: [{class: STANDARD, size: 1 GB, access_tiers: {frequent: 100%}}]\n",
     "INTELLIGENT_TIERING only"),
    ("    storage: [{class: INTELLIGENT_TIERING, size: 1 GB, access_tiers: {frequent: 90%}}]\n",
     "add up to 90%"),
    ("    storage: [{class: GLACIER_FLEX, size: 1 GB}]\n", "unknown storage class"),
    ("    storage: [{class: STANDARD, size: 1 GB, object: 5}]\n", "unknown key 'object'"),
])
def test_spec_errors(frozen_book: RateBook, body: str, message: str) -> None:
    with pytest.raises(SpecError, match=message):
        price(bucket(body), frozen_book)


def test_per_object_rules_need_an_object_count(frozen_book: RateBook) -> None:
    result = price(bucket("""    storage:
      - {class: STANDARD_IA, size: 1 GB}
      - {class: DEEP_ARCHIVE, size: 1 GB}
      - {class: INTELLIGENT_TIERING, size: 1 GB}
"""), frozen_book)
    assert len(result.warnings) >= 3
    assert not keys(result) & {"small-objects-standard-ia", "archive-metadata-deep-archive",
                               "intelligent-tiering-monitoring"}


# --- lifecycle simulation (30-day months: month m holds cohort ages 0 … m−1) -----------------

LIFECYCLE = """    lifecycle:
      ingest: 100 GB/month
      objects: 1000/month
      transitions:
        - {after: 30 days, to: STANDARD_IA}
        - {after: 90 days, to: GLACIER_FLEXIBLE_RETRIEVAL}
      expire_after: %s
      months: 15
"""
META = Fraction(1000 * 32, 1024 * 1024)  # 32 KB metadata of 1,000 objects, in GB
INDEX = Fraction(1000 * 8, 1024 * 1024)  # 8 KB index at the Standard rate


def lifecycle(expire: str) -> tuple[Spec, dict]:
    spec = parse_spec(bucket(LIFECYCLE % expire, month="720 h"))
    details = s3.usage(spec.resources[0]).details["lifecycle"]
    return spec, details


def as_fractions(usage: dict) -> dict[str, Fraction]:
    return {k: Fraction(v) for k, v in usage.items()}


def close(actual: dict, expected: dict[str, Fraction]) -> bool:
    actual = as_fractions(actual)
    return actual.keys() == expected.keys() and all(
        abs(actual[k] - v) < Fraction(1, 10**18) for k, v in expected.items())


def test_lifecycle_months_by_hand() -> None:
    # One cohort: month 0 Standard (100 GB), months 1–2 Standard-IA, months 3–11 Glacier,
    # month 12 the first 5 of its 30 days in Glacier (expiry at 365 days = 12 months + 5 d).
    _, details = lifecycle("365 days")
    series = [row["usage"] for row in details["series"]]
    assert close(series[0], {"storage-standard": Fraction(100), "requests-standard-put": 1000})
    assert close(series[1], {"storage-standard": Fraction(100), "requests-standard-put": 1000,
                             "storage-standard-ia": Fraction(100),
                             "transition-standard-ia": 1000})
    assert close(series[3], {
        "storage-standard": 100 + INDEX, "requests-standard-put": 1000,
        "storage-standard-ia": Fraction(200), "transition-standard-ia": 1000,
        "storage-glacier": Fraction(100), "archive-metadata-glacier": META,
        "transition-glacier": 1000})
    steady = {
        "storage-standard": 100 + 9 * INDEX + INDEX / 6, "requests-standard-put": 1000,
        "storage-standard-ia": Fraction(200), "transition-standard-ia": 1000,
        "storage-glacier": 900 + Fraction(100, 6), "archive-metadata-glacier": 9 * META + META / 6,
        "transition-glacier": 1000}
    assert close(series[12], steady)
    assert close(series[14], steady)
    assert not close(series[11], steady)
    assert details["steady_state_month"] == 13
    assert details["steady_state"] is True
    assert close(details["series"][12]["all_standard_usage"], {
        "storage-standard": Fraction(100 * 365, 30), "requests-standard-put": 1000})


def test_lifecycle_steady_month_is_the_estimate(frozen_book: RateBook) -> None:
    spec, _ = lifecycle("365 days")
    result = estimate(spec, frozen_book)
    # 916.67 GB × 0.0036 = 3.30; 200 × 0.0125 = 2.50; 100.07 × 0.023 = 2.30;
    # transitions 1,000 × 0.01/1k and × 0.03/1k; 1,000 PUTs × 0.005/1k = 0.005 → 0.01
    assert item(result, "storage-glacier").cost == Decimal("3.30")
    assert item(result, "storage-standard-ia").cost == Decimal("2.50")
    assert item(result, "storage-standard").cost == Decimal("2.30")
    assert item(result, "transition-standard-ia").cost == Decimal("0.01")
    assert item(result, "transition-glacier").cost == Decimal("0.03")
    assert item(result, "requests-standard-put").cost == Decimal("0.01")
    assert result.monthly_total == Decimal("8.15")


def test_lifecycle_costs_compare_with_standard(frozen_book: RateBook) -> None:
    _, details = lifecycle("365 days")
    rows = s3.lifecycle_costs(details, "us-east-1", frozen_book)
    assert len(rows) == 15
    assert rows[0]["cost"] == rows[0]["all_standard_cost"] == Decimal("2.31")  # 2.30 + 0.01
    # month 13: policy $8.15; Standard 1,216.67 GB × 0.023 = 27.98 + 0.01
    assert (rows[12]["cost"], rows[12]["all_standard_cost"], rows[12]["saving"]) == (
        Decimal("8.15"), Decimal("27.99"), Decimal("19.84"))


def test_lifecycle_early_deletion_at_expiry() -> None:
    # Expiry at 120 days: 30 days in Glacier, 60 short of 90 → (100 GB + metadata) × 60/30
    # GB-months, billed in month 5 (age 120 days = the start of the cohort's 5th month).
    _, details = lifecycle("120 days")
    series = [as_fractions(row["usage"]) for row in details["series"]]
    assert "early-delete-glacier" not in series[3]
    assert series[4]["early-delete-glacier"] == 2 * (100 + META)
    assert details["steady_state_month"] == 5
    # exactly at the minimum: 90 days in Glacier → no early deletion
    _, at_minimum = lifecycle("180 days")
    assert all("early-delete-glacier" not in row["usage"] for row in at_minimum["series"])


def test_lifecycle_without_expiry_warns_and_uses_last_month() -> None:
    spec = parse_spec(bucket("""    lifecycle:
      ingest: 100 GB
      objects: 1000
      start_class: INTELLIGENT_TIERING
      months: 5
""", month="720 h"))
    result = s3.usage(spec.resources[0])
    details = result.details["lifecycle"]
    assert details["steady_state"] is False and details["steady_state_month"] == 5
    # month 4: newest cohort Frequent, ages 1–2 Infrequent, age 3 Archive Instant Access
    assert close(details["series"][3]["usage"], {
        "requests-intelligent-tiering-put": 1000,
        "storage-intelligent-tiering-frequent": Fraction(100),
        "storage-intelligent-tiering-infrequent": Fraction(200),
        "storage-intelligent-tiering-archive-instant": Fraction(100),
        "intelligent-tiering-monitoring": Fraction(4000)})
    assert any("no expire_after" in w for w in result.warnings)


def test_lifecycle_small_objects_are_not_transitioned() -> None:
    spec = parse_spec(bucket(LIFECYCLE.replace("ingest: 100 GB", "ingest: 100 MB")
                             % "365 days", month="720 h"))
    result = s3.usage(spec.resources[0])
    steady = result.details["lifecycle"]["steady_state_usage"]
    assert set(steady) == {"storage-standard", "requests-standard-put"}
    assert any("not transitioned" in w for w in result.warnings)


@pytest.mark.parametrize(("transitions", "message"), [
    ("[{after: 29 days, to: STANDARD_IA}]", "at least 30 days old"),
    ("[{after: 30 days, to: GLACIER}, {after: 60 days, to: STANDARD_IA}]", "cannot move"),
    ("[{after: 30 days, to: ONEZONE_IA}, {after: 60 days, to: GLACIER_IR}]", "cannot move"),
    ("[{after: 30 days, to: GLACIER}, {after: 30 days, to: DEEP_ARCHIVE}]", "same age"),
])
def test_lifecycle_rules_aws_rejects(transitions: str, message: str) -> None:
    spec = parse_spec(bucket(f"""    lifecycle:
      ingest: 1 TB
      objects: 1000
      transitions: {transitions}
"""))
    with pytest.raises(SpecError, match=message):
        s3.usage(spec.resources[0])


def test_lifecycle_compared_with_the_stream_kept_in_standard(frozen_book: RateBook) -> None:
    import awscalc.estimate

    if not hasattr(awscalc.estimate, "_add_comparisons"):
        pytest.skip("the core has no comparisons hook yet")
    spec, _ = lifecycle("365 days")
    result = estimate(spec, frozen_book)
    (comparison,) = result.details["b"]["comparisons"]
    # policy $8.15 (above); all Standard: 1,216.67 GB × 0.023 = 27.98 + 1,000 PUTs 0.01
    assert comparison["monthly_total_with"] == Decimal("27.99")
    assert comparison["difference"] == Decimal("-19.84")
    assert any("less than with the lifecycle stream kept in S3 Standard" in line
               for line in result.summaries())
    # the month-by-month costs are priced after rating and summarised for the table
    (name, details), = result.details.items()
    assert [row["month"] for row in details["lifecycle_costs"]] == list(
        range(1, len(details["lifecycle"]["series"]) + 1))
    assert any(line.startswith(f"{name}: lifecycle steady state from month")
               for line in result.summaries())


# --- S3 Express One Zone ------------------------------------------------------------------


def test_express_one_zone_faq_example_1(shipped_book: RateBook) -> None:
    # S3 FAQ, Express One Zone Example 1 (us-east-1): 10 GB-Month x $0.11 = $1.10;
    # 1,000,000 PUT x $0.00113/1,000 = $1.13; 9,000,000 GET x $0.00003/1,000 = $0.27;
    # upload 10 KB / 1,048,576 x 1,000,000 x $0.0032 = $0.03; retrieval 10 KB / 1,048,576
    # x 9,000,000 x $0.0006 = $0.05; "Total Charges = ... = $2.58" (DELETEs are free).
    result = price(bucket(
        "    storage: [{class: EXPRESS_ONEZONE, size: 10 GB}]\n"
        "    requests: [{class: EXPRESS_ONEZONE, put: 1000000, get: 9000000,"
        " average_request_size: 10 KB}]\n"), shipped_book)
    assert item(result, "storage-express-onezone").cost == Decimal("1.10")
    assert item(result, "requests-express-onezone-put").cost == Decimal("1.13")
    assert item(result, "requests-express-onezone-get").cost == Decimal("0.27")
    upload = item(result, "upload-express-onezone")
    assert upload.quantity == Decimal("9.5367431640625")  # 10,240,000,000 bytes
    assert upload.cost == Decimal("0.03")
    assert item(result, "retrieval-express-onezone").cost == Decimal("0.05")
    assert result.monthly_total == Decimal("2.58")


def test_express_one_zone_uploaded_and_retrieved_given(frozen_book: RateBook) -> None:
    # 1 TB uploaded x $0.0032 = $3.2768; 10 TB read x $0.0006 = $6.144
    result = price(bucket("    requests: [{class: EXPRESS_ONEZONE, put: 1000, get: 1000,"
                          " uploaded: 1 TB, retrieved: 10 TB}]\n"), frozen_book)
    assert item(result, "upload-express-onezone").cost == Decimal("3.28")
    assert item(result, "retrieval-express-onezone").cost == Decimal("6.14")


def test_express_one_zone_without_sizes_warns(frozen_book: RateBook) -> None:
    result = price(bucket("    requests: [{class: EXPRESS_ONEZONE, put: 1000}]\n"),
                   frozen_book)
    assert "upload-express-onezone" not in keys(result)
    assert any("data upload charge not included" in w for w in result.warnings)


# --- Intelligent-Tiering archive tiers -----------------------------------------------------


def test_intelligent_tiering_archive_overhead_per_object(frozen_book: RateBook) -> None:
    # 1,000,000 objects of 1 MB, half in Archive Access, half in Deep Archive Access:
    # 500,000 x 32 KB = 15.2587890625 GB at each archive rate, and 1,000,000 x 8 KB
    # = 7.62939453125 GB of S3 Standard.
    result = price(bucket(
        "    storage: [{class: INTELLIGENT_TIERING, size: 1000000 MB, objects: 1000000,"
        " access_tiers: {archive: 50%, deep_archive: 50%}}]\n"), frozen_book)
    archive = item(result, "archive-metadata-intelligent-tiering-archive")
    deep = item(result, "archive-metadata-intelligent-tiering-deep-archive")
    assert archive.quantity == deep.quantity == Decimal("15.2587890625")
    assert archive.rate == Decimal("0.0036") and deep.rate == Decimal("0.00099")
    standard = item(result, "storage-standard")
    assert standard.quantity == Decimal("7.62939453125")
    assert standard.cost == Decimal("0.18")  # 7.629 x $0.023 = $0.1755
    assert "8 KB per archived object" in standard.component


def test_intelligent_tiering_archive_overhead_boundary_128_kb(frozen_book: RateBook) -> None:
    # Objects of exactly 128 KB are monitored and can be archived; one byte less and they
    # stay in Frequent Access with no overhead and no monitoring fee.
    at = price(bucket("    storage: [{class: INTELLIGENT_TIERING, size: 12800000 KB,"
                      " objects: 100000, access_tiers: {archive: 100%}}]\n"), frozen_book)
    assert item(at, "archive-metadata-intelligent-tiering-archive").quantity == \
        Decimal(100000 * 32 * 1024) / GB
    below = price(bucket("    storage: [{class: INTELLIGENT_TIERING, size: 12799999 KB,"
                         " objects: 100000, access_tiers: {archive: 100%}}]\n"), frozen_book)
    assert not {"archive-metadata-intelligent-tiering-archive", "storage-standard",
                "intelligent-tiering-monitoring"} & keys(below)


def test_intelligent_tiering_archive_without_objects_warns(frozen_book: RateBook) -> None:
    result = price(bucket("    storage: [{class: INTELLIGENT_TIERING, size: 1 TB,"
                          " access_tiers: {frequent: 90%, archive: 10%}}]\n"), frozen_book)
    assert "archive-metadata-intelligent-tiering-archive" not in keys(result)
    assert any("archive tiers' per-object overhead (32 KB + 8 KB) not included" in w
               for w in result.warnings)


def test_intelligent_tiering_expedited_restore(frozen_book: RateBook) -> None:
    # $0.03/GB + $10.00 per 1,000 requests; Standard and Bulk restores are free.
    result = price(bucket(
        "    retrievals:\n"
        "      - {class: INTELLIGENT_TIERING, tier: expedited, size: 100 GB, requests: 1000}\n"
        "      - {class: INTELLIGENT_TIERING, tier: bulk, size: 5 TB, requests: 50000}\n"),
        frozen_book)
    assert item(result, "retrieval-intelligent-tiering-expedited").cost == Decimal("3.00")
    assert item(result, "retrieval-requests-intelligent-tiering-expedited").cost == \
        Decimal("10.00")
    assert item(result, "retrieval-intelligent-tiering-bulk").cost == 0
    assert result.monthly_total == Decimal("13.00")


def test_provisioned_capacity_units(frozen_book: RateBook) -> None:
    result = price(bucket("    provisioned_capacity_units: 2\n"), frozen_book)
    assert item(result, "provisioned-capacity").cost == Decimal("200.00")


# --- Transfer Acceleration ------------------------------------------------------------------


def test_transfer_acceleration_by_direction(frozen_book: RateBook) -> None:
    # 1 TB in via US/EU/JP edges x $0.04 = $40.96; 100 GB via other edges x $0.08 = $8.00;
    # 200 GB out x $0.04 = $8.00 on top of data transfer out; 50 GB between regions $2.00
    result = price(bucket(
        "    data_transfer_out: 200 GB\n"
        "    transfer_acceleration: {in_us_europe_japan: 1 TB, in_other_edges: 100 GB,"
        " out: 200 GB, inter_region: 50 GB}\n"), frozen_book)
    assert item(result, "transfer-acceleration-in-us-eu-jp").cost == Decimal("40.96")
    assert item(result, "transfer-acceleration-in-other").cost == Decimal("8.00")
    assert item(result, "transfer-acceleration-out").cost == Decimal("8.00")
    assert item(result, "transfer-acceleration-inter-region").cost == Decimal("2.00")
    assert item(result, "internet-out").cost == Decimal("18.00")
    assert not any("transfer_acceleration" in w for w in result.warnings)


def test_accelerated_downloads_missing_from_transfer_out_warn(frozen_book: RateBook) -> None:
    result = price(bucket("    data_transfer_out: 100 GB\n"
                          "    transfer_acceleration: {out: 200 GB}\n"), frozen_book)
    assert any("accelerated downloads also pay data transfer out" in w
               for w in result.warnings)


# --- versioning and replication ---------------------------------------------------------------


def test_noncurrent_versions_share_the_standard_tiers(frozen_book: RateBook) -> None:
    # 49 TB current + 2 TB noncurrent = 52,224 GB: 51,200 x $0.023 + 1,024 x $0.022
    # = $1,177.60 + $22.528 = $1,200.128
    result = price(bucket("    storage: [{class: STANDARD, size: 49 TB}]\n"
                          "    versioning: {noncurrent_versions: 2 TB}\n"), frozen_book)
    line = item(result, "storage-standard")
    assert line.quantity == Decimal(52224)
    assert line.cost == Decimal("1200.13")
    assert "incl. 2 TB noncurrent versions" in line.component


def test_noncurrent_versions_in_another_class(frozen_book: RateBook) -> None:
    result = price(bucket("    versioning: {noncurrent_versions: 1000 GB,"
                          " class: STANDARD_IA}\n"), frozen_book)
    assert item(result, "storage-standard-ia").cost == Decimal("12.50")


REPLICATED = ("    storage: [{class: STANDARD, size: 10 TB}]\n"
              "    versioning: {noncurrent_versions: 2 TB}\n")


def test_same_region_replication(frozen_book: RateBook) -> None:
    # Replica of 12 TB (storage + noncurrent versions) in Standard-IA: 12,288 GB x $0.0125
    # = $153.60; 100,000 replication PUTs x $0.01/1,000 = $1.00; no transfer in-region.
    result = price(bucket(REPLICATED + "    replication: {destination_region: us-east-1,"
                          " class: STANDARD_IA, replicated: 500 GB,"
                          " replicated_objects: 100000}\n"), frozen_book)
    replica = item(result, "storage-standard-ia")
    assert replica.quantity == Decimal(12288) and replica.cost == Decimal("153.60")
    assert "replica of 12 TB" in replica.component
    assert item(result, "requests-standard-ia-put").cost == Decimal("1.00")
    assert not {"inter-region-out", "inter-region-out-us-east",
                "replication-time-control"} & keys(result)


def test_replication_time_control_per_gb(frozen_book: RateBook) -> None:
    result = price(bucket(REPLICATED + "    replication: {destination_region: us-east-1,"
                          " class: STANDARD, replicated: 500 GB, replicated_objects: 1000,"
                          " replication_time_control: true}\n"), frozen_book)
    assert item(result, "replication-time-control").cost == Decimal("7.50")  # x $0.015
    assert any("Replication Metrics" in w for w in result.warnings)


@pytest.fixture
def two_region_book(tmp_path, frozen_book: RateBook) -> RateBook:
    """The frozen cards with test-only S3 rates in us-east-2, eu-west-1 and us-west-2
    (equal to us-east-1's), so cross-region replication can be priced."""
    import shutil

    import yaml

    from tests.conftest import FROZEN_PRICING

    for path in FROZEN_PRICING.glob("*.yaml"):
        shutil.copy(path, tmp_path / path.name)
    card = yaml.safe_load((tmp_path / "s3.yaml").read_text())
    for entry in card["rates"].values():
        for region in ("us-east-2", "eu-west-1", "us-west-2"):
            entry["regions"][region] = entry["regions"]["us-east-1"]
    (tmp_path / "s3.yaml").write_text(yaml.safe_dump(card))
    return RateBook(tmp_path, "test")


@pytest.mark.parametrize(("target", "key", "cost"), [
    ("us-east-2", "inter-region-out-us-east", "5.00"),   # 500 GB x $0.01
    ("eu-west-1", "inter-region-out", "10.00"),          # 500 GB x $0.02
])
def test_cross_region_replication(two_region_book: RateBook, target: str, key: str,
                                  cost: str) -> None:
    result = price(bucket(REPLICATED + f"    replication: {{destination_region: {target},"
                          " class: STANDARD_IA, replicated: 500 GB,"
                          " replicated_objects: 100000}\n"), two_region_book)
    transfer = item(result, key)
    assert (transfer.service, transfer.region) == ("data-transfer", "us-east-1")
    assert transfer.cost == Decimal(cost)
    replica = item(result, "storage-standard-ia")
    assert replica.region == target and replica.cost == Decimal("153.60")
    assert item(result, "requests-standard-ia-put").region == target


def test_s3_pricing_page_inter_region_example(two_region_book: RateBook) -> None:
    # S3 pricing page, S3 Tables replication example: "Inter-region Data Transfer OUT from
    # US-West (Oregon) to US-East (N. Virginia) is $0.02 per GB ... 147.66 GB * $0.02/GB
    # = $2.95" (the transfer is billed in the source region).
    spec = ("region: us-west-2\nresources:\n  b:\n    service: s3\n"
            "    versioning: {noncurrent_versions: 0 GB}\n"
            "    replication: {destination_region: us-east-1, class: STANDARD,"
            " replicated: 147.66 GB, replicated_objects: 15120, storage: 0 GB}\n")
    transfer = item(price(spec, two_region_book), "inter-region-out")
    assert transfer.region == "us-west-2" and transfer.cost == Decimal("2.95")


def test_replica_small_objects_and_archive_overhead(frozen_book: RateBook) -> None:
    # 100,000 objects of 1 GB / 100,000 = 10,485.76 bytes: each billed as 128 KB in
    # Standard-IA: 100,000 x 131,072 - 2^30 = 12,033,458,176 bytes = 11.20703125 GB
    ia = price(bucket("    storage: [{class: STANDARD, size: 1 GB}]\n"
                      "    versioning: {noncurrent_versions: 0 GB}\n"
                      "    replication: {destination_region: us-east-1, class: STANDARD_IA,"
                      " replicated: 1 GB, replicated_objects: 100000}\n"), frozen_book)
    assert item(ia, "small-objects-standard-ia").quantity == Decimal("11.20703125")
    # Glacier replicas: 32 KB + 8 KB per object (objects = 1 TB / 10 MB = 104,857.6)
    glacier = price(bucket("    storage: [{class: STANDARD, size: 1 TB}]\n"
                           "    versioning: {noncurrent_versions: 0 GB}\n"
                           "    replication: {destination_region: us-east-1, class: GLACIER,"
                           " replicated: 100 GB, replicated_objects: 10240}\n"), frozen_book)
    assert item(glacier, "archive-metadata-glacier").quantity == Decimal("3.2")


def test_replication_to_an_unpriced_region_names_the_update(shipped_book: RateBook) -> None:
    from awscalc.errors import PricingError

    with pytest.raises(PricingError) as raised:
        price(bucket(REPLICATED + "    replication: {destination_region: ap-south-2,"
                     " class: STANDARD_IA, replicated: 500 GB}\n"), shipped_book)
    assert "region 'ap-south-2', key 'storage-standard-ia'" in raised.value.message
    assert "awscalc pricing update --service s3 --region ap-south-2" in raised.value.hint
    assert "never copied" in raised.value.hint


def test_replication_without_object_count_warns(frozen_book: RateBook) -> None:
    result = price(bucket(REPLICATED + "    replication: {destination_region: us-east-1,"
                          " class: STANDARD, replicated: 500 GB, storage: 1 TB}\n"),
                   frozen_book)
    assert item(result, "storage-standard").quantity == Decimal(10240 + 2048 + 1024)
    assert any("replication PUT requests not included" in w for w in result.warnings)


# --- SSE-KMS ------------------------------------------------------------------------------


def test_sse_kms_one_request_per_put_and_get(frozen_book: RateBook) -> None:
    # 1,000,000 PUT + 9,000,000 GET = 10,000,000 KMS requests x $0.03/10,000 = $30.00
    result = price(bucket("    requests: [{class: STANDARD, put: 1000000, get: 9000000}]\n"
                          "    encryption: sse_kms\n"), frozen_book)
    line = item(result, "kms-requests")
    assert line.quantity == Decimal(10_000_000) and line.cost == Decimal("30.00")
    assert "1,000,000 writes + 9,000,000 reads" in line.component


def test_sse_kms_free_tier(frozen_book: RateBook) -> None:
    # 100,000 requests - 20,000 free = 80,000 x $0.03/10,000 = $0.24
    result = price(bucket("    requests: [{class: STANDARD, put: 1000, get: 99000}]\n"
                          "    encryption: sse_kms\n"), frozen_book, free_tier=True)
    assert item(result, "kms-requests").cost == Decimal("0.24")


def test_sse_kms_counts_lifecycle_uploads(frozen_book: RateBook) -> None:
    result = price(bucket("    lifecycle: {ingest: 100 GB, objects: 50000}\n"
                          "    encryption: sse_kms\n"), frozen_book)
    assert item(result, "kms-requests").quantity == Decimal(50000)


def test_bucket_key_uses_the_given_kms_requests(frozen_book: RateBook) -> None:
    result = price(bucket("    requests: [{class: STANDARD, put: 1000000}]\n"
                          "    encryption: sse_kms\n    bucket_key: true\n"
                          "    kms_requests: 50000\n"), frozen_book)
    line = item(result, "kms-requests")
    assert line.cost == Decimal("0.15") and "with S3 Bucket Keys" in line.component


def test_sse_s3_has_no_kms_line(frozen_book: RateBook) -> None:
    result = price(bucket("    requests: [{class: STANDARD, put: 1000}]\n"
                          "    encryption: sse_s3\n"), frozen_book)
    assert "kms-requests" not in keys(result)


@pytest.mark.parametrize(("body", "message"), [
    ("    encryption: sse_kms\n    bucket_key: true\n",
     r"bucket_key: S3 Bucket Keys cut the KMS requests by an amount AWS does not publish"),
    ("    provisioned_capacity_units: 1.5\n", r"bought in whole units"),
    ("    kms_requests: 1000\n", r"kms_requests: 'kms_requests' applies to encryption: "
                                 r"sse_kms only"),
    ("    encryption: sse_c\n    bucket_key: false\n", r"'bucket_key' applies to"),
    ("    storage: [{class: STANDARD, size: 1 GB}]\n    replication: {destination_region:"
     " us-east-1, class: STANDARD, replicated: 1 GB}\n",
     r"replication: replication requires versioning"),
    ("    storage: [{class: EXPRESS_ONEZONE, size: 1 GB}, {class: STANDARD, size: 1 GB}]\n",
     r"storage\[1\]\.class: a bucket with EXPRESS_ONEZONE is a directory bucket"),
    ("    storage: [{class: EXPRESS_ONEZONE, size: 1 GB}]\n"
     "    versioning: {noncurrent_versions: 1 GB}\n",
     r"versioning: 'versioning' does not apply to a directory bucket"),
    ("    requests: [{class: STANDARD, put: 1, uploaded: 1 GB}]\n",
     r"uploaded: 'uploaded' applies to EXPRESS_ONEZONE only"),
    ("    requests: [{class: EXPRESS_ONEZONE, put: 1, uploaded: 1 GB,"
     " average_request_size: 1 KB}]\n", r"give either 'uploaded' or 'average_request_size'"),
])
def test_new_key_errors(frozen_book: RateBook, body: str, message: str) -> None:
    with pytest.raises(SpecError, match=message):
        price(bucket(body), frozen_book)
