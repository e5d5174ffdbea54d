"""EFS: AWS's pricing-page example, each storage class, One Zone, each throughput mode, IA
access, the per-file metering rules at their boundaries (2 KiB metadata, 4 KiB
increments, 128 KiB minimum in IA/Archive), Archive's minimum duration, the lifecycle
simulation and the errors. Rates: tests/data/pricing/efs.yaml (us-east-1: Standard $0.30,
IA $0.025, IA under Elastic throughput $0.016, Archive $0.008, One Zone $0.16, One Zone-IA
$0.0133, IA access $0.01/GB, Elastic $0.03 read / $0.06 write, Provisioned $6.00 per
MB/s-month)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from awscalc.errors import SpecError
from awscalc.estimate import estimate
from awscalc.ratecards import RateBook
from awscalc.services import efs
from awscalc.spec import parse_spec


def price(yaml_text: str, book: RateBook):
    return estimate(parse_spec(yaml_text, "test.yaml"), book)


def costs(result) -> dict[str, Decimal]:
    return {item.key: item.cost for item in result.line_items}


def usage_of(yaml_text: str):
    spec = parse_spec(yaml_text, "test.yaml")
    return efs.usage(spec.resources[0])


def quantities(yaml_text: str) -> dict[str, Decimal]:
    return {r.key: r.quantity for r in usage_of(yaml_text).records}


def fs(body: str, month: str = "") -> str:
    return f"{month}resources:\n  fs: {{service: efs, {body}}}\n"


def test_aws_pricing_page_example_177_gb_months(frozen_book: RateBook) -> None:
    # EFS pricing page (http://aws.amazon.com/efs/pricing/, storage example): 100 GB for
    # 15 days and 250 GB for the last 16 days of March = 132,000 GB-hours ÷ 744 h
    # = 177.42 GB-months, which the page rounds to 177 → 177 × $0.30 = $53.10. awscalc
    # takes the month's average: 177 GB in a 744-hour month.
    result = price(fs("storage: {standard: 177 GB}", "month: 744 h\n"), frozen_book)
    assert costs(result) == {"standard-storage": Decimal("53.10")}
    # unrounded: 132,000 / 744 GB-months × $0.30 = $53.2258… → $53.23
    exact = price(fs("storage: {standard: 1 GB}", "month: 744 h\n"), frozen_book)
    assert (Decimal(132000) / 744 * exact.line_items[0].rate.quantize(Decimal("0.01"))
            ).quantize(Decimal("0.01")) == Decimal("53.23")


@pytest.mark.parametrize(("storage", "key", "expected"), [
    ("standard: 500 GB", "standard-storage", "150.00"),          # 500 × $0.30
    ("infrequent_access: 4 TB", "ia-storage-elastic", "65.54"),  # 4,096 × $0.016 = 65.536
    ("archive: 10 TB", "archive-storage", "81.92"),              # 10,240 × $0.008
])
def test_each_regional_class(frozen_book: RateBook, storage: str, key: str,
                             expected: str) -> None:
    result = price(fs(f"storage: {{{storage}}}, throughput: {{mode: elastic}}"), frozen_book)
    assert costs(result) == {key: Decimal(expected)}


# IA under Elastic throughput is billed as <region>-IATimedStorage-ET-ByteHrs, at its own
# rate (us-east-1 $0.016); Bursting and Provisioned keep the IA rate ($0.025).
@pytest.mark.parametrize(("throughput", "expected"), [
    ("{mode: elastic}", {"ia-storage-elastic": "65.54"}),      # 4,096 × $0.016 = 65.536
    ("{mode: bursting}", {"ia-storage": "102.40"}),            # 4,096 × $0.025
    # 1 MB/s above a baseline of 0 (no Standard data): $6.00
    ("{mode: provisioned, provisioned: 1 MB/s}",
     {"ia-storage": "102.40", "provisioned-throughput": "6.00"}),
])
def test_ia_storage_rate_follows_the_throughput_mode(frozen_book: RateBook, throughput: str,
                                                     expected: dict[str, str]) -> None:
    result = price(fs(f"storage: {{infrequent_access: 4 TB}}, throughput: {throughput}"),
                   frozen_book)
    assert costs(result) == {key: Decimal(cost) for key, cost in expected.items()}


def test_default_throughput_is_bursting_so_ia_keeps_its_rate(frozen_book: RateBook) -> None:
    result = price(fs("storage: {infrequent_access: 4 TB}"), frozen_book)
    assert costs(result) == {"ia-storage": Decimal("102.40")}


def test_ia_under_elastic_says_which_rate_and_is_unverified(frozen_book: RateBook) -> None:
    result = price(fs("storage: {infrequent_access: 100 GB}, throughput: {mode: elastic}"),
                   frozen_book)
    (line,) = result.line_items
    assert line.key == "ia-storage-elastic"
    assert "Elastic throughput rate" in line.component
    assert line.rate == Decimal("0.016") and not line.verified


def test_one_zone_ia_has_one_rate_whatever_the_throughput(frozen_book: RateBook) -> None:
    # AWS lists no Elastic-throughput row for One Zone-IA: 100 × $0.0133 = $1.33
    result = price(fs("one_zone: true, storage: {infrequent_access: 100 GB}, "
                      "throughput: {mode: elastic}"), frozen_book)
    assert costs(result) == {"one-zone-ia-storage": Decimal("1.33")}


@pytest.mark.parametrize(("region", "mode", "key", "expected"), [
    ("sa-east-1", "elastic", "ia-storage-elastic", "135.99"),  # 4,096 × $0.0332 = 135.9872
    ("sa-east-1", "bursting", "ia-storage", "180.22"),         # 4,096 × $0.044 = 180.224
    ("eu-west-1", "elastic", "ia-storage-elastic", "65.54"),   # 4,096 × $0.016 = 65.536
    ("ap-southeast-2", "elastic", "ia-storage-elastic", "81.92"),  # 4,096 × $0.020
])
def test_shipped_ia_rates_by_region_and_mode(shipped_book: RateBook, region: str, mode: str,
                                             key: str, expected: str) -> None:
    # rates: AWS's pricing-page feed (aws-price-watcher raw/efs.json @d65c44f), rows
    # "Infrequent Access ET Storage GB Mo" and "Infrequent Access Storage GB Mo"
    result = price(fs(f"storage: {{infrequent_access: 4 TB}}, throughput: {{mode: {mode}}}",
                      f"region: {region}\n"), shipped_book)
    assert costs(result) == {key: Decimal(expected)}


def test_one_zone_classes(frozen_book: RateBook) -> None:
    result = price(fs("one_zone: true, storage: {standard: 230 GB, "
                      "infrequent_access: 100 GB}"), frozen_book)
    # 230 × $0.16 = $36.80; 100 × $0.0133 = $1.33
    assert costs(result) == {"one-zone-storage": Decimal("36.80"),
                             "one-zone-ia-storage": Decimal("1.33")}


def test_one_zone_has_no_archive(frozen_book: RateBook) -> None:
    with pytest.raises(SpecError, match="One Zone file systems have no Archive"):
        price(fs("one_zone: true, storage: {archive: 1 TB}, throughput: {mode: elastic}"),
              frozen_book)


def test_archive_requires_elastic_throughput(frozen_book: RateBook) -> None:
    with pytest.raises(SpecError, match="Archive storage requires Elastic throughput"):
        price(fs("storage: {archive: 1 TB}"), frozen_book)  # default: bursting
    with pytest.raises(SpecError, match="Archive storage requires Elastic throughput"):
        price(fs("storage: {archive: 1 TB}, throughput: {mode: provisioned, "
                 "provisioned: 10 MB/s}"), frozen_book)


def test_elastic_throughput_reads_and_writes(frozen_book: RateBook) -> None:
    result = price(fs("throughput: {mode: elastic, reads: 2 TB, writes: 500 GB}"),
                   frozen_book)
    # 2,048 GB × $0.03 = $61.44; 500 GB × $0.06 = $30.00
    assert costs(result) == {"elastic-read": Decimal("61.44"),
                             "elastic-write": Decimal("30.00")}


def test_bursting_has_no_throughput_charge(frozen_book: RateBook) -> None:
    result = price(fs("storage: {standard: 100 GB}, throughput: {mode: bursting}"),
                   frozen_book)
    assert costs(result) == {"standard-storage": Decimal("30.00")}


@pytest.mark.parametrize("extra", ["reads: 1 GB", "provisioned: 10 MB/s"])
def test_bursting_rejects_throughput_usage(frozen_book: RateBook, extra: str) -> None:
    with pytest.raises(SpecError, match="does not apply to bursting throughput"):
        price(fs(f"throughput: {{mode: bursting, {extra}}}"), frozen_book)


def test_provisioned_bills_only_above_the_bursting_baseline(frozen_book: RateBook) -> None:
    # 1,024 GiB Standard × 50 KiB/s = 51,200 KiB/s = 50 MiB/s included;
    # 100 − 50 = 50 MB/s × $6.00 = $300.00
    result = price(fs("storage: {standard: 1 TB}, "
                      "throughput: {mode: provisioned, provisioned: 100 MB/s}"), frozen_book)
    assert costs(result) == {"standard-storage": Decimal("307.20"),
                             "provisioned-throughput": Decimal("300.00")}
    assert any("re:Post" in w for w in result.warnings)


def test_provisioned_at_or_below_the_baseline_is_free(frozen_book: RateBook) -> None:
    # 2,048 GiB → 100 MiB/s baseline: 100 MB/s provisioned bills 0 MB/s-months
    result = price(fs("storage: {standard: 2 TB}, "
                      "throughput: {mode: provisioned, provisioned: 100 MB/s}"), frozen_book)
    assert costs(result)["provisioned-throughput"] == Decimal("0.00")


def test_provisioned_needs_a_rate(frozen_book: RateBook) -> None:
    with pytest.raises(SpecError, match="needs 'provisioned'"):
        price(fs("throughput: {mode: provisioned}"), frozen_book)


def test_ia_access_reads_and_writes(frozen_book: RateBook) -> None:
    result = price(fs("ia_access: {reads: 300 GB, writes: 20 GB}"), frozen_book)
    # 300 × $0.01 = $3.00; 20 × $0.01 = $0.20
    assert costs(result) == {"ia-read": Decimal("3.00"), "ia-write": Decimal("0.20")}


def test_the_issue_example(frozen_book: RateBook) -> None:
    result = price(fs("storage: {standard: 500 GB, infrequent_access: 4 TB, archive: 10 TB}, "
                      "one_zone: false, throughput: {mode: elastic, reads: 2 TB, "
                      "writes: 500 GB}, ia_access: {reads: 300 GB, writes: 20 GB}"),
                   frozen_book)
    # IA under Elastic throughput at $0.016: 4,096 × $0.016 = 65.536 → 65.54
    # 150.00 + 65.54 + 81.92 + 61.44 + 30.00 + 3.00 + 0.20 = 392.10
    assert result.monthly_total == Decimal("392.10")


# --- per-file metering ---------------------------------------------------------------

KIB = Decimal(1024)
GIB = Decimal(2**30)


@pytest.mark.parametrize(("size_kib", "billed_kib"), [
    ("4", 4),                 # exactly one increment
    ("4.0009765625", 8),      # 4 KiB + 1 byte → two increments
    ("8", 8),
    ("0.5", 4),               # a small file still bills one increment
])
def test_standard_data_in_4_kib_increments(size_kib: str, billed_kib: int) -> None:
    # 1,024 files of the size: data = 1,024 × billed KiB; metadata = 1,024 × 2 KiB
    size = Decimal(size_kib) * 1024  # KiB for 1,024 files = the size in bytes per file
    got = quantities(fs(f"storage: {{standard: {size} KB}}, files: {{standard: 1024}}"))
    assert got["standard-storage"] == 1024 * (billed_kib + 2) * KIB / GIB


@pytest.mark.parametrize(("size_kib", "billed_kib"), [
    ("124", 128),             # under the minimum → 128 KiB
    ("127.9990234375", 128),  # 128 KiB − 1 byte → 128 KiB
    ("128", 128),             # exactly the minimum
    ("128.0009765625", 132),  # 128 KiB + 1 byte → next 4 KiB increment
])
@pytest.mark.parametrize("cls,key", [("infrequent_access", "ia-storage-elastic"),
                                     ("archive", "archive-storage")])
def test_ia_and_archive_128_kib_minimum(size_kib: str, billed_kib: int, cls: str,
                                        key: str) -> None:
    size = Decimal(size_kib) * 1024
    result = usage_of(fs(f"storage: {{{cls}: {size} KB}}, files: {{{cls}: 1024}}, "
                         "throughput: {mode: elastic}"))
    got = {r.key: r.quantity for r in result.records}
    assert got[key] == 1024 * billed_kib * KIB / GIB
    # the metadata of IA/Archive files is billed in Standard: 1,024 × 2 KiB
    assert got["standard-storage"] == 1024 * 2 * KIB / GIB
    # the warning only when the minimum raises the bill (124 KiB + 1 byte rounds to 128)
    assert any("128 KiB" in w for w in result.warnings) == (Decimal(size_kib) <= 124)


def test_average_file_size_applies_to_every_class(frozen_book: RateBook) -> None:
    # 1 GiB of 64 KiB files = 16,384 files in each class.
    got = quantities(fs("storage: {standard: 1 GB, infrequent_access: 1 GB}, "
                        "average_file_size: 64 KB"))
    # IA: 16,384 × 128 KiB = 2 GiB; Standard: 1 GiB data + 2 × 16,384 × 2 KiB metadata
    assert got["ia-storage"] == Decimal(2)
    assert got["standard-storage"] == 1 + Decimal(2 * 16384 * 2) / (1024 * 1024)
    result = price(fs("storage: {standard: 1 GB, infrequent_access: 1 GB}, "
                      "average_file_size: 64 KB"), frozen_book)
    line = next(item for item in result.line_items if item.key == "standard-storage")
    assert "2 KiB metadata" in line.component and "4 KiB increments" in line.component


def test_files_without_storage_is_an_error() -> None:
    with pytest.raises(SpecError, match="files given for archive"):
        usage_of(fs("files: {archive: 10}"))


# --- Archive's minimum storage duration ----------------------------------------------


@pytest.mark.parametrize(("age", "expected"), [
    ("30 days", "1.58"),   # 100 GB × 60 days × 24 h / 730 h = 197.26 GB-months × $0.008
    ("89 days", "0.03"),   # 100 × 24 / 730 = 3.2877 GB-months × $0.008 = $0.0263 → $0.03
    ("90 days", None),     # the minimum met: no charge
])
def test_archive_minimum_duration(frozen_book: RateBook, age: str,
                                  expected: str | None) -> None:
    result = price(fs(f"archive_deletes: {{size: 100 GB, age: {age}}}"), frozen_book)
    got = costs(result).get("archive-early-delete")
    if expected is None:
        assert got is None
    else:
        days = 90 - int(age.split()[0])
        quantity = Decimal(100) * days * 24 / 730
        assert result.line_items[0].quantity == quantity
        assert got == (quantity * Decimal("0.008")).quantize(Decimal("0.01"))
        assert got == Decimal(expected)


# --- lifecycle -----------------------------------------------------------------------


def test_lifecycle_steady_state_by_class(frozen_book: RateBook) -> None:
    # 100 GiB a month, 30-day months (720 h) so that ages fall on month boundaries:
    # each cohort is in Standard for month 1, IA for months 2–3, Archive for months 4–12,
    # deleted at 360 days. Steady state from month 12: 100 GB Standard, 200 GB IA,
    # 900 GB Archive, and 100 GB a month tiered into IA (IA writes).
    got = usage_of(fs("throughput: {mode: elastic}, lifecycle: {ingest: 100 GB, "
                      "to_ia: 30 days, to_archive: 90 days, delete_after: 360 days}",
                      "month: 720 h\n"))
    q = {r.key: r.quantity for r in got.records}
    assert q == {"standard-storage": 100, "ia-storage-elastic": 200, "archive-storage": 900,
                 "ia-write": 100}
    assert got.details["lifecycle"]["steady_state_month"] == 12
    result = price(fs("throughput: {mode: elastic}, lifecycle: {ingest: 100 GB, "
                      "to_ia: 30 days, to_archive: 90 days, delete_after: 360 days}",
                      "month: 720 h\n"), frozen_book)
    # IA at the Elastic-throughput rate:
    # 100 × 0.30 + 200 × 0.016 + 900 × 0.008 + 100 × 0.01 = 30 + 3.20 + 7.20 + 1 = 41.40
    assert result.monthly_total == Decimal("41.40")
    # kept in Standard: 12 cohorts × 100 GB × $0.30 = $360.00
    assert any("$41.40 a month vs $360.00 kept in Standard" in s
               for s in result.details["fs"]["summary"])


def test_lifecycle_archive_deleted_before_90_days(frozen_book: RateBook) -> None:
    # Archive at 60 days, deleted at 120: 60 days in Archive, 30 days short → each cohort
    # bills 100 GB × 720 h / 720 h = 100 GB-months of early deletion in its 5th month.
    got = quantities(fs("throughput: {mode: elastic}, lifecycle: {ingest: 100 GB, "
                        "to_archive: 60 days, delete_after: 120 days}", "month: 720 h\n"))
    assert got == {"standard-storage": 200, "archive-storage": 200,
                   "archive-early-delete": 100}


def test_lifecycle_with_files_meters_each_file() -> None:
    # 1 GiB a month in 16,384 files of 64 KiB: in IA each bills 128 KiB (2 GiB), and the
    # metadata (16,384 × 2 KiB = 32 MiB) stays in Standard for the file's whole life.
    got = quantities(fs("lifecycle: {ingest: 1 GB, files: 16384, to_ia: 30 days, "
                        "delete_after: 60 days}", "month: 720 h\n"))
    metadata = Decimal(16384 * 2) / (1024 * 1024)
    assert got == {"standard-storage": 1 + 2 * metadata, "ia-storage": 2, "ia-write": 1}


def test_lifecycle_comparison_kept_in_standard() -> None:
    spec = parse_spec(fs("lifecycle: {ingest: 1 GB, to_ia: 30 days}"), "t.yaml")
    alternatives = efs.comparisons(spec.resources[0])
    assert list(alternatives) == ["the lifecycle stream kept in Standard"]
    assert alternatives["the lifecycle stream kept in Standard"]["lifecycle"] == {
        "ingest": "1 GB"}


@pytest.mark.parametrize(("lifecycle", "message"), [
    ("{ingest: 1 GB, to_ia: 45 days}", "transition after 1, 7, 14, 30"),
    ("{ingest: 1 GB, to_ia: 90 days, to_archive: 30 days}, throughput: {mode: elastic}",
     "must be later than to_ia"),
    ("{ingest: 0 GB}", "ingest must be more than 0"),
    ("{ingest: 1 GB, to_archive: 90 days}", "requires Elastic throughput"),
])
def test_lifecycle_errors(lifecycle: str, message: str) -> None:
    with pytest.raises(SpecError, match=message):
        usage_of(fs(f"lifecycle: {lifecycle}"))


def test_lifecycle_without_delete_warns() -> None:
    result = usage_of(fs("lifecycle: {ingest: 1 GB, to_ia: 30 days, months: 6}"))
    assert any("no delete_after" in w for w in result.warnings)
    assert result.details["lifecycle"]["steady_state_month"] == 6


# --- regions -------------------------------------------------------------------------


def test_no_rate_is_copied_across_regions(frozen_book: RateBook) -> None:
    from awscalc.errors import PricingError

    # eu-west-1 has Standard storage (a third-party figure) but no Provisioned rate: the
    # estimate fails, naming the service, key and priced regions, rather than copy
    # us-east-1's.
    with pytest.raises(PricingError, match=r"key 'provisioned-throughput'.*priced regions"):
        price("resources:\n  fs: {service: efs, region: eu-west-1, storage: {standard: 1 GB}, "
              "throughput: {mode: provisioned, provisioned: 100 MB/s}}\n", frozen_book)
